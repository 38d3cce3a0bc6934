/* test-poller-close-batch.c: held descriptors closed together, one
 * close_range() per run of numbers, never one that is not ours. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "harness.h"
#include "poller/close-batch.h"

/* Far above what a test run has open, below the usual limit of 1024. */
#define FIRST 600

static int is_open(int fd)
{
	return fcntl(fd, F_GETFD) != -1 || errno != EBADF;
}

/* /dev/null at number fd; false when fd was taken. */
static int open_at(int fd)
{
	int t;

	if (is_open(fd))
		return 0;
	t = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (t < 0)
		return 0;
	if (dup2(t, fd) != fd) {
		close(t);
		return 0;
	}
	close(t);
	return 1;
}

/* Descriptors FIRST + each of at[0..n) opened and given to cb. */
static int hold(struct close_batch *cb, const int *at, int n)
{
	for (int i = 0; i < n; i++) {
		if (!open_at(FIRST + at[i]))
			return 0;
		close_batch_add(cb, FIRST + at[i]);
	}
	return 1;
}

/* How many of FIRST + at[0..n) are still open. */
static int still_open(const int *at, int n)
{
	int k = 0;

	for (int i = 0; i < n; i++)
		k += is_open(FIRST + at[i]);
	return k;
}

static const struct {
	const char *what;
	int at[8], n;
	int calls; /* system calls to close them */
} rows[] = {
	{"one", {0}, 1, 1},
	{"a run of eight", {0, 1, 2, 3, 4, 5, 6, 7}, 8, 1},
	{"a hole after three", {0, 1, 2, 4, 5, 6, 7}, 7, 2},
	{"two holes", {0, 2, 3, 5, 6}, 5, 3},
	{"a lower one after", {4, 5, 6, 0, 1}, 5, 2},
};

static void test_runs(void)
{
	for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
		struct close_batch cb = {0};
		int other = -1;

		/* a descriptor not ours in the first hole: it must stay open */
		for (int k = 0, top = 0; k < 8 && other < 0; k++) {
			int mine = 0;

			for (int i = 0; i < rows[r].n; i++) {
				mine |= rows[r].at[i] == k;
				top = rows[r].at[i] > top ? rows[r].at[i] : top;
			}
			if (!mine && k < top)
				other = k;
		}
		if (other >= 0 && !open_at(FIRST + other)) {
			SKIP("%s: descriptor %d taken", rows[r].what, FIRST + other);
			continue;
		}
		if (!hold(&cb, rows[r].at, rows[r].n)) {
			SKIP("%s: descriptors taken", rows[r].what);
			continue;
		}
		CHECK_INT(cb.n, rows[r].n, "%s: held", rows[r].what);
		CHECK_INT(still_open(rows[r].at, rows[r].n), rows[r].n, "%s: open while held", rows[r].what);
		errno = ENOENT;
		CHECK_INT(close_batch_flush(&cb), rows[r].calls, "%s: system calls", rows[r].what);
		CHECK_INT(errno, ENOENT, "%s: errno kept", rows[r].what);
		CHECK_INT(still_open(rows[r].at, rows[r].n), 0, "%s: all closed", rows[r].what);
		CHECK_INT(cb.n, 0, "%s: none held", rows[r].what);
		if (other >= 0) {
			CHECK(is_open(FIRST + other), "%s: the one in between, not ours, still open", rows[r].what);
			close(FIRST + other);
		}
	}
}

/* The one that makes CLOSE_BATCH_MAX held closes them all, itself too. */
static void test_full(void)
{
	struct close_batch cb = {0};
	int at[CLOSE_BATCH_MAX + 1];

	for (int i = 0; i <= CLOSE_BATCH_MAX; i++)
		at[i] = i;
	if (!hold(&cb, at, CLOSE_BATCH_MAX - 1)) {
		SKIP("descriptors taken");
		return;
	}
	CHECK_INT(cb.n, CLOSE_BATCH_MAX - 1, "all but one of a batch held");
	CHECK(hold(&cb, at + CLOSE_BATCH_MAX - 1, 1), "one more");
	CHECK_INT(cb.n, 0, "none held then");
	CHECK_INT(still_open(at, CLOSE_BATCH_MAX), 0, "the full batch closed, the last one too");
	CHECK_INT(close_batch_flush(&cb), 0, "nothing held: no system call");
	CHECK(hold(&cb, at + CLOSE_BATCH_MAX, 1), "the next one");
	CHECK_INT(cb.n, 1, "held");
	CHECK_INT(close_batch_flush(&cb), 1, "one close");
}

/* Out of descriptors: what is held goes, and from then on each at once. */
static void test_release(void)
{
	struct close_batch cb = {0};
	const int at[] = {0, 1, 2};

	if (!hold(&cb, at, 2)) {
		SKIP("descriptors taken");
		return;
	}
	CHECK(close_batch_release(&cb), "release: some were held");
	CHECK(cb.one_by_one && cb.n == 0 && still_open(at, 2) == 0, "closed, and one by one from now on");
	CHECK(hold(&cb, at + 2, 1), "one more");
	CHECK(cb.n == 0 && !is_open(FIRST + 2), "closed at once");
	CHECK(!close_batch_release(&cb), "release again: none held");
}

TEST_MAIN(test_runs, test_full, test_release)
