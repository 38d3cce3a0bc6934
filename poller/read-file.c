/* read-file.c: bounded whole-file reads. */
#include "poller/read-file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum read_file_status read_file(const char *path, size_t max, char **data_r, size_t *len_r,
				size_t *full_len_r, struct stat *st_r)
{
	struct stat st;
	size_t want, got = 0;
	char *buf;
	int fd;

	*data_r = NULL;
	*len_r = *full_len_r = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? READ_FILE_GONE : READ_FILE_ERROR;
	if (fstat(fd, &st) != 0) {
		int e = errno;

		close(fd);
		errno = e;
		return READ_FILE_ERROR;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		return READ_FILE_ERROR;
	}
	want = (size_t)st.st_size < max ? (size_t)st.st_size : max;
	buf = malloc(want + 1);
	if (!buf) {
		close(fd);
		return READ_FILE_NOMEM;
	}
	while (got < want) {
		ssize_t n = read(fd, buf + got, want - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;

			free(buf);
			close(fd);
			errno = e;
			return READ_FILE_ERROR;
		}
		if (n == 0)
			break; /* shrank meanwhile */
		got += (size_t)n;
	}
	close(fd);
	buf[got] = '\0';
	*data_r = buf;
	*len_r = got;
	*full_len_r = (size_t)st.st_size;
	if (st_r)
		*st_r = st;
	return READ_FILE_OK;
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
