/* sqlite-lib.h (private to store/): SQLite, loaded when a database is
 * first opened.
 *
 * bouncer does not link libsqlite3: loading it (and libm, which it needs)
 * cost every process ~0.2 ms of CPU, a fifth of a whole `bouncer
 * parse` of an empty directory (it is built with BIND_NOW: ~1,600 symbol
 * look-ups, 1.1M instructions, at every start), and only the commands that
 * open the database use it. store_open() calls sqlite_lib_load(), which
 * dlopen()s it by the soname found at build time (Makefile) and fills
 * sqlite_lib with the functions listed here; the macros at the end keep the
 * calls in store/ as they read in SQLite's manual. A function used but not
 * listed fails the link of ./bouncer (it does not link -lsqlite3); one
 * listed but missing from the library fails sqlite_lib_load(), naming it.
 * poller/imap-lib.h does the same for libetpan and GnuTLS.
 *
 * Include this (sqlite-private.h does) instead of <sqlite3.h>.
 */
#ifndef BOUNCER_STORE_SQLITE_LIB_H
#define BOUNCER_STORE_SQLITE_LIB_H

#include <stdbool.h>
#include <stddef.h>
#include <sqlite3.h>

#define SQLITE_LIB_FUNCS(X) \
	X(sqlite3_bind_int64) \
	X(sqlite3_bind_null) \
	X(sqlite3_bind_text) \
	X(sqlite3_busy_timeout) \
	X(sqlite3_changes) \
	X(sqlite3_clear_bindings) \
	X(sqlite3_close) \
	X(sqlite3_column_int) \
	X(sqlite3_column_int64) \
	X(sqlite3_column_text) \
	X(sqlite3_db_readonly) \
	X(sqlite3_errmsg) \
	X(sqlite3_errstr) \
	X(sqlite3_exec) \
	X(sqlite3_extended_result_codes) \
	X(sqlite3_finalize) \
	X(sqlite3_get_autocommit) \
	X(sqlite3_last_insert_rowid) \
	X(sqlite3_open_v2) \
	X(sqlite3_prepare_v2) \
	X(sqlite3_prepare_v3) \
	X(sqlite3_reset) \
	X(sqlite3_step)

/* One pointer per name, of the library's own type: the compiler checks
 * every call against the real prototype. */
struct sqlite_lib {
#define SQLITE_LIB_SLOT(f) __typeof__(f) *f;
	SQLITE_LIB_FUNCS(SQLITE_LIB_SLOT)
#undef SQLITE_LIB_SLOT
};

/* Filled by sqlite_lib_load(); all NULL before. */
extern struct sqlite_lib sqlite_lib;

/* Load SQLite and resolve every function above, once a process: true, or
 * false with err (size bytes) naming the library that could not be loaded,
 * or the function it lacks, and the package to install. Nothing stays
 * loaded after a failure, and a later call tries again. */
bool sqlite_lib_load(char *err, size_t size);

/* The same with another soname and package (tests: a missing library).
 * Once loaded, any call returns true at once. */
bool sqlite_lib_load_from(const char *soname, const char *package, char *err, size_t size);

/* Calls through the table. A function-like macro expands only before "(",
 * so the table's own members are left alone. */
#define sqlite3_bind_int64(...) sqlite_lib.sqlite3_bind_int64(__VA_ARGS__)
#define sqlite3_bind_null(...) sqlite_lib.sqlite3_bind_null(__VA_ARGS__)
#define sqlite3_bind_text(...) sqlite_lib.sqlite3_bind_text(__VA_ARGS__)
#define sqlite3_busy_timeout(...) sqlite_lib.sqlite3_busy_timeout(__VA_ARGS__)
#define sqlite3_changes(...) sqlite_lib.sqlite3_changes(__VA_ARGS__)
#define sqlite3_clear_bindings(...) sqlite_lib.sqlite3_clear_bindings(__VA_ARGS__)
#define sqlite3_close(...) sqlite_lib.sqlite3_close(__VA_ARGS__)
#define sqlite3_column_int(...) sqlite_lib.sqlite3_column_int(__VA_ARGS__)
#define sqlite3_column_int64(...) sqlite_lib.sqlite3_column_int64(__VA_ARGS__)
#define sqlite3_column_text(...) sqlite_lib.sqlite3_column_text(__VA_ARGS__)
#define sqlite3_db_readonly(...) sqlite_lib.sqlite3_db_readonly(__VA_ARGS__)
#define sqlite3_errmsg(...) sqlite_lib.sqlite3_errmsg(__VA_ARGS__)
#define sqlite3_errstr(...) sqlite_lib.sqlite3_errstr(__VA_ARGS__)
#define sqlite3_exec(...) sqlite_lib.sqlite3_exec(__VA_ARGS__)
#define sqlite3_extended_result_codes(...) sqlite_lib.sqlite3_extended_result_codes(__VA_ARGS__)
#define sqlite3_finalize(...) sqlite_lib.sqlite3_finalize(__VA_ARGS__)
#define sqlite3_get_autocommit(...) sqlite_lib.sqlite3_get_autocommit(__VA_ARGS__)
#define sqlite3_last_insert_rowid(...) sqlite_lib.sqlite3_last_insert_rowid(__VA_ARGS__)
#define sqlite3_open_v2(...) sqlite_lib.sqlite3_open_v2(__VA_ARGS__)
#define sqlite3_prepare_v2(...) sqlite_lib.sqlite3_prepare_v2(__VA_ARGS__)
#define sqlite3_prepare_v3(...) sqlite_lib.sqlite3_prepare_v3(__VA_ARGS__)
#define sqlite3_reset(...) sqlite_lib.sqlite3_reset(__VA_ARGS__)
#define sqlite3_step(...) sqlite_lib.sqlite3_step(__VA_ARGS__)

#endif
