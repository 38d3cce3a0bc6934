/* policy.h: what a bounce of each reason does to an address.
 *
 * The guiding rule: suppress an address when the address is bad, never
 * because the sender has a problem. The defaults live in one table in
 * policy.c; the config may override single rules.
 */
#ifndef BOUNCER_STORE_POLICY_H
#define BOUNCER_STORE_POLICY_H

#include <stdbool.h>

#include "parse/bounce.h"

enum policy_action {
	POLICY_SUPPRESS = 0, /* suppress after `after` bounces on `distinct_days` days */
	POLICY_WATCH,        /* same as suppress, but the address is "watch" until then */
	POLICY_SENDER_ALERT, /* the sender has a problem: never blame the address */
	POLICY_IGNORE,       /* nothing happens (vacation) */
	POLICY_RESET         /* a success notice resets the soft counters (delivered) */
};
const char *policy_action_name(enum policy_action a);
bool policy_action_from_name(const char *name, enum policy_action *a_out);

struct policy_rule {
	enum policy_action action;
	int after;            /* bounces needed before suppression */
	int distinct_days;    /* on at least this many different days */
	int window_days;      /* counted within this window (0 = unlimited) */
	int stale_after_days; /* counters restart after this long without a bounce (0 = never) */
};

struct policy {
	struct policy_rule rules[REASON_COUNT];
};

/* The built-in defaults (DEVELOPERS' rules). Never NULL. */
const struct policy *policy_default(void);
/* Copy the defaults into p, for a config to override. */
void policy_init_default(struct policy *p);
const struct policy_rule *policy_rule_for(const struct policy *p, enum reason r);

#endif
