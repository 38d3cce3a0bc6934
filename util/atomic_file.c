#include "util/atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "util/str.h"

int atomic_file_open(struct atomic_file *af, const char *path, char *err, size_t errsz)
{
	int fd;

	memset(af, 0, sizeof(*af));
	if (str_copy(af->path, sizeof(af->path), path) ||
	    str_printf(af->tmp, sizeof(af->tmp), "%s.tmp.XXXXXX", path)) {
		snprintf(err, errsz, "%s: path too long", path);
		return -1;
	}
	fd = mkstemp(af->tmp);
	if (fd < 0) {
		snprintf(err, errsz, "%s: cannot create temp file: %s", path, strerror(errno));
		return -1;
	}
	if (fchmod(fd, 0644) < 0) {
		/* not fatal: the umask-made mode stays */
	}
	af->fp = fdopen(fd, "w");
	if (!af->fp) {
		snprintf(err, errsz, "%s: %s", af->tmp, strerror(errno));
		close(fd);
		unlink(af->tmp);
		return -1;
	}
	return 0;
}

int atomic_file_commit(struct atomic_file *af, char *err, size_t errsz)
{
	FILE *fp = af->fp;

	af->fp = NULL;
	if (!fp)
		return -1;
	if (ferror(fp) || fflush(fp) != 0 || fsync(fileno(fp)) != 0) {
		snprintf(err, errsz, "%s: write failed: %s", af->path, strerror(errno ? errno : EIO));
		fclose(fp);
		unlink(af->tmp);
		return -1;
	}
	if (fclose(fp) != 0) {
		snprintf(err, errsz, "%s: close failed: %s", af->path, strerror(errno));
		unlink(af->tmp);
		return -1;
	}
	if (rename(af->tmp, af->path) != 0) {
		snprintf(err, errsz, "%s: rename failed: %s", af->path, strerror(errno));
		unlink(af->tmp);
		return -1;
	}
	return 0;
}

void atomic_file_abort(struct atomic_file *af)
{
	if (af->fp) {
		fclose(af->fp);
		af->fp = NULL;
	}
	if (af->tmp[0])
		unlink(af->tmp);
}
