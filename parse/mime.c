/* mime.c: the MIME walk. Collects the parts a decoder needs into the view:
 * text (plain, else html), delivery-status, feedback-report, and the
 * headers of the returned message. Everything else is skipped.
 *
 * Caps: depth PARSE_MAX_MIME_DEPTH, PARSE_MAX_PARTS parts. A multipart
 * without a usable boundary, or whose boundary never occurs, is read as
 * one text part (QUIRKS.md).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <strings.h>

#include "parse/bounce.h"
#include "parse/mime.h"
#include "parse/text.h"
#include "util/simd.h"

enum mime_kind {
	MK_TEXT,
	MK_HTML,
	MK_MULTIPART,
	MK_DIGEST,    /* multipart/digest: parts without a type are messages */
	MK_MESSAGE,   /* returned message, complete */
	MK_HEADERS,   /* returned message, headers only */
	MK_DSN,
	MK_FEEDBACK,
	MK_IGNORE
};

/* Media types by exact name, each in the bucket of its hash
 * (mime_kind_bucket(); the multiplier was searched for a bucket each), so
 * a type is one compare of 32 bytes instead of a walk down the list whose
 * exit depends on the type (a mispredict and the list's code a part).
 * Then "multipart/" as a prefix; any other type is ignored. Empty rows
 * match no type that gets there (the empty type is text). */
#define MIME_KIND_NAME 32 /* the longest name and its NUL fit */
#define MIME_KIND_MUL 0xd2f8b955u
static const struct {
	_Alignas(16) char name[MIME_KIND_NAME];
	enum mime_kind kind;
} mime_kinds[16] = {
	[3] = {"text/plain", MK_TEXT},
	[11] = {"text/html", MK_HTML},
	[9] = {"text/rfc822-headers", MK_HEADERS},
	[10] = {"text/rfc822-header", MK_HEADERS},
	[4] = {"message/global-headers", MK_HEADERS},
	[5] = {"message/rfc822-headers", MK_HEADERS},
	[8] = {"message/rfc822", MK_MESSAGE},
	[7] = {"message/global", MK_MESSAGE},
	[13] = {"message/partial", MK_MESSAGE},
	[12] = {"message/delivery-status", MK_DSN},
	[0] = {"message/global-delivery-status", MK_DSN},
	[15] = {"text/delivery-status", MK_DSN},
	[6] = {"message/feedback-report", MK_FEEDBACK},
	[2] = {"multipart/digest", MK_DIGEST},
	[1] = {"", MK_IGNORE}, [14] = {"", MK_IGNORE},
};

/* The bucket of a type of tl bytes: from tl and its ninth byte (every
 * name has one; for a shorter type it is a byte after the NUL, whatever
 * it is: no name is that short). test-parse-mime checks every name. */
static inline unsigned mime_kind_bucket(const char type[MIME_KIND_NAME], size_t tl)
{
	return (((unsigned char)type[8] | (unsigned)tl << 8) * MIME_KIND_MUL & 0xFFFFFFFFu) >> 28;
}

static const _Alignas(16) char mime_multipart_prefix[16] = "multipart/";

/* The kind of ct->type (lower-case; its first 32 bytes are read, zero
 * after its NUL: header_parse_ctype()). */
static enum mime_kind mime_kind_of(const struct header_ctype *ct)
{
	const char *type = ct->type;
	size_t tl;
	unsigned b;
	bool exact, multi;

#ifdef __SSE2__
	const __m128i z = _mm_setzero_si128();
	__m128i t0 = _mm_loadu_si128((const __m128i *)(const void *)type);
	__m128i t1 = _mm_loadu_si128((const __m128i *)(const void *)(type + 16));
	/* the NUL's place, or 32 when it is further on (no name is as long) */
	uint64_t nul = (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(t0, z)) |
		       (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(t1, z)) << 16 | (uint64_t)1 << 32;
	uint64_t eq, upto;

	tl = (size_t)__builtin_ctzll(nul);
	b = mime_kind_bucket(type, tl);
	{
		const __m128i *row = (const __m128i *)(const void *)mime_kinds[b].name;

		eq = (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(t0, _mm_load_si128(row))) |
		     (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(t1, _mm_load_si128(row + 1))) << 16;
	}
	upto = ((uint64_t)2 << tl) - 1; /* the type's bytes and its NUL */
	exact = (eq & upto) == upto;
	multi = (_mm_movemask_epi8(_mm_cmpeq_epi8(t0, _mm_load_si128((const __m128i *)(const void *)
								       mime_multipart_prefix))) & 0x3FF) == 0x3FF;
#else
	tl = strnlen(type, MIME_KIND_NAME);
	b = mime_kind_bucket(type, tl);
	exact = tl < MIME_KIND_NAME && memcmp(type, mime_kinds[b].name, tl + 1) == 0;
	multi = memcmp(type, mime_multipart_prefix, 10) == 0;
#endif
	if (!tl)
		return MK_TEXT;
	return exact ? mime_kinds[b].kind : multi ? MK_MULTIPART : MK_IGNORE;
}

/* Transfer-decode, convert to UTF-8 and normalise; appended to out. */
static void mime_decode_text(struct mime_walk *w, const char *cte, const char *charset,
			     const char *text, size_t len, struct mime_buf *out)
{
	size_t start = out->len;

	if (transfer_is_identity(cte)) { /* 7bit, 8bit, none: no copy to decode from */
		/* a message without 8-bit bytes, whose copy said so: no scan
		 * of the part for the labels that copy such text */
		bool ascii = w->text_ascii && text >= w->text && text + len <= w->text + w->text_len &&
			     charset_copies_ascii(charset);

		if (len && (ascii || charset_copies(charset, text, len))) {
			/* the bytes as they are, which are normalised already:
			 * the first part of a collector is not even copied */
			if (out->len == 0 && !out->p && !out->ref)
				mime_buf_refer(out, text, len);
			else
				mime_buf_add(out, text, len);
			return;
		}
		if (len)
			charset_convert(w->cc, charset, text, len, out);
	} else {
		/* (here, not above: GCC zeroes it with a rep stos, some thirty
		 * cycles natively, for every part) */
		struct mime_buf raw = {0};
		/* the text given is normalised (the branch above keeps it as
		 * it is): so is quoted-printable decoded without "=0D" or "=00" */
		bool raw_normal = !transfer_decode(cte, text, len, &raw);

		if (raw.nomem) {
			w->nomem = true;
			mime_buf_free(&raw);
			return;
		}
		if (raw.len && charset_copies(charset, raw.p, raw.len)) {
			if (out->len == 0 && !out->p && !out->ref) {
				*out = raw; /* the decoded bytes are the text: no copy */
				raw = (struct mime_buf){0};
			} else {
				mime_buf_add(out, raw.p, raw.len);
			}
			if (raw_normal) { /* no scan of it for CRs and NULs */
				mime_buf_free(&raw);
				return;
			}
		} else if (raw.len) {
			charset_convert(w->cc, charset, raw.p, raw.len, out);
		}
		mime_buf_free(&raw);
	}
	if (out->p && !out->nomem) {
		size_t n = out->len - start;

		mime_text_normalise(out->p + start, &n);
		out->len = start + n;
		out->p[out->len] = '\0';
	}
}

static void mime_collect(struct mime_walk *w, struct mime_buf *dst, const char *cte,
			 const char *charset, const char *text, size_t len)
{
	if (dst->len && mime_buf_data(dst)[dst->len - 1] != '\n')
		mime_buf_addc(dst, '\n');
	if (dst->len)
		mime_buf_addc(dst, '\n');
	mime_decode_text(w, cte, charset, text, len, dst);
}

/* Put a text/html part aside (mime_collect_html() decodes it if needed). */
static void mime_defer_html(struct mime_walk *w, const char *cte, const char *charset,
			    const char *text, size_t len)
{
	struct mime_html_part *hp;
	size_t cl = strnlen(charset, sizeof(hp->charset) - 1);

	if (w->n_html == w->cap_html) {
		size_t cap = w->cap_html ? w->cap_html * 2 : 4;
		struct mime_html_part *n = realloc(w->html_parts, cap * sizeof(*n));

		if (!n) {
			w->nomem = true;
			return;
		}
		w->html_parts = n;
		w->cap_html = cap;
	}
	hp = &w->html_parts[w->n_html++];
	hp->cte = cte;
	memset(hp->charset, 0, 16); /* read as words: see header_parse_ctype() */
	memcpy(hp->charset, charset, cl);
	hp->charset[cl] = '\0';
	hp->text = text;
	hp->len = len;
}

void mime_collect_html(struct mime_walk *w)
{
	for (size_t i = 0; i < w->n_html && !w->nomem; i++) {
		const struct mime_html_part *hp = &w->html_parts[i];

		mime_collect(w, &w->html, hp->cte, hp->charset, hp->text, hp->len);
	}
}

/* The returned message: keep its headers and text (first one only). */
static void mime_orig(struct mime_walk *w, const struct header_list *hl, const char *text, size_t len)
{
	const char *cte = hdr_get(hl, "content-transfer-encoding");
	struct mime_buf dec = {0};
	struct mail_view *v = w->v;
	size_t body, n;
	const char *p;

	if (v->has_orig)
		return;
	if (transfer_is_identity(cte)) {
		/* the part as it is in the message text, which is normalised
		 * already: no copy; view.c ends it with a NUL there after the
		 * walk (w->orig_end), as the parts collectors refer to */
		if (text >= w->text && text + len <= w->text + w->text_len) {
			p = text;
			w->orig_end = w->text + (text - w->text) + len;
		} else if (!(p = mime_arena_strndup(w->arena, text, len))) {
			w->nomem = true;
			return;
		}
		n = len;
	} else {
		char *d;

		transfer_decode(cte, text, len, &dec);
		d = mime_buf_take(&dec, &n);
		if (!d || !mime_arena_keep(w->arena, d)) {
			w->nomem = true;
			return;
		}
		mime_text_normalise(d, &n);
		p = d;
	}
	/* a blank line before the headers happens (Exchange) */
	while (n && *p == '\n') {
		p++;
		n--;
	}
	if (header_parse_v(w->arena, w->cc, p, n, true, &v->orig, &body, &w->truncated, w->avx2) < 0) {
		w->nomem = true;
		return;
	}
	v->has_orig = true;
	v->orig_text = p;
	v->orig_len = n;
}

/* Are the bl bytes at p those at b? As memcmp() says, without its call
 * (the library's dispatch and length branches, a delimiter line each):
 * 16-byte blocks or two words, the last one ending at bl (read in part
 * again), their differences ORed for one test; memcmp() for the rest
 * (short ones, and long ones without SSE2). The branches are on bl, the
 * same for every line of a multipart. */
static inline bool mime_same(const char *p, const char *b, size_t bl)
{
#ifdef __SSE2__
	if (bl >= 16) {
		__m128i d = _mm_setzero_si128();
		size_t k;

		for (k = 0; k + 16 < bl; k += 16)
			d = _mm_or_si128(d, _mm_xor_si128(_mm_loadu_si128((const __m128i *)(const void *)(p + k)),
							  _mm_loadu_si128((const __m128i *)(const void *)(b + k))));
		k = bl - 16;
		d = _mm_or_si128(d, _mm_xor_si128(_mm_loadu_si128((const __m128i *)(const void *)(p + k)),
						  _mm_loadu_si128((const __m128i *)(const void *)(b + k))));
		return _mm_movemask_epi8(_mm_cmpeq_epi8(d, _mm_setzero_si128())) == 0xFFFF;
	}
#endif
	if (bl >= 8 && bl <= 16) {
		uint64_t x0, y0, x1, y1;

		memcpy(&x0, p, 8);
		memcpy(&y0, b, 8);
		memcpy(&x1, p + bl - 8, 8);
		memcpy(&y1, b + bl - 8, 8);
		return ((x0 ^ y0) | (x1 ^ y1)) == 0;
	}
	return memcmp(p, b, bl) == 0;
}

/* Is the line at text + pos (it starts with "--") a delimiter line for
 * boundary b (bl bytes, no LF in it)? 1 = part, 2 = close, 0 = not; for
 * 1 and 2, *end_r is where the line ends (its LF, or len). Only a line
 * that is one is read to its end: the others are passed over by the next
 * search for "--" (no memchr() a line). */
static int mime_delim(const char *text, size_t pos, size_t len, const char *b, size_t bl, size_t *end_r)
{
	const char *nl;
	size_t i = pos + 2;

	if (len - i < bl || !mime_same(text + i, b, bl))
		return 0;
	i += bl;
	if (len - i >= 2 && text[i] == '-' && text[i + 1] == '-') {
		nl = memchr(text + i + 2, '\n', len - i - 2);
		*end_r = nl ? (size_t)(nl - text) : len;
		return 2;
	}
	while (i < len && (text[i] == ' ' || text[i] == '\t'))
		i++;
	if (i < len && text[i] != '\n')
		return 0;
	*end_r = i;
	return 1;
}

static void mime_part(struct mime_walk *w, const char *p, size_t n, int depth, bool digest)
{
	struct header_list phl;
	struct mail_header slots[8]; /* phl's: read only in this call */
	size_t body = 0;

	bool fields;

	if (header_parse_in(w->arena, w->cc, p, n, &phl, &body, &w->truncated, w->avx2, slots, 8) < 0) {
		w->nomem = true;
		return;
	}
	/* no blank line after the part headers: the DSN fields were read as
	 * headers; give the decoder the whole part (QUIRKS.md). Else nothing
	 * reads the part's headers after this: their values can end in place. */
	fields = hdr_next(&phl, "final-recipient", 0) || hdr_next(&phl, "reporting-mta", 0);
	if (!fields && p >= w->text && p + n <= w->text + w->text_len)
		phl.own = w->text + (p - w->text);
	if (digest && !hdr_get(&phl, "content-type")) {
		mime_orig(w, &phl, p + body, n - body);
		return;
	}
	if (fields)
		body = 0;
	mime_walk_entity(w, &phl, NULL, p + body, n - body, depth + 1);
}

#ifdef __SSE2__
/* 0xFF at each of the 16 bytes at b that is an LF with a '-' after it. */
static inline __m128i mime_lf_dash(const char *b, __m128i lf, __m128i dash)
{
	return _mm_and_si128(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)b), lf),
			     _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(b + 1)), dash));
}

/* Of the LFs at t + i + k for the bits k of m (each with a '-' after
 * it), the first with "--" after it: the position after that LF; 0 when
 * none has. */
static inline size_t mime_dashes_at(const char *t, size_t len, size_t i, uint64_t m)
{
	for (; m; m &= m - 1) {
		size_t j = i + (size_t)__builtin_ctzll(m);

		if (j + 2 < len && t[j + 1] == '-' && t[j + 2] == '-')
			return j + 1;
	}
	return 0;
}
#endif

#ifdef SIMD_HAVE_AVX2
/* 0xFF at each of the 32 bytes at t that is an LF with "--" after it
 * (34 bytes read): every bit a line that can be a delimiter, so the first
 * one is the answer, without a look at the bytes after each LF that has
 * one '-' after it. */
static inline SIMD_AVX2_FN __m256i mime_lf_dashes32(const char *t)
{
	const __m256i dash = _mm256_set1_epi8('-');

	return _mm256_and_si256(
		_mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(const void *)t), _mm256_set1_epi8('\n')),
		_mm256_and_si256(_mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(const void *)(t + 1)), dash),
				 _mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(const void *)(t + 2)), dash)));
}

/* 0xFF at each of the 32 bytes at t that is an LF with a '-' after it. */
static inline SIMD_AVX2_FN __m256i mime_lf_dash32(const char *t)
{
	return _mm256_and_si256(
		_mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(const void *)t), _mm256_set1_epi8('\n')),
		_mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(const void *)(t + 1)), _mm256_set1_epi8('-')));
}

/* The bits of two 32-byte masks, lo first. */
static inline SIMD_AVX2_FN uint64_t mime_bits64(__m256i lo, __m256i hi)
{
	return (uint64_t)(uint32_t)_mm256_movemask_epi8(lo) | (uint64_t)(uint32_t)_mm256_movemask_epi8(hi) << 32;
}

/* mime_find_dashes() with AVX2, whole: four 32-byte blocks a step while
 * 130 bytes are left (a part's body is mostly lines that start with no
 * "--"), then two, then one; the last bytes as the 32-byte block of LFs
 * that ends two before the text's end (no "--" can follow a later one),
 * its bits before i dropped: no byte loop for the tail, which the search
 * after each multipart's last part reaches. */
static SIMD_AVX2_FN size_t mime_dashes_avx2(const char *t, size_t i, size_t len)
{
	size_t s;
	uint64_t m, z;

	for (; i + 130 <= len; i += 128) {
		__m256i h0, h1, h2, h3, h;

		/* screened for an LF with one '-' after it (a line that starts
		 * with a single '-' is rare): a compare fewer a block */
		h = _mm256_or_si256(_mm256_or_si256(mime_lf_dash32(t + i), mime_lf_dash32(t + i + 32)),
				    _mm256_or_si256(mime_lf_dash32(t + i + 64), mime_lf_dash32(t + i + 96)));
		if (_mm256_testz_si256(h, h))
			continue;
		h0 = mime_lf_dashes32(t + i);
		h1 = mime_lf_dashes32(t + i + 32);
		h2 = mime_lf_dashes32(t + i + 64);
		h3 = mime_lf_dashes32(t + i + 96);
		h = _mm256_or_si256(_mm256_or_si256(h0, h1), _mm256_or_si256(h2, h3));
		if (_mm256_testz_si256(h, h))
			continue;
		/* the first half's bits, else the second's (which has one):
		 * chosen by a mask, not a branch (either half as likely) */
		m = mime_bits64(h0, h1);
		z = (uint64_t)0 - (m == 0);
		return i + (size_t)(z & 64) + (size_t)__builtin_ctzll((m & ~z) | (mime_bits64(h2, h3) & z)) + 1;
	}
	for (; i + 66 <= len; i += 64)
		if ((m = mime_bits64(mime_lf_dashes32(t + i), mime_lf_dashes32(t + i + 32))) != 0)
			return i + (size_t)__builtin_ctzll(m) + 1;
	if (len < 34) {
		for (; i + 2 < len; i++)
			if (t[i] == '\n' && t[i + 1] == '-' && t[i + 2] == '-')
				return i + 1;
		return len;
	}
	if (i + 34 <= len) {
		if ((m = (uint32_t)_mm256_movemask_epi8(mime_lf_dashes32(t + i))) != 0)
			return i + (size_t)__builtin_ctzll(m) + 1;
		i += 32;
	}
	if (i + 2 >= len)
		return len;
	/* s < i <= len - 3: the bits of the bytes before i go */
	s = len - 34;
	m = (uint32_t)_mm256_movemask_epi8(mime_lf_dashes32(t + s)) & (~(uint32_t)0 << (i - s));
	return m ? s + (size_t)__builtin_ctzll(m) + 1 : len;
}
#endif

/* The first line start after an LF at or after pos with "--" at it, or
 * len: mime_next_dashes() past the line at pos. */
static size_t mime_find_dashes(const char *t, size_t pos, size_t len, bool avx2)
{
	size_t i = pos;

#ifndef SIMD_HAVE_AVX2
	(void)avx2;
#endif
#ifdef __SSE2__
	const __m128i lf = _mm_set1_epi8('\n'), dash = _mm_set1_epi8('-');
	size_t at;

#ifdef SIMD_HAVE_AVX2
	if (avx2)
		return mime_dashes_avx2(t, i, len);
#endif

	/* 64 bytes a step, the four blocks' matches joined for one test:
	 * most blocks have none; a block with one is looked at whole */
	for (; i + 65 <= len; i += 64) {
		const char *b = t + i;
		__m128i h0 = mime_lf_dash(b, lf, dash), h1 = mime_lf_dash(b + 16, lf, dash);
		__m128i h2 = mime_lf_dash(b + 32, lf, dash), h3 = mime_lf_dash(b + 48, lf, dash);
		uint64_t m;

		if (!_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(h0, h1), _mm_or_si128(h2, h3))))
			continue;
		m = (uint64_t)(unsigned)_mm_movemask_epi8(h0) | (uint64_t)(unsigned)_mm_movemask_epi8(h1) << 16 |
		    (uint64_t)(unsigned)_mm_movemask_epi8(h2) << 32 | (uint64_t)(unsigned)_mm_movemask_epi8(h3) << 48;
		if ((at = mime_dashes_at(t, len, i, m)) != 0)
			return at;
	}
	for (; i + 33 <= len; i += 32) { /* an LF and a '-' after it */
		uint64_t m = (unsigned)_mm_movemask_epi8(mime_lf_dash(t + i, lf, dash)) |
			     (unsigned)_mm_movemask_epi8(mime_lf_dash(t + i + 16, lf, dash)) << 16;

		if ((at = mime_dashes_at(t, len, i, m)) != 0)
			return at;
	}
#endif
	for (; i + 2 < len; i++)
		if (t[i] == '\n' && t[i + 1] == '-' && t[i + 2] == '-')
			return i + 1;
	return len;
}

size_t mime_next_dashes(const char *t, size_t pos, size_t len, bool avx2)
{
	if (pos + 1 < len && t[pos] == '-' && t[pos + 1] == '-')
		return pos;
	return mime_find_dashes(t, pos, len, avx2);
}

/* The length of boundary b (in an array of 72 bytes or more, its first
 * 64 defined: header_parse_ctype() zeroes them) into *bl_r;
 * false when it has an LF. A boundary shorter than 64 bytes (nearly all)
 * is four 16-byte blocks, its NUL and LFs found in them at once: no call
 * of strlen() and memchr() a multipart, no loop to its NUL. */
static bool mime_boundary_len(const char *b, size_t *bl_r)
{
	size_t bl;

#ifdef __SSE2__
	uint64_t nul = 0, lf = 0;

	for (int k = 0; k < 4; k++) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(b + 16 * k));

		nul |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_setzero_si128())) << (16 * k);
		lf |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))) << (16 * k);
	}
	if (nul) {
		bl = (size_t)__builtin_ctzll(nul);
		*bl_r = bl;
		return !(lf & ((nul & -nul) - 1)); /* an LF before the NUL */
	}
#endif
	bl = strlen(b);
	*bl_r = bl;
	return !memchr(b, '\n', bl);
}

/* Split a multipart body; false when the boundary never occurs. */
static bool mime_multipart(struct mime_walk *w, const char *b, const char *text, size_t len,
			   int depth, bool digest)
{
	size_t bl, pos, part = 0, end;
	bool in_part = false, found = false;

	/* (a line ends at its LF: no delimiter line can hold such a boundary) */
	if (!mime_boundary_len(b, &bl))
		return false;
	pos = mime_next_dashes(text, 0, len, w->avx2);
	while (pos < len && !w->nomem) {
		int d = mime_delim(text, pos, len, b, bl, &end);

		if (!d) { /* on from after its "--", to the next line that starts so */
			pos = mime_find_dashes(text, pos + 2, len, w->avx2);
			continue;
		}
		if (w->parts >= PARSE_MAX_PARTS) { /* do not even parse the headers */
			w->truncated = true;
			return true;
		}
		if (in_part) /* the LF before the delimiter belongs to it */
			mime_part(w, text + part, pos > part ? pos - part - 1 : 0, depth, digest);
		found = true;
		/* after a close delimiter, keep looking: files with two
		 * bounces glued together exist (QUIRKS.md) */
		in_part = d != 2;
		part = end < len ? end + 1 : end;
		pos = mime_next_dashes(text, part, len, w->avx2);
	}
	if (in_part) /* no close delimiter: the last part runs to the end */
		mime_part(w, text + part, len - part, depth, digest);
	return found;
}

/* A part labelled text/plain (or not labelled) that starts with the fields
 * of a delivery-status report: some MTAs and relays get the content type of
 * the report part wrong (QUIRKS.md). Only the first non-blank line is read. */
static bool mime_looks_like_dsn(const char *text, size_t len)
{
	static const struct text_lit first_fields[] = {
		TEXT_LIT("Reporting-MTA:"), TEXT_LIT("Final-Recipient:"), TEXT_LIT("Original-Recipient:"),
		TEXT_LIT("Original-Envelope-Id:"), TEXT_LIT("Received-From-MTA:"), TEXT_LIT("Arrival-Date:"),
	};
	size_t i = 0;

	while (i < len && (text[i] == '\n' || text[i] == '\r' || text[i] == ' ' || text[i] == '\t'))
		i++;
	if (i == len)
		return false;
	for (size_t k = 0; k < sizeof(first_fields) / sizeof(first_fields[0]); k++) {
		size_t fl = first_fields[k].n;

		/* the first letter rules out most text without a call */
		if ((text[i] | 0x20) == (first_fields[k].s[0] | 0x20) && len - i >= fl &&
		    strncasecmp(text + i, first_fields[k].s, fl) == 0)
			return true;
	}
	return false;
}

/* "Name:" at p: a header field name (RFC 5322 section 3.6.8, letters,
 * digits and '-' here) and its colon. */
static bool mime_is_field(const char *p, const char *end)
{
	const char *q = p;

	while (q < end && q - p < 64 &&
	       ((*q >= 'A' && *q <= 'Z') || (*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9') ||
		*q == '-'))
		q++;
	return q > p && q < end && *q == ':';
}

/* After the delimiter line l[0..n) ending at nl: a part header follows at
 * once, or a blank line and the same delimiter occurs again further down. */
static bool mime_delim_confirmed(const char *l, size_t n, const char *nl, const char *end)
{
	const char *p = nl + 1;

	if (mime_is_field(p, end))
		return true;
	if (p >= end || *p != '\n')
		return false;
	for (p++; p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
		if ((size_t)(end - p - 1) >= n && memcmp(p + 1, l, n) == 0 &&
		    (p + 1 + n == end || p[1 + n] == '\n' || p[1 + n] == '-'))
			return true;
	return false;
}

/* A message with MIME parts but no Content-Type header (a relay dropped it):
 * a delimiter line "--X" among the first lines, confirmed as above, gives the
 * boundary X (QUIRKS.md). Writes it to out (>= 72 bytes). */
static bool mime_guess_boundary(const char *text, size_t len, char *out, size_t outsz)
{
	size_t pos = 0;

	for (int line = 0; line < 8 && pos < len && pos < 1024; line++) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len, n = end - pos, bl = n - 2;
		const char *l = text + pos;

		if (!nl)
			return false;
		if (n >= 3 && n <= 72 && l[0] == '-' && l[1] == '-' && bl < outsz &&
		    !memchr(l, ' ', n) && !memchr(l, '\t', n) &&
		    mime_delim_confirmed(l, n, nl, text + len)) {
			memcpy(out, l + 2, bl);
			out[bl] = '\0';
			return true;
		}
		pos = end + 1;
	}
	return false;
}

void mime_walk_entity(struct mime_walk *w, const struct header_list *hl,
		      const struct header_ctype *ct, const char *text, size_t len, int depth)
{
	struct header_ctype own;
	enum mime_kind k;

	if (++w->parts > PARSE_MAX_PARTS || depth > PARSE_MAX_MIME_DEPTH) {
		w->truncated = true;
		return;
	}
	if (!ct) {
		header_parse_ctype(hdr_get(hl, "content-type"), &own);
		ct = &own;
	}
	k = mime_kind_of(ct);
	if (depth == 0 && !w->head_ctype) {
		char guessed[72] = {0}; /* mime_boundary_len() reads 64 */

		if (mime_guess_boundary(text, len, guessed, sizeof(guessed)) &&
		    mime_multipart(w, guessed, text, len, depth, false))
			return;
	}
	if (k == MK_MULTIPART || k == MK_DIGEST) {
		if (ct->has_boundary && mime_multipart(w, ct->boundary, text, len, depth, k == MK_DIGEST))
			return;
		k = MK_TEXT; /* no usable boundary: read it as text */
	}
	if (k == MK_TEXT && depth > 0 && mime_looks_like_dsn(text, len)) {
		mime_collect(w, &w->dsn_guess, hdr_get(hl, "content-transfer-encoding"), ct->charset,
			     text, len);
		return;
	}
	switch (k) {
	case MK_TEXT:
		mime_collect(w, &w->body, hdr_get(hl, "content-transfer-encoding"), ct->charset, text, len);
		break;
	case MK_HTML:
		mime_defer_html(w, hdr_get(hl, "content-transfer-encoding"), ct->charset, text, len);
		break;
	case MK_DSN:
		mime_collect(w, &w->dsn, hdr_get(hl, "content-transfer-encoding"), ct->charset, text, len);
		break;
	case MK_FEEDBACK:
		mime_collect(w, &w->feedback, hdr_get(hl, "content-transfer-encoding"), ct->charset, text,
			     len);
		break;
	case MK_MESSAGE:
	case MK_HEADERS:
		mime_orig(w, hl, text, len);
		break;
	case MK_MULTIPART:
	case MK_DIGEST:
	case MK_IGNORE:
		break;
	}
}
