/* lhost-mailru.c: Mail.Ru's bounces: an Exim text, after a Russian preface
 * that repeats the recipients (so reading starts at the English part).
 *
 * Marker strings follow Sisimai::Lhost::MailRu, Copyright (C) 2014-2020
 * azumakuniyuki, All rights reserved; distributed under the BSD 2-Clause
 * License (see parse/THIRD-PARTY.md).
 */
#include <string.h>

#include "parse/lhost-providers.h"
#include "parse/text.h"

static const char *const mailru_start[] = {"This message was created automatically by mail delivery software.", NULL};
static const char *const mailru_end[] = {"------ This is a copy of the message, including all the headers. ------", NULL};

static const struct lhost_reason_row mailru_reasons[] = {
	{REASON_EXPIRED, "retry timeout exceeded"},
	{REASON_EXPIRED, "No action is required on your part"},
	{REASON_USERUNKNOWN, "user not found"},
	{REASON_HOSTUNKNOWN, "all host address lookups failed permanently"},
	{REASON_HOSTUNKNOWN, "all relevant MX records point to non-existent hosts"},
	{REASON_HOSTUNKNOWN, "Unrouteable address"},
	{REASON_MAILBOXFULL, "mailbox is full"},
	{REASON_MAILBOXFULL, "error: quota exceed"},
	{REASON_NOTACCEPT, "an MX or SRV record indicated no SMTP service"},
	{REASON_NOTACCEPT, "no host found for existing SMTP connection"},
	{REASON_SYSTEMERROR, "delivery to file forbidden"},
	{REASON_SYSTEMERROR, "delivery to pipe forbidden"},
	{REASON_SYSTEMERROR, "local delivery failed"},
	{REASON_CONTENTERROR, "Too many \"Received\" headers"},
	{REASON_UNDEFINED, NULL},
};

static bool
mailru_fingerprint(const struct mail_view *v)
{
	const char *mid = hdr_get(&v->head, "message-id");
	size_t ml;

	/* "mail.ru" first: most bounces come from some mailer-daemon@ */
	if (!lhost_hdr_has(v, "from", "mail.ru") || !lhost_hdr_has(v, "from", "mailer-daemon@") || !mid)
		return false;
	ml = strlen(mid);
	return (ml > 9 && strcmp(mid + ml - 9, ".mail.ru>") == 0) ||
	       (ml > 13 && strcmp(mid + ml - 13, ".smailru.net>") == 0);
}

enum lhost_verdict
lhost_mailru_decode(const struct mail_view *v, struct parse_result *res)
{
	static const struct lhost_scan sc = {mailru_start, mailru_end, false, false};
	size_t first = res->n_records;
	size_t n;

	if (!mailru_fingerprint(v))
		return LHOST_PASS;
	n = lhost_cut_at(v->body, v->body_len, mailru_end);
	if (lhost_scan_text(v->body, n, &sc, res) < 0)
		return LHOST_NOMEM;
	/* no recipient in the text: Exim's X-Failed-Recipients still names them */
	if (res->n_records == first && lhost_failed_recipients(v, res) < 0)
		return LHOST_NOMEM;
	for (size_t i = first; i < res->n_records; i++) {
		struct bounce_record *r = &res->records[i];

		lhost_command_from_text(r);
		lhost_rhost_from_text(r);
		if (strcmp(r->command, "MAIL") == 0)
			lhost_set_reason(r, REASON_REJECTED, "mailru", "MAIL");
		else if (strcmp(r->command, "EHLO") == 0 || strcmp(r->command, "HELO") == 0)
			lhost_set_reason(r, REASON_BLOCKED, "mailru", r->command);
		else
			(void)lhost_reason_by_text(r, mailru_reasons, "mailru");
		lhost_fill_codes(r);
	}
	return res->n_records > first ? LHOST_MATCH : LHOST_PASS;
}
