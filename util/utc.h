/* utc.h: dates written as text, always UTC: the one formatter every layer uses. */
#ifndef BOUNCER_UTIL_UTC_H
#define BOUNCER_UTIL_UTC_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* "2026-11-29T10:00:00Z" into buf. Any t, 0 included (callers decide what
 * "no date" looks like). False, with buf emptied, when it cannot be shown. */
bool utc_iso(time_t t, char *buf, size_t size);
/* "2026-11-29", likewise. */
bool utc_day(time_t t, char *buf, size_t size);

#endif
