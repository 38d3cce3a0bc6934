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

/* Open (creating it when missing, unless readonly) and migrate the schema
 * forward; WAL mode, foreign keys on, full sync. *st_r is NULL on failure.
 * STORE_CORRUPT: not a database, another program's database, or a schema
 *   newer than this bouncer knows (the file is left untouched);
 *   read-only: a schema older than ours (a writing command upgrades it).
 * STORE_NOTFOUND: readonly and the file does not exist yet.
 * STORE_READONLY: the file or its directory is not writable. */
enum store_status store_open(const struct store_options *opt, struct store **st_r, char *err);
/* Releases the lock if held, closes, sets *st to NULL. Accepts NULL / *st == NULL. */
void store_close(struct store **st);

/* Take the exclusive run lock (a lock file beside the database, flock).
 * STORE_BUSY at once when another process holds it; err names the lock file. */
enum store_status store_lock_run(struct store *st, char *err);

/* Transactions: one per batch of messages. store_begin takes the write
 * lock at once (BEGIN IMMEDIATE): STORE_BUSY after the busy timeout.
 * store_rollback does nothing outside a transaction. */
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
/* A run row started now; outside the batch transactions (autocommit). */
enum store_status store_run_begin(struct store *st, const char *command, int64_t *run_id_r,
				  char *err);
/* Its end time, counts (c may be NULL) and outcome ("ok", "tempfail", ...). */
enum store_status store_run_end(struct store *st, int64_t run_id, const struct run_counts *c,
				const char *outcome, char *err);

/* Messages, identified by a content fingerprint (hex SHA-256 of the raw
 * bytes), so running again over the same mail never counts it twice.
 * *seen_r: store_apply() was called for this fingerprint (and committed,
 * or in the open transaction). */
enum store_status store_message_seen(struct store *st, const char *fingerprint, bool *seen_r,
				     char *err);
struct store_message {
	const char *fingerprint;
	const char *source;       /* source name from the config */
	const char *source_id;    /* file path or UID */
	enum message_kind kind;
	const char *disposition;  /* "processed", "notbounce", "review" */
	const char *why;          /* for review: what was wrong */
	time_t processed_at;      /* 0 = now */
	int64_t run_id;           /* 0 = none */
};
/* Record the message and apply every record of res (may be NULL for mail
 * without records) to address state under the policy (see policy.h for how
 * events count). A fingerprint seen before changes nothing and returns
 * STORE_OK. Runs under a savepoint inside the caller's transaction: on
 * failure nothing of this message remains, and the caller decides about
 * the batch. *newly_suppressed_r (may be NULL) gets the number of addresses
 * that became suppressed. */
enum store_status store_apply(struct store *st, const struct store_message *m,
			      const struct parse_result *res, long *newly_suppressed_r, char *err);

/* Address state, for reports and commands. */
/* enum addr_state lives in policy.h. "active", "watch", "suppressed". */
const char *addr_state_name(enum addr_state s);
bool addr_state_from_name(const char *name, enum addr_state *s_out);

#define STORE_NOTE_MAX 256

struct address_row {
	char address[BOUNCE_ADDR_MAX];
	char domain[BOUNCE_ADDR_MAX];
	enum addr_state state;
	char reason[32];          /* reason of the state; "" when active, "manual" by hand */
	char rule[64];            /* parse rule of the last counted bounce, or "manual" */
	long bounce_count;        /* counted bounces, all time (repeats, delays, old: not) */
	time_t first_bounce, last_bounce, state_changed;
	char last_status[16];
	char last_replycode[4];
	char last_diagnostic[BOUNCE_TEXT_MAX];
	char last_messageid[BOUNCE_LINE_MAX];
	bool complaint;
	bool manual;              /* last state change was made by a person */
	char note[STORE_NOTE_MAX];/* the person's note ("" none) */
	time_t reset_at;          /* last manual unsuppress, 0 = never */
	char why[POLICY_WHY_MAX]; /* one sentence: why the address is in its state */
};
struct address_filter {
	int state;                /* -1 any, else enum addr_state */
	const char *reason;       /* NULL any */
	const char *domain;       /* NULL any */
	time_t since;             /* 0 any: last_bounce >= since */
};
typedef int (*address_cb)(const struct address_row *row, void *arg); /* non-zero stops */
/* Calls cb for every address matching f (NULL = all), ordered by address.
 * cb must not call store_foreach_address itself. STORE_OK also when cb stopped. */
enum store_status store_foreach_address(struct store *st, const struct address_filter *f,
					address_cb cb, void *arg, char *err);

/* ---- one address, for `bouncer show` ------------------------------------ */

/* One recorded event of an address. */
struct address_event {
	time_t when;                       /* the bounce's own date */
	time_t processed_at;
	char reason[32];
	char effect[16];                   /* policy_effect_name(): counted, repeat, old, ... */
	char status[16];
	char replycode[4];
	char diagnostic[BOUNCE_TEXT_MAX];
	char rhost[BOUNCE_LINE_MAX];
	char decodedby[32];
	char rule[64];                     /* the parse rule that chose the reason */
	bool hard;
	char messageid[BOUNCE_LINE_MAX];   /* Message-ID of the returned message */
	char source[128];
	char source_id[BOUNCE_LINE_MAX];
};
struct address_detail {
	struct address_row row;
	struct address_event *events;      /* newest first; owned: store_address_detail_free() */
	size_t n_events;
};
/* Fill d with the address and its newest max_events events (0 = 100).
 * STORE_NOTFOUND when the store has neither a row nor an event for it; an
 * address with only ignored events comes back active. d needs no init. */
enum store_status store_get_address(struct store *st, const char *address, size_t max_events,
				    struct address_detail *d, char *err);
/* Free d's events; d may then be reused. */
void store_address_detail_free(struct address_detail *d);

/* ---- operations ------------------------------------------------------- */

/* Suppress address by hand (creating it when unknown), with a note. */
enum store_status store_suppress_manual(struct store *st, const char *address, const char *note,
					time_t now, char *err);
/* Make address active again by hand. From now on only bounces dated at or
 * after now count; earlier events stay as history and are never replayed.
 * STORE_NOTFOUND when the address is unknown. */
enum store_status store_unsuppress(struct store *st, const char *address, const char *note,
				   time_t now, char *err);

struct prune_counts {
	long events;    /* events deleted */
	long messages;  /* message rows deleted (fingerprints: such old mail would count again) */
	long runs;
	long alerts;    /* sender-alert day rows */
};
/* Keep at most max_events (0 = no limit) newest events per address, and
 * delete everything processed more than max_age_days (0 = no limit) before
 * now. Address state is kept. Runs in its own transaction when none is open.
 * c may be NULL. */
enum store_status store_prune(struct store *st, long max_events, int max_age_days, time_t now,
			      struct prune_counts *c, char *err);

/* A watched address whose last bounce is older than its reason's
 * stale_after_days before now goes back to active (its counters are stale).
 * Not called by store_run_end(): it depends on the wall clock, so the caller
 * chooses when (e.g. `bouncer prune`). n_r (may be NULL) gets how many. */
enum store_status store_expire_watch(struct store *st, time_t now, long *n_r, char *err);

/* ---- sender-side problems, per destination domain ---------------------- */

struct sender_alert_row {
	char domain[BOUNCE_ADDR_MAX];
	char reason[32];
	long count;                         /* events (once per address, day and send) */
	long days;                          /* distinct days */
	time_t first, last;
	char last_diagnostic[BOUNCE_TEXT_MAX];
};
typedef int (*sender_alert_cb)(const struct sender_alert_row *row, void *arg); /* non-zero stops */
/* Every (domain, reason) with events dated >= since (0 = all), most events first. */
enum store_status store_foreach_sender_alert(struct store *st, time_t since, sender_alert_cb cb,
					     void *arg, char *err);

/* Text of a status ("ok", "busy", ...). Never NULL. */
const char *store_status_name(enum store_status s);

/* ---- IMAP resume state (store/imap-state.c) ----------------------------- */

/* UIDVALIDITY and the highest UID done, per mailbox key (imap_state_key():
 * "imap://USER@HOST:PORT/MAILBOX"). get gives 0/0 when nothing was saved;
 * set replaces the row (call it after the batch's commit). */
enum store_status store_imap_state_get(struct store *st, const char *mailbox_key,
				       uint32_t *uidvalidity_r, uint32_t *last_uid_r, char *err);
enum store_status store_imap_state_set(struct store *st, const char *mailbox_key,
				       uint32_t uidvalidity, uint32_t last_uid, char *err);

#endif
