/* sqlite-read.c: runs, the fingerprint check, and the read functions for
 * reports and commands. */
#include <stdlib.h>
#include <string.h>

#include "store/sqlite-private.h"
#include "util/str.h"

#define DEFAULT_SHOW_EVENTS 100
#define MAX_SHOW_EVENTS 10000

enum store_status store_run_begin(struct store *st, const char *command, int64_t *run_id_r,
				  char *err)
{
	enum store_status rc = sqlite_stmt_run(st, SQL_RUN_BEGIN,
					       SQL_ARGS(SQL_INT(time(NULL)), SQL_TEXT(command)),
					       NULL, NULL, "recording the run", err);

	if (rc == STORE_OK)
		*run_id_r = sqlite3_last_insert_rowid(st->db);
	return rc;
}

enum store_status store_run_end(struct store *st, int64_t run_id, const struct run_counts *c,
				const char *outcome, char *err)
{
	static const struct run_counts zero;

	if (!c)
		c = &zero;
	return sqlite_stmt_run(st, SQL_RUN_END,
			       SQL_ARGS(SQL_INT(run_id), SQL_INT(time(NULL)), SQL_TEXT(outcome),
					SQL_INT(c->seen), SQL_INT(c->duplicates), SQL_INT(c->bounces),
					SQL_INT(c->records), SQL_INT(c->notbounce), SQL_INT(c->review),
					SQL_INT(c->suppressed), SQL_INT(c->errors)),
			       NULL, NULL, "finishing the run", err);
}

enum store_status store_message_seen(struct store *st, const char *fingerprint, bool *seen_r,
				     char *err)
{
	bool found = false;
	enum store_status rc = sqlite_stmt_run(st, SQL_MSG_SEEN, SQL_ARGS(SQL_TEXT(fingerprint)),
					       sqlite_stmt_found, &found,
					       "looking up a fingerprint", err);

	if (rc == STORE_OK)
		*seen_r = found;
	return rc;
}

void sqlite_address_row(sqlite3_stmt *s, struct address_row *row)
{
	int state = sqlite3_column_int(s, AC_STATE);

	memset(row, 0, sizeof(*row));
	sqlite_col_text(s, AC_ADDRESS, row->address, sizeof(row->address));
	sqlite_col_text(s, AC_DOMAIN, row->domain, sizeof(row->domain));
	row->state = state >= ADDR_ACTIVE && state <= ADDR_SUPPRESSED ? (enum addr_state)state
								       : ADDR_ACTIVE;
	sqlite_col_text(s, AC_REASON, row->reason, sizeof(row->reason));
	sqlite_col_text(s, AC_RULE, row->rule, sizeof(row->rule));
	row->bounce_count = (long)sqlite3_column_int64(s, AC_BOUNCE_COUNT);
	row->first_bounce = (time_t)sqlite3_column_int64(s, AC_FIRST_BOUNCE);
	row->last_bounce = (time_t)sqlite3_column_int64(s, AC_LAST_BOUNCE);
	row->state_changed = (time_t)sqlite3_column_int64(s, AC_STATE_CHANGED);
	sqlite_col_text(s, AC_LAST_STATUS, row->last_status, sizeof(row->last_status));
	sqlite_col_text(s, AC_LAST_REPLYCODE, row->last_replycode, sizeof(row->last_replycode));
	sqlite_col_text(s, AC_LAST_DIAGNOSTIC, row->last_diagnostic,
			sizeof(row->last_diagnostic));
	sqlite_col_text(s, AC_LAST_MESSAGEID, row->last_messageid, sizeof(row->last_messageid));
	row->complaint = sqlite3_column_int(s, AC_COMPLAINT) != 0;
	row->manual = sqlite3_column_int(s, AC_MANUAL) != 0;
	sqlite_col_text(s, AC_NOTE, row->note, sizeof(row->note));
	row->reset_at = (time_t)sqlite3_column_int64(s, AC_RESET_AT);
	sqlite_col_text(s, AC_WHY, row->why, sizeof(row->why));
}

struct address_get {
	struct address_row *row;
	bool found;
};

static int address_get_row(sqlite3_stmt *s, void *arg)
{
	struct address_get *g = arg;

	g->found = true;
	sqlite_address_row(s, g->row);
	return 1;
}

enum store_status sqlite_address_get(struct store *st, const char *address,
				     struct address_row *row, bool *found_r, char *err)
{
	struct address_get g = {row, false};
	enum store_status rc;

	memset(row, 0, sizeof(*row));
	rc = sqlite_stmt_run(st, SQL_ADDR_LOAD, SQL_ARGS(SQL_TEXT(address)), address_get_row, &g,
			     "loading an address", err);
	*found_r = g.found;
	return rc;
}

struct address_each {
	struct address_row *row;
	address_cb cb;
	void *arg;
};

static int address_each_row(sqlite3_stmt *s, void *arg)
{
	struct address_each *e = arg;

	sqlite_address_row(s, e->row);
	return e->cb(e->row, e->arg);
}

enum store_status store_foreach_address(struct store *st, const struct address_filter *f,
					address_cb cb, void *arg, char *err)
{
	static const struct address_filter any = {.state = -1};
	struct address_each e = {NULL, cb, arg};
	enum store_status rc;

	if (!f)
		f = &any;
	e.row = malloc(sizeof(*e.row)); /* ~2.5 KiB: keep it off the stack of report code */
	if (!e.row) {
		str_copy(err, STORE_ERR_MAX, "out of memory");
		return STORE_ERROR;
	}
	/* a NULL reason or domain binds NULL: any */
	rc = sqlite_stmt_run(st, SQL_ADDR_LIST,
			     SQL_ARGS(SQL_INT(f->state), SQL_TEXT_OR_NULL(f->reason),
				      SQL_TEXT_OR_NULL(f->domain), SQL_INT(f->since)),
			     address_each_row, &e, "listing addresses", err);
	free(e.row);
	return rc;
}

static void event_from_row(sqlite3_stmt *s, struct address_event *e)
{
	memset(e, 0, sizeof(*e));
	e->when = (time_t)sqlite3_column_int64(s, 0);
	e->processed_at = (time_t)sqlite3_column_int64(s, 1);
	sqlite_col_text(s, 2, e->reason, sizeof(e->reason));
	sqlite_col_text(s, 3, e->effect, sizeof(e->effect));
	sqlite_col_text(s, 4, e->status, sizeof(e->status));
	sqlite_col_text(s, 5, e->replycode, sizeof(e->replycode));
	sqlite_col_text(s, 6, e->diagnostic, sizeof(e->diagnostic));
	sqlite_col_text(s, 7, e->rhost, sizeof(e->rhost));
	sqlite_col_text(s, 8, e->decodedby, sizeof(e->decodedby));
	sqlite_col_text(s, 9, e->rule, sizeof(e->rule));
	e->hard = sqlite3_column_int(s, 10) != 0;
	sqlite_col_text(s, 11, e->messageid, sizeof(e->messageid));
	sqlite_col_text(s, 12, e->source, sizeof(e->source));
	sqlite_col_text(s, 13, e->source_id, sizeof(e->source_id));
}

struct events_load {
	struct address_detail *d;
	size_t max;
	bool oom;
};

static int events_load_row(sqlite3_stmt *s, void *arg)
{
	struct events_load *l = arg;
	struct address_detail *d = l->d;

	if (d->n_events >= l->max)
		return 1;
	if (!d->events) {
		d->events = calloc(l->max, sizeof(*d->events));
		if (!d->events) {
			l->oom = true;
			return 1;
		}
	}
	event_from_row(s, &d->events[d->n_events++]);
	return 0;
}

enum store_status store_get_address(struct store *st, const char *address, size_t max_events,
				    struct address_detail *d, char *err)
{
	struct events_load l = {d, max_events, false};
	enum store_status rc;
	bool found;

	memset(d, 0, sizeof(*d));
	if (l.max == 0)
		l.max = DEFAULT_SHOW_EVENTS;
	if (l.max > MAX_SHOW_EVENTS)
		l.max = MAX_SHOW_EVENTS;
	rc = sqlite_address_get(st, address, &d->row, &found, err);
	if (rc != STORE_OK)
		return rc;
	rc = sqlite_stmt_run(st, SQL_ADDR_EVENTS, SQL_ARGS(SQL_TEXT(address), SQL_INT(l.max)),
			     events_load_row, &l, "reading an address's events", err);
	if (rc == STORE_OK && l.oom) {
		str_copy(err, STORE_ERR_MAX, "out of memory");
		rc = STORE_ERROR;
	}
	if (rc != STORE_OK) {
		store_address_detail_free(d);
		return rc;
	}
	if (!found && d->n_events == 0) {
		str_printf(err, STORE_ERR_MAX, "%s: no such address in the store", address);
		return STORE_NOTFOUND;
	}
	if (!found) {
		/* Only ignored events (vacation): the address was never touched. */
		const char *at = strrchr(address, '@');

		str_copy(d->row.address, sizeof(d->row.address), address);
		str_copy(d->row.domain, sizeof(d->row.domain), at ? at + 1 : "");
		str_copy(d->row.why, sizeof(d->row.why),
			 "active: only events the policy ignores (such as auto-replies)");
	}
	return STORE_OK;
}

void store_address_detail_free(struct address_detail *d)
{
	free(d->events);
	d->events = NULL;
	d->n_events = 0;
}

struct alert_each {
	struct sender_alert_row *row;
	sender_alert_cb cb;
	void *arg;
};

static int alert_each_row(sqlite3_stmt *s, void *arg)
{
	struct alert_each *e = arg;
	struct sender_alert_row *row = e->row;

	memset(row, 0, sizeof(*row));
	sqlite_col_text(s, 0, row->domain, sizeof(row->domain));
	sqlite_col_text(s, 1, row->reason, sizeof(row->reason));
	row->count = (long)sqlite3_column_int64(s, 2);
	row->days = (long)sqlite3_column_int64(s, 3);
	row->first = (time_t)sqlite3_column_int64(s, 4);
	row->last = (time_t)sqlite3_column_int64(s, 5);
	sqlite_col_text(s, 6, row->last_diagnostic, sizeof(row->last_diagnostic));
	return e->cb(row, e->arg);
}

enum store_status store_foreach_sender_alert(struct store *st, time_t since, sender_alert_cb cb,
					     void *arg, char *err)
{
	struct alert_each e = {NULL, cb, arg};
	enum store_status rc;

	e.row = malloc(sizeof(*e.row));
	if (!e.row) {
		str_copy(err, STORE_ERR_MAX, "out of memory");
		return STORE_ERROR;
	}
	rc = sqlite_stmt_run(st, SQL_ALERT_LIST, SQL_ARGS(SQL_INT(since)), alert_each_row, &e,
			     "listing sender alerts", err);
	free(e.row);
	return rc;
}
