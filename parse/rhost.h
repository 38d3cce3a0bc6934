/* rhost.h: rules for specific remote hosts (Sisimai::Rhost), tried before
 * the general text patterns because these hosts word their errors in their
 * own way (their own error codes, texts that mean something else elsewhere).
 * One file per host family: rhost-<family>.c.
 */
#ifndef BOUNCER_PARSE_RHOST_H
#define BOUNCER_PARSE_RHOST_H

#include <stdbool.h>
#include <stddef.h>

#include "parse/reason.h"
#include "parse/text.h"

/* A remote host family. get() returns the reason, or REASON_UNDEFINED to
 * fall back to the general rules; low is the lower-cased diagnostic and
 * entry receives the name of the deciding row (a code or a text). */
/* A host name suffix, lower case, with its length. */
#define RHOST_SUFFIX(lit) TEXT_LIT(lit)

struct rhost_family {
	const char *name;
	const struct text_lit *hosts; /* ends with {NULL, 0} */
	enum reason (*get)(const struct reason_input *in, const char *low, char *entry,
			   size_t entrysz);
};

/* A text row: text found in the diagnostic, optionally only with a reply
 * code and/or status. status is exact, or a prefix ("4.7.") whose last part
 * must lie in lo..hi when lo < hi. */
struct rhost_row {
	const char *text;  /* lower case */
	enum reason reason;
	unsigned short reply; /* 0: any */
	const char *status;   /* NULL or "": any */
	unsigned short lo, hi;
};

/* A code row: an error code of the host ("cxbl", "ib607", "426"). */
struct rhost_code {
	const char *code;
	enum reason reason;
};

/* The family of in's remote host, NULL when the host is none's: asked
 * first, so that the diagnostic is folded (low) only for a known host. */
const struct rhost_family *rhost_find(const struct reason_input *in);

/* The reason the rules of f (rhost_find()) give, REASON_UNDEFINED when they
 * do not decide. rule gets "rhost:<family>:<entry>". */
enum reason rhost_classify(const struct rhost_family *f, const struct reason_input *in, const char *low,
			   char *rule, size_t rulesz);

/* The families' suffixes indexed by their last bytes, which
 * rhost_find() reads through reason_input's rhosts: made once per
 * parser (parse_ctx), read-only after. NULL when out of memory. */
struct rhost_index *rhost_index_new(void);
void rhost_index_free(struct rhost_index *x);

/* Whether host (h bytes) may end in a family's suffix: false when its
 * last four bytes (any case) are no suffix's (rhost_find's first test,
 * made from the families' tables; for its test). True for any host
 * without an index (x NULL). */
bool rhost_tail_may(const struct rhost_index *x, const char *host, size_t h);

/* Helpers for the families. */
enum reason rhost_rows_find(const struct rhost_row *rows, size_t n, const struct reason_input *in,
			    const char *low, char *entry, size_t entrysz);
enum reason rhost_codes_find(const struct rhost_code *codes, size_t n, const char *code,
			     char *entry, size_t entrysz);
/* Copy the run of [0-9a-z_-] that follows marker in low to out; false if
 * the marker is absent or nothing follows it. */
bool rhost_code_after(const char *low, const char *marker, char *out, size_t outsz);

extern const struct rhost_family rhost_cox, rhost_franceptt, rhost_godaddy, rhost_google,
	rhost_iua, rhost_kddi, rhost_microsoft, rhost_mimecast, rhost_docomo, rhost_spectrum,
	rhost_tencent, rhost_yahoo;

#define RHOST_N(a) (sizeof(a) / sizeof((a)[0]))

#endif
