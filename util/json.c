/* json.c: JSON string output, into an outbuf (one stdio call per line,
 * not per piece: see outbuf.h). */
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

/* One byte that is not written as it is: a quote, a backslash, a control
 * character, or a byte that starts no valid UTF-8 sequence (U+FFFD). */
static void json_put_escape(struct outbuf *o, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";
	char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};

	switch (c) {
	case '"': outbuf_put(o, "\\\"", 2); return;
	case '\\': outbuf_put(o, "\\\\", 2); return;
	case '\n': outbuf_put(o, "\\n", 2); return;
	case '\r': outbuf_put(o, "\\r", 2); return;
	case '\t': outbuf_put(o, "\\t", 2); return;
	default: break;
	}
	if (c < 0x20 || c == 0x7F)
		outbuf_put(o, u, sizeof(u));
	else
		outbuf_put(o, "\xEF\xBF\xBD", 3);
}

void json_put_string(struct outbuf *o, const char *str)
{
	const unsigned char *s = (const unsigned char *)(str ? str : "");

	outbuf_putc(o, '"');
	while (*s) {
		const unsigned char *run = s;
		size_t n;

		/* a run of plain bytes and valid UTF-8 is copied in one piece */
		for (;;) {
			/* four at a time: the NUL is not plain, so this stops on it */
			while (json_plain(s[0]) && json_plain(s[1]) && json_plain(s[2]) &&
			       json_plain(s[3]))
				s += 4;
			if (json_plain(*s))
				s++;
			else if (*s >= 0x80 && (n = utf8_seq_len(s)) > 0)
				s += n;
			else
				break;
		}
		if (s > run)
			outbuf_put(o, run, (size_t)(s - run));
		if (!*s)
			break;
		json_put_escape(o, *s++);
	}
	outbuf_putc(o, '"');
}
