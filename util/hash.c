/* hash.c: content fingerprints: hex SHA-256 (util/sha256.c). */
#include "util/hash.h"

#include "util/sha256.h"

int hash_sha256_hex(const void *data, size_t len, char out[HASH_HEX_LEN])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char d[SHA256_LEN];

	sha256_hash(data, len, d);
	for (size_t i = 0; i < SHA256_LEN; i++) { /* not snprintf: 32 calls cost more than the hash of a bounce */
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[64] = '\0';
	return 0;
}
