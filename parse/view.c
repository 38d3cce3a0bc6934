/* view.c: view_build(), the one entry of the parse core (see view.h).
 *
 * Order: copy and normalise line ends (LF, CRLF and CR-only mail must give
 * identical views; LF-only mail in a lent buffer is used where it is),
 * parse the top headers, walk the MIME tree, then fall back to html text
 * and to a returned message pasted inline in the body.
 */
#include <stdlib.h>
#include <string.h>

#include "parse/bounce.h"
#include "parse/mime.h"
#include "util/simd.h"
#include "parse/text.h"

/* Text parts that only look like a delivery-status report (mime.c): the
 * report when no part says it is one, else ordinary text after the rest. */
static void view_place_dsn_guess(struct mime_walk *w)
{
	if (w->dsn_guess.len == 0)
		return;
	if (w->dsn.len == 0) {
		struct mime_buf t = w->dsn;

		w->dsn = w->dsn_guess;
		w->dsn_guess = t;
		return;
	}
	if (w->body.len)
		mime_buf_add(&w->body, "\n\n", mime_buf_data(&w->body)[w->body.len - 1] == '\n' ? 1 : 2);
	mime_buf_add(&w->body, mime_buf_data(&w->dsn_guess), w->dsn_guess.len);
}

/* The text of collector b, for the view: a part of the message text it
 * refers to gets a NUL after it there (the byte is the line end before a
 * delimiter line, which nothing reads after the walk), else b's storage,
 * kept by the arena. NULL when out of memory. */
static const char *view_take(struct mime_walk *w, struct mime_buf *b, size_t *len_r)
{
	char *p;

	if (b->ref && b->ref >= w->text && b->ref + b->len <= w->text + w->text_len) {
		w->text[(size_t)(b->ref - w->text) + b->len] = '\0';
		*len_r = b->len;
		p = w->text + (b->ref - w->text);
		memset(b, 0, sizeof(*b));
		return p;
	}
	p = mime_buf_take(b, len_r);
	if (!p || !mime_arena_keep(w->arena, p))
		return NULL;
	return p;
}

static int view_finish_text(struct mime_walk *w, struct mail_view *v)
{
	const char *p;
	size_t n;

	if (w->body.len == 0 && w->n_html) { /* html text only serves when there is no plain */
		mime_collect_html(w);
		if (w->nomem || w->html.nomem)
			return -1;
	}
	if (w->body.len == 0 && w->html.len) {
		mime_html_strip(mime_buf_data(&w->html), w->html.len, &w->body);
		if (w->body.p && !w->body.nomem) {
			n = w->body.len;
			mime_text_normalise(w->body.p, &n);
			w->body.len = n;
		}
	}
	view_place_dsn_guess(w);
	/* every read of the message text by the walk is done: the NULs that
	 * end parts referred to can go in */
	if (w->orig_end)
		*w->orig_end = '\0';
	if (!(p = view_take(w, &w->body, &n)))
		return -1;
	v->body = p;
	v->body_len = n;
	if (w->dsn.len) {
		if (!(p = view_take(w, &w->dsn, &n)))
			return -1;
		v->dsn = p;
		v->dsn_len = n;
	}
	if (w->feedback.len) {
		if (!(p = view_take(w, &w->feedback, &n)))
			return -1;
		v->feedback = p;
		v->feedback_len = n;
	}
	return 0;
}

/* qmail, Sendmail, Exim and friends paste the returned message into the
 * body after a marker line; read its headers as the orig headers. */
static int view_inline_orig(struct mime_walk *w, struct mail_view *v)
{
	const char *start = text_orig_start_v(v->body, v->body_len, w->avx2);
	size_t n, body;

	if (!start)
		return 0;
	n = v->body_len - (size_t)(start - v->body);
	if (header_parse_v(w->arena, w->cc, start, n, true, &v->orig, &body, &w->truncated, w->avx2) < 0)
		return -1;
	if (v->orig.n == 0)
		return 0;
	v->has_orig = true;
	v->orig_text = start;
	v->orig_len = n;
	return 0;
}

static int view_top(struct mime_walk *w, struct mail_view *v, char *text, size_t len)
{
	struct header_ctype *ct;
	const char *value;
	size_t body = 0;

	if (header_parse_v(w->arena, w->cc, text, len, true, &v->head, &body, &w->truncated, w->avx2) < 0)
		return -1;
	/* the walk reads the body only, and nothing refers to this block */
	v->head.own = text;
	v->subject = hdr_get_n(&v->head, "subject", &v->subject_len);
	v->from = hdr_get_n(&v->head, "from", &v->from_len);
	/* in the arena, which the view owns: its type and report type are
	 * the view's as they are (no copy, no strlen()), the defaults
	 * constants */
	if (!(ct = mime_arena_array(w->arena, 1, sizeof(*ct))))
		return -1;
	value = hdr_get(&v->head, "content-type");
	w->head_ctype = value != NULL;
	header_parse_ctype(value, ct);
	v->content_type = ct->type[0] ? ct->type : "text/plain";
	v->report_type = ct->report_type;
	mime_walk_entity(w, &v->head, ct, text + body, len - body, 0);
	if (w->nomem || w->body.nomem || w->html.nomem || w->dsn.nomem || w->feedback.nomem ||
	    w->dsn_guess.nomem)
		return -1;
	if (view_finish_text(w, v) < 0)
		return -1;
	if (!v->has_orig && view_inline_orig(w, v) < 0)
		return -1;
	return 0;
}

/* mime_buf_free(b), called only when b has storage to free. */
static inline void view_buf_free(struct mime_buf *b)
{
	if (b->p)
		mime_buf_free(b);
}

/* The message text of the view, len bytes (*len: the length once
 * normalised) and a NUL: the lent buffer itself when there is one and its
 * bytes are normalised already (no CR, no NUL: LF-only mail), else a
 * normalised copy in the arena. The walk then writes into it (NULs that
 * end parts, unfolded headers). NULL when out of memory. */
static char *view_text(struct mime_walk *w, const char *data, size_t *len, const struct view_lent *lent)
{
	char *text;

	/* (cap > len: the pad is there; the scan reads it) */
	if (lent && lent->cap > *len && lent->cap - *len >= BOUNCE_PARSE_PAD &&
	    mime_text_is_normal(lent->data, *len, w->avx2, &w->text_ascii)) {
		lent->data[*len] = '\0';
		return lent->data;
	}
	if (!(text = mime_arena_text(w->arena, *len + 1)))
		return NULL;
	*len = mime_text_copy_normalised(text, data, *len, w->avx2, &w->text_ascii);
	return text;
}

/* view_build() into arena a (empty), which v then owns. */
static int view_build_in(struct charset_cache *cc, struct mime_arena *a, const char *data, size_t len,
			 const struct view_lent *lent, struct mail_view *v)
{
	struct mime_walk w;
	char *text;
	int rc;

	mime_zero(&w, sizeof(w));
	mime_zero(v, sizeof(*v));
	w.arena = a;
	if (!w.arena)
		return -1;
	w.cc = cc;
	w.v = v;
	w.avx2 = simd_avx2();
	v->priv = w.arena;
	text = view_text(&w, data, &len, lent);
	if (!text) {
		view_free(v);
		return -1;
	}
	w.text = text;
	w.text_len = len;
	rc = view_top(&w, v, text, len);
	/* (most collectors refer to the text or were taken: no storage) */
	view_buf_free(&w.body);
	view_buf_free(&w.html);
	free(w.html_parts);
	view_buf_free(&w.dsn);
	view_buf_free(&w.dsn_guess);
	view_buf_free(&w.feedback);
	if (rc < 0) {
		view_free(v);
		return -1;
	}
	v->truncated = w.truncated;
	return 0;
}

int view_build(struct charset_cache *cc, const char *data, size_t len, struct mail_view *v)
{
	return view_build_in(cc, mime_arena_new(), data, len, NULL, v);
}

int view_build_reuse(struct charset_cache *cc, struct mime_arena **spare, const char *data, size_t len,
		     const struct view_lent *lent, struct mail_view *v)
{
	struct mime_arena *a = *spare;

	*spare = NULL;
	return view_build_in(cc, a ? a : mime_arena_new(), data, len, lent, v);
}

void view_release(struct mail_view *v, struct mime_arena **spare)
{
	if (!v)
		return;
	if (v->priv && !*spare) {
		mime_arena_reset(v->priv);
		*spare = v->priv;
		mime_zero(v, sizeof(*v));
		return;
	}
	view_free(v);
}

bool view_failed(const struct mail_view *v)
{
	return mime_arena_failed(v->priv);
}

void view_free(struct mail_view *v)
{
	if (!v)
		return;
	mime_arena_free(v->priv);
	memset(v, 0, sizeof(*v));
}
