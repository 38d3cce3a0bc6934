/* lhost-messagelabs.c: Symantec MessageLabs (Email Security.cloud) DSNs,
 * where "542 ... Rejected" and "No such user" mean an unknown user.
 *
 * Fingerprint and reason texts follow Sisimai::Lhost::MessageLabs,
 * Copyright (C) 2014-2020 azumakuniyuki, All rights reserved; distributed
 * under the BSD 2-Clause License (see parse/THIRD-PARTY.md).
 */
#include <string.h>

#include "parse/lhost-providers.h"
#include "parse/text.h"

static const struct lhost_reason_row ml_reasons[] = {
	{REASON_USERUNKNOWN, "No such user"},
	{REASON_SECURITYERROR, "Please turn on SMTP Authentication in your mail client"},
	{REASON_UNDEFINED, NULL},
};

/* "542 <anything> Rejected" */
static bool
ml_542_rejected(const char *d)
{
	return strncmp(d, "542 ", 4) == 0 && text_strstr(d + 4, " Rejected") != NULL;
}

enum lhost_verdict
lhost_messagelabs_decode(const struct mail_view *v, struct parse_result *res)
{
	const char *subj = v->subject;
	size_t first = res->n_records;

	if (!v->dsn || !hdr_get(&v->head, "x-msg-ref") ||
	    !lhost_hdr_has(v, "from", "MAILER-DAEMON@messagelabs.com") || !subj ||
	    strncmp(subj, "Mail Delivery Failure", 21) != 0)
		return LHOST_PASS;
	if (lhost_scan_fields(v->dsn, v->dsn_len, NULL, res) < 0)
		return LHOST_NOMEM;
	for (size_t i = first; i < res->n_records; i++) {
		struct bounce_record *r = &res->records[i];

		if (ml_542_rejected(r->diagnosticcode))
			lhost_set_reason(r, REASON_USERUNKNOWN, "messagelabs", "542 Rejected");
		else
			(void)lhost_reason_by_text(r, ml_reasons, "messagelabs");
		lhost_fill_codes(r);
	}
	return res->n_records > first ? LHOST_MATCH : LHOST_PASS;
}
