/* lhost-biglobe.c: BIGLOBE (and its cable ISPs) bounces: the addresses
 * under "----- The following addresses had delivery problems -----" and
 * the reason under "----- Non-delivered information -----".
 *
 * Marker strings and the reason table follow Sisimai::Lhost::Biglobe,
 * Copyright (C) 2014-2020 azumakuniyuki, All rights reserved; distributed
 * under the BSD 2-Clause License (see parse/THIRD-PARTY.md).
 */
#include <string.h>

#include "parse/lhost-providers.h"
#include "parse/text.h"

#define BIGLOBE_REASON_MARK "----- Non-delivered information -----"

static const char *const biglobe_start[] = {"----- The following addresses had delivery problems -----", NULL};
static const char *const biglobe_end[] = {"Content-Type: message/rfc822", NULL};
static const char *const biglobe_hosts[] = {"postmaster@biglobe.ne.jp", "postmaster@inacatv.ne.jp",
					    "postmaster@tmtv.ne.jp", "postmaster@ttv.ne.jp", NULL};

static const struct lhost_reason_row biglobe_reasons[] = {
	{REASON_FILTERED, "Mail Delivery Failed... User unknown"},
	{REASON_MAILBOXFULL, "The number of messages in recipient's mailbox exceeded the local limit."},
	{REASON_UNDEFINED, NULL},
};

enum lhost_verdict
lhost_biglobe_decode(const struct mail_view *v, struct parse_result *res)
{
	static const struct lhost_scan sc = {biglobe_start, biglobe_end, false, false};
	const char *subj = v->subject;
	size_t first = res->n_records;
	bool host = false;

	if (!subj || strncmp(subj, "Returned mail:", 14) != 0) /* before the From: scans */
		return LHOST_PASS;
	for (size_t i = 0; biglobe_hosts[i] && !host; i++)
		host = lhost_hdr_has(v, "from", biglobe_hosts[i]);
	if (!host)
		return LHOST_PASS;
	if (lhost_scan_text(v->body, v->body_len, &sc, res) < 0)
		return LHOST_NOMEM;
	for (size_t i = first; i < res->n_records; i++) {
		struct bounce_record *r = &res->records[i];
		const char *mark = text_strstr(r->diagnosticcode, BIGLOBE_REASON_MARK);

		/* keep only the text under the marker: its line was joined to the
		 * next with a space, unless the line went on after the dashes
		 * (then that byte may start a UTF-8 character: not cut into) */
		if (mark) {
			mark += sizeof(BIGLOBE_REASON_MARK) - 1;
			while (*mark == ' ')
				mark++;
			memmove(r->diagnosticcode, mark, strlen(mark) + 1);
			lhost_diag_touched(r);
		}
		(void)lhost_reason_by_text(r, biglobe_reasons, "biglobe");
		lhost_fill_codes(r);
	}
	return res->n_records > first ? LHOST_MATCH : LHOST_PASS;
}
