/* header-param.c: Content-Type values and their parameters (RFC 2045,
 * RFC 2231 continuations and extended values).
 *
 * Tolerant: quoted strings may be unterminated, backslash escapes are
 * honoured (boundary="\"" is a one-character boundary), and anything that
 * does not parse is skipped.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "parse/mime.h"
#include "util/asan.h"
#include "util/str.h"

#define PARAM_VALUE_MAX 1024
#define PARAM_MAX_SEGMENTS 32

/* Read one "name=value" at *pp; returns false at the end of the value. */
static bool param_next(const char **pp, char *name, size_t namesz, char *val, size_t valsz)
{
	const char *p = *pp;
	size_t ni = 0, vi = 0;

	while (*p && *p != ';')
		p++;
	if (!*p)
		return false;
	p++;
	while (*p == ' ' || *p == '\t')
		p++;
	while (*p && *p != '=' && *p != ';') {
		if (ni + 1 < namesz && *p != ' ' && *p != '\t')
			name[ni++] = str_lower_c(*p);
		p++;
	}
	name[ni] = '\0';
	if (*p == '=') {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '"') {
			p++;
			while (*p && *p != '"') {
				if (*p == '\\' && p[1])
					p++;
				if (vi + 1 < valsz)
					val[vi++] = *p;
				p++;
			}
			if (*p == '"')
				p++;
		} else {
			while (*p && *p != ';' && *p != ' ' && *p != '\t') {
				if (vi + 1 < valsz)
					val[vi++] = *p;
				p++;
			}
		}
	}
	val[vi] = '\0';
	*pp = p;
	return true;
}

static int hexv(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)(c | 0x20);
	return (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
}

/* RFC 2231 extended value: drop "charset'lang'", decode %XX. */
static void param_ext_decode(char *s, bool has_prefix)
{
	char *r = s, *w = s;

	if (has_prefix) {
		char *q1 = strchr(s, '\''), *q2 = q1 ? strchr(q1 + 1, '\'') : NULL;

		if (q2)
			r = q2 + 1;
	}
	while (*r) {
		if (*r == '%' && hexv(r[1]) >= 0 && hexv(r[2]) >= 0) {
			*w++ = (char)(hexv(r[1]) * 16 + hexv(r[2]));
			r += 3;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
}

bool header_param(const char *value, const char *name, char *out, size_t outsz)
{
	char pn[80], pv[PARAM_VALUE_MAX];
	char seg[PARAM_MAX_SEGMENTS][PARAM_VALUE_MAX / 4];
	bool have_seg[PARAM_MAX_SEGMENTS] = {false};
	bool any_seg = false;
	size_t nlen = strlen(name);
	const char *p = value;

	while (param_next(&p, pn, sizeof(pn), pv, sizeof(pv))) {
		if (strcmp(pn, name) == 0) {
			str_copy(out, outsz, pv);
			return true;
		}
		if (strncmp(pn, name, nlen) != 0 || pn[nlen] != '*')
			continue;
		if (pn[nlen + 1] == '\0') { /* name*=charset'lang'value */
			param_ext_decode(pv, true);
			str_copy(out, outsz, pv);
			return true;
		}
		{
			char *endp;
			long idx = strtol(pn + nlen + 1, &endp, 10);
			bool ext = *endp == '*';

			if (endp == pn + nlen + 1 || idx < 0 || idx >= PARAM_MAX_SEGMENTS)
				continue;
			param_ext_decode(pv, ext && idx == 0);
			str_copy(seg[idx], sizeof(seg[idx]), pv);
			have_seg[idx] = true;
			any_seg = true;
		}
	}
	if (!any_seg)
		return false;
	out[0] = '\0';
	for (int i = 0; i < PARAM_MAX_SEGMENTS && have_seg[i]; i++) {
		size_t l = strlen(out);

		str_copy(out + l, outsz - l, seg[i]);
	}
	return true;
}

#if defined(__SSE2__) && !UTIL_ASAN
/* A bit for each of the sixteen bytes at b (aligned) that is a NUL, ';',
 * ' ' or tab. */
static inline unsigned ctype_stops16(const char *b)
{
	__m128i v = _mm_load_si128((const __m128i *)(const void *)b);
	__m128i m0 = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_setzero_si128()), _mm_cmpeq_epi8(v, _mm_set1_epi8(';')));
	__m128i m = _mm_or_si128(m0, _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')),
						  _mm_cmpeq_epi8(v, _mm_set1_epi8('\t'))));

	return (unsigned)_mm_movemask_epi8(m);
}

/* The same for a parameter name: a NUL, '=', ';', ' ', tab or '*' (the
 * bytes of ctype_name_end[] below). */
static inline unsigned ctype_name_stops16(const char *b)
{
	__m128i v = _mm_load_si128((const __m128i *)(const void *)b);
	__m128i m0 = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_setzero_si128()), _mm_cmpeq_epi8(v, _mm_set1_epi8(';')));
	__m128i m1 = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\t')));
	__m128i m2 = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('=')), _mm_cmpeq_epi8(v, _mm_set1_epi8('*')));

	return (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(m0, m1), m2));
}

/* And for a quoted value: a NUL, '"' or '\\'. */
static inline unsigned ctype_quote_stops16(const char *b)
{
	__m128i v = _mm_load_si128((const __m128i *)(const void *)b);
	__m128i m0 = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_setzero_si128()), _mm_cmpeq_epi8(v, _mm_set1_epi8('"')));

	return (unsigned)_mm_movemask_epi8(_mm_or_si128(m0, _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
}

/* The first byte of s that stops(): with SSE2, sixteen bytes a step from
 * the aligned block that holds s, whose bytes before s are dropped from
 * the mask. An aligned load never crosses into the next page, so reading
 * past the NUL (which every stops() has) is safe; not so for ASan, which
 * sees those bytes read: strcspn() there. */
static inline __attribute__((always_inline)) size_t ctype_until(const char *s, unsigned (*stops)(const char *))
{
	const char *b = (const char *)((uintptr_t)s & ~(uintptr_t)15);
	unsigned m = stops(b) >> (s - b);

	if (m)
		return (size_t)__builtin_ctz(m);
	for (;;) {
		b += 16;
		if ((m = stops(b)) != 0)
			return (size_t)(b - s) + (size_t)__builtin_ctz(m);
	}
}
#endif

/* strcspn(s, set), where stops16() finds the same bytes and a NUL: with
 * SSE2 through ctype_until(), else (and under ASan) strcspn() itself.
 * (glibc's strcspn() costs some fifty instructions a call, a byte-wise
 * loop some five a byte.) */
#if defined(__SSE2__) && !UTIL_ASAN
#define CTYPE_SPAN(s, stops16, set) ctype_until((s), (stops16))
#else
#define CTYPE_SPAN(s, stops16, set) strcspn((s), (set))
#endif

/* strcspn(s, "; \t"): for a media type and a parameter value (a few
 * dozen bytes) */
static inline size_t ctype_span(const char *s)
{
	return CTYPE_SPAN(s, ctype_stops16, "; \t");
}

/* strcspn(s, "=; \t*"): the end of a parameter name */
static inline size_t ctype_name_span(const char *s)
{
	return CTYPE_SPAN(s, ctype_name_stops16, "=; \t*");
}

/* strcspn(s, "\"\\"): where a quoted value ends, or its first escape */
static inline size_t ctype_quote_span(const char *s)
{
	return CTYPE_SPAN(s, ctype_quote_stops16, "\"\\");
}

/* memcpy() of a parameter value, through a call: for a length it knows
 * to be below a field's size GCC writes a rep movsq instead, which
 * natively takes some thirty cycles to start (callgrind counts it as one
 * instruction). The empty asm hides the bound. */
static inline void param_copy(char *dst, const char *src, size_t n)
{
	__asm__("" : "+r"(n));
	memcpy(dst, src, n);
}

/* A quoted value with a backslash in it, from p (after its quote) to the
 * closing quote or the NUL, unescaped into val (when not NULL) as
 * param_next() does it; *vi_r: the bytes written, *l_r: the value's
 * length. Returns its end. Out of line: rare, and its loop would make
 * every header_parse_ctype() call longer in a cold I-cache. */
static __attribute__((noinline, cold)) const char *param_quoted_esc(const char *p, char *val, size_t valsz,
								     size_t *vi_r, size_t *l_r)
{
	size_t vi = 0, l;

	for (l = 0; *p && *p != '"'; l++, p++) {
		if (*p == '\\' && p[1])
			p++;
		if (val && vi + 1 < valsz)
			val[vi++] = *p;
	}
	*vi_r = vi;
	*l_r = l;
	return p;
}

/* The value at p (just after '='), as param_next() reads it: into
 * val[0..valsz) when val is not NULL (cut to valsz - 1 bytes and a NUL),
 * else only skipped; *len_r: the value's length before any cut (a value
 * longer than valsz - 1 bytes was cut). Returns the end. */
static const char *param_value(const char *p, char *val, size_t valsz, size_t *len_r)
{
	size_t vi = 0, l;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '"') {
		/* up to the closing quote (or the NUL) in one scan, which
		 * stops early at an escape */
		l = ctype_quote_span(++p);
		if (p[l] != '\\') { /* no escape (nearly always): the bytes at once */
			vi = l < valsz ? l : valsz - 1;
			if (val)
				param_copy(val, p, vi);
			p += l;
		} else {
			p = param_quoted_esc(p, val, valsz, &vi, &l);
		}
		if (*p == '"')
			p++;
	} else {
		l = ctype_span(p);
		vi = l < valsz ? l : valsz - 1;
		if (val)
			param_copy(val, p, vi);
		p += l;
	}
	if (val)
		val[vi] = '\0';
	*len_r = l;
	return p;
}

/* s[0..n) lower-cased in place, eight bytes at a time, the last eight
 * again in part (the same bytes, lower-cased the same). */
static void ctype_lower(char *s, size_t n)
{
	size_t j = 0;

	for (; j + 8 <= n; j += 8) {
		uint64_t w = str_lower8(s + j);

		memcpy(s + j, &w, 8);
	}
	if (j < n && n >= 8) {
		uint64_t w = str_lower8(s + n - 8);

		memcpy(s + n - 8, &w, 8);
		return;
	}
	for (; j < n; j++)
		s[j] = str_lower_c(s[j]);
}

/* The bytes that end a parameter name as ctype_plain() reads it (1), and
 * the '*' of an RFC 2231 name (2), where its scan stops too. */
static const unsigned char ctype_name_end[256] = {['\0'] = 1, ['='] = 1, [';'] = 1, [' '] = 1, ['\t'] = 1, ['*'] = 2};

/* Which of boundary (0), charset (1), report-type (2) is the name at
 * p[0..ni), in any case; 3: none. Compared eight bytes at a time: the
 * name is followed by its '=', ';' or the value's NUL, so p[ni] can be
 * read too (the byte a 7-byte name needs). */
static int ctype_name(const char *p, size_t ni)
{
	uint64_t w, l;
	unsigned char b[8];

	switch (ni) {
	case 7:
		w = str_lower8(p);
		memcpy(b, &w, 8);
		b[7] = '\0';
		memcpy(&w, b, 8);
		memcpy(&l, "charset", 8);
		return w == l ? 1 : 3;
	case 8:
		memcpy(&l, "boundary", 8);
		return str_lower8(p) == l ? 0 : 3;
	case 11:
		memcpy(&l, "report-t", 8);
		if (str_lower8(p) != l)
			return 3;
		memcpy(&l, "ort-type", 8);
		return str_lower8(p + 3) == l ? 2 : 3;
	default:
		return 3;
	}
}

#define CTYPE_NAME_MAX 80 /* bytes of a parameter name kept (with its NUL), as in header_param() */

/* A parameter name at *pp with a blank in it (broken ones): copied as
 * param_next() keeps it (blanks dropped, lower-cased, cut at
 * CTYPE_NAME_MAX - 1 bytes), *pp moved to its end. Which of boundary
 * (0), charset (1), report-type (2) it is, unless found already; 3:
 * none; -1: it has a '*' (RFC 2231). Out of line: rare, and its copy and
 * compares would make every header_parse_ctype() call longer in a cold
 * I-cache. */
static __attribute__((noinline, cold)) int ctype_name_blank(const char **pp, const bool *found)
{
	static const char *const names[3] = {"boundary", "charset", "report-type"};
	char pn[CTYPE_NAME_MAX];
	const char *p = *pp;
	size_t ni = 0;
	int k;

	for (; *p && *p != '=' && *p != ';'; p++)
		if (ni + 1 < sizeof(pn) && *p != ' ' && *p != '\t')
			pn[ni++] = str_lower_c(*p);
	pn[ni] = '\0';
	*pp = p;
	if (memchr(pn, '*', ni))
		return -1;
	for (k = 0; k < 3; k++)
		if (!found[k] && pn[0] == names[k][0] && strcmp(pn, names[k]) == 0)
			break;
	return k;
}

/* The three parameters of ct in one pass over the value from its first
 * ';' (semi) on, as three header_param() calls would find them; false
 * (and ct's three fields left empty) when a name has a '*' (RFC 2231
 * forms: left to header_param()). Only the values of those three are
 * copied. */
static bool ctype_plain(const char *semi, struct header_ctype *ct)
{
	bool found[3] = {false, false, false};
	char *dst;
	const char *p = semi, *q;

	for (;;) {
		size_t ni = 0, dsz, vl = 0;
		int k;

		/* the name, as param_next() keeps it: blanks dropped,
		 * lower-cased, at most CTYPE_NAME_MAX - 1 bytes */
		/* (most values end at the next ';') */
		if (p != semi && *p != ';' && (!*p || !(p = strchr(p, ';'))))
			return true;
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		q = p + ctype_name_span(p);
		/* a '*' in the bytes a copy of the name keeps (there is no
		 * blank before it): RFC 2231 either way below, as the memchr()s
		 * there would find; a later one is not looked at */
		if (*q == '*') {
			if ((size_t)(q - p) < CTYPE_NAME_MAX - 1)
				goto rfc2231;
			while (ctype_name_end[(unsigned char)*++q] != 1)
				;
		}
		if (*q != ' ' && *q != '\t') {
			/* no blank in the name (all but broken ones): compared
			 * where it is, no lower-cased copy; the same as
			 * ctype_name_blank()'s copy would give, its cut at
			 * CTYPE_NAME_MAX - 1 bytes included */
			ni = (size_t)(q - p);
			k = ctype_name(p, ni);
			if (k < 3 && found[k])
				k = 3;
			p = q;
		} else if ((k = ctype_name_blank(&p, found)) < 0) {
			goto rfc2231;
		}
		/* the value where it is kept (cut to the field as a copy of
		 * it would be; a boundary longer than its field is none) */
		dst = k == 0 ? ct->boundary : k == 1 ? ct->charset : k == 2 ? ct->report_type : NULL;
		dsz = k == 0 ? sizeof(ct->boundary) : k == 1 ? sizeof(ct->charset) : sizeof(ct->report_type);
		if (*p != '=') {
			if (dst)
				dst[0] = '\0';
		} else {
			p = param_value(p + 1, dst, dsz, &vl);
		}
		if (k == 3)
			continue;
		found[k] = true;
		/* vl: the value's length, so no strlen(), str_copy() or
		 * str_lower() has to measure it again (once a part) */
		if (k == 0) {
			ct->has_boundary = vl && vl <= MIME_MAX_BOUNDARY;
			if (!ct->has_boundary)
				ct->boundary[0] = '\0';
		} else if (k == 2) {
			ctype_lower(ct->report_type, vl < dsz - 1 ? vl : dsz - 1);
		}
	}
rfc2231:
	ct->has_boundary = false;
	ct->boundary[0] = ct->charset[0] = ct->report_type[0] = '\0';
	return false;
}

/* The three parameters of ct when a name has a '*' (rare): through
 * header_param(). Out of line, so that its buffers are not part of every
 * header_parse_ctype() call's frame. */
static __attribute__((noinline, cold)) void ctype_rfc2231(const char *value, struct header_ctype *ct)
{
	char b[PARAM_VALUE_MAX];

	if (header_param(value, "boundary", b, sizeof(b)) && b[0] && strlen(b) <= MIME_MAX_BOUNDARY) {
		str_copy(ct->boundary, sizeof(ct->boundary), b);
		ct->has_boundary = true;
	}
	header_param(value, "charset", ct->charset, sizeof(ct->charset));
	header_param(value, "report-type", ct->report_type, sizeof(ct->report_type));
	str_lower(ct->report_type);
}

/* Non-zero when a byte of w is '/': the zero-byte test on w ^ '/'s (a
 * byte past a zero one can be flagged by its borrow, but only when there
 * is a zero one, so the answer for the word is exact). */
static inline uint64_t ctype_has_slash(uint64_t w)
{
	uint64_t x = w ^ 0x2F2F2F2F2F2F2F2Fu;

	return (x - 0x0101010101010101u) & ~x & 0x8080808080808080u;
}

/* The eight bytes of src at k lower-cased into dst at k; non-zero when
 * one of them is a '/'. */
static inline __attribute__((always_inline)) uint64_t ctype_lower_word(const char *src, char *dst, size_t k)
{
	uint64_t w = str_lower8(src + k);

	memcpy(dst + k, &w, 8);
	return ctype_has_slash(w);
}

#ifdef __SSE2__
/* ctype_lower_word() for the words at a and at b in one vector: what a
 * '/' sets is then a bit of the result. */
static inline __attribute__((always_inline)) uint64_t ctype_lower_words(const char *src, char *dst, size_t a, size_t b)
{
	uint64_t x, y;
	__m128i v, up;

	memcpy(&x, src + a, 8);
	memcpy(&y, src + b, 8);
	v = _mm_set_epi64x((long long)y, (long long)x);
	/* exactly 'A'..'Z', as str_lower8() (bytes from 128 are negative) */
	up = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('A' - 1)), _mm_cmpgt_epi8(_mm_set1_epi8('Z' + 1), v));
	v = _mm_or_si128(v, _mm_and_si128(up, _mm_set1_epi8(0x20)));
	x = (uint64_t)_mm_cvtsi128_si64(v);
	y = (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(v, v));
	memcpy(dst + a, &x, 8);
	memcpy(dst + b, &y, 8);
	return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('/')));
}
#else
static inline uint64_t ctype_lower_words(const char *src, char *dst, size_t a, size_t b)
{
	return ctype_lower_word(src, dst, a) | ctype_lower_word(src, dst, b);
}
#endif

void header_parse_ctype(const char *value, struct header_ctype *ct)
{
	size_t i = 0, o = 0;
	const char *semi;
	uint64_t slash = 0; /* a 0x80 bit where the type has a '/' */

	/* every field is read as a C string (no memset of the ~460 bytes
	 * per part), except the first 32 bytes of type, 64 of boundary and 16
	 * of charset: mime_kind_of(), mime_boundary_len() and
	 * charset_copies_ascii() read those as blocks, past the NUL, and must
	 * see defined bytes there (valgrind, MSan) */
	memset(ct->type, 0, 32);
	memset(ct->boundary, 0, 64);
	memset(ct->charset, 0, 16);
	ct->report_type[0] = '\0';
	ct->has_boundary = false;
	if (!value)
		return;
	while (value[i] == ' ' || value[i] == '\t')
		i++;
	{
		size_t tl = ctype_span(value + i);

		size_t n = tl < sizeof(ct->type) - 1 ? tl : sizeof(ct->type) - 1, last = n - 8;

		/* lower-cased eight bytes at a time: for a cold CPU, the four
		 * words at 0, 8, 16 and 24, each moved back to the last eight
		 * bytes when past them (the same bytes, lower-cased the same),
		 * so that no loop exit depends on the length up to 32 bytes
		 * (all but a few types) */
		if (n >= 8) {
			slash = ctype_lower_words(value + i, ct->type, 0, 8 < last ? 8 : last) |
				ctype_lower_words(value + i, ct->type, 16 < last ? 16 : last, 24 < last ? 24 : last);
			if (last > 24) {
				for (o = 32; o < last; o += 8)
					slash |= ctype_lower_word(value + i, ct->type, o);
				slash |= ctype_lower_word(value + i, ct->type, last);
			}
		} else {
			for (o = 0; o < n; o++) {
				char c = value[i + o];

				ct->type[o] = str_lower_c(c);
				slash |= c == '/';
			}
		}
		o = n;
		i += n;
	}
	ct->type[o] = '\0';
	if (!slash) /* "text" alone or garbage */
		ct->type[0] = '\0';
	/* the ';' right after the type (most values) without a call */
	semi = value[i] == ';' ? value + i : value[i] ? strchr(value + i, ';') : NULL;
	if (!semi) /* no parameters (header_param would find none) */
		return;
	if (ctype_plain(semi, ct)) /* (no ';' before value + i: the type ends at the first) */
		return;
	ctype_rfc2231(value, ct);
}
