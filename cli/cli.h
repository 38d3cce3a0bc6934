/* cli.h: what the command-line front end shares between its commands.
 * cli/ only wires the layers together: poller -> parse -> store -> report. */
#ifndef BOUNCER_CLI_CLI_H
#define BOUNCER_CLI_CLI_H

#include <stdbool.h>
#include <time.h>

#include "cli/config.h"

/* Exit codes (sysexits.h). */
enum {
	EXIT_DONE = 0,
	EXIT_USAGE = 64,    /* EX_USAGE: wrong command line */
	EXIT_DATAERR = 65,  /* EX_DATAERR: some messages could not be parsed (sent to review) */
	EXIT_NOINPUT = 66,  /* EX_NOINPUT: a file named on the command line cannot be read */
	EXIT_SOFTWARE = 70, /* EX_SOFTWARE: internal error (out of memory, our bug) */
	EXIT_IOERR = 74,    /* EX_IOERR: a local file operation failed */
	EXIT_TEMPFAIL = 75, /* EX_TEMPFAIL: lock held, server unreachable, database busy, disk full */
	EXIT_CONFIG = 78,   /* EX_CONFIG: bad configuration, wrong password */
};

struct cli {
	const char *config_path; /* -c FILE, or NULL */
	int verbose;             /* -v: 1, -vv: 2 */
	bool quiet;              /* -q */
	struct config cfg;
	bool cfg_loaded;
	time_t deadline;         /* end of the whole run (config deadline), 0 = none */
};

/* Load the config (from -c, ./poller.cfg or /etc/bouncer/poller.cfg).
 * Returns 0, or an exit code after printing the error. required: a missing
 * file is an error (else the built-in defaults are used). */
int cli_load_config(struct cli *c, bool required);

/* Commands: argv[0] is the command name. Each returns an exit code. */
int cmd_run(struct cli *c, int argc, char **argv);
int cmd_parse(struct cli *c, int argc, char **argv);
int cmd_config(struct cli *c, int argc, char **argv);
int cmd_show(struct cli *c, int argc, char **argv);
int cmd_list(struct cli *c, int argc, char **argv);
int cmd_suppress(struct cli *c, int argc, char **argv);
int cmd_unsuppress(struct cli *c, int argc, char **argv);
int cmd_prune(struct cli *c, int argc, char **argv);
int cmd_export(struct cli *c, int argc, char **argv);
int cmd_report(struct cli *c, int argc, char **argv);
int cmd_ingest(struct cli *c, int argc, char **argv);
int cmd_pipe(struct cli *c, int argc, char **argv);
int cmd_pipe_string(struct cli *c, int argc, char **argv);

#endif
