/* lhost-courier.c: bounces of the Courier mail server ("NOTICE: mail
 * delivery status." from "Courier mail server at host"): an RFC 3464 part
 * and an SMTP transcript in the notice.
 *
 * Ported from Sisimai::Lhost::Courier (Sisimai 4.25.15),
 * Copyright (C) 2014-2021 azumakuniyuki, BSD 2-Clause License.
 */
#include <string.h>

#include "parse/lhost-mtas.h"
#include "parse/text.h"
#include "util/str.h"

/* Courier's own texts (courier/module.esmtp). */
static const struct lhost_reason_row courier_reasons[] = {
	{REASON_HOSTUNKNOWN, "No such domain."},
	{REASON_SYSTEMERROR, "This domain's DNS violates RFC 1035."},
	{REASON_NETWORKERROR, "DNS lookup failed."},
	{REASON_UNDEFINED, NULL},
};

static bool courier_match(const struct mail_view *v)
{
	const char *subject = lhost_hdr(v, "subject");

	return text_strstr(lhost_hdr(v, "from"), "Courier mail server at ") ||
	       text_strstr(subject, "NOTICE: mail delivery status.") ||
	       text_strstr(subject, "WARNING: delayed mail.") ||
	       strncmp(lhost_hdr(v, "message-id"), "<courier.", 9) == 0;
}

LHOST_MTA_DECODER(courier)
{
	struct lhost_ds ds;
	struct lhost_cur c;
	struct lhost_line l;
	bool reading = false;
	char command[8] = "";

	if (!courier_match(v))
		return LHOST_PASS;
	lhost_ds_init(&ds, res);
	lhost_cur_init(&c, v, true);
	while (lhost_cur_next(&c, &l)) {
		int used;

		if (!reading && c.i == 0) {
			reading = lhost_has(l, "DELAYS IN DELIVERING YOUR MESSAGE") ||
				  lhost_has(l, "UNDELIVERABLE MAIL");
			continue;
		}
		if ((used = lhost_ds_line(&ds, l)) < 0)
			return LHOST_NOMEM;
		if (!used && !command[0] && lhost_starts(l, ">>> ")) {
			struct lhost_line t = lhost_trim(lhost_skip(l, 4));

			(void)lhost_read_verb(t.s, t.n, command, sizeof(command));
		}
	}
	if (lhost_ds_count(&ds) == 0)
		return LHOST_PASS;
	for (size_t i = ds.first; i < res->n_records; i++) {
		struct bounce_record *r = &res->records[i];
		const struct lhost_reason_row *row = lhost_reason_match(courier_reasons, r->diagnosticcode);

		if (row)
			lhost_set_reason(r, row->reason, "Courier", row->marker);
		if (!r->command[0])
			(void)str_copy(r->command, sizeof(r->command), command);
	}
	return lhost_ds_finish(res, ds.first, &ds) ? LHOST_MATCH : LHOST_PASS;
}
