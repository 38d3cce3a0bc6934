/* policy.c: the default rule per reason, and the names of actions and effects.
 *
 * One row per reason so a reader can check the whole policy at a glance.
 * Guiding rule: blame the address only when the address is bad; problems of
 * the sender (blocks, reputation, TLS, content) count against the domain.
 */
#include <string.h>

#include "store/policy.h"

/* {action, after, distinct_days, window_days, stale_after_days} */
#define AT_ONCE {POLICY_SUPPRESS, 1, 1, 0, 0}
#define TWO_DAYS {POLICY_SUPPRESS, 2, 2, 0, 0}
#define SOFT {POLICY_WATCH, 3, 3, 30, 14}
#define ALERT {POLICY_SENDER_ALERT, 0, 0, 0, 0}
#define IGNORE {POLICY_IGNORE, 0, 0, 0, 0}
#define RESET {POLICY_RESET, 0, 0, 0, 0}

static const struct policy default_policy = {{
	[REASON_UNDEFINED] = SOFT,
	[REASON_AUTHFAILURE] = ALERT,
	[REASON_BADREPUTATION] = ALERT,
	[REASON_BLOCKED] = ALERT,
	[REASON_CONTENTERROR] = ALERT,
	[REASON_DELIVERED] = RESET,
	[REASON_EXCEEDLIMIT] = SOFT,
	[REASON_EXPIRED] = SOFT,
	[REASON_FAILEDSTARTTLS] = ALERT,
	[REASON_FEEDBACK] = AT_ONCE, /* also marks the address as a complaint */
	[REASON_FILTERED] = SOFT,
	[REASON_HASMOVED] = AT_ONCE,
	[REASON_HOSTUNKNOWN] = TWO_DAYS, /* DNS can fail for a day; twice is a dead domain */
	[REASON_MAILBOXFULL] = SOFT,
	[REASON_MAILERERROR] = SOFT,
	[REASON_MESGTOOBIG] = ALERT,
	[REASON_NETWORKERROR] = SOFT,
	[REASON_NORELAYING] = ALERT,
	[REASON_NOTACCEPT] = AT_ONCE,
	[REASON_NOTCOMPLIANTRFC] = ALERT,
	[REASON_ONHOLD] = SOFT,
	[REASON_POLICYVIOLATION] = ALERT,
	[REASON_REJECTED] = ALERT,
	[REASON_REQUIREPTR] = ALERT,
	[REASON_SECURITYERROR] = ALERT,
	[REASON_SPAMDETECTED] = ALERT,
	[REASON_SPEEDING] = ALERT,
	[REASON_SUPPRESSED] = AT_ONCE,
	[REASON_SUSPEND] = SOFT,
	[REASON_SYNTAXERROR] = SOFT,
	[REASON_SYSTEMERROR] = SOFT,
	[REASON_SYSTEMFULL] = SOFT,
	[REASON_TOOMANYCONN] = SOFT,
	[REASON_USERUNKNOWN] = AT_ONCE,
	[REASON_VACATION] = IGNORE,
	[REASON_VIRUSDETECTED] = ALERT,
}};

static const char *const action_names[] = {
	[POLICY_SUPPRESS] = "suppress",
	[POLICY_WATCH] = "watch",
	[POLICY_SENDER_ALERT] = "sender_alert",
	[POLICY_IGNORE] = "ignore",
	[POLICY_RESET] = "reset",
};
#define N_ACTIONS (sizeof(action_names) / sizeof(action_names[0]))

static const char *const effect_names[EFFECT_COUNT] = {
	[EFFECT_IGNORED] = "ignored",
	[EFFECT_OLD] = "old",
	[EFFECT_REPEAT] = "repeat",
	[EFFECT_TEMPORARY] = "temporary",
	[EFFECT_COUNTED] = "counted",
	[EFFECT_WATCH] = "watch",
	[EFFECT_SUPPRESSED] = "suppressed",
	[EFFECT_RESET] = "reset",
	[EFFECT_SENDER_ALERT] = "sender_alert",
};

const struct policy *policy_default(void)
{
	return &default_policy;
}

void policy_init_default(struct policy *p)
{
	*p = default_policy;
}

const struct policy_rule *policy_rule_for(const struct policy *p, enum reason r)
{
	if ((unsigned)r >= REASON_COUNT)
		r = REASON_UNDEFINED;
	return &p->rules[r];
}

enum policy_count policy_count_for(const struct policy *p, enum reason r)
{
	switch (policy_rule_for(p, r)->action) {
	case POLICY_SUPPRESS:
	case POLICY_WATCH:
		return POLICY_COUNT_ADDRESS;
	case POLICY_SENDER_ALERT:
		return POLICY_COUNT_DOMAIN;
	case POLICY_IGNORE:
	case POLICY_RESET:
		break;
	}
	return POLICY_COUNT_NONE;
}

const char *policy_action_name(enum policy_action a)
{
	if ((unsigned)a >= N_ACTIONS)
		return "unknown";
	return action_names[a];
}

bool policy_action_from_name(const char *name, enum policy_action *a_out)
{
	for (size_t i = 0; i < N_ACTIONS; i++) {
		if (strcmp(action_names[i], name) == 0) {
			*a_out = (enum policy_action)i;
			return true;
		}
	}
	return false;
}

const char *policy_effect_name(enum policy_effect e)
{
	if ((unsigned)e >= EFFECT_COUNT)
		return "unknown";
	return effect_names[e];
}

bool policy_effect_counts(enum policy_effect e)
{
	return e == EFFECT_COUNTED || e == EFFECT_WATCH || e == EFFECT_SUPPRESSED ||
	       e == EFFECT_SENDER_ALERT;
}
