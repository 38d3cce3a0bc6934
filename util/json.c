/* json.c: JSON string output, into an outbuf (one stdio call per line,
 * not per piece: see outbuf.h). */
#include "util/json.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "util/json-fields.h"
#include "util/simd.h"

/* Length of a valid UTF-8 sequence at s, or 0 when invalid or longer than
 * the avail bytes left: a field cut at its array's end has no NUL there to
 * end a sequence, and what follows the array is not to be read. */
static size_t utf8_seq_len(const unsigned char *s, size_t avail)
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
	if (n > avail)
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

/* a table: json_plain_run() sees every byte of every field it escapes */
const unsigned char json_plain_tab[256] = { /* 0x00..0x7F; the rest 0 */
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

__attribute__((noinline)) void json_put_body(struct outbuf *o, const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t run = i, k;

		/* a run of plain bytes and valid UTF-8 is copied in one piece
		 * (a sequence cut by the NUL or by the array's end is invalid);
		 * sequences that follow each other (Japanese, Cyrillic text) are
		 * taken in a loop of their own, not each after a 16-byte scan
		 * that stops at once (a third fewer instructions a character) */
		for (;;) {
			i = json_plain_run(s, i, n);
			if (i >= n || s[i] < 0x80 || (k = utf8_seq_len(s + i, n - i)) == 0)
				break;
			do
				i += k;
			while (i < n && s[i] >= 0x80 && (k = utf8_seq_len(s + i, n - i)) > 0);
		}
		if (i > run)
			outbuf_put(o, s + run, i - run);
		if (i < n)
			json_put_escape(o, s[i++]);
	}
}

static void json_put_escaped(struct outbuf *o, const unsigned char *s, size_t n)
{
	outbuf_putc(o, '"');
	json_put_body(o, s, n);
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

#ifdef SIMD_HAVE_AVX2
#define JSON_K32_ROW(c) {(long long)(0x0101010101010101ULL * (c)), (long long)(0x0101010101010101ULL * (c)), \
			 (long long)(0x0101010101010101ULL * (c)), (long long)(0x0101010101010101ULL * (c))}
struct json_k32 json_k32_mem = {JSON_K32_ROW(1), JSON_K32_ROW(0x20), JSON_K32_ROW('"'), JSON_K32_ROW('\\')};

__attribute__((noinline)) size_t json_plain_copy_short(char *d, const char *s, size_t cap, size_t room)
{
	return json_plain_copy(d, s, cap, room);
}

static SIMD_AVX2_FN void json_put_fields_avx2(struct outbuf *o, const struct json_field *f, size_t n,
					      const char *const *base)
{
	struct json_k32 k = {_mm256_set1_epi8(1), _mm256_set1_epi8(0x20), _mm256_set1_epi8('"'),
			     _mm256_set1_epi8('\\')};

	/* opaque: kept in registers, not made again */
	__asm__("" : "+x"(k.one), "+x"(k.space), "+x"(k.quote), "+x"(k.bslash));
	json_fields_run(o, f, n, base, &k);
}
#endif

/* The sixteen-byte step's form, apart: json_put_fields() below takes the
 * step it needs without a call through json_put_fields_v(). */
static __attribute__((noinline)) void json_put_fields_sse2(struct outbuf *o, const struct json_field *f,
							   size_t n, const char *const *base)
{
	json_fields_run(o, f, n, base, NULL);
}

static inline void json_fields_pick(struct outbuf *o, const struct json_field *f, size_t n,
				    const char *const *base, bool avx2)
{
#ifdef SIMD_HAVE_AVX2
	if (avx2) {
		json_put_fields_avx2(o, f, n, base);
		return;
	}
#else
	(void)avx2;
#endif
	json_put_fields_sse2(o, f, n, base);
}

void json_put_fields_v(struct outbuf *o, const struct json_field *f, size_t n, const char *const *base,
		       bool avx2)
{
	json_fields_pick(o, f, n, base, avx2);
}

void json_put_fields(struct outbuf *o, const struct json_field *f, size_t n,
		     const char *const *base)
{
	json_fields_pick(o, f, n, base, simd_avx2());
}
