/* lhost-facebook.c: Facebook's bounces (mailer-daemon@mx.facebook.com): a
 * DSN whose diagnostic carries Facebook's own response code ("RCP-P2",
 * "POL-P1", ...), which names the reason better than the status does.
 *
 * The response code table follows Sisimai::Lhost::Facebook, Copyright (C)
 * 2014-2020 azumakuniyuki, All rights reserved; distributed under the BSD
 * 2-Clause License (see parse/THIRD-PARTY.md).
 */
#include <string.h>

#include "parse/lhost-providers.h"
#include "parse/text.h"

static const struct {
	const char *code, *reason;
} fb_codes[] = {
	{"RCP-P1", "userunknown"},  /* recipient address does not exist */
	{"INT-P1", "userunknown"},  {"INT-P3", "userunknown"}, {"INT-P4", "userunknown"},
	{"RCP-P2", "filtered"},     /* recipient's preferences */
	{"RCP-P3", "filtered"},     /* recipient's privacy settings */
	{"POL-P1", "blocked"},      /* sending IP listed on the Spamhaus PBL */
	{"POL-P2", "blocked"},      /* no more mail from the sending IP */
	{"MSG-P1", "mesgtoobig"},   {"INT-P2", "mesgtoobig"},
	{"MSG-P2", "contenterror"}, /* attachment type not accepted */
	{"MSG-P3", "contenterror"}, /* repeated single-instance header */
	{"POL-P6", "contenterror"}, /* blocked URL */
	{"POL-P7", "securityerror"}, /* domain authentication requirements */
	{"POL-P3", "notaccept"},    {"POL-P4", "notaccept"},   {"POL-T1", "notaccept"},
	{"POL-T2", "notaccept"},    {"POL-T3", "notaccept"},
	{"DNS-P1", "rejected"},     /* MAIL FROM domain does not exist */
	{"DNS-P2", "rejected"},     {"DNS-T1", "rejected"},    {"DNS-P3", "rejected"},
	{"DNS-T2", "rejected"},
	{"CON-T1", "systemerror"},  {"RCP-T1", "systemerror"},
	{"CON-T2", "toomanyconn"},  {"CON-T3", "toomanyconn"},
	{"POL-P5", "virusdetected"},
	{"RCP-T4", "suspend"},      /* recipient deactivated */
};

static void
fb_reason(struct bounce_record *r)
{
	for (size_t i = 0; i < sizeof(fb_codes) / sizeof(fb_codes[0]); i++) {
		const char *p = strstr(r->diagnosticcode, fb_codes[i].code);

		/* a code standing as its own word */
		if (p && (p == r->diagnosticcode || p[-1] == ' ') && (p[6] == '\0' || p[6] == ' ')) {
			lhost_set_reason_name(r, fb_codes[i].reason, "facebook", fb_codes[i].code);
			return;
		}
	}
}

enum lhost_verdict
lhost_facebook_decode(const struct mail_view *v, struct parse_result *res)
{
	const char *from = hdr_get(&v->head, "from");
	const char *subj = hdr_get(&v->head, "subject");
	size_t first = res->n_records;
	int got;

	if (!from || strcmp(from, "Facebook <mailer-daemon@mx.facebook.com>") != 0 || !subj ||
	    strcmp(subj, "Sorry, your message could not be delivered") != 0)
		return LHOST_PASS;
	if (v->dsn)
		got = lhost_scan_fields(v->dsn, v->dsn_len, NULL, res);
	else
		got = lhost_scan_fields(v->body, v->body_len, "This message was created automatically by Facebook.",
					  res);
	if (got < 0)
		return LHOST_NOMEM;
	for (size_t i = first; i < res->n_records; i++) {
		fb_reason(&res->records[i]);
		lhost_fill_codes(&res->records[i]);
	}
	return res->n_records > first ? LHOST_MATCH : LHOST_PASS;
}
