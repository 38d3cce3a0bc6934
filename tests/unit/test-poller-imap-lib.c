/* test-poller-imap-lib.c: libetpan and GnuTLS are loaded on first use, and
 * a missing one is a clear error from imap_open(), not a crash or exit.
 *
 * imap-lib.c is compiled into this test (in place of libpoller.a's copy)
 * with a GnuTLS soname that does not exist; the real sonames, which the
 * Makefile passes here as to imap-lib.o, are kept for the cases that load. */
#include <string.h>

#include "harness.h"

static const struct {
	const char *gnutls, *etpan;
} real = {IMAP_LIB_GNUTLS, IMAP_LIB_ETPAN};

#undef IMAP_LIB_GNUTLS
#define IMAP_LIB_GNUTLS "libbouncer-test-missing.so.0"
#include "poller/imap-lib.c"
#include "poller/imap.h"

#define HAS(s, part) (strstr((s), (part)) != NULL)

/* Every pointer of the table set (all true) or none (all false). */
static bool table_is(bool set)
{
	const struct lib_sym *lists[2] = {gnutls_syms, etpan_syms};
	size_t ns[2] = {sizeof(gnutls_syms) / sizeof(gnutls_syms[0]),
			sizeof(etpan_syms) / sizeof(etpan_syms[0])};

	for (int l = 0; l < 2; l++)
		for (size_t i = 0; i < ns[l]; i++) {
			void *p;

			memcpy(&p, (const char *)&imap_lib + lists[l][i].off, sizeof(p));
			if ((p != NULL) != set)
				return false;
		}
	return true;
}

static struct imap_source_options opts(void)
{
	struct imap_source_options o = {
		.host = "127.0.0.1", .port = 1, .tls = IMAP_TLS_MODE_IMAPS,
		.username = "u", .password = "p", .timeout_s = 2,
	};

	return o;
}

static void test_missing_from_open(void)
{
	struct imap_source_options o = opts();
	struct source dummy, *s = &dummy;
	char err[SOURCE_ERR_MAX] = "";

	CHECK_INT(imap_open(&o, &s, err), SRC_CONFIG, "no GnuTLS: imap_open -> SRC_CONFIG");
	CHECK(s == NULL, "no GnuTLS: no source");
	CHECK(HAS(err, "libbouncer-test-missing.so.0") && HAS(err, "could not be loaded"),
	      "no GnuTLS: names the library: %s", err);
	CHECK(HAS(err, "cannot open shared object file"), "no GnuTLS: says why: %s", err);
	if (imap_lib_gnutls_so.package[0])
		CHECK(HAS(err, "install the Debian package ") && HAS(err, imap_lib_gnutls_so.package),
		      "no GnuTLS: says what to install: %s", err);
	else
		SKIP("no GnuTLS: the build found no Debian package for GnuTLS");
	CHECK(table_is(false), "no GnuTLS: the table stays empty");
}

static void test_missing_etpan(void)
{
	struct imap_lib_so gnutls = {real.gnutls, "libgnutls30"};
	struct imap_lib_so etpan = {"libbouncer-test-missing-etpan.so.9", "libetpan20"};
	char err[SOURCE_ERR_MAX] = "";

	CHECK_INT(imap_lib_load_from(gnutls, etpan, err), SRC_CONFIG, "no libetpan -> SRC_CONFIG");
	CHECK(HAS(err, "needs libbouncer-test-missing-etpan.so.9, which could not be loaded") &&
	      HAS(err, "install the Debian package libetpan20 (apt-get install libetpan20)"),
	      "no libetpan: names it and its package: %s", err);
	CHECK(table_is(false), "no libetpan: GnuTLS's functions are forgotten too");

	/* A library that is there but lacks a function (here GnuTLS as libetpan). */
	etpan.soname = real.gnutls;
	CHECK_INT(imap_lib_load_from(gnutls, etpan, err), SRC_CONFIG, "libetpan without mailimap_* -> SRC_CONFIG");
	CHECK(HAS(err, "needs mailimap_") && HAS(err, real.gnutls) && HAS(err, "which is missing"),
	      "names the function missing: %s", err);

	etpan.package = "";
	etpan.soname = "libbouncer-test-missing-etpan.so.9";
	CHECK_INT(imap_lib_load_from(gnutls, etpan, err), SRC_CONFIG, "no package known -> SRC_CONFIG");
	CHECK(HAS(err, "install the package that holds libbouncer-test-missing-etpan.so.9"),
	      "no package known: says so: %s", err);
	CHECK(table_is(false), "after three failures: the table is empty");
}

static void test_load(void)
{
	struct imap_lib_so gnutls = {real.gnutls, ""}, etpan = {real.etpan, ""};
	struct imap_source_options o = opts();
	struct source *s = NULL;
	char err[SOURCE_ERR_MAX] = "";

	CHECK_INT(imap_lib_load_from(gnutls, etpan, err), SRC_OK, "%s and %s load (%s)", real.gnutls,
		  real.etpan, err);
	CHECK(table_is(true), "every function resolved");
	CHECK_INT(imap_lib_load(err), SRC_OK, "loaded once: later calls succeed at once");
	/* Loaded: imap_open() goes on to connect (port 1 is closed). */
	CHECK_INT(imap_open(&o, &s, err), SRC_TEMPFAIL, "loaded: imap_open goes on to connect (%s)", err);
	CHECK(s == NULL, "loaded: no source for a closed port");
}

TEST_MAIN(test_missing_from_open, test_missing_etpan, test_load)
