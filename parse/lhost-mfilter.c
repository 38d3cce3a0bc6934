/* lhost-mfilter.c: m-FILTER (Digital Arts) bounces: the address alone on a
 * line, then "-------server message" with the reply and "-------SMTP
 * command" with the command, before "-------original message".
 *
 * Marker strings follow Sisimai::Lhost::mFILTER, Copyright (C) 2014-2020
 * azumakuniyuki, All rights reserved; distributed under the BSD 2-Clause
 * License (see parse/THIRD-PARTY.md).
 */
#include <stdio.h>
#include <string.h>

#include "parse/lhost-providers.h"
#include "parse/text.h"

static const char *const mf_end[] = {"-------original message", "-------original mail info", NULL};

enum lhost_verdict
lhost_mfilter_decode(const struct mail_view *v, struct parse_result *res)
{
	const char *xm = hdr_get(&v->head, "x-mailer");
	const char *subj = v->subject;
	const char *pos = v->body, *line;
	size_t ll, n, first = res->n_records;
	struct bounce_record *cur = NULL;
	char addr[BOUNCE_ADDR_MAX];
	enum { MF_NONE, MF_ERROR, MF_COMMAND } part = MF_NONE;

	if (!xm || strcmp(xm, "m-FILTER") != 0 || !subj || strcmp(subj, "failure notice") != 0)
		return LHOST_PASS;
	n = lhost_cut_at(v->body, v->body_len, mf_end);
	while (text_next_line(v->body, n, &pos, &line, &ll)) {
		if (ll == 0)
			continue;
		if (lhost_line_is_addr(line, ll, addr, sizeof(addr))) {
			if (!(cur = lhost_record_for(res, addr)))
				return (res->n_records >= BOUNCE_MAX_RECIPIENTS) ? LHOST_MATCH : LHOST_NOMEM;
			part = MF_NONE;
		} else if (lhost_starts(lhost_ln(line, ll), "-------server message")) {
			part = MF_ERROR;
		} else if (lhost_starts(lhost_ln(line, ll), "-------SMTP command")) {
			part = MF_COMMAND;
		} else if (cur && part == MF_COMMAND && !cur->command[0] && ll >= 4) {
			(void)snprintf(cur->command, sizeof(cur->command), "%.4s", line);
		} else if (cur && part == MF_ERROR && !cur->diagnosticcode[0] && line[0] != '-') {
			lhost_diag_add(cur, line, ll);
		}
	}
	for (size_t i = first; i < res->n_records; i++)
		lhost_fill_codes(&res->records[i]);
	return res->n_records > first ? LHOST_MATCH : LHOST_PASS;
}
