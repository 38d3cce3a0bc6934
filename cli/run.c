/* run.c: the processing engine (see run.h). */
#include "cli/run.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli/log.h"
#include "cli/run-source.h"
#include "report/report.h"
#include "util/hash.h"

void run_worse(struct run *r, int code)
{
	static const int order[] = {EXIT_DONE,   EXIT_DATAERR, EXIT_NOINPUT,  EXIT_IOERR,
				    EXIT_CONFIG, EXIT_SOFTWARE, EXIT_TEMPFAIL};
	int have = 0, want = 0;

	for (int i = 0; i < (int)(sizeof(order) / sizeof(order[0])); i++) {
		if (order[i] == r->exit_code)
			have = i;
		if (order[i] == code)
			want = i;
	}
	if (want > have)
		r->exit_code = code;
}

int run_exit_for_store(enum store_status s)
{
	switch (s) {
	case STORE_OK:
		return EXIT_DONE;
	case STORE_BUSY:
	case STORE_FULL:
		return EXIT_TEMPFAIL;
	case STORE_READONLY:
	case STORE_CORRUPT:
	case STORE_NOTFOUND:
		return EXIT_CONFIG;
	default:
		return EXIT_IOERR;
	}
}

int run_exit_for_source(enum source_status s)
{
	switch (s) {
	case SRC_OK:
	case SRC_END:
		return EXIT_DONE;
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

static void count_message(struct run *r, const struct source_config *sc, const struct raw_message *m)
{
	switch (r->res.kind) {
	case MSG_BOUNCE:
	case MSG_DELIVERED:
		r->counts.bounces++;
		r->counts.records += (long)r->res.n_records;
		break;
	case MSG_UNREADABLE:
		r->counts.review++;
		log_warn("%s: could not be parsed (%s): %s %s", m->id,
			 r->res.why[0] ? r->res.why : "no recipient found",
			 r->dry ? "would go to" : r->keep ? "left in place, recorded as" : "moved to",
			 sc->review);
		break;
	default:
		r->counts.notbounce++;
		break;
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
		run_worse(r, EXIT_SOFTWARE);
		return -1;
	}
	/* after the fingerprint, nothing reads the bytes: a source that lends
	 * them (m->cap: files, for ingest) has them parsed in place */
	if (bounce_parse_buf(r->pctx, m->data, m->len, m->cap, &r->res) != PARSE_OK) {
		log_error("%s: out of memory while parsing", m->id);
		run_worse(r, EXIT_SOFTWARE);
		return -1;
	}
	d = disposition_for(r->res.kind);
	if (r->st && (ss = store_message_seen(r->st, fp, &seen, err)) != STORE_OK) {
		log_error("%s: %s", m->id, err);
		run_worse(r, run_exit_for_store(ss));
		return -1;
	}
	if (seen) {
		r->counts.duplicates++;
		log_debug("%s: already recorded (fingerprint %.16s)", m->id, fp);
	}
	if (r->dry) {
		print_dry(r, sc, m, seen, d);
	} else if (!seen) {
		struct store_message sm = {
			.fingerprint = fp,
			.source = sc->name,
			.source_id = m->id,
			.kind = r->res.kind,
			.disposition = disposition_name(r->keep ? DISP_KEEP : d),
			.why = r->res.why,
			.processed_at = time(NULL),
			.run_id = r->run_id,
		};

		if ((ss = store_apply(r->st, &sm, &r->res, &newly, err)) != STORE_OK) {
			log_error("%s: %s", m->id, err);
			run_worse(r, run_exit_for_store(ss));
			return -1;
		}
		r->counts.suppressed += newly;
	}
	if (!seen)
		count_message(r, sc, m);
	return (int)(r->keep || r->dry ? DISP_KEEP : d);
}

/* One batch: parse and record all, commit, then move. Returns false to stop
 * this source. */
static bool run_batch(struct run *r, const struct source_config *sc, struct source *src,
		      struct raw_message *batch, size_t n, int *disp)
{
	char err[STORE_ERR_MAX > SOURCE_ERR_MAX ? STORE_ERR_MAX : SOURCE_ERR_MAX];
	bool writes = r->st && !r->dry;
	enum store_status ss;
	enum source_status srs;

	if (writes && (ss = store_begin(r->st, err)) != STORE_OK) {
		log_error("%s", err);
		run_worse(r, run_exit_for_store(ss));
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		disp[i] = run_message(r, sc, &batch[i]);
		if (disp[i] < 0) {
			if (writes)
				store_rollback(r->st);
			r->counts.errors++;
			return false; /* nothing of this batch moves */
		}
	}
	if (writes && (ss = store_commit(r->st, err)) != STORE_OK) {
		log_error("%s", err);
		run_worse(r, run_exit_for_store(ss));
		return false;
	}
	if (r->dry)
		return true;
	/* committed: now the mail may leave the inbox */
	for (size_t i = 0; i < n; i++)
		if ((srs = source_dispose(src, &batch[i], (enum disposition)disp[i], err)) != SRC_OK) {
			log_error("%s: %s", batch[i].id, err);
			run_worse(r, run_exit_for_source(srs));
		}
	if ((srs = source_commit(src, err)) != SRC_OK) {
		log_error("%s: moving messages: %s", src->name, err);
		run_worse(r, run_exit_for_source(srs));
		return srs != SRC_TEMPFAIL;
	}
	if (r->st && run_source_saved(r->st, sc, src, err) != 0) {
		log_error("%s: %s", src->name, err);
		run_worse(r, EXIT_IOERR);
	}
	return true;
}

void run_source(struct run *r, const struct source_config *sc, struct source *src)
{
	char err[SOURCE_ERR_MAX];
	size_t max = (size_t)(sc->batch_size > 0 ? sc->batch_size : 200);
	struct raw_message *batch = calloc(max, sizeof(*batch));
	int *disp = calloc(max, sizeof(*disp));
	enum source_status st;

	if (!batch || !disp) {
		free(batch);
		free(disp);
		run_worse(r, EXIT_SOFTWARE);
		return;
	}
	progress_add_total(&r->prog, source_pending(src));
	for (;;) {
		size_t n = 0;

		if (r->c->deadline && time(NULL) >= r->c->deadline) {
			/* the rest stays in the inbox for the next run */
			log_warn("%s: run deadline reached: the rest waits for the next run", sc->name);
			run_worse(r, EXIT_TEMPFAIL);
			break;
		}
		st = source_fetch(src, batch, max, &n, err);
		if (n > 0 && !run_batch(r, sc, src, batch, n, disp))
			break;
		progress_tick(&r->prog, (long)n);
		if (st == SRC_END || (st == SRC_OK && n == 0))
			break;
		if (st != SRC_OK) {
			log_error("%s: %s", sc->name, err);
			run_worse(r, run_exit_for_source(st));
			r->counts.errors++;
			if (st != SRC_IOERR)
				break;
			/* one unreadable file: named above; the rest still counts */
		}
	}
	/* A stopped batch is still held by the source, which frees its messages
	 * through batch[] at close: a fetch of 0 releases them before batch goes. */
	(void)source_fetch(src, batch, 0, &(size_t){0}, err);
	free(batch);
	free(disp);
}

int cli_open_store(struct cli *c, bool readonly, struct store **st_r)
{
	char err[STORE_ERR_MAX];
	struct store_options so = {
		.path = c->cfg.database,
		.busy_timeout_ms = c->cfg.busy_timeout_ms,
		.readonly = readonly,
		.policy = &c->cfg.policy,
	};
	enum store_status ss = store_open(&so, st_r, err);

	if (ss == STORE_OK)
		return 0;
	if (ss == STORE_NOTFOUND)
		log_error("%s: no database yet: run `bouncer run` (or ingest) first", c->cfg.database);
	else
		log_error("%s", err);
	return run_exit_for_store(ss);
}

int run_start(struct run *r, struct cli *c, const struct run_setup *s)
{
	struct parse_options po = {0};
	char err[STORE_ERR_MAX];
	struct stat sb;
	enum store_status ss;
	int rc;

	memset(r, 0, sizeof(*r));
	r->c = c;
	r->cfg = &c->cfg;
	r->dry = s->dry;
	r->keep = s->keep;
	r->exit_code = EXIT_DONE;
	parse_result_init(&r->res);
	if (!(r->dry && stat(r->cfg->database, &sb) != 0)) { /* a dry run needs no new database */
		if ((rc = cli_open_store(c, r->dry, &r->st)) != 0)
			return rc;
		if (s->lock && !r->dry && (ss = store_lock_run(r->st, err)) != STORE_OK) {
			log_error("%s", err);
			store_close(&r->st);
			return run_exit_for_store(ss);
		}
	}
	po.max_bytes = r->cfg->max_bytes;
	po.verp_pattern = r->cfg->verp[0] ? r->cfg->verp : NULL;
	po.fallback_charset = r->cfg->fallback_charset[0] ? r->cfg->fallback_charset : NULL;
	r->pctx = parse_ctx_new(&po);
	if (!r->pctx) {
		store_close(&r->st);
		return EXIT_SOFTWARE;
	}
	if (r->st && !r->dry && store_run_begin(r->st, s->command, &r->run_id, err) != STORE_OK)
		log_warn("%s", err);
	progress_start(&r->prog, s->progress && !c->quiet);
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

static void report_warn(void *arg, const char *msg)
{
	(void)arg;
	log_warn("%s", msg);
}

static void run_reports(struct run *r)
{
	char err[REPORT_ERR_MAX];
	struct report_options ro = {
		.dir = r->cfg->report_dir,
		.csv = r->cfg->report_csv,
		.html = r->cfg->report_html,
		.language = r->cfg->language,
		.run_id = r->run_id,
		.warn = report_warn,
	};

	if (!ro.csv && !ro.html)
		return;
	errno = 0;
	if (report_write_all(r->st, &ro, err) != 0) {
		int e = errno;

		log_error("reports: %s", err);
		run_worse(r, e == ENOSPC || e == EDQUOT ? EXIT_TEMPFAIL : EXIT_CONFIG);
	}
}

static void run_summary(const struct run *r, bool reports)
{
	const struct run_counts *k = &r->counts;

	log_info("%s%ld messages: %ld bounces (%ld recipients), %ld not bounces, %ld for review, "
		 "%ld already recorded; %ld addresses newly suppressed%s",
		 r->dry ? "dry run: " : "", k->seen - k->duplicates, k->bounces, k->records,
		 k->notbounce, k->review, k->duplicates, k->suppressed, r->dry ? " (nothing written)" : "");
	if (reports && !r->dry && (r->cfg->report_csv || r->cfg->report_html))
		log_info("reports in %s", r->cfg->report_dir);
}

int run_finish(struct run *r, bool reports)
{
	char err[STORE_ERR_MAX];

	progress_end(&r->prog);
	if (r->counts.review > 0)
		run_worse(r, EXIT_DATAERR);
	if (r->st && !r->dry) {
		if (store_run_end(r->st, r->run_id, &r->counts, outcome_of(r->exit_code), err) != STORE_OK)
			log_warn("%s", err);
		if (reports)
			run_reports(r);
	}
	run_summary(r, reports);
	parse_result_clear(&r->res);
	parse_ctx_free(&r->pctx);
	store_close(&r->st);
	return r->exit_code;
}
