/* test-poller-maildir.c: the Maildir, files and mbox sources. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "poller/close-batch.h"
#include "poller/maildir.h"
#include "poller/mbox.h"

static char base[128], root[256];
static int serial;

static void put(const char *rel, const char *text)
{
	char p[512];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", root, rel);
	f = fopen(p, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static int exists(const char *rel)
{
	char p[512];
	struct stat sb;

	snprintf(p, sizeof(p), "%s/%s", root, rel);
	return stat(p, &sb) == 0;
}

/* Entries of directory path but "." names; -1 when it cannot be opened. */
static int count_entries(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *de;
	int n = 0;

	if (!d)
		return -1;
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

static int count_dir(const char *rel)
{
	char p[512];

	snprintf(p, sizeof(p), "%s/%s", root, rel);
	return count_entries(p);
}

static void make_maildir(void)
{
	char p[512];

	if (!base[0]) {
		snprintf(base, sizeof(base), "/tmp/bouncer-t-maildir.XXXXXX");
		if (!mkdtemp(base))
			abort();
	}
	snprintf(root, sizeof(root), "%s/%d", base, ++serial);
	mkdir(root, 0700);
	strcat(root, "/Maildir");
	mkdir(root, 0700);
	for (const char *const *s = (const char *const[]){"cur", "new", "tmp", NULL}; *s; s++) {
		snprintf(p, sizeof(p), "%s/%s", root, *s);
		mkdir(p, 0700);
	}
}

static void test_maildir_moves_after_commit(void)
{
	struct maildir_options o = {0};
	struct source *s = NULL;
	struct raw_message batch[8];
	char err[SOURCE_ERR_MAX];
	size_t n = 0;
	enum source_status st;

	make_maildir();
	put("new/1000.a.host", "Subject: a\n\nbody a\n");
	put("cur/1001.b.host:2,S", "Subject: b\n\nbody b\n");
	put("cur/1002.c.host:2,RS", "Subject: c\n\nbody c\n");
	o.path = root;
	CHECK_INT(maildir_open(&o, &s, err), SRC_OK, "maildir_open on a fresh Maildir");
	if (!s)
		return;
	CHECK_INT(source_pending(s), 3, "three messages pending");
	st = source_fetch(s, batch, 8, &n, err);
	CHECK_INT(st, SRC_OK, "fetch returns ok");
	CHECK_INT(n, 3, "fetch returns all three");
	CHECK(n == 3 && strstr(batch[0].data, "body a") && batch[0].len == strlen("Subject: a\n\nbody a\n"),
	      "first message read whole, sorted by name");
	source_dispose(s, &batch[0], DISP_PROCESSED, err);
	source_dispose(s, &batch[1], DISP_NOTBOUNCE, err);
	source_dispose(s, &batch[2], DISP_REVIEW, err);
	CHECK(exists("new/1000.a.host"), "nothing moves before commit");
	CHECK_INT(source_commit(s, err), SRC_OK, "commit moves");
	CHECK(exists(".Processed/cur/1000.a.host:2,"), "new/ message lands in cur/ with :2, info");
	CHECK(exists(".NotBounce/cur/1001.b.host:2,S"), "flags kept (S)");
	CHECK(exists(".Review/cur/1002.c.host:2,RS"), "flags kept (RS)");
	CHECK(exists(".Processed/maildirfolder"), "Maildir++ folder marker created");
	CHECK_INT(count_dir("new") + count_dir("cur"), 0, "inbox empty afterwards");
	st = source_fetch(s, batch, 8, &n, err);
	CHECK(st == SRC_END && n == 0, "then the source is at its end");
	source_free(&s);
	CHECK(s == NULL, "source_free clears the pointer");
}

static void test_maildir_never_overwrites(void)
{
	struct maildir_options o = {0};
	struct source *s = NULL;
	struct raw_message batch[4];
	char err[SOURCE_ERR_MAX];
	size_t n = 0;

	make_maildir();
	put("cur/2000.x.host:2,", "Subject: new\n\nnew one\n");
	o.path = root;
	if (maildir_open(&o, &s, err) != SRC_OK)
		return;
	/* a message of the same name already sits in Processed */
	{
		char p[512];

		snprintf(p, sizeof(p), "%s/.Processed", root);
		mkdir(p, 0700);
		snprintf(p, sizeof(p), "%s/.Processed/cur", root);
		mkdir(p, 0700);
		put(".Processed/cur/2000.x.host:2,", "Subject: old\n\nold one\n");
	}
	source_fetch(s, batch, 4, &n, err);
	CHECK_INT(n, 1, "one message");
	source_dispose(s, &batch[0], DISP_PROCESSED, err);
	CHECK_INT(source_commit(s, err), SRC_OK, "commit");
	CHECK_INT(count_dir(".Processed/cur"), 2, "both messages kept: the old one not overwritten");
	source_free(&s);
}

static void test_maildir_keep_and_missing(void)
{
	struct maildir_options o = {0};
	struct source *s = NULL;
	struct raw_message batch[4];
	char err[SOURCE_ERR_MAX];
	size_t n = 0;

	make_maildir();
	put("new/3000.k.host", "Subject: k\n\nkeep\n");
	o.path = root;
	if (maildir_open(&o, &s, err) != SRC_OK)
		return;
	source_fetch(s, batch, 4, &n, err);
	source_dispose(s, &batch[0], DISP_KEEP, err);
	source_commit(s, err);
	CHECK(exists("new/3000.k.host"), "DISP_KEEP leaves the message where it is");
	source_free(&s);

	o.path = "/nonexistent/bouncer/Maildir";
	CHECK_INT(maildir_open(&o, &s, err), SRC_CONFIG, "a missing Maildir is a config error");
	CHECK(strstr(err, "/nonexistent/bouncer/Maildir") != NULL, "the error names the path: %s", err);
}

static void test_maildir_max_bytes(void)
{
	struct maildir_options o = {0};
	struct source *s = NULL;
	struct raw_message batch[2];
	char err[SOURCE_ERR_MAX];
	size_t n = 0;

	make_maildir();
	put("new/4000.big.host", "Subject: big\n\n0123456789012345678901234567890123456789\n");
	o.path = root;
	o.max_bytes = 16;
	if (maildir_open(&o, &s, err) != SRC_OK)
		return;
	source_fetch(s, batch, 2, &n, err);
	CHECK(n == 1 && batch[0].len == 16 && batch[0].full_len > 16,
	      "only max_bytes are read, full_len tells the size");
	source_free(&s);
}

static void test_mbox(void)
{
	struct source *s = NULL;
	struct raw_message batch[8];
	char err[SOURCE_ERR_MAX], path[512];
	size_t n = 0;

	make_maildir();
	snprintf(path, sizeof(path), "%s/box", root);
	put("box", "From a@example.com Mon Jan  1 00:00:00 2026\nSubject: one\n\n>From here\nline\n"
		   "From b@example.com Mon Jan  1 00:00:01 2026\nSubject: two\n\nbody\n");
	CHECK_INT(mbox_open(path, 0, &s, err), SRC_OK, "mbox_open");
	if (!s)
		return;
	source_fetch(s, batch, 8, &n, err);
	CHECK_INT(n, 2, "two messages in the mbox");
	CHECK(n == 2 && strncmp(batch[0].data, "Subject: one\n", 13) == 0, "separator line dropped");
	CHECK(n == 2 && strstr(batch[0].data, "\nFrom here\n") != NULL, ">From unquoted");
	CHECK(n == 2 && strstr(batch[1].id, "#2") != NULL, "ids number the messages: %s", batch[1].id);
	source_free(&s);
}

static void test_files(void)
{
	struct source *s = NULL;
	struct raw_message batch[8];
	char err[SOURCE_ERR_MAX], a[512], missing[512];
	char *paths[2];
	size_t n = 0;
	enum source_status st;

	make_maildir();
	put("new/5000.f.host", "Subject: f\n\nf\n");
	snprintf(a, sizeof(a), "%s/new/5000.f.host", root);
	snprintf(missing, sizeof(missing), "%s/nope.eml", root);
	paths[0] = missing;
	paths[1] = a;
	CHECK_INT(files_open(paths, 2, 0, &s, err), SRC_OK, "files_open");
	if (!s)
		return;
	st = source_fetch(s, batch, 8, &n, err);
	CHECK(st == SRC_IOERR && strstr(err, "nope.eml"), "a missing file is named: %s", err);
	st = source_fetch(s, batch, 8, &n, err);
	CHECK(st == SRC_OK && n == 1, "and the next file is still read");
	source_free(&s);
}

/* A directory lists its regular files and what links point at, sorted by
 * name, plus new/ and cur/ one level down; a fifo, a dangling link and any
 * other subdirectory are left out (the listing trusts readdir's type and
 * stats only links). */
static void test_files_dir_types(void)
{
	struct source *s = NULL;
	struct raw_message batch[8];
	char err[SOURCE_ERR_MAX], p[512], q[512];
	char *paths[1];
	size_t n = 0;

	make_maildir();
	put("a.eml", "Subject: a\n\na\n");
	put("new/b.eml", "Subject: b\n\nb\n");
	snprintf(p, sizeof(p), "%s/tmp/c.eml", root);
	snprintf(q, sizeof(q), "%s/c-link.eml", root);
	put("tmp/c.eml", "Subject: c\n\nc\n"); /* tmp/ itself is not walked */
	CHECK(symlink(p, q) == 0, "symlink made");
	snprintf(q, sizeof(q), "%s/d-dangling.eml", root);
	CHECK(symlink("/nonexistent/x", q) == 0, "dangling symlink made");
	snprintf(q, sizeof(q), "%s/e.fifo", root);
	CHECK(mkfifo(q, 0600) == 0, "fifo made");
	paths[0] = root;
	CHECK_INT(files_open(paths, 1, 0, &s, err), SRC_OK, "files_open on a directory");
	if (!s)
		return;
	CHECK_INT(source_pending(s), 3, "a.eml, c-link.eml, new/b.eml: no fifo, no dangling link");
	CHECK_INT(source_fetch(s, batch, 8, &n, err), SRC_OK, "fetch");
	CHECK_INT(n, 3, "three read");
	CHECK(n == 3 && strstr(batch[0].id, "/a.eml") && strstr(batch[1].id, "/c-link.eml") &&
		      strstr(batch[2].id, "/new/b.eml"),
	      "in name order, links followed");
	CHECK(n == 3 && strcmp(batch[1].data, "Subject: c\n\nc\n") == 0, "the link's target is read");
	source_free(&s);
}

static int path_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* want[0..n) are the paths of root's files, in any order: listed, up to
 * cap at a fetch into batch, they are all read, in strcmp() order of the
 * whole path. what: the directory, for the messages. */
static void check_root_order(char **want, size_t n, struct raw_message *batch, size_t cap, const char *what)
{
	struct source *s = NULL;
	char err[SOURCE_ERR_MAX], *paths[1] = {root};
	size_t got = 0;
	int in_order = 0;

	qsort(want, n, sizeof(want[0]), path_cmp);
	CHECK_INT(files_open(paths, 1, 0, &s, err), SRC_OK, "files_open on %s", what);
	if (!s)
		return;
	CHECK_INT(source_fetch(s, batch, cap, &got, err), SRC_OK, "fetch");
	CHECK_INT((int)got, (int)n, "every name read");
	for (size_t i = 0; i < got && i < n; i++)
		in_order += strcmp(batch[i].id, want[i]) == 0;
	CHECK_INT(in_order, (int)n, "in strcmp order of the whole path");
	source_free(&s);
}

/* The listing's order is strcmp()'s on the whole path, though it sorts by
 * the first 8 bytes of the name first: names equal in 8 bytes and more,
 * shorter than 8, prefixes of one another, with bytes above 0x7F, and
 * new/ and cur/ among a directory's own files. */
static void test_files_dir_order(void)
{
	static const char *names[] = {
		"1700000000.M10P1.host", "1700000000.M2P1.host", "1700000000.M1P1.host",
		"17000000", "1700000", "1700000000", "b", "a", "ab", "\xc3\xa9t\xc3\xa9.eml",
		"z\x7f", "z\x80", "new/1700000000.M3P1.host", "new/a", "cur/b", "cur/1700000000.M0P1.host",
		"newer", "cu",
	};
	enum { N = sizeof(names) / sizeof(names[0]) };
	struct raw_message batch[N];
	char want[N][512], *sorted[N];

	make_maildir();
	for (size_t i = 0; i < N; i++) {
		put(names[i], "Subject: x\n\nx\n");
		snprintf(want[i], sizeof(want[i]), "%s/%s", root, names[i]);
		sorted[i] = want[i];
	}
	check_root_order(sorted, N, batch, N, "a directory of odd names");
}

/* The same on 700 names drawn at random from a few bytes (high ones too),
 * alike in their first bytes or not, so that the sort takes every kind of
 * radix pass and many ties go on to the whole path; a fixed seed. */
static void test_files_dir_order_random(void)
{
	static const char alphabet[] = "0129.-MPa\x7f\x80\xc3\xff";
	enum { N = 700 };
	static struct raw_message batch[N];
	static char want[N][512];
	static char *sorted[N];
	unsigned seed = 12345;
	size_t got = 0;

	make_maildir();
	for (size_t i = 0; i < N; i++) {
		char name[40];
		size_t len, k = 0;

		seed = seed * 1103515245u + 12345u;
		/* a shared stem of 0, 6 or 12 bytes, then 1 to 12 random ones */
		len = (seed >> 8) % 3 * 6;
		memcpy(name, "170000000012", len);
		k = len;
		len += 1 + (seed >> 12) % 12;
		while (k < len) {
			seed = seed * 1103515245u + 12345u;
			name[k++] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
		}
		name[k] = '\0';
		if (name[0] == '.')
			name[0] = '_';
		snprintf(want[got], sizeof(want[got]), "%s/%s", root, name);
		if (!exists(name)) { /* a name drawn twice is one file */
			put(name, "Subject: x\n\nx\n");
			sorted[got] = want[got];
			got++;
		}
	}
	check_root_order(sorted, got, batch, N, "700 random names");
}

/* Names alike for 8, 16 and 24 bytes and more, in groups of up to 60 (as
 * "lhost-amazonses-02.eml" and its kind): the ties go on to the next 8
 * bytes, by radix passes for a large group and by insertion for a small
 * one, and a name that ends where another goes on comes first. */
static void test_files_dir_order_stems(void)
{
	static const char *stems[] = {"lhost-", "lhost-amazonses-", "lhost-amazonses-x5-bounce-",
				      "rhost-", "rhost-mailru-"};
	enum { N = 5 * 62 };
	static struct raw_message batch[N];
	static char want[N][512];
	static char *sorted[N];
	size_t got = 0;

	make_maildir();
	for (size_t s = 0; s < sizeof(stems) / sizeof(stems[0]); s++) {
		for (int i = 0; i < 62; i++) {
			char name[64];

			if (i < 60)
				snprintf(name, sizeof(name), "%s%02d.eml", stems[s], (i * 37) % 60);
			else /* the stem alone, and the stem and one byte */
				snprintf(name, sizeof(name), "%s%s", stems[s], i == 60 ? "" : "z");
			if (exists(name))
				continue;
			put(name, "Subject: x\n\nx\n");
			snprintf(want[got], sizeof(want[got]), "%s/%s", root, name);
			sorted[got] = want[got];
			got++;
		}
	}
	check_root_order(sorted, got, batch, N, "names alike for 8 to 24 bytes");
}

/* How many descriptors this process has open (/proc/self/fd, less the
 * one that lists it); -1 without /proc. */
static int open_fds(void)
{
	int n = count_entries("/proc/self/fd");

	return n < 0 ? -1 : n - 1;
}

/* A directory of 100 files, fetched one at a time as `bouncer parse` does,
 * with a descriptor of the caller's opened in between after the tenth (the
 * files' numbers then no longer follow each other) and, when limit, under
 * an RLIMIT_NOFILE that leaves fewer free descriptors than the files held
 * open for closing together. Every file is read whole, the caller's
 * descriptor stays open, and none is left behind. */
static void files_hundred(int limit)
{
	struct source *s = NULL;
	struct raw_message m[1];
	struct rlimit old, low;
	char err[SOURCE_ERR_MAX], name[64], text[64];
	char *paths[1];
	size_t n = 0, most = 0;
	int before, during, whole = 0, mine = -1;
	enum source_status st;

	make_maildir();
	for (int i = 0; i < 100; i++) {
		snprintf(name, sizeof(name), "new/%03d.host", i);
		snprintf(text, sizeof(text), "Subject: %d\n\nbody %d\n", i, i);
		put(name, text);
	}
	paths[0] = root;
	before = open_fds();
	if (before < 0) {
		SKIP("no /proc/self/fd");
		return;
	}
	CHECK(getrlimit(RLIMIT_NOFILE, &old) == 0, "getrlimit");
	if (limit) { /* room for 8 more descriptors, whatever the numbers taken */
		int top = 0;

		for (int free_n = 0; free_n < 8; top++)
			free_n += fcntl(top, F_GETFD) == -1 && errno == EBADF;
		low = old;
		low.rlim_cur = (rlim_t)top;
		CHECK(setrlimit(RLIMIT_NOFILE, &low) == 0, "RLIMIT_NOFILE %d", (int)low.rlim_cur);
	}
	CHECK_INT(files_open(paths, 1, 0, &s, err), SRC_OK, "files_open on 100 files");
	if (!s)
		return;
	for (int i = 0; (st = source_fetch(s, m, 1, &n, err)) == SRC_OK && n == 1; i++) {
		snprintf(text, sizeof(text), "Subject: %d\n\nbody %d\n", i, i);
		whole += strcmp(m[0].data, text) == 0 && m[0].len == strlen(text);
		during = open_fds();
		most = during > (int)most ? (size_t)during : most;
		if (i == 9)
			mine = open("/dev/null", O_RDONLY | O_CLOEXEC);
	}
	CHECK_INT(st, SRC_END, "no error%s (%s)", limit ? " under the low limit" : "", st == SRC_END ? "none" : err);
	CHECK_INT(whole, 100, "every file read whole, in order");
	CHECK(mine >= 0 && fcntl(mine, F_GETFD) != -1, "the caller's descriptor still open");
	CHECK((int)most <= before + 2 + CLOSE_BATCH_MAX, "at most %d open while reading (the directory, the "
	      "caller's one, the files held): %zu", before + 2 + CLOSE_BATCH_MAX, most);
	source_fetch(s, m, 0, &n, err);
	CHECK_INT(open_fds(), before + 2, "a fetch of 0 closes the files (the directory and the caller's stay)");
	source_free(&s);
	CHECK_INT(open_fds(), before + 1, "closing the source leaves the caller's one only");
	close(mine);
	if (limit)
		CHECK(setrlimit(RLIMIT_NOFILE, &old) == 0, "limit restored");
}

static void test_files_closed(void)
{
	files_hundred(0);
	files_hundred(1);
}

static void cleanup(void)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", base);
	CHECK(system(cmd) == 0, "temp files removed");
}

TEST_MAIN(test_maildir_moves_after_commit, test_maildir_never_overwrites, test_maildir_keep_and_missing,
	  test_maildir_max_bytes, test_mbox, test_files, test_files_dir_types,
	  test_files_dir_order, test_files_dir_order_random,
	  test_files_dir_order_stems, test_files_closed, cleanup)
