/* sqlite-admin.c: what a person does by hand (suppress, unsuppress) and
 * retention (prune). */
#include <string.h>

#include "store/sqlite-private.h"
#include "util/str.h"
#include "util/utc.h"

static void day_text(time_t t, char *buf, size_t size)
{
	if (!utc_day(t, buf, size))
		str_copy(buf, size, "?");
}

enum store_status store_suppress_manual(struct store *st, const char *address, const char *note,
					time_t now, char *err)
{
	const char *at = address ? strrchr(address, '@') : NULL;
	char day[16], why[POLICY_WHY_MAX];

	if (!at || at == address || !at[1]) {
		str_printf(err, STORE_ERR_MAX, "%s: not an address", address ? address : "(null)");
		return STORE_ERROR;
	}
	day_text(now, day, sizeof(day));
	str_printf(why, sizeof(why), "suppressed by hand on %s%s%s", day,
		   note && *note ? ": " : "", note ? note : "");
	return sqlite_stmt_run(st, SQL_SUPPRESS,
			       SQL_ARGS(SQL_TEXT(address), SQL_TEXT(at + 1), SQL_INT(now),
					SQL_TEXT(note), SQL_TEXT(why)),
			       NULL, NULL, "suppressing an address", err);
}

enum store_status store_unsuppress(struct store *st, const char *address, const char *note,
				   time_t now, char *err)
{
	char day[16], why[POLICY_WHY_MAX];
	enum store_status rc;

	day_text(now, day, sizeof(day));
	str_printf(why, sizeof(why),
		   "active: unsuppressed by hand on %s%s%s; only bounces from then on count", day,
		   note && *note ? " (" : "", note && *note ? note : "");
	if (note && *note)
		str_printf(why + strlen(why), sizeof(why) - strlen(why), ")");
	rc = sqlite_stmt_run(st, SQL_UNSUPPRESS,
			     SQL_ARGS(SQL_TEXT(address), SQL_INT(now), SQL_TEXT(note), SQL_TEXT(why)),
			     NULL, NULL, "unsuppressing an address", err);
	if (rc == STORE_OK && sqlite3_changes(st->db) == 0) {
		str_printf(err, STORE_ERR_MAX, "%s: no such address in the store", address);
		return STORE_NOTFOUND;
	}
	return rc;
}

/* Run one prune statement with one integer; add the rows it deleted to *n. */
static enum store_status prune_step(struct store *st, enum sql_id id, int64_t v, long *n,
				    char *err)
{
	enum store_status rc = sqlite_stmt_run(st, id, SQL_ARGS(SQL_INT(v)), NULL, NULL, "pruning",
					       err);

	if (rc == STORE_OK)
		*n += sqlite3_changes(st->db);
	return rc;
}

static enum store_status prune_all(struct store *st, long max_events, int max_age_days,
				   time_t now, struct prune_counts *c, char *err)
{
	enum store_status rc = STORE_OK;
	int64_t cutoff = (int64_t)now - (int64_t)max_age_days * POLICY_DAY;

	if (max_events > 0)
		rc = prune_step(st, SQL_PRUNE_PER_ADDR, max_events, &c->events, err);
	if (max_age_days > 0) {
		if (rc == STORE_OK)
			rc = prune_step(st, SQL_PRUNE_EVENTS_AGE, cutoff, &c->events, err);
		if (rc == STORE_OK)
			rc = prune_step(st, SQL_PRUNE_MESSAGES, cutoff, &c->messages, err);
		if (rc == STORE_OK)
			rc = prune_step(st, SQL_PRUNE_RUNS, cutoff, &c->runs, err);
		if (rc == STORE_OK)
			rc = prune_step(st, SQL_PRUNE_ALERTS, cutoff, &c->alerts, err);
	}
	return rc;
}

enum store_status store_prune(struct store *st, long max_events, int max_age_days, time_t now,
			      struct prune_counts *c, char *err)
{
	struct prune_counts local;
	bool own = sqlite3_get_autocommit(st->db) != 0;
	enum store_status rc = STORE_OK;

	if (!c)
		c = &local;
	memset(c, 0, sizeof(*c));
	if (own)
		rc = store_begin(st, err);
	if (rc == STORE_OK)
		rc = prune_all(st, max_events, max_age_days, now, c, err);
	if (own && rc == STORE_OK)
		rc = store_commit(st, err);
	if (own && rc != STORE_OK)
		store_rollback(st);
	return rc;
}

enum store_status db_watch_expire(struct store *st, enum reason r, time_t cutoff, time_t now,
				  const char *why, long *n_r, char *err)
{
	enum store_status rc = sqlite_stmt_run(
		st, SQL_WATCH_EXPIRE,
		SQL_ARGS(SQL_TEXT(reason_name(r)), SQL_INT(cutoff), SQL_INT(now), SQL_TEXT(why)),
		NULL, NULL, "ending stale watches", err);

	*n_r = rc == STORE_OK ? sqlite3_changes(st->db) : 0;
	return rc;
}
