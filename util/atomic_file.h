/* atomic_file.h: write a file so that readers see the old or the new
 * version, never half of one: temp file in the same directory, fflush,
 * fsync, fclose (each checked), rename. */
#ifndef BOUNCER_UTIL_ATOMIC_FILE_H
#define BOUNCER_UTIL_ATOMIC_FILE_H

#include <stdio.h>

struct atomic_file {
	FILE *fp;
	char path[4096];
	char tmp[4096];
};

/* Open a temp file beside path. Returns 0, or -1 with err (size errsz). */
int atomic_file_open(struct atomic_file *af, const char *path, char *err, size_t errsz);
/* Flush, sync, close and rename into place. On any failure the temp file is
 * removed and -1 is returned with err. */
int atomic_file_commit(struct atomic_file *af, char *err, size_t errsz);
/* Throw the temp file away. */
void atomic_file_abort(struct atomic_file *af);

#endif
