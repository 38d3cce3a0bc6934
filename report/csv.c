/* csv.c: RFC 4180 cells, made safe for spreadsheets.
 *
 * A cell is first made single-line, valid UTF-8 and bounded (csv_clean), then guarded
 * against formula injection (OWASP "CSV Injection": a leading = + - @ TAB
 * or CR makes Excel/LibreOffice evaluate it; a leading ' stops that), then
 * quoted when it holds a comma, quote, CR or LF, or starts/ends with a blank.
 */
#include <stdio.h>
#include <string.h>

#include "report/report-private.h"

/* Bytes that start a formula in some spreadsheet. */
static const char csv_formula_start[] = "=+-@\t\r";

void csv_clean(char *dst, size_t size, const char *src)
{
	const unsigned char *p = (const unsigned char *)src;
	size_t n = strlen(src), o = 0;
	bool blank = true; /* drop leading and doubled blanks */

	if (size == 0)
		return;
	while (n > 0) {
		size_t len = utf8_seq_len(p, n);
		const char *put = (const char *)p;
		size_t put_len = len;

		if (len == 0) {
			put = UTF8_REPLACEMENT; /* a stray byte */
			put_len = sizeof(UTF8_REPLACEMENT) - 1;
			len = 1;
		} else if (len == 1 && (*p < 0x20 || *p == 0x7f || *p == ' ')) {
			/* CR, LF, TAB and other controls: one line only */
			p++, n--;
			if (!blank && o + 1 < size)
				dst[o++] = ' ';
			blank = true;
			continue;
		}
		if (o + put_len >= size)
			break; /* whole characters only */
		memcpy(dst + o, put, put_len);
		o += put_len;
		blank = false;
		p += len, n -= len;
	}
	while (o > 0 && dst[o - 1] == ' ')
		o--;
	dst[o] = '\0';
}

bool csv_needs_guard(const char *s)
{
	return s[0] != '\0' && strchr(csv_formula_start, s[0]) != NULL;
}

static bool csv_needs_quotes(const char *s)
{
	size_t n = strlen(s);

	if (n == 0)
		return false;
	if (s[0] == ' ' || s[n - 1] == ' ')
		return true;
	return strpbrk(s, ",\"\r\n") != NULL;
}

void csv_write_raw(FILE *out, const char *s)
{
	if (!csv_needs_quotes(s)) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out); /* RFC 4180: a quote inside is doubled */
		fputc(*s, out);
	}
	fputc('"', out);
}

void csv_write_text(FILE *out, const char *s, size_t max)
{
	char buf[BOUNCE_TEXT_MAX + 2];

	if (max + 1 > sizeof(buf) - 1)
		max = sizeof(buf) - 2;
	csv_clean(buf + 1, max + 1, s);
	if (csv_needs_guard(buf + 1)) {
		buf[0] = '\'';
		csv_write_raw(out, buf);
	} else {
		csv_write_raw(out, buf + 1);
	}
}

void csv_end_row(FILE *out)
{
	fputs("\r\n", out);
}
