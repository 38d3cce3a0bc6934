/* db.h: the storage primitives under store.h, private to store/.
 *
 * store-apply.c (plain C) drives the policy through these; sqlite-*.c
 * implement them. A PostgreSQL backend would implement this header (and
 * the public functions that are pure SQL) again, and keep the rest.
 * All return enum store_status and fill err (STORE_ERR_MAX) on failure.
 */
#ifndef BOUNCER_STORE_DB_H
#define BOUNCER_STORE_DB_H

#include "store/store.h"

/* The policy the store was opened with. */
const struct policy *db_policy(struct store *st);

/* Savepoint around one message, so a failure leaves nothing of it behind. */
enum store_status db_savepoint(struct store *st, char *err);
enum store_status db_release(struct store *st, char *err);
void db_rollback_to(struct store *st);

/* Insert the message row; *dup_r is true (and nothing written) when the
 * fingerprint is known already. */
enum store_status db_message_insert(struct store *st, const struct store_message *m,
				    const struct parse_result *res, int64_t *id_r, bool *dup_r,
				    char *err);

/* Load the address; *found_r false leaves a zeroed (active) address. */
enum store_status db_address_load(struct store *st, const char *address, struct policy_addr *a,
				  bool *found_r, char *err);

/* Has an event of this address, day, send key and count kind already counted? */
enum store_status db_event_repeat(struct store *st, const char *address, long day,
				  const char *key, enum policy_count kind, bool *repeat_r, char *err);

/* Counted address events dated >= since, newest first, at most max. */
enum store_status db_history(struct store *st, const char *address, time_t since,
			     struct policy_past *past, size_t max, size_t *n_r, char *err);

struct db_event {
	int64_t message_id;
	const char *address, *domain;
	const struct bounce_record *rec;
	time_t when;
	long day;
	const char *key;          /* the send: original Message-ID, else the bounce's fingerprint */
	const char *messageid;    /* original Message-ID ("" when unknown) */
	enum policy_count kind;
	enum policy_effect effect;
};
enum store_status db_event_insert(struct store *st, const struct db_event *e, char *err);

/* Write the address back (insert or update). rec, when not NULL, refreshes
 * the last_* columns; rule and why, when not "", replace the stored ones. */
struct db_address {
	const char *address, *domain;
	const struct policy_addr *a;
	const struct bounce_record *rec;
	const char *messageid;
	const char *rule;
	const char *why;
};
enum store_status db_address_save(struct store *st, const struct db_address *u, char *err);

/* Watched addresses of this reason whose last bounce is before cutoff go
 * back to active with why; *n_r gets how many. */
enum store_status db_watch_expire(struct store *st, enum reason r, time_t cutoff, time_t now,
				  const char *why, long *n_r, char *err);

/* Count one sender-side problem against a destination domain. */
enum store_status db_alert_add(struct store *st, const char *domain, long day, enum reason r,
			       time_t when, const char *diagnostic, char *err);

#endif
