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

LHOST_MTA_DECODER(x2)
{
	struct lhost_ds ds;
	struct lhost_cur c;
	struct lhost_line l;
	bool reading = false;

	if (!strstr(lhost_hdr(v, "from"), "MAILER-DAEMON@"))
		return LHOST_PASS;
	lhost_ds_init(&ds, res);
	lhost_cur_init(&c, v, false);
	while (lhost_cur_next(&c, &l)) {
		struct lhost_line t = lhost_trim(l);
		struct bounce_record *r;

		if (!reading) {
			reading = lhost_starts(l, "Unable to deliver message to the following address");
			continue;
		}
		if (lhost_starts(l, "--- Original message follows."))
			break;
		if (!t.n)
			continue;
		if (t.s[0] == '<' && lhost_ends(t, ">:") && memchr(t.s, '@', t.n)) {
			if (!(r = lhost_ds_new(&ds)))
				return LHOST_NOMEM;
			(void)lhost_set_addr(r, false, t.s, t.n - 1);
			continue;
		}
		if (lhost_ds_count(&ds)) {
			r = &res->records[ds.cur];
			LHOST_APPEND(r, diagnosticcode, t);
		}
	}
	lhost_default_action(res, ds.first, "failed"); /* a returned message */
	return lhost_finish(res, ds.first, NULL, 0) ? LHOST_MATCH : LHOST_PASS;
}
