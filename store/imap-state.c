/* imap-state.c: the IMAP source's resume state (store.h), one row per
 * mailbox. Written by the IMAP engineer; SQLite.
 *
 * The table is made on first write, not by a migration, so an older
 * database keeps working (like export_marks in report-queries.c). A read
 * from a database without it gives 0/0: scan everything once.
 */
#include <string.h>
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

/* Prepare sql, bind the key as ?1 when given, and step once.
 * *row_r (may be NULL) tells whether a row came back; the statement is
 * returned in *s_r for reading columns (finalize it) or NULL. */
static enum store_status step_once(struct store *st, const char *sql, const char *key,
				   sqlite3_stmt **s_r, bool *row_r, const char *what, char *err)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);

	if (rc == SQLITE_OK && key)
		rc = sqlite_bind_text(s, 1, key);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW || rc == SQLITE_DONE) {
			if (row_r)
				*row_r = rc == SQLITE_ROW;
			rc = SQLITE_OK;
		}
	}
	if (rc != SQLITE_OK) {
		sqlite3_finalize(s);
		return sqlite_fail(st, rc, what, err);
	}
	if (s_r)
		*s_r = s;
	else
		sqlite3_finalize(s);
	return STORE_OK;
}

enum store_status store_imap_state_get(struct store *st, const char *mailbox_key,
				       uint32_t *uidvalidity_r, uint32_t *last_uid_r, char *err)
{
	sqlite3_stmt *s = NULL;
	enum store_status rc;
	bool row = false;

	*uidvalidity_r = 0;
	*last_uid_r = 0;
	rc = step_once(st, sql_exists, NULL, NULL, &row, "looking for the IMAP state", err);
	if (rc != STORE_OK || !row)
		return rc;
	rc = step_once(st, sql_get, mailbox_key, &s, &row, "reading the IMAP state", err);
	if (rc != STORE_OK)
		return rc;
	if (row) {
		sqlite3_int64 uv = sqlite3_column_int64(s, 0), last = sqlite3_column_int64(s, 1);

		/* Only values a UID can have; anything else means "start over". */
		if (uv > 0 && uv <= UINT32_MAX && last >= 0 && last <= UINT32_MAX) {
			*uidvalidity_r = (uint32_t)uv;
			*last_uid_r = (uint32_t)last;
		}
	}
	sqlite3_finalize(s);
	return STORE_OK;
}

enum store_status store_imap_state_set(struct store *st, const char *mailbox_key,
				       uint32_t uidvalidity, uint32_t last_uid, char *err)
{
	sqlite3_stmt *s = NULL;
	enum store_status rc;
	int r;

	if (st->readonly) {
		str_copy(err, STORE_ERR_MAX, "saving the IMAP state: the store is open read-only");
		return STORE_READONLY;
	}
	rc = step_once(st, sql_table, NULL, NULL, NULL, "creating the IMAP state table", err);
	if (rc != STORE_OK)
		return rc;
	r = sqlite3_prepare_v2(st->db, sql_set, -1, &s, NULL);
	if (r == SQLITE_OK)
		r = sqlite_bind_text(s, 1, mailbox_key);
	if (r == SQLITE_OK)
		r = sqlite3_bind_int64(s, 2, uidvalidity);
	if (r == SQLITE_OK)
		r = sqlite3_bind_int64(s, 3, last_uid);
	if (r == SQLITE_OK)
		r = sqlite3_bind_int64(s, 4, (sqlite3_int64)time(NULL));
	if (r == SQLITE_OK)
		r = sqlite3_step(s) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(st->db);
	sqlite3_finalize(s);
	if (r != SQLITE_OK)
		return sqlite_fail(st, r, "saving the IMAP state", err);
	return STORE_OK;
}
