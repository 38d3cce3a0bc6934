/* sqlite-lib.c: dlopen() SQLite when the database is first opened, and
 * fill the table of its functions (sqlite-lib.h). */
#include "store/sqlite-lib.h"

#include <dlfcn.h>
#include <string.h>

#include "util/str.h"

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

struct sqlite_lib_sym {
	const char *name;
	size_t off; /* of its pointer in struct sqlite_lib */
};

#define SQLITE_LIB_SYM(f) {#f, offsetof(struct sqlite_lib, f)},
static const struct sqlite_lib_sym sqlite_syms[] = {SQLITE_LIB_FUNCS(SQLITE_LIB_SYM)};
#undef SQLITE_LIB_SYM

/* Loaded for good: never dlclose()d once the table is filled. */
static bool loaded;

/* "the database needs WHAT, which FAILED (WHY): install ..." */
static void say_install(char *err, size_t size, const char *what, const char *failed, const char *soname,
			const char *package, const char *why)
{
	if (package[0])
		str_printf(err, size,
			   "the database needs %s, which %s (%s): install the Debian package %s (apt-get install %s)",
			   what, failed, why, package, package);
	else
		str_printf(err, size, "the database needs %s, which %s (%s): install the package that holds %s",
			   what, failed, why, soname);
}

bool sqlite_lib_load_from(const char *soname, const char *package, char *err, size_t size)
{
	void *h;

	if (loaded)
		return true;
	h = dlopen(soname, RTLD_LAZY | RTLD_LOCAL);
	if (!h) {
		const char *e = dlerror();

		say_install(err, size, soname, "could not be loaded", soname, package, e ? e : "dlopen failed");
		return false;
	}
	for (size_t i = 0; i < sizeof(sqlite_syms) / sizeof(sqlite_syms[0]); i++) {
		char what[256];
		void *p;

		(void)dlerror();
		p = dlsym(h, sqlite_syms[i].name);
		if (!p) {
			const char *e = dlerror();

			str_printf(what, sizeof(what), "%s from %s", sqlite_syms[i].name, soname);
			say_install(err, size, what, "is missing", soname, package, e ? e : "no such symbol");
			(void)dlclose(h);
			memset(&sqlite_lib, 0, sizeof(sqlite_lib));
			return false;
		}
		/* POSIX: a data pointer from dlsym() may hold a function's address. */
		memcpy((char *)&sqlite_lib + sqlite_syms[i].off, &p, sizeof(p));
	}
	loaded = true;
	return true;
}

bool sqlite_lib_load(char *err, size_t size)
{
	return sqlite_lib_load_from(SQLITE_LIB_SONAME, SQLITE_LIB_PKG, err, size);
}
