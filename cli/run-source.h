/* run-source.h: turning a configured source into a struct source, and
 * saving what a source must remember between runs (IMAP UIDs). */
#ifndef BOUNCER_CLI_RUN_SOURCE_H
#define BOUNCER_CLI_RUN_SOURCE_H

#include "cli/cli.h"
#include "poller/source.h"
#include "store/store.h"

/* Open sc. st may be NULL (dry run without a database). err: SOURCE_ERR_MAX. */
enum source_status run_source_open(struct cli *c, struct store *st, const struct source_config *sc,
				   bool dry, struct source **out, char *err);

/* After a successful source_commit(): save the source's resume state.
 * Returns 0, or -1 with err. */
int run_source_saved(struct store *st, const struct source_config *sc, const struct source *src,
		     char *err);

#endif
