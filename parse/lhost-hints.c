/* lhost-hints.c: the facts of lhost-hints.h, made by a lookup of each full
 * header name in the header chains, one pass over the names for their
 * prefixes, one over the Received: values, and a few looks at From,
 * Subject, Message-ID and the body. Each test is the one (or wider than the
 * one) that the decoders needing the fact make themselves. */
#include <stddef.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "parse/lhost-hints.h"
#include "parse/lhost.h"
#include "util/simd.h"
#include "parse/text.h"
#include "util/str.h"

/* a literal and its length, for the tables' rows */
#define HINTS_S(lit) lit, sizeof(lit) - 1

/* do the n bytes at s equal lower-case lit in any (ASCII) case? */
static bool hints_eq_ci(const char *s, const char *lit, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)str_lower_c(s[i]) != (unsigned char)lit[i])
			return false;
	return true;
}

/* The facts of a header name in full, each looked up in the header list's
 * chains (view.h): for a literal name, the chain is found at compile time,
 * and an empty one (most, for these names) costs a load and a test. A
 * walk of every header, each name hashed to a slot of these and compared,
 * cost ~50 instructions a header (~700 a message). Names only of the
 * right length and bytes, in any case, as the decoders ask for them. */
/* The 8 bytes at s, any case (| 0x20, as HINTS_W4) */
static inline uint64_t hints_load8_ci(const void *s)
{
	uint64_t x;

	memcpy(&x, s, 8);
	return x | UINT64_C(0x2020202020202020);
}

/* Is the name of len bytes (8 to 24: every name below) the lower-case
 * lit of the same length, in any case? Three 8-byte compares (the last
 * one ending the name, over the others), no branch per byte. (| 0x20
 * turns no other byte a name may have into a letter or a '-'.) */
static inline bool hints_name_is(const char *name, const char *lit, size_t len)
{
	size_t mid = 8 & -(size_t)(len > 16); /* 8, or 0 (then the first again) */

	return ((hints_load8_ci(name) ^ hints_load8_ci(lit)) | (hints_load8_ci(name + mid) ^ hints_load8_ci(lit + mid)) |
		(hints_load8_ci(name + len - 8) ^ hints_load8_ci(lit + len - 8))) == 0;
}

/* Has hl a header called lname (lower-case, 8 to 24 bytes)? Along its
 * chain, inline: the chain's headers of another length (most) cost a
 * compare each, not a call. */
static inline __attribute__((always_inline)) bool hints_has_name(const struct header_list *hl, const char *lname)
{
	size_t len = strlen(lname);

	for (unsigned i = hl->first[hdr_key(lname, len)]; i; i = hl->h[i - 1].next)
		if (hl->h[i - 1].name_len == len && hints_name_is(hl->h[i - 1].name, lname, len))
			return true;
	return false;
}

#define HINTS_HAS(hl, lname, bit) (hints_has_name(hl, lname) ? (bit) : 0)

static uint64_t hints_of_full_names(const struct header_list *hl)
{
	return HINTS_HAS(hl, "x-ahmailid", LHOST_H_X_AHMAILID) |
	       HINTS_HAS(hl, "x-google-smtp-source", LHOST_H_X_GOOGLE_SMTP) |
	       HINTS_HAS(hl, "x-message-delivery", LHOST_H_X_MSG_INFO) |
	       HINTS_HAS(hl, "x-message-info", LHOST_H_X_MSG_INFO) |
	       HINTS_HAS(hl, "x-amz-sns-message-id", LHOST_H_X_AWS) |
	       HINTS_HAS(hl, "x-aws-outgoing", LHOST_H_X_AWS) |
	       HINTS_HAS(hl, "x-ymailisg", LHOST_H_X_YMAILISG) |
	       HINTS_HAS(hl, "x-gm-message-state", LHOST_H_X_GM_STATE) |
	       HINTS_HAS(hl, "x-mlserver", LHOST_H_X_MLSERVER) |
	       HINTS_HAS(hl, "content-language", LHOST_H_CONTENT_LANGUAGE) |
	       HINTS_HAS(hl, "x-mimeole", LHOST_H_X_MIMEOLE) |
	       HINTS_HAS(hl, "reply-to", LHOST_H_REPLY_TO) |
	       HINTS_HAS(hl, "x-failed-recipients", LHOST_H_X_FAILED_RCPT) |
	       HINTS_HAS(hl, "x-aol-ip", LHOST_H_X_AOL_IP) |
	       HINTS_HAS(hl, "x-mailer", LHOST_H_X_MAILER) |
	       HINTS_HAS(hl, "x-gmx-antispam", LHOST_H_X_GMX_ANTISPAM) |
	       HINTS_HAS(hl, "x-msg-ref", LHOST_H_X_MSG_REF) |
	       HINTS_HAS(hl, "x-zohomail", LHOST_H_X_ZOHOMAIL) |
	       HINTS_HAS(hl, "x-ses-outgoing", LHOST_H_X_SES);
}
#undef HINTS_HAS

/* the first four bytes of a name, any case (| 0x20 turns no other byte
 * into a letter), as one number */
#define HINTS_W4(a, b, c, d) ((uint32_t)(a) | (uint32_t)(b) << 8 | (uint32_t)(c) << 16 | (uint32_t)(d) << 24)

/* X-Microsoft-* and X-Exchange-*, after a name's first four bytes w4 said
 * "x-mi" or "x-ex": LHOST_H_X_MS or 0 */
static uint64_t hints_ms_long(const char *name, size_t len, uint32_t w4)
{
	if (w4 == HINTS_W4('x', '-', 'm', 'i'))
		return len >= 12 && hints_eq_ci(name + 4, "crosoft-", 8) ? LHOST_H_X_MS : 0;
	return len >= 11 && hints_eq_ci(name + 4, "change-", 7) ? LHOST_H_X_MS : 0;
}

/* The facts of a name's start: X-MS-*, X-MX*, X-Microsoft-*, X-Exchange-*,
 * which only a walk of every header finds. A name that does not start
 * "x-m" or "x-e" (nearly all) is told by one test. */
static uint64_t hints_of_prefixes(const struct header_list *hl)
{
	static const unsigned char none[4] = {0};
	uint64_t bits = 0;

	for (size_t i = 0; i < hl->n; i++) {
		const struct mail_header *h = &hl->h[i];
		const unsigned char *s = (const unsigned char *)h->name;
		size_t len = h->name_len; /* never 0 */
		/* the first four bytes (those of a shorter name: none) */
		const unsigned char *p = len >= 4 ? s : none;
		uint32_t w4 = HINTS_W4(p[0], p[1], p[2], p[3]) | 0x20202020u;
		uint32_t w3 = w4 & 0xFFFFFFu;

		if (w3 != HINTS_W4('x', '-', 'm', 0) && w3 != HINTS_W4('x', '-', 'e', 0))
			continue;
		/* X-MS-* and X-MX* with no branch, as Office 365 sends dozens
		 * of the first */
		bool ms = (w4 == HINTS_W4('x', '-', 'm', 's')) & (s[4 & -(size_t)(len > 4)] == '-');
		bool mx = w4 == HINTS_W4('x', '-', 'm', 'x');

		bits |= (LHOST_H_X_MS & -(uint64_t)ms) | (LHOST_H_X_MX & -(uint64_t)mx);
		if (((w4 == HINTS_W4('x', '-', 'm', 'i')) | (w4 == HINTS_W4('x', '-', 'e', 'x'))) & !(bits & LHOST_H_X_MS))
			bits |= hints_ms_long(h->name, len, w4);
	}
	return bits;
}

static uint64_t hints_of_names(const struct header_list *hl)
{
	return hints_of_full_names(hl) | hints_of_prefixes(hl);
}

/* Received: words, each anchored on a '(', ')' or 'J' it contains: every
 * occurrence of the anchor is looked at, so a word is found wherever it is.
 * key is a byte of the word (not a blank), tried first: one that common
 * text rarely has there rules out most occurrences (the 'z' of "(ezweb",
 * not the 'e' of "(envelope-from"; the 'u' of ".au.com (", not the 'm'
 * of every ".com ("). */
struct hints_word {
	const char *word;  /* lower-case when ci */
	unsigned char len; /* its length */
	unsigned char at;  /* where the anchor is in it */
	unsigned char key; /* where the byte tried first is in it */
	bool ci;
	uint64_t bit;
};

static const struct hints_word hints_open[] = {
	{HINTS_S("(ezweb mail)"), 0, 2, true, LHOST_H_RCV_EZWEB_MAIL},
	{HINTS_S("ezweb.ne.jp ("), 12, 10, true, LHOST_H_RCV_EZWEB_JP},
	{HINTS_S(".au.com ("), 8, 2, true, LHOST_H_RCV_AU},
	{HINTS_S("(DragonFly Mail Agent"), 0, 1, false, LHOST_H_RCV_DRAGONFLY},
	{HINTS_S(" with Internet Mail Service ("), 28, 20, false, LHOST_H_RCV_IMS},
	{NULL, 0, 0, 0, false, 0},
};
static const struct hints_word hints_close[] = {
	{HINTS_S(" invoked for bounce)"), 19, 18, false, LHOST_H_RCV_QMAIL},
	{HINTS_S(" invoked from network)"), 21, 20, false, LHOST_H_RCV_QMAIL},
	{NULL, 0, 0, 0, false, 0},
};
static const struct hints_word hints_j[] = {
	{HINTS_S("JAMES SMTP Server"), 0, 1, false, LHOST_H_RCV_JAMES},
	{NULL, 0, 0, 0, false, 0},
};

/* the words of ws anchored on val[pos] that are there */
static inline uint64_t hints_anchor(const char *val, size_t len, size_t pos, const struct hints_word *ws)
{
	uint64_t bits = 0;

	for (const struct hints_word *w = ws; w->word; w++) {
		const char *s = val + pos - w->at;
		unsigned char c;

		if (pos < w->at || len - (pos - w->at) < w->len)
			continue;
		c = (unsigned char)s[w->key];
		if ((w->ci ? (unsigned char)str_lower_c((char)c) : c) != (unsigned char)w->word[w->key])
			continue;
		if (w->ci ? hints_eq_ci(s, w->word, w->len) : memcmp(s, w->word, w->len) == 0)
			bits |= w->bit;
	}
	return bits;
}

/* ---- a folded header's text, read as its value would be -------------- */

static bool hints_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

static bool hints_byte_is(char c, char w, bool ci)
{
	return (ci ? (unsigned char)str_lower_c(c) : (unsigned char)c) == (unsigned char)w;
}

/* Is w at val[pos], its anchor, in a folded header's text, where a space
 * of the value may be a line break and the blanks after it? Each space of
 * w is taken as a run of blanks of the text: what the value has there, or
 * more (a superset: no word has two blanks in a row). */
static bool hints_fold_eq(const char *val, size_t len, size_t pos, const struct hints_word *w)
{
	size_t p = pos;

	for (size_t k = w->at; k < w->len; k++) {
		if (w->word[k] == ' ' && p < len && hints_blank(val[p])) {
			while (p < len && hints_blank(val[p]))
				p++;
		} else if (p < len && hints_byte_is(val[p], w->word[k], w->ci)) {
			p++;
		} else {
			return false;
		}
	}
	p = pos;
	for (size_t k = w->at; k-- > 0;) {
		if (w->word[k] == ' ' && p > 0 && hints_blank(val[p - 1])) {
			while (p > 0 && hints_blank(val[p - 1]))
				p--;
		} else if (p > 0 && hints_byte_is(val[p - 1], w->word[k], w->ci)) {
			p--;
		} else {
			return false;
		}
	}
	return true;
}

/* The words of ws at val[pos] in a folded text. Each is first tried by
 * its key byte, when no blank of the word parts it from the anchor (a line
 * break cannot move it); for a word that ends " (", by its key byte
 * counted back from the blanks in front of the anchor, which start at
 * val[blanks] (0: none there). */
static uint64_t hints_anchor_folded(const char *val, size_t len, size_t pos, const struct hints_word *ws,
				    size_t blanks)
{
	uint64_t bits = 0;

	for (const struct hints_word *w = ws; w->word; w++) {
		size_t k;

		if (w->at >= 2 && w->word[w->at - 1] == ' ') {
			/* word[at - 2] is val[blanks - 1], and no blank between it
			 * and the key */
			if (!blanks || blanks + 1 + w->key < w->at)
				continue;
			k = blanks + 1 + w->key - w->at;
		} else {
			if (pos < w->at || pos - w->at + w->key >= len)
				continue;
			k = pos - w->at + w->key;
		}
		if (hints_byte_is(val[k], w->word[w->key], w->ci) && hints_fold_eq(val, len, pos, w))
			bits |= w->bit;
	}
	return bits;
}

/* The words at val[pos], a '(' ')' or 'J'. The byte next to the anchor
 * rules most out first: the '(' words start "(e", "(E" or "(D", or end
 * "p (", "m (" or "e (" ('E' too: a superset is fine); the ')' words end
 * "e)" or "k)"; the 'J' word starts "JA". A word
 * added to the tables above needs its byte here (test-parse-hints has a
 * row for every word). In a folded text the blank before a '(' may be
 * blanks and a line break, and the words are compared as hints_fold_eq()
 * does. */
static inline uint64_t hints_at(const char *val, size_t len, size_t pos, bool folded)
{
	unsigned char prev = pos > 0 ? (unsigned char)val[pos - 1] : 0;
	unsigned char next = pos + 1 < len ? (unsigned char)val[pos + 1] : 0;
	const struct hints_word *ws;
	size_t blanks = 0;

	if (val[pos] == '(') {
		unsigned char prev2 = pos > 1 ? (unsigned char)val[pos - 2] : 0;

		if (folded && hints_blank((char)prev)) {
			size_t k = pos - 1; /* the byte before the blanks */

			while (k > 0 && hints_blank(val[k - 1]))
				k--;
			prev = ' ';
			prev2 = k > 0 ? (unsigned char)val[k - 1] : 0;
			blanks = k;
		}
		prev2 |= 0x20;
		if (!(prev == ' ' && (prev2 == 'p' || prev2 == 'm' || prev2 == 'e')) && (next | 0x20) != 'e' &&
		    next != 'D')
			return 0;
		ws = hints_open;
	} else if (val[pos] == ')') {
		if (prev != 'e' && prev != 'k')
			return 0;
		ws = hints_close;
	} else {
		if (next != 'A')
			return 0;
		ws = hints_j;
	}
	return folded ? hints_anchor_folded(val, len, pos, ws, blanks) : hints_anchor(val, len, pos, ws);
}

/* Can a word be at val[pos], a '(' ')' or 'J'? Two bytes next to the
 * anchor that no blank parts from it say no to nearly every one: "(ez"
 * (any case), "(Dr", "JAM", "ce)", "rk)"; before a blank and a '(',
 * "ezweb.ne.jp", ".au.com", "Service" (any case) before the blanks (a run
 * of them in a folded text, a superset in a value). A superset of hints_at()'s own test, and
 * inline: Received: texts have a dozen parentheses each, which a call
 * apiece cost more than the test. A word added to the tables above needs
 * its bytes here (test-parse-hints has a row for every word). One test
 * for each anchor: the AVX2 scan has their positions apart, and asks
 * only the test of the one found. */
static inline __attribute__((always_inline)) bool hints_may_close(const char *val, size_t pos)
{
	return pos > 1 && ((val[pos - 1] == 'e' && val[pos - 2] == 'c') || (val[pos - 1] == 'k' && val[pos - 2] == 'r'));
}

static inline __attribute__((always_inline)) bool hints_may_j(const char *val, size_t len, size_t pos)
{
	return pos + 2 < len && val[pos + 1] == 'A' && val[pos + 2] == 'M';
}

static inline __attribute__((always_inline)) bool hints_may_open(const char *val, size_t len, size_t pos)
{
	unsigned char p2;

	if (pos + 2 < len) {
		unsigned char n1 = (unsigned char)val[pos + 1], n2 = (unsigned char)val[pos + 2];

		if (((n1 | 0x20) == 'e' && (n2 | 0x20) == 'z') || (n1 == 'D' && n2 == 'r'))
			return true;
	}
	if (pos == 0 || !hints_blank(val[pos - 1]))
		return false;
	/* the word's bytes up to the blanks ("every.example.com (" is not
	 * ".au.com (") */
	for (pos--; pos > 0 && hints_blank(val[pos - 1]); pos--)
		;
	p2 = pos > 0 ? (unsigned char)(val[pos - 1] | 0x20) : 0;
	return (p2 == 'p' && pos >= 11 && hints_eq_ci(val + pos - 11, "ezweb.ne.jp", 11)) ||
	       (p2 == 'm' && pos >= 7 && hints_eq_ci(val + pos - 7, ".au.com", 7)) ||
	       (p2 == 'e' && pos >= 7 && hints_eq_ci(val + pos - 7, "service", 7));
}

static inline __attribute__((always_inline)) bool hints_may(const char *val, size_t len, size_t pos)
{
	if (val[pos] == ')')
		return hints_may_close(val, pos);
	if (val[pos] == 'J')
		return hints_may_j(val, len, pos);
	return hints_may_open(val, len, pos);
}

/* The anchors at the set bits of m, a vector step's mask of the bytes
 * from val + base on: the words of those that hints_may() lets through. */
static inline __attribute__((always_inline)) void hints_hits(const char *val, size_t len, size_t base,
							     unsigned m, bool folded, uint64_t *bits)
{
	for (; m; m &= m - 1) {
		size_t pos = base + (size_t)__builtin_ctz(m);

		if (hints_may(val, len, pos))
			*bits |= hints_at(val, len, pos, folded);
	}
}

#ifdef SIMD_HAVE_AVX2
/* Has the len bytes at val no 8-bit byte and no "=?" (its value is then
 * its text, unfolded)? Byte by byte: the AVX2 scan asks only when it saw
 * an 8-bit byte or a '?' (rare in Received: texts), so that its step
 * tests one byte, not the pair. */
static __attribute__((noinline, cold)) bool hints_raw_plain(const char *val, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)val[i] >= 0x80 || (val[i] == '=' && i + 1 < len && val[i + 1] == '?'))
			return false;
	return true;
}

/* The AVX2 step's anchors, the three kinds apart (masks of the bytes from
 * val + base on): each tested by its own hints_may_*(). */
static SIMD_AVX2_FN inline __attribute__((always_inline)) void
hints_hits3(const char *val, size_t len, size_t base, unsigned mo, unsigned mc, unsigned mj, bool folded,
	    uint64_t *bits)
{
	for (; mc; mc &= mc - 1) {
		size_t pos = base + (size_t)__builtin_ctz(mc);

		if (hints_may_close(val, pos))
			*bits |= hints_at(val, len, pos, folded);
	}
	for (; mj; mj &= mj - 1) {
		size_t pos = base + (size_t)__builtin_ctz(mj);

		if (hints_may_j(val, len, pos))
			*bits |= hints_at(val, len, pos, folded);
	}
	for (; mo; mo &= mo - 1) {
		size_t pos = base + (size_t)__builtin_ctz(mo);

		if (hints_may_open(val, len, pos))
			*bits |= hints_at(val, len, pos, folded);
	}
}

/* hints_scan() with AVX2, for len >= 32: 32 bytes a step while the block
 * and the byte after it are there, then the 32 bytes that end val (those
 * already looked at masked out), so that no SSE2 step or byte loop follows
 * (a Received: text is a few blocks long: its end cost as much as they
 * did). raw: the 8-bit bytes and every '?' are gathered, and when there
 * is one the text is tested for those and "=?" byte by byte at the end
 * (they are rare; the words found meanwhile are dropped with false). */
static SIMD_AVX2_FN inline __attribute__((always_inline)) bool
hints_scan_avx2_in(const char *val, size_t len, bool raw, bool folded, uint64_t *bits)
{
	const __m256i o = _mm256_set1_epi8('('), c = _mm256_set1_epi8(')'), j = _mm256_set1_epi8('J');
	const __m256i qm = _mm256_set1_epi8('?');
	__m256i odd = _mm256_setzero_si256();
	size_t i = 0, w = len - 32;
	unsigned mo, mc, mj;
	__m256i b;

	for (; i + 33 <= len; i += 32) {
		b = _mm256_loadu_si256((const __m256i *)(const void *)(val + i));
		if (raw) /* every '?' (not "=?": the byte before it is another load) */
			odd = _mm256_or_si256(odd, _mm256_or_si256(b, _mm256_cmpeq_epi8(b, qm)));
		mo = (unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(b, o));
		mc = (unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(b, c));
		mj = (unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(b, j));
		if (mo | mc | mj)
			hints_hits3(val, len, i, mo, mc, mj, folded, bits);
	}
	if (i < len) { /* the 32 bytes that end val: i - w is 0 to 31 */
		unsigned keep = 0xFFFFFFFFu << (i - w);

		b = _mm256_loadu_si256((const __m256i *)(const void *)(val + w));
		if (raw && _mm256_movemask_epi8(_mm256_or_si256(b, _mm256_cmpeq_epi8(b, qm))) && !hints_raw_plain(val, len))
			return false;
		mo = (unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(b, o)) & keep;
		mc = (unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(b, c)) & keep;
		mj = (unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(b, j)) & keep;
		hints_hits3(val, len, w, mo, mc, mj, folded, bits);
	}
	return !(raw && _mm256_movemask_epi8(odd) && !hints_raw_plain(val, len));
}

/* hints_scan_avx2_in() made for each use, its branches on raw and folded
 * decided at compile time */
static SIMD_AVX2_FN bool hints_scan_avx2_raw(const char *val, size_t len, uint64_t *bits)
{
	return hints_scan_avx2_in(val, len, true, false, bits);
}

static SIMD_AVX2_FN bool hints_scan_avx2_folded(const char *val, size_t len, uint64_t *bits)
{
	return hints_scan_avx2_in(val, len, true, true, bits);
}

static SIMD_AVX2_FN bool hints_scan_avx2_value(const char *val, size_t len, uint64_t *bits)
{
	return hints_scan_avx2_in(val, len, false, false, bits);
}
#endif

/* The words at every anchor of the len bytes at val, found in one pass
 * (sixteen bytes per step where SSE2 is there: most bytes are none of the
 * anchors; 32 with AVX2 when avx2), added to *bits. raw: val is a header's text (folded: with its
 * line breaks), whose value has the same words only when the text has no
 * 8-bit byte and no "=?" (header.c decodes those): then returns false,
 * *bits unfinished. */
static inline bool hints_scan(const char *val, size_t len, bool raw, bool folded, bool avx2, uint64_t *bits)
{
	size_t i = 0;

#ifdef SIMD_HAVE_AVX2
	if (avx2 && len >= 32)
		return !raw ? hints_scan_avx2_value(val, len, bits)
		       : folded ? hints_scan_avx2_folded(val, len, bits)
				: hints_scan_avx2_raw(val, len, bits);
#endif
	(void)avx2;
#ifdef __SSE2__
	const __m128i o = _mm_set1_epi8('('), c = _mm_set1_epi8(')'), j = _mm_set1_epi8('J');
	const __m128i eq = _mm_set1_epi8('='), qm = _mm_set1_epi8('?');

	for (; i + 17 <= len; i += 16) { /* the block and the byte after it */
		__m128i b = _mm_loadu_si128((const __m128i *)(const void *)(val + i));
		unsigned m = (unsigned)_mm_movemask_epi8(
			_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(b, o), _mm_cmpeq_epi8(b, c)), _mm_cmpeq_epi8(b, j)));

		if (raw) {
			__m128i b1 = _mm_loadu_si128((const __m128i *)(const void *)(val + i + 1));

			if (_mm_movemask_epi8(_mm_or_si128(
				    b, _mm_and_si128(_mm_cmpeq_epi8(b, eq), _mm_cmpeq_epi8(b1, qm)))))
				return false;
		}
		hints_hits(val, len, i, m, folded, bits);
	}
	if (i < len && len >= 16) { /* the sixteen bytes that end val, those before i masked out */
		size_t w = len - 16;
		__m128i b = _mm_loadu_si128((const __m128i *)(const void *)(val + w));
		unsigned keep = 0xFFFFu << (i - w);
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(
				     _mm_or_si128(_mm_cmpeq_epi8(b, o), _mm_cmpeq_epi8(b, c)), _mm_cmpeq_epi8(b, j))) &
			     keep;

		if (raw && (((unsigned)_mm_movemask_epi8(b) |
			     ((unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(b, eq)) &
			      ((unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(b, qm)) >> 1))) &
			    keep))
			return false;
		hints_hits(val, len, w, m, folded, bits);
		return true;
	}
#endif
	for (; i < len; i++) {
		unsigned char ch = (unsigned char)val[i];

		if (raw && (ch >= 0x80 || (ch == '=' && i + 1 < len && val[i + 1] == '?')))
			return false;
		if ((ch == '(' || ch == ')' || ch == 'J') && hints_may(val, len, i))
			*bits |= hints_at(val, len, i, folded);
	}
	return true;
}

/* The words of one Received: header, read in its text instead of its
 * value when the text is plain: making the value (unfolded and trimmed in
 * the arena) costs more than the search, and only Exim's decoder reads
 * it. The blanks the value would trim can only add a word's first space:
 * a superset, as is a NUL (the value would end there). */
static uint64_t hints_of_received_at(const struct header_list *hl, size_t i, bool avx2)
{
	const struct mail_header *h = &hl->h[i];
	const char *val;
	size_t n;
	uint64_t bits = 0;

	if (!h->value) {
		if (h->folded ? hints_scan(h->raw, h->raw_len, true, true, avx2, &bits)
			      : hints_scan(h->raw, h->raw_len, true, false, avx2, &bits))
			return bits;
		bits = 0;
	}
	if ((val = hdr_value_n(hl, i, &n)))
		(void)hints_scan(val, n, false, false, avx2, &bits);
	return bits;
}

static uint64_t hints_of_received(const struct header_list *hl, bool avx2)
{
	uint64_t bits = 0;

	for (size_t at = 0; (at = hdr_next(hl, "received", at)) != 0;)
		bits |= hints_of_received_at(hl, at - 1, avx2);
	return bits;
}

/* From words, anchored on their '@' or '.' like the Received: words. The
 * '@' words that go on after it are grouped by the byte after it (any
 * case), which picks the group to try (hints_from_after()): a sender's '@'
 * is compared with a word or two instead of all ten. */
static const struct hints_word hints_from_at_end[] = {
	{HINTS_S("no-reply@"), 8, 7, false, LHOST_H_FROM_NOREPLY},
	{HINTS_S("sysadmin@"), 8, 0, false, LHOST_H_FROM_VERIZON},
	{NULL, 0, 0, 0, false, 0},
};
static const struct hints_word hints_from_at_a[] = {
	{HINTS_S("postmaster@au.com"), 10, 9, true, LHOST_H_FROM_EZWEB},
	{NULL, 0, 0, 0, false, 0},
};
/* lhost-biglobe.c's biglobe_hosts: these four */
static const struct hints_word hints_from_at_b[] = {
	{HINTS_S("postmaster@biglobe.ne.jp"), 10, 11, true, LHOST_H_FROM_BIGLOBE},
	{NULL, 0, 0, 0, false, 0},
};
static const struct hints_word hints_from_at_i[] = {
	{HINTS_S("postmaster@inacatv.ne.jp"), 10, 11, true, LHOST_H_FROM_BIGLOBE},
	{NULL, 0, 0, 0, false, 0},
};
static const struct hints_word hints_from_at_t[] = {
	{HINTS_S("postmaster@tmtv.ne.jp"), 10, 12, true, LHOST_H_FROM_BIGLOBE},
	{HINTS_S("postmaster@ttv.ne.jp"), 10, 12, true, LHOST_H_FROM_BIGLOBE},
	{NULL, 0, 0, 0, false, 0},
};
static const struct hints_word hints_from_at_e[] = {
	{HINTS_S("postmaster@ezweb.ne.jp"), 10, 9, true, LHOST_H_FROM_EZWEB},
	{NULL, 0, 0, 0, false, 0},
};
static const struct hints_word hints_from_at_m[] = {
	{HINTS_S("mailer-daemon@mx.facebook.com"), 13, 17, false, LHOST_H_FROM_FACEBOOK},
	{NULL, 0, 0, 0, false, 0},
};
static const struct hints_word hints_from_at_v[] = {
	{HINTS_S("post_master@vtext.com"), 11, 13, false, LHOST_H_FROM_VERIZON},
	{NULL, 0, 0, 0, false, 0},
};
static const struct hints_word hints_from_dot[] = {
	{HINTS_S("mail.ru"), 4, 5, true, LHOST_H_FROM_MAILRU}, /* the 'r': "mail." is everywhere */
	{NULL, 0, 0, 0, false, 0},
};

/* the '@' words that go on with byte c (any case) after it: NULL when
 * none. A word added above needs its byte here (test-parse-hints has a
 * sender for every word). */
static const struct hints_word *hints_from_after(char c)
{
	switch (str_lower_c(c)) {
	case 'a': return hints_from_at_a;
	case 'b': return hints_from_at_b;
	case 'e': return hints_from_at_e;
	case 'i': return hints_from_at_i;
	case 'm': return hints_from_at_m;
	case 't': return hints_from_at_t;
	case 'v': return hints_from_at_v;
	default: return NULL;
	}
}

/* The two bytes after an '@' that a group of hints_from_after() may go
 * on with, by the first (lower-case; 0: none): "au", "bi", "ez", "in",
 * "mx", "tm" or "tt", "vt". A word added to a group needs its bytes here
 * (test-parse-hints has a sender for every word). */
static const char hints_from_two[256][2] = {
	['a'] = "u", ['b'] = "i", ['e'] = "z", ['i'] = "n", ['m'] = "x", ['t'] = {'m', 't'}, ['v'] = "t",
};

/* May a From word be at from[pos], an '@' or a '.'? The bytes next to it
 * say no to most: "mail.ru" has an 'r' (any case) after its '.', the
 * words that end in '@' "ly" or "in" before it, the others two bytes
 * after it that a group starts with (hints_from_two: a host's first byte
 * alone, 'm' of "mail." or "mx", let too many through). A superset of
 * hints_from_word()'s own tests (any case: the groups' words are in one,
 * or a superset), inline: a sender has two or three anchors, and a call
 * apiece cost more than this. */
static inline bool hints_from_may(const char *from, size_t n, size_t pos)
{
	if (from[pos] == '.')
		return pos + 1 < n && str_lower_c(from[pos + 1]) == 'r';
	if (pos > 1 && ((from[pos - 1] == 'y' && from[pos - 2] == 'l') || (from[pos - 1] == 'n' && from[pos - 2] == 'i')))
		return true;
	if (pos + 2 < n) {
		const char *two = hints_from_two[(unsigned char)str_lower_c(from[pos + 1])];
		char c2 = str_lower_c(from[pos + 2]);

		return two[0] && (c2 == two[0] || c2 == two[1]);
	}
	return false;
}

/* the From words at from[pos], an '@' or a '.' */
static uint64_t hints_from_word(const char *from, size_t n, size_t pos)
{
	const struct hints_word *after;

	if (from[pos] == '.')
		return hints_anchor(from, n, pos, hints_from_dot);
	after = pos + 1 < n ? hints_from_after(from[pos + 1]) : NULL;
	return hints_anchor(from, n, pos, hints_from_at_end) | (after ? hints_anchor(from, n, pos, after) : 0);
}

/* Is the literal lit (ll bytes) in s[0..n) with its byte back at s[pos]
 * (pos < n)? For the words found by one byte of theirs, at a fixed place
 * in them. */
static inline bool hints_lit_at(const char *s, size_t n, size_t pos, size_t back, const char *lit, size_t ll)
{
	return pos >= back && n - (pos - back) >= ll && memcmp(s + pos - back, lit, ll) == 0;
}
#define HINTS_LIT_AT(s, n, pos, back, lit) hints_lit_at(s, n, pos, back, lit, sizeof(lit) - 1)

/* "Mail Delivery Subsystem" (X5's sender or subject) with its 'D' at
 * s[pos] */
static inline bool hints_mdsub_at(const char *s, size_t n, size_t pos)
{
	return HINTS_LIT_AT(s, n, pos, 5, "Mail Delivery Subsystem");
}

/* The From phrases, each found at every place of a byte of it (its 'D',
 * or its 'C'), in the pass that finds the '@' and '.' words: as
 * text_find() of each over the whole sender, without two calls and their
 * set-up (~170 instructions a message). A From of fewer than 20 bytes has
 * none. "Mail Delivery System" is only half of MXLogic's fact: the
 * caller looks for the other. */
#define HINTS_FROM_MDS (UINT64_C(1) << 7) /* no fact's bit: the caller's */
static inline uint64_t hints_from_phrase(const char *from, size_t n, size_t pos)
{
	if (from[pos] == 'D')
		return (HINTS_LIT_AT(from, n, pos, 5, "Mail Delivery System") ? HINTS_FROM_MDS : 0) |
		       (hints_mdsub_at(from, n, pos) ? LHOST_H_MDSUB : 0);
	return HINTS_LIT_AT(from, n, pos, 0, "Courier mail server at ") ? LHOST_H_COURIER : 0;
}

/* The From words at every '@' and '.' of from[0..n), and the phrases
 * above, found sixteen bytes a step where SSE2 is there (the block that
 * ends it too, the bytes already looked at masked out) instead of by a
 * memchr() per dot: natively the calls cost more than the bytes. */
static uint64_t hints_from_anchors(const char *from, size_t n)
{
	uint64_t bits = 0;
	size_t i = 0;

#ifdef __SSE2__
	if (n >= 16) {
		const __m128i at = _mm_set1_epi8('@'), dot = _mm_set1_epi8('.');
		const __m128i dee = _mm_set1_epi8('D'), cee = _mm_set1_epi8('C');

		for (size_t w = 0;; w += 16) {
			unsigned keep = 0xFFFFu;
			unsigned m, ph;
			__m128i b;

			if (w + 16 > n) { /* the sixteen that end from */
				keep <<= w - (n - 16);
				w = n - 16;
			}
			b = _mm_loadu_si128((const __m128i *)(const void *)(from + w));
			m = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(b, at), _mm_cmpeq_epi8(b, dot))) &
			    keep;
			ph = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(b, dee), _mm_cmpeq_epi8(b, cee))) &
			     keep;
			for (; m; m &= m - 1) {
				size_t pos = w + (size_t)__builtin_ctz(m);

				if (hints_from_may(from, n, pos))
					bits |= hints_from_word(from, n, pos);
			}
			for (; ph; ph &= ph - 1)
				bits |= hints_from_phrase(from, n, w + (size_t)__builtin_ctz(ph));
			if (w + 16 >= n)
				return bits;
		}
	}
#endif
	for (; i < n; i++) {
		if ((from[i] == '@' || from[i] == '.') && hints_from_may(from, n, i))
			bits |= hints_from_word(from, n, i);
		if (from[i] == 'D' || from[i] == 'C')
			bits |= hints_from_phrase(from, n, i);
	}
	return bits;
}

/* (n: from's length, kept by the view) */
static uint64_t hints_of_from(const char *from, size_t n)
{
	uint64_t bits;

	if (!from)
		return 0;
	bits = hints_from_anchors(from, n);
	if ((bits & HINTS_FROM_MDS) && text_find_ci(from, n, "mxlogic"))
		bits |= LHOST_H_FROM_MXLOGIC;
	bits &= ~HINTS_FROM_MDS;
	if (from[0] == '"' && n >= 11 && memcmp(from, "\"InterScan ", 11) == 0)
		bits |= LHOST_H_FROM_INTERSCAN;
	if (from[0] == '"' && n >= 22 && memcmp(from, "\"Mail Delivery System\"", 22) == 0)
		bits |= LHOST_H_FROM_MDS_QUOTED;
	if ((from[0] == '"' && n >= 19 && memcmp(from, "\"Content-filter at ", 19) == 0) ||
	    (from[0] == 'C' && n >= 18 && memcmp(from, "Content-filter at ", 18) == 0))
		bits |= LHOST_H_FROM_AMAVIS;
	return bits;
}
#undef HINTS_FROM_MDS

/* Is needle in the len bytes of hay? Looked for by its byte k, rarer in
 * text than its first (the 'F' of "DragonFly", not the 'T' of "This"):
 * every occurrence of that byte is tried, so the answer is text_find()'s. */
static bool hints_find_at(const char *hay, size_t len, const char *needle, size_t k)
{
	size_t nl = strlen(needle);

	if (nl > len)
		return false;
	for (const char *p = hay + k, *end = hay + len - nl + k + 1; p < end; p++) {
		p = memchr(p, needle[k], (size_t)(end - p));
		if (!p)
			return false;
		if (memcmp(p - k, needle, nl) == 0)
			return true;
	}
	return false;
}

/* Subject tests. The whole subject or its start (HINTS_IS, HINTS_STARTS):
 * rows grouped by their first byte, and the subject's first byte picks the
 * group to compare (it says no to all of them in most mail). Anywhere in
 * it (hints_subj_has, each text with a ':'): looked for at each ':' of the
 * subject (most have none: "Undelivered Mail Returned to Sender").
 * "delivery status notification", in any case, is looked for in all. */
enum hints_how { HINTS_IS, HINTS_STARTS };

static const struct hints_subject {
	const char *text;
	size_t len;
	enum hints_how how;
	uint64_t bit;
} hints_subjects[] = {
	/* 0-1: 'D' */
	{HINTS_S("DELIVERY"), HINTS_STARTS, LHOST_H_SUBJ_DELIVERY},
	{HINTS_S("Delivery Notification: "), HINTS_STARTS, LHOST_H_MSGSRV},
	/* 2-4: 'M' */
	{HINTS_S("Mail System Error - Returned Mail"), HINTS_IS, LHOST_H_SUBJ_EZWEB},
	{HINTS_S("Message delivery has failed"), HINTS_IS, LHOST_H_SUBJ_MAILFOUNDRY},
	{HINTS_S("Mail could not be delivered"), HINTS_IS, LHOST_H_SUBJ_INTERSCAN},
	/* 5: 'P' */
	{HINTS_S("Permanent Delivery Failure"), HINTS_STARTS, LHOST_H_SUBJ_PERMANENT},
	/* 6-7: 'R' */
	{HINTS_S("Returned Mail: "), HINTS_STARTS, LHOST_H_SUBJ_RETURNED},
	{HINTS_S("Returned mail:"), HINTS_STARTS, LHOST_H_SUBJ_RETURNED_LC},
	/* 8: 'T' */
	{HINTS_S("There was an error sending your mail"), HINTS_STARTS, LHOST_H_SUBJ_ERROR_SENDING},
	/* 9: 'U' */
	{HINTS_S("Undeliverable "), HINTS_STARTS, LHOST_H_SUBJ_UNDELIV_SP},
	/* 10: '[' */
	{HINTS_S("[BOUNCE]"), HINTS_IS, LHOST_H_SUBJ_BOUNCE},
	/* 11: 'f' */
	{HINTS_S("failure notice"), HINTS_STARTS, LHOST_H_SUBJ_FAILURE},
	/* 12: 'W' */
	{HINTS_S("Warning: "), HINTS_STARTS, LHOST_H_SUBJ_WARNING},
	/* 13-14: 0xe3, InterScan MSS's two Japanese subjects, in UTF-8 */
	{HINTS_S("\xe3\x83\xa1\xe3\x83\x83\xe3\x82\xbb\xe3\x83\xbc\xe3\x82\xb8\xe3\x82\x92\xe9\x85\x8d\xe4\xbf\xa1"
	 "\xe3\x81\xa7\xe3\x81\x8d\xe3\x81\xbe\xe3\x81\x9b\xe3\x82\x93\xe3\x80\x82"),
	 HINTS_IS, LHOST_H_SUBJ_INTERSCAN},
	{HINTS_S("\xe3\x83\xa1\xe3\x83\xbc\xe3\x83\xab\xe9\x85\x8d\xe4\xbf\xa1\xe3\x81\xab\xe5\xa4\xb1\xe6\x95\x97"
	 "\xe3\x81\x97\xe3\x81\xbe\xe3\x81\x97\xe3\x81\x9f"),
	 HINTS_IS, LHOST_H_SUBJ_INTERSCAN},
};

/* the rows [lo, hi) of hints_subjects whose text starts with byte c, at
 * [c]: one load, not a walk of the bytes that mispredicted where it
 * stopped. A row added above needs its byte here (test-parse-hints has a
 * message for every row). */
static const struct {
	unsigned char lo, hi;
} hints_subj_first[256] = {
	['D'] = {0, 2}, ['M'] = {2, 5}, ['P'] = {5, 6}, ['R'] = {6, 8}, ['T'] = {8, 9},
	['U'] = {9, 10}, ['['] = {10, 11}, ['f'] = {11, 12}, ['W'] = {12, 13}, [0xe3] = {13, 15},
};

/* each with one ':', at colon: every place one may be is a ':' of the
 * subject that many bytes on, where the text is compared (not a search
 * for each text in the whole subject) */
static const struct hints_subject_has {
	const char *text;
	size_t len;
	size_t colon;
	uint64_t bit;
} hints_subj_has[] = {
	{HINTS_S("Undeliverable:"), 13, LHOST_H_SUBJ_UNDELIV},
	{HINTS_S("NOTICE: mail delivery status."), 6, LHOST_H_COURIER},
	{HINTS_S("WARNING: delayed mail."), 7, LHOST_H_COURIER},
};

/* The hints_subj_has texts in s (n bytes), at each of its ':'. */
static uint64_t hints_subj_colons(const char *s, size_t n)
{
	uint64_t bits = 0;

	for (const char *c = memchr(s, ':', n); c; c = memchr(c + 1, ':', n - (size_t)(c + 1 - s))) {
		size_t pos = (size_t)(c - s);

		for (size_t i = 0; i < sizeof(hints_subj_has) / sizeof(hints_subj_has[0]); i++) {
			const struct hints_subject_has *t = &hints_subj_has[i];

			if (pos >= t->colon && n - (pos - t->colon) >= t->len && s[pos - t->colon] == t->text[0] &&
			    memcmp(s + pos - t->colon, t->text, t->len) == 0)
				bits |= t->bit;
		}
	}
	return bits;
}

/* Has s (n bytes) "delivery status notification", in any case? Its
 * blanks at 8 and 15 are looked at first, for sixteen starts at a time
 * where SSE2 is there: most subjects have no start with both, where
 * text_find_ci_n() tried each 'd' ("Undelivered", "Mail delivery") after
 * a call and its set-up (~120 instructions a subject). */
static bool hints_subj_has_dsn(const char *s, size_t n)
{
	static const char w[] = "delivery status notification";
	const size_t wl = sizeof(w) - 1;
	size_t i = 0, last;

	if (n < wl)
		return false;
	last = n - wl; /* the last start */
#ifdef __SSE2__
	{
		const __m128i sp = _mm_set1_epi8(' ');

		/* the starts i .. i + 15 (those up to last), their blanks at
		 * i + 8 .. i + 30: while those are in s */
		for (; i <= last && i + 31 <= n; i += 16) {
			__m128i b8 = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 8));
			__m128i b15 = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 15));
			unsigned m = (unsigned)_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(b8, sp), _mm_cmpeq_epi8(b15, sp)));

			if (last - i < 15)
				m &= (2u << (last - i)) - 1;
			for (; m; m &= m - 1)
				if (hints_eq_ci(s + i + (size_t)__builtin_ctz(m), w, wl))
					return true;
		}
	}
#endif
	for (; i <= last; i++)
		if (s[i + 15] == ' ' && s[i + 8] == ' ' && hints_eq_ci(s + i, w, wl))
			return true;
	return false;
}

/* The subject's phrases anywhere in it, at each of its 'D' (most
 * subjects have none or one): X5's "Mail Delivery Subsystem" and
 * PowerMTA's "Delivery report", which those decoders look for first (a
 * call each for nearly every message with a DSN part, ~200 instructions) */
static uint64_t hints_subj_ds(const char *s, size_t n)
{
	uint64_t bits = 0;

	for (const char *d = memchr(s, 'D', n); d; d = memchr(d + 1, 'D', n - (size_t)(d + 1 - s))) {
		size_t pos = (size_t)(d - s);

		if (hints_mdsub_at(s, n, pos))
			bits |= LHOST_H_MDSUB;
		if (HINTS_LIT_AT(s, n, pos, 0, "Delivery report"))
			bits |= LHOST_H_SUBJ_DELIV_REPORT;
	}
	return bits;
}

/* (n: s's length, kept by the view: the rows carry theirs, and no test
 * measures either) */
static uint64_t hints_of_subject(const char *s, size_t n)
{
	uint64_t bits = 0;

	if (!s)
		return 0;
	bits |= hints_subj_ds(s, n);
	for (size_t i = hints_subj_first[(unsigned char)s[0]].lo; i < hints_subj_first[(unsigned char)s[0]].hi; i++) {
		const struct hints_subject *t = &hints_subjects[i];

		if (t->how == HINTS_IS ? n == t->len && memcmp(s, t->text, n) == 0
				       : n >= t->len && memcmp(s, t->text, t->len) == 0)
			bits |= t->bit;
	}
	/* Sendmail's end, its last byte first */
	if (n >= 26 && s[n - 1] == 's' && memcmp(s + n - 26, "see transcript for details", 26) == 0)
		bits |= LHOST_H_SUBJ_TRANSCRIPT;
	bits |= hints_subj_colons(s, n);
	if (hints_subj_has_dsn(s, n))
		bits |= LHOST_H_SUBJ_DSN;
	return bits;
}

/* The Message-ID words at mid[pos], a '.': ".JavaMail." starting there,
 * "outlook.com" with its '.' there. Each has a '.' at a fixed place, so
 * looking at every '.' finds every place either may be. */
static uint64_t hints_mid_dot(const char *mid, size_t n, size_t pos)
{
	uint64_t bits = 0;

	if (HINTS_LIT_AT(mid, n, pos, 0, ".JavaMail."))
		bits |= LHOST_H_MID_JAVAMAIL;
	if (HINTS_LIT_AT(mid, n, pos, 7, "outlook.com"))
		bits |= LHOST_H_MID_OUTLOOK;
	return bits;
}

/* The Message-ID facts: its two words, at every '.' of mid[0..n), found
 * sixteen bytes a step where SSE2 is there (the block that ends it too,
 * the bytes already looked at masked out), instead of a search for each
 * word; and Courier's start. */
static uint64_t hints_of_mid(const char *mid, size_t n)
{
	uint64_t bits = 0;
	size_t i = 0;

	if (n >= 9 && memcmp(mid, "<courier.", 9) == 0)
		bits |= LHOST_H_COURIER;
#ifdef __SSE2__
	if (n >= 16) {
		const __m128i dot = _mm_set1_epi8('.');

		for (size_t w = 0;; w += 16) {
			unsigned keep = 0xFFFFu, m, jay, kay;
			__m128i b;

			if (w + 16 > n) { /* the sixteen that end mid */
				keep <<= w - (n - 16);
				w = n - 16;
			}
			b = _mm_loadu_si128((const __m128i *)(const void *)(mid + w));
			jay = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(b, _mm_set1_epi8('J')));
			kay = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(b, _mm_set1_epi8('k')));

			/* only a dot with a 'J' after it or a 'k' before it (those
			 * at the block's ends, whose neighbour is in the next or
			 * the last block, too): most ids have dots, few of these */
			m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(b, dot)) & ((jay >> 1) | (kay << 1) | 0x8001u) & keep;
			for (; m; m &= m - 1)
				bits |= hints_mid_dot(mid, n, w + (size_t)__builtin_ctz(m));
			if (w + 16 >= n)
				return bits;
		}
	}
#endif
	for (; i < n; i++)
		if (mid[i] == '.')
			bits |= hints_mid_dot(mid, n, i);
	return bits;
}

/* MessagingServer's boundary, "Boundary_(ID_" anywhere in the
 * Content-Type (as its own first check reads it), at each '(' of the
 * value (most have none) */
static uint64_t hints_of_ctype(const struct header_list *hl)
{
	size_t n;
	const char *s = hdr_get_n(hl, "content-type", &n);

	if (!s)
		return 0;
	for (const char *p = memchr(s, '(', n); p; p = memchr(p + 1, '(', n - (size_t)(p + 1 - s)))
		if (HINTS_LIT_AT(s, n, (size_t)(p - s), 9, "Boundary_(ID_"))
			return LHOST_H_MSGSRV;
	return 0;
}

void lhost_hints_make(const struct mail_view *v, struct lhost_hints *h)
{
	lhost_hints_make_v(v, h, simd_avx2());
}

void lhost_hints_make_v(const struct mail_view *v, struct lhost_hints *h, bool avx2)
{
	size_t ml;
	const char *mid = hdr_get_n(&v->head, "message-id", &ml);
	uint64_t bits = hints_of_names(&v->head) | hints_of_received(&v->head, avx2) |
			hints_of_from(v->from, v->from_len) | hints_of_subject(v->subject, v->subject_len) |
			hints_of_ctype(&v->head);

	bits |= v->dsn ? LHOST_H_DSN : LHOST_H_NO_DSN;
	if (mid)
		bits |= hints_of_mid(mid, ml);
	if (hints_find_at(v->body, v->body_len < 1024 ? v->body_len : 1024, "This is the DragonFly Mail Agent", 18))
		bits |= LHOST_H_BODY_DRAGONFLY;
	/* strncmp()'s answer (the body ends in a NUL), without its call */
	if (v->body_len >= 21 && memcmp(v->body, "Hi. This is the qmail", 21) == 0)
		bits |= LHOST_H_BODY_QMAIL;
	h->bits = bits;
}

size_t lhost_hints_rows_make(const struct lhost_decoder *d, struct lhost_hints_rows *t)
{
	size_t i;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < 64 && d[i].name; i++) {
		uint64_t row = UINT64_C(1) << i;

		t->rows |= row;
		if (!d[i].any)
			t->free_any |= row;
		t->all_bits |= d[i].all;
		t->any_bits |= d[i].any;
		for (uint64_t m = d[i].all; m; m &= m - 1)
			t->need[__builtin_ctzll(m)] |= row;
		for (uint64_t m = d[i].any; m; m &= m - 1)
			t->in_any[__builtin_ctzll(m)] |= row;
	}
	return i;
}
