/* sqlite-private.h: the SQLite backend's handle, shared by store/sqlite-*.c.
 *
 * The SQL text lives in sqlite-schema.c (migrations) and sqlite-sql.c (the
 * statements, prepared once and cached in struct store); report-queries.c
 * and imap-state.c keep the few statements they prepare per call.
 * sqlite-stmt.c runs them all.
 */
#ifndef BOUNCER_STORE_SQLITE_PRIVATE_H
#define BOUNCER_STORE_SQLITE_PRIVATE_H

#include "store/db.h"
#include "store/sqlite-lib.h" /* <sqlite3.h>, its calls through the loaded table */
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

/* Map an SQLite result code to a status and write "path: what: message" to err. */
enum store_status sqlite_fail(struct store *st, int rc, const char *what, char *err);

/* ---- running statements (sqlite-stmt.c) ---- */

/* The cached statement id, prepared on first use, reset and unbound. */
enum store_status sqlite_stmt(struct store *st, enum sql_id id, sqlite3_stmt **s_r, char *err);

/* One value for a statement's ?1, ?2, ... in that order. */
struct sql_arg {
	enum { SQL_ARG_TEXT, SQL_ARG_TEXT_OR_NULL, SQL_ARG_INT, SQL_ARG_ID } kind;
	const char *text;
	int64_t i;
};
#define SQL_TEXT(v) ((struct sql_arg){.kind = SQL_ARG_TEXT, .text = (v)}) /* NULL binds "" */
#define SQL_TEXT_OR_NULL(v) ((struct sql_arg){.kind = SQL_ARG_TEXT_OR_NULL, .text = (v)})
#define SQL_INT(v) ((struct sql_arg){.kind = SQL_ARG_INT, .i = (int64_t)(v)})
#define SQL_ID(v) ((struct sql_arg){.kind = SQL_ARG_ID, .i = (int64_t)(v)}) /* 0 binds NULL */
/* A statement's arguments: the array and its length (two parameters). */
#define SQL_ARGS(...)                                                                     \
	(const struct sql_arg[]){__VA_ARGS__},                                            \
		sizeof((const struct sql_arg[]){__VA_ARGS__}) / sizeof(struct sql_arg)
#define SQL_NO_ARGS NULL, 0

/* Called with each result row; non-zero stops the statement there. */
typedef int (*sqlite_row_fn)(sqlite3_stmt *s, void *arg);

/* Run the cached statement id with args bound: row (NULL when no row is
 * wanted) gets each result row until it returns non-zero. The statement is
 * reset after, so sqlite3_changes() and sqlite3_last_insert_rowid() still
 * tell about it. A failure is sqlite_fail()'s, saying what was being done. */
enum store_status sqlite_stmt_run(struct store *st, enum sql_id id, const struct sql_arg *args,
				  size_t n, sqlite_row_fn row, void *arg, const char *what,
				  char *err);
/* The same for sql prepared for this one call (and finalized after). */
enum store_status sqlite_stmt_run_sql(struct store *st, const char *sql,
				      const struct sql_arg *args, size_t n, sqlite_row_fn row,
				      void *arg, const char *what, char *err);
/* Row functions: "a row came" (*(bool *)arg = true), and column 0 as an
 * integer (*(int64_t *)arg); both stop at the first row. */
int sqlite_stmt_found(sqlite3_stmt *s, void *found);
int sqlite_stmt_int64(sqlite3_stmt *s, void *v);

/* Bind text (NULL binds ""); an SQLite code. */
int sqlite_bind_text(sqlite3_stmt *s, int i, const char *v);
/* Copy column i as text into dst (NULL -> ""). */
void sqlite_col_text(sqlite3_stmt *s, int i, char *dst, size_t size);

/* Columns of SQL_ADDR_LOAD and SQL_ADDR_LIST, in this order. */
enum addr_col {
	AC_ADDRESS, AC_DOMAIN, AC_STATE, AC_REASON, AC_RULE, AC_BOUNCE_COUNT, AC_FIRST_BOUNCE,
	AC_LAST_BOUNCE, AC_STATE_CHANGED, AC_LAST_STATUS, AC_LAST_REPLYCODE, AC_LAST_DIAGNOSTIC,
	AC_LAST_MESSAGEID, AC_COMPLAINT, AC_MANUAL, AC_NOTE, AC_RESET_AT, AC_COUNTERS_SINCE, AC_WHY
};
/* Fill row from the current result row of an address statement. */
void sqlite_address_row(sqlite3_stmt *s, struct address_row *row);
/* The stored row of address (SQL_ADDR_LOAD); *found_r false and row zeroed
 * when there is none. */
enum store_status sqlite_address_get(struct store *st, const char *address,
				     struct address_row *row, bool *found_r, char *err);

/* Migrate the schema to the newest version (or refuse a newer one). */
enum store_status sqlite_schema_migrate(struct store *st, char *err);
/* Check a read-only database's version without changing anything. */
enum store_status sqlite_schema_check(struct store *st, char *err);

#endif
