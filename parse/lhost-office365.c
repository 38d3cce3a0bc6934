/* lhost-office365.c: Microsoft 365 / Exchange Online NDRs ("Delivery has
 * failed to these recipients or groups:"), whose enhanced status codes
 * (5.1.10, 5.7.606, ...) are Microsoft's own and name the reason.
 *
 * Fingerprint headers and the status table follow Sisimai::Lhost::Office365,
 * Copyright (C) 2016-2020 azumakuniyuki, All rights reserved; distributed
 * under the BSD 2-Clause License (see parse/THIRD-PARTY.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/lhost-providers.h"
#include "parse/text.h"

static const char *const o365_cloud_headers[] = {
	"x-microsoft-antispam-prvs", "x-exchange-antispam-report-test",
	"x-exchange-antispam-report-cfa-test", "x-ms-exchange-crosstenant-originalarrivaltime",
	"x-ms-exchange-crosstenant-fromentityheader", "x-ms-exchange-transport-crosstenantheadersstamped",
	NULL,
};
static const char *const o365_start[] = {
	"Delivery has failed to these recipients or groups:", "Original Message Details",
	"rejected your message to the following email addresses:",
	"rejected your message to the following e-mail addresses:", NULL,
};
static const char *const o365_end[] = {"Original message headers", "Original Message Headers", "Message Hops", NULL};
static const char o365_diag_mark[] = "Diagnostic information for administrators:";

/* Microsoft's status codes: class.subject.detail, detail in [lo, hi]. */
static const struct {
	int cls, subj, lo, hi;
	enum reason reason;
} o365_status[] = {
	{4, 4, 7, 7, REASON_EXPIRED}, {4, 4, 312, 312, REASON_NETWORKERROR},
	{4, 4, 316, 316, REASON_EXPIRED}, {4, 7, 26, 26, REASON_SECURITYERROR},
	{4, 7, 500, 699, REASON_BLOCKED}, {4, 7, 850, 899, REASON_BLOCKED},
	{5, 0, 350, 350, REASON_CONTENTERROR}, {5, 1, 10, 10, REASON_USERUNKNOWN},
	{5, 4, 1, 1, REASON_NORELAYING}, {5, 4, 6, 6, REASON_NETWORKERROR},
	{5, 4, 312, 312, REASON_NETWORKERROR}, {5, 4, 316, 316, REASON_EXPIRED},
	{5, 6, 11, 11, REASON_CONTENTERROR}, {5, 7, 1, 1, REASON_REJECTED},
	{5, 7, 12, 13, REASON_REJECTED}, {5, 7, 124, 124, REASON_REJECTED},
	{5, 7, 133, 136, REASON_REJECTED}, {5, 7, 23, 23, REASON_BLOCKED},
	{5, 7, 25, 25, REASON_NETWORKERROR}, {5, 7, 501, 503, REASON_SPAMDETECTED},
	{5, 7, 504, 505, REASON_FILTERED}, {5, 7, 506, 507, REASON_BLOCKED},
	{5, 7, 508, 508, REASON_TOOMANYCONN}, {5, 7, 509, 509, REASON_SECURITYERROR},
	{5, 7, 510, 510, REASON_NOTACCEPT}, {5, 7, 511, 511, REASON_REJECTED},
	{5, 7, 512, 512, REASON_SECURITYERROR}, {5, 7, 57, 57, REASON_SECURITYERROR},
	{5, 7, 606, 649, REASON_BLOCKED}, {5, 7, 700, 749, REASON_TOOMANYCONN},
};

/* Sisimai's rule (two signals or more), plus one that only Microsoft's
 * cloud sets, so an on-premises Exchange NDR stays with the MTA decoders. */
static bool
o365_fingerprint(const struct mail_view *v)
{
	const char *subj = v->subject;
	const char *mid = hdr_get(&v->head, "message-id");
	int match = 0, cloud = 0;

	match += subj && text_strstr(subj, "Undeliverable:") != NULL;
	match += hdr_get(&v->head, "x-ms-exchange-message-is-ndr") != NULL;
	for (size_t i = 0; o365_cloud_headers[i]; i++)
		cloud += hdr_get(&v->head, o365_cloud_headers[i]) != NULL;
	cloud += mid && (text_strstr(mid, ".outbound.protection.outlook.com") || text_strstr(mid, ".prod.outlook.com"));
	/* the Received: scans add one signal at most: skipped when even that
	 * could not make two (most mail), they cost more than the rest */
	if (match + cloud == 0)
		return false;
	if (cloud > 0 && match + cloud >= 2) /* decided: the scans could only add */
		return true;
	cloud += lhost_hdr_any_has_ci(v, "received", ".outbound.protection.outlook.com") ||
		 lhost_hdr_any_has_ci(v, "received", ".prod.outlook.com");
	return cloud > 0 && match + cloud >= 2;
}

static void
o365_reason(struct bounce_record *r)
{
	const char *s = r->deliverystatus;
	char *end;
	long cls, subj, det;

	cls = strtol(s, &end, 10);
	if (*end != '.')
		return;
	subj = strtol(end + 1, &end, 10);
	if (*end != '.')
		return;
	det = strtol(end + 1, &end, 10);
	if (*end != '\0')
		return;
	for (size_t i = 0; i < sizeof(o365_status) / sizeof(o365_status[0]); i++) {
		if (o365_status[i].cls == cls && o365_status[i].subj == subj && det >= o365_status[i].lo &&
		    det <= o365_status[i].hi) {
			lhost_set_reason(r, o365_status[i].reason, "office365", s);
			return;
		}
	}
}

/* "a@b<mailto:a@b>" or "Recipient Address: a@b" lines of the text part. */
static int
o365_text(const struct mail_view *v, struct parse_result *res)
{
	size_t n = lhost_cut_at(v->body, v->body_len, o365_end), ll, tl;
	const char *pos = v->body, *line;
	struct bounce_record *cur = NULL;
	char addr[BOUNCE_ADDR_MAX];
	bool reading = false, in_diag = false;

	while (text_next_line(v->body, n, &pos, &line, &ll)) {
		const char *t = lhost_ltrim(line, ll, &tl), *m;

		if (!reading) {
			for (size_t i = 0; o365_start[i] && !reading; i++)
				reading = text_find(line, ll, o365_start[i]) != NULL;
			continue;
		}
		m = text_find(t, tl, "<mailto:");
		if ((m && text_extract_address(m + 8, tl - (size_t)(m + 8 - t), addr, sizeof(addr))) ||
		    (lhost_starts(lhost_ln(t, tl), "Recipient Address:") &&
		     text_extract_address(t + 18, tl - 18, addr, sizeof(addr)))) {
			if (!(cur = lhost_record_for(res, addr)))
				return (res->n_records >= BOUNCE_MAX_RECIPIENTS) ? 0 : -1;
		} else if (lhost_starts(lhost_ln(t, tl), o365_diag_mark) || lhost_starts(lhost_ln(t, tl), "Error Details")) {
			in_diag = true;
		} else if (in_diag && cur && tl > 0 && !lhost_starts(lhost_ln(t, tl), "Generating server:") &&
			   !lhost_line_is_addr(t, tl, addr, sizeof(addr))) {
			lhost_diag_add(cur, t, tl);
		}
	}
	return 0;
}

enum lhost_verdict
lhost_office365_decode(const struct mail_view *v, struct parse_result *res)
{
	size_t first = res->n_records;
	bool marked = false;

	if (!o365_fingerprint(v))
		return LHOST_PASS;
	for (size_t i = 0; o365_start[i] && !marked; i++)
		marked = text_find(v->body, v->body_len, o365_start[i]) != NULL;
	if (!marked)
		return LHOST_PASS;
	if (v->dsn && lhost_scan_fields(v->dsn, v->dsn_len, NULL, res) < 0)
		return LHOST_NOMEM;
	/* no DSN part (or an empty one): the text part names the recipients */
	if (res->n_records == first && o365_text(v, res) < 0)
		return LHOST_NOMEM;
	for (size_t i = first; i < res->n_records; i++) {
		struct bounce_record *r = &res->records[i];
		char st[16];

		if ((!r->deliverystatus[0] || strcmp(r->deliverystatus + 1, ".0.0") == 0) &&
		    text_find_status(r->diagnosticcode, strlen(r->diagnosticcode), st, sizeof(st)))
			memcpy(r->deliverystatus, st, sizeof(st));
		if (text_strstr(r->diagnosticcode, "unknown recipient or mailbox unavailable ->"))
			(void)snprintf(r->command, sizeof(r->command), "RCPT");
		o365_reason(r);
		lhost_fill_codes(r);
	}
	return res->n_records > first ? LHOST_MATCH : LHOST_PASS;
}
