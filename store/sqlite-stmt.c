/* sqlite-stmt.c: running a statement: the cached ones by id, and those a
 * file prepares for one call; binding ?1..?n and reading columns.
 *
 * Every store function had the same prepare, bind, step, reset shape;
 * it is written once here, so a function keeps only its SQL, its
 * arguments and what it reads from a row.
 */
#include "store/sqlite-private.h"
#include "util/str.h"

enum store_status sqlite_stmt(struct store *st, enum sql_id id, sqlite3_stmt **s_r, char *err)
{
	const char *sql = sqlite_sql_text(id);
	int rc;

	if (!sql) {
		str_printf(err, STORE_ERR_MAX, "internal error: no statement %d", (int)id);
		return STORE_ERROR;
	}
	if (!st->stmt[id]) {
		rc = sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st->stmt[id],
					NULL);
		if (rc != SQLITE_OK)
			return sqlite_fail(st, rc, "preparing a statement", err);
	}
	sqlite3_reset(st->stmt[id]);
	sqlite3_clear_bindings(st->stmt[id]);
	*s_r = st->stmt[id];
	return STORE_OK;
}

int sqlite_bind_text(sqlite3_stmt *s, int i, const char *v)
{
	return sqlite3_bind_text(s, i, v ? v : "", -1, SQLITE_TRANSIENT);
}

void sqlite_col_text(sqlite3_stmt *s, int i, char *dst, size_t size)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	str_copy(dst, size, t ? (const char *)t : "");
}

static int bind_arg(sqlite3_stmt *s, int i, const struct sql_arg *a)
{
	switch (a->kind) {
	case SQL_ARG_TEXT:
		return sqlite_bind_text(s, i, a->text);
	case SQL_ARG_TEXT_OR_NULL:
		return a->text ? sqlite_bind_text(s, i, a->text) : sqlite3_bind_null(s, i);
	case SQL_ARG_INT:
		return sqlite3_bind_int64(s, i, a->i);
	case SQL_ARG_ID:
		return a->i ? sqlite3_bind_int64(s, i, a->i) : sqlite3_bind_null(s, i);
	}
	return SQLITE_MISUSE;
}

/* Bind args to ?1..?n, then step, handing each row to row until it says
 * stop. An SQLite code: SQLITE_OK when every step went well. */
static int bind_and_step(sqlite3_stmt *s, const struct sql_arg *args, size_t n,
			 sqlite_row_fn row, void *arg)
{
	int rc = SQLITE_OK;

	for (size_t i = 0; i < n && rc == SQLITE_OK; i++)
		rc = bind_arg(s, (int)i + 1, &args[i]);
	if (rc != SQLITE_OK)
		return rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (!row || row(s, arg) != 0)
			return SQLITE_OK;
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

enum store_status sqlite_stmt_run(struct store *st, enum sql_id id, const struct sql_arg *args,
				  size_t n, sqlite_row_fn row, void *arg, const char *what,
				  char *err)
{
	sqlite3_stmt *s;
	enum store_status status = sqlite_stmt(st, id, &s, err);
	int rc;

	if (status != STORE_OK)
		return status;
	rc = bind_and_step(s, args, n, row, arg);
	if (rc != SQLITE_OK)
		status = sqlite_fail(st, rc, what, err);
	sqlite3_reset(s);
	return status;
}

enum store_status sqlite_stmt_run_sql(struct store *st, const char *sql,
				      const struct sql_arg *args, size_t n, sqlite_row_fn row,
				      void *arg, const char *what, char *err)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
	enum store_status status = STORE_OK;

	if (rc == SQLITE_OK)
		rc = bind_and_step(s, args, n, row, arg);
	if (rc != SQLITE_OK)
		status = sqlite_fail(st, rc, what, err);
	sqlite3_finalize(s);
	return status;
}

int sqlite_stmt_found(sqlite3_stmt *s, void *found)
{
	(void)s;
	*(bool *)found = true;
	return 1;
}

int sqlite_stmt_int64(sqlite3_stmt *s, void *v)
{
	*(int64_t *)v = sqlite3_column_int64(s, 0);
	return 1;
}
