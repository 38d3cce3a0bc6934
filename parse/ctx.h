/* ctx.h: private to the driver (ctx.c, parse.c, verp.c). */
#ifndef BOUNCER_PARSE_CTX_H
#define BOUNCER_PARSE_CTX_H

#include <stdbool.h>
#include <stddef.h>

#include "parse/bounce.h"
#include "parse/lhost-hints.h"
#include "parse/view.h"

struct parse_ctx {
	size_t max_bytes;
	char verp_pattern[BOUNCE_ADDR_MAX]; /* "" = off */
	struct charset_cache *cc;
	struct rhost_index *rhosts; /* rhost.c's index of the known remote hosts */
	struct mime_arena *spare; /* the arena of the last view, emptied, for the next */
	struct lhost_hints_rows *allow; /* parse_allow_make(): the decoder rows, fact by fact */
};

/* parse.c: the tables of the decoder rows that parse_decode() walks
 * (lhost-hints.h), made once; NULL when out of memory. */
struct lhost_hints_rows *parse_allow_make(void);

/* verp.c: decode addr against pattern ("bounce+{local}={domain}@example.com").
 * Returns true and writes local@domain to out when addr matches. */
bool verp_decode(const char *pattern, const char *addr, char *out, size_t outsz);
/* Look for a VERP address in the bounce's envelope headers (X-Original-To,
 * Delivered-To, To, Envelope-To) and decode it. */
bool verp_find(const char *pattern, const struct mail_view *v, char *out, size_t outsz);
/* Apply the VERP rule to res (see QUIRKS.md): with one record naming
 * another address, the VERP address wins and the named one becomes alias;
 * with no record, it becomes the recipient. Returns false when out of memory. */
bool verp_apply(const char *addr, struct parse_result *res);

/* result.c: res as parse_result_init() leaves it, but keeping its records
 * array (when small) for the next message instead of freeing it: one
 * allocation per run rather than per message. */
void parse_result_reset(struct parse_result *res);

#endif
