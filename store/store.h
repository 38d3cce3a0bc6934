/* store.h: bouncer's state, behind functions only.
 *
 * Every SQL statement lives in store/; nothing outside it knows there is
 * SQLite underneath (a PostgreSQL backend is planned behind this same
 * header). Functions return enum store_status and write a message into
 * err (STORE_ERR_MAX bytes) on failure; they never print or exit.
 *
 * Flow of one run: store_open -> store_lock_run -> store_run_begin ->
 * for each batch { store_begin; store_message_seen / store_apply ...;
 * store_commit } -> store_run_end -> store_close.
 */
#ifndef BOUNCER_STORE_STORE_H
#define BOUNCER_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "parse/bounce.h"
#include "store/policy.h"

#define STORE_ERR_MAX 512

enum store_status {
	STORE_OK = 0,
	STORE_BUSY,     /* lock held by another run, or database busy past the timeout (exit 75) */
	STORE_FULL,     /* disk full (exit 75) */
	STORE_READONLY, /* database or its directory not writable (exit 78) */
	STORE_CORRUPT,  /* not a bouncer database, or a newer schema (exit 78) */
	STORE_NOTFOUND, /* no such address */
	STORE_ERROR     /* anything else */
};

struct store;

struct store_options {
	const char *path;         /* database file */
	int busy_timeout_ms;      /* 0 = default 5000 */
	bool readonly;            /* open for reading only (report, list, show) */
	const struct policy *policy; /* NULL = policy_default() */
};

enum store_status store_open(const struct store_options *opt, struct store **st_r, char *err);
/* Releases the lock if held, closes, sets *st to NULL. */
void store_close(struct store **st);

/* Take the exclusive run lock (a lock file beside the database, flock).
 * STORE_BUSY at once when another process holds it; err names the lock file. */
enum store_status store_lock_run(struct store *st, char *err);

/* Transactions: one per batch of messages. */
enum store_status store_begin(struct store *st, char *err);
enum store_status store_commit(struct store *st, char *err);
void store_rollback(struct store *st);

/* Runs: start, end, counts, outcome. */
struct run_counts {
	long seen;        /* messages read from sources */
	long duplicates;  /* already processed earlier (same fingerprint) */
	long bounces;     /* messages that were bounces */
	long records;     /* recipient records applied */
	long notbounce;   /* auto-replies, complaints, human mail */
	long review;      /* could not be parsed */
	long suppressed;  /* addresses newly suppressed in this run */
	long errors;      /* sources or messages that failed */
};
enum store_status store_run_begin(struct store *st, const char *command, int64_t *run_id_r,
				  char *err);
enum store_status store_run_end(struct store *st, int64_t run_id, const struct run_counts *c,
				const char *outcome, char *err);

/* Messages, identified by a content fingerprint (hex SHA-256 of the raw
 * bytes), so running again over the same mail never counts it twice. */
enum store_status store_message_seen(struct store *st, const char *fingerprint, bool *seen_r,
				     char *err);
struct store_message {
	const char *fingerprint;
	const char *source;       /* source name from the config */
	const char *source_id;    /* file path or UID */
	enum message_kind kind;
	const char *disposition;  /* "processed", "notbounce", "review" */
	const char *why;          /* for review: what was wrong */
	time_t processed_at;
	int64_t run_id;
};
/* Record the message and apply every record of res to address state under
 * the policy. *newly_suppressed_r (may be NULL) gets the number of addresses
 * that became suppressed. */
enum store_status store_apply(struct store *st, const struct store_message *m,
			      const struct parse_result *res, long *newly_suppressed_r, char *err);

/* Address state, for reports and commands. */
enum addr_state { ADDR_ACTIVE = 0, ADDR_WATCH, ADDR_SUPPRESSED };
const char *addr_state_name(enum addr_state s);
bool addr_state_from_name(const char *name, enum addr_state *s_out);

struct address_row {
	char address[BOUNCE_ADDR_MAX];
	enum addr_state state;
	char reason[32];
	char rule[64];            /* policy rule or parse rule that decided */
	long bounce_count;
	time_t first_bounce, last_bounce, state_changed;
	char last_status[16];
	char last_replycode[4];
	char last_diagnostic[BOUNCE_TEXT_MAX];
	char last_messageid[BOUNCE_LINE_MAX];
	bool complaint;
	bool manual;
};
struct address_filter {
	int state;                /* -1 any, else enum addr_state */
	const char *reason;       /* NULL any */
	const char *domain;       /* NULL any */
	time_t since;             /* 0 any: last_bounce >= since */
};
typedef int (*address_cb)(const struct address_row *row, void *arg); /* non-zero stops */
enum store_status store_foreach_address(struct store *st, const struct address_filter *f,
					address_cb cb, void *arg, char *err);

#endif
