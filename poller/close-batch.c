/* close-batch.c: close many read files in few system calls. A system call's
 * entry and exit cost ~280 ns on a VM with the retbleed mitigations; after
 * openat and read, a close() each was a third of the calls per file. Files
 * opened one after the other take the lowest free numbers, so those held
 * are mostly one run of numbers, closed by one close_range(). A number in
 * between that is not ours (inherited, or opened by someone else) only
 * splits the run: close_range() never sees it. */
#include "poller/close-batch.h"

#include <errno.h>
#include <unistd.h>

/* Close lo .. hi, all ours; returns the system calls made. */
static int close_span(struct close_batch *cb, int lo, int hi)
{
	/* close_range() fails only before it closes anything (ENOSYS before
	 * Linux 5.9, EPERM under a seccomp filter): then close each */
	if (lo < hi && !cb->one_by_one && close_range((unsigned)lo, (unsigned)hi, 0) == 0)
		return 1;
	if (lo < hi)
		cb->one_by_one = true; /* refused once: not asked again */
	for (int fd = lo; fd <= hi; fd++)
		close(fd);
	return hi - lo + 1 + (lo < hi);
}

int close_batch_flush(struct close_batch *cb)
{
	int e = errno, calls = 0;

	for (int i = 0, j; i < cb->n; i = j + 1) {
		for (j = i; j + 1 < cb->n && cb->fd[j + 1] == cb->fd[j] + 1; j++)
			;
		calls += close_span(cb, cb->fd[i], cb->fd[j]);
	}
	cb->n = 0;
	errno = e;
	return calls;
}

void close_batch_add(struct close_batch *cb, int fd)
{
	if (cb->one_by_one) {
		close(fd);
		return;
	}
	/* the full batch is closed with fd in it, not before it: fd, the
	 * highest number, then joins the run below it, where held over it
	 * came first in the next batch and took a close() of its own (a
	 * system call more every CLOSE_BATCH_MAX files) */
	cb->fd[cb->n++] = fd;
	if (cb->n == CLOSE_BATCH_MAX)
		close_batch_flush(cb);
}

bool close_batch_release(struct close_batch *cb)
{
	bool held = cb->n > 0;

	close_batch_flush(cb);
	cb->one_by_one = true;
	return held;
}
