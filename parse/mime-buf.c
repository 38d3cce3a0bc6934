/* mime-buf.c: the growable buffer and the arena of the parse core (mime.h). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "parse/mime.h"
#include "util/asan.h"
#include "util/simd.h"

bool mime_buf_reserve(struct mime_buf *b, size_t extra)
{
	size_t need, cap;
	char *n;

	if (b->nomem)
		return false;
	if (b->ref) { /* a reference: its bytes become the buffer's own */
		const char *r = b->ref;
		size_t len = b->len;

		b->ref = NULL;
		b->len = 0;
		if (extra > SIZE_MAX / 2 - len - 1 || !mime_buf_reserve(b, len + extra)) {
			b->nomem = true;
			return false;
		}
		memcpy(b->p, r, len);
		b->len = len;
		b->p[len] = '\0';
		return true;
	}
	if (extra > SIZE_MAX / 2 - b->len - 1) {
		b->nomem = true;
		return false;
	}
	need = b->len + extra + 1;
	if (need <= b->cap)
		return true;
	cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap *= 2;
	n = realloc(b->p, cap);
	if (!n) {
		b->nomem = true;
		return false;
	}
	b->p = n;
	b->cap = cap;
	return true;
}

void mime_buf_add(struct mime_buf *b, const char *s, size_t n)
{
	if (!mime_buf_reserve(b, n))
		return;
	if (n)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void mime_buf_addc(struct mime_buf *b, char c)
{
	mime_buf_add(b, &c, 1);
}

void mime_buf_free(struct mime_buf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

char *mime_buf_take(struct mime_buf *b, size_t *len_r)
{
	char *p;

	if (!b->p && mime_buf_reserve(b, 0))
		b->p[b->len] = '\0';
	if (b->nomem) {
		mime_buf_free(b);
		if (len_r)
			*len_r = 0;
		return NULL;
	}
	p = b->p;
	if (len_r)
		*len_r = b->len;
	memset(b, 0, sizeof(*b));
	return p;
}

/* The arena hands out small strings from chunks (one malloc per chunk, not
 * per string: a message makes hundreds) and keeps a list of the malloc'd
 * blocks given to it. It only grows; everything is freed at once. */
#define ARENA_CHUNK 8192       /* first chunk; later ones double, up to ARENA_CHUNK_MAX */
#define ARENA_CHUNK_MAX 65536
#define ARENA_BIG 1024         /* strings this long get a block of their own */
#define ARENA_ARRAY_BIG 16384  /* arrays (header lists: ~50 bytes a header) this big */
#define ARENA_OWN_BLOCKS UTIL_ASAN /* so does every string under ASan: redzones around each */

struct arena_node {
	struct arena_node *next;
	void *p;
};

struct arena_chunk {
	struct arena_chunk *next;
	size_t used, cap;
	_Alignas(max_align_t) char data[];
};

struct mime_arena {
	struct arena_node *head;
	struct arena_chunk *chunk; /* the current one first */
	size_t next_cap;
	bool failed;
	char *text;                /* mime_arena_text(): kept by mime_arena_reset() */
	size_t text_cap;
};

/* A message text buffer larger than this is not kept for the next one. */
#define ARENA_TEXT_KEEP (1024 * 1024)

struct mime_arena *mime_arena_new(void)
{
	struct mime_arena *a = calloc(1, sizeof(struct mime_arena));

	if (a)
		a->next_cap = ARENA_CHUNK;
	return a;
}

void mime_arena_free(struct mime_arena *a)
{
	struct arena_node *n, *next;
	struct arena_chunk *c, *cnext;

	if (!a)
		return;
	for (n = a->head; n; n = next) { /* the nodes live in the chunks */
		next = n->next;
		free(n->p);
	}
	for (c = a->chunk; c; c = cnext) {
		cnext = c->next;
		free(c);
	}
	free(a->text);
	free(a);
}

char *mime_arena_text(struct mime_arena *a, size_t n)
{
	char *p;

	/* under ASan a buffer of the exact size, so that reading past it is
	 * caught; else the last one when it is large enough */
	if (!ARENA_OWN_BLOCKS && n <= a->text_cap)
		return a->text;
	p = malloc(n ? n : 1);
	if (!p)
		return NULL;
	free(a->text);
	a->text = p;
	a->text_cap = n;
	return p;
}

void mime_arena_reset(struct mime_arena *a)
{
	struct arena_node *n, *next;
	struct arena_chunk *c, *cnext;

	for (n = a->head; n; n = next) { /* the nodes live in the chunks */
		next = n->next;
		free(n->p);
	}
	a->head = NULL;
	if (a->chunk) { /* the newest chunk is the largest: it stays */
		for (c = a->chunk->next; c; c = cnext) {
			cnext = c->next;
			free(c);
		}
		a->chunk->next = NULL;
		a->chunk->used = 0;
	}
	if (a->text_cap > ARENA_TEXT_KEEP) {
		free(a->text);
		a->text = NULL;
		a->text_cap = 0;
	}
	a->failed = false;
}

/* arena_alloc()'s way when the current chunk is full: a new chunk. Out
 * of line, so that the way a chunk has room (nearly every call) saves no
 * registers. */
static __attribute__((noinline)) void *arena_alloc_chunk(struct mime_arena *a, size_t n)
{
	struct arena_chunk *c;

	while (a->next_cap < n)
		a->next_cap *= 2;
	c = malloc(sizeof(*c) + a->next_cap);
	if (!c)
		return NULL;
	c->cap = a->next_cap;
	c->used = n;
	c->next = a->chunk;
	a->chunk = c;
	if (a->next_cap < ARENA_CHUNK_MAX)
		a->next_cap *= 2;
	return c->data;
}

/* n bytes from the current chunk, aligned to align; NULL when out of memory. */
static inline void *arena_alloc(struct mime_arena *a, size_t n, size_t align)
{
	struct arena_chunk *c = a->chunk;
	size_t at;

	if (c) {
		at = (c->used + align - 1) & ~(align - 1);
		if (at <= c->cap && n <= c->cap - at) {
			c->used = at + n;
			return c->data + at;
		}
	}
	return arena_alloc_chunk(a, n);
}

bool mime_arena_keep(struct mime_arena *a, void *p)
{
	struct arena_node *n = arena_alloc(a, sizeof(*n), _Alignof(struct arena_node));

	if (!n) {
		free(p);
		return false;
	}
	n->p = p;
	n->next = a->head;
	a->head = n;
	return true;
}

void mime_arena_set_failed(struct mime_arena *a)
{
	a->failed = true;
}

bool mime_arena_failed(const struct mime_arena *a)
{
	return a && a->failed;
}

/* n bytes (n > 0) of their own, kept by the arena; out of line, as
 * arena_alloc_chunk() */
static __attribute__((noinline)) void *arena_own(struct mime_arena *a, size_t n)
{
	void *p = malloc(n);

	if (!p)
		return NULL;
	return mime_arena_keep(a, p) ? p : NULL;
}

char *mime_arena_alloc(struct mime_arena *a, size_t n)
{
	if (ARENA_OWN_BLOCKS || n > ARENA_BIG)
		return n ? arena_own(a, n) : NULL;
	return arena_alloc(a, n, 1);
}

void *mime_arena_array(struct mime_arena *a, size_t n, size_t size)
{
	size_t bytes;

	if (n == 0 || size == 0 || __builtin_mul_overflow(n, size, &bytes))
		return NULL;
	if (ARENA_OWN_BLOCKS || bytes > ARENA_ARRAY_BIG)
		return arena_own(a, bytes);
	return arena_alloc(a, bytes, _Alignof(max_align_t));
}

char *mime_arena_strndup(struct mime_arena *a, const char *s, size_t n)
{
	char *p;

	if (n == SIZE_MAX || !(p = mime_arena_alloc(a, n + 1)))
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* The CR or NUL at src[*r - 1] (*r already past it), written at dst[*w]
 * (dst may be src: *w <= *r). A NUL becomes a space. CR+ LF is one line
 * end ("\r\r\n" from broken gateways); CRs without an LF after them are
 * line ends each (Mac files), the whole run at once: scanning it again
 * from every CR would be quadratic in its length. */
static inline void normalise_special(const char *src, size_t n, size_t *r, char *dst, size_t *w)
{
	if (src[*r - 1] == '\r') {
		size_t k = *r;

		while (k < n && src[k] == '\r')
			k++;
		if (k < n && src[k] == '\n') {
			*r = k + 1;
		} else {
			while (*r < k) {
				dst[(*w)++] = '\n';
				(*r)++;
			}
		}
		dst[(*w)++] = '\n';
	} else {
		dst[(*w)++] = ' ';
	}
}

/* The copying normalisers' byte step, after their vector steps: the bytes
 * up to the next CR or NUL, then that one by the rule above; false at the
 * end of src. */
static inline bool copy_to_special(const char *src, size_t n, size_t *r, char *dst, size_t *w)
{
	while (*r < n && src[*r] != '\r' && src[*r] != '\0')
		dst[(*w)++] = src[(*r)++];
	if (*r >= n)
		return false;
	(*r)++;
	normalise_special(src, n, r, dst, w);
	return true;
}

void mime_text_normalise(char *p, size_t *len)
{
	size_t r, w, n = *len;
	const char *cr = memchr(p, '\r', n);
	size_t clean = strnlen(p, cr ? (size_t)(cr - p) : n);

	/* Most text is already LF-only without NULs (every part of a message
	 * comes here, some twice): find the first byte to change with the
	 * vectorised libc scans, and only rewrite from there. */
	if (clean == n)
		return;
	r = w = clean;
	while (r < n) {
		if (p[r] != '\r' && p[r] != '\0') {
			/* a run of plain bytes up to the next CR or NUL moves at
			 * once (the next CR is remembered: linear on NUL floods) */
			size_t run;

			if (cr && (size_t)(cr - p) < r)
				cr = memchr(p + r, '\r', n - r);
			run = strnlen(p + r, (cr ? (size_t)(cr - p) : n) - r);
			memmove(p + w, p + r, run);
			r += run;
			w += run;
			continue;
		}
		r++;
		normalise_special(p, n, &r, p, &w);
	}
	if (w < n)
		p[w] = '\0';
	*len = w;
}

#ifdef SIMD_HAVE_AVX2
/* mime_text_copy_normalised() with AVX2: one pass that copies and looks
 * for CR and NUL, 128 then 64 bytes a step while no byte is one (a NUL
 * makes the minimum of the blocks 0), then 32 to the one that is (fewer
 * instructions than the libc scans and copy of the SSE2 form). The blocks
 * are or'ed together on the way for *ascii_r: every byte copied is in one
 * (a byte copied one by one is among the last 32, which are or'ed as a
 * block, or the text is shorter than that), and no CR or NUL rule makes
 * an 8-bit byte. */
static SIMD_AVX2_FN size_t mime_copy_normalised_avx2(char *dst, const char *src, size_t n, bool *ascii_r)
{
	const __m256i vcr = _mm256_set1_epi8('\r'), vlf = _mm256_set1_epi8('\n'), nul = _mm256_setzero_si256();
	__m256i hi = nul;
	size_t r = 0, w = 0;
	unsigned char small = 0;

	for (size_t i = 0; n < 32 && i < n; i++)
		small |= (unsigned char)src[i];
	while (r < n) {
		/* LF-only text (most of it) has no CR or NUL at all */
		for (; r + 128 <= n; r += 128, w += 128) {
			const __m256i *p = (const __m256i *)(const void *)(src + r);
			__m256i b0 = _mm256_loadu_si256(p), b1 = _mm256_loadu_si256(p + 1);
			__m256i b2 = _mm256_loadu_si256(p + 2), b3 = _mm256_loadu_si256(p + 3);
			__m256i x = _mm256_or_si256(
				_mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(b0, vcr), _mm256_cmpeq_epi8(b1, vcr)),
						_mm256_or_si256(_mm256_cmpeq_epi8(b2, vcr), _mm256_cmpeq_epi8(b3, vcr))),
				_mm256_cmpeq_epi8(_mm256_min_epu8(_mm256_min_epu8(b0, b1), _mm256_min_epu8(b2, b3)), nul));
			__m256i *d = (__m256i *)(void *)(dst + w);

			if (!_mm256_testz_si256(x, x))
				break;
			hi = _mm256_or_si256(hi, _mm256_or_si256(_mm256_or_si256(b0, b1), _mm256_or_si256(b2, b3)));
			_mm256_storeu_si256(d, b0);
			_mm256_storeu_si256(d + 1, b1);
			_mm256_storeu_si256(d + 2, b2);
			_mm256_storeu_si256(d + 3, b3);
		}
		for (; r + 64 <= n; r += 64, w += 64) {
			__m256i b0 = _mm256_loadu_si256((const __m256i *)(const void *)(src + r));
			__m256i b1 = _mm256_loadu_si256((const __m256i *)(const void *)(src + r + 32));
			__m256i x = _mm256_or_si256(
				_mm256_or_si256(_mm256_cmpeq_epi8(b0, vcr), _mm256_cmpeq_epi8(b1, vcr)),
				_mm256_cmpeq_epi8(_mm256_min_epu8(b0, b1), nul));

			if (!_mm256_testz_si256(x, x))
				break;
			hi = _mm256_or_si256(hi, _mm256_or_si256(b0, b1));
			_mm256_storeu_si256((__m256i *)(void *)(dst + w), b0);
			_mm256_storeu_si256((__m256i *)(void *)(dst + w + 32), b1);
		}
		/* 32 bytes a step up to the first CR or NUL in them, with a CR
		 * that has an LF after it dropped (CRLF mail: a CR on every
		 * line, so a branch on "this block has one" would go either way
		 * at random); the bit above the block stands for "none". Only a
		 * NUL or a CR without an LF leaves the loop (it reads src[r + 32]
		 * for the LF). */
		while (r + 33 <= n) {
			__m256i b = _mm256_loadu_si256((const __m256i *)(const void *)(src + r));
			__m256i nx = _mm256_loadu_si256((const __m256i *)(const void *)(src + r + 1));
			__m256i cr = _mm256_cmpeq_epi8(b, vcr);
			uint64_t sp = (uint32_t)_mm256_movemask_epi8(_mm256_or_si256(cr, _mm256_cmpeq_epi8(b, nul))) |
				      (uint64_t)1 << 32;
			uint64_t crlf = (uint32_t)_mm256_movemask_epi8(_mm256_and_si256(cr, _mm256_cmpeq_epi8(nx, vlf))) |
					(uint64_t)1 << 32;
			size_t c = (size_t)__builtin_ctzll(sp);

			_mm256_storeu_si256((__m256i *)(void *)(dst + w), b);
			hi = _mm256_or_si256(hi, b);
			w += c;
			if (sp & -sp & ~crlf) {
				r += c;
				break;
			}
			r += c + (c < 32);
		}
		/* 32 bytes or fewer left: when none of the 32 that end the
		 * text is a CR or NUL, they are one block, stored to end at the
		 * copy's end instead of copied byte by byte. Its bytes before r
		 * were copied one for one since the last CR or NUL (an LF
		 * after a CR is written as itself), so the store writes them
		 * again as they are. */
		if (r + 32 >= n && r < n && n >= 32) {
			__m256i b = _mm256_loadu_si256((const __m256i *)(const void *)(src + n - 32));

			hi = _mm256_or_si256(hi, b);
			if (_mm256_testz_si256(_mm256_or_si256(_mm256_cmpeq_epi8(b, vcr), _mm256_cmpeq_epi8(b, nul)),
					       _mm256_set1_epi8(-1))) {
				_mm256_storeu_si256((__m256i *)(void *)(dst + w - (r - (n - 32))), b);
				w += n - r;
				break;
			}
		}
		if (!copy_to_special(src, n, &r, dst, &w))
			break;
	}
	dst[w] = '\0';
	if (ascii_r)
		*ascii_r = !_mm256_movemask_epi8(hi) && small < 0x80;
	return w;
}
#endif

/* How many bytes s[0..n) starts with that its normalised copy keeps as
 * they are: up to the first CR or NUL (n: an LF-only text), by the
 * vectorised libc scans. The forms without AVX2 start from it. */
static size_t mime_normal_prefix(const char *s, size_t n)
{
	const char *cr = memchr(s, '\r', n);

	return strnlen(s, cr ? (size_t)(cr - s) : n);
}

#ifdef SIMD_HAVE_AVX2
/* A bit a byte of the 128 at s that is a CR or a NUL (in 32 bits: is
 * there one), and its bytes or'ed into *hi. */
static SIMD_AVX2_FN inline uint32_t mime_specials128(const char *s, __m256i *hi)
{
	const __m256i vcr = _mm256_set1_epi8('\r');
	const __m256i *p = (const __m256i *)(const void *)s;
	__m256i b0 = _mm256_loadu_si256(p), b1 = _mm256_loadu_si256(p + 1);
	__m256i b2 = _mm256_loadu_si256(p + 2), b3 = _mm256_loadu_si256(p + 3);
	__m256i x = _mm256_or_si256(
		_mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(b0, vcr), _mm256_cmpeq_epi8(b1, vcr)),
				_mm256_or_si256(_mm256_cmpeq_epi8(b2, vcr), _mm256_cmpeq_epi8(b3, vcr))),
		_mm256_cmpeq_epi8(_mm256_min_epu8(_mm256_min_epu8(b0, b1), _mm256_min_epu8(b2, b3)),
				  _mm256_setzero_si256()));

	*hi = _mm256_or_si256(*hi, _mm256_or_si256(_mm256_or_si256(b0, b1), _mm256_or_si256(b2, b3)));
	return (uint32_t)_mm256_movemask_epi8(x);
}

/* mime_text_is_normal() with AVX2: the copy's scan without its stores,
 * 256 bytes a step (a loop step of 128 bytes cost a quarter of the scan),
 * the last block of 128 the one that ends the text (bytes looked at twice
 * change neither answer): no tail of a length that varies from message to
 * message, nor its branches. A text shorter than 128 bytes goes 32 a
 * step, the last block read whole (into the 32 bytes after the text the
 * caller promised) with its bytes past n masked off. */
static SIMD_AVX2_FN bool mime_is_normal_avx2(const char *s, size_t n, bool *ascii_r)
{
	__m256i hi = _mm256_setzero_si256();
	uint32_t high = 0;

	if (n >= 128) {
		size_t r = 0;
		uint32_t x;

		/* 256 bytes a step, the two halves' bits or'ed for one test */
		for (; r + 256 <= n; r += 256)
			if (mime_specials128(s + r, &hi) | mime_specials128(s + r + 128, &hi))
				return false;
		/* fewer than 256 left: the 128 that end the text, and the 128
		 * after r when more than those are left */
		if (r < n) {
			x = mime_specials128(s + n - 128, &hi);
			if (n - r > 128)
				x |= mime_specials128(s + r, &hi);
			if (x)
				return false;
		}
	} else {
		for (size_t r = 0; r < n; r += 32) {
			__m256i b = _mm256_loadu_si256((const __m256i *)(const void *)(s + r));
			uint32_t keep = n - r >= 32 ? UINT32_MAX : ((uint32_t)1 << (n - r)) - 1;
			uint32_t sp = (uint32_t)_mm256_movemask_epi8(
				_mm256_or_si256(_mm256_cmpeq_epi8(b, _mm256_set1_epi8('\r')),
						_mm256_cmpeq_epi8(b, _mm256_setzero_si256())));

			if (sp & keep)
				return false;
			high |= (uint32_t)_mm256_movemask_epi8(b) & keep;
		}
	}
	if (ascii_r)
		*ascii_r = !_mm256_movemask_epi8(hi) && !high;
	return true;
}
#endif

bool mime_text_is_normal(const char *s, size_t n, bool avx2, bool *ascii_r)
{
#ifdef SIMD_HAVE_AVX2
	if (avx2)
		return mime_is_normal_avx2(s, n, ascii_r);
#else
	(void)avx2;
#endif
	if (ascii_r) /* not looked for in this form, as in the copy's */
		*ascii_r = false;
	return mime_normal_prefix(s, n) == n;
}

size_t mime_text_copy_normalised(char *dst, const char *src, size_t n, bool avx2, bool *ascii_r)
{
	size_t r, w;

#ifdef SIMD_HAVE_AVX2
	if (avx2)
		return mime_copy_normalised_avx2(dst, src, n, ascii_r);
#else
	(void)avx2;
#endif
	if (ascii_r) /* not looked for in this form */
		*ascii_r = false;
	r = w = mime_normal_prefix(src, n);
	/* Every message comes here whole. Up to the first CR or NUL (all of
	 * an LF-only message), the vectorised libc scans and copy; from there
	 * (CRLF mail: a CR on every line) one pass that copies and looks for
	 * both, instead of three calls a line. w <= r, so a 16-byte store at
	 * dst + w stays inside the n + 1 bytes (32 in the AVX2 form). */
	memcpy(dst, src, r);
	while (r < n) {
#ifdef __SSE2__
		const __m128i vcr = _mm_set1_epi8('\r'), nul = _mm_setzero_si128();

		while (r + 16 <= n) {
			__m128i b = _mm_loadu_si128((const __m128i *)(const void *)(src + r));
			unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(b, vcr),
									      _mm_cmpeq_epi8(b, nul)));

			_mm_storeu_si128((__m128i *)(void *)(dst + w), b);
			if (m) {
				r += (size_t)__builtin_ctz(m);
				w += (size_t)__builtin_ctz(m);
				break;
			}
			r += 16;
			w += 16;
		}
#endif
		if (!copy_to_special(src, n, &r, dst, &w))
			break;
	}
	dst[w] = '\0';
	return w;
}
