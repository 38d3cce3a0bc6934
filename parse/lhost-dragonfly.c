/* lhost-dragonfly.c: bounces of the DragonFly Mail Agent (dma):
 *
 *   This is the DragonFly Mail Agent v0.13 at host.example.jp.
 *   There was an error delivering your mail to <user@example.org>.
 *   mx.example.org [192.0.2.1] did not like our RCPT TO:
 *   550 5.1.1 <user@example.org>: Recipient address rejected: User unknown
 *   Original message follows.   (or "Message headers follow.")
 *
 * Written after the format of Sisimai 5's DragonFly decoder (Sisimai is
 * Copyright (C) 2014-2024 azumakuniyuki, BSD 2-Clause License).
 */
#include <string.h>

#include "parse/lhost-mtas.h"
#include "parse/text.h"
#include "util/str.h"

static const char *const dfly_stops[] = {
	"Original message follows.", "Message headers follow.", NULL,
};

/* dma's own texts, when no remote server answered. */
static const struct lhost_reason_row dfly_reasons[] = {
	{REASON_EXPIRED, "Could not deliver for the last "},
	{REASON_HOSTUNKNOWN, "DNS lookup failure: host "},
	{REASON_UNDEFINED, NULL},
};

/* "HOST [IP] did not like our RCPT TO:" / "... our final DATA:" */
static void dfly_said(struct bounce_record *r, struct lhost_line l)
{
	const char *p = text_find(l.s, l.n, " did not like our ");
	const char *sp = memchr(l.s, ' ', l.n);
	struct lhost_line rest;

	if (!p)
		return;
	if (sp && sp <= p)
		lhost_set(r, r->rhost, sizeof(r->rhost), l.s, (size_t)(sp - l.s));
	rest = lhost_skip(l, (size_t)(p - l.s) + 18);
	if (lhost_starts(rest, "final "))
		rest = lhost_skip(rest, 6);
	(void)lhost_read_verb(rest.s, rest.n, r->command, sizeof(r->command));
}

LHOST_MTA_DECODER(dragonfly)
{
	struct lhost_ds ds;
	struct lhost_cur c;
	struct lhost_line l;
	bool reading = false;
	struct bounce_record *r = NULL;

	/* dma's greeting opens the text: look at its first lines only, and
	 * before the Received: values, which would be made for the search */
	if (!text_find(v->body, v->body_len < 1024 ? v->body_len : 1024, "This is the DragonFly Mail Agent") &&
	    !lhost_hdr_any_has(v, "received", "(DragonFly Mail Agent"))
		return LHOST_PASS;
	lhost_ds_init(&ds, res);
	lhost_cur_init(&c, v, false);
	while (lhost_cur_next(&c, &l)) {
		if (!reading) {
			reading = lhost_starts(l, "This is the DragonFly Mail Agent");
			continue;
		}
		if (lhost_starts_any(l, dfly_stops) >= 0)
			break;
		if (lhost_trim(l).n == 0)
			continue;
		if (lhost_starts(l, "There was an error delivering your mail to ")) {
			struct lhost_line a = lhost_skip(l, 43);

			if (!(r = lhost_ds_new(&ds)))
				return LHOST_NOMEM;
			(void)lhost_set_addr(r, false, a.s, a.n);
			continue;
		}
		if (!r)
			continue;
		if (lhost_has(l, " did not like our ")) {
			dfly_said(r, l);
			continue;
		}
		lhost_append_reply(r, r->diagnosticcode, sizeof(r->diagnosticcode), l.s, l.n);
	}
	if (lhost_ds_count(&ds) == 0)
		return LHOST_PASS;
	for (size_t i = ds.first; i < res->n_records; i++) {
		struct bounce_record *e = &res->records[i];
		const struct lhost_reason_row *row = NULL;

		/* a remote reply ("550 5.1.1 ...") is for the reason tables */
		if (!e->command[0])
			row = lhost_reason_match(dfly_reasons, e->diagnosticcode);
		if (row)
			lhost_set_reason(e, row->reason, "DragonFly", row->marker);
	}
	lhost_default_action(res, ds.first, "failed"); /* a returned message */
	return lhost_finish(res, ds.first, NULL, 0) ? LHOST_MATCH : LHOST_PASS;
}
