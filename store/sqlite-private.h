/* sqlite-private.h: the SQLite backend's handle, shared by store/sqlite-*.c.
 *
 * All SQL text lives in two files: sqlite-schema.c (migrations) and
 * sqlite-sql.c (the statements, prepared once and cached in struct store).
 */
#ifndef BOUNCER_STORE_SQLITE_PRIVATE_H
#define BOUNCER_STORE_SQLITE_PRIVATE_H

#include <sqlite3.h>

#include "store/db.h"
#include "store/store.h"

enum sql_id {
	SQL_BEGIN,
	SQL_COMMIT,
	SQL_ROLLBACK,
	SQL_SAVEPOINT,
	SQL_RELEASE,
	SQL_ROLLBACK_TO,
	SQL_RUN_BEGIN,
	SQL_RUN_END,
	SQL_MSG_SEEN,
	SQL_MSG_INSERT,
	SQL_ADDR_LOAD,
	SQL_ADDR_SAVE,
	SQL_EVENT_REPEAT,
	SQL_HISTORY,
	SQL_EVENT_INSERT,
	SQL_ALERT_ADD,
	SQL_ADDR_LIST,
	SQL_ADDR_EVENTS,
	SQL_SUPPRESS,
	SQL_UNSUPPRESS,
	SQL_PRUNE_PER_ADDR,
	SQL_PRUNE_MESSAGES,
	SQL_PRUNE_EVENTS_AGE,
	SQL_PRUNE_RUNS,
	SQL_PRUNE_ALERTS,
	SQL_ALERT_LIST,
	SQL_WATCH_EXPIRE,
	SQL_COUNT
};

struct store {
	sqlite3 *db;
	char path[4096];
	bool readonly;
	int lock_fd;                 /* -1 when the run lock is not held */
	struct policy policy;
	sqlite3_stmt *stmt[SQL_COUNT];
};

/* The text of a statement. */
const char *sqlite_sql_text(enum sql_id id);

/* The cached statement id, prepared on first use, reset and unbound. */
enum store_status sqlite_stmt(struct store *st, enum sql_id id, sqlite3_stmt **s_r, char *err);

/* Map an SQLite result code to a status and write "what: message" to err. */
enum store_status sqlite_fail(struct store *st, int rc, const char *what, char *err);

/* Step a statement that returns no rows; reset it after. */
enum store_status sqlite_exec_stmt(struct store *st, sqlite3_stmt *s, const char *what, char *err);

/* Bind helpers: text (NULL binds ""), nullable id. Return an SQLite code. */
int sqlite_bind_text(sqlite3_stmt *s, int i, const char *v);

/* Columns of SQL_ADDR_LOAD and SQL_ADDR_LIST, in this order. */
enum addr_col {
	AC_ADDRESS, AC_DOMAIN, AC_STATE, AC_REASON, AC_RULE, AC_BOUNCE_COUNT, AC_FIRST_BOUNCE,
	AC_LAST_BOUNCE, AC_STATE_CHANGED, AC_LAST_STATUS, AC_LAST_REPLYCODE, AC_LAST_DIAGNOSTIC,
	AC_LAST_MESSAGEID, AC_COMPLAINT, AC_MANUAL, AC_NOTE, AC_RESET_AT, AC_COUNTERS_SINCE, AC_WHY
};
/* Fill row from the current result row of an address statement. */
void sqlite_address_row(sqlite3_stmt *s, struct address_row *row);

/* Copy column i as text into dst (NULL -> ""). */
void sqlite_col_text(sqlite3_stmt *s, int i, char *dst, size_t size);

/* Migrate the schema to the newest version (or refuse a newer one). */
enum store_status sqlite_schema_migrate(struct store *st, char *err);
/* Check a read-only database's version without changing anything. */
enum store_status sqlite_schema_check(struct store *st, char *err);

#endif
