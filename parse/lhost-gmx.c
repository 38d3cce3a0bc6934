/* lhost-gmx.c: GMX / mail.com bounces: "\"a@b\":" then the SMTP error,
 * "host: name" and the reply, before "--- The header of the original
 * message is following. ---".
 *
 * Marker strings follow Sisimai::Lhost::GMX, Copyright (C) 2014-2020
 * azumakuniyuki, All rights reserved; distributed under the BSD 2-Clause
 * License (see parse/THIRD-PARTY.md).
 */
#include "parse/lhost-providers.h"
#include "parse/text.h"

static const char *const gmx_start[] = {"This message was created automatically by mail delivery software", NULL};
static const char *const gmx_end[] = {"--- The header of the original message is following. ---", NULL};

static const struct lhost_reason_row gmx_reasons[] = {
	{REASON_EXPIRED, "delivery retry timeout exceeded"},
	{REASON_UNDEFINED, NULL},
};

enum lhost_verdict
lhost_gmx_decode(const struct mail_view *v, struct parse_result *res)
{
	static const struct lhost_scan sc = {gmx_start, gmx_end, false, false};
	size_t first = res->n_records;
	size_t n;

	if (!hdr_get(&v->head, "x-gmx-antispam"))
		return LHOST_PASS;
	n = lhost_cut_at(v->body, v->body_len, gmx_end);
	if (!text_find(v->body, n, gmx_start[0]))
		return LHOST_PASS;
	if (lhost_scan_text(v->body, n, &sc, res) < 0)
		return LHOST_NOMEM;
	for (size_t i = first; i < res->n_records; i++) {
		struct bounce_record *r = &res->records[i];

		lhost_command_from_text(r);
		lhost_rhost_from_text(r);
		(void)lhost_reason_by_text(r, gmx_reasons, "gmx");
		lhost_fill_codes(r);
	}
	return res->n_records > first ? LHOST_MATCH : LHOST_PASS;
}
