/* run.h: the processing engine shared by run, ingest and pipe.
 *
 * For one source, batch by batch:
 *   fetch -> parse -> (one transaction) record every message -> commit ->
 *   then, and only then, tell the source where each message goes.
 * A crash between the commit and the moves leaves messages in the inbox
 * that are already recorded: the next run finds their fingerprints, counts
 * nothing twice, and moves them.
 */
#ifndef BOUNCER_CLI_RUN_H
#define BOUNCER_CLI_RUN_H

#include <stdbool.h>
#include <stdint.h>

#include "cli/cli.h"
#include "cli/progress.h"
#include "parse/bounce.h"
#include "poller/source.h"
#include "store/store.h"

/* What a source leaves after a message it lends is what the parse needs
 * to parse it there (poller/source.h, parse/bounce.h). */
_Static_assert(SOURCE_LEND_PAD >= BOUNCE_PARSE_PAD, "a lent message's pad is too short for the parse");

struct run {
	struct cli *c;
	const struct config *cfg;
	bool dry;                  /* record nothing, move nothing: print what would happen */
	bool keep;                 /* record, but leave every message where it is (ingest) */
	struct store *st;          /* NULL in a dry run without a database */
	struct parse_ctx *pctx;
	struct parse_result res;
	int64_t run_id;
	struct run_counts counts;
	int exit_code;             /* worst so far */
	struct progress prog;
};

struct run_setup {
	const char *command;       /* "run", "ingest", "pipe": recorded with the run */
	bool dry, keep;
	bool lock;                 /* take the exclusive run lock (run, ingest; not pipe) */
	bool progress;             /* a progress line on a terminal */
};

/* Open the store (and lock), the parser, and start a run record. c's
 * config must be loaded. Returns 0, or an exit code after printing why. */
int run_start(struct run *r, struct cli *c, const struct run_setup *s);
/* Process everything src serves; sc names it (source name, folder names). */
void run_source(struct run *r, const struct source_config *sc, struct source *src);
/* Close the run record, write the reports (when asked), print the -v
 * summary, free everything. Returns the exit code. */
int run_finish(struct run *r, bool reports);

/* Keep the worst exit code (tempfail > software > config > ... > data). */
void run_worse(struct run *r, int code);
int run_exit_for_store(enum store_status s);
int run_exit_for_source(enum source_status s);

/* Open the database for a command that is not a run (list, show, export...).
 * readonly: fails with 78 when the database does not exist yet. */
int cli_open_store(struct cli *c, bool readonly, struct store **st_r);

#endif
