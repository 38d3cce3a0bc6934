/* lhost-x3.c: an unknown MTA Sisimai calls X3 ("Delivery status
 * notification" from "Mail Delivery System"): "   * user@example.org"
 * lines and "SMTP:RCPT host ...: 553 ..." technical details.
 *
 * Ported from Sisimai::Lhost::X3 (Sisimai 4.25.15),
 * Copyright (C) 2014-2021 azumakuniyuki, BSD 2-Clause License.
 */
#include <string.h>

#include "parse/lhost-mtas.h"
#include "parse/text.h"
#include "util/str.h"

/* "   * user@example.org" */
static bool x3_rcpt(struct lhost_line l, struct lhost_line t, struct lhost_line *addr,
		    struct lhost_line *rest)
{
	(void)rest;
	if (l.s[0] != ' ' || !lhost_starts(t, "* ") || !memchr(t.s, '@', t.n))
		return false;
	*addr = lhost_skip(t, 2);
	return true;
}

/* Only the technical details are the diagnostic. */
static void x3_text(struct bounce_record *r, struct lhost_line l, struct lhost_line t)
{
	(void)t;
	if (lhost_starts(l, "SMTP:")) {
		/* "SMTP:RCPT host 192.0.2.8: 553 5.3.0 ..." */
		const char *sp = memchr(l.s, ' ', l.n);

		(void)lhost_read_verb(l.s + 5, l.n - 5, r->command, sizeof(r->command));
		if (sp)
			lhost_set(r, r->diagnosticcode, sizeof(r->diagnosticcode), sp + 1,
				  (size_t)(l.s + l.n - sp - 1));
	} else if (lhost_starts(l, "Routing: ")) {
		lhost_set(r, r->diagnosticcode, sizeof(r->diagnosticcode), l.s + 9, l.n - 9);
	} else if (lhost_starts(l, "Diagnostic-Code: smtp; ")) {
		lhost_set(r, r->diagnosticcode, sizeof(r->diagnosticcode), l.s + 23, l.n - 23);
	}
}

static const struct lhost_rcpt_block x3_block = {
	.start = "This is an automatically generated Delivery Status Notification.",
	.start_trimmed = true,
	.rcpt = x3_rcpt,
	.text = x3_text,
};

LHOST_MTA_DECODER(x3)
{
	struct lhost_ds ds;

	if (strncmp(lhost_hdr(v, "from"), "Mail Delivery System", 20) != 0 ||
	    strncmp(lhost_hdr(v, "subject"), "Delivery status notification", 28) != 0)
		return LHOST_PASS;
	lhost_ds_init(&ds, res);
	if (lhost_rcpt_block_read(v, &ds, &x3_block) < 0)
		return LHOST_NOMEM;
	lhost_default_action(res, ds.first, "failed"); /* a returned message */
	return lhost_finish(res, ds.first, NULL, 0) ? LHOST_MATCH : LHOST_PASS;
}
