/* lhost-exim.c: bounces of Exim ("This message was created automatically
 * by mail delivery software."), with the recipients indented by two blanks,
 * the error text by four, X-Failed-Recipients, and "------ This is a copy of
 * the message" before the returned mail.
 *
 * Ported from Sisimai::Lhost::Exim (Sisimai 4.25.15),
 * Copyright (C) 2014-2021 azumakuniyuki, BSD 2-Clause License.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse/lhost-mtas.h"
#include "parse/text.h"
#include "util/str.h"

static const struct text_lit exim_subjects[] = {
	TEXT_LIT("Mail delivery failed"), TEXT_LIT("Delivery Status Notification"), TEXT_LIT("Mail failure"),
	TEXT_LIT("Message frozen"), TEXT_LIT("error(s) in forwarding or filtering"),
};

/* The first line of the notice. */
static const char *const exim_starts[] = {
	"This message was created automatically by mail delivery software.",
	"A message that you sent was rejected by the local scannning code",
	"A message that you sent contained one or more recipient addresses ",
	"A message that you sent could not be delivered to all of its recipients",
	"Message ", /* "Message X has been frozen" / "was frozen on arrival": checked below */
	"The ",     /* "The X router encountered the following error(s):" */
	NULL,
};

/* Where the returned message starts in a non-MIME bounce: "------ This is
 * a copy of the message, including all the headers. ------" (any number of
 * dashes, "the" or "your"), or a MIME part header left in the text. */
static bool exim_is_stop(struct lhost_line l)
{
	struct lhost_line t = l;

	if (lhost_starts_ci(l, "Content-Type: message/rfc822"))
		return true;
	while (t.n && t.s[0] == '-')
		t = lhost_skip(t, 1);
	return t.n < l.n && (lhost_starts(t, " This is a copy of the message") ||
			     lhost_starts(t, " This is a copy of your message"));
}

const struct lhost_reason_row lhost_exim_reasons[] = {
	{REASON_USERUNKNOWN, "user not found"},
	{REASON_HOSTUNKNOWN, "all host address lookups failed permanently"},
	{REASON_HOSTUNKNOWN, "all relevant MX records point to non-existent hosts"},
	{REASON_HOSTUNKNOWN, "Unrouteable address"},
	{REASON_MAILBOXFULL, "mailbox is full"},
	{REASON_MAILBOXFULL, "error: quota exceed"},
	{REASON_NOTACCEPT, "an MX or SRV record indicated no SMTP service"},
	{REASON_NOTACCEPT, "no host found for existing SMTP connection"},
	{REASON_SYNTAXERROR, "angle-brackets nested too deep"},
	{REASON_SYNTAXERROR, "expected word or \"<\""},
	{REASON_SYNTAXERROR, "domain missing in source-routed address"},
	{REASON_SYNTAXERROR, "malformed address:"},
	{REASON_SYSTEMERROR, "delivery to file forbidden"},
	{REASON_SYSTEMERROR, "delivery to pipe forbidden"},
	{REASON_SYSTEMERROR, "local delivery failed"},
	{REASON_SYSTEMERROR, "LMTP error after "},
	{REASON_CONTENTERROR, "Too many \"Received\" headers"},
	/* the message waited too long: Exim's retry texts */
	{REASON_EXPIRED, "retry timeout exceeded"},
	{REASON_EXPIRED, "No action is required on your part"},
	{REASON_EXPIRED, "retry time not reached for any host after a long failure period"},
	{REASON_EXPIRED, "all hosts have been failing for a long time and were last tried"},
	{REASON_EXPIRED, "Delay reason: "},
	{REASON_EXPIRED, "has been frozen"},
	{REASON_EXPIRED, "was frozen on arrival by "},
	{REASON_UNDEFINED, NULL},
};

struct exim_rec {
	char alterrors[BOUNCE_TEXT_MAX];
};

/* The alternative texts of the first EXIM_MAX_ALT records. Most notices
 * have one or two recipients: two live in the decoder's frame, and all
 * 64 KB are asked of malloc() only when a third record gets a text (a
 * malloc() and free() of that size cost more than most of the text's
 * reading). */
#define EXIM_MAX_ALT 64
#define EXIM_FEW_ALT 2
struct exim_alts {
	struct exim_rec *p; /* few, or EXIM_MAX_ALT on the heap */
	struct exim_rec few[EXIM_FEW_ALT];
	size_t n;           /* entries of p */
};

/* Append l to the alternative text of record idx (< EXIM_MAX_ALT);
 * -1 when out of memory. */
static int exim_alt_add(struct exim_alts *a, size_t idx, struct bounce_record *r, struct lhost_line l)
{
	if (idx >= a->n) {
		struct exim_rec *all = malloc(EXIM_MAX_ALT * sizeof(*all));

		if (!all)
			return -1;
		memcpy(all, a->few, sizeof(a->few));
		for (size_t k = EXIM_FEW_ALT; k < EXIM_MAX_ALT; k++) /* empty strings suffice */
			all[k].alterrors[0] = '\0';
		a->p = all;
		a->n = EXIM_MAX_ALT;
	}
	lhost_append(r, a->p[idx].alterrors, sizeof(a->p[idx].alterrors), l.s, l.n);
	return 0;
}

static bool exim_is_start(struct lhost_line l)
{
	int i = lhost_starts_any(l, exim_starts);

	if (i < 0)
		return false;
	if (strcmp(exim_starts[i], "Message ") == 0)
		return lhost_has(l, " has been frozen") || lhost_has(l, " was frozen on arrival");
	if (strcmp(exim_starts[i], "The ") == 0)
		return lhost_has(l, " router encountered the following error(s):");
	return true;
}

static bool exim_is_frozen(struct lhost_line l)
{
	return lhost_starts(l, "Message ") &&
	       (lhost_has(l, " has been frozen") || lhost_has(l, " was frozen on arrival"));
}

/* Exim's message ids: <XXXXXXX-XXXXXX-XX@host> up to 4.96, and
 * <XXXXXXX-XXXXXXXXXXX-XXXX@host> since 4.97. */
static bool exim_message_id(const char *mid)
{
	static const size_t parts[][3] = {{7, 6, 2}, {7, 11, 4}};

	for (size_t k = 0; k < sizeof(parts) / sizeof(parts[0]); k++) {
		const char *p = mid;
		bool ok = *p++ == '<';

		for (int i = 0; i < 3 && ok; i++) {
			for (size_t j = 0; j < parts[k][i] && ok; j++, p++)
				ok = (*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') ||
				     (*p >= 'a' && *p <= 'z');
			ok = ok && *p++ == (i < 2 ? '-' : '@');
		}
		if (ok)
			return true;
	}
	return false;
}

static bool exim_match(const struct mail_view *v)
{
	const char *from = lhost_hdr(v, "from");
	const char *mid = lhost_hdr(v, "message-id");
	const char *subject = lhost_hdr(v, "subject");
	int score = 0;

	bool warning = strncmp(subject, "Warning: message ", 17) == 0;
	size_t sl;

	if (strncmp(from, "Mail Delivery System", 20) == 0)
		score++;
	if (exim_message_id(mid))
		score++;
	/* Exim names the failed addresses in a header of its own */
	if (hdr_get(&v->head, "x-failed-recipients"))
		score++;
	/* the subject adds two at most, and two only with the warning's
	 * start: without it, a message with none of the above is no Exim's,
	 * whatever the subject searches below would find */
	if (score == 0 && !warning)
		return false;
	/* two already (most of Exim's own notices): the subject's searches
	 * cannot change the answer, and are not made */
	sl = score >= 2 ? 0 : v->subject_len; /* (lhost_hdr()'s "" when none: 0) */
	for (size_t i = 0; score < 2 && i < sizeof(exim_subjects) / sizeof(exim_subjects[0]); i++)
		if (text_find_n(subject, sl, exim_subjects[i].s, exim_subjects[i].n)) {
			score++;
			break;
		}
	if (score < 2 && warning && text_find(subject, sl, " delayed"))
		score++;
	/* Mail.Ru runs Exim with its own texts: asked last, as most
	 * messages score less */
	return score >= 2 && !text_find(from, v->from_len, ".mail.ru");
}

/* "  user@example.com" or "  user@example.com: text" or
 * "  alias@example.com <user@example.com>: text" */
static bool exim_rcpt_line(struct lhost_line l, struct bounce_record *r)
{
	struct lhost_line t;
	const char *sp, *at;

	if (l.n < 5 || !(l.s[0] == ' ' || l.s[0] == '\t') || !(l.s[1] == ' ' || l.s[1] == '\t') ||
	    l.s[2] == ' ' || l.s[2] == '\t')
		return false;
	if (lhost_starts(l, "  an undisclosed address")) {
		(void)str_copy(r->recipient, sizeof(r->recipient), "an undisclosed address");
		lhost_rcpt_touched(r);
		return true;
	}
	t = lhost_skip(l, 2);
	if (t.s[0] == '<') /* "  <sender@example.org>": the sender, quoted in the text */
		return false;
	sp = memchr(t.s, ' ', t.n);
	at = memchr(t.s, '@', sp ? (size_t)(sp - t.s) : t.n);
	if (!at)
		return false;
	if (sp && sp + 1 < t.s + t.n && sp[1] == '<') {
		const char *gt = memchr(sp, '>', (size_t)(t.s + t.n - sp));

		if (!gt || gt + 1 >= t.s + t.n || gt[1] != ':')
			return false;
		(void)lhost_set_addr(r, false, sp + 1, (size_t)(gt - sp));
		LHOST_SET(r, diagnosticcode, l);
		return r->recipient[0] != '\0';
	}
	if (sp) {
		/* "addr: text" only; an address followed by prose is not a list entry */
		const char *colon = memchr(t.s, ':', (size_t)(sp - t.s));

		if (!colon || colon + 1 != sp)
			return false;
	}
	{
		size_t n = sp ? (size_t)(sp - t.s) : t.n;

		while (n && t.s[n - 1] == ':')
			n--;
		lhost_set(r, r->recipient, sizeof(r->recipient), t.s, n);
	}
	return true;
}

/* Has l "generated from " or " generated by "? Each has "generated " in
 * it: one search for that, and each place it is found looked around,
 * instead of a search of the line for each (a line after the notice's
 * start is asked both, nearly always to find neither). */
static bool exim_is_alias_line(struct lhost_line l)
{
	static const char mark[] = "generated ";
	const size_t ml = sizeof(mark) - 1;
	const char *end = l.s + l.n;

	for (const char *p = l.s; (p = text_find_n(p, (size_t)(end - p), mark, ml)) != NULL; p++) {
		size_t left = (size_t)(end - p) - ml;

		if ((left >= 5 && memcmp(p + ml, "from ", 5) == 0) ||
		    (p > l.s && p[-1] == ' ' && left >= 3 && memcmp(p + ml, "by ", 3) == 0))
			return true;
	}
	return false;
}

static void exim_alias_line(struct lhost_line l, struct bounce_record *r)
{
	struct lhost_line t = lhost_trim(l);

	if (lhost_starts(t, "(generated from ") && lhost_ends(t, ")"))
		lhost_set(r, r->alias, sizeof(r->alias), t.s + 16, t.n - 17);
	else if (lhost_starts(t, "generated by "))
		(void)lhost_set_addr(r, true, t.s + 13, t.n - 13);
}

/* (n: strlen(text)) */
static void exim_command(struct bounce_record *r, const char *text, size_t n)
{
	static const char *const leads[] = {
		"SMTP error from remote mail server after end of ",
		"SMTP error from remote mailer after end of ",
		"SMTP error from remote mail server after ",
		"SMTP error from remote mailer after ",
		"LMTP error after end of ", "LMTP error after ", NULL,
	};
	const char *from;

	/* every lead has "MTP error " one byte in: they are looked for from
	 * its first place on, and not at all without it (one search) */
	if (r->command[0] || !(from = text_find(text, n, "MTP error ")))
		return;
	if (from > text)
		from--;
	(void)lhost_verb_after(from, n - (size_t)(from - text), leads, r->command, sizeof(r->command));
}

/* "host mx.example.com [192.0.2.1]: 550 ..." */
/* (dl: the diagnostic's length; each search takes the rest of it) */
static void exim_rhost(struct bounce_record *r, size_t dl)
{
	const char *d = r->diagnosticcode, *end = d + dl;
	const char *p = text_find(d, dl, "host ");

	for (; p && !r->rhost[0]; p = text_find(p + 1, (size_t)(end - p - 1), "host ")) {
		const char *h = p + 5, *e = h;

		while (*e && *e != ' ' && *e != '\t')
			e++;
		if (e > h && e[0] == ' ' && e[1] == '[' && text_find(e, (size_t)(end - e), "]:"))
			lhost_set(r, r->rhost, sizeof(r->rhost), h, (size_t)(e - h));
	}
}

static void exim_reason(struct bounce_record *r)
{
	const struct lhost_reason_row *row;

	if (r->reason != REASON_UNDEFINED)
		return;
	if (!strcmp(r->command, "HELO") || !strcmp(r->command, "EHLO")) {
		lhost_set_reason(r, REASON_BLOCKED, "Exim", "command HELO");
		return;
	}
	if (r->command[0])
		return;
	row = lhost_reason_match(lhost_exim_reasons, r->diagnosticcode);
	if (row)
		lhost_set_reason(r, row->reason, "Exim", row->marker);
}

/* Fill text records from the delivery-status part: by recipient, else the
 * first report (Exim writes one per message in practice). */
static void exim_merge_dsn(struct parse_result *res, size_t first, const struct parse_result *dsn)
{
	for (size_t i = first; i < res->n_records; i++) {
		struct bounce_record *r = &res->records[i];
		const struct bounce_record *d = NULL;

		for (size_t k = 0; k < dsn->n_records && !d; k++)
			if (!strcasecmp(dsn->records[k].recipient, r->recipient))
				d = &dsn->records[k];
		if (!d && dsn->n_records)
			d = &dsn->records[0];
		if (!d)
			continue;
		if (d->diagnosticcode[0]) {
			lhost_diag_copy(r, d);
			(void)str_copy(r->diagnostictype, sizeof(r->diagnostictype), d->diagnostictype);
		}
		if (!r->deliverystatus[0])
			(void)str_copy(r->deliverystatus, sizeof(r->deliverystatus), d->deliverystatus);
		if (!r->rhost[0])
			(void)str_copy(r->rhost, sizeof(r->rhost), d->rhost);
		if (!r->action[0])
			(void)str_copy(r->action, sizeof(r->action), d->action);
		if (!r->timestamp)
			r->timestamp = d->timestamp;
	}
}

static int exim_read_text(const struct mail_view *v, struct lhost_ds *ds, struct exim_alts *alts)
{
	struct parse_result *res = ds->res;
	bool multipart = v->dsn != NULL || strncmp(v->content_type, "multipart/", 10) == 0;
	bool reading = false;
	struct lhost_cur c;
	struct lhost_line l;
	struct bounce_record tmp;

	lhost_cur_init(&c, v, false);
	while (lhost_cur_next(&c, &l)) {
		struct bounce_record *r;
		size_t idx;

		if (!reading) {
			if (!exim_is_start(l))
				continue;
			reading = true;
			if (!exim_is_frozen(l))
				continue;
		}
		if (exim_is_stop(l))
			break;
		if (l.n == 0)
			continue;
		lhost_record_empty(&tmp);
		if (exim_rcpt_line(l, &tmp)) {
			r = lhost_ds_count(ds) && !res->records[ds->cur].recipient[0] ?
				    &res->records[ds->cur] : lhost_ds_new(ds);
			if (!r)
				return -1;
			lhost_rcpt_copy(r, &tmp);
			lhost_diag_copy(r, &tmp);
			continue;
		}
		if (!(r = lhost_ds_cur(ds)))
			return -1;
		idx = (size_t)ds->cur - ds->first;
		if (exim_is_alias_line(l)) {
			exim_alias_line(l, r);
			continue;
		}
		if (idx >= EXIM_MAX_ALT)
			continue;
		if (exim_is_frozen(l)) {
			if (exim_alt_add(alts, idx, r, l) < 0)
				return -1;
		} else if (multipart) {
			if (l.s[0] == ' ')
				if (exim_alt_add(alts, idx, r, l) < 0)
					return -1;
		} else if (r->recipient[0]) {
			LHOST_APPEND(r, diagnosticcode, l);
		} else if (lhost_starts(lhost_trim(l), "pipe to |/")) {
			LHOST_SET(r, diagnosticcode, l);
		} else if (lhost_starts(l, "    ")) {
			if (exim_alt_add(alts, idx, r, l) < 0)
				return -1;
		}
	}
	return 0;
}

/* The host that handed Exim the message: "from X " of the last Received. */
static void exim_lhost(const struct mail_view *v, char *out, size_t outsz)
{
	const char *last = NULL;
	size_t at = 0;

	for (size_t i = 0; (i = hdr_next(&v->head, "received", i)) != 0;)
		at = i;
	if (at)
		last = hdr_value(&v->head, at - 1);
	if (last && strncmp(last, "from ", 5) == 0) {
		const char *e = strchr(last + 5, ' ');

		if (e)
			(void)str_copyn(out, outsz, last + 5, (size_t)(e - last - 5));
	}
}

static void exim_fix(struct bounce_record *r, const struct bounce_record *first, const char *alterr,
		     bool multipart)
{
	const char *p;
	size_t dl;

	if (r->alias[0] && !strchr(r->recipient, '@')) {
		(void)str_copy(r->recipient, sizeof(r->recipient), r->alias);
		lhost_rcpt_touched(r);
	}
	if (!r->diagnosticcode[0] && multipart && first) {
		lhost_diag_copy(r, first);
	}
	if (alterr && alterr[0]) {
		dl = strlen(r->diagnosticcode);
		if (!dl || r->diagnosticcode[0] == '-' ||
		    (dl >= 2 && !strcmp(r->diagnosticcode + dl - 2, "__"))) {
			(void)str_copy(r->diagnosticcode, sizeof(r->diagnosticcode), alterr);
			lhost_diag_touched(r);
		} else if (dl < strlen(alterr) && text_find_ci(alterr, strlen(alterr), r->diagnosticcode)) {
			(void)str_copy(r->diagnosticcode, sizeof(r->diagnosticcode), alterr);
			lhost_diag_touched(r);
		}
	}
	/* Exim pads some texts with "__": drop from there (dl: the length
	 * from here on, for the searches below) */
	dl = strlen(r->diagnosticcode);
	p = text_find(r->diagnosticcode, dl, "__");
	if (p && (p == r->diagnosticcode || p[-1] == ' ')) {
		r->diagnosticcode[p - r->diagnosticcode] = '\0';
		dl = (size_t)(p - r->diagnosticcode);
		lhost_diag_touched(r);
	}
	exim_rhost(r, dl);
	exim_command(r, r->diagnosticcode, dl);
	if (!r->command[0] && alterr) /* the report's text may leave the stage out */
		exim_command(r, alterr, strlen(alterr));
	exim_reason(r);
}

LHOST_MTA_DECODER(exim)
{
	struct exim_alts alts;
	struct parse_result dsn;
	struct lhost_ds ds, dds;
	char lhost[BOUNCE_LINE_MAX] = "";
	bool multipart;

	if (!exim_match(v))
		return LHOST_PASS;
	multipart = v->dsn != NULL || strncmp(v->content_type, "multipart/", 10) == 0;
	alts.p = alts.few;
	alts.n = EXIM_FEW_ALT;
	for (size_t k = 0; k < EXIM_FEW_ALT; k++)
		alts.few[k].alterrors[0] = '\0';
	lhost_ds_init(&ds, res);
	/* its records freed on every way out; lhost_ds_part() sets the rest */
	dsn.records = NULL;
	if (exim_read_text(v, &ds, &alts) < 0)
		goto nomem;
	/* a record opened by stray text before any recipient has none */
	if (lhost_ds_count(&ds) == 1 && !res->records[ds.first].recipient[0] &&
	    !res->records[ds.first].alias[0])
		res->n_records = ds.first;
	if (lhost_ds_count(&ds) == 0 && lhost_failed_recipients(v, res) < 0)
		goto nomem;
	if (lhost_ds_part(v, &dds, &dsn) < 0)
		goto nomem;
	exim_merge_dsn(res, ds.first, &dsn);
	exim_lhost(v, lhost, sizeof(lhost));
	for (size_t i = ds.first; i < res->n_records; i++) {
		size_t k = i - ds.first;

		exim_fix(&res->records[i], i > ds.first ? &res->records[ds.first] : NULL,
			 k < alts.n ? alts.p[k].alterrors : NULL, multipart);
		if (!res->records[i].lhost[0])
			(void)str_copy(res->records[i].lhost, sizeof(res->records[i].lhost), lhost);
	}
	free(dsn.records);
	if (alts.p != alts.few)
		free(alts.p);
	/* "Warning: message X delayed 24 hours" is a delay, the rest final */
	lhost_default_action(res, ds.first,
			     strncmp(lhost_hdr(v, "subject"), "Warning: ", 9) ? "failed" : "delayed");
	return lhost_finish(res, ds.first, NULL, 0) ? LHOST_MATCH : LHOST_PASS;
nomem:
	free(dsn.records);
	if (alts.p != alts.few)
		free(alts.p);
	return LHOST_NOMEM;
}
