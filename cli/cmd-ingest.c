/* cmd-ingest.c: `bouncer ingest --mbox FILE | --maildir DIR | FILE...`
 * imports an archive once: every message is recorded like in a run (and
 * counted once, by fingerprint), but nothing is moved or deleted. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/log.h"
#include "cli/run.h"
#include "poller/maildir.h"
#include "poller/mbox.h"

static void ingest_config(struct source_config *sc, const char *name)
{
	memset(sc, 0, sizeof(*sc));
	snprintf(sc->name, sizeof(sc->name), "ingest:%s", name);
	snprintf(sc->processed, sizeof(sc->processed), "Processed");
	snprintf(sc->notbounce, sizeof(sc->notbounce), "NotBounce");
	snprintf(sc->review, sizeof(sc->review), "Review");
	sc->batch_size = 500;
}

/* Record everything an opened source (st: how opening it went) serves. */
static void ingest_source(struct run *r, const char *name, enum source_status st, struct source **src,
			  const char *err)
{
	struct source_config sc;

	if (st != SRC_OK) {
		log_error("%s", err);
		run_worse(r, st == SRC_NOMEM ? EXIT_SOFTWARE : EXIT_NOINPUT);
		return;
	}
	ingest_config(&sc, name);
	run_source(r, &sc, *src);
	source_free(src);
}

int cmd_ingest(struct cli *c, int argc, char **argv)
{
	struct run_setup setup = {.command = "ingest", .keep = true, .lock = true, .progress = true};
	char err[SOURCE_ERR_MAX];
	char **files = calloc((size_t)argc, sizeof(char *));
	size_t nfiles = 0;
	const char *mbox = NULL;
	struct run r;
	int rc;

	if (!files)
		return EXIT_SOFTWARE;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--mbox") == 0 && i + 1 < argc && !mbox)
			mbox = argv[++i];
		else if (strcmp(argv[i], "--maildir") == 0 && i + 1 < argc)
			files[nfiles++] = argv[++i]; /* the files source reads a Maildir's new/ and cur/ */
		else if (argv[i][0] != '-')
			files[nfiles++] = argv[i];
		else
			nfiles = 0, mbox = NULL, i = argc; /* usage below */
	}
	if (!mbox && nfiles == 0) {
		fprintf(stderr, "usage: bouncer [-c FILE] ingest --mbox FILE | --maildir DIR | FILE...\n");
		free(files);
		return EXIT_USAGE;
	}
	if ((rc = cli_load_config(c, true)) != 0 || (rc = run_start(&r, c, &setup)) != 0) {
		free(files);
		return rc;
	}
	if (mbox) {
		struct source *src = NULL;

		ingest_source(&r, mbox, mbox_open(mbox, c->cfg.max_bytes, &src, err), &src, err);
	}
	if (nfiles) {
		struct source *src = NULL;

		ingest_source(&r, files[0], files_open(files, nfiles, c->cfg.max_bytes, &src, err), &src,
			      err);
	}
	free(files);
	return run_finish(&r, true);
}
