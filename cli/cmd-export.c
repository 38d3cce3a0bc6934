/* cmd-export.c: `bouncer export` (CSV/JSON for CRMs) and `bouncer report`
 * (rewrite the reports from the database without fetching). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/log.h"
#include "cli/run.h"
#include "report/report.h"

#define EXPORT_USAGE                                                                          \
	"usage: bouncer export [--format csv|json] [--profile generic|hubspot|salesforce|mailchimp|mailgun]\n" \
	"                      [--state active|watch|suppressed|any] [--since DATE | --since-last]\n"          \
	"                      [--bom] [-o FILE]\n"

static void warn_cb(void *arg, const char *msg)
{
	(void)arg;
	log_warn("%s", msg);
}

int cmd_export(struct cli *c, int argc, char **argv)
{
	struct export_options eo = {.profile = EXPORT_GENERIC, .format = EXPORT_CSV, .warn = warn_cb};
	struct export_stats stats = {0};
	const char *out = NULL;
	char err[REPORT_ERR_MAX];
	struct store *st = NULL;
	bool since = false;
	int rc;

	eo.filter.state = ADDR_SUPPRESSED; /* a CRM wants the addresses to stop mailing */
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		enum addr_state s;
		bool ok = true;

		if (strcmp(a, "--bom") == 0) {
			eo.bom = true;
			continue;
		}
		if (strcmp(a, "--since-last") == 0) {
			eo.since_last = true;
			continue;
		}
		if (!v)
			ok = false;
		else if (strcmp(a, "--format") == 0)
			ok = export_format_from_name(v, &eo.format);
		else if (strcmp(a, "--profile") == 0)
			ok = export_profile_from_name(v, &eo.profile);
		else if (strcmp(a, "--state") == 0 && strcmp(v, "any") == 0)
			eo.filter.state = -1;
		else if (strcmp(a, "--state") == 0 && (ok = addr_state_from_name(v, &s)))
			eo.filter.state = (int)s;
		else if (strcmp(a, "--since") == 0)
			ok = since = report_date_parse(v, &eo.filter.since);
		else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0)
			out = v;
		else
			ok = false;
		if (!ok) {
			fprintf(stderr, "bouncer export: bad argument %s%s%s\n" EXPORT_USAGE, a, v ? " " : "",
				v ? v : "");
			return EXIT_USAGE;
		}
		i++;
	}
	if (since && eo.since_last) {
		fprintf(stderr, "bouncer export: --since and --since-last exclude each other\n" EXPORT_USAGE);
		return EXIT_USAGE;
	}
	/* --since-last moves a mark in the database: it needs write access */
	if ((rc = cli_load_config(c, false)) != 0 || (rc = cli_open_store(c, !eo.since_last, &st)) != 0)
		return rc;
	rc = out ? export_write_file(st, &eo, out, &stats, err) : export_write(st, &eo, stdout, &stats, err);
	if (!out)
		fflush(stdout);
	store_close(&st);
	if (rc != 0) {
		log_error("export: %s", err);
		return EXIT_IOERR;
	}
	log_info("export: %ld records written, %ld skipped (%s)", stats.written, stats.skipped,
		 export_profile_name(eo.profile));
	return EXIT_DONE;
}

int cmd_report(struct cli *c, int argc, char **argv)
{
	struct report_options ro = {.warn = warn_cb};
	char err[REPORT_ERR_MAX];
	struct store *st = NULL;
	int rc, e;

	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "usage: bouncer [-c FILE] report\n");
		return EXIT_USAGE;
	}
	if ((rc = cli_load_config(c, true)) != 0 || (rc = cli_open_store(c, true, &st)) != 0)
		return rc;
	ro.dir = c->cfg.report_dir;
	ro.csv = c->cfg.report_csv;
	ro.html = c->cfg.report_html;
	ro.language = c->cfg.language;
	errno = 0;
	rc = report_write_all(st, &ro, err);
	e = errno;
	store_close(&st);
	if (rc != 0) {
		log_error("report: %s", err);
		return e == ENOSPC || e == EDQUOT ? EXIT_TEMPFAIL : EXIT_IOERR; /* full: retry later */
	}
	log_info("reports written to %s", c->cfg.report_dir);
	return EXIT_DONE;
}

int cmd_prune(struct cli *c, int argc, char **argv)
{
	struct prune_counts pc = {0};
	char err[STORE_ERR_MAX];
	struct store *st = NULL;
	long lapsed = 0;
	enum store_status ss;
	time_t now = time(NULL);
	int rc;

	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "usage: bouncer [-c FILE] prune\n");
		return EXIT_USAGE;
	}
	if ((rc = cli_load_config(c, true)) != 0 || (rc = cli_open_store(c, false, &st)) != 0)
		return rc;
	ss = store_prune(st, c->cfg.retention_max_events, c->cfg.retention_max_days, now, &pc, err);
	if (ss == STORE_OK)
		ss = store_expire_watch(st, now, &lapsed, err);
	store_close(&st);
	if (ss != STORE_OK) {
		log_error("prune: %s", err);
		return run_exit_for_store(ss);
	}
	if (!c->quiet)
		printf("pruned: %ld events, %ld messages, %ld runs; %ld stale watches back to active\n",
		       pc.events, pc.messages, pc.runs, lapsed);
	return EXIT_DONE;
}
