/* smtp-status.h: what an RFC 3463 enhanced status code says about the reason. */
#ifndef BOUNCER_PARSE_SMTP_STATUS_H
#define BOUNCER_PARSE_SMTP_STATUS_H

#include <stdbool.h>
#include <stddef.h>

#include "parse/bounce.h"

/* The reason a status code stands for ("5.1.1" -> userunknown), or
 * REASON_UNDEFINED when the code has no meaning of its own (4.0.0, 5.7.999,
 * Sisimai's made-up X.0.9NN, malformed text). */
enum reason smtp_status_reason(const char *status);
/* For tests: row i of the table (its code, and its reason in *reason_r),
 * or NULL past the last. */
const char *smtp_status_row(size_t i, enum reason *reason_r);
/* true for "2.x.x", "4.x.x", "5.x.x" with digits in all three parts. */
bool smtp_status_valid(const char *status);
/* smtp_status_valid(status), and smtp_status_reason(status) in *reason_r:
 * one pass for the usual "c.s.d" (the classifier asks both of each). */
bool smtp_status_check(const char *status, enum reason *reason_r);
/* Find the first status code written in text[0..len) ("550 5.1.1 ...",
 * "(#5.2.2)"), not part of an IPv4 address or a longer number. Writes it to
 * out (size outsz >= 16) and returns true when one was found. */
bool smtp_status_find(const char *text, size_t len, char *out, size_t outsz);

#endif
