/* lhost-ds.c: the RFC 3464 field reader shared by the decoders (see
 * lhost-util.h): per-message and per-recipient fields, wherever a decoder
 * finds them (the delivery-status part, or pasted into the text). */
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "parse/lhost-util.h"
#include "parse/text.h"
#include "util/str.h"

/* lower-case, with their lengths, by first letter: every line of a
 * delivery-status part is tried, and its first letter picks the one to
 * three names it may be (field_letters) instead of all eleven */
#define FIELD(name, id) {name, sizeof(name) - 1, id}
#define FIELD_NAME_MAX 24
static const struct {
	char name[FIELD_NAME_MAX];
	size_t len;
	enum lhost_fid id;
} field_names[] = {
	FIELD("action", LHOST_F_ACTION),
	FIELD("arrival-date", LHOST_F_ARRIVAL_DATE),
	FIELD("diagnostic-code", LHOST_F_DIAGNOSTIC_CODE),
	FIELD("final-recipient", LHOST_F_FINAL_RECIPIENT),
	FIELD("last-attempt-date", LHOST_F_LAST_ATTEMPT_DATE),
	FIELD("original-recipient", LHOST_F_ORIGINAL_RECIPIENT),
	FIELD("received-from-mta", LHOST_F_RECEIVED_FROM_MTA),
	FIELD("remote-mta", LHOST_F_REMOTE_MTA),
	FIELD("reporting-mta", LHOST_F_REPORTING_MTA),
	FIELD("status", LHOST_F_STATUS),
	FIELD("x-actual-recipient", LHOST_F_X_ACTUAL_RECIPIENT),
};
#undef FIELD

/* the rows [lo, hi) of field_names starting with a letter, in either case
 * (hi 0: none); test-parse-mta finds every name through it */
static const struct {
	unsigned char lo, hi;
} field_letters[26] = {
	['a' - 'a'] = {0, 2}, ['d' - 'a'] = {2, 3}, ['f' - 'a'] = {3, 4}, ['l' - 'a'] = {4, 5},
	['o' - 'a'] = {5, 6}, ['r' - 'a'] = {6, 9}, ['s' - 'a'] = {9, 10}, ['x' - 'a'] = {10, 11},
};

/* s[0..k) is lname (lower-case letters and '-') in any ASCII case, as
 * strncasecmp() answers, without its call: eight bytes a step through
 * str_lower8() (the last eight overlapping the step before), or for a
 * name shorter than eight byte by byte (a letter's byte | 0x20 is
 * lname's only for that letter in either case). lname is read in whole
 * words of its row (FIELD_NAME_MAX bytes). */
static bool field_eq(const char *s, const char *lname, size_t k)
{
	uint64_t w;

	if (k < 8) {
		for (size_t j = 0; j < k; j++) {
			unsigned char c = (unsigned char)s[j];

			if ((lname[j] == '-' ? c : (c | 0x20)) != (unsigned char)lname[j])
				return false;
		}
		return true;
	}
	for (size_t j = 0; j + 8 < k; j += 8) {
		memcpy(&w, lname + j, 8);
		if (str_lower8(s + j) != w)
			return false;
	}
	memcpy(&w, lname + k - 8, 8);
	return str_lower8(s + k - 8) == w;
}

/* The type of a field's value, "rfc822;" "smtp;" "X-mPOP-Fallback_MX;":
 * a short word (the ';' among the first 33 bytes) with no blank before its
 * ';'. The length of the word, or -1 when there is none. Byte by byte up
 * to the ';' or a space, instead of a memchr() for each through the whole
 * value (a Diagnostic-Code may be long). */
static long field_type_len(struct lhost_line rest)
{
	size_t n = rest.n < 33 ? rest.n : 33, j = 0;

#ifdef __SSE2__
	/* sixteen bytes a step where the value has them: most values have
	 * their ';' or a space among the first few, and the byte loop took
	 * five instructions for each byte before it */
	for (; j + 16 <= n; j += 16) {
		__m128i b = _mm_loadu_si128((const __m128i *)(const void *)(rest.s + j));
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8(';')),
								      _mm_cmpeq_epi8(b, _mm_set1_epi8(' '))));

		if (m) {
			j += (size_t)__builtin_ctz(m);
			return rest.s[j] == ';' ? (long)j : -1;
		}
	}
#endif
	for (; j < n; j++) {
		if (rest.s[j] == ';')
			return (long)j;
		if (rest.s[j] == ' ')
			return -1;
	}
	return -1;
}

bool lhost_field_parse(struct lhost_line l, struct lhost_field *f)
{
	unsigned letter = l.n ? (unsigned)((unsigned char)l.s[0] | 0x20) - 'a' : 26;

	memset(f, 0, sizeof(*f));
	if (letter >= 26)
		return false;
	for (size_t i = field_letters[letter].lo; i < field_letters[letter].hi; i++) {
		size_t k = field_names[i].len;
		struct lhost_line rest;
		long tl;

		if (l.n <= k || l.s[k] != ':' || !field_eq(l.s, field_names[i].name, k))
			continue;
		rest = lhost_trim(lhost_skip(l, k + 1));
		f->id = field_names[i].id;
		tl = field_type_len(rest);
		if (tl >= 0) {
			f->type.s = rest.s;
			f->type.n = (size_t)tl;
			f->value = lhost_trim(lhost_skip(rest, f->type.n + 1));
		} else {
			f->value = rest;
		}
		return true;
	}
	return false;
}

void lhost_ds_init(struct lhost_ds *ds, struct parse_result *res)
{
	/* field by field: the buffers are read only up to what was put in
	 * them (lhost as a string, last up to its n), and are not cleared */
	ds->res = res;
	ds->first = res->n_records;
	ds->cur = -1;
	ds->block_open = false;
	ds->in_diag = false;
	ds->lhost[0] = '\0';
	ds->arrival = 0;
	ds->last.n = 0;
}

size_t lhost_ds_count(const struct lhost_ds *ds)
{
	return ds->res->n_records - ds->first;
}

struct bounce_record *lhost_ds_new(struct lhost_ds *ds)
{
	struct bounce_record *r = lhost_add(ds->res);

	if (!r)
		return NULL;
	ds->cur = (long)(ds->res->n_records - 1);
	ds->block_open = true;
	return r;
}

struct bounce_record *lhost_ds_cur(struct lhost_ds *ds)
{
	if (ds->cur < 0)
		return lhost_ds_new(ds);
	return &ds->res->records[ds->cur];
}

/* the first date of a kind counts: a later one is not read at all */
static void ds_date(time_t *t, struct lhost_line value)
{
	long long d;

	if (*t)
		return;
	d = text_parse_date(value.s, value.n);
	if (d > 0)
		*t = (time_t)d;
}

/* A short value with no blank or control byte in it ("failed", "smtp",
 * "mx.example.com": most of them) into field as it is, lower-cased for
 * lower; what LHOST_SET() (and str_lower()) would leave there, as
 * text_copy_trim() only changes blanks, without its run scans. Others
 * go through lhost_set(). */
static void ds_set_word(struct bounce_record *r, char *field, size_t size, struct lhost_line v, bool lower)
{
	if (v.n < size) {
		size_t k = 0;

		while (k < v.n && (unsigned char)v.s[k] > ' ')
			k++;
		if (k == v.n) {
			for (k = 0; k < v.n; k++)
				field[k] = lower ? str_lower_c(v.s[k]) : v.s[k];
			field[k] = '\0';
			return;
		}
	}
	lhost_set(r, field, size, v.s, v.n);
	if (lower)
		str_lower(field);
}

/* A recipient field into r's recipient (or alias): Original-Recipient
 * nearly always has the same value as the Final-Recipient next to it, and
 * the address found in it the first time is copied rather than looked
 * for again (the value and the address are kept: the decoder may change
 * the record, or the text, between the two lines). False when the value
 * has none. */
static bool ds_addr(struct lhost_ds *ds, struct bounce_record *r, bool alias, struct lhost_line v)
{
	_Static_assert(sizeof(r->alias) == sizeof(r->recipient), "the other field's address fits");
	char *out = alias ? r->alias : r->recipient;
	size_t k;
	bool found;

	if (ds->last.n && ds->last.n == v.n && ds->last.rec == ds->cur && ds->last.alias != alias &&
	    memcmp(ds->last.s, v.s, v.n) == 0) {
		if (ds->last.found)
			memcpy(out, ds->last.addr, strlen(ds->last.addr) + 1);
		else
			out[0] = '\0';
		return ds->last.found;
	}
	found = lhost_set_addr(r, alias, v.s, v.n);
	ds->last.n = 0;
	k = found ? strlen(out) : 0;
	if (v.n && v.n < sizeof(ds->last.s) && k < sizeof(ds->last.addr)) {
		memcpy(ds->last.s, v.s, v.n);
		memcpy(ds->last.addr, out, k + 1);
		ds->last.n = v.n;
		ds->last.rec = ds->cur;
		ds->last.alias = alias;
		ds->last.found = found;
	}
	return found;
}

/* A per-recipient field: the record of this block, a new one when the
 * block was closed or (for Final-Recipient) already has a recipient. */
static struct bounce_record *ds_rcpt_record(struct lhost_ds *ds, bool final)
{
	struct bounce_record *r = NULL;

	if (ds->cur >= 0 && ds->block_open) {
		r = &ds->res->records[ds->cur];
		if (final && r->recipient[0])
			r = NULL;
	}
	return r ? r : lhost_ds_new(ds);
}

int lhost_ds_line(struct lhost_ds *ds, struct lhost_line l)
{
	struct lhost_field f;
	struct bounce_record *r;

	if (l.n == 0 || lhost_trim(l).n == 0) {
		ds->block_open = false;
		ds->in_diag = false;
		return 0;
	}
	if ((l.s[0] == ' ' || l.s[0] == '\t') && ds->in_diag && ds->cur >= 0) {
		r = &ds->res->records[ds->cur];
		LHOST_APPEND(r, diagnosticcode, l);
		return 1;
	}
	ds->in_diag = false;
	if (!lhost_field_parse(l, &f))
		return 0;
	switch (f.id) {
	case LHOST_F_REPORTING_MTA:
		if (!ds->lhost[0])
			(void)text_copy_trim(ds->lhost, sizeof(ds->lhost), f.value.s, f.value.n);
		return 1;
	case LHOST_F_ARRIVAL_DATE:
		ds_date(&ds->arrival, f.value);
		return 1;
	case LHOST_F_RECEIVED_FROM_MTA:
		return 1;
	default:
		break;
	}
	r = ds_rcpt_record(ds, f.id == LHOST_F_FINAL_RECIPIENT);
	if (!r)
		return -1;
	switch (f.id) {
	case LHOST_F_FINAL_RECIPIENT:
		if (!ds_addr(ds, r, false, f.value))
			LHOST_SET(r, recipient, f.value);
		break;
	case LHOST_F_ORIGINAL_RECIPIENT:
	case LHOST_F_X_ACTUAL_RECIPIENT:
		(void)ds_addr(ds, r, true, f.value);
		break;
	case LHOST_F_ACTION:
		ds_set_word(r, r->action, sizeof(r->action), f.value, true);
		break;
	case LHOST_F_STATUS:
		(void)text_find_status(f.value.s, f.value.n, r->deliverystatus,
				       sizeof(r->deliverystatus));
		/* the comment says more than the code when the server sent no
		 * text of its own; reason_classify() reads it */
		text_status_comment(f.value.s, f.value.n, r->statuscomment, sizeof(r->statuscomment));
		break;
	case LHOST_F_REMOTE_MTA:
		ds_set_word(r, r->rhost, sizeof(r->rhost), f.value, false);
		break;
	case LHOST_F_DIAGNOSTIC_CODE:
		LHOST_SET(r, diagnosticcode, f.value);
		ds_set_word(r, r->diagnostictype, sizeof(r->diagnostictype), f.type, false);
		ds->in_diag = true;
		break;
	case LHOST_F_LAST_ATTEMPT_DATE:
		ds_date(&r->timestamp, f.value);
		break;
	default:
		break;
	}
	return 1;
}

int lhost_ds_text(struct lhost_ds *ds, const char *text, size_t len)
{
	struct lhost_cur c;
	struct lhost_line l;

	memset(&c, 0, sizeof(c));
	c.seg[0] = text;
	c.len[0] = text ? len : 0;
	while (lhost_cur_next(&c, &l))
		if (lhost_ds_line(ds, l) < 0)
			return -1;
	ds->block_open = false;
	return 0;
}

int lhost_ds_part(const struct mail_view *v, struct lhost_ds *dds, struct parse_result *dsn)
{
	/* field by field, not parse_result_init(): a memset of the whole
	 * result (its message's ~4 KB of strings, which no decoder reads from
	 * dsn) cost more than the part's scan of a short report */
	dsn->kind = MSG_NOT_BOUNCE;
	dsn->msg.addresser[0] = dsn->msg.messageid[0] = dsn->msg.subject[0] = '\0';
	dsn->msg.listid[0] = dsn->msg.bounce_messageid[0] = '\0';
	dsn->msg.date = 0;
	dsn->records = NULL;
	dsn->n_records = dsn->cap_records = 0;
	dsn->flags = 0;
	dsn->why[0] = '\0';
	lhost_ds_init(dds, dsn);
	if (v->dsn && lhost_ds_text(dds, v->dsn, v->dsn_len) < 0) {
		parse_result_clear(dsn);
		return -1;
	}
	return 0;
}
