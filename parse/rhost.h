/* rhost.h: rules for specific remote hosts (Sisimai::Rhost), tried before
 * the general text patterns because these hosts word their errors in their
 * own way (their own error codes, reused texts).
 */
#ifndef BOUNCER_PARSE_RHOST_H
#define BOUNCER_PARSE_RHOST_H

#include <stddef.h>

#include "parse/reason.h"

/* One remote host family: match() tells whether rhost (lower-case) is one
 * of theirs; get() returns the reason, or REASON_UNDEFINED to fall back to
 * the general rules. low is the lower-cased diagnostic; get() writes the
 * name of its table entry to rule. */
struct rhost_family {
	const char *name;
	bool (*match)(const char *rhost);
	enum reason (*get)(const struct reason_input *in, const char *low, char *rule,
			   size_t rulesz);
};

/* The reason for a known remote host, REASON_UNDEFINED when the host is
 * unknown or its rules do not decide. rule gets "rhost:<family>:<entry>". */
enum reason rhost_classify(const struct reason_input *in, const char *low, char *rule,
			   size_t rulesz);

#endif
