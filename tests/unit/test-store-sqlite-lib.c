/* test-store-sqlite-lib.c: SQLite is loaded when a database is first
 * opened, and a missing library is a clear error from store_open(), not a
 * crash or exit.
 *
 * sqlite-lib.c is compiled into this test (in place of libstore.a's copy)
 * with a soname that does not exist; the real one, which the Makefile
 * passes here as to sqlite-lib.o, is kept for the cases that load. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

static const char *const real_soname = SQLITE_LIB_SONAME;

#undef SQLITE_LIB_SONAME
#define SQLITE_LIB_SONAME "libbouncer-test-missing-sqlite.so.0"
#include "store/sqlite-lib.c"
#include "store/store.h"
#include "util/str.h"

#define HAS(s, part) (strstr((s), (part)) != NULL)

/* Every pointer of the table set (all true) or none (all false). */
static bool table_is(bool set)
{
	for (size_t i = 0; i < sizeof(sqlite_syms) / sizeof(sqlite_syms[0]); i++) {
		void *p;

		memcpy(&p, (const char *)&sqlite_lib + sqlite_syms[i].off, sizeof(p));
		if ((p != NULL) != set)
			return false;
	}
	return true;
}

static char dir[64], db[96];

static void test_missing_from_open(void)
{
	struct store_options o = {.path = db};
	struct store *st = (struct store *)&o; /* set to NULL on failure */
	char err[STORE_ERR_MAX] = "";

	CHECK_INT(store_open(&o, &st, err), STORE_ERROR, "no SQLite: store_open -> STORE_ERROR");
	CHECK(st == NULL, "no SQLite: no store");
	CHECK(HAS(err, "the database needs libbouncer-test-missing-sqlite.so.0, which could not be loaded"),
	      "no SQLite: names the library: %s", err);
	CHECK(HAS(err, "cannot open shared object file"), "no SQLite: says why: %s", err);
	CHECK(access(db, F_OK) != 0, "no SQLite: no file made");
	CHECK(table_is(false), "no SQLite: the table stays empty");
}

static void test_missing_function(void)
{
	char err[STORE_ERR_MAX] = "";

	/* a library that is there but is not SQLite */
	CHECK(!sqlite_lib_load_from("libc.so.6", "libc6", err, sizeof(err)), "libc as SQLite: fails");
	CHECK(HAS(err, "needs sqlite3_") && HAS(err, "from libc.so.6, which is missing") &&
	      HAS(err, "install the Debian package libc6 (apt-get install libc6)"),
	      "names the function missing and the package: %s", err);
	CHECK(!sqlite_lib_load_from("libbouncer-test-missing-sqlite.so.0", "", err, sizeof(err)),
	      "no package known: fails");
	CHECK(HAS(err, "install the package that holds libbouncer-test-missing-sqlite.so.0"),
	      "no package known: says so: %s", err);
	CHECK(table_is(false), "after the failures: the table is empty");
}

static void test_load(void)
{
	struct store_options o = {.path = db};
	struct store *st = NULL;
	char err[STORE_ERR_MAX] = "";

	CHECK(sqlite_lib_load_from(real_soname, "", err, sizeof(err)), "%s loads (%s)", real_soname, err);
	CHECK(table_is(true), "every function resolved");
	CHECK(sqlite_lib_load(err, sizeof(err)), "loaded once: later calls succeed at once");
	CHECK_INT(store_open(&o, &st, err), STORE_OK, "loaded: store_open makes the database (%s)", err);
	store_close(&st);
	CHECK(access(db, F_OK) == 0, "loaded: the file is there");
}

static void setup(void)
{
	str_copy(dir, sizeof(dir), "/tmp/bouncer-sqlite-lib-XXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		exit(1);
	}
	str_printf(db, sizeof(db), "%s/b.db", dir);
}

static void cleanup(void)
{
	static const char *const ends[] = {"", "-wal", "-shm", ".lock"};
	char p[128];

	for (size_t i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
		str_printf(p, sizeof(p), "%s%s", db, ends[i]);
		unlink(p);
	}
	rmdir(dir);
}

static void test_all(void)
{
	setup();
	test_missing_from_open();
	test_missing_function();
	test_load();
	cleanup();
}

TEST_MAIN(test_all)
