/* lhost-activehunter.c: Active!hunter (a Japanese mail filter) bounces:
 * ">>> a@b <a@b>" under "----- The following addresses had permanent fatal
 * errors -----", then the remote reply.
 *
 * Marker strings follow Sisimai::Lhost::Activehunter, Copyright (C)
 * 2014-2020 azumakuniyuki, All rights reserved; distributed under the BSD
 * 2-Clause License (see parse/THIRD-PARTY.md).
 */
#include <ctype.h>
#include <string.h>

#include "parse/lhost-providers.h"
#include "parse/text.h"

static const char ah_start[] = "----- The following addresses had permanent fatal errors -----";

enum lhost_verdict
lhost_activehunter_decode(const struct mail_view *v, struct parse_result *res)
{
	const char *pos, *line;
	size_t ll, tl, first = res->n_records;
	struct bounce_record *cur = NULL;
	char addr[BOUNCE_ADDR_MAX];

	if (!hdr_get(&v->head, "x-ahmailid"))
		return LHOST_PASS;
	if (!(pos = lhost_after_line(v->body, v->body_len, ah_start)))
		return LHOST_PASS;
	while (text_next_line(v->body, v->body_len, &pos, &line, &ll)) {
		const char *t = lhost_ltrim(line, ll, &tl);

		if (lhost_starts(lhost_ln(t, tl), ">>> ")) {
			if (!text_extract_address(t + 4, tl - 4, addr, sizeof(addr)))
				continue;
			if (!(cur = lhost_record_for(res, addr)))
				return (res->n_records >= BOUNCE_MAX_RECIPIENTS) ? LHOST_MATCH : LHOST_NOMEM;
		} else if (cur && !cur->diagnosticcode[0] && tl > 0 && isalnum((unsigned char)t[0]) && t == line) {
			/* the first unindented line is the remote reply */
			lhost_diag_add(cur, t, tl);
		}
	}
	for (size_t i = first; i < res->n_records; i++)
		lhost_fill_codes(&res->records[i]);
	return res->n_records > first ? LHOST_MATCH : LHOST_PASS;
}
