/* lhost-messagingserver.c: bounces of Sun Java System / Oracle Communications
 * Messaging Server ("This report relates to a message you sent with the
 * following header fields:"), with "Recipient address:", "Reason:",
 * "Diagnostic code:" and "Remote system:" lines, and an RFC 3464 part.
 *
 * Ported from Sisimai::Lhost::MessagingServer (Sisimai 4.25.15),
 * Copyright (C) 2014-2021 azumakuniyuki, BSD 2-Clause License.
 */
#include <string.h>
#include <strings.h>

#include "parse/lhost-mtas.h"
#include "parse/text.h"
#include "util/str.h"

static const struct lhost_reason_row msgsrv_reasons[] = {
	{REASON_HOSTUNKNOWN, "Illegal host/domain name found"},
	{REASON_UNDEFINED, NULL},
};

/* "  Remote system: dns;mx.example.jp (TCP|...) (...)" */
static void msgsrv_rhost(struct bounce_record *r, struct lhost_line t)
{
	const char *semi = memchr(t.s, ';', t.n);
	const char *e;

	if (!semi)
		return;
	for (e = semi + 1; e < t.s + t.n && *e != ' ' && *e != '('; e++)
		;
	lhost_set(r, r->rhost, sizeof(r->rhost), semi + 1, (size_t)(e - semi - 1));
}

static int msgsrv_line(struct lhost_ds *ds, struct lhost_line l)
{
	struct lhost_line t = lhost_trim(l);
	struct bounce_record *r;

	if (l.n == 0 || (l.s[0] != ' ' && l.s[0] != '\t'))
		return 0;
	if (lhost_starts(t, "Recipient address:")) {
		if (!(r = lhost_ds_new(ds)))
			return -1;
		(void)lhost_set_addr(r, false, t.s + 18, t.n - 18);
		return 0;
	}
	if (ds->cur < 0 || ds->cur < (long)ds->first)
		return 0;
	r = &ds->res->records[ds->cur];
	if (lhost_starts(t, "Original address:")) {
		(void)lhost_set_addr(r, false, t.s + 17, t.n - 17);
	} else if (lhost_starts(t, "Reason:")) {
		lhost_set(r, r->diagnosticcode, sizeof(r->diagnosticcode), t.s + 7, t.n - 7);
	} else if (lhost_starts(t, "Diagnostic code:")) {
		struct lhost_line d = lhost_trim(lhost_skip(t, 16));
		const char *semi = memchr(d.s, ';', d.n);

		if (semi) {
			lhost_set(r, r->diagnostictype, sizeof(r->diagnostictype), d.s, (size_t)(semi - d.s));
			d = lhost_skip(d, (size_t)(semi - d.s) + 1);
		}
		LHOST_SET(r, diagnosticcode, d);
	} else if (lhost_starts(t, "Remote system:")) {
		msgsrv_rhost(r, lhost_skip(t, 14));
	}
	return 0;
}

LHOST_MTA_DECODER(messagingserver)
{
	struct parse_result dsn;
	struct lhost_ds ds, dds;
	struct lhost_cur c;
	struct lhost_line l;
	bool reading = false;

	/* the subject's first byte before a strncmp() call: few start with 'D' */
	if (!LHOST_STR_HAS(lhost_hdr(v, "content-type"), "Boundary_(ID_", 9) &&
	    (lhost_hdr(v, "subject")[0] != 'D' ||
	     strncmp(lhost_hdr(v, "subject"), "Delivery Notification: ", 23) != 0))
		return LHOST_PASS;
	lhost_ds_init(&ds, res);
	lhost_cur_init(&c, v, false);
	while (lhost_cur_next(&c, &l)) {
		if (!reading) {
			reading = lhost_starts(l, "This report relates to a message you sent with the following header fields:");
			continue;
		}
		if (msgsrv_line(&ds, l) < 0)
			return LHOST_NOMEM;
	}
	if (lhost_ds_part(v, &dds, &dsn) < 0)
		goto nomem;
	if (lhost_ds_count(&ds) == 0) {
		/* no readable notice: the report alone */
		for (size_t k = 0; k < dsn.n_records; k++) {
			struct bounce_record *r = lhost_ds_new(&ds);

			if (!r)
				goto nomem;
			*r = dsn.records[k];
		}
	}
	for (size_t i = ds.first; i < res->n_records; i++) {
		struct bounce_record *r = &res->records[i];
		const struct lhost_reason_row *row;

		for (size_t k = 0; k < dsn.n_records; k++) {
			const struct bounce_record *d = &dsn.records[k];

			if (strcasecmp(d->recipient, r->recipient) && strcasecmp(d->alias, r->recipient))
				continue;
			if (!r->deliverystatus[0])
				(void)str_copy(r->deliverystatus, sizeof(r->deliverystatus), d->deliverystatus);
			if (!r->action[0])
				(void)str_copy(r->action, sizeof(r->action), d->action);
			if (!r->diagnosticcode[0]) {
				lhost_diag_copy(r, d);
			}
			break;
		}
		row = lhost_reason_match(msgsrv_reasons, r->diagnosticcode);
		if (row)
			lhost_set_reason(r, row->reason, "MessagingServer", row->marker);
	}
	parse_result_clear(&dsn);
	return lhost_ds_finish(res, ds.first, &dds) ? LHOST_MATCH : LHOST_PASS;
nomem:
	parse_result_clear(&dsn);
	return LHOST_NOMEM;
}
