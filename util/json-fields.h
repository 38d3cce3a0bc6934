/* json-fields.h: json_put_fields()'s steps, inline, for a caller whose
 * table of fields is a constant (json.c's forms take any table).
 *
 * cli/record-out.c writes every record's line from one static table: with
 * json_fields_run_const() in a function of its own, gcc unrolls the fields
 * and folds each one's literal, sizes and place into the code (a record
 * ~1,250 -> ~800 instructions). The output is json_put_fields()'s, byte for
 * byte: the same steps, only the table is read when compiling.
 */
#ifndef BOUNCER_UTIL_JSON_FIELDS_H
#define BOUNCER_UTIL_JSON_FIELDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "util/json.h"
#include "util/outbuf.h"
#include "util/simd.h"

/* 1 for the bytes written as they are: printable ASCII but the quote and
 * the backslash (json.c). */
extern const unsigned char json_plain_tab[256];

/* The string s[0..n), without quotes, with what needs escaping or
 * checking as UTF-8 (json.c: out of line, the all-plain cases then save
 * few registers). */
void json_put_body(struct outbuf *o, const unsigned char *s, size_t n);

struct json_k32; /* the AVX2 step's constants (below), where the build has it */

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
#endif

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
/* json_plain_copy() for the AVX2 step's few short fields, out of its way
 * (json.c). */
size_t json_plain_copy_short(char *d, const char *s, size_t cap, size_t room);

/* The 32-byte step's constants, made once for all the fields (as
 * _mm256_set1_epi8() in the loop, GCC made them again for every field). */
struct json_k32 {
	__m256i one, space, quote, bslash;
};

/* The constants in memory, for json_fields_run_const(): not const, so
 * that gcc reads them as the operands of the compares, not make them again
 * for every field unrolled (3 instructions each) nor hold them in
 * registers that each call out (flush, escapes) would save (json.c). */
extern struct json_k32 json_k32_mem;

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
		return json_plain_copy_short(d, s, cap, room);
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

/* One field at d (in o's buffer): its literal, then its value; returns
 * where the next goes. k NULL: the sixteen-byte step. */
static inline __attribute__((always_inline)) char *json_field_put(struct outbuf *o, char *d,
								  const struct json_field *f,
								  const char *const *base,
								  const struct json_k32 *k)
{
	const char *s = base[f->which] + f->off;
	size_t len;
	/* the literal's 32 bytes, then the value's copy (overlapping),
	 * which writes no more than cap bytes, or one step of 32 */
	size_t need = sizeof(f->lit) + f->cap + 32;

#ifndef SIMD_HAVE_AVX2
	(void)k;
#endif
	if ((size_t)(o->buf + OUTBUF_SIZE - d) < need) {
		o->len = (size_t)(d - o->buf);
		outbuf_flush(o);
		if (need > OUTBUF_SIZE) { /* an array near 64 KB: in pieces */
			outbuf_put(o, f->lit, f->litlen);
			json_put_body(o, (const unsigned char *)s, strnlen(s, f->cap));
			return o->buf + o->len;
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
	if (len != SIZE_MAX)
		return d + len;
	o->len = (size_t)(d - o->buf);
	json_put_body(o, (const unsigned char *)s, strnlen(s, f->cap));
	return o->buf + o->len;
}

/* The n fields of f, as json_put_fields() (json.c's forms of it). */
static inline __attribute__((always_inline)) void json_fields_run(struct outbuf *o, const struct json_field *f,
								  size_t n, const char *const *base,
								  const struct json_k32 *k)
{
	char *d = o->buf + o->len;

	for (const struct json_field *end = f + n; f < end; f++)
		d = json_field_put(o, d, f, base, k);
	o->len = (size_t)(d - o->buf);
}

/* The same for a caller's static const table f and a constant n (up to 32):
 * the loop unrolled, each field's literal, sizes and place are constants in
 * its code (the tests on cap and room, the room needed, decided when it is
 * compiled): half the instructions of json_fields_run() a field. Call it in
 * a function of the caller's own (SIMD_AVX2_FN with k), once per table. */
static inline __attribute__((always_inline)) void json_fields_run_const(struct outbuf *o,
									const struct json_field *f, size_t n,
									const char *const *base,
									const struct json_k32 *k)
{
	char *d = o->buf + o->len;

	_Pragma("GCC unroll 32")
	for (size_t i = 0; i < n; i++)
		d = json_field_put(o, d, &f[i], base, k);
	o->len = (size_t)(d - o->buf);
}

#endif
