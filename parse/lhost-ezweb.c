/* lhost-ezweb.c: au by KDDI (EZweb, au.com) mobile mail bounces: a Japanese
 * preface, then "Recipient: <a@b>" with the ">>> command" / "<<< reply"
 * transcript, or "<a@b>: reply" lines after an English reason sentence.
 *
 * Marker strings and the reason table follow Sisimai::Lhost::EZweb,
 * Copyright (C) 2014-2020 azumakuniyuki, All rights reserved; distributed
 * under the BSD 2-Clause License (see parse/THIRD-PARTY.md).
 */
#include <stdio.h>
#include <string.h>

#include "parse/lhost-providers.h"
#include "parse/text.h"

static const char *const ezweb_start[] = {"The user(s) ", "Your message ", "Each of the following", NULL};

static const struct lhost_reason_row ezweb_reasons[] = {
	{REASON_MAILBOXFULL, "The user(s) account is temporarily over quota"},
	{REASON_SUSPEND, "The user(s) account is disabled."},
	{REASON_SUSPEND, "The user(s) account is temporarily limited."},
	{REASON_EXPIRED, "Your message was not delivered within "},
	{REASON_UNDEFINED, NULL},
};

static bool
ezweb_fingerprint(const struct mail_view *v)
{
	const char *subj = v->subject;
	const char *mid = hdr_get(&v->head, "message-id");
	size_t ml = mid ? strlen(mid) : 0;
	int match = 0;

	match += lhost_hdr_has(v, "from", "Postmaster@ezweb.ne.jp");
	match += lhost_hdr_has(v, "from", "Postmaster@au.com");
	match += subj && strcmp(subj, "Mail System Error - Returned Mail") == 0;
	match += ml > 13 && strcmp(mid + ml - 13, ".ezweb.ne.jp>") == 0;
	match += ml > 8 && strcmp(mid + ml - 8, ".au.com>") == 0;
	/* the Received: scans last, and only while they can still decide;
	 * with nothing else, both must hit, so first the cheap "(EZweb Mail)"
	 * ('(' is rare; the 'e' of the long needle is everywhere) */
	if (match == 0 && !lhost_hdr_any_has_ci(v, "received", "(EZweb Mail)"))
		return false;
	if (match < 2)
		match += lhost_hdr_any_has_ci(v, "received", "ezweb.ne.jp (EZweb Mail) with");
	if (match == 1)
		match += lhost_hdr_any_has_ci(v, "received", ".au.com (");
	return match >= 2;
}

static bool
ezweb_is_start(const char *t, size_t tl)
{
	char addr[BOUNCE_ADDR_MAX];

	for (size_t i = 0; ezweb_start[i]; i++)
		if (lhost_starts(lhost_ln(t, tl), ezweb_start[i]))
			return true;
	return tl > 2 && t[0] == '<' && t[tl - 1] == '>' && lhost_line_is_addr(t, tl, addr, sizeof(addr));
}

/* "<a@b>", "<a@b>: reply", "Recipient: <a@b>": the recipient, and in *rest
 * what follows it on the line. */
static bool
ezweb_recipient(const char *t, size_t tl, char *addr, const char **rest, size_t *rest_n)
{
	const char *gt;

	if (lhost_starts(lhost_ln(t, tl), "Recipient: <")) {
		t += 11;
		tl -= 11;
	}
	if (tl < 3 || t[0] != '<' || !(gt = memchr(t, '>', tl)))
		return false;
	if (!lhost_line_is_addr(t, (size_t)(gt + 1 - t), addr, BOUNCE_ADDR_MAX))
		return false;
	*rest = gt + 1;
	*rest_n = tl - (size_t)(gt + 1 - t);
	if (*rest_n > 0 && **rest == ':') {
		(*rest)++;
		(*rest_n)--;
	}
	return true;
}

static bool
is_8bit(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return true;
	return false;
}

static int
ezweb_scan(const struct mail_view *v, struct parse_result *res, size_t first)
{
	const char *pos = v->body, *line, *rest;
	size_t ll, tl, rn;
	struct bounce_record pre, *cur = NULL;
	char addr[BOUNCE_ADDR_MAX];
	bool reading = false;

	memset(&pre, 0, sizeof(pre));
	while (text_next_line(v->body, v->body_len, &pos, &line, &ll)) {
		const char *t = lhost_ltrim(line, ll, &tl);

		if (!reading && !(reading = ezweb_is_start(t, tl)))
			continue;
		if (tl >= 50 && strspn(t, "-") >= 50)
			break;
		if (tl == 0 || is_8bit(t, tl))
			continue;
		if (ezweb_recipient(t, tl, addr, &rest, &rn)) {
			if (!(cur = lhost_record_for(res, addr)))
				return (res->n_records >= BOUNCE_MAX_RECIPIENTS) ? 0 : -1;
			/* the sentence read before the first recipient is its reason */
			if (res->n_records == first + 1 && pre.diagnosticcode[0] && !cur->diagnosticcode[0])
				lhost_diag_add(cur, pre.diagnosticcode, strlen(pre.diagnosticcode));
			lhost_diag_add(cur, rest, rn);
		} else if (lhost_starts(lhost_ln(t, tl), ">>> ") && tl >= 8) {
			if (cur)
				(void)snprintf(cur->command, sizeof(cur->command), "%.4s", t + 4);
		} else if (lhost_starts(lhost_ln(t, tl), "<<< ")) {
			if (cur)
				lhost_diag_add(cur, t + 4, tl - 4);
		} else {
			lhost_diag_add(cur ? cur : &pre, t, tl);
		}
	}
	return 0;
}

enum lhost_verdict
lhost_ezweb_decode(const struct mail_view *v, struct parse_result *res)
{
	const char *spa = hdr_get(&v->head, "x-spasign");
	size_t first = res->n_records;

	if (!ezweb_fingerprint(v))
		return LHOST_PASS;
	if (ezweb_scan(v, res, first) < 0)
		return LHOST_NOMEM;
	for (size_t i = first; i < res->n_records; i++) {
		struct bounce_record *r = &res->records[i];

		if (v->dsn)
			lhost_dsn_merge(v->dsn, v->dsn_len, r);
		if (spa && strcmp(spa, "NG") == 0)
			lhost_set_reason(r, REASON_FILTERED, "ezweb", "X-SPASIGN: NG");
		else if (strcmp(r->command, "RCPT") == 0)
			lhost_set_reason(r, REASON_USERUNKNOWN, "ezweb", "rejected at RCPT");
		else
			(void)lhost_reason_by_text(r, ezweb_reasons, "ezweb");
		lhost_fill_codes(r);
	}
	return res->n_records > first ? LHOST_MATCH : LHOST_PASS;
}
