/* timefmt.c: dates as reports write them, always UTC. */
#include <stdio.h>
#include <time.h>

#include "report/report-private.h"
#include "util/utc.h"

/* In reports 0 means "no date": an empty cell. */
void timefmt_iso(time_t t, char *buf, size_t size)
{
	if ((!t || !utc_iso(t, buf, size)) && size)
		buf[0] = '\0';
}

void timefmt_day(time_t t, char *buf, size_t size)
{
	if ((!t || !utc_day(t, buf, size)) && size)
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
