/* sha256.c: SHA-256 (FIPS 180-4) of one buffer.
 *
 * Written here rather than called through gnutls_hash_fast(): GnuTLS is
 * loaded only for IMAP now (poller/imap-lib.c), and a fingerprint is one
 * hash a message in `bouncer run`. Like sha1.c, the SHA extensions do the
 * rounds where the CPU has them (as nettle did for GnuTLS: ~1.4 GB/s),
 * the portable rounds elsewhere (~0.2 GB/s). */
#include "util/sha256.h"

#include <stdint.h>
#include <string.h>

#include "util/sha-md.h"
#include "util/simd.h" /* SIMD_HAVE_SHA_NI, simd_sha_ni() */

static const uint32_t sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#define SHA256_ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))
#define SHA256_S0(x) (SHA256_ROR(x, 2) ^ SHA256_ROR(x, 13) ^ SHA256_ROR(x, 22))
#define SHA256_S1(x) (SHA256_ROR(x, 6) ^ SHA256_ROR(x, 11) ^ SHA256_ROR(x, 25))
#define SHA256_s0(x) (SHA256_ROR(x, 7) ^ SHA256_ROR(x, 18) ^ ((x) >> 3))
#define SHA256_s1(x) (SHA256_ROR(x, 17) ^ SHA256_ROR(x, 19) ^ ((x) >> 10))
/* Ch and Maj in their shorter equivalent forms */
#define SHA256_CH(e, f, g) ((g) ^ ((e) & ((f) ^ (g))))
#define SHA256_MAJ(a, b, c) (((a) & (b)) | ((c) & ((a) | (b))))

/* One round; the eight words are renamed from round to round instead of
 * moved. */
#define SHA256_R(a, b, c, d, e, f, g, h, t)                                                        \
	do {                                                                                       \
		uint32_t t1_ = (h) + SHA256_S1(e) + SHA256_CH(e, f, g) + sha256_k[t] + w[t];        \
		(d) += t1_;                                                                        \
		(h) = t1_ + SHA256_S0(a) + SHA256_MAJ(a, b, c);                                    \
	} while (0)

static void sha256_compress_portable(uint32_t *h, const unsigned char *p, size_t nblocks)
{
	for (; nblocks > 0; nblocks--, p += 64) {
		uint32_t w[64], a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];

		for (int t = 0; t < 16; t++)
			w[t] = sha_md_be32(p + 4 * t);
		for (int t = 16; t < 64; t++)
			w[t] = SHA256_s1(w[t - 2]) + w[t - 7] + SHA256_s0(w[t - 15]) + w[t - 16];
		for (int t = 0; t < 64; t += 8) {
			SHA256_R(a, b, c, d, e, f, g, hh, t);
			SHA256_R(hh, a, b, c, d, e, f, g, t + 1);
			SHA256_R(g, hh, a, b, c, d, e, f, t + 2);
			SHA256_R(f, g, hh, a, b, c, d, e, t + 3);
			SHA256_R(e, f, g, hh, a, b, c, d, t + 4);
			SHA256_R(d, e, f, g, hh, a, b, c, t + 5);
			SHA256_R(c, d, e, f, g, hh, a, b, t + 6);
			SHA256_R(b, c, d, e, f, g, hh, a, t + 7);
		}
		h[0] += a;
		h[1] += b;
		h[2] += c;
		h[3] += d;
		h[4] += e;
		h[5] += f;
		h[6] += g;
		h[7] += hh;
	}
}

#ifdef SIMD_HAVE_SHA_NI
/* Four rounds (4g..4g+3) with the SHA extensions. m[g % 4] ends up holding
 * schedule words 4g..4g+3: loaded for g < 4, else
 * w[t] = s1(w[t-2]) + w[t-7] + s0(w[t-15]) + w[t-16] four at a time
 * (msg1 adds the s0 terms, alignr brings w[t-7..t-4], msg2 the s1 terms).
 * The state is kept as ABEF and CDGH, as sha256rnds2 wants it. */
#define SHA256_NI_GROUP(g)                                                                             \
	do {                                                                                           \
		__m128i *m_ = &m[(g) & 3], k_;                                                         \
		if ((g) < 4)                                                                           \
			*m_ = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * (g))), bswap); \
		else                                                                                   \
			*m_ = _mm_sha256msg2_epu32(                                                    \
				_mm_add_epi32(_mm_sha256msg1_epu32(*m_, m[((g) + 1) & 3]),             \
					      _mm_alignr_epi8(m[((g) + 3) & 3], m[((g) + 2) & 3], 4)), \
				m[((g) + 3) & 3]);                                                     \
		k_ = _mm_add_epi32(*m_, _mm_loadu_si128((const __m128i *)(sha256_k + 4 * (g))));      \
		cdgh = _mm_sha256rnds2_epu32(cdgh, abef, k_);                                          \
		abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(k_, 0x0E));                 \
	} while (0)

__attribute__((target("sha,sse4.1"))) static void sha256_compress_ni(uint32_t *h, const unsigned char *p,
								     size_t nblocks)
{
	const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
	__m128i dcba = _mm_loadu_si128((const __m128i *)h), hgfe = _mm_loadu_si128((const __m128i *)(h + 4));
	__m128i cdab = _mm_shuffle_epi32(dcba, 0xB1), efgh = _mm_shuffle_epi32(hgfe, 0x1B);
	__m128i abef = _mm_alignr_epi8(cdab, efgh, 8), cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);

	for (; nblocks > 0; nblocks--, p += 64) {
		__m128i abef0 = abef, cdgh0 = cdgh, m[4];

#pragma GCC unroll 16
		for (int g = 0; g < 16; g++)
			SHA256_NI_GROUP(g);
		abef = _mm_add_epi32(abef, abef0);
		cdgh = _mm_add_epi32(cdgh, cdgh0);
	}
	/* back to h[0..3] = a..d, h[4..7] = e..h */
	{
		__m128i feba = _mm_shuffle_epi32(abef, 0x1B), dchg = _mm_shuffle_epi32(cdgh, 0xB1);

		_mm_storeu_si128((__m128i *)h, _mm_blend_epi16(feba, dchg, 0xF0));
		_mm_storeu_si128((__m128i *)(h + 4), _mm_alignr_epi8(dchg, feba, 8));
	}
}

#endif

/* SHA-256's initial state (FIPS 180-4, 5.3.3), then sha_md_run() */
static void sha256_run(sha_md_compress_fn compress, const void *data, size_t len, unsigned char out[SHA256_LEN])
{
	uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
			 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

	sha_md_run(compress, h, 8, data, len, out);
}

void sha256_hash(const void *data, size_t len, unsigned char out[SHA256_LEN])
{
#ifdef SIMD_HAVE_SHA_NI
	if (simd_sha_ni()) {
		sha256_run(sha256_compress_ni, data, len, out);
		return;
	}
#endif
	sha256_run(sha256_compress_portable, data, len, out);
}

void sha256_hash_portable(const void *data, size_t len, unsigned char out[SHA256_LEN])
{
	sha256_run(sha256_compress_portable, data, len, out);
}
