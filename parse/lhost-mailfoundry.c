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

LHOST_MTA_DECODER(mailfoundry)
{
	struct lhost_ds ds;
	struct lhost_cur c;
	struct lhost_line l;
	bool in_error = false;

	if (strcmp(lhost_hdr(v, "subject"), "Message delivery has failed") != 0 ||
	    !lhost_hdr_any_has(v, "received", "(MAILFOUNDRY) id"))
		return LHOST_PASS;
	lhost_ds_init(&ds, res);
	lhost_cur_init(&c, v, false);
	while (lhost_cur_next(&c, &l)) {
		struct lhost_line t = lhost_trim(l);
		struct bounce_record *r;

		if (!t.n || t.s[0] == '-')
			continue;
		if (lhost_starts(l, "Unable to deliver message to: <")) {
			if (!(r = lhost_ds_new(&ds)))
				return LHOST_NOMEM;
			(void)lhost_set_addr(r, false, l.s + 30, l.n - 30);
			in_error = false;
		} else if (!lhost_ds_count(&ds)) {
			continue;
		} else if (lhost_starts(l, "Delivery failed for the following reason:")) {
			in_error = true;
			r = &res->records[ds.cur];
			LHOST_SET(r, diagnosticcode, t);
		} else if (in_error) {
			r = &res->records[ds.cur];
			LHOST_APPEND(r, diagnosticcode, t);
		}
	}
	lhost_default_action(res, ds.first, "failed"); /* a returned message */
	return lhost_finish(res, ds.first, NULL, 0) ? LHOST_MATCH : LHOST_PASS;
}
