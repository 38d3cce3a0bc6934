/* lhost-arf.c: complaint reports in the Abuse Reporting Format (RFC 5965),
 * decoder "ARF". One record per Original-Rcpt-To (or the returned
 * message's To:), reason feedback, feedbacktype from Feedback-Type. */
#include <string.h>

#include "parse/lhost-standard.h"
#include "parse/lhost-util.h"
#include "parse/text.h"
#include "util/str.h"

/* Sisimai's placeholder when a report names no recipient at all: kept so
 * results compare, and a complaint is still counted (QUIRKS.md). */
#define ARF_UNDISCLOSED "undisclosed-recipient-in-headers@libsisimai.org.invalid"

/* Senders of Microsoft's and Amazon's own complaint formats (multipart/mixed). */
static const char *const arf_own_format_senders[] = {"staff@hotmail.com",
						     "complaints@email-abuse.amazonses.com"};

static bool arf_is_report(const struct mail_view *v)
{
	const char *from = v->from, *subj = v->subject;

	if (v->feedback || strcmp(v->report_type, "feedback-report") == 0)
		return true;
	if (!from || !subj || !text_find_ci(subj, strlen(subj), "complaint about message from "))
		return false;
	for (size_t i = 0; i < sizeof(arf_own_format_senders) / sizeof(arf_own_format_senders[0]); i++)
		if (text_find_ci(from, strlen(from), arf_own_format_senders[i]))
			return true;
	return false;
}

struct arf_fields {
	char feedbacktype[32];
	char rhost[BOUNCE_LINE_MAX];
	char authres[BOUNCE_TEXT_MAX];
	time_t date;
};

/* A field value when line is "Name: value" (name case-insensitive). */
static bool arf_field(const char *line, size_t n, const char *name, const char **val, size_t *vn)
{
	size_t l = strlen(name);

	/* the ':' first: most lines fail there, without a search (the name
	 * can only start the line, as none ends in ':') */
	if (n <= l || line[l] != ':' || text_find_ci_n(line, l, name, l) != line)
		return false;
	*val = line + l + 1;
	*vn = n - l - 1;
	return true;
}

static void arf_scan_fields(const char *text, size_t len, struct arf_fields *f)
{
	const char *pos = text, *line, *val;
	size_t ll, vn;

	while (text_next_line(text, len, &pos, &line, &ll)) {
		if (arf_field(line, ll, "feedback-type", &val, &vn))
			text_copy_trim(f->feedbacktype, sizeof(f->feedbacktype), val, vn);
		else if (arf_field(line, ll, "source-ip", &val, &vn))
			text_copy_trim(f->rhost, sizeof(f->rhost), val, vn);
		else if (arf_field(line, ll, "authentication-results", &val, &vn))
			text_copy_trim(f->authres, sizeof(f->authres), val, vn);
		else if (arf_field(line, ll, "arrival-date", &val, &vn) ||
			 arf_field(line, ll, "received-date", &val, &vn))
			f->date = (time_t)text_parse_date(val, vn);
	}
}

static struct bounce_record *arf_add(struct parse_result *res, const struct arf_fields *f,
				     const struct mail_view *v, const char *rcpt)
{
	struct bounce_record *r = lhost_add(res);

	if (!r)
		return NULL;
	str_copy(r->recipient, sizeof(r->recipient), rcpt);
	lhost_rcpt_touched(r);
	r->reason = REASON_FEEDBACK;
	str_copy(r->rule, sizeof(r->rule), "arf");
	str_copy(r->feedbacktype, sizeof(r->feedbacktype), f->feedbacktype[0] ? f->feedbacktype : "abuse");
	str_copy(r->rhost, sizeof(r->rhost), f->rhost);
	r->timestamp = f->date;
	text_copy_trim(r->diagnosticcode, sizeof(r->diagnosticcode), v->body, v->body_len);
	lhost_diag_touched(r);
	if (strcmp(r->feedbacktype, "auth-failure") == 0 && f->authres[0]) {
		size_t l = strlen(r->diagnosticcode);

		str_printf(r->diagnosticcode + l, sizeof(r->diagnosticcode) - l, "%s%s", l ? " " : "",
			   f->authres);
	}
	return r;
}

/* Apple Mail's one-click unsubscribe: a plain message from the person
 * who opts out, marked X-Apple-Unsubscribe: true. */
static bool arf_apple_unsubscribe(const struct mail_view *v)
{
	const char *s = hdr_get(&v->head, "x-apple-unsubscribe");

	return s && text_find_ci(s, strlen(s), "true") == s;
}

static enum lhost_verdict arf_from_sender(const struct mail_view *v, struct parse_result *res,
					  struct arf_fields *f)
{
	const char *from = v->from;
	char a[BOUNCE_ADDR_MAX];

	if (!from || !text_extract_address(from, strlen(from), a, sizeof(a)))
		return LHOST_PASS;
	str_copy(f->feedbacktype, sizeof(f->feedbacktype), "opt-out");
	return arf_add(res, f, v, a) ? LHOST_MATCH : LHOST_NOMEM;
}

enum lhost_verdict lhost_arf_decode(const struct mail_view *v, struct parse_result *res)
{
	struct arf_fields f;
	const char *text = v->feedback ? v->feedback : v->body;
	size_t len = v->feedback ? v->feedback_len : v->body_len;
	const char *pos, *line, *val;
	size_t ll, vn, before = res->n_records;
	char a[BOUNCE_ADDR_MAX];

	/* f (over 1 KB) is cleared only for a message that is ARF's: every
	 * message no decoder before took comes here */
	if (arf_apple_unsubscribe(v)) {
		memset(&f, 0, sizeof(f));
		return arf_from_sender(v, res, &f);
	}
	if (!arf_is_report(v))
		return LHOST_PASS;
	memset(&f, 0, sizeof(f));
	arf_scan_fields(text, len, &f);
	pos = text;
	while (text_next_line(text, len, &pos, &line, &ll)) {
		bool redacted = arf_field(line, ll, "redacted-address", &val, &vn);

		if (!redacted && !arf_field(line, ll, "original-rcpt-to", &val, &vn) &&
		    !arf_field(line, ll, "removal-recipient", &val, &vn))
			continue;
		/* "Redacted-Address: localpart@" (AOL): the To: header is better */
		if (redacted || !text_extract_address(val, vn, a, sizeof(a)))
			continue;
		if (!arf_add(res, &f, v, a) && res->n_records < BOUNCE_MAX_RECIPIENTS)
			return LHOST_NOMEM;
	}
	if (res->n_records == before) {
		const char *to = v->has_orig ? hdr_get(&v->orig, "to") : NULL;

		if (!to || !text_extract_address(to, strlen(to), a, sizeof(a)))
			str_copy(a, sizeof(a), ARF_UNDISCLOSED);
		if (!arf_add(res, &f, v, a))
			return LHOST_NOMEM;
	}
	return LHOST_MATCH;
}
