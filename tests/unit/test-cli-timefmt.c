/* test-cli-timefmt.c: cli_iso_time() and cli_iso_time_in(), with its
 * caller's days, against the date formatter they use. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/timefmt.h"
#include "harness.h"
#include "util/utc.h"

/* Times on days that share a slot (64 days apart) and days taken in turns,
 * both ends of the range, 0 and beyond, with days kept (the first round
 * and one time in ten: none): the same text as utc_iso(). */
static void test_timefmt_same_as_utc(void)
{
	static const long long fixed[] = {
		0, 1, 86399, 86400, 86400LL * 64, 86400LL * 64 + 1, 951782400, 951782400 + 86400LL * 64,
		253402300799LL, 253402300800LL, -1, -86400, 1795000000, 1795000000 + 86400LL * 128,
	};
	static struct cli_days days; /* zeroed: empty */
	unsigned seed = 5;
	int bad = 0, n = 0;

	for (int round = 0; round < 2; round++)
		for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++, n++) {
			char got[32], want[32];
			time_t t = (time_t)fixed[i];

			cli_iso_time_in(round ? &days : NULL, t, got, sizeof(got), "-");
			if (!t || !utc_iso(t, want, sizeof(want)))
				strcpy(want, "-");
			if (strcmp(got, want) != 0 && bad++ < 3)
				printf("# %lld: got %s want %s\n", fixed[i], got, want);
		}
	for (int i = 0; i < 200000; i++, n++) {
		char got[32], want[32];
		time_t t;

		seed = seed * 1103515245u + 12345u;
		/* a few hundred days of 2026, in any order */
		t = (time_t)(1767225600LL + (long long)((seed >> 8) % 300) * 86400 + (seed >> 4) % 86400);
		cli_iso_time_in(i % 10 ? &days : NULL, t, got, sizeof(got), "");
		utc_iso(t, want, sizeof(want));
		if (strcmp(got, want) != 0 && bad++ < 3)
			printf("# %lld: got %s want %s\n", (long long)t, got, want);
	}
	CHECK_INT(bad, 0, "%d times shown as utc_iso shows them", n);
}

/* A buffer too short for a timestamp gets none. */
static void test_timefmt_short_buffer(void)
{
	static struct cli_days days;
	char buf[8] = "xxxxxxx";

	cli_iso_time(1795000000, buf, sizeof(buf), "-");
	CHECK_STR(buf, "-", "a buffer of 8 bytes: the text for none");
	memcpy(buf, "xxxxxxx", 8);
	cli_iso_time_in(&days, 1795000000, buf, sizeof(buf), "-");
	CHECK_STR(buf, "-", "a buffer of 8 bytes, days kept: the text for none");
}

TEST_MAIN(test_timefmt_same_as_utc, test_timefmt_short_buffer)
