/* utc.c: see utc.h. */
#include "util/utc.h"

/* Break t down; false, with buf emptied, when it cannot be. */
static bool utc_tm(time_t t, struct tm *tm, char *buf, size_t size)
{
	if (size == 0)
		return false;
	buf[0] = '\0';
	return gmtime_r(&t, tm) != NULL;
}

bool utc_iso(time_t t, char *buf, size_t size)
{
	struct tm tm;

	if (!utc_tm(t, &tm, buf, size))
		return false;
	if (strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) {
		buf[0] = '\0';
		return false;
	}
	return true;
}

bool utc_day(time_t t, char *buf, size_t size)
{
	struct tm tm;

	if (!utc_tm(t, &tm, buf, size))
		return false;
	if (strftime(buf, size, "%Y-%m-%d", &tm) == 0) {
		buf[0] = '\0';
		return false;
	}
	return true;
}
