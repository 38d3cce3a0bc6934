/* lhost-gmail.c: Gmail's own bounce text ("Delivery to the following
 * recipient failed permanently:"), which carries no DSN part.
 *
 * Marker strings and the (state NN) table follow Sisimai::Lhost::Gmail,
 * Copyright (C) 2014-2020 azumakuniyuki, All rights reserved; distributed
 * under the BSD 2-Clause License (see parse/THIRD-PARTY.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/lhost-providers.h"
#include "parse/text.h"

static const char *const gmail_end[] = {
	"----- Original message -----", "----- Message header follows -----", NULL};
static const char *const gmail_start[] = {"Delivery to the following recipient", NULL};
static const char gmail_error_mark[] = "The error that the other server returned was:";

/* Gmail's "(state NN)" suffix names the SMTP step that failed. */
static const struct {
	int state;
	const char *command;
	enum reason reason;
} gmail_states[] = {
	{6, "MAIL", REASON_SYSTEMERROR},  {8, "AUTH", REASON_SYSTEMERROR}, {9, "AUTH", REASON_SYSTEMERROR},
	{12, "AUTH", REASON_NORELAYING},  {13, "EHLO", REASON_BLOCKED},
	{14, "RCPT", REASON_USERUNKNOWN}, {15, "DATA", REASON_FILTERED},
	{17, "DATA", REASON_FILTERED},    {18, "DATA", REASON_FILTERED},
};

static const struct {
	const char *text;
	enum reason reason;
} gmail_texts[] = {
	{"Remote server does not support TLS", REASON_FAILEDSTARTTLS},
	{"DNS Error: Could not contact DNS servers", REASON_EXPIRED},
	{"Delivery to the following recipient has been delayed", REASON_EXPIRED},
	{"The recipient server did not accept our requests to connect", REASON_EXPIRED},
	{"DNS Error: Domain name not found", REASON_HOSTUNKNOWN},
	{"DNS Error: DNS server returned answer with no data", REASON_HOSTUNKNOWN},
};

static int
gmail_state(const char *diag)
{
	const char *p = text_strstr(diag, "(state ");

	if (!p)
		return -1;
	p += 7;
	if (*p < '0' || *p > '9')
		return -1;
	return (int)strtol(p, NULL, 10);
}

/* Codes only come from the remote server's reply, never from the help text
 * around it (URLs and IP addresses look like codes). */
static void
gmail_codes(struct bounce_record *r)
{
	const char *p = text_strstr(r->diagnosticcode, gmail_error_mark);
	size_t n;

	if (!p)
		return;
	p += sizeof(gmail_error_mark) - 1;
	n = strlen(p);
	(void)text_find_status(p, n, r->deliverystatus, sizeof(r->deliverystatus));
	(void)text_find_replycode(p, n, r->replycode, sizeof(r->replycode));
}

/* "... rejected by the server for the recipient domain d by mx.d. [192.0.2.2]." */
static void
gmail_rhost(struct bounce_record *r)
{
	const char *p = r->diagnosticcode, *host, *ip;
	size_t hl, il;

	while ((p = text_strstr(p, " by ")) != NULL) {
		host = p + 4;
		hl = strcspn(host, " ");
		p = host;
		if (hl < 2 || host[hl - 1] != '.' || host[hl] != ' ' || host[hl + 1] != '[')
			continue;
		ip = host + hl + 2;
		il = strcspn(ip, "]");
		if (ip[il] != ']')
			continue;
		/* a name when it has a dot and a TLD of letters, else the address */
		hl--;
		if (memchr(host, '.', hl) && host[hl - 1] >= 'A' && strspn(host, "0123456789.") != hl)
			lhost_set(r, r->rhost, sizeof(r->rhost), host, hl);
		else
			lhost_set(r, r->rhost, sizeof(r->rhost), ip, il);
		return;
	}
}

static void
gmail_reason(struct bounce_record *r, const char *text, size_t n)
{
	int st = gmail_state(r->diagnosticcode);

	/* a precise status (not X.0.0) is left to reason_classify() */
	if (r->deliverystatus[0] && strcmp(r->deliverystatus + 1, ".0.0") != 0)
		return;
	for (size_t i = 0; i < sizeof(gmail_texts) / sizeof(gmail_texts[0]); i++) {
		if (text_find(text, n, gmail_texts[i].text)) {
			lhost_set_reason(r, gmail_texts[i].reason, "gmail", gmail_texts[i].text);
			return;
		}
	}
	for (size_t i = 0; i < sizeof(gmail_states) / sizeof(gmail_states[0]); i++) {
		if (gmail_states[i].state != st)
			continue;
		lhost_set_reason(r, gmail_states[i].reason, "gmail", "state");
		(void)snprintf(r->command, sizeof(r->command), "%s", gmail_states[i].command);
		return;
	}
}

enum lhost_verdict
lhost_gmail_decode(const struct mail_view *v, struct parse_result *res)
{
	static const struct lhost_scan sc = {gmail_start, gmail_end, false, false};
	size_t first = res->n_records;
	size_t n;
	int got;

	if (v->dsn || !lhost_hdr_has(v, "from", "<mailer-daemon@googlemail.com>") ||
	    !lhost_hdr_has(v, "subject", "Delivery Status Notification"))
		return LHOST_PASS;
	n = lhost_cut_at(v->body, v->body_len, gmail_end);
	if (!text_find(v->body, n, gmail_start[0]))
		return LHOST_PASS;
	got = lhost_scan_text(v->body, n, &sc, res);
	if (got < 0)
		return LHOST_NOMEM;
	for (size_t i = first; i < res->n_records; i++) {
		struct bounce_record *r = &res->records[i];

		gmail_codes(r);
		gmail_rhost(r);
		if (text_find(v->body, n, "has been delayed") || text_find(v->body, n, "temporary failure"))
			(void)snprintf(r->action, sizeof(r->action), "delayed");
		gmail_reason(r, v->body, n);
		lhost_fill_action(r);
	}
	return res->n_records > first ? LHOST_MATCH : LHOST_PASS;
}
