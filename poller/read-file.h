/* read-file.h: read the first max bytes of a file, or of a stream. */
#ifndef BOUNCER_POLLER_READ_FILE_H
#define BOUNCER_POLLER_READ_FILE_H

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
/* The same from an open stream (stdin); reads to EOF, keeps max bytes. */
enum read_file_status read_stream(FILE *fp, size_t max, char **data_r, size_t *len_r,
				  size_t *full_len_r);

#endif
