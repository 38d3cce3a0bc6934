/* read-file.c: bounded whole-file reads. */
#include "poller/read-file.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "poller/close-batch.h"

#define READ_BUF_ROUND 16384 /* a power of two */
/* Linux cuts any read() at 2 GB - 4 KB (MAX_RW_COUNT), mid-file too: a
 * short read is taken for the end only when it asked no more than this. */
#define READ_SHORT_MAX (1u << 30)

/* Room for n bytes and pad (>= 1) more in b; false when out of memory.
 * Sizes are rounded up so that files of about the same size share one
 * allocation. */
static bool read_buf_reserve(struct read_buf *b, size_t n, size_t pad)
{
	size_t cap;

	if (n < b->cap && b->cap - n >= pad)
		return true;
	if (n > SIZE_MAX - READ_BUF_ROUND - pad)
		return false;
	cap = (n + pad - 1 + READ_BUF_ROUND) & ~(size_t)(READ_BUF_ROUND - 1);
	free(b->data); /* not realloc: nothing in it is kept */
	b->data = malloc(cap);
	b->cap = b->data ? cap : 0;
	return b->data != NULL;
}

void read_buf_trim(struct read_buf *b, size_t keep)
{
	if (b->cap > keep || keep == 0) {
		free(b->data);
		b->data = NULL;
		b->cap = 0;
	}
}

/* Close fd keeping errno; returns status. */
static enum read_file_status read_fail(int fd, enum read_file_status status)
{
	int e = errno;

	close(fd);
	errno = e;
	return status;
}

/* openat(dirfd, path) for reading. O_NOATIME first: with relatime, the
 * first read of a new message (atime == mtime) would otherwise write its
 * inode back. Only the owner (or root) may ask that; elsewhere the open
 * fails with EPERM, once: b remembers it. */
static int read_open(int dirfd, const char *path, struct read_buf *b)
{
	int fd;

	if (!b->no_noatime) {
		fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOATIME);
		if (fd >= 0 || errno != EPERM)
			return fd;
		b->no_noatime = true;
	}
	return openat(dirfd, path, O_RDONLY | O_CLOEXEC);
}

/* Twice the room in b, or a first READ_BUF_ROUND, keeping what it holds. */
static bool read_buf_grow(struct read_buf *b)
{
	size_t cap = b->cap ? b->cap * 2 : READ_BUF_ROUND;
	char *d;

	if (b->cap > SIZE_MAX / 2)
		return false;
	d = realloc(b->data, cap);
	if (!d)
		return false;
	b->data = d;
	b->cap = cap;
	return true;
}

/* fstat of fd into *st; false, fd closed and errno set, for what is not a
 * regular file (a directory: EISDIR; a device, a fifo: EINVAL). */
static bool read_regular(int fd, struct stat *st)
{
	if (fstat(fd, st) != 0) {
		read_fail(fd, READ_FILE_ERROR);
		return false;
	}
	if (!S_ISREG(st->st_mode)) {
		errno = S_ISDIR(st->st_mode) ? EISDIR : EINVAL;
		read_fail(fd, READ_FILE_ERROR);
		return false;
	}
	return true;
}

/* The first max bytes of fd into b, the size known from fstat: one read
 * of exactly that many bytes, with room for pad after them. */
static enum read_file_status read_sized(int fd, size_t max, size_t pad, struct read_buf *b, size_t *len_r,
					size_t *full_len_r, struct stat *st)
{
	size_t want, got = 0;

	if (!read_regular(fd, st))
		return READ_FILE_ERROR;
	want = (size_t)st->st_size < max ? (size_t)st->st_size : max;
	if (!read_buf_reserve(b, want, pad)) {
		close(fd);
		return READ_FILE_NOMEM;
	}
	while (got < want) {
		ssize_t n = read(fd, b->data + got, want - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return read_fail(fd, READ_FILE_ERROR);
		if (n == 0)
			break; /* shrank meanwhile */
		got += (size_t)n;
	}
	*len_r = got;
	*full_len_r = (size_t)st->st_size;
	return READ_FILE_OK;
}

/* POSIX lets read() return fewer bytes than asked anywhere in a file (a
 * signal, a file system's choice). On Linux, these serve a regular file's
 * read from the page cache and return short only at its end (or with a
 * fatal signal pending, when the process dies anyway), so a short read
 * there saves the empty read that would say so. FUSE (direct_io), NFS or
 * CIFS may return short mid-file: on any other file system a file is read
 * until read() returns 0. */
static const unsigned long read_short_end_fs[] = {
	EXT4_SUPER_MAGIC, /* and ext2, ext3 */
	XFS_SUPER_MAGIC,
	BTRFS_SUPER_MAGIC,
	TMPFS_MAGIC,
};

bool read_short_ends(int fd)
{
	struct statfs sf;

	if (fstatfs(fd, &sf) != 0)
		return false;
	for (size_t i = 0; i < sizeof(read_short_end_fs) / sizeof(read_short_end_fs[0]); i++)
		if ((unsigned long)sf.f_type == read_short_end_fs[i])
			return true;
	return false;
}

/* The first max bytes of fd into b without asking its size: read until
 * read() says the end, into the buffer b already has. A file then costs
 * openat, read, an empty read and close (no empty read where short_ends:
 * see read_short_end_fs); an fstat costs more than that last read
 * (natively 2.8% of a `bouncer parse` run against 0.8%). Only when max
 * bytes are in does fstat tell the whole size (and refuse what is not a
 * regular file, such as a device that never ends). */
static enum read_file_status read_unsized(int fd, size_t max, size_t pad, bool short_ends, struct read_buf *b,
					  size_t *len_r, size_t *full_len_r)
{
	struct stat st;
	size_t got = 0;

	if (!b->cap && !read_buf_grow(b)) {
		close(fd);
		return READ_FILE_NOMEM;
	}
	for (;;) {
		/* pad bytes stay free after what is read (got <= cap: the
		 * buffer may be smaller than pad, stdin's in files.c) */
		size_t room = b->cap - got > pad ? b->cap - got - pad : 0;
		ssize_t n;

		if (room > max - got)
			room = max - got;
		if (room == 0) {
			if (got == max && b->cap - got >= pad)
				break;
			if (!read_buf_grow(b)) {
				close(fd);
				return READ_FILE_NOMEM;
			}
			continue;
		}
		n = read(fd, b->data + got, room);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return read_fail(fd, READ_FILE_ERROR); /* EISDIR for a directory */
		got += (size_t)n;
		if (n == 0 || (short_ends && (size_t)n < room && room <= READ_SHORT_MAX)) {
			*len_r = *full_len_r = got;
			return READ_FILE_OK;
		}
	}
	if (!read_regular(fd, &st))
		return READ_FILE_ERROR;
	*len_r = got;
	*full_len_r = (size_t)st.st_size > got ? (size_t)st.st_size : got;
	return READ_FILE_OK;
}

enum read_file_status read_file_at(int dirfd, const char *path, size_t max, const struct read_how *how,
				   struct read_buf *b, size_t *len_r, size_t *full_len_r, struct stat *st_r)
{
	static const struct read_how plain;
	struct stat st;
	enum read_file_status rs;
	size_t pad;
	int fd;

	if (!how)
		how = &plain;
	pad = how->pad ? how->pad : 1;
	*len_r = *full_len_r = 0;
	fd = read_open(dirfd, path, b);
	/* the descriptors held open may be what reached the limit: a file is
	 * never refused for them */
	if (fd < 0 && errno == EMFILE && how->close && close_batch_release(how->close))
		fd = read_open(dirfd, path, b);
	if (fd < 0)
		return errno == ENOENT ? READ_FILE_GONE : READ_FILE_ERROR;
	rs = st_r ? read_sized(fd, max, pad, b, len_r, full_len_r, &st)
		  : read_unsized(fd, max, pad, how->short_ends, b, len_r, full_len_r);
	if (rs != READ_FILE_OK)
		return rs; /* fd closed */
	if (how->close)
		close_batch_add(how->close, fd);
	else
		close(fd);
	/* only the pad: the buffer keeps its memory from file to file, and
	 * what is past the pad is not read */
	memset(b->data + *len_r, 0, pad);
	if (st_r)
		*st_r = st;
	return READ_FILE_OK;
}

enum read_file_status read_file_padded(const char *path, size_t max, size_t pad, char **data_r, size_t *len_r,
				       size_t *cap_r, size_t *full_len_r, struct stat *st_r)
{
	const struct read_how how = {.pad = pad};
	struct read_buf b = {0};
	enum read_file_status rs = read_file_at(AT_FDCWD, path, max, &how, &b, len_r, full_len_r, st_r);

	if (rs != READ_FILE_OK) {
		int e = errno;

		read_buf_trim(&b, 0);
		errno = e;
		b.data = NULL;
	}
	*data_r = b.data;
	if (cap_r)
		*cap_r = b.data ? b.cap : 0;
	return rs;
}

enum read_file_status read_file(const char *path, size_t max, char **data_r, size_t *len_r,
				size_t *full_len_r, struct stat *st_r)
{
	return read_file_padded(path, max, 1, data_r, len_r, NULL, full_len_r, st_r);
}

enum read_file_status read_stream(FILE *fp, size_t max, char **data_r, size_t *len_r,
				  size_t *full_len_r)
{
	size_t cap = 65536, len = 0, total = 0;
	char *buf = malloc(cap + 1);
	char sink[65536];

	*data_r = NULL;
	*len_r = *full_len_r = 0;
	if (!buf)
		return READ_FILE_NOMEM;
	for (;;) {
		size_t room, n;

		if (len < max) {
			if (len == cap) {
				size_t ncap = cap * 2 > max ? max : cap * 2;
				char *nb = realloc(buf, ncap + 1);

				if (!nb) {
					free(buf);
					return READ_FILE_NOMEM;
				}
				buf = nb;
				cap = ncap;
			}
			room = cap - len;
			n = fread(buf + len, 1, room, fp);
			len += n;
		} else {
			n = fread(sink, 1, sizeof(sink), fp); /* past max: count, drop */
		}
		total += n;
		if (n == 0)
			break;
	}
	if (ferror(fp)) {
		free(buf);
		return READ_FILE_ERROR;
	}
	buf[len] = '\0';
	*data_r = buf;
	*len_r = len;
	*full_len_r = total;
	return READ_FILE_OK;
}
