/* sqlite-apply.c: the SQLite side of store_apply() (db.h primitives). */
#include <string.h>

#include "store/sqlite-private.h"

enum store_status db_message_insert(struct store *st, const struct store_message *m,
				    const struct parse_result *res, int64_t *id_r, bool *dup_r,
				    char *err)
{
	enum store_status rc = sqlite_stmt_run(
		st, SQL_MSG_INSERT,
		SQL_ARGS(SQL_TEXT(m->fingerprint), SQL_TEXT(m->source), SQL_TEXT(m->source_id),
			 SQL_TEXT(message_kind_name(m->kind)), SQL_TEXT(m->disposition),
			 SQL_TEXT(m->why), SQL_TEXT(res ? res->msg.addresser : ""),
			 SQL_TEXT(res ? res->msg.messageid : ""),
			 SQL_TEXT(res ? res->msg.subject : ""),
			 SQL_TEXT(res ? res->msg.bounce_messageid : ""),
			 SQL_INT(res ? res->n_records : 0), SQL_INT(m->processed_at),
			 SQL_ID(m->run_id)),
		NULL, NULL, "recording a message", err);

	if (rc != STORE_OK)
		return rc;
	*dup_r = sqlite3_changes(st->db) == 0;
	*id_r = *dup_r ? 0 : sqlite3_last_insert_rowid(st->db);
	return STORE_OK;
}

struct address_load {
	struct policy_addr *a;
	bool found;
};

static int address_load_row(sqlite3_stmt *s, void *arg)
{
	struct address_load *l = arg;
	struct policy_addr *a = l->a;
	char reason[32];

	l->found = true;
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
	return 1;
}

enum store_status db_address_load(struct store *st, const char *address, struct policy_addr *a,
				  bool *found_r, char *err)
{
	struct address_load l = {a, false};
	enum store_status rc;

	memset(a, 0, sizeof(*a));
	rc = sqlite_stmt_run(st, SQL_ADDR_LOAD, SQL_ARGS(SQL_TEXT(address)), address_load_row, &l,
			     "loading an address", err);
	*found_r = rc == STORE_OK && l.found;
	return rc;
}

enum store_status db_event_repeat(struct store *st, const char *address, long day,
				  const char *key, enum policy_count kind, bool *repeat_r, char *err)
{
	bool found = false;
	enum store_status rc = sqlite_stmt_run(
		st, SQL_EVENT_REPEAT,
		SQL_ARGS(SQL_TEXT(address), SQL_INT(day), SQL_TEXT(key), SQL_INT(kind)),
		sqlite_stmt_found, &found, "looking for a repeated bounce", err);

	if (rc == STORE_OK)
		*repeat_r = found;
	return rc;
}

struct history {
	struct policy_past *past;
	size_t max, n;
};

static int history_row(sqlite3_stmt *s, void *arg)
{
	struct history *h = arg;
	struct policy_past *p;
	char reason[32];

	if (h->n >= h->max)
		return 1;
	p = &h->past[h->n++];
	p->when = (time_t)sqlite3_column_int64(s, 0);
	sqlite_col_text(s, 1, reason, sizeof(reason));
	if (!reason_from_name(reason, &p->reason))
		p->reason = REASON_UNDEFINED;
	return 0;
}

enum store_status db_history(struct store *st, const char *address, time_t since,
			     struct policy_past *past, size_t max, size_t *n_r, char *err)
{
	struct history h = {past, max, 0};
	enum store_status rc = sqlite_stmt_run(
		st, SQL_HISTORY, SQL_ARGS(SQL_TEXT(address), SQL_INT(since), SQL_INT(max)),
		history_row, &h, "reading an address's history", err);

	*n_r = rc == STORE_OK ? h.n : 0;
	return rc;
}

enum store_status db_event_insert(struct store *st, const struct db_event *e, char *err)
{
	const struct bounce_record *r = e->rec;

	return sqlite_stmt_run(
		st, SQL_EVENT_INSERT,
		SQL_ARGS(SQL_INT(e->message_id), SQL_TEXT(e->address), SQL_TEXT(e->domain),
			 SQL_TEXT(r->alias), SQL_TEXT(reason_name(r->reason)),
			 SQL_TEXT(r->deliverystatus), SQL_TEXT(r->replycode), SQL_TEXT(r->action),
			 SQL_TEXT(r->diagnosticcode), SQL_TEXT(r->rhost), SQL_TEXT(r->decodedby),
			 SQL_TEXT(r->rule), SQL_TEXT(r->feedbacktype), SQL_INT(r->hardbounce ? 1 : 0),
			 SQL_INT(e->when), SQL_INT(e->day), SQL_TEXT(e->key), SQL_TEXT(e->messageid),
			 SQL_TEXT(r->token), SQL_INT(e->kind), SQL_TEXT(policy_effect_name(e->effect)),
			 SQL_INT(policy_effect_counts(e->effect) ? 1 : 0)),
		NULL, NULL, "recording an event", err);
}

enum store_status db_address_save(struct store *st, const struct db_address *u, char *err)
{
	const struct policy_addr *a = u->a;
	const struct bounce_record *rec = u->rec;

	return sqlite_stmt_run(
		st, SQL_ADDR_SAVE,
		SQL_ARGS(SQL_TEXT(u->address), SQL_TEXT(u->domain), SQL_INT(a->state),
			 /* An active address has no reason; its history says what happened. */
			 SQL_TEXT(a->state == ADDR_ACTIVE ? "" : reason_name(a->reason)),
			 SQL_TEXT(u->rule), SQL_INT(a->bounce_count), SQL_INT(a->first_bounce),
			 SQL_INT(a->last_bounce), SQL_INT(a->state_changed),
			 SQL_TEXT(rec ? rec->deliverystatus : ""), SQL_TEXT(rec ? rec->replycode : ""),
			 SQL_TEXT(rec ? rec->diagnosticcode : ""), SQL_TEXT(rec ? u->messageid : ""),
			 SQL_INT(a->complaint ? 1 : 0), SQL_INT(a->counters_since), SQL_TEXT(u->why),
			 /* ?17 refresh the last_* columns, ?18 the policy set the reason */
			 SQL_INT(rec ? 1 : 0), SQL_INT(a->reason_set ? 1 : 0)),
		NULL, NULL, "saving an address", err);
}

enum store_status db_alert_add(struct store *st, const char *domain, long day, enum reason r,
			       time_t when, const char *diagnostic, char *err)
{
	return sqlite_stmt_run(st, SQL_ALERT_ADD,
			       SQL_ARGS(SQL_TEXT(domain), SQL_INT(day), SQL_TEXT(reason_name(r)),
					SQL_INT(when), SQL_TEXT(diagnostic)),
			       NULL, NULL, "counting a sender alert", err);
}
