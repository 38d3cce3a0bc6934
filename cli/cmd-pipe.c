/* cmd-pipe.c: `bouncer pipe [--qmail]`, an MTA's pipe target, and
 * `bouncer pipe-string`, which prints the lines to put in .qmail/.forward.
 *
 * Exit 0 once the message is recorded (or kept in the pipe Maildir for a
 * person). Every failure is temporary for the MTA, also a broken config:
 * 75 (EX_TEMPFAIL), or 111 with --qmail, so the MTA keeps the message and
 * retries and nothing is lost. No run lock: deliveries run side by side
 * with `bouncer run`, and SQLite's busy timeout orders them.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/log.h"
#include "cli/run.h"
#include "poller/stdin.h"

#define QMAIL_TEMPFAIL 111

int cmd_pipe(struct cli *c, int argc, char **argv)
{
	struct run_setup setup = {.command = "pipe", .lock = false, .progress = false};
	struct source_config sc;
	struct stdin_options so = {0};
	struct source *src = NULL;
	char err[SOURCE_ERR_MAX];
	bool qmail = false;
	struct run r;
	enum source_status st;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--qmail") == 0) {
			qmail = true;
		} else {
			fprintf(stderr, "usage: bouncer [-c FILE] pipe [--qmail]\n");
			return EXIT_USAGE;
		}
	}
	rc = cli_load_config(c, true);
	if (rc == 0) {
		memset(&sc, 0, sizeof(sc));
		snprintf(sc.name, sizeof(sc.name), "pipe");
		snprintf(sc.processed, sizeof(sc.processed), "Processed");
		snprintf(sc.notbounce, sizeof(sc.notbounce), "NotBounce");
		snprintf(sc.review, sizeof(sc.review), "Review");
		sc.batch_size = 1;
		so.keep_maildir = c->cfg.pipe_maildir;
		so.max_bytes = c->cfg.max_bytes;
		st = stdin_open(&so, &src, err);
		if (st != SRC_OK) {
			log_error("%s", err);
			rc = EXIT_TEMPFAIL;
		}
	}
	if (rc == 0 && (rc = run_start(&r, c, &setup)) == 0) {
		run_source(&r, &sc, src);
		rc = run_finish(&r, false);
		if (rc == EXIT_DATAERR)
			rc = EXIT_DONE; /* unparseable: kept in the pipe Maildir's Review for a person */
	}
	source_free(&src);
	if (rc != EXIT_DONE) {
		log_error("pipe: temporary failure (%d): the MTA keeps the message and retries", rc);
		return qmail ? QMAIL_TEMPFAIL : EXIT_TEMPFAIL;
	}
	return EXIT_DONE;
}

/* Quote for a shell command line inside .qmail/.forward: plain words only. */
static bool shell_safe(const char *s)
{
	return strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/._-+=@:,") ==
	       strlen(s);
}

int cmd_pipe_string(struct cli *c, int argc, char **argv)
{
	char self[PATH_MAX], cfg[PATH_MAX];
	ssize_t n;
	int rc;

	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "usage: bouncer [-c FILE] pipe-string\n");
		return EXIT_USAGE;
	}
	if ((rc = cli_load_config(c, true)) != 0)
		return rc;
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0) {
		log_error("cannot find the path of this program");
		return EXIT_SOFTWARE;
	}
	self[n] = '\0';
	if (!realpath(c->cfg.file, cfg)) {
		log_error("%s: cannot resolve the config path", c->cfg.file);
		return EXIT_CONFIG;
	}
	if (!shell_safe(self) || !shell_safe(cfg)) {
		log_error("the paths %s and %s hold characters a .qmail line cannot carry unquoted", self, cfg);
		return EXIT_CONFIG;
	}
	printf("# .qmail-bounces (qmail; exit 111 asks qmail to retry):\n");
	printf("|%s -q -c %s pipe --qmail\n", self, cfg);
	printf("# .forward or /etc/aliases (Postfix, Exim, Sendmail; exit 75 asks the MTA to retry):\n");
	printf("\"|%s -q -c %s pipe\"\n", self, cfg);
	return EXIT_DONE;
}
