#include "cli/timefmt.h"

#include <stdio.h>

const char *cli_iso_time(time_t t, char *buf, size_t sz)
{
	struct tm tm;

	if (!t || !gmtime_r(&t, &tm) || strftime(buf, sz, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, sz, "-");
	return buf;
}
