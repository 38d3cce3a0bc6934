/* rhost.c: dispatch to the rules of a known remote host (rhost-*.c), and
 * the table lookups they share. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/rhost.h"
#include "parse/text.h"
#include "util/str.h"

static const struct rhost_family *const rhost_families[] = {
	&rhost_google, &rhost_microsoft, &rhost_cox,   &rhost_godaddy, &rhost_franceptt, &rhost_mimecast,
	&rhost_docomo, &rhost_kddi,      &rhost_iua,   &rhost_spectrum, &rhost_tencent,
	&rhost_yahoo,
};

/* host (h bytes, any case) is the suffix, or ends in it after a dot
 * ("mx.cox.net" ~ "cox.net"). */
static bool host_is(const char *host, size_t h, const struct rhost_suffix *suf)
{
	const char *t;

	if (h < suf->n)
		return false;
	t = host + h - suf->n;
	/* the last four bytes first, in one compare: most hosts end unlike
	 * most suffixes. | 0x20 lower-cases a letter and keeps the bytes of
	 * suffixes (letters, digits, '.', '-'), so a host that ends in the
	 * suffix passes; the loop below decides. */
	if (suf->n >= 4) {
		uint32_t a, b;

		memcpy(&a, host + h - 4, 4);
		memcpy(&b, suf->s + suf->n - 4, 4);
		if ((a | UINT32_C(0x20202020)) != b)
			return false;
	} else if (suf->n && str_lower_c(host[h - 1]) != suf->s[suf->n - 1]) {
		return false;
	}
	for (size_t i = 0; i < suf->n; i++)
		if (str_lower_c(t[i]) != suf->s[i])
			return false;
	return h == suf->n || suf->s[0] == '.' || t[-1] == '.';
}

/* The last four bytes of the families' host suffixes, all of them
 * (test-parse-reason checks it): a host that ends otherwise is no family's,
 * which these 24 bytes tell at once, instead of a walk through each
 * family's suffixes (natively most of rhost_classify: loads of the family,
 * its suffixes and their bytes, missing the cache). */
static const char rhost_tails[][4] = {".com", ".net", "e.jp", "e.fr", "o.fr", "l.ua"};

bool rhost_tail_may(const char *host, size_t h)
{
	uint32_t a;

	if (h < 4) /* every suffix has four bytes or more (checked too) */
		return false;
	memcpy(&a, host + h - 4, 4);
	a |= UINT32_C(0x20202020); /* as host_is() compares */
	for (size_t i = 0; i < RHOST_N(rhost_tails); i++) {
		uint32_t t;

		memcpy(&t, rhost_tails[i], 4);
		if (a == t)
			return true;
	}
	return false;
}

enum reason rhost_classify(const struct reason_input *in, const char *low, char *rule,
			   size_t rulesz)
{
	size_t hl;

	if (!in->rhost || !in->rhost[0])
		return REASON_UNDEFINED;
	hl = strnlen(in->rhost, BOUNCE_LINE_MAX - 1); /* once, not once per suffix */
	if (!rhost_tail_may(in->rhost, hl))
		return REASON_UNDEFINED;
	for (size_t i = 0; i < RHOST_N(rhost_families); i++) {
		const struct rhost_family *f = rhost_families[i];
		bool mine = false;
		for (const struct rhost_suffix *s = f->hosts; s->s && !mine; s++)
			mine = host_is(in->rhost, hl, s);
		if (!mine)
			continue;
		char entry[48] = "";
		enum reason r = f->get(in, low, entry, sizeof(entry));
		if (r != REASON_UNDEFINED && rule && rulesz)
			(void)text_join(rule, rulesz, "rhost", f->name, entry);
		return r;
	}
	return REASON_UNDEFINED;
}

static bool status_fits(const struct rhost_row *row, const char *status)
{
	if (!row->status || !row->status[0])
		return true;
	if (row->lo >= row->hi)
		return strcmp(status, row->status) == 0;
	size_t n = strlen(row->status);
	if (strncmp(status, row->status, n) != 0)
		return false;
	const char *last = strrchr(status, '.');
	long v = last ? strtol(last + 1, NULL, 10) : -1;
	return v >= row->lo && v <= row->hi;
}

enum reason rhost_rows_find(const struct rhost_row *rows, size_t n, const struct reason_input *in,
			    const char *low, char *entry, size_t entrysz)
{
	const char *status = in->status ? in->status : "";
	long reply = in->replycode ? strtol(in->replycode, NULL, 10) : 0;

	for (size_t i = 0; i < n; i++) {
		if (rows[i].reply && rows[i].reply != reply)
			continue;
		if (!status_fits(&rows[i], status) || !text_strstr(low, rows[i].text))
			continue;
		str_copy(entry, entrysz, rows[i].text);
		return rows[i].reason;
	}
	return REASON_UNDEFINED;
}

enum reason rhost_codes_find(const struct rhost_code *codes, size_t n, const char *code,
			     char *entry, size_t entrysz)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(codes[i].code, code) == 0) {
			str_copy(entry, entrysz, code);
			return codes[i].reason;
		}
	}
	return REASON_UNDEFINED;
}

bool rhost_code_after(const char *low, const char *marker, char *out, size_t outsz)
{
	const char *p = text_strstr(low, marker);
	size_t n = 0;

	if (!p || outsz == 0)
		return false;
	p += strlen(marker);
	while (n + 1 < outsz && ((p[n] >= '0' && p[n] <= '9') || (p[n] >= 'a' && p[n] <= 'z') ||
				 p[n] == '_' || p[n] == '-'))
		n++;
	memcpy(out, p, n);
	out[n] = '\0';
	return n > 0;
}
