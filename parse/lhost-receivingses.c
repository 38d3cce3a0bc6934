/* lhost-receivingses.c: bounces made by Amazon SES on the receiving side
 * (inbound-smtp.*.amazonaws.com) for domains hosted there: "This message
 * could not be delivered." and a DSN whose reply text names the reason.
 *
 * Marker strings follow Sisimai::Lhost::ReceivingSES, Copyright (C)
 * 2015-2020 azumakuniyuki, All rights reserved; distributed under the BSD
 * 2-Clause License (see parse/THIRD-PARTY.md).
 */
#include <string.h>

#include "parse/lhost-providers.h"
#include "parse/text.h"

static const char rses_start[] = "This message could not be delivered.";

static const struct lhost_reason_row rses_reasons[] = {
	{REASON_FILTERED, "Message Filtered"},
	{REASON_MESGTOOBIG, "Message too large"},
	{REASON_MAILBOXFULL, "Mailbox full"},
	{REASON_CONTENTERROR, "Message content rejected"},
	{REASON_UNDEFINED, NULL},
};

enum lhost_verdict
lhost_receivingses_decode(const struct mail_view *v, struct parse_result *res)
{
	size_t first = res->n_records;
	int got;

	if (!hdr_get(&v->head, "x-ses-outgoing") || !text_find(v->body, v->body_len, rses_start))
		return LHOST_PASS;
	if (v->dsn)
		got = lhost_scan_fields(v->dsn, v->dsn_len, NULL, res);
	else
		got = lhost_scan_fields(v->body, v->body_len, rses_start, res);
	if (got < 0)
		return LHOST_NOMEM;
	for (size_t i = first; i < res->n_records; i++) {
		struct bounce_record *r = &res->records[i];

		(void)lhost_reason_by_text(r, rses_reasons, "receivingses");
		lhost_fill_codes(r);
	}
	return res->n_records > first ? LHOST_MATCH : LHOST_PASS;
}
