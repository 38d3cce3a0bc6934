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
static bool host_is(const char *host, size_t h, const struct text_lit *suf)
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

/* The families' suffixes, indexed once from their own tables: grouped by
 * their last four bytes, each with its last eight (fewer for a shorter
 * suffix: the rest masked out). A host is compared with the one group its
 * last four bytes pick (most hosts: none), and in it by eight bytes at a
 * time, before host_is() decides: a walk through all the families'
 * suffixes (~165 instructions a host, most of rhost_find) becomes a
 * few compares. | 0x20 on the host's bytes is as host_is() compares (the
 * suffixes' bytes keep it: test-parse-reason checks). Made once per
 * parser (parse_ctx_new(): no global state in parse/), read-only after;
 * without one (NULL) every suffix is walked, with the same answers. */
#define RHOST_REFS_MAX 48

struct rhost_ref {
	uint64_t tail, mask; /* the suffix's last eight bytes, where they are */
	const struct rhost_family *f;
	const struct text_lit *s;
};

struct rhost_group {
	uint32_t tail4;        /* the last four bytes of its suffixes */
	unsigned char lo, hi;  /* its rows of refs, in the families' order */
};

struct rhost_index {
	bool ok; /* false: a suffix shorter than four bytes, or too many: walk all */
	size_t ngroups;
	struct rhost_group groups[RHOST_REFS_MAX];
	struct rhost_ref refs[RHOST_REFS_MAX];
};

/* rhost_word8() of fewer than eight bytes, through an array: a call of
 * its own, so that rhost_find(), into which rhost_word8() is inlined, has
 * no array, and no stack protector's canary to set and check per record */
static __attribute__((noinline)) uint64_t rhost_word8_short(const char *s, size_t n)
{
	unsigned char b[8] = {0};
	uint64_t w;

	memcpy(b + 8 - n, s, n);
	memcpy(&w, b, 8);
	return w | UINT64_C(0x2020202020202020);
}

/* the last eight bytes of s (n of them), | 0x20, the first ones 0 when
 * n < 8: bytes 8 - n .. 7 of the word, little-endian or not */
static uint64_t rhost_word8(const char *s, size_t n)
{
	uint64_t w;

	if (n < 8)
		return rhost_word8_short(s, n);
	memcpy(&w, s + n - 8, 8);
	return w | UINT64_C(0x2020202020202020);
}

static uint32_t rhost_word4(const char *s, size_t n)
{
	uint32_t w;

	memcpy(&w, s + n - 4, 4);
	return w | UINT32_C(0x20202020);
}

static void rhost_index_build(struct rhost_index *x)
{
	struct rhost_ref all[RHOST_REFS_MAX];
	size_t n = 0, k = 0;

	for (size_t i = 0; i < RHOST_N(rhost_families); i++)
		for (const struct text_lit *s = rhost_families[i]->hosts; s->s; s++) {
			unsigned char m[8] = {0};
			size_t keep = s->n < 8 ? s->n : 8;

			if (s->n < 4 || n == RHOST_REFS_MAX)
				return; /* x->ok stays false */
			memset(m + 8 - keep, 0xFF, keep);
			memcpy(&all[n].mask, m, 8);
			all[n].tail = rhost_word8(s->s, s->n) & all[n].mask;
			all[n].f = rhost_families[i];
			all[n].s = s;
			n++;
		}
	/* the groups in the order their first suffix comes, each one's
	 * suffixes in the families' order */
	for (size_t i = 0; i < n; i++) {
		uint32_t t = rhost_word4(all[i].s->s, all[i].s->n);
		bool seen = false;

		for (size_t g = 0; g < x->ngroups; g++)
			seen |= x->groups[g].tail4 == t;
		if (seen)
			continue;
		x->groups[x->ngroups].tail4 = t;
		x->groups[x->ngroups].lo = (unsigned char)k;
		for (size_t j = i; j < n; j++)
			if (rhost_word4(all[j].s->s, all[j].s->n) == t)
				x->refs[k++] = all[j];
		x->groups[x->ngroups++].hi = (unsigned char)k;
	}
	x->ok = true;
}

struct rhost_index *rhost_index_new(void)
{
	struct rhost_index *x = calloc(1, sizeof(*x));

	if (x)
		rhost_index_build(x);
	return x;
}

void rhost_index_free(struct rhost_index *x)
{
	free(x);
}

/* The family of host (hl bytes), or NULL: the first, in rhost_families'
 * order, with a suffix the host ends in. */
static const struct rhost_family *rhost_family_of(const struct rhost_index *x, const char *host,
						  size_t hl)
{
	uint32_t a;
	uint64_t w;

	if (!x || !x->ok) {
		for (size_t i = 0; i < RHOST_N(rhost_families); i++)
			for (const struct text_lit *s = rhost_families[i]->hosts; s->s; s++)
				if (host_is(host, hl, s))
					return rhost_families[i];
		return NULL;
	}
	if (hl < 4) /* every suffix has four bytes or more */
		return NULL;
	a = rhost_word4(host, hl);
	for (size_t g = 0; g < x->ngroups; g++) {
		if (x->groups[g].tail4 != a)
			continue;
		/* the host ends in no other group's suffixes */
		w = rhost_word8(host, hl);
		for (size_t i = x->groups[g].lo; i < x->groups[g].hi; i++)
			if ((w & x->refs[i].mask) == x->refs[i].tail && host_is(host, hl, x->refs[i].s))
				return x->refs[i].f;
		return NULL;
	}
	return NULL;
}

bool rhost_tail_may(const struct rhost_index *x, const char *host, size_t h)
{
	if (!x || !x->ok)
		return true;
	if (h < 4)
		return false;
	for (size_t g = 0; g < x->ngroups; g++)
		if (x->groups[g].tail4 == rhost_word4(host, h))
			return true;
	return false;
}

const struct rhost_family *rhost_find(const struct reason_input *in)
{
	if (!in->rhost || !in->rhost[0])
		return NULL;
	/* its length once, not once per suffix */
	return rhost_family_of(in->rhosts, in->rhost, strnlen(in->rhost, BOUNCE_LINE_MAX - 1));
}

enum reason rhost_classify(const struct rhost_family *f, const struct reason_input *in, const char *low,
			   char *rule, size_t rulesz)
{
	char entry[48] = "";
	enum reason r;

	r = f->get(in, low, entry, sizeof(entry));
	if (r != REASON_UNDEFINED && rule && rulesz)
		(void)text_join(rule, rulesz, "rhost", f->name, entry);
	return r;
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
	size_t ll = strlen(low); /* once, not once per row */

	/* each row one vector search: a filter of the text's byte pairs made
	 * first cost more than the searches it spared (samples: ~50
	 * instructions a message more with it) */
	for (size_t i = 0; i < n; i++) {
		if (rows[i].reply && rows[i].reply != reply)
			continue;
		if (!status_fits(&rows[i], status))
			continue;
		if (!text_find_n(low, ll, rows[i].text, strlen(rows[i].text)))
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
