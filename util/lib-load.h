/* lib-load.h: a shared library loaded on first use (dlopen), its functions
 * copied into a table of pointers that the callers' macros call through.
 * poller/imap-lib.c (GnuTLS, libetpan) and store/sqlite-lib.c (SQLite) use
 * it: a process that never opens an IMAP source or the database does not
 * pay for loading them. */
#ifndef BOUNCER_UTIL_LIB_LOAD_H
#define BOUNCER_UTIL_LIB_LOAD_H

#include <stddef.h>

/* One function of the library: its name, and where its pointer goes in
 * the caller's table (offsetof). */
struct lib_sym {
	const char *name;
	size_t off;
};

/* dlopen soname and copy the address of each of syms[0..n) into table.
 * Returns the handle, or NULL with err set to "USER needs WHAT, which
 * FAILED (WHY): install the Debian package PACKAGE (apt-get install ...)"
 * (package "" when not known: then the soname is named), the table then
 * partly filled: the caller clears it. */
void *lib_load(const char *user, const char *soname, const char *package, const struct lib_sym *syms,
	       size_t n, void *table, char *err, size_t err_size);

#endif
