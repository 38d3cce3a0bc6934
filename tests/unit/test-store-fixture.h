/* test-store-fixture.h: temp databases and hand-built parse results for the
 * test-store-* unit tests (no parsing involved). */
#ifndef BOUNCER_TESTS_STORE_FIXTURE_H
#define BOUNCER_TESTS_STORE_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"
#include "util/str.h"

#define DAY 86400
#define T0 ((time_t)1767225600) /* 2026-01-01 00:00:00 UTC */
#define AT(day, hour) (T0 + (time_t)(day) * DAY + (time_t)(hour) * 3600)

struct tdb {
	char dir[64];
	char path[128];
};

static inline void tdb_make(struct tdb *t)
{
	str_copy(t->dir, sizeof(t->dir), "/tmp/bouncer-store-XXXXXX");
	if (!mkdtemp(t->dir)) {
		perror("mkdtemp");
		exit(2);
	}
	str_printf(t->path, sizeof(t->path), "%s/bouncer.db", t->dir);
}

static inline void tdb_remove(struct tdb *t)
{
	static const char *const suffix[] = {"", "-wal", "-shm", "-journal", ".lock"};
	char p[160];

	for (size_t i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		str_printf(p, sizeof(p), "%s%s", t->path, suffix[i]);
		unlink(p);
	}
	rmdir(t->dir);
}

static inline struct store *tdb_open(struct tdb *t, bool readonly, enum store_status *rc_r)
{
	struct store_options o = {.path = t->path, .readonly = readonly};
	struct store *st = NULL;
	char err[STORE_ERR_MAX] = "";
	enum store_status rc = store_open(&o, &st, err);

	if (rc_r)
		*rc_r = rc;
	else if (rc != STORE_OK)
		printf("# store_open: %s\n", err);
	return st;
}

/* tdb_make, then a writable store on it. NULL when it cannot be opened:
 * the failure is counted (CHECK: include harness.h first) and the
 * directory removed, so the test just returns. */
static inline struct store *tdb_new(struct tdb *t)
{
	struct store *st;

	tdb_make(t);
	st = tdb_open(t, false, NULL);
	if (!st) {
		CHECK(0, "open");
		tdb_remove(t);
	}
	return st;
}

/* Add one record to res. */
static inline struct bounce_record *res_add(struct parse_result *res, const char *rcpt,
					    enum reason r, time_t when)
{
	struct bounce_record *rec;

	if (res->n_records == res->cap_records) {
		size_t cap = res->cap_records ? res->cap_records * 2 : 4;
		struct bounce_record *n = realloc(res->records, cap * sizeof(*n));

		if (!n)
			exit(2);
		res->records = n;
		res->cap_records = cap;
	}
	rec = &res->records[res->n_records++];
	memset(rec, 0, sizeof(*rec));
	str_copy(rec->recipient, sizeof(rec->recipient), rcpt);
	rec->reason = r;
	rec->timestamp = when;
	str_copy(rec->action, sizeof(rec->action), "failed");
	str_copy(rec->deliverystatus, sizeof(rec->deliverystatus), "5.0.0");
	str_copy(rec->replycode, sizeof(rec->replycode), "550");
	str_printf(rec->diagnosticcode, sizeof(rec->diagnosticcode), "550 %s", reason_name(r));
	str_copy(rec->decodedby, sizeof(rec->decodedby), "test");
	str_printf(rec->rule, sizeof(rec->rule), "test:%s", reason_name(r));
	return rec;
}

static inline void res_free(struct parse_result *res)
{
	free(res->records);
	memset(res, 0, sizeof(*res));
}

/* Apply a one-record bounce; fp must be unique per message, msgid is the
 * returned message's Message-ID ("" for none). Returns newly suppressed,
 * or -1 on error (printed). */
static inline long apply1(struct store *st, const char *fp, const char *msgid, const char *rcpt,
			  enum reason r, time_t when)
{
	struct parse_result res;
	struct store_message m = {.fingerprint = fp, .source = "test", .source_id = fp,
				  .kind = MSG_BOUNCE, .disposition = "processed",
				  .processed_at = when + 3600};
	char err[STORE_ERR_MAX] = "";
	long newly = 0;
	enum store_status rc;

	memset(&res, 0, sizeof(res));
	res.kind = r == REASON_VACATION ? MSG_AUTOREPLY
		 : r == REASON_FEEDBACK ? MSG_FEEDBACK
		 : r == REASON_DELIVERED ? MSG_DELIVERED : MSG_BOUNCE;
	m.kind = res.kind;
	str_copy(res.msg.messageid, sizeof(res.msg.messageid), msgid);
	res_add(&res, rcpt, r, when);
	rc = store_apply(st, &m, &res, &newly, err);
	res_free(&res);
	if (rc != STORE_OK) {
		printf("# store_apply: %s\n", err);
		return -1;
	}
	return newly;
}

/* The state of an address (-1 when unknown or on error). */
static inline int state_of(struct store *st, const char *addr)
{
	struct address_detail d;
	char err[STORE_ERR_MAX];
	int s;

	if (store_get_address(st, addr, 1, &d, err) != STORE_OK)
		return -1;
	s = (int)d.row.state;
	store_address_detail_free(&d);
	return s;
}

#endif
