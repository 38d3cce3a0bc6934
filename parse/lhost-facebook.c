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
	const char *code;
	enum reason reason;
} fb_codes[] = {
	{"RCP-P1", REASON_USERUNKNOWN},  /* recipient address does not exist */
	{"INT-P1", REASON_USERUNKNOWN},  {"INT-P3", REASON_USERUNKNOWN}, {"INT-P4", REASON_USERUNKNOWN},
	{"RCP-P2", REASON_FILTERED},     /* recipient's preferences */
	{"RCP-P3", REASON_FILTERED},     /* recipient's privacy settings */
	{"POL-P1", REASON_BLOCKED},      /* sending IP listed on the Spamhaus PBL */
	{"POL-P2", REASON_BLOCKED},      /* no more mail from the sending IP */
	{"MSG-P1", REASON_MESGTOOBIG},   {"INT-P2", REASON_MESGTOOBIG},
	{"MSG-P2", REASON_CONTENTERROR}, /* attachment type not accepted */
	{"MSG-P3", REASON_CONTENTERROR}, /* repeated single-instance header */
	{"POL-P6", REASON_CONTENTERROR}, /* blocked URL */
	{"POL-P7", REASON_SECURITYERROR}, /* domain authentication requirements */
	{"POL-P3", REASON_NOTACCEPT},    {"POL-P4", REASON_NOTACCEPT},   {"POL-T1", REASON_NOTACCEPT},
	{"POL-T2", REASON_NOTACCEPT},    {"POL-T3", REASON_NOTACCEPT},
	{"DNS-P1", REASON_REJECTED},     /* MAIL FROM domain does not exist */
	{"DNS-P2", REASON_REJECTED},     {"DNS-T1", REASON_REJECTED},    {"DNS-P3", REASON_REJECTED},
	{"DNS-T2", REASON_REJECTED},
	{"CON-T1", REASON_SYSTEMERROR},  {"RCP-T1", REASON_SYSTEMERROR},
	{"CON-T2", REASON_TOOMANYCONN},  {"CON-T3", REASON_TOOMANYCONN},
	{"POL-P5", REASON_VIRUSDETECTED},
	{"RCP-T4", REASON_SUSPEND},      /* recipient deactivated */
};

static void
fb_reason(struct bounce_record *r)
{
	for (size_t i = 0; i < sizeof(fb_codes) / sizeof(fb_codes[0]); i++) {
		const char *p = text_strstr(r->diagnosticcode, fb_codes[i].code);

		/* a code standing as its own word */
		if (p && (p == r->diagnosticcode || p[-1] == ' ') && (p[6] == '\0' || p[6] == ' ')) {
			lhost_set_reason(r, fb_codes[i].reason, "facebook", fb_codes[i].code);
			return;
		}
	}
}

enum lhost_verdict
lhost_facebook_decode(const struct mail_view *v, struct parse_result *res)
{
	const char *from = v->from;
	const char *subj = v->subject;
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
