/* main.c: bouncer [-c FILE] [-v|-vv|-q] COMMAND [ARGS]: global options, then
 * one table that maps command names to their functions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/log.h"

struct command {
	const char *name;
	int (*fn)(struct cli *c, int argc, char **argv);
	const char *usage;
	const char *help;
};

static int cmd_help(struct cli *c, int argc, char **argv);

static const struct command commands[] = {
	{"run", cmd_run, "run [--dry-run]",
	 "fetch new mail from every source, record it, move it, write the reports"},
	{"parse", cmd_parse, "parse [--json|--tsv] [--mbox FILE] FILE|DIR|- ...",
	 "parse messages and print one line per failed recipient (no database)"},
	{"config", cmd_config, "config check", "check the configuration file and print what it sets"},
	{"show", cmd_show, "show ADDRESS", "an address's state, why, and its bounce history"},
	{"list", cmd_list, "list [--state S] [--reason R] [--domain D] [--since DATE]",
	 "addresses as tab-separated rows"},
	{"suppress", cmd_suppress, "suppress ADDRESS [--note TEXT]", "suppress an address by hand"},
	{"unsuppress", cmd_unsuppress, "unsuppress ADDRESS [--note TEXT]",
	 "make an address active again; only new bounces count"},
	{"export", cmd_export, "export [--format csv|json] [--profile P] [--state S] [--since DATE|--since-last] [--bom] [-o FILE]",
	 "the records for a CRM (generic, hubspot, salesforce, mailchimp, mailgun)"},
	{"report", cmd_report, "report", "rewrite the CSV and HTML reports from the database"},
	{"prune", cmd_prune, "prune", "apply the retention settings now; stale watches go back to active"},
	{"ingest", cmd_ingest, "ingest --mbox FILE | --maildir DIR | FILE...",
	 "record an archive once (nothing moves)"},
	{"pipe", cmd_pipe, "pipe [--qmail]", "process one message on stdin (an MTA pipe target)"},
	{"pipe-string", cmd_pipe_string, "pipe-string", "print the .qmail and .forward lines for this setup"},
	{"help", cmd_help, "help", "this text"},
	{NULL, NULL, NULL, NULL},
};

static void usage(FILE *fp)
{
	fprintf(fp, "usage: bouncer [-c FILE] [-v|-vv|-q] COMMAND [ARGS]\n"
		    "       bouncer --version\n\ncommands:\n");
	for (const struct command *cmd = commands; cmd->name; cmd++)
		fprintf(fp, "  %s\n      %s\n", cmd->usage, cmd->help);
	fprintf(fp, "\noptions:\n"
		    "  -c FILE   configuration (default ./poller.cfg, then /etc/bouncer/poller.cfg)\n"
		    "  -v        print a summary (-vv: also debug and protocol traces, passwords redacted)\n"
		    "  -q        print errors only\n"
		    "\nexit status: 0 done, 64 usage, 65 some messages went to review, 66 input missing,\n"
		    "75 temporary failure (lock held, server unreachable), 78 configuration error.\n"
		    "See bouncer(1).\n");
}

static int cmd_help(struct cli *c, int argc, char **argv)
{
	(void)c, (void)argc, (void)argv;
	usage(stdout);
	return EXIT_DONE;
}

int main(int argc, char **argv)
{
	struct cli *c = calloc(1, sizeof(*c));
	int i, rc, verbose = 0;

	if (!c) {
		fprintf(stderr, "bouncer: out of memory\n");
		return EXIT_SOFTWARE;
	}
	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--") == 0) {
			i++;
			break;
		} else if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
			printf("bouncer %s\n", BOUNCER_VERSION);
			free(c);
			return EXIT_DONE;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			free(c);
			return EXIT_DONE;
		} else if (strcmp(a, "-c") == 0 && i + 1 < argc) {
			c->config_path = argv[++i];
		} else if (strncmp(a, "-c", 2) == 0 && a[2]) {
			c->config_path = a + 2;
		} else if (strspn(a + 1, "v") == strlen(a + 1)) {
			verbose += (int)strlen(a + 1);
		} else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
			c->quiet = true;
		} else {
			fprintf(stderr, "bouncer: unknown option %s\n", a);
			usage(stderr);
			free(c);
			return EXIT_USAGE;
		}
	}
	c->verbose = verbose;
	log_set_level(c->quiet ? -1 : verbose);
	if (i >= argc) {
		usage(stderr);
		free(c);
		return EXIT_USAGE;
	}
	for (const struct command *cmd = commands; cmd->name; cmd++) {
		if (strcmp(cmd->name, argv[i]) == 0) {
			rc = cmd->fn(c, argc - i, argv + i);
			free(c);
			return rc;
		}
	}
	fprintf(stderr, "bouncer: unknown command \"%s\" (see bouncer help)\n", argv[i]);
	free(c);
	return EXIT_USAGE;
}
