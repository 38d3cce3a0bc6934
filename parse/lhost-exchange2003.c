/* lhost-exchange2003.c: non-delivery reports of Microsoft Exchange Server
 * 5.5 to 2003 ("Your message ... did not reach the following
 * recipient(s):", then "user@example.org on <date>" and an "MSEXCH:" line
 * ending in an eight-digit hex error code).
 *
 * Ported from Sisimai::Lhost::Exchange2003 (Sisimai 4.25.15),
 * Copyright (C) 2014-2021 azumakuniyuki, BSD 2-Clause License.
 */
#include <stdlib.h>
#include <string.h>

#include "parse/lhost-mtas.h"
#include "parse/text.h"
#include "util/str.h"

#define EX3_MAX 64

/* MSEXCH error codes: "MSEXCH:IMS:...:... 0 (000C05A6) Unknown Recipient" */
static const struct {
	const char *code;
	enum reason reason;
} ex3_codes[] = {
	{"000B099C", REASON_ONHOLD},     /* host unknown, message too big, ... */
	{"000B09AA", REASON_ONHOLD},     /* unable to relay, message too big, ... */
	{"000B09B6", REASON_ONHOLD},     /* errors of the remote MTA */
	{"000C05A6", REASON_USERUNKNOWN}, /* unknown recipient */
	{"00010256", REASON_SYSTEMERROR}, /* too many recipients */
	{"000D06B5", REASON_SYSTEMERROR}, /* no proxy for recipient */
	{"00120270", REASON_NETWORKERROR}, /* too many hops */
	{"00050311", REASON_CONTENTERROR}, /* conversion to Internet format failed */
	{"000502CC", REASON_CONTENTERROR},
	{"000B0981", REASON_SECURITYERROR}, /* 502 server does not support AUTH */
	{"000C0595", REASON_FILTERED},    /* ambiguous recipient */
};

struct ex3_rec {
	char alterrors[BOUNCE_TEXT_MAX];
	bool msexch_done;
};

static bool ex3_match(const struct mail_view *v)
{
	const char *xm = lhost_hdr(v, "x-mailer");

	return hdr_get(&v->head, "x-ms-embedded-report") ||
	       strncmp(xm, "Internet Mail Service (", 23) == 0 ||
	       strncmp(xm, "Microsoft Exchange Server Internet Mail Connector", 49) == 0 ||
	       strncmp(lhost_hdr(v, "x-mimeole"), "Produced By Microsoft Exchange", 30) == 0 ||
	       lhost_hdr_any_has(v, "received", " with Internet Mail Service (");
}

/* "user@example.org on Thu, 29 Apr 2010 ..." or "Name (SMTP=user@example.org) on ..." */
static bool ex3_rcpt_line(struct lhost_line l, struct bounce_record *r)
{
	struct lhost_line t = lhost_trim(l);
	const char *on = text_find(t.s, t.n, " on ");
	const char *smtp;

	if (!on || !memchr(t.s, '@', (size_t)(on - t.s)))
		return false;
	smtp = text_find_ci(t.s, (size_t)(on - t.s), "SMTP=");
	if (smtp)
		return lhost_set_addr(r, false, smtp + 5, (size_t)(on - smtp - 5));
	if (memchr(t.s, ' ', (size_t)(on - t.s)))
		return false;
	return lhost_set_addr(r, false, t.s, (size_t)(on - t.s));
}

static void ex3_fix(struct bounce_record *r, const struct ex3_rec *x)
{
	const char *d = r->diagnosticcode, *lp, *rp;

	if (strncmp(d, "MSEXCH:", 7) == 0 && (lp = strrchr(d, '(')) && (rp = strchr(lp, ')')) &&
	    rp - lp == 9) {
		for (size_t i = 0; i < sizeof(ex3_codes) / sizeof(ex3_codes[0]); i++) {
			if (strncmp(lp + 1, ex3_codes[i].code, 8) != 0)
				continue;
			lhost_set_reason(r, ex3_codes[i].reason, "Exchange2003", ex3_codes[i].code);
			break;
		}
		memmove(r->diagnosticcode, rp + 1, strlen(rp + 1) + 1);
		lhost_diag_touched(r);
	}
	if (r->reason == REASON_UNDEFINED && x->alterrors[0]) {
		char tmp[BOUNCE_TEXT_MAX];

		(void)str_printf(tmp, sizeof(tmp), "%s %s", x->alterrors, r->diagnosticcode);
		(void)str_copy(r->diagnosticcode, sizeof(r->diagnosticcode), tmp);
		lhost_diag_touched(r);
	}
}

LHOST_MTA_DECODER(exchange2003)
{
	struct ex3_rec *x;
	struct lhost_ds ds;
	struct lhost_cur c;
	struct lhost_line l;
	int stage = 0; /* 0: before "Your message", 1: headers, 2: recipients */
	enum lhost_verdict ret = LHOST_MATCH;

	if (!ex3_match(v))
		return LHOST_PASS;
	/* 64 KB: empty each entry's text, not all its bytes (calloc's
	 * memset cost more than the rest of the decoder) */
	x = malloc(EX3_MAX * sizeof(*x));
	if (!x)
		return LHOST_NOMEM;
	for (size_t i = 0; i < EX3_MAX; i++) {
		x[i].alterrors[0] = '\0';
		x[i].msexch_done = false;
	}
	lhost_ds_init(&ds, res);
	lhost_cur_init(&c, v, false);
	while (lhost_cur_next(&c, &l)) {
		struct bounce_record tmp, *r;
		struct lhost_line t = lhost_trim(l);
		size_t k;

		if (stage == 0) {
			stage = lhost_starts(l, "Your message") ? 1 : 0;
			continue;
		}
		if (stage == 1) {
			/* recipients follow the quoted To/Subject/Sent of the message */
			stage = lhost_starts(t, "Sent:") ||
					lhost_has(l, "did not reach the following recipient(s):") ||
					lhost_has(l, "could not be reached:") ? 2 : 1;
			continue;
		}
		lhost_record_empty(&tmp);
		if (ex3_rcpt_line(l, &tmp)) {
			if (!(r = lhost_ds_new(&ds))) {
				free(x);
				return LHOST_NOMEM;
			}
			lhost_rcpt_copy(r, &tmp);
			continue;
		}
		if (lhost_ds_count(&ds) == 0 || !t.n)
			continue;
		r = &res->records[ds.cur];
		k = (size_t)ds.cur - ds.first;
		if (k >= EX3_MAX || x[k].msexch_done)
			continue;
		if (lhost_starts(t, "MSEXCH:") && l.s[0] != 'M') {
			LHOST_APPEND(r, diagnosticcode, t);
		} else if (strncmp(r->diagnosticcode, "MSEXCH:", 7) == 0) {
			/* the text after the code may wrap onto one more line */
			LHOST_APPEND(r, diagnosticcode, t);
			x[k].msexch_done = true;
		} else {
			lhost_append(r, x[k].alterrors, sizeof(x[k].alterrors), t.s, t.n);
		}
	}
	for (size_t i = ds.first; i < res->n_records; i++)
		if (i - ds.first < EX3_MAX)
			ex3_fix(&res->records[i], &x[i - ds.first]);
	free(x);
	lhost_default_action(res, ds.first, "failed"); /* a returned message */
	if (lhost_finish(res, ds.first, NULL, 0) == 0)
		ret = LHOST_PASS;
	return ret;
}
