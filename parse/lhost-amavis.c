/* lhost-amavis.c: reports of the amavis content filter (From: "Content-filter
 * at host"): an RFC 3464 part whose diagnostic names the verdict.
 *
 * Ported from Sisimai::Lhost::Amavis (Sisimai 4.25.15),
 * Copyright (C) 2014-2021 azumakuniyuki, BSD 2-Clause License.
 */
#include <string.h>

#include "parse/lhost-mtas.h"
#include "parse/text.h"
#include "util/str.h"

/* amavis verdicts, matched without regard to case */
static const struct lhost_reason_row amavis_reasons[] = {
	{REASON_SPAMDETECTED, " - spam"},
	{REASON_VIRUSDETECTED, " - infected"},
	{REASON_CONTENTERROR, " - bad header:"},
	{REASON_EXCEEDLIMIT, " - message size exceeds recipient"},
	{REASON_SYSTEMERROR, " - temporary mta failure on relaying"},
	{REASON_SYSTEMERROR, " - rejected by next-hop mta on relaying"},
	{REASON_SYSTEMERROR, " - unable to relay message back to mta"},
	{REASON_UNDEFINED, NULL},
};

LHOST_MTA_DECODER(amavis)
{
	const char *from = lhost_hdr(v, "from");
	struct lhost_ds ds;

	if (strncmp(from, "\"Content-filter at ", 19) != 0 && strncmp(from, "Content-filter at ", 18) != 0)
		return LHOST_PASS;
	if (!v->dsn)
		return LHOST_PASS;
	lhost_ds_init(&ds, res);
	if (lhost_ds_text(&ds, v->dsn, v->dsn_len) < 0)
		return LHOST_NOMEM;
	for (size_t i = ds.first; i < res->n_records; i++) {
		struct bounce_record *e = &res->records[i];
		size_t dl = strlen(e->diagnosticcode);

		for (const struct lhost_reason_row *row = amavis_reasons; row->marker; row++) {
			if (!text_find_ci(e->diagnosticcode, dl, row->marker))
				continue;
			lhost_set_reason(e, row->reason, "Amavis", row->marker);
			break;
		}
	}
	return lhost_ds_finish(res, ds.first, &ds) ? LHOST_MATCH : LHOST_PASS;
}
