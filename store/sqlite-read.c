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
	sqlite3_stmt *s;
	enum store_status rc = sqlite_stmt(st, SQL_RUN_BEGIN, &s, err);

	if (rc != STORE_OK)
		return rc;
	sqlite3_bind_int64(s, 1, (int64_t)time(NULL));
	sqlite_bind_text(s, 2, command);
	rc = sqlite_exec_stmt(st, s, "recording the run", err);
	if (rc == STORE_OK)
		*run_id_r = sqlite3_last_insert_rowid(st->db);
	return rc;
}

enum store_status store_run_end(struct store *st, int64_t run_id, const struct run_counts *c,
				const char *outcome, char *err)
{
	static const struct run_counts zero;
	sqlite3_stmt *s;
	enum store_status rc = sqlite_stmt(st, SQL_RUN_END, &s, err);

	if (rc != STORE_OK)
		return rc;
	if (!c)
		c = &zero;
	sqlite3_bind_int64(s, 1, run_id);
	sqlite3_bind_int64(s, 2, (int64_t)time(NULL));
	sqlite_bind_text(s, 3, outcome);
	sqlite3_bind_int64(s, 4, c->seen);
	sqlite3_bind_int64(s, 5, c->duplicates);
	sqlite3_bind_int64(s, 6, c->bounces);
	sqlite3_bind_int64(s, 7, c->records);
	sqlite3_bind_int64(s, 8, c->notbounce);
	sqlite3_bind_int64(s, 9, c->review);
	sqlite3_bind_int64(s, 10, c->suppressed);
	sqlite3_bind_int64(s, 11, c->errors);
	return sqlite_exec_stmt(st, s, "finishing the run", err);
}

enum store_status store_message_seen(struct store *st, const char *fingerprint, bool *seen_r,
				     char *err)
{
	sqlite3_stmt *s;
	enum store_status rc = sqlite_stmt(st, SQL_MSG_SEEN, &s, err);
	int r;

	if (rc != STORE_OK)
		return rc;
	sqlite_bind_text(s, 1, fingerprint);
	r = sqlite3_step(s);
	sqlite3_reset(s);
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		return sqlite_fail(st, r, "looking up a fingerprint", err);
	*seen_r = r == SQLITE_ROW;
	return STORE_OK;
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

enum store_status store_foreach_address(struct store *st, const struct address_filter *f,
					address_cb cb, void *arg, char *err)
{
	static const struct address_filter any = {.state = -1};
	struct address_row *row;
	sqlite3_stmt *s;
	enum store_status rc = sqlite_stmt(st, SQL_ADDR_LIST, &s, err);
	int r;

	if (rc != STORE_OK)
		return rc;
	if (!f)
		f = &any;
	row = malloc(sizeof(*row)); /* ~2.5 KiB: keep it off the stack of report code */
	if (!row) {
		str_copy(err, STORE_ERR_MAX, "out of memory");
		return STORE_ERROR;
	}
	sqlite3_bind_int(s, 1, f->state);
	if (f->reason)
		sqlite_bind_text(s, 2, f->reason);
	if (f->domain)
		sqlite_bind_text(s, 3, f->domain);
	sqlite3_bind_int64(s, 4, (int64_t)f->since);
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		sqlite_address_row(s, row);
		if (cb(row, arg) != 0) {
			r = SQLITE_DONE;
			break;
		}
	}
	free(row);
	sqlite3_reset(s);
	if (r != SQLITE_DONE)
		return sqlite_fail(st, r, "listing addresses", err);
	return STORE_OK;
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

static enum store_status load_events(struct store *st, const char *address, size_t max,
				     struct address_detail *d, char *err)
{
	sqlite3_stmt *s;
	enum store_status rc = sqlite_stmt(st, SQL_ADDR_EVENTS, &s, err);
	int r;

	if (rc != STORE_OK)
		return rc;
	sqlite_bind_text(s, 1, address);
	sqlite3_bind_int64(s, 2, (int64_t)max);
	while ((r = sqlite3_step(s)) == SQLITE_ROW && d->n_events < max) {
		if (!d->events) {
			d->events = calloc(max, sizeof(*d->events));
			if (!d->events) {
				sqlite3_reset(s);
				str_copy(err, STORE_ERR_MAX, "out of memory");
				return STORE_ERROR;
			}
		}
		event_from_row(s, &d->events[d->n_events++]);
	}
	sqlite3_reset(s);
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		return sqlite_fail(st, r, "reading an address's events", err);
	return STORE_OK;
}

enum store_status store_get_address(struct store *st, const char *address, size_t max_events,
				    struct address_detail *d, char *err)
{
	sqlite3_stmt *s;
	enum store_status rc;
	int r;

	memset(d, 0, sizeof(*d));
	if (max_events == 0)
		max_events = DEFAULT_SHOW_EVENTS;
	if (max_events > MAX_SHOW_EVENTS)
		max_events = MAX_SHOW_EVENTS;
	rc = sqlite_stmt(st, SQL_ADDR_LOAD, &s, err);
	if (rc != STORE_OK)
		return rc;
	sqlite_bind_text(s, 1, address);
	r = sqlite3_step(s);
	if (r == SQLITE_ROW)
		sqlite_address_row(s, &d->row);
	sqlite3_reset(s);
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		return sqlite_fail(st, r, "loading an address", err);
	rc = load_events(st, address, max_events, d, err);
	if (rc != STORE_OK) {
		store_address_detail_free(d);
		return rc;
	}
	if (r == SQLITE_DONE && d->n_events == 0) {
		str_printf(err, STORE_ERR_MAX, "%s: no such address in the store", address);
		return STORE_NOTFOUND;
	}
	if (r == SQLITE_DONE) {
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

enum store_status store_foreach_sender_alert(struct store *st, time_t since, sender_alert_cb cb,
					     void *arg, char *err)
{
	struct sender_alert_row *row;
	sqlite3_stmt *s;
	enum store_status rc = sqlite_stmt(st, SQL_ALERT_LIST, &s, err);
	int r;

	if (rc != STORE_OK)
		return rc;
	row = malloc(sizeof(*row));
	if (!row) {
		str_copy(err, STORE_ERR_MAX, "out of memory");
		return STORE_ERROR;
	}
	sqlite3_bind_int64(s, 1, (int64_t)since);
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		memset(row, 0, sizeof(*row));
		sqlite_col_text(s, 0, row->domain, sizeof(row->domain));
		sqlite_col_text(s, 1, row->reason, sizeof(row->reason));
		row->count = (long)sqlite3_column_int64(s, 2);
		row->days = (long)sqlite3_column_int64(s, 3);
		row->first = (time_t)sqlite3_column_int64(s, 4);
		row->last = (time_t)sqlite3_column_int64(s, 5);
		sqlite_col_text(s, 6, row->last_diagnostic, sizeof(row->last_diagnostic));
		if (cb(row, arg) != 0) {
			r = SQLITE_DONE;
			break;
		}
	}
	free(row);
	sqlite3_reset(s);
	if (r != SQLITE_DONE)
		return sqlite_fail(st, r, "listing sender alerts", err);
	return STORE_OK;
}
