/* progress.h: a progress line (done/total, rate) on stderr, only on a terminal. */
#ifndef BOUNCER_CLI_PROGRESS_H
#define BOUNCER_CLI_PROGRESS_H

#include <stdbool.h>
#include <time.h>

struct progress {
	bool on;
	long total, done;
	struct timespec start, last;
};

/* on: whether the caller wants it at all (-q turns it off); it also needs stderr to be a tty. */
void progress_start(struct progress *p, bool on);
void progress_add_total(struct progress *p, long n); /* n < 0: unknown */
void progress_tick(struct progress *p, long n);
void progress_end(struct progress *p); /* clears the line */

#endif
