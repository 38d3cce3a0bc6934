/* json.h: writing JSON strings safely (RFC 8259). */
#ifndef BOUNCER_UTIL_JSON_H
#define BOUNCER_UTIL_JSON_H

#include <stdbool.h>

#include "util/outbuf.h"

/* Append s (NULL counts as "") as a JSON string with quotes: control
 * characters, quotes and backslashes escaped; invalid UTF-8 bytes replaced
 * by U+FFFD. */
void json_put_string(struct outbuf *o, const char *s);

/* One field of a record for json_put_fields(): the literal written before
 * it (the key with the quotes around the value: `","subject":"`, padded
 * with NULs to 32 bytes, which are copied at once) and where the value is:
 * an array of cap bytes at offset off in the record base[which], NUL
 * within it (a value without one is cut at cap). Nothing past the array is
 * read, unless room says that the record goes on after it: then a value
 * shorter than a step ("550", "RCPT") is read in one step of 16 or 32
 * bytes, up to room bytes from its start, instead of byte by byte (what
 * lies after the array is never written out). 0: as cap. */
struct json_field {
	char lit[32];
	unsigned char litlen;
	unsigned char which;
	unsigned short cap;
	unsigned off;
	unsigned short room;
};

/* Append the n fields of f: each literal, then its value escaped as by
 * json_put_string() but without the quotes, which the literals carry (the
 * next one opens with the closing quote). A value with nothing to escape
 * (nearly all) is copied 32 bytes a step (AVX2) or sixteen up to its NUL,
 * with no strlen() and no call per field; arrays shorter than the step
 * take the shorter step or a byte loop. */
void json_put_fields(struct outbuf *o, const struct json_field *f, size_t n,
		     const char *const *base);
/* The same with the step chosen: 32 bytes (AVX2, when avx2 and the build
 * has it) or sixteen; json_put_fields() takes AVX2 when simd_avx2() (util/simd.h).
 * For the tests, which compare both. */
void json_put_fields_v(struct outbuf *o, const struct json_field *f, size_t n,
		       const char *const *base, bool avx2);

#endif
