/* lhost-exchange2007.c: non-delivery reports of Microsoft Exchange Server
 * 2007 and later ("Undeliverable: ..." with a Content-Language header) in
 * English, French, Italian, German and Spanish, and the same layout from
 * Office 365: "Diagnostic information for administrators:", "Generating
 * server: host", then each recipient and its reply line ("#550 5.1.1 ..."
 * or "Remote Server returned '550 5.1.10 ...'").
 *
 * Ported from Sisimai::Lhost::Exchange2007 (Sisimai 4.25.15),
 * Copyright (C) 2014-2021 azumakuniyuki, BSD 2-Clause License.
 */
#include <string.h>

#include "parse/lhost-mtas.h"
#include "parse/text.h"
#include "util/str.h"

static const char *const ex7_subjects[] = {
	"Undeliverable:", "Non_remis_", "Non remis :", "Non recapitabile:", "Unzustellbar:",
	"No se puede entregar:", NULL,
};

static const char *const ex7_starts[] = {
	"Diagnostic information for administrators:",            /* en */
	"Informations de diagnostic pour les administrateurs",   /* fr */
	"Informazioni di diagnostica per gli amministratori",    /* it */
	"Diagnoseinformationen f\xc3\xbcr Administratoren:",       /* de */
	"Informaci\xc3\xb3n de diagn\xc3\xb3stico para administradores:", /* es */
	NULL,
};

static const char *const ex7_servers[] = {
	"Generating server:", "Serveur de g", "Server di generazione:", "Generierender Server:",
	"Servidor de generaci", NULL,
};

static const char *const ex7_stops[] = {
	"Original message headers:", "En-t\xc3\xaates de message d'origine :",
	"Intestazioni originali del messaggio:", "Urspr\xc3\xbcngliche Nachrichtenkopfzeilen:",
	"Encabezados del mensaje original:", NULL,
};

/* Exchange's own error names, "550 5.1.1 RESOLVER.ADR.RecipNotFound; ..." */
static const struct lhost_reason_row ex7_reasons[] = {
	{REASON_HOSTUNKNOWN, "SMTPSEND.DNS.NonExistentDomain"},
	{REASON_NETWORKERROR, "SMTPSEND.DNS.MxLoopback"},
	{REASON_SYSTEMERROR, "RESOLVER.ADR.BadPrimary"},
	{REASON_USERUNKNOWN, "RESOLVER.ADR.RecipNotFound"},
	{REASON_USERUNKNOWN, "RESOLVER.ADR.ExRecipNotFound"},
	{REASON_USERUNKNOWN, "RESOLVER.ADR.RecipientNotFound"}, /* Office 365 */
	{REASON_TOOMANYCONN, "RESOLVER.ADR.RecipLimit"},
	{REASON_SYSTEMERROR, "RESOLVER.ADR.InvalidInSmtp"},
	{REASON_SYSTEMERROR, "RESOLVER.ADR.Ambiguous"},
	{REASON_SECURITYERROR, "RESOLVER.RST.AuthRequired"},
	{REASON_REJECTED, "RESOLVER.RST.NotAuthorized"},
	{REASON_MESGTOOBIG, "RESOLVER.RST.RecipSizeLimit"},
	{REASON_EXPIRED, "QUEUE.Expired"},
	{REASON_UNDEFINED, NULL},
};

static bool ex7_match(const struct mail_view *v)
{
	const char *lang = lhost_hdr(v, "content-language");
	const char *subject = lhost_hdr(v, "subject");
	size_t n = strlen(lang);
	bool ok = false;

	for (int i = 0; ex7_subjects[i]; i++)
		if (strncmp(subject, ex7_subjects[i], strlen(ex7_subjects[i])) == 0)
			ok = true;
	/* Office 365 sends the same layout; its own decoder (providers group)
	 * has had its turn already, so its headers need not be excluded here */
	return ok && (n == 2 || (n == 5 && lang[2] == '-'));
}

/* "#550 5.2.2 text" or "... returned '441 4.4.1 text'" */
static bool ex7_code_line(struct lhost_line l)
{
	for (size_t i = 0; i + 9 < l.n; i++) {
		const char *p = l.s + i;

		if ((p[0] == '4' || p[0] == '5') && p[1] >= '0' && p[1] <= '9' && p[2] >= '0' &&
		    p[2] <= '9' && p[3] == ' ' && p[4] == p[0] && p[5] == '.' && p[7] == '.')
			return true;
	}
	return false;
}

LHOST_MTA_DECODER(exchange2007)
{
	struct lhost_ds ds;
	struct lhost_cur c;
	struct lhost_line l;
	bool reading = false, server = false;
	struct bounce_record *r = NULL;

	if (!ex7_match(v))
		return LHOST_PASS;
	lhost_ds_init(&ds, res);
	lhost_cur_init(&c, v, false);
	while (lhost_cur_next(&c, &l)) {
		struct lhost_line t = lhost_trim(l);

		if (!reading) {
			reading = lhost_starts_any(l, ex7_starts) >= 0;
			continue;
		}
		if (lhost_starts_any(l, ex7_stops) >= 0)
			break;
		if (!server) {
			server = lhost_starts_any(l, ex7_servers) >= 0;
			continue;
		}
		if (t.n && !memchr(t.s, ' ', t.n) && memchr(t.s, '@', t.n) &&
		    memchr(t.s, '@', t.n) == memrchr(t.s, '@', t.n)) {
			if (!(r = lhost_ds_new(&ds)))
				return LHOST_NOMEM;
			LHOST_SET(r, recipient, t);
			continue;
		}
		if (!r)
			continue;
		if (ex7_code_line(l)) {
			/* the last reply listed is the latest attempt */
			const char *q = l.s;

			while (q < l.s + l.n && *q == '#')
				q++;
			r->deliverystatus[0] = r->replycode[0] = '\0';
			lhost_set(r, r->diagnosticcode, sizeof(r->diagnosticcode), q, (size_t)(l.s + l.n - q));
			continue;
		}
		/* a quoted-printable soft break left in the text */
		{
			size_t dl = strlen(r->diagnosticcode);

			if (dl && r->diagnosticcode[dl - 1] == '=') {
				r->diagnosticcode[dl - 1] = '\0';
				(void)str_copyn(r->diagnosticcode + dl - 1, sizeof(r->diagnosticcode) - dl + 1,
						l.s, l.n);
				lhost_diag_touched(r);
			}
		}
	}
	for (size_t i = ds.first; i < res->n_records; i++) {
		struct bounce_record *e = &res->records[i];
		const struct lhost_reason_row *row = lhost_reason_match(ex7_reasons, e->diagnosticcode);
		const char *ret = text_strstr(e->diagnosticcode, "returned '");

		if (ret) { /* "Remote Server at X returned '550 ...'": keep the reply */
			size_t n = strlen(ret + 10);

			memmove(e->diagnosticcode, ret + 10, n + 1);
			if (n && e->diagnosticcode[n - 1] == '\'')
				e->diagnosticcode[n - 1] = '\0';
			lhost_diag_touched(e);
		}
		if (row)
			lhost_set_reason(e, row->reason, "Exchange2007", row->marker);
	}
	lhost_default_action(res, ds.first, "failed"); /* a returned message */
	return lhost_finish(res, ds.first, NULL, 0) ? LHOST_MATCH : LHOST_PASS;
}
