/* store-expire.c: watches lapse when their bounces have gone stale. The
 * policy decides which reasons and after how long; db.h does the update. */
#include "store/db.h"
#include "util/str.h"

enum store_status store_expire_watch(struct store *st, time_t now, long *n_r, char *err)
{
	const struct policy *p = db_policy(st);
	long total = 0;

	for (int r = 0; r < REASON_COUNT; r++) {
		const struct policy_rule *rule = policy_rule_for(p, (enum reason)r);
		char why[POLICY_WHY_MAX];
		long n;
		enum store_status rc;

		if (rule->action != POLICY_WATCH || rule->stale_after_days <= 0)
			continue;
		str_printf(why, sizeof(why),
			   "active: the watch for %s lapsed after %d days without a bounce",
			   reason_name((enum reason)r), rule->stale_after_days);
		rc = db_watch_expire(st, (enum reason)r,
				     now - (time_t)rule->stale_after_days * POLICY_DAY, now, why, &n,
				     err);
		if (rc != STORE_OK)
			return rc;
		total += n;
	}
	if (n_r)
		*n_r = total;
	return STORE_OK;
}
