/* lhost-interscanmss.c: bounces of Trend Micro InterScan Messaging Security
 * Suite ("Mail could not be delivered" from "InterScan MSS"): session lines
 * "Sent <<< RCPT TO:<user@example.org>" / "Received >>> 550 ...".
 *
 * Ported from Sisimai::Lhost::InterScanMSS (Sisimai 4.25.15),
 * Copyright (C) 2014-2021 azumakuniyuki, BSD 2-Clause License.
 */
#include <string.h>

#include "parse/lhost-mtas.h"
#include "parse/text.h"
#include "util/str.h"

static bool iscan_match(const struct mail_view *v)
{
	static const char *const subjects[] = {
		"Mail could not be delivered",
		"\xe3\x83\xa1\xe3\x83\x83\xe3\x82\xbb\xe3\x83\xbc\xe3\x82\xb8\xe3\x82\x92\xe9\x85\x8d\xe4\xbf\xa1\xe3\x81\xa7\xe3\x81\x8d\xe3\x81\xbe\xe3\x81\x9b\xe3\x82\x93\xe3\x80\x82",
		"\xe3\x83\xa1\xe3\x83\xbc\xe3\x83\xab\xe9\x85\x8d\xe4\xbf\xa1\xe3\x81\xab\xe5\xa4\xb1\xe6\x95\x97\xe3\x81\x97\xe3\x81\xbe\xe3\x81\x97\xe3\x81\x9f",
		NULL,
	};
	const char *from = lhost_hdr(v, "from"), *subject = lhost_hdr(v, "subject");

	if (!strncmp(from, "\"InterScan MSS\"", 15) || !strncmp(from, "\"InterScan Notification\"", 25))
		return true;
	for (int i = 0; subjects[i]; i++)
		if (strcmp(subject, subjects[i]) == 0)
			return true;
	return false;
}

/* The address in "<...>" after a "<<<" or ">>>" marker, or after
 * "Unable to deliver message to". */
static bool iscan_addr(struct lhost_line l, struct bounce_record *r)
{
	const char *m = text_find(l.s, l.n, "<<<");
	const char *lt, *gt;

	if (!m)
		m = text_find(l.s, l.n, ">>>");
	if (!m)
		m = text_find(l.s, l.n, "Unable to deliver message to <");
	if (!m)
		return false;
	lt = memchr(m + 3, '<', (size_t)(l.s + l.n - m - 3));
	gt = lt ? memchr(lt, '>', (size_t)(l.s + l.n - lt)) : NULL;
	if (!gt || !memchr(lt, '@', (size_t)(gt - lt)))
		return false;
	return lhost_set_addr(r, false, lt, (size_t)(gt - lt + 1));
}

LHOST_MTA_DECODER(interscanmss)
{
	struct lhost_ds ds;
	struct lhost_cur c;
	struct lhost_line l;
	struct bounce_record *r = NULL;

	if (!iscan_match(v))
		return LHOST_PASS;
	lhost_ds_init(&ds, res);
	lhost_cur_init(&c, v, false);
	while (lhost_cur_next(&c, &l)) {
		struct bounce_record tmp;
		const char *p;

		if (!l.n)
			continue;
		memset(&tmp, 0, sizeof(tmp));
		if (iscan_addr(l, &tmp)) {
			if (!r || strcmp(r->recipient, tmp.recipient) != 0) {
				if (!(r = lhost_ds_new(&ds)))
					return LHOST_NOMEM;
				lhost_rcpt_copy(r, &tmp);
			}
			if (lhost_has(l, "Unable to deliver "))
				LHOST_SET(r, diagnosticcode, l);
		}
		if (!r)
			continue;
		if (lhost_starts(l, "Sent <<< ") || lhost_starts(l, "Sent\t<<< ")) {
			(void)lhost_read_verb(l.s + 9, l.n - 9, r->command, sizeof(r->command));
		} else if ((p = text_find(l.s, l.n, ">>> ")) && lhost_starts(l, "Received")) {
			lhost_set(r, r->diagnosticcode, sizeof(r->diagnosticcode), p + 4,
				  (size_t)(l.s + l.n - p - 4));
		} else if ((p = text_find(l.s, l.n, " >>> "))) {
			(void)lhost_read_verb(p + 5, (size_t)(l.s + l.n - p - 5), r->command, sizeof(r->command));
		} else if ((p = text_find(l.s, l.n, " <<< "))) {
			lhost_set(r, r->diagnosticcode, sizeof(r->diagnosticcode), p + 5,
				  (size_t)(l.s + l.n - p - 5));
		}
	}
	for (size_t i = ds.first; i < res->n_records; i++)
		if (text_strstr(res->records[i].diagnosticcode, "Unable to deliver"))
			lhost_set_reason(&res->records[i], REASON_USERUNKNOWN, "InterScanMSS", "Unable to deliver");
	lhost_default_action(res, ds.first, "failed"); /* a returned message */
	return lhost_finish(res, ds.first, NULL, 0) ? LHOST_MATCH : LHOST_PASS;
}
