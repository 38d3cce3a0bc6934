/* test-parse-cc.h: the charset cache the parse unit tests share: cc, made
 * by cc_setup() and freed by cc_teardown() (TEST_MAIN's first and last). */
#ifndef BOUNCER_TESTS_PARSE_CC_H
#define BOUNCER_TESTS_PARSE_CC_H

#include "harness.h"
#include "parse/view.h"

static struct charset_cache *cc;

static void cc_setup(void)
{
	cc = charset_cache_new(NULL);
	CHECK(cc != NULL, "charset cache");
}

static void cc_teardown(void)
{
	charset_cache_free(&cc);
	CHECK(cc == NULL, "charset cache freed");
}

#endif
