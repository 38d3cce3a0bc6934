/* lhost-einsundeins.c: 1&1 (kundenserver.de) bounces, an Exim-like text
 * ending at "--- The header of the original message is following. ---".
 *
 * Marker strings follow Sisimai::Lhost::EinsUndEins, Copyright (C)
 * 2014-2020 azumakuniyuki, All rights reserved; distributed under the BSD
 * 2-Clause License (see parse/THIRD-PARTY.md).
 */
#include <string.h>

#include "parse/lhost-providers.h"
#include "parse/text.h"

static const char *const eins_start[] = {"This message was created automatically by mail delivery software", NULL};
static const char *const eins_end[] = {"--- The header of the original message is following. ---", NULL};

static const struct lhost_reason_row eins_reasons[] = {
	{REASON_MESGTOOBIG, "Mail size limit exceeded"},
	{REASON_UNDEFINED, NULL},
};

/* Drop the "For the following reason:" lead-in. */
static void
eins_strip_lead(struct bounce_record *r)
{
	static const char lead[] = "For the following reason:";
	size_t skip = sizeof(lead) - 1;

	if (strncmp(r->diagnosticcode, lead, skip) != 0)
		return;
	while (r->diagnosticcode[skip] == ' ')
		skip++;
	memmove(r->diagnosticcode, r->diagnosticcode + skip, strlen(r->diagnosticcode + skip) + 1);
	lhost_diag_touched(r);
}

enum lhost_verdict
lhost_einsundeins_decode(const struct mail_view *v, struct parse_result *res)
{
	static const struct lhost_scan sc = {eins_start, eins_end, false, false};
	size_t first = res->n_records;
	const char *from = v->from;
	const char *subj = v->subject;
	size_t n;

	if (!from || strncmp(from, "\"Mail Delivery System\"", 22) != 0 || !subj ||
	    strcmp(subj, "Mail delivery failed: returning message to sender") != 0)
		return LHOST_PASS;
	n = lhost_cut_at(v->body, v->body_len, eins_end);
	if (n == v->body_len || !text_find(v->body, n, eins_start[0]))
		return LHOST_PASS;
	if (lhost_scan_text(v->body, n, &sc, res) < 0)
		return LHOST_NOMEM;
	for (size_t i = first; i < res->n_records; i++) {
		struct bounce_record *r = &res->records[i];

		eins_strip_lead(r);
		lhost_command_from_text(r);
		lhost_rhost_from_text(r);
		(void)lhost_reason_by_text(r, eins_reasons, "einsundeins");
		lhost_fill_codes(r);
	}
	return res->n_records > first ? LHOST_MATCH : LHOST_PASS;
}
