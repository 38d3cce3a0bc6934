/* timefmt.c: dates as reports write them, always UTC. */
#include <stdio.h>
#include <time.h>

#include "report/report-private.h"

/* Break t down; false for 0 ("no date") with buf emptied. */
static bool timefmt_tm(time_t t, struct tm *tm, char *buf, size_t size)
{
	if (size == 0)
		return false;
	buf[0] = '\0';
	return t != 0 && gmtime_r(&t, tm) != NULL;
}

void timefmt_iso(time_t t, char *buf, size_t size)
{
	struct tm tm;

	if (timefmt_tm(t, &tm, buf, size) && strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		buf[0] = '\0';
}

void timefmt_day(time_t t, char *buf, size_t size)
{
	struct tm tm;

	if (timefmt_tm(t, &tm, buf, size) && strftime(buf, size, "%Y-%m-%d", &tm) == 0)
		buf[0] = '\0';
}

time_t timefmt_midnight(time_t t)
{
	/* UTC days have 86400 seconds (POSIX time has no leap seconds). */
	time_t r = t % 86400;

	if (r < 0)
		r += 86400;
	return t - r;
}
