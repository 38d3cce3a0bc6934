/* lhost-util.h: private to the decoders (parse/lhost-*.c): the helpers they
 * share, with one prefix, lhost_.
 *
 *   lhost-util.c  lines, header lookups, record fields, finishing
 *   lhost-scan.c  readers of a whole text: DSN field blocks pasted in a
 *                 body, address-then-error text blocks, X-Failed-Recipients,
 *                 status / reply code / command / remote host from the text
 *   lhost-ds.c    the RFC 3464 field collector (struct lhost_ds)
 *
 * Lines are (pointer, length) pairs, never NUL-terminated. Every function
 * is pure and bounded; none allocates except lhost_add() (lhost.h).
 */
#ifndef BOUNCER_PARSE_LHOST_UTIL_H
#define BOUNCER_PARSE_LHOST_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "parse/bounce.h"
#include "parse/lhost.h"
#include "parse/text.h"
#include "parse/view.h"

/* A line as (pointer, length); never NUL-terminated. */
struct lhost_line {
	const char *s;
	size_t n;
};

/* ---- lines (lhost-util.c) --------------------------------------------- */

/* The line s[0..n). */
static inline struct lhost_line lhost_ln(const char *s, size_t n)
{
	return (struct lhost_line){s, n};
}

/* Line cursor over the bounce's own text: v->body, then (when with_dsn)
 * the delivery-status part. Lines come without their LF. i: 0 in the
 * body, 1 in the part (from the blank line put between the two), 2 at
 * the end. The rest of the current text is p..end: a line costs a
 * compare, the LF search and a step past it, with no index into the
 * texts nor offset to keep. */
struct lhost_cur {
	const char *p, *end;
	const char *base;      /* the current text's start (lhost_cur_off()) */
	const char *next;      /* the part, to come after the body; NULL: none */
	size_t next_len;
	int i;
};
void lhost_cur_init(struct lhost_cur *c, const struct mail_view *v, bool with_dsn);
/* A cursor over text[0..len) alone (NULL: no lines). */
void lhost_cur_text(struct lhost_cur *c, const char *text, size_t len);
/* Where the next line starts in the current text (its length at the end). */
static inline size_t lhost_cur_off(const struct lhost_cur *c)
{
	return (size_t)(c->p - c->base);
}
/* lhost_cur_next() at the end of a text: the part after the body (with
 * the blank line between them), or the end */
bool lhost_cur_turn(struct lhost_cur *c, struct lhost_line *l);
/* Where the first LF of p[0..n) is, or n: sixty-four bytes a step where
 * SSE2 is there (in two compares where AVX2 is), then sixteen (the last
 * sixteen of p for the rest, those looked at already shifted out),
 * instead of a memchr() call for every line, which cost more than a line
 * of 30 to 80 bytes. Three lines in four are shorter than 64 bytes, so
 * the loop nearly always ends at its first test; a step of sixteen alone
 * left it after one to five, as the line's length has it, and a cold
 * predictor missed that exit about once a line. Out of line, one copy
 * for every decoder: inlined in two dozen line loops, it took as many
 * places in the instruction cache. */
size_t lhost_lf(const char *p, size_t n);
/* lhost_lf() with AVX2's step when avx2 (64 bytes in two compares), for
 * the tests to run both on the same bytes */
size_t lhost_lf_v(const char *p, size_t n, bool avx2);
/* The next line (without its LF, and a CR before it); false at the end.
 * Inline: decoders call it for every line of the text. */
static inline bool lhost_cur_next(struct lhost_cur *c, struct lhost_line *l)
{
	const char *s = c->p;
	size_t rest, n;

	if (s >= c->end)
		return lhost_cur_turn(c, l);
	rest = (size_t)(c->end - s);
	n = lhost_lf(s, rest);
	c->p = s + n + (n < rest); /* past the LF, when there is one */
	l->s = s;
	l->n = n && s[n - 1] == '\r' ? n - 1 : n;
	return true;
}

/* Tests on a line: prefix (case-sensitive, or ASCII case-insensitive),
 * substring, suffix. lhost_starts() is inline: decoders call it on nearly
 * every line with a literal, whose length the compiler then knows. */
static inline bool lhost_starts(struct lhost_line l, const char *prefix)
{
	size_t n = strlen(prefix);

	return l.n >= n && (n == 0 || l.s[0] == prefix[0]) && memcmp(l.s, prefix, n) == 0;
}
/* Inline, as lhost_starts(): with a literal the length is known, and a
 * line whose first byte is no case of the prefix's is refused without a
 * call (bytes equal in either case stay equal with 0x20 set) */
static inline bool lhost_starts_ci(struct lhost_line l, const char *prefix)
{
	size_t n = strlen(prefix);

	return l.n >= n && (n == 0 || (l.s[0] | 0x20) == (prefix[0] | 0x20)) && strncasecmp(l.s, prefix, n) == 0;
}
static inline bool lhost_has(struct lhost_line l, const char *needle)
{
	return text_find_n(l.s, l.n, needle, strlen(needle)) != NULL;
}
bool lhost_ends(struct lhost_line l, const char *suffix);
/* The line after n bytes / with blanks trimmed at both ends (inline:
 * called for nearly every line the decoders read). */
static inline struct lhost_line lhost_skip(struct lhost_line l, size_t n)
{
	if (n > l.n)
		n = l.n;
	l.s += n;
	l.n -= n;
	return l;
}

/* Is c one of the bytes of set (at most ' ')? One compare for most bytes,
 * which are above ' ': lhost_trim() runs on nearly every line read. */
static inline bool lhost_low_in(char c, uint64_t set)
{
	unsigned char u = (unsigned char)c;

	return u <= ' ' && (set >> u & 1);
}
#define LHOST_BLANKS ((uint64_t)1 << ' ' | (uint64_t)1 << '\t')
#define LHOST_BLANKS_CR (LHOST_BLANKS | (uint64_t)1 << '\r')

static inline struct lhost_line lhost_trim(struct lhost_line l)
{
	while (l.n && lhost_low_in(l.s[0], LHOST_BLANKS)) {
		l.s++;
		l.n--;
	}
	while (l.n && lhost_low_in(l.s[l.n - 1], LHOST_BLANKS_CR))
		l.n--;
	return l;
}
/* Index of the first marker of a NULL-terminated list found in l (or at its
 * start, for _starts_any), -1 when none. A NULL list has no marker. */
int lhost_has_any(struct lhost_line l, const char *const *markers);
int lhost_starts_any(struct lhost_line l, const char *const *markers);

/* s[0..n) with leading blanks skipped: returns the new start, *n_r shrinks. */
const char *lhost_ltrim(const char *s, size_t n, size_t *n_r);
/* Offset of the first line of s[0..n) that begins (after leading blanks) with
 * one of the NULL-terminated marks, or n when none: used to cut the text
 * before the returned message. */
size_t lhost_cut_at(const char *s, size_t n, const char *const *marks);
/* Pointer just after the line that contains mark (case-sensitive), or NULL. */
const char *lhost_after_line(const char *s, size_t n, const char *mark);
/* A line that is nothing but an address: "  a@b", "<a@b>:", "\"a@b\":".
 * Copies the normalised address to out (BOUNCE_ADDR_MAX bytes). */
bool lhost_line_is_addr(const char *line, size_t n, char *out, size_t outsz);

/* ---- headers (lhost-util.c) ------------------------------------------- */

/* A header of the bounce, or NULL; the two asked for most are looked up
 * once, in view_build(). Inline, as hdr_get() is: decoders ask with
 * literal names, and the compiler then settles the comparisons. */
static inline const char *lhost_head(const struct mail_view *v, const char *lname)
{
	if (lname[0] == 's' && strcmp(lname, "subject") == 0)
		return v->subject;
	if (lname[0] == 'f' && strcmp(lname, "from") == 0)
		return v->from;
	return hdr_get(&v->head, lname);
}
/* lhost_head() and its value's length (*n = 0 when NULL). */
static inline const char *lhost_head_n(const struct mail_view *v, const char *lname, size_t *n)
{
	if (lname[0] == 's' && strcmp(lname, "subject") == 0) {
		*n = v->subject_len;
		return v->subject;
	}
	if (lname[0] == 'f' && strcmp(lname, "from") == 0) {
		*n = v->from_len;
		return v->from;
	}
	return hdr_get_n(&v->head, lname, n);
}

/* Has s (a header's value, NUL-terminated) the needle (nl bytes, no NUL)?
 * Each needle[k] in s, a byte rare in the values searched, found by
 * strchr(), and the needle compared around it: no strlen() of s and no
 * search set-up, for the first checks of decoders that fail on most mail. */
static inline bool lhost_str_has(const char *s, const char *needle, size_t nl, size_t k)
{
	for (const char *p = s; (p = strchr(p, needle[k])) != NULL; p++)
		if ((size_t)(p - s) >= k && strncmp(p - k, needle, nl) == 0)
			return true;
	return false;
}
/* lhost_str_has() with a literal needle */
#define LHOST_STR_HAS(s, lit, k) lhost_str_has((s), (lit), sizeof(lit) - 1, (k))

/* Value of the first header called lname, or "" when missing. */
static inline const char *lhost_hdr(const struct mail_view *v, const char *lname)
{
	const char *s = lhost_head(v, lname);

	return s ? s : "";
}
/* val (n bytes) is not NULL and contains needle (ASCII case-insensitive). */
bool lhost_value_has(const char *val, size_t n, const char *needle);
/* The first header lname exists and contains needle (ASCII case-insensitive). */
static inline bool lhost_hdr_has(const struct mail_view *v, const char *lname, const char *needle)
{
	size_t n;
	const char *val = lhost_head_n(v, lname, &n);

	return lhost_value_has(val, n, needle);
}
/* Any header called lname (e.g. every Received:) contains needle: exactly,
 * or ASCII case-insensitively for _ci. */
bool lhost_hdr_any_has(const struct mail_view *v, const char *lname, const char *needle);
bool lhost_hdr_any_has_ci(const struct mail_view *v, const char *lname, const char *needle);

/* ---- record fields (lhost-util.c) ------------------------------------- */

/* What lhost_set_addr() / lhost_set() / lhost_append() know of the
 * recipient and the diagnostic they write (LHOST_F_RCPT_FIXED,
 * LHOST_F_DIAG_TRIM, lhost.h) goes when anything else writes there: every
 * other writer of r->recipient calls lhost_rcpt_touched(r), of
 * r->diagnosticcode lhost_diag_touched(r) (a whole record copied takes
 * its flags along). What lhost_finish() found in a diagnostic goes with
 * any new one (LHOST_F_NO_REPLY, LHOST_F_STATUS_SEEN). */
#define LHOST_F_DIAG_FACTS (LHOST_F_DIAG_TRIM | LHOST_F_DIAG_LEN | LHOST_F_NO_REPLY | LHOST_F_STATUS_SEEN)
static inline void lhost_rcpt_touched(struct bounce_record *r)
{
	r->flags &= ~LHOST_F_RCPT_FIXED;
}
static inline void lhost_diag_touched(struct bounce_record *r)
{
	r->flags &= ~LHOST_F_DIAG_FACTS;
}
/* The diagnostic is its own trimmed copy, len bytes long. */
static inline void lhost_diag_known(struct bounce_record *r, size_t len)
{
	r->flags = (r->flags & ~LHOST_F_DIAG_FACTS) | LHOST_F_DIAG_TRIM | (unsigned)len << LHOST_F_DIAG_LEN_SHIFT;
}
/* Copy from's recipient / diagnostic into r's, with what from's flags
 * know of it (the same bytes). */
static inline void lhost_rcpt_copy(struct bounce_record *r, const struct bounce_record *from)
{
	memcpy(r->recipient, from->recipient, strlen(from->recipient) + 1);
	r->flags = (r->flags & ~LHOST_F_RCPT_FIXED) | (from->flags & LHOST_F_RCPT_FIXED);
}
static inline void lhost_diag_copy(struct bounce_record *r, const struct bounce_record *from)
{
	/* (not what lhost_finish() found: it goes with from's own status) */
	unsigned known = LHOST_F_DIAG_TRIM | LHOST_F_DIAG_LEN;

	memcpy(r->diagnosticcode, from->diagnosticcode, lhost_diag_len(from) + 1);
	r->flags = (r->flags & ~LHOST_F_DIAG_FACTS) | (from->flags & known);
}

/* set: trimmed copy; append: joined by one space. Both mark the record
 * BOUNCE_F_TRUNCATED when cut. */
void lhost_set(struct bounce_record *r, char *field, size_t size, const char *s, size_t n);
void lhost_append(struct bounce_record *r, char *field, size_t size, const char *s, size_t n);
/* Append one line of an SMTP reply; the "550-" / "550-5.7.1" prefixes of
 * continuation lines are dropped after the first. */
void lhost_append_reply(struct bounce_record *r, char *field, size_t size, const char *s, size_t n);
#define LHOST_SET(r, f, l) lhost_set((r), (r)->f, sizeof((r)->f), (l).s, (l).n)
#define LHOST_APPEND(r, f, l) lhost_append((r), (r)->f, sizeof((r)->f), (l).s, (l).n)
/* Append s[0..n) to r->diagnosticcode, as lhost_append(). */
void lhost_diag_add(struct bounce_record *r, const char *s, size_t n);
/* Copy the first address found in s[0..n) to the record's recipient (or
 * alias when to_alias); false when none. */
bool lhost_set_addr(struct bounce_record *r, bool to_alias, const char *s, size_t n);
/* Set reason with rule "<decoder>:<what>". */
void lhost_set_reason(struct bounce_record *r, enum reason reason, const char *decoder,
		      const char *what);
/* The record for addr: the existing one with that recipient, else a new one.
 * NULL when out of memory or at the recipient limit. */
struct bounce_record *lhost_record_for(struct parse_result *res, const char *addr);

/* One reason per row of marker strings: the first row whose marker occurs in
 * text decides. Rows end with {REASON_UNDEFINED, NULL}. */
struct lhost_reason_row {
	enum reason reason;
	const char *marker;
};
const struct lhost_reason_row *lhost_reason_match(const struct lhost_reason_row *rows,
						  const char *text);

/* The same rows, with markers searched case-insensitively in
 * r->diagnosticcode: the first one found sets r's reason, with rule
 * "<decoder>:<marker>". */
bool lhost_reason_by_text(struct bounce_record *r, const struct lhost_reason_row *rows,
			  const char *decoder);

/* SMTP command table: the first row whose marker occurs in the text names the
 * command ("RCPT", ...). Rows end with {NULL, NULL}. */
struct lhost_command_row {
	const char *marker;
	const char *command;
};
const char *lhost_command_match(const struct lhost_command_row *rows, const char *text);
/* A four-letter upper-case SMTP verb at s (HELO EHLO MAIL RCPT DATA ...),
 * copied to out (>= 5 bytes); false when s does not start with one. */
bool lhost_read_verb(const char *s, size_t n, char *out, size_t outsz);
/* The verb lhost_read_verb() finds right after a lead in text, for the
 * first of leads (in their order) that text has with a verb after it;
 * false when none has. */
bool lhost_verb_after(const char *text, size_t n, const char *const *leads, char *out, size_t outsz);

/* ---- finishing (lhost-util.c) ----------------------------------------- */

/* Set action on the records from index first that have none: for formats
 * whose notice itself says whether delivery ended ("failed") or goes on
 * ("delayed"), whatever class the status has. */
void lhost_default_action(struct parse_result *res, size_t first, const char *action);

/* Finish the records from index first: drop those without a valid
 * recipient (after trying an address in <> in the diagnostic), fill
 * per-message lhost/date when given, status/replycode from the diagnostic
 * when missing, fold blanks. Returns the number of records left. */
size_t lhost_finish(struct parse_result *res, size_t first, const char *lhost, time_t date);

/* One record, as the provider decoders finish it: fill empty
 * deliverystatus / replycode from diagnosticcode (also "550:" / "550-" at
 * its start), then the action. */
void lhost_fill_codes(struct bounce_record *r);
/* Fill an empty action: "delayed" for a 4xx status or reply code, else "failed". */
void lhost_fill_action(struct bounce_record *r);

/* ---- text readers (lhost-scan.c) -------------------------------------- */

/* A reply nested in the text, "... <421 4.4.2 Connection timed out>", is the
 * remote server's own answer: take its reply code and status, and move it
 * to the front of the diagnostic ("421 4.4.2 Connection timed out (554 ...)"). */
bool lhost_inner_reply(struct bounce_record *r);

/* Read an embedded DSN field line ("Final-Recipient: rfc822; a@b",
 * "Status: 5.1.1", "Diagnostic-Code: smtp; 550 ...", "Action: failed",
 * "Remote-MTA: dns; mx.example.com", "Reporting-MTA: ...") into r.
 * Returns true when the line was such a field (Original-Recipient too);
 * *is_rcpt_r is set when it was Final-Recipient with an address, copied to
 * addr (which is only written then). In lhost-ds.c, with the field reader
 * it shares with lhost_ds_line(). */
bool lhost_dsn_field(const char *line, size_t n, char *addr, size_t addrsz, struct bounce_record *r,
		     bool *is_rcpt_r);

/* Read embedded DSN fields (see lhost_dsn_field) from the line after the
 * one containing start (or the top when NULL): each Final-Recipient opens
 * (or reopens) a record, and the fields of its block (up to a blank line,
 * before or after it) fill that record; a folded Diagnostic-Code is joined.
 * Returns the number of recipients read, or -1 when out of memory. */
int lhost_scan_fields(const char *s, size_t n, const char *start, struct parse_result *res);

/* An Amazon SES notification in JSON (plain, or inside an SNS envelope) in
 * s[0..n): one record per bounced, complained or delivered recipient
 * (lhost-sesjson.c). Returns 0, or -1 when out of memory. */
int lhost_sesjson(const char *s, size_t n, struct parse_result *res);

/* Fill r's empty status, action, rhost and diagnostic from the fields of
 * its own Final-Recipient block in the delivery-status text dsn[0..n). */
void lhost_dsn_merge(const char *dsn, size_t n, struct bounce_record *r);

/* One record per address of the X-Failed-Recipients header (comma-separated).
 * Returns the number of addresses read, or -1 when out of memory. */
int lhost_failed_recipients(const struct mail_view *v, struct parse_result *res);

/* Fill an empty r->command from words like "after RCPT TO", "after end of data". */
void lhost_command_from_text(struct bounce_record *r);
/* Fill an empty r->rhost from "host mx.example.com [ip]" / "host: name" in the text. */
void lhost_rhost_from_text(struct bounce_record *r);

/* A text scan shared by most text formats: read s[0..n) line by line
 * from the line after the first line that starts with a start mark (or the
 * top when start is NULL)
 * up to the first end mark; a line that is only an address opens (or
 * reopens) that recipient's record; a line whose first word is an address
 * does too when addr_first_word is set; other non-empty lines after a
 * recipient are appended to its diagnosticcode. Returns the number of
 * records touched, or -1 when out of memory. */
struct lhost_scan {
	const char *const *start;  /* NULL-terminated, prefix of a line (blanks skipped) */
	const char *const *end;    /* NULL-terminated, prefix of a line (blanks skipped) */
	bool addr_first_word;
	bool stop_at_blank_after_diag; /* a blank line closes the current recipient */
};
int lhost_scan_text(const char *s, size_t n, const struct lhost_scan *sc, struct parse_result *res);

/* ---- RFC 3464 fields (lhost-ds.c) ------------------------------------- */

/* RFC 3464 field lines, as found in delivery-status parts and in the text of
 * many MTAs. */
enum lhost_fid {
	LHOST_F_NONE = 0,
	LHOST_F_REPORTING_MTA,
	LHOST_F_RECEIVED_FROM_MTA,
	LHOST_F_ARRIVAL_DATE,
	LHOST_F_FINAL_RECIPIENT,
	LHOST_F_ORIGINAL_RECIPIENT,
	LHOST_F_X_ACTUAL_RECIPIENT,
	LHOST_F_ACTION,
	LHOST_F_STATUS,
	LHOST_F_REMOTE_MTA,
	LHOST_F_DIAGNOSTIC_CODE,
	LHOST_F_LAST_ATTEMPT_DATE,
};
struct lhost_field {
	enum lhost_fid id;
	struct lhost_line type;  /* "rfc822", "dns", "smtp"; empty when no ';' */
	struct lhost_line value; /* after the ';' (or the colon), trimmed */
};
bool lhost_field_parse(struct lhost_line l, struct lhost_field *f);

/* Collects RFC 3464 fields into records of res. Records are addressed by
 * index because lhost_add() may move the array. */
struct lhost_ds {
	struct parse_result *res;
	size_t first;          /* records before this index are not ours */
	long cur;              /* index of the record being filled, -1 none */
	bool block_open;       /* no blank line since cur was started */
	bool in_diag;          /* last field was Diagnostic-Code (continuations) */
	char lhost[BOUNCE_LINE_MAX]; /* per-message Reporting-MTA */
	/* the per-message Arrival-Date (lhost_ds_arrival()): the first that
	 * is a date; arrival_text (s NULL: none) the first not read yet */
	time_t arrival;
	struct lhost_line arrival_text;
	/* the last recipient field's value, its record, which address it was
	 * read into, and the address found in it (see ds_addr() in
	 * lhost-ds.c); n 0: none */
	struct {
		char s[BOUNCE_ADDR_MAX], addr[BOUNCE_ADDR_MAX];
		size_t n;
		long rec;
		bool alias, found;
	} last;
	/* Diagnostic-Code texts not read yet (lhost_ds_defer_diag()): slots
	 * for the records first .. first + diag_n - 1; bit k of diag_set:
	 * record first + k has one waiting in diag[k] */
	struct lhost_ds_diag *diag;
	size_t diag_n;
	uint64_t diag_set;
};
/* A Diagnostic-Code left unread: its value, and from more (NULL: none)
 * to end its continuation lines, where they are in the text read */
struct lhost_ds_diag {
	struct lhost_line value;
	const char *more, *end;
};
void lhost_ds_init(struct lhost_ds *ds, struct parse_result *res);
/* From here on, leave the Diagnostic-Code text of the first n (<= 64)
 * records in slots instead of reading it into the record: for a decoder
 * that puts a text of its own there instead in most messages (Postfix's
 * paragraph), and reads the report's only where it keeps it. The lines
 * must be fed in their order from one text (lhost_ds_text(), or
 * lhost_ds_line() over one cursor), which stays in place until then. */
void lhost_ds_defer_diag(struct lhost_ds *ds, struct lhost_ds_diag *slots, size_t n);
/* Record i's Diagnostic-Code, when it was left unread: read into it now,
 * as lhost_ds_line() would have read it. */
void lhost_ds_diag_read(struct lhost_ds *ds, size_t i);
/* Is record i's Diagnostic-Code still unread, and would its reading give
 * a text of *bound bytes at most, not empty, not all digits, and with no
 * cut (no BOUNCE_F_TRUNCATED)? Such a text may be dropped unread
 * (lhost_ds_diag_drop()) when the record's diagnostic is replaced; any
 * other unread one is read here (false). */
bool lhost_ds_diag_lazy(struct lhost_ds *ds, size_t i, size_t *bound);
void lhost_ds_diag_drop(struct lhost_ds *ds, size_t i);
/* Feed one line: 1 = it was a field (or a continuation) and was used,
 * 0 = not a field, -1 = out of memory. A blank line closes the block. */
int lhost_ds_line(struct lhost_ds *ds, struct lhost_line l);
/* Feed every line of a text. Returns -1 on out of memory, else 0. */
int lhost_ds_text(struct lhost_ds *ds, const char *text, size_t len);
/* The record being filled (created when none: NULL on out of memory). */
struct bounce_record *lhost_ds_cur(struct lhost_ds *ds);
/* Start a new record and make it current (NULL on out of memory). */
struct bounce_record *lhost_ds_new(struct lhost_ds *ds);
/* Records this decoder added so far. */
size_t lhost_ds_count(const struct lhost_ds *ds);
/* The per-message Arrival-Date, 0 when none: it is read here, not where
 * it was fed (most records have a Last-Attempt-Date of their own), so
 * its text must stay in place until then, as the lines' texts do. */
time_t lhost_ds_arrival(struct lhost_ds *ds);
/* lhost_finish() of res's records from first on with from's Reporting-MTA
 * and Arrival-Date, which is read only when a record has no timestamp */
size_t lhost_ds_finish(struct parse_result *res, size_t first, struct lhost_ds *from);
/* The records of v's delivery-status part (none when it has none) read into
 * dsn, a result of their own (initialised here), through dds, which keeps the
 * per-message Reporting-MTA and Arrival-Date: for text decoders that merge the
 * report into their own records. Returns 0, or -1 when out of memory (dsn is
 * then empty). */
int lhost_ds_part(const struct mail_view *v, struct lhost_ds *dds, struct parse_result *dsn);

/* ---- recipient blocks (lhost-scan.c) -------------------------------- */

/* The "recipient line, then its error lines" block of many MTAs, read from
 * v->body into ds: reading starts after the line that begins with start
 * and stops at the line that begins with end; blank lines are skipped. */
struct lhost_rcpt_block {
	const char *start;  /* prefix of the raw line; NULL: read from the top */
	bool start_trimmed; /* ... of the line with its leading blanks skipped */
	const char *end;    /* prefix of the raw line; NULL: read to the end */
	bool skip_dash;     /* lines that start with '-' (rulers) are skipped */
	bool error_first;   /* the error text comes before its recipient (Notes) */
	/* A recipient line (l raw, t trimmed): the address in *addr, and
	 * the error text that follows it on the line in *rest (n = 0: none). */
	bool (*rcpt)(struct lhost_line l, struct lhost_line t, struct lhost_line *addr,
		     struct lhost_line *rest);
	/* Any other line, for the current record; NULL appends t to its
	 * diagnostic. Not called for error_first blocks. */
	void (*text)(struct bounce_record *r, struct lhost_line l, struct lhost_line t);
};
/* Returns 0, or -1 when out of memory. */
int lhost_rcpt_block_read(const struct mail_view *v, struct lhost_ds *ds,
			  const struct lhost_rcpt_block *b);

#endif
