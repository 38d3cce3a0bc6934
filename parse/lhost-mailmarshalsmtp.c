/* lhost-mailmarshalsmtp.c: bounces of Trustwave MailMarshal SMTP
 * ('Undeliverable Mail: "subject"'): "Could not be delivered because of",
 * the reason, then "The following recipients were affected:" and the
 * addresses indented by four blanks.
 *
 * Ported from Sisimai::Lhost::MailMarshalSMTP (Sisimai 4.25.15),
 * Copyright (C) 2014-2021 azumakuniyuki, BSD 2-Clause License.
 */
#include <string.h>

#include "parse/lhost-mtas.h"
#include "parse/text.h"
#include "util/str.h"

LHOST_MTA_DECODER(mailmarshalsmtp)
{
	struct lhost_ds ds;
	struct lhost_cur c;
	struct lhost_line l;
	bool reading = false, in_error = false;
	char diag[BOUNCE_TEXT_MAX] = "", lhost[BOUNCE_LINE_MAX] = "", rhost[BOUNCE_LINE_MAX] = "";
	struct bounce_record scratch;

	if (strncmp(lhost_hdr(v, "subject"), "Undeliverable Mail: \"", 21) != 0)
		return LHOST_PASS;
	memset(&scratch, 0, sizeof(scratch));
	lhost_ds_init(&ds, res);
	lhost_cur_init(&c, v, false);
	while (lhost_cur_next(&c, &l)) {
		struct lhost_line t = lhost_trim(l);
		struct bounce_record *r;

		if (!reading) {
			reading = lhost_starts(l, "Your message:");
			continue;
		}
		if (lhost_starts(l, "Could not be delivered because of")) {
			in_error = true;
			lhost_set(&scratch, diag, sizeof(diag), t.s, t.n);
		} else if (lhost_starts(l, "The following recipients were affected:")) {
			in_error = false;
		} else if (lhost_starts(l, "    ") && t.n && memchr(t.s, '@', t.n) && !memchr(t.s, ' ', t.n)) {
			if (!(r = lhost_ds_new(&ds)))
				return LHOST_NOMEM;
			(void)lhost_set_addr(r, false, t.s, t.n);
		} else if (in_error && t.n) {
			lhost_append(&scratch, diag, sizeof(diag), t.s, t.n);
		} else if (lhost_starts(l, "Sender-MTA: <") && lhost_ends(l, ">")) {
			lhost_set(&scratch, lhost, sizeof(lhost), l.s + 13, l.n - 14);
		} else if (lhost_starts(l, "Reporting-MTA: <") && lhost_ends(l, ">")) {
			lhost_set(&scratch, rhost, sizeof(rhost), l.s + 16, l.n - 17);
		}
	}
	for (size_t i = ds.first; i < res->n_records; i++) {
		struct bounce_record *e = &res->records[i];

		(void)str_copy(e->diagnosticcode, sizeof(e->diagnosticcode), diag);
		(void)str_copy(e->rhost, sizeof(e->rhost), rhost);
	}
	return lhost_finish(res, ds.first, lhost, 0) ? LHOST_MATCH : LHOST_PASS;
}
