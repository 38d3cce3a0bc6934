/* lhost-powermta.c: reports of PowerMTA ("Delivery report"): an RFC 3464
 * part with X-PowerMTA-BounceCategory naming the reason.
 *
 * Ported from Sisimai::Lhost::PowerMTA (Sisimai 4.25.15, with Sisimai 5's
 * "suspend" for inactive mailboxes), Copyright (C) 2014-2024 azumakuniyuki,
 * BSD 2-Clause License.
 */
#include <string.h>

#include "parse/lhost-mtas.h"
#include "parse/text.h"
#include "util/str.h"

static const struct {
	const char *category;
	enum reason reason;
} pmta_categories[] = {
	{"bad-domain", REASON_HOSTUNKNOWN},
	{"bad-mailbox", REASON_USERUNKNOWN},
	{"inactive-mailbox", REASON_SUSPEND},
	{"message-expired", REASON_EXPIRED},
	{"no-answer-from-host", REASON_NETWORKERROR},
	{"policy-related", REASON_POLICYVIOLATION},
	{"quota-issues", REASON_MAILBOXFULL},
	{"routing-errors", REASON_SYSTEMERROR},
	{"spam-related", REASON_SPAMDETECTED},
};

LHOST_MTA_DECODER(powermta)
{
	struct lhost_ds ds;
	struct lhost_cur c;
	struct lhost_line l;

	if (!LHOST_STR_HAS(lhost_hdr(v, "subject"), "Delivery report", 0) || !v->dsn)
		return LHOST_PASS;
	/* its greeting, or its own fields in the report */
	if (!text_find(v->body, v->body_len, "Hello, this is the mail server on ") &&
	    !text_find(v->dsn, v->dsn_len, "X-PowerMTA-"))
		return LHOST_PASS;
	lhost_ds_init(&ds, res);
	lhost_cur_init(&c, v, true);
	while (lhost_cur_next(&c, &l)) {
		struct lhost_line cat;

		if (c.i == 0)
			continue;
		if (lhost_ds_line(&ds, l) < 0)
			return LHOST_NOMEM;
		if (!lhost_starts_ci(l, "X-PowerMTA-BounceCategory:") || ds.cur < 0)
			continue;
		/* the category is a coarse guess of PowerMTA's: it decides only when
		 * the report carries no status and no reply of the server */
		if (res->records[ds.cur].deliverystatus[0] || res->records[ds.cur].diagnosticcode[0])
			continue;
		cat = lhost_trim(lhost_skip(l, 26));
		for (size_t i = 0; i < sizeof(pmta_categories) / sizeof(pmta_categories[0]); i++) {
			if (cat.n != strlen(pmta_categories[i].category) ||
			    memcmp(cat.s, pmta_categories[i].category, cat.n) != 0)
				continue;
			lhost_set_reason(&res->records[ds.cur], pmta_categories[i].reason, "PowerMTA",
					 pmta_categories[i].category);
		}
	}
	return lhost_ds_finish(res, ds.first, &ds) ? LHOST_MATCH : LHOST_PASS;
}
