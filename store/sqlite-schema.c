/* sqlite-schema.c: the schema as a list of forward migrations.
 *
 * PRAGMA user_version holds the number of steps applied. Each step runs in
 * its own transaction with the version bump, so a crash leaves a database
 * at one version or the next. Never edit a released step; add one.
 *
 * Addresses compare without ASCII case (COLLATE NOCASE): the parser lowers
 * only the domain, and John@ and john@ are one mailbox everywhere in
 * practice. The first spelling seen is kept.
 */
#include <string.h>

#include "store/sqlite-private.h"
#include "util/str.h"

static const char *const migrations[] = {
	/* 1: the foundation */
	"CREATE TABLE runs ("
	" id INTEGER PRIMARY KEY,"
	" started_at INTEGER NOT NULL,"
	" ended_at INTEGER,"
	" command TEXT NOT NULL,"
	" outcome TEXT,"
	" seen INTEGER NOT NULL DEFAULT 0, duplicates INTEGER NOT NULL DEFAULT 0,"
	" bounces INTEGER NOT NULL DEFAULT 0, records INTEGER NOT NULL DEFAULT 0,"
	" notbounce INTEGER NOT NULL DEFAULT 0, review INTEGER NOT NULL DEFAULT 0,"
	" suppressed INTEGER NOT NULL DEFAULT 0, errors INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE messages ("
	" id INTEGER PRIMARY KEY,"
	" fingerprint TEXT NOT NULL UNIQUE,"
	" source TEXT NOT NULL,"
	" source_id TEXT NOT NULL,"
	" kind TEXT NOT NULL,"
	" disposition TEXT NOT NULL,"
	" why TEXT NOT NULL DEFAULT '',"
	" addresser TEXT NOT NULL DEFAULT '',"
	" messageid TEXT NOT NULL DEFAULT '',"
	" subject TEXT NOT NULL DEFAULT '',"
	" bounce_messageid TEXT NOT NULL DEFAULT '',"
	" n_records INTEGER NOT NULL DEFAULT 0,"
	" processed_at INTEGER NOT NULL,"
	" run_id INTEGER REFERENCES runs(id));"
	"CREATE INDEX messages_processed ON messages(processed_at);"
	"CREATE INDEX messages_disposition ON messages(disposition, processed_at);"
	"CREATE TABLE events ("
	" id INTEGER PRIMARY KEY,"
	" message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,"
	" address TEXT NOT NULL COLLATE NOCASE,"
	" domain TEXT NOT NULL,"
	" alias TEXT NOT NULL DEFAULT '',"
	" reason TEXT NOT NULL,"
	" status TEXT NOT NULL DEFAULT '',"
	" replycode TEXT NOT NULL DEFAULT '',"
	" action TEXT NOT NULL DEFAULT '',"
	" diagnostic TEXT NOT NULL DEFAULT '',"
	" rhost TEXT NOT NULL DEFAULT '',"
	" decodedby TEXT NOT NULL DEFAULT '',"
	" rule TEXT NOT NULL DEFAULT '',"
	" feedbacktype TEXT NOT NULL DEFAULT '',"
	" hard INTEGER NOT NULL DEFAULT 0,"
	" event_time INTEGER NOT NULL,"
	" day INTEGER NOT NULL,"
	" send_key TEXT NOT NULL,"
	" messageid TEXT NOT NULL DEFAULT '',"
	" token TEXT NOT NULL DEFAULT '',"
	" kind INTEGER NOT NULL,"
	" effect TEXT NOT NULL,"
	" counted INTEGER NOT NULL);"
	"CREATE INDEX events_address ON events(address, event_time);"
	"CREATE INDEX events_repeat ON events(address, day, send_key);"
	"CREATE INDEX events_message ON events(message_id);"
	"CREATE INDEX events_domain ON events(domain, event_time);"
	"CREATE TABLE addresses ("
	" address TEXT PRIMARY KEY COLLATE NOCASE,"
	" domain TEXT NOT NULL,"
	" state INTEGER NOT NULL DEFAULT 0,"
	" reason TEXT NOT NULL DEFAULT '',"
	" rule TEXT NOT NULL DEFAULT '',"
	" bounce_count INTEGER NOT NULL DEFAULT 0,"
	" first_bounce INTEGER NOT NULL DEFAULT 0,"
	" last_bounce INTEGER NOT NULL DEFAULT 0,"
	" state_changed INTEGER NOT NULL DEFAULT 0,"
	" last_status TEXT NOT NULL DEFAULT '',"
	" last_replycode TEXT NOT NULL DEFAULT '',"
	" last_diagnostic TEXT NOT NULL DEFAULT '',"
	" last_messageid TEXT NOT NULL DEFAULT '',"
	" complaint INTEGER NOT NULL DEFAULT 0,"
	" manual INTEGER NOT NULL DEFAULT 0,"
	" note TEXT NOT NULL DEFAULT '',"
	" reset_at INTEGER NOT NULL DEFAULT 0,"
	" counters_since INTEGER NOT NULL DEFAULT 0,"
	" why TEXT NOT NULL DEFAULT '');"
	"CREATE INDEX addresses_state ON addresses(state, last_bounce);"
	"CREATE INDEX addresses_domain ON addresses(domain);"
	"CREATE TABLE sender_alerts ("
	" domain TEXT NOT NULL,"
	" day INTEGER NOT NULL,"
	" reason TEXT NOT NULL,"
	" count INTEGER NOT NULL DEFAULT 0,"
	" first_time INTEGER NOT NULL,"
	" last_time INTEGER NOT NULL,"
	" last_diagnostic TEXT NOT NULL DEFAULT '',"
	" PRIMARY KEY (domain, day, reason));",
	/* 2: export high-water marks (report-queries.c also creates it on first
	 * write, hence IF NOT EXISTS) */
	"CREATE TABLE IF NOT EXISTS export_marks ("
	" profile TEXT PRIMARY KEY,"
	" mark INTEGER NOT NULL);",
	/* 3: IMAP resume state per mailbox (imap-state.c also creates it on first
	 * write, hence IF NOT EXISTS) */
	"CREATE TABLE IF NOT EXISTS imap_state ("
	" mailbox TEXT PRIMARY KEY,"
	" uidvalidity INTEGER NOT NULL,"
	" last_uid INTEGER NOT NULL,"
	" updated_at INTEGER NOT NULL);",
};
#define N_MIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))

static enum store_status read_version(struct store *st, int *v_r, char *err)
{
	int64_t v = 0;
	enum store_status rc = sqlite_stmt_run_sql(st, "PRAGMA user_version", SQL_NO_ARGS,
						   sqlite_stmt_int64, &v,
						   "reading the schema version", err);

	*v_r = (int)v;
	return rc;
}

static enum store_status refuse_newer(struct store *st, int v, char *err)
{
	str_printf(err, STORE_ERR_MAX,
		   "%s: schema version %d is newer than this bouncer knows (%d); "
		   "use a newer bouncer", st->path, v, N_MIGRATIONS);
	return STORE_CORRUPT;
}

/* One step inside its own write transaction. The version is read again
 * under the lock, so two processes starting at once migrate only once.
 * *done_r is true when nothing was left to do. */
static enum store_status apply_next(struct store *st, bool *done_r, char *err)
{
	char bump[64];
	enum store_status rc;
	int v, r = sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);

	if (r != SQLITE_OK)
		return sqlite_fail(st, r, "starting a migration", err);
	rc = read_version(st, &v, err);
	if (rc == STORE_OK && v > N_MIGRATIONS)
		rc = refuse_newer(st, v, err);
	if (rc != STORE_OK) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return rc;
	}
	*done_r = v == N_MIGRATIONS;
	r = SQLITE_OK;
	if (!*done_r) {
		str_printf(bump, sizeof(bump), "PRAGMA user_version = %d", v + 1);
		r = sqlite3_exec(st->db, migrations[v], NULL, NULL, NULL);
		if (r == SQLITE_OK)
			r = sqlite3_exec(st->db, bump, NULL, NULL, NULL);
	}
	if (r == SQLITE_OK)
		r = sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
	if (r == SQLITE_OK)
		return STORE_OK;
	rc = sqlite_fail(st, r, "migrating the schema", err);
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/* Version 0 is an empty file, or some other program's database. */
static enum store_status refuse_foreign(struct store *st, char *err)
{
	int64_t n = 0;
	enum store_status rc = sqlite_stmt_run_sql(
		st, "SELECT count(*) FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'", SQL_NO_ARGS,
		sqlite_stmt_int64, &n, "reading the schema", err);

	if (rc != STORE_OK)
		return rc;
	if (n > 0) {
		str_printf(err, STORE_ERR_MAX,
			   "%s: not a bouncer database (it has tables but no bouncer schema "
			   "version); refusing to change it", st->path);
		return STORE_CORRUPT;
	}
	return STORE_OK;
}

enum store_status sqlite_schema_migrate(struct store *st, char *err)
{
	int v;
	bool done = false;
	enum store_status rc = read_version(st, &v, err);

	if (rc != STORE_OK)
		return rc;
	if (v > N_MIGRATIONS)
		return refuse_newer(st, v, err);
	if (v == 0 && (rc = refuse_foreign(st, err)) != STORE_OK)
		return rc;
	while (v < N_MIGRATIONS && !done && rc == STORE_OK) {
		rc = apply_next(st, &done, err);
		v++;
	}
	return rc;
}

enum store_status sqlite_schema_check(struct store *st, char *err)
{
	int v;
	enum store_status rc = read_version(st, &v, err);

	if (rc != STORE_OK)
		return rc;
	if (v > N_MIGRATIONS)
		return refuse_newer(st, v, err);
	if (v == 0) {
		str_printf(err, STORE_ERR_MAX, "%s: not a bouncer database (schema version 0)",
			   st->path);
		return STORE_CORRUPT;
	}
	if (v < N_MIGRATIONS) {
		str_printf(err, STORE_ERR_MAX,
			   "%s: schema version %d is older than %d; run a bouncer command that "
			   "writes (e.g. run) once to upgrade it", st->path, v, N_MIGRATIONS);
		return STORE_CORRUPT;
	}
	return STORE_OK;
}
