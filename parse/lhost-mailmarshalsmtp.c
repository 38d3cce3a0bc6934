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

/* "   <host>" -> host */
static void mm_bracketed(struct bounce_record *r, char *out, size_t outsz, struct lhost_line l)
{
	struct lhost_line t = lhost_trim(l);

	if (t.n >= 2 && t.s[0] == '<' && t.s[t.n - 1] == '>')
		lhost_set(r, out, outsz, t.s + 1, t.n - 2);
}

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
		} else if (lhost_starts(l, "Sender-MTA:")) {
			mm_bracketed(&scratch, lhost, sizeof(lhost), lhost_skip(l, 11));
		} else if (lhost_starts(l, "Reporting-MTA:")) {
			mm_bracketed(&scratch, rhost, sizeof(rhost), lhost_skip(l, 14));
		}
	}
	for (size_t i = ds.first; i < res->n_records; i++) {
		struct bounce_record *e = &res->records[i];

		(void)str_copy(e->diagnosticcode, sizeof(e->diagnosticcode), diag);
		lhost_diag_touched(e);
		(void)str_copy(e->rhost, sizeof(e->rhost), rhost);
	}
	lhost_default_action(res, ds.first, "failed"); /* a returned message */
	return lhost_finish(res, ds.first, lhost, 0) ? LHOST_MATCH : LHOST_PASS;
}
