/* html-escape.c: untrusted text into HTML, as text or attribute value. */
#include <stdio.h>
#include <string.h>

#include "report/report-private.h"

/* Length of the valid UTF-8 sequence at p (up to n bytes), 0 if invalid. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
	size_t len;
	unsigned cp;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xC2 && p[0] <= 0xDF)
		len = 2, cp = p[0] & 0x1F;
	else if (p[0] >= 0xE0 && p[0] <= 0xEF)
		len = 3, cp = p[0] & 0x0F;
	else if (p[0] >= 0xF0 && p[0] <= 0xF4)
		len = 4, cp = p[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	/* overlong forms, surrogates, beyond U+10FFFF */
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

static const char *html_entity(unsigned char c)
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\'':
		return "&#39;";
	default:
		return NULL;
	}
}

static void html_put_n(FILE *out, const unsigned char *p, size_t n)
{
	while (n > 0) {
		size_t len = utf8_len(p, n);
		const char *ent;

		if (len == 0) {
			fputs("\xEF\xBF\xBD", out); /* U+FFFD for a stray byte */
			len = 1;
		} else if (len == 1 && (ent = html_entity(*p)) != NULL) {
			fputs(ent, out);
		} else if (len == 1 && (*p < 0x20 || *p == 0x7f)) {
			fputc(' ', out);
		} else {
			fwrite(p, 1, len, out);
		}
		p += len;
		n -= len;
	}
}

void html_puts(FILE *out, const char *s)
{
	html_put_n(out, (const unsigned char *)s, strlen(s));
}

void html_puts_max(FILE *out, const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max) {
		html_put_n(out, (const unsigned char *)s, n);
		return;
	}
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--; /* do not split a character */
	html_put_n(out, (const unsigned char *)s, max);
	fputs("\xE2\x80\xA6", out); /* … */
}
