/* sqlite-lib.c: dlopen() SQLite when the database is first opened, and
 * fill the table of its functions (sqlite-lib.h). */
#include "store/sqlite-lib.h"

#include <string.h>

#include "util/lib-load.h"

/* The Makefile passes the soname and package it found (objdump -p and
 * dpkg -S of the library libsqlite3-dev links against). */
#ifndef SQLITE_LIB_SONAME
#error "SQLITE_LIB_SONAME comes from the Makefile"
#endif
#ifndef SQLITE_LIB_PKG
#define SQLITE_LIB_PKG ""
#endif
_Static_assert(sizeof(SQLITE_LIB_SONAME) > 1, "no soname for libsqlite3.so: is libsqlite3-dev installed?");

struct sqlite_lib sqlite_lib;

#define SQLITE_LIB_SYM(f) {#f, offsetof(struct sqlite_lib, f)},
static const struct lib_sym sqlite_syms[] = {SQLITE_LIB_FUNCS(SQLITE_LIB_SYM)};
#undef SQLITE_LIB_SYM

/* Loaded for good: never dlclose()d once the table is filled. */
static bool loaded;

bool sqlite_lib_load_from(const char *soname, const char *package, char *err, size_t size)
{
	if (loaded)
		return true;
	if (!lib_load("the database", soname, package, sqlite_syms, sizeof(sqlite_syms) / sizeof(sqlite_syms[0]),
		      &sqlite_lib, err, size)) {
		memset(&sqlite_lib, 0, sizeof(sqlite_lib));
		return false;
	}
	loaded = true;
	return true;
}

bool sqlite_lib_load(char *err, size_t size)
{
	return sqlite_lib_load_from(SQLITE_LIB_SONAME, SQLITE_LIB_PKG, err, size);
}
