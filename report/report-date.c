/* report-date.c: the dates a person types for `export --since`. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "report/report.h"

/* Accepted forms, all UTC: the strptime format and whether a time is given. */
static const char *const report_date_formats[] = {
	"%Y-%m-%dT%H:%M:%SZ",
	"%Y-%m-%dT%H:%M:%S",
	"%Y-%m-%d %H:%M:%S",
	"%Y-%m-%dT%H:%MZ",
	"%Y-%m-%d %H:%M",
	"%Y-%m-%d",
};

bool report_date_parse(const char *s, time_t *t_out)
{
	for (size_t i = 0; i < sizeof(report_date_formats) / sizeof(report_date_formats[0]); i++) {
		struct tm tm;
		const char *end;

		memset(&tm, 0, sizeof(tm));
		end = strptime(s, report_date_formats[i], &tm);
		if (!end || *end != '\0')
			continue;
		/* strptime accepts 2026-02-31 and timegm (which normalises tm in
		 * place) would roll it into March: compare with what was typed. */
		{
			int mday = tm.tm_mday, mon = tm.tm_mon;
			time_t t = timegm(&tm);

			if (t == (time_t)-1 || tm.tm_mday != mday || tm.tm_mon != mon)
				return false;
			*t_out = t;
			return true;
		}
	}
	return false;
}
