/* lhost-kddi.c: au one net (KDDI, dion.ne.jp) bounces: "Your mail sent on:
 * <date>", then "Could not be delivered to: <a@b>" and a reason sentence.
 *
 * Marker strings and the reason table follow Sisimai::Lhost::KDDI,
 * Copyright (C) 2014-2020 azumakuniyuki, All rights reserved; distributed
 * under the BSD 2-Clause License (see parse/THIRD-PARTY.md).
 */
#include <string.h>

#include "parse/lhost-providers.h"
#include "parse/text.h"

static const char *const kddi_start[] = {"Your mail sent on", "Your mail attempted to be delivered on", NULL};
static const char kddi_rcpt[] = "Could not be delivered to:";

static const struct lhost_reason_row kddi_reasons[] = {
	{REASON_MAILBOXFULL, "As their mailbox is full"},
	{REASON_NORELAYING, "Due to the following SMTP relay error"},
	{REASON_HOSTUNKNOWN, "As the remote domain doesnt exist"},
	{REASON_UNDEFINED, NULL},
};

static bool
kddi_fingerprint(const struct mail_view *v)
{
	const char *from = v->from;
	const char *rt = hdr_get(&v->head, "reply-to");

	return (from && text_strstr(from, "no-reply@") && text_strstr(from, ".dion.ne.jp")) ||
	       (rt && strcmp(rt, "no-reply@app.auone-net.jp") == 0) ||
	       lhost_hdr_any_has_ci(v, "received", "ezweb.ne.jp (") ||
	       lhost_hdr_any_has_ci(v, "received", ".au.com (");
}

enum lhost_verdict
lhost_kddi_decode(const struct mail_view *v, struct parse_result *res)
{
	const char *pos, *line, *spa;
	size_t ll, tl, first = res->n_records;
	struct bounce_record *cur = NULL;
	char addr[BOUNCE_ADDR_MAX];
	bool reading = false;

	/* no recipient line, no record: a search of the body is cheaper than
	 * the fingerprint's two Received: scans, and most mail fails it */
	if (!text_find(v->body, v->body_len, kddi_rcpt) || !kddi_fingerprint(v))
		return LHOST_PASS;
	pos = v->body;
	while (text_next_line(v->body, v->body_len, &pos, &line, &ll)) {
		const char *t = lhost_ltrim(line, ll, &tl);

		if (!reading) {
			for (size_t i = 0; kddi_start[i] && !reading; i++)
				reading = lhost_starts(lhost_ln(line, ll), kddi_start[i]);
			continue;
		}
		if (lhost_starts(lhost_ln(t, tl), kddi_rcpt)) {
			if (!text_extract_address(t + sizeof(kddi_rcpt) - 1, tl - (sizeof(kddi_rcpt) - 1), addr,
						  sizeof(addr)))
				continue;
			if (!(cur = lhost_record_for(res, addr)))
				return (res->n_records >= BOUNCE_MAX_RECIPIENTS) ? LHOST_MATCH : LHOST_NOMEM;
		} else if (cur && tl > 0 && tl < ll) {
			/* the reason sentence is indented like the recipient line */
			lhost_diag_add(cur, t, tl);
		}
	}
	if (res->n_records == first)
		return LHOST_PASS;
	spa = hdr_get(&v->head, "x-spasign");
	for (size_t i = first; i < res->n_records; i++) {
		struct bounce_record *r = &res->records[i];

		if (spa && strcmp(spa, "NG") == 0)
			lhost_set_reason(r, REASON_FILTERED, "kddi", "X-SPASIGN: NG");
		else
			(void)lhost_reason_by_text(r, kddi_reasons, "kddi");
		lhost_fill_codes(r);
	}
	return LHOST_MATCH;
}
