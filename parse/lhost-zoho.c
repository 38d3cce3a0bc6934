/* lhost-zoho.c: Zoho Mail bounces: one line per recipient, "a@b <why>,
 * ERROR_CODE :550, ERROR_CODE :5.1.1 <reply>".
 *
 * Marker strings follow Sisimai::Lhost::Zoho, Copyright (C) 2014-2020
 * azumakuniyuki, All rights reserved; distributed under the BSD 2-Clause
 * License (see parse/THIRD-PARTY.md).
 */
#include <ctype.h>
#include <string.h>

#include "parse/lhost-providers.h"
#include "parse/text.h"

static const char *const zoho_start[] = {"This message was created automatically by mail delivery", NULL};
/* the returned headers follow the text without a separator line */
static const char *const zoho_end[] = {"Received:", "Message-ID:", NULL};

static const struct lhost_reason_row zoho_reasons[] = {
	{REASON_EXPIRED, "Host not reachable"},
	{REASON_UNDEFINED, NULL},
};

/* The other form: "[Status: Error, Address: <a@b>, ResponseCode 550, ...]". */
static int
zoho_status_lines(const struct mail_view *v, struct parse_result *res)
{
	const char *pos = v->body, *line, *lt;
	char addr[BOUNCE_ADDR_MAX];
	size_t ll;

	while (text_next_line(v->body, v->body_len, &pos, &line, &ll)) {
		struct bounce_record *r;

		if (!lhost_starts(lhost_ln(line, ll), "[Status: ") || !(lt = memchr(line, '<', ll)) ||
		    !text_extract_address(lt, ll - (size_t)(lt - line), addr, sizeof(addr)))
			continue;
		if (!(r = lhost_record_for(res, addr)))
			return (res->n_records >= BOUNCE_MAX_RECIPIENTS) ? 0 : -1;
		if (!r->diagnosticcode[0])
			lhost_diag_add(r, line, ll);
	}
	return 0;
}

enum lhost_verdict
lhost_zoho_decode(const struct mail_view *v, struct parse_result *res)
{
	static const struct lhost_scan sc = {zoho_start, zoho_end, true, true};
	size_t first = res->n_records;

	if (!hdr_get(&v->head, "x-zohomail"))
		return LHOST_PASS;
	if (lhost_scan_text(v->body, v->body_len, &sc, res) < 0 || zoho_status_lines(v, res) < 0)
		return LHOST_NOMEM;
	for (size_t i = first; i < res->n_records; i++) {
		struct bounce_record *r = &res->records[i];
		const char *code = text_strstr(r->diagnosticcode, "ERROR_CODE :");

		/* "ERROR_CODE :550, ERROR_CODE :5.1.1": the reply code first */
		if (code && code[12] >= '2' && code[12] <= '5' && isdigit((unsigned char)code[13]) &&
		    isdigit((unsigned char)code[14]) && !isdigit((unsigned char)code[15])) {
			memcpy(r->replycode, code + 12, 3);
			r->replycode[3] = '\0';
		}
		(void)lhost_reason_by_text(r, zoho_reasons, "zoho");
		lhost_fill_codes(r);
	}
	return res->n_records > first ? LHOST_MATCH : LHOST_PASS;
}
