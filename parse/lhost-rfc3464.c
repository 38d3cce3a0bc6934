/* lhost-rfc3464.c: the standard delivery status notification (RFC 3464,
 * RFC 6533 for message/global-delivery-status), decoder "RFC3464".
 *
 * Reads the DSN part, or, when there is none, "Final-Recipient:" blocks
 * pasted into the text. Field names in any case and order; a recipient
 * block starts at Final-/Original-Recipient, so missing blank lines
 * between blocks do no harm.
 */
#include <stdint.h>
#include <string.h>
#include <strings.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "parse/lhost-standard.h"
#include "parse/lhost-util.h"
#include "parse/text.h"
#include "util/str.h"

enum dsn_field {
	F_NONE,
	F_REPORTING_MTA,
	F_ARRIVAL_DATE,
	F_FINAL_RCPT,
	F_ORIG_RCPT,
	F_ACTUAL_RCPT,
	F_ACTION,
	F_STATUS,
	F_DIAG,
	F_REMOTE_MTA,
	F_LAST_ATTEMPT,
};

/* With each name its length: the lines' names are measured, not the
 * table's, and a name is compared only where the lengths agree */
#define DSN_FIELD(name, f) {name, sizeof(name) - 1, f}
static const struct {
	const char *name;
	size_t len;
	enum dsn_field f;
} dsn_fields[] = {
	DSN_FIELD("reporting-mta", F_REPORTING_MTA),
	DSN_FIELD("arrival-date", F_ARRIVAL_DATE),
	DSN_FIELD("final-recipient", F_FINAL_RCPT),
	DSN_FIELD("original-recipient", F_ORIG_RCPT),
	DSN_FIELD("x-actual-recipient", F_ACTUAL_RCPT),
	DSN_FIELD("action", F_ACTION),
	DSN_FIELD("status", F_STATUS),
	DSN_FIELD("diagnostic-code", F_DIAG),
	DSN_FIELD("remote-mta", F_REMOTE_MTA),
	DSN_FIELD("last-attempt-date", F_LAST_ATTEMPT),
};
#undef DSN_FIELD

/* The SMTP command at failure, from the diagnostic or the text; each
 * text lower-case, with its length (four bytes or more: a shorter one
 * is refused by the compiler, an array of -1 bytes; dsn_rows_at() reads
 * the first four as a word). */
#define DSN_CMD(text, command) {text, sizeof(text) - 1 + 0 * sizeof(char[sizeof(text) > 4 ? 1 : -1]), command}
static const struct {
	const char *text;
	size_t len;
	const char *command;
} dsn_commands[] = {
	DSN_CMD(">>> rcpt to", "RCPT"),
	DSN_CMD(">>> mail from", "MAIL"),
	DSN_CMD(">>> data", "DATA"),
	DSN_CMD("in reply to rcpt to", "RCPT"),
	DSN_CMD("after rcpt to", "RCPT"),
	DSN_CMD("in reply to end of data", "DATA"),
	DSN_CMD("after end of data", "DATA"),
	DSN_CMD("in reply to data", "DATA"),
	DSN_CMD("after data", "DATA"),
	DSN_CMD("in reply to mail from", "MAIL"),
	DSN_CMD("after mail from", "MAIL"),
	DSN_CMD("in reply to ehlo", "EHLO"),
	DSN_CMD("in reply to helo", "HELO"),
	DSN_CMD("after ehlo", "EHLO"),
	DSN_CMD("after helo", "HELO"),
	DSN_CMD("in reply to starttls", "STARTTLS"),
	DSN_CMD("rcpt to:", "RCPT"),
	DSN_CMD("mail from:", "MAIL"),
};
#undef DSN_CMD

#define DSN_N_COMMANDS (sizeof(dsn_commands) / sizeof(dsn_commands[0]))
/* the rows' first two bytes: a handful of pairs (">>", "in", "af", ...),
 * and never more than rows */
#define DSN_MAX_PAIRS DSN_N_COMMANDS
/* The distinct first two bytes of the rows, and for each the rows that
 * start with them: made once per report, for all its searches */
struct dsn_pairs {
	unsigned char a[DSN_MAX_PAIRS], b[DSN_MAX_PAIRS];
	uint32_t rows[DSN_MAX_PAIRS];
	size_t n;
	uint32_t word[DSN_N_COMMANDS]; /* each row's dsn_word() */
};

struct dsn_msg {
	char lhost[BOUNCE_LINE_MAX];
	time_t arrival;
	/* read from the body once, not per recipient (500 recipients x 10 MB),
	 * and only when a record needs it: the transcript for one with no
	 * diagnostic, the command for one whose diagnostic names none */
	bool transcript_read, command_read;
	char body_command[8];
	char transcript[BOUNCE_TEXT_MAX];
	struct dsn_pairs pairs; /* dsn_command()'s, made once */
};

struct dsn_rcpt {
	bool open;
	char final[BOUNCE_ADDR_MAX], orig[BOUNCE_ADDR_MAX], actual[BOUNCE_ADDR_MAX];
	char action[16], status[16], diagtype[16];
	char statuscomment[64]; /* "(mailbox disabled, ...)" after the status */
	char diag[BOUNCE_TEXT_MAX];
	char rhost[BOUNCE_LINE_MAX];
	time_t last_attempt;
	bool truncated;
};

/* An empty r: its strings get their first byte only (they are written
 * and read as strings), not a memset() of its 3 KB for every recipient */
static void dsn_rcpt_reset(struct dsn_rcpt *r)
{
	r->open = false;
	r->final[0] = r->orig[0] = r->actual[0] = '\0';
	r->action[0] = r->status[0] = r->diagtype[0] = r->statuscomment[0] = '\0';
	r->diag[0] = r->rhost[0] = '\0';
	r->last_attempt = 0;
	r->truncated = false;
}

static enum dsn_field dsn_field_of(const char *line, size_t n, size_t *value_off)
{
	const char *colon = memchr(line, ':', n);
	size_t nl;

	if (!colon)
		return F_NONE;
	nl = (size_t)(colon - line);
	while (nl && (line[nl - 1] == ' ' || line[nl - 1] == '\t'))
		nl--;
	for (size_t i = 0; i < sizeof(dsn_fields) / sizeof(dsn_fields[0]); i++)
		if (dsn_fields[i].len == nl && strncasecmp(line, dsn_fields[i].name, nl) == 0) {
			*value_off = (size_t)(colon - line) + 1;
			return dsn_fields[i].f;
		}
	return F_NONE;
}

/* "dns; mx.example.com" -> "mx.example.com" (the type is dropped). */
static void dsn_typed(char *out, size_t outsz, const char *v, size_t n, char *type, size_t typesz)
{
	const char *semi = memchr(v, ';', n);

	if (semi) {
		if (type)
			text_copy_trim(type, typesz, v, (size_t)(semi - v));
		n -= (size_t)(semi + 1 - v);
		v = semi + 1;
	}
	text_copy_trim(out, outsz, v, n);
}

static bool dsn_flush(struct dsn_rcpt *r, struct dsn_msg *m, const struct mail_view *v,
		      struct parse_result *res);

/* Store one unfolded field. */
static bool dsn_set(enum dsn_field f, const char *val, size_t n, struct dsn_msg *m,
		    struct dsn_rcpt *r, const struct mail_view *v, struct parse_result *res)
{
	/* a second Final- or Original-Recipient in one block starts the
	 * next recipient (some MTAs put no blank line between recipients) */
	if ((f == F_FINAL_RCPT && r->final[0]) || (f == F_ORIG_RCPT && r->orig[0]))
		if (!dsn_flush(r, m, v, res))
			return false;
	switch (f) {
	case F_REPORTING_MTA:
		dsn_typed(m->lhost, sizeof(m->lhost), val, n, NULL, 0);
		return true;
	case F_ARRIVAL_DATE:
		m->arrival = (time_t)text_parse_date(val, n);
		return true;
	case F_FINAL_RCPT:
		r->open = true;
		r->truncated |= text_copy_trim(r->final, sizeof(r->final), val, n);
		return true;
	case F_ORIG_RCPT:
		r->open = true;
		text_copy_trim(r->orig, sizeof(r->orig), val, n);
		return true;
	case F_ACTUAL_RCPT:
		text_copy_trim(r->actual, sizeof(r->actual), val, n);
		return true;
	case F_ACTION:
		text_copy_trim(r->action, sizeof(r->action), val, n);
		str_lower(r->action);
		{
			char *sp = strpbrk(r->action, " (;");

			if (sp)
				*sp = '\0';
		}
		return true;
	case F_STATUS:
		text_find_status(val, n, r->status, sizeof(r->status));
		text_status_comment(val, n, r->statuscomment, sizeof(r->statuscomment));
		return true;
	case F_DIAG:
		dsn_typed(r->diag, sizeof(r->diag), val, n, r->diagtype, sizeof(r->diagtype));
		str_lower(r->diagtype);
		for (char *p = r->diagtype; *p; p++)
			*p = (char)((*p >= 'a' && *p <= 'z') ? *p - 'a' + 'A' : *p);
		if (strcmp(r->diagtype, "X-UNIX") == 0)
			str_copy(r->diagtype, sizeof(r->diagtype), "X-Unix");
		return true;
	case F_REMOTE_MTA:
		dsn_typed(r->rhost, sizeof(r->rhost), val, n, NULL, 0);
		return true;
	case F_LAST_ATTEMPT:
		r->last_attempt = (time_t)text_parse_date(val, n);
		return true;
	case F_NONE:
		break;
	}
	return true;
}

/* A row's first four bytes as a word, each with bit 5 set (as every
 * row's first four have it: lower-case letters, '>', ' ', ':'), for a
 * test of the text's four (bit 5 set too) that no row matched in any
 * case fails; the compare of the whole row decides */
static inline uint32_t dsn_word(const char *s)
{
	uint32_t w;

	memcpy(&w, s, 4);
	return w | 0x20202020u;
}

static void dsn_pairs_make(struct dsn_pairs *ps)
{
	_Static_assert(DSN_N_COMMANDS <= 32, "a row is a bit of a uint32_t");
	ps->n = 0;
	for (size_t i = 0; i < DSN_N_COMMANDS; i++) {
		unsigned char a = (unsigned char)dsn_commands[i].text[0], b = (unsigned char)dsn_commands[i].text[1];
		size_t k;

		for (k = 0; k < ps->n; k++)
			if (ps->a[k] == a && ps->b[k] == b)
				break;
		if (k == ps->n) {
			ps->a[k] = a;
			ps->b[k] = b;
			ps->rows[k] = 0;
			ps->n++;
		}
		ps->rows[k] |= (uint32_t)1 << i;
		ps->word[i] = dsn_word(dsn_commands[i].text);
	}
}

/* The rows found at s[p] (p + 1 < n): their bits, of the rows of the
 * pair there, if any (its two bytes in either case) */
static inline __attribute__((always_inline)) uint32_t dsn_rows_at(const struct dsn_pairs *ps, const char *s,
								  size_t n, size_t p)
{
	uint32_t bits = 0;
	unsigned char a = (unsigned char)s[p], b = (unsigned char)s[p + 1];

	a = (unsigned char)(a >= 'A' && a <= 'Z' ? a + 32 : a);
	b = (unsigned char)(b >= 'A' && b <= 'Z' ? b + 32 : b);
	for (size_t k = 0; k < ps->n; k++) {
		if (ps->a[k] != a || ps->b[k] != b)
			continue;
		for (uint32_t m = ps->rows[k]; m; m &= m - 1) {
			unsigned i = (unsigned)__builtin_ctz(m);

			/* the row is lower-case: text_find_ci()'s any-case
			 * compare, past the two bytes that matched (a row has
			 * four bytes or more: the word is in s[0..n)) */
			if (n - p >= dsn_commands[i].len && dsn_word(s + p) == ps->word[i] &&
			    str_has_prefix_ci(s + p + 2, dsn_commands[i].text + 2))
				bits |= (uint32_t)1 << i;
		}
		break;
	}
	return bits;
}

/* The command of the first row (in table order) whose text is in
 * s[0..n), in any case: what a text_find_ci() per row answers, in one
 * pass over the text instead of eighteen. The positions tried are those
 * where the two bytes of a row's start are, sixteen at a time with SSE2;
 * at each, only the rows of its pair are compared. */
static void dsn_command(const struct dsn_pairs *ps, const char *s, size_t n, char *out, size_t outsz)
{
	size_t p = 0;
	uint32_t found = 0;

#ifdef __SSE2__
	for (; (found & 1) == 0 && p + 17 <= n; p += 16) {
		/* bytes with bit 5 set, as the lower-case rows have them: a
		 * letter in either case (and a few control bytes, which the
		 * compare below turns down) */
		const __m128i low = _mm_set1_epi8(0x20);
		__m128i x = _mm_or_si128(_mm_loadu_si128((const __m128i *)(const void *)(s + p)), low);
		__m128i y = _mm_or_si128(_mm_loadu_si128((const __m128i *)(const void *)(s + p + 1)), low);
		__m128i any = _mm_setzero_si128();

		for (size_t k = 0; k < ps->n; k++)
			any = _mm_or_si128(any, _mm_and_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8((char)ps->a[k])),
							      _mm_cmpeq_epi8(y, _mm_set1_epi8((char)ps->b[k]))));
		for (unsigned m = (unsigned)_mm_movemask_epi8(any); m; m &= m - 1)
			found |= dsn_rows_at(ps, s, n, p + (size_t)__builtin_ctz(m));
	}
#endif
	for (; (found & 1) == 0 && p + 1 < n; p++)
		found |= dsn_rows_at(ps, s, n, p);
	if (found)
		str_copy(out, outsz, dsn_commands[__builtin_ctz(found)].command);
}

/* No Diagnostic-Code: take the session transcript that Sendmail-style
 * reports print above the DSN ("----- Transcript of session follows -----"),
 * up to the next blank line. */
static void dsn_transcript(const struct mail_view *v, char *out, size_t outsz)
{
	const char *t = text_find_ci(v->body, v->body_len, "transcript of session follows");
	const char *pos, *line, *end;
	size_t ll, n = 0;

	if (!t)
		return;
	end = v->body + v->body_len;
	pos = memchr(t, '\n', (size_t)(end - t));
	if (!pos)
		return;
	pos++;
	while (text_next_line(pos, (size_t)(end - pos), &pos, &line, &ll) && ll > 0 && n + 2 < outsz) {
		if (n)
			out[n++] = ' ';
		text_copy_trim(out + n, outsz - n, line, ll);
		n = strlen(out);
	}
}

/* Turn the collected fields into a record. */
static bool dsn_flush(struct dsn_rcpt *r, struct dsn_msg *m, const struct mail_view *v,
		      struct parse_result *res)
{
	struct bounce_record *b;
	char st[16];
	const char *rcpt = r->final;

	if (!r->open)
		goto reset;
	{
		char tmp[BOUNCE_ADDR_MAX];
		const char *src[] = {r->final, r->actual, r->orig};

		for (size_t i = 0; i < 3; i++)
			if (text_extract_address(src[i], strlen(src[i]), tmp, sizeof(tmp))) {
				str_copy(r->final, sizeof(r->final), tmp);
				break;
			}
	}
	b = lhost_add(res);
	if (!b) {
		dsn_rcpt_reset(r);
		return res->n_records >= BOUNCE_MAX_RECIPIENTS;
	}
	str_copy(b->recipient, sizeof(b->recipient), rcpt);
	lhost_rcpt_touched(b);
	if (r->orig[0] && !text_extract_address(r->orig, strlen(r->orig), b->alias, sizeof(b->alias)))
		b->alias[0] = '\0';
	if (!b->alias[0] && r->actual[0] &&
	    !text_extract_address(r->actual, strlen(r->actual), b->alias, sizeof(b->alias)))
		b->alias[0] = '\0';
	str_copy(b->action, sizeof(b->action), r->action);
	str_copy(b->deliverystatus, sizeof(b->deliverystatus), r->status);
	str_copy(b->statuscomment, sizeof(b->statuscomment), r->statuscomment);
	if (!r->diag[0]) {
		if (!m->transcript_read) {
			dsn_transcript(v, m->transcript, sizeof(m->transcript));
			m->transcript_read = true;
		}
		str_copy(r->diag, sizeof(r->diag), m->transcript);
	}
	str_copy(b->diagnosticcode, sizeof(b->diagnosticcode), r->diag);
	lhost_diag_touched(b);
	str_copy(b->diagnostictype, sizeof(b->diagnostictype), r->diagtype);
	str_copy(b->rhost, sizeof(b->rhost), r->rhost);
	str_copy(b->lhost, sizeof(b->lhost), m->lhost);
	b->timestamp = r->last_attempt ? r->last_attempt : m->arrival;
	/* a missing or generic status: the diagnostic often has the precise one */
	if ((!b->deliverystatus[0] || strcmp(b->deliverystatus + 1, ".0.0") == 0) &&
	    text_find_status(r->diag, strlen(r->diag), st, sizeof(st)) &&
	    strcmp(st + 1, ".0.0") != 0 && (!b->deliverystatus[0] || st[0] == b->deliverystatus[0]))
		str_copy(b->deliverystatus, sizeof(b->deliverystatus), st);
	text_find_replycode(r->diag, strlen(r->diag), b->replycode, sizeof(b->replycode));
	dsn_command(&m->pairs, r->diag, strlen(r->diag), b->command, sizeof(b->command));
	if (!b->command[0]) {
		if (!m->command_read) {
			dsn_command(&m->pairs, v->body, v->body_len, m->body_command, sizeof(m->body_command));
			m->command_read = true;
		}
		str_copy(b->command, sizeof(b->command), m->body_command);
	}
	if (strcmp(b->action, "delayed") == 0)
		b->flags |= BOUNCE_F_TEMPORARY;
	if (!strcmp(b->action, "delivered") || !strcmp(b->action, "relayed") ||
	    !strcmp(b->action, "expanded")) {
		b->reason = REASON_DELIVERED;
		str_copy(b->rule, sizeof(b->rule), "rfc3464:action");
	}
	if (r->truncated || strlen(r->diag) + 1 >= sizeof(r->diag))
		b->flags |= BOUNCE_F_TRUNCATED;
reset:
	dsn_rcpt_reset(r);
	return true;
}

static bool dsn_blank(const char *line, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (line[i] != ' ' && line[i] != '\t')
			return false;
	return true;
}

/* Parse DSN fields in text[0..len); returns records added, or -1 (nomem). */
static int dsn_scan(const char *text, size_t len, const struct mail_view *v,
		    struct parse_result *res)
{
	struct dsn_msg m;
	struct dsn_rcpt r;
	const char *pos = text, *line;
	size_t ll, before = res->n_records;
	enum dsn_field cur = F_NONE;
	const char *val = NULL;
	size_t vstart = 0;
	char unfold[BOUNCE_TEXT_MAX * 2];
	size_t ul = 0;

	/* field by field: m's texts and r's strings are read as strings */
	m.lhost[0] = m.body_command[0] = m.transcript[0] = '\0';
	m.arrival = 0;
	m.transcript_read = m.command_read = false;
	dsn_pairs_make(&m.pairs);
	dsn_rcpt_reset(&r);
	/* Each field is collected into unfold[] (continuations joined) and
	 * stored when the next field or a blank line begins. */
	while (true) {
		bool more = text_next_line(text, len, &pos, &line, &ll);
		enum dsn_field f = F_NONE;
		size_t off = 0;
		bool cont = more && ll > 0 && (line[0] == ' ' || line[0] == '\t');

		if (more && !cont)
			f = dsn_field_of(line, ll, &off);
		if (cont && cur != F_NONE) {
			if (ul + 1 < sizeof(unfold)) {
				unfold[ul++] = ' ';
				str_copyn(unfold + ul, sizeof(unfold) - ul, line, ll);
				ul += strlen(unfold + ul);
			}
			continue;
		}
		if (cur != F_NONE && !dsn_set(cur, unfold, ul, &m, &r, v, res))
			return -1;
		cur = F_NONE;
		if (!more)
			break;
		if (dsn_blank(line, ll) && r.open && !dsn_flush(&r, &m, v, res))
			return -1;
		if (f != F_NONE) {
			cur = f;
			val = line + off;
			vstart = ll - off;
			str_copyn(unfold, sizeof(unfold), val, vstart);
			ul = strlen(unfold);
		}
	}
	if (!dsn_flush(&r, &m, v, res))
		return -1;
	return (int)(res->n_records - before);
}

/* Where "Final-Recipient:" style blocks start in a text without DSN part. */
static const char *dsn_in_body(const struct mail_view *v)
{
	static const char *const starts[] = {"Reporting-MTA:", "Final-Recipient:", "Original-Recipient:"};
	const char *best = NULL;

	for (size_t i = 0; i < sizeof(starts) / sizeof(starts[0]); i++) {
		const char *p = text_find_ci(v->body, v->body_len, starts[i]);

		if (p && (!best || p < best))
			best = p;
	}
	if (best && !text_find_ci(best, v->body_len - (size_t)(best - v->body), "Final-Recipient:") &&
	    !text_find_ci(best, v->body_len - (size_t)(best - v->body), "Original-Recipient:"))
		return NULL;
	return best;
}

enum lhost_verdict lhost_rfc3464_decode(const struct mail_view *v, struct parse_result *res)
{
	const char *text = v->dsn;
	size_t len = v->dsn_len;
	int n;

	if (!text) {
		text = dsn_in_body(v);
		if (!text)
			return LHOST_PASS;
		len = v->body_len - (size_t)(text - v->body);
	}
	n = dsn_scan(text, len, v, res);
	if (n < 0)
		return LHOST_NOMEM;
	return LHOST_MATCH;
}
