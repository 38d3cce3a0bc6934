/* imap-lib.c: dlopen() GnuTLS and libetpan when the IMAP source is first
 * opened, and fill the table of their functions (imap-lib.h). */
#include <dlfcn.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "poller/imap-lib.h"
#include "util/lib-load.h"

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

#define IMAP_LIB_SYM(f) {#f, offsetof(struct imap_lib, f)},
static const struct lib_sym gnutls_syms[] = {IMAP_LIB_GNUTLS_FUNCS(IMAP_LIB_SYM)};
static const struct lib_sym etpan_syms[] = {IMAP_LIB_ETPAN_FUNCS(IMAP_LIB_SYM)};
#undef IMAP_LIB_SYM

/* Loaded for good: never dlclose()d once the table is filled. */
static bool loaded;

static void *open_so(const struct imap_lib_so *so, const struct lib_sym *syms, size_t n, char *err)
{
	return lib_load("the IMAP source", so->soname, so->package, syms, n, &imap_lib, err, SOURCE_ERR_MAX);
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
