/* lhost-domino.c: bounces of IBM (Lotus) Domino ("DELIVERY FAILURE: ..."):
 * "was not delivered to:", the address indented by two blanks, then
 * "because:" and the reason; sometimes an RFC 3464 part.
 *
 * Ported from Sisimai::Lhost::Domino (Sisimai 4.25.15),
 * Copyright (C) 2014-2021 azumakuniyuki, BSD 2-Clause License.
 */
#include <string.h>
#include <strings.h>

#include "parse/lhost-mtas.h"
#include "parse/text.h"
#include "util/str.h"

static const struct lhost_reason_row domino_reasons[] = {
	{REASON_USERUNKNOWN, "not listed in Domino Directory"},
	{REASON_USERUNKNOWN, "not listed in public Name & Address Book"},
	{REASON_USERUNKNOWN, "non r\xc3\xa9pertori\xc3\xa9 dans l'annuaire Domino"},
	{REASON_USERUNKNOWN, "Domino \xe3\x83\x87\xe3\x82\xa3\xe3\x83\xac\xe3\x82\xaf\xe3\x83\x88\xe3\x83\xaa\xe3\x81\xab\xe3\x81\xaf\xe8\xa6\x8b\xe3\x81\xa4\xe3\x81\x8b\xe3\x82\x8a\xe3\x81\xbe\xe3\x81\x9b\xe3\x82\x93"},
	{REASON_FILTERED, "Cannot route mail to user"},
	{REASON_SYSTEMERROR, "Several matches found in Domino Directory"},
	{REASON_UNDEFINED, NULL},
};

LHOST_MTA_DECODER(domino)
{
	const char *subject = lhost_hdr(v, "subject");
	struct parse_result dsn;
	struct lhost_ds ds, dds;
	struct lhost_cur c;
	struct lhost_line l;
	bool reading = false, because = false;
	struct bounce_record *r = NULL;

	if (strncmp(subject, "DELIVERY FAILURE:", 17) != 0 && strncmp(subject, "DELIVERY_FAILURE:", 17) != 0)
		return LHOST_PASS;
	lhost_ds_init(&ds, res);
	lhost_cur_init(&c, v, false);
	while (lhost_cur_next(&c, &l)) {
		struct lhost_line t = lhost_trim(l);

		if (!reading) {
			reading = lhost_starts(l, "Your message");
			continue;
		}
		if (!t.n)
			continue;
		if (lhost_starts(l, "was not delivered to:")) {
			if (!(r = lhost_ds_new(&ds)))
				return LHOST_NOMEM;
			because = false;
		} else if (!r) {
			continue;
		} else if (lhost_starts(l, "because:")) {
			because = true;
		} else if (because) {
			LHOST_SET(r, diagnosticcode, t);
			because = false;
		} else if (lhost_starts(l, "  ") && !r->recipient[0] && memchr(t.s, '@', t.n) &&
			   !memchr(t.s, ' ', t.n)) {
			(void)lhost_set_addr(r, false, t.s, t.n);
		}
	}
	if (lhost_ds_count(&ds) == 0)
		return LHOST_PASS;
	if (lhost_ds_part(v, &dds, &dsn) < 0)
		return LHOST_NOMEM;
	for (size_t i = ds.first; i < res->n_records; i++) {
		struct bounce_record *e = &res->records[i];
		const struct lhost_reason_row *row;

		for (size_t k = 0; k < dsn.n_records; k++) {
			const struct bounce_record *d = &dsn.records[k];
			bool same_slot = dsn.n_records == lhost_ds_count(&ds) && k == i - ds.first;

			if (strcasecmp(d->recipient, e->recipient) != 0 && !same_slot)
				continue;
			/* the report's address is the envelope one; the text shows a display form */
			if (d->recipient[0]) {
				lhost_rcpt_copy(e, d);
			}
			if (!e->diagnosticcode[0]) {
				lhost_diag_copy(e, d);
			}
			(void)str_copy(e->deliverystatus, sizeof(e->deliverystatus), d->deliverystatus);
			(void)str_copy(e->action, sizeof(e->action), d->action);
			(void)str_copy(e->rhost, sizeof(e->rhost), d->rhost);
			break;
		}
		row = lhost_reason_match(domino_reasons, e->diagnosticcode);
		if (row)
			lhost_set_reason(e, row->reason, "Domino", row->marker);
	}
	parse_result_clear(&dsn);
	lhost_default_action(res, ds.first, "failed"); /* a returned message */
	return lhost_ds_finish(res, ds.first, &dds) ? LHOST_MATCH : LHOST_PASS;
}
