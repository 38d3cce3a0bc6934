/* hash.c: SHA-256 through GnuTLS (already linked for TLS). */
#include "util/hash.h"

#include <gnutls/crypto.h>

int hash_sha256_hex(const void *data, size_t len, char out[HASH_HEX_LEN])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char d[32];

	if (gnutls_hash_fast(GNUTLS_DIG_SHA256, data, len, d) != 0)
		return -1;
	for (size_t i = 0; i < 32; i++) { /* not snprintf: 32 calls cost more than the hash of a bounce */
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[64] = '\0';
	return 0;
}
