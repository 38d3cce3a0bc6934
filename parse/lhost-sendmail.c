/* lhost-sendmail.c: bounces of V8 Sendmail ("Returned mail: see transcript
 * for details"): an RFC 3464 report plus the SMTP transcript in the text.
 *
 * Ported from Sisimai::Lhost::Sendmail (Sisimai 4.25.15),
 * Copyright (C) 2014-2021 azumakuniyuki, BSD 2-Clause License.
 */
#include <string.h>

#include "parse/lhost-mtas.h"
#include "parse/text.h"
#include "util/str.h"

struct sendmail_state {
	char command[8];                  /* last ">>> VERB" */
	char replies[BOUNCE_TEXT_MAX];    /* "<<< ..." lines, de-duplicated */
	char cmd_reply[BOUNCE_LINE_MAX];  /* the "<<< ..." right after the last ">>> " */
	bool after_cmd;
	char another_rcpt[BOUNCE_ADDR_MAX];
	char another_diag[BOUNCE_TEXT_MAX];
	char another_status[16];
	char rhost[BOUNCE_LINE_MAX];
	bool session_error;
};

/* Empty st: its strings get their first byte only (3 KB of texts,
 * written and read as strings) */
static void sendmail_state_init(struct sendmail_state *st)
{
	st->command[0] = '\0';
	st->replies[0] = '\0';
	st->cmd_reply[0] = '\0';
	st->after_cmd = false;
	st->another_rcpt[0] = '\0';
	st->another_diag[0] = '\0';
	st->another_status[0] = '\0';
	st->rhost[0] = '\0';
	st->session_error = false;
}

static void sendmail_text_line(struct sendmail_state *st, struct bounce_record *scratch,
			       struct lhost_line l)
{
	if (lhost_starts(l, ">>> ")) {
		struct lhost_line t = lhost_trim(lhost_skip(l, 4));

		char verb[8];

		/* RSET and QUIT after a failure say nothing about what failed */
		st->after_cmd = lhost_read_verb(t.s, t.n, verb, sizeof(verb)) &&
				strcmp(verb, "RSET") != 0 && strcmp(verb, "QUIT") != 0;
		if (st->after_cmd)
			(void)str_copy(st->command, sizeof(st->command), verb);
		return;
	}
	if (lhost_starts(l, "<<< ")) {
		struct lhost_line t = lhost_trim(lhost_skip(l, 4));

		/* text_find_n(), not memmem(): glibc's sets up its two-way
		 * search for every call, ~360 instructions for a short reply */
		if (t.n && !text_find_n(st->replies, strlen(st->replies), t.s, t.n))
			lhost_append(scratch, st->replies, sizeof(st->replies), t.s, t.n);
		if (st->after_cmd)
			lhost_set(scratch, st->cmd_reply, sizeof(st->cmd_reply), t.s, t.n);
		st->after_cmd = false;
		return;
	}
	st->after_cmd = false;
	if (st->session_error)
		return;
	if (lhost_starts(l, "... while talking to ")) {
		struct lhost_line h = lhost_skip(l, 21);

		while (h.n && (h.s[h.n - 1] == ':' || h.s[h.n - 1] == '.'))
			h.n--;
		lhost_set(scratch, st->rhost, sizeof(st->rhost), h.s, h.n);
		st->session_error = true;
		return;
	}
	if (l.n > 1 && l.s[0] == '<') {
		const char *gt = memchr(l.s, '>', l.n);

		if (gt && (size_t)(gt - l.s) + 4 < l.n && gt[1] == '.' && gt[2] == '.' &&
		    gt[3] == '.') {
			size_t k = (size_t)(gt - l.s) + 1;

			(void)text_extract_address(l.s, k, st->another_rcpt, sizeof(st->another_rcpt));
			while (k < l.n && l.s[k] == '.')
				k++;
			lhost_set(scratch, st->another_diag, sizeof(st->another_diag), l.s + k, l.n - k);
			return;
		}
	}
	if (l.n > 9 && (l.s[0] == '4' || l.s[0] == '5') && l.s[3] == ' ' &&
	    text_find_status(l.s + 4, l.n - 4 > 8 ? 8 : l.n - 4, st->another_status,
			     sizeof(st->another_status))) {
		lhost_append(scratch, st->another_diag, sizeof(st->another_diag), l.s, l.n);
		return;
	}
	if (lhost_starts(l, "Message: ") || lhost_starts(l, "Warning: "))
		lhost_append(scratch, st->another_diag, sizeof(st->another_diag), l.s, l.n);
}

static bool all_digits_or_blank(const char *s)
{
	for (; *s; s++)
		if (!(*s >= '0' && *s <= '9') && *s != ' ' && *s != '\t')
			return false;
	return true;
}

static void sendmail_fix(struct bounce_record *r, const struct sendmail_state *st)
{
	if (!r->command[0])
		(void)str_copy(r->command, sizeof(r->command), st->command[0] ? st->command :
							      st->replies[0] ? "EHLO" : "");
	if (st->another_diag[0] && all_digits_or_blank(r->diagnosticcode)) {
		(void)str_copy(r->diagnosticcode, sizeof(r->diagnosticcode), st->another_diag);
		lhost_diag_touched(r);
	}
	/* the remote server's own words win when they say more: its answer
	 * to the last command sent, else everything it said */
	if (st->cmd_reply[0]) {
		if (all_digits_or_blank(r->diagnosticcode)) {
			(void)str_copy(r->diagnosticcode, sizeof(r->diagnosticcode), st->cmd_reply);
			lhost_diag_touched(r);
		}
	} else if (st->replies[0] && strlen(st->replies) > strlen(r->diagnosticcode)) {
		(void)str_copy(r->diagnosticcode, sizeof(r->diagnosticcode), st->replies);
		lhost_diag_touched(r);
	}
	if (st->another_status[0] && !r->deliverystatus[0])
		(void)str_copy(r->deliverystatus, sizeof(r->deliverystatus), st->another_status);
	if (!r->rhost[0] && st->rhost[0])
		(void)str_copy(r->rhost, sizeof(r->rhost), st->rhost);
	if (!r->recipient[0] && st->another_rcpt[0]) {
		(void)str_copy(r->recipient, sizeof(r->recipient), st->another_rcpt);
		lhost_rcpt_touched(r);
	}
}

LHOST_MTA_DECODER(sendmail)
{
	const char *subject = lhost_hdr(v, "subject");
	size_t sl = v->subject_len; /* (0 for lhost_hdr()'s "") */
	struct sendmail_state st;
	struct bounce_record scratch;
	struct lhost_ds ds;
	struct lhost_cur c;
	struct lhost_line l;
	bool reading = false;

	if (!((sl >= 26 && strcmp(subject + sl - 26, "see transcript for details") == 0) ||
	      /* not Exim's "Warning: message X delayed 0 minutes" (lhost-exim.c) */
	      (strncmp(subject, "Warning: ", 9) == 0 && strncmp(subject, "Warning: message ", 17) != 0) ||
	      /* "Returned mail: User unknown" from a V8 sendmail: report + transcript */
	      (strncmp(subject, "Returned mail: ", 15) == 0 && v->dsn &&
	       text_find(v->body, v->body_len, "----- Transcript of session follows -----"))))
		return LHOST_PASS;
	if (hdr_get(&v->head, "x-aol-ip")) /* AOL's own format */
		return LHOST_PASS;

	sendmail_state_init(&st);
	lhost_record_empty(&scratch);
	lhost_ds_init(&ds, res);
	lhost_cur_init(&c, v, true);
	while (lhost_cur_next(&c, &l)) {
		int used;

		if (!reading && c.i == 0) {
			reading = lhost_starts(lhost_trim(l), "----- Transcript of session follows -----");
			continue;
		}
		used = lhost_ds_line(&ds, l);
		if (used < 0)
			return LHOST_NOMEM;
		if (used == 0 && l.n && l.s[0] != ' ' && l.s[0] != '\t')
			sendmail_text_line(&st, &scratch, l);
	}
	if (lhost_ds_count(&ds) == 0 && st.another_rcpt[0]) {
		if (!lhost_ds_new(&ds))
			return LHOST_NOMEM;
	}
	if (lhost_ds_count(&ds) == 0)
		return LHOST_PASS;
	for (size_t i = ds.first; i < res->n_records; i++)
		sendmail_fix(&res->records[i], &st);
	lhost_ds_finish(res, ds.first, &ds);
	return LHOST_MATCH;
}
