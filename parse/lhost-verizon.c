/* lhost-verizon.c: Verizon Wireless (vtext.com SMS gateway and vzwpix.com
 * picture mail) bounces: "Error: ..." then "RCPT TO: a@b" under "Message
 * details", or "Message could not be delivered to mobile" then "To: a@b".
 *
 * Marker strings follow Sisimai::Lhost::Verizon, Copyright (C) 2014-2020
 * azumakuniyuki, All rights reserved; distributed under the BSD 2-Clause
 * License (see parse/THIRD-PARTY.md).
 */
#include <string.h>

#include "parse/lhost-providers.h"
#include "parse/text.h"

struct vz_format {
	const char *start;   /* the line that begins the report */
	const char *rcpt;    /* the line prefix (blanks skipped) before the recipient */
	const char *diag;    /* the line prefix (blanks skipped) of the error text */
	struct lhost_reason_row reasons[2];
};

static const struct vz_format vz_vtext = {
	"Error:", "RCPT TO:", NULL,
	{{REASON_USERUNKNOWN, "550 - Requested action not taken: no such user here"},
	 {REASON_UNDEFINED, NULL}},
};
static const struct vz_format vz_vzwpix = {
	"Message could not be delivered to mobile", "To:", "Error:",
	{{REASON_USERUNKNOWN, "No valid recipients for this MM"}, {REASON_UNDEFINED, NULL}},
};

/* A reply line "550 - text" of the vtext format. */
static bool
vz_is_reply(const char *t, size_t tl)
{
	return tl > 6 && t[0] >= '2' && t[0] <= '5' && memcmp(t + 3, " - ", 3) == 0;
}

static enum lhost_verdict
vz_scan(const struct mail_view *v, const struct vz_format *f, struct parse_result *res)
{
	const char *pos, *line;
	size_t ll, tl, first = res->n_records;
	char addr[BOUNCE_ADDR_MAX], diag[BOUNCE_TEXT_MAX] = "";
	bool reading = false;

	pos = v->body;
	while (text_next_line(v->body, v->body_len, &pos, &line, &ll)) {
		const char *t = lhost_ltrim(line, ll, &tl);

		if (!reading) {
			reading = lhost_starts(lhost_ln(line, ll), f->start);
			if (!reading || !f->diag)
				continue;
		}
		if (lhost_starts(lhost_ln(t, tl), f->rcpt) &&
		    text_extract_address(t + strlen(f->rcpt), tl - strlen(f->rcpt), addr, sizeof(addr))) {
			if (!lhost_record_for(res, addr))
				return (res->n_records >= BOUNCE_MAX_RECIPIENTS) ? LHOST_MATCH : LHOST_NOMEM;
		} else if (f->diag ? lhost_starts(lhost_ln(t, tl), f->diag) : vz_is_reply(t, tl)) {
			(void)text_copy_trim(diag, sizeof(diag), t, tl);
		}
	}
	for (size_t i = first; i < res->n_records; i++) {
		struct bounce_record *r = &res->records[i];

		lhost_diag_add(r, diag, strlen(diag));
		(void)lhost_reason_by_text(r, f->reasons, "verizon");
		lhost_fill_codes(r);
	}
	return res->n_records > first ? LHOST_MATCH : LHOST_PASS;
}

enum lhost_verdict
lhost_verizon_decode(const struct mail_view *v, struct parse_result *res)
{
	const char *from = v->from;
	const struct vz_format *f = NULL;

	/* the sender first: the Received: scan only for Verizon's senders */
	if (!from)
		return LHOST_PASS;
	if (strcmp(from, "post_master@vtext.com") == 0)
		f = &vz_vtext;
	else if (text_strstr(from, "sysadmin@") && text_strstr(from, ".vzwpix.com"))
		f = &vz_vzwpix;
	if (!f || !lhost_hdr_any_has_ci(v, "received", ".vtext.com ("))
		return LHOST_PASS;
	return vz_scan(v, f, res);
}
