/* cmd-parse.c: `bouncer parse [--json|--tsv] [--mbox FILE] FILE|DIR|- ...`
 * Stateless: no database, nothing moves. One line per failed recipient. */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/log.h"
#include "cli/record-out.h"
#include "parse/bounce.h"
#include "poller/maildir.h"
#include "poller/mbox.h"

/* One message at a time: nothing here needs a batch (no store commit), and
 * the files source then reads every file into the same buffer, which stays
 * in the cache (64 buffers took 5 MB more memory and were cold). */
#define PARSE_BATCH 1

struct parse_run {
	struct parse_ctx *pctx;
	enum record_format fmt;
	struct parse_result res;
	struct outbuf *out; /* stdout's: every record of the run */
	struct cli_days days; /* the dates of the run's timestamps */
	long messages, unreadable, unread_files;
};

/* Parse everything one source serves. Returns an exit code (0 ok). */
static int parse_source(struct parse_run *pr, struct source *src)
{
	struct raw_message batch[PARSE_BATCH];
	char err[SOURCE_ERR_MAX];
	int rc = EXIT_DONE;

	for (;;) {
		size_t n = 0;
		enum source_status st = source_fetch(src, batch, PARSE_BATCH, &n, err);

		for (size_t i = 0; i < n; i++) {
			/* the files source lends its buffer: LF-only mail is
			 * parsed where it was read, with no copy */
			if (bounce_parse_buf(pr->pctx, batch[i].data, batch[i].len, batch[i].cap, &pr->res) !=
			    PARSE_OK) {
				log_error("%s: out of memory while parsing", batch[i].id);
				return EXIT_SOFTWARE;
			}
			pr->messages++;
			if (pr->res.kind == MSG_UNREADABLE) {
				pr->unreadable++;
				log_info("%s: looks like a bounce, but no recipient found: %s", batch[i].id,
					 pr->res.why);
			} else if (pr->res.kind == MSG_NOT_BOUNCE) {
				log_debug("%s: not a bounce: %s", batch[i].id, pr->res.why);
			}
			record_print(pr->out, pr->fmt, batch[i].id, &pr->res, &pr->days);
		}
		if (st == SRC_END || (st == SRC_OK && n == 0))
			break;
		if (st == SRC_NOMEM) {
			log_error("out of memory");
			return EXIT_SOFTWARE;
		}
		if (st != SRC_OK) {
			log_error("%s", err); /* one unreadable file: say which, go on */
			pr->unread_files++;
			rc = EXIT_NOINPUT;
		}
	}
	return rc;
}

int cmd_parse(struct cli *c, int argc, char **argv)
{
	static struct outbuf out; /* 64 KB: not on the stack */
	struct parse_run pr = {.fmt = RECORD_JSON, .out = &out};
	struct parse_options po = {0};
	char **files = calloc((size_t)argc, sizeof(char *));
	const char **mboxes = calloc((size_t)argc, sizeof(char *));
	size_t nfiles = 0, nmbox = 0;
	int rc = EXIT_DONE, r;
	char err[SOURCE_ERR_MAX];

	if (!files || !mboxes) {
		free(files);
		free(mboxes);
		return EXIT_SOFTWARE;
	}
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			pr.fmt = RECORD_JSON;
		else if (strcmp(argv[i], "--tsv") == 0)
			pr.fmt = RECORD_TSV;
		else if (strcmp(argv[i], "--mbox") == 0 && i + 1 < argc)
			mboxes[nmbox++] = argv[++i];
		else if (argv[i][0] == '-' && argv[i][1] && strcmp(argv[i], "--") != 0) {
			fprintf(stderr, "bouncer parse: unknown option %s\n"
					"usage: bouncer parse [--json|--tsv] [--mbox FILE] FILE|DIR|- ...\n",
				argv[i]);
			free(files);
			free(mboxes);
			return EXIT_USAGE;
		} else if (strcmp(argv[i], "--") != 0)
			files[nfiles++] = argv[i];
	}
	if (nfiles == 0 && nmbox == 0) {
		fprintf(stderr, "usage: bouncer parse [--json|--tsv] [--mbox FILE] FILE|DIR|- ...\n");
		free(files);
		free(mboxes);
		return EXIT_USAGE;
	}
	/* The config is optional here: it only lends parse settings (VERP, limits). */
	if (c->config_path || config_find(NULL)) {
		if ((r = cli_load_config(c, false)) != 0) {
			free(files);
			free(mboxes);
			return r;
		}
		po.max_bytes = c->cfg.max_bytes;
		po.verp_pattern = c->cfg.verp[0] ? c->cfg.verp : NULL;
		po.fallback_charset = c->cfg.fallback_charset[0] ? c->cfg.fallback_charset : NULL;
	}
	pr.pctx = parse_ctx_new(&po);
	if (!pr.pctx) {
		free(files);
		free(mboxes);
		return EXIT_SOFTWARE;
	}
	parse_result_init(&pr.res);
	/* Message after message, keep the top of the heap rather than hand it
	 * back to the kernel after each large one and fault it in again for the
	 * next (shared corpus x49: 664 brk calls and 3.6k page faults -> 5 and 1k) */
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_TOP_PAD, 1 << 20);
	/* The records are gathered in out: stdio need not copy them again, and
	 * each full buffer is one write. */
	setvbuf(stdout, NULL, _IONBF, 0);
	outbuf_init(&out, stdout);
	if (pr.fmt == RECORD_TSV)
		record_print_tsv_header(&out);
	if (nfiles) {
		struct source *src = NULL;

		if (files_open(files, nfiles, po.max_bytes, &src, err) != SRC_OK) {
			log_error("%s", err);
			rc = EXIT_NOINPUT;
		} else {
			r = parse_source(&pr, src);
			rc = r ? r : rc;
			source_free(&src);
		}
	}
	for (size_t i = 0; i < nmbox && rc != EXIT_SOFTWARE; i++) {
		struct source *src = NULL;

		if (mbox_open(mboxes[i], po.max_bytes, &src, err) != SRC_OK) {
			log_error("%s", err);
			rc = EXIT_NOINPUT;
			continue;
		}
		r = parse_source(&pr, src);
		rc = r ? r : rc;
		source_free(&src);
	}
	outbuf_flush(&out);
	fflush(stdout);
	/* silence here would read as "no bounces"; the likely cause is a tree
	 * of folders given by its top (not read: see files_add_dir()) */
	if (rc == EXIT_DONE && pr.messages == 0 && (nfiles || nmbox))
		log_warn("parse: no message found (a directory is read for its files and a Maildir for "
			 "new/ and cur/, not for other subdirectories)");
	log_info("parse: %ld messages, %ld looked like bounces without a recipient, %ld unreadable files",
		 pr.messages, pr.unreadable, pr.unread_files);
	parse_result_clear(&pr.res);
	parse_ctx_free(&pr.pctx);
	free(files);
	free(mboxes);
	return rc;
}
