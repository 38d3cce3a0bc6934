/* lhost-amazonses.c: Amazon SES bounces, in both forms: the JSON
 * notification sent through SNS (lhost-sesjson.c), and the DSN mail from
 * MAILER-DAEMON@*.amazonses.com whose status is often a vague X.0.0 with
 * the precise one quoted in the diagnostic.
 *
 * Logic follows Sisimai::Lhost::AmazonSES, Copyright (C) 2014-2020
 * azumakuniyuki, All rights reserved; distributed under the BSD 2-Clause
 * License (see parse/THIRD-PARTY.md).
 */
#include <string.h>

#include "parse/lhost-providers.h"
#include "parse/text.h"

static const struct lhost_reason_row ses_reasons[] = {
	{REASON_EXPIRED, "Delivery expired"},
	{REASON_UNDEFINED, NULL},
};

static enum lhost_verdict
ses_json(const struct mail_view *v, struct parse_result *res)
{
	size_t first = res->n_records, tl;
	const char *t = lhost_ltrim(v->body, v->body_len, &tl);

	while (tl > 0 && *t == '\n') {
		t++;
		tl--;
	}
	if (tl == 0 || *t != '{')
		return LHOST_PASS;
	if (lhost_sesjson(t, tl, res) < 0)
		return LHOST_NOMEM;
	return res->n_records > first ? LHOST_MATCH : LHOST_PASS;
}

static enum lhost_verdict
ses_dsn(const struct mail_view *v, struct parse_result *res)
{
	size_t first = res->n_records;
	int got;

	if (v->dsn)
		got = lhost_scan_fields(v->dsn, v->dsn_len, NULL, res);
	else
		got = lhost_scan_fields(v->body, v->body_len, NULL, res);
	if (got < 0)
		return LHOST_NOMEM;
	for (size_t i = first; i < res->n_records; i++) {
		struct bounce_record *r = &res->records[i];
		char st[16];
		const char *q = r->diagnosticcode;

		/* "... '5.2.2 Mailbox full' ..." inside a vague 5.0.0 / 5.1.0 */
		if (strcmp(r->deliverystatus + 1, ".0.0") == 0 || strcmp(r->deliverystatus + 1, ".1.0") == 0) {
			const char *quote = strpbrk(q, "\"'");

			if (quote && text_find_status(quote, strlen(quote), st, sizeof(st)))
				memcpy(r->deliverystatus, st, sizeof(st));
			else if (text_find_status(q, strlen(q), st, sizeof(st)))
				memcpy(r->deliverystatus, st, sizeof(st));
		}
		(void)lhost_reason_by_text(r, ses_reasons, "amazonses");
		(void)lhost_inner_reply(r);
		lhost_fill_codes(r);
	}
	return res->n_records > first ? LHOST_MATCH : LHOST_PASS;
}

enum lhost_verdict
lhost_amazonses_decode(const struct mail_view *v, struct parse_result *res)
{
	const char *xm = hdr_get(&v->head, "x-mailer");

	if (hdr_get(&v->head, "x-amz-sns-message-id"))
		return ses_json(v, res);
	if (xm && text_strstr(xm, "Amazon WorkMail"))
		return LHOST_PASS;
	if (!hdr_get(&v->head, "x-aws-outgoing") && !hdr_get(&v->head, "x-ses-outgoing"))
		return LHOST_PASS;
	return ses_dsn(v, res);
}
