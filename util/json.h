/* json.h: writing JSON strings safely (RFC 8259). */
#ifndef BOUNCER_UTIL_JSON_H
#define BOUNCER_UTIL_JSON_H

#include "util/outbuf.h"

/* Append s (NULL counts as "") as a JSON string with quotes: control
 * characters, quotes and backslashes escaped; invalid UTF-8 bytes replaced
 * by U+FFFD. */
void json_put_string(struct outbuf *o, const char *s);
/* The same for a string kept in an array of cap bytes, all of which may be
 * read (a record's field): the NUL is looked for on the way, sixteen bytes
 * at a time, instead of by strlen() first. */
void json_put_field(struct outbuf *o, const char *s, size_t cap);

#endif
