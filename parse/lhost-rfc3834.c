/* lhost-rfc3834.c: automatic replies (RFC 3834: vacation, out of office),
 * decoder "RFC3834". The recipient is the auto-reply's sender: the
 * address we mailed, now away. Tried last, after the bounce formats. */
#include <string.h>

#include "parse/lhost-standard.h"
#include "parse/lhost-util.h"
#include "parse/text.h"
#include "util/str.h"

/* Header fields that mark an auto-reply: name, value prefix ("" = any). */
static const struct {
	const char *name;
	struct text_lit value;
} autoreply_headers[] = {
	{"auto-submitted", TEXT_LIT("auto-replied")},
	{"x-autoreply", TEXT_LIT("")},
	{"x-autorespond", TEXT_LIT("")},
	{"x-autoresponder", TEXT_LIT("")},
	{"precedence", TEXT_LIT("auto_reply")},
	{"x-apple-action", TEXT_LIT("vacation")},
	{"x-auto-response-suppress", TEXT_LIT("oof")},
};

/* Subject prefixes of out-of-office replies, several languages (these
 * tables are lower-case). */
static const struct text_lit autoreply_subjects[] = {
	TEXT_LIT("auto:"), TEXT_LIT("auto response:"), TEXT_LIT("automatic reply:"), TEXT_LIT("autoreply:"),
	TEXT_LIT("auto-reply:"),
	TEXT_LIT("out of office"), TEXT_LIT("out of the office"), TEXT_LIT("away until"), TEXT_LIT("on vacation"),
	TEXT_LIT("abwesenheitsnotiz"), TEXT_LIT("automatische antwort"), TEXT_LIT("abwesend"), /* de */
	TEXT_LIT("réponse automatique"), TEXT_LIT("reponse automatique"), TEXT_LIT("absence"), /* fr */
	TEXT_LIT("absent du bureau"),
	TEXT_LIT("respuesta automática"), TEXT_LIT("respuesta automatica"), TEXT_LIT("fuera de la oficina"), /* es */
	TEXT_LIT("risposta automatica"), TEXT_LIT("fuori sede"), /* it */
	TEXT_LIT("resposta automática"), TEXT_LIT("ausente"),    /* pt */
	TEXT_LIT("自動応答"), TEXT_LIT("自動返信"), TEXT_LIT("不在"),      /* ja */
	TEXT_LIT("自动回复"), TEXT_LIT("自動回覆"),              /* zh */
};

/* The first bytes of autoreply_subjects (lower-case): a subject byte that
 * is none of them starts no prefix there. A row added above needs its
 * byte here (test-parse-standard tries every row). */
static const bool autoreply_first[256] = {
	['a'] = true, ['f'] = true, ['o'] = true, ['r'] = true,
	[0xe4] = true, /* 不 */
	[0xe8] = true, /* 自 */
};

/* Never auto-replies, whatever their headers say. */
static const struct text_lit autoreply_senders[] = {
	TEXT_LIT("mailer-daemon@"), TEXT_LIT("postmaster@"), TEXT_LIT("root@"),
};
static const struct text_lit autoreply_to = TEXT_LIT("root@");
static const struct text_lit autoreply_excluded_subjects[] = {
	TEXT_LIT("security information for"), TEXT_LIT("mail failure -"),
};

/* Is w at s[at] (s: n bytes), in any ASCII case? */
static bool autoreply_at(const char *s, size_t n, size_t at, const struct text_lit *w)
{
	if (n - at < w->n)
		return false;
	for (size_t k = 0; k < w->n; k++)
		if (str_lower_c(s[at + k]) != w->s[k])
			return false;
	return true;
}

/* Has s (n bytes) one of the k words anywhere, in any ASCII case? */
static bool autoreply_has(const char *s, size_t n, const struct text_lit *w, size_t k)
{
	for (size_t i = 0; i < k; i++)
		if (text_find_ci_n(s, n, w[i].s, w[i].n))
			return true;
	return false;
}

/* Does a subject prefix start at s[0..4] ("Re: " or "AW: " before it)?
 * What "its first place in s is among the first five bytes" asks, tried
 * only at those five: most subjects have none of the prefixes' first
 * bytes there. */
static bool autoreply_subject(const char *s, size_t n)
{
	for (size_t at = 0; at < n && at <= 4; at++) {
		unsigned char c = (unsigned char)str_lower_c(s[at]);

		if (!autoreply_first[c])
			continue;
		for (size_t i = 0; i < sizeof(autoreply_subjects) / sizeof(autoreply_subjects[0]); i++)
			if ((unsigned char)autoreply_subjects[i].s[0] == c &&
			    autoreply_at(s, n, at, &autoreply_subjects[i]))
				return true;
	}
	return false;
}

static bool autoreply_match(const struct mail_view *v)
{
	const char *s;
	size_t sl = v->subject_len, n;

	if (v->from && autoreply_has(v->from, v->from_len, autoreply_senders,
				     sizeof(autoreply_senders) / sizeof(autoreply_senders[0])))
		return false;
	if ((s = hdr_get_n(&v->head, "to", &n)) && text_find_ci_n(s, n, autoreply_to.s, autoreply_to.n))
		return false;
	if (v->subject && autoreply_has(v->subject, sl, autoreply_excluded_subjects,
					sizeof(autoreply_excluded_subjects) / sizeof(autoreply_excluded_subjects[0])))
		return false;
	/* a value that starts with the prefix (its first place in it is 0) */
	for (size_t i = 0; i < sizeof(autoreply_headers) / sizeof(autoreply_headers[0]); i++)
		if ((s = hdr_get_n(&v->head, autoreply_headers[i].name, &n)) &&
		    (!autoreply_headers[i].value.n || autoreply_at(s, n, 0, &autoreply_headers[i].value)))
			return true;
	return v->subject && autoreply_subject(v->subject, sl);
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
		if (v->subject)
			text_copy_trim(out, outsz, v->subject, v->subject_len);
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
	lhost_rcpt_touched(r);
	r->reason = REASON_VACATION;
	str_copy(r->rule, sizeof(r->rule), "rfc3834");
	str_copy(r->action, sizeof(r->action), "");
	autoreply_text(v, r->diagnosticcode, sizeof(r->diagnosticcode));
	lhost_diag_touched(r);
	return LHOST_MATCH;
}
