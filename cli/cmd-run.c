/* cmd-run.c: `bouncer run [--dry-run]`: every configured source, then the
 * retention pruning and the reports. A source that fails does not stop the
 * others; the exit code says the worst that happened. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/log.h"
#include "cli/run-source.h"
#include "cli/run.h"

/* Retention at the end of every run: old events go. Stale watches are
 * lapsed only by `bouncer prune`, which a person (or its own cron line)
 * runs: that step depends on the wall clock, not on the mail. */
static void run_prune(struct run *r)
{
	char err[STORE_ERR_MAX];
	struct prune_counts pc = {0};

	if (store_prune(r->st, r->cfg->retention_max_events, r->cfg->retention_max_days, time(NULL), &pc,
			err) != STORE_OK)
		log_warn("prune: %s", err);
	log_debug("prune: %ld events, %ld messages removed", pc.events, pc.messages);
}

int cmd_run(struct cli *c, int argc, char **argv)
{
	struct run_setup setup = {.command = "run", .lock = true, .progress = true};
	struct run r;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--dry-run") == 0 || strcmp(argv[i], "-n") == 0) {
			setup.dry = true;
		} else {
			fprintf(stderr, "usage: bouncer [-c FILE] [-v|-q] run [--dry-run]\n");
			return EXIT_USAGE;
		}
	}
	if ((rc = cli_load_config(c, true)) != 0)
		return rc;
	/* one deadline for the whole run, not one per source */
	c->deadline = c->cfg.deadline_s > 0 ? time(NULL) + c->cfg.deadline_s : 0;
	if (c->cfg.n_sources == 0) {
		log_error("%s: no sources configured: add a sources list (see poller.cfg.example)",
			  c->cfg.file);
		return EXIT_CONFIG;
	}
	if ((rc = run_start(&r, c, &setup)) != 0)
		return rc;
	for (size_t i = 0; i < c->cfg.n_sources; i++) {
		const struct source_config *sc = &c->cfg.sources[i];
		char err[SOURCE_ERR_MAX];
		struct source *src = NULL;
		enum source_status st = run_source_open(c, r.st, sc, r.dry, &src, err);

		if (st != SRC_OK) {
			log_error("%s: %s", sc->name, err);
			run_worse(&r, run_exit_for_source(st));
			r.counts.errors++;
			continue;
		}
		run_source(&r, sc, src);
		source_free(&src);
	}
	if (r.st && !r.dry)
		run_prune(&r);
	return run_finish(&r, true);
}
