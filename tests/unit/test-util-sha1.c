/* test-util-sha1.c: SHA-1 against FIPS 180 examples, and both compressions
 * (the SHA extensions where this CPU has them, the portable rounds) against
 * GnuTLS (nettle's rounds) on random inputs of every length up to 4 blocks;
 * long inputs and the lengths around the padding's block against hashlib. */
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <string.h>

#include "harness.h"
#include "util/hash.h"
#include "util/sha1.h"

static void test_sha1_known(void)
{
	static const struct {
		const char *in, *want;
	} rows[] = {
		{"", "da39a3ee5e6b4b0d3255bfef95601890afd80709"},
		{"abc", "a9993e364706816aba3e25717850c26c9cd0d89d"},
		{"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		 "84983e441c3bd26ebaae4aa1f95129e5e54670f1"},
		{"The quick brown fox jumps over the lazy dog", "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12"},
		{"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
		 "a49b2446a02c645bf419f995b67091253a04a259"},
	};
	unsigned char d[SHA1_LEN];
	char got[2 * SHA1_LEN + 1];

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		sha1_hash(rows[i].in, strlen(rows[i].in), d);
		hash_hex(d, SHA1_LEN, got);
		CHECK_STR(got, rows[i].want, "sha1 row %zu", i);
		sha1_hash_portable(rows[i].in, strlen(rows[i].in), d);
		hash_hex(d, SHA1_LEN, got);
		CHECK_STR(got, rows[i].want, "sha1 portable row %zu", i);
	}
}

/* n times 'a' (hashlib's digests): lengths where the padding takes one
 * block or two, data past whole blocks, and FIPS 180's million */
static void test_sha1_lengths(void)
{
	static const struct {
		size_t n;
		const char *want;
	} rows[] = {
		{55, "c1c8bbdc22796e28c0e15163d20899b65621d65a"},
		{56, "c2db330f6083854c99d4b5bfb6e8f29f201be699"},
		{63, "03f09f5b158a7a8cdad920bddc29b81c18a551f5"},
		{64, "0098ba824b5c16427bd7a1122a5a442a25ec644d"},
		{65, "11655326c708d70319be2610e8a57d9a5b959d3b"},
		{119, "ee971065aaa017e0632a8ca6c77bb3bf8b1dfc56"},
		{120, "f34c1488385346a55709ba056ddd08280dd4c6d6"},
		{128, "ad5b3fdbcb526778c2839d2f151ea753995e26a0"},
		{1000000, "34aa973cd4c4daa4f61eeb2bdbad27316534016f"},
	};
	unsigned char d[SHA1_LEN];
	char got[2 * SHA1_LEN + 1];

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		char *a = malloc(rows[i].n); /* exactly n: ASan sees a read past it */

		if (!a)
			abort();
		memset(a, 'a', rows[i].n);
		sha1_hash(a, rows[i].n, d);
		hash_hex(d, SHA1_LEN, got);
		CHECK_STR(got, rows[i].want, "sha1 of %zu a's", rows[i].n);
		sha1_hash_portable(a, rows[i].n, d);
		hash_hex(d, SHA1_LEN, got);
		CHECK_STR(got, rows[i].want, "sha1 portable of %zu a's", rows[i].n);
		free(a);
	}
}

static void test_sha1_random(void)
{
	unsigned char buf[300], want[SHA1_LEN], got[SHA1_LEN], port[SHA1_LEN];
	unsigned seed = 12345;
	size_t bad = 0, badp = 0, n = 0;

	for (int round = 0; round < 20; round++)
		for (size_t len = 0; len <= 257; len++, n++) {
			for (size_t i = 0; i < len; i++) {
				seed = seed * 1103515245u + 12345u;
				buf[i] = (unsigned char)(seed >> 16);
			}
			if (gnutls_hash_fast(GNUTLS_DIG_SHA1, buf, len, want) != 0)
				abort();
			sha1_hash(buf, len, got);
			sha1_hash_portable(buf, len, port);
			bad += memcmp(got, want, SHA1_LEN) != 0;
			badp += memcmp(port, want, SHA1_LEN) != 0;
		}
	CHECK_INT(bad, 0, "sha1 = GnuTLS on %zu random inputs", n);
	CHECK_INT(badp, 0, "portable sha1 = GnuTLS on %zu random inputs", n);
}

TEST_MAIN(test_sha1_known, test_sha1_lengths, test_sha1_random)
