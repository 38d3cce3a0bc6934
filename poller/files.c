/* files.c: plain files, directories of files and "-" (stdin) as a read-only
 * source, for `parse` and `ingest`. Nothing is ever moved. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "poller/maildir.h"
#include "poller/read-file.h"
#include "util/str.h"

struct files {
	char **paths;
	size_t n, cap, next;
	size_t max_bytes;
	struct raw_message *batch;
	size_t batch_n;
};

static enum source_status files_push(struct files *f, const char *path)
{
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 64;
		char **p = realloc(f->paths, cap * sizeof(*p));

		if (!p)
			return SRC_NOMEM;
		f->paths = p;
		f->cap = cap;
	}
	f->paths[f->n] = strdup(path);
	if (!f->paths[f->n])
		return SRC_NOMEM;
	f->n++;
	return SRC_OK;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The file type of a directory entry (S_IFREG, S_IFDIR, ...), 0 when it
 * cannot be had. The type readdir gives saves a stat (a path walk) per file;
 * a symbolic link, or a file system that leaves d_type unknown, still gets
 * one (stat follows links, as before). */
static mode_t files_type(const struct dirent *de, const char *path)
{
	struct stat sb;

	if (de->d_type == DT_REG)
		return S_IFREG;
	if (de->d_type == DT_DIR)
		return S_IFDIR;
	if (de->d_type != DT_UNKNOWN && de->d_type != DT_LNK)
		return S_IFIFO; /* a fifo, socket or device: neither read nor walked */
	if (stat(path, &sb) != 0)
		return 0;
	return sb.st_mode & S_IFMT;
}

/* A directory: its files sorted by name; a Maildir: its new/ and cur/. */
static enum source_status files_add_dir(struct files *f, const char *dir, int depth, char *err)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t first = f->n;
	enum source_status st = SRC_OK;

	if (!d) {
		snprintf(err, SOURCE_ERR_MAX, "%s: %s", dir, strerror(errno));
		return SRC_IOERR;
	}
	while (st == SRC_OK && (de = readdir(d)) != NULL) {
		char p[SOURCE_ID_MAX];
		mode_t type;

		if (de->d_name[0] == '.')
			continue;
		if (str_printf(p, sizeof(p), "%s/%s", dir, de->d_name) || !(type = files_type(de, p)))
			continue;
		if (S_ISREG(type))
			st = files_push(f, p);
		else if (S_ISDIR(type) && depth == 0 &&
			 (strcmp(de->d_name, "new") == 0 || strcmp(de->d_name, "cur") == 0))
			st = files_add_dir(f, p, depth + 1, err);
	}
	closedir(d);
	if (st == SRC_OK && f->n - first > 1) /* paths is NULL while empty: qsort(NULL) is UB */
		qsort(f->paths + first, f->n - first, sizeof(char *), name_cmp);
	return st;
}

static enum source_status files_fetch(struct source *s, struct raw_message *batch, size_t max,
				      size_t *n_out, char *err)
{
	struct files *f = s->impl;
	size_t got = 0;

	source_release_batch(f->batch, &f->batch_n);
	f->batch = batch;
	*n_out = 0;
	while (got < max && f->next < f->n) {
		const char *path = f->paths[f->next++];
		struct raw_message *m = &batch[got];
		enum read_file_status rs;
		struct stat st;

		memset(m, 0, sizeof(*m));
		if (strcmp(path, "-") == 0) {
			rs = read_stream(stdin, f->max_bytes, &m->data, &m->len, &m->full_len);
			str_copy(m->id, sizeof(m->id), "-");
		} else {
			rs = read_file(path, f->max_bytes, &m->data, &m->len, &m->full_len, &st);
			str_copy(m->id, sizeof(m->id), path);
			if (rs == READ_FILE_OK)
				m->received = st.st_mtime;
		}
		if (rs == READ_FILE_NOMEM)
			return SRC_NOMEM;
		if (rs != READ_FILE_OK) {
			/* name the file; the caller reports it and goes on */
			snprintf(err, SOURCE_ERR_MAX, "%s: %s", path, strerror(errno));
			f->batch_n = got;
			*n_out = got;
			return SRC_IOERR;
		}
		got++;
		f->batch_n = got;
	}
	*n_out = got;
	return got || f->next < f->n ? SRC_OK : SRC_END;
}

static enum source_status files_dispose(struct source *s, struct raw_message *m,
					enum disposition d, char *err)
{
	(void)s, (void)m, (void)d, (void)err;
	return SRC_OK;
}

static long files_pending(struct source *s)
{
	struct files *f = s->impl;

	return (long)(f->n - f->next);
}

static void files_close(struct source *s)
{
	struct files *f = s->impl;

	if (!f)
		return;
	source_release_batch(f->batch, &f->batch_n);
	for (size_t i = 0; i < f->n; i++)
		free(f->paths[i]);
	free(f->paths);
	free(f);
	s->impl = NULL;
}

static const struct source_ops files_ops = {
	.type = "files",
	.fetch = files_fetch,
	.dispose = files_dispose,
	.commit = NULL,
	.pending = files_pending,
	.close = files_close,
};

enum source_status files_open(char *const *paths, size_t n, size_t max_bytes, struct source **out,
			      char *err)
{
	struct source *s = calloc(1, sizeof(*s));
	struct files *f = calloc(1, sizeof(*f));
	enum source_status st = SRC_OK;

	*out = NULL;
	if (!s || !f) {
		free(s);
		free(f);
		return SRC_NOMEM;
	}
	s->ops = &files_ops;
	s->impl = f;
	str_copy(s->name, sizeof(s->name), "files");
	f->max_bytes = max_bytes ? max_bytes : 10u * 1024 * 1024;
	for (size_t i = 0; i < n && st == SRC_OK; i++) {
		struct stat sb;

		if (strcmp(paths[i], "-") != 0 && stat(paths[i], &sb) == 0 && S_ISDIR(sb.st_mode))
			st = files_add_dir(f, paths[i], 0, err);
		else
			st = files_push(f, paths[i]); /* a missing file is reported when read */
	}
	if (st != SRC_OK) {
		source_free(&s);
		return st;
	}
	*out = s;
	return SRC_OK;
}
