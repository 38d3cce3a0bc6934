/* str.h: bounded string helpers (glibc 2.36 has no strlcpy). */
#ifndef BOUNCER_UTIL_STR_H
#define BOUNCER_UTIL_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Copy src into dst of size bytes, always NUL-terminated (size > 0).
 * Returns true when src did not fit and was cut. Never cuts inside a
 * UTF-8 sequence. */
bool str_copy(char *dst, size_t size, const char *src);
/* Same for the first n bytes of src (which need not be NUL-terminated). */
bool str_copyn(char *dst, size_t size, const char *src, size_t n);
/* A literal into an array it fits (said at compile time): what
 * str_copy() would leave there, without its strnlen() and memmove() calls
 * (a record's action, command or type is set so for nearly every record) */
#define STR_COPY_LIT(field, lit)                                                    \
	do {                                                                        \
		_Static_assert(sizeof(field) >= sizeof(lit), "the literal fits"); \
		memcpy((field), (lit), sizeof(lit));                                \
	} while (0)
/* snprintf that reports truncation: returns true when the output was cut. */
bool str_printf(char *dst, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* ASCII lower-case in place. */
void str_lower(char *s);
/* c with 'A'..'Z' lower-cased; every other byte, 8-bit ones included, as it is. */
static inline char str_lower_c(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}
/* ASCII case-insensitive prefix test. */
bool str_has_prefix_ci(const char *s, const char *prefix);
/* The eight bytes at s with exactly 'A'..'Z' lower-cased (0x20 added: the
 * high bit of each such byte, moved down); every other byte, 8-bit ones
 * included, as it is. For hot loops over header names and media types. */
static inline uint64_t str_lower8(const char *s)
{
	uint64_t w, h;

	memcpy(&w, s, 8);
	h = w & 0x7F7F7F7F7F7F7F7Fu;
	return w | ((~w & ((h + 0x3F3F3F3F3F3F3F3Fu) ^ (h + 0x2525252525252525u)) & 0x8080808080808080u) >> 2);
}

#endif
