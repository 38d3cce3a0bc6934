/* lhost-yahoo.c: Yahoo! Mail's "Sorry, we were unable to deliver your
 * message" text, with the remote reply after "Remote host said:".
 *
 * Marker strings follow Sisimai::Lhost::Yahoo, Copyright (C) 2014-2020
 * azumakuniyuki, All rights reserved; distributed under the BSD 2-Clause
 * License (see parse/THIRD-PARTY.md).
 */
#include <stdio.h>
#include <string.h>

#include "parse/lhost-providers.h"
#include "parse/text.h"

static const char *const yahoo_start[] = {"Sorry, we were unable to deliver your message", NULL};
static const char *const yahoo_end[] = {"--- Below this line is a copy of the message.", NULL};
static const char yahoo_said[] = "Remote host said:";

/* "... [RCPT_TO]" at the end names the SMTP command: keep it, drop the tag. */
static void
yahoo_command(struct bounce_record *r)
{
	char *open = strrchr(r->diagnosticcode, '[');
	size_t n;

	if (!open || strlen(open) < 6 || open[strlen(open) - 1] != ']')
		return;
	for (n = 1; open[n] >= 'A' && open[n] <= 'Z'; n++)
		;
	if (n != 5 || (open[n] != '_' && open[n] != ']'))
		return;
	(void)snprintf(r->command, sizeof(r->command), "%.4s", open + 1);
	while (open > r->diagnosticcode && open[-1] == ' ')
		open--;
	*open = '\0';
	lhost_diag_touched(r);
}

static void
yahoo_strip_said(struct bounce_record *r)
{
	const char *p = text_strstr(r->diagnosticcode, yahoo_said);
	size_t skip;

	if (!p)
		return;
	skip = (size_t)(p - r->diagnosticcode) + sizeof(yahoo_said) - 1;
	while (r->diagnosticcode[skip] == ' ')
		skip++;
	memmove(r->diagnosticcode, r->diagnosticcode + skip, strlen(r->diagnosticcode + skip) + 1);
	lhost_diag_touched(r);
}

enum lhost_verdict
lhost_yahoo_decode(const struct mail_view *v, struct parse_result *res)
{
	static const struct lhost_scan sc = {yahoo_start, yahoo_end, false, false};
	size_t first = res->n_records;
	size_t n;

	/* a person's Yahoo mail carries X-YMailISG too: the sender must be the daemon */
	if (!hdr_get(&v->head, "x-ymailisg") || !lhost_hdr_has(v, "from", "mailer-daemon"))
		return LHOST_PASS;
	n = lhost_cut_at(v->body, v->body_len, yahoo_end);
	if (!text_find(v->body, n, yahoo_start[0]))
		return LHOST_PASS;
	if (lhost_scan_text(v->body, n, &sc, res) < 0)
		return LHOST_NOMEM;
	for (size_t i = first; i < res->n_records; i++) {
		struct bounce_record *r = &res->records[i];

		yahoo_strip_said(r);
		yahoo_command(r);
		if (r->command[0] == '\0' && strchr(r->diagnosticcode, '@'))
			(void)snprintf(r->command, sizeof(r->command), "RCPT");
		lhost_fill_codes(r);
	}
	return res->n_records > first ? LHOST_MATCH : LHOST_PASS;
}
