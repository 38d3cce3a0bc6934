/* charset.c: conversion to UTF-8 through iconv, with cached descriptors
 * (iconv_open costs more than the conversion itself) and an alias table
 * for labels that glibc does not know or maps badly. */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse/charset-jis0208.h"
#include "parse/mime.h"
#include "util/simd.h"
#include "util/str.h"

#define CHARSET_CACHE_SLOTS 16

struct charset_slot {
	char name[64];    /* label as asked for, lower-case */
	iconv_t cd;       /* (iconv_t)-1 when the label is unknown */
};

struct charset_cache {
	char fallback[64];
	struct charset_slot slot[CHARSET_CACHE_SLOTS];
	size_t n, next_evict;
	/* The last label charset_label_open() was asked for, as given (""
	 * none), and what it came to: a label comes again and again (each
	 * part and encoded word of a Japanese bounce says "iso-2022-jp"), and
	 * its lower-cased copies, alias table and slot search cost ~1,100
	 * instructions a text. memo_cd is one of the slots': an eviction
	 * clears the memo. */
	char memo[64];
	bool memo_cp1252;
	iconv_t memo_cd;
};

/* Labels seen in bounces -> what glibc iconv should open. */
static const struct {
	const char *label;
	const char *iconv_name;
} charset_aliases[] = {
	{"unicode-1-1-utf-7", "UTF-7"},
	{"x-sjis", "CP932"},
	{"shift_jis", "CP932"},
	{"shift-jis", "CP932"},
	{"sjis", "CP932"},
	{"x-unknown", NULL},
	{"iso-2022-jp", "ISO-2022-JP-2"}, /* superset: also decodes the -1/-2 escapes */
	{"ks_c_5601-1987", "CP949"},
	{"euc-kr", "CP949"},
	{"gb2312", "GB18030"},
	{"gbk", "GB18030"},
	{"iso-8859-1", "WINDOWS-1252"}, /* mislabelled cp1252 is the norm */
	{"us-ascii", "WINDOWS-1252"},
	{"ascii", "WINDOWS-1252"},
	{"ansi_x3.4-1968", "WINDOWS-1252"},
	{"utf8", "UTF-8"},
	{"cp-850", "CP850"},
};

struct charset_cache *charset_cache_new(const char *fallback)
{
	struct charset_cache *cc = calloc(1, sizeof(*cc));

	if (!cc)
		return NULL;
	str_copy(cc->fallback, sizeof(cc->fallback), fallback && *fallback ? fallback : "windows-1252");
	return cc;
}

void charset_cache_free(struct charset_cache **cc)
{
	if (!cc || !*cc)
		return;
	for (size_t i = 0; i < (*cc)->n; i++)
		if ((*cc)->slot[i].cd != (iconv_t)-1)
			iconv_close((*cc)->slot[i].cd);
	free(*cc);
	*cc = NULL;
}

static const char *charset_iconv_name(const char *label)
{
	for (size_t i = 0; i < sizeof(charset_aliases) / sizeof(charset_aliases[0]); i++)
		if (strcasecmp(label, charset_aliases[i].label) == 0)
			return charset_aliases[i].iconv_name;
	return label;
}

/* The cached descriptor for label, opening it on first use. */
static iconv_t charset_open(struct charset_cache *cc, const char *label)
{
	char name[64];
	const char *iname;
	struct charset_slot *s;

	if (str_copy(name, sizeof(name), label))
		return (iconv_t)-1;
	str_lower(name);
	for (size_t i = 0; i < cc->n; i++)
		if (strcmp(cc->slot[i].name, name) == 0)
			return cc->slot[i].cd;
	if (cc->n < CHARSET_CACHE_SLOTS) {
		s = &cc->slot[cc->n++];
	} else { /* full: replace slots round-robin */
		s = &cc->slot[cc->next_evict];
		cc->next_evict = (cc->next_evict + 1) % CHARSET_CACHE_SLOTS;
		if (s->cd != (iconv_t)-1)
			iconv_close(s->cd);
		cc->memo[0] = '\0'; /* its descriptor may be this one */
	}
	memcpy(s->name, name, sizeof(name));
	iname = charset_iconv_name(name);
	s->cd = iname ? iconv_open("UTF-8", iname) : (iconv_t)-1;
	return s->cd;
}

/* Continuation bytes after a UTF-8 lead byte (C2..DF: 1, E0..EF: 2,
 * F0..F4: 3); 0 for ASCII and for bytes that cannot lead. */
static const unsigned char charset_utf8_more[256] = {
	[0xC2] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	[0xE0] = 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	[0xF0] = 3, 3, 3, 3, 3,
};

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* The top two bits of the k continuation bytes in the little-endian word
 * that starts at a lead byte (its bytes 1..k), and what they must be. */
static const uint32_t charset_utf8_mask[4] = {0, 0xC000u, 0xC0C000u, 0xC0C0C000u};
static const uint32_t charset_utf8_want[4] = {0, 0x8000u, 0x808000u, 0x80808000u};
#endif

#ifdef __SSE2__
/* The bytes of no UTF-8 character's place among the 64 at s: those that
 * should be a continuation byte (0x80..0xBF) and are not, or are one and
 * should not; and bytes that are in no character (C0, C1, F5..FF). As a
 * mask, 0 when there is none. carry: the places at the block's start
 * that a lead byte before it wants continuation bytes at (bits 0..2, or
 * shifted to where the block goes on from); set to those of the next
 * block's. */
static inline uint64_t charset_utf8_block(const char *s, uint64_t carry, uint64_t *carry_r)
{
	uint64_t high = 0, cont = 0, c2 = 0, e0 = 0, f0 = 0, f5 = 0, lead, l34, l4;

	for (int k = 0; k < 4; k++) {
		__m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + 16 * k));
		int sh = 16 * k;

		/* signed: 0x80..0xFF are -128..-1, ASCII above them all */
		high |= (uint64_t)(unsigned)_mm_movemask_epi8(b) << sh;
		cont |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(b, _mm_set1_epi8(-64))) << sh;
		c2 |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpgt_epi8(b, _mm_set1_epi8(-63))) << sh;
		e0 |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpgt_epi8(b, _mm_set1_epi8(-33))) << sh;
		f0 |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpgt_epi8(b, _mm_set1_epi8(-17))) << sh;
		f5 |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpgt_epi8(b, _mm_set1_epi8(-12))) << sh;
	}
	lead = high & c2 & ~f5; /* C2..F4: a character of two to four bytes */
	l34 = high & e0 & ~f5;  /* E0..F4: of three or four */
	l4 = high & f0 & ~f5;   /* F0..F4: of four */
	*carry_r = lead >> 63 | l34 >> 62 | l4 >> 61;
	return ((lead << 1 | l34 << 2 | l4 << 3 | carry) ^ cont) | (high & ~(cont | lead));
}

/* charset_is_utf8() of 64 bytes or more: 64-byte blocks of masks, the
 * last one ending at the text's end (its bits before the place it goes on
 * from dropped), their faults ORed for one test at the end. One branch a
 * block (ASCII or not), none a byte: the byte loop below mispredicted at
 * every change between ASCII and the rest (accented Latin text: a few
 * times a word). */
static bool charset_utf8_long(const char *s, size_t n)
{
	uint64_t carry = 0, bad = 0;
	size_t i = 0;

	for (; i + 64 <= n; i += 64) {
		const __m128i *b = (const __m128i *)(const void *)(s + i);

		/* an ASCII block that no character runs into: passed over
		 * at one test (most blocks of most texts) */
		if (!carry && !_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(_mm_loadu_si128(b), _mm_loadu_si128(b + 1)),
							      _mm_or_si128(_mm_loadu_si128(b + 2), _mm_loadu_si128(b + 3)))))
			continue;
		bad |= charset_utf8_block(s + i, carry, &carry);
	}
	if (i < n) {
		size_t off = i - (n - 64);

		bad |= charset_utf8_block(s + n - 64, carry << off, &carry) & (~(uint64_t)0 << off);
	}
	/* and no character is cut by the end */
	return !(bad | carry);
}
#endif

bool charset_is_utf8(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

#ifdef __SSE2__
	if (n >= 64)
		return charset_utf8_long(s, n);
#endif
	while (i < n) {
		unsigned c = p[i];
		size_t k;

		if (c < 0x80) {
			/* ASCII runs sixteen, then eight bytes at a time (html
			 * parts are long) */
			i++;
#ifdef __SSE2__
			while (i + 16 <= n &&
			       !_mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + i))))
				i += 16;
#endif
			for (; i + 8 <= n; i += 8) {
				uint64_t w;

				memcpy(&w, p + i, 8);
				if (w & 0x8080808080808080u)
					break;
			}
			continue;
		}
		/* a lead byte and its continuation bytes: one word read
		 * while four bytes are left (a text of Japanese or Cyrillic
		 * is mostly these) */
		if (!(k = charset_utf8_more[c]) || i + k >= n)
			return false;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		if (i + 4 <= n) {
			uint32_t w;

			memcpy(&w, p + i, 4);
			if ((w & charset_utf8_mask[k]) != charset_utf8_want[k])
				return false;
			i += k + 1;
			continue;
		}
#endif
		for (size_t j = 1; j <= k; j++)
			if ((p[i + j] & 0xC0) != 0x80)
				return false;
		i += k + 1;
	}
	return true;
}

#ifdef SIMD_HAVE_AVX2
/* An 8-bit byte or an ESC among the 32 at s? */
static inline SIMD_AVX2_FN bool charset_bad32(const char *s, __m256i esc)
{
	__m256i b = _mm256_loadu_si256((const __m256i *)(const void *)s);

	return _mm256_movemask_epi8(_mm256_or_si256(b, _mm256_cmpeq_epi8(b, esc))) != 0;
}

/* charset_ascii() with AVX2, from *ip on: 128 bytes a step (four blocks
 * joined before one test: the answer is for the whole text), then the
 * rest as 32-byte blocks, the last one ending at the text's end (read
 * again in part: the answer is the same). False at a block with an 8-bit
 * byte or an ESC; *ip is where it stopped when true (n unless the text is
 * shorter than 32 bytes). */
static SIMD_AVX2_FN bool charset_ascii_avx2(const char *s, size_t n, size_t *ip)
{
	const __m256i esc = _mm256_set1_epi8(0x1B);
	size_t i = *ip;

	for (; i + 128 <= n; i += 128) {
		const __m256i *p = (const __m256i *)(const void *)(s + i);
		__m256i b0 = _mm256_loadu_si256(p), b1 = _mm256_loadu_si256(p + 1);
		__m256i b2 = _mm256_loadu_si256(p + 2), b3 = _mm256_loadu_si256(p + 3);
		__m256i e = _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(b0, esc), _mm256_cmpeq_epi8(b1, esc)),
					    _mm256_or_si256(_mm256_cmpeq_epi8(b2, esc), _mm256_cmpeq_epi8(b3, esc)));

		__m256i x = _mm256_or_si256(_mm256_or_si256(b0, b1), _mm256_or_si256(b2, b3));

		if (_mm256_movemask_epi8(_mm256_or_si256(x, e)))
			return false;
	}
	if (i < n && n >= 32) {
		for (; i + 32 < n; i += 32)
			if (charset_bad32(s + i, esc))
				return false;
		if (charset_bad32(s + n - 32, esc))
			return false;
		i = n;
	}
	*ip = i;
	return true;
}
#endif

bool charset_ascii(const char *s, size_t n, bool avx2)
{
	size_t i = 0;

#ifdef SIMD_HAVE_AVX2
	if (avx2) {
		if (!charset_ascii_avx2(s, n, &i))
			return false;
		/* it read the whole text (any of 32 bytes or more): no SSE2
		 * or byte step to pass over */
		if (i == n)
			return true;
	}
#else
	(void)avx2;
#endif
#ifdef __SSE2__
	const __m128i esc = _mm_set1_epi8(0x1B);

	/* 64 bytes a step, joined before one movemask: the answer is the
	 * same for the whole text, so no byte needs to be found */
	for (; i + 64 <= n; i += 64) {
		const __m128i *p = (const __m128i *)(const void *)(s + i);
		__m128i b0 = _mm_loadu_si128(p), b1 = _mm_loadu_si128(p + 1);
		__m128i b2 = _mm_loadu_si128(p + 2), b3 = _mm_loadu_si128(p + 3);
		__m128i e = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(b0, esc), _mm_cmpeq_epi8(b1, esc)),
					 _mm_or_si128(_mm_cmpeq_epi8(b2, esc), _mm_cmpeq_epi8(b3, esc)));

		if (_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(_mm_or_si128(b0, b1), _mm_or_si128(b2, b3)), e)))
			return false;
	}
	for (; i + 16 <= n; i += 16) {
		__m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + i));

		if (_mm_movemask_epi8(_mm_or_si128(b, _mm_cmpeq_epi8(b, esc))))
			return false;
	}
	/* the last bytes as the sixteen that end the text (read again in
	 * part: the answer is the same), not one by one */
	if (i < n && n >= 16) {
		__m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + n - 16));

		return !_mm_movemask_epi8(_mm_or_si128(b, _mm_cmpeq_epi8(b, esc)));
	}
#endif
	for (; i < n; i++)
		if ((unsigned char)s[i] >= 0x80 || s[i] == 0x1B)
			return false;
	return true;
}

/* Does the label name UTF-7 ("utf-7", "unicode-1-1-utf-7")? */
static bool charset_label_utf7(const char *label)
{
	return label && strchr(label, '7') && strcasestr(label, "utf-7") != NULL;
}

/* Length of the multi-byte UTF-8 character at p (0 when there is none). */
static size_t charset_utf8_len(const unsigned char *p, size_t n)
{
	size_t k;

	if (n && p[0] >= 0xC2 && p[0] <= 0xDF)
		k = 2;
	else if (n && p[0] >= 0xE0 && p[0] <= 0xEF)
		k = 3;
	else if (n && p[0] >= 0xF0 && p[0] <= 0xF4)
		k = 4;
	else
		return 0;
	if (k > n)
		return 0;
	for (size_t j = 1; j < k; j++)
		if ((p[j] & 0xC0) != 0x80)
			return 0;
	return k;
}

/* What charset_iconv() writes for the il bytes at ip when its descriptor
 * rejects the first at once (EILSEQ / EINVAL); returns how many it passes
 * over (one at least). A 7-bit charset with 8-bit bytes that are all
 * valid UTF-8 was re-encoded but kept its old label (the CRLF and CR
 * copies of Notes bounces labelled ISO-2022-JP): the UTF-8 characters are
 * kept (keep_utf8). Any other byte is skipped as U+FFFD (*bad set). */
static size_t charset_rejected(const char *ip, size_t il, bool seven_bit, bool keep_utf8, struct mime_buf *out,
			       bool *bad)
{
	size_t k = keep_utf8 ? charset_utf8_len((const unsigned char *)ip, il) : 0;

	if (k) {
		/* and the UTF-8 characters right after it: a 7-bit charset
		 * rejects their first byte at once, from the state the reset
		 * after this leaves (the same bytes out, without two iconv
		 * calls per character) */
		size_t more;

		while (k < il && (more = charset_utf8_len((const unsigned char *)ip + k, il - k)) != 0)
			k += more;
		mime_buf_add(out, ip, k);
	} else {
		*bad = true;
		/* 8-bit bytes after it, in a 7-bit charset (EUC-JP labelled
		 * ISO-2022-JP): each one would fail at once after the reset;
		 * one U+FFFD each, no iconv call (written at once, not a
		 * mime_buf_add() call each) */
		for (k = 1; seven_bit && k < il && (unsigned char)ip[k] >= 0x80 &&
			    !(keep_utf8 && charset_utf8_len((const unsigned char *)ip + k, il - k));
		     k++)
			;
		if (k > SIZE_MAX / 3)
			out->nomem = true;
		else if (mime_buf_reserve(out, 3 * k)) {
			char *o = out->p + out->len;

			for (size_t j = 0; j < k; j++, o += 3)
				memcpy(o, "\xEF\xBF\xBD", 3);
			out->len += 3 * k;
			out->p[out->len] = '\0';
		}
	}
	return k;
}

/* A run of 8-bit bytes in ISO-2022-JP, which glibc's ISO-2022-JP-2 rejects
 * one by one from any state, as charset_iconv() gives it (its iconv calls
 * consume nothing and write nothing, so none is made); true when some
 * bytes became U+FFFD. The descriptor, had it been given the run, would
 * be in its initial state after it (the caller's to reset). */
static bool charset_jis_eight_bit(const char *s, size_t n, bool keep_utf8, struct mime_buf *out)
{
	bool bad = false;

	for (size_t i = 0; i < n && !out->nomem;)
		i += charset_rejected(s + i, n - i, true, keep_utf8, out, &bad);
	return bad;
}

/* Run cd over in from its current state; invalid bytes become U+FFFD (but
 * UTF-8 characters are kept when keep_utf8). seven_bit: cd is from a 7-bit
 * charset, which rejects any byte above 0x7F from its initial state.
 * Returns true when some bytes were invalid. */
static bool charset_iconv(iconv_t cd, bool seven_bit, bool keep_utf8, const char *in, size_t n,
			  struct mime_buf *out)
{
	char tmp[1024];
	char *ip = (char *)in;
	size_t il = n, k;
	bool bad = false;

	while (il > 0 && !out->nomem) {
		char *op = tmp;
		size_t ol = sizeof(tmp);
		size_t r = iconv(cd, &ip, &il, &op, &ol);

		mime_buf_add(out, tmp, (size_t)(op - tmp));
		if (r != (size_t)-1)
			break;
		if (errno == E2BIG)
			continue;
		k = charset_rejected(ip, il, seven_bit, keep_utf8, out, &bad);
		ip += k;
		il -= k;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	return bad;
}

/* Bytes at s that ISO-2022-JP in its ASCII state gives back as they are
 * and that leave that state as it is: 7-bit, but ESC, SO and SI. */
static size_t charset_jis_plain(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c;

		/* eight at a time while none is 8-bit or a control byte */
		for (; i + 8 <= n; i += 8) {
			uint64_t w;

			memcpy(&w, s + i, 8);
			if ((w | ((w - 0x2020202020202020u) & ~w)) & 0x8080808080808080u)
				break;
		}
		if (i >= n)
			break;
		c = (unsigned char)s[i];
		if (c >= 0x80 || c == 0x1B || c == 0x0E || c == 0x0F)
			break;
		i++;
	}
	return i;
}

/* mime_buf_reserve(out, extra), without its call when out has the room
 * already (every piece of a text but the first few) */
static inline bool charset_room(struct mime_buf *out, size_t extra)
{
	return (out->p && !out->nomem && out->cap - out->len > extra) || mime_buf_reserve(out, extra);
}

/* One step of an ISO-2022-JP walk (charset_jis(), charset_jis_no_iconv()):
 * the plain run at in[*pos] copied onto out, *pos past it; then, when a
 * run of 8-bit bytes starts there, its end (else 0: an escape sequence,
 * SO/SI or the text's end is next). */
static size_t charset_jis_step(const char *in, size_t n, size_t *pos, struct mime_buf *out)
{
	size_t run = charset_jis_plain(in + *pos, n - *pos), end;

	if (charset_room(out, run)) { /* mime_buf_add(), inline */
		memcpy(out->p + out->len, in + *pos, run);
		out->len += run;
		out->p[out->len] = '\0';
	}
	*pos += run;
	if (*pos >= n || (unsigned char)in[*pos] < 0x80)
		return 0;
	for (end = *pos + 1; end < n && (unsigned char)in[end] >= 0x80; end++)
		;
	return end;
}

/* A piece of ISO-2022-JP that is "ESC $ B", pairs of JIS X 0208 cells
 * iconv takes, and "ESC ( B" (nearly every piece charset_jis() cuts):
 * the cells from charset_jis0208[] (what glibc's ISO-2022-JP-2 makes of
 * each as its UTF-8 bytes, a table made once by tests/tools/gen-jis0208.c:
 * no descriptor of its own nor cells made through iconv as texts use
 * them, ~300 instructions a cell), and no state changed but the one the last escape
 * sets anyway. False (nothing added) for any other piece. */
static bool charset_jis_fast(const char *s, size_t n, struct mime_buf *out)
{
	const unsigned char *p = (const unsigned char *)s + 3;
	size_t pairs;
	char *o;

	if (n < 6 || (n - 6) % 2 || memcmp(s, "\x1B$B", 3) != 0 || memcmp(s + n - 3, "\x1B(B", 3) != 0)
		return false;
	pairs = (n - 6) / 2;
	if (!charset_room(out, 3 * pairs))
		return true; /* nomem is set: the caller stops */
	/* each cell written as it is checked, past out's length (one loop,
	 * not a check of them all and then a copy): a piece that turns out
	 * not to be one leaves out as it was, its NUL put back */
	o = out->p + out->len;
	for (size_t i = 0; i < pairs; i++) {
		unsigned a = p[2 * i] - 0x21u, b = p[2 * i + 1] - 0x21u;
		uint32_t u;

		if (a >= 94 || b >= 94 || !(u = charset_jis0208[94 * a + b]))
			goto not_one;
		/* the entry's four bytes (its length last, written over by
		 * the next character or the NUL, or past it); the reserve has
		 * room for them, with its NUL */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		memcpy(o, &u, 4);
#else
		o[0] = (char)u;
		o[1] = (char)(u >> 8);
		o[2] = (char)(u >> 16);
#endif
		o += u >> 24;
	}
	out->len = (size_t)(o - out->p);
	out->p[out->len] = '\0';
	return true;
not_one:
	out->p[out->len] = '\0';
	return false;
}

/* The first "ESC ( B" in s[0..n), or NULL: as memmem() finds it, from
 * the ESCs memchr() finds (JIS X 0208 pairs have none; glibc's memmem()
 * cost ~300 instructions a piece for a three-byte needle). */
static const char *charset_jis_back(const char *s, size_t n)
{
	const char *end = s + n;

	while ((s = memchr(s, 0x1B, (size_t)(end - s))) != NULL) {
		if (end - s >= 3 && s[1] == '(' && s[2] == 'B')
			return s;
		s++;
	}
	return NULL;
}

/* Flush a stateful encoding's shift state into out (and cd is in its
 * initial state again). */
static void charset_flush(iconv_t cd, struct mime_buf *out)
{
	char tmp[64];
	char *op = tmp;
	size_t ol = sizeof(tmp);

	iconv(cd, NULL, NULL, &op, &ol);
	mime_buf_add(out, tmp, (size_t)(op - tmp));
}

/* ISO-2022-JP text is mostly ASCII, which glibc converts at ~90
 * instructions a byte: only the parts that are not (from an escape
 * sequence to the "ESC ( B" that goes back to ASCII, or a run of 8-bit
 * bytes) go through iconv, in order and with its state kept between them;
 * the ASCII runs are copied. Same bytes out (test-parse-rfc2047.c compares
 * it with iconv over the whole text). */
static bool charset_jis(iconv_t cd, bool keep_utf8, const char *in, size_t n,
			struct mime_buf *out)
{
	size_t pos = 0;
	bool bad = false, used = false;

	while (pos < n && !out->nomem) {
		size_t end = charset_jis_step(in, n, &pos, out);

		if (pos >= n)
			break;
		if (end) {
			/* rejected byte by byte, each time back to the initial
			 * state: without iconv, and a descriptor in use reset
			 * as its rejections would leave it */
			bad |= charset_jis_eight_bit(in + pos, end - pos, keep_utf8, out);
			if (used)
				iconv(cd, NULL, NULL, NULL, NULL);
			pos = end;
			continue;
		} else {
			const char *ascii = charset_jis_back(in + pos, n - pos);

			end = ascii ? (size_t)(ascii - in) + 3 : n;
			/* a piece of JIS X 0208 cells only: natively, iconv
			 * cost ~1% of a bouncer parse run of generated bounces */
			if (charset_jis_fast(in + pos, end - pos, out)) {
				pos = end;
				continue;
			}
		}
		/* cd from its initial state, as charset_run() has it for
		 * the other labels: set as it is first used */
		if (!used) {
			iconv(cd, NULL, NULL, NULL, NULL);
			used = true;
		}
		bad |= charset_iconv(cd, true, keep_utf8, in + pos, end - pos, out);
		pos = end;
	}
	if (used)
		charset_flush(cd, out);
	return bad;
}

/* Run cd over in from its initial state, then flush it. jis: cd is
 * ISO-2022-JP-2 (charset_jis(), which does both only when it gives cd
 * some of the text: most JIS texts are ASCII and table cells, and the
 * flush of a descriptor left in its initial state adds nothing). */
static bool charset_run(iconv_t cd, bool seven_bit, bool jis, bool keep_utf8,
			const char *in, size_t n, struct mime_buf *out)
{
	bool bad;

	if (jis)
		return charset_jis(cd, keep_utf8, in, n, out);
	iconv(cd, NULL, NULL, NULL, NULL);
	bad = charset_iconv(cd, seven_bit, keep_utf8, in, n, out);
	charset_flush(cd, out);
	return bad;
}

/* windows-1252 bytes 0x80..0x9F as glibc's CP1252 decodes them (0xFFFD:
 * the five it rejects); below and above them, the byte is the code point.
 * test-parse-rfc2047.c compares all 256 bytes with iconv. */
static const unsigned short charset_cp1252_c1[32] = {
	0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
	0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
};

/* charset_run() of glibc's CP1252 without iconv (the common fallback and
 * the label of mislabelled ISO-8859-1): a table. Returns true when some
 * bytes were invalid (U+FFFD each, as charset_iconv() writes them). */
static bool charset_cp1252(const char *in, size_t n, struct mime_buf *out)
{
	bool bad = false;
	char *o;

	if (n > SIZE_MAX / 3 || !mime_buf_reserve(out, 3 * n)) /* at most 3 bytes a byte */
		return false;
	o = out->p + out->len;
	for (size_t i = 0; i < n; i++) {
		unsigned c = (unsigned char)in[i];

		if (c < 0x80) {
			*o++ = (char)c;
			continue;
		}
		if (c < 0xA0) {
			c = charset_cp1252_c1[c - 0x80];
			bad |= c == 0xFFFD;
		}
		if (c < 0x800) {
			*o++ = (char)(0xC0 | (c >> 6));
			*o++ = (char)(0x80 | (c & 0x3F));
		} else {
			*o++ = (char)(0xE0 | (c >> 12));
			*o++ = (char)(0x80 | ((c >> 6) & 0x3F));
			*o++ = (char)(0x80 | (c & 0x3F));
		}
	}
	out->len = (size_t)(o - out->p);
	out->p[out->len] = '\0';
	return bad;
}

/* Does label open glibc's CP1252 in charset_open() (after the alias table)? */
static bool charset_is_cp1252(const char *label)
{
	char name[64];
	const char *iname;

	if (!label || str_copy(name, sizeof(name), label))
		return false;
	str_lower(name);
	iname = charset_iconv_name(name);
	return iname && (strcasecmp(iname, "windows-1252") == 0 || strcasecmp(iname, "cp1252") == 0);
}

/* charset_is_cp1252(label), and when not, *cd = charset_open(cc, label):
 * from cc's memo when label is the one asked for last. */
static bool charset_label_open(struct charset_cache *cc, const char *label, iconv_t *cd)
{
	bool cp1252;

	if (label[0] && strcmp(cc->memo, label) == 0) {
		*cd = cc->memo_cd;
		return cc->memo_cp1252;
	}
	cp1252 = charset_is_cp1252(label);
	*cd = cp1252 ? (iconv_t)-1 : charset_open(cc, label);
	if (str_copy(cc->memo, sizeof(cc->memo), label)) { /* too long to be kept: not cached */
		cc->memo[0] = '\0';
		return cp1252;
	}
	cc->memo_cp1252 = cp1252;
	cc->memo_cd = *cd;
	return cp1252;
}

/* Labels of encodings that never use bytes above 0x7F. */
static bool charset_is_seven_bit(const char *label)
{
	return label && (strncasecmp(label, "iso-2022-", 9) == 0 || strcasecmp(label, "utf-7") == 0 ||
			 strcasecmp(label, "unicode-1-1-utf-7") == 0);
}

/* Does the label open glibc's UTF-7 (charset_is_seven_bit() without the
 * ISO-2022 ones)? */
static bool charset_is_utf7(const char *label)
{
	return strcasecmp(label, "utf-7") == 0 || strcasecmp(label, "unicode-1-1-utf-7") == 0;
}

/* Is s[0..n) all characters that glibc's UTF-7 gives back as they are from
 * its initial state: tab, LF, CR and ' '..'}' but '+' and '\\' (its
 * isxdirect(); test-parse-rfc2047.c asks iconv about all 256 bytes)? Such
 * text converts to itself, without iconv (~90 instructions a byte: the DSN
 * text of Outlook, labelled unicode-1-1-utf-7, is all ASCII). */
static bool charset_utf7_direct(const char *s, size_t n)
{
	size_t i = 0;

#ifdef __SSE2__
	for (; i + 16 <= n; i += 16) {
		__m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		/* signed: the 8-bit bytes are below ' ' */
		__m128i in = _mm_and_si128(_mm_cmpgt_epi8(b, _mm_set1_epi8(0x1F)), _mm_cmplt_epi8(b, _mm_set1_epi8(0x7E)));
		__m128i out = _mm_or_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8('+')), _mm_cmpeq_epi8(b, _mm_set1_epi8('\\')));
		__m128i ws = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8('\t')),
							_mm_cmpeq_epi8(b, _mm_set1_epi8('\n'))),
					  _mm_cmpeq_epi8(b, _mm_set1_epi8('\r')));

		if (_mm_movemask_epi8(_mm_or_si128(_mm_andnot_si128(out, in), ws)) != 0xFFFF)
			return false;
	}
#endif
	for (; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!(c == '\t' || c == '\n' || c == '\r' || (c >= ' ' && c <= '}' && c != '+' && c != '\\')))
			return false;
	}
	return true;
}

/* c | 0x20 is the letter l (lower-case) for l and its capital only. */
#define CHARSET_CI(c, l) (((c) | 0x20) == (l))

/* Labels that say UTF-8 (or nothing, or its ASCII subset): "utf-8" or
 * "us-ascii" in any case, as strcasecmp() would find them, spelt out
 * (a text part asks once, and two calls cost ~90 instructions). Every
 * test stops at a mismatch, so nothing past the label's NUL is read. */
static bool charset_label_utf8(const char *c)
{
	if (!c || !c[0])
		return true;
	if (!CHARSET_CI(c[0], 'u'))
		return false;
	if (CHARSET_CI(c[1], 't'))
		return CHARSET_CI(c[2], 'f') && c[3] == '-' && c[4] == '8' && c[5] == '\0';
	return CHARSET_CI(c[1], 's') && c[2] == '-' && CHARSET_CI(c[3], 'a') && CHARSET_CI(c[4], 's') &&
	       CHARSET_CI(c[5], 'c') && CHARSET_CI(c[6], 'i') && CHARSET_CI(c[7], 'i') && c[8] == '\0';
}

bool charset_copies_ascii_bytes(const char *charset)
{
	return charset_label_utf8(charset);
}

bool charset_copies(const char *charset, const char *in, size_t n)
{
	/* ISO-2022-JP and UTF-7 are 7-bit, so the ASCII shortcut only applies
	 * when there is no escape or '+' that might start a sequence. */
	if (charset_ascii(in, n, simd_avx2()) && !charset_label_utf7(charset))
		return true;
	return charset_label_utf8(charset) && charset_is_utf8(in, n);
}

bool charset_to_utf8(struct charset_cache *cc, const char *charset, const char *in, size_t n,
		     struct mime_buf *out)
{
	if (charset_copies(charset, in, n)) {
		mime_buf_add(out, in, n);
		return false;
	}
	return charset_convert(cc, charset, in, n, out);
}

/* ISO-2022-JP that is ASCII runs, pieces charset_jis_fast() takes and
 * runs of 8-bit bytes, all of it, onto out (as charset_jis() would give
 * it, without a call of iconv): 1, or 2 when some bytes became U+FFFD;
 * 0, out as it was, for any other text. */
static int charset_jis_no_iconv(const char *in, size_t n, struct mime_buf *out)
{
	size_t pos = 0, len0 = out->len, end;
	bool bad = false;
	int keep_utf8 = -1; /* charset_is_utf8() of the whole text, when asked */
	const char *ascii;

	while (pos < n && !out->nomem) {
		end = charset_jis_step(in, n, &pos, out);
		if (pos >= n)
			break;
		if (end) {
			if (keep_utf8 < 0)
				keep_utf8 = charset_is_utf8(in, n);
			bad |= charset_jis_eight_bit(in + pos, end - pos, keep_utf8, out);
		} else if ((ascii = charset_jis_back(in + pos, n - pos)) != NULL &&
			   charset_jis_fast(in + pos, (end = (size_t)(ascii - in) + 3) - pos, out)) {
			;
		} else {
			if (out->p && !out->nomem) {
				out->len = len0;
				out->p[len0] = '\0';
			}
			return out->nomem ? 1 : 0;
		}
		pos = end;
	}
	return bad ? 2 : 1;
}

/* The texts of a 7-bit label that convert without a descriptor, added to
 * out as iconv would give them: UTF-7 that is direct characters only
 * (Outlook's DSN text, all ASCII) and ISO-2022-JP of ASCII, table cells
 * and 8-bit bytes (nearly all). Asked before the label's descriptor is
 * opened: none was opened over the 413 samples (glibc's module and its
 * cache cost ~110,000 instructions a run to open). 1, or 2 when some
 * bytes became U+FFFD; 0, out as it was, for any other label or text. */
static int charset_no_iconv(const char *label, const char *in, size_t n, struct mime_buf *out)
{
	if (!charset_is_seven_bit(label))
		return 0;
	if (charset_is_utf7(label)) {
		if (!charset_utf7_direct(in, n))
			return 0;
		mime_buf_add(out, in, n); /* what its descriptor would make of it */
		return 1;
	}
	if (strcasecmp(label, "iso-2022-jp") != 0 && strcasecmp(label, "iso-2022-jp-2") != 0)
		return 0;
	return charset_jis_no_iconv(in, n, out);
}

bool charset_convert(struct charset_cache *cc, const char *charset, const char *in, size_t n,
		     struct mime_buf *out)
{
	iconv_t cd;
	bool unknown = false, seven_bit, jis;
	int done;

	if (charset_label_utf8(charset)) /* but not valid UTF-8 */
		charset = NULL;
	if (charset && (done = charset_no_iconv(charset, in, n, out)) != 0)
		return done == 2;
	cd = (iconv_t)-1;
	if (charset && charset_label_open(cc, charset, &cd))
		return charset_cp1252(in, n, out);
	if (cd == (iconv_t)-1) {
		unknown = charset != NULL;
		if (charset_is_cp1252(cc->fallback))
			return charset_cp1252(in, n, out) || unknown;
		cd = charset_open(cc, cc->fallback);
	}
	if (cd == (iconv_t)-1) { /* even the fallback is unknown: keep ASCII only */
		for (size_t i = 0; i < n; i++)
			if ((unsigned char)in[i] < 0x80)
				mime_buf_addc(out, in[i]);
			else
				mime_buf_add(out, "\xEF\xBF\xBD", 3);
		return true;
	}
	/* whole-text check: Shift_JIS mislabelled ISO-2022-JP has byte pairs
	 * that look like UTF-8 by chance, and keeps its U+FFFDs */
	seven_bit = !unknown && charset_is_seven_bit(charset);
	jis = seven_bit && (strcasecmp(charset, "iso-2022-jp") == 0 || strcasecmp(charset, "iso-2022-jp-2") == 0);
	return charset_run(cd, seven_bit, jis, seven_bit && charset_is_utf8(in, n), in, n, out) || unknown;
}
