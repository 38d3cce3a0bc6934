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
#include <string.h>

#include "parse/bounce.h"

/* Pseudo reason of rows that veto "rejected" (Sisimai's $isnot list). */
#define REASON_TEXT_NOT_REJECTED REASON_COUNT

struct reason_text_row {
	const char *pattern;
	unsigned char reason; /* enum reason, or REASON_TEXT_NOT_REJECTED */
};

struct reason_text_hits {
	uint64_t mask;                           /* bit r set: reason r matched */
	const char *pattern[REASON_COUNT + 1];   /* first pattern found per reason; set
						  * only where mask has its bit */
};

/* The bytes other than [0-9a-z] that a pattern may begin with: the
 * scanner tries no other non-word byte (test-parse-reason-text checks
 * that every bucket's byte is a word byte or one of these). */
#define REASON_TEXT_STARTERS " #/:>"

/* The second bytes of the patterns that begin with a blank, as bits from
 * 'a' (all are letters, checked by test-parse-reason-text): the scanner
 * tries a blank only before a word that starts with one of them. */
#define REASON_TEXT_BLANK_NEXT                                                                      \
	((1u << ('h' - 'a')) | (1u << ('i' - 'a')) | (1u << ('s' - 'a')) | (1u << ('t' - 'a')))

static inline bool reason_text_blank_may(unsigned char next)
{
	unsigned d = (unsigned)next - 'a';

	return d < 26 && ((REASON_TEXT_BLANK_NEXT >> d) & 1u);
}

/* Scan lower-cased text[0..len) (blanks folded to single spaces). */
void reason_text_scan(const char *text, size_t len, struct reason_text_hits *hits);
/* The same, with the AVX2 step (avx2: the CPU has it, simd_avx2()) or
 * without: for the tests, which compare the two. */
void reason_text_scan_v(const char *text, size_t len, struct reason_text_hits *hits, bool avx2);

static inline bool reason_text_has(const struct reason_text_hits *h, unsigned r)
{
	return (h->mask >> r) & 1u;
}

/* The first three bytes of the patterns (every pattern has three literal
 * ones), precomputed in reason-text-prefix.c, which is generated, and
 * checked, by tests/unit/test-parse-reason-prefix.c:
 *
 * - reason_text_prefix, a filter: bit reason_text_prefix_hash(a, b, c, 13)
 *   is set when a pattern begins with a, b, c. The scanner rejects most
 *   positions with it at once (a hash collision only costs a lookup).
 * - reason_text_starts, where the rows of each three-byte prefix are in the
 *   bucket of its first byte, in open addressing from slot
 *   reason_text_prefix_hash(a, b, c, 9): the walk starts at the fourth byte
 *   instead of bisecting the bucket for the second and third. */
#define REASON_TEXT_PREFIX_BITS 13
#define REASON_TEXT_START_BITS 9
extern const uint64_t reason_text_prefix[(1u << REASON_TEXT_PREFIX_BITS) / 64];

struct reason_text_start {
	unsigned char b[3];    /* the prefix */
	unsigned char headed;  /* 1: each of its rows has REASON_TEXT_HEAD literal bytes; 2: and
				* REASON_TEXT_HEAD2 */
	unsigned short lo, hi; /* its rows [lo, hi) in the bucket of b[0]; hi 0: empty slot */
	unsigned short node;   /* the walk's first node (reason_text_nodes) */
};
extern const struct reason_text_start reason_text_starts[1u << REASON_TEXT_START_BITS];

/* - reason_text_nodes, the walk down a bucket's sorted rows as an
 *   automaton (same file, same generator): a node is the rows [lo, hi)
 *   that share the text's bytes up to k. With few rows (whole) the scanner
 *   compares them one by one from k; else the rows share literal bytes up
 *   to k2, the rows [lo, end) end there and [star_lo, star_hi) have a '*'
 *   there, and the text's byte k2 picks the next node among nchild from
 *   reason_text_next_byte[child] / reason_text_next[child] (the bytes are
 *   never 0, and sixteen 0s end the array, for a vector load). The rows, and
 *   the order they are tried in, are the ones the bisecting walk had.
 *   A whole node's rows have their literal bytes from k (up to a '*' or
 *   the end) counted in reason_text_lit[child + row - lo], and their byte
 *   k in reason_text_first[child + row - lo]: most rows fail on it, and
 *   are passed over without reading the row or its pattern (natively,
 *   those reads were most of the walk's time: cache misses). Likewise the
 *   bytes of a stretch k..k2 are in reason_text_stretch, one after the
 *   other (and eight zeros after the last), instead of read from the first
 *   row's pattern. */
struct reason_text_node {
	unsigned short lo, hi, end, star_lo, star_hi, child;
	unsigned short str; /* the stretch k..k2, at reason_text_stretch[str] */
	unsigned char k, k2, nchild, whole;
};
extern const struct reason_text_node reason_text_nodes[];
extern const size_t reason_text_n_nodes, reason_text_n_next, reason_text_n_lit; /* for the test */
extern const unsigned char reason_text_next_byte[];
extern const unsigned short reason_text_next[];
extern const unsigned char reason_text_lit[];
extern const unsigned char reason_text_first[];
extern const char reason_text_stretch[];
extern const size_t reason_text_n_stretch; /* for the test */

/* The three bytes a, b, c as one number (a at bits 0-7), which the
 * filters and the slots hash: the scanner makes it once a place, from one
 * load where the text has a fourth byte (scan_prefix_at() in reason-text.c). */
static inline uint32_t reason_text_prefix3(unsigned char a, unsigned char b, unsigned char c)
{
	return (uint32_t)a | (uint32_t)b << 8 | (uint32_t)c << 16;
}

static inline unsigned reason_text_prefix_hash_x(uint32_t x, unsigned bits)
{
	return (unsigned)((x * 0x9e3779b1u) >> (32 - bits));
}

static inline unsigned reason_text_prefix_hash(unsigned char a, unsigned char b, unsigned char c, unsigned bits)
{
	return reason_text_prefix_hash_x(reason_text_prefix3(a, b, c), bits);
}

static inline bool reason_text_prefix_may_x(uint32_t x)
{
	unsigned h = reason_text_prefix_hash_x(x, REASON_TEXT_PREFIX_BITS);

	return (reason_text_prefix[h >> 6] >> (h & 63)) & 1;
}

static inline bool reason_text_prefix_may(const char *s)
{
	return reason_text_prefix_may_x(
		reason_text_prefix3((unsigned char)s[0], (unsigned char)s[1], (unsigned char)s[2]));
}

/* - reason_text_head, a second filter (same file, same generator): bit
 *   reason_text_head_hash(s) is set when a pattern's first REASON_TEXT_HEAD
 *   bytes, all literal, are s's. Most positions that pass the first filter
 *   are a common word ("the", "address") with no pattern going on as the
 *   text does: this rules them out before the walk. Only prefixes whose
 *   rows are all that long (headed) may be ruled out so.
 * - reason_text_head2, the same with REASON_TEXT_HEAD2 bytes, for the
 *   prefixes whose rows are all that long (headed 2): many texts have a
 *   pattern's first eight bytes and go on otherwise ("rejected", "message ",
 *   "recipien"). */
#define REASON_TEXT_HEAD 8
#define REASON_TEXT_HEAD2 12
#define REASON_TEXT_HEAD_BITS 14
extern const uint64_t reason_text_head[(1u << REASON_TEXT_HEAD_BITS) / 64];
extern const uint64_t reason_text_head2[(1u << REASON_TEXT_HEAD_BITS) / 64];

/* n bytes at s (8 or 4) as a number, byte k at bits 8k on any machine, as
 * the generated tables have them */
static inline uint64_t reason_text_load(const char *s, size_t n)
{
	uint64_t x = 0;

	if (n == 8) {
		memcpy(&x, s, 8);
	} else {
		uint32_t y;

		memcpy(&y, s, 4);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		y = __builtin_bswap32(y);
#endif
		return y;
	}
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	x = __builtin_bswap64(x);
#endif
	return x;
}

static inline unsigned reason_text_head_hash(const char *s)
{
	return (unsigned)((reason_text_load(s, 8) * UINT64_C(0x9e3779b97f4a7c15)) >> (64 - REASON_TEXT_HEAD_BITS));
}

static inline unsigned reason_text_head2_hash(const char *s)
{
	uint64_t x = reason_text_load(s, 8) * UINT64_C(0x9e3779b97f4a7c15) ^
		     reason_text_load(s + 8, 4) * UINT64_C(0xc2b2ae3d27d4eb4f);

	return (unsigned)((x * UINT64_C(0x165667b19e3779f9)) >> (64 - REASON_TEXT_HEAD_BITS));
}

static inline bool reason_text_head_may(const char *s)
{
	unsigned h = reason_text_head_hash(s);

	return (reason_text_head[h >> 6] >> (h & 63)) & 1;
}

/* - reason_text_open, a small filter (64 bytes) of the prefixes that
 *   are not headed: a prefix that is not in it is headed (or no prefix),
 *   so the head filter may rule the text out before the prefix's slot is
 *   looked for (most words that pass the first filter fail this one). */
#define REASON_TEXT_OPEN_BITS 9
extern const uint64_t reason_text_open[(1u << REASON_TEXT_OPEN_BITS) / 64];

static inline bool reason_text_open_may_x(uint32_t x)
{
	unsigned h = reason_text_prefix_hash_x(x, REASON_TEXT_OPEN_BITS);

	return (reason_text_open[h >> 6] >> (h & 63)) & 1;
}

static inline bool reason_text_head2_may(const char *s)
{
	unsigned h = reason_text_head2_hash(s);

	return (reason_text_head2[h >> 6] >> (h & 63)) & 1;
}

/* The slot of the rows beginning with the three bytes x
 * (reason_text_prefix3), or NULL when none do. */
static inline const struct reason_text_start *reason_text_start_find_x(uint32_t x)
{
	unsigned mask = (1u << REASON_TEXT_START_BITS) - 1;
	unsigned h = reason_text_prefix_hash_x(x, REASON_TEXT_START_BITS);

	for (; reason_text_starts[h].hi; h = (h + 1) & mask) {
		const unsigned char *b = reason_text_starts[h].b;

		if (reason_text_prefix3(b[0], b[1], b[2]) == x)
			return &reason_text_starts[h];
	}
	return NULL;
}

/* For tests: the rows whose pattern begins with byte c (sorted by bytes). */
const struct reason_text_row *reason_text_bucket(unsigned char c, size_t *n_out);

/* '*'-wildcard match of pattern at the start of s[0..n); for tests too. */
bool reason_text_match_at(const char *s, size_t n, const char *pattern);

#endif
