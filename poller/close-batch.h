/* close-batch.h: close many read files in few system calls. */
#ifndef BOUNCER_POLLER_CLOSE_BATCH_H
#define BOUNCER_POLLER_CLOSE_BATCH_H

#include <stdbool.h>

/* The most descriptors held open: far below any RLIMIT_NOFILE (1024 by
 * default), and within the 64 a process's first descriptor table holds. */
#define CLOSE_BATCH_MAX 32

/* Descriptors done with, to be closed together. Zeroed = none held. */
struct close_batch {
	int fd[CLOSE_BATCH_MAX]; /* in the order they came */
	int n;
	bool one_by_one; /* close_range() refused (ENOSYS), or EMFILE met: close each at once */
};

/* Take fd, ours, open and done with, to close later (at once when
 * one_by_one); when it makes CLOSE_BATCH_MAX held, they are all closed. */
void close_batch_add(struct close_batch *cb, int fd);
/* Close every descriptor held: one close_range() for each run of numbers
 * that follow each other, else close() each. Returns the system calls
 * made. Keeps errno. */
int close_batch_flush(struct close_batch *cb);
/* Out of descriptors (EMFILE): close the held ones, and from now on each
 * one at once. Returns whether any were held (an open is worth retrying). */
bool close_batch_release(struct close_batch *cb);

#endif
