/* imap-state.c: the IMAP source's resume state (store.h), one row per
 * mailbox. Written by the IMAP engineer; SQLite.
 *
 * The table is made on first write, not by a migration, so an older
 * database keeps working (like export_marks in report-queries.c). A read
 * from a database without it gives 0/0: scan everything once.
 */
#include <time.h>

#include "store/sqlite-private.h"
#include "util/str.h"

static const char sql_table[] =
	"CREATE TABLE IF NOT EXISTS imap_state (mailbox TEXT PRIMARY KEY,"
	" uidvalidity INTEGER NOT NULL, last_uid INTEGER NOT NULL, updated_at INTEGER NOT NULL)";
static const char sql_exists[] =
	"SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'imap_state'";
static const char sql_get[] = "SELECT uidvalidity, last_uid FROM imap_state WHERE mailbox = ?1";
static const char sql_set[] =
	"INSERT INTO imap_state(mailbox, uidvalidity, last_uid, updated_at) VALUES (?1, ?2, ?3, ?4)"
	" ON CONFLICT(mailbox) DO UPDATE SET uidvalidity = excluded.uidvalidity,"
	" last_uid = excluded.last_uid, updated_at = excluded.updated_at";

struct imap_state {
	uint32_t uidvalidity, last_uid;
};

static int imap_state_row(sqlite3_stmt *s, void *arg)
{
	struct imap_state *is = arg;
	sqlite3_int64 uv = sqlite3_column_int64(s, 0), last = sqlite3_column_int64(s, 1);

	/* Only values a UID can have; anything else means "start over". */
	if (uv > 0 && uv <= UINT32_MAX && last >= 0 && last <= UINT32_MAX) {
		is->uidvalidity = (uint32_t)uv;
		is->last_uid = (uint32_t)last;
	}
	return 1;
}

enum store_status store_imap_state_get(struct store *st, const char *mailbox_key,
				       uint32_t *uidvalidity_r, uint32_t *last_uid_r, char *err)
{
	struct imap_state is = {0, 0};
	bool exists = false;
	enum store_status rc;

	*uidvalidity_r = 0;
	*last_uid_r = 0;
	rc = sqlite_stmt_run_sql(st, sql_exists, SQL_NO_ARGS, sqlite_stmt_found, &exists,
				 "looking for the IMAP state", err);
	if (rc != STORE_OK || !exists)
		return rc;
	rc = sqlite_stmt_run_sql(st, sql_get, SQL_ARGS(SQL_TEXT(mailbox_key)), imap_state_row, &is,
				 "reading the IMAP state", err);
	if (rc == STORE_OK) {
		*uidvalidity_r = is.uidvalidity;
		*last_uid_r = is.last_uid;
	}
	return rc;
}

enum store_status store_imap_state_set(struct store *st, const char *mailbox_key,
				       uint32_t uidvalidity, uint32_t last_uid, char *err)
{
	enum store_status rc;

	if (st->readonly) {
		str_copy(err, STORE_ERR_MAX, "saving the IMAP state: the store is open read-only");
		return STORE_READONLY;
	}
	rc = sqlite_stmt_run_sql(st, sql_table, SQL_NO_ARGS, NULL, NULL,
				 "creating the IMAP state table", err);
	if (rc != STORE_OK)
		return rc;
	return sqlite_stmt_run_sql(st, sql_set,
				   SQL_ARGS(SQL_TEXT(mailbox_key), SQL_INT(uidvalidity),
					    SQL_INT(last_uid), SQL_INT(time(NULL))),
				   NULL, NULL, "saving the IMAP state", err);
}
