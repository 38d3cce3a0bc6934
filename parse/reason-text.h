/* reason-text.h: the text patterns of each reason, matched in one pass.
 *
 * reason_text_scan() looks for every pattern of the table in an already
 * lower-cased diagnostic and records which reasons matched; the caller
 * (reason.c) then applies the order in which reasons are tried. A pattern
 * is literal text, except '*', which stands for one or more non-blank bytes.
 * A pattern is only looked for where a word starts ("user unknown" is not
 * found inside "superuser unknown"): that keeps the scan fast.
 */
#ifndef BOUNCER_PARSE_REASON_TEXT_H
#define BOUNCER_PARSE_REASON_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parse/bounce.h"

/* Pseudo reason of rows that veto "rejected" (Sisimai's $isnot list). */
#define REASON_TEXT_NOT_REJECTED REASON_COUNT

struct reason_text_row {
	const char *pattern;
	unsigned char reason; /* enum reason, or REASON_TEXT_NOT_REJECTED */
};

struct reason_text_hits {
	uint64_t mask;                           /* bit r set: reason r matched */
	const char *pattern[REASON_COUNT + 1];   /* first pattern found per reason */
};

/* Scan lower-cased text[0..len) (blanks folded to single spaces). */
void reason_text_scan(const char *text, size_t len, struct reason_text_hits *hits);

static inline bool reason_text_has(const struct reason_text_hits *h, unsigned r)
{
	return (h->mask >> r) & 1u;
}

/* A filter of the first three bytes of the patterns (every pattern has
 * three literal ones): bit reason_text_prefix_hash(a, b, c) of
 * reason_text_prefix is set when a pattern begins with a, b, c. The scanner
 * rejects most positions with it at once; a hash collision only costs a
 * walk that finds nothing. reason-text-prefix.c is generated, and checked,
 * by tests/unit/test-parse-reason-prefix.c. */
#define REASON_TEXT_PREFIX_BITS 13
extern const uint64_t reason_text_prefix[(1u << REASON_TEXT_PREFIX_BITS) / 64];

static inline unsigned reason_text_prefix_hash(unsigned char a, unsigned char b, unsigned char c)
{
	uint32_t x = (uint32_t)a | (uint32_t)b << 8 | (uint32_t)c << 16;

	return (unsigned)((x * 0x9e3779b1u) >> (32 - REASON_TEXT_PREFIX_BITS));
}

static inline bool reason_text_prefix_may(const char *s)
{
	unsigned h = reason_text_prefix_hash((unsigned char)s[0], (unsigned char)s[1], (unsigned char)s[2]);

	return (reason_text_prefix[h >> 6] >> (h & 63)) & 1;
}

/* For tests: the rows whose pattern begins with byte c (sorted by bytes). */
const struct reason_text_row *reason_text_bucket(unsigned char c, size_t *n_out);

/* '*'-wildcard match of pattern at the start of s[0..n); for tests too. */
bool reason_text_match_at(const char *s, size_t n, const char *pattern);

#endif
