/* text.h: small text helpers shared by the decoders (text.c, address.c).
 * All take bounded input and never read past it. */
#ifndef BOUNCER_PARSE_TEXT_H
#define BOUNCER_PARSE_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Case-insensitive (ASCII) search for needle (nl bytes) in hay[0..len).
 * NULL if absent. */
const char *text_find_ci_n(const char *hay, size_t len, const char *needle, size_t nl);
/* Case-sensitive search, bounded. NULL if absent. */
const char *text_find_n(const char *hay, size_t len, const char *needle, size_t nl);
/* Either of them (ci) with the AVX2 step of a long text or not (avx2: the
 * two above ask simd_avx2(), in util/simd.h; the tests run both). */
const char *text_find_v(const char *hay, size_t len, const char *needle, size_t nl, bool ci, bool avx2);

/* The same for a NUL-terminated needle; inline, so that the length of a
 * literal (most needles) is known at the call, and a needle longer than
 * the text (a table of them tried on a short field) costs no call. */
static inline const char *text_find_ci(const char *hay, size_t len, const char *needle)
{
	size_t nl = strlen(needle);

	return nl > len ? NULL : text_find_ci_n(hay, len, needle, nl);
}
static inline const char *text_find(const char *hay, size_t len, const char *needle)
{
	size_t nl = strlen(needle);

	return nl > len ? NULL : text_find_n(hay, len, needle, nl);
}

/* strstr() for the decoders, NUL-terminated. Natively glibc takes its
 * generic C strstr on CPUs it does not count as fast at unaligned loads
 * (AMD EPYC here): 3.6% of a `bouncer parse` run, more than the search
 * itself costs through text_find_n(). */
static inline const char *text_strstr(const char *hay, const char *needle)
{
	return text_find_n(hay, strlen(hay), needle, strlen(needle));
}

/* Line iteration over LF-separated text: *pos is the cursor (start at text).
 * Returns true and sets *line and *line_len (without the LF) while lines remain.
 * Inline: decoders call it for every line. */
static inline bool text_next_line(const char *text, size_t len, const char **pos, const char **line,
				  size_t *line_len)
{
	const char *end = text + len, *p = *pos, *nl;

	if (!text || p < text || p >= end)
		return false;
	nl = memchr(p, '\n', (size_t)(end - p));
	*line = p;
	*line_len = nl ? (size_t)(nl - p) : (size_t)(end - p);
	*pos = nl ? nl + 1 : end;
	return true;
}

/* out = a ":" b, or a ":" b ":" c when c is not NULL (a rule, "status:5.1.1"),
 * cut at outsz - 1 bytes as snprintf() cuts. Returns true when cut. Not
 * str_printf(): the format costs more than the copy, for every record. */
bool text_join(char *out, size_t outsz, const char *a, const char *b, const char *c);

/* Copy s[0..n) into out (size outsz), trimmed of blanks at both ends,
 * inner runs of white space folded to one space. Returns true when cut. */
bool text_copy_trim(char *out, size_t outsz, const char *s, size_t n);
/* text_copy_trim(), and *len_r: the copy's length when it is its own
 * trimmed copy (text_is_trimmed(), no NUL in it), else SIZE_MAX */
bool text_copy_trim_len(char *out, size_t outsz, const char *s, size_t n, size_t *len_r);
/* Would text_copy_trim() copy s[0..n) as it is (no blank at either end,
 * words parted by single spaces)? */
bool text_is_trimmed(const char *s, size_t n);
/* text_is_trimmed() with the AVX2 step of its scan or not (it asks
 * simd_avx2(), in util/simd.h; the tests run both). */
bool text_is_trimmed_v(const char *s, size_t n, bool avx2);

/* Find the first e-mail address in s[0..n) ("<a@b>", "a@b", "RCPT TO:<a@b>",
 * "rfc822; a@b"), copy it to out normalised with address_normalise().
 * Returns true when one was found. */
bool text_extract_address(const char *s, size_t n, char *out, size_t outsz);
/* text_extract_address(), and *fixed_r: is the address one that
 * address_normalise_fixed() would keep as it is and call fixed (false
 * when not sure)? */
bool text_extract_address_fixed(const char *s, size_t n, char *out, size_t outsz, bool *fixed_r);

/* Normalise an address in place: strip <>, quotes around the whole thing,
 * a leading "rfc822;" type, trailing dots and blanks; lower-case the domain.
 * Returns false when what remains is not local@domain. */
bool address_normalise(char *addr);
/* address_normalise(), and *fixed_r: would normalising the result again
 * leave it as it is and say valid ("<rfc822;a@b.c>" takes two steps to
 * "a@b.c": the first leaves "rfc822;a@b.c", which is valid too). */
bool address_normalise_fixed(char *addr, bool *fixed_r);
/* true when s looks like local@domain.tld (no blanks, one @, a dot in the domain
 * or a bracketed literal). */
bool address_is_valid(const char *s);

/* Read an RFC 3463 status ("5.1.1", "4.7.0") from s[0..n): the first one found.
 * Returns true and writes it to out (>= 16 bytes). */
bool text_find_status(const char *s, size_t n, char *out, size_t outsz);

/* The comment of a DSN Status field, "5.2.1 (mailbox disabled, not accepting
 * messages)": the text inside the first parentheses of s[0..n), cut to
 * outsz. out is "" when there is none. */
void text_status_comment(const char *s, size_t n, char *out, size_t outsz);
/* Read an SMTP reply code (2xx-5xx, three digits standing alone) from s[0..n). */
bool text_find_replycode(const char *s, size_t n, char *out, size_t outsz);
/* Is s, all of it, a reply code text_find_replycode() takes ("550", not
 * "542", "55" or "5500")? What it answers for s, without the search. */
bool text_is_replycode(const char *s);

/* Where a returned message pasted inline into a bounce's text begins
 * (qmail, Sendmail, Exim: "------ This is a copy of the message, including
 * all the headers. ------"): the first line after the marker line and any
 * blank lines, or NULL. view_build() already reads the headers found there
 * into view->orig when no MIME part carried them. */
const char *text_orig_start(const char *body, size_t len);
/* The same with the scan's AVX2 step or not (view.c asks simd_avx2(), in
 * util/simd.h; the tests run both). */
const char *text_orig_start_v(const char *body, size_t len, bool avx2);

/* Are text_orig_start()'s tables, written out in text.c, what its markers
 * give (for the tests)? */
bool text_orig_tables_ok(void);

/* Parse an RFC 5322 date (lenient: missing weekday, two-digit years, zone
 * names). Returns 0 when unreadable. */
long long text_parse_date(const char *s, size_t n);

/* A literal (or any text) and its length, for tables of words: TEXT_LIT("x")
 * measures it at compile time. */
struct text_lit {
	const char *s;
	size_t n;
};
#define TEXT_LIT(lit) {lit, sizeof(lit) - 1}

#endif
