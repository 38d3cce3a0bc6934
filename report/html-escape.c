/* html-escape.c: untrusted text into HTML, as text or attribute value. */
#include <stdio.h>
#include <string.h>

#include "report/report-private.h"

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
		size_t len = utf8_seq_len(p, n);
		const char *ent;

		if (len == 0) {
			fputs(UTF8_REPLACEMENT, out);
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
