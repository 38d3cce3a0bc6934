/* cmd-run.c: `bouncer run [--dry-run]`, the whole cycle.
 *
 * For each configured source, batch by batch:
 *   fetch -> parse -> (one transaction) record every message -> commit ->
 *   then, and only then, move each message to its folder.
 * A crash between the commit and the moves leaves messages in the inbox
 * that are already recorded: the next run finds their fingerprints, counts
 * nothing twice, and moves them. A source that fails does not stop the
 * others; the exit code says the worst that happened.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/log.h"
#include "cli/progress.h"
#include "cli/run-source.h"
#include "parse/bounce.h"
#include "poller/source.h"
#include "report/report.h"
#include "store/store.h"
#include "util/hash.h"

struct run {
	struct cli *c;
	const struct config *cfg;
	bool dry;
	struct store *st;          /* NULL in a dry run without a database */
	struct parse_ctx *pctx;
	struct parse_result res;
	int64_t run_id;
	struct run_counts counts;
	int exit_code;             /* worst so far */
	struct progress prog;
};

/* Later codes win over earlier ones by severity: tempfail > config > data. */
static void run_worse(struct run *r, int code)
{
	static const int order[] = {EXIT_DONE, EXIT_DATAERR, EXIT_NOINPUT, EXIT_IOERR, EXIT_CONFIG,
				    EXIT_TEMPFAIL, EXIT_SOFTWARE};
	int have = 0, want = 0;

	for (int i = 0; i < 7; i++) {
		if (order[i] == r->exit_code)
			have = i;
		if (order[i] == code)
			want = i;
	}
	if (want > have)
		r->exit_code = code;
}

static int store_exit(enum store_status s)
{
	switch (s) {
	case STORE_OK:
		return EXIT_DONE;
	case STORE_BUSY:
	case STORE_FULL:
		return EXIT_TEMPFAIL;
	case STORE_READONLY:
	case STORE_CORRUPT:
		return EXIT_CONFIG;
	default:
		return EXIT_IOERR;
	}
}

static enum disposition disposition_for(enum message_kind k)
{
	switch (k) {
	case MSG_BOUNCE:
	case MSG_DELIVERED:
		return DISP_PROCESSED;
	case MSG_UNREADABLE:
		return DISP_REVIEW;
	default:
		return DISP_NOTBOUNCE; /* auto-replies, complaints, human mail */
	}
}

static const char *folder_for(const struct source_config *sc, enum disposition d)
{
	return d == DISP_PROCESSED ? sc->processed : d == DISP_REVIEW ? sc->review : sc->notbounce;
}

/* --dry-run: what would happen to this message, on stdout. */
static void print_dry(const struct run *r, const struct source_config *sc, const struct raw_message *m,
		      bool seen, enum disposition d)
{
	printf("%s\t%s\t-> %s%s\n", m->id, message_kind_name(r->res.kind), folder_for(sc, d),
	       seen ? " (already recorded: counts nothing)" : "");
	for (size_t i = 0; i < r->res.n_records; i++) {
		const struct bounce_record *rec = &r->res.records[i];
		const struct policy_rule *rule = policy_rule_for(&r->cfg->policy, rec->reason);

		printf("\t%s\t%s\t%s\t%s\n", rec->recipient, reason_name(rec->reason),
		       rec->deliverystatus[0] ? rec->deliverystatus : "-", policy_action_name(rule->action));
	}
}

/* Parse and record one message; returns where it goes, or -1 to stop the
 * batch (the transaction is then rolled back by the caller). */
static int run_message(struct run *r, const struct source_config *sc, struct raw_message *m)
{
	char fp[HASH_HEX_LEN], err[STORE_ERR_MAX];
	bool seen = false;
	enum disposition d;
	long newly = 0;
	enum store_status ss;

	r->counts.seen++;
	if (hash_sha256_hex(m->data, m->len, fp) < 0) {
		log_error("%s: cannot fingerprint message", m->id);
		return -1;
	}
	if (bounce_parse(r->pctx, m->data, m->len, &r->res) != PARSE_OK) {
		log_error("%s: out of memory while parsing", m->id);
		run_worse(r, EXIT_SOFTWARE);
		return -1;
	}
	d = disposition_for(r->res.kind);
	if (r->st && (ss = store_message_seen(r->st, fp, &seen, err)) != STORE_OK) {
		log_error("%s: %s", m->id, err);
		run_worse(r, store_exit(ss));
		return -1;
	}
	if (seen)
		r->counts.duplicates++;
	if (r->dry) {
		print_dry(r, sc, m, seen, d);
	} else if (!seen) {
		struct store_message sm = {
			.fingerprint = fp,
			.source = sc->name,
			.source_id = m->id,
			.kind = r->res.kind,
			.disposition = disposition_name(d),
			.why = r->res.why,
			.processed_at = time(NULL),
			.run_id = r->run_id,
		};

		if ((ss = store_apply(r->st, &sm, &r->res, &newly, err)) != STORE_OK) {
			log_error("%s: %s", m->id, err);
			run_worse(r, store_exit(ss));
			return -1;
		}
		r->counts.suppressed += newly;
	}
	if (!seen) {
		switch (r->res.kind) {
		case MSG_BOUNCE:
		case MSG_DELIVERED:
			r->counts.bounces++;
			r->counts.records += (long)r->res.n_records;
			break;
		case MSG_UNREADABLE:
			r->counts.review++;
			log_warn("%s: could not be parsed (%s): %s to %s", m->id,
				 r->res.why[0] ? r->res.why : "no recipient found",
				 r->dry ? "would go" : "goes", sc->review);
			break;
		default:
			r->counts.notbounce++;
			break;
		}
	}
	return (int)d;
}

/* One batch: parse and record all, commit, then move. Returns false to stop
 * this source. */
static bool run_batch(struct run *r, const struct source_config *sc, struct source *src,
		      struct raw_message *batch, size_t n)
{
	char err[STORE_ERR_MAX > SOURCE_ERR_MAX ? STORE_ERR_MAX : SOURCE_ERR_MAX];
	int disp[n ? n : 1];
	enum store_status ss;
	enum source_status srs;

	if (r->st && !r->dry && (ss = store_begin(r->st, err)) != STORE_OK) {
		log_error("%s", err);
		run_worse(r, store_exit(ss));
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		disp[i] = run_message(r, sc, &batch[i]);
		if (disp[i] < 0) {
			if (r->st && !r->dry)
				store_rollback(r->st);
			r->counts.errors++;
			return false; /* nothing of this batch moves */
		}
	}
	if (r->st && !r->dry && (ss = store_commit(r->st, err)) != STORE_OK) {
		log_error("%s", err);
		run_worse(r, store_exit(ss));
		return false;
	}
	if (r->dry)
		return true;
	/* committed: now the mail may leave the inbox */
	for (size_t i = 0; i < n; i++)
		if (source_dispose(src, &batch[i], (enum disposition)disp[i], err) != SRC_OK)
			log_error("%s: %s", batch[i].id, err);
	if ((srs = source_commit(src, err)) != SRC_OK) {
		log_error("%s: moving messages: %s", src->name, err);
		run_worse(r, srs == SRC_TEMPFAIL ? EXIT_TEMPFAIL : EXIT_IOERR);
		return srs != SRC_TEMPFAIL;
	}
	if (r->st && run_source_saved(r->st, sc, src, err) != 0) {
		log_error("%s: %s", src->name, err);
		run_worse(r, EXIT_IOERR);
	}
	return true;
}

static int source_exit(enum source_status s)
{
	switch (s) {
	case SRC_TEMPFAIL:
		return EXIT_TEMPFAIL;
	case SRC_CONFIG:
		return EXIT_CONFIG;
	case SRC_NOMEM:
		return EXIT_SOFTWARE;
	default:
		return EXIT_IOERR;
	}
}

static void run_one_source(struct run *r, const struct source_config *sc)
{
	char err[SOURCE_ERR_MAX];
	struct source *src = NULL;
	struct raw_message *batch;
	size_t max = (size_t)(sc->batch_size > 0 ? sc->batch_size : 200);
	enum source_status st;

	st = run_source_open(r->c, r->st, sc, r->dry, &src, err);
	if (st != SRC_OK) {
		log_error("%s: %s", sc->name, err);
		run_worse(r, source_exit(st));
		r->counts.errors++;
		return;
	}
	batch = calloc(max, sizeof(*batch));
	if (!batch) {
		source_free(&src);
		run_worse(r, EXIT_SOFTWARE);
		return;
	}
	progress_add_total(&r->prog, source_pending(src));
	for (;;) {
		size_t n = 0;

		st = source_fetch(src, batch, max, &n, err);
		if (n > 0 && !run_batch(r, sc, src, batch, n))
			break;
		progress_tick(&r->prog, (long)n);
		if (st == SRC_END || (st == SRC_OK && n == 0))
			break;
		if (st != SRC_OK) {
			log_error("%s: %s", sc->name, err);
			run_worse(r, source_exit(st));
			r->counts.errors++;
			break;
		}
	}
	source_free(&src);
	free(batch);
}

static int run_reports(struct run *r)
{
	char err[REPORT_ERR_MAX];
	struct report_options ro = {
		.dir = r->cfg->report_dir,
		.csv = r->cfg->report_csv,
		.html = r->cfg->report_html,
		.language = r->cfg->language,
		.run_id = r->run_id,
	};

	if (!ro.csv && !ro.html)
		return 0;
	errno = 0;
	if (report_write_all(r->st, &ro, err) != 0) {
		int e = errno;

		log_error("reports: %s", err);
		run_worse(r, e == ENOSPC || e == EDQUOT ? EXIT_TEMPFAIL : EXIT_CONFIG);
		return -1;
	}
	return 0;
}

static const char *outcome_of(int code)
{
	switch (code) {
	case EXIT_DONE:
		return "ok";
	case EXIT_DATAERR:
		return "review";
	case EXIT_TEMPFAIL:
		return "tempfail";
	case EXIT_CONFIG:
		return "config";
	default:
		return "error";
	}
}

/* Open the database; in a dry run only when it exists, and read-only. */
static int run_open_store(struct run *r)
{
	char err[STORE_ERR_MAX];
	struct stat sb;
	struct store_options so = {
		.path = r->cfg->database,
		.busy_timeout_ms = r->cfg->busy_timeout_ms,
		.readonly = r->dry,
		.policy = &r->cfg->policy,
	};
	enum store_status ss;

	if (r->dry && stat(so.path, &sb) != 0)
		return 0; /* nothing recorded yet: every message is new */
	if ((ss = store_open(&so, &r->st, err)) != STORE_OK) {
		log_error("%s", err);
		return store_exit(ss);
	}
	if (!r->dry && (ss = store_lock_run(r->st, err)) != STORE_OK) {
		log_error("%s", err);
		store_close(&r->st);
		return store_exit(ss);
	}
	return 0;
}

static void run_summary(const struct run *r)
{
	const struct run_counts *k = &r->counts;

	log_info("%s%ld messages: %ld bounces (%ld recipients), %ld not bounces, %ld for review, "
		 "%ld already recorded; %ld addresses newly suppressed%s",
		 r->dry ? "dry run: " : "", k->seen - k->duplicates, k->bounces, k->records,
		 k->notbounce, k->review, k->duplicates, k->suppressed, r->dry ? " (nothing written)" : "");
	if (!r->dry && (r->cfg->report_csv || r->cfg->report_html))
		log_info("reports in %s", r->cfg->report_dir);
}

int cmd_run(struct cli *c, int argc, char **argv)
{
	struct run r = {.c = c, .exit_code = EXIT_DONE};
	struct parse_options po = {0};
	char err[STORE_ERR_MAX];
	int rc;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--dry-run") == 0 || strcmp(argv[i], "-n") == 0) {
			r.dry = true;
		} else {
			fprintf(stderr, "usage: bouncer [-c FILE] [-v|-q] run [--dry-run]\n");
			return EXIT_USAGE;
		}
	}
	if ((rc = cli_load_config(c, true)) != 0)
		return rc;
	r.cfg = &c->cfg;
	if (r.cfg->n_sources == 0) {
		log_error("%s: no sources configured: add a sources list (see poller.cfg.example)",
			  r.cfg->file);
		return EXIT_CONFIG;
	}
	if ((rc = run_open_store(&r)) != 0)
		return rc;
	po.max_bytes = r.cfg->max_bytes;
	po.verp_pattern = r.cfg->verp[0] ? r.cfg->verp : NULL;
	po.fallback_charset = r.cfg->fallback_charset[0] ? r.cfg->fallback_charset : NULL;
	r.pctx = parse_ctx_new(&po);
	if (!r.pctx) {
		store_close(&r.st);
		return EXIT_SOFTWARE;
	}
	parse_result_init(&r.res);
	if (!r.dry && store_run_begin(r.st, "run", &r.run_id, err) != STORE_OK)
		log_warn("%s", err);
	progress_start(&r.prog, !c->quiet);
	for (size_t i = 0; i < r.cfg->n_sources; i++)
		run_one_source(&r, &r.cfg->sources[i]);
	progress_end(&r.prog);
	if (r.counts.review > 0)
		run_worse(&r, EXIT_DATAERR);
	if (!r.dry) {
		if (store_run_end(r.st, r.run_id, &r.counts, outcome_of(r.exit_code), err) != STORE_OK)
			log_warn("%s", err);
		run_reports(&r);
	}
	run_summary(&r);
	parse_result_clear(&r.res);
	parse_ctx_free(&r.pctx);
	store_close(&r.st);
	return r.exit_code;
}
