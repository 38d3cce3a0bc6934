/* sqlite-apply.c: the SQLite side of store_apply() (db.h primitives). */
#include <string.h>

#include "store/sqlite-private.h"
#include "util/str.h"

/* Bind a time or id that means "none" when 0. */
static int bind_id(sqlite3_stmt *s, int i, int64_t v)
{
	return v ? sqlite3_bind_int64(s, i, v) : sqlite3_bind_null(s, i);
}

enum store_status db_message_insert(struct store *st, const struct store_message *m,
				    const struct parse_result *res, int64_t *id_r, bool *dup_r,
				    char *err)
{
	sqlite3_stmt *s;
	enum store_status rc = sqlite_stmt(st, SQL_MSG_INSERT, &s, err);

	if (rc != STORE_OK)
		return rc;
	sqlite_bind_text(s, 1, m->fingerprint);
	sqlite_bind_text(s, 2, m->source);
	sqlite_bind_text(s, 3, m->source_id);
	sqlite_bind_text(s, 4, message_kind_name(m->kind));
	sqlite_bind_text(s, 5, m->disposition);
	sqlite_bind_text(s, 6, m->why);
	sqlite_bind_text(s, 7, res ? res->msg.addresser : "");
	sqlite_bind_text(s, 8, res ? res->msg.messageid : "");
	sqlite_bind_text(s, 9, res ? res->msg.subject : "");
	sqlite_bind_text(s, 10, res ? res->msg.bounce_messageid : "");
	sqlite3_bind_int64(s, 11, res ? (int64_t)res->n_records : 0);
	sqlite3_bind_int64(s, 12, (int64_t)m->processed_at);
	bind_id(s, 13, m->run_id);
	rc = sqlite_exec_stmt(st, s, "recording a message", err);
	if (rc != STORE_OK)
		return rc;
	*dup_r = sqlite3_changes(st->db) == 0;
	*id_r = *dup_r ? 0 : sqlite3_last_insert_rowid(st->db);
	return STORE_OK;
}

enum store_status db_address_load(struct store *st, const char *address, struct policy_addr *a,
				  bool *found_r, char *err)
{
	sqlite3_stmt *s;
	enum store_status rc = sqlite_stmt(st, SQL_ADDR_LOAD, &s, err);
	char reason[32];
	int r;

	memset(a, 0, sizeof(*a));
	*found_r = false;
	if (rc != STORE_OK)
		return rc;
	sqlite_bind_text(s, 1, address);
	r = sqlite3_step(s);
	if (r == SQLITE_ROW) {
		*found_r = true;
		a->state = (enum addr_state)sqlite3_column_int(s, AC_STATE);
		sqlite_col_text(s, AC_REASON, reason, sizeof(reason));
		if (!reason_from_name(reason, &a->reason))
			a->reason = REASON_UNDEFINED;
		a->bounce_count = (long)sqlite3_column_int64(s, AC_BOUNCE_COUNT);
		a->complaint = sqlite3_column_int(s, AC_COMPLAINT) != 0;
		a->first_bounce = (time_t)sqlite3_column_int64(s, AC_FIRST_BOUNCE);
		a->last_bounce = (time_t)sqlite3_column_int64(s, AC_LAST_BOUNCE);
		a->state_changed = (time_t)sqlite3_column_int64(s, AC_STATE_CHANGED);
		a->counters_since = (time_t)sqlite3_column_int64(s, AC_COUNTERS_SINCE);
	}
	sqlite3_reset(s);
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		return sqlite_fail(st, r, "loading an address", err);
	return STORE_OK;
}

enum store_status db_event_repeat(struct store *st, const char *address, long day,
				  const char *key, enum policy_count kind, bool *repeat_r, char *err)
{
	sqlite3_stmt *s;
	enum store_status rc = sqlite_stmt(st, SQL_EVENT_REPEAT, &s, err);
	int r;

	if (rc != STORE_OK)
		return rc;
	sqlite_bind_text(s, 1, address);
	sqlite3_bind_int64(s, 2, day);
	sqlite_bind_text(s, 3, key);
	sqlite3_bind_int(s, 4, (int)kind);
	r = sqlite3_step(s);
	sqlite3_reset(s);
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		return sqlite_fail(st, r, "looking for a repeated bounce", err);
	*repeat_r = r == SQLITE_ROW;
	return STORE_OK;
}

enum store_status db_history(struct store *st, const char *address, time_t since,
			     struct policy_past *past, size_t max, size_t *n_r, char *err)
{
	sqlite3_stmt *s;
	enum store_status rc = sqlite_stmt(st, SQL_HISTORY, &s, err);
	char reason[32];
	int r;

	*n_r = 0;
	if (rc != STORE_OK)
		return rc;
	sqlite_bind_text(s, 1, address);
	sqlite3_bind_int64(s, 2, (int64_t)since);
	sqlite3_bind_int64(s, 3, (int64_t)max);
	while ((r = sqlite3_step(s)) == SQLITE_ROW && *n_r < max) {
		past[*n_r].when = (time_t)sqlite3_column_int64(s, 0);
		sqlite_col_text(s, 1, reason, sizeof(reason));
		if (!reason_from_name(reason, &past[*n_r].reason))
			past[*n_r].reason = REASON_UNDEFINED;
		(*n_r)++;
	}
	sqlite3_reset(s);
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		return sqlite_fail(st, r, "reading an address's history", err);
	return STORE_OK;
}

enum store_status db_event_insert(struct store *st, const struct db_event *e, char *err)
{
	const struct bounce_record *r = e->rec;
	sqlite3_stmt *s;
	enum store_status rc = sqlite_stmt(st, SQL_EVENT_INSERT, &s, err);

	if (rc != STORE_OK)
		return rc;
	sqlite3_bind_int64(s, 1, e->message_id);
	sqlite_bind_text(s, 2, e->address);
	sqlite_bind_text(s, 3, e->domain);
	sqlite_bind_text(s, 4, r->alias);
	sqlite_bind_text(s, 5, reason_name(r->reason));
	sqlite_bind_text(s, 6, r->deliverystatus);
	sqlite_bind_text(s, 7, r->replycode);
	sqlite_bind_text(s, 8, r->action);
	sqlite_bind_text(s, 9, r->diagnosticcode);
	sqlite_bind_text(s, 10, r->rhost);
	sqlite_bind_text(s, 11, r->decodedby);
	sqlite_bind_text(s, 12, r->rule);
	sqlite_bind_text(s, 13, r->feedbacktype);
	sqlite3_bind_int(s, 14, r->hardbounce ? 1 : 0);
	sqlite3_bind_int64(s, 15, (int64_t)e->when);
	sqlite3_bind_int64(s, 16, e->day);
	sqlite_bind_text(s, 17, e->key);
	sqlite_bind_text(s, 18, e->messageid);
	sqlite_bind_text(s, 19, r->token);
	sqlite3_bind_int(s, 20, (int)e->kind);
	sqlite_bind_text(s, 21, policy_effect_name(e->effect));
	sqlite3_bind_int(s, 22, policy_effect_counts(e->effect) ? 1 : 0);
	return sqlite_exec_stmt(st, s, "recording an event", err);
}

enum store_status db_address_save(struct store *st, const struct db_address *u, char *err)
{
	const struct policy_addr *a = u->a;
	sqlite3_stmt *s;
	enum store_status rc = sqlite_stmt(st, SQL_ADDR_SAVE, &s, err);

	if (rc != STORE_OK)
		return rc;
	sqlite_bind_text(s, 1, u->address);
	sqlite_bind_text(s, 2, u->domain);
	sqlite3_bind_int(s, 3, (int)a->state);
	/* An active address has no reason; its history says what happened. */
	sqlite_bind_text(s, 4, a->state == ADDR_ACTIVE ? "" : reason_name(a->reason));
	sqlite_bind_text(s, 5, u->rule);
	sqlite3_bind_int64(s, 6, a->bounce_count);
	sqlite3_bind_int64(s, 7, (int64_t)a->first_bounce);
	sqlite3_bind_int64(s, 8, (int64_t)a->last_bounce);
	sqlite3_bind_int64(s, 9, (int64_t)a->state_changed);
	sqlite_bind_text(s, 10, u->rec ? u->rec->deliverystatus : "");
	sqlite_bind_text(s, 11, u->rec ? u->rec->replycode : "");
	sqlite_bind_text(s, 12, u->rec ? u->rec->diagnosticcode : "");
	sqlite_bind_text(s, 13, u->rec ? u->messageid : "");
	sqlite3_bind_int(s, 14, a->complaint ? 1 : 0);
	sqlite3_bind_int64(s, 15, (int64_t)a->counters_since);
	sqlite_bind_text(s, 16, u->why);
	sqlite3_bind_int(s, 17, u->rec ? 1 : 0);
	sqlite3_bind_int(s, 18, a->reason_set ? 1 : 0);
	return sqlite_exec_stmt(st, s, "saving an address", err);
}

enum store_status db_alert_add(struct store *st, const char *domain, long day, enum reason r,
			       time_t when, const char *diagnostic, char *err)
{
	sqlite3_stmt *s;
	enum store_status rc = sqlite_stmt(st, SQL_ALERT_ADD, &s, err);

	if (rc != STORE_OK)
		return rc;
	sqlite_bind_text(s, 1, domain);
	sqlite3_bind_int64(s, 2, day);
	sqlite_bind_text(s, 3, reason_name(r));
	sqlite3_bind_int64(s, 4, (int64_t)when);
	sqlite_bind_text(s, 5, diagnostic);
	return sqlite_exec_stmt(st, s, "counting a sender alert", err);
}
