/* sha-md.h: what SHA-1 and SHA-256 (FIPS 180-4, 5.1.1 and 6.1.2/6.2.2)
 * share around their rounds: the 64-byte blocks, then the padded tail
 * (0x80, zeros, the length in bits, big-endian) as one or two blocks, and
 * the state's words out most significant byte first. Included by
 * util/sha1.c and util/sha256.c only; inline, so each keeps its calls to
 * its own compress functions direct. */
#ifndef BOUNCER_UTIL_SHA_MD_H
#define BOUNCER_UTIL_SHA_MD_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* the rounds over nblocks blocks of 64 bytes at p, onto the state h */
typedef void (*sha_md_compress_fn)(uint32_t *h, const unsigned char *p, size_t nblocks);

/* Four bytes, most significant first, as a word */
static inline uint32_t sha_md_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* A word into four bytes, most significant first: a swap and a store where
 * the compiler can say so (the bytes one by one became shifts and ors, a
 * quarter of the run's code). */
static inline void sha_md_put_be32(unsigned char *p, uint32_t v)
{
#if defined(__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	v = __builtin_bswap32(v);
	memcpy(p, &v, sizeof(v));
#else
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
#endif
}

/* The blocks of data, then the padded tail, zeroed whole (a fixed size,
 * eight stores) rather than from the end of the data on; then the nh
 * words of h into out. */
static inline void sha_md_run(sha_md_compress_fn compress, uint32_t *h, int nh, const void *data, size_t len,
			      unsigned char *out)
{
	const unsigned char *p = data;
	unsigned char tail[128] = {0};
	size_t full = len / 64, rest = len % 64, end = rest + 9 <= 64 ? 64 : 128;

	if (full)
		compress(h, p, full);
	memcpy(tail, p + 64 * full, rest);
	tail[rest] = 0x80;
	sha_md_put_be32(tail + end - 8, (uint32_t)(len >> 29));
	sha_md_put_be32(tail + end - 4, (uint32_t)len << 3);
	compress(h, tail, end / 64);
	for (int i = 0; i < nh; i++)
		sha_md_put_be32(out + 4 * i, h[i]);
}

#endif
