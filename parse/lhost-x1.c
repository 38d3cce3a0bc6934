/* lhost-x1.c: an unknown MTA Sisimai calls X1 ("Returned Mail: ..." from
 * "Mail Deliver System"): "user@example.org [error text]" lines after
 * "The original message was received at <date>".
 *
 * Ported from Sisimai::Lhost::X1 (Sisimai 4.25.15),
 * Copyright (C) 2014-2021 azumakuniyuki, BSD 2-Clause License.
 */
#include <string.h>

#include "parse/lhost-mtas.h"
#include "parse/text.h"
#include "util/str.h"

LHOST_MTA_DECODER(x1)
{
	struct lhost_ds ds;
	struct lhost_cur c;
	struct lhost_line l;
	bool reading = false;
	time_t date = 0;

	if (strncmp(lhost_hdr(v, "subject"), "Returned Mail: ", 15) != 0 ||
	    strncmp(lhost_hdr(v, "from"), "\"Mail Deliver System\" ", 22) != 0)
		return LHOST_PASS;
	lhost_ds_init(&ds, res);
	lhost_cur_init(&c, v, false);
	while (lhost_cur_next(&c, &l)) {
		struct lhost_line t = lhost_trim(l);
		const char *lb, *sp;
		struct bounce_record *r;

		if (lhost_starts(l, "The original message was received at ")) {
			struct lhost_line d = lhost_skip(t, 38);

			date = (time_t)text_parse_date(d.s, d.n);
			reading = true;
			continue;
		}
		if (!reading || !t.n || t.s[t.n - 1] != ']')
			continue;
		/* "user@example.org [User unknown]" */
		lb = memchr(t.s, '[', t.n);
		sp = memchr(t.s, ' ', t.n);
		if (!lb || !sp || sp > lb || !memchr(t.s, '@', (size_t)(sp - t.s)))
			continue;
		if (!(r = lhost_ds_new(&ds)))
			return LHOST_NOMEM;
		(void)lhost_set_addr(r, false, t.s, (size_t)(sp - t.s));
		lhost_set(r, r->diagnosticcode, sizeof(r->diagnosticcode), lb + 1,
			  (size_t)(t.s + t.n - lb - 2));
	}
	lhost_default_action(res, ds.first, "failed"); /* a returned message */
	return lhost_finish(res, ds.first, NULL, date) ? LHOST_MATCH : LHOST_PASS;
}
