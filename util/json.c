/* json.c: JSON string output, into an outbuf (one stdio call per line,
 * not per piece: see outbuf.h). */
#include "util/json.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

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

#ifdef __SSE2__
/* Bit k set: byte k of b is not plain (the NUL included). */
static unsigned json_odd_bits(__m128i b)
{
	const __m128i ctl = _mm_set1_epi8(0x1F), del = _mm_set1_epi8(0x7F);
	const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\');
	/* signed: bytes from 0x80 are below 0x20 too */
	__m128i odd = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(b, del), _mm_cmpeq_epi8(b, quote)),
				   _mm_cmpeq_epi8(b, bslash));

	return (unsigned)_mm_movemask_epi8(_mm_andnot_si128(odd, _mm_cmpgt_epi8(b, ctl))) ^ 0xFFFFu;
}

static unsigned json_odd16(const void *p)
{
	return json_odd_bits(_mm_loadu_si128((const __m128i *)p));
}

/* d[0..n) are all plain. It reads up to fifteen bytes past n, which the
 * caller has (they do not count). */
static bool json_all_plain(const char *d, size_t n)
{
	for (size_t i = 0; i < n; i += 16) {
		unsigned m = json_odd16(d + i);

		if (n - i < 16)
			m &= (1u << (n - i)) - 1;
		if (m)
			return false;
	}
	return true;
}
#endif

/* How many bytes from s[i] on (up to n) are plain. */
static size_t json_plain_run(const unsigned char *s, size_t i, size_t n)
{
#ifdef __SSE2__
	for (; i + 16 <= n; i += 16) {
		unsigned m = json_odd16(s + i);

		if (m)
			return i + (size_t)__builtin_ctz(m);
	}
#endif
	while (i < n && json_plain_tab[s[i]])
		i++;
	return i;
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

/* The string with what needs escaping or checking as UTF-8 (a call of its
 * own: the all-plain case above it then saves few registers). */
static __attribute__((noinline)) void json_put_escaped(struct outbuf *o, const unsigned char *s, size_t n)
{
	size_t i = 0;

	outbuf_putc(o, '"');
	while (i < n) {
		size_t run = i, k;

		/* a run of plain bytes and valid UTF-8 is copied in one piece
		 * (a sequence cut by the NUL is invalid: s[n] is no continuation) */
		for (;;) {
			i = json_plain_run(s, i, n);
			if (i < n && s[i] >= 0x80 && (k = utf8_seq_len(s + i)) > 0)
				i += k;
			else
				break;
		}
		if (i > run)
			outbuf_put(o, s + run, i - run);
		if (i < n)
			json_put_escape(o, s[i++]);
	}
	outbuf_putc(o, '"');
}

void json_put_string(struct outbuf *o, const char *str)
{
	const char *s = str ? str : "";
	size_t n = strlen(s);

#ifdef __SSE2__
	/* the usual field, all plain: copied with its quotes at once and
	 * checked where it landed (the room asked for covers the over-read) */
	if (n + 32 <= OUTBUF_SIZE - o->len) {
		char *d = o->buf + o->len;

		d[0] = '"';
		memcpy(d + 1, s, n);
		if (json_all_plain(d + 1, n)) {
			d[n + 1] = '"';
			o->len += n + 2;
			return;
		}
	}
#endif
	json_put_escaped(o, (const unsigned char *)s, n);
}

void json_put_field(struct outbuf *o, const char *s, size_t cap)
{
#ifdef __SSE2__
	/* sixteen bytes a step, copied as they are read: the string ends, all
	 * plain, when the first byte that is not plain is its NUL; the last
	 * step is the array's last sixteen bytes (those before are plain).
	 * Shorter fields ("550", "RCPT") take the other way. */
	if (cap >= 16 && cap + 2 <= OUTBUF_SIZE - o->len) {
		char *d = o->buf + o->len;

		d[0] = '"';
		for (size_t off = 0; off < cap; off += 16) {
			size_t at = off + 16 <= cap ? off : cap - 16;
			__m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + at));
			unsigned odd, nul;

			_mm_storeu_si128((__m128i *)(void *)(d + 1 + at), b);
			odd = json_odd_bits(b);
			if (!odd)
				continue;
			nul = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(b, _mm_setzero_si128()));
			if ((odd & -odd) != (nul & -nul))
				break; /* something to escape before the end */
			at += (size_t)__builtin_ctz(nul);
			d[1 + at] = '"';
			o->len += at + 2;
			return;
		}
	}
#else
	(void)cap;
#endif
	json_put_string(o, s);
}
