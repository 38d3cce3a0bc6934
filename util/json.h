/* json.h: writing JSON strings safely (RFC 8259). */
#ifndef BOUNCER_UTIL_JSON_H
#define BOUNCER_UTIL_JSON_H

#include <stdio.h>

/* Write s as a JSON string with quotes: control characters, quotes and
 * backslashes escaped; invalid UTF-8 bytes replaced by U+FFFD. */
void json_put_string(FILE *fp, const char *s);

#endif
