/* lhost-amazonworkmail.c: Amazon WorkMail bounces, whose DSN fields sit in
 * the text/plain part after "Technical report:" (no delivery-status part).
 *
 * Logic follows Sisimai::Lhost::AmazonWorkMail, Copyright (C) 2016-2020
 * azumakuniyuki, All rights reserved; distributed under the BSD 2-Clause
 * License (see parse/THIRD-PARTY.md).
 */
#include <string.h>

#include "parse/lhost-providers.h"
#include "parse/text.h"

static bool
awm_fingerprint(const struct mail_view *v)
{
	const char *xm = hdr_get(&v->head, "x-original-mailer");

	if (!xm)
		xm = hdr_get(&v->head, "x-mailer");
	return hdr_get(&v->head, "x-ses-outgoing") && xm && strcmp(xm, "Amazon WorkMail") == 0;
}

enum lhost_verdict
lhost_amazonworkmail_decode(const struct mail_view *v, struct parse_result *res)
{
	size_t first = res->n_records;

	if (!awm_fingerprint(v))
		return LHOST_PASS;
	if (lhost_scan_fields(v->body, v->body_len, "Technical report:", res) < 0)
		return LHOST_NOMEM;
	for (size_t i = first; i < res->n_records; i++) {
		struct bounce_record *r = &res->records[i];
		char st[16];

		/* X.0.0 / X.1.0 is vague: a status quoted in the text is better */
		if ((strcmp(r->deliverystatus + 1, ".0.0") == 0 || strcmp(r->deliverystatus + 1, ".1.0") == 0) &&
		    text_find_status(r->diagnosticcode, strlen(r->diagnosticcode), st, sizeof(st)))
			memcpy(r->deliverystatus, st, sizeof(st));
		(void)lhost_inner_reply(r);
		lhost_fill_codes(r);
	}
	return res->n_records > first ? LHOST_MATCH : LHOST_PASS;
}
