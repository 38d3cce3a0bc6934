/* lhost-outlook.c: Outlook.com / Hotmail DSNs, whose reply texts name the
 * reason ("Requested action not taken: mailbox unavailable" is an unknown
 * user there) and which often come without a diagnostic at all.
 *
 * Fingerprint and reason texts follow Sisimai::Lhost::Outlook, Copyright (C)
 * 2014-2020 azumakuniyuki, All rights reserved; distributed under the BSD
 * 2-Clause License (see parse/THIRD-PARTY.md).
 */
#include <string.h>

#include "parse/lhost-providers.h"
#include "parse/text.h"

static const struct lhost_reason_row outlook_reasons[] = {
	{REASON_HOSTUNKNOWN,
	 "The mail could not be delivered to the recipient because the domain is not reachable"},
	{REASON_USERUNKNOWN, "Requested action not taken: mailbox unavailable"},
	{REASON_UNDEFINED, NULL},
};

/* Its fingerprint, and the marker that keeps out other MTAs' bounces of
 * mail that came from Hotmail. The Received: scan, which costs the most
 * (every value made and searched), comes last and only when it decides:
 * most DSNs with its subject (Gmail's) lack the marker. */
static bool
outlook_is(const struct mail_view *v)
{
	int match = 0;

	match += lhost_hdr_has(v, "subject", "Delivery Status Notification");
	match += hdr_get(&v->head, "x-message-delivery") != NULL;
	match += hdr_get(&v->head, "x-message-info") != NULL;
	if (match == 0 ||
	    !text_find(v->body, v->body_len, "This is an automatically generated Delivery Status Notification"))
		return false;
	if (match == 1)
		match += lhost_hdr_any_has_ci(v, "received", ".hotmail.com");
	return match >= 2;
}

enum lhost_verdict
lhost_outlook_decode(const struct mail_view *v, struct parse_result *res)
{
	size_t first = res->n_records;

	if (!v->dsn || !outlook_is(v))
		return LHOST_PASS;
	if (lhost_scan_fields(v->dsn, v->dsn_len, NULL, res) < 0)
		return LHOST_NOMEM;
	for (size_t i = first; i < res->n_records; i++) {
		struct bounce_record *r = &res->records[i];

		(void)lhost_reason_by_text(r, outlook_reasons, "outlook");
		lhost_fill_codes(r);
	}
	return res->n_records > first ? LHOST_MATCH : LHOST_PASS;
}
