#include "util/str.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Step back from cut so that dst does not end in half a UTF-8 sequence. */
static size_t utf8_safe_cut(const char *s, size_t cut)
{
	size_t i = cut;

	while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
		i--;
	return i;
}

bool str_copyn(char *dst, size_t size, const char *src, size_t n)
{
	size_t len;
	bool cut = false;

	if (size == 0)
		return n > 0;
	/* no further than size bytes: past them src is cut anyway, and
	 * str_copy() passes an n of SIZE_MAX (a long diagnostic copied into a
	 * short field was measured whole) */
	len = strnlen(src, n < size ? n : size);
	if (len >= size) {
		len = utf8_safe_cut(src, size - 1);
		cut = true;
	}
	memmove(dst, src, len);
	dst[len] = '\0';
	return cut;
}

bool str_copy(char *dst, size_t size, const char *src)
{
	return str_copyn(dst, size, src, (size_t)-1);
}

bool str_printf(char *dst, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(dst, size, fmt, ap);
	va_end(ap);
	return n < 0 || (size_t)n >= size;
}

void str_lower(char *s)
{
	for (; *s; s++)
		*s = str_lower_c(*s);
}

bool str_has_prefix_ci(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++) {
		char a = *s, b = *prefix;

		if (a >= 'A' && a <= 'Z')
			a = (char)(a - 'A' + 'a');
		if (b >= 'A' && b <= 'Z')
			b = (char)(b - 'A' + 'a');
		if (a != b)
			return false;
	}
	return true;
}
