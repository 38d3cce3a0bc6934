/* policy-decide.c: what one event does to one address. Plain C, no storage:
 * the store hands in the address and its counted history, and writes back
 * whatever this changes. */
#include <string.h>

#include "store/policy.h"
#include "util/str.h"
#include "util/utc.h"

static void day_text(time_t t, char *buf, size_t size)
{
	if (!utc_day(t, buf, size))
		str_copy(buf, size, "?");
}

static long day_of(time_t t)
{
	return (long)(t / POLICY_DAY) - (t % POLICY_DAY < 0);
}

static bool within(time_t a, time_t b, int days)
{
	time_t d = a > b ? a - b : b - a;

	return days <= 0 || d <= (time_t)days * POLICY_DAY;
}

/* Count the counted bounces of the same action as rule that lie in the
 * window around ev, and their distinct days; ev itself included. */
static void count_window(const struct policy *p, const struct policy_rule *rule,
			 const struct policy_event *ev, const struct policy_past *past, size_t n,
			 struct policy_decision *d)
{
	long days[POLICY_HISTORY_MAX + 1];
	size_t nd = 0;

	days[nd++] = day_of(ev->when);
	d->window_bounces = 1;
	for (size_t i = 0; i < n && i < POLICY_HISTORY_MAX; i++) {
		size_t j;
		long day = day_of(past[i].when);

		if (policy_rule_for(p, past[i].reason)->action != rule->action ||
		    !within(past[i].when, ev->when, rule->window_days))
			continue;
		d->window_bounces++;
		for (j = 0; j < nd && days[j] != day; j++)
			;
		if (j == nd)
			days[nd++] = day;
	}
	d->window_days = (int)nd;
}

/* Latest earlier counted bounce of the same action, 0 when none. */
static time_t latest_before(const struct policy *p, const struct policy_rule *rule, time_t when,
			    const struct policy_past *past, size_t n)
{
	time_t latest = 0;

	for (size_t i = 0; i < n && i < POLICY_HISTORY_MAX; i++)
		if (policy_rule_for(p, past[i].reason)->action == rule->action &&
		    past[i].when <= when && past[i].when > latest)
			latest = past[i].when;
	return latest;
}

static void set_state(struct policy_addr *a, enum addr_state s, enum reason r, time_t now)
{
	if (a->state != s)
		a->state_changed = now;
	a->state = s;
	a->reason = r;
	a->reason_set = true;
}

/* A suppress or watch reason that counts: maybe change the state. */
static void decide_bounce(const struct policy *p, const struct policy_rule *rule,
			  struct policy_addr *a, const struct policy_event *ev,
			  const struct policy_past *past, size_t n, struct policy_decision *d)
{
	const char *name = reason_name(ev->reason);
	char day[16], window[32];
	time_t latest = latest_before(p, rule, ev->when, past, n);

	day_text(ev->when, day, sizeof(day));
	a->bounce_count++;
	if (!a->first_bounce || ev->when < a->first_bounce)
		a->first_bounce = ev->when;
	if (ev->when > a->last_bounce)
		a->last_bounce = ev->when;
	if (ev->reason == REASON_FEEDBACK)
		a->complaint = true;
	d->effect = EFFECT_COUNTED;
	if (a->state == ADDR_SUPPRESSED)
		return; /* already suppressed: only counted */
	if (rule->stale_after_days > 0 && latest &&
	    ev->when - latest > (time_t)rule->stale_after_days * POLICY_DAY) {
		/* The earlier bounces are too old to matter: start again here. */
		d->stale = true;
		a->counters_since = ev->when;
		n = 0;
	}
	count_window(p, rule, ev, past, n, d);
	window[0] = '\0';
	if (rule->window_days > 0)
		str_printf(window, sizeof(window), " within %d days", rule->window_days);
	if (d->window_bounces >= rule->after && d->window_days >= rule->distinct_days) {
		set_state(a, ADDR_SUPPRESSED, ev->reason, ev->now);
		d->effect = EFFECT_SUPPRESSED;
		if (ev->reason == REASON_FEEDBACK)
			str_printf(d->why, sizeof(d->why),
				   "suppressed: the recipient complained (feedback report of %s)", day);
		else if (rule->after <= 1)
			str_printf(d->why, sizeof(d->why),
				   "suppressed: %s suppresses on the first bounce (%s)", name, day);
		else
			str_printf(d->why, sizeof(d->why),
				   "suppressed: %ld %s bounces on %d different days%s; the last, "
				   "%s, on %s", d->window_bounces,
				   rule->action == POLICY_WATCH ? "soft" : name, d->window_days,
				   window, name, day);
		return;
	}
	if (rule->action == POLICY_WATCH) {
		if (a->state != ADDR_WATCH)
			d->effect = EFFECT_WATCH;
		set_state(a, ADDR_WATCH, ev->reason, ev->now);
	}
	str_printf(d->why, sizeof(d->why),
		   "%s: %s on %s; %ld of %d bounces on %d of %d different days%s so far%s",
		   a->state == ADDR_WATCH ? "watch" : "active", name, day, d->window_bounces,
		   rule->after, d->window_days, rule->distinct_days, window,
		   d->stale ? " (earlier bounces had gone stale)" : "");
}

void policy_decide(const struct policy *p, struct policy_addr *a, const struct policy_event *ev,
		   const struct policy_past *past, size_t n_past, struct policy_decision *d)
{
	const struct policy_rule *rule = policy_rule_for(p, ev->reason);
	char day[16];

	memset(d, 0, sizeof(*d));
	d->effect = EFFECT_IGNORED;
	day_text(ev->when, day, sizeof(day));
	if (rule->action == POLICY_IGNORE)
		return;
	if (ev->when < a->counters_since) {
		d->effect = EFFECT_OLD; /* after a reset only newer bounces count */
		return;
	}
	switch (rule->action) {
	case POLICY_RESET:
		d->effect = EFFECT_RESET;
		a->counters_since = ev->when + 1;
		if (a->state == ADDR_SUPPRESSED)
			break; /* only a person lifts a suppression */
		set_state(a, ADDR_ACTIVE, REASON_UNDEFINED, ev->now);
		str_printf(d->why, sizeof(d->why),
			   "active: a delivery on %s reset the soft counters", day);
		break;
	case POLICY_SENDER_ALERT:
		d->effect = ev->repeat ? EFFECT_REPEAT : EFFECT_SENDER_ALERT;
		if (a->state == ADDR_ACTIVE && a->bounce_count == 0)
			str_printf(d->why, sizeof(d->why),
				   "active: %s on %s is a sender-side problem; it counts against "
				   "the domain, not the address", reason_name(ev->reason), day);
		break;
	case POLICY_SUPPRESS:
	case POLICY_WATCH:
		if (ev->temporary)
			d->effect = EFFECT_TEMPORARY;
		else if (ev->repeat)
			d->effect = EFFECT_REPEAT;
		else
			decide_bounce(p, rule, a, ev, past, n_past, d);
		break;
	case POLICY_IGNORE:
		break;
	}
}
