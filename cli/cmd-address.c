/* cmd-address.c: one address or many: show, list, suppress, unsuppress. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/log.h"
#include "cli/run.h"
#include "cli/timefmt.h"
#include "parse/text.h"
#include "report/report.h"
#include "util/str.h"

/* The address as given, normalised like the parser does; false if it is not one. */
static bool normalise_arg(const char *arg, char *out, size_t outsz)
{
	if (str_copy(out, outsz, arg))
		return false;
	return address_normalise(out);
}

int cmd_show(struct cli *c, int argc, char **argv)
{
	struct store *st = NULL;
	struct address_detail d;
	char addr[BOUNCE_ADDR_MAX], err[STORE_ERR_MAX], t1[32], t2[32];
	enum store_status ss;
	int rc;

	if (argc != 2 || !normalise_arg(argv[1], addr, sizeof(addr))) {
		fprintf(stderr, "usage: bouncer show ADDRESS\n");
		return EXIT_USAGE;
	}
	if ((rc = cli_load_config(c, false)) != 0 || (rc = cli_open_store(c, true, &st)) != 0)
		return rc;
	ss = store_get_address(st, addr, 0, &d, err);
	if (ss == STORE_NOTFOUND) {
		printf("%s: never seen in a bounce\n", addr);
		store_close(&st);
		return EXIT_DONE;
	}
	if (ss != STORE_OK) {
		log_error("%s", err);
		store_close(&st);
		return run_exit_for_store(ss);
	}
	printf("address      %s\n", d.row.address);
	printf("state        %s%s%s\n", addr_state_name(d.row.state), d.row.complaint ? " (complaint)" : "",
	       d.row.manual ? " (set by hand)" : "");
	printf("why          %s\n", d.row.why);
	if (d.row.note[0])
		printf("note         %s\n", d.row.note);
	printf("reason       %s%s%s\n", d.row.reason[0] ? d.row.reason : "-", d.row.rule[0] ? "  rule " : "",
	       d.row.rule);
	printf("bounces      %ld, first %s, last %s\n", d.row.bounce_count,
	       cli_iso_time(d.row.first_bounce, t1, sizeof(t1), "-"),
	       cli_iso_time(d.row.last_bounce, t2, sizeof(t2), "-"));
	if (d.row.last_status[0] || d.row.last_diagnostic[0])
		printf("last         %s %s %s\n", d.row.last_status[0] ? d.row.last_status : "-",
		       d.row.last_replycode[0] ? d.row.last_replycode : "-", d.row.last_diagnostic);
	if (d.row.reset_at)
		printf("reset        %s (bounces before this are history only)\n",
		       cli_iso_time(d.row.reset_at, t1, sizeof(t1), "-"));
	printf("history      %zu event%s, newest first\n", d.n_events, d.n_events == 1 ? "" : "s");
	for (size_t i = 0; i < d.n_events; i++) {
		const struct address_event *e = &d.events[i];

		printf("  %s  %-14s %-8s %-6s %s\n", cli_iso_time(e->when, t1, sizeof(t1), "-"), e->reason,
		       e->effect, e->status[0] ? e->status : "-", e->diagnostic);
		printf("  %20s  by %s%s%s, message %s, from %s\n", "", e->decodedby, e->rule[0] ? " rule " : "",
		       e->rule, e->messageid[0] ? e->messageid : "-", e->source_id[0] ? e->source_id : e->source);
	}
	store_address_detail_free(&d);
	store_close(&st);
	return EXIT_DONE;
}

struct list_ctx {
	long n;
};

static int list_row(const struct address_row *r, void *arg)
{
	struct list_ctx *lc = arg;
	char t1[32], t2[32];

	printf("%s\t%s\t%s\t%ld\t%s\t%s\n", r->address, addr_state_name(r->state), r->reason[0] ? r->reason : "-",
	       r->bounce_count, cli_iso_time(r->first_bounce, t1, sizeof(t1), "-"),
	       cli_iso_time(r->last_bounce, t2, sizeof(t2), "-"));
	lc->n++;
	return 0;
}

int cmd_list(struct cli *c, int argc, char **argv)
{
	struct address_filter f = {.state = -1};
	struct list_ctx lc = {0};
	struct store *st = NULL;
	char err[STORE_ERR_MAX];
	enum store_status ss;
	int rc;

	for (int i = 1; i < argc; i++) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		enum addr_state s;
		enum reason r;

		if (strcmp(argv[i], "--state") == 0 && v && addr_state_from_name(v, &s))
			f.state = (int)s;
		else if (strcmp(argv[i], "--reason") == 0 && v && reason_from_name(v, &r))
			f.reason = v;
		else if (strcmp(argv[i], "--domain") == 0 && v)
			f.domain = v;
		else if (strcmp(argv[i], "--since") == 0 && v && report_date_parse(v, &f.since))
			;
		else {
			fprintf(stderr, "bouncer list: bad argument %s%s%s\n"
					"usage: bouncer list [--state active|watch|suppressed] [--reason R] "
					"[--domain D] [--since YYYY-MM-DD]\n",
				argv[i], v ? " " : "", v ? v : "");
			return EXIT_USAGE;
		}
		i++;
	}
	if ((rc = cli_load_config(c, false)) != 0 || (rc = cli_open_store(c, true, &st)) != 0)
		return rc;
	ss = store_foreach_address(st, &f, list_row, &lc, err);
	store_close(&st);
	if (ss != STORE_OK) {
		log_error("%s", err);
		return run_exit_for_store(ss);
	}
	log_info("%ld addresses", lc.n);
	return EXIT_DONE;
}

/* suppress / unsuppress ADDRESS [--note TEXT] */
static int manual(struct cli *c, int argc, char **argv, bool suppress)
{
	char addr[BOUNCE_ADDR_MAX], err[STORE_ERR_MAX];
	const char *note = "";
	struct store *st = NULL;
	enum store_status ss;
	int rc;

	if (argc == 4 && strcmp(argv[2], "--note") == 0)
		note = argv[3];
	if ((argc != 2 && !(argc == 4 && note[0])) || !normalise_arg(argv[1], addr, sizeof(addr))) {
		fprintf(stderr, "usage: bouncer %s ADDRESS [--note TEXT]\n", argv[0]);
		return EXIT_USAGE;
	}
	if ((rc = cli_load_config(c, false)) != 0 || (rc = cli_open_store(c, false, &st)) != 0)
		return rc;
	ss = suppress ? store_suppress_manual(st, addr, note, time(NULL), err)
		      : store_unsuppress(st, addr, note, time(NULL), err);
	store_close(&st);
	if (ss == STORE_NOTFOUND) {
		log_error("%s: not in the database: nothing to unsuppress", addr);
		return EXIT_DATAERR;
	}
	if (ss != STORE_OK) {
		log_error("%s", err);
		return run_exit_for_store(ss);
	}
	log_info("%s: %s", addr, suppress ? "suppressed by hand" : "active again; only new bounces count");
	return EXIT_DONE;
}

int cmd_suppress(struct cli *c, int argc, char **argv)
{
	return manual(c, argc, argv, true);
}

int cmd_unsuppress(struct cli *c, int argc, char **argv)
{
	return manual(c, argc, argv, false);
}
