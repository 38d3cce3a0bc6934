/* view.h: a message after MIME decoding, the view every decoder works on.
 *
 * Built once per message by view_build() (view.c) from the raw bytes: line
 * ends normalised to LF, headers unfolded and RFC 2047-decoded to UTF-8
 * (each value when first asked for: hdr_get(), hdr_value()), text parts
 * transfer-decoded and converted to UTF-8. Decoders only read it. All
 * strings are owned by the view and NUL-terminated, but header names
 * (name, name_len: as in the text).
 */
#ifndef BOUNCER_PARSE_VIEW_H
#define BOUNCER_PARSE_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct mail_header {
	/* The name as in the text (any case, e.g. "Content-Type"): name_len
	 * bytes, no NUL. Compare it with hdr_is(). */
	const char *name;
	unsigned char name_len;
	/* The value, unfolded, decoded to UTF-8, surrounding blanks trimmed:
	 * made on first use by hdr_value() (NULL until then), since decoders
	 * ask for a few of the ~30 headers a message has. */
	const char *value;
	const char *raw;   /* the value as it is in the text, continuation lines included */
	size_t raw_len;
	bool folded;       /* raw has continuation lines */
	unsigned short next; /* the next header of the same hdr_key() chain, + 1; 0: none */
	/* strlen(value), set with it (callers then measure no value: see
	 * hdr_get_n(), hdr_value_n()), or HDR_LEN_UNKNOWN for a decoded one;
	 * in the padding after next */
	uint32_t value_len;
};
_Static_assert(sizeof(struct mail_header) <= 48, "struct mail_header grew past 48 bytes");

#define HDR_LEN_UNKNOWN UINT32_MAX
#define HDR_CHAINS 64

struct mime_arena;    /* mime.h */
/* The iconv descriptor cache and charset alias table (charset.c). */
struct charset_cache;

/* Headers chained by a cheap key of their names (header.c): decoders ask
 * ~80 times per message, and a lookup walks one short chain instead of
 * the whole block. first[k] is the first header of chain k, + 1 (0: none).
 * Only header_parse() builds lists (a list of zeros is an empty one). The
 * arena and charsets are where values are made on first use. */
struct header_list {
	struct mail_header *h;
	size_t n;
	bool decode; /* RFC 2047 / raw 8-bit decoding of values */
	bool avx2;   /* values are made with AVX2 steps (header_parse_v()'s choice) */
	unsigned short first[HDR_CHAINS];
	struct mime_arena *arena;
	struct charset_cache *cc;
	/* The block's text when it is the view's own and nothing reads it
	 * after the parse (set by the caller of header_parse()): a one-line
	 * value that decodes to itself is then ended with a NUL where it is
	 * instead of copied, and a folded one unfolded there. NULL: values
	 * are copies. */
	char *own;
};

/* The chain of a lower-case name of len (>= 1) bytes: its length and its
 * first and last bytes, which tell apart the X- headers ("x-ms-...",
 * "x-gm-...", "x-ses-...": their lengths mostly) with no test of the
 * length first. Inline, like the wrappers below, so that for a literal
 * name the compiler works out the key and the length. */
static inline unsigned hdr_key_of(unsigned first, unsigned last, size_t len)
{
	return (first * 5u + last * 3u + (unsigned)len) & (HDR_CHAINS - 1);
}

static inline unsigned hdr_key(const char *lname, size_t len)
{
	return len ? hdr_key_of((unsigned char)lname[0], (unsigned char)lname[len - 1], len) : 0;
}

/* hdr_get() and hdr_next() from header i - 1 of lname's chain on (i >= 1),
 * with lname's length given; hdr_get_k16() for a length of 8 to 16 bytes
 * only, hdr_get_kx() for one of more (hdr_get() picks). */
const char *hdr_get_k(const struct header_list *hl, const char *lname, size_t len, unsigned i);
const char *hdr_get_k16(const struct header_list *hl, const char *lname, size_t len, unsigned i);
const char *hdr_get_kx(const struct header_list *hl, const char *lname, size_t len, unsigned i);
/* A value and its length (strlen()'s): hdr_get_n(), hdr_value_n(). */
struct hdr_span {
	const char *s;
	size_t n;
};
/* hdr_get_k() and friends for hdr_get_n(). */
struct hdr_span hdr_span_k(const struct header_list *hl, const char *lname, size_t len, unsigned i);
struct hdr_span hdr_span_k16(const struct header_list *hl, const char *lname, size_t len, unsigned i);
struct hdr_span hdr_span_kx(const struct header_list *hl, const char *lname, size_t len, unsigned i);
/* sp with its length measured: a decoded value (or one past 4 GB). */
struct hdr_span hdr_span_measure(struct hdr_span sp);
size_t hdr_next_k(const struct header_list *hl, const char *lname, size_t len, unsigned i);

/* First header called lname (lower-case), or NULL (also when out of
 * memory: the arena then remembers it, see view_failed()). A name whose
 * chain is empty (most of the ~80 lookups a message: X- headers of other
 * MTAs) is answered here, with no call. */
static inline const char *hdr_get(const struct header_list *hl, const char *lname)
{
	size_t len = strlen(lname);
	unsigned i = hl ? hl->first[hdr_key(lname, len)] : 0;

	if (!i)
		return NULL;
	/* (a function for each way names are compared: for a literal name,
	 * the choice is made at compile time) */
	return len < 8 ? hdr_get_k(hl, lname, len, i) : len <= 16 ? hdr_get_k16(hl, lname, len, i)
							    : hdr_get_kx(hl, lname, len, i);
}
/* The value of header i (< hl->n), made on first use, and its length
 * (n HDR_LEN_UNKNOWN when not kept: see hdr_value_span()); s NULL when
 * out of memory. */
struct hdr_span hdr_value_make(const struct header_list *hl, size_t i);
static inline const char *hdr_value(const struct header_list *hl, size_t i)
{
	const char *v = hl->h[i].value; /* made already: most calls, no call */

	return v ? v : hdr_value_make(hl, i).s;
}
/* hdr_value() and its length (strlen()'s; 0 when NULL). */
static inline struct hdr_span hdr_value_span(const struct header_list *hl, size_t i)
{
	const struct mail_header *h = &hl->h[i];
	struct hdr_span sp = h->value ? (struct hdr_span){h->value, h->value_len} : hdr_value_make(hl, i);

	/* (most values: measured as they were made) */
	return sp.n != HDR_LEN_UNKNOWN ? sp : hdr_span_measure(sp);
}
static inline const char *hdr_value_n(const struct header_list *hl, size_t i, size_t *len)
{
	struct hdr_span sp = hdr_value_span(hl, i);

	*len = sp.n;
	return sp.s;
}
/* hdr_get() and its value's length (strlen()'s), *vlen = 0 when NULL. */
static inline const char *hdr_get_n(const struct header_list *hl, const char *lname, size_t *vlen)
{
	size_t len = strlen(lname);
	unsigned i = hl ? hl->first[hdr_key(lname, len)] : 0;
	struct hdr_span sp = {NULL, 0};

	if (i)
		sp = len < 8 ? hdr_span_k(hl, lname, len, i) : len <= 16 ? hdr_span_k16(hl, lname, len, i)
								   : hdr_span_kx(hl, lname, len, i);
	*vlen = sp.n;
	return sp.s;
}
/* hdr_get_n() for a caller that reads the value by its length only (no
 * NUL after it needed): in a list whose values are copies (hl->own NULL:
 * the returned message's headers), a one-line value that decodes to
 * itself is given where it is in the text, trimmed, not copied nor kept
 * (most values there, read once); the others as hdr_get_n() makes them. */
struct hdr_span hdr_text_k(const struct header_list *hl, const char *lname, size_t len, unsigned i);
static inline const char *hdr_get_text(const struct header_list *hl, const char *lname, size_t *vlen)
{
	size_t len = strlen(lname);
	unsigned i = hl ? hl->first[hdr_key(lname, len)] : 0;
	struct hdr_span sp = {NULL, 0};

	if (i)
		sp = hdr_text_k(hl, lname, len, i);
	*vlen = sp.n;
	return sp.s;
}
/* Is h called lname (lower-case), in any case? */
bool hdr_is(const struct mail_header *h, const char *lname);
/* Every header called lname in order: start with at = 0; each call returns
 * the next one's index + 1 (the at for the call after), 0 when none is left. */
static inline size_t hdr_next(const struct header_list *hl, const char *lname, size_t at)
{
	size_t len = strlen(lname);
	/* along the chain of the name (a few headers, not all); its end
	 * answered here, as in hdr_get() */
	unsigned i = !hl ? 0 : at ? hl->h[at - 1].next : hl->first[hdr_key(lname, len)];

	return i ? hdr_next_k(hl, lname, len, i) : 0;
}

struct mail_view {
	struct header_list head;   /* the bounce's own headers */
	const char *content_type;  /* top-level media type, lower-case ("text/plain" if none) */
	const char *report_type;   /* report-type= parameter, lower-case, or "" */

	/* Human-readable text of the bounce: every text/plain part (text/html,
	 * tags stripped, when a multipart has no plain part) outside the returned
	 * message, decoded to UTF-8 with LF line ends, joined by blank lines. For
	 * a non-MIME message, its decoded body. Never NULL (may be ""). */
	const char *body;
	size_t body_len;

	/* The message/delivery-status or message/global-delivery-status part(s)
	 * (RFC 3464 / RFC 6533), decoded, LF line ends; NULL when none. */
	const char *dsn;
	size_t dsn_len;

	/* The message/feedback-report part (RFC 5965), or NULL. */
	const char *feedback;
	size_t feedback_len;

	/* Headers of the returned message: from message/rfc822,
	 * message/global, text/rfc822-headers or message/global-headers. */
	struct header_list orig;
	bool has_orig;
	/* The returned part as text (headers and whatever body was kept), for
	 * decoders that must search it; NULL when none. */
	const char *orig_text;
	size_t orig_len;

	/* hdr_get(&head, "subject") and "from", looked up once: decoders ask
	 * for them ~40 times per message (lhost_hdr()) */
	const char *subject, *from;
	size_t subject_len, from_len; /* their strlen() (0 when NULL) */

	bool truncated;            /* a limit was hit while building */
	void *priv;                /* storage of the strings above (view.c) */
};

/* fallback: charset assumed for raw 8-bit text that is not valid UTF-8
 * (NULL = "windows-1252"). NULL when out of memory. */
struct charset_cache *charset_cache_new(const char *fallback);
void charset_cache_free(struct charset_cache **cc);

/* Build v from len bytes of one message (any line ends; NULs allowed).
 * Returns 0, or -1 when out of memory (v is then freed). Malformed MIME is
 * never an error: the view holds whatever could be read, and limits set
 * v->truncated. */
int view_build(struct charset_cache *cc, const char *data, size_t len, struct mail_view *v);
void view_free(struct mail_view *v);
/* A buffer lent for one build (bounce_parse_buf()): the message's bytes at
 * data, data[0..cap) the build's to change, and when cap >= len +
 * BOUNCE_PARSE_PAD (bounce.h), those bytes defined, LF-only bytes are the
 * view's text where they are, and v refers to them until view_release(). */
struct view_lent {
	char *data;
	size_t cap;
};
/* view_build() with the arena of the view taken from *spare (NULL: a new one)
 * and, at view_release(), emptied and put back there when *spare is free
 * (else freed): for a caller that builds views one after another, the
 * arena's memory is allocated once. lent: NULL, or data's buffer
 * (lent->data == data), lent for the build. */
int view_build_reuse(struct charset_cache *cc, struct mime_arena **spare, const char *data, size_t len,
		     const struct view_lent *lent, struct mail_view *v);
void view_release(struct mail_view *v, struct mime_arena **spare);
/* Did making something of v on first use (a header value) run out of
 * memory? The parse is then to be dropped as PARSE_NOMEM. */
bool view_failed(const struct mail_view *v);

#endif
