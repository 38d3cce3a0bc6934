/* header.c: one header block -> struct header_list (names as in the text,
 * found in any case; values unfolded, trimmed, and decoded to UTF-8 when
 * asked, on first use).
 *
 * Bounded: at most HEADER_MAX_COUNT headers and HEADER_MAX_VALUE bytes of
 * each value are kept; the rest is scanned and skipped in linear time, so a
 * 1 MB header line costs one pass (QUIRKS.md).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "parse/mime.h"
#include "util/simd.h"
#include "util/str.h"

/* chains keep positions in unsigned short */
_Static_assert(HEADER_MAX_COUNT < 65535, "HEADER_MAX_COUNT must fit a header chain");

struct hp {
	struct mime_arena *a;
	struct mail_header *h;
	/* next: the next slot (h + the count); stop: the slot at which
	 * hp_slot_more() has to look further: h + cap, or h + HEADER_MAX_COUNT
	 * when less (one compare a header, and no index to scale) */
	size_t cap;
	struct mail_header *next, *stop;
	/* The header being read, written in place as its lines come: next[-1]
	 * (counted as it opens), or spare past HEADER_MAX_COUNT (read, then
	 * dropped); NULL before the first one (a line that ends the block
	 * leaves it as it is: nothing reads it after). Its raw value is its first line,
	 * then any continuation lines; values are only made when asked
	 * (hdr_value()), but the unfolded length is worked out here all the
	 * same, so that a cap hit is known at once. */
	struct mail_header *cur;
	struct mail_header spare;
	/* exact_h: the header whose unfolded_len is kept line by line, once
	 * its raw value passed HEADER_MAX_VALUE (hp_cont_long()). Until then
	 * it need not be (unfolding never lengthens): nothing is counted, not
	 * even the first line's length, which hp_cont_long() finds when it
	 * has to, and nothing is written for it as a header opens. */
	const struct mail_header *exact_h;
	size_t unfolded_len;
	bool *truncated;
};

#define HP_NAME_MAX 127 /* bytes of a header name kept */

/* A header name byte lower-cased, or 0 when it cannot be in a name
 * (blanks, controls, ':', 8-bit): one lookup per byte, for the scan and
 * the lower-case copy both. */
static const unsigned char hp_name_lc[256] = {
	['!'] = '!', ['"'] = '"', ['#'] = '#', ['$'] = '$', ['%'] = '%', ['&'] = '&', ['\''] = '\'',
	['('] = '(', [')'] = ')', ['*'] = '*', ['+'] = '+', [','] = ',', ['-'] = '-', ['.'] = '.',
	['/'] = '/', ['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3', ['4'] = '4', ['5'] = '5',
	['6'] = '6', ['7'] = '7', ['8'] = '8', ['9'] = '9', [';'] = ';', ['<'] = '<', ['='] = '=',
	['>'] = '>', ['?'] = '?', ['@'] = '@', ['['] = '[', ['\\'] = '\\', [']'] = ']', ['^'] = '^',
	['_'] = '_', ['`'] = '`', ['a'] = 'a', ['b'] = 'b', ['c'] = 'c', ['d'] = 'd', ['e'] = 'e',
	['f'] = 'f', ['g'] = 'g', ['h'] = 'h', ['i'] = 'i', ['j'] = 'j', ['k'] = 'k', ['l'] = 'l',
	['m'] = 'm', ['n'] = 'n', ['o'] = 'o', ['p'] = 'p', ['q'] = 'q', ['r'] = 'r', ['s'] = 's',
	['t'] = 't', ['u'] = 'u', ['v'] = 'v', ['w'] = 'w', ['x'] = 'x', ['y'] = 'y', ['z'] = 'z',
	['{'] = '{', ['|'] = '|', ['}'] = '}', ['~'] = '~',
	['A'] = 'a', ['B'] = 'b', ['C'] = 'c', ['D'] = 'd', ['E'] = 'e', ['F'] = 'f', ['G'] = 'g',
	['H'] = 'h', ['I'] = 'i', ['J'] = 'j', ['K'] = 'k', ['L'] = 'l', ['M'] = 'm', ['N'] = 'n',
	['O'] = 'o', ['P'] = 'p', ['Q'] = 'q', ['R'] = 'r', ['S'] = 's', ['T'] = 't', ['U'] = 'u',
	['V'] = 'v', ['W'] = 'w', ['X'] = 'x', ['Y'] = 'y', ['Z'] = 'z',
};

/* Does s[0..n) hold plain ASCII with no "=?" from i on, one byte at a
 * time: short values, and a word with an '=' in it. */
static inline bool hp_plain_bytes(const char *s, size_t i, size_t n)
{
	for (; i < n; i++)
		if ((unsigned char)s[i] >= 0x80 || (s[i] == '=' && i + 1 < n && s[i + 1] == '?'))
			return false;
	return true;
}

#ifdef __SSE2__
/* The 8-bit bytes of s[k..k + 17), and each '=' of s[k..k + 16) with a '?'
 * after it: high bits of the result. */
static inline __attribute__((always_inline)) __m128i hp_odd17(const char *s, size_t k)
{
	__m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + k));
	__m128i b1 = _mm_loadu_si128((const __m128i *)(const void *)(s + k + 1));

	return _mm_or_si128(_mm_or_si128(b, b1),
			    _mm_and_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8('=')), _mm_cmpeq_epi8(b1, _mm_set1_epi8('?'))));
}
#endif

/* Does s[0..n) decode to itself: plain ASCII without "=?" (most values)?
 * For a cold CPU, in a fixed number of steps for most lengths, so that no
 * loop exit depends on the length: 17 to 65 bytes in four blocks of 17 at
 * 0, 16, 32, 48, each moved back to the last 17 bytes when past them (read
 * again in part: the answer is for the whole value); 8 to 16 in two words
 * (the first and the last eight). */
static inline __attribute__((always_inline)) bool hp_plain(const char *s, size_t n)
{
	uint64_t a, b, ea, eb;

#ifndef __SSE2__
	/* (without SSE2: the words between the first and the last, one at
	 * a time, then those two as below) */
	for (size_t i = 8; i + 8 < n; i += 8) {
		memcpy(&a, s + i, 8);
		ea = a ^ 0x3D3D3D3D3D3D3D3Du;
		if ((a & 0x8080808080808080u) || ((ea - 0x0101010101010101u) & ~ea & 0x8080808080808080u))
			return hp_plain_bytes(s, 0, n);
	}
#else
	if (n >= 17) {
		size_t last = n - 17, i;
		__m128i odd = _mm_or_si128(_mm_or_si128(hp_odd17(s, 0), hp_odd17(s, 16 < last ? 16 : last)),
					   _mm_or_si128(hp_odd17(s, 32 < last ? 32 : last), hp_odd17(s, 48 < last ? 48 : last)));

		if (last > 48) { /* longer values (a few): on, sixteen bytes a step */
			for (i = 64; i < last; i += 16)
				odd = _mm_or_si128(odd, hp_odd17(s, i));
			odd = _mm_or_si128(odd, hp_odd17(s, last));
		}
		return _mm_movemask_epi8(odd) == 0;
	}
#endif
	if (n < 8)
		return hp_plain_bytes(s, 0, n);
	memcpy(&a, s, 8);
	memcpy(&b, s + n - 8, 8);
	if ((a | b) & 0x8080808080808080u)
		return false;
	ea = a ^ 0x3D3D3D3D3D3D3D3Du; /* a 0 byte where the word has '=' */
	eb = b ^ 0x3D3D3D3D3D3D3D3Du;
	if (((ea - 0x0101010101010101u) & ~ea & 0x8080808080808080u) |
	    ((eb - 0x0101010101010101u) & ~eb & 0x8080808080808080u))
		return hp_plain_bytes(s, 0, n); /* an '=': is a '?' after it? */
	return true;
}

#ifdef SIMD_HAVE_AVX2
/* '=' and '?' in every byte, for hp_plain_avx2(): read from memory by its
 * compares (GCC made each again in four instructions a call, from a
 * broadcast). */
static const __m256i hp_eq_q32[2] = {
	{0x3D3D3D3D3D3D3D3D, 0x3D3D3D3D3D3D3D3D, 0x3D3D3D3D3D3D3D3D, 0x3D3D3D3D3D3D3D3D},
	{0x3F3F3F3F3F3F3F3F, 0x3F3F3F3F3F3F3F3F, 0x3F3F3F3F3F3F3F3F, 0x3F3F3F3F3F3F3F3F},
};

/* hp_odd17() for the 33 bytes at s + k, 32 bits; k: hp_eq_q32. */
static inline __attribute__((always_inline)) SIMD_AVX2_FN __m256i hp_odd33(const char *s, size_t k,
									   const __m256i *eq)
{
	__m256i b = _mm256_loadu_si256((const __m256i *)(const void *)(s + k));
	__m256i b1 = _mm256_loadu_si256((const __m256i *)(const void *)(s + k + 1));

	return _mm256_or_si256(_mm256_or_si256(b, b1),
			       _mm256_and_si256(_mm256_cmpeq_epi8(b, eq[0]), _mm256_cmpeq_epi8(b1, eq[1])));
}

/* The same for the 17 bytes at s + k, 16 bits. */
static inline __attribute__((always_inline)) SIMD_AVX2_FN __m128i hp_odd17_avx2(const char *s, size_t k,
										const __m256i *eq)
{
	__m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + k));
	__m128i b1 = _mm_loadu_si128((const __m128i *)(const void *)(s + k + 1));

	return _mm_or_si128(_mm_or_si128(b, b1),
			    _mm_and_si128(_mm_cmpeq_epi8(b, _mm256_castsi256_si128(eq[0])),
					  _mm_cmpeq_epi8(b1, _mm256_castsi256_si128(eq[1]))));
}

/* hp_plain() with AVX2 (the same answer): 33 to 65 bytes (most values of
 * 17 or more) in two blocks of 33 at 0 and 32, the second moved back to
 * the last 33 bytes when past them, where hp_plain() takes four of 17;
 * 17 to 32 in two blocks of 17, at 0 and at the last 17. */
static inline SIMD_AVX2_FN bool hp_plain_avx2(const char *s, size_t n)
{
	const __m256i *eq = hp_eq_q32;

	/* (as in hp_name_len(): the constants read, not made) */
	__asm__("" : "+r"(eq));
	if (n >= 33) {
		size_t last = n - 33, i;
		__m256i odd = _mm256_or_si256(hp_odd33(s, 0, eq), hp_odd33(s, 32 < last ? 32 : last, eq));

		if (last > 32) { /* longer values (a few): on, 32 bytes a step */
			for (i = 64; i < last; i += 32)
				odd = _mm256_or_si256(odd, hp_odd33(s, i, eq));
			odd = _mm256_or_si256(odd, hp_odd33(s, last, eq));
		}
		return _mm256_movemask_epi8(odd) == 0;
	}
	if (n >= 17)
		return _mm_movemask_epi8(_mm_or_si128(hp_odd17_avx2(s, 0, eq), hp_odd17_avx2(s, n - 17, eq))) == 0;
	return hp_plain(s, n);
}
#endif

/* Length after appending n bytes to a value of len bytes, as unfolding
 * keeps it: at most HEADER_MAX_VALUE (*cut set when that cuts). */
static size_t hp_cap(size_t len, size_t n, bool *cut)
{
	if (len + n > HEADER_MAX_VALUE) {
		*cut = true;
		n = len < HEADER_MAX_VALUE ? HEADER_MAX_VALUE - len : 0;
	}
	return len + n;
}

/* The slot for a new header (see struct hp), counted, when the array is
 * full or the count cap is hit (p->next == p->stop); NULL when out of memory.
 * A header past the count cap is read into the spare slot and dropped:
 * the block is truncated as soon as that slot is taken. */
static __attribute__((noinline)) struct mail_header *hp_slot_more(struct hp *p)
{
	size_t cap = p->cap * 2, n = (size_t)(p->next - p->h);
	struct mail_header *nh;

	if (n >= HEADER_MAX_COUNT) {
		*p->truncated = true;
		p->exact_h = NULL; /* the spare is a new header each time */
		return &p->spare;
	}
	/* in the arena: no realloc, and freed with the view */
	if (!(nh = mime_arena_array(p->a, cap, sizeof(*nh))))
		return NULL;
	memcpy(nh, p->h, n * sizeof(*nh));
	p->h = nh;
	p->cap = cap;
	p->next = nh + n + 1;
	p->stop = nh + (cap < HEADER_MAX_COUNT ? cap : HEADER_MAX_COUNT);
	return nh + n;
}

#ifdef __SSE2__
/* 32, 127 and ':' in every byte, for hp_name_len(): read from memory by
 * its compares, instead of made again for every header (three moves and
 * three broadcasts: the line loop keeps no register for them). */
static const __m128i hp_name_k[3] = {
	{0x2020202020202020, 0x2020202020202020},
	{0x7F7F7F7F7F7F7F7F, 0x7F7F7F7F7F7F7F7F},
	{0x3A3A3A3A3A3A3A3A, 0x3A3A3A3A3A3A3A3A},
};
#endif

/* Length of the header name at line: name bytes up to the first other
 * one. avail bytes can be read at line (the line's n, and the text after
 * it: a name never runs past the LF that ends its line). */
static inline __attribute__((always_inline)) size_t hp_name_len(const char *line, size_t n, size_t avail)
{
	size_t i = 0;

#ifdef __SSE2__
	/* sixteen at a time: a name byte is 33..126 but ':' (signed > 32, and
	 * not 127; bytes from 128 are negative) */
	const __m128i *k = hp_name_k;

	/* (an empty asm: the compiler no longer knows the values, so it
	 * reads them instead of making them again) */
	__asm__("" : "+r"(k));
	for (; i + 16 <= avail && i < n; i += 16) {
		__m128i b = _mm_loadu_si128((const __m128i *)(const void *)(line + i));
		__m128i bad = _mm_or_si128(_mm_cmpeq_epi8(b, k[1]), _mm_cmpeq_epi8(b, k[2]));
		unsigned good = (unsigned)_mm_movemask_epi8(_mm_andnot_si128(bad, _mm_cmpgt_epi8(b, k[0])));

		if (good != 0xFFFF) {
			i += (size_t)__builtin_ctz(~good);
			return i < n ? i : n;
		}
	}
#else
	(void)avail;
#endif
	for (; i < n && hp_name_lc[(unsigned char)line[i]]; i++)
		;
	return i;
}

#ifdef SIMD_HAVE_AVX2
/* 32, 127 and ':' in every byte, for hp_name_end_avx2(): read from memory
 * like hp_name_k (GCC made the 32 again for every line). */
static const __m256i hp_name_k32[3] = {
	{0x2020202020202020, 0x2020202020202020, 0x2020202020202020, 0x2020202020202020},
	{0x7F7F7F7F7F7F7F7F, 0x7F7F7F7F7F7F7F7F, 0x7F7F7F7F7F7F7F7F, 0x7F7F7F7F7F7F7F7F},
	{0x3A3A3A3A3A3A3A3A, 0x3A3A3A3A3A3A3A3A, 0x3A3A3A3A3A3A3A3A, 0x3A3A3A3A3A3A3A3A},
};

/* The first byte of the 32 at line (all readable) that cannot be in a
 * name, as hp_name_len() finds it; 32 when all can. */
static inline SIMD_AVX2_FN size_t hp_name_end_avx2(const char *line)
{
	const __m256i *k = hp_name_k32;
	__m256i b, bad;
	uint32_t good;

	/* (as in hp_name_len(): else GCC broadcasts ':' and 32 again, in
	 * three instructions each, for every line) */
	__asm__("" : "+r"(k));
	b = _mm256_loadu_si256((const __m256i *)(const void *)line);
	bad = _mm256_or_si256(_mm256_cmpeq_epi8(b, k[1]), _mm256_cmpeq_epi8(b, k[2]));
	good = (uint32_t)_mm256_movemask_epi8(_mm256_andnot_si256(bad, _mm256_cmpgt_epi8(b, k[0])));
	/* (the high half of ~good is ones: 32 at most) */
	return (unsigned)__builtin_ctzll(~(uint64_t)good);
}
#endif

/* Unfolded length after continuation line[0..n): one space, then the line
 * without its leading blanks, as hp_cap() keeps them. */
static void hp_cont_len(struct hp *p, const char *line, size_t n)
{
	size_t k = 0;

	while (k < n && (line[k] == ' ' || line[k] == '\t'))
		k++;
	if (p->unfolded_len + 1 + (n - k) <= HEADER_MAX_VALUE) {
		p->unfolded_len += 1 + (n - k);
	} else {
		p->unfolded_len = hp_cap(p->unfolded_len, 1, p->truncated);
		p->unfolded_len = hp_cap(p->unfolded_len, n - k, p->truncated);
	}
}

/* hp_cont() once the raw value is past HEADER_MAX_VALUE (rare): out of
 * line, so that the line loop keeps its registers. */
static __attribute__((noinline, cold)) void hp_cont_long(struct hp *p, const char *line, size_t n)
{
	struct mail_header *h = p->cur;

	if (p->exact_h != h) {
		/* the first line's length as its header opened with it (cut
		 * at HEADER_MAX_VALUE: its LF is found, the one before line at
		 * the latest), the lines before as kept line by line, then on
		 * with this one */
		const char *lf = memchr(h->raw, '\n', (size_t)(line - h->raw));
		size_t l1 = lf ? (size_t)(lf - h->raw) : (size_t)(line - h->raw);

		p->unfolded_len = l1 < HEADER_MAX_VALUE ? l1 : HEADER_MAX_VALUE;
		if (h->folded) {
			const char *end = h->raw + h->raw_len, *l = memchr(h->raw, '\n', h->raw_len), *e;

			for (; l && l < end; l = e) {
				l++;
				e = memchr(l, '\n', (size_t)(end - l));
				hp_cont_len(p, l, (size_t)((e ? e : end) - l));
			}
		}
		p->exact_h = h;
	}
	hp_cont_len(p, line, n);
	h->folded = true;
	h->raw_len = (size_t)(line + n - h->raw);
}

/* A continuation line[0..n) of the open header. */
static inline void hp_cont(struct hp *p, const char *line, size_t n)
{
	struct mail_header *h = p->cur;

	/* (a header in exact_h has passed the cap: so has this line) */
	if ((size_t)(line + n - h->raw) <= HEADER_MAX_VALUE) {
		h->folded = true;
		h->raw_len = (size_t)(line + n - h->raw);
		return;
	}
	hp_cont_long(p, line, n);
}

/* Open the header of line[0..n) whose name is name_len bytes (<= HP_NAME_MAX)
 * and whose colon is at line[i]; -1 when out of memory. */
static inline __attribute__((always_inline)) int hp_open(struct hp *p, const char *line, size_t n, size_t name_len,
							size_t i)
{
	struct mail_header *h;
	size_t l1;

	if (p->next != p->stop)
		h = p->next++;
	else if (!(h = hp_slot_more(p)))
		return -1;
	h->name = line; /* no copy: lookups fold its case (hdr_is()) */
	h->name_len = (unsigned char)name_len;
	h->value = NULL;
	h->raw = line + i + 1;
	l1 = n - i - 1;
	if (l1 > HEADER_MAX_VALUE) { /* as hp_cap() cuts */
		*p->truncated = true;
		l1 = HEADER_MAX_VALUE;
	}
	h->raw_len = l1;
	h->folded = false; /* (next: set by hdr_chain() for every header) */
	p->cur = h;
	return 0;
}

/* Handle one line of the block at text, whose bytes end at tend; returns
 * 1 at the end of the block, -1 out of memory. avx2: in hp_lines_avx2()
 * (a constant); wide: 32 bytes at line can be read, known by the caller
 * (a constant). (The readable bytes and whether it is the first line are
 * worked out from text and tend where they are asked, not for every
 * line.) */
static inline __attribute__((always_inline)) int hp_line(struct hp *p, const char *line, size_t n, const char *text,
							const char *tend, bool avx2, bool wide)
{
	size_t nl, i, avail = (size_t)(tend - line);

	if (n == 0)
		return 1;
	if ((line[0] == ' ' || line[0] == '\t') && p->cur) {
		hp_cont(p, line, n);
		return 0;
	}
	/* the header before ends here, whatever this line turns out to be:
	 * p->cur is set again below, or the block ends (p->cur is then never
	 * read again; no header is open before the first line, the only one
	 * that can be skipped as mbox "From ") */
#ifdef SIMD_HAVE_AVX2
	/* Most lines: a name of at most 32 bytes, its colon right after it
	 * (c - 1 < n - 1: a name, and the colon in the line). Then it is as
	 * below finds it, in a few instructions and no loop. */
	if (avx2 && (wide || avail >= 32)) {
		size_t c = hp_name_end_avx2(line);

		if (c - 1 < n - 1 && line[c] == ':')
			return hp_open(p, line, n, c, c);
	}
#else
	(void)avx2;
	(void)wide;
#endif
	/* the name ("Subject : x" is one too) */
	i = nl = hp_name_len(line, n, avail);
	if (i < n && line[i] != ':') /* most names end at their colon */
		while (i < n && (line[i] == ' ' || line[i] == '\t'))
			i++;
	if (nl == 0 || i >= n || line[i] != ':') {
		/* mbox "From " separator before the first header */
		if (line == text && n >= 5 && (memcmp(line, "From ", 5) == 0 || memcmp(line, ">From ", 6) == 0))
			return 0;
		return 1;
	}
	return hp_open(p, line, n, nl > HP_NAME_MAX ? HP_NAME_MAX : nl, i);
}

/* A folded value unfolded into out: its first line (cut as hp_line() cut
 * it), then each continuation line without its leading blanks, after one
 * space; at most HEADER_MAX_VALUE bytes in all, and fewer than n (a line
 * end and the blanks after it, one at least, become one space). Returns
 * the length. out may be raw itself: each byte is written at or before
 * where it is read (memmove()), after the LF search that passes it. */
static size_t hdr_unfold(const char *raw, size_t n, char *out)
{
	const char *end = raw + n, *nl = memchr(raw, '\n', n);
	size_t len = (size_t)((nl ? nl : end) - raw), o;
	bool cut = false;

	o = len > HEADER_MAX_VALUE ? HEADER_MAX_VALUE : len;
	if (out != raw)
		memcpy(out, raw, o);
	while (nl) {
		const char *l = nl + 1, *e;
		size_t add;

		nl = memchr(l, '\n', (size_t)(end - l));
		e = nl ? nl : end;
		while (l < e && (*l == ' ' || *l == '\t'))
			l++;
		if (hp_cap(o, 1, &cut) > o)
			out[o++] = ' ';
		add = hp_cap(o, (size_t)(e - l), &cut) - o;
		memmove(out + o, l, add);
		o += add;
	}
	return o;
}

/* The value s[0..n) (trimmed) of a header that needs decoding, made in
 * the arena. Out of line: its mime_buf and calls would cost every other
 * value a longer entry and exit. */
static __attribute__((noinline)) char *hdr_value_decode(const struct header_list *hl, const char *s, size_t n)
{
	struct mime_buf dec = {0};
	char *value;

	rfc2047_decode(hl->cc, s, n, &dec);
	value = dec.nomem ? NULL : mime_arena_strndup(hl->arena, dec.p ? dec.p : "", dec.len);
	mime_buf_free(&dec);
	return value;
}

/* h's value, of n bytes, or HDR_LEN_UNKNOWN: measured by hdr_value_span()
 * if asked (a decoded value, and a length past 32 bits: a one-line value
 * of 4 GB). n is strlen()'s as the text has no NUL (mime.h). */
static inline struct hdr_span hdr_value_set(struct mail_header *h, char *value, size_t n)
{
	h->value_len = n < HDR_LEN_UNKNOWN ? (uint32_t)n : HDR_LEN_UNKNOWN;
	h->value = value;
	return (struct hdr_span){value, h->value_len};
}

/* hdr_value_make() of h when it is folded or needs decoding. */
static __attribute__((noinline)) struct hdr_span hdr_value_any(const struct header_list *hl, struct mail_header *h)
{
	char *unfolded = NULL, *value;
	const char *s = h->raw;
	size_t n = h->raw_len;

	if (h->folded) {
		/* unfolded where it is in the view's own text, which nothing
		 * reads after the parse (view.h), else in the arena, where it
		 * then stays; the NUL after it fits either way (hdr_unfold()) */
		if (hl->own)
			unfolded = hl->own + (h->raw - hl->own);
		else if (!(unfolded = mime_arena_alloc(hl->arena, (n < HEADER_MAX_VALUE ? n : HEADER_MAX_VALUE) + 1)))
			goto nomem;
		n = hdr_unfold(h->raw, h->raw_len, unfolded);
		s = unfolded;
	}
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
#ifdef SIMD_HAVE_AVX2
	if (hl->decode && n && !(hl->avx2 ? hp_plain_avx2(s, n) : hp_plain(s, n))) {
#else
	if (hl->decode && n && !hp_plain(s, n)) {
#endif
		if (!(value = hdr_value_decode(hl, s, n)))
			goto nomem;
		n = HDR_LEN_UNKNOWN; /* (a decoded "=00" ends the string early) */
	} else { /* (then it is folded: see hdr_value_make()) */
		value = unfolded + (s - unfolded);
		value[n] = '\0';
	}
	return hdr_value_set(h, value, n);
nomem:
	mime_arena_set_failed(hl->arena);
	return (struct hdr_span){NULL, 0};
}

/* The value s[0..n) of h (one line, trimmed, decodes to itself) copied
 * into the arena: a list whose text is not its own (the returned
 * message's headers, which decoders search after the parse). */
static __attribute__((noinline)) struct hdr_span hdr_value_copy(const struct header_list *hl, struct mail_header *h,
							    const char *s, size_t n)
{
	char *value = mime_arena_strndup(hl->arena, s, n);

	if (!value) {
		mime_arena_set_failed(hl->arena);
		return (struct hdr_span){NULL, 0};
	}
	return hdr_value_set(h, value, n);
}

/* Most values are one line that decodes to itself: trimmed, then ended
 * where they are in the view's own text, with no call, so no register is
 * saved, or copied (hdr_value_copy(), a tail call); the rest go to
 * hdr_value_any() (a tail call too). avx2: in hdr_value_make_avx2() (a
 * constant). text: for hdr_text_k() (a constant), such a value in a list
 * that is not its text's is given where it is, not copied (nor kept). */
static inline __attribute__((always_inline)) struct hdr_span hdr_value_make_t(const struct header_list *hl, size_t i,
									   bool avx2, bool text)
{
	struct mail_header *h = &hl->h[i];
	const char *s = h->raw;
	size_t n = h->raw_len;
	char *value;

	if (h->value)
		return (struct hdr_span){h->value, h->value_len};
	if (h->folded)
		return hdr_value_any(hl, h);
	/* (most values: the one space after the colon, then the value) */
	if (n > 1 && s[0] == ' ' && s[1] != ' ' && s[1] != '\t') {
		s++;
		n--;
	} else {
		while (n && (*s == ' ' || *s == '\t')) {
			s++;
			n--;
		}
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
#ifdef SIMD_HAVE_AVX2
	if (hl->decode && n && !(avx2 ? hp_plain_avx2(s, n) : hp_plain(s, n)))
#else
	(void)avx2;
	if (hl->decode && n && !hp_plain(s, n))
#endif
		return hdr_value_any(hl, h);
	if (!hl->own)
		return text ? (struct hdr_span){s, n} : hdr_value_copy(hl, h, s, n);
	/* the byte after it is a trimmed blank or its line end, which
	 * nothing reads after the parse (view.h) */
	value = hl->own + (s - hl->own);
	value[n] = '\0';
	return hdr_value_set(h, value, n);
}

#ifdef SIMD_HAVE_AVX2
/* hdr_value_make() with hp_plain_avx2(): half the steps for a value of
 * 17 to 65 bytes (most that are asked for). */
static __attribute__((noinline)) SIMD_AVX2_FN struct hdr_span hdr_value_make_avx2(const struct header_list *hl, size_t i)
{
	return hdr_value_make_t(hl, i, true, false);
}
#endif

struct hdr_span hdr_value_make(const struct header_list *hl, size_t i)
{
#ifdef SIMD_HAVE_AVX2
	if (hl->avx2)
		return hdr_value_make_avx2(hl, i);
#endif
	return hdr_value_make_t(hl, i, false, false);
}

#ifdef SIMD_HAVE_AVX2
static __attribute__((noinline)) SIMD_AVX2_FN struct hdr_span hdr_text_make_avx2(const struct header_list *hl, size_t i)
{
	return hdr_value_make_t(hl, i, true, true);
}
#endif

/* hdr_value_make() for hdr_text_k(): see hdr_value_make_t(). */
static struct hdr_span hdr_text_make(const struct header_list *hl, size_t i)
{
#ifdef SIMD_HAVE_AVX2
	if (hl->avx2)
		return hdr_text_make_avx2(hl, i);
#endif
	return hdr_value_make_t(hl, i, false, true);
}

/* hdr_key() (view.h) of a name as it is in the text (never empty). */
static unsigned hdr_key_raw(const struct mail_header *h)
{
	const unsigned char *s = (const unsigned char *)h->name;

	return hdr_key_of(hp_name_lc[s[0]], hp_name_lc[s[h->name_len - 1]], h->name_len);
}

/* Link every header into its chain, in order (a lookup finds the first):
 * from the last header back, each goes in front of its chain. */
static void hdr_chain(struct header_list *hl)
{
	for (size_t i = hl->n; i-- > 0;) {
		unsigned k = hdr_key_raw(&hl->h[i]);

		hl->h[i].next = hl->first[k];
		hl->first[k] = (unsigned short)(i + 1);
	}
}

#ifdef SIMD_HAVE_AVX2
/* The LF at or after pos in t[0..len), or len: for a text shorter than
 * hp_eol_avx2()'s 96 bytes, and the lines longer than those. Out of
 * line: both are rare. */
static __attribute__((noinline)) SIMD_AVX2_FN size_t hp_lf_avx2(const char *t, size_t pos, size_t len)
{
	const __m256i lf = _mm256_set1_epi8('\n');

	for (; pos + 32 <= len; pos += 32) {
		unsigned m = (unsigned)_mm256_movemask_epi8(
			_mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(const void *)(t + pos)), lf));

		if (m)
			return pos + (size_t)__builtin_ctz(m);
	}
	for (; pos < len; pos++)
		if (t[pos] == '\n')
			return pos;
	return len;
}
#endif

/* The line text[*pos, end) (end: its LF, or len), to hp_line(); *pos goes
 * past it unless it is the line after the headers (r > 0), where the
 * empty line that ends them is theirs. Past it is end + 1 even when end
 * is len (no LF): the caller's loop ends there, and it takes len for it,
 * so that no line pays a test of end. */
static inline __attribute__((always_inline)) int hp_take_line(struct hp *p, const char *text, size_t len,
								size_t *pos, size_t end, bool avx2, bool wide)
{
	int r = hp_line(p, text + *pos, end - *pos, text, text + len, avx2, wide);

	if (r == 0 || (r > 0 && end == *pos))
		*pos = end + 1;
	return r;
}

/* The lines of the block at text[0..len) into p; *pos_r: where the body
 * starts. -1 when out of memory. Without AVX2 (hp_lines_avx2() below
 * finds the same lines). */
static inline __attribute__((always_inline)) int hp_lines(struct hp *p, const char *text, size_t len, size_t *pos_r)
{
	size_t pos = 0, end;

	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		int r;

		end = nl ? (size_t)(nl - text) : len;
		r = hp_take_line(p, text, len, &pos, end, false, false);
		if (r < 0)
			return -1;
		if (r > 0)
			break;
	}
	*pos_r = pos < len ? pos : len;
	return 0;
}

#ifdef SIMD_HAVE_AVX2
/* The LFs of the 96 bytes at t (all readable), one bit each: the first
 * 64 in the result, the others in *hi, with bit 32 set (the byte after
 * the 96: "no LF before"). */
static inline SIMD_AVX2_FN uint64_t hp_lf96(const char *t, uint64_t *hi)
{
	const __m256i lf = _mm256_set1_epi8('\n');
	const __m256i *b = (const __m256i *)(const void *)t;

	*hi = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_loadu_si256(b + 2), lf)) | (uint64_t)1 << 32;
	return (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_loadu_si256(b), lf)) |
	       (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_loadu_si256(b + 1), lf)) << 32;
}

/* The first bit of lo, or else 64 + that of hi (not 0). GCC makes this a
 * test of lo, and reads the last 32 bytes only for a line of 64 or more
 * (a quarter of them): fewer instructions a line than the select by
 * masks it was (7 a line on the samples), and natively no slower on
 * either list, the test's mispredictions included. */
static inline size_t hp_first96(uint64_t lo, uint64_t hi)
{
	uint64_t x = lo ? lo : hi;

	return (size_t)__builtin_ctzll(x) + (lo ? 0 : 64);
}

/* The LF that ends the line at text[pos] (pos + 96 <= len): found in the
 * 96 bytes at pos (96% of header lines are shorter, LF included), else
 * after them by hp_lf_avx2(). */
static inline SIMD_AVX2_FN size_t hp_eol_avx2(const char *text, size_t pos, size_t len)
{
	uint64_t hi, lo = hp_lf96(text + pos, &hi);
	size_t k = hp_first96(lo, hi);

	return k < 96 ? pos + k : hp_lf_avx2(text, pos + 96, len);
}

/* The same for a line in the last 96 bytes of a text of 96 or more (the
 * end of a short part's headers): the LF, or len, from those bytes'
 * masks shifted to pos, in no loop (hp_lf_avx2()'s mispredicts at its
 * ends). */
static inline SIMD_AVX2_FN size_t hp_eol_end_avx2(const char *text, size_t pos, size_t len)
{
	uint64_t hi, lo = hp_lf96(text + len - 96, &hi);
	unsigned __int128 m = ((unsigned __int128)hi << 64 | lo) >> (pos - (len - 96));

	return pos + hp_first96((uint64_t)m, (uint64_t)(m >> 64));
}

/* hp_lines() with AVX2: each line's end found as above, from where it
 * starts, with no state kept from line to line (a window of LFs taken in
 * turn mispredicted its refill test a line in two). A text of fewer
 * than 96 bytes: hp_lf_avx2(). */
static inline SIMD_AVX2_FN int hp_lines_avx2(struct hp *p, const char *text, size_t len, size_t *pos_r)
{
	size_t pos = 0;

	for (;;) {
		size_t end;
		int r;

		/* (the first test also says pos < len, and that the name step's
		 * 32 bytes can be read, for most lines) */
		if (pos + 96 <= len) {
			end = hp_eol_avx2(text, pos, len);
			r = hp_take_line(p, text, len, &pos, end, true, true);
		} else if (pos < len) {
			end = len >= 96 ? hp_eol_end_avx2(text, pos, len) : hp_lf_avx2(text, pos, len);
			r = hp_take_line(p, text, len, &pos, end, true, false);
		} else {
			break;
		}
		if (r < 0)
			return -1;
		if (r > 0)
			break;
	}
	*pos_r = pos < len ? pos : len;
	return 0;
}
#endif

int header_parse(struct mime_arena *a, struct charset_cache *cc, const char *text, size_t len,
		 bool decode, struct header_list *out, size_t *body_r, bool *truncated)
{
	return header_parse_v(a, cc, text, len, decode, out, body_r, truncated, simd_avx2());
}

/* header_parse_v(); avx2: in header_parse_avx2() (a constant), which has
 * the AVX2 line loop inlined. out->h on entry: the first out->n slots (the
 * caller's, header_parse_in()), or NULL: 32 in the arena. (Passed in out:
 * two more arguments would go on the stack, for every block.) */
static inline __attribute__((always_inline)) int header_parse_t(struct mime_arena *a, struct charset_cache *cc,
								 const char *text, size_t len, bool decode,
								 struct header_list *out, size_t *body_r, bool *truncated,
								 bool avx2)
{
	/* not zeroed whole: spare and unfolded_len are written before they
	 * are read */
	struct hp p;
	size_t pos = 0;
	int rc;

	p.h = out->h;
	p.cap = p.h ? out->n : 32;
	out->h = NULL;
	out->n = 0;
	out->decode = decode;
	out->avx2 = avx2;
	out->arena = a;
	out->cc = cc;
	out->own = NULL;
	mime_zero(out->first, sizeof(out->first));
	/* the first 32 slots before the line loop, out of its way (most
	 * blocks need no more) */
	p.a = a;
	if (!p.h && !(p.h = mime_arena_array(a, p.cap, sizeof(*p.h))))
		return -1;
	p.next = p.h;
	p.stop = p.h + (p.cap < HEADER_MAX_COUNT ? p.cap : HEADER_MAX_COUNT);
	p.cur = NULL;
	p.exact_h = NULL;
	p.truncated = truncated;
#ifdef SIMD_HAVE_AVX2
	rc = avx2 ? hp_lines_avx2(&p, text, len, &pos) : hp_lines(&p, text, len, &pos);
#else
	(void)avx2;
	rc = hp_lines(&p, text, len, &pos);
#endif
	if (rc < 0)
		return -1;
	out->h = p.h;
	out->n = (size_t)(p.next - p.h);
	hdr_chain(out);
	if (body_r)
		*body_r = pos;
	return 0;
}

#ifdef SIMD_HAVE_AVX2
static __attribute__((noinline)) SIMD_AVX2_FN int header_parse_avx2(struct mime_arena *a, struct charset_cache *cc,
								     const char *text, size_t len, bool decode,
								     struct header_list *out, size_t *body_r,
								     bool *truncated)
{
	return header_parse_t(a, cc, text, len, decode, out, body_r, truncated, true);
}
#endif

/* header_parse_t() without AVX2: out of line too, so that the two entries
 * below stay a few instructions each (inlined, its frame was set up
 * before the test of avx2). */
static __attribute__((noinline)) int header_parse_plain(struct mime_arena *a, struct charset_cache *cc,
							 const char *text, size_t len, bool decode,
							 struct header_list *out, size_t *body_r, bool *truncated)
{
	return header_parse_t(a, cc, text, len, decode, out, body_r, truncated, false);
}

/* header_parse_v() and header_parse_in(), out->h and out->n set: the
 * AVX2 line loop or not. */
static inline __attribute__((always_inline)) int header_parse_s(struct mime_arena *a, struct charset_cache *cc,
								 const char *text, size_t len, bool decode,
								 struct header_list *out, size_t *body_r, bool *truncated,
								 bool avx2)
{
#ifdef SIMD_HAVE_AVX2
	if (avx2)
		return header_parse_avx2(a, cc, text, len, decode, out, body_r, truncated);
#else
	(void)avx2;
#endif
	return header_parse_plain(a, cc, text, len, decode, out, body_r, truncated);
}

int header_parse_v(struct mime_arena *a, struct charset_cache *cc, const char *text, size_t len,
		   bool decode, struct header_list *out, size_t *body_r, bool *truncated, bool avx2)
{
	out->h = NULL;
	return header_parse_s(a, cc, text, len, decode, out, body_r, truncated, avx2);
}

int header_parse_in(struct mime_arena *a, struct charset_cache *cc, const char *text, size_t len,
		    struct header_list *out, size_t *body_r, bool *truncated, bool avx2,
		    struct mail_header *slots, size_t cap)
{
	out->h = slots;
	out->n = cap;
	return header_parse_s(a, cc, text, len, true, out, body_r, truncated, avx2);
}

#ifdef __SSE2__
/* b with exactly 'A'..'Z' lower-cased (bytes from 128 are negative:
 * never in the range). Its constants live in SSE registers, which a call
 * does not have to save: str_lower8()'s four took four saved registers
 * in every lookup. */
static inline __attribute__((always_inline)) __m128i hdr_lower16(__m128i b)
{
	__m128i up = _mm_and_si128(_mm_cmpgt_epi8(b, _mm_set1_epi8('A' - 1)), _mm_cmpgt_epi8(_mm_set1_epi8('Z' + 1), b));

	return _mm_or_si128(b, _mm_and_si128(up, _mm_set1_epi8(0x20)));
}

/* The first and the last eight (four) bytes of s[0..len), len >= 8 (4),
 * in one vector (they overlap when len < 16 (8)), the rest zero. */
static inline __attribute__((always_inline)) __m128i hdr_ends8(const char *s, size_t len)
{
	uint64_t a, b;

	memcpy(&a, s, 8);
	memcpy(&b, s + len - 8, 8);
	return _mm_set_epi64x((long long)b, (long long)a);
}

static inline __attribute__((always_inline)) __m128i hdr_ends4(const char *s, size_t len)
{
	uint32_t a, b;

	memcpy(&a, s, 4);
	memcpy(&b, s + len - 4, 4);
	return _mm_set_epi32(0, 0, (int)b, (int)a);
}

static inline __attribute__((always_inline)) bool hdr_eq16(__m128i name, __m128i lname)
{
	return _mm_movemask_epi8(_mm_cmpeq_epi8(hdr_lower16(name), lname)) == 0xFFFF;
}

/* name[0..len) (len >= 4) equals lname in any case: its two ends when
 * len <= 16 (every byte is in one), else sixteen bytes a step, the last
 * step overlapping the one before. */
static inline __attribute__((always_inline)) bool hdr_eq_long(const char *name, const char *lname, size_t len)
{
	size_t i;

	if (len < 8)
		return hdr_eq16(hdr_ends4(name, len), hdr_ends4(lname, len));
	if (len <= 16)
		return hdr_eq16(hdr_ends8(name, len), hdr_ends8(lname, len));
	for (i = 0; i + 16 < len; i += 16)
		if (!hdr_eq16(_mm_loadu_si128((const __m128i *)(const void *)(name + i)),
			      _mm_loadu_si128((const __m128i *)(const void *)(lname + i))))
			return false;
	return hdr_eq16(_mm_loadu_si128((const __m128i *)(const void *)(name + len - 16)),
			_mm_loadu_si128((const __m128i *)(const void *)(lname + len - 16)));
}
#define HDR_LONG 4
#else
/* name[0..len) (len >= 8) equals lname in any case: eight bytes a step,
 * the last step overlapping the one before when len is not a multiple. */
static inline __attribute__((always_inline)) bool hdr_eq_long(const char *name, const char *lname, size_t len)
{
	uint64_t l;
	size_t i;

	for (i = 0; i + 8 < len; i += 8) {
		memcpy(&l, lname + i, 8);
		if (str_lower8(name + i) != l)
			return false;
	}
	memcpy(&l, lname + len - 8, 8);
	return str_lower8(name + len - 8) == l;
}
#define HDR_LONG 8
#endif

/* Is h called lname, of len bytes (lower-case)? The lengths differ for
 * most headers of a chain: no byte is compared then. */
static inline __attribute__((always_inline)) bool hdr_is_n(const struct mail_header *h, const char *lname, size_t len)
{
	const unsigned char *s = (const unsigned char *)h->name;

	if (h->name_len != len)
		return false;
	if (len >= HDR_LONG) /* "from", "content-type", "x-ms-exchange-...": a block at a time */
		return hdr_eq_long(h->name, lname, len);
	for (size_t i = 0; i < len; i++)
		if (hp_name_lc[s[i]] != (unsigned char)lname[i])
			return false;
	return true;
}

bool hdr_is(const struct mail_header *h, const char *lname)
{
	return hdr_is_n(h, lname, strlen(lname));
}

size_t hdr_next_k(const struct header_list *hl, const char *lname, size_t len, unsigned i)
{
	for (; i; i = hl->h[i - 1].next)
		if (hdr_is_n(&hl->h[i - 1], lname, len))
			return i;
	return 0;
}

/* The first header of the chain from i on called lname (len bytes). */
static inline __attribute__((always_inline)) const char *hdr_get_chain(const struct header_list *hl,
									const char *lname, size_t len, unsigned i)
{
	for (; i; i = hl->h[i - 1].next)
		if (hdr_is_n(&hl->h[i - 1], lname, len))
			return hdr_value(hl, i - 1);
	return NULL;
}

/* One function for each class of lengths hdr_eq_long() tells apart (view.h
 * picks it, for a literal name at compile time): each one's test of the
 * class goes the same way every call, where one shared function's was
 * mispredicted a lookup in three. */
const char *hdr_get_k(const struct header_list *hl, const char *lname, size_t len, unsigned i)
{
	return hdr_get_chain(hl, lname, len, i);
}

const char *hdr_get_k16(const struct header_list *hl, const char *lname, size_t len, unsigned i)
{
	if (len < 8 || len > 16)
		__builtin_unreachable();
	return hdr_get_chain(hl, lname, len, i);
}

const char *hdr_get_kx(const struct header_list *hl, const char *lname, size_t len, unsigned i)
{
	if (len <= 16)
		__builtin_unreachable();
	return hdr_get_chain(hl, lname, len, i);
}

/* The length of a value made but not measured (a decoded one, or one past
 * 4 GB): rare, out of line. */
__attribute__((noinline)) struct hdr_span hdr_span_measure(struct hdr_span sp)
{
	sp.n = sp.s ? strlen(sp.s) : 0;
	return sp;
}

/* hdr_text_k()'s hdr_value_span(): a value not made yet is given as
 * hdr_text_make() gives it */
static inline __attribute__((always_inline)) struct hdr_span hdr_text_span(const struct header_list *hl, size_t i)
{
	const struct mail_header *h = &hl->h[i];
	struct hdr_span sp = h->value ? (struct hdr_span){h->value, h->value_len} : hdr_text_make(hl, i);

	return sp.n != HDR_LEN_UNKNOWN ? sp : hdr_span_measure(sp);
}

/* hdr_get_chain() for hdr_get_n() (text: for hdr_get_text(), a constant):
 * the value and its length, returned in two registers; a value made and
 * measured already with no call. */
static inline __attribute__((always_inline)) struct hdr_span hdr_span_chain(const struct header_list *hl,
									     const char *lname, size_t len,
									     unsigned i, bool text)
{
	for (; i; i = hl->h[i - 1].next)
		if (hdr_is_n(&hl->h[i - 1], lname, len))
			return text ? hdr_text_span(hl, i - 1) : hdr_value_span(hl, i - 1);
	return (struct hdr_span){NULL, 0};
}

struct hdr_span hdr_span_k(const struct header_list *hl, const char *lname, size_t len, unsigned i)
{
	return hdr_span_chain(hl, lname, len, i, false);
}

struct hdr_span hdr_span_k16(const struct header_list *hl, const char *lname, size_t len, unsigned i)
{
	if (len < 8 || len > 16)
		__builtin_unreachable();
	return hdr_span_chain(hl, lname, len, i, false);
}

struct hdr_span hdr_span_kx(const struct header_list *hl, const char *lname, size_t len, unsigned i)
{
	if (len <= 16)
		__builtin_unreachable();
	return hdr_span_chain(hl, lname, len, i, false);
}

struct hdr_span hdr_text_k(const struct header_list *hl, const char *lname, size_t len, unsigned i)
{
	return hdr_span_chain(hl, lname, len, i, true);
}
