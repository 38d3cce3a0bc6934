/* lhost-trendmicro.c: Trend Micro InterScan MSS bounces: a transcript of
 * "Sent <<< RCPT TO:<a@b>" / "Received >>> 550 ..." lines, or "Unable to
 * deliver message to <a@b>".
 *
 * Marker strings follow Sisimai::Lhost::InterScanMSS, Copyright (C)
 * 2014-2020 azumakuniyuki, All rights reserved; distributed under the BSD
 * 2-Clause License (see parse/THIRD-PARTY.md).
 */
#include <stdio.h>
#include <string.h>

#include "parse/lhost-providers.h"
#include "parse/text.h"

/* Subjects in English and Japanese (the view decodes them to UTF-8). */
static const char *const tm_subjects[] = {
	"Mail could not be delivered",
	"\xe3\x83\xa1\xe3\x83\x83\xe3\x82\xbb\xe3\x83\xbc\xe3\x82\xb8\xe3\x82\x92\xe9\x85\x8d\xe4\xbf\xa1\xe3\x81\xa7"
	"\xe3\x81\x8d\xe3\x81\xbe\xe3\x81\x9b\xe3\x82\x93\xe3\x80\x82", /* "could not deliver the message." */
	"\xe3\x83\xa1\xe3\x83\xbc\xe3\x83\xab\xe9\x85\x8d\xe4\xbf\xa1\xe3\x81\xab\xe5\xa4\xb1\xe6\x95\x97\xe3\x81\x97"
	"\xe3\x81\xbe\xe3\x81\x97\xe3\x81\x9f", /* "mail delivery failed" */
	NULL,
};

static bool
tm_fingerprint(const struct mail_view *v)
{
	const char *from = hdr_get(&v->head, "from");
	const char *subj = hdr_get(&v->head, "subject");

	if (from && (strncmp(from, "\"InterScan MSS\"", 15) == 0 || strncmp(from, "\"InterScan Notification\"", 25) == 0))
		return true;
	for (size_t i = 0; subj && tm_subjects[i]; i++)
		if (strcmp(subj, tm_subjects[i]) == 0)
			return true;
	return false;
}

enum lhost_verdict
lhost_trendmicro_decode(const struct mail_view *v, struct parse_result *res)
{
	static const char unable[] = "Unable to deliver message to <";
	const char *pos = v->body, *line;
	size_t ll, first = res->n_records;
	struct bounce_record *cur = NULL;
	char addr[BOUNCE_ADDR_MAX];

	if (!tm_fingerprint(v))
		return LHOST_PASS;
	while (text_next_line(v->body, v->body_len, &pos, &line, &ll)) {
		const char *sent = text_find(line, ll, "<<< "), *recv = text_find(line, ll, ">>> ");
		const char *un = text_find(line, ll, unable);

		const char *arg = NULL;

		if (un)
			arg = un + sizeof(unable) - 2; /* on the '<' */
		else if (sent && text_find(line, ll, "RCPT TO:"))
			arg = sent + 4;
		if (arg && text_extract_address(arg, ll - (size_t)(arg - line), addr, sizeof(addr))) {
			if (!(cur = lhost_p_record_for(res, addr)))
				return (res->flags & BOUNCE_F_TRUNCATED) ? LHOST_MATCH : LHOST_NOMEM;
			if (sent)
				(void)snprintf(cur->command, sizeof(cur->command), "%.4s", sent + 4);
			if (un) {
				cur->diagnosticcode[0] = '\0';
				lhost_p_diag_add(cur, un, ll - (size_t)(un - line));
				lhost_p_set_reason(cur, "userunknown", "trendmicro", "Unable to deliver");
			}
		} else if (cur && recv) {
			cur->diagnosticcode[0] = '\0';
			lhost_p_diag_add(cur, recv + 4, ll - (size_t)(recv + 4 - line));
		}
	}
	for (size_t i = first; i < res->n_records; i++)
		lhost_p_fill_codes(&res->records[i]);
	return res->n_records > first ? LHOST_MATCH : LHOST_PASS;
}
