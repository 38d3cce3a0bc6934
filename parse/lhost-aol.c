/* lhost-aol.c: AOL's DSNs (X-AOL-IP), whose name-service errors tell a
 * missing domain from a domain whose MX lookup is broken.
 *
 * Fingerprint and reason texts follow Sisimai::Lhost::Aol, Copyright (C)
 * 2014-2020 azumakuniyuki, All rights reserved; distributed under the BSD
 * 2-Clause License (see parse/THIRD-PARTY.md).
 */
#include "parse/lhost-providers.h"
#include "parse/text.h"

static const struct lhost_reason_row aol_reasons[] = {
	{REASON_HOSTUNKNOWN, "Host or domain name not found"},
	{REASON_NOTACCEPT, "type=MX: Malformed or unexpected name server reply"},
	{REASON_UNDEFINED, NULL},
};

enum lhost_verdict
lhost_aol_decode(const struct mail_view *v, struct parse_result *res)
{
	size_t first = res->n_records;

	if (!v->dsn || !hdr_get(&v->head, "x-aol-ip"))
		return LHOST_PASS;
	if (lhost_scan_fields(v->dsn, v->dsn_len, NULL, res) < 0)
		return LHOST_NOMEM;
	for (size_t i = first; i < res->n_records; i++) {
		struct bounce_record *r = &res->records[i];

		(void)lhost_reason_by_text(r, aol_reasons, "aol");
		lhost_fill_codes(r);
	}
	return res->n_records > first ? LHOST_MATCH : LHOST_PASS;
}
