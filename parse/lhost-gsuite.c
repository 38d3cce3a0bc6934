/* lhost-gsuite.c: Google Workspace (G Suite) bounces: a DSN part whose
 * Diagnostic-Code is often missing or bare, while the text part ("**
 * Address not found **", "The response from the remote server was:")
 * carries the reply and Google's own explanation.
 *
 * Marker strings and the reason table follow Sisimai::Lhost::GSuite,
 * Copyright (C) 2017-2020 azumakuniyuki, All rights reserved; distributed
 * under the BSD 2-Clause License (see parse/THIRD-PARTY.md).
 */
#include <string.h>

#include "parse/lhost-providers.h"
#include "parse/text.h"

#define GSUITE_TEXT_LINES 24 /* the explanation is a few lines; stop well after */

static const struct lhost_reason_row gsuite_reasons[] = {
	{REASON_USERUNKNOWN,
	 "because the address couldn't be found. Check for typos or unnecessary spaces and try again."},
	{REASON_NOTACCEPT, "Null MX"},
	{REASON_NETWORKERROR, " had no relevant answers."},
	{REASON_NETWORKERROR, " responded with code NXDOMAIN"},
	{REASON_UNDEFINED, NULL},
};

/* The explanation in the text part, from the "** Title **" line on. */
static void
gsuite_text(const struct mail_view *v, struct bounce_record *into)
{
	const char *pos = v->body, *line;
	size_t ll, tl;
	int taken = 0;
	bool reading = false;

	while (text_next_line(v->body, v->body_len, &pos, &line, &ll) && taken < GSUITE_TEXT_LINES) {
		const char *t = lhost_ltrim(line, ll, &tl);

		if (!reading) {
			reading = tl > 6 && lhost_starts(lhost_ln(t, tl), "** ") && t[tl - 1] == '*' && t[tl - 2] == '*';
			if (!reading)
				continue;
		}
		if (tl == 0)
			continue;
		lhost_diag_add(into, t, tl);
		taken++;
	}
}

static bool
gsuite_vague(const char *code, const char *vague1, const char *vague2)
{
	return code[0] == '\0' || strcmp(code, vague1) == 0 || strcmp(code, vague2) == 0;
}

/* Fills r's vague status, reply code or empty diagnostic from the text;
 * true when r's diagnostic is now the text's. */
static bool
gsuite_fix(struct bounce_record *r, const struct bounce_record *text)
{
	char st[16], rc[4];
	size_t tl = strlen(text->diagnosticcode);
	bool better = false;

	if (!text->diagnosticcode[0])
		return false;
	if (gsuite_vague(r->deliverystatus, "5.0.0", "4.0.0") &&
	    text_find_status(text->diagnosticcode, tl, st, sizeof(st)) && strcmp(st + 1, ".0.0") != 0) {
		memcpy(r->deliverystatus, st, sizeof(st));
		better = true;
	}
	if (gsuite_vague(r->replycode, "500", "400") &&
	    text_find_replycode(text->diagnosticcode, tl, rc, sizeof(rc)) && strcmp(rc + 1, "00") != 0) {
		memcpy(r->replycode, rc, sizeof(rc));
		better = true;
	}
	if (!r->diagnosticcode[0] || better) {
		lhost_diag_copy(r, text);
		return true;
	}
	return false;
}

enum lhost_verdict
lhost_gsuite_decode(const struct mail_view *v, struct parse_result *res)
{
	struct bounce_record text;
	size_t first = res->n_records;
	int text_found;

	if (!v->dsn || !hdr_get(&v->head, "x-gm-message-state") ||
	    !lhost_hdr_has(v, "from", "<mailer-daemon@googlemail.com>") ||
	    !lhost_hdr_has(v, "subject", "Delivery Status Notification"))
		return LHOST_PASS;
	if (lhost_scan_fields(v->dsn, v->dsn_len, NULL, res) < 0)
		return LHOST_NOMEM;
	lhost_record_empty(&text);
	gsuite_text(v, &text);
	text_found = -1; /* not searched yet */
	for (size_t i = first; i < res->n_records; i++) {
		struct bounce_record *r = &res->records[i];

		/* a diagnostic copied from the text finds what the text finds:
		 * the text is searched once, when a record needs it */
		bool copied = gsuite_fix(r, &text);

		/* Google's explanation may name the reason when the reply does not */
		if (copied || !lhost_reason_by_text(r, gsuite_reasons, "gsuite")) {
			if (text_found < 0)
				text_found = lhost_reason_by_text(&text, gsuite_reasons, "gsuite");
			if (text_found) {
				r->reason = text.reason;
				memcpy(r->rule, text.rule, sizeof(r->rule));
			}
		}
		lhost_fill_codes(r);
	}
	return res->n_records > first ? LHOST_MATCH : LHOST_PASS;
}
