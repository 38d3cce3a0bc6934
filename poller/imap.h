/* imap.h: the IMAP source (libetpan for the protocol, our own GnuTLS
 * stream for TLS, so certificates are really checked).
 *
 * One imap_open() = one connection: connect, TLS (or STARTTLS), LOGIN,
 * SELECT, then `UID FETCH last_uid+1:* (UID RFC822.SIZE)` lists what is to
 * do and how big it is. fetch() hands out batches, one
 * `UID FETCH <set> (UID RFC822.SIZE INTERNALDATE BODY.PEEK[]<0.max_bytes>)`
 * each (\Seen is left alone). dispose() queues a move; commit() carries
 * the queued moves out: UID MOVE, else UID COPY + UID STORE \Deleted +
 * UID EXPUNGE (UIDPLUS), else copy and flag only (warned). Mail is never
 * deleted and a plain EXPUNGE is never sent. Missing folders are created.
 *
 * Resume: the source does not know the store. The caller passes the saved
 * uidvalidity/last_uid in the options and, after each successful commit(),
 * reads the new values with imap_source_state() and saves them. "Done"
 * means every message fetched so far was moved (or kept: DISP_KEEP and
 * messages never disposed stay in the mailbox and are not fetched again).
 * A failed commit, or a dispose() that failed, leaves the state where it
 * was, so the next run reads those messages again. A changed UIDVALIDITY
 * rescans the whole mailbox (the store's fingerprints stop double counting).
 *
 * Time: every network wait ends after timeout_s (the DNS lookup too: it
 * runs in glibc's getaddrinfo_a thread and is abandoned, not waited for),
 * and nothing waits past the deadline, except commit(): the store has
 * committed by then, so the moves are finished (each wait still bounded by
 * timeout_s). A server that trickles (a byte per wait) is stopped by a
 * time limit per command: 10 x timeout_s, plus a second per 4 KiB received
 * (TLS_CMD_TIMEOUTS, TLS_CMD_BYTES_PER_S in tls.h); lookup, connect, TLS
 * handshake and greeting count as one command.
 *
 * Errors (enum source_status, text in err, never the password):
 *   SRC_CONFIG    bad options, plaintext not allowed, untrusted or wrong-name
 *                 certificate, TLS older than 1.2, no STARTTLS, login refused,
 *                 mailbox missing or read-only, a move or CREATE refused
 *   SRC_TEMPFAIL  cannot connect, DNS resolver silent, timeout, deadline
 *                 passed, command too slow, connection dropped (also during
 *                 the TLS handshake), unparsable or oversized response:
 *                 nothing was changed that was not committed
 *   SRC_NOMEM
 */
#ifndef BOUNCER_POLLER_IMAP_H
#define BOUNCER_POLLER_IMAP_H

#include <stdint.h>
#include <time.h>

#include "poller/source.h"

#define IMAP_DEFAULT_TIMEOUT_S 30
#define IMAP_DEFAULT_MAX_BYTES (10u * 1024 * 1024)
/* libetpan buffers a whole response, so one UID FETCH is bounded twice:
 * at most IMAP_MAX_BATCH messages, and bodies of at most batch_bytes
 * together (by RFC822.SIZE, cut at max_bytes; one message always fits).
 * Any other response may be at most IMAP_READ_LIMIT bytes. */
#define IMAP_MAX_BATCH 1000
#define IMAP_DEFAULT_BATCH_BYTES (64u * 1024 * 1024)
#define IMAP_READ_LIMIT (64u * 1024 * 1024)

enum imap_tls_mode { IMAP_TLS_MODE_IMAPS = 0, IMAP_TLS_MODE_STARTTLS, IMAP_TLS_MODE_NONE };

enum imap_log_level {
	IMAP_LOG_WARN = 0, /* plaintext, no MOVE/UIDPLUS, folder created */
	IMAP_LOG_INFO,     /* capabilities, counts (-v) */
	IMAP_LOG_TRACE     /* protocol lines, "C: " / "S: ", credentials redacted (-vv) */
};

/* Called with one line of text (no newline). Never sees the password. */
typedef void imap_log_fn(void *arg, enum imap_log_level level, const char *line);

struct imap_source_options {
	const char *host;             /* DNS name or IP literal */
	int port;                     /* 0 = 993 for imaps, 143 otherwise */
	enum imap_tls_mode tls;
	bool allow_plaintext;         /* required for IMAP_TLS_MODE_NONE */
	const char *ca_file;          /* NULL or "" = system trust store */
	const char *username;
	const char *password;         /* already resolved; used by imap_open only, not kept */
	const char *mailbox;          /* NULL or "" = "INBOX" */
	const char *processed;        /* folder names; NULL = Processed / NotBounce / Review */
	const char *notbounce;
	const char *review;
	int timeout_s;                /* per network wait; 0 = IMAP_DEFAULT_TIMEOUT_S */
	time_t deadline;              /* absolute end of the whole run; 0 = none */
	size_t max_bytes;             /* most bytes fetched per message; 0 = default */
	size_t batch_bytes;           /* most body bytes per UID FETCH; 0 = default */
	uint32_t uidvalidity;         /* saved state; 0 = none */
	uint32_t last_uid;            /* highest UID already done under uidvalidity */
	int verbosity;                /* 0 quiet, 1 info, 2 protocol trace */
	imap_log_fn *log;             /* may be NULL */
	void *log_arg;
	const char *name;             /* for messages; NULL = "imap:USER@HOST/MAILBOX" */
};

/* Connect, log in and select. On success *out is a source (free it with
 * source_free). On failure *out is NULL and err says why (naming the
 * server, never the password). */
enum source_status imap_open(const struct imap_source_options *o, struct source **out, char *err);

/* The state to save after a successful source_commit(): the mailbox's
 * UIDVALIDITY and the highest UID that is done (moved, or kept). Returns
 * false when s is not an IMAP source. */
bool imap_source_state(const struct source *s, uint32_t *uidvalidity_r, uint32_t *last_uid_r);

/* A stable key for the saved state: "imap://USER@HOST:PORT/MAILBOX".
 * Returns false when it does not fit. */
bool imap_state_key(const struct imap_source_options *o, char *buf, size_t size);

#endif
