/* lhost-opensmtpd.c: bounces of OpenSMTPD ("Delivery status notification:
 * failed" from "Mailer Daemon"): "addr: error" lines in the notice, and in
 * newer versions a multipart/mixed with a delivery-status part whose
 * Status is only a generic X.0.0.
 *
 * Ported from Sisimai::Lhost::OpenSMTPD (Sisimai 4.25.15) with the changes
 * of Sisimai 5; Copyright (C) 2014-2024 azumakuniyuki, BSD 2-Clause License.
 */
#include <string.h>
#include <strings.h>

#include "parse/lhost-mtas.h"
#include "parse/text.h"
#include "util/str.h"

/* OpenSMTPD's own errors (mta.c, mta_session.c), when no server replied. */
static const struct lhost_reason_row osmtpd_reasons[] = {
	{REASON_EXPIRED, "Envelope expired"},
	{REASON_HOSTUNKNOWN, "Invalid domain name"},
	{REASON_HOSTUNKNOWN, "Domain does not exist"},
	{REASON_NOTACCEPT, "Destination seem to reject all mails"},
	{REASON_NOTACCEPT, "No MX found for domain"},
	{REASON_NOTACCEPT, "No MX found for destination"},
	{REASON_NETWORKERROR, "Address family mismatch on destination MXs"},
	{REASON_NETWORKERROR, "All routes to destination blocked"},
	{REASON_NETWORKERROR, "bad DNS lookup error code"},
	{REASON_NETWORKERROR, "Could not retrieve source address"},
	{REASON_NETWORKERROR, "Loop detected"},
	{REASON_NETWORKERROR, "Network error on destination MXs"},
	{REASON_NETWORKERROR, "No valid route to remote MX"},
	{REASON_NETWORKERROR, "No valid route to destination"},
	{REASON_NETWORKERROR, "Temporary failure in MX lookup"},
	{REASON_SECURITYERROR, "Could not retrieve credentials"},
	{REASON_UNDEFINED, NULL},
};

static bool osmtpd_match(const struct mail_view *v)
{
	if (!text_strstr(lhost_hdr(v, "subject"), "Delivery status notification") ||
	    !text_strstr(lhost_hdr(v, "from"), "Mailer Daemon <"))
		return false;
	/* a notice made on the host itself may carry no Received: of smtpd */
	return lhost_hdr_any_has(v, "received", " (OpenSMTPD) with ") ||
	       text_find(v->body, v->body_len, "This is the MAILER-DAEMON, please DO NOT REPLY to this");
}

/* "user@example.org: error text" at the start of a line */
static bool osmtpd_rcpt_line(struct lhost_line l, struct bounce_record *r)
{
	const char *sp = memchr(l.s, ' ', l.n);
	const char *at;

	if (!sp || l.s[0] == ' ' || l.s[0] == '\t')
		return false;
	at = memchr(l.s, '@', (size_t)(sp - l.s));
	if (!at)
		return false;
	if (!lhost_set_addr(r, false, l.s, (size_t)(sp - l.s)))
		return false;
	lhost_set(r, r->diagnosticcode, sizeof(r->diagnosticcode), sp + 1, (size_t)(l.s + l.n - sp - 1));
	return true;
}

static void osmtpd_merge(struct bounce_record *r, const struct parse_result *dsn)
{
	const struct bounce_record *d = NULL;
	char st[16] = "";

	for (size_t k = 0; k < dsn->n_records && !d; k++)
		if (!strcasecmp(dsn->records[k].recipient, r->recipient))
			d = &dsn->records[k];
	if (d) {
		(void)str_copy(r->deliverystatus, sizeof(r->deliverystatus), d->deliverystatus);
		(void)str_copy(r->action, sizeof(r->action), d->action);
	}
	/* the report's X.0.0 says less than the server's reply in the text */
	if ((!r->deliverystatus[0] || !strcmp(r->deliverystatus + 1, ".0.0")) &&
	    text_find_status(r->diagnosticcode, strlen(r->diagnosticcode), st, sizeof(st)))
		(void)str_copy(r->deliverystatus, sizeof(r->deliverystatus), st);
}

static void osmtpd_reason(struct bounce_record *r)
{
	const struct lhost_reason_row *row = lhost_reason_match(osmtpd_reasons, r->diagnosticcode);

	if (!row)
		return;
	lhost_set_reason(r, row->reason, "OpenSMTPD", row->marker);
	/* these end delivery: "delayed" / 4.0.0 in the report is not the last word */
	if (!strcmp(r->deliverystatus + 1, ".0.0"))
		r->deliverystatus[0] = '\0';
	if (row->reason == REASON_EXPIRED)
		(void)str_copy(r->action, sizeof(r->action), "failed");
}

LHOST_MTA_DECODER(opensmtpd)
{
	struct parse_result dsn;
	struct lhost_ds ds, dds;
	struct lhost_cur c;
	struct lhost_line l;
	bool reading = false;

	if (!osmtpd_match(v))
		return LHOST_PASS;
	lhost_ds_init(&ds, res);
	lhost_cur_init(&c, v, false);
	while (lhost_cur_next(&c, &l)) {
		struct bounce_record tmp, *r;

		if (!reading) {
			reading = lhost_starts(l, "    This is the MAILER-DAEMON, please DO NOT REPLY to this");
			continue;
		}
		if (lhost_has(l, "Below is a copy of the original message:"))
			break;
		lhost_record_empty(&tmp);
		if (!osmtpd_rcpt_line(l, &tmp))
			continue;
		if (!(r = lhost_ds_new(&ds)))
			return LHOST_NOMEM;
		*r = tmp;
	}
	if (lhost_ds_count(&ds) == 0)
		return LHOST_PASS;
	if (lhost_ds_part(v, &dds, &dsn) < 0)
		return LHOST_NOMEM;
	for (size_t i = ds.first; i < res->n_records; i++) {
		osmtpd_merge(&res->records[i], &dsn);
		osmtpd_reason(&res->records[i]);
	}
	parse_result_clear(&dsn);
	/* no report (older versions): the subject says which it was */
	lhost_default_action(res, ds.first,
			     text_strstr(lhost_hdr(v, "subject"), ": delayed") ? "delayed" : "failed");
	return lhost_ds_finish(res, ds.first, &dds) ? LHOST_MATCH : LHOST_PASS;
}
