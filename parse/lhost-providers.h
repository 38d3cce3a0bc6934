/* lhost-providers.h: private to the "providers" decoder group (lhost-*.c of
 * mailbox/cloud providers, mail filters and Japanese carriers) and the small
 * helpers they share (lhost-util2.c).
 *
 * Every decoder checks its own fingerprint strictly (From, Subject,
 * Received, X- headers or marker text) and returns LHOST_PASS otherwise,
 * because this group is tried before the MTA group and RFC 3464.
 */
#ifndef BOUNCER_PARSE_LHOST_PROVIDERS_H
#define BOUNCER_PARSE_LHOST_PROVIDERS_H

#include <stdbool.h>
#include <stddef.h>

#include "parse/bounce.h"
#include "parse/lhost.h"
#include "parse/view.h"

/* ---- decoders (one file each: lhost-<name>.c) ----
 * Not here on purpose: Barracuda, Bigfoot, McAfee, SurfControl, SendGrid and
 * Yandex send plain RFC 3464 reports that lhost-rfc3464.c reads as well;
 * Trend Micro InterScan MSS is lhost-interscanmss.c in the MTA group;
 * NTT docomo, SoftBank, Apple and Mimecast are rejections by the remote
 * host, decoded by the MTA group and classified by the rhost rules. */
#define LHOST_DECL(n) enum lhost_verdict lhost_##n##_decode(const struct mail_view *v, struct parse_result *res)
LHOST_DECL(activehunter);
LHOST_DECL(amazonses);
LHOST_DECL(amazonworkmail);
LHOST_DECL(aol);
LHOST_DECL(biglobe);
LHOST_DECL(einsundeins);
LHOST_DECL(ezweb);
LHOST_DECL(facebook);
LHOST_DECL(gmail);
LHOST_DECL(gmx);
LHOST_DECL(googlegroups);
LHOST_DECL(gsuite);
LHOST_DECL(kddi);
LHOST_DECL(mailru);
LHOST_DECL(messagelabs);
LHOST_DECL(mfilter);
LHOST_DECL(office365);
LHOST_DECL(outlook);
LHOST_DECL(receivingses);
LHOST_DECL(verizon);
LHOST_DECL(yahoo);
LHOST_DECL(zoho);
#undef LHOST_DECL

/* ---- helpers (lhost-util2.c), prefixed lhost_p_ to stay apart from the
 * MTA group's lhost-util.c ---- */

/* true when header lname exists and its value contains needle (ASCII case-insensitive). */
bool lhost_p_hdr_has(const struct header_list *hl, const char *lname, const char *needle);
/* true when any header called lname contains needle (e.g. every Received:). */
bool lhost_p_hdr_any(const struct header_list *hl, const char *lname, const char *needle);

/* s[0..n) begins with prefix (case-sensitive / ASCII case-insensitive). */
bool lhost_p_starts(const char *s, size_t n, const char *prefix);
bool lhost_p_starts_ci(const char *s, size_t n, const char *prefix);
/* s[0..n) with leading blanks skipped: returns the new start, *n_r shrinks. */
const char *lhost_p_ltrim(const char *s, size_t n, size_t *n_r);

/* Offset of the first line of s[0..n) that begins (after leading blanks) with
 * one of the NULL-terminated marks, or n when none: used to cut the text
 * before the returned message. */
size_t lhost_p_cut_at(const char *s, size_t n, const char *const *marks);
/* Pointer just after the line that contains mark (case-sensitive), or NULL. */
const char *lhost_p_after_line(const char *s, size_t n, const char *mark);

/* A line that is nothing but an address: "  a@b", "<a@b>:", "\"a@b\":".
 * Copies the normalised address to out (BOUNCE_ADDR_MAX bytes). */
bool lhost_p_line_is_addr(const char *line, size_t n, char *out, size_t outsz);

/* Append s[0..n), trimmed, to r->diagnosticcode with one space between parts;
 * sets BOUNCE_F_TRUNCATED when cut. */
void lhost_p_diag_add(struct bounce_record *r, const char *s, size_t n);
/* Copy s[0..n) trimmed into dst (dsz bytes); BOUNCE_F_TRUNCATED on r when cut. */
void lhost_p_set(struct bounce_record *r, char *dst, size_t dsz, const char *s, size_t n);
/* Fill empty deliverystatus / replycode from diagnosticcode, then the action. */
void lhost_p_fill_codes(struct bounce_record *r);
/* Fill an empty action: "delayed" for a 4xx status or reply code, else "failed". */
void lhost_p_fill_action(struct bounce_record *r);

/* A reply nested in the text, "... <421 4.4.2 Connection timed out>", is the
 * remote server's own answer: take its reply code and status, and move it
 * to the front of the diagnostic ("421 4.4.2 Connection timed out (554 ...)"). */
bool lhost_p_inner_reply(struct bounce_record *r);

/* The record for addr: the existing one with that recipient, else a new one.
 * NULL when out of memory or at the recipient limit. */
struct bounce_record *lhost_p_record_for(struct parse_result *res, const char *addr);

/* Read an embedded DSN field line ("Final-Recipient: rfc822; a@b",
 * "Status: 5.1.1", "Diagnostic-Code: smtp; 550 ...", "Action: failed",
 * "Remote-MTA: dns; mx.example.com", "Reporting-MTA: ...") into r.
 * Returns true when the line was such a field; *is_rcpt_r is set when it
 * was Final-Recipient/Original-Recipient with an address copied to addr. */
bool lhost_p_dsn_field(const char *line, size_t n, char *addr, size_t addrsz, struct bounce_record *r,
		       bool *is_rcpt_r);

/* Set r->reason from a name such as "userunknown" and r->rule to
 * "<decoder>:<what>". Unknown names leave r untouched. */
void lhost_p_set_reason(struct bounce_record *r, const char *reason, const char *decoder, const char *what);

/* Read embedded DSN fields (see lhost_p_dsn_field) from the line after the
 * one containing start (or the top when NULL): each Final-Recipient opens
 * (or reopens) a record, and the fields of its block (up to a blank line,
 * before or after it) fill that record; a folded Diagnostic-Code is joined.
 * Returns the number of recipients read, or -1 when out of memory. */
int lhost_p_scan_fields(const char *s, size_t n, const char *start, struct parse_result *res);

/* An Amazon SES notification in JSON (plain, or inside an SNS envelope) in
 * s[0..n): one record per bounced, complained or delivered recipient
 * (lhost-sesjson.c). Returns 0, or -1 when out of memory. */
int lhost_p_sesjson(const char *s, size_t n, struct parse_result *res);

/* Fill r's empty status, action, rhost and diagnostic from the fields of
 * its own Final-Recipient block in the delivery-status text dsn[0..n). */
void lhost_p_dsn_merge(const char *dsn, size_t n, struct bounce_record *r);

/* One record per address of the X-Failed-Recipients header (comma-separated).
 * Returns the number of addresses read, or -1 when out of memory. */
int lhost_p_failed_recipients(const struct mail_view *v, struct parse_result *res);

/* A phrase that names a reason, in a table ending with {NULL, NULL}. */
struct lhost_p_text_reason {
	const char *text;   /* searched case-insensitively in diagnosticcode */
	const char *reason; /* reason name */
};
/* Set r->reason from the first row whose text is in r->diagnosticcode. */
bool lhost_p_reason_by_text(struct bounce_record *r, const struct lhost_p_text_reason *tab, const char *decoder);
/* Fill an empty r->command from words like "after RCPT TO", "after end of data". */
void lhost_p_command_from_text(struct bounce_record *r);
/* Fill an empty r->rhost from "host mx.example.com [ip]" / "host: name" in the text. */
void lhost_p_rhost_from_text(struct bounce_record *r);

/* A text scan shared by most text formats: read s[0..n) line by line
 * from the line after the first line that starts with a start mark (or the
 * top when start is NULL)
 * up to the first end mark; a line that is only an address opens (or
 * reopens) that recipient's record; a line whose first word is an address
 * does too when addr_first_word is set; other non-empty lines after a
 * recipient are appended to its diagnosticcode. Returns the number of
 * records touched, or -1 when out of memory. */
struct lhost_p_scan {
	const char *const *start;  /* NULL-terminated, prefix of a line (blanks skipped) */
	const char *const *end;    /* NULL-terminated, prefix of a line (blanks skipped) */
	bool addr_first_word;
	bool stop_at_blank_after_diag; /* a blank line closes the current recipient */
};
int lhost_p_scan_text(const char *s, size_t n, const struct lhost_p_scan *sc, struct parse_result *res);

#endif
