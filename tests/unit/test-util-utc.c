/* test-util-utc.c: the date formatter against gmtime_r + strftime. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "util/utc.h"

static void want_of(time_t t, char *out, size_t size)
{
	struct tm tm;

	out[0] = '\0';
	if (gmtime_r(&t, &tm))
		strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Every kind of day (leap years by 4, 100, 400), both ends of the fast
 * range and beyond it: the same text as strftime's. */
static void test_utc_iso_same_as_strftime(void)
{
	static const long long fixed[] = {
		0, 1, 59, 86399, 86400, 68169599 /* 1972-02-28T23:59:59 */, 68169600, 68255999,
		951782400 /* 2000-02-29 */, 951868800, 4107542400LL /* 2100-03-01 */, 1795000000,
		253402300799LL /* 9999-12-31T23:59:59 */, 253402300800LL, 253402387200LL, -1, -86400,
		-2208988800LL /* 1900 */, -62135596800LL /* 0001 */,
	};
	char got[32], want[32];
	int bad = 0, n = 0;

	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		bool ok = utc_iso((time_t)fixed[i], got, sizeof(got));

		want_of((time_t)fixed[i], want, sizeof(want));
		CHECK(ok, "utc_iso(%lld) succeeds", fixed[i]);
		CHECK_STR(got, want, "utc_iso(%lld)", fixed[i]);
	}
	/* a day and 7 minutes and 13 seconds at a time across 1970..9999 */
	for (long long t = 0; t < 253402300800LL; t += 86400 * 97 + 433, n++) {
		utc_iso((time_t)t, got, sizeof(got));
		want_of((time_t)t, want, sizeof(want));
		if (strcmp(got, want) != 0 && bad++ < 3)
			printf("# %lld: got %s want %s\n", t, got, want);
	}
	CHECK_INT(bad, 0, "%d dates from 1970 to 9999 as strftime makes them", n);
}

static void test_utc_iso_small_buffer(void)
{
	char b[20] = "x";

	CHECK(!utc_iso(1795000000, b, sizeof(b)), "a buffer of 20 is too small");
	CHECK_STR(b, "", "and is left empty");
}

TEST_MAIN(test_utc_iso_same_as_strftime, test_utc_iso_small_buffer)
