/* lhost-mtas.h: private to the "mtas" decoder group (lhost-mtas.c and the
 * lhost-<name>.c files it lists): the decoders of MTA software formats and
 * the small helpers they share (lhost-util.c).
 *
 * Every decoder follows lhost.h: LHOST_PASS when the message is not its
 * format, LHOST_MATCH when it is (records appended, maybe none), LHOST_NOMEM.
 */
#ifndef BOUNCER_PARSE_LHOST_MTAS_H
#define BOUNCER_PARSE_LHOST_MTAS_H

#include <stdbool.h>
#include <stddef.h>

#include "parse/lhost.h"

/* A line as (pointer, length); never NUL-terminated. */
struct lhost_line {
	const char *s;
	size_t n;
};

/* ---- decoders (one file each) ---------------------------------------- */
#define LHOST_MTA_DECODER(name) \
	enum lhost_verdict lhost_##name##_decode(const struct mail_view *v, struct parse_result *res)

LHOST_MTA_DECODER(postfix);
LHOST_MTA_DECODER(sendmail);
LHOST_MTA_DECODER(v5sendmail);
LHOST_MTA_DECODER(exim);
LHOST_MTA_DECODER(qmail);
LHOST_MTA_DECODER(courier);
LHOST_MTA_DECODER(opensmtpd);
LHOST_MTA_DECODER(dragonfly);
LHOST_MTA_DECODER(messagingserver);
LHOST_MTA_DECODER(apachejames);
LHOST_MTA_DECODER(fml);
LHOST_MTA_DECODER(x1);
LHOST_MTA_DECODER(x2);
LHOST_MTA_DECODER(x3);
LHOST_MTA_DECODER(x4);
LHOST_MTA_DECODER(x5);
LHOST_MTA_DECODER(x6);
LHOST_MTA_DECODER(imailserver);
LHOST_MTA_DECODER(powermta);
LHOST_MTA_DECODER(interscanmss);
LHOST_MTA_DECODER(mxlogic);
LHOST_MTA_DECODER(mailfoundry);
LHOST_MTA_DECODER(mailmarshalsmtp);
LHOST_MTA_DECODER(amavis);
LHOST_MTA_DECODER(domino);
LHOST_MTA_DECODER(notes);
LHOST_MTA_DECODER(exchange2003);
LHOST_MTA_DECODER(exchange2007);

/* The QSBMF reader of lhost-qmail.c, for qmail and its look-alikes (X4):
 * reading starts at the line is_start accepts. */
enum lhost_verdict lhost_qmail_like(const struct mail_view *v, struct parse_result *res,
				    bool (*is_start)(struct lhost_line), const char *name);

/* ---- helpers (lhost-util.c) ------------------------------------------ */

/* Line cursor over the bounce's own text: v->body, then (when with_dsn)
 * the delivery-status part. Lines come without their LF. */
struct lhost_cur {
	const char *seg[2];
	size_t len[2];
	int i;
	size_t off;
};
void lhost_cur_init(struct lhost_cur *c, const struct mail_view *v, bool with_dsn);
bool lhost_cur_next(struct lhost_cur *c, struct lhost_line *l);

/* Tests on a line: prefix (case-sensitive, or ASCII case-insensitive),
 * substring, suffix. */
bool lhost_starts(struct lhost_line l, const char *prefix);
bool lhost_starts_ci(struct lhost_line l, const char *prefix);
bool lhost_has(struct lhost_line l, const char *needle);
bool lhost_ends(struct lhost_line l, const char *suffix);
/* The line after n bytes / with blanks trimmed at both ends. */
struct lhost_line lhost_skip(struct lhost_line l, size_t n);
struct lhost_line lhost_trim(struct lhost_line l);
/* Index of the first marker of a NULL-terminated list found in l (or at its
 * start, for _starts_any), -1 when none. */
int lhost_has_any(struct lhost_line l, const char *const *markers);
int lhost_starts_any(struct lhost_line l, const char *const *markers);

/* Header helpers: value of the first header (or "" when missing); whether any
 * header called lname contains needle. */
const char *lhost_hdr(const struct mail_view *v, const char *lname);
bool lhost_hdr_any_has(const struct mail_view *v, const char *lname, const char *needle);

/* Record fields. set: trimmed copy; append: joined by one space. Both mark
 * the record BOUNCE_F_TRUNCATED when cut. */
void lhost_set(struct bounce_record *r, char *field, size_t size, const char *s, size_t n);
void lhost_append(struct bounce_record *r, char *field, size_t size, const char *s, size_t n);
/* Append one line of an SMTP reply; the "550-" / "550-5.7.1" prefixes of
 * continuation lines are dropped after the first. */
void lhost_append_reply(struct bounce_record *r, char *field, size_t size, const char *s, size_t n);
#define LHOST_SET(r, f, l) lhost_set((r), (r)->f, sizeof((r)->f), (l).s, (l).n)
#define LHOST_APPEND(r, f, l) lhost_append((r), (r)->f, sizeof((r)->f), (l).s, (l).n)
/* Copy the first address found in s[0..n) to the record's recipient (or
 * alias when to_alias); false when none. */
bool lhost_set_addr(struct bounce_record *r, bool to_alias, const char *s, size_t n);
/* Set reason with rule "<decoder>:<what>". */
void lhost_set_reason(struct bounce_record *r, enum reason reason, const char *decoder,
		      const char *what);

/* One reason per row of marker strings: the first row whose marker occurs in
 * text decides. Rows end with {REASON_UNDEFINED, NULL}. */
struct lhost_reason_row {
	enum reason reason;
	const char *marker;
};
const struct lhost_reason_row *lhost_reason_match(const struct lhost_reason_row *rows,
						  const char *text);

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

/* ---- RFC 3464 fields (lhost-ds.c) ------------------------------------ */

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
	time_t arrival;
};
void lhost_ds_init(struct lhost_ds *ds, struct parse_result *res);
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

/* ---- finishing (lhost-util.c) --------------------------------------- */

/* Set action on the records from index first that have none: for formats
 * whose notice itself says whether delivery ended ("failed") or goes on
 * ("delayed"), whatever class the status has. */
void lhost_default_action(struct parse_result *res, size_t first, const char *action);

/* Finish the records from index first: drop those without a valid
 * recipient (after trying an address in <> in the diagnostic), fill
 * per-message lhost/date when given, status/replycode from the diagnostic
 * when missing, fold blanks. Returns the number of records left. */
size_t lhost_finish(struct parse_result *res, size_t first, const char *lhost, time_t date);

#endif
