/* test-poller-read-file.c: bounded reads into a kept buffer, relative to a
 * directory or not. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "poller/maildir.h"
#include "poller/read-file.h"

static char dir[64];

static void test_read_at(void)
{
	struct read_buf b = {0};
	char big[40000], p[256];
	size_t len = 0, full = 0;
	struct stat st;
	int dfd;
	char *first;

	memset(big, 'x', sizeof(big));
	t_spill(dir, "big", big, sizeof(big));
	t_spill(dir, "small", "Subject: s\n\nbody\n", 17);
	t_spill(dir, "empty", "", 0);
	dfd = open(dir, O_PATH | O_DIRECTORY);
	CHECK(dfd >= 0, "directory opened");

	CHECK_INT(read_file_at(dfd, "big", 1u << 20, NULL, &b, &len, &full, &st), READ_FILE_OK, "big read");
	CHECK(len == sizeof(big) && full == sizeof(big) && b.data[len] == '\0' && b.cap > len,
	      "all of it, NUL-terminated");
	CHECK_INT(st.st_size, sizeof(big), "its stat");
	first = b.data;
	CHECK_INT(read_file_at(dfd, "small", 1u << 20, NULL, &b, &len, &full, NULL), READ_FILE_OK, "small read");
	CHECK(b.data == first, "into the same memory");
	CHECK(len == 17 && strcmp(b.data, "Subject: s\n\nbody\n") == 0, "the small file, NUL at its end");
	CHECK_INT(read_file_at(dfd, "big", 100, NULL, &b, &len, &full, NULL), READ_FILE_OK, "cut read");
	CHECK(len == 100 && full == sizeof(big) && b.data[100] == '\0', "max bytes kept, size told");
	CHECK_INT(read_file_at(dfd, "empty", 100, NULL, &b, &len, &full, NULL), READ_FILE_OK, "empty read");
	CHECK(len == 0 && b.data[0] == '\0', "an empty file is an empty string");

	snprintf(p, sizeof(p), "%s/small", dir);
	CHECK_INT(read_file_at(AT_FDCWD, p, 1u << 20, NULL, &b, &len, &full, NULL), READ_FILE_OK, "by path");
	CHECK(len == 17, "by path: same bytes");
	CHECK_INT(read_file_at(dfd, "nope", 100, NULL, &b, &len, &full, NULL), READ_FILE_GONE, "missing: gone");
	CHECK(b.data == first, "a failed read keeps the buffer");
	CHECK_INT(read_file_at(AT_FDCWD, dir, 100, NULL, &b, &len, &full, NULL), READ_FILE_ERROR, "a directory");
	CHECK_INT(errno, EISDIR, "EISDIR");

	{ /* atime before mtime: relatime would set it on a plain read */
		const struct timespec old[2] = {{.tv_sec = 1000000000}, {.tv_nsec = UTIME_NOW}};

		CHECK_INT(utimensat(dfd, "small", old, 0), 0, "atime set back");
		CHECK_INT(read_file_at(dfd, "small", 100, NULL, &b, &len, &full, NULL), READ_FILE_OK, "own file");
		CHECK(fstatat(dfd, "small", &st, 0) == 0 && st.st_atime == 1000000000,
		      "reading our own file leaves its access time (O_NOATIME)");
	}
	read_buf_trim(&b, 1u << 20);
	CHECK(b.data == first, "trim keeps a buffer within the limit");
	read_buf_trim(&b, 1000);
	CHECK(b.data == NULL && b.cap == 0, "and frees a larger one");
	read_buf_trim(&b, 0);
	close(dfd);
}

static void test_read_file_copy(void)
{
	char p[256], *data = NULL;
	size_t len = 0, full = 0;

	snprintf(p, sizeof(p), "%s/small", dir);
	CHECK_INT(read_file(p, 5, &data, &len, &full, NULL), READ_FILE_OK, "read_file");
	CHECK(data && len == 5 && full == 17 && strcmp(data, "Subje") == 0, "a malloc'd copy, cut");
	free(data);
	snprintf(p, sizeof(p), "%s/nope", dir);
	CHECK_INT(read_file(p, 5, &data, &len, &full, NULL), READ_FILE_GONE, "read_file: missing");
	CHECK(data == NULL, "no data when missing");
}

/* The files source serves each batch from buffers it keeps: the data of
 * one batch stays put until the next fetch. */
static void test_files_batches(void)
{
	struct source *s = NULL;
	struct raw_message batch[2];
	char err[SOURCE_ERR_MAX];
	char *paths[1] = {dir};
	size_t n = 0, seen = 0;
	enum source_status st;

	CHECK_INT(files_open(paths, 1, 0, &s, err), SRC_OK, "files_open");
	if (!s)
		return;
	do {
		st = source_fetch(s, batch, 2, &n, err);
		for (size_t i = 0; i < n; i++, seen++) {
			const char *want = strstr(batch[i].id, "/small") ? "Subject: s\n\nbody\n"
					   : strstr(batch[i].id, "/empty") ? ""
									    : NULL;

			if (want)
				CHECK_STR(batch[i].data, want, "%s", batch[i].id);
			else
				CHECK(batch[i].len == 40000 && batch[i].data[0] == 'x', "%s", batch[i].id);
		}
	} while (st == SRC_OK && n > 0);
	CHECK_INT(seen, 3, "big, empty, small: all served");
	source_fetch(s, batch, 0, &n, err); /* a fetch of 0 only releases */
	source_free(&s);
}

static void cleanup(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	CHECK(system(cmd) == 0, "temp files removed");
}

static void setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/bouncer-t-readfile.XXXXXX");
	CHECK(mkdtemp(dir) != NULL, "temp dir");
}

/* Without the size asked (st_r NULL), the buffer grows as the bytes come,
 * keeping them; max still cuts, fstat then tells the size; a device that
 * never ends is refused once max bytes are in, as the sized read refuses
 * it at once. */
static void test_read_unsized(void)
{
	static char want[100000];
	struct read_buf b = {0};
	size_t len = 0, full = 0;
	struct stat st;
	int dfd = open(dir, O_PATH | O_DIRECTORY);

	for (size_t i = 0; i < sizeof(want); i++)
		want[i] = (char)('a' + i % 23);
	t_spill(dir, "grows", want, sizeof(want));
	CHECK_INT(read_file_at(dfd, "grows", 1u << 20, NULL, &b, &len, &full, NULL), READ_FILE_OK, "unsized read");
	CHECK(len == sizeof(want) && full == sizeof(want) && memcmp(b.data, want, len) == 0 &&
		      b.data[len] == '\0',
	      "every byte kept while the buffer grew");
	read_buf_trim(&b, 0);
	CHECK_INT(read_file_at(dfd, "grows", sizeof(want), NULL, &b, &len, &full, NULL), READ_FILE_OK,
		  "max is the file's size");
	CHECK(len == sizeof(want) && full == sizeof(want) && memcmp(b.data, want, len) == 0, "all of it");
	CHECK_INT(read_file_at(dfd, "grows", 70000, NULL, &b, &len, &full, NULL), READ_FILE_OK, "cut unsized");
	CHECK(len == 70000 && full == sizeof(want) && memcmp(b.data, want, len) == 0 && b.data[len] == '\0',
	      "max bytes kept, the size from fstat");
	CHECK_INT(read_file_at(AT_FDCWD, "/dev/zero", 50000, NULL, &b, &len, &full, NULL), READ_FILE_ERROR,
		  "a device that never ends, unsized");
	CHECK_INT(errno, EINVAL, "EINVAL");
	CHECK_INT(read_file_at(AT_FDCWD, "/dev/zero", 50000, NULL, &b, &len, &full, &st), READ_FILE_ERROR,
		  "and sized");
	CHECK_INT(errno, EINVAL, "EINVAL");
	read_buf_trim(&b, 0);
	close(dfd);
}

/* How many read() calls this process made (/proc/self/io's syscr, which
 * counts the one that reads it too); -1 without task I/O accounting. */
static long read_calls(void)
{
	char text[512];
	const char *p;
	ssize_t n;
	int fd = open("/proc/self/io", O_RDONLY);

	if (fd < 0)
		return -1;
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	text[n] = '\0';
	p = strstr(text, "syscr: ");
	return p ? strtol(p + 7, NULL, 10) : -1;
}

/* read_file_at(dfd, name) with how, returning the read() calls it made
 * beyond those read_calls() makes itself, or -1. */
static long reads_for(int dfd, const char *name, size_t max, const struct read_how *how, struct read_buf *b,
		      size_t *len, size_t *full)
{
	long before = read_calls(), after;
	enum read_file_status rs = read_file_at(dfd, name, max, how, b, len, full, NULL);

	after = read_calls();
	if (rs != READ_FILE_OK || before < 0 || after < 0)
		return -1;
	return after - before - 1;
}

/* Where a short read is the end (ext4 and tmpfs here), a file smaller than
 * the buffer is read in one read() instead of two, and read whole; one
 * larger still grows the buffer, and max still cuts. */
static void test_read_short_ends(void)
{
	static char want[40000];
	const struct read_how short_ends = {.short_ends = true};
	/* /tmp is the ext4 root here; /dev/shm a tmpfs */
	const char *const dirs[] = {dir, "/dev/shm"};

	for (size_t i = 0; i < sizeof(want); i++)
		want[i] = (char)('A' + i % 29);
	{
		int proc = open("/proc", O_PATH | O_DIRECTORY);

		CHECK(proc >= 0 && !read_short_ends(proc), "not /proc's file system");
		close(proc);
	}
	CHECK(!read_short_ends(-1), "not without a descriptor");
	for (size_t d = 0; d < sizeof(dirs) / sizeof(dirs[0]); d++) {
		struct read_buf b = {0};
		size_t len = 0, full = 0;
		char sub[128], p[256];
		int dfd;
		long plain, fewer;

		snprintf(sub, sizeof(sub), "%s/bouncer-t-short.%ld", dirs[d], (long)getpid());
		if (mkdir(sub, 0700) != 0 || (dfd = open(sub, O_PATH | O_DIRECTORY)) < 0) {
			SKIP("%s: no room for a test directory", dirs[d]);
			continue;
		}
		if (!read_short_ends(dfd)) {
			SKIP("%s: neither ext4 nor tmpfs here", dirs[d]);
			close(dfd);
			rmdir(sub);
			continue;
		}
		snprintf(p, sizeof(p), "%s/m", sub);
		{
			FILE *f = fopen(p, "w");

			CHECK(f && fwrite(want, 1, sizeof(want), f) == sizeof(want) && fclose(f) == 0,
			      "%s: a 40,000-byte file", dirs[d]);
		}
		CHECK_INT(read_file_at(dfd, "m", 1u << 20, &short_ends, &b, &len, &full, NULL), READ_FILE_OK,
			  "%s: grown, short read at the end", dirs[d]);
		CHECK(len == sizeof(want) && full == sizeof(want) && memcmp(b.data, want, len) == 0 &&
			      b.data[len] == '\0',
		      "%s: read whole past the first 16 KB buffer", dirs[d]);
		CHECK(b.cap > sizeof(want) + 1, "%s: room to spare, so the last read was short", dirs[d]);
		plain = reads_for(dfd, "m", 1u << 20, NULL, &b, &len, &full);
		fewer = reads_for(dfd, "m", 1u << 20, &short_ends, &b, &len, &full);
		if (plain < 0 || fewer < 0)
			SKIP("%s: no /proc/self/io to count reads", dirs[d]);
		else
			CHECK(plain == 2 && fewer == 1, "%s: one read() a file, not two (plain %ld, short %ld)",
			      dirs[d], plain, fewer);
		CHECK(len == sizeof(want) && memcmp(b.data, want, len) == 0, "%s: the same bytes", dirs[d]);
		CHECK_INT(read_file_at(dfd, "m", 30000, &short_ends, &b, &len, &full, NULL), READ_FILE_OK,
			  "%s: cut", dirs[d]);
		CHECK(len == 30000 && full == sizeof(want) && memcmp(b.data, want, len) == 0 &&
			      b.data[len] == '\0',
		      "%s: max bytes kept, the size from fstat", dirs[d]);
		CHECK_INT(read_file_at(dfd, "m", sizeof(want), &short_ends, &b, &len, &full, NULL), READ_FILE_OK,
			  "%s: max is the size", dirs[d]);
		CHECK(len == sizeof(want) && full == sizeof(want), "%s: all of it", dirs[d]);
		read_buf_trim(&b, 0);
		CHECK_INT(read_file_at(dfd, "m", 1u << 20, &short_ends, &b, &len, &full, NULL), READ_FILE_OK,
			  "%s: from an empty buffer", dirs[d]);
		CHECK(len == sizeof(want) && memcmp(b.data, want, len) == 0, "%s: whole again", dirs[d]);
		read_buf_trim(&b, 0);
		close(dfd);
		unlink(p);
		CHECK_INT(rmdir(sub), 0, "%s: test directory removed", dirs[d]);
	}
}

TEST_MAIN(setup, test_read_at, test_read_file_copy, test_files_batches, test_read_unsized, test_read_short_ends,
	  cleanup)
