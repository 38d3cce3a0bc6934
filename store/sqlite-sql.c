/* sqlite-sql.c: the statements the store runs again and again, in one
 * table, prepared on first use and cached in struct store by sqlite_stmt()
 * (sqlite-stmt.c). The DDL is in sqlite-schema.c; the once-per-report reads
 * in report-queries.c and the IMAP state in imap-state.c. */
#include "store/sqlite-private.h"

#define ADDR_COLS                                                                        \
	"address, domain, state, reason, rule, bounce_count, first_bounce, last_bounce,"  \
	" state_changed, last_status, last_replycode, last_diagnostic, last_messageid,"   \
	" complaint, manual, note, reset_at, counters_since, why"

static const char *const sql_text[SQL_COUNT] = {
	[SQL_BEGIN] = "BEGIN IMMEDIATE",
	[SQL_COMMIT] = "COMMIT",
	[SQL_ROLLBACK] = "ROLLBACK",
	[SQL_SAVEPOINT] = "SAVEPOINT store_apply",
	[SQL_RELEASE] = "RELEASE store_apply",
	[SQL_ROLLBACK_TO] = "ROLLBACK TO store_apply",
	[SQL_RUN_BEGIN] = "INSERT INTO runs(started_at, command) VALUES (?1, ?2)",
	[SQL_RUN_END] =
		"UPDATE runs SET ended_at = ?2, outcome = ?3, seen = ?4, duplicates = ?5,"
		" bounces = ?6, records = ?7, notbounce = ?8, review = ?9, suppressed = ?10,"
		" errors = ?11 WHERE id = ?1",
	[SQL_MSG_SEEN] = "SELECT 1 FROM messages WHERE fingerprint = ?1",
	[SQL_MSG_INSERT] =
		"INSERT INTO messages(fingerprint, source, source_id, kind, disposition, why,"
		" addresser, messageid, subject, bounce_messageid, n_records, processed_at, run_id)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
		" ON CONFLICT(fingerprint) DO NOTHING",
	[SQL_ADDR_LOAD] = "SELECT " ADDR_COLS " FROM addresses WHERE address = ?1",
	/* ?17 = refresh the last_* columns; ?18 = the policy set the reason
	 * (else a manual 'manual' stays); rule and why are kept when "" */
	[SQL_ADDR_SAVE] =
		"INSERT INTO addresses(address, domain, state, reason, rule, bounce_count,"
		" first_bounce, last_bounce, state_changed, last_status, last_replycode,"
		" last_diagnostic, last_messageid, complaint, counters_since, why)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)"
		" ON CONFLICT(address) DO UPDATE SET"
		" manual = CASE WHEN excluded.state <> state THEN 0 ELSE manual END,"
		" state = excluded.state,"
		" reason = CASE WHEN ?18 THEN excluded.reason ELSE reason END,"
		" rule = CASE WHEN excluded.rule <> '' THEN excluded.rule ELSE rule END,"
		" bounce_count = excluded.bounce_count, first_bounce = excluded.first_bounce,"
		" last_bounce = excluded.last_bounce, state_changed = excluded.state_changed,"
		" last_status = CASE WHEN ?17 THEN excluded.last_status ELSE last_status END,"
		" last_replycode = CASE WHEN ?17 THEN excluded.last_replycode ELSE last_replycode END,"
		" last_diagnostic = CASE WHEN ?17 THEN excluded.last_diagnostic ELSE last_diagnostic END,"
		" last_messageid = CASE WHEN ?17 THEN excluded.last_messageid ELSE last_messageid END,"
		" complaint = excluded.complaint, counters_since = excluded.counters_since,"
		" why = CASE WHEN excluded.why <> '' THEN excluded.why ELSE why END",
	[SQL_EVENT_REPEAT] =
		"SELECT 1 FROM events WHERE address = ?1 AND day = ?2 AND send_key = ?3"
		" AND kind = ?4 AND counted = 1 LIMIT 1",
	[SQL_HISTORY] =
		"SELECT event_time, reason FROM events WHERE address = ?1 AND kind = 1"
		" AND counted = 1 AND event_time >= ?2 ORDER BY event_time DESC LIMIT ?3",
	[SQL_EVENT_INSERT] =
		"INSERT INTO events(message_id, address, domain, alias, reason, status, replycode,"
		" action, diagnostic, rhost, decodedby, rule, feedbacktype, hard, event_time, day,"
		" send_key, messageid, token, kind, effect, counted) VALUES (?1, ?2, ?3, ?4, ?5,"
		" ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)",
	[SQL_ALERT_ADD] =
		"INSERT INTO sender_alerts(domain, day, reason, count, first_time, last_time,"
		" last_diagnostic) VALUES (?1, ?2, ?3, 1, ?4, ?4, ?5)"
		" ON CONFLICT(domain, day, reason) DO UPDATE SET count = count + 1,"
		" first_time = min(first_time, excluded.first_time),"
		" last_time = max(last_time, excluded.last_time),"
		" last_diagnostic = excluded.last_diagnostic",
	[SQL_ADDR_LIST] =
		"SELECT " ADDR_COLS " FROM addresses WHERE (?1 < 0 OR state = ?1)"
		" AND (?2 IS NULL OR reason = ?2) AND (?3 IS NULL OR domain = ?3)"
		" AND (?4 = 0 OR last_bounce >= ?4) ORDER BY address",
	[SQL_ADDR_EVENTS] =
		"SELECT e.event_time, m.processed_at, e.reason, e.effect, e.status, e.replycode,"
		" e.diagnostic, e.rhost, e.decodedby, e.rule, e.hard, e.messageid, m.source,"
		" m.source_id FROM events e JOIN messages m ON m.id = e.message_id"
		" WHERE e.address = ?1 ORDER BY e.event_time DESC, e.id DESC LIMIT ?2",
	[SQL_SUPPRESS] =
		"INSERT INTO addresses(address, domain, state, reason, rule, state_changed, manual,"
		" note, why) VALUES (?1, ?2, 2, 'manual', 'manual', ?3, 1, ?4, ?5)"
		" ON CONFLICT(address) DO UPDATE SET"
		" reason = CASE WHEN state = 0 OR reason = '' THEN 'manual' ELSE reason END,"
		" state_changed = CASE WHEN state <> 2 THEN excluded.state_changed"
		" ELSE state_changed END,"
		" state = 2, rule = 'manual', manual = 1, note = excluded.note, why = excluded.why",
	[SQL_UNSUPPRESS] =
		"UPDATE addresses SET state = 0, reason = '', rule = 'manual', state_changed = ?2,"
		" manual = 1, note = ?3, reset_at = ?2, counters_since = ?2, complaint = 0, why = ?4"
		" WHERE address = ?1",
	/* Only addresses over the limit are ranked: this runs after every run. */
	[SQL_PRUNE_PER_ADDR] =
		"DELETE FROM events WHERE id IN (SELECT id FROM (SELECT id, row_number() OVER"
		" (PARTITION BY address ORDER BY event_time DESC, id DESC) AS rn FROM events"
		" WHERE address IN (SELECT address FROM events GROUP BY address"
		" HAVING count(*) > ?1)) WHERE rn > ?1)",
	[SQL_PRUNE_EVENTS_AGE] =
		"DELETE FROM events WHERE message_id IN"
		" (SELECT id FROM messages WHERE processed_at < ?1)",
	[SQL_PRUNE_MESSAGES] = "DELETE FROM messages WHERE processed_at < ?1",
	[SQL_PRUNE_RUNS] =
		"DELETE FROM runs WHERE started_at < ?1 AND id NOT IN"
		" (SELECT run_id FROM messages WHERE run_id IS NOT NULL)",
	[SQL_PRUNE_ALERTS] = "DELETE FROM sender_alerts WHERE last_time < ?1",
	[SQL_ALERT_LIST] =
		"SELECT domain, reason, sum(count), count(*), min(first_time), max(last_time),"
		" (SELECT a2.last_diagnostic FROM sender_alerts a2 WHERE a2.domain = a.domain"
		" AND a2.reason = a.reason ORDER BY a2.last_time DESC LIMIT 1)"
		" FROM sender_alerts a WHERE last_time >= ?1 GROUP BY domain, reason"
		" ORDER BY 3 DESC, domain, reason",
	[SQL_WATCH_EXPIRE] =
		"UPDATE addresses SET state = 0, reason = '', state_changed = ?3, manual = 0,"
		" why = ?4 WHERE state = 1 AND reason = ?1 AND last_bounce < ?2",
};

const char *sqlite_sql_text(enum sql_id id)
{
	return (unsigned)id < SQL_COUNT ? sql_text[id] : NULL;
}
