/* lhost-x2.c: an unknown MTA Sisimai calls X2 (from MAILER-DAEMON@):
 * "Unable to deliver message to the following address(es).", then
 * "<user@example.org>:" and the error, before "--- Original message follows.".
 *
 * Ported from Sisimai::Lhost::X2 (Sisimai 4.25.15),
 * Copyright (C) 2014-2021 azumakuniyuki, BSD 2-Clause License.
 */
#include <string.h>

#include "parse/lhost-mtas.h"
#include "parse/text.h"
#include "util/str.h"

/* "<user@example.org>:" */
static bool x2_rcpt(struct lhost_line l, struct lhost_line t, struct lhost_line *addr,
		    struct lhost_line *rest)
{
	(void)l;
	(void)rest;
	if (t.s[0] != '<' || !lhost_ends(t, ">:") || !memchr(t.s, '@', t.n))
		return false;
	*addr = lhost_ln(t.s, t.n - 1);
	return true;
}

static const struct lhost_rcpt_block x2_block = {
	.start = "Unable to deliver message to the following address",
	.end = "--- Original message follows.",
	.rcpt = x2_rcpt,
};

LHOST_MTA_DECODER(x2)
{
	struct lhost_ds ds;

	if (!text_strstr(lhost_hdr(v, "from"), "MAILER-DAEMON@"))
		return LHOST_PASS;
	lhost_ds_init(&ds, res);
	if (lhost_rcpt_block_read(v, &ds, &x2_block) < 0)
		return LHOST_NOMEM;
	lhost_default_action(res, ds.first, "failed"); /* a returned message */
	return lhost_finish(res, ds.first, NULL, 0) ? LHOST_MATCH : LHOST_PASS;
}
