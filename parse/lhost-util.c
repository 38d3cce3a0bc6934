/* lhost-util.c: lines, header lookups, record fields and the finishing of
 * records, shared by every decoder (see lhost-util.h). */
#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "parse/lhost-util.h"
#include "parse/text.h"
#include "util/simd.h"
#include "util/str.h"

void lhost_cur_text(struct lhost_cur *c, const char *text, size_t len)
{
	c->base = c->p = text ? text : "";
	c->end = c->p + (text ? len : 0);
	c->next = NULL;
	c->next_len = 0;
	c->i = 0;
}

void lhost_cur_init(struct lhost_cur *c, const struct mail_view *v, bool with_dsn)
{
	lhost_cur_text(c, v->body, v->body ? v->body_len : 0);
	if (with_dsn && v->dsn) {
		c->next = v->dsn;
		c->next_len = v->dsn_len;
	}
}

bool lhost_cur_turn(struct lhost_cur *c, struct lhost_line *l)
{
	if (c->i == 0 && c->next) {
		/* a blank line between the two texts closes any open block */
		c->base = c->p = c->next;
		c->end = c->next + c->next_len;
		c->next = NULL;
		c->i = 1;
		l->s = "";
		l->n = 0;
		return true;
	}
	c->i = 2;
	return false;
}

/* lhost_lf() from i on: sixty-four bytes a step (SSE2), then sixteen */
static inline __attribute__((always_inline)) size_t lf_from(const char *p, size_t n, size_t i)
{
#ifdef __SSE2__
	const __m128i lf = _mm_set1_epi8('\n');
	unsigned m;

	for (; i + 64 <= n; i += 64) {
		const __m128i *q = (const __m128i *)(const void *)(p + i);
		__m128i a = _mm_cmpeq_epi8(_mm_loadu_si128(q), lf), b = _mm_cmpeq_epi8(_mm_loadu_si128(q + 1), lf);
		__m128i c = _mm_cmpeq_epi8(_mm_loadu_si128(q + 2), lf), d = _mm_cmpeq_epi8(_mm_loadu_si128(q + 3), lf);

		if (_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(a, b), _mm_or_si128(c, d))))
			return i + (size_t)__builtin_ctzll((uint64_t)(unsigned)_mm_movemask_epi8(a) |
							   (uint64_t)(unsigned)_mm_movemask_epi8(b) << 16 |
							   (uint64_t)(unsigned)_mm_movemask_epi8(c) << 32 |
							   (uint64_t)(unsigned)_mm_movemask_epi8(d) << 48);
	}
	for (; i + 16 <= n; i += 16) {
		m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + i)), lf));
		if (m)
			return i + (size_t)__builtin_ctz(m);
	}
	if (i < n && n >= 16) {
		m = (unsigned)_mm_movemask_epi8(
			    _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + n - 16)), lf)) >>
		    (i - (n - 16));
		return m ? i + (size_t)__builtin_ctz(m) : n;
	}
#endif
	for (; i < n; i++)
		if (p[i] == '\n')
			return i;
	return n;
}

#ifdef SIMD_HAVE_AVX2
/* lhost_lf() 64 bytes a step in two AVX2 compares (half the SSE2 step's
 * instructions, and a hit's place from two masks instead of four); the
 * SSE2 steps (in AVX2's encoding here) finish what is left */
static SIMD_AVX2_FN __attribute__((noinline)) size_t lf_avx2(const char *p, size_t n)
{
	const __m256i lf = _mm256_set1_epi8('\n');
	size_t i = 0;

	for (; i + 64 <= n; i += 64) {
		const __m256i *q = (const __m256i *)(const void *)(p + i);
		__m256i a = _mm256_cmpeq_epi8(_mm256_loadu_si256(q), lf);
		__m256i b = _mm256_cmpeq_epi8(_mm256_loadu_si256(q + 1), lf);

		if (_mm256_movemask_epi8(_mm256_or_si256(a, b)))
			return i + (size_t)__builtin_ctzll((uint64_t)(uint32_t)_mm256_movemask_epi8(a) |
							   (uint64_t)(uint32_t)_mm256_movemask_epi8(b) << 32);
	}
	return lf_from(p, n, i);
}
#endif

static __attribute__((noinline)) size_t lf_sse2(const char *p, size_t n)
{
	return lf_from(p, n, 0);
}

size_t lhost_lf_v(const char *p, size_t n, bool avx2)
{
#ifdef SIMD_HAVE_AVX2
	if (avx2)
		return lf_avx2(p, n);
#else
	(void)avx2;
#endif
	return lf_sse2(p, n);
}

size_t lhost_lf(const char *p, size_t n)
{
	return lhost_lf_v(p, n, simd_avx2());
}

bool lhost_ends(struct lhost_line l, const char *suffix)
{
	size_t n = strlen(suffix);

	return l.n >= n && memcmp(l.s + l.n - n, suffix, n) == 0;
}

int lhost_has_any(struct lhost_line l, const char *const *markers)
{
	for (int i = 0; markers && markers[i]; i++)
		if (lhost_has(l, markers[i]))
			return i;
	return -1;
}

int lhost_starts_any(struct lhost_line l, const char *const *markers)
{
	for (int i = 0; markers && markers[i]; i++) {
		/* the first byte before the length and the compare */
		if (markers[i][0] && (l.n == 0 || l.s[0] != markers[i][0]))
			continue;
		if (lhost_starts(l, markers[i]))
			return i;
	}
	return -1;
}

const char *lhost_ltrim(const char *s, size_t n, size_t *n_r)
{
	while (n > 0 && lhost_low_in(*s, LHOST_BLANKS)) {
		s++;
		n--;
	}
	*n_r = n;
	return s;
}

size_t lhost_cut_at(const char *s, size_t n, const char *const *marks)
{
	const char *pos = s, *line;
	size_t ll, tl;

	while (text_next_line(s, n, &pos, &line, &ll)) {
		const char *t = lhost_ltrim(line, ll, &tl);

		if (lhost_starts_any(lhost_ln(t, tl), marks) >= 0)
			return (size_t)(line - s);
	}
	return n;
}

const char *lhost_after_line(const char *s, size_t n, const char *mark)
{
	const char *pos = s, *line;
	size_t ll;

	while (text_next_line(s, n, &pos, &line, &ll))
		if (text_find(line, ll, mark))
			return pos;
	return NULL;
}

/* s into out as snprintf(out, outsz, "%s", s) puts it (outsz > 0): cut at
 * outsz - 1 bytes, true when cut; without the format's cost */
static bool put_str(char *out, size_t outsz, const char *s)
{
	size_t n = strlen(s);
	bool cut = n >= outsz;

	if (cut)
		n = outsz - 1;
	memcpy(out, s, n);
	out[n] = '\0';
	return cut;
}

bool lhost_line_is_addr(const char *line, size_t n, char *out, size_t outsz)
{
	char buf[BOUNCE_ADDR_MAX];
	size_t len;

	line = lhost_ltrim(line, n, &len);
	while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t' || line[len - 1] == ':'))
		len--;
	if (len == 0 || len >= sizeof(buf) || memchr(line, ' ', len) || memchr(line, '\t', len))
		return false;
	memcpy(buf, line, len);
	buf[len] = '\0';
	if (!address_normalise(buf) || !address_is_valid(buf))
		return false;
	return !put_str(out, outsz, buf);
}

bool lhost_hdr_any_has(const struct mail_view *v, const char *lname, const char *needle)
{
	for (size_t at = 0; (at = hdr_next(&v->head, lname, at)) != 0;) {
		size_t n; /* kept with the value: no strlen() */
		const char *val = hdr_value_n(&v->head, at - 1, &n);

		if (val && text_find(val, n, needle))
			return true;
	}
	return false;
}

bool lhost_value_has(const char *val, size_t n, const char *needle)
{
	return val && text_find_ci(val, n, needle) != NULL;
}

bool lhost_hdr_any_has_ci(const struct mail_view *v, const char *lname, const char *needle)
{
	for (size_t at = 0; (at = hdr_next(&v->head, lname, at)) != 0;) {
		size_t n;
		const char *val = hdr_value_n(&v->head, at - 1, &n);

		if (val && text_find_ci(val, n, needle))
			return true;
	}
	return false;
}

void lhost_set(struct bounce_record *r, char *field, size_t size, const char *s, size_t n)
{
	size_t len;

	if (text_copy_trim_len(field, size, s, n, &len))
		r->flags |= BOUNCE_F_TRUNCATED;
	/* the diagnostic's form and length, known here, spare lhost_finish()
	 * and lhost_append() their scans */
	if (field == r->diagnosticcode) {
		if (len != SIZE_MAX)
			lhost_diag_known(r, len);
		else
			lhost_diag_touched(r);
	} else if (field == r->recipient) {
		lhost_rcpt_touched(r);
	}
}

void lhost_append(struct bounce_record *r, char *field, size_t size, const char *s, size_t n)
{
	bool diag = field == r->diagnosticcode;
	size_t have, len;

	/* an empty field is set, not measured */
	if (!field[0]) {
		lhost_set(r, field, size, s, n);
		return;
	}
	have = diag ? lhost_diag_len(r) : strlen(field);
	if (have + 2 >= size) {
		r->flags |= BOUNCE_F_TRUNCATED;
		return;
	}
	field[have] = ' ';
	if (text_copy_trim_len(field + have + 1, size - have - 1, s, n, &len))
		r->flags |= BOUNCE_F_TRUNCATED;
	if (!field[have + 1]) { /* nothing added: the field as it was */
		field[have] = '\0';
		return;
	}
	/* two trimmed texts joined by one space make one */
	if (diag) {
		if ((r->flags & LHOST_F_DIAG_TRIM) && len != SIZE_MAX)
			lhost_diag_known(r, have + 1 + len);
		else
			lhost_diag_touched(r);
	} else if (field == r->recipient) {
		lhost_rcpt_touched(r);
	}
}

void lhost_diag_add(struct bounce_record *r, const char *s, size_t n)
{
	lhost_append(r, r->diagnosticcode, sizeof(r->diagnosticcode), s, n);
}

/* "550-5.7.26 text" continued over lines: keep one "550 5.7.26" at the
 * front and only the text of the lines that follow. */
void lhost_append_reply(struct bounce_record *r, char *field, size_t size, const char *s, size_t n)
{
	bool coded = n >= 4 && (s[0] >= '2' && s[0] <= '5') && s[1] >= '0' && s[1] <= '9' &&
		     s[2] >= '0' && s[2] <= '9' && (s[3] == '-' || s[3] == ' ');
	char first[4];

	if (!coded) {
		lhost_append(r, field, size, s, n);
		return;
	}
	if (!field[0]) {
		lhost_set(r, field, size, s, n);
		if (field[0] && field[3] == '-') {
			field[3] = ' ';
			/* "550-" alone, or "550- text", is no trimmed text now */
			if (field == r->diagnosticcode && (field[4] == '\0' || field[4] == ' '))
				lhost_diag_touched(r);
		}
		return;
	}
	memcpy(first, field, 3);
	first[3] = '\0';
	if (memcmp(first, s, 3) != 0) {
		lhost_append(r, field, size, s, n);
		return;
	}
	s += 4;
	n -= 4;
	/* and the repeated enhanced status */
	if (n >= 5 && s[1] == '.' && (s[0] == '2' || s[0] == '4' || s[0] == '5')) {
		size_t k = 0;

		while (k < n && s[k] != ' ')
			k++;
		if (strlen(field) > k + 4 && strncmp(field + 4, s, k) == 0) {
			s += k;
			n -= k;
		}
	}
	lhost_append(r, field, size, s, n);
}

bool lhost_set_addr(struct bounce_record *r, bool to_alias, const char *s, size_t n)
{
	bool found, fixed;

	if (to_alias)
		return text_extract_address(s, n, r->alias, sizeof(r->alias));
	/* whether the recipient is normalised for good is known here: not
	 * worked out again by lhost_finish() or the driver */
	found = text_extract_address_fixed(s, n, r->recipient, sizeof(r->recipient), &fixed);
	if (fixed)
		r->flags |= LHOST_F_RCPT_FIXED;
	else
		lhost_rcpt_touched(r);
	return found;
}

void lhost_set_reason(struct bounce_record *r, enum reason reason, const char *decoder,
		      const char *what)
{
	r->reason = reason;
	(void)text_join(r->rule, sizeof(r->rule), decoder, what, NULL);
}

struct bounce_record *lhost_record_for(struct parse_result *res, const char *addr)
{
	struct bounce_record *r;

	for (size_t i = 0; i < res->n_records; i++)
		if (strcmp(res->records[i].recipient, addr) == 0)
			return &res->records[i];
	r = lhost_add(res);
	if (r && put_str(r->recipient, sizeof(r->recipient), addr))
		r->flags |= BOUNCE_F_TRUNCATED;
	return r; /* (a new record: no LHOST_F_RCPT_FIXED to clear) */
}

const struct lhost_reason_row *lhost_reason_match(const struct lhost_reason_row *rows,
						  const char *text)
{
	size_t n;

	if (!text)
		return NULL;
	/* the text measured once, not for each row (text_strstr()); each row
	 * one text_find(): its vector search costs less over a diagnostic than
	 * a filter of the text's byte pairs made first (one paid for Exim's
	 * 24 rows when the search was slower; rhost's rows dropped it too) */
	n = strlen(text);
	for (; rows->marker; rows++)
		if (text_find(text, n, rows->marker))
			return rows;
	return NULL;
}

bool lhost_reason_by_text(struct bounce_record *r, const struct lhost_reason_row *rows,
			  const char *decoder)
{
	size_t dl = lhost_diag_len(r);

	for (; rows->marker; rows++) {
		if (text_find_ci(r->diagnosticcode, dl, rows->marker)) {
			lhost_set_reason(r, rows->reason, decoder, rows->marker);
			return true;
		}
	}
	return false;
}

const char *lhost_command_match(const struct lhost_command_row *rows, const char *text)
{
	if (!text)
		return NULL;
	/* the text measured once, not for each row */
	size_t n = strlen(text);

	for (; rows->marker; rows++)
		if (text_find(text, n, rows->marker))
			return rows->command;
	return NULL;
}

bool lhost_read_verb(const char *s, size_t n, char *out, size_t outsz)
{
	static const char verbs[][5] = {"HELO", "EHLO", "MAIL", "RCPT", "DATA", "QUIT",
					"RSET", "AUTH", "CONN", "BDAT"};
	uint32_t w, v;

	/* all four letters: the four bytes as one word, upper-cased by
	 * clearing bit 5 (a byte that gives a letter so is that letter in
	 * either case, as strncasecmp() takes it), against each verb */
	if (n < 4 || (n > 4 && s[4] != ' ' && s[4] != ':' && s[4] != '\t' && s[4] != ')' && s[4] != '.'))
		return false;
	memcpy(&w, s, 4);
	w &= 0xDFDFDFDFu;
	for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++) {
		memcpy(&v, verbs[i], 4);
		if (w == v)
			return !str_copy(out, outsz, verbs[i]);
	}
	return false;
}

bool lhost_verb_after(const char *text, size_t n, const char *const *leads, char *out, size_t outsz)
{
	/* (each lead measured once) */
	for (; *leads; leads++) {
		size_t k = strlen(*leads);
		const char *p = text_find_n(text, n, *leads, k);

		if (p && lhost_read_verb(p + k, n - (size_t)(p + k - text), out, outsz))
			return true;
	}
	return false;
}

/* ---- finishing ------------------------------------------------------ */

/* Cut a trailing " --boundary..." that some MTAs glue to the last line
 * (as Sisimai's sweep() does). Returns the new length of s (n = strlen(s)
 * before: each search takes it, not a strlen() of its own). */
static size_t cut_dashes(char *s, size_t n)
{
	for (const char *p = text_find(s, n, " --"); p; p = text_find(p + 1, n - (size_t)(p + 1 - s), " --")) {
		const char *q = p + 1;

		while (*q == '-')
			q++;
		if (*q && *q != ' ' && *q != '\t' && q[1]) {
			s[p - s] = '\0';
			return (size_t)(p - s);
		}
	}
	return n;
}

static bool rec_fix_recipient(struct bounce_record *r)
{
	const char *lt, *gt;
	char tmp[BOUNCE_ADDR_MAX];

	/* lhost_set_addr() knew, and nothing wrote it since */
	if (r->flags & LHOST_F_RCPT_FIXED)
		return true;
	/* normalised in place: when it is no address, the record takes one
	 * from the diagnostic below or is dropped, so its recipient is not
	 * read again */
	if (r->recipient[0]) {
		bool fixed;

		if (address_normalise_fixed(r->recipient, &fixed)) {
			if (fixed)
				r->flags |= LHOST_F_RCPT_FIXED;
			return true;
		}
	}
	/* "<addr>" inside the diagnostic, as Sisimai does for local errors */
	lt = strchr(r->diagnosticcode, '<');
	gt = lt ? strchr(lt, '>') : NULL;
	if (lt && gt && memchr(lt, '@', (size_t)(gt - lt)) &&
	    text_extract_address(lt, (size_t)(gt - lt + 1), tmp, sizeof(tmp))) {
		(void)str_copy(r->recipient, sizeof(r->recipient), tmp);
		lhost_rcpt_touched(r);
		return true;
	}
	return false;
}

/* Reply codes of RFC 5321 and its extensions; anything else in a text
 * ("441 4.4.1 ...") is a number, not a reply. By the code's value: one
 * look-up for every record a decoder finishes. */
static bool known_replycode(const char *code)
{
	static const bool known[600] = {
		[211] = 1, [214] = 1, [220] = 1, [221] = 1, [235] = 1, [250] = 1, [251] = 1, [252] = 1,
		[253] = 1, [354] = 1, [421] = 1, [422] = 1, [430] = 1, [432] = 1, [450] = 1, [451] = 1,
		[452] = 1, [453] = 1, [454] = 1, [455] = 1, [458] = 1, [459] = 1, [500] = 1, [501] = 1,
		[502] = 1, [503] = 1, [504] = 1, [521] = 1, [523] = 1, [524] = 1, [525] = 1, [530] = 1,
		[533] = 1, [534] = 1, [535] = 1, [538] = 1, [550] = 1, [551] = 1, [552] = 1, [553] = 1,
		[554] = 1, [555] = 1, [556] = 1, [557] = 1,
	};
	unsigned v;

	/* exactly three digits, then looked up by their value */
	if (!isdigit((unsigned char)code[0]) || !isdigit((unsigned char)code[1]) ||
	    !isdigit((unsigned char)code[2]) || code[3] != '\0')
		return false;
	v = (unsigned)(code[0] - '0') * 100 + (unsigned)(code[1] - '0') * 10 + (unsigned)(code[2] - '0');
	return v < sizeof(known) && known[v];
}

/* Is s past its class digit ".0.0" and no more? Byte by byte, stopping at
 * the first that differs: a strcmp() call costs more for five bytes. */
static bool generic_status(const char *s)
{
	return s[1] == '.' && s[2] == '0' && s[3] == '.' && s[4] == '0' && s[5] == '\0';
}

/* No status, or only a generic X.0.0: a precise one in the server's reply
 * (dl bytes) says more. Once it has looked, what parse_codes() would find
 * there (none, or st) changes nothing: the status is st already, or is
 * generic as st is. The record is marked, and the driver does not look. */
static void fix_status(struct bounce_record *r, size_t dl)
{
	char st[16];

	if (r->deliverystatus[0] && !generic_status(r->deliverystatus))
		return;
	r->flags |= LHOST_F_STATUS_SEEN;
	if (!text_find_status(r->diagnosticcode, dl, st, sizeof(st)))
		return;
	if (!r->deliverystatus[0] || !generic_status(st))
		(void)str_copy(r->deliverystatus, sizeof(r->deliverystatus), st);
}

void lhost_default_action(struct parse_result *res, size_t first, const char *action)
{
	size_t al = strlen(action); /* once for all the records (str_copyn()) */

	for (size_t i = first; i < res->n_records; i++)
		if (!res->records[i].action[0])
			(void)str_copyn(res->records[i].action, sizeof(res->records[i].action), action, al);
}

size_t lhost_finish(struct parse_result *res, size_t first, const char *lhost, time_t date)
{
	size_t w = first, ll = lhost ? strlen(lhost) : 0;

	for (size_t i = first; i < res->n_records; i++) {
		struct bounce_record *r = &res->records[i];
		size_t dl;

		/* a record finished twice is marked by its last finish alone */
		r->flags &= ~LHOST_F_STATUS_SEEN;
		if (!rec_fix_recipient(r))
			continue;
		/* most diagnostics were made by lhost_set()/lhost_append(),
		 * which know them trimmed: only the others are looked at, and
		 * copied trimmed and back when they are not */
		if (r->flags & LHOST_F_DIAG_TRIM) {
			dl = lhost_diag_len(r);
		} else {
			dl = strlen(r->diagnosticcode);
			if (dl && !text_is_trimmed(r->diagnosticcode, dl)) {
				char fold[BOUNCE_TEXT_MAX];

				(void)text_copy_trim(fold, sizeof(fold), r->diagnosticcode, dl);
				dl = strlen(fold);
				memcpy(r->diagnosticcode, fold, dl + 1); /* not all 1 KB */
			}
		}
		/* dl follows the diagnostic's length from here on; trimmed
		 * it stays (the cut is before a space, after a word) */
		dl = cut_dashes(r->diagnosticcode, dl);
		lhost_diag_known(r, dl);
		if (!r->lhost[0] && ll)
			(void)str_copyn(r->lhost, sizeof(r->lhost), lhost, ll);
		if (!r->timestamp)
			r->timestamp = date;
		fix_status(r, dl);
		if (!r->replycode[0]) {
			if (!text_find_replycode(r->diagnosticcode, dl, r->replycode, sizeof(r->replycode)))
				r->flags |= LHOST_F_NO_REPLY; /* parse_codes() need not look */
			else if (!known_replycode(r->replycode))
				r->replycode[0] = '\0';
		}
		if (!r->action[0]) {
			if (r->deliverystatus[0] == '4')
				STR_COPY_LIT(r->action, "delayed");
			else
				STR_COPY_LIT(r->action, "failed");
		}
		if (w != i)
			res->records[w] = *r;
		w++;
	}
	res->n_records = w;
	return w - first;
}

void lhost_fill_codes(struct bounce_record *r)
{
	size_t dl = lhost_diag_len(r);

	if (r->deliverystatus[0] == '\0')
		(void)text_find_status(r->diagnosticcode, dl, r->deliverystatus, sizeof(r->deliverystatus));
	if (r->replycode[0] == '\0')
		(void)text_find_replycode(r->diagnosticcode, dl, r->replycode, sizeof(r->replycode));
	/* "550: 5.2.2 ..." / "550-..." as Yahoo and others write it */
	if (r->replycode[0] == '\0' && dl > 3 && r->diagnosticcode[0] >= '2' &&
	    r->diagnosticcode[0] <= '5' && isdigit((unsigned char)r->diagnosticcode[1]) &&
	    isdigit((unsigned char)r->diagnosticcode[2]) && strchr(":- ", r->diagnosticcode[3])) {
		memcpy(r->replycode, r->diagnosticcode, 3);
		r->replycode[3] = '\0';
	}
	lhost_fill_action(r);
}

void lhost_fill_action(struct bounce_record *r)
{
	if (r->action[0] == '\0' && (r->deliverystatus[0] == '4' || r->replycode[0] == '4'))
		STR_COPY_LIT(r->action, "delayed");
	else if (r->action[0] == '\0')
		STR_COPY_LIT(r->action, "failed");
}
