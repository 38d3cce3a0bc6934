/* report-queries.h: read functions the reports need (and the export
 * high-water mark), asked for by report/.
 *
 * Same conventions as store.h: enum store_status, err of STORE_ERR_MAX
 * bytes, callbacks return non-zero to stop early (the function then
 * returns STORE_OK). Rows passed to a callback are valid only during the
 * call. Implemented in store/report-queries.c.
 */
#ifndef BOUNCER_STORE_REPORT_QUERIES_H
#define BOUNCER_STORE_REPORT_QUERIES_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "store/store.h"

/* One bounce event (one recipient record of one message). */
struct event_row {
	char address[BOUNCE_ADDR_MAX];
	enum reason reason;
	bool hard;
	time_t event_time;                /* the bounce's own date (see policy) */
	char status[16];
	char replycode[4];
	char rhost[BOUNCE_LINE_MAX];
	char diagnostic[BOUNCE_TEXT_MAX];
	int64_t run_id;                   /* run that recorded it, 0 when unknown */
};
typedef int (*event_cb)(const struct event_row *row, void *arg);
/* Every event with event_time >= since (0 = all), oldest first. */
enum store_status store_report_events(struct store *st, time_t since, event_cb cb, void *arg,
				      char *err);

/* One run, as written by store_run_begin / store_run_end. */
struct run_row {
	int64_t id;
	char command[32];
	time_t started, ended;            /* ended 0 while running */
	struct run_counts counts;
	char outcome[32];                 /* "" while running */
};
typedef int (*run_cb)(const struct run_row *row, void *arg);
/* The newest `limit` runs (limit <= 0: all), newest first. */
enum store_status store_report_runs(struct store *st, int limit, run_cb cb, void *arg, char *err);
/* One run by id; STORE_NOTFOUND when there is none. */
enum store_status store_report_run(struct store *st, int64_t run_id, struct run_row *row_r,
				   char *err);

/* The addresses (still suppressed) that run_id suppressed, by address. */
enum store_status store_report_run_suppressed(struct store *st, int64_t run_id, address_cb cb,
					      void *arg, char *err);

/* One message with its disposition (for the review list). */
struct message_row {
	char fingerprint[65];
	char source[128];
	char source_id[1024];
	enum message_kind kind;
	char disposition[16];
	char why[128];
	time_t processed_at;
	int64_t run_id;
};
typedef int (*message_cb)(const struct message_row *row, void *arg);
/* Messages with this disposition ("review", ...), newest first, at most
 * limit (<= 0: all). */
enum store_status store_report_messages(struct store *st, const char *disposition, int limit,
					message_cb cb, void *arg, char *err);

/* Export high-water mark per profile name ("generic", "hubspot", ...):
 * the last_bounce of the newest address exported with --since-last.
 * get: *mark_r = 0 when the profile was never exported. set needs a
 * writable store and runs in its own transaction. */
enum store_status store_export_mark_get(struct store *st, const char *profile, time_t *mark_r,
					char *err);
enum store_status store_export_mark_set(struct store *st, const char *profile, time_t mark,
					char *err);

#endif
