/* utc.c: see utc.h. */
#include "util/utc.h"

#include <string.h>

/* Break t down; false, with buf emptied, when it cannot be. */
static bool utc_tm(time_t t, struct tm *tm, char *buf, size_t size)
{
	if (size == 0)
		return false;
	buf[0] = '\0';
	return gmtime_r(&t, tm) != NULL;
}

/* Two digits of v at p. */
static void utc_2(char *p, unsigned v)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
}

/* utc_iso() for 1970..9999 without gmtime_r and strftime (they were most
 * of the cost of printing a record): the civil date of a day count, after
 * H. Hinnant's days_from_civil inverse. */
static bool utc_iso_fast(time_t t, char *buf, size_t size)
{
	long long days, z, era, doe, yoe, y, doy, mp;
	unsigned sec, d, m;

	if (t < 0 || t >= 253402300800LL || size < 21) /* 10000-01-01 */
		return false;
	days = (long long)t / 86400;
	sec = (unsigned)((long long)t % 86400);
	z = days + 719468;
	era = z / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	y += m <= 2;
	memcpy(buf, "0000-00-00T00:00:00Z", 21);
	utc_2(buf, (unsigned)(y / 100));
	utc_2(buf + 2, (unsigned)(y % 100));
	utc_2(buf + 5, m);
	utc_2(buf + 8, d);
	utc_2(buf + 11, sec / 3600);
	utc_2(buf + 14, sec / 60 % 60);
	utc_2(buf + 17, sec % 60);
	return true;
}

bool utc_iso(time_t t, char *buf, size_t size)
{
	struct tm tm;

	if (utc_iso_fast(t, buf, size))
		return true;
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
