/* lhost-sesjson.c: Amazon SES notifications delivered as JSON mail (through
 * SNS), read with a tiny bounded JSON walker: only objects, arrays and
 * strings are looked into; a malformed document just yields nothing.
 *
 * The field names and the bounceType table follow Sisimai::Lhost::AmazonSES,
 * Copyright (C) 2014-2020 azumakuniyuki, All rights reserved; distributed
 * under the BSD 2-Clause License (see parse/THIRD-PARTY.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "parse/lhost-providers.h"
#include "parse/text.h"

#define SESJSON_MAX_DEPTH 32
#define SESJSON_MAX_BYTES (256u * 1024) /* one notification is a few KiB */

struct span {
	const char *p, *end;
};

static const char *
ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/* End of the string starting at p (on the opening quote), after the closing quote; NULL if unterminated. */
static const char *
str_end(const char *p, const char *end)
{
	for (p++; p < end; p++) {
#ifdef __SSE2__
		/* to the next '"' or '\\' sixteen bytes a step: a string value
		 * may be the whole message, headers and all */
		for (; end - p >= 16; p += 16) {
			__m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
			unsigned m = (unsigned)_mm_movemask_epi8(
				_mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('"')), _mm_cmpeq_epi8(x, _mm_set1_epi8('\\'))));

			if (m) {
				p += __builtin_ctz(m);
				break;
			}
		}
		if (p >= end)
			break;
#endif
		if (*p == '\\')
			p++;
		else if (*p == '"')
			return p + 1;
	}
	return NULL;
}

/* End of the value at p; NULL when malformed or nested too deep. */
static const char *
value_end(const char *p, const char *end)
{
	int depth = 0;

	p = ws(p, end);
	if (p >= end)
		return NULL;
	if (*p == '"')
		return str_end(p, end);
	if (*p != '{' && *p != '[') {
		const char *start = p;

		/* a scalar (number, true, null): at least one byte, or malformed,
		 * so that every caller's loop moves on */
		while (p < end && *p != '\0' && !strchr(",:}] \t\n\r", *p))
			p++;
		return p > start ? p : NULL;
	}
	for (; p < end; p++) {
		if (*p == '"') {
			p = str_end(p, end);
			if (!p)
				return NULL;
			p--;
		} else if (*p == '{' || *p == '[') {
			if (++depth > SESJSON_MAX_DEPTH)
				return NULL;
		} else if ((*p == '}' || *p == ']') && --depth == 0) {
			return p + 1;
		}
	}
	return NULL;
}

/* The value of key in the object o ({...}); false when absent. */
static bool
member(struct span o, const char *key, struct span *val)
{
	const char *p = ws(o.p, o.end), *k, *ke;
	size_t kl = strlen(key);

	if (p >= o.end || *p != '{')
		return false;
	p++;
	while ((p = ws(p, o.end)) < o.end && *p == '"') {
		k = p + 1;
		if (!(ke = str_end(p, o.end)))
			return false;
		p = ws(ke, o.end);
		if (p >= o.end || *p != ':')
			return false;
		p = ws(p + 1, o.end);
		val->p = p;
		if (!(val->end = value_end(p, o.end)))
			return false;
		if ((size_t)(ke - 1 - k) == kl && memcmp(k, key, kl) == 0)
			return true;
		p = ws(val->end, o.end);
		if (p < o.end && *p == ',')
			p++;
	}
	return false;
}

/* Unescape the string value s into out (\uXXXX kept only for ASCII). */
static void
unquote(struct span s, char *out, size_t outsz)
{
	const char *p = s.p;
	size_t o = 0;

	if (outsz == 0)
		return;
	if (p < s.end && *p == '"')
		p++;
	for (; p < s.end && *p != '"' && o + 1 < outsz; p++) {
		char c = *p;

		if (c == '\\' && p + 1 < s.end) {
			c = *++p;
			if (c == 'n' || c == 't' || c == 'r')
				c = ' ';
			else if (c == 'u' && p + 4 < s.end) {
				char hex[5] = {p[1], p[2], p[3], p[4], 0};
				long u = strtol(hex, NULL, 16);

				c = (u > 0 && u < 0x80) ? (char)u : '?';
				p += 4;
			}
		}
		out[o++] = c;
	}
	/* cut by outsz inside a UTF-8 sequence: drop its first bytes too, so
	 * that the field stays valid UTF-8 (bounce.h) */
	if (p < s.end && *p != '"' && ((unsigned char)*p & 0xC0) == 0x80) {
		size_t k = o;

		while (k > 0 && ((unsigned char)out[k - 1] & 0xC0) == 0x80)
			k--;
		if (k > 0 && (unsigned char)out[k - 1] >= 0xC0)
			o = k - 1;
	}
	out[o] = '\0';
}

static void
str_member(struct span o, const char *key, char *out, size_t outsz)
{
	struct span v;

	out[0] = '\0';
	if (member(o, key, &v) && v.p < v.end && *v.p == '"')
		unquote(v, out, outsz);
}

/* Calls fn for each element of the array a ([...]). */
static int
each(struct span a, int (*fn)(struct span e, void *arg), void *arg)
{
	const char *p = ws(a.p, a.end);
	struct span e;
	int rc;

	if (p >= a.end || *p != '[')
		return 0;
	p++;
	while ((p = ws(p, a.end)) < a.end && *p != ']') {
		e.p = p;
		if (!(e.end = value_end(p, a.end)))
			return 0;
		if ((rc = fn(e, arg)) < 0)
			return rc;
		p = ws(e.end, a.end);
		if (p < a.end && *p == ',')
			p++;
	}
	return 0;
}

struct ctx {
	struct parse_result *res;
	struct span o;        /* the bounce / complaint / delivery object */
	const char *type;     /* notificationType */
};

/* bounceType/bounceSubType pairs that name a reason by themselves. */
static const struct {
	const char *type, *subtype;
	enum reason reason;
} ses_subtypes[] = {
	{"Transient", "MailboxFull", REASON_MAILBOXFULL},
	{"Transient", "MessageTooLarge", REASON_MESGTOOBIG},
};

static struct bounce_record *
ses_record(struct ctx *c, const char *addr)
{
	char buf[BOUNCE_ADDR_MAX];

	if (!text_extract_address(addr, strlen(addr), buf, sizeof(buf)))
		return NULL;
	return lhost_record_for(c->res, buf);
}

static int
ses_bounced(struct span e, void *arg)
{
	struct ctx *c = arg;
	struct bounce_record *r;
	char addr[BOUNCE_ADDR_MAX], diag[BOUNCE_TEXT_MAX], type[32], sub[32];
	const char *d;

	str_member(e, "emailAddress", addr, sizeof(addr));
	if (!(r = ses_record(c, addr)))
		return (c->res->n_records >= BOUNCE_MAX_RECIPIENTS) || addr[0] == '\0' ? 0 : -1;
	str_member(e, "action", r->action, sizeof(r->action));
	str_member(e, "status", r->deliverystatus, sizeof(r->deliverystatus));
	str_member(e, "diagnosticCode", diag, sizeof(diag));
	d = strchr(diag, ';') ? strchr(diag, ';') + 1 : diag;
	lhost_diag_add(r, d, strlen(d));
	str_member(c->o, "reportingMTA", diag, sizeof(diag));
	d = strchr(diag, ';') ? strchr(diag, ';') + 1 : diag;
	lhost_set(r, r->lhost, sizeof(r->lhost), d, strlen(d));
	str_member(c->o, "bounceType", type, sizeof(type));
	str_member(c->o, "bounceSubType", sub, sizeof(sub));
	for (size_t i = 0; i < sizeof(ses_subtypes) / sizeof(ses_subtypes[0]); i++)
		if (strcmp(type, ses_subtypes[i].type) == 0 && strcmp(sub, ses_subtypes[i].subtype) == 0)
			lhost_set_reason(r, ses_subtypes[i].reason, "amazonses", sub);
	lhost_fill_codes(r);
	return 0;
}

static int
ses_complained(struct span e, void *arg)
{
	struct ctx *c = arg;
	struct bounce_record *r;
	char addr[BOUNCE_ADDR_MAX];

	str_member(e, "emailAddress", addr, sizeof(addr));
	if (!(r = ses_record(c, addr)))
		return (c->res->n_records >= BOUNCE_MAX_RECIPIENTS) || addr[0] == '\0' ? 0 : -1;
	str_member(c->o, "complaintFeedbackType", r->feedbacktype, sizeof(r->feedbacktype));
	lhost_set_reason(r, REASON_FEEDBACK, "amazonses", "Complaint");
	return 0;
}

static int
ses_delivered(struct span e, void *arg)
{
	struct ctx *c = arg;
	struct bounce_record *r;
	char addr[BOUNCE_ADDR_MAX], diag[BOUNCE_TEXT_MAX];

	unquote(e, addr, sizeof(addr));
	if (!(r = ses_record(c, addr)))
		return (c->res->n_records >= BOUNCE_MAX_RECIPIENTS) || addr[0] == '\0' ? 0 : -1;
	str_member(c->o, "smtpResponse", diag, sizeof(diag));
	lhost_diag_add(r, diag, strlen(diag));
	str_member(c->o, "reportingMTA", r->lhost, sizeof(r->lhost));
	(void)snprintf(r->action, sizeof(r->action), "delivered");
	lhost_set_reason(r, REASON_DELIVERED, "amazonses", "Delivery");
	lhost_fill_codes(r);
	return 0;
}

static const struct {
	const char *type, *object, *list;
	int (*fn)(struct span e, void *arg);
} ses_kinds[] = {
	{"Bounce", "bounce", "bouncedRecipients", ses_bounced},
	{"Complaint", "complaint", "complainedRecipients", ses_complained},
	{"Delivery", "delivery", "recipients", ses_delivered},
};

static int
ses_payload(struct span doc, struct parse_result *res)
{
	char type[32];
	struct ctx c = {res, {NULL, NULL}, type};
	struct span list;

	str_member(doc, "notificationType", type, sizeof(type));
	for (size_t i = 0; i < sizeof(ses_kinds) / sizeof(ses_kinds[0]); i++) {
		if (strcmp(type, ses_kinds[i].type) != 0)
			continue;
		if (!member(doc, ses_kinds[i].object, &c.o) || !member(c.o, ses_kinds[i].list, &list))
			return 0;
		return each(list, ses_kinds[i].fn, &c);
	}
	return 0;
}

/* SNS folds long lines by ending them with "!" and starting the next with
 * a space; undo that into buf and stop at the "--" signature line. */
static size_t
ses_unfold(const char *s, size_t n, char *buf, size_t bufsz)
{
	const char *pos = s, *line;
	size_t ll, o = 0;
	bool folded = false;

	while (text_next_line(s, n, &pos, &line, &ll)) {
		if (ll == 2 && memcmp(line, "--", 2) == 0)
			break;
		if (folded && ll > 0 && line[0] == ' ') {
			line++;
			ll--;
		}
		folded = ll > 0 && line[ll - 1] == '!';
		if (folded)
			ll--;
		if (o + ll >= bufsz)
			break;
		memcpy(buf + o, line, ll);
		o += ll;
	}
	buf[o] = '\0';
	return o;
}

int
lhost_sesjson(const char *s, size_t n, struct parse_result *res)
{
	size_t cap = n < SESJSON_MAX_BYTES ? n + 1 : SESJSON_MAX_BYTES;
	char *buf = malloc(cap), *inner = NULL;
	struct span doc, msg;
	int rc;

	if (!buf)
		return -1;
	doc.p = buf;
	doc.end = buf + ses_unfold(s, n, buf, cap);
	/* an SNS envelope carries the SES notification as a JSON string */
	if (member(doc, "Message", &msg) && msg.p < msg.end && *msg.p == '"') {
		size_t ml = (size_t)(msg.end - msg.p);

		if (!(inner = malloc(ml + 1))) {
			free(buf);
			return -1;
		}
		unquote(msg, inner, ml + 1);
		doc.p = inner;
		doc.end = inner + strlen(inner);
	}
	rc = ses_payload(doc, res);
	free(inner);
	free(buf);
	return rc;
}
