/* lhost-x5.c: an unknown MTA Sisimai calls X5: sent to
 * "NotificationRecipients" by a "Mail Delivery Subsystem" whose name arrives
 * MIME-encoded, with an RFC 3464 report.
 *
 * Ported from Sisimai::Lhost::X5 (Sisimai 4.25.15),
 * Copyright (C) 2014-2021 azumakuniyuki, BSD 2-Clause License.
 */
#include <string.h>

#include "parse/lhost-mtas.h"
#include "parse/text.h"
#include "util/str.h"

LHOST_MTA_DECODER(x5)
{
	struct lhost_ds ds;

	/* From and Subject first: view_build() has them, where To's value
	 * would be made for this look alone ("Subsystem"'s 'b' is rare) */
	if (!(LHOST_STR_HAS(lhost_hdr(v, "from"), "Mail Delivery Subsystem", 16) ||
	      LHOST_STR_HAS(lhost_hdr(v, "subject"), "Mail Delivery Subsystem", 16)) ||
	    !LHOST_STR_HAS(lhost_hdr(v, "to"), "NotificationRecipients", 0))
		return LHOST_PASS;
	if (!v->dsn)
		return LHOST_PASS;
	lhost_ds_init(&ds, res);
	if (lhost_ds_text(&ds, v->dsn, v->dsn_len) < 0)
		return LHOST_NOMEM;
	return lhost_ds_finish(res, ds.first, &ds) ? LHOST_MATCH : LHOST_PASS;
}
