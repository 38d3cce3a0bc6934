/* source.c: the thin wrappers over struct source_ops. */
#include <stdlib.h>

#include "poller/source.h"

static const char *const disposition_names[] = {
	[DISP_PROCESSED] = "processed",
	[DISP_NOTBOUNCE] = "notbounce",
	[DISP_REVIEW] = "review",
	[DISP_KEEP] = "keep",
};

const char *disposition_name(enum disposition d)
{
	if ((unsigned)d >= sizeof(disposition_names) / sizeof(disposition_names[0]))
		return "unknown";
	return disposition_names[d];
}

enum source_status source_fetch(struct source *s, struct raw_message *batch, size_t max,
				size_t *n_out, char *err)
{
	return s->ops->fetch(s, batch, max, n_out, err);
}

enum source_status source_dispose(struct source *s, struct raw_message *m, enum disposition d,
				  char *err)
{
	return s->ops->dispose(s, m, d, err);
}

enum source_status source_commit(struct source *s, char *err)
{
	return s->ops->commit ? s->ops->commit(s, err) : SRC_OK;
}

long source_pending(struct source *s)
{
	return s->ops->pending ? s->ops->pending(s) : -1;
}

void source_free(struct source **s)
{
	if (!s || !*s)
		return;
	if ((*s)->ops->close)
		(*s)->ops->close(*s);
	free(*s);
	*s = NULL;
}

void source_release_batch(struct raw_message *batch, size_t *n)
{
	for (size_t i = 0; i < *n; i++) {
		free(batch[i].data);
		batch[i].data = NULL;
	}
	*n = 0;
}
