/* lhost-fml.c: error mails of the fml mailing list manager (X-MLServer,
 * from list-admin@): "... <user@example.org>." lines; the reason is named by
 * the text or by the subject.
 *
 * Ported from Sisimai::Lhost::FML (Sisimai 4.25.15),
 * Copyright (C) 2014-2021 azumakuniyuki, BSD 2-Clause License.
 */
#include <string.h>

#include "parse/lhost-mtas.h"
#include "parse/text.h"
#include "util/str.h"

static const struct lhost_reason_row fml_texts[] = {
	{REASON_REJECTED, "NOT MEMBER article from "},
	{REASON_REJECTED, "reject mail from "},
	{REASON_REJECTED, "header may cause mail loop"},
	{REASON_REJECTED, "reject spammers:"},
	{REASON_REJECTED, "You are not a member of this mailing list"},
	{REASON_SYSTEMERROR, "Duplicated Message-ID"},
	{REASON_SYSTEMERROR, "has detected a loop condition so that"},
	{REASON_SYSTEMERROR, "Loop Back Warning:"},
	{REASON_SECURITYERROR, "Security alert:"},
	{REASON_UNDEFINED, NULL},
};

static const struct lhost_reason_row fml_subjects[] = {
	{REASON_REJECTED, "NOT MEMBER article from "},
	{REASON_REJECTED, "reject mail "},
	{REASON_REJECTED, "Spam mail from a spammer is rejected"},
	{REASON_REJECTED, " are not member"},
	{REASON_SYSTEMERROR, "fml system error message"},
	{REASON_SYSTEMERROR, "Loop Alert: "},
	{REASON_SYSTEMERROR, "Loop Back Warning: "},
	{REASON_SYSTEMERROR, "WARNING: UNIX FROM Loop"},
	{REASON_SECURITYERROR, "Security Alert"},
	{REASON_UNDEFINED, NULL},
};

LHOST_MTA_DECODER(fml)
{
	const char *mid = lhost_hdr(v, "message-id");
	struct lhost_ds ds;
	struct lhost_cur c;
	struct lhost_line l;
	struct bounce_record *r = NULL;

	if (!hdr_get(&v->head, "x-mlserver") || !text_strstr(lhost_hdr(v, "from"), "-admin@") ||
	    !text_strstr(mid, ".FML") || !strchr(mid, '@'))
		return LHOST_PASS;
	lhost_ds_init(&ds, res);
	lhost_cur_init(&c, v, false);
	while (lhost_cur_next(&c, &l)) {
		struct lhost_line t = lhost_trim(l);

		if (lhost_starts(l, "Original mail as follows:"))
			break;
		if (!t.n)
			continue;
		/* "... from <user@example.org>." */
		if (lhost_ends(t, ">.") && memchr(t.s, '<', t.n) && memchr(t.s, '@', t.n)) {
			const char *lt = memrchr(t.s, '<', t.n);

			if (!(r = lhost_ds_new(&ds)))
				return LHOST_NOMEM;
			(void)lhost_set_addr(r, false, lt, (size_t)(t.s + t.n - lt - 1));
			LHOST_SET(r, diagnosticcode, t);
		} else if (r) {
			LHOST_APPEND(r, diagnosticcode, t);
		}
	}
	for (size_t i = ds.first; i < res->n_records; i++) {
		struct bounce_record *e = &res->records[i];
		const struct lhost_reason_row *row = lhost_reason_match(fml_texts, e->diagnosticcode);

		if (!row)
			row = lhost_reason_match(fml_subjects, lhost_hdr(v, "subject"));
		if (row)
			lhost_set_reason(e, row->reason, "FML", row->marker);
	}
	lhost_default_action(res, ds.first, "failed"); /* a returned message */
	return lhost_finish(res, ds.first, NULL, 0) ? LHOST_MATCH : LHOST_PASS;
}
