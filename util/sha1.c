/* sha1.c: SHA-1 (FIPS 180-4) of one buffer.
 *
 * Written here rather than called through gnutls_hash_fast(): a token is
 * one or two blocks, so GnuTLS's per-call look-up of the algorithm and its
 * context set-up showed; nettle, which does the rounds for it, is not
 * among the libraries we (and the bench tools) link.
 *
 * Under valgrind (the cost model's callgrind) the portable rounds run, not
 * the SHA extensions', which it does not emulate (cpuid says no). */
#include "util/sha1.h"

#include <stdint.h>
#include <string.h>

#include "util/sha-md.h"
#include "util/simd.h" /* SIMD_HAVE_SHA_NI, simd_sha_ni() */
#if !defined(SIMD_HAVE_SHA_NI) && defined(__SSE2__)
#include <emmintrin.h>
#endif

#define SHA1_ROL(x, n) (((x) << (n)) | ((x) >> (32 - (n))))

/* The 80 schedule words of a block. With SSE2 four at a time: words 16..31
 * from w[t-3], w[t-8], w[t-14], w[t-16], the fourth of each four patched
 * with the first (it needs it), and words 32..79 from the equivalent
 * w[t] = rol2(w[t-6] ^ w[t-16] ^ w[t-28] ^ w[t-32]), whose nearest term is
 * six words back (Intel's SHA-1 note). The loops are kept loops, as the
 * rounds' below. */
#ifdef __SSE2__
#define SHA1_ROLV(x, n) _mm_or_si128(_mm_slli_epi32(x, n), _mm_srli_epi32(x, 32 - (n)))
#define SHA1_LD(t) _mm_loadu_si128((const __m128i *)(w + (t)))

static void sha1_schedule(uint32_t w[80], const unsigned char *p)
{
	_Pragma("GCC unroll 4")
	for (int i = 0; i < 16; i++)
		w[i] = sha_md_be32(p + 4 * i);
	_Pragma("GCC unroll 1")
	for (int t = 16; t < 32; t += 4) {
		__m128i x = _mm_xor_si128(_mm_xor_si128(_mm_srli_si128(SHA1_LD(t - 4), 4), SHA1_LD(t - 8)),
					  _mm_xor_si128(SHA1_LD(t - 14), SHA1_LD(t - 16)));
		__m128i r = SHA1_ROLV(x, 1);
		__m128i first = _mm_slli_si128(r, 12);

		_mm_storeu_si128((__m128i *)(w + t), _mm_xor_si128(r, SHA1_ROLV(first, 1)));
	}
	_Pragma("GCC unroll 1")
	for (int t = 32; t < 80; t += 4) {
		__m128i x = _mm_xor_si128(_mm_xor_si128(SHA1_LD(t - 6), SHA1_LD(t - 16)),
					  _mm_xor_si128(SHA1_LD(t - 28), SHA1_LD(t - 32)));

		_mm_storeu_si128((__m128i *)(w + t), SHA1_ROLV(x, 2));
	}
}
#else
static void sha1_schedule(uint32_t w[80], const unsigned char *p)
{
	_Pragma("GCC unroll 4")
	for (int i = 0; i < 16; i++)
		w[i] = sha_md_be32(p + 4 * i);
	_Pragma("GCC unroll 4")
	for (int t = 16; t < 80; t++)
		w[t] = SHA1_ROL(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
}
#endif

/* The rounds, five to a step (the five words renamed instead of moved),
 * a loop of four steps for each function: a token is one or two blocks,
 * so this code is always cold, and the 80 rounds written out were 4.8 KB,
 * 75 cache lines to fetch for every message; as loops (the schedule's
 * too) it is 1.8 KB, for a few more instructions. */
#define SHA1_F0(b, c, d) ((d) ^ ((b) & ((c) ^ (d))))
#define SHA1_F1(b, c, d) ((b) ^ (c) ^ (d))
#define SHA1_F2(b, c, d) (((b) & (c)) | ((d) & ((b) | (c))))
#define SHA1_R(a, b, c, d, e, f, k, t)                                   \
	do {                                                             \
		(e) += SHA1_ROL(a, 5) + f(b, c, d) + (uint32_t)(k) + w[t]; \
		(b) = SHA1_ROL(b, 30);                                   \
	} while (0)
/* Rounds t0..t0+19 with function f (kept a loop: -fprofile-use turns on
 * -funroll-loops) */
#define SHA1_R20(f, k, t0)                                  \
	do {                                                \
		_Pragma("GCC unroll 1")                     \
		for (int t = (t0); t < (t0) + 20; t += 5) { \
			SHA1_R(a, b, c, d, e, f, k, t);     \
			SHA1_R(e, a, b, c, d, f, k, t + 1); \
			SHA1_R(d, e, a, b, c, f, k, t + 2); \
			SHA1_R(c, d, e, a, b, f, k, t + 3); \
			SHA1_R(b, c, d, e, a, f, k, t + 4); \
		}                                           \
	} while (0)

static void sha1_compress_portable(uint32_t *h, const unsigned char *p, size_t nblocks)
{
	for (; nblocks > 0; nblocks--, p += 64) {
		uint32_t w[80], a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];

		sha1_schedule(w, p);
		SHA1_R20(SHA1_F0, 0x5A827999, 0);
		SHA1_R20(SHA1_F1, 0x6ED9EBA1, 20);
		SHA1_R20(SHA1_F2, 0x8F1BBCDC, 40);
		SHA1_R20(SHA1_F1, 0xCA62C1D6, 60);
		h[0] += a;
		h[1] += b;
		h[2] += c;
		h[3] += d;
		h[4] += e;
	}
}

#ifdef SIMD_HAVE_SHA_NI
/* Four rounds with the SHA extensions: m holds their schedule words, prev
 * the abcd before the four rounds before (its a, turned, is their e), f
 * is the round function; the last sixteen words move down one register
 * (m0 the oldest). */
#define SHA1_NI_ROUNDS(m, f)                                \
	do {                                                \
		__m128i ew_ = _mm_sha1nexte_epu32(prev, m); \
		prev = abcd;                                \
		abcd = _mm_sha1rnds4_epu32(abcd, ew_, f);   \
		m0 = m1;                                    \
		m1 = m2;                                    \
		m2 = m3;                                    \
		m3 = m;                                     \
	} while (0)
/* n groups of four rounds whose words come from the last sixteen (kept a
 * loop, as SHA1_R20) */
#define SHA1_NI_GROUPS(n, f)                                                                         \
	do {                                                                                         \
		_Pragma("GCC unroll 1")                                                              \
		for (int g_ = 0; g_ < (n); g_++) {                                                   \
			__m128i m_ =                                                                 \
				_mm_sha1msg2_epu32(_mm_xor_si128(_mm_sha1msg1_epu32(m0, m1), m2), m3); \
			SHA1_NI_ROUNDS(m_, f);                                                       \
		}                                                                                    \
	} while (0)

/* The 20 groups of four rounds, those after the first five as a loop for
 * each function: 530 bytes of code, not 720 (in a scratch measure, cold,
 * a hash of 40 to 130 bytes took 5-25% less time). e goes in as an abcd
 * whose a, turned by sha1nexte, is h[4]: the first group is like the
 * others. */
__attribute__((target("sha,sse4.1"))) static void sha1_compress_ni(uint32_t *h, const unsigned char *p,
								   size_t nblocks)
{
	const __m128i bswap = _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
	/* a, b, c, d from the high lane down; e in the high lane of its own */
	__m128i abcd = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)h), 0x1B);
	__m128i e0 = _mm_set_epi32((int)h[4], 0, 0, 0);

	for (; nblocks > 0; nblocks--, p += 64) {
		__m128i abcd0 = abcd, m0, m1, m2, m3, m;
		/* e turned left by 2: sha1nexte turns it right by 2 */
		__m128i prev = _mm_or_si128(_mm_slli_epi32(e0, 2), _mm_srli_epi32(e0, 30));

		m = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)p), bswap);
		m0 = m1 = m2 = m3 = m; /* set only: the first four groups move the words in */
		SHA1_NI_ROUNDS(m, 0);
		m = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16)), bswap);
		SHA1_NI_ROUNDS(m, 0);
		m = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 32)), bswap);
		SHA1_NI_ROUNDS(m, 0);
		m = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 48)), bswap);
		SHA1_NI_ROUNDS(m, 0);
		SHA1_NI_GROUPS(1, 0);
		SHA1_NI_GROUPS(5, 1);
		SHA1_NI_GROUPS(5, 2);
		SHA1_NI_GROUPS(5, 3);
		/* e after the last group is a of the group before it, turned */
		e0 = _mm_sha1nexte_epu32(prev, e0);
		abcd = _mm_add_epi32(abcd, abcd0);
	}
	_mm_storeu_si128((__m128i *)h, _mm_shuffle_epi32(abcd, 0x1B));
	h[4] = (uint32_t)_mm_extract_epi32(e0, 3);
}
#endif

/* SHA-1's initial state (FIPS 180-4, 5.3.1), then sha_md_run() */
static void sha1_run(sha_md_compress_fn compress, const void *data, size_t len, unsigned char out[SHA1_LEN])
{
	uint32_t h[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};

	sha_md_run(compress, h, 5, data, len, out);
}

void sha1_hash(const void *data, size_t len, unsigned char out[SHA1_LEN])
{
#ifdef SIMD_HAVE_SHA_NI
	if (simd_sha_ni()) {
		sha1_run(sha1_compress_ni, data, len, out);
		return;
	}
#endif
	sha1_run(sha1_compress_portable, data, len, out);
}

void sha1_hash_portable(const void *data, size_t len, unsigned char out[SHA1_LEN])
{
	sha1_run(sha1_compress_portable, data, len, out);
}
