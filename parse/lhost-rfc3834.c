/* lhost-rfc3834.c: automatic replies (RFC 3834: vacation, out of office),
 * decoder "RFC3834". The recipient is the auto-reply's sender: the
 * address we mailed, now away. Tried last, after the bounce formats. */
#include <string.h>

#include "parse/lhost-standard.h"
#include "parse/text.h"
#include "util/str.h"

/* Header fields that mark an auto-reply: name, value prefix ("" = any). */
static const struct {
	const char *name;
	const char *value;
} autoreply_headers[] = {
	{"auto-submitted", "auto-replied"},
	{"x-autoreply", ""},
	{"x-autorespond", ""},
	{"x-autoresponder", ""},
	{"precedence", "auto_reply"},
	{"x-apple-action", "vacation"},
	{"x-auto-response-suppress", "oof"},
};

/* Subject prefixes of out-of-office replies, several languages. */
static const char *const autoreply_subjects[] = {
	"auto:", "auto response:", "automatic reply:", "autoreply:", "auto-reply:",
	"out of office", "out of the office", "away until", "on vacation",
	"abwesenheitsnotiz", "automatische antwort", "abwesend", /* de */
	"réponse automatique", "reponse automatique", "absence", "absent du bureau", /* fr */
	"respuesta automática", "respuesta automatica", "fuera de la oficina", /* es */
	"risposta automatica", "fuori sede", /* it */
	"resposta automática", "ausente",    /* pt */
	"自動応答", "自動返信", "不在",      /* ja */
	"自动回复", "自動回覆",              /* zh */
};

/* Never auto-replies, whatever their headers say. */
static const struct {
	const char *name;
	const char *text;
} autoreply_excluded[] = {
	{"from", "mailer-daemon@"},
	{"from", "postmaster@"},
	{"from", "root@"},
	{"to", "root@"},
	{"subject", "security information for"},
	{"subject", "mail failure -"},
};

static bool autoreply_match(const struct mail_view *v)
{
	const char *s;

	for (size_t i = 0; i < sizeof(autoreply_excluded) / sizeof(autoreply_excluded[0]); i++)
		if ((s = hdr_get(&v->head, autoreply_excluded[i].name)) &&
		    text_find_ci(s, strlen(s), autoreply_excluded[i].text))
			return false;
	for (size_t i = 0; i < sizeof(autoreply_headers) / sizeof(autoreply_headers[0]); i++)
		if ((s = hdr_get(&v->head, autoreply_headers[i].name)) &&
		    (text_find_ci(s, strlen(s), autoreply_headers[i].value) == s))
			return true;
	if (!(s = v->subject))
		return false;
	for (size_t i = 0; i < sizeof(autoreply_subjects) / sizeof(autoreply_subjects[0]); i++) {
		const char *m = text_find_ci(s, strlen(s), autoreply_subjects[i]);

		/* at the start, or after a "Re:" / "AW:" style prefix */
		if (m && (m == s || (size_t)(m - s) <= 4))
			return true;
	}
	return false;
}

/* The first lines of the reply's text (up to five), as the diagnostic. */
static void autoreply_text(const struct mail_view *v, char *out, size_t outsz)
{
	const char *pos = v->body, *line;
	size_t ll, kept = 0, n = 0;

	while (kept < 5 && text_next_line(v->body, v->body_len, &pos, &line, &ll)) {
		if (ll == 0) {
			if (kept)
				break;
			continue;
		}
		if (n + 1 < outsz) {
			if (n)
				out[n++] = ' ';
			text_copy_trim(out + n, outsz - n, line, ll);
			n = strlen(out);
		}
		kept++;
	}
	if (!n) {
		const char *s = v->subject;

		if (s)
			text_copy_trim(out, outsz, s, strlen(s));
	}
}

enum lhost_verdict lhost_rfc3834_decode(const struct mail_view *v, struct parse_result *res)
{
	const char *from = v->from;
	char a[BOUNCE_ADDR_MAX];
	struct bounce_record *r;

	if (!autoreply_match(v))
		return LHOST_PASS;
	if (!from || !text_extract_address(from, strlen(from), a, sizeof(a))) {
		from = hdr_get(&v->head, "return-path");
		if (!from || !text_extract_address(from, strlen(from), a, sizeof(a)))
			return LHOST_PASS;
	}
	r = lhost_add(res);
	if (!r)
		return LHOST_NOMEM;
	str_copy(r->recipient, sizeof(r->recipient), a);
	r->reason = REASON_VACATION;
	str_copy(r->rule, sizeof(r->rule), "rfc3834");
	str_copy(r->action, sizeof(r->action), "");
	autoreply_text(v, r->diagnosticcode, sizeof(r->diagnosticcode));
	return LHOST_MATCH;
}
