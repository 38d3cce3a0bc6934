/* lhost.h: the decoders of bounce formats ("lhost" after Sisimai's name for
 * the reporting host's software), and the table that orders them.
 *
 * A decoder looks at a struct mail_view and, when it recognises its format,
 * appends one record per failed recipient with lhost_add() and fills what
 * the format says: recipient, alias, diagnosticcode, deliverystatus,
 * replycode, action, rhost, lhost, command, timestamp. It may set reason
 * (with rule) when the format itself states it (a carrier's own error
 * code, "vacation"); otherwise the driver classifies the reason afterwards
 * with reason_classify(). decodedby is set by the driver from the name.
 *
 * Decoders are pure: no I/O, no globals, no allocation except through
 * lhost_add().
 */
#ifndef BOUNCER_PARSE_LHOST_H
#define BOUNCER_PARSE_LHOST_H

#include <stdint.h>
#include <string.h>

#include "parse/bounce.h"
#include "parse/view.h"

enum lhost_verdict {
	LHOST_PASS = 0,   /* not this format: try the next decoder */
	LHOST_MATCH = 1,  /* recognised; records appended (maybe none: then MSG_UNREADABLE) */
	LHOST_NOMEM = -1
};

/* A row of a group's table. all and any name facts of lhost-hints.h: the
 * driver calls decode only when the message has all of `all` and one of
 * `any` (0: no such need). They are what the decoder's own first checks
 * need (or less), so a skipped decoder is one that would have said
 * LHOST_PASS: keep them in step with those checks. */
struct lhost_decoder {
	const char *name; /* becomes decodedby: "Postfix", "Exim", "RFC3464", ... */
	enum lhost_verdict (*decode)(const struct mail_view *v, struct parse_result *res);
	uint64_t all, any;
};

/* A record's flags that parse/ keeps for itself, up to the driver's
 * parse_finish_record(), which clears them: what lhost_finish() learnt
 * about the recipient and the diagnostic, so that the driver does not
 * work it out again. Whoever writes either in between clears them
 * (verp_apply(); lhost_rcpt_touched(), lhost_diag_touched() in
 * lhost-util.h). */
/* address_normalise() leaves the recipient as it is, valid: set by
 * lhost_set_addr() from the decoders on (text_extract_address_fixed()
 * knows), else by lhost_finish(); every other writer of the recipient
 * clears it (lhost_rcpt_touched(), lhost-util.h) */
#define LHOST_F_RCPT_FIXED 0x100u
#define LHOST_F_NO_REPLY 0x200u   /* text_find_replycode() finds no code in the diagnostic */
/* the status in the diagnostic was looked for and taken as parse_codes()
 * would take it (lhost_finish()'s fix_status()): the driver need not look */
#define LHOST_F_STATUS_SEEN 0x400u
/* The diagnostic is its own text_copy_trim() (lhost_finish() need not
 * fold it) and is LHOST_F_DIAG_LEN bytes long (no strlen() to append to
 * it): set by lhost_set() and lhost_append(), which know, and by
 * lhost_diag_known() (a writer that measured its text trimmed) and
 * lhost_diag_copy() (a copy of a record that had it), kept by
 * lhost_finish(); every other writer of the diagnostic clears it
 * (lhost_diag_touched(), lhost-util.h) */
#define LHOST_F_DIAG_TRIM 0x800u
#define LHOST_F_DIAG_LEN_SHIFT 16
#define LHOST_F_DIAG_LEN (0x7FFu << LHOST_F_DIAG_LEN_SHIFT)
_Static_assert(BOUNCE_TEXT_MAX <= 0x800, "a diagnostic's length fits LHOST_F_DIAG_LEN");
#define LHOST_F_PRIVATE (LHOST_F_RCPT_FIXED | LHOST_F_NO_REPLY | LHOST_F_STATUS_SEEN | LHOST_F_DIAG_TRIM | \
			 LHOST_F_DIAG_LEN)

/* The diagnostic's length: kept (LHOST_F_DIAG_TRIM), or measured. */
static inline size_t lhost_diag_len(const struct bounce_record *r)
{
	if (r->flags & LHOST_F_DIAG_TRIM)
		return (r->flags & LHOST_F_DIAG_LEN) >> LHOST_F_DIAG_LEN_SHIFT;
	return strlen(r->diagnosticcode);
}

/* Append a zeroed record to res; NULL when out of memory, or when
 * BOUNCE_MAX_RECIPIENTS is reached (then res->flags gets BOUNCE_F_TRUNCATED). */
struct bounce_record *lhost_add(struct parse_result *res);
/* Empty r: every string "", every number 0 (not every byte: what follows a
 * string's NUL is never read). */
void lhost_record_empty(struct bounce_record *r);

/* The groups, each a table ending in {NULL, NULL, 0, 0}, tried in this order:
 * lhost_providers (lhost-providers.c: cloud and mailbox providers, filters,
 *   carriers, whose formats a generic decoder would misread),
 * lhost_mtas (lhost-mtas.c: MTA software: Postfix, Sendmail, Exim, qmail, ...),
 * lhost_standard (lhost-standard.c: RFC 3464, ARF, RFC 3834, text heuristics). */
extern const struct lhost_decoder lhost_providers[];
extern const struct lhost_decoder lhost_mtas[];
extern const struct lhost_decoder lhost_standard[];

#endif
