/* policy.h: what a bounce of each reason does to an address.
 *
 * The guiding rule: suppress an address when the address is bad, never
 * because the sender has a problem. The defaults live in one table in
 * policy.c; the config may override single rules.
 *
 * How events are counted (policy-decide.c, store-apply.c):
 * - An event's time is the bounce's own date: the record's timestamp, else
 *   the bounce's Date:, else the processing time (also used for dates more
 *   than a day in the future). Days are UTC days.
 * - One send (same original Message-ID; without one, the same bounce) counts
 *   at most once per address and day, so several records for one address in
 *   one bounce and retries of one send count once ("repeat").
 * - Suppress and watch reasons are counted together within their action
 *   (all watch reasons add up; hostunknown counts with the suppress reasons).
 *   `after` bounces on `distinct_days` days within `window_days` of the new
 *   one suppress. A gap of more than `stale_after_days` since the previous
 *   counted bounce restarts the count at the new one.
 * - Delay notices (BOUNCE_F_TEMPORARY) are recorded, never counted.
 * - delivered restarts the counters (watch -> active) but never lifts a
 *   suppression; only a person does (store_unsuppress), and after that only
 *   bounces dated from then on count ("old" otherwise).
 * - Sender alerts leave the address as it is and count against the domain.
 */
#ifndef BOUNCER_STORE_POLICY_H
#define BOUNCER_STORE_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "parse/bounce.h"

/* An address's state. Suppressed stays suppressed until a manual unsuppress. */
enum addr_state { ADDR_ACTIVE = 0, ADDR_WATCH, ADDR_SUPPRESSED };

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
/* The rule for r; an out-of-range r gets the rule of "undefined". Never NULL. */
const struct policy_rule *policy_rule_for(const struct policy *p, enum reason r);

/* What an event counts against, for the "once per day per send" rule:
 * POLICY_COUNT_ADDRESS (suppress/watch reasons), POLICY_COUNT_DOMAIN
 * (sender alerts) or POLICY_COUNT_NONE (ignore, reset). */
enum policy_count { POLICY_COUNT_NONE = 0, POLICY_COUNT_ADDRESS, POLICY_COUNT_DOMAIN };
enum policy_count policy_count_for(const struct policy *p, enum reason r);

/* ---- the decision, in plain C (no storage) ------------------------------
 * The store loads an address and its counted history, asks policy_decide()
 * what one new event does, then writes the result back. */

#define POLICY_DAY 86400
#define POLICY_HISTORY_MAX 256 /* counted events looked at per decision */
#define POLICY_WHY_MAX 256

/* The address as the policy sees it; policy_decide() updates it in place. */
struct policy_addr {
	enum addr_state state;
	enum reason reason;      /* reason of the current state (watch/suppressed) */
	long bounce_count;       /* counted bounces, all time */
	bool complaint;          /* a feedback report was received */
	time_t first_bounce, last_bounce; /* of counted bounces; 0 = none */
	time_t state_changed;    /* processing time of the last state change */
	time_t counters_since;   /* events dated before this never count (reset, stale, unsuppress) */
	bool reason_set;         /* policy_decide() set state and reason (else keep the stored reason) */
};

/* One earlier counted event of the address (dated >= counters_since). */
struct policy_past {
	time_t when;
	enum reason reason;
};

struct policy_event {
	enum reason reason;
	time_t when;       /* the bounce's own date */
	time_t now;        /* processing time */
	bool temporary;    /* a delay notice: recorded, never counted (the final failure counts) */
	bool repeat;       /* this address was already counted today for the same send */
};

/* What happened to an event; stored with it (policy_effect_name()). */
enum policy_effect {
	EFFECT_IGNORED = 0, /* reason with action ignore */
	EFFECT_OLD,         /* dated before counters_since: history only */
	EFFECT_REPEAT,      /* same address, day and send already counted */
	EFFECT_TEMPORARY,   /* delay notice */
	EFFECT_COUNTED,     /* counted; state unchanged */
	EFFECT_WATCH,       /* counted; the address is now on watch */
	EFFECT_SUPPRESSED,  /* counted; the address is now suppressed */
	EFFECT_RESET,       /* success notice: soft counters restarted */
	EFFECT_SENDER_ALERT,/* counted against the destination domain */
	EFFECT_COUNT
};
const char *policy_effect_name(enum policy_effect e);
/* True for effects that count (a later event of the same day and send is a repeat). */
bool policy_effect_counts(enum policy_effect e);

struct policy_decision {
	enum policy_effect effect;
	bool stale;                 /* counters restarted because the last bounce was too long ago */
	long window_bounces;        /* counted bounces in the window, this one included */
	int window_days;            /* distinct days among them */
	char why[POLICY_WHY_MAX];   /* sentence for the address, "" = keep the old one */
};

/* Decide what ev does to a, given the address's earlier counted events past
 * (any order, at most POLICY_HISTORY_MAX are used). Updates a and fills d. */
void policy_decide(const struct policy *p, struct policy_addr *a, const struct policy_event *ev,
		   const struct policy_past *past, size_t n_past, struct policy_decision *d);

#endif
