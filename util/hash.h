/* hash.h: content fingerprints (hex SHA-256). */
#ifndef BOUNCER_UTIL_HASH_H
#define BOUNCER_UTIL_HASH_H

#include <stddef.h>

#define HASH_HEX_LEN 65 /* 64 hex digits and NUL */

/* The n bytes of d as 2n lower-case hex digits and a NUL into out. */
void hash_hex(const unsigned char *d, size_t n, char *out);

/* Hex SHA-256 of data[0..len) into out. Returns 0 (it cannot fail; the int
 * is from when GnuTLS did the hashing). */
int hash_sha256_hex(const void *data, size_t len, char out[HASH_HEX_LEN]);

#endif
