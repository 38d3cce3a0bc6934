/* maildir.c: the Maildir source (see maildir.h). */
#include "poller/maildir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "poller/read-file.h"
#include "util/str.h"

#define MAILDIR_DEFAULT_MAX (10u * 1024 * 1024)

struct md_entry {
	char *name;          /* base file name, with any ":2,FLAGS" */
	char sub[4];         /* "new" or "cur" */
	enum disposition disp;
	int queued;          /* dispose() was called since the last commit */
};

struct maildir {
	char root[SOURCE_ID_MAX];
	char folder_prefix[SOURCE_ID_MAX]; /* where ".<Folder>" dirs go: root, or parent for Maildir++ */
	const char *folders[3];            /* by disposition */
	char folder_buf[3][128];
	size_t max_bytes;
	struct md_entry *entries;
	size_t n, cap, next;
	/* the batch handed out last: entries [batch_first, batch_first + batch_n) */
	struct raw_message *batch;
	size_t batch_n;
};

static int entry_cmp(const void *a, const void *b)
{
	const struct md_entry *x = a, *y = b;

	return strcmp(x->name, y->name);
}

static enum source_status md_scan_sub(struct maildir *md, const char *sub, char *err)
{
	char dir[SOURCE_ID_MAX];
	DIR *d;
	struct dirent *de;

	if (str_printf(dir, sizeof(dir), "%s/%s", md->root, sub)) {
		snprintf(err, SOURCE_ERR_MAX, "%s: path too long", md->root);
		return SRC_CONFIG;
	}
	d = opendir(dir);
	if (!d) {
		snprintf(err, SOURCE_ERR_MAX, "%s: %s (not a Maildir?)", dir, strerror(errno));
		return errno == ENOENT || errno == ENOTDIR ? SRC_CONFIG : SRC_IOERR;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (md->n == md->cap) {
			size_t cap = md->cap ? md->cap * 2 : 64;
			struct md_entry *e = realloc(md->entries, cap * sizeof(*e));

			if (!e) {
				closedir(d);
				return SRC_NOMEM;
			}
			md->entries = e;
			md->cap = cap;
		}
		memset(&md->entries[md->n], 0, sizeof(md->entries[0]));
		md->entries[md->n].name = strdup(de->d_name);
		if (!md->entries[md->n].name) {
			closedir(d);
			return SRC_NOMEM;
		}
		str_copy(md->entries[md->n].sub, sizeof(md->entries[0].sub), sub);
		md->n++;
	}
	closedir(d);
	return SRC_OK;
}

/* The part of a Maildir file name before the ":2," info: stable across flag changes. */
static size_t md_base_len(const char *name)
{
	const char *colon = strchr(name, ':');

	return colon ? (size_t)(colon - name) : strlen(name);
}

/* Dovecot (or another reader) may have renamed the file since we listed it
 * (new/ -> cur/, flags changed). Find it again by its base name. */
static bool md_relocate(struct maildir *md, struct md_entry *e)
{
	static const char *const subs[] = {"cur", "new"};
	size_t blen = md_base_len(e->name);

	for (size_t i = 0; i < 2; i++) {
		char dir[SOURCE_ID_MAX];
		DIR *d;
		struct dirent *de;

		if (str_printf(dir, sizeof(dir), "%s/%s", md->root, subs[i]))
			continue;
		d = opendir(dir);
		if (!d)
			continue;
		while ((de = readdir(d)) != NULL) {
			if (md_base_len(de->d_name) == blen && strncmp(de->d_name, e->name, blen) == 0) {
				char *n = strdup(de->d_name);

				if (n) {
					free(e->name);
					e->name = n;
					str_copy(e->sub, sizeof(e->sub), subs[i]);
					closedir(d);
					return true;
				}
			}
		}
		closedir(d);
	}
	return false;
}

static enum source_status md_fetch(struct source *s, struct raw_message *batch, size_t max,
				   size_t *n_out, char *err)
{
	struct maildir *md = s->impl;
	size_t got = 0;

	source_release_batch(md->batch, &md->batch_n);
	*n_out = 0;
	while (got < max && md->next < md->n) {
		struct md_entry *e = &md->entries[md->next];
		struct raw_message *m = &batch[got];
		char path[SOURCE_ID_MAX];
		struct stat st;
		enum read_file_status rs;
		int tries = 0;

		md->next++;
		raw_message_clear(m);
	again:
		if (str_printf(path, sizeof(path), "%s/%s/%s", md->root, e->sub, e->name)) {
			snprintf(err, SOURCE_ERR_MAX, "%s/%s: path too long", md->root, e->name);
			return SRC_IOERR;
		}
		/* lent to the parse (m->cap): after the fingerprint only the
		 * parse reads the bytes, and a move goes by path */
		rs = read_file_padded(path, md->max_bytes, SOURCE_LEND_PAD, &m->data, &m->len, &m->cap, &m->full_len,
				      &st);
		if (rs == READ_FILE_GONE && tries++ == 0 && md_relocate(md, e))
			goto again;
		if (rs == READ_FILE_GONE)
			continue; /* taken by someone else meanwhile: not ours to move */
		if (rs == READ_FILE_NOMEM)
			return SRC_NOMEM;
		if (rs != READ_FILE_OK) {
			snprintf(err, SOURCE_ERR_MAX, "%s: %s", path, strerror(errno));
			return SRC_IOERR;
		}
		str_copy(m->id, sizeof(m->id), path);
		m->received = st.st_mtime;
		m->priv = e;
		e->queued = 0;
		got++;
	}
	md->batch = batch;
	md->batch_n = got;
	*n_out = got;
	return got || md->next < md->n ? SRC_OK : SRC_END;
}

static enum source_status md_dispose(struct source *s, struct raw_message *m, enum disposition d,
				     char *err)
{
	struct md_entry *e = m->priv;

	(void)s;
	(void)err;
	e->disp = d;
	e->queued = 1;
	return SRC_OK;
}

/* A full disk (or quota) passes: the mail stays in the inbox, already
 * recorded, and the next run moves it. */
static enum source_status md_status_for(int e)
{
	return e == ENOSPC || e == EDQUOT ? SRC_TEMPFAIL : SRC_IOERR;
}

static enum source_status md_mkdir(const char *path, char *err)
{
	int errnum;

	if (mkdir(path, 0700) == 0 || errno == EEXIST)
		return SRC_OK;
	errnum = errno;
	snprintf(err, SOURCE_ERR_MAX, "%s: cannot create folder: %s", path, strerror(errnum));
	return md_status_for(errnum);
}

/* Create <prefix><sep><Folder>/{cur,new,tmp} and its maildirfolder marker. */
static enum source_status md_ensure_folder(struct maildir *md, const char *folder, char *dir,
					   size_t dirsz, char *err)
{
	static const char *const subs[] = {"cur", "new", "tmp"};
	char p[SOURCE_ID_MAX];
	enum source_status st;
	int fd;

	if (str_printf(dir, dirsz, "%s/.%s", md->folder_prefix, folder)) {
		snprintf(err, SOURCE_ERR_MAX, "%s: path too long", md->root);
		return SRC_IOERR;
	}
	if ((st = md_mkdir(dir, err)) != SRC_OK)
		return st;
	for (size_t i = 0; i < 3; i++) {
		if (str_printf(p, sizeof(p), "%s/%s", dir, subs[i]))
			return SRC_IOERR;
		if ((st = md_mkdir(p, err)) != SRC_OK)
			return st;
	}
	if (str_printf(p, sizeof(p), "%s/maildirfolder", dir))
		return SRC_IOERR;
	fd = open(p, O_WRONLY | O_CREAT, 0600);
	if (fd >= 0)
		close(fd);
	return SRC_OK;
}

/* Target name in cur/: keep the ":2,FLAGS" info; a message from new/ gets ":2,". */
static bool md_target_name(const struct md_entry *e, char *out, size_t outsz)
{
	if (strchr(e->name, ':'))
		return !str_copy(out, outsz, e->name);
	return !str_printf(out, outsz, "%s:2,", e->name);
}

static enum source_status md_move(struct maildir *md, struct md_entry *e, char *err)
{
	char dir[SOURCE_ID_MAX], from[SOURCE_ID_MAX], to[SOURCE_ID_MAX], name[SOURCE_ID_MAX];
	const char *folder = md->folders[e->disp];
	enum source_status st;
	struct stat sb;
	int tries = 0, errnum;

	if ((st = md_ensure_folder(md, folder, dir, sizeof(dir), err)) != SRC_OK)
		return st;
again:
	if (!md_target_name(e, name, sizeof(name)) ||
	    str_printf(from, sizeof(from), "%s/%s/%s", md->root, e->sub, e->name) ||
	    str_printf(to, sizeof(to), "%s/cur/%s", dir, name)) {
		snprintf(err, SOURCE_ERR_MAX, "%s/%s: path too long", md->root, e->name);
		return SRC_IOERR;
	}
	/* rename(2) would replace an existing file: never overwrite mail. */
	for (int k = 1; lstat(to, &sb) == 0 && k < 100; k++)
		if (str_printf(to, sizeof(to), "%s/cur/%.*s.dup%d%s", dir, (int)md_base_len(name), name, k,
			       name + md_base_len(name)))
			return SRC_IOERR;
	if (rename(from, to) == 0)
		return SRC_OK;
	if (errno == ENOENT && tries++ == 0 && md_relocate(md, e))
		goto again;
	errnum = errno;
	snprintf(err, SOURCE_ERR_MAX, "%s: cannot move to %s: %s", from, to, strerror(errnum));
	return errnum == ENOENT ? SRC_OK : md_status_for(errnum); /* gone: someone else moved it */
}

static enum source_status md_commit(struct source *s, char *err)
{
	struct maildir *md = s->impl;
	enum source_status worst = SRC_OK;

	for (size_t i = 0; i < md->batch_n; i++) {
		struct md_entry *e = md->batch[i].priv;
		enum source_status st;

		if (!e || !e->queued || e->disp == DISP_KEEP)
			continue;
		e->queued = 0;
		st = md_move(md, e, err);
		if (st != SRC_OK)
			worst = st; /* keep going: the others can still move */
	}
	return worst;
}

static long md_pending(struct source *s)
{
	struct maildir *md = s->impl;

	return (long)(md->n - md->next);
}

static void md_close(struct source *s)
{
	struct maildir *md = s->impl;

	if (!md)
		return;
	source_release_batch(md->batch, &md->batch_n);
	for (size_t i = 0; i < md->n; i++)
		free(md->entries[i].name);
	free(md->entries);
	free(md);
	s->impl = NULL;
}

static const struct source_ops maildir_ops = {
	.type = "maildir",
	.fetch = md_fetch,
	.dispose = md_dispose,
	.commit = md_commit,
	.pending = md_pending,
	.close = md_close,
};

/* A Maildir++ sub-folder (it holds a "maildirfolder" file, and its name
 * starts with a dot) keeps its own sub-folders beside it, named
 * <parent>/.Sub.Processed rather than <dir>/.Processed. Returns the "Sub"
 * part, or NULL for a plain Maildir. */
static const char *md_folder_layout(struct maildir *md)
{
	char marker[SOURCE_ID_MAX];
	struct stat sb;
	const char *slash = strrchr(md->root, '/');

	str_copy(md->folder_prefix, sizeof(md->folder_prefix), md->root);
	if (str_printf(marker, sizeof(marker), "%s/maildirfolder", md->root) || stat(marker, &sb) != 0)
		return NULL;
	if (!slash || slash[1] != '.' || !slash[2])
		return NULL;
	str_copyn(md->folder_prefix, sizeof(md->folder_prefix), md->root, (size_t)(slash - md->root));
	return slash + 2;
}

enum source_status maildir_open(const struct maildir_options *o, struct source **out, char *err)
{
	static const char *const defaults[3] = {"Processed", "NotBounce", "Review"};
	const char *given[3] = {o->processed, o->notbounce, o->review};
	struct source *s = calloc(1, sizeof(*s));
	struct maildir *md = calloc(1, sizeof(*md));
	enum source_status st;
	const char *sub;
	size_t len;

	*out = NULL;
	if (!s || !md) {
		free(s);
		free(md);
		return SRC_NOMEM;
	}
	s->ops = &maildir_ops;
	s->impl = md;
	if (str_copy(md->root, sizeof(md->root), o->path) || !o->path[0]) {
		snprintf(err, SOURCE_ERR_MAX, "maildir path empty or too long");
		source_free(&s);
		return SRC_CONFIG;
	}
	len = strlen(md->root);
	while (len > 1 && md->root[len - 1] == '/')
		md->root[--len] = '\0';
	md->max_bytes = o->max_bytes ? o->max_bytes : MAILDIR_DEFAULT_MAX;
	for (size_t i = 0; i < 3; i++) {
		const char *f = given[i] && given[i][0] ? given[i] : defaults[i];

		str_copy(md->folder_buf[i], sizeof(md->folder_buf[i]), f);
		md->folders[i] = md->folder_buf[i];
	}
	sub = md_folder_layout(md);
	if (sub) {
		for (size_t i = 0; i < 3; i++) {
			char tmp[128];

			if (str_printf(tmp, sizeof(tmp), "%s.%s", sub, md->folder_buf[i])) {
				snprintf(err, SOURCE_ERR_MAX, "%s: folder name too long", md->root);
				source_free(&s);
				return SRC_CONFIG;
			}
			str_copy(md->folder_buf[i], sizeof(md->folder_buf[i]), tmp);
		}
	}
	str_printf(s->name, sizeof(s->name), "%s", o->name && o->name[0] ? o->name : md->root);
	if ((st = md_scan_sub(md, "new", err)) != SRC_OK || (st = md_scan_sub(md, "cur", err)) != SRC_OK) {
		source_free(&s);
		return st;
	}
	if (md->n > 1) /* an empty Maildir has no array: qsort(NULL) is undefined */
		qsort(md->entries, md->n, sizeof(md->entries[0]), entry_cmp);
	*out = s;
	return SRC_OK;
}
