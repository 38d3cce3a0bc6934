/* hash.c: content fingerprints: hex SHA-256 (util/sha256.c). */
#include "util/hash.h"

#include "util/sha256.h"

void hash_hex(const unsigned char *d, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) { /* not snprintf: 32 calls cost more than the hash of a bounce */
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[2 * n] = '\0';
}

int hash_sha256_hex(const void *data, size_t len, char out[HASH_HEX_LEN])
{
	unsigned char d[SHA256_LEN];

	sha256_hash(data, len, d);
	hash_hex(d, SHA256_LEN, out);
	return 0;
}
