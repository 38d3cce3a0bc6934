/* read-file.h: read the first max bytes of a file, or of a stream. */
#ifndef BOUNCER_POLLER_READ_FILE_H
#define BOUNCER_POLLER_READ_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/stat.h>

enum read_file_status {
	READ_FILE_OK = 0,
	READ_FILE_GONE,  /* ENOENT: the file went away */
	READ_FILE_NOMEM,
	READ_FILE_ERROR  /* errno says why */
};

/* *data_r gets a malloc'd, NUL-terminated copy of at most max bytes;
 * *len_r how many; *full_len_r the file's size; *st_r (may be NULL) its stat. */
enum read_file_status read_file(const char *path, size_t max, char **data_r, size_t *len_r,
				size_t *full_len_r, struct stat *st_r);
/* read_file() with pad zero bytes after the data (0: 1, the NUL), and
 * *cap_r the bytes allocated at *data_r (>= *len_r + pad; 0 on failure):
 * a source that lends the buffer to the parse (struct raw_message's cap). */
enum read_file_status read_file_padded(const char *path, size_t max, size_t pad, char **data_r, size_t *len_r,
				       size_t *cap_r, size_t *full_len_r, struct stat *st_r);
/* The same from an open stream (stdin); reads to EOF, keeps max bytes. */
enum read_file_status read_stream(FILE *fp, size_t max, char **data_r, size_t *len_r,
				  size_t *full_len_r);

/* A buffer kept from one read to the next: a source that reads thousands
 * of files then allocates (and first touches) memory only for a file larger
 * than any before, not for every file. Zeroed = empty. */
struct read_buf {
	char *data;
	size_t cap;      /* bytes allocated */
	bool no_noatime; /* O_NOATIME was refused (not our file): open plainly */
};

struct close_batch;

/* How read_file_at() goes about a file. NULL, or zeroed: as read_file(). */
struct read_how {
	bool short_ends;           /* a short read() is the end: a regular file where read_short_ends() */
	struct close_batch *close; /* NULL: close the file at once; else leave it to this batch */
	/* Zero bytes left after the data (a lent buffer's pad: raw_message's
	 * cap); 0 means 1, the NUL. */
	size_t pad;
};

/* read_file() into b, opened as openat(dirfd, path) (AT_FDCWD: a plain
 * path): the bytes are at b->data, followed by how->pad zero bytes (at
 * least the NUL; only those are written), until the next read into b. b
 * keeps its memory on failure. Reading leaves the access time alone where
 * the kernel allows it (O_NOATIME: our own files). A file that could not
 * be read is closed at once, whatever how says. */
enum read_file_status read_file_at(int dirfd, const char *path, size_t max, const struct read_how *how,
				   struct read_buf *b, size_t *len_r, size_t *full_len_r, struct stat *st_r);
/* Whether the file system of fd (a directory, or any file on it) returns
 * fewer bytes than asked from a regular file only at its end: a few local
 * ones, known by their magic number. false when fstatfs fails. */
bool read_short_ends(int fd);
/* Free b's memory when it holds more than keep bytes (0: always). */
void read_buf_trim(struct read_buf *b, size_t keep);

#endif
