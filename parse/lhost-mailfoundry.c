/* lhost-mailfoundry.c: bounces of MailFoundry ("Message delivery has
 * failed", Received "(MAILFOUNDRY) id"): "Unable to deliver message to:
 * <user@example.org>" and "Delivery failed for the following reason:".
 *
 * Ported from Sisimai::Lhost::MailFoundry (Sisimai 4.25.15),
 * Copyright (C) 2014-2021 azumakuniyuki, BSD 2-Clause License.
 */
#include <string.h>

#include "parse/lhost-mtas.h"
#include "parse/text.h"
#include "util/str.h"

static bool mf_rcpt(struct lhost_line l, struct lhost_line t, struct lhost_line *addr,
		    struct lhost_line *rest)
{
	(void)t;
	(void)rest;
	if (!lhost_starts(l, "Unable to deliver message to: <"))
		return false;
	*addr = lhost_skip(l, 30);
	return true;
}

/* The error is the text from "Delivery failed for the following reason:"
 * on, so a record with a diagnostic is reading it. */
static void mf_text(struct bounce_record *r, struct lhost_line l, struct lhost_line t)
{
	if (lhost_starts(l, "Delivery failed for the following reason:"))
		LHOST_SET(r, diagnosticcode, t);
	else if (r->diagnosticcode[0])
		LHOST_APPEND(r, diagnosticcode, t);
}

static const struct lhost_rcpt_block mf_block = {
	.skip_dash = true,
	.rcpt = mf_rcpt,
	.text = mf_text,
};

LHOST_MTA_DECODER(mailfoundry)
{
	struct lhost_ds ds;

	if (strcmp(lhost_hdr(v, "subject"), "Message delivery has failed") != 0 ||
	    !lhost_hdr_any_has(v, "received", "(MAILFOUNDRY) id"))
		return LHOST_PASS;
	lhost_ds_init(&ds, res);
	if (lhost_rcpt_block_read(v, &ds, &mf_block) < 0)
		return LHOST_NOMEM;
	lhost_default_action(res, ds.first, "failed"); /* a returned message */
	return lhost_finish(res, ds.first, NULL, 0) ? LHOST_MATCH : LHOST_PASS;
}
