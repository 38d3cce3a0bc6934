/* source.h: where raw messages come from, and where they go when done.
 *
 * A source (Maildir, IMAP, stdin, mbox) hands out batches of raw messages.
 * The caller parses them, commits the results to the store, and only then
 * tells the source where each message belongs (source_dispose) and asks it
 * to carry the moves out (source_commit). A message is never deleted:
 * it is moved into one of the folders below, or left where it is.
 *
 * Errors come back as enum source_status plus a message in err (a buffer of
 * SOURCE_ERR_MAX bytes); sources never print and never exit.
 */
#ifndef BOUNCER_POLLER_SOURCE_H
#define BOUNCER_POLLER_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define SOURCE_ERR_MAX 512
#define SOURCE_ID_MAX 1024

enum source_status {
	SRC_OK = 0,
	SRC_END,       /* no more messages */
	SRC_TEMPFAIL,  /* server unreachable, timeout, lock: retry later (exit 75) */
	SRC_CONFIG,    /* bad setting, wrong password, missing Maildir (exit 78) */
	SRC_NOMEM,
	SRC_IOERR      /* a local file operation failed */
};

/* Where a message goes after its result is committed. */
enum disposition {
	DISP_PROCESSED = 0, /* a bounce that was recorded */
	DISP_NOTBOUNCE,     /* auto-reply, complaint handled, human mail */
	DISP_REVIEW,        /* could not be parsed: a person should look */
	DISP_KEEP           /* leave it where it is (dry run, ingest) */
};
const char *disposition_name(enum disposition d);

/* Zero bytes a source that lends a message (raw_message's cap) leaves
 * after its data: what the parse needs to use the bytes where they are
 * (BOUNCE_PARSE_PAD, parse/bounce.h; cli/run.h checks the two agree, as
 * sources do not depend on the parse). */
#define SOURCE_LEND_PAD 32

struct raw_message {
	char *data;                 /* owned by the source until the next fetch */
	size_t len;                 /* bytes in data (may be cut at max_bytes) */
	size_t full_len;            /* size of the message on the source */
	char id[SOURCE_ID_MAX];     /* file path, or "imap://host/INBOX;UID=42": for errors */
	uint32_t uid;               /* IMAP UID, 0 for other sources */
	time_t received;            /* when the source got it (mtime, INTERNALDATE), 0 unknown */
	void *priv;                 /* source's own bookkeeping */
	/* 0: data is only to be read. Else the source lends data to the
	 * parse (bounce_parse_buf(), parse/bounce.h), which may change
	 * data[0..cap) until the next fetch: cap >= len + SOURCE_LEND_PAD,
	 * and those pad bytes after len are zero (files, Maildir, mbox). A
	 * source that still needs the bytes after the parse (stdin keeps them
	 * for its Maildir) or cannot promise the pad (IMAP: data is inside
	 * libetpan's response) leaves it 0, and the parse copies. */
	size_t cap;
};

/* An empty slot for the next message. Field by field, not memset: clearing
 * the whole 1 KB id for every message cost 2% of a `bouncer parse` run
 * (rep stos); the id is written whole by every source anyway. A new field
 * is cleared here too. */
static inline void raw_message_clear(struct raw_message *m)
{
	m->data = NULL;
	m->len = 0;
	m->full_len = 0;
	m->id[0] = '\0';
	m->uid = 0;
	m->received = 0;
	m->priv = NULL;
	m->cap = 0;
}

struct source;

struct source_ops {
	const char *type; /* "maildir", "imap", "stdin", "mbox" */
	/* Fetch up to max messages into batch[]. *n_out is set to the number
	 * fetched; 0 with SRC_OK or SRC_END means nothing left. Messages of the
	 * previous batch are released first. */
	enum source_status (*fetch)(struct source *s, struct raw_message *batch, size_t max,
				    size_t *n_out, char *err);
	/* Queue where one fetched message goes. */
	enum source_status (*dispose)(struct source *s, struct raw_message *m, enum disposition d,
				      char *err);
	/* Carry out the queued moves. Called after the store commit. */
	enum source_status (*commit)(struct source *s, char *err);
	/* How many messages are waiting (for a progress line); -1 unknown. */
	long (*pending)(struct source *s);
	/* Record that everything up to the last fetched message is done
	 * (IMAP: highest UID); may be NULL. */
	void (*close)(struct source *s);
};

struct source {
	const struct source_ops *ops;
	char name[128];     /* as in the config, for messages: "maildir:/var/mail/bounces" */
	void *impl;
};

/* Thin wrappers, so callers never touch ops directly. */
enum source_status source_fetch(struct source *s, struct raw_message *batch, size_t max,
				size_t *n_out, char *err);
enum source_status source_dispose(struct source *s, struct raw_message *m, enum disposition d,
				  char *err);
enum source_status source_commit(struct source *s, char *err);
long source_pending(struct source *s);
/* For sources: free the data of the n messages of a batch handed out
 * earlier and set *n to 0. */
void source_release_batch(struct raw_message *batch, size_t *n);

/* Closes and frees; sets *s to NULL. */
void source_free(struct source **s);

#endif
