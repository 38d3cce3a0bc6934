/* progress.c: "\rbouncer: 1200/5000 messages, 3400/s" at most five times a second. */
#include "cli/progress.h"

#include <stdio.h>
#include <unistd.h>

static double seconds_between(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

void progress_start(struct progress *p, bool on)
{
	p->on = on && isatty(STDERR_FILENO);
	p->total = p->done = 0;
	clock_gettime(CLOCK_MONOTONIC, &p->start);
	p->last = p->start;
}

void progress_add_total(struct progress *p, long n)
{
	if (n > 0)
		p->total += n;
}

void progress_tick(struct progress *p, long n)
{
	struct timespec now;
	double el;

	p->done += n;
	if (!p->on)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (seconds_between(&p->last, &now) < 0.2)
		return;
	p->last = now;
	el = seconds_between(&p->start, &now);
	if (p->total > 0)
		fprintf(stderr, "\rbouncer: %ld/%ld messages, %.0f/s ", p->done, p->total,
			el > 0 ? (double)p->done / el : 0.0);
	else
		fprintf(stderr, "\rbouncer: %ld messages, %.0f/s ", p->done,
			el > 0 ? (double)p->done / el : 0.0);
}

void progress_end(struct progress *p)
{
	if (p->on && seconds_between(&p->start, &p->last) > 0)
		fputs("\r\033[K", stderr);
}
