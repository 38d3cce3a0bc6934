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

/* The length of s[0..len) without a last UTF-8 sequence that lacks bytes
 * (its lead byte asks for more than follow it). */
static size_t utf8_whole_len(const char *s, size_t len)
{
	size_t lead = len, need;
	unsigned char c;

	while (lead > 0 && len - lead < 4 && ((unsigned char)s[lead - 1] & 0xC0) == 0x80)
		lead--;
	if (lead == 0)
		return len;
	c = (unsigned char)s[lead - 1];
	need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
	return len - (lead - 1) < need ? lead - 1 : len;
}

bool str_printf(char *dst, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(dst, size, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n < size)
		return n < 0;
	/* cut: vsnprintf() stops at a byte count, maybe inside a character
	 * (Exchange 2003's alternate errors joined before a long diagnostic
	 * gave a field that ended in half a UTF-8 sequence) */
	if (size > 0)
		dst[utf8_whole_len(dst, size - 1)] = '\0';
	return true;
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
