/* sha256.h: SHA-256 (FIPS 180-4) of a buffer in one call (content
 * fingerprints, util/hash.h).
 *
 * Our own, so that nothing outside IMAP needs GnuTLS (which bouncer loads
 * only for IMAP, poller/imap-lib.c). The SHA extensions are used where the
 * CPU has them, the portable rounds elsewhere; test-util-sha256 checks both
 * with the FIPS 180-4 examples and against python's hashlib. */
#ifndef BOUNCER_UTIL_SHA256_H
#define BOUNCER_UTIL_SHA256_H

#include <stddef.h>

#define SHA256_LEN 32

/* SHA-256 of data[0..len) into out. */
void sha256_hash(const void *data, size_t len, unsigned char out[SHA256_LEN]);
/* The same through the portable rounds on any CPU (for tests). */
void sha256_hash_portable(const void *data, size_t len, unsigned char out[SHA256_LEN]);

#endif
