/* lhost-qmail.c: bounces of qmail-send in QSBMF ("Hi. This is the qmail-send
 * program at ..."): "<rcpt>:" lines, each followed by the error text.
 *
 * Sites change the sender (control/bouncefrom, bouncehost) and the text
 * (bouncesaying), so the match rests on the QSBMF markers, not on From:.
 * A double bounce ("the bounce bounced") names the postmaster of the
 * original sender, not a recipient of ours: it is recognised and yields no
 * record, so no address is counted against.
 *
 * Ported from Sisimai::Lhost::qmail (Sisimai 4.25.15),
 * Copyright (C) 2014-2021 azumakuniyuki, BSD 2-Clause License.
 */
#include <string.h>

#include "parse/lhost-mtas.h"
#include "parse/reason.h"
#include "parse/text.h"
#include "util/str.h"

static const char *const qmail_stops[] = {
	"--- Below this line is a copy of the message.",
	"--- Enclosed is a copy of the message.",
	"--- Below the next line is a copy of the message.",
	"--- Enclosed are the original headers of the message.",
	NULL,
};

/* The SMTP stage a qmail-remote text names. */
static const struct lhost_command_row qmail_commands[] = {
	{"but greeting failed.", "CONN"},
	{"but my name was rejected.", "EHLO"},
	{"but sender was rejected.", "MAIL"},
	{" does not like recipient.", "RCPT"},
	{" failed on DATA command.", "DATA"},
	{" failed after I sent the message.", "DATA"},
	{NULL, NULL},
};

/* Texts of qmail itself and of its common LDAP patch (qmail-ldap). */
static const struct lhost_reason_row qmail_reasons[] = {
	{REASON_USERUNKNOWN, "no mailbox here by that name"},
	{REASON_MAILBOXFULL, "disk quota exceeded"},
	{REASON_MESGTOOBIG, "Message size exceeds fixed maximum message size:"},
	{REASON_HOSTUNKNOWN, "Sorry, I couldn't find any host "},
	{REASON_SYSTEMFULL, "Requested action not taken: mailbox unavailable (not enough free space)"},
	{REASON_NOTACCEPT, "Sorry, I couldn't find a mail exchanger or IP address"},
	{REASON_NETWORKERROR, "Sorry, I wasn't able to establish an SMTP connection"},
	{REASON_NETWORKERROR, "Sorry. Although I'm listed as a best-preference MX or A for that host"},
	{REASON_SUSPEND, "Mailaddress is administratively disabled"},
	{REASON_SUSPEND, "Mailaddress is administrativley disabled"},
	{REASON_SUSPEND, "Mailaddress is administrativly disabled"},
	{REASON_EXCEEDLIMIT, "The message exeeded the maximum size the user accepts"},
	{REASON_SYSTEMERROR, "Automatic homedir creator crashed"},
	{REASON_SYSTEMERROR, "Illegal value in LDAP attribute"},
	{REASON_SYSTEMERROR, "LDAP attribute is not given but mandatory"},
	{REASON_SYSTEMERROR, "Timeout while performing search on LDAP server"},
	{REASON_SYSTEMERROR, "Too many results returned but needs to be unique"},
	{REASON_SYSTEMERROR, "Permanent error while executing qmail-forward"},
	{REASON_SYSTEMERROR, "Temporary error in automatic homedir creation"},
	{REASON_SYSTEMERROR, "Temporary error while executing qmail-forward"},
	{REASON_SYSTEMERROR, "Temporary failure in LDAP lookup"},
	{REASON_SYSTEMERROR, "Unable to contact LDAP server"},
	{REASON_SYSTEMERROR, "Unable to login into LDAP server, bad credentials"},
	{REASON_SYSTEMERROR, "bad interpreter: No such file or directory"},
	{REASON_SYSTEMERROR, "system error"},
	{REASON_SYSTEMERROR, "Unable to"},
	{REASON_UNDEFINED, NULL},
};

static bool qmail_match(const struct mail_view *v)
{
	if (strcmp(lhost_hdr(v, "subject"), "failure notice") == 0)
		return true;
	if (lhost_hdr_any_has(v, "received", " invoked for bounce)") ||
	    lhost_hdr_any_has(v, "received", " invoked from network)"))
		return text_find(v->body, v->body_len, "Hi. This is the qmail") != NULL;
	return strncmp(v->body, "Hi. This is the qmail", 21) == 0;
}

/* "<user@example.com>:" alone on its line (a "To:" prefix is seen too). */
static bool qmail_rcpt_line(struct lhost_line l, struct bounce_record *r)
{
	struct lhost_line t = lhost_trim(l);
	const char *gt;

	if (lhost_starts(t, "To:"))
		t = lhost_trim(lhost_skip(t, 3));
	if (t.n < 5 || t.s[0] != '<' || !lhost_ends(t, ">:"))
		return false;
	gt = t.s + t.n - 2;
	if (!memchr(t.s, '@', (size_t)(gt - t.s)))
		return false;
	return lhost_set_addr(r, false, t.s, t.n - 1);
}

/* "Giving up on HOST.", "Connected to HOST ", "remote host HOST said:" */
static void qmail_rhost(struct bounce_record *r, struct lhost_line l)
{
	/* with their lengths: no strlen() of each, twice, a line */
	static const struct {
		const char *s;
		size_t n;
	} leads[] = {{"Giving up on ", sizeof("Giving up on ") - 1},
		     {"Connected to ", sizeof("Connected to ") - 1},
		     {"remote host ", sizeof("remote host ") - 1}};

	for (size_t i = 0; i < sizeof(leads) / sizeof(leads[0]) && !r->rhost[0]; i++) {
		const char *p = leads[i].n > l.n ? NULL : text_find_n(l.s, l.n, leads[i].s, leads[i].n);
		const char *h, *e, *end = l.s + l.n;

		if (!p)
			continue;
		h = p + leads[i].n;
		for (e = h; e < end && *e != ' ' && *e != '\t'; e++)
			;
		while (e > h && (e[-1] == '.' || e[-1] == ':'))
			e--;
		lhost_set(r, r->rhost, sizeof(r->rhost), h, (size_t)(e - h));
	}
}

/* The stage says "sender refused" or "greeting refused", but when the
 * server's words match a known text or host rule (Yahoo's "temporarily
 * deferred due to unexpected volume"), those say more: leave the record to
 * the reason tables. */
static bool qmail_reply_decides(const struct bounce_record *r)
{
	struct reason_input in = {
		.diagnostic = r->diagnosticcode, .status = "", .replycode = "", .rhost = r->rhost,
		.command = r->command, .action = "", .decodedby = "qmail", .diagtype = "",
	};
	char rule[64];

	(void)reason_classify(&in, rule, sizeof(rule));
	return strncmp(rule, "text:", 5) == 0 || strncmp(rule, "rhost:", 6) == 0;
}

static void qmail_reason(struct bounce_record *r, const char *remote_said, const char *name)
{
	const struct lhost_reason_row *row;
	const char *cmd;

	if (!r->command[0]) {
		cmd = lhost_command_match(qmail_commands, r->diagnosticcode);
		if (!cmd) {
			const char *p = text_strstr(r->diagnosticcode, "most progress was ");

			if (p)
				(void)lhost_read_verb(p + 18, strlen(p + 18), r->command, sizeof(r->command));
		} else {
			(void)str_copy(r->command, sizeof(r->command), cmd);
		}
	}
	if (!strcmp(r->command, "MAIL") && !qmail_reply_decides(r)) {
		lhost_set_reason(r, REASON_REJECTED, name, "sender was rejected");
		return;
	}
	if ((!strcmp(r->command, "EHLO") || !strcmp(r->command, "HELO")) && !qmail_reply_decides(r)) {
		lhost_set_reason(r, REASON_BLOCKED, name, "my name was rejected");
		return;
	}
	/* the remote server's words: leave those to the reason tables */
	if (remote_said && remote_said[0])
		return;
	if (text_strstr(r->diagnosticcode, " does not like recipient.") &&
	    text_strstr(r->diagnosticcode, "this message has been in the queue too long.")) {
		lhost_set_reason(r, REASON_ONHOLD, name, "queue too long after RCPT");
		return;
	}
	row = lhost_reason_match(qmail_reasons, r->diagnosticcode);
	if (row)
		lhost_set_reason(r, row->reason, name, row->marker);
	else if (text_strstr(r->diagnosticcode, "this message has been in the queue too long."))
		lhost_set_reason(r, REASON_EXPIRED, name, "queue too long");
}

static bool qmail_is_start(struct lhost_line l)
{
	return lhost_starts(l, "Hi. This is the qmail");
}

LHOST_MTA_DECODER(qmail)
{
	if (!qmail_match(v))
		return LHOST_PASS;
	return lhost_qmail_like(v, res, qmail_is_start, "qmail");
}

enum lhost_verdict lhost_qmail_like(const struct mail_view *v, struct parse_result *res,
				    bool (*is_start)(struct lhost_line), const char *name)
{
	struct lhost_ds ds;
	struct lhost_cur c;
	struct lhost_line l;
	bool reading = false;
	bool said[64];
	size_t nsaid = sizeof(said) / sizeof(said[0]);

	memset(said, 0, sizeof(said));
	lhost_ds_init(&ds, res);
	lhost_cur_init(&c, v, false);
	while (lhost_cur_next(&c, &l)) {
		struct bounce_record tmp, *r;
		size_t idx;

		if (!reading) {
			reading = is_start(l);
			continue;
		}
		if (lhost_starts_any(l, qmail_stops) >= 0)
			break;
		if (lhost_has(l, "but the bounce bounced!")) {
			/* a double bounce: the address is the sender's postmaster */
			res->n_records = ds.first;
			(void)str_copy(res->why, sizeof(res->why), "qmail double bounce: no recipient of ours");
			return LHOST_MATCH;
		}
		if (lhost_trim(l).n == 0)
			continue;
		lhost_record_empty(&tmp);
		if (qmail_rcpt_line(l, &tmp)) {
			if (!(r = lhost_ds_new(&ds)))
				return LHOST_NOMEM;
			lhost_rcpt_copy(r, &tmp);
			continue;
		}
		if (lhost_ds_count(&ds) == 0)
			continue;
		r = &res->records[ds.cur];
		LHOST_APPEND(r, diagnosticcode, l);
		idx = (size_t)ds.cur - ds.first;
		if (idx < nsaid && lhost_starts(l, "Remote host said:"))
			said[idx] = true;
		qmail_rhost(r, l);
	}
	if (lhost_ds_count(&ds) == 0)
		return LHOST_PASS;
	for (size_t i = ds.first; i < res->n_records; i++) {
		size_t idx = i - ds.first;

		/* qmail's status is the "(#5.1.1)" in its own text or the remote one */
		qmail_reason(&res->records[i], idx < nsaid && said[idx] ? "remote" : NULL, name);
	}
	lhost_default_action(res, ds.first, "failed"); /* a returned message */
	return lhost_finish(res, ds.first, NULL, 0) ? LHOST_MATCH : LHOST_PASS;
}
