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

static enum store_status rq_prepare(struct store *st, const char *sql, sqlite3_stmt **s_r,
				    const char *what, char *err)
{
	int rc = sqlite3_prepare_v2(st->db, sql, -1, s_r, NULL);

	if (rc != SQLITE_OK) {
		*s_r = NULL;
		return sqlite_fail(st, rc, what, err);
	}
	return STORE_OK;
}

/* Step through every row, calling row(s, arg) until it returns non-zero. */
static enum store_status rq_each(struct store *st, sqlite3_stmt *s, int (*row)(sqlite3_stmt *, void *),
				 void *arg, const char *what, char *err)
{
	enum store_status status = STORE_OK;
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (row(s, arg) != 0)
			break;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		status = sqlite_fail(st, rc, what, err);
	sqlite3_finalize(s);
	return status;
}

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
	sqlite3_stmt *s;
	enum store_status rc = rq_prepare(st, sql_events, &s, "reading events", err);

	if (rc != STORE_OK)
		return rc;
	sqlite3_bind_int64(s, 1, (sqlite3_int64)since);
	/* a retry of the same send on the same day is one bounce, not two */
	sqlite_bind_text(s, 2, policy_effect_name(EFFECT_REPEAT));
	return rq_each(st, s, rq_event_row, &a, "reading events", err);
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
	sqlite3_stmt *s;
	enum store_status rc = rq_prepare(st, sql_runs, &s, "reading runs", err);

	if (rc != STORE_OK)
		return rc;
	sqlite3_bind_int64(s, 1, 0);
	sqlite3_bind_int(s, 2, limit > 0 ? limit : -1);
	return rq_each(st, s, rq_run_row, &a, "reading runs", err);
}

static int rq_run_one(sqlite3_stmt *s, void *arg)
{
	rq_run_fill(s, arg);
	return 1;
}

enum store_status store_report_run(struct store *st, int64_t run_id, struct run_row *row_r,
				   char *err)
{
	sqlite3_stmt *s;
	enum store_status rc = rq_prepare(st, sql_runs, &s, "reading a run", err);

	if (rc != STORE_OK)
		return rc;
	memset(row_r, 0, sizeof(*row_r));
	sqlite3_bind_int64(s, 1, run_id);
	sqlite3_bind_int(s, 2, 1);
	rc = rq_each(st, s, rq_run_one, row_r, "reading a run", err);
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
	sqlite3_stmt *load;
	int rc;

	a->status = sqlite_stmt(a->st, SQL_ADDR_LOAD, &load, a->err);
	if (a->status != STORE_OK)
		return 1;
	sqlite_bind_text(load, 1, (const char *)sqlite3_column_text(s, 0));
	rc = sqlite3_step(load);
	if (rc == SQLITE_ROW)
		sqlite_address_row(load, &r);
	sqlite3_reset(load);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		a->status = sqlite_fail(a->st, rc, "loading an address", a->err);
		return 1;
	}
	/* still suppressed: a later unsuppress wins */
	if (rc == SQLITE_ROW && r.state == ADDR_SUPPRESSED)
		return a->cb(&r, a->arg);
	return 0;
}

enum store_status store_report_run_suppressed(struct store *st, int64_t run_id, address_cb cb,
					      void *arg, char *err)
{
	struct rq_address_arg a = {st, cb, arg, STORE_OK, err};
	sqlite3_stmt *s;
	enum store_status rc = rq_prepare(st, sql_run_suppressed, &s, "reading a run's suppressions",
					  err);

	if (rc != STORE_OK)
		return rc;
	sqlite3_bind_int64(s, 1, run_id);
	sqlite_bind_text(s, 2, policy_effect_name(EFFECT_SUPPRESSED));
	rc = rq_each(st, s, rq_address_row, &a, "reading a run's suppressions", err);
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
	sqlite3_stmt *s;
	enum store_status rc = rq_prepare(st, sql_messages, &s, "reading messages", err);

	if (rc != STORE_OK)
		return rc;
	sqlite_bind_text(s, 1, disposition);
	sqlite3_bind_int(s, 2, limit > 0 ? limit : -1);
	return rq_each(st, s, rq_message_row, &a, "reading messages", err);
}

/* ---- export marks ----------------------------------------------------- */

static int rq_mark_row(sqlite3_stmt *s, void *arg)
{
	*(time_t *)arg = (time_t)sqlite3_column_int64(s, 0);
	return 1;
}

enum store_status store_export_mark_get(struct store *st, const char *profile, time_t *mark_r,
					char *err)
{
	sqlite3_stmt *s;
	time_t exists = 0;
	enum store_status rc;

	*mark_r = 0;
	rc = rq_prepare(st, sql_mark_exists, &s, "reading the export mark", err);
	if (rc == STORE_OK)
		rc = rq_each(st, s, rq_mark_row, &exists, "reading the export mark", err);
	if (rc != STORE_OK || !exists)
		return rc; /* no table yet: never exported */
	rc = rq_prepare(st, sql_mark_get, &s, "reading the export mark", err);
	if (rc != STORE_OK)
		return rc;
	sqlite_bind_text(s, 1, profile);
	return rq_each(st, s, rq_mark_row, mark_r, "reading the export mark", err);
}

enum store_status store_export_mark_set(struct store *st, const char *profile, time_t mark,
					char *err)
{
	sqlite3_stmt *s;
	int rc = sqlite3_exec(st->db, sql_mark_table, NULL, NULL, NULL);
	enum store_status status;

	if (rc != SQLITE_OK)
		return sqlite_fail(st, rc, "creating the export mark table", err);
	status = rq_prepare(st, sql_mark_set, &s, "writing the export mark", err);
	if (status != STORE_OK)
		return status;
	sqlite_bind_text(s, 1, profile);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)mark);
	status = sqlite_exec_stmt(st, s, "writing the export mark", err);
	sqlite3_finalize(s);
	return status;
}
