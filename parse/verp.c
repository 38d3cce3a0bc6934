/* verp.c: Variable Envelope Return Paths. We send each message with a
 * return path that encodes the recipient ("bounce+jo=example.org@our.host");
 * the bounce comes back to that address, so its envelope headers name the
 * recipient even when the bounce itself names only a forwarding target. */
#include <string.h>
#include <strings.h>

#include "parse/ctx.h"
#include "parse/lhost.h"
#include "parse/text.h"
#include "util/str.h"

/* Envelope headers that carry the address the bounce was delivered to, best first. */
static const char *const verp_headers[] = {"x-original-to", "delivered-to", "envelope-to", "to"};

bool verp_decode(const char *pattern, const char *addr, char *out, size_t outsz)
{
	const char *pl = text_strstr(pattern, "{local}"), *pd = text_strstr(pattern, "{domain}");
	const char *sep, *first, *second, *mid_end;
	size_t pre, sepl, suf, n = strlen(addr), mid;
	char local[BOUNCE_ADDR_MAX], domain[BOUNCE_ADDR_MAX];

	if (!pl || !pd || !*addr)
		return false;
	first = pl < pd ? pl : pd;
	second = pl < pd ? pd : pl;
	sep = first + (first == pl ? 7 : 8);
	sepl = (size_t)(second - sep);
	pre = (size_t)(first - pattern);
	mid_end = second + (second == pl ? 7 : 8);
	suf = strlen(mid_end);
	if (sepl == 0 || n < pre + sepl + suf + 2 || strncasecmp(addr, pattern, pre) != 0 ||
	    strcasecmp(addr + n - suf, mid_end) != 0)
		return false;
	mid = n - pre - suf;
	{
		const char *m = addr + pre, *cut = NULL;

		/* the last separator: a local part may contain it, a domain may not */
		for (size_t i = 0; i + sepl <= mid; i++)
			if (strncmp(m + i, sep, sepl) == 0)
				cut = m + i;
		if (!cut || cut == m || cut + sepl >= m + mid)
			return false;
		if (str_copyn(first == pl ? local : domain, BOUNCE_ADDR_MAX, m, (size_t)(cut - m)) ||
		    str_copyn(first == pl ? domain : local, BOUNCE_ADDR_MAX, cut + sepl,
			      (size_t)(m + mid - cut - sepl)))
			return false;
	}
	if (str_printf(out, outsz, "%s@%s", local, domain))
		return false;
	return address_normalise(out);
}

bool verp_find(const char *pattern, const struct mail_view *v, char *out, size_t outsz)
{
	char a[BOUNCE_ADDR_MAX];

	if (!pattern || !*pattern)
		return false;
	for (size_t i = 0; i < sizeof(verp_headers) / sizeof(verp_headers[0]); i++)
		for (size_t k = 0; k < v->head.n; k++) {
			const struct mail_header *h = &v->head.h[k];
			const char *val;

			if (hdr_is(h, verp_headers[i]) && (val = hdr_value(&v->head, k)) &&
			    text_extract_address(val, strlen(val), a, sizeof(a)) &&
			    verp_decode(pattern, a, out, outsz))
				return true;
		}
	return false;
}

bool verp_apply(const char *addr, struct parse_result *res)
{
	struct bounce_record *r;

	if (res->n_records == 1) {
		r = &res->records[0];
		r->flags &= ~LHOST_F_RCPT_FIXED; /* the recipient may change below */
		if (strcasecmp(r->recipient, addr) != 0 && r->recipient[0] && address_is_valid(r->recipient)) {
			str_copy(r->alias, sizeof(r->alias), r->recipient);
			str_copy(r->recipient, sizeof(r->recipient), addr);
		} else if (!address_is_valid(r->recipient)) {
			str_copy(r->recipient, sizeof(r->recipient), addr);
		}
		return true;
	}
	if (res->n_records > 1)
		return true; /* several recipients: the bounce knows better than one VERP */
	r = lhost_add(res);
	if (!r)
		return res->n_records >= BOUNCE_MAX_RECIPIENTS;
	str_copy(r->recipient, sizeof(r->recipient), addr);
	str_copy(r->rule, sizeof(r->rule), "");
	return true;
}
