/* reason.h: why a delivery failed, from what the bounce says.
 *
 * reason_classify() decides the reason of one record from its diagnostic
 * text, status code, reply code, remote host and SMTP command, through
 * tables (rhost-specific rules, text patterns per reason, status codes).
 * rule receives the name of the table entry that decided, so a person can
 * see why ("status:5.1.1", "text:mailboxfull:mailbox is full", ...).
 */
#ifndef BOUNCER_PARSE_REASON_H
#define BOUNCER_PARSE_REASON_H

#include <stdbool.h>
#include <stddef.h>

#include "parse/bounce.h"

struct rhost_index;

struct reason_input {
	const char *diagnostic; /* diagnosticcode, UTF-8 ("" when none) */
	const char *status;     /* "5.1.1" or "" */
	const char *replycode;  /* "550" or "" */
	const char *rhost;      /* remote MTA host name or "" */
	const char *command;    /* "RCPT", "DATA", ... or "" */
	const char *action;     /* "failed", "delayed", ... or "" */
	const char *decodedby;  /* decoder name */
	const char *diagtype;   /* Diagnostic-Code type: "SMTP", "X-Unix", ... or "" */
	const char *statuscomment; /* the comment of a DSN Status field or "" */
	/* the parser's index of the known remote hosts (rhost_index_new()),
	 * or NULL: the same answers, each host compared with every suffix */
	const struct rhost_index *rhosts;
	/* strlen(diagnostic) when the caller has it (parse.c), or 0: then
	 * measured when needed */
	size_t diagnostic_len;
};

enum reason reason_classify(const struct reason_input *in, char *rule, size_t rulesz);

/* The diagnostic as the text patterns are matched against: lower-cased,
 * blanks folded to one space, the "550-5.2.1 " of continuation lines
 * dropped; at most outsz - 1 bytes (outsz >= 1), its length returned.
 * avx2: its AVX2 step (simd_avx2() must say yes), for the test of both. */
size_t reason_lower_fold_v(const char *s, char *out, size_t outsz, bool avx2);
/* The same with s's length given (strlen(s): no other). */
size_t reason_lower_fold_n(const char *s, size_t len, char *out, size_t outsz, bool avx2);

#endif
