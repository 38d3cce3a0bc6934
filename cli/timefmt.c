#include "cli/timefmt.h"

#include "util/str.h"
#include "util/utc.h"

const char *cli_iso_time(time_t t, char *buf, size_t sz, const char *none)
{
	if (!t || !utc_iso(t, buf, sz))
		str_copy(buf, sz, none);
	return buf;
}
