/* sha1.h: SHA-1 of a buffer in one call (record tokens: Sisimai's format).
 *
 * Not for anything that needs a secure hash: the token is an identifier.
 * The SHA extensions are used where the CPU has them, the portable rounds
 * elsewhere; both give the same digest (test-util-sha1 compares them with
 * GnuTLS on random inputs). */
#ifndef BOUNCER_UTIL_SHA1_H
#define BOUNCER_UTIL_SHA1_H

#include <stddef.h>

#define SHA1_LEN 20

/* SHA-1 of data[0..len) into out. */
void sha1_hash(const void *data, size_t len, unsigned char out[SHA1_LEN]);
/* The same through the portable rounds on any CPU (for tests). */
void sha1_hash_portable(const void *data, size_t len, unsigned char out[SHA1_LEN]);

#endif
