/* lhost-rfc3834.c: automatic replies (RFC 3834: vacation, out of office),
 * decoder "RFC3834". The recipient is the auto-reply's sender: the
 * address we mailed, now away. Tried last, after the bounce formats. */
#include <string.h>

#include "parse/lhost-standard.h"
#include "parse/text.h"
#include "util/str.h"

/* A lower-case text and its length, for the tables below. */
struct autoreply_word {
	const char *s;
	size_t n;
};
#define AR_W(lit) {lit, sizeof(lit) - 1}

/* Header fields that mark an auto-reply: name, value prefix ("" = any). */
static const struct {
	const char *name;
	struct autoreply_word value;
} autoreply_headers[] = {
	{"auto-submitted", AR_W("auto-replied")},
	{"x-autoreply", AR_W("")},
	{"x-autorespond", AR_W("")},
	{"x-autoresponder", AR_W("")},
	{"precedence", AR_W("auto_reply")},
	{"x-apple-action", AR_W("vacation")},
	{"x-auto-response-suppress", AR_W("oof")},
};

/* Subject prefixes of out-of-office replies, several languages. */
static const struct autoreply_word autoreply_subjects[] = {
	AR_W("auto:"), AR_W("auto response:"), AR_W("automatic reply:"), AR_W("autoreply:"), AR_W("auto-reply:"),
	AR_W("out of office"), AR_W("out of the office"), AR_W("away until"), AR_W("on vacation"),
	AR_W("abwesenheitsnotiz"), AR_W("automatische antwort"), AR_W("abwesend"), /* de */
	AR_W("réponse automatique"), AR_W("reponse automatique"), AR_W("absence"), AR_W("absent du bureau"), /* fr */
	AR_W("respuesta automática"), AR_W("respuesta automatica"), AR_W("fuera de la oficina"), /* es */
	AR_W("risposta automatica"), AR_W("fuori sede"), /* it */
	AR_W("resposta automática"), AR_W("ausente"),    /* pt */
	AR_W("自動応答"), AR_W("自動返信"), AR_W("不在"),      /* ja */
	AR_W("自动回复"), AR_W("自動回覆"),              /* zh */
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
static const struct autoreply_word autoreply_senders[] = {
	AR_W("mailer-daemon@"), AR_W("postmaster@"), AR_W("root@"),
};
static const struct autoreply_word autoreply_to = AR_W("root@");
static const struct autoreply_word autoreply_excluded_subjects[] = {
	AR_W("security information for"), AR_W("mail failure -"),
};
#undef AR_W

/* Is w at s[at] (s: n bytes), in any ASCII case? */
static bool autoreply_at(const char *s, size_t n, size_t at, const struct autoreply_word *w)
{
	if (n - at < w->n)
		return false;
	for (size_t k = 0; k < w->n; k++)
		if (str_lower_c(s[at + k]) != w->s[k])
			return false;
	return true;
}

/* Has s (n bytes) one of the k words anywhere, in any ASCII case? */
static bool autoreply_has(const char *s, size_t n, const struct autoreply_word *w, size_t k)
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
	size_t sl = v->subject ? strlen(v->subject) : 0; /* once, for every test of it */

	if (v->from && autoreply_has(v->from, strlen(v->from), autoreply_senders,
				     sizeof(autoreply_senders) / sizeof(autoreply_senders[0])))
		return false;
	if ((s = hdr_get(&v->head, "to")) && text_find_ci_n(s, strlen(s), autoreply_to.s, autoreply_to.n))
		return false;
	if (v->subject && autoreply_has(v->subject, sl, autoreply_excluded_subjects,
					sizeof(autoreply_excluded_subjects) / sizeof(autoreply_excluded_subjects[0])))
		return false;
	/* a value that starts with the prefix (its first place in it is 0) */
	for (size_t i = 0; i < sizeof(autoreply_headers) / sizeof(autoreply_headers[0]); i++)
		if ((s = hdr_get(&v->head, autoreply_headers[i].name)) &&
		    (!autoreply_headers[i].value.n || autoreply_at(s, strlen(s), 0, &autoreply_headers[i].value)))
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
