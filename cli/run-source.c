/* run-source.c: configured sources -> poller sources. */
#include "cli/run-source.h"

#include <stdio.h>
#include <string.h>

#include "poller/maildir.h"

enum source_status run_source_open(struct cli *c, struct store *st, const struct source_config *sc,
				   bool dry, struct source **out, char *err)
{
	(void)st, (void)dry;
	if (sc->type == SOURCE_MAILDIR) {
		struct maildir_options mo = {
			.path = sc->path,
			.processed = sc->processed,
			.notbounce = sc->notbounce,
			.review = sc->review,
			.max_bytes = c->cfg.max_bytes,
			.name = sc->name,
		};

		return maildir_open(&mo, out, err);
	}
	snprintf(err, SOURCE_ERR_MAX, "IMAP sources are not wired in yet");
	return SRC_CONFIG;
}

int run_source_saved(struct store *st, const struct source_config *sc, const struct source *src,
		     char *err)
{
	(void)st, (void)sc, (void)src, (void)err;
	return 0;
}
