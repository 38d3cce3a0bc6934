/* lhost-googlegroups.c: Google Groups refusing a post. The recipients are
 * in X-Failed-Recipients; the text explains why in the reader's language,
 * with four bullet points when the group refused the post.
 *
 * Logic follows Sisimai::Lhost::GoogleGroups, Copyright (C) 2014-2020
 * azumakuniyuki, All rights reserved; distributed under the BSD 2-Clause
 * License (see parse/THIRD-PARTY.md).
 */
#include <string.h>

#include "parse/lhost-providers.h"
#include "parse/text.h"

static const char *const gg_end[] = {"----- Original message -----", NULL};

/* Lines starting with "*" or " * ": the list of possible causes. */
static int
gg_bullets(const char *s, size_t n)
{
	const char *pos = s, *line;
	size_t ll;
	int count = 0;

	while (text_next_line(s, n, &pos, &line, &ll)) {
		if (ll > 0 && line[0] == ' ') {
			line++;
			ll--;
		}
		if (ll > 0 && line[0] == '*')
			count++;
	}
	return count;
}

/* The first paragraphs of the text, joined, as the diagnostic. */
static void
gg_diag(struct bounce_record *r, const char *s, size_t n)
{
	const char *pos = s, *line;
	size_t ll;
	int blank = 0;

	while (text_next_line(s, n, &pos, &line, &ll) && blank < 4) {
		if (ll == 0)
			blank++;
		else
			lhost_diag_add(r, line, ll);
	}
}

enum lhost_verdict
lhost_googlegroups_decode(const struct mail_view *v, struct parse_result *res)
{
	size_t n, first = res->n_records;
	bool rejected;

	if (!hdr_get(&v->head, "x-failed-recipients") || v->dsn || !hdr_get(&v->head, "x-google-smtp-source") ||
	    !lhost_hdr_has(v, "from", "<mailer-daemon@googlemail.com>") ||
	    !lhost_hdr_has(v, "subject", "Delivery Status Notification"))
		return LHOST_PASS;
	n = lhost_cut_at(v->body, v->body_len, gg_end);
	rejected = gg_bullets(v->body, n) == 4;
	if (lhost_failed_recipients(v, res) < 0)
		return LHOST_NOMEM;
	for (size_t i = first; i < res->n_records; i++) {
		struct bounce_record *r = &res->records[i];

		gg_diag(r, v->body, n);
		lhost_set_reason(r, rejected ? REASON_REJECTED : REASON_ONHOLD, "googlegroups",
				   rejected ? "four causes listed" : "no cause listed");
		lhost_fill_action(r);
	}
	return res->n_records > first ? LHOST_MATCH : LHOST_PASS;
}
