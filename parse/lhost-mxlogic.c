/* lhost-mxlogic.c: bounces of McAfee MXLogic (an Exim underneath, with
 * X-MX-Bounce / X-MXL-* headers): "<user@example.org>: error" lines after
 * "This message was created automatically by mail delivery software.";
 * the reasons are Exim's (lhost_exim_reasons).
 *
 * Ported from Sisimai::Lhost::MXLogic (Sisimai 4.25.15),
 * Copyright (C) 2014-2021 azumakuniyuki, BSD 2-Clause License.
 */
#include <string.h>
#include <strings.h>

#include "parse/lhost-mtas.h"
#include "parse/text.h"
#include "util/str.h"

static bool mxl_match(const struct mail_view *v)
{
	const char *subject = lhost_hdr(v, "subject"), *from = lhost_hdr(v, "from");

	if (hdr_get(&v->head, "x-mx-bounce") || hdr_get(&v->head, "x-mxl-hash") ||
	    hdr_get(&v->head, "x-mxl-notehash"))
		return true;
	/* Exim's texts from "Mail Delivery System" at an mxlogic.net host; a
	 * plain Exim must not be read as MXLogic */
	return text_strstr(from, "Mail Delivery System") && text_find_ci(from, strlen(from), "mxlogic") &&
	       (text_strstr(subject, "Mail delivery failed") || text_strstr(subject, "Delivery Status Notification") ||
		(text_strstr(subject, "Warning: message ") && text_strstr(subject, " delayed")));
}

/* "<user@example.org>: error" */
static bool mxl_rcpt(struct lhost_line l, struct lhost_line t, struct lhost_line *addr,
		     struct lhost_line *rest)
{
	const char *gt = t.s[0] == '<' ? memchr(t.s, '>', t.n) : NULL;

	(void)l;
	if (!gt || gt + 2 >= t.s + t.n || gt[1] != ':' || !memchr(t.s, '@', (size_t)(gt - t.s)))
		return false;
	*addr = lhost_ln(t.s, (size_t)(gt - t.s + 1));
	*rest = lhost_ln(gt + 2, (size_t)(t.s + t.n - gt - 2));
	return true;
}

static const struct lhost_rcpt_block mxl_block = {
	.start = "This message was created automatically by mail delivery software.",
	.end = "Included is a copy of the message header:",
	.rcpt = mxl_rcpt,
};

LHOST_MTA_DECODER(mxlogic)
{
	struct lhost_ds ds;

	if (!mxl_match(v))
		return LHOST_PASS;
	lhost_ds_init(&ds, res);
	if (lhost_rcpt_block_read(v, &ds, &mxl_block) < 0)
		return LHOST_NOMEM;
	for (size_t i = ds.first; i < res->n_records; i++) {
		struct bounce_record *e = &res->records[i];
		const char *p = text_strstr(e->diagnosticcode, " after ");
		const struct lhost_reason_row *row;

		if (text_strstr(e->diagnosticcode, "SMTP error from remote mail") && p) {
			if (!strncmp(p + 7, "end of ", 7))
				p += 7;
			(void)lhost_read_verb(p + 7, strlen(p + 7), e->command, sizeof(e->command));
		}
		if (!strcmp(e->command, "MAIL")) {
			lhost_set_reason(e, REASON_REJECTED, "MXLogic", "command MAIL");
		} else if (!strcmp(e->command, "HELO") || !strcmp(e->command, "EHLO")) {
			lhost_set_reason(e, REASON_BLOCKED, "MXLogic", "command HELO");
		} else if (!e->command[0] && (row = lhost_reason_match(lhost_exim_reasons, e->diagnosticcode))) {
			lhost_set_reason(e, row->reason, "MXLogic", row->marker);
		}
	}
	/* "Warning: message X delayed 24 hours" is a delay, the rest final */
	lhost_default_action(res, ds.first,
			     strncmp(lhost_hdr(v, "subject"), "Warning: ", 9) ? "failed" : "delayed");
	return lhost_finish(res, ds.first, NULL, 0) ? LHOST_MATCH : LHOST_PASS;
}
