/* json.c: JSON string literals (RFC 8259). Input is UTF-8 from the store. */
#include <stdio.h>
#include <string.h>

#include "report/report-private.h"

void json_write_string(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);

	fputc('"', out);
	while (n > 0) {
		size_t len = utf8_seq_len(p, n);

		if (len == 0) {
			fputs(UTF8_REPLACEMENT, out); /* JSON must be valid UTF-8 */
			p++, n--;
			continue;
		}
		if (len > 1) {
			fwrite(p, 1, len, out);
			p += len, n -= len;
			continue;
		}
		switch (*p) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(out, "\\u%04x", *p);
			else
				fputc(*p, out);
		}
		p++, n--;
	}
	fputc('"', out);
}
