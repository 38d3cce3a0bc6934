/* json.c: JSON string output, into an outbuf (one stdio call per line,
 * not per piece: see outbuf.h). */
#include "util/json.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "util/simd.h"

struct json_k32; /* the AVX2 step's constants (below), where the build has it */

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
/* Bit k set: byte k of b is not plain (the NUL included): b + 1 > 0x20,
 * signed, holds for the bytes 0x20..0x7E alone, then the quote and the
 * backslash are taken out. */
static inline unsigned json_odd_bits(__m128i b)
{
	__m128i range = _mm_cmpgt_epi8(_mm_add_epi8(b, _mm_set1_epi8(1)), _mm_set1_epi8(0x20));
	__m128i qb = _mm_or_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8('"')), _mm_cmpeq_epi8(b, _mm_set1_epi8('\\')));

	return (unsigned)_mm_movemask_epi8(_mm_andnot_si128(qb, range)) ^ 0xFFFFu;
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

/* The string, without quotes, with what needs escaping or checking as
 * UTF-8 (a call of its own: the all-plain cases then save few registers). */
static __attribute__((noinline)) void json_put_body(struct outbuf *o, const unsigned char *s, size_t n)
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

#ifdef __SSE2__
/* Store the sixteen bytes of s + at at d + at; the first that is not plain
 * ends the copy: its offset if it is the NUL, else SIZE_MAX (something to
 * escape); 0 (with *done false) when all are plain. */
static inline size_t json_copy16(char *d, const char *s, size_t at, bool *done)
{
	__m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + at));
	unsigned m = json_odd_bits(b);

	_mm_storeu_si128((__m128i *)(void *)(d + at), b);
	*done = m != 0;
	if (!m)
		return 0;
	at += (size_t)__builtin_ctz(m);
	return s[at] ? SIZE_MAX : at;
}
#endif

/* Copy the field s (an array of cap bytes, readable up to room bytes: see
 * struct json_field) to d up to its NUL if all of it is plain; returns its
 * length, or SIZE_MAX when something needs escaping. d has room for cap
 * bytes and 32 more. */
static inline size_t json_plain_copy(char *d, const char *s, size_t cap, size_t room)
{
#ifdef __SSE2__
	bool done;
	size_t r, off = 16;

	/* sixteen bytes a step, stored as they are read, the last step the
	 * array's last sixteen bytes (those before them are plain). Every
	 * field takes the first step alike (the array, or the record after
	 * it, has sixteen bytes), most end in it: which of them are shorter
	 * than a step is no branch of its own. An array shorter than sixteen
	 * bytes that may not be read further takes the byte loop below. */
	if ((cap | room) >= 16) { /* either: one test */
		r = json_copy16(d, s, 0, &done);
		if (done)
			return r < cap ? r : SIZE_MAX; /* a NUL past cap: cut at cap */
		if (cap <= 16)
			return SIZE_MAX;
		_Pragma("GCC unroll 1") /* small code: this runs once a record, cold */
		for (; off + 16 <= cap; off += 16) {
			r = json_copy16(d, s, off, &done);
			if (done)
				return r;
		}
		if (off == cap)
			return SIZE_MAX; /* no NUL: cannot be */
		r = json_copy16(d, s, cap - 16, &done);
		return done ? r : SIZE_MAX;
	}
#else
	(void)room;
#endif
	for (size_t i = 0; i < cap; i++) {
		if (!json_plain_tab[(unsigned char)s[i]])
			return s[i] ? SIZE_MAX : i;
		d[i] = s[i];
	}
	return SIZE_MAX;
}

#ifdef SIMD_HAVE_AVX2
/* json_plain_copy() for the AVX2 step's few short fields, out of its way */
static __attribute__((noinline)) size_t json_plain_copy_apart(char *d, const char *s, size_t cap, size_t room)
{
	return json_plain_copy(d, s, cap, room);
}

/* The 32-byte step's constants, made once for all the fields (as
 * _mm256_set1_epi8() in the loop, GCC made them again for every field). */
struct json_k32 {
	__m256i one, space, quote, bslash;
};

static inline SIMD_AVX2_FN size_t json_copy32(char *d, const char *s, size_t at, bool *done,
					      const struct json_k32 *k)
{
	__m256i b = _mm256_loadu_si256((const __m256i *)(const void *)(s + at));
	__m256i range = _mm256_cmpgt_epi8(_mm256_add_epi8(b, k->one), k->space);
	__m256i qb = _mm256_or_si256(_mm256_cmpeq_epi8(b, k->quote), _mm256_cmpeq_epi8(b, k->bslash));
	unsigned m = ~(unsigned)_mm256_movemask_epi8(_mm256_andnot_si256(qb, range));

	_mm256_storeu_si256((__m256i *)(void *)(d + at), b);
	*done = m != 0;
	if (!m)
		return 0;
	at += (size_t)__builtin_ctz(m);
	return s[at] ? SIZE_MAX : at;
}

/* json_plain_copy() 32 bytes a step, the last step the array's last 32
 * bytes: most fields (addresses, hosts, the timestamp, the subject) end in
 * the first, which every field whose array or record has 32 bytes takes
 * alike; the others take json_plain_copy(). */
static inline SIMD_AVX2_FN size_t json_plain_copy_avx2(char *d, const char *s, size_t cap, size_t room,
						       const struct json_k32 *k)
{
	size_t off = 32, r;
	bool done;

	if ((cap | room) < 32) /* neither: one test */
		return json_plain_copy_apart(d, s, cap, room);
	r = json_copy32(d, s, 0, &done, k);
	if (done)
		return r < cap ? r : SIZE_MAX; /* a NUL past cap: cut at cap */
	if (cap <= 32)
		return SIZE_MAX;
	_Pragma("GCC unroll 1") /* small code: this runs once a record, cold */
	for (; off + 32 <= cap; off += 32) {
		r = json_copy32(d, s, off, &done, k);
		if (done)
			return r;
	}
	if (off == cap)
		return SIZE_MAX; /* no NUL: cannot be */
	r = json_copy32(d, s, cap - 32, &done, k);
	return done ? r : SIZE_MAX;
}
#endif

/* The fields, with k NULL or not a constant: inlined into
 * json_put_fields_sse2() and into the AVX2 form, which passes k. */
static inline __attribute__((always_inline)) void json_fields_run(struct outbuf *o, const struct json_field *f,
								  size_t n, const char *const *base,
								  const struct json_k32 *k)
{
	char *d = o->buf + o->len;

#ifndef SIMD_HAVE_AVX2
	(void)k;
#endif
	for (const struct json_field *end = f + n; f < end; f++) {
		const char *s = base[f->which] + f->off;
		size_t len;

		/* the literal's 32 bytes, then the value's copy (overlapping),
		 * which writes no more than cap bytes, or one step of 32 */
		size_t need = sizeof(f->lit) + f->cap + 32;

		if ((size_t)(o->buf + OUTBUF_SIZE - d) < need) {
			o->len = (size_t)(d - o->buf);
			outbuf_flush(o);
			if (need > OUTBUF_SIZE) { /* an array near 64 KB: in pieces */
				outbuf_put(o, f->lit, f->litlen);
				json_put_body(o, (const unsigned char *)s, strnlen(s, f->cap));
				d = o->buf + o->len;
				continue;
			}
			d = o->buf;
		}
		memcpy(d, f->lit, sizeof(f->lit));
		d += f->litlen;
#ifdef SIMD_HAVE_AVX2
		if (k)
			len = json_plain_copy_avx2(d, s, f->cap, f->room, k);
		else
#endif
			len = json_plain_copy(d, s, f->cap, f->room);
		if (len != SIZE_MAX) {
			d += len;
			continue;
		}
		o->len = (size_t)(d - o->buf);
		json_put_body(o, (const unsigned char *)s, strnlen(s, f->cap));
		d = o->buf + o->len;
	}
	o->len = (size_t)(d - o->buf);
}

#ifdef SIMD_HAVE_AVX2
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
