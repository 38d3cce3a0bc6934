/* test-util-hash.c: hex SHA-256 against known digests (FIPS 180-4 examples). */
#include <string.h>

#include "harness.h"
#include "util/hash.h"

static void test_sha256_hex(void)
{
	static const struct {
		const char *in, *want;
	} rows[] = {
		{"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
		{"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		 "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
	};
	char out[HASH_HEX_LEN];

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		memset(out, 'x', sizeof(out));
		CHECK_INT(hash_sha256_hex(rows[i].in, strlen(rows[i].in), out), 0, "hash row %zu", i);
		CHECK_STR(out, rows[i].want, "sha256 row %zu", i);
	}
}

TEST_MAIN(test_sha256_hex)
