/* lhost-imailserver.c: bounces of Ipswitch IMail Server ("Undeliverable
 * Mail", X-Mailer: <SMTP32 v...>): "Unknown user: user@example.org" or
 * "undeliverable to user@example.org", and the session text after "Body of
 * message generated response:".
 *
 * Ported from Sisimai::Lhost::IMailServer (Sisimai 4.25.15),
 * Copyright (C) 2014-2021 azumakuniyuki, BSD 2-Clause License.
 */
#include <string.h>

#include "parse/lhost-mtas.h"
#include "parse/text.h"
#include "util/str.h"

static const struct lhost_command_row imail_commands[] = {
	{"SMTP connection failed,", "CONN"},
	{"Unexpected connection response from server:", "CONN"},
	{"Unexpected response to EHLO/HELO:", "EHLO"},
	{"Server response to MAIL FROM:", "MAIL"},
	{"Additional RCPT TO generated following response:", "RCPT"},
	{"DATA command generated response:", "DATA"},
	{NULL, NULL},
};

static const struct lhost_reason_row imail_reasons[] = {
	{REASON_HOSTUNKNOWN, "Unknown host"},
	{REASON_USERUNKNOWN, "Unknown user"},
	{REASON_USERUNKNOWN, "Invalid final delivery userid"},
	{REASON_MAILBOXFULL, "User mailbox exceeds allowed size"},
	{REASON_VIRUSDETECTED, "Requested action not taken: virus detected"},
	{REASON_EXPIRED, "Delivery failed "},
	{REASON_UNDEFINED, NULL},
};

/* exactly "Undeliverable Mail" (MailMarshal adds ': "subject"') */
static bool imail_subject(const char *s)
{
	if (strncmp(s, "Undeliverable Mail", 18) != 0)
		return false;
	for (s += 18; *s == ' '; s++)
		;
	return *s == '\0';
}

LHOST_MTA_DECODER(imailserver)
{
	struct lhost_ds ds;
	struct lhost_cur c;
	struct lhost_line l;
	char alt[BOUNCE_TEXT_MAX] = "";
	struct bounce_record scratch;

	if (!imail_subject(lhost_hdr(v, "subject")) &&
	    strncmp(lhost_hdr(v, "x-mailer"), "<SMTP32 v", 9) != 0)
		return LHOST_PASS;
	memset(&scratch, 0, sizeof(scratch));
	lhost_ds_init(&ds, res);
	lhost_cur_init(&c, v, false);
	while (lhost_cur_next(&c, &l)) {
		struct lhost_line t = lhost_trim(l);
		const char *colon = memchr(l.s, ':', l.n);
		struct bounce_record *r;

		if (lhost_starts(l, "Original message follows."))
			break;
		if (lhost_starts(l, "undeliverable to ")) {
			if (!(r = lhost_ds_new(&ds)))
				return LHOST_NOMEM;
			(void)lhost_set_addr(r, false, l.s + 17, l.n - 17);
			continue;
		}
		/* "Unknown user: user@example.org" */
		if (colon && l.s[0] != ' ' && memchr(colon, '@', (size_t)(l.s + l.n - colon)) &&
		    memchr(l.s, ' ', (size_t)(colon - l.s))) {
			if (!(r = lhost_ds_new(&ds)))
				return LHOST_NOMEM;
			if (!lhost_set_addr(r, false, colon + 1, (size_t)(l.s + l.n - colon - 1))) {
				res->n_records--;
				ds.cur = res->n_records > ds.first ? (long)res->n_records - 1 : -1;
				continue;
			}
			lhost_set(r, r->diagnosticcode, sizeof(r->diagnosticcode), l.s, (size_t)(colon - l.s));
			continue;
		}
		if (alt[0])
			lhost_append(&scratch, alt, sizeof(alt), t.s, t.n);
		else if (lhost_has(l, "Body of message generated response:"))
			lhost_set(&scratch, alt, sizeof(alt), t.s, t.n);
	}
	for (size_t i = ds.first; i < res->n_records; i++) {
		struct bounce_record *e = &res->records[i];
		const struct lhost_reason_row *row;
		const char *cmd;
		char tmp[BOUNCE_TEXT_MAX];

		if (alt[0]) {
			(void)str_printf(tmp, sizeof(tmp), "%s %s", alt, e->diagnosticcode);
			(void)str_copy(e->diagnosticcode, sizeof(e->diagnosticcode), tmp);
			lhost_diag_touched(e);
		}
		if ((cmd = lhost_command_match(imail_commands, e->diagnosticcode)))
			(void)str_copy(e->command, sizeof(e->command), cmd);
		row = lhost_reason_match(imail_reasons, e->diagnosticcode);
		if (row)
			lhost_set_reason(e, row->reason, "IMailServer", row->marker);
	}
	lhost_default_action(res, ds.first, "failed"); /* a returned message */
	return lhost_finish(res, ds.first, NULL, 0) ? LHOST_MATCH : LHOST_PASS;
}
