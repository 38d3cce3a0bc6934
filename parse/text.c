/* text.c: bounded text helpers for decoders (see text.h). */
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "util/simd.h"
#include "parse/text.h"
#include "util/str.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define EQ_ONES UINT64_C(0x0101010101010101)
#define EQ_HIGH UINT64_C(0x8080808080808080)
/* eq_ci() of eight bytes in one word each: equal but for bit 5 (x | 0x20
 * the same as y | 0x20), and where bit 5 differs, x | 0x20 a letter
 * 'a'..'z' (its high bit clear, its low seven from 'a' to 'z': a sum per
 * byte that carries into no other) */
static inline bool eq_ci8(uint64_t x, uint64_t y)
{
	uint64_t lx = x | EQ_ONES * 0x20, h, letter;

	if (lx != (y | EQ_ONES * 0x20))
		return false;
	if (x == y)
		return true;
	h = lx & ~EQ_HIGH;
	letter = (h + EQ_ONES * (0x80 - 'a')) & ~(h + EQ_ONES * (0x7F - 'z')) & ~lx & EQ_HIGH;
	return (((x ^ y) << 2) & ~letter) == 0; /* bit 5 of a byte to its bit 7 */
}
#endif

static bool eq_ci(const char *s, const char *needle, size_t n)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	/* eight bytes a step, the last eight read again in part: the
	 * searches' candidates are compared in full (a needle of 20 to 40
	 * bytes took a byte loop ~7 instructions a byte) */
	if (n >= 8) {
		uint64_t x, y;

		for (size_t k = 0; k + 8 < n; k += 8) {
			memcpy(&x, s + k, 8);
			memcpy(&y, needle + k, 8);
			if (!eq_ci8(x, y))
				return false;
		}
		memcpy(&x, s + n - 8, 8);
		memcpy(&y, needle + n - 8, 8);
		return eq_ci8(x, y);
	}
#endif
	for (size_t k = 0; k < n; k++) {
		unsigned char a = (unsigned char)s[k], b = (unsigned char)needle[k];

		/* equal, or the same ASCII letter in the other case */
		if (a != b && ((a | 0x20) != (b | 0x20) || (unsigned char)((a | 0x20) - 'a') > 25))
			return false;
	}
	return true;
}

#ifdef __SSE2__
/* The r < 16 bytes at s as a block, NULs after them: loads that stay
 * inside s, and no buffer on the stack (which would cost every call of
 * text_copy_trim() and of a search a stack guard) */
static inline __attribute__((always_inline)) __m128i load_small(const char *s, size_t r)
{
	uint64_t lo = 0, hi = 0;

	if (r > 8) {
		memcpy(&lo, s, 8);
		memcpy(&hi, s + r - 8, 8);
		hi >>= 8 * (16 - r); /* s[8..r) */
	} else if (r >= 4) {
		uint32_t a, b;

		memcpy(&a, s, 4);
		memcpy(&b, s + r - 4, 4);
		lo = (uint64_t)a | ((uint64_t)b >> (8 * (8 - r))) << 32; /* s[4..r) */
	} else {
		for (size_t k = 0; k < r; k++)
			lo |= (uint64_t)(unsigned char)s[k] << (8 * k);
	}
	return _mm_set_epi64x((long long)hi, (long long)lo);
}
#endif

/* a[0..n) == b[0..n): memcmp() without its call, eight bytes a step, for
 * the searches' rare candidates */
static inline bool same_bytes(const char *a, const char *b, size_t n)
{
	uint64_t x, y;

	for (; n >= 8; a += 8, b += 8, n -= 8) {
		memcpy(&x, a, 8);
		memcpy(&y, b, 8);
		if (x != y)
			return false;
	}
	for (; n; a++, b++, n--)
		if (*a != *b)
			return false;
	return true;
}

/* The searches: a needle is looked for by two of its bytes at once, its
 * last one and its first (in text_find_ci_n() the second when the first
 * is a space, as it is everywhere in text): a pair of bytes that far
 * apart is rare even when each byte ('s', ' ') is everywhere. Sixteen
 * starts a step, a bit each; the starts left after the steps are tried as
 * the sixteen that end the text, those already tried masked out, and a
 * text of fewer than sixteen starts in one step too. The first step with
 * a candidate hands over to find_rest(), which compares the candidates in
 * full and steps on: the search itself calls nothing but that (or the
 * AVX2 search of a long text, or memchr() for a needle of one byte), in a
 * tail call, so it saves few registers and has no frame, and most
 * searches (decoders look for a few markers in each short line: ~20 a
 * message, ~60 bytes each) have no candidate at all. The case-folded compare folds a letter by c | 0x20
 * (both cases in one compare), a byte that is not one as it is. */
struct find_pair_v {
#ifdef __SSE2__
	__m128i va, vz, fa, fz; /* the pair's bytes, their fold */
#else
	unsigned char ca, cz, fa, fz;
#endif
};

static inline __attribute__((always_inline)) struct find_pair_v find_pair_make(const char *needle, size_t nl,
									     size_t a, bool ci)
{
	unsigned char ca = (unsigned char)needle[a], cz = (unsigned char)needle[nl - 1], fa = 0, fz = 0;

	if (ci) {
		ca = (unsigned char)str_lower_c((char)ca);
		cz = (unsigned char)str_lower_c((char)cz);
		fa = (ca >= 'a' && ca <= 'z') ? 0x20 : 0;
		fz = (cz >= 'a' && cz <= 'z') ? 0x20 : 0;
	}
#ifdef __SSE2__
	return (struct find_pair_v){_mm_set1_epi8((char)ca), _mm_set1_epi8((char)cz), _mm_set1_epi8((char)fa),
				    _mm_set1_epi8((char)fz)};
#else
	return (struct find_pair_v){ca, cz, fa, fz};
#endif
}

#ifdef __SSE2__
/* The bits of the bytes of x equal to a byte v (sixteen times), folded by
 * fold (0x20 for a lower-case letter in a ci search, else 0) */
static inline unsigned find_eq(__m128i x, __m128i v, __m128i fold)
{
	return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_or_si128(x, fold), v));
}

static inline unsigned find_block(const char *hay, size_t s, size_t a, size_t z, const struct find_pair_v *pv)
{
	return find_eq(_mm_loadu_si128((const __m128i *)(const void *)(hay + s + a)), pv->va, pv->fa) &
	       find_eq(_mm_loadu_si128((const __m128i *)(const void *)(hay + s + z)), pv->vz, pv->fz);
}
#endif

/* The candidates (starts with both bytes of the pair, a bit each from
 * *ip) of the first block from the start *ip on that has any, *ip set to
 * the block's first start; 0 when none is left. The pair is at a and z
 * (the needle's last byte) from a start; the last start is last. */
static inline __attribute__((always_inline)) unsigned find_next(const char *hay, size_t len, size_t last, size_t a,
								 size_t z, const struct find_pair_v *pv, size_t *ip)
{
	size_t i = *ip;

#ifdef __SSE2__
	unsigned m;

	if (last >= 15) {
		size_t b = last - 15; /* the last block's first start */

		for (; i < b; i += 16)
			if ((m = find_block(hay, i, a, z, pv))) {
				*ip = i;
				return m;
			}
		*ip = b;
		return i <= last ? find_block(hay, b, a, z, pv) & (0xFFFFu << (i - b)) : 0;
	}
	/* fewer starts than a block: one look at the first and the last
	 * sixteen bytes of the text (the start s has its last byte at bit
	 * s + 15 - last of the latter), or at all of a shorter text */
	*ip = 0;
	if (i > last)
		return 0;
	if (len >= 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)hay);
		__m128i y = _mm_loadu_si128((const __m128i *)(const void *)(hay + len - 16));

		m = (find_eq(x, pv->va, pv->fa) >> a) & (find_eq(y, pv->vz, pv->fz) >> (15 - last));
	} else {
		__m128i x = load_small(hay, len);

		m = (find_eq(x, pv->va, pv->fa) >> a) & (find_eq(x, pv->vz, pv->fz) >> z);
	}
	return m & ((2u << last) - 1) & (0xFFFFu << i);
#else
	(void)len;
	/* a start at a time */
	for (; i <= last; i++)
		if (((unsigned char)hay[i + a] | pv->fa) == pv->ca && ((unsigned char)hay[i + z] | pv->fz) == pv->cz) {
			*ip = i;
			return 1;
		}
	return 0;
#endif
}

/* The step on a start: sixteen with SSE2, else one */
#ifdef __SSE2__
#define FIND_STEP 16
#else
#define FIND_STEP 1
#endif

/* The search from the candidates m of the block at start i on: each
 * compared in full, then the next blocks. The needle's a-th and last
 * bytes are known to be there. */
static inline __attribute__((always_inline)) const char *find_rest(const char *hay, size_t len, const char *needle,
								   size_t nl, size_t a, bool ci, size_t i, unsigned m)
{
	struct find_pair_v pv = find_pair_make(needle, nl, a, ci);

	for (;;) {
		for (; m; m &= m - 1) {
			const char *p = hay + i + (size_t)__builtin_ctz(m);

			if (ci ? eq_ci(p, needle, nl - 1) : same_bytes(p + 1, needle + 1, nl - 2))
				return p;
		}
		i += FIND_STEP;
		m = find_next(hay, len, len - nl, a, nl - 1, &pv, &i);
		if (!m)
			return NULL;
	}
}

static __attribute__((noinline)) const char *find_rest_cs(const char *hay, size_t len, const char *needle, size_t nl,
							   size_t i, unsigned m)
{
	return find_rest(hay, len, needle, nl, 0, false, i, m);
}

static __attribute__((noinline)) const char *find_rest_ci(const char *hay, size_t len, const char *needle, size_t nl,
							   size_t a, size_t i, unsigned m)
{
	return find_rest(hay, len, needle, nl, a, true, i, m);
}

#ifdef SIMD_HAVE_AVX2
static SIMD_AVX2_FN inline unsigned find_eq32(__m256i x, __m256i v, __m256i fold)
{
	return (unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_or_si256(x, fold), v));
}

/* The search of a text of 32 starts or more with AVX2: the same pairs,
 * 32 starts a step, the last 32 starts masked as the SSE2 steps do; a
 * text of ~60 bytes takes two steps instead of three, a long one half
 * as many. As with SSE2, the scan alone (find_avx2_cs(), find_avx2_ci())
 * is a leaf that saves no register: most searches end there with no
 * candidate, and a compare of the candidates inline cost every call six
 * pushes and pops. The first step with a candidate hands over to
 * find_avx2_rest(), in a tail call. */
struct find_pair32 {
	__m256i va, vz, fa, fz; /* the pair's bytes, their fold */
};

static SIMD_AVX2_FN inline __attribute__((always_inline)) struct find_pair32 find_pair32_make(const char *needle,
											 size_t nl, size_t a, bool ci)
{
	unsigned char ca = (unsigned char)needle[a], cz = (unsigned char)needle[nl - 1], fa = 0, fz = 0;

	if (ci) {
		ca = (unsigned char)str_lower_c((char)ca);
		cz = (unsigned char)str_lower_c((char)cz);
		fa = (ca >= 'a' && ca <= 'z') ? 0x20 : 0;
		fz = (cz >= 'a' && cz <= 'z') ? 0x20 : 0;
	}
	return (struct find_pair32){_mm256_set1_epi8((char)ca), _mm256_set1_epi8((char)cz), _mm256_set1_epi8((char)fa),
				    _mm256_set1_epi8((char)fz)};
}

static SIMD_AVX2_FN inline __attribute__((always_inline)) unsigned find_step32(const char *hay, size_t i, size_t a,
									     size_t z, const struct find_pair32 *pv)
{
	return find_eq32(_mm256_loadu_si256((const __m256i *)(const void *)(hay + i + a)), pv->va, pv->fa) &
	       find_eq32(_mm256_loadu_si256((const __m256i *)(const void *)(hay + i + z)), pv->vz, pv->fz);
}

/* The candidates of the first step from the start *ip on that has any,
 * *ip set to its first start; 0 when none is left. b: the last step's
 * first start (*ip < b + 32); its starts before *ip are masked out. */
static SIMD_AVX2_FN inline __attribute__((always_inline)) unsigned find_next32(const char *hay, size_t b, size_t a,
									     size_t z, const struct find_pair32 *pv,
									     size_t *ip)
{
	size_t i = *ip;
	unsigned m;

	for (; i < b; i += 32)
		if ((m = find_step32(hay, i, a, z, pv))) {
			*ip = i;
			return m;
		}
	*ip = b;
	return find_step32(hay, b, a, z, pv) & (0xFFFFFFFFu << (i - b));
}

/* The search from the candidates m of the step at start i on: each
 * compared in full, then the next steps. */
static SIMD_AVX2_FN inline __attribute__((always_inline)) const char *find_avx2_rest(const char *hay, size_t len,
										   const char *needle, size_t nl,
										   size_t a, bool ci, size_t i,
										   unsigned m)
{
	const struct find_pair32 pv = find_pair32_make(needle, nl, a, ci);
	size_t z = nl - 1, b = len - nl - 31;

	for (;;) {
		for (; m; m &= m - 1) {
			const char *p = hay + i + (size_t)__builtin_ctz(m);

			if (ci ? eq_ci(p, needle, nl - 1) : same_bytes(p + 1, needle + 1, nl - 2))
				return p;
		}
		if (i == b)
			return NULL;
		i += 32;
		m = find_next32(hay, b, a, z, &pv, &i);
	}
}

static SIMD_AVX2_FN __attribute__((noinline)) const char *find_avx2_rest_cs(const char *hay, size_t len,
									     const char *needle, size_t nl, size_t i,
									     unsigned m)
{
	return find_avx2_rest(hay, len, needle, nl, 0, false, i, m);
}

static SIMD_AVX2_FN __attribute__((noinline)) const char *find_avx2_rest_ci(const char *hay, size_t len,
									     const char *needle, size_t nl, size_t a,
									     size_t i, unsigned m)
{
	return find_avx2_rest(hay, len, needle, nl, a, true, i, m);
}

static SIMD_AVX2_FN __attribute__((noinline)) const char *find_avx2_cs(const char *hay, size_t len,
									const char *needle, size_t nl)
{
	const struct find_pair32 pv = find_pair32_make(needle, nl, 0, false);
	size_t i = 0;
	unsigned m = find_next32(hay, len - nl - 31, 0, nl - 1, &pv, &i);

	return m ? find_avx2_rest_cs(hay, len, needle, nl, i, m) : NULL;
}

static SIMD_AVX2_FN __attribute__((noinline)) const char *find_avx2_ci(const char *hay, size_t len,
									const char *needle, size_t nl, size_t a)
{
	const struct find_pair32 pv = find_pair32_make(needle, nl, a, true);
	size_t i = 0;
	unsigned m = find_next32(hay, len - nl - 31, a, nl - 1, &pv, &i);

	return m ? find_avx2_rest_ci(hay, len, needle, nl, a, i, m) : NULL;
}
#endif

static inline __attribute__((always_inline)) const char *find_ci(const char *hay, size_t len, const char *needle,
								 size_t nl, bool avx2)
{
	struct find_pair_v pv;
	size_t a, i = 0;
	unsigned m;

	if (nl == 0)
		return hay;
	if (!hay || nl > len)
		return NULL;
	/* a needle of one byte is that byte twice, as a pair */
	a = needle[0] == ' ' && nl >= 3;
#ifdef SIMD_HAVE_AVX2
	if (avx2 && len - nl >= 31)
		return find_avx2_ci(hay, len, needle, nl, a);
#else
	(void)avx2;
#endif
	pv = find_pair_make(needle, nl, a, true);
	m = find_next(hay, len, len - nl, a, nl - 1, &pv, &i);
	return m ? find_rest_ci(hay, len, needle, nl, a, i, m) : NULL;
}

static inline __attribute__((always_inline)) const char *find_cs(const char *hay, size_t len, const char *needle,
								 size_t nl, bool avx2)
{
	struct find_pair_v pv;
	size_t i = 0;
	unsigned m;

	if (nl == 0)
		return hay;
	if (!hay || nl > len)
		return NULL;
	if (nl == 1)
		return memchr(hay, needle[0], len);
#ifdef SIMD_HAVE_AVX2
	if (avx2 && len - nl >= 31)
		return find_avx2_cs(hay, len, needle, nl);
#else
	(void)avx2;
#endif
	pv = find_pair_make(needle, nl, 0, false);
	m = find_next(hay, len, len - nl, 0, nl - 1, &pv, &i);
	return m ? find_rest_cs(hay, len, needle, nl, i, m) : NULL;
}

const char *text_find_ci_n(const char *hay, size_t len, const char *needle, size_t nl)
{
	return find_ci(hay, len, needle, nl, simd_avx2());
}

const char *text_find_n(const char *hay, size_t len, const char *needle, size_t nl)
{
	return find_cs(hay, len, needle, nl, simd_avx2());
}

const char *text_find_v(const char *hay, size_t len, const char *needle, size_t nl, bool ci, bool avx2)
{
	return ci ? find_ci(hay, len, needle, nl, avx2) : find_cs(hay, len, needle, nl, avx2);
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

#ifdef __SSE2__
/* The places of the sixteen bytes at p where the run may end, a bit each:
 * a byte below ' ' (a blank among them: tab, LF, CR) or a space before a
 * byte up to ' ' (next_low: the byte after the sixteen is one). Every end
 * is among them; the rare others (a space before a NUL, a control byte)
 * the caller rules out. Two compares: one for "up to ' '", one for ' '.
 * trim_cand_v() of a block in hand, trim_cand16() of the bytes at p. */
static unsigned trim_cand_v(__m128i b, bool next_low)
{
	const __m128i sp = _mm_set1_epi8(' ');
	unsigned low = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(b, sp), b));
	unsigned space = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(b, sp));

	return (low & ~space) | (space & ((low >> 1) | (unsigned)next_low << 15));
}

static unsigned trim_cand16(const char *p, bool next_low)
{
	return trim_cand_v(_mm_loadu_si128((const __m128i *)(const void *)p), next_low);
}

/* Where the run of words with single spaces that starts at s[run] may
 * end (trim_cand16()): sixteen bytes at a time while a whole block
 * continues it, then the sixteen bytes that end s the same way (no byte
 * after the last counts as a blank), the places before run masked out.
 * For an s of sixteen bytes or more. */
static size_t trim_run(const char *s, size_t run, size_t n)
{
	/* the block and the byte after it are in s */
	for (; run + 17 <= n; run += 16) {
		unsigned m = trim_cand16(s + run, (unsigned char)s[run + 16] <= ' ');

		if (m)
			return run + (size_t)__builtin_ctz(m);
	}
	if (run < n) {
		size_t w = n - 16;
		unsigned m = trim_cand16(s + w, true) & (0xFFFFu << (run - w));

		return m ? w + (size_t)__builtin_ctz(m) : n;
	}
	return run;
}
#endif

#ifdef SIMD_HAVE_AVX2
/* trim_cand16() of the 32 bytes at p */
static SIMD_AVX2_FN inline uint32_t trim_cand32(const char *p, bool next_low)
{
	const __m256i sp = _mm256_set1_epi8(' ');
	__m256i b = _mm256_loadu_si256((const __m256i *)(const void *)p);
	uint32_t low = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_min_epu8(b, sp), b));
	uint32_t space = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(b, sp));

	return (low & ~space) | (space & ((low >> 1) | (uint32_t)next_low << 31));
}

/* trim_run() 32 bytes a step, the last 32 of s read again in part, for
 * an s of 32 bytes or more (a diagnostic of a few hundred takes half the
 * steps) */
static SIMD_AVX2_FN size_t trim_run_avx2(const char *s, size_t run, size_t n)
{
	for (; run + 33 <= n; run += 32) {
		uint32_t m = trim_cand32(s + run, (unsigned char)s[run + 32] <= ' ');

		if (m)
			return run + (size_t)__builtin_ctz(m);
	}
	if (run < n) {
		size_t w = n - 32;
		uint32_t m = trim_cand32(s + w, true) & (UINT32_MAX << (run - w));

		return m ? w + (size_t)__builtin_ctz(m) : n;
	}
	return run;
}
#endif

#ifdef __SSE2__
/* trim_run() with the AVX2 step or not, for an s of sixteen bytes or more */
static inline __attribute__((always_inline)) size_t trim_run_v(const char *s, size_t run, size_t n, bool avx2)
{
#ifdef SIMD_HAVE_AVX2
	if (avx2 && n >= 32)
		return trim_run_avx2(s, run, n);
#else
	(void)avx2;
#endif
	return trim_run(s, run, n);
}
#endif

/* s at out + *o, as much as fits before out[lim]; false when cut */
/* byte by byte: the parts are a few bytes (a decoder's name, a rule, a
 * status), and natively a strlen() and a memcpy() call cost more. One
 * loop for the three parts, not inlined: with the profile GCC made
 * text_join() 1.3 KB of copies of it (eleven I1 misses a call), and
 * each copy's exits mispredicted on their own. */
static __attribute__((noinline)) bool join_put(char *out, size_t lim, size_t *o, const char *s)
{
	size_t k = *o;

	while (*s && k < lim)
		out[k++] = *s++;
	*o = k;
	return *s == '\0';
}

/* the ':' between two parts, when it fits */
static inline bool join_colon(char *out, size_t lim, size_t *o)
{
	if (*o >= lim)
		return false;
	out[(*o)++] = ':';
	return true;
}

bool text_join(char *out, size_t outsz, const char *a, const char *b, const char *c)
{
	size_t o = 0, lim;
	bool fit;

	if (outsz == 0)
		return true;
	lim = outsz - 1;
	fit = join_put(out, lim, &o, a) && join_colon(out, lim, &o) && join_put(out, lim, &o, b) &&
	      (!c || (join_colon(out, lim, &o) && join_put(out, lim, &o, c)));
	out[o] = '\0';
	return !fit;
}

/* Does the run end at s[i]: a blank that is not a space, or a space
 * before a blank or the end? */
static bool run_stops(const char *s, size_t i, size_t n)
{
	return is_blank(s[i]) && (s[i] != ' ' || i + 1 == n || is_blank(s[i + 1]));
}

/* The end of the run of words with single spaces that starts at s[run]:
 * trim_run() skips to each place that may be it in an s of a block or
 * more, a byte at a time in a shorter one. */
static size_t run_end(const char *s, size_t run, size_t n, bool avx2)
{
#ifdef __SSE2__
	if (n >= 16)
		for (;; run++) {
			run = trim_run_v(s, run, n, avx2);
			if (run >= n || run_stops(s, run, n))
				return run;
		}
#else
	(void)avx2;
#endif
	while (run < n && !run_stops(s, run, n))
		run++;
	return run;
}

bool text_is_trimmed_v(const char *s, size_t n, bool avx2)
{
	return n == 0 || (!is_blank(s[0]) && run_end(s, 0, n, avx2) == n);
}

bool text_is_trimmed(const char *s, size_t n)
{
	return text_is_trimmed_v(s, n, simd_avx2());
}

#ifdef __SSE2__
/* k < 16 bytes from s to out, in two overlapping moves (no call of
 * memcpy() for a size it must first sort); s and out apart */
static inline __attribute__((always_inline)) void copy_small(char *out, const char *s, size_t k)
{
	if (k >= 8) {
		memcpy(out, s, 8);
		memcpy(out + k - 8, s + k - 8, 8);
	} else if (k >= 4) {
		memcpy(out, s, 4);
		memcpy(out + k - 4, s + k - 4, 4);
	} else if (k) {
		out[0] = s[0];
		out[k / 2] = s[k / 2];
		out[k - 1] = s[k - 1];
	}
}

/* How many bytes from s[i] on copy as they are: up to the first place
 * where the run may end (trim_cand16()), read in the block at i, or, with
 * fewer than sixteen bytes left, in the last sixteen of s (or the rest
 * alone, NULs after it, when s is shorter). */
static size_t trim_take(const char *s, size_t i, size_t n)
{
	size_t r = n - i;
	unsigned m;

	if (r >= 16) {
		m = trim_cand16(s + i, r == 16 || (unsigned char)s[i + 16] <= ' ');
		return m ? (size_t)__builtin_ctz(m) : 16;
	}
	if (n >= 16)
		m = trim_cand16(s + n - 16, true) >> (16 - r);
	else
		m = trim_cand_v(load_small(s + i, r), true) & ((1u << r) - 1);
	return m ? (size_t)__builtin_ctz(m) : r;
}
#endif

/* text_copy_trim() of any text: runs of blanks folded, a cut made */
static __attribute__((noinline)) bool copy_trim_any(char *out, size_t outsz, const char *s, size_t n,
						   size_t *len_r)
{
	size_t o = 0, i = 0, lim;
	bool cut = false;
#ifdef __SSE2__
	/* the block steps copy ahead of the byte loop: only into an out that
	 * is not s itself */
	bool apart = (uintptr_t)out + outsz <= (uintptr_t)s || (uintptr_t)s + n <= (uintptr_t)out;
#endif

	if (len_r)
		*len_r = SIZE_MAX;
	if (outsz == 0)
		return n > 0;
	lim = outsz - 1;
	while (i < n && is_blank(s[i]))
		i++;
	while (i < n) {
#ifdef __SSE2__
		/* words with single spaces between them are already in their
		 * final form: sixteen bytes a step while a block is so and out
		 * has room for it, then the bytes up to the place it may end,
		 * which the byte step below sees to */
		if (apart && o + 16 <= lim) {
			size_t k = trim_take(s, i, n);

			if (k == 16) {
				_mm_storeu_si128((__m128i *)(void *)(out + o),
						 _mm_loadu_si128((const __m128i *)(const void *)(s + i)));
			} else {
				copy_small(out + o, s + i, k);
			}
			i += k;
			o += k;
			if (k == 16 || i >= n)
				continue;
		}
#endif
		if (!is_blank(s[i])) {
			if (o >= lim) {
				cut = true;
				break;
			}
			out[o++] = s[i++];
			continue;
		}
		/* a run of blanks: one space, when a word follows and fits */
		while (i < n && is_blank(s[i]))
			i++;
		if (i == n)
			break;
		if (o >= lim) {
			cut = true;
			break;
		}
		out[o++] = ' ';
	}
	if (cut && o > 0) { /* drop an incomplete trailing UTF-8 sequence */
		size_t lead = o - 1;
		unsigned char c;
		size_t need;

		while (lead > 0 && ((unsigned char)out[lead] & 0xC0) == 0x80)
			lead--;
		c = (unsigned char)out[lead];
		need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
		if (c >= 0x80 && o - lead < need)
			o = lead;
	}
	out[o] = '\0';
	/* uncut, the copy is words with single spaces; a NUL copied from s
	 * would end the string early, perhaps after a space */
	if (len_r && !cut && !memchr(out, '\0', o))
		*len_r = o;
	return cut;
}

#ifdef __SSE2__
/* Has the block b (whose bytes from the next place on are b1) a byte
 * below ' ' or a space before a space? Each such byte's high bit. */
static inline __attribute__((always_inline)) __m128i plain_odd(__m128i b, __m128i b1)
{
	const __m128i sp = _mm_set1_epi8(' '), below = _mm_set1_epi8(' ' - 1);

	return _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(b, below), b),
			    _mm_and_si128(_mm_cmpeq_epi8(b, sp), _mm_cmpeq_epi8(b1, sp)));
}

/* Is s[0..n) (0 < n, no blank at either end) words with single spaces,
 * no place in it where a run may end (trim_cand16())? Then it is its own
 * trimmed copy. With no blank at the end, a run may end only at a byte
 * below ' ' (tab, CR, LF, a control byte) or at a space before a space
 * (a space before the others is one before them): sixteen places a step
 * with no scalar work, the blocks' answers gathered, one test at the end. */
static inline __attribute__((always_inline)) bool trim_plain(const char *s, size_t n)
{
	__m128i odd = _mm_setzero_si128(), b;

	if (n < 16)
		return !(trim_cand_v(load_small(s, n), true) & ((1u << n) - 1));
	for (size_t j = 0; j + 17 <= n; j += 16)
		odd = _mm_or_si128(odd, plain_odd(_mm_loadu_si128((const __m128i *)(const void *)(s + j)),
						  _mm_loadu_si128((const __m128i *)(const void *)(s + j + 1))));
	/* the last sixteen: the byte after them is the end */
	b = _mm_loadu_si128((const __m128i *)(const void *)(s + n - 16));
	odd = _mm_or_si128(odd, plain_odd(b, _mm_srli_si128(b, 1)));
	return _mm_movemask_epi8(odd) == 0;
}

/* n < 16 bytes, or more, from s to out (apart): sixteen a step, the last
 * sixteen in one move that overlaps the one before */
static inline __attribute__((always_inline)) void copy_plain(char *out, const char *s, size_t n)
{
	if (n < 16) {
		copy_small(out, s, n);
		return;
	}
	for (size_t j = 0; j + 16 < n; j += 16)
		_mm_storeu_si128((__m128i *)(void *)(out + j), _mm_loadu_si128((const __m128i *)(const void *)(s + j)));
	_mm_storeu_si128((__m128i *)(void *)(out + n - 16), _mm_loadu_si128((const __m128i *)(const void *)(s + n - 16)));
}
#endif

/* text_copy_trim(), and *len_r as text_copy_trim_len() gives it (len_r NULL: not asked) */
static inline __attribute__((always_inline)) bool copy_trim_len(char *out, size_t outsz, const char *s, size_t n,
								 size_t *len_r)
{
#ifdef __SSE2__
	/* Most texts are words with single spaces, blanks around them at
	 * most (a folded line's indent), and fit: one scan and one move, in a
	 * function with a small frame; the others take the general copy. */
	size_t b = 0, e = n;

	while (b < e && is_blank(s[b]))
		b++;
	while (e > b && is_blank(s[e - 1]))
		e--;
	if (e - b < outsz && ((uintptr_t)out + outsz <= (uintptr_t)s || (uintptr_t)s + n <= (uintptr_t)out) &&
	    (b == e || trim_plain(s + b, e - b))) {
		copy_plain(out, s + b, e - b);
		out[e - b] = '\0';
		if (len_r)
			*len_r = e - b;
		return false;
	}
#endif
	return copy_trim_any(out, outsz, s, n, len_r);
}

bool text_copy_trim(char *out, size_t outsz, const char *s, size_t n)
{
	/* (no length asked: no stack slot for it, so the general copy is a
	 * tail call with no stack guard around it) */
	return copy_trim_len(out, outsz, s, n, NULL);
}

bool text_copy_trim_len(char *out, size_t outsz, const char *s, size_t n, size_t *len_r)
{
	return copy_trim_len(out, outsz, s, n, len_r);
}

/* A status "d.d{1,3}.d{1,3}" at s[i]; returns its length or 0. */
static size_t status_at(const char *s, size_t n, size_t i)
{
	size_t j = i, k;

	if (i > 0 && (s[i - 1] == '.' || (s[i - 1] >= '0' && s[i - 1] <= '9') ||
		      (s[i - 1] >= 'a' && s[i - 1] <= 'z') || (s[i - 1] >= 'A' && s[i - 1] <= 'Z')))
		return 0;
	if (j >= n || (s[j] != '2' && s[j] != '4' && s[j] != '5'))
		return 0;
	j++;
	for (int part = 0; part < 2; part++) {
		if (j >= n || s[j] != '.')
			return 0;
		j++;
		for (k = 0; k < 3 && j < n && s[j] >= '0' && s[j] <= '9'; k++)
			j++;
		if (k == 0)
			return 0;
	}
	if (j < n && s[j] >= '0' && s[j] <= '9')
		return 0;
	if (j + 1 < n && s[j] == '.' && s[j + 1] >= '0' && s[j + 1] <= '9') /* an IP address */
		return 0;
	return j - i;
}

/* Statuses in order of trust: "(#5.5.1)", "550-5.1.1" / "550 5.1.1",
 * a bare 4.x.x/5.x.x, then a 2.x.x (success). Does the status at s[i]
 * qualify for pass? */
static bool status_ok(const char *s, size_t i, int pass)
{
	size_t k = i;

	switch (pass) {
	case 0:
		return i >= 1 && s[i - 1] == '#';
	case 1:
		if (k >= 1 && s[k - 1] == '#')
			k--;
		return k >= 4 && (s[k - 1] == ' ' || s[k - 1] == '-') && s[k - 2] >= '0' &&
		       s[k - 2] <= '9' && s[k - 3] >= '0' && s[k - 3] <= '9' && s[k - 4] >= '0' &&
		       s[k - 4] <= '9';
	case 2:
		return s[i] != '2';
	default:
		return true;
	}
}

/* The first i >= from with s[i] in '2'..'5' and s[i + 1] a '.', or n:
 * where a status may start. Such a pair is rare in text (a dot after a
 * letter is the common one), so SSE2 looks at sixteen places a step. */
static size_t next_status_start(const char *s, size_t from, size_t n)
{
	size_t i = from;

#ifdef __SSE2__
	const __m128i lo = _mm_set1_epi8('2' - 1), hi = _mm_set1_epi8('5' + 1), dot = _mm_set1_epi8('.');

	for (; i + 17 <= n; i += 16) {
		__m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		__m128i b1 = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 1));
		__m128i d = _mm_and_si128(_mm_cmpgt_epi8(b, lo), _mm_cmplt_epi8(b, hi));
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_and_si128(d, _mm_cmpeq_epi8(b1, dot)));

		if (m)
			return i + (size_t)__builtin_ctz(m);
	}
#endif
#ifdef __SSE2__
	/* the last places in one more block, the one that ends the text (it
	 * overlaps the places before i, which are masked off) */
	if (i + 1 < n && n >= 17) {
		size_t base = n - 17;
		__m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + base));
		__m128i b1 = _mm_loadu_si128((const __m128i *)(const void *)(s + base + 1));
		__m128i d = _mm_and_si128(_mm_cmpgt_epi8(b, lo), _mm_cmplt_epi8(b, hi));
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_and_si128(d, _mm_cmpeq_epi8(b1, dot)));

		m &= ~0u << (i - base); /* i - base is 1..15 here */
		return m ? base + (size_t)__builtin_ctz(m) : n;
	}
#endif
	for (; i + 1 < n; i++)
		if (s[i + 1] == '.' && s[i] >= '2' && s[i] <= '5')
			return i;
	return n;
}

/* A code found in the text (digits and dots: no NUL, no UTF-8) into out:
 * what str_copyn() does, without its strnlen() and memmove() calls when
 * it fits, as it nearly always does */
static void put_code(char *out, size_t outsz, const char *s, size_t n)
{
	if (n < outsz && n >= 4 && n <= 8) {
		/* a status ("5.1.1", "4.7.10"): two moves of four bytes that
		 * overlap, not a loop whose exit mispredicts */
		memcpy(out, s, 4);
		memcpy(out + n - 4, s + n - 4, 4);
		out[n] = '\0';
	} else if (n < outsz) {
		for (size_t k = 0; k < n; k++)
			out[k] = s[k];
		out[n] = '\0';
	} else {
		(void)str_copyn(out, outsz, s, n);
	}
}

bool text_find_status(const char *s, size_t n, char *out, size_t outsz)
{
	/* the lowest pass met so far, at its first status (4: none yet); a
	 * pass below it is met at a later status only if none met it before,
	 * so this ends as the lowest pass met at all, at its first status. No
	 * table of four places: none to clear and no stack guard each call. */
	int best = 4;
	size_t at = 0, len = 0;

	if (!s || n < 2)
		return false;
	/* A text that is one status and nothing else (a DSN's Status: field):
	 * no other can start inside it (each place there follows a digit or
	 * a dot), so it is the answer of every pass. Nine bytes at most
	 * ("5.123.456"): a longer text costs one compare more, no more */
	if (n <= 9 && s[1] == '.' && status_at(s, n, 0) == n) {
		put_code(out, outsz, s, n);
		return true;
	}
	/* One pass, the first status of each pass remembered: a status has a
	 * '.' right after its first digit (2, 4 or 5), so only such pairs are
	 * tried, not every byte four times. */
	for (size_t i = next_status_start(s, 0, n); i < n; i = next_status_start(s, i + 1, n)) {
		size_t l = status_at(s, n, i);

		if (!l)
			continue;
		for (int pass = 0; pass < best; pass++)
			if (status_ok(s, i, pass)) {
				best = pass;
				at = i;
				len = l;
				break;
			}
		if (best == 0)
			break;
		if (best == 1) {
			/* only a "#5.1.1" further on can still win, and a '#'
			 * is rare: the rest of the text is searched for one
			 * (Postfix's "550 5.1.1" comes first in a long text) */
			for (const char *h = s + i + 1; (h = memchr(h, '#', n - (size_t)(h - s))) != NULL; h++)
				if ((l = status_at(s, n, (size_t)(h - s) + 1)) != 0) {
					at = (size_t)(h - s) + 1;
					len = l;
					break;
				}
			break;
		}
	}
	if (best == 4)
		return false;
	put_code(out, outsz, s + at, len);
	return true;
}

static bool is_alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Is s[i..i+3) part of a dotted quad (an IPv4 address)? */
static bool in_ipv4(const char *s, size_t n, size_t i)
{
	size_t b = i, e = i + 3;
	int dots = 0;

	/* nearly every code stands between blanks: with no dot or digit on
	 * either side the run is the code alone, and has no dot (its loops
	 * ran and mispredicted for each code found) */
	if ((i == 0 || ((s[i - 1] < '0' || s[i - 1] > '9') && s[i - 1] != '.')) &&
	    (e >= n || ((s[e] < '0' || s[e] > '9') && s[e] != '.')))
		return false;
	while (b > 0 && ((s[b - 1] >= '0' && s[b - 1] <= '9') || s[b - 1] == '.'))
		b--;
	while (e < n && ((s[e] >= '0' && s[e] <= '9') || s[e] == '.'))
		e++;
	for (size_t k = b; k < e; k++)
		dots += s[k] == '.';
	return dots >= 3;
}

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Is s[i..i+3) a group of an IPv6 address ("2606:2800:220:6d::1")? */
static bool in_ipv6(const char *s, size_t n, size_t i)
{
	return (i >= 2 && s[i - 1] == ':' && is_hex(s[i - 2])) ||
	       (i + 4 < n && s[i + 3] == ':' && (is_hex(s[i + 4]) || s[i + 4] == ':'));
}

/* Reply codes that SMTP servers really send (RFC 5321, 3207, 4954, 7504 ...):
 * anything else that looks like one ("441", "522") is a number in prose.
 * A switch, which the compiler turns into a bit test, not a walk through
 * the list: every three digits of a diagnostic are asked about. */
static bool reply_code_known(int code)
{
	switch (code) {
	case 211: case 214: case 220: case 221: case 235: case 250: case 251: case 252: case 253:
	case 354:
	case 421: case 422: case 430: case 432: case 450: case 451: case 452: case 453: case 454:
	case 455: case 458: case 459:
	case 500: case 501: case 502: case 503: case 504: case 520: case 521: case 523: case 524:
	case 525: case 530: case 533: case 534: case 535: case 538: case 550: case 551: case 552:
	case 553: case 554: case 555: case 556: case 557:
		return true;
	default:
		return false;
	}
}

/* A known reply code standing alone as a word, not inside an IPv4
 * address; the first one found. */
/* The first i >= from with s[i] in '2'..'5', or n: sixteen bytes per
 * SSE2 step, as a reply code's first digit is rare in text. */
static size_t next_code_digit(const char *s, size_t from, size_t n)
{
	size_t i = from;

#ifdef __SSE2__
	const __m128i lo = _mm_set1_epi8('2' - 1), hi = _mm_set1_epi8('5' + 1);

	for (; i + 16 <= n; i += 16) {
		__m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_and_si128(_mm_cmpgt_epi8(b, lo), _mm_cmplt_epi8(b, hi)));

		if (m)
			return i + (size_t)__builtin_ctz(m);
	}
#endif
	for (; i < n && (s[i] < '2' || s[i] > '5'); i++)
		;
	return i;
}

bool text_is_replycode(const char *s)
{
	return s[0] >= '2' && s[0] <= '5' && s[1] >= '0' && s[1] <= '9' && s[2] >= '0' && s[2] <= '9' && !s[3] &&
	       reply_code_known((s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0'));
}

bool text_find_replycode(const char *s, size_t n, char *out, size_t outsz)
{
	for (size_t i = 0; s && i + 3 <= n; i++) {
		const char *d;

		i = next_code_digit(s, i, n);
		if (i + 3 > n)
			break;
		d = s + i;
		if (d[0] < '2' || d[0] > '5' || d[1] < '0' || d[1] > '9' || d[2] < '0' || d[2] > '9')
			continue;
		if ((i > 0 && (is_alnum(s[i - 1]) || s[i - 1] == '_')) ||
		    (i + 3 < n && (is_alnum(s[i + 3]) || s[i + 3] == '_')) ||
		    !reply_code_known((d[0] - '0') * 100 + (d[1] - '0') * 10 + (d[2] - '0')) ||
		    in_ipv4(s, n, i) || in_ipv6(s, n, i))
			continue;
		put_code(out, outsz, s + i, 3);
		return true;
	}
	return false;
}

/* Markers after which a returned message is pasted into a bounce's text.
 * at: where "message" (ORIG_ANCHOR) starts in the marker; ORIG_NONE when
 * it is not in it, and pair then says where the marker has a doubled
 * letter or digit ("22", "ll": rare in text) to be found by.
 * test-parse-text.c finds every marker, so a wrong number here fails it. */
#define ORIG_ANCHOR "message"
#define ORIG_NONE 255
#define ORIG(s, at, pair) {s, sizeof(s) - 1, at, pair}
static const struct {
	const char *s;
	unsigned char len, at, pair;
} orig_markers[] = {
	ORIG("This is a copy of the message, including all the headers", 22, 0),
	ORIG("This is a copy of your message, including all the headers", 23, 0),
	ORIG("Below this line is a copy of the message", 33, 0),
	ORIG("Original message follows", 9, 0),
	ORIG("Original message headers", 9, 0),
	ORIG("Original Message Headers", 9, 0),
	ORIG("----- Original message -----", 15, 0),
	ORIG("------ Original message ------", 16, 0),
	ORIG("Unsent message below", 7, 0),
	ORIG("The header of the original message is following", 27, 0),
	ORIG("Message header follows", 0, 0),
	ORIG("The original message headers follow", 13, 0),
	ORIG("Content-Type: message/rfc822", 14, 0),
	ORIG("Content-Type: text/rfc822-headers", ORIG_NONE, 23),
	ORIG("--- Returned message ---", 13, 0),
	ORIG("Returned mail follows", ORIG_NONE, 16),
	ORIG("Your message reads (in part)", 5, 0),
	ORIG("original message below", 9, 0),
};
#define ORIG_N (sizeof(orig_markers) / sizeof(orig_markers[0]))

/* A byte pair the scan looks for: "ss" of "message" (marker ORIG_N: every
 * marker with at), or the pair of one marker without it. back: how far
 * before the pair its text starts. */
struct orig_anchor {
	unsigned char a, b;
	size_t back, marker;
};

/* The markers with "message" in them, by their byte after "message "
 * (lower-cased, its low six bits: bytes that share them only add a
 * candidate): a bit per marker, and those that end before it in always.
 * One lookup at each "message" of the text leaves a marker or two to
 * compare instead of all of them. */
#define ORIG_NEXT(c) ((unsigned char)str_lower_c(c) & 63)
struct orig_next {
	uint32_t by[64];
	uint32_t always;
};
_Static_assert(ORIG_N <= 32, "a bit per marker in struct orig_next");

static void orig_next_make(struct orig_next *nx)
{
	memset(nx, 0, sizeof(*nx));
	for (size_t k = 0; k < ORIG_N; k++) {
		unsigned at = orig_markers[k].at;

		if (at == ORIG_NONE)
			continue;
		if (at + 8u >= orig_markers[k].len)
			nx->always |= UINT32_C(1) << k;
		else
			nx->by[ORIG_NEXT(orig_markers[k].s[at + 8])] |= UINT32_C(1) << k;
	}
}

/* The scan's anchors and the table of orig_next_make(), written out:
 * built on each call they cost ~550 instructions a message, for a few
 * hundred on most. ORIG_REACH: how far past the earliest marker found one
 * may still start earlier (the largest at + 2 or pair). Every anchor is a
 * byte twice. text_orig_tables_ok() builds all of it from orig_markers[]
 * again and compares (test-parse-text.c), so a marker changed there and
 * not here fails the tests. */
#define ORIG_BIT(k) (UINT32_C(1) << (k))
#define ORIG_NA 3
#define ORIG_REACH 35
static const struct orig_anchor orig_an[ORIG_NA] = {
	{'s', 's', 2, ORIG_N}, /* "message" */
	{'2', '2', 23, 13},    /* "Content-Type: text/rfc822-headers" */
	{'l', 'l', 16, 15},    /* "Returned mail follows" */
};
static const struct orig_next orig_nx = {
	.by =
		{
			[' ' & 63] = ORIG_BIT(0) | ORIG_BIT(1),
			['b' & 63] = ORIG_BIT(8) | ORIG_BIT(17),
			['f' & 63] = ORIG_BIT(3),
			['h' & 63] = ORIG_BIT(4) | ORIG_BIT(5) | ORIG_BIT(10) | ORIG_BIT(11),
			['i' & 63] = ORIG_BIT(9),
			['-' & 63] = ORIG_BIT(6) | ORIG_BIT(7) | ORIG_BIT(14),
			['r' & 63] = ORIG_BIT(12) | ORIG_BIT(16),
		},
	.always = ORIG_BIT(2),
};

bool text_orig_tables_ok(void)
{
	struct orig_anchor an[ORIG_N + 1];
	struct orig_next nx;
	size_t na = 0, reach = 0;

	orig_next_make(&nx);
	an[na++] = (struct orig_anchor){'s', 's', 2, ORIG_N};
	for (size_t k = 0; k < ORIG_N; k++) {
		const char *s = orig_markers[k].s;
		size_t p = orig_markers[k].pair;

		if (orig_markers[k].at != ORIG_NONE) {
			if (orig_markers[k].at + 2u > reach)
				reach = orig_markers[k].at + 2u;
			continue;
		}
		an[na++] = (struct orig_anchor){(unsigned char)str_lower_c(s[p]), (unsigned char)str_lower_c(s[p + 1]),
						 p, k};
		if (p > reach)
			reach = p;
	}
	if (na != ORIG_NA || reach != ORIG_REACH || memcmp(&nx, &orig_nx, sizeof(nx)) != 0)
		return false;
	for (size_t k = 0; k < na; k++)
		if (an[k].a != orig_an[k].a || an[k].b != orig_an[k].b || an[k].a != an[k].b ||
		    an[k].back != orig_an[k].back || an[k].marker != orig_an[k].marker)
			return false;
	return true;
}

/* The marker(s) of anchor an whose pair is at body[j]: the earliest start
 * of one found so far is *best. */
static void orig_try(const char *body, size_t len, size_t j, const struct orig_anchor *an,
		     const struct orig_next *nx, const char **best)
{
	uint32_t cand;

	size_t st;

	if (j < an->back)
		return;
	st = j - an->back;
	if (an->marker < ORIG_N) {
		size_t ml = orig_markers[an->marker].len;

		if (ml <= len - st && eq_ci(body + st, orig_markers[an->marker].s, ml) && (!*best || body + st < *best))
			*best = body + st;
		return;
	}
	if (sizeof(ORIG_ANCHOR) - 1 > len - st || !eq_ci(body + st, ORIG_ANCHOR, sizeof(ORIG_ANCHOR) - 1))
		return;
	/* a marker that goes on past "message " needs its next byte there */
	cand = nx->always | (st + 8 < len ? nx->by[ORIG_NEXT(body[st + 8])] : 0);
	for (; cand; cand &= cand - 1) {
		size_t i = (size_t)__builtin_ctz(cand);
		size_t at = orig_markers[i].at, ml = orig_markers[i].len;

		/* the marker's first byte, in either case, rules out most
		 * of them before an eq_ci() call */
		if (st >= at && ml <= len - (st - at) &&
		    (body[st - at] | 0x20) == (orig_markers[i].s[0] | 0x20) &&
		    eq_ci(body + st - at, orig_markers[i].s, ml) && (!*best || body + st - at < *best))
			*best = body + st - at;
	}
}

/* The pairs at body[i + k] for the bits k of m: each anchor there tried
 * (orig_try()). True once no marker can start before the earliest found,
 * *best: the scan is over. */
static inline bool orig_hits(const char *body, size_t len, size_t i, uint32_t m, const struct orig_anchor *an,
			     size_t na, const struct orig_next *nx, size_t reach, const char **best)
{
	for (; m; m &= m - 1) {
		size_t j = i + (size_t)__builtin_ctz(m);

		if (*best && j > (size_t)(*best - body) + reach)
			return true;
		for (size_t k = 0; k < na; k++)
			if ((unsigned char)str_lower_c(body[j]) == an[k].a &&
			    (unsigned char)str_lower_c(body[j + 1]) == an[k].b)
				orig_try(body, len, j, &an[k], nx, best);
	}
	return false;
}

#ifdef SIMD_HAVE_AVX2
/* The scan of text_orig_start() for anchors that are all a byte twice,
 * 32 bytes a step with AVX2, from *ip on while 33 bytes are left: true
 * when it is over (orig_hits()); *ip is where it stopped. */
static SIMD_AVX2_FN bool orig_scan_avx2(const char *body, size_t len, size_t *ip, const struct orig_anchor *an,
					size_t na, const struct orig_next *nx, size_t reach, const char **best)
{
	const __m256i v20 = _mm256_set1_epi8(0x20);
	__m256i va[ORIG_N + 1];
	size_t i = *ip;
	bool over = false;

	for (size_t k = 0; k < na; k++)
		va[k] = _mm256_set1_epi8((char)an[k].a);
	for (; i + 33 <= len; i += 32) {
		__m256i x = _mm256_or_si256(_mm256_loadu_si256((const __m256i *)(const void *)(body + i)), v20);
		__m256i y = _mm256_or_si256(_mm256_loadu_si256((const __m256i *)(const void *)(body + i + 1)), v20);
		__m256i any = _mm256_setzero_si256();

		for (size_t k = 0; k < na; k++)
			any = _mm256_or_si256(any, _mm256_cmpeq_epi8(x, va[k]));
		over = orig_hits(body, len, i,
				 (uint32_t)_mm256_movemask_epi8(_mm256_and_si256(any, _mm256_cmpeq_epi8(x, y))), an,
				 na, nx, reach, best);
		if (over)
			break;
	}
	/* the last pairs: the 33 bytes that end the text, read again in
	 * part (pairs before i are masked out), instead of the SSE2 and byte
	 * loops over them */
	if (!over && len >= 33 && i + 1 < len && i - (len - 33) < 32) {
		size_t i0 = len - 33;
		__m256i x = _mm256_or_si256(_mm256_loadu_si256((const __m256i *)(const void *)(body + i0)), v20);
		__m256i y = _mm256_or_si256(_mm256_loadu_si256((const __m256i *)(const void *)(body + i0 + 1)), v20);
		__m256i any = _mm256_setzero_si256();
		uint32_t m;

		for (size_t k = 0; k < na; k++)
			any = _mm256_or_si256(any, _mm256_cmpeq_epi8(x, va[k]));
		m = (uint32_t)_mm256_movemask_epi8(_mm256_and_si256(any, _mm256_cmpeq_epi8(x, y)));
		over = orig_hits(body, len, i0, m & (UINT32_MAX << (i - i0)), an, na, nx, reach, best);
		i = len - 1;
	}
	*ip = i;
	return over;
}
#endif

const char *text_orig_start(const char *body, size_t len)
{
	return text_orig_start_v(body, len, simd_avx2());
}

const char *text_orig_start_v(const char *body, size_t len, bool avx2)
{
	const struct orig_anchor *an = orig_an;
	const struct orig_next *nx = &orig_nx;
	const size_t na = ORIG_NA, reach = ORIG_REACH;
	size_t i = 0;
	const char *best = NULL;

	/* One scan for the pairs of all the anchors (one scan per marker
	 * and a call per "message" cost ~10k instructions a bounce): every
	 * match of every marker up to where none can start before the
	 * earliest one found; that one wins. Every pair is a byte twice: a
	 * byte equal to the next one, case folded, and one of the pair bytes;
	 * more than the pairs (digits fold too), which orig_hits() sorts out */
#ifdef SIMD_HAVE_AVX2
	if (avx2 && orig_scan_avx2(body, len, &i, an, na, nx, reach, &best))
		goto found;
#else
	(void)avx2;
#endif
#ifdef __SSE2__
	{
		const __m128i v20 = _mm_set1_epi8(0x20);
		__m128i va[ORIG_NA];

		for (size_t k = 0; k < na; k++)
			va[k] = _mm_set1_epi8((char)an[k].a);
		for (; i + 17 <= len; i += 16) { /* the pair's second byte: one further */
			__m128i xf = _mm_or_si128(_mm_loadu_si128((const __m128i *)(const void *)(body + i)), v20);
			__m128i yf = _mm_or_si128(_mm_loadu_si128((const __m128i *)(const void *)(body + i + 1)), v20);
			__m128i any = _mm_setzero_si128();

			for (size_t k = 0; k < na; k++)
				any = _mm_or_si128(any, _mm_cmpeq_epi8(xf, va[k]));
			if (orig_hits(body, len, i, (unsigned)_mm_movemask_epi8(_mm_and_si128(any, _mm_cmpeq_epi8(xf, yf))),
				      an, na, nx, reach, &best))
				goto found;
		}
	}
#endif
	for (; i + 1 < len; i++) {
		if (best && i > (size_t)(best - body) + reach)
			break;
		for (size_t k = 0; k < na; k++)
			if ((unsigned char)str_lower_c(body[i]) == an[k].a &&
			    (unsigned char)str_lower_c(body[i + 1]) == an[k].b)
				orig_try(body, len, i, &an[k], nx, &best);
	}
found: __attribute__((unused)); /* no vector step without SSE2 */
	if (!best)
		return NULL;
	/* to the next line, then past blank lines */
	best = memchr(best, '\n', len - (size_t)(best - body));
	if (!best)
		return NULL;
	while (best < body + len && (*best == '\n' || *best == ' ' || *best == '\t'))
		best++;
	return best < body + len ? best : NULL;
}

void text_status_comment(const char *s, size_t n, char *out, size_t outsz)
{
	const char *open = memchr(s, '(', n), *close = NULL;

	if (open)
		close = memchr(open, ')', n - (size_t)(open - s));
	if (!close) {
		if (outsz)
			out[0] = '\0';
		return;
	}
	(void)text_copy_trim(out, outsz, open + 1, (size_t)(close - open - 1));
}
