/* lhost-notes.c: bounces of Lotus Notes ("Undeliverable message"): the
 * reason, then the address, between "------- Failure Reasons --------" and
 * "------- Returned Message --------".
 *
 * Ported from Sisimai::Lhost::Notes (Sisimai 4.25.15),
 * Copyright (C) 2014-2021 azumakuniyuki, BSD 2-Clause License.
 */
#include <string.h>

#include "parse/lhost-mtas.h"
#include "parse/text.h"
#include "util/str.h"

static const struct lhost_reason_row notes_reasons[] = {
	{REASON_USERUNKNOWN, "User not listed in public Name & Address Book"},
	{REASON_USERUNKNOWN, "\xe3\x83\x87\xe3\x82\xa3\xe3\x83\xac\xe3\x82\xaf\xe3\x83\x88\xe3\x83\xaa\xe3\x81\xae\xe3\x83\xaa\xe3\x82\xb9\xe3\x83\x88\xe3\x81\xab\xe3\x81\x82\xe3\x82\x8a\xe3\x81\xbe\xe3\x81\x9b\xe3\x82\x93"},
	{REASON_NETWORKERROR, "Message has exceeded maximum hop count"},
	{REASON_UNDEFINED, NULL},
};

/* A line that is only an address, not indented. */
static bool notes_rcpt(struct lhost_line l, struct lhost_line t, struct lhost_line *addr,
		       struct lhost_line *rest)
{
	(void)rest;
	if (l.s[0] == ' ' || !memchr(t.s, '@', t.n) || memchr(t.s, ' ', t.n))
		return false;
	*addr = t;
	return true;
}

static const struct lhost_rcpt_block notes_block = {
	.start = "------- Failure Reasons ",
	.end = "------- Returned Message",
	.skip_dash = true,
	.error_first = true, /* the reason comes before the address it is about */
	.rcpt = notes_rcpt,
};

LHOST_MTA_DECODER(notes)
{
	struct lhost_ds ds;

	if (strncmp(lhost_hdr(v, "subject"), "Undeliverable message", 21) != 0)
		return LHOST_PASS;
	lhost_ds_init(&ds, res);
	if (lhost_rcpt_block_read(v, &ds, &notes_block) < 0)
		return LHOST_NOMEM;
	for (size_t i = ds.first; i < res->n_records; i++) {
		struct bounce_record *e = &res->records[i];
		const struct lhost_reason_row *row = lhost_reason_match(notes_reasons, e->diagnosticcode);

		if (row)
			lhost_set_reason(e, row->reason, "Notes", row->marker);
	}
	lhost_default_action(res, ds.first, "failed"); /* a returned message */
	return lhost_finish(res, ds.first, NULL, 0) ? LHOST_MATCH : LHOST_PASS;
}
