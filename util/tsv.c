/* tsv.c: TSV cells into an outbuf (see outbuf.h: one stdio call per full
 * buffer, not per piece). */
#include "util/tsv.h"

#include <stddef.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#ifdef __SSE2__
/* The sixteen bytes of s + at, with tabs, CRs and LFs made spaces, stored
 * at d + at; bit k set: byte k is the NUL. */
static inline unsigned tsv_copy16(char *d, const char *s, size_t at)
{
	__m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + at));
	__m128i ws = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8('\t')),
					       _mm_cmpeq_epi8(b, _mm_set1_epi8('\n'))),
				  _mm_cmpeq_epi8(b, _mm_set1_epi8('\r')));

	_mm_storeu_si128((__m128i *)(void *)(d + at),
			 _mm_or_si128(_mm_andnot_si128(ws, b), _mm_and_si128(ws, _mm_set1_epi8(' '))));
	return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(b, _mm_setzero_si128()));
}
#endif

/* The cell a byte at a time (apart: record_print()'s cells never take it,
 * and -fprofile-use's unrolling makes it long) */
static __attribute__((noinline)) size_t tsv_cell_bytes(char *d, const char *s, size_t cap)
{
	size_t i = 0;

	for (; i < cap && s[i]; i++)
		d[i] = s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ? ' ' : s[i];
	return i;
}

/* Copy the cell s (an array of cap bytes, readable up to room bytes: see
 * struct tsv_cell) to d up to its NUL, or cap bytes; returns the length.
 * d has room for cap bytes and sixteen more. */
static size_t tsv_cell_copy(char *d, const char *s, size_t cap, size_t room)
{
#ifdef __SSE2__
	/* sixteen bytes a step, the last step the array's last sixteen bytes
	 * (those before them have no NUL); an array shorter than sixteen bytes
	 * that may not be read further goes a byte at a time */
	if ((cap | room) >= 16) { /* either: one test */
		unsigned z = tsv_copy16(d, s, 0);
		size_t off = 16;

		if (z)
			return (size_t)__builtin_ctz(z) < cap ? (size_t)__builtin_ctz(z) : cap;
		if (cap <= 16)
			return cap;
		_Pragma("GCC unroll 1") /* small code: this runs once a record, cold */
		for (; off + 16 <= cap; off += 16) {
			z = tsv_copy16(d, s, off);
			if (z)
				return off + (size_t)__builtin_ctz(z);
		}
		if (off == cap)
			return cap;
		z = tsv_copy16(d, s, cap - 16);
		return z ? cap - 16 + (size_t)__builtin_ctz(z) : cap;
	}
#else
	(void)room;
#endif
	return tsv_cell_bytes(d, s, cap);
}

/* A cell too long for the buffer at once, a byte at a time, and its tab */
static __attribute__((noinline)) void tsv_put_long(struct outbuf *o, const char *s, size_t cap)
{
	for (size_t i = 0; i < cap && s[i]; i++)
		outbuf_putc(o, s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ? ' ' : s[i]);
	outbuf_putc(o, '\t');
}

void tsv_put_cells(struct outbuf *o, const struct tsv_cell *c, size_t n, const char *const *base)
{
	char *d = o->buf + o->len;

	if (n == 0)
		return;
	_Pragma("GCC unroll 1")
	for (const struct tsv_cell *end = c + n; c < end; c++) {
		const char *s = base[c->which] + c->off;
		/* the copy writes no more than cap bytes, or one step of 16;
		 * then the tab */
		size_t need = (size_t)c->cap + 16 + 1;

		if ((size_t)(o->buf + OUTBUF_SIZE - d) < need) {
			o->len = (size_t)(d - o->buf);
			outbuf_flush(o);
			if (need > OUTBUF_SIZE) {
				tsv_put_long(o, s, c->cap);
				d = o->buf + o->len;
				continue;
			}
			d = o->buf;
		}
		d += tsv_cell_copy(d, s, c->cap, c->room);
		*d++ = '\t';
	}
	d[-1] = '\n'; /* the last tab: each cell's tab is in the buffer with it */
	o->len = (size_t)(d - o->buf);
}
