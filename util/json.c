/* json.c: JSON string output.
 *
 * The stdio calls are the _unlocked ones (glibc, _GNU_SOURCE): bouncer has
 * one thread, and a lock per call was a third of the printing cost. */
#include "util/json.h"

#include <stddef.h>

/* Length of a valid UTF-8 sequence at s, or 0 when invalid. */
static size_t utf8_seq_len(const unsigned char *s)
{
	size_t n;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		n = 2;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		n = 3;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		n = 4;
	else
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	if (n == 3 && ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] >= 0xA0)))
		return 0; /* overlong, or a UTF-16 surrogate */
	if (n == 4 && ((s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] >= 0x90)))
		return 0;
	return n;
}

/* Bytes written as they are: printable ASCII but the quote and the
 * backslash (a table: this loop sees every byte of every field). */
static const unsigned char json_plain_tab[256] = { /* 0x00..0x7F; the rest 0 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,
};

static int json_plain(unsigned char c)
{
	return json_plain_tab[c];
}

void json_put_string(FILE *fp, const char *str)
{
	const unsigned char *s = (const unsigned char *)(str ? str : "");

	putc_unlocked('"', fp);
	while (*s) {
		const unsigned char *run = s;
		size_t n;

		/* a run of plain bytes and valid UTF-8 goes out in one fwrite,
		 * not byte by byte */
		for (;;) {
			if (json_plain(*s))
				s++;
			else if (*s >= 0x80 && (n = utf8_seq_len(s)) > 0)
				s += n;
			else
				break;
		}
		if (s > run)
			fwrite_unlocked(run, 1, (size_t)(s - run), fp);
		if (!*s)
			break;
		switch (*s) {
		case '"': fputs_unlocked("\\\"", fp); s++; continue;
		case '\\': fputs_unlocked("\\\\", fp); s++; continue;
		case '\n': fputs_unlocked("\\n", fp); s++; continue;
		case '\r': fputs_unlocked("\\r", fp); s++; continue;
		case '\t': fputs_unlocked("\\t", fp); s++; continue;
		default: break;
		}
		if (*s < 0x20 || *s == 0x7F) {
			fprintf(fp, "\\u%04x", *s);
			s++;
			continue;
		}
		n = utf8_seq_len(s);
		if (n == 0) {
			fputs_unlocked("\xEF\xBF\xBD", fp);
			s++;
			continue;
		}
		fwrite_unlocked(s, 1, n, fp);
		s += n;
	}
	putc_unlocked('"', fp);
}
