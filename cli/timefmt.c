#include "cli/timefmt.h"

#include <string.h>

#include "util/str.h"
#include "util/utc.h"

const char *cli_iso_time(time_t t, char *buf, size_t sz, const char *none)
{
	if (!t || !utc_iso(t, buf, sz))
		str_copy(buf, sz, none);
	return buf;
}

/* Two digits of v at p. */
static void timefmt_2(char *p, unsigned v)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
}

const char *cli_iso_time_in(struct cli_days *days, time_t t, char *buf, size_t sz, const char *none)
{
	long long day;
	unsigned sec, k;

	if (!days || t <= 0 || t >= 253402300800LL || sz < 21) /* 10000-01-01 */
		return cli_iso_time(t, buf, sz, none);
	day = (long long)t / 86400;
	sec = (unsigned)((long long)t % 86400);
	k = (unsigned)(day % 64);
	if (days->slot[k].day1 != day + 1) {
		char full[21];

		if (!utc_iso((time_t)(day * 86400), full, sizeof(full)))
			return cli_iso_time(t, buf, sz, none);
		memcpy(days->slot[k].date, full, sizeof(days->slot[k].date));
		days->slot[k].day1 = day + 1;
	}
	memcpy(buf, days->slot[k].date, sizeof(days->slot[k].date));
	timefmt_2(buf + 11, sec / 3600);
	buf[13] = ':';
	timefmt_2(buf + 14, sec / 60 % 60);
	buf[16] = ':';
	timefmt_2(buf + 17, sec % 60);
	memcpy(buf + 19, "Z", 2);
	return buf;
}
