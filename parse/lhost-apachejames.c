/* lhost-apachejames.c: bounces of Apache James ("[BOUNCE]", JavaMail
 * message ids): "  RCPT TO: user@example.org" and the text after
 * "Error message below:" up to "Message details:".
 *
 * Ported from Sisimai::Lhost::ApacheJames (Sisimai 4.25.15),
 * Copyright (C) 2014-2021 azumakuniyuki, BSD 2-Clause License.
 */
#include <string.h>

#include "parse/lhost-mtas.h"
#include "parse/text.h"
#include "util/str.h"

LHOST_MTA_DECODER(apachejames)
{
	struct lhost_ds ds;
	struct lhost_cur c;
	struct lhost_line l;
	char diag[BOUNCE_TEXT_MAX] = "";
	struct bounce_record scratch;
	bool in_error = false;

	if (strcmp(lhost_hdr(v, "subject"), "[BOUNCE]") != 0 &&
	    !text_strstr(lhost_hdr(v, "message-id"), ".JavaMail.") &&
	    !lhost_hdr_any_has(v, "received", "JAMES SMTP Server"))
		return LHOST_PASS;
	memset(&scratch, 0, sizeof(scratch));
	lhost_ds_init(&ds, res);
	lhost_cur_init(&c, v, false);
	while (lhost_cur_next(&c, &l)) {
		struct lhost_line t = lhost_trim(l);
		struct bounce_record *r;

		if (!t.n)
			continue;
		if (lhost_starts(l, "  RCPT TO: ")) {
			if (!(r = lhost_ds_new(&ds)))
				return LHOST_NOMEM;
			struct lhost_line a = lhost_skip(t, 8); /* "RCPT TO:" */

			(void)lhost_set_addr(r, false, a.s, a.n);
		} else if (lhost_starts(l, "Error message below:")) {
			in_error = true;
		} else if (lhost_starts(l, "Message details:")) {
			in_error = false;
		} else if (in_error) {
			lhost_append(&scratch, diag, sizeof(diag), t.s, t.n);
		}
	}
	for (size_t i = ds.first; i < res->n_records; i++) {
		(void)str_copy(res->records[i].diagnosticcode, sizeof(res->records[i].diagnosticcode), diag);
		lhost_diag_touched(&res->records[i]);
	}
	lhost_default_action(res, ds.first, "failed"); /* a returned message */
	return lhost_finish(res, ds.first, NULL, 0) ? LHOST_MATCH : LHOST_PASS;
}
