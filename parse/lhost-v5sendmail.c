/* lhost-v5sendmail.c: bounces of Sendmail version 5 and its descendants
 * ("Returned mail: User unknown"): a transcript, no RFC 3464 part, and the
 * message pasted after "----- Unsent message follows -----".
 *
 * Ported from Sisimai::Lhost::V5sendmail (Sisimai 4.25.15),
 * Copyright (C) 2014-2021 azumakuniyuki, BSD 2-Clause License.
 */
#include <stdlib.h>
#include <string.h>

#include "parse/lhost-mtas.h"
#include "parse/text.h"
#include "util/str.h"

#define V5_MAX 64

static const char *const v5_stops[] = {
	"----- Unsent message follows -----", "----- No message was collected -----", NULL,
};

struct v5_state {
	char command[V5_MAX][8];        /* ">>> VERB" before recipient i */
	char reply[V5_MAX][BOUNCE_LINE_MAX]; /* "<<< text" before recipient i */
	char another[BOUNCE_TEXT_MAX];
	char another_code[4];
	bool session_error;
};

static bool v5_starts_with_code(const char *d)
{
	return d[0] >= '2' && d[0] <= '5' && d[1] >= '0' && d[1] <= '9' && d[2] >= '0' &&
	       d[2] <= '9' && (d[3] == ' ' || d[3] == '\0');
}

/* "554 <a@b>... 550 Host unknown": the code after the dots is the remote
 * server's, the leading one sendmail's own; prefer the remote one. */
static void v5_replycode(struct bounce_record *r, struct lhost_line l)
{
	const char *d = r->diagnosticcode;

	(void)str_copyn(r->replycode, sizeof(r->replycode), v5_starts_with_code(d) ? d : l.s, 3);
}

/* "550 <user@example.org>... User unknown" */
static bool v5_rcpt_line(struct lhost_line l, struct bounce_record *r)
{
	const char *lt, *gt;

	if (l.n < 10 || l.s[0] < '2' || l.s[0] > '5' || l.s[3] != ' ')
		return false;
	lt = memchr(l.s, '<', l.n);
	gt = lt ? memchr(lt, '>', (size_t)(l.s + l.n - lt)) : NULL;
	/* '<' inside the code ("55< <a@b>..."): not a recipient line, and no
	 * negative length for the blanks between the two */
	if (!lt || lt < l.s + 3 || !gt || gt + 3 >= l.s + l.n || strncmp(gt, ">...", 4) != 0 ||
	    lhost_trim((struct lhost_line){l.s + 3, (size_t)(lt - l.s - 3)}).n != 0)
		return false;
	if (!lhost_set_addr(r, false, lt, (size_t)(gt - lt + 1)))
		return false;
	lhost_set(r, r->diagnosticcode, sizeof(r->diagnosticcode), gt + 4,
		  (size_t)(l.s + l.n - gt - 4));
	v5_replycode(r, l);
	return true;
}

static void v5_other_line(struct v5_state *st, struct bounce_record *scratch, struct lhost_line l)
{
	if (st->session_error)
		return;
	if (l.s[0] == '.' && lhost_has(l, " while talking to ") && lhost_ends(l, ":")) {
		st->session_error = true;
		return;
	}
	if (l.n > 4 && l.s[0] >= '2' && l.s[0] <= '5' && l.s[3] == ' ' && lhost_has(l, "...")) {
		const char *dots = text_find(l.s, l.n, "...");

		while (dots < l.s + l.n && *dots == '.')
			dots++;
		lhost_set(scratch, st->another, sizeof(st->another), dots, (size_t)(l.s + l.n - dots));
		v5_replycode(scratch, l); /* scratch->diagnosticcode is empty: the line's code */
		(void)str_copy(st->another_code, sizeof(st->another_code), scratch->replycode);
	}
}

/* No recipient in the transcript: the To: of the pasted message. */
static int v5_to_from_copy(const struct mail_view *v, struct lhost_ds *ds)
{
	struct lhost_cur c;
	struct lhost_line l;
	bool copy = false;

	lhost_cur_init(&c, v, false);
	while (lhost_cur_next(&c, &l)) {
		if (!copy) {
			copy = lhost_has_any(l, v5_stops) >= 0;
			continue;
		}
		if (lhost_starts_ci(lhost_trim(l), "To:")) {
			struct lhost_line t = lhost_skip(lhost_trim(l), 3);
			struct bounce_record *r = lhost_ds_new(ds);

			if (!r)
				return -1;
			(void)lhost_set_addr(r, false, t.s, t.n);
			return 0;
		}
	}
	return 0;
}

/* 18 KB: empty strings, not zeroed bytes (calloc's memset cost more than
 * the rest of the decoder) */
static struct v5_state *v5_state_new(void)
{
	struct v5_state *st = malloc(sizeof(*st));

	if (!st)
		return NULL;
	for (size_t i = 0; i < V5_MAX; i++)
		st->command[i][0] = st->reply[i][0] = '\0';
	st->another[0] = st->another_code[0] = '\0';
	st->session_error = false;
	return st;
}

LHOST_MTA_DECODER(v5sendmail)
{
	const char *subject = lhost_hdr(v, "subject");
	struct v5_state *st;
	struct bounce_record scratch;
	struct lhost_ds ds;
	struct lhost_cur c;
	struct lhost_line l;
	bool reading = false;
	size_t n = 0;

	if (strncmp(subject, "Returned mail: ", 15) != 0 || subject[15] < 'A' || subject[15] > 'Z')
		return LHOST_PASS;
	if (!text_find(v->body, v->body_len, "----- Unsent message follows -----") &&
	    !text_find(v->body, v->body_len, "----- No message was collected -----"))
		return LHOST_PASS;
	st = v5_state_new();
	if (!st)
		return LHOST_NOMEM;
	lhost_record_empty(&scratch);
	lhost_ds_init(&ds, res);
	lhost_cur_init(&c, v, false);
	while (lhost_cur_next(&c, &l)) {
		struct bounce_record tmp, *r;

		if (!reading) {
			reading = lhost_has(l, "----- Transcript of session follows -----");
			continue;
		}
		if (lhost_has_any(l, v5_stops) >= 0)
			break;
		if (l.n == 0)
			continue;
		lhost_record_empty(&tmp);
		if (v5_rcpt_line(l, &tmp)) {
			if (!(r = lhost_ds_new(&ds)))
				goto nomem;
			*r = tmp;
			if (n < V5_MAX && st->reply[n][0]) {
				char joined[BOUNCE_TEXT_MAX];

				/* "User unknown: <<< the server's reply" */
				if (str_printf(joined, sizeof(joined), "%s: %s", r->diagnosticcode, st->reply[n]))
					r->flags |= BOUNCE_F_TRUNCATED;
				(void)str_copy(r->diagnosticcode, sizeof(r->diagnosticcode), joined);
				lhost_diag_touched(r);
				/* "<<< 550 Insecure Mail Relay": the remote server's own
				 * code, as above, over sendmail's "554 ... Remote protocol
				 * error"; but not a 500-509 syntax complaint about a command,
				 * which says nothing of this recipient */
				if (v5_starts_with_code(st->reply[n]) &&
				    !(st->reply[n][0] == '5' && st->reply[n][1] == '0'))
					(void)str_copyn(r->replycode, sizeof(r->replycode), st->reply[n], 3);
			}
			n++;
			st->session_error = false;
		} else if (lhost_starts(l, ">>>")) {
			struct lhost_line t = lhost_trim(lhost_skip(l, 3));

			if (n < V5_MAX)
				(void)lhost_read_verb(t.s, t.n, st->command[n], sizeof(st->command[n]));
		} else if (lhost_starts(l, "<<< ")) {
			if (n < V5_MAX)
				lhost_set(&scratch, st->reply[n], sizeof(st->reply[n]), l.s + 4, l.n - 4);
		} else {
			v5_other_line(st, &scratch, l);
		}
	}
	if (lhost_ds_count(&ds) == 0 && v5_to_from_copy(v, &ds) < 0)
		goto nomem;
	for (size_t i = ds.first; i < res->n_records; i++) {
		struct bounce_record *r = &res->records[i];
		size_t k = i - ds.first;

		if (k < V5_MAX)
			(void)str_copy(r->command, sizeof(r->command), st->command[k]);
		if (!r->diagnosticcode[0]) {
			(void)str_copy(r->diagnosticcode, sizeof(r->diagnosticcode),
				       st->another[0] ? st->another : k < V5_MAX ? st->reply[k] : "");
			lhost_diag_touched(r);
			if (!r->replycode[0] && st->another[0])
				(void)str_copy(r->replycode, sizeof(r->replycode), st->another_code);
		}
	}
	free(st);
	lhost_default_action(res, ds.first, "failed"); /* a returned message */
	return lhost_finish(res, ds.first, NULL, 0) ? LHOST_MATCH : LHOST_PASS;
nomem:
	free(st);
	return LHOST_NOMEM;
}
