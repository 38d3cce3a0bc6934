/* files.c: plain files, directories of files and "-" (stdin) as a read-only
 * source, for `parse` and `ingest`. Nothing is ever moved. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "poller/close-batch.h"
#include "poller/maildir.h"
#include "poller/read-file.h"
#include "util/str.h"

#define FILES_NO_DIR UINT32_MAX
/* A batch's buffers are kept for the next batch, up to this size each. */
#define FILES_BUF_KEEP (256u * 1024)

struct files_entry {
	char *path;   /* as given, or DIR/NAME: the message's id */
	uint16_t base; /* offset of NAME in path (< SOURCE_ID_MAX); 0 for a path opened as given */
	/* strlen(path) for a listed DIR/NAME (< SOURCE_ID_MAX: files_join()),
	 * so that it is measured once; 0 for a path given as such (any length) */
	uint16_t len : 15;
	uint16_t short_ends : 1; /* read_how's: readdir said a regular file, on a read_short_ends() system */
	uint32_t dir;  /* which listed directory (a count), FILES_NO_DIR when given as such */
	uint64_t key; /* while sorting: 8 bytes of the name, big-endian */
};
_Static_assert(SOURCE_ID_MAX <= 1u << 15, "an entry's base and len fit 15 bits");

/* The paths, many to a block: one malloc (and one free) for hundreds of
 * names instead of a strdup() each. Blocks never move, so entries point
 * into them. */
#define FILES_NAMES_BLOCK 16384
struct files_names {
	struct files_names *next;
	size_t used, cap;
	char data[];
};

struct files {
	struct files_entry *e;
	struct files_names *names;
	size_t n, cap, next;
	size_t max_bytes;
	uint32_t ndirs;     /* directories listed so far */
	int dirfd;          /* the open directory of dirfd_of, or -1 */
	uint32_t dirfd_of;
	struct read_buf *bufs; /* one per batch slot: the batch's data */
	size_t nbufs, batch_n;
	/* The files read, closed CLOSE_BATCH_MAX at a time across fetches:
	 * `bouncer parse` fetches one message at a time. */
	struct close_batch closing;
};

/* A copy of path (len bytes and its NUL) in f's blocks, NULL when out of
 * memory. */
static char *files_name(struct files *f, const char *path, size_t len)
{
	size_t n = len + 1;
	struct files_names *b = f->names;

	if (!b || b->cap - b->used < n) {
		size_t cap = n > FILES_NAMES_BLOCK ? n : FILES_NAMES_BLOCK;

		b = malloc(sizeof(*b) + cap);
		if (!b)
			return NULL;
		b->next = f->names;
		b->used = 0;
		b->cap = cap;
		f->names = b;
	}
	memcpy(b->data + b->used, path, n);
	b->used += n;
	return b->data + b->used - n;
}

static void files_names_free(struct files_names *b)
{
	while (b) {
		struct files_names *next = b->next;

		free(b);
		b = next;
	}
}

/* Add path, of len bytes (< SOURCE_ID_MAX when listed from dir; a path
 * given as such, FILES_NO_DIR, may be longer). */
static enum source_status files_push(struct files *f, const char *path, size_t len, uint16_t base,
				     uint32_t dir, bool short_ends)
{
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 64;
		struct files_entry *e = realloc(f->e, cap * sizeof(*e));

		if (!e)
			return SRC_NOMEM;
		f->e = e;
		f->cap = cap;
	}
	f->e[f->n].path = files_name(f, path, len);
	if (!f->e[f->n].path)
		return SRC_NOMEM;
	f->e[f->n].base = base;
	f->e[f->n].len = dir == FILES_NO_DIR ? 0 : (uint16_t)len;
	f->e[f->n].dir = dir;
	f->e[f->n].short_ends = short_ends;
	f->n++;
	return SRC_OK;
}

static int entry_cmp(const void *a, const void *b)
{
	const struct files_entry *x = a, *y = b;

	return strcmp(x->path, y->path);
}

/* Below this many entries, a sort (or a group of ties) goes by insertion:
 * a radix pass costs its 256 counters whatever the number of entries (64,
 * not 32: the shared corpus's groups of 33 to 50, "lhost-amazonses-..."
 * and its kind, cost ~100 instructions a file less; a directory of 100
 * fixtures ~30% less to sort). */
#define FILES_SORT_SMALL 64

/* e[0..n) by key, by insertion. */
static void files_sort_small(struct files_entry *e, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		struct files_entry x = e[i];
		size_t j = i;

		for (; j > 0 && e[j - 1].key > x.key; j--)
			e[j] = e[j - 1];
		e[j] = x;
	}
}

/* e[0..n) by key, a byte a pass (stable), through tmp (room for n); only
 * the bytes set in diff, where the keys differ, take a pass. */
static void files_sort_radix(struct files_entry *e, size_t n, struct files_entry *tmp, uint64_t diff)
{
	struct files_entry *src = e, *dst = tmp;

	for (unsigned shift = 0; shift < 64; shift += 8) {
		size_t at[256] = {0}, pos = 0;

		if (!((diff >> shift) & 0xff))
			continue;
		for (size_t i = 0; i < n; i++)
			at[(src[i].key >> shift) & 0xff]++;
		for (size_t b = 0; b < 256; b++) {
			size_t c = at[b];

			at[b] = pos;
			pos += c;
		}
		for (size_t i = 0; i < n; i++)
			dst[at[(src[i].key >> shift) & 0xff]++] = src[i];
		dst = src; /* the sorted copy is read by the next pass */
		src = dst == e ? tmp : e;
	}
	if (src != e)
		memcpy(e, src, n * sizeof(*e));
}

/* The 8 bytes of e's path from at on, big-endian, zeros after its end. */
static inline uint64_t files_key(const struct files_entry *e, size_t at)
{
	const unsigned char *p = (const unsigned char *)e->path + at;
	size_t len = e->len, j;
	uint64_t k = 0;

	if (len >= at + 8) {
		memcpy(&k, p, 8);
		return __builtin_bswap64(k);
	}
	for (j = 0; at + j < len; j++)
		k = k << 8 | p[j];
	return j ? k << 8 * (8 - j) : 0; /* not << 64 */
}

/* Sort e[0..n), listed paths (len known) alike in their first skip bytes,
 * by path. Each entry gets its next 8 bytes as a number that orders as
 * strcmp() does (big-endian, zeros after the end): the compares then stay
 * in the array instead of following two pointers into the names, which
 * for 100,000 files cost 2.5% of a `bouncer parse` run. A group whose
 * numbers tie (names alike for those 8 bytes, "lhost-postfix-01.eml" and
 * "lhost-postfix-02.eml") goes on to the next 8 bytes the same way: no
 * qsort() and strcmp() calls. A group that ties with the names' ends in it
 * holds one name (a directory lists a name once). */
static void files_sort_at(struct files_entry *e, size_t n, size_t skip, struct files_entry *tmp)
{
	uint64_t diff = 0;

	for (size_t i = 0; i < n; i++) {
		e[i].key = files_key(&e[i], skip);
		diff |= e[i].key ^ e[0].key;
	}
	if (!diff) { /* all alike: the next 8 bytes, if any */
		if (e[0].key & 0xff)
			files_sort_at(e, n, skip + 8, tmp);
		return;
	}
	if (n < FILES_SORT_SMALL)
		files_sort_small(e, n);
	else
		files_sort_radix(e, n, tmp, diff);
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && e[j].key == e[i].key; j++)
			;
		if (j - i > 1 && (e[i].key & 0xff) != 0)
			files_sort_at(e + i, j - i, skip + 8, tmp);
	}
}

/* Sort e[0..n), whose paths share their first skip bytes, by path; by
 * qsort() when out of memory. */
static void files_sort(struct files_entry *e, size_t n, size_t skip)
{
	struct files_entry *tmp = malloc(n * sizeof(*tmp));

	if (!tmp) {
		qsort(e, n, sizeof(*e), entry_cmp);
		return;
	}
	files_sort_at(e, n, skip, tmp);
	free(tmp);
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

/* dir (dlen bytes), "/" and name into p of size bytes; its length, 0 when
 * it does not fit (not snprintf: this runs for every file listed). */
static size_t files_join(char *p, size_t size, const char *dir, size_t dlen, const char *name)
{
	size_t nlen = strlen(name);

	if (dlen + 1 + nlen >= size)
		return 0;
	memcpy(p, dir, dlen);
	p[dlen] = '/';
	memcpy(p + dlen + 1, name, nlen + 1);
	return dlen + 1 + nlen;
}

/* A directory: its files sorted by name; a Maildir: its new/ and cur/. */
static enum source_status files_add_dir(struct files *f, const char *dir, int depth, char *err)
{
	DIR *d;
	struct dirent *de;
	size_t first = f->n, base = strlen(dir) + 1;
	uint32_t id = f->ndirs++;
	enum source_status st = SRC_OK;
	bool short_ends;

	if (id == FILES_NO_DIR) {
		snprintf(err, SOURCE_ERR_MAX, "%s: too many directories", dir);
		return SRC_IOERR;
	}
	d = opendir(dir);
	if (!d) {
		snprintf(err, SOURCE_ERR_MAX, "%s: %s", dir, strerror(errno));
		return SRC_IOERR;
	}
	/* once a directory: a symbolic link, or a name readdir left untyped,
	 * may lead to another file system and keeps the read until the end */
	short_ends = read_short_ends(dirfd(d));
	while (st == SRC_OK && (de = readdir(d)) != NULL) {
		char p[SOURCE_ID_MAX];
		size_t len;
		mode_t type;

		if (de->d_name[0] == '.')
			continue;
		if (!(len = files_join(p, sizeof(p), dir, base - 1, de->d_name)) || !(type = files_type(de, p)))
			continue;
		if (S_ISREG(type))
			st = files_push(f, p, len, (uint16_t)base, id, /* base < SOURCE_ID_MAX: p fits */
					short_ends && de->d_type == DT_REG);
		else if (S_ISDIR(type) && depth == 0 &&
			 (strcmp(de->d_name, "new") == 0 || strcmp(de->d_name, "cur") == 0))
			st = files_add_dir(f, p, depth + 1, err);
	}
	closedir(d);
	if (st == SRC_OK && f->n - first > 1) /* e is NULL while empty: qsort(NULL) is UB */
		files_sort(f->e + first, f->n - first, base);
	return st;
}

/* What to open e relative to: the directory it was listed in, opened once
 * for all of its files (the kernel then looks up one name per file, not
 * every component of the path), else the working directory. *name is
 * what to open there. */
static int files_at(struct files *f, const struct files_entry *e, const char **name)
{
	char dir[SOURCE_ID_MAX];

	*name = e->path;
	if (e->dir == FILES_NO_DIR)
		return AT_FDCWD;
	if (f->dirfd_of != e->dir) {
		if (f->dirfd >= 0)
			close(f->dirfd);
		f->dirfd_of = e->dir;
		str_copyn(dir, sizeof(dir), e->path, e->base - 1);
		f->dirfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	}
	if (f->dirfd < 0)
		return AT_FDCWD; /* the whole path then, and its error if any */
	*name = e->path + e->base;
	return f->dirfd;
}

/* Room for a batch of max messages in f->bufs; the last batch's buffers
 * are kept, unless one grew large. */
static enum source_status files_bufs(struct files *f, size_t max)
{
	for (size_t i = 0; i < f->batch_n; i++)
		read_buf_trim(&f->bufs[i], FILES_BUF_KEEP);
	f->batch_n = 0;
	if (max > f->nbufs) {
		struct read_buf *b = realloc(f->bufs, max * sizeof(*b));

		if (!b)
			return SRC_NOMEM;
		memset(b + f->nbufs, 0, (max - f->nbufs) * sizeof(*b));
		f->bufs = b;
		f->nbufs = max;
	}
	return SRC_OK;
}

/* stdin, read whole into slot b. */
static enum read_file_status files_read_stdin(struct files *f, struct read_buf *b, size_t *len,
					      size_t *full_len)
{
	char *data;
	enum read_file_status rs = read_stream(stdin, f->max_bytes, &data, len, full_len);

	if (rs == READ_FILE_OK) {
		read_buf_trim(b, 0);
		b->data = data;
		b->cap = *len + 1;
	}
	return rs;
}

static enum source_status files_fetch(struct source *s, struct raw_message *batch, size_t max,
				      size_t *n_out, char *err)
{
	struct files *f = s->impl;
	size_t got = 0;

	*n_out = 0;
	if (max == 0)
		close_batch_flush(&f->closing); /* a fetch of 0 releases everything */
	if (files_bufs(f, max) != SRC_OK)
		return SRC_NOMEM;
	while (got < max && f->next < f->n) {
		const struct files_entry *e = &f->e[f->next++];
		struct raw_message *m = &batch[got];
		struct read_buf *b = &f->bufs[got];
		enum read_file_status rs;
		struct stat st;

		raw_message_clear(m);
		if (e->dir == FILES_NO_DIR && strcmp(e->path, "-") == 0) {
			rs = files_read_stdin(f, b, &m->len, &m->full_len);
			str_copy(m->id, sizeof(m->id), "-");
		} else {
			const char *name;
			int at = files_at(f, e, &name);

			/* A file listed from a directory is known to be a
			 * regular one (readdir's type, or stat for a link): it
			 * is read without fstat. A path given as such is
			 * checked first (a device, a directory). */
			bool listed = e->dir != FILES_NO_DIR;
			struct read_how how = {
				.short_ends = e->short_ends, .close = &f->closing, .pad = SOURCE_LEND_PAD};

			rs = read_file_at(at, name, f->max_bytes, &how, b, &m->len, &m->full_len,
					  listed ? NULL : &st);
			/* nothing reads b after the parse: lent to it (stdin's
			 * buffer, above, has no pad) */
			if (rs == READ_FILE_OK)
				m->cap = b->cap;
			if (listed) /* its length known, and < SOURCE_ID_MAX */
				memcpy(m->id, e->path, (size_t)e->len + 1);
			else
				str_copy(m->id, sizeof(m->id), e->path);
			if (rs == READ_FILE_OK && !listed)
				m->received = st.st_mtime;
		}
		if (rs == READ_FILE_NOMEM)
			return SRC_NOMEM;
		if (rs != READ_FILE_OK) {
			/* name the file; the caller reports it and goes on */
			snprintf(err, SOURCE_ERR_MAX, "%s: %s", e->path, strerror(errno));
			*n_out = got;
			return SRC_IOERR;
		}
		m->data = b->data;
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
	close_batch_flush(&f->closing);
	for (size_t i = 0; i < f->nbufs; i++)
		read_buf_trim(&f->bufs[i], 0);
	free(f->bufs);
	if (f->dirfd >= 0)
		close(f->dirfd);
	files_names_free(f->names);
	free(f->e);
	free(f);
	s->impl = NULL;
}

/* The names again, in the order they will be read. Sorting left them
 * where readdir put them, so fetching in order jumped around the blocks:
 * a cache miss a message, 1.8% of a run over 100,000 files. Copying them
 * in one loop lets those misses overlap. Out of memory, the old blocks
 * stay too (some entries still point there) and nothing else changes. */
static void files_relayout(struct files *f)
{
	struct files_names *old = f->names, **tail;
	size_t i;

	f->names = NULL;
	for (i = 0; i < f->n; i++) {
		const struct files_entry *e = &f->e[i];
		char *p = files_name(f, e->path, e->dir == FILES_NO_DIR ? strlen(e->path) : e->len);

		if (!p)
			break;
		f->e[i].path = p;
	}
	if (i == f->n) {
		files_names_free(old);
		return;
	}
	for (tail = &f->names; *tail; tail = &(*tail)->next)
		;
	*tail = old;
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
	f->dirfd = -1;
	f->dirfd_of = FILES_NO_DIR;
	for (size_t i = 0; i < n && st == SRC_OK; i++) {
		struct stat sb;

		if (strcmp(paths[i], "-") != 0 && stat(paths[i], &sb) == 0 && S_ISDIR(sb.st_mode))
			st = files_add_dir(f, paths[i], 0, err);
		else
			st = files_push(f, paths[i], strlen(paths[i]), 0, FILES_NO_DIR,
					false); /* a missing file: reported when read */
	}
	if (st != SRC_OK) {
		source_free(&s);
		return st;
	}
	files_relayout(f);
	*out = s;
	return SRC_OK;
}
