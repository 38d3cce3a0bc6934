/* stdin.c: the pipe source (see stdin.h). */
#include "poller/stdin.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "poller/read-file.h"
#include "util/str.h"

/* The whole message is kept for people, even beyond what is parsed. */
#define STDIN_KEEP_MAX (64u * 1024 * 1024)

struct stdin_src {
	char root[SOURCE_ID_MAX];
	char notbounce[128], review[128];
	char *data;
	size_t len, full_len, parse_len;
	int fetched;
	enum disposition disp;
	int queued;
};

static enum source_status sin_fetch(struct source *s, struct raw_message *batch, size_t max,
				    size_t *n_out, char *err)
{
	struct stdin_src *ss = s->impl;

	(void)err;
	*n_out = 0;
	if (ss->fetched || max == 0)
		return SRC_END;
	ss->fetched = 1;
	memset(&batch[0], 0, sizeof(batch[0]));
	batch[0].data = ss->data; /* owned by the source */
	batch[0].len = ss->parse_len;
	batch[0].full_len = ss->full_len;
	batch[0].received = time(NULL);
	str_copy(batch[0].id, sizeof(batch[0].id), "stdin");
	*n_out = 1;
	return SRC_OK;
}

static enum source_status sin_dispose(struct source *s, struct raw_message *m, enum disposition d,
				      char *err)
{
	struct stdin_src *ss = s->impl;

	(void)m, (void)err;
	ss->disp = d;
	ss->queued = 1;
	return SRC_OK;
}

static int mkdir_p1(const char *p)
{
	return mkdir(p, 0700) == 0 || errno == EEXIST ? 0 : -1;
}

/* Maildir delivery: write tmp/UNIQUE, fsync, rename to new/UNIQUE. */
static enum source_status sin_deliver(struct stdin_src *ss, const char *folder, char *err)
{
	static const char *const subs[] = {"cur", "new", "tmp"};
	char dir[SOURCE_ID_MAX], p[SOURCE_ID_MAX], tmp[SOURCE_ID_MAX], dst[SOURCE_ID_MAX], host[64];
	struct timespec ts;
	size_t off = 0;
	int fd;

	if (mkdir_p1(ss->root) < 0 || str_printf(dir, sizeof(dir), "%s/.%s", ss->root, folder) ||
	    mkdir_p1(dir) < 0) {
		snprintf(err, SOURCE_ERR_MAX, "%s/.%s: cannot create: %s", ss->root, folder, strerror(errno));
		return SRC_TEMPFAIL;
	}
	for (size_t i = 0; i < 3; i++)
		if (str_printf(p, sizeof(p), "%s/%s", dir, subs[i]) || mkdir_p1(p) < 0) {
			snprintf(err, SOURCE_ERR_MAX, "%s: cannot create: %s", p, strerror(errno));
			return SRC_TEMPFAIL;
		}
	if (gethostname(host, sizeof(host)) != 0)
		str_copy(host, sizeof(host), "localhost");
	host[sizeof(host) - 1] = '\0';
	for (char *h = host; *h; h++)
		if (*h == '/' || *h == ':')
			*h = '_';
	clock_gettime(CLOCK_REALTIME, &ts);
	str_printf(tmp, sizeof(tmp), "%s/tmp/%lld.M%ldP%ld.%s", dir, (long long)ts.tv_sec,
		   ts.tv_nsec / 1000, (long)getpid(), host);
	str_printf(dst, sizeof(dst), "%s/new/%lld.M%ldP%ld.%s", dir, (long long)ts.tv_sec,
		   ts.tv_nsec / 1000, (long)getpid(), host);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0) {
		snprintf(err, SOURCE_ERR_MAX, "%s: %s", tmp, strerror(errno));
		return SRC_TEMPFAIL;
	}
	while (off < ss->len) {
		ssize_t n = write(fd, ss->data + off, ss->len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			snprintf(err, SOURCE_ERR_MAX, "%s: %s", tmp, strerror(errno));
			close(fd);
			unlink(tmp);
			return SRC_TEMPFAIL; /* disk full: the MTA keeps the message and retries */
		}
		off += (size_t)n;
	}
	if (fsync(fd) != 0 || close(fd) != 0 || rename(tmp, dst) != 0) {
		snprintf(err, SOURCE_ERR_MAX, "%s: %s", dst, strerror(errno));
		unlink(tmp);
		return SRC_TEMPFAIL;
	}
	return SRC_OK;
}

static enum source_status sin_commit(struct source *s, char *err)
{
	struct stdin_src *ss = s->impl;

	if (!ss->queued)
		return SRC_OK;
	ss->queued = 0;
	switch (ss->disp) {
	case DISP_REVIEW:
		return sin_deliver(ss, ss->review, err);
	case DISP_NOTBOUNCE:
		return sin_deliver(ss, ss->notbounce, err);
	default:
		return SRC_OK; /* a recorded bounce: the database has what matters */
	}
}

static void sin_close(struct source *s)
{
	struct stdin_src *ss = s->impl;

	if (!ss)
		return;
	free(ss->data);
	free(ss);
	s->impl = NULL;
}

static const struct source_ops stdin_ops = {
	.type = "stdin",
	.fetch = sin_fetch,
	.dispose = sin_dispose,
	.commit = sin_commit,
	.pending = NULL,
	.close = sin_close,
};

enum source_status stdin_open(const struct stdin_options *o, struct source **out, char *err)
{
	struct source *s = calloc(1, sizeof(*s));
	struct stdin_src *ss = calloc(1, sizeof(*ss));
	enum read_file_status rs;

	*out = NULL;
	if (!s || !ss) {
		free(s);
		free(ss);
		return SRC_NOMEM;
	}
	s->ops = &stdin_ops;
	s->impl = ss;
	str_copy(s->name, sizeof(s->name), "pipe");
	str_copy(ss->root, sizeof(ss->root), o->keep_maildir);
	str_copy(ss->notbounce, sizeof(ss->notbounce), o->notbounce ? o->notbounce : "NotBounce");
	str_copy(ss->review, sizeof(ss->review), o->review ? o->review : "Review");
	rs = read_stream(stdin, STDIN_KEEP_MAX, &ss->data, &ss->len, &ss->full_len);
	if (rs != READ_FILE_OK) {
		snprintf(err, SOURCE_ERR_MAX, "stdin: %s", rs == READ_FILE_NOMEM ? "out of memory" : strerror(errno));
		source_free(&s);
		return rs == READ_FILE_NOMEM ? SRC_NOMEM : SRC_TEMPFAIL;
	}
	if (ss->full_len > ss->len) {
		/* too big to keep: refuse for now, so the MTA keeps it */
		snprintf(err, SOURCE_ERR_MAX, "stdin: message larger than %u MB", STDIN_KEEP_MAX >> 20);
		source_free(&s);
		return SRC_TEMPFAIL;
	}
	ss->parse_len = o->max_bytes && o->max_bytes < ss->len ? o->max_bytes : ss->len;
	*out = s;
	return SRC_OK;
}
