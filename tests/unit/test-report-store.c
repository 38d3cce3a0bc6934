/* test-report-store.c: reports from a real store.
 *
 * A temp database gets known events through store_apply (fixed dates, two
 * runs); then every export profile is compared with its golden file in
 * tests/fixtures/report/, and the HTML report is checked for escaping,
 * its chart and its sections.
 *
 * REPORT_GOLDEN_UPDATE=1 rewrites the golden files (look at the diff!).
 * REPORT_KEEP_DIR=DIR also writes report.html, report-ja.html and
 * suppressed.csv into DIR (tests/e2e/t-report-browser.sh uses it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/report-private.h"
#include "tests/unit/harness.h"

#define GOLDEN_DIR "tests/fixtures/report/"
#define NOV1 ((time_t)1793491200) /* 2026-11-01T00:00:00Z */
#define NOW (NOV1 + 19 * 86400 + 12 * 3600) /* 2026-11-20T12:00:00Z */
#define AT(day, hour) (NOV1 + (time_t)(day) * 86400 + (time_t)(hour) * 3600)

static char tmp[256];
static struct store *st;
static int64_t run2;
static int n_msgs;
static long n_newly; /* addresses suppressed by apply(), for the run counts */

struct bounce_spec {
	int day, hour;
	const char *recipient;
	enum reason reason;
	const char *status, *code, *diag, *rhost;
};

/* The whole data set; AT(day) is November (day + 1), 2026. */
static const struct bounce_spec run1_bounces[] = {
	{2, 9, "alice@example.com", REASON_USERUNKNOWN, "5.1.1", "550",
	 "550 5.1.1 <alice@example.com>: Recipient address rejected: User unknown", "mx.example.com"},
	{3, 10, "bob@example.org", REASON_FEEDBACK, "", "", "", ""},
	{4, 8, "carol@example.net", REASON_MAILBOXFULL, "4.2.2", "452",
	 "452 4.2.2 \"Mailbox full\", try again later", "mx.example.net"},
	{6, 8, "carol@example.net", REASON_MAILBOXFULL, "4.2.2", "452",
	 "452 4.2.2 \"Mailbox full\", try again later", "mx.example.net"},
	{8, 8, "carol@example.net", REASON_MAILBOXFULL, "4.2.2", "452",
	 "452 4.2.2 \"Mailbox full\", try again later", "mx.example.net"},
	{5, 11, "dave@example.com", REASON_HOSTUNKNOWN, "5.1.2", "550",
	 "Host or domain name not found", ""},
	{9, 12, "<script>alert(1)</script>@evil.example", REASON_USERUNKNOWN, "5.1.1", "550",
	 "=HYPERLINK(\"http://x\",\"y\")", "mx.evil.example"},
	{10, 7, "-dash@example.com", REASON_USERUNKNOWN, "5.1.1", "550", "550 no such user", ""},
	{12, 14, "frank@blocked.example", REASON_BLOCKED, "5.7.1", "554",
	 "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org",
	 "mx.blocked.example"},
	{13, 15, "grace@blocked.example", REASON_BLOCKED, "5.7.1", "554",
	 "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org",
	 "mx.blocked.example"},
	{14, 9, "hanako@example.jp", REASON_USERUNKNOWN, "5.1.1", "550",
	 "550 5.1.1 ユーザーが存在しません", "mx.example.jp"},
	{14, 10, "kenji@example.jp", REASON_USERUNKNOWN, "5.1.1", "550",
	 "550 5.1.1 ユーザーが存在しません", "mx.example.jp"},
};
static const struct bounce_spec run2_bounces[] = {
	{18, 6, "ivan@example.com", REASON_USERUNKNOWN, "5.1.1", "550",
	 "550-5.1.1 The email account that you tried to reach does not exist.", "mx.example.com"},
	{19, 6, "judy@example.org", REASON_MAILBOXFULL, "4.2.2", "452", "452 4.2.2 Over quota",
	 "mx.example.org"},
	{19, 7, "frank@blocked.example", REASON_BLOCKED, "5.7.1", "554",
	 "554 5.7.1 <script>x</script> rejected", "mx.blocked.example"},
};

static int apply(const struct bounce_spec *b, int64_t run_id)
{
	struct parse_result res;
	struct bounce_record *r;
	struct store_message m;
	char fp[32], err[STORE_ERR_MAX];
	enum store_status rc;
	long newly = 0;

	parse_result_init(&res);
	r = calloc(1, sizeof(*r));
	if (!r)
		return -1;
	res.records = r;
	res.n_records = res.cap_records = 1;
	res.kind = b->reason == REASON_FEEDBACK ? MSG_FEEDBACK : MSG_BOUNCE;
	snprintf(res.msg.messageid, sizeof(res.msg.messageid), "<send%d@sender.example>", n_msgs);
	res.msg.date = AT(b->day, b->hour);
	snprintf(r->recipient, sizeof(r->recipient), "%s", b->recipient);
	r->reason = b->reason;
	r->hardbounce = reason_is_hard(b->reason, b->code);
	snprintf(r->deliverystatus, sizeof(r->deliverystatus), "%s", b->status);
	snprintf(r->replycode, sizeof(r->replycode), "%s", b->code);
	snprintf(r->diagnosticcode, sizeof(r->diagnosticcode), "%s", b->diag);
	snprintf(r->rhost, sizeof(r->rhost), "%s", b->rhost);
	snprintf(r->action, sizeof(r->action), "failed");
	r->timestamp = AT(b->day, b->hour);
	snprintf(fp, sizeof(fp), "fp%04d", n_msgs++);
	memset(&m, 0, sizeof(m));
	m.fingerprint = fp;
	m.source = "maildir:test";
	m.source_id = fp;
	m.kind = res.kind;
	m.disposition = "processed";
	m.processed_at = AT(b->day, b->hour) + 600;
	m.run_id = run_id;
	rc = store_apply(st, &m, &res, &newly, err);
	n_newly += newly;
	parse_result_clear(&res);
	if (rc != STORE_OK)
		printf("# store_apply: %s\n", err);
	return rc == STORE_OK ? 0 : -1;
}

static int review(const char *fp, const char *why, int64_t run_id, time_t when)
{
	struct store_message m = {.fingerprint = fp, .source = "maildir:test",
				  .source_id = "cur/1700000000.review:2,S", .kind = MSG_UNREADABLE,
				  .disposition = "review", .why = why, .processed_at = when,
				  .run_id = run_id};
	struct parse_result res;
	char err[STORE_ERR_MAX];

	parse_result_init(&res);
	res.kind = MSG_UNREADABLE;
	return store_apply(st, &m, &res, NULL, err) == STORE_OK ? 0 : -1;
}

static int run(const struct bounce_spec *b, size_t n, int64_t *id_r)
{
	struct run_counts c = {.seen = (long)n, .bounces = (long)n, .records = (long)n};
	char err[STORE_ERR_MAX];
	int fail = 0;

	if (store_run_begin(st, "run", id_r, err) != STORE_OK || store_begin(st, err) != STORE_OK)
		return -1;
	n_newly = 0;
	for (size_t i = 0; i < n; i++)
		fail |= apply(&b[i], *id_r);
	c.suppressed = n_newly;
	if (store_commit(st, err) != STORE_OK)
		return -1;
	return fail | (store_run_end(st, *id_r, &c, "ok", err) != STORE_OK);
}

static void test_setup(void)
{
	struct store_options so = {0};
	char path[300], err[STORE_ERR_MAX];
	int64_t run1;

	snprintf(tmp, sizeof(tmp), "%s/bouncer-report.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(tmp)) {
		CHECK(0, "mkdtemp");
		return;
	}
	snprintf(path, sizeof(path), "%s/b.db", tmp);
	so.path = path;
	if (store_open(&so, &st, err) != STORE_OK) {
		CHECK(0, "store_open: %s", err);
		st = NULL;
		return;
	}
	CHECK(run(run1_bounces, sizeof(run1_bounces) / sizeof(run1_bounces[0]), &run1) == 0,
	      "run 1 applied");
	CHECK(store_suppress_manual(st, "erin@example.com", "asked by phone", AT(11, 9), err) ==
		      STORE_OK,
	      "manual suppression");
	CHECK(run(run2_bounces, sizeof(run2_bounces) / sizeof(run2_bounces[0]), &run2) == 0,
	      "run 2 applied");
	CHECK(store_begin(st, err) == STORE_OK &&
		      review("fp-review", "no recipient found in <b>bold</b> bounce", run2,
			     AT(19, 8)) == 0 &&
		      store_commit(st, err) == STORE_OK,
	      "one message for review");
}

/* Captures warnings. */
struct warnings {
	int n;
	char last[512];
};
static void warn_cb(void *arg, const char *msg)
{
	struct warnings *w = arg;

	w->n++;
	snprintf(w->last, sizeof(w->last), "%s", msg);
}

static char *export_to_string(const struct export_options *o, struct export_stats *stats,
			      size_t *len_r)
{
	char *buf = NULL, err[REPORT_ERR_MAX];
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int rc;

	if (!f)
		return NULL;
	rc = export_write(st, o, f, stats, err);
	fclose(f);
	if (rc < 0) {
		printf("# export_write: %s\n", err);
		free(buf);
		return NULL;
	}
	*len_r = len;
	return buf;
}

static void check_golden(const char *name, const char *got, size_t len)
{
	char path[256];
	size_t want_len = 0;
	char *want;

	snprintf(path, sizeof(path), GOLDEN_DIR "%s", name);
	if (getenv("REPORT_GOLDEN_UPDATE")) {
		FILE *f = fopen(path, "wb");

		if (f) {
			fwrite(got, 1, len, f);
			fclose(f);
		}
	}
	want = t_slurp(path, &want_len);
	if (!want) {
		CHECK(0, "golden %s exists", path);
		return;
	}
	CHECK(len == want_len && memcmp(got, want, len) == 0, "export matches %s", path);
	if (len != want_len || memcmp(got, want, len) != 0)
		printf("# got:\n%.*s\n", (int)len, got);
	free(want);
}

static void test_profiles(void)
{
	static const struct {
		enum export_profile p;
		enum export_format f;
		const char *golden;
	} rows[] = {
		{EXPORT_GENERIC, EXPORT_CSV, "generic.csv"},
		{EXPORT_HUBSPOT, EXPORT_CSV, "hubspot.csv"},
		{EXPORT_SALESFORCE, EXPORT_CSV, "salesforce.csv"},
		{EXPORT_MAILCHIMP, EXPORT_CSV, "mailchimp.csv"},
		{EXPORT_MAILGUN, EXPORT_CSV, "mailgun.csv"},
		{EXPORT_GENERIC, EXPORT_JSON, "generic.json"},
		{EXPORT_MAILGUN, EXPORT_JSON, "mailgun.json"},
	};

	if (!st)
		return;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct warnings w = {0};
		struct export_options o = {.profile = rows[i].p, .format = rows[i].f,
					   .filter = {.state = ADDR_SUPPRESSED},
					   .warn = warn_cb, .warn_arg = &w};
		struct export_stats stats;
		size_t len = 0;
		char *got = export_to_string(&o, &stats, &len);

		if (!got) {
			CHECK(0, "export %s", rows[i].golden);
			continue;
		}
		check_golden(rows[i].golden, got, len);
		/* -dash@example.com would start a formula: skipped, with a warning */
		CHECK_INT(stats.skipped, 1, "%s: one address skipped", rows[i].golden);
		CHECK(w.n == 1 && strstr(w.last, "-dash@example.com"), "%s: warning names it",
		      rows[i].golden);
		CHECK(!strstr(got, "dash@"), "%s: skipped address absent", rows[i].golden);
		free(got);
	}
}

static void test_csv_details(void)
{
	struct export_options o = {.profile = EXPORT_GENERIC, .bom = true,
				   .filter = {.state = -1}};
	size_t len = 0;
	char *got;

	if (!st)
		return;
	got = export_to_string(&o, NULL, &len);
	if (!got) {
		CHECK(0, "export");
		return;
	}
	CHECK(len > 3 && memcmp(got, "\xEF\xBB\xBF" "email,state,", 15) == 0, "BOM then header");
	CHECK(strstr(got, "\r\nalice@example.com,suppressed,userunknown,hard,2026-11-03T09:00:00Z,"),
	      "ISO 8601 UTC dates, CRLF rows");
	CHECK(strstr(got, ",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\r\n"),
	      "formula in a diagnostic neutralised and quoted");
	CHECK(strstr(got, "\"452 4.2.2 \"\"Mailbox full\"\", try again later\""),
	      "quotes doubled, comma quoted");
	CHECK(strstr(got, "\r\njudy@example.org,watch,mailboxfull,soft,"), "state any includes watch");
	CHECK(strstr(got, "\r\nfrank@blocked.example,active,"), "sender alert leaves address active");
	{
		size_t lf = 0, crlf = 0;

		for (size_t i = 0; i < len; i++)
			if (got[i] == '\n') {
				lf++;
				crlf += i > 0 && got[i - 1] == '\r';
			}
		CHECK(lf > 0 && lf == crlf, "every line ends in CRLF (%zu lines)", lf);
	}
	free(got);
}

static void test_since(void)
{
	struct export_options o = {.profile = EXPORT_HUBSPOT, .filter = {.state = ADDR_SUPPRESSED}};
	struct export_stats s1, s2, s3;
	time_t mark = 0;
	size_t len;
	char *got, err[STORE_ERR_MAX];

	if (!st)
		return;
	o.filter.since = AT(14, 0);
	got = export_to_string(&o, &s1, &len);
	CHECK(got && s1.written == 3 && strstr(got, "hanako@") && strstr(got, "ivan@") &&
		      !strstr(got, "alice@"),
	      "--since keeps bounces on or after the date (%ld)", s1.written);
	free(got);

	o.filter.since = 0;
	o.since_last = true;
	got = export_to_string(&o, &s1, &len);
	free(got);
	CHECK(store_export_mark_get(st, "hubspot", &mark, err) == STORE_OK && mark == AT(18, 6),
	      "mark moved to the newest bounce exported");
	got = export_to_string(&o, &s2, &len);
	CHECK(got && s2.written == 0 && strcmp(got, "Email\r\n") == 0,
	      "second --since-last: header only");
	free(got);
	CHECK(store_begin(st, err) == STORE_OK, "begin");
	{
		const struct bounce_spec late = {19, 20, "late@example.com", REASON_USERUNKNOWN,
						 "5.1.1", "550", "550 gone", ""};

		CHECK(apply(&late, 0) == 0 && store_commit(st, err) == STORE_OK, "new bounce");
	}
	got = export_to_string(&o, &s3, &len);
	CHECK(got && s3.written == 1 && strcmp(got, "Email\r\nlate@example.com\r\n") == 0,
	      "third --since-last: only the new address");
	free(got);
	CHECK(store_export_mark_get(st, "generic", &mark, err) == STORE_OK && mark == 0,
	      "marks are per profile");
}

static char *write_html(const char *lang, int64_t run_id, const char *name)
{
	struct report_options o = {.language = lang, .run_id = run_id, .now = NOW, .html = true};
	char path[512], err[REPORT_ERR_MAX];
	size_t len;
	const char *keep = getenv("REPORT_KEEP_DIR");

	snprintf(path, sizeof(path), "%s/%s", keep ? keep : tmp, name);
	if (report_write_html(st, &o, path, err) < 0) {
		printf("# report_write_html: %s\n", err);
		return NULL;
	}
	return t_slurp(path, &len);
}

static int count(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

static void test_html(void)
{
	char *h;

	if (!st)
		return;
	h = write_html("en", run2, "report.html");
	if (!h) {
		CHECK(0, "html written");
		return;
	}
	CHECK(strncmp(h, "<!DOCTYPE html>\n<html lang=\"en\">", 31) == 0, "html5, lang en");
	CHECK(strstr(h, "<title>Bounce report 2026-11-20</title>"), "title with the date");
	CHECK(!strstr(h, "<script"), "no script element, even from mail");
	CHECK(strstr(h, "&lt;script&gt;alert(1)&lt;/script&gt;@evil.example"),
	      "hostile local part shown as text");
	CHECK(strstr(h, "=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)"),
	      "formula diagnostic shown as text");
	CHECK(strstr(h, "&lt;b&gt;bold&lt;/b&gt;"), "review reason escaped");
	CHECK(!strstr(h, "src=") && !strstr(h, "href=") && !strstr(h, "@import") &&
		      !strstr(h, "url("),
	      "no external references");
	/* days with bounces (AT() days + 1): 3 4 5 6 7 9 10 11 13 14 15 19 20 */
	CHECK_INT(count(h, "<g class=\"day\""), 13, "one bar group per day with data");
	CHECK(strstr(h, "data-day=\"2026-11-15\"><title>2026-11-15: hard 2 soft 0 complaint 0"),
	      "2026-11-15 has two hard bounces");
	CHECK(strstr(h, "id=\"run\"") && strstr(h, "ivan@example.com"), "this run section");
	{
		const char *fresh = strstr(h, "id=\"run\"");
		const char *end = fresh ? strstr(fresh, "</section>") : NULL;
		const char *ivan = fresh ? strstr(fresh, "ivan@example.com") : NULL;
		const char *alice = fresh ? strstr(fresh, "alice@example.com") : NULL;

		CHECK(ivan && ivan < end && (!alice || alice > end),
		      "new suppressions: only this run's");
	}
	CHECK(strstr(h, "blocked.example</td><td>blocked</td><td class=\"n\" data-l=\"Bounces\">3</td>"),
	      "sender alert: blocked.example, 3 bounces");
	CHECK(strstr(h, "<td class=\"diag\">554 5.7.1 &lt;script&gt;x&lt;/script&gt; rejected<br>"
			"554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using "
			"zen.spamhaus.org</td>"),
	      "alert: distinct samples, newest first, escaped");
	{
		const char *list = strstr(h, "id=\"suppressed\"");
		const char *ivan = list ? strstr(list, "ivan@") : NULL;
		const char *hanako = list ? strstr(list, "hanako@") : NULL;
		const char *alice = list ? strstr(list, "alice@") : NULL;

		CHECK(ivan && hanako && alice && ivan < hanako && hanako < alice,
		      "suppression list ordered by last bounce, newest first");
	}
	CHECK(strstr(h, "<td>suppressed</td><td class=\"n\">6</td><td class=\"n\">1</td>"
			"<td class=\"n\">1</td><td class=\"n\">1</td><td class=\"n\"><b>9</b>"),
	      "totals: suppressed 6 hard, 1 soft, 1 complaint, 1 manual");
	CHECK(strstr(h, "<td>watch</td><td class=\"n\">0</td><td class=\"n\">1</td>"),
	      "totals: one soft address on watch");
	free(h);

	h = write_html("ja", run2, "report-ja.html");
	CHECK(h && strstr(h, "<html lang=\"ja\">") && strstr(h, "バウンスレポート") &&
		      strstr(h, "配信停止リスト"),
	      "Japanese report");
	free(h);
	h = write_html("en", 0, "report-norun.html");
	CHECK(h && strstr(h, "Written from the database"), "report without a run");
	free(h);
}

static void test_write_all(void)
{
	struct report_options o = {.csv = true, .html = true, .now = NOW, .run_id = run2};
	char dir[300], err[REPORT_ERR_MAX], cmd[400];
	struct warnings w = {0};
	size_t len;
	char *csv;

	if (!st)
		return;
	snprintf(dir, sizeof(dir), "%s/out/reports", tmp);
	o.dir = dir;
	o.warn = warn_cb;
	o.warn_arg = &w;
	CHECK(report_write_all(st, &o, err) == 0, "report_write_all: %s", err);
	snprintf(cmd, sizeof(cmd), "%s/suppressed.csv", dir);
	csv = t_slurp(cmd, &len);
	CHECK(csv && strncmp(csv, "email,state,reason,category,first_bounce,last_bounce,"
				  "bounce_count,status,replycode,diagnostic\r\n", 85) == 0,
	      "suppressed.csv written");
	CHECK(w.n == 1, "skipped address reported once");
	free(csv);
	snprintf(cmd, sizeof(cmd), "ls -A '%s' | tr '\\n' ' '", dir);
	{
		FILE *p = popen(cmd, "r");
		char line[256] = "";

		if (p) {
			if (!fgets(line, sizeof(line), p))
				line[0] = '\0';
			pclose(p);
		}
		CHECK_STR(line, "report.html suppressed.csv ", "only the two reports, no temp files");
	}
	if (getenv("REPORT_KEEP_DIR")) {
		o.dir = getenv("REPORT_KEEP_DIR");
		CHECK(report_write_all(st, &o, err) == 0, "kept reports: %s", err);
	}
}

/* export_write_file: the mark moves only when the file is in place. */
static void test_export_file(void)
{
	struct export_options o = {.profile = EXPORT_MAILCHIMP, .since_last = true,
				   .filter = {.state = ADDR_SUPPRESSED}};
	struct export_stats stats;
	char path[400], err[REPORT_ERR_MAX], serr[STORE_ERR_MAX];
	time_t mark = -1;
	size_t len;
	char *got;

	if (!st)
		return;
	snprintf(path, sizeof(path), "%s/no-such-dir/out.csv", tmp);
	CHECK(export_write_file(st, &o, path, &stats, err) < 0 && strstr(err, "no-such-dir"),
	      "export to a missing directory fails and says where");
	CHECK(store_export_mark_get(st, "mailchimp", &mark, serr) == STORE_OK && mark == 0,
	      "a failed export leaves the mark alone");
	snprintf(path, sizeof(path), "%s/mailchimp.csv", tmp);
	CHECK(export_write_file(st, &o, path, &stats, err) == 0, "export to a file: %s", err);
	got = t_slurp(path, &len);
	/* 8 suppressed in the runs, 1 more from test_since */
	CHECK(got && strncmp(got, "Email Address,Status\r\n", 22) == 0 && stats.written == 9,
	      "the file holds the records (%ld)", stats.written);
	free(got);
	CHECK(store_export_mark_get(st, "mailchimp", &mark, serr) == STORE_OK && mark == AT(19, 20),
	      "the mark moved once the file was in place");
}

/* A report directory that cannot be made: an error naming it, no report. */
static void test_bad_dir(void)
{
	struct report_options o = {.csv = true, .html = true, .now = NOW};
	char dir[400], err[REPORT_ERR_MAX];
	FILE *f;

	if (!st)
		return;
	snprintf(dir, sizeof(dir), "%s/plainfile", tmp);
	f = fopen(dir, "w");
	if (f)
		fclose(f);
	snprintf(dir, sizeof(dir), "%s/plainfile/reports", tmp);
	o.dir = dir;
	err[0] = '\0';
	CHECK(report_write_all(st, &o, err) < 0 && strstr(err, "plainfile"),
	      "report dir under a file fails: %s", err);
}

/* A database with nothing in it still gives both reports. */
static void test_empty(void)
{
	struct store_options so = {0};
	struct report_options o = {.csv = true, .html = true, .now = NOW};
	struct store *empty = NULL;
	char path[300], err[STORE_ERR_MAX], rerr[REPORT_ERR_MAX];
	size_t len;
	char *csv, *html;

	if (!tmp[0])
		return;
	snprintf(path, sizeof(path), "%s/empty.db", tmp);
	so.path = path;
	if (store_open(&so, &empty, err) != STORE_OK) {
		CHECK(0, "store_open empty: %s", err);
		return;
	}
	snprintf(path, sizeof(path), "%s/empty", tmp);
	o.dir = path;
	CHECK(report_write_all(empty, &o, rerr) == 0, "reports of an empty database: %s", rerr);
	snprintf(path, sizeof(path), "%s/empty/suppressed.csv", tmp);
	csv = t_slurp(path, &len);
	CHECK(csv && strcmp(csv, "email,state,reason,category,first_bounce,last_bounce,bounce_count,"
				 "status,replycode,diagnostic\r\n") == 0,
	      "empty CSV has its header");
	snprintf(path, sizeof(path), "%s/empty/report.html", tmp);
	html = t_slurp(path, &len);
	CHECK(html && strstr(html, "No bounces in the last 30 days.") && !strstr(html, "<svg") &&
		      strstr(html, "</html>"),
	      "empty HTML says there is nothing");
	free(csv);
	free(html);
	store_close(&empty);
}

/* More suppressed addresses than the HTML shows: the newest are kept. */
static void test_cap(void)
{
	struct store_options so = {0};
	struct report_options o = {.now = NOW};
	struct store *saved = st;
	char path[300], err[STORE_ERR_MAX], rerr[REPORT_ERR_MAX];
	const int n = REPORT_HTML_MAX_ROWS + 20;
	int fail = 0;
	size_t len;
	char *h;

	if (!tmp[0])
		return;
	snprintf(path, sizeof(path), "%s/cap.db", tmp);
	so.path = path;
	if (store_open(&so, &st, err) != STORE_OK) {
		CHECK(0, "store_open cap: %s", err);
		st = saved;
		return;
	}
	fail |= store_begin(st, err) != STORE_OK;
	/* userNNN bounced at hour NNN (user000 is the oldest), applied in a
	 * scrambled order (7 is coprime with n) to exercise the replacement */
	for (int i = 0; i < n && !fail; i++) {
		int j = (i * 7) % n;
		char addr[64];
		struct bounce_spec b = {0, j, addr, REASON_USERUNKNOWN, "5.1.1", "550", "550 unknown",
					""};

		snprintf(addr, sizeof(addr), "user%03d@cap.example", j);
		fail |= apply(&b, 0);
	}
	fail |= store_commit(st, err) != STORE_OK;
	CHECK(!fail, "%d suppressed addresses applied", n);
	snprintf(path, sizeof(path), "%s/cap.html", tmp);
	CHECK(report_write_html(st, &o, path, rerr) == 0, "cap report: %s", rerr);
	h = t_slurp(path, &len);
	if (h) {
		const char *list = strstr(h, "id=\"suppressed\"");
		char total[64];

		snprintf(total, sizeof(total), "Suppressed in total: %d</p>", n);
		CHECK(list && strstr(list, total), "says how many there are in all");
		CHECK_INT(list ? count(list, "<td class=\"addr\">user") : -1, REPORT_HTML_MAX_ROWS,
			  "shows the cap");
		CHECK(list && strstr(list, ">user519@") && strstr(list, ">user020@") &&
			      !strstr(list, ">user019@") && !strstr(list, ">user000@") &&
			      strstr(list, ">user519@") < strstr(list, ">user020@"),
		      "keeps the newest, newest first");
	} else {
		CHECK(0, "cap report read");
	}
	free(h);
	store_close(&st);
	st = saved;
}

static void test_teardown(void)
{
	char cmd[300];

	if (st)
		store_close(&st);
	if (tmp[0]) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
		CHECK(system(cmd) == 0, "temp dir removed");
	}
}

TEST_MAIN(test_setup, test_profiles, test_csv_details, test_html, test_write_all, test_since,
	  test_export_file, test_bad_dir, test_empty, test_cap, test_teardown)
