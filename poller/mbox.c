/* mbox.c: a Unix mbox file as a read-only source (mboxrd/mboxo).
 *
 * Messages start at a line "From " at the start of the file or after a
 * newline; the separator line itself is not part of the message. Lines
 * ">From " (any number of '>') are unquoted by one '>' (mboxrd), which is
 * also right for mboxo in every case that matters to a bounce parser.
 * The whole file is read once, up to a limit; nothing ever moves.
 */
#include "poller/mbox.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "poller/read-file.h"
#include "util/str.h"

#define MBOX_MAX_FILE (2048u * 1024 * 1024)

struct mbox {
	char path[SOURCE_ID_MAX];
	char *data;
	size_t len, pos;
	size_t max_bytes;
	long index;
	struct raw_message *batch;
	size_t batch_n;
};

static bool is_from_line(const char *p, const char *end)
{
	return end - p >= 5 && memcmp(p, "From ", 5) == 0;
}

/* Copy msg[0..n) into a new buffer, unquoting ">From " lines by one '>',
 * with SOURCE_LEND_PAD zero bytes after it: lent to the parse (*cap_r). */
static char *mbox_unquote(const char *msg, size_t n, size_t max, size_t *len_r, size_t *cap_r)
{
	size_t o = 0, limit = n < max ? n : max;
	char *out = malloc(limit + SOURCE_LEND_PAD);
	const char *p = msg, *end = msg + n;

	if (!out)
		return NULL;
	while (p < end && o < limit) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl + 1 : end;
		const char *q = p;
		size_t take;

		while (q < eol && *q == '>')
			q++;
		if (q > p && is_from_line(q, eol))
			p++; /* drop one '>' */
		take = (size_t)(eol - p);
		if (take > limit - o)
			take = limit - o;
		memcpy(out + o, p, take);
		o += take;
		p = eol;
	}
	memset(out + o, 0, SOURCE_LEND_PAD);
	*len_r = o;
	*cap_r = limit + SOURCE_LEND_PAD;
	return out;
}

static enum source_status mbox_fetch(struct source *s, struct raw_message *batch, size_t max,
				     size_t *n_out, char *err)
{
	struct mbox *mb = s->impl;
	size_t got = 0;

	(void)err;
	source_release_batch(mb->batch, &mb->batch_n);
	mb->batch = batch;
	while (got < max && mb->pos < mb->len) {
		const char *p = mb->data + mb->pos, *end = mb->data + mb->len, *start, *next;
		struct raw_message *m = &batch[got];

		/* skip the separator line */
		if (is_from_line(p, end)) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));

			p = nl ? nl + 1 : end;
		}
		start = p;
		next = end;
		for (const char *q = p; q < end;) {
			const char *nl = memchr(q, '\n', (size_t)(end - q));

			if (!nl)
				break;
			if (is_from_line(nl + 1, end)) {
				next = nl + 1;
				break;
			}
			q = nl + 1;
		}
		mb->pos = (size_t)(next - mb->data);
		if (next == start)
			continue; /* empty message */
		raw_message_clear(m);
		m->data = mbox_unquote(start, (size_t)(next - start), mb->max_bytes, &m->len, &m->cap);
		if (!m->data)
			return SRC_NOMEM;
		m->full_len = (size_t)(next - start);
		mb->index++;
		str_printf(m->id, sizeof(m->id), "%s#%ld", mb->path, mb->index);
		got++;
		mb->batch_n = got;
	}
	*n_out = got;
	return got ? SRC_OK : SRC_END;
}

static enum source_status mbox_dispose(struct source *s, struct raw_message *m, enum disposition d,
				       char *err)
{
	(void)s, (void)m, (void)d, (void)err;
	return SRC_OK;
}

static void mbox_close(struct source *s)
{
	struct mbox *mb = s->impl;

	if (!mb)
		return;
	source_release_batch(mb->batch, &mb->batch_n);
	free(mb->data);
	free(mb);
	s->impl = NULL;
}

static const struct source_ops mbox_ops = {
	.type = "mbox",
	.fetch = mbox_fetch,
	.dispose = mbox_dispose,
	.commit = NULL,
	.pending = NULL,
	.close = mbox_close,
};

enum source_status mbox_open(const char *path, size_t max_bytes, struct source **out, char *err)
{
	struct source *s = calloc(1, sizeof(*s));
	struct mbox *mb = calloc(1, sizeof(*mb));
	enum read_file_status rs;
	size_t full;

	*out = NULL;
	if (!s || !mb) {
		free(s);
		free(mb);
		return SRC_NOMEM;
	}
	s->ops = &mbox_ops;
	s->impl = mb;
	str_copy(mb->path, sizeof(mb->path), path);
	str_printf(s->name, sizeof(s->name), "mbox:%s", path);
	mb->max_bytes = max_bytes ? max_bytes : 10u * 1024 * 1024;
	rs = read_file(path, MBOX_MAX_FILE, &mb->data, &mb->len, &full, NULL);
	if (rs != READ_FILE_OK) {
		snprintf(err, SOURCE_ERR_MAX, "%s: %s", path,
			 rs == READ_FILE_NOMEM ? "out of memory" : strerror(errno));
		source_free(&s);
		return rs == READ_FILE_NOMEM ? SRC_NOMEM : SRC_IOERR;
	}
	if (full > mb->len) {
		snprintf(err, SOURCE_ERR_MAX, "%s: larger than %u MB: split it first", path,
			 MBOX_MAX_FILE >> 20);
		source_free(&s);
		return SRC_IOERR;
	}
	*out = s;
	return SRC_OK;
}
