/* transfer.c: Content-Transfer-Encoding decoders, tolerant of garbage:
 * bytes that do not belong to the encoding are skipped (base64) or kept
 * as they are (quoted-printable), never an error. */
#include <stdint.h>
#include <string.h>
#include <strings.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "parse/mime.h"

/* The value of a base64 digit + 1, 0 for any other byte: one lookup per
 * byte ('-' and '_': base64url, seen in the wild). */
static const unsigned char b64_plus1[256] = {
	['A'] = 1, ['B'] = 2, ['C'] = 3, ['D'] = 4, ['E'] = 5, ['F'] = 6, ['G'] = 7, ['H'] = 8, ['I'] = 9,
	['J'] = 10, ['K'] = 11, ['L'] = 12, ['M'] = 13, ['N'] = 14, ['O'] = 15, ['P'] = 16, ['Q'] = 17,
	['R'] = 18, ['S'] = 19, ['T'] = 20, ['U'] = 21, ['V'] = 22, ['W'] = 23, ['X'] = 24, ['Y'] = 25,
	['Z'] = 26, ['a'] = 27, ['b'] = 28, ['c'] = 29, ['d'] = 30, ['e'] = 31, ['f'] = 32, ['g'] = 33,
	['h'] = 34, ['i'] = 35, ['j'] = 36, ['k'] = 37, ['l'] = 38, ['m'] = 39, ['n'] = 40, ['o'] = 41,
	['p'] = 42, ['q'] = 43, ['r'] = 44, ['s'] = 45, ['t'] = 46, ['u'] = 47, ['v'] = 48, ['w'] = 49,
	['x'] = 50, ['y'] = 51, ['z'] = 52, ['0'] = 53, ['1'] = 54, ['2'] = 55, ['3'] = 56, ['4'] = 57,
	['5'] = 58, ['6'] = 59, ['7'] = 60, ['8'] = 61, ['9'] = 62, ['+'] = 63, ['-'] = 63, ['/'] = 64,
	['_'] = 64,
};

void transfer_base64(const char *in, size_t n, struct mime_buf *out)
{
	const unsigned char *u = (const unsigned char *)in;
	unsigned acc = 0;
	int bits = 0;
	char *o;

	if (!mime_buf_reserve(out, n)) /* never more bytes out than in */
		return;
	o = out->p + out->len;
	for (size_t i = 0; i < n; i++) {
		unsigned v;

		/* on a group's first digit, four digits in a row are three
		 * bytes: one test for the four (a byte that is not a digit
		 * wraps its value - 1 past 63), a line of 76 in 19 steps. The
		 * bits before them do not matter then, so acc starts anew. */
		while (bits == 0 && i + 4 <= n) {
			unsigned a = b64_plus1[u[i]] - 1u, b = b64_plus1[u[i + 1]] - 1u, c = b64_plus1[u[i + 2]] - 1u,
				 d = b64_plus1[u[i + 3]] - 1u;

			if ((a | b | c | d) > 63)
				break;
			acc = a << 18 | b << 12 | c << 6 | d;
			o[0] = (char)(acc >> 16);
			o[1] = (char)(acc >> 8 & 0xFF);
			o[2] = (char)(acc & 0xFF);
			o += 3;
			i += 4;
		}
		if (i >= n)
			break;
		/* a digit at a time: the rest of a group, or what is not one */
		v = b64_plus1[u[i]];
		if (!v) {
			if (in[i] == '=') { /* padding ends a group; a new one may follow */
				acc = 0;
				bits = 0;
			}
			continue;
		}
		acc = (acc << 6) | (v - 1);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			*o++ = (char)((acc >> bits) & 0xFF);
		}
	}
	out->len = (size_t)(o - out->p);
	out->p[out->len] = '\0';
}

/* The value of a hex digit + 1, 0 for any other byte: one lookup per
 * digit (html parts have an "=3D" in every attribute). */
static const unsigned char hex_plus1[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6, ['6'] = 7, ['7'] = 8,
	['8'] = 9, ['9'] = 10, ['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
	['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
};

static int hex_value(unsigned char c)
{
	return (int)hex_plus1[c] - 1;
}

/* Where the input goes on after the '=' at in[p] that is not "=XX", and
 * how many bytes it puts out (at o): a soft break, its LF after blanks
 * or none (or the end of the text), puts none; a stray '=' is kept. Out
 * of the block step's loop, which takes "=\n" itself: the rest is rare.
 * (Both in a returned pair, not o by address: an o whose address is
 * taken lives in memory, a store of it every '=' of the loops.) */
struct qp_odd_step {
	size_t next, out;
};

static __attribute__((cold, noinline)) struct qp_odd_step qp_odd(const char *in, size_t n, size_t p, char *o)
{
	size_t j = p + 1;

	while (j < n && (in[j] == ' ' || in[j] == '\t'))
		j++;
	if (j >= n)
		return (struct qp_odd_step){j, 0};
	if (in[j] == '\n')
		return (struct qp_odd_step){j + 1, 0};
	*o = '=';
	return (struct qp_odd_step){p + 1, 1};
}

#ifdef __SSE2__
/* The 64 bytes at s to d. */
static inline void qp_copy64(char *d, const char *s)
{
	for (int k = 0; k < 4; k++)
		_mm_storeu_si128((__m128i *)(void *)(d + 16 * k),
				 _mm_loadu_si128((const __m128i *)(const void *)(s + 16 * k)));
}

/* transfer_qp()'s step over 64 bytes at in + *ip (130 bytes or more left),
 * written at *op (behind in + *ip: the stores stay in the room). The block
 * is stored as it is, then each '=' of it, found by a walk down its bit
 * mask, is decoded where it is and the 64 bytes after it stored again
 * behind it: no branch on the bytes but the walk's own (a '=' each) and
 * the rare odd '='. "=XX" and "=\n" both take two bytes out, the byte
 * written for "=\n" being written over by the next store. An "=0D" or
 * "=00" sets *low (see transfer_qp()). */
static inline void qp_block(const char *in, size_t n, size_t *ip, char **op, bool *low)
{
	const __m128i veq = _mm_set1_epi8('=');
	size_t i = *ip, cur = i;
	char *o = *op;
	uint64_t m = 0;

	for (int k = 0; k < 4; k++) {
		__m128i b = _mm_loadu_si128((const __m128i *)(const void *)(in + i + 16 * k));

		_mm_storeu_si128((__m128i *)(void *)(o + 16 * k), b);
		m |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(b, veq)) << (16 * k);
	}
	for (; m; m &= m - 1) {
		size_t p = i + (size_t)__builtin_ctzll(m);
		unsigned hi = hex_plus1[(unsigned char)in[p + 1]], lo = hex_plus1[(unsigned char)in[p + 2]];
		size_t esc = (hi != 0) & (lo != 0), soft = in[p + 1] == '\n';

		/* the bytes before it are in place: stored with the block or
		 * again after the '=' before (no '=' is in an "=XX" or a run
		 * of blanks, so p is at or after cur) */
		o += p - cur;
		if (__builtin_expect((esc | soft) == 0, 0)) { /* one test, not one for "=XX" and one for "=\n" */
			struct qp_odd_step st = qp_odd(in, n, p, o);

			cur = st.next;
			o += st.out;
			if (cur + 64 > n) { /* (a long run of blanks) the rest byte by byte */
				*ip = cur;
				*op = o;
				return;
			}
		} else {
			*o = (char)((hi - 1) * 16 + (lo - 1));
			/* "=0X" is rare: one test for it ("=\n" has hi 0) */
			if (__builtin_expect(hi == 1, 0) && (lo == 1 || lo == 14))
				*low = true;
			o += esc;
			cur = p + 2 + esc;
		}
		qp_copy64(o, in + cur);
	}
	/* on after the block, or after an "=XX" that ends past it */
	*op = o + (i + 64 > cur ? i + 64 - cur : 0);
	*ip = i + 64 > cur ? i + 64 : cur;
}
#endif

bool transfer_qp(const char *in, size_t n, struct mime_buf *out)
{
	size_t i = 0;
	char *o;
	int hi, lo;
	bool low = false;

	if (!mime_buf_reserve(out, n)) /* never more bytes out than in */
		return true;
	o = out->p + out->len;
#ifdef __SSE2__
	/* html parts, the long ones, have a '=' every few words ("=3D" in
	 * every attribute) and one at every line end: a branch per '=' to
	 * find it and one to tell "=XX" from "=\n" mispredicted */
	while (i + 130 <= n)
		qp_block(in, n, &i, &o, &low);
#endif
	while (i < n) {
#ifdef __SSE2__
		/* the bytes up to the next '=', sixteen at a time, copied as
		 * they are looked at (o + 16 stays in the room: o runs behind
		 * in + i); a call of memchr and of memcpy per '=' cost more in
		 * html, which has one every few words */
		const __m128i veq = _mm_set1_epi8('=');
		unsigned m = 0;

		while (i + 16 <= n) {
			__m128i b = _mm_loadu_si128((const __m128i *)(const void *)(in + i));

			_mm_storeu_si128((__m128i *)(void *)o, b);
			m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(b, veq));
			if (m)
				break;
			i += 16;
			o += 16;
		}
		if (m) {
			i += (size_t)__builtin_ctz(m);
			o += __builtin_ctz(m);
		} else
#endif
		{
			size_t start = i;
			const char *eq = memchr(in + i, '=', n - i);

			i = eq ? (size_t)(eq - in) : n;
			memcpy(o, in + start, i - start);
			o += i - start;
		}
		if (i >= n)
			break;
		/* in[i] == '=' */
		if (i + 2 < n && (hi = hex_value((unsigned char)in[i + 1])) >= 0 &&
		    (lo = hex_value((unsigned char)in[i + 2])) >= 0) {
			*o++ = (char)(hi * 16 + lo);
			low |= o[-1] == '\r' || o[-1] == '\0';
			i += 3;
			continue;
		}
		/* soft line break: "=", optional trailing blanks, LF; or a
		 * stray '=' */
		{
			struct qp_odd_step st = qp_odd(in, n, i, o);

			i = st.next;
			o += st.out;
		}
	}
	out->len = (size_t)(o - out->p);
	out->p[out->len] = '\0';
	return low;
}

bool transfer_decode(const char *cte, const char *in, size_t n, struct mime_buf *out)
{
	if (transfer_is(cte, "quoted-printable", 16))
		return transfer_qp(in, n, out);
	if (transfer_is(cte, "base64", 6))
		transfer_base64(in, n, out);
	else
		mime_buf_add(out, in, n);
	return true;
}
