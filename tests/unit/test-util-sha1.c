/* test-util-sha1.c: SHA-1 against FIPS 180 examples, and both compressions
 * (the SHA extensions where this CPU has them, the portable rounds) against
 * GnuTLS (nettle's rounds) on random inputs of every length up to 4 blocks. */
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <string.h>

#include "harness.h"
#include "util/sha1.h"

static void hex(const unsigned char *d, char out[2 * SHA1_LEN + 1])
{
	static const char digits[] = "0123456789abcdef";

	for (int i = 0; i < SHA1_LEN; i++) {
		out[2 * i] = digits[d[i] >> 4];
		out[2 * i + 1] = digits[d[i] & 15];
	}
	out[2 * SHA1_LEN] = '\0';
}

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
	};
	unsigned char d[SHA1_LEN];
	char got[2 * SHA1_LEN + 1];

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		sha1_hash(rows[i].in, strlen(rows[i].in), d);
		hex(d, got);
		CHECK_STR(got, rows[i].want, "sha1 row %zu", i);
		sha1_hash_portable(rows[i].in, strlen(rows[i].in), d);
		hex(d, got);
		CHECK_STR(got, rows[i].want, "sha1 portable row %zu", i);
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

TEST_MAIN(test_sha1_known, test_sha1_random)
