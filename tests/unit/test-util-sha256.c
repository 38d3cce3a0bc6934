/* test-util-sha256.c: SHA-256, with the SHA extensions where this CPU has
 * them and with the portable rounds, against the FIPS 180-4 examples, and
 * against python's hashlib on pseudo-random inputs of every length up to
 * four blocks (the digest of their digests, computed once by python3: see
 * test_sha256_random). */
#include <string.h>

#include "harness.h"
#include "util/hash.h"
#include "util/sha256.h"

static void test_sha256_known(void)
{
	static const struct {
		const char *in, *want;
	} rows[] = {
		{"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
		/* 448 bits: the padding needs a second block */
		{"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		 "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
		{"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
		 "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
	};
	unsigned char d[SHA256_LEN];
	char got[2 * SHA256_LEN + 1];

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		sha256_hash(rows[i].in, strlen(rows[i].in), d);
		hash_hex(d, SHA256_LEN, got);
		CHECK_STR(got, rows[i].want, "sha256 row %zu", i);
		sha256_hash_portable(rows[i].in, strlen(rows[i].in), d);
		hash_hex(d, SHA256_LEN, got);
		CHECK_STR(got, rows[i].want, "sha256 portable row %zu", i);
	}
}

static void test_sha256_million(void)
{
	static unsigned char a[1000000];
	unsigned char d[SHA256_LEN];
	char got[2 * SHA256_LEN + 1];

	memset(a, 'a', sizeof(a));
	sha256_hash(a, sizeof(a), d);
	hash_hex(d, SHA256_LEN, got);
	CHECK_STR(got, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
		  "sha256 of a million 'a'");
	sha256_hash_portable(a, sizeof(a), d);
	hash_hex(d, SHA256_LEN, got);
	CHECK_STR(got, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
		  "portable sha256 of a million 'a'");
}

/* Four rounds of lengths 0..257, bytes from the LCG below; the want is
 *   seed = 12345; ds = b''
 *   for r in range(4):
 *     for n in range(258):
 *       b = bytearray()
 *       for i in range(n):
 *         seed = (seed * 1103515245 + 12345) & 0xffffffff; b.append((seed >> 16) & 0xff)
 *       ds += hashlib.sha256(bytes(b)).digest()
 *   print(hashlib.sha256(ds).hexdigest()) */
static void random_digests(void (*hash)(const void *, size_t, unsigned char *), const char *name)
{
	static unsigned char ds[4 * 258 * SHA256_LEN];
	unsigned char buf[257], d[SHA256_LEN];
	char got[2 * SHA256_LEN + 1];
	unsigned seed = 12345;
	size_t n = 0;

	for (int round = 0; round < 4; round++)
		for (size_t len = 0; len <= 257; len++, n++) {
			for (size_t i = 0; i < len; i++) {
				seed = seed * 1103515245u + 12345u;
				buf[i] = (unsigned char)(seed >> 16);
			}
			hash(buf, len, ds + n * SHA256_LEN);
		}
	sha256_hash_portable(ds, sizeof(ds), d);
	hash_hex(d, SHA256_LEN, got);
	CHECK_STR(got, "703c5ca96f91286034d4edfa84e5d293c047c375c4e0f4ed6a5770a4b239c820",
		  "%s of %zu random inputs = python's hashlib", name, n);
}

static void test_sha256_random(void)
{
	random_digests(sha256_hash, "sha256");
	random_digests(sha256_hash_portable, "portable sha256");
}

TEST_MAIN(test_sha256_known, test_sha256_million, test_sha256_random)
