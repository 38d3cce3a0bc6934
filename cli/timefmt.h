/* timefmt.h: ISO 8601 UTC for the command line's output. */
#ifndef BOUNCER_CLI_TIMEFMT_H
#define BOUNCER_CLI_TIMEFMT_H

#include <stddef.h>
#include <time.h>

/* "2026-11-29T10:00:00Z", or none (e.g. "-" in tables, "" in JSON) for 0.
 * Returns buf. */
const char *cli_iso_time(time_t t, char *buf, size_t sz, const char *none);

#endif
