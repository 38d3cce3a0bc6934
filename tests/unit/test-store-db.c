/* test-store-db.c: opening, migrations, locks, transactions, records,
 * manual operations and pruning, on temp databases. */
#include <sqlite3.h>

#include "store/sqlite-private.h"
#include "tests/unit/harness.h"
#include "tests/unit/test-store-fixture.h"

static int raw_int(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	int v = -1;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK) {
		if (sqlite3_step(s) == SQLITE_ROW)
			v = sqlite3_column_int(s, 0);
		sqlite3_finalize(s);
	}
	sqlite3_close(db);
	return v;
}

static void raw_exec(const char *path, const char *sql)
{
	sqlite3 *db;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) ==
	    SQLITE_OK)
		sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
}

static void test_open_migrate_reopen(void)
{
	struct tdb t;
	struct store *st;
	enum store_status rc;
	char mode[16] = "";

	tdb_make(&t);
	st = tdb_open(&t, false, &rc);
	CHECK_INT(rc, STORE_OK, "open creates an empty database");
	CHECK_INT(raw_int(t.path, "PRAGMA user_version"), 3, "schema migrated to version 3");
	{
		sqlite3 *db;
		sqlite3_stmt *s;

		if (sqlite3_open(t.path, &db) == SQLITE_OK &&
		    sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &s, NULL) == SQLITE_OK) {
			if (sqlite3_step(s) == SQLITE_ROW)
				str_copy(mode, sizeof(mode), (const char *)sqlite3_column_text(s, 0));
			sqlite3_finalize(s);
		}
		sqlite3_close(db);
	}
	CHECK_STR(mode, "wal", "journal mode is WAL");
	CHECK_INT(apply1(st, "fp1", "<1@us>", "a@x.example", REASON_USERUNKNOWN, AT(0, 1)), 1,
		  "a bounce suppresses");
	store_close(&st);
	CHECK(st == NULL, "store_close sets the pointer to NULL");
	store_close(&st); /* twice is harmless */

	st = tdb_open(&t, false, &rc);
	CHECK_INT(rc, STORE_OK, "reopen");
	CHECK_INT(state_of(st, "a@x.example"), ADDR_SUPPRESSED, "state kept across reopen");
	store_close(&st);

	st = tdb_open(&t, true, &rc);
	CHECK_INT(rc, STORE_OK, "read-only open");
	CHECK_INT(state_of(st, "a@x.example"), ADDR_SUPPRESSED, "read-only open reads");
	{
		char err[STORE_ERR_MAX] = "";
		long newly = 0;
		struct parse_result res = {0};
		struct store_message m = {.fingerprint = "ro", .source = "t", .source_id = "1",
					  .disposition = "processed", .processed_at = AT(1, 0)};

		CHECK_INT(store_apply(st, &m, &res, &newly, err), STORE_READONLY,
			  "writing through a read-only store: STORE_READONLY (%s)", err);
	}
	store_close(&st);
	CHECK_INT(raw_int(t.path, "SELECT count(*) FROM addresses"), 1, "one address row");

	/* A version-1 database is migrated forward, keeping its data. */
	raw_exec(t.path, "DROP TABLE export_marks; DROP TABLE imap_state; PRAGMA user_version = 1;");
	st = tdb_open(&t, true, &rc);
	CHECK_INT(rc, STORE_CORRUPT, "read-only open does not migrate an older schema");
	st = tdb_open(&t, false, &rc);
	CHECK_INT(rc, STORE_OK, "open migrates version 1");
	CHECK_INT(raw_int(t.path, "PRAGMA user_version"), 3, "now version 3");
	CHECK_INT(raw_int(t.path, "SELECT count(*) FROM export_marks"), 0, "export_marks exists");
	CHECK_INT(raw_int(t.path, "SELECT count(*) FROM imap_state"), 0, "imap_state exists");
	CHECK_INT(state_of(st, "a@x.example"), ADDR_SUPPRESSED, "data kept across migration");
	store_close(&st);
	tdb_remove(&t);
}

static void test_refusals(void)
{
	struct tdb t;
	struct store *st = NULL;
	struct store_options o = {0};
	char err[STORE_ERR_MAX] = "";
	enum store_status rc;

	tdb_make(&t);
	o.path = t.path;
	o.readonly = true;
	rc = store_open(&o, &st, err);
	CHECK_INT(rc, STORE_NOTFOUND, "read-only open of a missing database: %s", err);
	CHECK(st == NULL, "no handle on failure");

	raw_exec(t.path, "CREATE TABLE x(y); PRAGMA user_version = 99;");
	o.readonly = false;
	rc = store_open(&o, &st, err);
	CHECK_INT(rc, STORE_CORRUPT, "newer schema refused");
	CHECK(strstr(err, "99") && strstr(err, "newer"), "message names the version: %s", err);
	CHECK_INT(raw_int(t.path, "PRAGMA user_version"), 99, "newer database left untouched");
	o.readonly = true;
	CHECK_INT(store_open(&o, &st, err), STORE_CORRUPT, "newer schema refused read-only too");
	tdb_remove(&t);

	tdb_make(&t);
	{
		FILE *f = fopen(t.path, "w");

		if (f) {
			fputs("this is not a database, just some text that is long enough to "
			      "look like a header of a file; more text, more text, more text.\n",
			      f);
			fclose(f);
		}
	}
	o.path = t.path;
	o.readonly = false;
	rc = store_open(&o, &st, err);
	CHECK_INT(rc, STORE_CORRUPT, "a text file is STORE_CORRUPT: %s", err);
	tdb_remove(&t);

	tdb_make(&t);
	raw_exec(t.path, "CREATE TABLE customers(id INTEGER PRIMARY KEY);");
	o.path = t.path;
	rc = store_open(&o, &st, err);
	CHECK_INT(rc, STORE_CORRUPT, "another program's database refused: %s", err);
	CHECK_INT(raw_int(t.path, "SELECT count(*) FROM sqlite_schema"), 1,
		  "and left unchanged");
	tdb_remove(&t);

	o.path = "/nonexistent-dir-for-bouncer/x.db";
	rc = store_open(&o, &st, err);
	CHECK(rc == STORE_READONLY || rc == STORE_ERROR,
	      "missing directory refused (%s): %s", store_status_name(rc), err);
	o.path = "";
	CHECK_INT(store_open(&o, &st, err), STORE_ERROR, "empty path refused");
}

static void test_lock(void)
{
	struct tdb t;
	struct store *a, *b;
	char err[STORE_ERR_MAX] = "";

	tdb_make(&t);
	a = tdb_open(&t, false, NULL);
	b = tdb_open(&t, false, NULL);
	if (!a || !b) {
		CHECK(0, "open twice");
		store_close(&a);
		store_close(&b);
		tdb_remove(&t);
		return;
	}
	CHECK_INT(store_lock_run(a, err), STORE_OK, "first run takes the lock");
	CHECK_INT(store_lock_run(a, err), STORE_OK, "taking it again is harmless");
	CHECK_INT(store_lock_run(b, err), STORE_BUSY, "second run: STORE_BUSY");
	CHECK(strstr(err, "bouncer.db.lock") != NULL, "message names the lock file: %s", err);
	store_close(&a);
	CHECK_INT(store_lock_run(b, err), STORE_OK, "lock free after close");
	store_close(&b);
	tdb_remove(&t);
}

static void test_busy(void)
{
	struct tdb t;
	struct store *a, *b = NULL;
	struct store_options o = {0};
	char err[STORE_ERR_MAX] = "";

	tdb_make(&t);
	a = tdb_open(&t, false, NULL);
	o.path = t.path;
	o.busy_timeout_ms = 1;
	if (!a || store_open(&o, &b, err) != STORE_OK) {
		CHECK(0, "open twice: %s", err);
		store_close(&a);
		tdb_remove(&t);
		return;
	}
	CHECK_INT(store_begin(a, err), STORE_OK, "first writer begins");
	CHECK_INT(store_begin(b, err), STORE_BUSY, "second writer: STORE_BUSY: %s", err);
	store_rollback(a);
	CHECK_INT(store_begin(b, err), STORE_OK, "second writer after the first is done");
	store_rollback(b);
	store_close(&a);
	store_close(&b);
	tdb_remove(&t);
}

static void test_duplicate_and_rollback(void)
{
	struct tdb t;
	struct store *st;
	char err[STORE_ERR_MAX] = "";
	bool seen = true;
	struct address_detail d;

	st = tdb_new(&t);
	if (!st)
		return;
	CHECK_INT(store_message_seen(st, "dup", &seen, err), STORE_OK, "seen lookup");
	CHECK(!seen, "a new fingerprint is not seen");
	apply1(st, "dup", "<d@us>", "a@x.example", REASON_MAILBOXFULL, AT(0, 1));
	CHECK_INT(apply1(st, "dup", "<d@us>", "a@x.example", REASON_MAILBOXFULL, AT(1, 1)), 0,
		  "the same fingerprint again");
	store_message_seen(st, "dup", &seen, err);
	CHECK(seen, "the fingerprint is seen now");
	if (store_get_address(st, "a@x.example", 0, &d, err) == STORE_OK) {
		CHECK_INT(d.row.bounce_count, 1, "counted once");
		CHECK_INT(d.n_events, 1, "one event recorded");
		store_address_detail_free(&d);
	}

	CHECK_INT(store_begin(st, err), STORE_OK, "begin");
	CHECK_INT(apply1(st, "rb", "<r@us>", "b@x.example", REASON_USERUNKNOWN, AT(0, 1)), 1,
		  "suppressed inside the transaction");
	CHECK_INT(state_of(st, "b@x.example"), ADDR_SUPPRESSED, "visible inside");
	store_rollback(st);
	CHECK_INT(state_of(st, "b@x.example"), -1, "rollback leaves no address");
	store_message_seen(st, "rb", &seen, err);
	CHECK(!seen, "rollback leaves no message");
	CHECK_INT(raw_int(t.path, "SELECT count(*) FROM events"), 1, "rollback leaves no event");

	CHECK_INT(store_begin(st, err), STORE_OK, "begin");
	apply1(st, "c1", "<c@us>", "c@x.example", REASON_USERUNKNOWN, AT(0, 1));
	CHECK_INT(store_commit(st, err), STORE_OK, "commit");
	CHECK_INT(raw_int(t.path, "SELECT state FROM addresses WHERE address='c@x.example'"),
		  ADDR_SUPPRESSED, "committed state visible to another connection");
	store_close(&st);
	tdb_remove(&t);
}

/* One message, several records: the same address twice counts once;
 * several different addresses are each suppressed. */
static void test_multi_records(void)
{
	struct tdb t;
	struct store *st;
	struct parse_result res = {0};
	struct store_message m = {.fingerprint = "multi", .source = "t", .source_id = "1",
				  .kind = MSG_BOUNCE, .disposition = "processed",
				  .processed_at = AT(0, 5)};
	char err[STORE_ERR_MAX] = "";
	long newly = -1;
	struct address_detail d;

	st = tdb_new(&t);
	if (!st)
		return;
	str_copy(res.msg.messageid, sizeof(res.msg.messageid), "<multi@us>");
	res.msg.date = AT(0, 2);
	res_add(&res, "a@x.example", REASON_USERUNKNOWN, 0);
	res_add(&res, "b@y.example", REASON_USERUNKNOWN, 0);
	res_add(&res, "m@x.example", REASON_MAILBOXFULL, 0);
	res_add(&res, "m@x.example", REASON_MAILBOXFULL, 0);
	res_add(&res, "", REASON_USERUNKNOWN, 0); /* no recipient: skipped */
	res.records[3].flags = 0;
	CHECK_INT(store_apply(st, &m, &res, &newly, err), STORE_OK, "apply: %s", err);
	CHECK_INT(newly, 2, "two addresses newly suppressed");
	if (store_get_address(st, "m@x.example", 0, &d, err) == STORE_OK) {
		CHECK_INT(d.row.bounce_count, 1, "same address twice in one message counts once");
		CHECK_INT(d.n_events, 2, "both records kept as events");
		CHECK_STR(d.events[0].effect, "repeat", "newest event marked repeat");
		CHECK_INT(d.events[0].when, AT(0, 2), "event time from msg.date");
		store_address_detail_free(&d);
	} else {
		CHECK(0, "get m@x.example: %s", err);
	}
	CHECK_INT(raw_int(t.path, "SELECT n_records FROM messages WHERE fingerprint='multi'"), 5,
		  "message row keeps its record count");
	res_free(&res);
	store_close(&st);
	tdb_remove(&t);
}

/* Delay notices are recorded, never counted; dates in the future fall back
 * to the processing time. */
static void test_temporary_and_dates(void)
{
	struct tdb t;
	struct store *st;
	struct parse_result res = {0};
	struct store_message m = {.fingerprint = "tmp", .source = "t", .source_id = "1",
				  .kind = MSG_BOUNCE, .disposition = "processed",
				  .processed_at = AT(3, 0)};
	char err[STORE_ERR_MAX] = "";
	struct address_detail d;

	st = tdb_new(&t);
	if (!st)
		return;
	res_add(&res, "a@x.example", REASON_MAILBOXFULL, AT(2, 0))->flags = BOUNCE_F_TEMPORARY;
	res_add(&res, "f@x.example", REASON_MAILBOXFULL, AT(400, 0));
	CHECK_INT(store_apply(st, &m, &res, NULL, err), STORE_OK, "apply: %s", err);
	if (store_get_address(st, "a@x.example", 0, &d, err) == STORE_OK) {
		CHECK_INT(d.row.bounce_count, 0, "a delay notice is not counted");
		CHECK_STR(d.events[0].effect, "temporary", "effect temporary");
		store_address_detail_free(&d);
	}
	if (store_get_address(st, "f@x.example", 0, &d, err) == STORE_OK) {
		CHECK_INT(d.events[0].when, AT(3, 0), "a future date becomes the processing time");
		CHECK_INT(d.row.last_bounce, AT(3, 0), "last_bounce too");
		CHECK_STR(d.row.last_diagnostic, "550 mailboxfull", "last diagnostic kept");
		CHECK_STR(d.row.rule, "test:mailboxfull", "parse rule kept");
		CHECK_STR(d.row.domain, "x.example", "domain");
		store_address_detail_free(&d);
	}
	res_free(&res);
	store_close(&st);
	tdb_remove(&t);
}

static int count_cb(const struct address_row *row, void *arg)
{
	(void)row;
	(*(int *)arg)++;
	return 0;
}

static int alert_cb(const struct sender_alert_row *row, void *arg)
{
	struct sender_alert_row *out = arg;

	if (out->count == 0)
		*out = *row;
	return 0;
}

static void test_sender_alerts_and_list(void)
{
	struct tdb t;
	struct store *st;
	char err[STORE_ERR_MAX] = "";
	struct sender_alert_row a;
	struct address_filter f = {.state = ADDR_SUPPRESSED};
	int n = 0;

	st = tdb_new(&t);
	if (!st)
		return;
	apply1(st, "s1", "<s1@us>", "a@blocky.example", REASON_BLOCKED, AT(0, 1));
	apply1(st, "s2", "<s1@us>", "a@blocky.example", REASON_BLOCKED, AT(0, 3)); /* retry */
	apply1(st, "s3", "<s3@us>", "b@blocky.example", REASON_BLOCKED, AT(1, 1));
	apply1(st, "s4", "<s4@us>", "c@blocky.example", REASON_BLOCKED, AT(2, 1));
	apply1(st, "s5", "<s5@us>", "u@x.example", REASON_USERUNKNOWN, AT(2, 1));
	apply1(st, "s6", "<s6@us>", "w@x.example", REASON_MAILBOXFULL, AT(2, 1));
	memset(&a, 0, sizeof(a));
	CHECK_INT(store_foreach_sender_alert(st, 0, alert_cb, &a, err), STORE_OK, "alerts");
	CHECK_STR(a.domain, "blocky.example", "alert domain");
	CHECK_STR(a.reason, "blocked", "alert reason");
	CHECK_INT(a.count, 3, "retry of one send counted once");
	CHECK_INT(a.days, 3, "three days");
	CHECK_INT(a.first, AT(0, 1), "first");
	CHECK_INT(a.last, AT(2, 1), "last");
	CHECK_INT(state_of(st, "a@blocky.example"), ADDR_ACTIVE, "blocked address stays active");
	memset(&a, 0, sizeof(a));
	store_foreach_sender_alert(st, AT(3, 0), alert_cb, &a, err);
	CHECK_INT(a.count, 0, "since filters alerts");

	CHECK_INT(store_foreach_address(st, &f, count_cb, &n, err), STORE_OK, "list suppressed");
	CHECK_INT(n, 1, "one suppressed address");
	n = 0;
	f.state = ADDR_WATCH;
	store_foreach_address(st, &f, count_cb, &n, err);
	CHECK_INT(n, 1, "one watched address");
	n = 0;
	store_foreach_address(st, NULL, count_cb, &n, err);
	CHECK_INT(n, 5, "all addresses (blocked ones are listed as active)");
	n = 0;
	f.state = -1;
	f.domain = "x.example";
	f.reason = "userunknown";
	store_foreach_address(st, &f, count_cb, &n, err);
	CHECK_INT(n, 1, "domain and reason filter");
	n = 0;
	f.reason = NULL;
	f.domain = NULL;
	f.since = AT(2, 0);
	store_foreach_address(st, &f, count_cb, &n, err);
	CHECK_INT(n, 2, "since filter on last_bounce");
	store_close(&st);
	tdb_remove(&t);
}

static void test_manual(void)
{
	struct tdb t;
	struct store *st;
	char err[STORE_ERR_MAX] = "";
	struct address_detail d;

	st = tdb_new(&t);
	if (!st)
		return;
	CHECK_INT(store_suppress_manual(st, "new@x.example", "asked by phone", AT(0, 0), err),
		  STORE_OK, "suppress an unknown address by hand");
	if (store_get_address(st, "new@x.example", 0, &d, err) == STORE_OK) {
		CHECK_INT(d.row.state, ADDR_SUPPRESSED, "suppressed");
		CHECK(d.row.manual, "manual flag");
		CHECK_STR(d.row.note, "asked by phone", "note");
		CHECK_STR(d.row.reason, "manual", "reason manual");
		CHECK(strstr(d.row.why, "by hand") != NULL, "why: %s", d.row.why);
		store_address_detail_free(&d);
	}
	apply1(st, "n1", "<n1@us>", "new@x.example", REASON_USERUNKNOWN, AT(1, 0));
	if (store_get_address(st, "new@x.example", 0, &d, err) == STORE_OK) {
		CHECK_STR(d.row.reason, "manual", "a later bounce keeps the manual reason");
		CHECK(d.row.manual, "and the manual flag");
		CHECK_INT(d.row.bounce_count, 1, "but is counted");
		store_address_detail_free(&d);
	}
	CHECK_INT(store_suppress_manual(st, "not-an-address", "", AT(0, 0), err), STORE_ERROR,
		  "suppressing a non-address refused");
	CHECK_INT(store_unsuppress(st, "nobody@x.example", "", AT(0, 0), err), STORE_NOTFOUND,
		  "unsuppress of an unknown address: STORE_NOTFOUND");
	CHECK_INT(store_get_address(st, "nobody@x.example", 0, &d, err), STORE_NOTFOUND,
		  "show of an unknown address: STORE_NOTFOUND");

	/* Two soft bounces, unsuppress, then an old bounce arrives late: no replay. */
	apply1(st, "m1", "<m1@us>", "a@x.example", REASON_MAILBOXFULL, AT(0, 1));
	apply1(st, "m2", "<m2@us>", "a@x.example", REASON_MAILBOXFULL, AT(1, 1));
	apply1(st, "m3", "<m3@us>", "a@x.example", REASON_MAILBOXFULL, AT(2, 1));
	CHECK_INT(state_of(st, "a@x.example"), ADDR_SUPPRESSED, "suppressed after 3 days");
	CHECK_INT(store_unsuppress(st, "a@x.example", "fixed", AT(3, 0), err), STORE_OK,
		  "unsuppress");
	CHECK_INT(state_of(st, "a@x.example"), ADDR_ACTIVE, "active after unsuppress");
	apply1(st, "m4", "<m4@us>", "a@x.example", REASON_MAILBOXFULL, AT(2, 5));
	CHECK_INT(state_of(st, "a@x.example"), ADDR_ACTIVE, "a bounce dated before the reset "
		  "does not count");
	apply1(st, "m5", "<m5@us>", "a@x.example", REASON_MAILBOXFULL, AT(4, 1));
	CHECK_INT(state_of(st, "a@x.example"), ADDR_WATCH, "a new bounce: watch");
	apply1(st, "m6", "<m6@us>", "a@x.example", REASON_MAILBOXFULL, AT(5, 1));
	CHECK_INT(state_of(st, "a@x.example"), ADDR_WATCH, "two new bounces: still watch");
	if (store_get_address(st, "a@x.example", 0, &d, err) == STORE_OK) {
		CHECK(strstr(d.row.why, "2 of 3") != NULL, "only new bounces count: %s", d.row.why);
		CHECK_INT(d.row.reset_at, AT(3, 0), "reset_at");
		CHECK(!d.row.manual, "a policy change clears the manual flag");
		CHECK_INT(d.n_events, 6, "history keeps all events");
		CHECK_STR(d.events[2].effect, "old", "the late bounce is history only");
		store_address_detail_free(&d);
	}
	apply1(st, "m7", "<m7@us>", "a@x.example", REASON_MAILBOXFULL, AT(6, 1));
	CHECK_INT(state_of(st, "a@x.example"), ADDR_SUPPRESSED, "three new bounces: suppressed");
	store_close(&st);
	tdb_remove(&t);
}

static void test_runs(void)
{
	struct tdb t;
	struct store *st;
	char err[STORE_ERR_MAX] = "";
	int64_t id = 0;
	struct run_counts c = {.seen = 7, .duplicates = 1, .bounces = 4, .records = 5,
			       .notbounce = 2, .review = 1, .suppressed = 3, .errors = 0};

	st = tdb_new(&t);
	if (!st)
		return;
	apply1(st, "w1", "<w1@us>", "w@x.example", REASON_MAILBOXFULL, AT(0, 1));
	CHECK_INT(store_run_begin(st, "run", &id, err), STORE_OK, "run begin");
	CHECK(id > 0, "run id");
	{
		struct parse_result res = {0};
		struct store_message m = {.fingerprint = "r1", .source = "t", .source_id = "1",
					  .kind = MSG_NOT_BOUNCE, .disposition = "notbounce",
					  .processed_at = AT(0, 0), .run_id = id};

		CHECK_INT(store_apply(st, &m, &res, NULL, err), STORE_OK,
			  "a message of this run: %s", err);
	}
	CHECK_INT(store_run_end(st, id, &c, "ok", err), STORE_OK, "run end");
	CHECK_INT(state_of(st, "w@x.example"), ADDR_WATCH, "run end does not look at the clock");
	store_close(&st);
	CHECK_INT(raw_int(t.path, "SELECT seen + 10 * suppressed FROM runs"), 37, "counts kept");
	CHECK_INT(raw_int(t.path, "SELECT outcome = 'ok' AND ended_at >= started_at FROM runs"),
		  1, "outcome and end time");
	CHECK_INT(raw_int(t.path, "SELECT run_id FROM messages WHERE fingerprint = 'r1'"), (int)id, "message linked");
	tdb_remove(&t);
}

static void test_prune(void)
{
	struct tdb t;
	struct store *st;
	char err[STORE_ERR_MAX] = "";
	struct prune_counts c;
	struct address_detail d;
	char fp[16];

	st = tdb_new(&t);
	if (!st)
		return;
	for (int i = 0; i < 5; i++) {
		str_printf(fp, sizeof(fp), "p%d", i);
		apply1(st, fp, fp, "a@x.example", REASON_USERUNKNOWN, AT(i * 10, 0));
	}
	apply1(st, "q", "q", "b@x.example", REASON_BLOCKED, AT(0, 0));
	CHECK_INT(store_prune(st, 2, 0, AT(100, 0), &c, err), STORE_OK, "prune to 2 per address");
	CHECK_INT(c.events, 3, "3 events deleted");
	if (store_get_address(st, "a@x.example", 0, &d, err) == STORE_OK) {
		CHECK_INT(d.n_events, 2, "2 events left");
		CHECK_INT(d.events[1].when, AT(30, 0), "the newest are kept");
		CHECK_INT(d.row.state, ADDR_SUPPRESSED, "state kept");
		CHECK_INT(d.row.bounce_count, 5, "counts kept");
		store_address_detail_free(&d);
	}
	/* processed_at is the bounce time + 1 hour (apply1). */
	CHECK_INT(store_prune(st, 0, 45, AT(80, 0), &c, err), STORE_OK, "prune by age");
	CHECK_INT(c.messages, 5, "messages processed before day 35 deleted");
	CHECK_INT(c.events, 2, "their events deleted");
	CHECK_INT(c.alerts, 1, "old alert days deleted");
	CHECK_INT(raw_int(t.path, "SELECT count(*) FROM events"), 1, "one event left");
	CHECK_INT(state_of(st, "a@x.example"), ADDR_SUPPRESSED, "state kept after age prune");
	store_close(&st);
	tdb_remove(&t);
}

/* Every SQLite failure class maps to the status the CLI turns into an exit code. */
static void test_error_mapping(void)
{
	static const struct {
		int rc;
		enum store_status want;
	} rows[] = {
		{SQLITE_BUSY, STORE_BUSY},
		{SQLITE_BUSY_SNAPSHOT, STORE_BUSY},
		{SQLITE_LOCKED, STORE_BUSY},
		{SQLITE_FULL, STORE_FULL},
		{SQLITE_READONLY, STORE_READONLY},
		{SQLITE_READONLY_DBMOVED, STORE_READONLY},
		{SQLITE_NOTADB, STORE_CORRUPT},
		{SQLITE_CORRUPT, STORE_CORRUPT},
		{SQLITE_CANTOPEN, STORE_READONLY}, /* the directory below does not exist */
		{SQLITE_IOERR, STORE_ERROR},
		{SQLITE_NOMEM, STORE_ERROR},
		{SQLITE_CONSTRAINT, STORE_ERROR},
	};
	struct store fake;
	char err[STORE_ERR_MAX];

	memset(&fake, 0, sizeof(fake));
	str_copy(fake.path, sizeof(fake.path), "/nonexistent-dir-for-bouncer/x.db");
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		err[0] = '\0';
		CHECK_STR(store_status_name(sqlite_fail(&fake, rows[i].rc, "doing", err)),
			  store_status_name(rows[i].want), "row %zu: %s", i, sqlite3_errstr(rows[i].rc));
		CHECK(strstr(err, "x.db: doing: ") != NULL, "row %zu message: %s", i, err);
	}
	str_copy(fake.path, sizeof(fake.path), "/tmp/x.db");
	CHECK_INT(sqlite_fail(&fake, SQLITE_CANTOPEN, "doing", err), STORE_ERROR,
		  "cannot open in a writable directory: a plain error");
}

static void test_names(void)
{
	enum addr_state s;

	CHECK_STR(addr_state_name(ADDR_WATCH), "watch", "state name");
	CHECK(addr_state_from_name("suppressed", &s) && s == ADDR_SUPPRESSED, "state from name");
	CHECK(!addr_state_from_name("gone", &s), "unknown state name");
	CHECK_STR(addr_state_name((enum addr_state)9), "unknown", "out-of-range state");
	CHECK_STR(store_status_name(STORE_BUSY), "busy", "status name");
	CHECK_STR(policy_effect_name(EFFECT_REPEAT), "repeat", "effect name");
}

TEST_MAIN(test_open_migrate_reopen, test_refusals, test_lock, test_busy,
	  test_duplicate_and_rollback, test_multi_records, test_temporary_and_dates,
	  test_sender_alerts_and_list, test_manual, test_runs, test_prune, test_error_mapping, test_names)
