/* reason.c: choose the reason of one record.
 *
 * The order follows Sisimai (Sisimai::Reason get/anotherone, 4.25.15, with
 * the reasons and order of Sisimai 5): a delivered status; rules for known
 * remote hosts; then the reasons of first_order, each with its own test
 * (status name, SMTP command, text patterns); then the status code alone;
 * then the reasons of second_order by text; then status class, reply code,
 * action and command; finally vacation, onhold or undefined.
 * See parse/THIRD-PARTY.md for the Sisimai licence.
 */
#include <string.h>
#include <strings.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "parse/reason-text.h"
#include "parse/reason.h"
#include "parse/rhost.h"
#include "parse/smtp-status.h"
#include "parse/text.h"
#include "util/simd.h"
#include "util/str.h"

/* Lower-cased copy of the diagnostic; longer text is cut (patterns sit at
 * the start of what servers say). */
#define REASON_LOW_MAX 2048

/* The diagnostic, lower-cased and folded at its first use, and the text
 * patterns found in it, scanned at the first hit(): a status that decides
 * before any test reads the text (5.2.2 is mailboxfull at the first step)
 * needs neither the copy nor the scan. */
struct lazy_text {
	bool folded, done;
	size_t lowlen;
	const char *diagnostic; /* never NULL */
	size_t diaglen;         /* strlen(diagnostic), or 0: not known */
	char *low;              /* REASON_LOW_MAX bytes, lowlen of them set once folded */
	struct reason_text_hits h;
};

struct facts {
	const struct reason_input *in;
	const char *status;   /* the best status code ("" when none) */
	enum reason sname;    /* what status says on its own */
	const char *cmd;      /* never NULL */
	const char *reply;    /* never NULL */
	bool unix_mailer;     /* Diagnostic-Code: X-Unix; a local program, not SMTP */
	struct lazy_text *text; /* filled in by low_text() and text_hits() */
};

enum why { NO = 0, BY_STATUS, BY_TEXT };

typedef enum why (*reason_test)(const struct facts *f, enum reason r);

/* s is lit: byte by byte, inline. The strings are a few bytes (a command,
 * a reply code, a status, an action) and most differ at the first byte: a
 * strcmp() call cost more than the compare. */
static inline bool is_str(const char *s, const char *lit)
{
	size_t i = 0;

	for (; lit[i]; i++)
		if (s[i] != lit[i])
			return false;
	return s[i] == '\0';
}

/* s begins with lit (is_str()'s reasons). */
static inline bool has_prefix(const char *s, const char *lit)
{
	for (size_t i = 0; lit[i]; i++)
		if (s[i] != lit[i])
			return false;
	return true;
}

/* The names are in the lists themselves, not behind pointers: the first
 * bytes, compared first, are then on the list's cache line instead of one
 * line per name (natively, misses per message). */
static bool cmd_is(const struct facts *f, const char (*list)[5])
{
	for (; (*list)[0]; list++)
		if (is_str(f->cmd, *list))
			return true;
	return false;
}

static const char cmd_session[][5] = {"CONN", "EHLO", "HELO", ""};
static const char cmd_envelope[][5] = {"CONN", "EHLO", "HELO", "MAIL", "RCPT", ""};

static void comment_hits(const struct reason_input *in, struct reason_text_hits *hits);

static size_t lower_fold(const char *s, char *out, size_t outsz);

/* The folded diagnostic (*len bytes), made once. */
static const char *low_text(struct lazy_text *t, size_t *len)
{
	if (!t->folded) {
		/* (its length, when the caller had it: no strlen()) */
		size_t dl = t->diaglen ? t->diaglen : strlen(t->diagnostic);

		t->lowlen = reason_lower_fold_n(t->diagnostic, dl, t->low, REASON_LOW_MAX, simd_avx2());
		t->folded = true;
	}
	*len = t->lowlen;
	return t->low;
}

/* The patterns of the diagnostic (and of the status comment), once. */
static const struct reason_text_hits *text_hits(const struct facts *f)
{
	struct lazy_text *t = f->text;

	if (!t->done) {
		size_t n;
		const char *low = low_text(t, &n);

		reason_text_scan(low, n, &t->h);
		comment_hits(f->in, &t->h);
		if (reason_text_has(&t->h, REASON_TEXT_NOT_REJECTED))
			t->h.mask &= ~((uint64_t)1 << REASON_REJECTED);
		t->done = true;
	}
	return &t->h;
}

static bool hit(const struct facts *f, enum reason r)
{
	return reason_text_has(text_hits(f), r);
}

/* Status name first, then text: blocked, mailboxfull, toomanyconn, ... */
static enum why by_status_or_text(const struct facts *f, enum reason r)
{
	if (f->sname == r)
		return BY_STATUS;
	return hit(f, r) ? BY_TEXT : NO;
}

static enum why by_text(const struct facts *f, enum reason r)
{
	return hit(f, r) ? BY_TEXT : NO;
}

/* Reasons Sisimai only trusts when there is a status code at all. */
static enum why with_status(const struct facts *f, enum reason r)
{
	if (!f->status[0])
		return NO;
	return by_status_or_text(f, r);
}

static enum why test_suspend(const struct facts *f, enum reason r)
{
	return f->status[0] && hit(f, r) ? BY_TEXT : NO;
}

static enum why test_mesgtoobig(const struct facts *f, enum reason r)
{
	if (f->sname == r)
		return BY_STATUS;
	if (f->sname == REASON_EXCEEDLIMIT || is_str(f->status, "5.2.3"))
		return NO;
	return by_text(f, r);
}

static enum why test_norelaying(const struct facts *f, enum reason r)
{
	return cmd_is(f, cmd_session) ? NO : by_text(f, r);
}

/* A "user unknown" status loses to texts that say something more precise. */
static enum why test_userunknown(const struct facts *f, enum reason r)
{
	static const enum reason others[] = {
		REASON_NORELAYING, REASON_BLOCKED, REASON_MAILBOXFULL, REASON_HASMOVED,
		REASON_REJECTED, REASON_NOTACCEPT, REASON_REQUIREPTR, REASON_AUTHFAILURE,
		REASON_BADREPUTATION,
	};

	if (f->sname == REASON_SUSPEND)
		return NO;
	if (f->sname == r) {
		for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++)
			if (hit(f, others[i]))
				return NO;
		return BY_STATUS;
	}
	/* Sisimai trusts the text alone only at RCPT; elsewhere the same
	 * words go to filtered (test_filtered) */
	return is_str(f->cmd, "RCPT") ? by_text(f, r) : NO;
}

static enum why test_filtered(const struct facts *f, enum reason r)
{
	if (f->sname == REASON_SUSPEND)
		return NO;
	if (f->sname == r)
		return hit(f, REASON_USERUNKNOWN) || hit(f, r) ? BY_TEXT : NO;
	if (cmd_is(f, cmd_envelope))
		return NO;
	return hit(f, r) || hit(f, REASON_USERUNKNOWN) ? BY_TEXT : NO;
}

static enum why test_rejected(const struct facts *f, enum reason r)
{
	if (f->sname == r)
		return BY_STATUS;
	if (is_str(f->cmd, "MAIL"))
		return by_text(f, r);
	if (is_str(f->cmd, "DATA"))
		return f->sname != REASON_USERUNKNOWN ? by_text(f, r) : NO;
	switch (f->sname) {
	case REASON_ONHOLD:
	case REASON_UNDEFINED:
	case REASON_SECURITYERROR:
	case REASON_SYSTEMERROR:
		return by_text(f, r);
	default:
		return NO;
	}
}

static enum why test_hostunknown(const struct facts *f, enum reason r)
{
	if (f->sname == r)
		return hit(f, REASON_NETWORKERROR) ? NO : BY_STATUS;
	return by_text(f, r);
}

static enum why test_spamdetected(const struct facts *f, enum reason r)
{
	if (!f->status[0])
		return NO;
	if (f->sname == r)
		return BY_STATUS;
	return cmd_is(f, cmd_envelope) ? NO : by_text(f, r);
}

/* Refused at STARTTLS itself, or 523/524 (RFC 3207 "TLS not available" and
 * encryption required), or a text that says so. */
static enum why test_failedstarttls(const struct facts *f, enum reason r)
{
	if (is_str(f->cmd, "STARTTLS") || is_str(f->reply, "523") || is_str(f->reply, "524"))
		return BY_STATUS;
	return by_status_or_text(f, r);
}

/* Sisimai::Reason get(): the first reason whose test passes wins. */
struct step {
	enum reason reason;
	reason_test test;
};

static const struct step first_order[] = {
	{REASON_MAILBOXFULL, with_status},
	{REASON_MESGTOOBIG, test_mesgtoobig},
	{REASON_EXCEEDLIMIT, with_status},
	{REASON_SUSPEND, test_suspend},
	{REASON_HASMOVED, by_text},
	{REASON_NORELAYING, test_norelaying},
	{REASON_AUTHFAILURE, by_status_or_text},
	{REASON_USERUNKNOWN, test_userunknown},
	{REASON_FILTERED, test_filtered},
	{REASON_REQUIREPTR, by_status_or_text},
	{REASON_NOTCOMPLIANTRFC, by_status_or_text},
	{REASON_BADREPUTATION, by_status_or_text},
	{REASON_REJECTED, test_rejected},
	{REASON_HOSTUNKNOWN, test_hostunknown},
	{REASON_SPAMDETECTED, test_spamdetected},
	{REASON_SPEEDING, by_status_or_text},
	{REASON_TOOMANYCONN, by_status_or_text},
	{REASON_SUPPRESSED, by_status_or_text},
	{REASON_FAILEDSTARTTLS, test_failedstarttls},
	{REASON_BLOCKED, by_status_or_text},
};

/* Sisimai::Reason anotherone(): text alone, when the status said little. */
static const enum reason second_order[] = {
	REASON_MAILBOXFULL,   REASON_AUTHFAILURE,    REASON_BADREPUTATION, REASON_SPAMDETECTED,
	REASON_VIRUSDETECTED, REASON_POLICYVIOLATION, REASON_NORELAYING,   REASON_SECURITYERROR,
	REASON_SYSTEMERROR,   REASON_NETWORKERROR,   REASON_SPEEDING,      REASON_SUSPEND,
	REASON_EXPIRED,       REASON_CONTENTERROR,   REASON_SYSTEMFULL,    REASON_NOTACCEPT,
	REASON_MAILERERROR,   REASON_FAILEDSTARTTLS, REASON_SUPPRESSED,
};

/* Status names that are worth a second look at the text. */
static bool worth_retry(enum reason r)
{
	switch (r) {
	case REASON_UNDEFINED:
	case REASON_ONHOLD:
	case REASON_SYSTEMERROR:
	case REASON_SECURITYERROR:
	case REASON_NETWORKERROR:
	case REASON_HOSTUNKNOWN:
	case REASON_USERUNKNOWN:
	case REASON_EXPIRED:
		return true;
	default:
		return false;
	}
}

/* text_join(rule, rulesz, a, b, c) (c may be NULL), with strlen() and
 * memcpy() when the whole fits, as nearly every rule does (a few bytes
 * and a pattern): text_join()'s byte loops cost ~350 instructions a rule. */
static void rule_join(char *rule, size_t rulesz, const char *a, const char *b, const char *c)
{
	size_t la = strlen(a), lb = strlen(b), lc = c ? strlen(c) : 0;

	if (la + lb + lc + (c ? 2 : 1) >= rulesz) {
		(void)text_join(rule, rulesz, a, b, c);
		return;
	}
	memcpy(rule, a, la);
	rule[la] = ':';
	memcpy(rule + la + 1, b, lb);
	if (c) {
		rule[la + 1 + lb] = ':';
		memcpy(rule + la + lb + 2, c, lc);
	}
	rule[la + lb + lc + (c ? 2 : 1)] = '\0';
}

static void set_rule(char *rule, size_t rulesz, const char *kind, const char *what)
{
	if (rule && rulesz)
		rule_join(rule, rulesz, kind, what, NULL);
}

static enum reason decided(const struct facts *f, enum reason r, enum why why, char *rule,
			   size_t rulesz)
{
	if (why == BY_STATUS && r == REASON_FAILEDSTARTTLS && f->sname != r) {
		set_rule(rule, rulesz, f->cmd[0] ? "command" : "reply", f->cmd[0] ? f->cmd : f->reply);
	} else if (why == BY_STATUS) {
		set_rule(rule, rulesz, "status", f->status);
	} else if (rule && rulesz) {
		/* decided by text: hit() has scanned it */
		const struct reason_text_hits *h = text_hits(f);
		const char *p = reason_text_has(h, r) ? h->pattern[r] : NULL;
		/* filtered may be decided by a userunknown pattern */
		if (!p && reason_text_has(h, REASON_USERUNKNOWN))
			p = h->pattern[REASON_USERUNKNOWN];
		rule_join(rule, rulesz, "text", reason_name(r), p ? p : "");
	}
	return r;
}

static bool is_delayed(const char *action)
{
	return has_prefix(action, "delayed") || has_prefix(action, "expired");
}

/* Sisimai's 50X syntax errors: 500-507 (and 400-407). */
static bool reply_is_syntax(const char *reply)
{
	return (reply[0] == '4' || reply[0] == '5') && reply[1] == '0' && reply[2] >= '0' &&
	       reply[2] <= '7' && reply[3] == '\0';
}

static enum reason another_one(const struct facts *f, char *rule, size_t rulesz)
{
	enum reason r = f->sname;
	const char *action = f->in->action ? f->in->action : "";

	if (r != REASON_UNDEFINED && !worth_retry(r) && !f->unix_mailer) {
		set_rule(rule, rulesz, "status", f->status);
		return r;
	}
	for (size_t i = 0; i < sizeof(second_order) / sizeof(second_order[0]); i++) {
		if (hit(f, second_order[i]))
			return decided(f, second_order[i], BY_TEXT, rule, rulesz);
	}
	/* a local mailer's exit status (x-unix) with no SMTP reply names no SMTP
	 * condition: a generic status such as 4.3.0 is the mailer's failure */
	if (r != REASON_UNDEFINED && !(is_delayed(action) && r == REASON_NETWORKERROR) &&
	    !(f->unix_mailer && !f->reply[0] && worth_retry(r))) {
		set_rule(rule, rulesz, "status", f->status);
		return r;
	}
	if (f->status[0] && f->status[2] == '6' && f->status[3] == '.') {
		set_rule(rule, rulesz, "status", f->status);
		return REASON_CONTENTERROR;
	}
	if (f->status[0] && f->status[2] == '7' && f->status[3] == '.') {
		set_rule(rule, rulesz, "status", f->status);
		return REASON_SECURITYERROR;
	}
	if (f->unix_mailer) {
		set_rule(rule, rulesz, "diagtype", "x-unix");
		return REASON_MAILERERROR;
	}
	if (reply_is_syntax(f->reply)) {
		set_rule(rule, rulesz, "reply", f->reply);
		return REASON_SYNTAXERROR;
	}
	if (is_delayed(action)) {
		set_rule(rule, rulesz, "action", action);
		return REASON_EXPIRED;
	}
	if (is_str(f->cmd, "EHLO") || is_str(f->cmd, "HELO")) {
		set_rule(rule, rulesz, "command", f->cmd);
		return REASON_BLOCKED;
	}
	return REASON_UNDEFINED;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Length of a continuation prefix of a multi-line SMTP reply at s
 * ("550-5.2.1 "), 0 if there is none. */
static size_t continuation_len(const char *s)
{
	size_t i = 4;

	if (!(s[0] >= '2' && s[0] <= '5') || !is_digit(s[1]) || !is_digit(s[2]) || s[3] != '-')
		return 0;
	if (!(s[4] >= '2' && s[4] <= '5') || s[5] != '.')
		return 0;
	i = 6;
	for (int part = 0; part < 2; part++) {
		size_t start = i;
		while (is_digit(s[i]) && i - start < 3)
			i++;
		if (i == start || (part == 0 && s[i++] != '.'))
			return 0;
	}
	return s[i] == ' ' ? i + 1 : 0;
}

/* Lower-case, blanks (CR, LF, tab, runs of spaces) folded to one space.
 * The "550-5.2.1 " that starts each line of a multi-line reply is dropped
 * after the first line, so texts that span lines match as one. */
#ifdef __SSE2__
/* lower_fold() of the bytes at s, as many of the sixteen as it only
 * lower-cases: up to the first byte below ' ' (tab, CR, LF; the other
 * control bytes are rare, and the byte loop copies them as they are),
 * space followed by a space, or space with a '-' four bytes on (a continuation "550-" starts after a
 * space and has its '-' three bytes on; the '-' of "5.1.1-x" or
 * "a-b.example" alone is no reason to go byte by byte). Returns how many
 * that is; all sixteen are written, lower-cased, to out. Needs 20 readable
 * bytes at s and room for 16 at out, and must come after a non-blank
 * byte. */
static size_t lower_fold_block(const char *s, char *out)
{
	__m128i b = _mm_loadu_si128((const __m128i *)(const void *)s);
	__m128i b1 = _mm_loadu_si128((const __m128i *)(const void *)(s + 1));
	__m128i b4 = _mm_loadu_si128((const __m128i *)(const void *)(s + 4));
	__m128i sp = _mm_set1_epi8(' ');
	/* bytes up to ' ' (min(b, ' ') == b): tab, CR, LF and the other
	 * control bytes, which go byte by byte too; a space only before a
	 * space or a continuation's '-' */
	__m128i low = _mm_cmpeq_epi8(_mm_min_epu8(b, sp), b), space = _mm_cmpeq_epi8(b, sp);
	__m128i bad = _mm_or_si128(
		_mm_andnot_si128(space, low),
		_mm_and_si128(space, _mm_or_si128(_mm_cmpeq_epi8(b1, sp), _mm_cmpeq_epi8(b4, _mm_set1_epi8('-')))));
	__m128i upper;
	unsigned m = (unsigned)_mm_movemask_epi8(bad);

	/* 'A'..'Z' (signed compares: bytes from 128 are below 'A') */
	upper = _mm_and_si128(_mm_cmpgt_epi8(b, _mm_set1_epi8('A' - 1)), _mm_cmplt_epi8(b, _mm_set1_epi8('Z' + 1)));
	_mm_storeu_si128((__m128i *)(void *)out, _mm_add_epi8(b, _mm_and_si128(upper, _mm_set1_epi8(32))));
	return m ? (size_t)__builtin_ctz(m) : 16;
}
#endif

#ifdef SIMD_HAVE_AVX2
/* lower_fold_block() thirty-two bytes at a time: needs 36 readable bytes
 * at s and room for 32 at out */
static SIMD_AVX2_FN inline __attribute__((always_inline)) size_t lower_fold_block32(const char *s, char *out)
{
	__m256i b = _mm256_loadu_si256((const __m256i *)(const void *)s);
	__m256i b1 = _mm256_loadu_si256((const __m256i *)(const void *)(s + 1));
	__m256i b4 = _mm256_loadu_si256((const __m256i *)(const void *)(s + 4));
	__m256i sp = _mm256_set1_epi8(' ');
	__m256i low = _mm256_cmpeq_epi8(_mm256_min_epu8(b, sp), b), space = _mm256_cmpeq_epi8(b, sp);
	__m256i bad = _mm256_or_si256(
		_mm256_andnot_si256(space, low),
		_mm256_and_si256(space, _mm256_or_si256(_mm256_cmpeq_epi8(b1, sp),
							_mm256_cmpeq_epi8(b4, _mm256_set1_epi8('-')))));
	__m256i upper = _mm256_and_si256(_mm256_cmpgt_epi8(b, _mm256_set1_epi8('A' - 1)),
					 _mm256_cmpgt_epi8(_mm256_set1_epi8('Z' + 1), b));
	unsigned m = (unsigned)_mm256_movemask_epi8(bad);

	_mm256_storeu_si256((__m256i *)(void *)out, _mm256_add_epi8(b, _mm256_and_si256(upper, _mm256_set1_epi8(32))));
	return m ? (size_t)__builtin_ctz(m) : 32;
}

/* Blocks of thirty-two at s while they are whole and the next has its 36
 * bytes before end and room (more than 33 bytes) at out: in one call, not
 * one a block. *whole: the last one was. Returns the bytes done. */
static SIMD_AVX2_FN size_t lower_fold_run32(const char *s, const char *end, char *out, size_t room,
					    bool *whole)
{
	size_t done = 0, k;

	do {
		k = lower_fold_block32(s + done, out + done);
		done += k;
	} while (k == 32 && end - (s + done) >= 36 && room - done > 33);
	*whole = k == 32;
	return done;
}
#endif

static size_t lower_fold(const char *s, char *out, size_t outsz)
{
	return reason_lower_fold_v(s, out, outsz, simd_avx2());
}

size_t reason_lower_fold_v(const char *s, char *out, size_t outsz, bool avx2)
{
	return reason_lower_fold_n(s, strlen(s), out, outsz, avx2);
}

size_t reason_lower_fold_n(const char *s, size_t len, char *out, size_t outsz, bool avx2)
{
	size_t n = 0;
	bool blank = true; /* also drops leading blanks */
#ifdef __SSE2__
	const char *end = s + len;
	/* the last bytes go on in a copy with zeros after them, so the block
	 * step can read its twenty bytes there too (short texts are all tail) */
	char tail[40];
	bool in_tail = false;
#endif

	(void)avx2; /* no AVX2 step without SSE2 */
	(void)len; /* (nor a use of len: the loop ends at s's NUL) */
	for (; *s && n + 1 < outsz; s++) {
		unsigned char c = (unsigned char)*s;

#ifdef __SSE2__
		/* up to sixteen bytes at a time while they only need
		 * lower-casing; the bytes below handle the rest one by one */
		size_t k;

		if (!in_tail && end - s < 20) {
			size_t rest = (size_t)(end - s);

			memset(tail, 0, sizeof(tail));
			memcpy(tail, s, rest);
			s = tail;
			end = tail + rest;
			in_tail = true;
		}
		if (!blank && n + 17 < outsz) {
			const char *from = s;

			/* block after block while each is whole: one that
			 * follows a whole one follows a non-blank byte, or a
			 * space its block has checked the next bytes of. In
			 * the text itself each block has its twenty bytes
			 * (end - s >= 20) and nothing to cut: only the tail's
			 * blocks go past the end, into its zeros */
			if (!in_tail) {
				bool whole;

				do {
#ifdef SIMD_HAVE_AVX2
					if (avx2 && end - s >= 36 && n + 33 < outsz)
						k = lower_fold_run32(s, end, out + n, outsz - n, &whole);
					else
#endif
					{
						k = lower_fold_block(s, out + n);
						whole = k == 16;
					}
					n += k;
					s += k;
				} while (whole && end - s >= 20 && n + 17 < outsz);
			} else {
				do {
					k = lower_fold_block(s, out + n);
					if (k > (size_t)(end - s))
						k = (size_t)(end - s);
					n += k;
					s += k;
				} while (k == 16 && n + 17 < outsz);
			}
			if (s != from) {
				blank = s[-1] == ' ';
				s--; /* the loop's s++ */
				continue;
			}
		}
#endif
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
			if (!blank)
				out[n++] = ' ';
			blank = true;
			continue;
		}
		if (blank && n > 0) {
			size_t skip = continuation_len(s);
			if (skip) {
				s += skip - 1;
				continue;
			}
		}
		blank = false;
		out[n++] = str_lower_c((char)c);
	}
	if (n > 0 && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
	return n;
}

/* The status to reason from: the given one, or one written in the text
 * (into found, 16 bytes) when the given one is empty or vague (X.0.0,
 * Sisimai's X.0.9NN); "" when none. What it says on its own in *sname. */
static const char *pick_status(const struct reason_input *in, struct lazy_text *text, char *found,
			       enum reason *sname)
{
	const char *st = in->status ? in->status : "";
	enum reason r;
	bool valid = smtp_status_check(st, &r), vague = !valid || has_prefix(st + 1, ".0.");
	const char *low;
	size_t lowlen;

	if (vague && (low = low_text(text, &lowlen), smtp_status_find(low, lowlen, found, 16)) &&
	    !has_prefix(found + 1, ".0.") && found[0] != '2') {
		*sname = smtp_status_reason(found);
		return found;
	}
	*sname = valid ? r : REASON_UNDEFINED;
	return valid ? st : "";
}

/* Formats that state the reason themselves: complaints and auto-replies
 * (names in place, as the command lists have them). */
static const struct {
	char decodedby[14];
	enum reason reason;
} format_reasons[] = {
	{"ARF", REASON_FEEDBACK},
	{"Feedback-Loop", REASON_FEEDBACK},
	{"RFC3834", REASON_VACATION},
};

static enum reason by_format(const struct reason_input *in)
{
	for (size_t i = 0; in->decodedby && i < sizeof(format_reasons) / sizeof(format_reasons[0]); i++)
		if (is_str(in->decodedby, format_reasons[i].decodedby))
			return format_reasons[i].reason;
	return REASON_UNDEFINED;
}

static bool delivered(const struct reason_input *in)
{
	static const char ok_actions[][10] = {"delivered", "relayed", "expanded"};
	const char *a = in->action ? in->action : "";

	if (in->status && in->status[0] == '2' && in->status[1] == '.')
		return true;
	for (size_t i = 0; i < sizeof(ok_actions) / sizeof(ok_actions[0]); i++)
		if (is_str(a, ok_actions[i]))
			return true;
	return false;
}

/* The comment of a DSN Status field ("5.2.1 (mailbox disabled, not accepting
 * messages)") is the reporting MTA's reading of the remote's status code. It
 * refines only a bare "User unknown" (or no text at all) into the state of
 * the mailbox, which servers often answer that way; any other text of the
 * remote is the better witness ("(delivery not authorized, message refused)"
 * must not turn a blocklist refusal into "rejected", nor "mailbox disabled"
 * a blocklist into "suspend"). */
static void comment_hits(const struct reason_input *in, struct reason_text_hits *hits)
{
	static const enum reason mailbox_states[] = {
		REASON_SUSPEND, REASON_MAILBOXFULL, REASON_HASMOVED,
	};
	struct reason_text_hits c;
	char low[256];
	size_t n;

	const uint64_t bare = ((uint64_t)1 << REASON_USERUNKNOWN) | ((uint64_t)1 << REASON_FILTERED);

	if (!in->statuscomment || !in->statuscomment[0] || (hits->mask & ~bare) != 0)
		return;
	n = lower_fold(in->statuscomment, low, sizeof(low));
	reason_text_scan(low, n, &c);
	for (size_t i = 0; i < sizeof(mailbox_states) / sizeof(mailbox_states[0]); i++) {
		enum reason r = mailbox_states[i];

		if (reason_text_has(&c, r) && !reason_text_has(hits, r)) {
			hits->mask |= (uint64_t)1 << r;
			hits->pattern[r] = c.pattern[r];
		}
	}
}

enum reason reason_classify(const struct reason_input *in, char *rule, size_t rulesz)
{
	static const char *const vacation_texts[] = {
		"i am away on vacation", "i am away until", "i am out of the office",
		"i will be traveling for work on",
	};
	char low[REASON_LOW_MAX], found[16];
	struct lazy_text text;
	const struct rhost_family *host;
	struct facts f;
	enum reason r;
	const char *lowp;
	size_t lowlen;

	if (rule && rulesz)
		rule[0] = '\0';
	if (delivered(in)) {
		set_rule(rule, rulesz, "status", in->status && in->status[0] ? in->status : "delivered");
		return REASON_DELIVERED;
	}
	r = by_format(in);
	if (r != REASON_UNDEFINED) {
		set_rule(rule, rulesz, "format", in->decodedby);
		return r;
	}
	/* field by field: a memset of the hits' pointers would be a rep stos */
	text.folded = false;
	text.done = false;
	text.diagnostic = in->diagnostic ? in->diagnostic : "";
	text.diaglen = in->diagnostic ? in->diagnostic_len : 0;
	text.low = low;

	host = rhost_find(in);
	if (host) {
		lowp = low_text(&text, &lowlen);
		r = rhost_classify(host, in, lowp, rule, rulesz);
		if (r != REASON_UNDEFINED)
			return r;
	}

	f.in = in;
	f.cmd = in->command ? in->command : "";
	f.reply = in->replycode ? in->replycode : "";
	f.status = pick_status(in, &text, found, &f.sname);
	/* the first byte first: most are "SMTP" */
	f.unix_mailer = in->diagtype && (in->diagtype[0] | 0x20) == 'x' && strcasecmp(in->diagtype, "x-unix") == 0;
	f.text = &text;

	/* Sisimai tries first_order only on SMTP diagnostics. Every test
	 * wants its reason to be the status's or found in the text, but
	 * filtered's (a userunknown text) and failedstarttls's (the command,
	 * the reply): once the text is scanned (most records at the first or
	 * second step), a step whose reason is none of these fails, and is
	 * passed over without its call. */
	uint64_t may = (uint64_t)1 << f.sname | (uint64_t)1 << REASON_FILTERED | (uint64_t)1 << REASON_FAILEDSTARTTLS;
	bool scanned = false; /* text.done, and may has the text's reasons */

	for (size_t i = 0; !f.unix_mailer && i < sizeof(first_order) / sizeof(first_order[0]); i++) {
		enum why why;

		if (!scanned && text.done) {
			may |= text.h.mask; /* the tests never change it after the scan */
			scanned = true;
		}
		if (scanned && !((may >> first_order[i].reason) & 1))
			continue;
		why = first_order[i].test(&f, first_order[i].reason);
		if (why != NO)
			return decided(&f, first_order[i].reason, why, rule, rulesz);
	}
	r = another_one(&f, rule, rulesz);
	if (r != REASON_UNDEFINED)
		return r;
	if (in->action && is_delayed(in->action)) {
		set_rule(rule, rulesz, "action", in->action);
		return REASON_EXPIRED;
	}
	lowp = low_text(&text, &lowlen);
	for (size_t i = 0; i < sizeof(vacation_texts) / sizeof(vacation_texts[0]); i++) {
		if (text_strstr(lowp, vacation_texts[i])) {
			set_rule(rule, rulesz, "text:vacation", vacation_texts[i]);
			return REASON_VACATION;
		}
	}
	if (lowlen > 0) {
		set_rule(rule, rulesz, "default", "onhold");
		return REASON_ONHOLD;
	}
	return REASON_UNDEFINED;
}
