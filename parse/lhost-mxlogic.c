/* lhost-mxlogic.c: bounces of McAfee MXLogic (an Exim underneath, with
 * X-MX-Bounce / X-MXL-* headers): "<user@example.org>: error" lines after
 * "This message was created automatically by mail delivery software.".
 *
 * Ported from Sisimai::Lhost::MXLogic (Sisimai 4.25.15),
 * Copyright (C) 2014-2021 azumakuniyuki, BSD 2-Clause License.
 */
#include <string.h>
#include <strings.h>

#include "parse/lhost-mtas.h"
#include "parse/text.h"
#include "util/str.h"

static const struct lhost_reason_row mxl_reasons[] = {
	{REASON_USERUNKNOWN, "user not found"},
	{REASON_HOSTUNKNOWN, "all host address lookups failed permanently"},
	{REASON_HOSTUNKNOWN, "all relevant MX records point to non-existent hosts"},
	{REASON_HOSTUNKNOWN, "Unrouteable address"},
	{REASON_MAILBOXFULL, "mailbox is full"},
	{REASON_MAILBOXFULL, "error: quota exceed"},
	{REASON_NOTACCEPT, "an MX or SRV record indicated no SMTP service"},
	{REASON_NOTACCEPT, "no host found for existing SMTP connection"},
	{REASON_SYNTAXERROR, "angle-brackets nested too deep"},
	{REASON_SYNTAXERROR, "expected word or \"<\""},
	{REASON_SYNTAXERROR, "domain missing in source-routed address"},
	{REASON_SYNTAXERROR, "malformed address:"},
	{REASON_SYSTEMERROR, "delivery to file forbidden"},
	{REASON_SYSTEMERROR, "delivery to pipe forbidden"},
	{REASON_SYSTEMERROR, "local delivery failed"},
	{REASON_SYSTEMERROR, "LMTP error after "},
	{REASON_CONTENTERROR, "Too many \"Received\" headers"},
	{REASON_EXPIRED, "retry timeout exceeded"},
	{REASON_EXPIRED, "No action is required on your part"},
	{REASON_EXPIRED, "retry time not reached for any host after a long failure period"},
	{REASON_EXPIRED, "all hosts have been failing for a long time and were last tried"},
	{REASON_EXPIRED, "Delay reason: "},
	{REASON_EXPIRED, "has been frozen"},
	{REASON_EXPIRED, "was frozen on arrival by "},
	{REASON_UNDEFINED, NULL},
};

static bool mxl_match(const struct mail_view *v)
{
	const char *subject = lhost_hdr(v, "subject");

	if (hdr_get(&v->head, "x-mx-bounce") || hdr_get(&v->head, "x-mxl-hash") ||
	    hdr_get(&v->head, "x-mxl-notehash"))
		return true;
	/* Exim's texts from "Mail Delivery System" at an mxlogic.net host; a
	 * plain Exim must not be read as MXLogic */
	return strstr(lhost_hdr(v, "from"), "Mail Delivery System") &&
	       strcasestr(lhost_hdr(v, "from"), "mxlogic") &&
	       (strstr(subject, "Mail delivery failed") || strstr(subject, "Delivery Status Notification") ||
		(strstr(subject, "Warning: message ") && strstr(subject, " delayed")));
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
		const char *p = strstr(e->diagnosticcode, " after ");
		const struct lhost_reason_row *row;

		if (strstr(e->diagnosticcode, "SMTP error from remote mail") && p) {
			if (!strncmp(p + 7, "end of ", 7))
				p += 7;
			(void)lhost_read_verb(p + 7, strlen(p + 7), e->command, sizeof(e->command));
		}
		if (!strcmp(e->command, "MAIL")) {
			lhost_set_reason(e, REASON_REJECTED, "MXLogic", "command MAIL");
		} else if (!strcmp(e->command, "HELO") || !strcmp(e->command, "EHLO")) {
			lhost_set_reason(e, REASON_BLOCKED, "MXLogic", "command HELO");
		} else if (!e->command[0] && (row = lhost_reason_match(mxl_reasons, e->diagnosticcode))) {
			lhost_set_reason(e, row->reason, "MXLogic", row->marker);
		}
	}
	/* "Warning: message X delayed 24 hours" is a delay, the rest final */
	lhost_default_action(res, ds.first,
			     strncmp(lhost_hdr(v, "subject"), "Warning: ", 9) ? "failed" : "delayed");
	return lhost_finish(res, ds.first, NULL, 0) ? LHOST_MATCH : LHOST_PASS;
}
