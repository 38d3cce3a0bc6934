/* lhost-x6.c: an unknown MTA Sisimai calls X6 ("There was an error sending
 * your mail"): "N error(s):" then one line per recipient.
 *
 * Ported from Sisimai::Lhost::X6 (Sisimai 4.25.15),
 * Copyright (C) 2014-2021 azumakuniyuki, BSD 2-Clause License.
 */
#include <string.h>

#include "parse/lhost-mtas.h"
#include "parse/text.h"
#include "util/str.h"

/* "1 error(s):" */
static bool x6_is_start(struct lhost_line l)
{
	size_t i = 0;

	while (i < l.n && l.s[i] >= '0' && l.s[i] <= '9')
		i++;
	if (i == 0)
		return false;
	while (i < l.n && l.s[i] == ' ')
		i++;
	return lhost_starts(lhost_skip(l, i), "error(s):");
}

/* "<user@example.org>" or "... errors: user@example.org. Reason: ..." */
static bool x6_addr(struct lhost_line l, struct bounce_record *r)
{
	const char *p = text_find(l.s, l.n, "errors:");

	for (const char *lt = memchr(l.s, '<', l.n); lt; lt = memchr(lt + 1, '<', (size_t)(l.s + l.n - lt - 1))) {
		const char *gt = memchr(lt, '>', (size_t)(l.s + l.n - lt));

		if (gt && memchr(lt, '@', (size_t)(gt - lt)) && !memchr(lt, ' ', (size_t)(gt - lt)))
			return lhost_set_addr(r, false, lt, (size_t)(gt - lt + 1));
	}
	if (p) {
		const char *a = p + 7, *e;

		while (a < l.s + l.n && *a == ' ')
			a++;
		for (e = a; e < l.s + l.n && *e != ' '; e++)
			;
		if (memchr(a, '@', (size_t)(e - a)))
			return lhost_set_addr(r, false, a, (size_t)(e - a));
	}
	return false;
}

LHOST_MTA_DECODER(x6)
{
	static const char *const verbs[] = {"HELO", "EHLO", "MAIL", "RCPT", "DATA", NULL};
	struct lhost_ds ds;
	struct lhost_cur c;
	struct lhost_line l;
	bool reading = false;

	if (strncmp(lhost_hdr(v, "subject"), "There was an error sending your mail", 36) != 0)
		return LHOST_PASS;
	lhost_ds_init(&ds, res);
	lhost_cur_init(&c, v, false);
	while (lhost_cur_next(&c, &l)) {
		struct bounce_record tmp, *r;

		if (!reading) {
			reading = x6_is_start(l);
			continue;
		}
		if (lhost_starts(l, "The attachment contains the original mail headers"))
			break;
		memset(&tmp, 0, sizeof(tmp));
		if (!l.n || !x6_addr(l, &tmp))
			continue;
		if (!(r = lhost_ds_new(&ds)))
			return LHOST_NOMEM;
		lhost_rcpt_copy(r, &tmp);
		LHOST_SET(r, diagnosticcode, l);
		for (int i = 0; verbs[i]; i++) {
			const char *p = text_find(l.s, l.n, verbs[i]);

			/* a word of its own: "(DATA)", "RCPT command" */
			if (p && (p == l.s || p[-1] == ' ' || p[-1] == '(') &&
			    (p + 4 == l.s + l.n || p[4] == ' ' || p[4] == ')')) {
				(void)str_copy(r->command, sizeof(r->command), verbs[i]);
				break;
			}
		}
	}
	lhost_default_action(res, ds.first, "failed"); /* a returned message */
	return lhost_finish(res, ds.first, NULL, 0) ? LHOST_MATCH : LHOST_PASS;
}
