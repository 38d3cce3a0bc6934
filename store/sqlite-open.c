/* sqlite-open.c: open and close the database, the run lock, transactions,
 * and the mapping of SQLite errors to store statuses. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "store/sqlite-private.h"
#include "util/str.h"

#define DEFAULT_BUSY_MS 5000

/* Is the directory holding path writable by us? 0 yes, else the errno of
 * access(2): ENOENT when the directory does not exist, EACCES/EROFS when it
 * cannot be written. */
static int dir_writable(const char *path)
{
	char dir[4096];
	char *slash;

	if (str_copy(dir, sizeof(dir), path))
		return ENAMETOOLONG;
	slash = strrchr(dir, '/');
	if (!slash)
		return access(".", W_OK) == 0 ? 0 : errno;
	if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	return access(dir, W_OK) == 0 ? 0 : errno;
}

enum store_status sqlite_fail(struct store *st, int rc, const char *what, char *err)
{
	enum store_status s = STORE_ERROR;
	const char *msg = st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc);
	const char *hint = "";

	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		s = STORE_BUSY;
		hint = " (another process kept the database busy past the timeout)";
		break;
	case SQLITE_FULL:
		s = STORE_FULL;
		hint = " (disk full)";
		break;
	case SQLITE_READONLY:
		s = STORE_READONLY;
		break;
	case SQLITE_CANTOPEN:
		switch (dir_writable(st->path)) {
		case 0:
			break;
		case ENOENT:
			s = STORE_READONLY;
			hint = " (its directory does not exist: create it, or set database in the config)";
			break;
		default:
			s = STORE_READONLY;
			hint = " (its directory is not writable)";
			break;
		}
		break;
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		s = STORE_CORRUPT;
		hint = " (not a bouncer database, or damaged)";
		break;
	default:
		break;
	}
	str_printf(err, STORE_ERR_MAX, "%s: %s: %s%s", st->path, what, msg, hint);
	return s;
}

static enum store_status exec_pragma(struct store *st, const char *sql, char *err)
{
	int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);

	if (rc != SQLITE_OK)
		return sqlite_fail(st, rc, sql, err);
	return STORE_OK;
}

static enum store_status open_db(struct store *st, const struct store_options *opt, char *err)
{
	int flags = SQLITE_OPEN_NOMUTEX | (opt->readonly ? SQLITE_OPEN_READONLY
							  : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
	int rc;

	if (opt->readonly && access(opt->path, F_OK) != 0) {
		str_printf(err, STORE_ERR_MAX, "%s: no database yet (nothing has been run)",
			   opt->path);
		return STORE_NOTFOUND;
	}
	rc = sqlite3_open_v2(opt->path, &st->db, flags, NULL);
	if (rc != SQLITE_OK)
		return sqlite_fail(st, rc, "opening the database", err);
	sqlite3_extended_result_codes(st->db, 1);
	if (!opt->readonly && sqlite3_db_readonly(st->db, "main") == 1) {
		/* SQLite silently falls back to read-only on a write-protected file. */
		str_printf(err, STORE_ERR_MAX, "%s: the database file is not writable", st->path);
		return STORE_READONLY;
	}
	sqlite3_busy_timeout(st->db, opt->busy_timeout_ms > 0 ? opt->busy_timeout_ms
							      : DEFAULT_BUSY_MS);
	return STORE_OK;
}

/* Check that the file is a database at all before touching its journal mode. */
static enum store_status probe(struct store *st, char *err)
{
	return exec_pragma(st, "SELECT count(*) FROM sqlite_schema", err);
}

enum store_status store_open(const struct store_options *opt, struct store **st_r, char *err)
{
	struct store *st;
	enum store_status rc;

	*st_r = NULL;
	if (!opt || !opt->path || !*opt->path) {
		str_copy(err, STORE_ERR_MAX, "no database path");
		return STORE_ERROR;
	}
	if (!sqlite_lib_load(err, STORE_ERR_MAX))
		return STORE_ERROR;
	st = calloc(1, sizeof(*st));
	if (!st) {
		str_copy(err, STORE_ERR_MAX, "out of memory");
		return STORE_ERROR;
	}
	st->lock_fd = -1;
	st->readonly = opt->readonly;
	if (opt->policy)
		st->policy = *opt->policy;
	else
		policy_init_default(&st->policy);
	if (str_copy(st->path, sizeof(st->path), opt->path)) {
		str_copy(err, STORE_ERR_MAX, "database path too long");
		free(st);
		return STORE_ERROR;
	}
	rc = open_db(st, opt, err);
	if (rc == STORE_OK)
		rc = probe(st, err);
	if (rc == STORE_OK)
		rc = exec_pragma(st, "PRAGMA foreign_keys = ON", err);
	if (rc == STORE_OK)
		rc = opt->readonly ? sqlite_schema_check(st, err) : sqlite_schema_migrate(st, err);
	/* Only now, so that a database we refuse is left exactly as it was. */
	if (rc == STORE_OK && !opt->readonly)
		rc = exec_pragma(st, "PRAGMA journal_mode = WAL", err);
	/* FULL: a commit must survive a power cut, because the mail leaves the
	 * inbox right after it. One fsync per batch is cheap. */
	if (rc == STORE_OK && !opt->readonly)
		rc = exec_pragma(st, "PRAGMA synchronous = FULL", err);
	if (rc != STORE_OK) {
		store_close(&st);
		return rc;
	}
	*st_r = st;
	return STORE_OK;
}

void store_close(struct store **stp)
{
	struct store *st = stp ? *stp : NULL;

	if (!st)
		return;
	for (int i = 0; i < SQL_COUNT; i++)
		sqlite3_finalize(st->stmt[i]);
	sqlite3_close(st->db);
	if (st->lock_fd >= 0)
		close(st->lock_fd); /* releases the flock */
	free(st);
	*stp = NULL;
}

enum store_status store_lock_run(struct store *st, char *err)
{
	char lock[4096 + 8];
	int fd;

	if (st->lock_fd >= 0)
		return STORE_OK;
	if (str_printf(lock, sizeof(lock), "%s.lock", st->path)) {
		str_copy(err, STORE_ERR_MAX, "lock file path too long");
		return STORE_ERROR;
	}
	fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		int e = errno;

		str_printf(err, STORE_ERR_MAX, "%s: %s", lock, strerror(e));
		return (e == EACCES || e == EROFS || e == EPERM) ? STORE_READONLY : STORE_ERROR;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		int e = errno;

		close(fd);
		if (e == EWOULDBLOCK) {
			str_printf(err, STORE_ERR_MAX,
				   "%s: another bouncer run holds this lock; try again later", lock);
			return STORE_BUSY;
		}
		str_printf(err, STORE_ERR_MAX, "%s: %s", lock, strerror(e));
		return STORE_ERROR;
	}
	st->lock_fd = fd;
	return STORE_OK;
}

static enum store_status run_simple(struct store *st, enum sql_id id, const char *what, char *err)
{
	return sqlite_stmt_run(st, id, SQL_NO_ARGS, NULL, NULL, what, err);
}

enum store_status store_begin(struct store *st, char *err)
{
	return run_simple(st, SQL_BEGIN, "starting a transaction", err);
}

enum store_status store_commit(struct store *st, char *err)
{
	return run_simple(st, SQL_COMMIT, "committing", err);
}

void store_rollback(struct store *st)
{
	char err[STORE_ERR_MAX];

	if (!sqlite3_get_autocommit(st->db))
		(void)run_simple(st, SQL_ROLLBACK, "rolling back", err);
}

const struct policy *db_policy(struct store *st)
{
	return &st->policy;
}

enum store_status db_savepoint(struct store *st, char *err)
{
	return run_simple(st, SQL_SAVEPOINT, "starting a savepoint", err);
}

enum store_status db_release(struct store *st, char *err)
{
	return run_simple(st, SQL_RELEASE, "releasing a savepoint", err);
}

void db_rollback_to(struct store *st)
{
	char err[STORE_ERR_MAX];

	(void)run_simple(st, SQL_ROLLBACK_TO, "rolling back a savepoint", err);
	(void)run_simple(st, SQL_RELEASE, "releasing a savepoint", err);
}
