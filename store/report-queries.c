/* report-queries.c: the reads report/ needs, and the export high-water
 * mark (see report-queries.h). SQLite; written by the report engineer.
 *
 * These run once per report, so their statements are prepared per call
 * instead of being cached in struct store.
 */
#include <string.h>

#include "store/report-queries.h"
#include "store/sqlite-private.h"
#include "util/str.h"

static const char sql_events[] =
	"SELECT e.address, e.reason, e.hard, e.event_time, e.status, e.replycode, e.rhost,"
	" e.diagnostic, coalesce(m.run_id, 0) FROM events e JOIN messages m ON m.id = e.message_id"
	" WHERE e.event_time >= ?1 AND e.effect <> ?2 ORDER BY e.event_time, e.id";
static const char sql_runs[] =
	"SELECT id, command, started_at, coalesce(ended_at, 0), seen, duplicates, bounces,"
	" records, notbounce, review, suppressed, errors, coalesce(outcome, '') FROM runs"
	" WHERE ?1 = 0 OR id = ?1 ORDER BY id DESC LIMIT ?2";
static const char sql_run_suppressed[] =
	"SELECT DISTINCT e.address FROM events e JOIN messages m ON m.id = e.message_id"
	" WHERE m.run_id = ?1 AND e.effect = ?2 ORDER BY e.address";
static const char sql_messages[] =
	"SELECT fingerprint, source, source_id, kind, disposition, why, processed_at,"
	" coalesce(run_id, 0) FROM messages WHERE disposition = ?1"
	" ORDER BY processed_at DESC, id DESC LIMIT ?2";
/* The mark table is made on first use, not by a migration, so that an
 * older database keeps working for reads. */
static const char sql_mark_table[] =
	"CREATE TABLE IF NOT EXISTS export_marks (profile TEXT PRIMARY KEY, mark INTEGER NOT NULL)";
static const char sql_mark_exists[] =
	"SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'export_marks'";
static const char sql_mark_get[] = "SELECT mark FROM export_marks WHERE profile = ?1";
static const char sql_mark_set[] =
	"INSERT INTO export_marks(profile, mark) VALUES (?1, ?2)"
	" ON CONFLICT(profile) DO UPDATE SET mark = excluded.mark";

/* ---- events ----------------------------------------------------------- */

struct rq_event_arg {
	event_cb cb;
	void *arg;
};

static int rq_event_row(sqlite3_stmt *s, void *arg)
{
	struct rq_event_arg *a = arg;
	struct event_row r;
	char reason[32];

	memset(&r, 0, sizeof(r));
	sqlite_col_text(s, 0, r.address, sizeof(r.address));
	sqlite_col_text(s, 1, reason, sizeof(reason));
	if (!reason_from_name(reason, &r.reason))
		r.reason = REASON_UNDEFINED;
	r.hard = sqlite3_column_int(s, 2) != 0;
	r.event_time = (time_t)sqlite3_column_int64(s, 3);
	sqlite_col_text(s, 4, r.status, sizeof(r.status));
	sqlite_col_text(s, 5, r.replycode, sizeof(r.replycode));
	sqlite_col_text(s, 6, r.rhost, sizeof(r.rhost));
	sqlite_col_text(s, 7, r.diagnostic, sizeof(r.diagnostic));
	r.run_id = sqlite3_column_int64(s, 8);
	return a->cb(&r, a->arg);
}

enum store_status store_report_events(struct store *st, time_t since, event_cb cb, void *arg,
				      char *err)
{
	struct rq_event_arg a = {cb, arg};

	/* a retry of the same send on the same day is one bounce, not two */
	return sqlite_stmt_run_sql(st, sql_events,
				   SQL_ARGS(SQL_INT(since), SQL_TEXT(policy_effect_name(EFFECT_REPEAT))),
				   rq_event_row, &a, "reading events", err);
}

/* ---- runs ------------------------------------------------------------- */

static void rq_run_fill(sqlite3_stmt *s, struct run_row *r)
{
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(s, 0);
	sqlite_col_text(s, 1, r->command, sizeof(r->command));
	r->started = (time_t)sqlite3_column_int64(s, 2);
	r->ended = (time_t)sqlite3_column_int64(s, 3);
	r->counts.seen = (long)sqlite3_column_int64(s, 4);
	r->counts.duplicates = (long)sqlite3_column_int64(s, 5);
	r->counts.bounces = (long)sqlite3_column_int64(s, 6);
	r->counts.records = (long)sqlite3_column_int64(s, 7);
	r->counts.notbounce = (long)sqlite3_column_int64(s, 8);
	r->counts.review = (long)sqlite3_column_int64(s, 9);
	r->counts.suppressed = (long)sqlite3_column_int64(s, 10);
	r->counts.errors = (long)sqlite3_column_int64(s, 11);
	sqlite_col_text(s, 12, r->outcome, sizeof(r->outcome));
}

struct rq_run_arg {
	run_cb cb;
	void *arg;
};

static int rq_run_row(sqlite3_stmt *s, void *arg)
{
	struct rq_run_arg *a = arg;
	struct run_row r;

	rq_run_fill(s, &r);
	return a->cb(&r, a->arg);
}

enum store_status store_report_runs(struct store *st, int limit, run_cb cb, void *arg, char *err)
{
	struct rq_run_arg a = {cb, arg};

	return sqlite_stmt_run_sql(st, sql_runs, SQL_ARGS(SQL_INT(0), SQL_INT(limit > 0 ? limit : -1)),
				   rq_run_row, &a, "reading runs", err);
}

static int rq_run_one(sqlite3_stmt *s, void *arg)
{
	rq_run_fill(s, arg);
	return 1;
}

enum store_status store_report_run(struct store *st, int64_t run_id, struct run_row *row_r,
				   char *err)
{
	enum store_status rc;

	memset(row_r, 0, sizeof(*row_r));
	rc = sqlite_stmt_run_sql(st, sql_runs, SQL_ARGS(SQL_INT(run_id), SQL_INT(1)), rq_run_one,
				 row_r, "reading a run", err);
	if (rc == STORE_OK && row_r->id != run_id) {
		str_printf(err, STORE_ERR_MAX, "no run %lld", (long long)run_id);
		return STORE_NOTFOUND;
	}
	return rc;
}

struct rq_address_arg {
	struct store *st;
	address_cb cb;
	void *arg;
	enum store_status status; /* of the address loads */
	char *err;
};

/* Each address through the store's own address statement, so the columns
 * stay those of sqlite_address_row() whatever the schema becomes. */
static int rq_address_row(sqlite3_stmt *s, void *arg)
{
	struct rq_address_arg *a = arg;
	struct address_row r;
	bool found;

	a->status = sqlite_address_get(a->st, (const char *)sqlite3_column_text(s, 0), &r, &found,
				       a->err);
	if (a->status != STORE_OK)
		return 1;
	/* still suppressed: a later unsuppress wins */
	if (found && r.state == ADDR_SUPPRESSED)
		return a->cb(&r, a->arg);
	return 0;
}

enum store_status store_report_run_suppressed(struct store *st, int64_t run_id, address_cb cb,
					      void *arg, char *err)
{
	struct rq_address_arg a = {st, cb, arg, STORE_OK, err};
	enum store_status rc = sqlite_stmt_run_sql(
		st, sql_run_suppressed,
		SQL_ARGS(SQL_INT(run_id), SQL_TEXT(policy_effect_name(EFFECT_SUPPRESSED))),
		rq_address_row, &a, "reading a run's suppressions", err);

	return rc != STORE_OK ? rc : a.status;
}

/* ---- messages --------------------------------------------------------- */

struct rq_message_arg {
	message_cb cb;
	void *arg;
};

static enum message_kind rq_kind(const char *name)
{
	for (int k = MSG_NOT_BOUNCE; k <= MSG_UNREADABLE; k++)
		if (strcmp(message_kind_name((enum message_kind)k), name) == 0)
			return (enum message_kind)k;
	return MSG_UNREADABLE;
}

static int rq_message_row(sqlite3_stmt *s, void *arg)
{
	struct rq_message_arg *a = arg;
	struct message_row r;
	char kind[32];

	memset(&r, 0, sizeof(r));
	sqlite_col_text(s, 0, r.fingerprint, sizeof(r.fingerprint));
	sqlite_col_text(s, 1, r.source, sizeof(r.source));
	sqlite_col_text(s, 2, r.source_id, sizeof(r.source_id));
	sqlite_col_text(s, 3, kind, sizeof(kind));
	r.kind = rq_kind(kind);
	sqlite_col_text(s, 4, r.disposition, sizeof(r.disposition));
	sqlite_col_text(s, 5, r.why, sizeof(r.why));
	r.processed_at = (time_t)sqlite3_column_int64(s, 6);
	r.run_id = sqlite3_column_int64(s, 7);
	return a->cb(&r, a->arg);
}

enum store_status store_report_messages(struct store *st, const char *disposition, int limit,
					message_cb cb, void *arg, char *err)
{
	struct rq_message_arg a = {cb, arg};

	return sqlite_stmt_run_sql(st, sql_messages,
				   SQL_ARGS(SQL_TEXT(disposition), SQL_INT(limit > 0 ? limit : -1)),
				   rq_message_row, &a, "reading messages", err);
}

/* ---- export marks ----------------------------------------------------- */

enum store_status store_export_mark_get(struct store *st, const char *profile, time_t *mark_r,
					char *err)
{
	bool exists = false;
	int64_t mark = 0;
	enum store_status rc;

	*mark_r = 0;
	rc = sqlite_stmt_run_sql(st, sql_mark_exists, SQL_NO_ARGS, sqlite_stmt_found, &exists,
				 "reading the export mark", err);
	if (rc != STORE_OK || !exists)
		return rc; /* no table yet: never exported */
	rc = sqlite_stmt_run_sql(st, sql_mark_get, SQL_ARGS(SQL_TEXT(profile)), sqlite_stmt_int64,
				 &mark, "reading the export mark", err);
	if (rc == STORE_OK)
		*mark_r = (time_t)mark;
	return rc;
}

enum store_status store_export_mark_set(struct store *st, const char *profile, time_t mark,
					char *err)
{
	enum store_status rc = sqlite_stmt_run_sql(st, sql_mark_table, SQL_NO_ARGS, NULL, NULL,
						   "creating the export mark table", err);

	if (rc != STORE_OK)
		return rc;
	return sqlite_stmt_run_sql(st, sql_mark_set, SQL_ARGS(SQL_TEXT(profile), SQL_INT(mark)),
				   NULL, NULL, "writing the export mark", err);
}
