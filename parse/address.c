/* address.c: e-mail addresses in bounce text (see text.h).
 *
 * Addresses are worked on as ranges of the text: trimmed, unwrapped and
 * checked there, and copied once when they pass (each record has two or
 * three, each message a few more). */
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "parse/bounce.h"
#include "parse/text.h"
#include "util/str.h"

/* The bytes that end an address in prose: blanks, control bytes and the
 * delimiters around addresses (one look-up for each byte around every '@') */
#define ADDR_S8(x) [(x)] = 1, [(x) + 1] = 1, [(x) + 2] = 1, [(x) + 3] = 1, [(x) + 4] = 1, [(x) + 5] = 1, \
		   [(x) + 6] = 1, [(x) + 7] = 1
static const bool addr_stop[256] = {
	ADDR_S8(0x00), ADDR_S8(0x08), ADDR_S8(0x10), ADDR_S8(0x18), [' '] = 1,
	['<'] = 1, ['>'] = 1, ['('] = 1, [')'] = 1, ['['] = 1, [']'] = 1, [','] = 1, [';'] = 1,
	[':'] = 1, ['"'] = 1, ['\''] = 1, ['`'] = 1, ['{'] = 1, ['}'] = 1, ['|'] = 1, ['\\'] = 1,
	[0x7F] = 1,
};
#undef ADDR_S8

/* What a byte may be in an address: in the local part (ADDR_LOCAL_BAD:
 * not there) and in the domain (ADDR_DOMAIN: a letter, digit, '-', '_' or
 * any byte from 0x80, IDN in UTF-8; ADDR_DOT: '.'). One look-up per byte
 * instead of a chain of compares: every candidate address is checked. */
#define ADDR_LOCAL_BAD 1
#define ADDR_DOMAIN 2
#define ADDR_DOT 4
#define ADDR_UPPER 8 /* 'A' to 'Z': a domain with one is lower-cased */
#define ADDR_R8(x, v) [(x)] = (v), [(x) + 1] = (v), [(x) + 2] = (v), [(x) + 3] = (v), \
		      [(x) + 4] = (v), [(x) + 5] = (v), [(x) + 6] = (v), [(x) + 7] = (v)
static const unsigned char addr_class[256] = {
	ADDR_R8(0x00, ADDR_LOCAL_BAD), ADDR_R8(0x08, ADDR_LOCAL_BAD), ADDR_R8(0x10, ADDR_LOCAL_BAD),
	ADDR_R8(0x18, ADDR_LOCAL_BAD), [' '] = ADDR_LOCAL_BAD, ['<'] = ADDR_LOCAL_BAD,
	['>'] = ADDR_LOCAL_BAD, [','] = ADDR_LOCAL_BAD, ['.'] = ADDR_DOT,
	['-'] = ADDR_DOMAIN, ['_'] = ADDR_DOMAIN, ADDR_R8('0', ADDR_DOMAIN), ['8'] = ADDR_DOMAIN,
	['9'] = ADDR_DOMAIN, ADDR_R8('a', ADDR_DOMAIN), ADDR_R8('i', ADDR_DOMAIN), ADDR_R8('q', ADDR_DOMAIN),
	['y'] = ADDR_DOMAIN, ['z'] = ADDR_DOMAIN, ADDR_R8('A', ADDR_DOMAIN | ADDR_UPPER),
	ADDR_R8('I', ADDR_DOMAIN | ADDR_UPPER), ADDR_R8('Q', ADDR_DOMAIN | ADDR_UPPER),
	['Y'] = ADDR_DOMAIN | ADDR_UPPER, ['Z'] = ADDR_DOMAIN | ADDR_UPPER,
	ADDR_R8(0x80, ADDR_DOMAIN), ADDR_R8(0x88, ADDR_DOMAIN), ADDR_R8(0x90, ADDR_DOMAIN),
	ADDR_R8(0x98, ADDR_DOMAIN), ADDR_R8(0xA0, ADDR_DOMAIN), ADDR_R8(0xA8, ADDR_DOMAIN),
	ADDR_R8(0xB0, ADDR_DOMAIN), ADDR_R8(0xB8, ADDR_DOMAIN), ADDR_R8(0xC0, ADDR_DOMAIN),
	ADDR_R8(0xC8, ADDR_DOMAIN), ADDR_R8(0xD0, ADDR_DOMAIN), ADDR_R8(0xD8, ADDR_DOMAIN),
	ADDR_R8(0xE0, ADDR_DOMAIN), ADDR_R8(0xE8, ADDR_DOMAIN), ADDR_R8(0xF0, ADDR_DOMAIN),
	ADDR_R8(0xF8, ADDR_DOMAIN),
};
#undef ADDR_R8

/* not blank, not a delimiter (runs on every byte around every '@') */
static bool addr_char(char c)
{
	return !addr_stop[(unsigned char)c];
}

/* Is c one of the bytes of set (bytes below 64)? One compare for letters,
 * which most addresses start and end with. */
static bool addr_low_in(char c, uint64_t set)
{
	unsigned char u = (unsigned char)c;

	return u < 64 && (set >> u & 1);
}
#define ADDR_BLANKS ((uint64_t)1 << ' ' | (uint64_t)1 << '\t' | (uint64_t)1 << '\n')

/* s[*b..*e) without blanks at the start, blanks and dots at the end */
static void addr_trim(const char *s, size_t *b, size_t *e)
{
	while (*b < *e && addr_low_in(s[*b], ADDR_BLANKS))
		(*b)++;
	while (*e > *b && addr_low_in(s[*e - 1], ADDR_BLANKS | (uint64_t)1 << '.'))
		(*e)--;
}

/* Are f and l a pair that addr_strip() takes off: <>, "", ''? */
static bool addr_wrapped(char f, char l)
{
	return (f == '<' && l == '>') || (f == '"' && l == '"') || (f == '\'' && l == '\'');
}

/* Does s[0..n) start with the "rfc822;" type? */
static bool addr_typed(const char *s, size_t n)
{
	return n >= 7 && (s[0] | 0x20) == 'r' && str_has_prefix_ci(s, "rfc822;");
}

/* s[*b..*e) trimmed, without a leading "rfc822;" type and without the
 * <...>, "...", '...' around the whole thing */
static void addr_strip(const char *s, size_t *b, size_t *e)
{
	addr_trim(s, b, e);
	if (addr_typed(s + *b, *e - *b)) {
		*b += 7;
		addr_trim(s, b, e);
	}
	while (*e - *b >= 2) {
		if (!addr_wrapped(s[*b], s[*e - 1]))
			break;
		(*b)++;
		(*e)--;
		addr_trim(s, b, e);
	}
}

/* The first '@' of s[0..end) (end when none), or NULL when a byte before
 * it may not be in a local part. Sixteen bytes a step where SSE2 is there:
 * every candidate is checked, most of them with a local part of 8 to 20
 * bytes, which the byte loop took 6 instructions each for. */
static const char *addr_local_end(const char *s, const char *end)
{
	const char *p = s;

#ifdef __SSE2__
	const __m128i at = _mm_set1_epi8('@'), sp = _mm_set1_epi8(' '), lt = _mm_set1_epi8('<'),
		      gt = _mm_set1_epi8('>'), cm = _mm_set1_epi8(',');

	for (; end - p >= 16; p += 16) {
		__m128i b = _mm_loadu_si128((const __m128i *)(const void *)p);
		/* ADDR_LOCAL_BAD: control bytes and ' ' (min(b, ' ') == b), '<', '>', ',' */
		__m128i bad = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(b, sp), b), _mm_cmpeq_epi8(b, lt)),
					   _mm_or_si128(_mm_cmpeq_epi8(b, gt), _mm_cmpeq_epi8(b, cm)));
		unsigned ma = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(b, at));
		unsigned mb = (unsigned)_mm_movemask_epi8(bad);

		if (ma)
			return (mb & ((ma & -ma) - 1)) ? NULL : p + __builtin_ctz(ma);
		if (mb)
			return NULL;
	}
#endif
	for (; p < end && *p != '@'; p++)
		if (addr_class[(unsigned char)*p] & ADDR_LOCAL_BAD)
			return NULL;
	return p;
}

#ifdef __SSE2__
/* The domain d[0..end) of 1 to 16 bytes, which end the sixteen at end - 16
 * (the address has as many): as addr_valid()'s loop would judge it, in one
 * step. -1: a byte that is not a letter, digit, '-', '_', '.' or 8-bit, two
 * dots in a row or one at the end (*upper stays true, as when the loop
 * stops there); else whether it has a dot, *upper whether a capital. */
static int addr_domain16(const char *d, const char *end, bool *upper)
{
	__m128i b = _mm_loadu_si128((const __m128i *)(const void *)(end - 16));
	__m128i lo = _mm_or_si128(b, _mm_set1_epi8(0x20));
	__m128i letter = _mm_and_si128(_mm_cmpgt_epi8(lo, _mm_set1_epi8('a' - 1)),
				       _mm_cmpgt_epi8(_mm_set1_epi8('z' + 1), lo));
	__m128i digit = _mm_and_si128(_mm_cmpgt_epi8(b, _mm_set1_epi8('0' - 1)),
				      _mm_cmpgt_epi8(_mm_set1_epi8('9' + 1), b));
	__m128i cap = _mm_and_si128(_mm_cmpgt_epi8(b, _mm_set1_epi8('A' - 1)),
				    _mm_cmpgt_epi8(_mm_set1_epi8('Z' + 1), b));
	__m128i sign = _mm_or_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8('-')), _mm_cmpeq_epi8(b, _mm_set1_epi8('_')));
	unsigned keep = (0xFFFFu << (16 - (end - d))) & 0xFFFFu;
	unsigned dots = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(b, _mm_set1_epi8('.'))) & keep;
	/* 8-bit bytes: their sign bit; the others by their class */
	unsigned ok = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(letter, digit), _mm_or_si128(sign, b))) | dots;

	if ((keep & ~ok) || (dots & (dots >> 1)) || (dots & 0x8000u))
		return -1;
	*upper = ((unsigned)_mm_movemask_epi8(cap) & keep) != 0;
	return dots != 0;
}
#endif

/* The domain d[0..end) of the address s[0..end), not an address literal,
 * as address_is_valid() judges it; *upper as addr_valid()'s (true when
 * refused) */
static bool addr_domain_ok(const char *s, const char *d, const char *end, bool *upper)
{
	unsigned char any = 0;
	bool dot = false;

	*upper = true;
	if (d == end || *d == '.' || *d == '-')
		return false;
#ifdef __SSE2__
	if (end - s >= 16 && end - d <= 16) {
		int v = addr_domain16(d, end, upper);

		return v > 0;
	}
#else
	(void)s; /* only the vector step reads the address's start */
#endif
	for (const char *p = d; p < end; p++) {
		unsigned char k;

		/* lower-case letters, digits, '-', '_' and 8-bit bytes: most of it */
		while (addr_class[(unsigned char)*p] == ADDR_DOMAIN)
			if (++p == end)
				goto done;
		k = addr_class[(unsigned char)*p];
		any |= k;
		if (k & ADDR_DOMAIN)
			continue;
		if (!(k & ADDR_DOT) || p + 1 == end || p[1] == '.')
			return false;
		dot = true;
	}
done:
	*upper = (any & ADDR_UPPER) != 0;
	return dot;
}

/* address_is_valid() of s[0..n); *upper: may its domain have an upper-case
 * letter (then addr_lower_domain() has work to do) */
static bool addr_valid(const char *s, size_t n, bool *upper)
{
	const char *end = s + n, *at, *d;

	*upper = true;
	/* the local part up to the first '@'; a second one is not a domain
	 * byte (addr_class), so the domain loop refuses it */
	at = addr_local_end(s, end);
	if (!at || at == end || at == s)
		return false;
	d = at + 1;
	if (d < end && *d == '[')
		return memchr(d, ']', (size_t)(end - d)) != NULL && !memchr(d, '@', (size_t)(end - d));
	return addr_domain_ok(s, d, end, upper);
}

/* Is s[0..end) a valid address whose local part has no byte that ends an
 * address in prose (addr_stop), and whose domain is no literal? Such a
 * one is found whole by both walks of text_extract_address() and comes
 * out of addr_take() as it is: strip has nothing to take off (no blank,
 * type, pair or dot at an end). *upper as addr_valid()'s. */
static bool addr_plain(const char *s, const char *end, bool *upper)
{
	const char *p = s;

#ifdef __SSE2__
	/* past the letters, digits, '.', '-', '_' and 8-bit bytes (most of a
	 * local part: none is '@' or in addr_stop) sixteen at a time; the
	 * byte loop goes on from the first other byte */
	for (; end - p >= 16; p += 16) {
		__m128i b = _mm_loadu_si128((const __m128i *)(const void *)p);
		__m128i lo = _mm_or_si128(b, _mm_set1_epi8(0x20));
		__m128i letter = _mm_and_si128(_mm_cmpgt_epi8(lo, _mm_set1_epi8('a' - 1)),
					       _mm_cmpgt_epi8(_mm_set1_epi8('z' + 1), lo));
		__m128i digit = _mm_and_si128(_mm_cmpgt_epi8(b, _mm_set1_epi8('0' - 1)),
					      _mm_cmpgt_epi8(_mm_set1_epi8('9' + 1), b));
		__m128i sign = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8('-')),
							 _mm_cmpeq_epi8(b, _mm_set1_epi8('_'))),
					    _mm_cmpeq_epi8(b, _mm_set1_epi8('.')));
		/* 8-bit bytes: their sign bit */
		unsigned ok = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(letter, digit), _mm_or_si128(sign, b)));

		if (ok != 0xFFFFu) {
			p += __builtin_ctz(~ok);
			break;
		}
	}
#endif
	while (p < end && !addr_stop[(unsigned char)*p] && *p != '@')
		p++;
	if (p == s || p == end || *p != '@')
		return false;
	return addr_domain_ok(s, p + 1, end, upper);
}

/* lower-case the domain of the n bytes at a (after its last '@') */
static void addr_lower_domain(char *a, size_t n)
{
	char *at = memrchr(a, '@', n);

	for (char *p = at ? at + 1 : a + n; p < a + n; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
}

bool address_normalise_fixed(char *addr, bool *fixed_r)
{
	size_t b = 0, e = strlen(addr), n;

	bool valid, upper;

	/* most are plain already (the decoders' text_extract_address() made
	 * them): then the strip has nothing to take off, and valid and fixed
	 * they are */
	if (addr_plain(addr, addr + e, &upper)) {
		if (upper)
			addr_lower_domain(addr, e);
		*fixed_r = true;
		return true;
	}
	addr_strip(addr, &b, &e);
	n = e - b;
	if (b) /* most come stripped already: nothing to move */
		memmove(addr, addr + b, n);
	addr[n] = '\0';
	/* checked before it is lower-cased (the case does not change the
	 * answer), so that a domain without capitals is not walked again */
	valid = addr_valid(addr, n, &upper);
	if (upper)
		addr_lower_domain(addr, n);
	/* normalised again, only addr_strip() could change it (the domain is
	 * lower-case, and validity does not depend on the case); its last
	 * step was a trim, so only a type now in front or a pair around it
	 * would go */
	*fixed_r = valid && !addr_typed(addr, n) && !(n >= 2 && addr_wrapped(addr[0], addr[n - 1]));
	return valid;
}

bool address_normalise(char *addr)
{
	bool fixed;

	return address_normalise_fixed(addr, &fixed);
}

bool address_is_valid(const char *s)
{
	bool upper;

	return addr_valid(s, strlen(s), &upper);
}

/* s[b..e) normalised into out, when it is an address (as copying it and
 * calling address_normalise() would, but one copy, and none for the
 * candidates that are not addresses) */
static bool addr_take(const char *s, size_t b, size_t e, char *out, size_t outsz)
{
	size_t n;
	bool upper;

	if (e <= b)
		return false;
	n = strnlen(s + b, e - b); /* a copy would stop at a NUL */
	if (n >= outsz)
		return false;
	e = b + n;
	addr_strip(s, &b, &e);
	n = e - b;
	if (!addr_valid(s + b, n, &upper))
		return false;
	memcpy(out, s + b, n);
	out[n] = '\0';
	if (upper)
		addr_lower_domain(out, n);
	return true;
}

/* The plain address a[0..e) into out, when it is one and fits (see
 * addr_plain()) */
static bool addr_take_plain(const char *a, const char *e, char *out, size_t outsz)
{
	size_t n = (size_t)(e - a);
	bool upper;

	if (n >= outsz || !addr_plain(a, e, &upper))
		return false;
	memcpy(out, a, n);
	out[n] = '\0';
	if (upper)
		addr_lower_domain(out, n);
	return true;
}

/* The shapes nearly every caller has, answered in one pass over the
 * address and one copy, as the walks below would answer them: "Name
 * <a@b>" or "<a@b>" (the first '<' and the next '>' around a plain
 * address), and without any '<' a bare "a@b", perhaps after blanks and
 * an "rfc822;" type, and before blanks (the walk back from its '@' stops
 * at the blank or ';' before it, the walk on at the blank after it).
 * lt: the first '<' of s (NULL: none). */
static bool addr_extract_fast(const char *s, const char *end, const char *lt, char *out, size_t outsz)
{
	const char *b = s, *e = end;

	if (lt) {
		const char *gt = memchr(lt, '>', (size_t)(end - lt));

		return gt && gt - lt <= 2 * BOUNCE_ADDR_MAX && addr_take_plain(lt + 1, gt, out, outsz);
	}
	while (b < e && (*b == ' ' || *b == '\t'))
		b++;
	if (addr_typed(b, (size_t)(e - b))) {
		b += 7;
		while (b < e && (*b == ' ' || *b == '\t'))
			b++;
	}
	while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	return addr_take_plain(b, e, out, outsz);
}

bool text_extract_address(const char *s, size_t n, char *out, size_t outsz)
{
	bool fixed;

	return text_extract_address_fixed(s, n, out, outsz, &fixed);
}

bool text_extract_address_fixed(const char *s, size_t n, char *out, size_t outsz, bool *fixed_r)
{
	const char *end = s + n, *first_lt;

	*fixed_r = false;
	if (!s || outsz == 0)
		return false;
	first_lt = memchr(s, '<', n);
	/* a plain address (addr_plain()) is one that address_normalise_fixed()
	 * keeps as it is and calls fixed; the walks below are not sure to
	 * give one, and are rare */
	if (addr_extract_fast(s, end, first_lt, out, outsz))
		return *fixed_r = true;
	/* "<a@b>" first: the brackets settle where it starts and ends. The
	 * next '>' and '@' are remembered, so "<<<<...>" stays linear. */
	{
		const char *gt = NULL, *at = NULL;

		for (const char *lt = first_lt; lt; lt = memchr(lt + 1, '<', (size_t)(end - lt - 1))) {
			size_t i = (size_t)(lt - s);

			if (!gt || gt < lt) {
				gt = memchr(lt, '>', (size_t)(end - lt));
				if (!gt)
					break;
			}
			if (at != end && (!at || at < lt)) {
				at = memchr(lt, '@', (size_t)(end - lt));
				if (!at)
					at = end;
			}
			if (at < gt && (size_t)(gt - s) - i <= 2 * BOUNCE_ADDR_MAX &&
			    addr_take(s, i + 1, (size_t)(gt - s), out, outsz))
				return true;
		}
	}
	for (const char *at = s; (at = memchr(at, '@', (size_t)(end - at))) != NULL; at++) {
		size_t i = (size_t)(at - s), b = i, e = i + 1;

		while (b > 0 && addr_char(s[b - 1]))
			b--;
		if (e < n && s[e] == '[') { /* address literal: user@[192.0.2.1] */
			const char *rb = memchr(s + e, ']', n - e);

			if (rb)
				e = (size_t)(rb - s) + 1;
		}
		while (e < n && addr_char(s[e]))
			e++;
		/* no "rfc822;" to skip: the walk back stopped at its ';' */
		if (addr_take(s, b, e, out, outsz))
			return true;
		at = s + e - 1;
	}
	out[0] = '\0';
	return false;
}
