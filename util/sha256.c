/* sha256.c: SHA-256 (FIPS 180-4) of one buffer, the portable rounds.
 *
 * A fingerprint is one hash a message in `bouncer run`, beside a database
 * write: the plain rounds are fast enough, and keep this short. */
#include "util/sha256.h"

#include <stdint.h>
#include <string.h>

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

static uint32_t sha256_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static void sha256_compress(uint32_t h[8], const unsigned char *p, size_t nblocks)
{
	for (; nblocks > 0; nblocks--, p += 64) {
		uint32_t w[64], v[8];

		for (int t = 0; t < 16; t++)
			w[t] = sha256_be32(p + 4 * t);
		for (int t = 16; t < 64; t++)
			w[t] = SHA256_s1(w[t - 2]) + w[t - 7] + SHA256_s0(w[t - 15]) + w[t - 16];
		memcpy(v, h, sizeof(v));
		for (int t = 0; t < 64; t++) {
			/* v[] = a..h; Ch and Maj in their two-operation forms */
			uint32_t t1 = v[7] + SHA256_S1(v[4]) + (v[6] ^ (v[4] & (v[5] ^ v[6]))) + sha256_k[t] + w[t];
			uint32_t t2 = SHA256_S0(v[0]) + ((v[0] & v[1]) | (v[2] & (v[0] | v[1])));

			v[7] = v[6];
			v[6] = v[5];
			v[5] = v[4];
			v[4] = v[3] + t1;
			v[3] = v[2];
			v[2] = v[1];
			v[1] = v[0];
			v[0] = t1 + t2;
		}
		for (int i = 0; i < 8; i++)
			h[i] += v[i];
	}
}

void sha256_hash(const void *data, size_t len, unsigned char out[SHA256_LEN])
{
	uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
			 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
	const unsigned char *p = data;
	unsigned char tail[128];
	size_t full = len / 64, rest = len % 64, nt = rest + 9 <= 64 ? 1 : 2;
	uint64_t bits = (uint64_t)len << 3;

	if (full)
		sha256_compress(h, p, full);
	/* The last bytes, 0x80, zeros, and the length in bits: one or two blocks. */
	if (rest)
		memcpy(tail, p + 64 * full, rest);
	tail[rest] = 0x80;
	memset(tail + rest + 1, 0, 64 * nt - rest - 1 - 8);
	for (int i = 0; i < 8; i++)
		tail[64 * nt - 1 - i] = (unsigned char)(bits >> (8 * i));
	sha256_compress(h, tail, nt);
	for (int i = 0; i < 8; i++) {
		out[4 * i] = (unsigned char)(h[i] >> 24);
		out[4 * i + 1] = (unsigned char)(h[i] >> 16);
		out[4 * i + 2] = (unsigned char)(h[i] >> 8);
		out[4 * i + 3] = (unsigned char)h[i];
	}
}
