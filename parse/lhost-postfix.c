/* lhost-postfix.c: bounces of Postfix ("Undelivered Mail Returned to
 * Sender"): the "The mail system" text with one paragraph per recipient,
 * and usually an RFC 3464 part carrying X-Postfix-* fields.
 *
 * Ported from Sisimai::Lhost::Postfix (Sisimai 4.25.15),
 * Copyright (C) 2014-2021 azumakuniyuki, BSD 2-Clause License.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse/lhost-mtas.h"
#include "parse/text.h"
#include "util/str.h"

#define POSTFIX_MAX_PARAS 32
/* paragraphs held in the state itself: nearly every notice has one or
 * two, and the 80 KB for all of them are asked of malloc() only when a
 * third starts (a malloc() and free() of that size cost more than the
 * rest of a paragraph's reading) */
#define POSTFIX_FEW_PARAS 2
/* records whose report diagnostic is read only when kept (postfix_merge()) */
#define POSTFIX_LAZY_DIAGS 8

/* One "<rcpt> (expanded from <alias>): text" paragraph of the notice. */
struct postfix_para {
	struct bounce_record r; /* recipient, alias, diagnosticcode, command */
	/* "<rcpt>" in the notice, made r.recipient only when it is read
	 * (postfix_para_rcpt()): a notice of one paragraph goes with every
	 * record whatever its recipient is */
	const char *rcpt;
	size_t rcpt_n;
};

struct postfix_state {
	struct postfix_para *p; /* few, or POSTFIX_MAX_PARAS on the heap */
	struct postfix_para few[POSTFIX_FEW_PARAS];
	size_t n;
	bool open;       /* continuation lines still belong to p[n-1] */
	bool no_report;  /* "--- Delivery report unavailable ---" */
	bool nomem;      /* the heap had no room for more paragraphs */
};

/* The first line of the notice: "The mail system", "This is the Postfix
 * program at host ...", or a site's own name for it. */
static bool postfix_is_start(struct lhost_line l)
{
	struct lhost_line t;

	/* a start has a blank first ("The ...", indented) or a 'T' ("This
	 * is the ..."): most lines are refused by their first byte, not
	 * after a trim of both ends */
	if (l.n == 0 || (l.s[0] != ' ' && l.s[0] != 'T'))
		return false;
	t = lhost_trim(l);
	if (lhost_starts(t, "The ") && (lhost_ends(t, " program") || lhost_ends(t, "mail system")))
		return l.s[0] == ' ';
	/* the usual start ("This is the mail system at host ...") told by
	 * its first bytes, before a search of the line for " program" */
	if (lhost_starts(t, "This is the ") && l.s[0] == 'T')
		return lhost_starts(t, "This is the mail system at host") || lhost_has(t, " program");
	return false;
}

#define POSTFIX_REPLY "in reply to "
#define POSTFIX_REPLY_END "in reply to end of "

/* "(in reply to RCPT TO command)", "(in reply to end of DATA command)":
 * the verb after the first "in reply to end of " if it reads, else the
 * one after the first "in reply to " (n: strlen(text)). Both start "in
 * reply to ": one search for it, and where it is not followed by "end
 * of ", one for the longer lead in the few bytes after it alone (it is
 * at a paragraph's end), instead of two searches with their setup. */
static void postfix_command(struct bounce_record *r, const char *text, size_t n)
{
	const size_t k = sizeof(POSTFIX_REPLY) - 1, ke = sizeof(POSTFIX_REPLY_END) - 1;
	const char *at, *end = text + n, *e;

	if (r->command[0])
		return;
	at = text_find_n(text, n, POSTFIX_REPLY, k);
	if (!at)
		return;
	if ((size_t)(end - at) >= ke && memcmp(at + k, &POSTFIX_REPLY_END[k], ke - k) == 0)
		e = at;
	else
		e = (size_t)(end - at - k) >= ke ? text_find_n(at + k, (size_t)(end - at) - k, POSTFIX_REPLY_END, ke)
						 : NULL;
	if (e && lhost_read_verb(e + ke, (size_t)(end - e) - ke, r->command, sizeof(r->command)))
		return;
	/* after at: "end of ..." reads as no verb */
	(void)lhost_read_verb(at + k, (size_t)(end - at) - k, r->command, sizeof(r->command));
}

/* "<rcpt>: text", "<rcpt> (expanded from <alias>): text", the latter
 * sometimes broken after "(expanded from"; a stray blank or two may lead. */
static bool postfix_para_start(struct postfix_state *st, struct lhost_line l)
{
	struct lhost_line t = lhost_trim(l);
	const char *gt;
	struct postfix_para *p;

	if (st->n >= POSTFIX_MAX_PARAS || t.n < 4 || t.s[0] != '<' || t.s - l.s >= 4)
		return false;
	gt = memchr(t.s, '>', t.n);
	if (!gt || !memchr(t.s, '@', (size_t)(gt - t.s)) || gt + 1 >= t.s + t.n ||
	    (gt[1] != ':' && !lhost_starts(lhost_skip(t, (size_t)(gt - t.s) + 1), " (expanded from")))
		return false;
	if (st->n == POSTFIX_FEW_PARAS && st->p == st->few) {
		struct postfix_para *all = malloc(POSTFIX_MAX_PARAS * sizeof(*all));

		if (!all) {
			st->nomem = true;
			return false;
		}
		memcpy(all, st->few, sizeof(st->few));
		st->p = all;
	}
	p = &st->p[st->n++];
	lhost_record_empty(&p->r);
	p->rcpt = t.s;
	p->rcpt_n = (size_t)(gt - t.s) + 1;
	lhost_set(&p->r, p->r.diagnosticcode, sizeof(p->r.diagnosticcode), gt + 1,
		  (size_t)(t.s + t.n - gt - 1));
	st->open = true;
	return true;
}

/* The paragraph is whole: take "(expanded from <alias>):" and the colon
 * off the front of its text, and the blanks after them. The rest was made
 * by lhost_set() and lhost_append() alone: text_copy_trim()'s words with
 * single spaces, or a prefix of them (a cut, a NUL in the text), so it is
 * trimmed unless it ends in a space, and is then copied trimmed; else it
 * moves to the front as it is (no text_is_trimmed() scan of it). */
static void postfix_para_end(struct postfix_para *p)
{
	char *d = p->r.diagnosticcode;
	const char *e;
	size_t from = 0, n;
	/* known trimmed (lhost_set()): so is what follows the front taken off */
	bool trimmed = (p->r.flags & LHOST_F_DIAG_TRIM) != 0;

	/* (a text that starts neither way is told by its first byte) */
	if ((d[0] == ' ' || d[0] == '(') &&
	    (strncmp(d, " (expanded from", 15) == 0 || strncmp(d, "(expanded from", 14) == 0)) {
		e = text_strstr(d, ">):");
		if (!e)
			return;
		(void)text_extract_address(d, (size_t)(e - d + 1), p->r.alias, sizeof(p->r.alias));
		from = (size_t)(e + 3 - d);
	} else if (d[0] == ':') {
		from = 1;
	}
	while (d[from] == ' ' || d[from] == '\t' || d[from] == '\r' || d[from] == '\n')
		from++;
	n = strlen(d + from);
	if (n == 0 || d[from + n - 1] != ' ') {
		memmove(d, d + from, n + 1);
		if (trimmed)
			lhost_diag_known(&p->r, n);
		else
			lhost_diag_touched(&p->r);
	} else {
		char tmp[BOUNCE_TEXT_MAX];

		(void)text_copy_trim(tmp, sizeof(tmp), d + from, n);
		memcpy(d, tmp, strlen(tmp) + 1);
		lhost_diag_touched(&p->r);
	}
}

#define POSTFIX_NO_REPORT "--- Delivery report unavailable ---"

/* Can l start a paragraph? The first test of postfix_para_start(): most
 * lines of the notice fail it. */
static bool postfix_para_may_start(const struct postfix_state *st, struct lhost_line l)
{
	size_t k = 0;

	/* the blanks before a '<' counted up to four, and the line's end
	 * trimmed only then: most lines (indented by four, or text) are
	 * refused by their first bytes, not by a trim of both ends */
	while (k < 4 && k < l.n && lhost_low_in(l.s[k], LHOST_BLANKS))
		k++;
	if (st->n >= POSTFIX_MAX_PARAS || k == 4 || k >= l.n || l.s[k] != '<')
		return false;
	return lhost_trim(l).n >= 4;
}

/* No paragraph open: the lines up to the next that may start one are
 * left unread (postfix_text_line() would leave each at once), found by
 * their '<' (up to three blanks after a line's start): the cursor is set
 * to that line's start, or to the end. The notice's prose is passed in
 * one memchr() instead of a line step and test per line. */
static void postfix_skip_to_para(struct lhost_cur *c)
{
	const char *p = c->p, *end = c->end;

	while (p < end) {
		const char *q = memchr(p, '<', (size_t)(end - p)), *j;

		if (!q)
			break;
		for (j = q; q - j < 3 && j > c->p && (j[-1] == ' ' || j[-1] == '\t'); j--)
			;
		if (j == c->p || j[-1] == '\n') {
			c->p = j;
			return;
		}
		p = q + 1;
	}
	c->p = end;
}

/* A line after the notice's start. One the notice does not use (no
 * paragraph open, none starting) is left at once: the marker it may have
 * only sets no_report, which the decoder works out from the whole text
 * when it needs it (postfix_no_report()), instead of a search per line. */
static void postfix_text_line(struct postfix_state *st, struct lhost_line l)
{
	bool may = postfix_para_may_start(st, l);

	if (!st->open && !may)
		return;
	/* (a line without a '-' has not the marker: most are refused by a
	 * memchr(), not a search for the whole of it) */
	if (l.n >= sizeof(POSTFIX_NO_REPORT) - 1 && memchr(l.s, '-', l.n) && lhost_has(l, POSTFIX_NO_REPORT)) {
		st->no_report = true;
		return;
	}
	/* postfix_para_start() refuses a line may refused, first thing */
	if (may && postfix_para_start(st, l))
		return;
	if (!st->open || st->n == 0)
		return;
	if (lhost_trim(l).n == 0) {
		st->open = false;
		return;
	}
	/* continuation lines are indented by four blanks; some relays lose the
	 * indent, so any line up to the blank one belongs to the paragraph */
	LHOST_APPEND(&st->p[st->n - 1].r, diagnosticcode, l);
}

/* The paragraph's recipient, read from the notice the first time. */
static const char *postfix_para_rcpt(struct postfix_para *p)
{
	if (p->rcpt) {
		(void)text_extract_address(p->rcpt, p->rcpt_n, p->r.recipient, sizeof(p->r.recipient));
		p->rcpt = NULL;
	}
	return p->r.recipient;
}

static const struct postfix_para *postfix_para_for(struct postfix_state *st, const struct bounce_record *r,
						   size_t idx)
{
	/* one paragraph is the one below, whether or not its recipient is r's */
	if (st->n == 1)
		return &st->p[0];
	for (size_t i = 0; i < st->n; i++) {
		const char *pr = postfix_para_rcpt(&st->p[i]);

		if (strcasecmp(pr, r->recipient) == 0 || (r->alias[0] && strcasecmp(pr, r->alias) == 0))
			return &st->p[i];
	}
	if (idx < st->n)
		return &st->p[idx];
	return st->n ? &st->p[st->n - 1] : NULL;
}

static bool digits_only(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* Merge the notice's paragraph into the DSN record i: the paragraph
 * carries the remote server's full reply, the DSN often only a generic
 * status. The report's own diagnostic is read only where it is kept or
 * must be measured: most are replaced by the paragraph's (lhost_diag_copy():
 * both hold BOUNCE_TEXT_MAX bytes, so it is never cut), and are known to
 * be longer than it without reading (lhost_ds_diag_lazy()). */
static void postfix_merge(struct lhost_ds *ds, size_t i, const struct postfix_para *p)
{
	struct bounce_record *r = &ds->res->records[i];
	const char *pd = p->r.diagnosticcode;
	size_t pl = lhost_diag_len(&p->r);
	size_t bound = 0;
	char st[16] = "", rc[4] = "";
	bool better = false;
	/* unread: not empty nor all digits, and bound bytes at most */
	bool lazy = pd[0] && lhost_ds_diag_lazy(ds, i, &bound);

	if (!pd[0]) {
		lhost_ds_diag_read(ds, i); /* kept */
		goto out;
	}
	if (!lazy && (!r->diagnosticcode[0] || digits_only(r->diagnosticcode))) {
		lhost_diag_copy(r, &p->r);
		goto out;
	}
	if (!r->deliverystatus[0] || strcmp(r->deliverystatus + 1, ".0.0") == 0) {
		if (text_find_status(pd, pl, st, sizeof(st)) && strcmp(st + 1, ".0.0") != 0) {
			(void)str_copy(r->deliverystatus, sizeof(r->deliverystatus), st);
			better = true;
		}
	}
	if (!r->replycode[0] || strcmp(r->replycode + 1, "00") == 0) {
		if (text_find_replycode(pd, pl, rc, sizeof(rc)) && strcmp(rc + 1, "00") != 0) {
			(void)str_copy(r->replycode, sizeof(r->replycode), rc);
			if (lazy && pl <= bound) {
				lhost_ds_diag_read(ds, i);
				lazy = false;
			}
			if (lazy || pl > strlen(r->diagnosticcode))
				better = true;
		}
	}
	if (better) {
		lhost_ds_diag_drop(ds, i);
		lhost_diag_copy(r, &p->r);
	} else if (lazy) {
		lhost_ds_diag_read(ds, i); /* kept */
	}
out:
	postfix_command(r, pd, pl);
	if (!r->alias[0] && p->r.alias[0])
		(void)str_copy(r->alias, sizeof(r->alias), p->r.alias);
}

/* RFC 3464 fields in the text, after the notice starts. */
static int postfix_body_fields(const struct mail_view *v, struct lhost_ds *ds)
{
	struct lhost_cur c;
	struct lhost_line l;
	bool reading = false;

	lhost_cur_init(&c, v, false);
	while (lhost_cur_next(&c, &l)) {
		if (!reading) {
			reading = postfix_is_start(l);
			continue;
		}
		if (lhost_ds_line(ds, l) < 0)
			return -1;
	}
	return 0;
}

/* "X-Postfix-Queue-ID:" or "X-Postfix-Sender:" in the report: one search
 * for the start they share, and what follows it where it is (most reports
 * that are not Postfix's have neither: one pass, not two) */
static bool postfix_dsn_fields(const char *s, size_t n)
{
	const char *end = s + n;

	for (const char *p = s; (p = text_find_n(p, (size_t)(end - p), "X-Postfix-", 10)) != NULL; p += 10) {
		size_t left = (size_t)(end - p) - 10;

		if ((left >= 9 && memcmp(p + 10, "Queue-ID:", 9) == 0) ||
		    (left >= 7 && memcmp(p + 10, "Sender:", 7) == 0))
			return true;
	}
	return false;
}

/* Has a line after the start (the body from after on) the marker? It has
 * no line break, so it is in one line wherever it is found. */
static bool postfix_no_report(const struct mail_view *v, bool reading, size_t after)
{
	return reading && after < v->body_len &&
	       text_find_n(v->body + after, v->body_len - after, POSTFIX_NO_REPORT, sizeof(POSTFIX_NO_REPORT) - 1);
}

static bool postfix_match(const struct mail_view *v)
{
	const char *subject = lhost_hdr(v, "subject");

	/* also when a filter tags the subject ("[SPAM] Undelivered Mail ...") */
	if (!LHOST_STR_HAS(subject, "Undelivered Mail Returned to Sender", 0) &&
	    !(v->dsn && postfix_dsn_fields(v->dsn, v->dsn_len)))
		return false;
	/* AOL's own format: looked up last, as most messages fail above */
	return !hdr_get(&v->head, "x-aol-ip");
}

LHOST_MTA_DECODER(postfix)
{
	struct postfix_state state, *st = &state;
	struct lhost_ds ds;
	struct lhost_ds_diag diags[POSTFIX_LAZY_DIAGS];
	struct lhost_cur c;
	struct lhost_line l;
	bool reading = false;
	enum lhost_verdict ret = LHOST_MATCH;
	size_t after = 0; /* where the lines after the start begin in the body */

	if (!postfix_match(v))
		return LHOST_PASS;
	/* the counters only: each paragraph is cleared when opened */
	st->p = st->few;
	st->n = 0;
	st->open = st->no_report = st->nomem = false;
	lhost_cur_init(&c, v, false);
	while (lhost_cur_next(&c, &l)) {
		if (!reading) {
			if ((reading = postfix_is_start(l))) {
				after = lhost_cur_off(&c);
				postfix_skip_to_para(&c);
			}
			continue;
		}
		postfix_text_line(st, l);
		if (!st->open)
			postfix_skip_to_para(&c);
	}
	if (st->nomem)
		goto nomem;
	for (size_t i = 0; i < st->n; i++)
		postfix_para_end(&st->p[i]);
	lhost_ds_init(&ds, res);
	lhost_ds_defer_diag(&ds, diags, POSTFIX_LAZY_DIAGS);
	/* the report, or its fields pasted into the text of a forwarded notice */
	if (v->dsn && lhost_ds_text(&ds, v->dsn, v->dsn_len) < 0)
		goto nomem;
	if (!v->dsn && postfix_body_fields(v, &ds) < 0)
		goto nomem;
	if (lhost_ds_count(&ds) == 0) {
		/* no report: the notice's paragraphs are all there is */
		for (size_t i = 0; i < st->n; i++) {
			struct bounce_record *r = lhost_ds_new(&ds);

			if (!r)
				goto nomem;
			(void)postfix_para_rcpt(&st->p[i]);
			lhost_rcpt_copy(r, &st->p[i].r);
		}
	}
	if (lhost_ds_count(&ds) == 0 && v->has_orig && (st->no_report || postfix_no_report(v, reading, after))) {
		const char *to = hdr_get(&v->orig, "to");
		struct bounce_record *r;

		if (to) {
			if (!(r = lhost_ds_new(&ds)))
				goto nomem;
			(void)lhost_set_addr(r, false, to, strlen(to));
		}
	}
	for (size_t i = ds.first; i < res->n_records; i++) {
		struct bounce_record *r = &res->records[i];
		const struct postfix_para *p = postfix_para_for(st, r, i - ds.first);

		size_t dl;

		if (p)
			postfix_merge(&ds, i, p);
		else
			lhost_ds_diag_read(&ds, i);
		dl = lhost_diag_len(r); /* kept by its setter, or measured once, for both searches */
		if (!r->command[0] && text_find(r->diagnosticcode, dl, "refused to talk to me:"))
			STR_COPY_LIT(r->command, "HELO");
		/* (most types, "smtp", are told from "X-Postfix" by their first byte) */
		if (((r->diagnostictype[0] | 0x20) == 'x' && !strcasecmp(r->diagnostictype, "X-Postfix")) ||
		    text_find(r->diagnosticcode, dl, " said:"))
			STR_COPY_LIT(r->diagnostictype, "SMTP");
	}
	if (lhost_ds_finish(res, ds.first, &ds) == 0)
		ret = LHOST_PASS;
	if (st->p != st->few)
		free(st->p);
	return ret;
nomem:
	if (st->p != st->few)
		free(st->p);
	return LHOST_NOMEM;
}
