/* mime.h: private to the parse core (view, mime walk, headers, charset,
 * transfer and encoded-word decoding). Decoders use view.h and text.h only.
 *
 * Everything here works on text whose line ends are already LF and whose
 * NUL bytes are already spaces (view_build() normalises first), so every
 * buffer is also a C string.
 */
#ifndef BOUNCER_PARSE_MIME_H
#define BOUNCER_PARSE_MIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "parse/view.h"

#define HEADER_MAX_COUNT 1000      /* headers kept per block */
#define HEADER_MAX_VALUE (64 * 1024) /* unfolded value kept; the rest is skipped */
#define MIME_MAX_BOUNDARY 200      /* RFC 2046 says 70; be generous, but bounded */

/* memset(p, 0, n) for a struct of a few hundred bytes, once per view or
 * block: sixteen bytes a store. GCC makes such a memset a rep stos, which
 * natively takes some thirty cycles to start (callgrind counts it as one
 * instruction); the empty asm keeps it from turning the loop back into one.
 * n is a constant where it is used, so the tail loops unroll. */
static inline __attribute__((always_inline)) void mime_zero(void *p, size_t n)
{
#ifdef __SSE2__
	char *q = p;
	size_t i = 0;

	for (; i + 64 <= n; i += 64) {
		__m128i *d = (__m128i *)(void *)(q + i);

		_mm_storeu_si128(d, _mm_setzero_si128());
		_mm_storeu_si128(d + 1, _mm_setzero_si128());
		_mm_storeu_si128(d + 2, _mm_setzero_si128());
		_mm_storeu_si128(d + 3, _mm_setzero_si128());
		__asm__("" : "+r"(q));
	}
	for (; i + 16 <= n; i += 16)
		_mm_storeu_si128((__m128i *)(void *)(q + i), _mm_setzero_si128());
	for (; i < n; i++)
		q[i] = 0;
#else
	memset(p, 0, n);
#endif
}

/* A growable byte buffer. On allocation failure it sets nomem and ignores
 * further appends, so callers check once at the end. Always NUL-terminated
 * when p != NULL.
 *
 * Or, after mime_buf_refer(), a reference: the bytes are ref[0..len), not
 * owned, p is NULL; the first write copies them into p. Read the bytes
 * through mime_buf_data(). */
struct mime_buf {
	char *p;
	size_t len, cap;
	bool nomem;
	const char *ref;
};
static inline const char *mime_buf_data(const struct mime_buf *b)
{
	return b->ref ? b->ref : b->p;
}
/* b (empty: no bytes, no storage) refers to s[0..n) from now on. (Inline,
 * as are charset_copies_ascii() and transfer_is_identity(): each part
 * asks them, and a call of a function of a few instructions in another
 * file's code cost an instruction-cache miss or two a message.) */
static inline void mime_buf_refer(struct mime_buf *b, const char *s, size_t n)
{
	b->ref = s;
	b->len = n;
}
void mime_buf_add(struct mime_buf *b, const char *s, size_t n);
/* Room for extra more bytes and the NUL after them (p[len..len+extra]),
 * for a caller that writes them itself and then sets len; false (and
 * nomem) when out of memory. */
bool mime_buf_reserve(struct mime_buf *b, size_t extra);
void mime_buf_addc(struct mime_buf *b, char c);
void mime_buf_free(struct mime_buf *b);
/* Hand the storage over (never NULL unless nomem: "" then); a reference
 * is copied first. */
char *mime_buf_take(struct mime_buf *b, size_t *len_r);

/* Line ends to LF (CRLF and bare CR), NUL bytes to spaces, in place. */
void mime_text_normalise(char *p, size_t *len);
/* The same, from src[0..n) into dst (n + 1 bytes), NUL-terminated, in one
 * pass; returns the length. avx2: with the AVX2 step (util/simd.h; only when
 * simd_avx2()). *ascii_r (ascii_r may be NULL): true when the copy has no
 * byte from 0x80 on; false when it has one, or when that was not looked for
 * (only the AVX2 step looks, on the way). */
size_t mime_text_copy_normalised(char *dst, const char *src, size_t n, bool avx2, bool *ascii_r);
/* Would mime_text_copy_normalised() copy s[0..n) as it is: has it no CR
 * and no NUL (LF-only text)? *ascii_r as there, when true. s[n..n + 32)
 * are read too (whole blocks; masked): they must be there, and defined. */
bool mime_text_is_normal(const char *s, size_t n, bool avx2, bool *ascii_r);
/* text/html to plain text: tags dropped, block ends become LF, common
 * entities decoded; appended to out. */
void mime_html_strip(const char *in, size_t n, struct mime_buf *out);

/* An arena: every string of a view lives here and is freed at once. */
struct mime_arena;
struct mime_arena *mime_arena_new(void);
void mime_arena_free(struct mime_arena *a);
/* Empty a for the next message: what it holds is freed but its largest
 * chunk, which it keeps (one malloc per run instead of per message). */
void mime_arena_reset(struct mime_arena *a);
/* The buffer of n bytes for the message text of a view (one per arena,
 * kept by mime_arena_reset() up to 1 MB, freed with the arena); NULL when
 * out of memory. */
char *mime_arena_text(struct mime_arena *a, size_t n);
/* Keep p (from malloc) until the arena is freed; frees p and returns false
 * when out of memory. */
bool mime_arena_keep(struct mime_arena *a, void *p);
char *mime_arena_strndup(struct mime_arena *a, const char *s, size_t n);
/* n bytes (n > 0) for the caller to fill; NULL when out of memory. */
char *mime_arena_alloc(struct mime_arena *a, size_t n);
/* Room for n objects of size bytes (n, size > 0), aligned for any type;
 * NULL when out of memory or when n * size overflows. */
void *mime_arena_array(struct mime_arena *a, size_t n, size_t size);
/* Something made on first use from the arena's strings ran out of memory:
 * remembered here, for the caller of the whole parse to see. */
void mime_arena_set_failed(struct mime_arena *a);
bool mime_arena_failed(const struct mime_arena *a);

/* charset.c: convert in[0..n) from charset (NULL or "" = unlabelled raw
 * text: valid UTF-8 stays, else the fallback) to UTF-8, appended to out.
 * Returns true when the charset was unknown or bytes were invalid (the
 * output is then best effort: fallback charset or U+FFFD). */
bool charset_to_utf8(struct charset_cache *cc, const char *charset, const char *in, size_t n,
		     struct mime_buf *out);
/* charset_to_utf8() of text that charset_copies() said no to: without
 * looking at it again for that. */
bool charset_convert(struct charset_cache *cc, const char *charset, const char *in, size_t n,
		     struct mime_buf *out);
bool charset_is_utf8(const char *s, size_t n);
/* Is s[0..n) ASCII without an ESC (which could start an ISO-2022 escape
 * sequence)? Both in one pass; avx2: with the AVX2 step (util/simd.h; only
 * when simd_avx2()). */
bool charset_ascii(const char *s, size_t n, bool avx2);
/* Would charset_to_utf8() append in[0..n) as it is (ASCII, or valid UTF-8
 * where that is what the label says)? */
bool charset_copies(const char *charset, const char *in, size_t n);
/* Does charset_copies() say yes under this label to any text without 8-bit
 * bytes (ESC included): UTF-8, US-ASCII, or no label? charset: NULL or a
 * label in an array of at least 9 bytes (header_ctype.charset: the first
 * nine are read whatever the label's length). */
bool charset_copies_ascii_bytes(const char *charset);
static inline bool charset_copies_ascii(const char *charset)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	/* without a branch on the label's bytes (the labels vary from part
	 * to part): its first nine bytes as words, letters ORed with 0x20
	 * (which makes a letter of its capital and of nothing else), the
	 * other bytes and the NUL as they are */
	uint64_t w, utf8, ascii;

	if (!charset)
		return true;
	memcpy(&w, charset, 8);
	memcpy(&utf8, "utf-8\0\0\0", 8);
	memcpy(&ascii, "us-ascii", 8);
	return ((w & 0xFF) == 0) | (((w | 0x202020u) & 0xFFFFFFFFFFFFu) == utf8) |
	       (((w | 0x2020202020002020u) == ascii) & (charset[8] == '\0'));
#else
	return charset_copies_ascii_bytes(charset);
#endif
}

/* transfer.c: Content-Transfer-Encoding. Garbage is skipped, never fatal. */
void transfer_base64(const char *in, size_t n, struct mime_buf *out);
/* Returns true when it decoded "=0D" or "=00" (a CR or a NUL, which
 * normalising changes), or out of memory (nothing added); false says the
 * text added holds no CR or NUL that the input did not. */
bool transfer_qp(const char *in, size_t n, struct mime_buf *out);
/* Decode per a CTE name ("base64", "quoted-printable", anything else = as
 * is). Returns false only when the text added holds no CR or NUL that the
 * input did not (quoted-printable without "=0D" or "=00", as transfer_qp()
 * says; true for the others): it needs no normalising when the input did
 * not. */
bool transfer_decode(const char *cte, const char *in, size_t n, struct mime_buf *out);
/* Does cte start with name (lower-case, len bytes), in any case? The
 * first letter without a call: most values ("7bit", "8bit") differ there. */
static inline bool transfer_is(const char *cte, const char *name, size_t len)
{
	return cte && (cte[0] | 0x20) == name[0] && strncasecmp(cte, name, len) == 0;
}
/* Does transfer_decode() copy text under this CTE as it is? */
static inline bool transfer_is_identity(const char *cte)
{
	return !transfer_is(cte, "base64", 6) && !transfer_is(cte, "quoted-printable", 16);
}

/* rfc2047.c: decode encoded words in a header value; raw 8-bit text goes
 * through charset_to_utf8(NULL). */
void rfc2047_decode(struct charset_cache *cc, const char *in, size_t n, struct mime_buf *out);

/* header.c: parse the header block at text[0..len), which has no NUL
 * byte, as all text the view parses (normalised: a NUL became a space);
 * else the lengths hdr_get_n() gives may count bytes past one (all within
 * the value's bytes: safe, only not strlen()'s). Stops at the first
 * empty line or at a line that is neither a header nor a continuation.
 * *body_r receives the offset of the body (after the empty line).
 * decode: RFC 2047 / raw 8-bit decoding of values (off for DSN fields).
 * Returns 0, or -1 when out of memory; *truncated set when a cap was hit. */
int header_parse(struct mime_arena *a, struct charset_cache *cc, const char *text, size_t len,
		 bool decode, struct header_list *out, size_t *body_r, bool *truncated);
/* The same with the line search's AVX2 step or not (util/simd.h; only when
 * simd_avx2()): view.c and mime.c pass the view's choice, the tests both. */
int header_parse_v(struct mime_arena *a, struct charset_cache *cc, const char *text, size_t len,
		   bool decode, struct header_list *out, size_t *body_r, bool *truncated, bool avx2);
/* header_parse_v() (decode on) into the caller's cap slots (cap >= 1)
 * first, the arena's only past them: for a list that is read only while
 * slots lives (a MIME part's headers: most have two or three), no arena
 * memory a block. */
int header_parse_in(struct mime_arena *a, struct charset_cache *cc, const char *text, size_t len,
		    struct header_list *out, size_t *body_r, bool *truncated, bool avx2,
		    struct mail_header *slots, size_t cap);

/* header-param.c: a Content-Type style value. Each field is a C string;
 * the bytes after its NUL are left as they were (not zeroed), but for the
 * first 32 of type, 64 of boundary and 16 of charset, which are zero there
 * (read as blocks). */
struct header_ctype {
	char type[128];     /* "multipart/report", lower-case; "" when absent */
	char boundary[MIME_MAX_BOUNDARY + 1];
	bool has_boundary;
	char charset[64];
	char report_type[64];
};
void header_parse_ctype(const char *value, struct header_ctype *ct);
/* Find parameter name (lower-case) in a "type; a=b; c*=..." value, RFC 2231
 * continuations and charset'lang' prefixes handled (percent-decoded only).
 * Returns true and writes the value to out. */
bool header_param(const char *value, const char *name, char *out, size_t outsz);

/* A text/html part, decoded only when the message has no text/plain one
 * (the only case its text is used). */
struct mime_html_part {
	const char *cte;  /* Content-Transfer-Encoding value, or NULL */
	char charset[64];
	const char *text;
	size_t len;
};

/* mime.c: walk one entity and fill the view collectors. */
struct mime_walk {
	struct mime_arena *arena;
	struct charset_cache *cc;
	struct mime_buf body, html, dsn, feedback;
	/* text parts that start with DSN fields: the dsn when no part is
	 * labelled as one (mime_looks_like_dsn()) */
	struct mime_buf dsn_guess;
	struct mime_html_part *html_parts; /* in order; freed by the walker's owner */
	size_t n_html, cap_html;
	struct mail_view *v;
	/* the message text (text_len bytes and a NUL), which parts refer to
	 * (mime_buf_refer()) instead of being copied when they need no
	 * decoding; view.c ends each such part with a NUL after the walk */
	char *text;
	size_t text_len;
	bool text_ascii; /* text has no byte from 0x80 on (false: unknown) */
	char *orig_end; /* where the returned message referred to ends, or NULL */
	size_t parts;
	/* the top headers have a Content-Type (set by view.c for the walk
	 * at depth 0, which looks up no header of its own) */
	bool head_ctype;
	bool truncated;
	bool nomem;
	bool avx2; /* the scans take their AVX2 step (util/simd.h) */
};
/* The first line at or after pos (a line start) of t[0..len) that begins
 * with "--", or len: only such a line can be a delimiter. avx2: take the
 * AVX2 step (util/simd.h; only when simd_avx2()). */
size_t mime_next_dashes(const char *t, size_t pos, size_t len, bool avx2);
/* Decode the text/html parts the walk put aside into w->html, in order. */
void mime_collect_html(struct mime_walk *w);
/* Walk the entity whose headers are hl and body text[0..len). ct: its
 * Content-Type already parsed, or NULL (then parsed here). */
void mime_walk_entity(struct mime_walk *w, const struct header_list *hl,
		      const struct header_ctype *ct, const char *text, size_t len, int depth);

#endif
