/* timefmt.h: ISO 8601 UTC for the command line's output. */
#ifndef BOUNCER_CLI_TIMEFMT_H
#define BOUNCER_CLI_TIMEFMT_H

#include <stddef.h>
#include <time.h>

/* "2026-11-29T10:00:00Z", or none (e.g. "-" in tables, "" in JSON) for 0.
 * Returns buf. */
const char *cli_iso_time(time_t t, char *buf, size_t sz, const char *none);

/* The dates ("2026-11-29T") of the days last shown, by day number modulo
 * 64: the records of one run fall on few days, often in turns, and the date
 * of a day count is most of a timestamp's cost. The caller keeps one for a
 * run, zeroed (all slots empty). */
struct cli_days {
	struct {
		long long day1; /* the day number plus one: 0 is an empty slot */
		char date[11];
	} slot[64];
};

/* cli_iso_time() with the dates kept in days (NULL: none kept): the same
 * text. */
const char *cli_iso_time_in(struct cli_days *days, time_t t, char *buf, size_t sz, const char *none);

#endif
