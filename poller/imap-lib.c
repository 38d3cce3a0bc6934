/* imap-lib.c: dlopen() GnuTLS and libetpan when the IMAP source is first
 * opened, and fill the table of their functions (imap-lib.h). */
#include <dlfcn.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "poller/imap-lib.h"
#include "util/str.h"

/* The Makefile passes the sonames and packages it found (objdump -p and
 * dpkg -S of the libraries the -dev packages link against). */
#if !defined(IMAP_LIB_GNUTLS) || !defined(IMAP_LIB_ETPAN)
#error "IMAP_LIB_GNUTLS and IMAP_LIB_ETPAN (sonames) come from the Makefile"
#endif
#ifndef IMAP_LIB_GNUTLS_PKG
#define IMAP_LIB_GNUTLS_PKG ""
#endif
#ifndef IMAP_LIB_ETPAN_PKG
#define IMAP_LIB_ETPAN_PKG ""
#endif
_Static_assert(sizeof(IMAP_LIB_GNUTLS) > 1 && sizeof(IMAP_LIB_ETPAN) > 1,
	       "no soname for libgnutls.so or libetpan.so: are libgnutls28-dev and libetpan-dev installed?");

const struct imap_lib_so imap_lib_gnutls_so = {IMAP_LIB_GNUTLS, IMAP_LIB_GNUTLS_PKG};
const struct imap_lib_so imap_lib_etpan_so = {IMAP_LIB_ETPAN, IMAP_LIB_ETPAN_PKG};

struct imap_lib imap_lib;

struct imap_lib_sym {
	const char *name;
	size_t off; /* of its pointer in struct imap_lib */
};

#define IMAP_LIB_SYM(f) {#f, offsetof(struct imap_lib, f)},
static const struct imap_lib_sym gnutls_syms[] = {IMAP_LIB_GNUTLS_FUNCS(IMAP_LIB_SYM)};
static const struct imap_lib_sym etpan_syms[] = {IMAP_LIB_ETPAN_FUNCS(IMAP_LIB_SYM)};
#undef IMAP_LIB_SYM

/* Loaded for good: never dlclose()d once the table is filled. */
static bool loaded;

/* "the IMAP source needs WHAT, which FAILED (WHY): install ..." */
static void say_install(char *err, const char *what, const char *failed, const struct imap_lib_so *so,
			const char *why)
{
	if (so->package[0])
		str_printf(err, SOURCE_ERR_MAX,
			   "the IMAP source needs %s, which %s (%s): install the Debian package %s "
			   "(apt-get install %s)",
			   what, failed, why, so->package, so->package);
	else
		str_printf(err, SOURCE_ERR_MAX,
			   "the IMAP source needs %s, which %s (%s): install the package that holds %s",
			   what, failed, why, so->soname);
}

/* dlopen so and copy the address of each of syms[0..n) into the table. */
static void *open_so(const struct imap_lib_so *so, const struct imap_lib_sym *syms, size_t n,
		     char *err)
{
	/* Lazy binding inside the libraries, as when they were linked (RTLD_NOW
	 * cost 0.3-0.5 ms more); the functions we call are all looked up. */
	void *h = dlopen(so->soname, RTLD_LAZY | RTLD_LOCAL);
	char what[SOURCE_ERR_MAX / 2];

	if (!h) {
		const char *e = dlerror();

		say_install(err, so->soname, "could not be loaded", so, e ? e : "dlopen failed");
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		void *p;

		(void)dlerror();
		p = dlsym(h, syms[i].name);
		if (!p) {
			const char *e = dlerror();

			str_printf(what, sizeof(what), "%s from %s", syms[i].name, so->soname);
			say_install(err, what, "is missing", so, e ? e : "no such symbol");
			(void)dlclose(h);
			return NULL;
		}
		/* POSIX: a data pointer from dlsym() may hold a function's address. */
		memcpy((char *)&imap_lib + syms[i].off, &p, sizeof(p));
	}
	return h;
}

enum source_status imap_lib_load_from(struct imap_lib_so gnutls, struct imap_lib_so etpan, char *err)
{
	void *hg, *he;

	if (loaded)
		return SRC_OK;
	/* GnuTLS first: libetpan needs it too, and a missing one is named. */
	hg = open_so(&gnutls, gnutls_syms, sizeof(gnutls_syms) / sizeof(gnutls_syms[0]), err);
	he = hg ? open_so(&etpan, etpan_syms, sizeof(etpan_syms) / sizeof(etpan_syms[0]), err) : NULL;
	if (!he) {
		if (hg)
			(void)dlclose(hg);
		memset(&imap_lib, 0, sizeof(imap_lib));
		return SRC_CONFIG;
	}
	loaded = true;
	return SRC_OK;
}

enum source_status imap_lib_load(char *err)
{
	return imap_lib_load_from(imap_lib_gnutls_so, imap_lib_etpan_so, err);
}
