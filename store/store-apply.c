/* store-apply.c: record one message and run each of its recipient records
 * through the policy. Plain C over the db.h primitives: no SQL here. */
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "util/str.h"

/* A bounce dated more than this after we processed it has a bogus clock. */
#define FUTURE_SLACK POLICY_DAY

/* The event's time: the bounce's own date (record, else message), else
 * the processing time; dates in the future or before 1970 are not trusted. */
static time_t event_time(const struct bounce_record *r, const struct bounce_message *msg,
			 time_t processed_at)
{
	time_t t = r->timestamp > 0 ? r->timestamp : msg->date;

	if (t <= 0 || t > processed_at + FUTURE_SLACK)
		t = processed_at;
	return t;
}

static const char *domain_of(const char *address)
{
	const char *at = strrchr(address, '@');

	return at ? at + 1 : "";
}

/* Everything one record does; *newly is incremented when it suppressed. */
static enum store_status apply_record(struct store *st, const struct store_message *m,
				      const struct parse_result *res, int64_t message_id,
				      const struct bounce_record *r, const struct policy *pol,
				      struct policy_past *past, long *newly, char *err)
{
	struct policy_event ev = {.reason = r->reason, .now = m->processed_at,
				  .temporary = (r->flags & BOUNCE_F_TEMPORARY) != 0};
	struct policy_addr a;
	struct policy_decision d;
	struct db_event e = {.message_id = message_id, .address = r->recipient,
			     .domain = domain_of(r->recipient), .rec = r,
			     .messageid = res->msg.messageid};
	size_t n_past = 0;
	bool found;
	enum addr_state before;
	enum store_status rc;

	ev.when = event_time(r, &res->msg, m->processed_at);
	e.when = ev.when;
	e.day = (long)(ev.when / POLICY_DAY);
	/* Retries of one send share the original Message-ID; without one, the
	 * recipients of one bounce share its fingerprint. */
	e.key = res->msg.messageid[0] ? res->msg.messageid : m->fingerprint;
	e.kind = policy_count_for(pol, r->reason);
	if (e.kind != POLICY_COUNT_NONE) {
		rc = db_event_repeat(st, e.address, e.day, e.key, e.kind, &ev.repeat, err);
		if (rc != STORE_OK)
			return rc;
	}
	rc = db_address_load(st, e.address, &a, &found, err);
	if (rc == STORE_OK && e.kind == POLICY_COUNT_ADDRESS)
		rc = db_history(st, e.address, a.counters_since, past, POLICY_HISTORY_MAX, &n_past,
				err);
	if (rc != STORE_OK)
		return rc;
	before = a.state;
	policy_decide(pol, &a, &ev, past, n_past, &d);
	e.effect = d.effect;
	rc = db_event_insert(st, &e, err);
	if (rc == STORE_OK && d.effect == EFFECT_SENDER_ALERT)
		rc = db_alert_add(st, e.domain, e.day, r->reason, ev.when, r->diagnosticcode, err);
	if (rc == STORE_OK && d.effect != EFFECT_IGNORED) {
		bool counted = d.effect == EFFECT_COUNTED || d.effect == EFFECT_WATCH ||
			       d.effect == EFFECT_SUPPRESSED;
		struct db_address u = {.address = e.address, .domain = e.domain, .a = &a,
				       .rec = counted ? r : NULL, .messageid = res->msg.messageid,
				       .rule = counted ? r->rule : "", .why = d.why};

		rc = db_address_save(st, &u, err);
	}
	if (rc == STORE_OK && before != ADDR_SUPPRESSED && a.state == ADDR_SUPPRESSED)
		(*newly)++;
	return rc;
}

enum store_status store_apply(struct store *st, const struct store_message *m,
			      const struct parse_result *res, long *newly_suppressed_r, char *err)
{
	struct policy_past *past = NULL;
	struct store_message fixed;
	int64_t id;
	bool dup;
	long newly = 0;
	enum store_status rc;

	if (newly_suppressed_r)
		*newly_suppressed_r = 0;
	if (!m || !m->fingerprint || !*m->fingerprint) {
		str_copy(err, STORE_ERR_MAX, "store_apply: message without a fingerprint");
		return STORE_ERROR;
	}
	if (m->processed_at <= 0) { /* the caller forgot: now is the best guess */
		fixed = *m;
		fixed.processed_at = time(NULL);
		m = &fixed;
	}
	if (res && res->n_records > 0) {
		past = calloc(POLICY_HISTORY_MAX, sizeof(*past));
		if (!past) {
			str_copy(err, STORE_ERR_MAX, "out of memory");
			return STORE_ERROR;
		}
	}
	rc = db_savepoint(st, err);
	if (rc != STORE_OK) {
		free(past);
		return rc;
	}
	rc = db_message_insert(st, m, res, &id, &dup, err);
	for (size_t i = 0; rc == STORE_OK && !dup && res && i < res->n_records; i++) {
		const struct bounce_record *r = &res->records[i];

		if (!r->recipient[0])
			continue; /* nothing to blame */
		rc = apply_record(st, m, res, id, r, db_policy(st), past, &newly, err);
	}
	free(past);
	if (rc != STORE_OK) {
		db_rollback_to(st);
		return rc;
	}
	rc = db_release(st, err);
	if (rc == STORE_OK && newly_suppressed_r)
		*newly_suppressed_r = newly;
	return rc;
}
