/* lhost-ds.c: the RFC 3464 field reader shared by the decoders (see
 * lhost-util.h): per-message and per-recipient fields, wherever a decoder
 * finds them (the delivery-status part, or pasted into the text). */
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "parse/lhost-util.h"
#include "parse/text.h"
#include "util/str.h"

/* Lower-case, each with its colon and their lengths, one row for each
 * slot of field_slot[] that a name's first and third letters pick: every
 * line of a delivery-status part is compared with at most one name, not
 * with the one to three of its first letter in turn (a loop whose exit,
 * which differs from line to line, a cold predictor missed). Row 0, with
 * no id, is the empty slots'. With each name, where field_match() reads
 * its three words (o1, o2) and which of its bytes count (keep): constants
 * here, so that no test on the length is left there to mispredict. */
#define FIELD_NAME_MAX 24
/* (the casts: clang's -Wconstant-conversion weighs the arm not taken too) */
#define FIELD_ROW(name, n, id)                                                                \
	{name, n, (n) >= 8 ? (unsigned char)((n) - 8) : 0, (n) > 16 ? 8 : 0,                  \
	 (n) < 8 ? (unsigned char)(8 - (n)) : 0, id}
#define FIELD(name, id) FIELD_ROW(name, sizeof(name) - 1, id)
static const struct field_name {
	char name[FIELD_NAME_MAX];
	unsigned char len, o1, o2, keep;
	enum lhost_fid id;
} field_names[] = {
	FIELD_ROW("", 0, LHOST_F_NONE),
	FIELD("action:", LHOST_F_ACTION),
	FIELD("arrival-date:", LHOST_F_ARRIVAL_DATE),
	FIELD("diagnostic-code:", LHOST_F_DIAGNOSTIC_CODE),
	FIELD("final-recipient:", LHOST_F_FINAL_RECIPIENT),
	FIELD("last-attempt-date:", LHOST_F_LAST_ATTEMPT_DATE),
	FIELD("original-recipient:", LHOST_F_ORIGINAL_RECIPIENT),
	FIELD("received-from-mta:", LHOST_F_RECEIVED_FROM_MTA),
	FIELD("remote-mta:", LHOST_F_REMOTE_MTA),
	FIELD("reporting-mta:", LHOST_F_REPORTING_MTA),
	FIELD("status:", LHOST_F_STATUS),
	FIELD("x-actual-recipient:", LHOST_F_X_ACTUAL_RECIPIENT),
};
#undef FIELD
#undef FIELD_ROW
#define FIELD_SHORTEST 7 /* "action:", "status:" */

/* The slot of a line by its first and third bytes (| 0x20: a letter's two
 * cases alike); the eleven names' slots differ (-Woverride-init, on in
 * -Wextra, refuses a table where two would share one). */
#define FIELD_SLOT(c0, c2) (((unsigned)(c0) + ((unsigned)(c2) << 3)) & 31)
static const unsigned char field_slot[32] = {
	[FIELD_SLOT('a', 't')] = 1,  [FIELD_SLOT('a', 'r')] = 2, [FIELD_SLOT('d', 'a')] = 3,
	[FIELD_SLOT('f', 'n')] = 4,  [FIELD_SLOT('l', 's')] = 5, [FIELD_SLOT('o', 'i')] = 6,
	[FIELD_SLOT('r', 'c')] = 7,  [FIELD_SLOT('r', 'm')] = 8, [FIELD_SLOT('r', 'p')] = 9,
	[FIELD_SLOT('s', 'a')] = 10, [FIELD_SLOT('x', 'a')] = 11,
};

/* a word of the line (c | m) equals the name's word w: m has 0x20 where w
 * has a letter (bit 6: 'a'..'z' have it, '-', ':' and padding do not),
 * and c | 0x20 is a lower-case letter only for that letter in either
 * case, as strncasecmp() answers; other bytes must be equal */
static inline uint64_t field_diff(const char *s, const char *name)
{
	uint64_t c, w;

	memcpy(&c, s, 8);
	memcpy(&w, name, 8);
	return (c | ((w >> 1) & 0x2020202020202020u)) ^ w;
}

/* The row whose name (colon included) starts s[0..n), or NULL: n >= 8.
 * Three words, none beyond s[n), the last two overlapping the first
 * (or each other) for names shorter than 24 bytes, and no branch until
 * the answer: the words of a name longer than the line are read where
 * the line has bytes, and the length test refuses it. The first seven
 * bytes only of a seven-byte name count (keep_bytes: endian-free). */
static inline __attribute__((always_inline)) const struct field_name *field_match(const char *s, size_t n)
{
	static const unsigned char keep_bytes[16] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0,
	};
	const struct field_name *e =
		&field_names[field_slot[FIELD_SLOT((unsigned char)s[0] | 0x20, (unsigned char)s[2] | 0x20)]];
	size_t last = n - 8, o1 = e->o1 < last ? e->o1 : last, o2 = e->o2 < last ? e->o2 : last;
	uint64_t keep, d;
	unsigned ok;

	memcpy(&keep, keep_bytes + e->keep, 8);
	d = field_diff(s, e->name) | field_diff(s + o1, e->name + o1) | field_diff(s + o2, e->name + o2);
	ok = (unsigned)((d & keep) == 0) & (unsigned)(n >= e->len) & (unsigned)(e->id != LHOST_F_NONE);
	return ok ? e : NULL;
}

/* field_type_len() past the first eight bytes, which had neither ';' nor
 * ' ' (rare: a value with no type that is long, "a@b.example") */
static __attribute__((noinline)) long field_type_rest(struct lhost_line rest, size_t n)
{
	for (size_t j = 8; j < n; j++) {
		if (rest.s[j] == ';')
			return (long)j;
		if (rest.s[j] == ' ')
			return -1;
	}
	return -1;
}

/* The type of a field's value, "rfc822;" "smtp;" "X-mPOP-Fallback_MX;":
 * a short word (the ';' among the first 33 bytes) with no blank before its
 * ';'. The length of the word, or -1 when there is none. rest lies in l,
 * FIELD_SHORTEST bytes or more after its start. Its first eight bytes at
 * once (or the eight of l that end with its fewer), the first ';' or ' '
 * the lowest zero of the word xor either (the lowest flag of each is
 * exact), with no branch for a value decided there (nearly all are), where
 * a byte loop's exit, at a length that differs from value to value, was
 * missed by a cold predictor. */
static inline long field_type_len(struct lhost_line rest)
{
	size_t n = rest.n < 33 ? rest.n : 33;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
	size_t k = n < 8 ? n : 8;
	uint64_t w, a, b, semi, first;

	_Static_assert(FIELD_SHORTEST >= 7, "the eight bytes end in rest and start in l");
	if (n == 0)
		return -1;
	memcpy(&w, rest.s + k - 8, 8);
	w >>= 8 * (8 - k); /* the bytes before rest.s out; zeros in, neither byte */
	a = w ^ (ones * ';');
	b = w ^ (ones * ' ');
	semi = (a - ones) & ~a & high;
	first = semi | ((b - ones) & ~b & high);
	if (first == 0 && n > 8)
		return field_type_rest(rest, n);
	first &= 0 - first;
	return (semi & first) ? (long)(__builtin_ctzll(first | (uint64_t)1 << 63) / 8) : -1;
#else
	for (size_t j = 0; j < n; j++) {
		if (rest.s[j] == ';')
			return (long)j;
		if (rest.s[j] == ' ')
			return -1;
	}
	return -1;
#endif
}

/* A line shorter than eight bytes: only "Action:" and "Status:", with no
 * value, are fields; matched from a copy padded to eight (rare: out of
 * the hot path) */
static __attribute__((cold, noinline)) const struct field_name *field_match_short(struct lhost_line l)
{
	char b[8] = {0};
	const struct field_name *e;

	if (l.n < FIELD_SHORTEST)
		return NULL;
	memcpy(b, l.s, FIELD_SHORTEST);
	e = field_match(b, sizeof(b));
	return e && e->len <= l.n ? e : NULL;
}

/* l without the blanks at its start, or (_back) the blanks and CR at its
 * end: lhost_trim()'s two halves, for a line whose other end is known */
static inline struct lhost_line ds_trim_front(struct lhost_line l)
{
	while (l.n && lhost_low_in(l.s[0], LHOST_BLANKS)) {
		l.s++;
		l.n--;
	}
	return l;
}

static inline struct lhost_line ds_trim_back(struct lhost_line l)
{
	while (l.n && lhost_low_in(l.s[l.n - 1], LHOST_BLANKS_CR))
		l.n--;
	return l;
}

/* lhost_field_parse(), inlined into lhost_ds_line(), its caller for
 * every line of a report (a call, a frame and a memset() of f there cost
 * a fifth of the reading of a field). f is written whole only when it is
 * a field: its id alone otherwise. */
static inline __attribute__((always_inline)) bool field_parse(struct lhost_line l, struct lhost_field *f)
{
	const struct field_name *e = l.n >= 8 ? field_match(l.s, l.n) : field_match_short(l);
	struct lhost_line rest;
	long tl;
	bool typed;

	if (!e) {
		f->id = LHOST_F_NONE;
		return false;
	}
	/* l ends in no blank (the caller trimmed it there): nor does rest,
	 * nor the value, unless empty, and only their starts are trimmed */
	rest = ds_trim_front(lhost_skip(l, e->len));
	f->id = e->id;
	tl = field_type_len(rest);
	/* no type: the value is rest (skipping none of it, trimmed already) */
	typed = tl >= 0;
	f->type.s = typed ? rest.s : NULL;
	f->type.n = typed ? (size_t)tl : 0;
	f->value = ds_trim_front(lhost_skip(rest, (size_t)(tl + 1)));
	return true;
}

bool lhost_field_parse(struct lhost_line l, struct lhost_field *f)
{
	memset(f, 0, sizeof(*f));
	/* the blanks and CR at the end of a field's line are no part of its
	 * name (which ends in ':') nor of its trimmed value */
	return field_parse(ds_trim_back(l), f);
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
	ds->arrival_text = lhost_ln(NULL, 0);
	ds->last.n = 0;
	ds->diag = NULL;
	ds->diag_n = 0;
	ds->diag_set = 0;
}

void lhost_ds_defer_diag(struct lhost_ds *ds, struct lhost_ds_diag *slots, size_t n)
{
	ds->diag = slots;
	ds->diag_n = n < 64 ? n : 64;
	ds->diag_set = 0;
}

/* The slot of record i's unread Diagnostic-Code, or NULL */
static struct lhost_ds_diag *ds_diag_slot(const struct lhost_ds *ds, size_t i)
{
	size_t k = i - ds->first;

	return i >= ds->first && k < ds->diag_n && (ds->diag_set >> k & 1) ? &ds->diag[k] : NULL;
}

void lhost_ds_diag_drop(struct lhost_ds *ds, size_t i)
{
	if (ds_diag_slot(ds, i))
		ds->diag_set &= ~((uint64_t)1 << (i - ds->first));
}

void lhost_ds_diag_read(struct lhost_ds *ds, size_t i)
{
	const struct lhost_ds_diag *d = ds_diag_slot(ds, i);
	struct bounce_record *r;
	struct lhost_cur c;
	struct lhost_line l;

	if (!d)
		return;
	lhost_ds_diag_drop(ds, i);
	/* as ds_line() read them: the value, then each continuation line
	 * without the blanks and CR at its end (the last one ends at end,
	 * where they were cut already) */
	r = &ds->res->records[i];
	LHOST_SET(r, diagnosticcode, d->value);
	if (!d->more)
		return;
	lhost_cur_text(&c, d->more, (size_t)(d->end - d->more));
	while (lhost_cur_next(&c, &l))
		LHOST_APPEND(r, diagnosticcode, ds_trim_back(l));
}

/* Would text_copy_trim() of v give a string that is not empty nor all
 * digits? Yes when a printable byte other than a digit comes in it after
 * digits and blanks alone (v starts with no blank): that byte is in the
 * string, before any NUL. "550 5.1.1 ..." answers at its fourth byte. */
static bool ds_not_digits(struct lhost_line v)
{
	for (size_t k = 0; k < v.n; k++) {
		unsigned char c = (unsigned char)v.s[k];

		if ((c >= '0' && c <= '9') || c == ' ' || c == '\t')
			continue;
		return c > ' ' && c < 0x7F;
	}
	return false;
}

bool lhost_ds_diag_lazy(struct lhost_ds *ds, size_t i, size_t *bound)
{
	const struct lhost_ds_diag *d = ds_diag_slot(ds, i);

	if (!d)
		return false;
	/* its reading joins the value and the lines after it, each trimmed,
	 * by one space: no more bytes than lie from the value's start to the
	 * end, and a cut only when they do not fit */
	*bound = (size_t)(d->end - d->value.s);
	if (*bound + 2 < sizeof(ds->res->records[i].diagnosticcode) && ds_not_digits(d->value))
		return true;
	lhost_ds_diag_read(ds, i);
	return false;
}

/* Leave the Diagnostic-Code value v of the current record unread, when
 * the decoder asked so and it has a slot; false: read it now */
static inline bool ds_diag_defer(struct lhost_ds *ds, struct lhost_line v)
{
	size_t k = (size_t)ds->cur - ds->first;
	struct lhost_ds_diag *d;

	if (k >= ds->diag_n)
		return false;
	/* a second one in the block replaces the first, as LHOST_SET() does,
	 * but the first's cut (BOUNCE_F_TRUNCATED) stays: it is read first */
	if (ds->diag_set >> k & 1)
		lhost_ds_diag_read(ds, (size_t)ds->cur);
	d = &ds->diag[k];
	d->value = v;
	d->more = NULL;
	d->end = v.s + v.n;
	ds->diag_set |= (uint64_t)1 << k;
	return true;
}

/* A continuation line l of the current record's unread Diagnostic-Code:
 * its end is where the text now ends; false when it was read */
static inline bool ds_diag_more(struct lhost_ds *ds, struct lhost_line l)
{
	size_t k = (size_t)ds->cur - ds->first;
	struct lhost_ds_diag *d;

	if (k >= ds->diag_n || !(ds->diag_set >> k & 1))
		return false;
	d = &ds->diag[k];
	if (!d->more)
		d->more = l.s;
	d->end = l.s + l.n;
	return true;
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

time_t lhost_ds_arrival(struct lhost_ds *ds)
{
	if (ds->arrival_text.s) {
		ds_date(&ds->arrival, ds->arrival_text);
		ds->arrival_text = lhost_ln(NULL, 0);
	}
	return ds->arrival;
}

/* An Arrival-Date's value, left unread: the first that is a date counts,
 * as ds_date() takes it, so one left before is read when another comes
 * (rare: one a report) */
static void ds_arrival(struct lhost_ds *ds, struct lhost_line value)
{
	if (ds->arrival || lhost_ds_arrival(ds))
		return;
	ds->arrival_text = value;
}

size_t lhost_ds_finish(struct parse_result *res, size_t first, struct lhost_ds *from)
{
	time_t date = from->arrival;

	/* (lhost_finish() gives the date to the records with none) */
	for (size_t i = first; from->arrival_text.s && i < res->n_records; i++)
		if (!res->records[i].timestamp) {
			date = lhost_ds_arrival(from);
			break;
		}
	return lhost_finish(res, first, from->lhost, date);
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define DS_ONES UINT64_C(0x0101010101010101)
#define DS_HIGH UINT64_C(0x8080808080808080)
/* Has the word a byte up to ' ' (unsigned: 8-bit bytes have not)? Exact
 * as a yes or no (the zero-byte test, for bytes below 0x21). */
static inline bool ds_word_low(uint64_t x)
{
	return ((x - DS_ONES * 0x21) & ~x & DS_HIGH) != 0;
}

/* The word with its 'A'..'Z' lower-cased, as str_lower_c() does each */
static inline uint64_t ds_word_lower(uint64_t x)
{
	uint64_t h = x & ~DS_HIGH;
	uint64_t upper = (h + DS_ONES * (0x80 - 'A')) & ~(h + DS_ONES * (0x7F - 'Z')) & ~x & DS_HIGH;

	return x | upper >> 2;
}

/* ds_set_word() of a value of one to 64 bytes, eight at a time: true
 * when done (no blank or control byte in it, and room for it); false
 * leaves field for lhost_set() to write again. v is a field's value,
 * which ends its line, or its type (Diagnostic-Code's "smtp", which ends
 * at the ';'): either starts seven bytes or more after the line's start
 * (a name and its colon), so the eight bytes that end where v ends are
 * in the line. */
static inline bool ds_word_fast(char *field, size_t size, struct lhost_line v, bool lower)
{
	uint64_t w;

	if (v.n == 0 || v.n > 64 || v.n >= size || size < 9)
		return false;
	if (v.n <= 8) {
		memcpy(&w, v.s + v.n - 8, 8);
		w >>= 8 * (8 - v.n); /* v's bytes, zeros above them */
		/* the zeros as 0xFF (no low byte) for the test */
		if (ds_word_low(w | (v.n == 8 ? 0 : ~UINT64_C(0) << 8 * v.n)))
			return false;
		w = lower ? ds_word_lower(w) : w;
		memcpy(field, &w, 8); /* the value, its NUL and zeros: size > 8 */
		field[v.n] = '\0';
		return true;
	}
	/* the words at 0, 8, ... and the last eight bytes (overlapping) */
	for (size_t k = 0;; k += 8) {
		size_t at = k + 8 < v.n ? k : v.n - 8;

		memcpy(&w, v.s + at, 8);
		if (ds_word_low(w))
			return false;
		w = lower ? ds_word_lower(w) : w;
		memcpy(field + at, &w, 8);
		if (at == v.n - 8)
			break;
	}
	field[v.n] = '\0';
	return true;
}
#else
static inline bool ds_word_fast(char *field, size_t size, struct lhost_line v, bool lower)
{
	(void)field, (void)size, (void)v, (void)lower;
	return false;
}
#endif

/* ds_set_word() of a value ds_word_fast() did not take (longer, or with
 * a blank in it) */
static __attribute__((noinline)) void ds_set_other(struct bounce_record *r, char *field, size_t size,
						   struct lhost_line v, bool lower)
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

/* A short value with no blank or control byte in it ("failed", "smtp",
 * "mx.example.com": most of them) into field as it is, lower-cased for
 * lower; what LHOST_SET() (and str_lower()) would leave there, as
 * text_copy_trim() only changes blanks, without its run scans. Others
 * go through lhost_set(). Inline in ds_line(): a call for each of a
 * report's short values cost as much as their copy. */
static inline __attribute__((always_inline)) void ds_set_word(struct bounce_record *r, char *field, size_t size,
							      struct lhost_line v, bool lower)
{
	if (!ds_word_fast(field, size, v, lower))
		ds_set_other(r, field, size, v, lower);
}

/* The fields are recognised, and their type split off, by the RFC 3464
 * reader (field_parse(), inlined here as in lhost_ds_line()): only a
 * short leading word before ';' is a type, so "550 5.1.1 <a@b>; unknown"
 * keeps its reply. */
bool lhost_dsn_field(const char *line, size_t n, char *addr, size_t addrsz, struct bounce_record *r,
		     bool *is_rcpt_r)
{
	struct lhost_field f;
	const char *colon;

	*is_rcpt_r = false;
	line = lhost_ltrim(line, n, &n);
	if (!field_parse(ds_trim_back(lhost_ln(line, n)), &f))
		return false;
	switch (f.id) {
	case LHOST_F_FINAL_RECIPIENT:
		colon = memchr(line, ':', n); /* right after the name */
		*is_rcpt_r = text_extract_address(colon + 1, (size_t)(line + n - colon - 1), addr, addrsz);
		break;
	case LHOST_F_ORIGINAL_RECIPIENT:
		/* a field all the same, but never a recipient: its address
		 * would not be read (addr is only read when *is_rcpt_r) */
		break;
	case LHOST_F_STATUS: {
		/* from the field's type or value on (no status is in its name
		 * and the blanks before them, nor do they make one count more
		 * or less): a lone "5.1.1" then takes the search's short way */
		const char *from = f.type.s ? f.type.s : f.value.s;

		(void)text_find_status(from, (size_t)(line + n - from), r->deliverystatus, sizeof(r->deliverystatus));
		break;
	}
	case LHOST_F_DIAGNOSTIC_CODE:
		r->diagnosticcode[0] = '\0';
		lhost_diag_add(r, f.value.s, f.value.n);
		break;
	case LHOST_F_ACTION:
		ds_set_word(r, r->action, sizeof(r->action), f.value, true);
		break;
	case LHOST_F_REMOTE_MTA:
		ds_set_word(r, r->rhost, sizeof(r->rhost), f.value, false);
		break;
	case LHOST_F_REPORTING_MTA:
		ds_set_word(r, r->lhost, sizeof(r->lhost), f.value, false);
		break;
	default:
		return false;
	}
	return true;
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
		if (!alias)
			lhost_rcpt_touched(r);
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

/* lhost_ds_line(), inlined into lhost_ds_text()'s loop over a report's
 * lines: no call, frame and return per line */
static inline __attribute__((always_inline)) int ds_line(struct lhost_ds *ds, struct lhost_line l)
{
	struct lhost_field f;
	struct bounce_record *r;

	/* l is blank when blanks and CR are all it has; without them at its
	 * end from here on (the reads below trim them, or stop before) */
	l = ds_trim_back(l);
	if (l.n == 0) {
		ds->block_open = false;
		ds->in_diag = false;
		return 0;
	}
	if ((l.s[0] == ' ' || l.s[0] == '\t') && ds->in_diag && ds->cur >= 0) {
		if (!ds_diag_more(ds, l)) {
			r = &ds->res->records[ds->cur];
			LHOST_APPEND(r, diagnosticcode, l);
		}
		return 1;
	}
	ds->in_diag = false;
	if (!field_parse(l, &f))
		return 0;
	switch (f.id) {
	case LHOST_F_REPORTING_MTA:
		/* a name with no blank in it as it stands (ds_set_word()) */
		if (!ds->lhost[0] && !ds_word_fast(ds->lhost, sizeof(ds->lhost), f.value, false))
			(void)text_copy_trim(ds->lhost, sizeof(ds->lhost), f.value.s, f.value.n);
		return 1;
	case LHOST_F_ARRIVAL_DATE:
		ds_arrival(ds, f.value);
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
		if (!ds_diag_defer(ds, f.value))
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

int lhost_ds_line(struct lhost_ds *ds, struct lhost_line l)
{
	return ds_line(ds, l);
}

/* lhost_ds_text() of a text shorter than 64 bytes (rare), or of any
 * where SSE2 is not there: line by line through lhost_ds_line() */
static __attribute__((noinline)) int ds_text_lines(struct lhost_ds *ds, const char *text, size_t len)
{
	struct lhost_cur c;
	struct lhost_line l;

	lhost_cur_text(&c, text, len);
	while (lhost_cur_next(&c, &l))
		if (lhost_ds_line(ds, l) < 0)
			return -1;
	ds->block_open = false;
	return 0;
}

#ifdef __SSE2__
/* The LFs of text[at..at + 64) as bits (bit k: byte at + k), none at or
 * past len (64 <= len, at < len): the last 64 bytes of the text read,
 * shifted, for a last block that is shorter */
static inline uint64_t ds_lf_bits(const char *text, size_t len, size_t at)
{
	const __m128i lf = _mm_set1_epi8('\n');
	unsigned shift = len - at < 64 ? (unsigned)(at - (len - 64)) : 0;
	const char *p = text + at - shift;
	uint64_t m;

	m = (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)p), lf)) |
	    (uint64_t)(unsigned)_mm_movemask_epi8(
		    _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + 16)), lf))
		    << 16 |
	    (uint64_t)(unsigned)_mm_movemask_epi8(
		    _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + 32)), lf))
		    << 32 |
	    (uint64_t)(unsigned)_mm_movemask_epi8(
		    _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + 48)), lf))
		    << 48;
	return m >> shift;
}

/* The lines as lhost_cur_next() cuts them, but for the CR before an LF,
 * which ds_line()'s first trim takes with the blanks: the LFs of 64
 * bytes found at once, each line's end then the lowest bit left (a
 * search of up to 64 bytes a line, and a call, cost a third of a field's
 * reading) */
int lhost_ds_text(struct lhost_ds *ds, const char *text, size_t len)
{
	size_t pos = 0, blk = 0;
	uint64_t m;

	if (!text || len < 64)
		return ds_text_lines(ds, text, len);
	m = ds_lf_bits(text, len, 0);
	while (pos < len) {
		size_t end = len;

		while (!m && blk + 64 < len) {
			blk += 64;
			m = ds_lf_bits(text, len, blk);
		}
		if (m) {
			end = blk + (size_t)__builtin_ctzll(m);
			m &= m - 1;
		}
		if (ds_line(ds, lhost_ln(text + pos, end - pos)) < 0)
			return -1;
		pos = end + 1;
	}
	ds->block_open = false;
	return 0;
}
#else
int lhost_ds_text(struct lhost_ds *ds, const char *text, size_t len)
{
	return ds_text_lines(ds, text, len);
}
#endif

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
