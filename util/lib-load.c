/* lib-load.c: dlopen() a library and fill a caller's table of its
 * functions (lib-load.h). */
#include "util/lib-load.h"

#include <dlfcn.h>
#include <string.h>

#include "util/str.h"

/* "USER needs WHAT, which FAILED (WHY): install ..." */
static void say_install(char *err, size_t size, const char *user, const char *what, const char *failed,
			const char *soname, const char *package, const char *why)
{
	if (package[0])
		str_printf(err, size, "%s needs %s, which %s (%s): install the Debian package %s (apt-get install %s)",
			   user, what, failed, why, package, package);
	else
		str_printf(err, size, "%s needs %s, which %s (%s): install the package that holds %s", user, what,
			   failed, why, soname);
}

void *lib_load(const char *user, const char *soname, const char *package, const struct lib_sym *syms,
	       size_t n, void *table, char *err, size_t err_size)
{
	/* Lazy binding inside the library, as when it was linked (RTLD_NOW
	 * cost libetpan and GnuTLS 0.3-0.5 ms more); the functions we call
	 * are all looked up here. */
	void *h = dlopen(soname, RTLD_LAZY | RTLD_LOCAL);

	if (!h) {
		const char *e = dlerror();

		say_install(err, err_size, user, soname, "could not be loaded", soname, package,
			    e ? e : "dlopen failed");
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		void *p;

		(void)dlerror();
		p = dlsym(h, syms[i].name);
		if (!p) {
			const char *e = dlerror();
			char what[256];

			str_printf(what, sizeof(what), "%s from %s", syms[i].name, soname);
			say_install(err, err_size, user, what, "is missing", soname, package,
				    e ? e : "no such symbol");
			(void)dlclose(h);
			return NULL;
		}
		/* POSIX: a data pointer from dlsym() may hold a function's address. */
		memcpy((char *)table + syms[i].off, &p, sizeof(p));
	}
	return h;
}
