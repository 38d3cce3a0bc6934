/* imap-private.h: what imap.c, imap-conn.c, imap-fetch.c, imap-move.c and
 * imap-trace.c share. Not for use outside poller/. */
#ifndef BOUNCER_POLLER_IMAP_PRIVATE_H
#define BOUNCER_POLLER_IMAP_PRIVATE_H

#include <stdbool.h>
#include <stdint.h>

#include "poller/imap-lib.h"
#include "poller/imap.h"
#include "poller/tls.h"

#define IMAP_FOLDERS 3 /* DISP_PROCESSED, DISP_NOTBOUNCE, DISP_REVIEW */
#define IMAP_NAME_MAX 256

struct uid_list {
	uint32_t *v;
	size_t n, cap;
};

struct imap_impl {
	mailimap *imap;
	struct tls_net net;
	char host[IMAP_NAME_MAX];
	int port;
	char user[IMAP_NAME_MAX];
	char mailbox[IMAP_NAME_MAX];
	char folder[IMAP_FOLDERS][IMAP_NAME_MAX];
	bool folder_ok[IMAP_FOLDERS];  /* LISTed or created in this session */
	char where[IMAP_NAME_MAX * 3]; /* "host:port" for messages */
	char url[IMAP_NAME_MAX * 3];   /* "imap://user@host:port/mailbox" for ids */
	size_t max_bytes;
	size_t batch_bytes;
	bool has_move, has_uidplus;
	bool warned_no_move;
	bool in_login;                 /* trace: redact everything sent */
	bool broken;                   /* connection lost: no more commands */
	bool dispose_failed;           /* a message was not queued: do not move last_done */

	uint32_t uidvalidity;
	uint32_t last_done;            /* highest UID done (reported to the caller) */
	uint32_t last_fetched;         /* highest UID handed out */
	struct uid_list todo;          /* UIDs above last_uid, ascending */
	struct uid_list sizes;         /* their RFC822.SIZE, same order */
	size_t next;                   /* index of the next UID to fetch */
	clist *fetched;                /* response of the last UID FETCH (bodies) */
	struct uid_list queue[IMAP_FOLDERS];

	int verbosity;
	imap_log_fn *log;
	void *log_arg;
};

/* imap-trace.c */
void imap_log(struct imap_impl *t, enum imap_log_level lv, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* libetpan logger: "C: ..." / "S: ...", credentials never shown. */
void imap_trace_logger(mailimap *s, int type, const char *str, size_t size, void *ctx);
/* The server's last response text, printable and bounded ("" if none). */
void imap_trace_server_text(const struct imap_impl *t, char *out, size_t size);
/* Set err for a failed command and return the status: SRC_TEMPFAIL when
 * the connection failed (and mark t broken), else `otherwise` with the
 * server's words. */
enum source_status imap_fail(struct imap_impl *t, int r, enum source_status otherwise, char *err,
			     const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* imap-net.c */
enum source_status imap_net_connect(const char *host, int port, struct tls_net *net, int *fd_r,
				    char *err);
bool imap_net_peer_is_loopback(int fd);

/* imap-conn.c: connect, TLS/STARTTLS, login, capabilities. */
enum source_status imap_conn_open(struct imap_impl *t, const struct imap_source_options *o,
				  char *err);

/* imap-fetch.c */
enum source_status imap_fetch_select(struct imap_impl *t, uint32_t uidvalidity, uint32_t last_uid,
				     char *err);
enum source_status imap_fetch_batch(struct source *s, struct raw_message *batch, size_t max,
				    size_t *n_out, char *err);
void imap_fetch_release(struct imap_impl *t);

/* imap-move.c */
enum source_status imap_move_dispose(struct source *s, struct raw_message *m, enum disposition d,
				     char *err);
enum source_status imap_move_commit(struct source *s, char *err);

/* imap-uids.c: growable UID lists and IMAP sets. */
bool imap_uids_add(struct uid_list *l, uint32_t uid);
void imap_uids_free(struct uid_list *l);
/* The set of l->v[from .. from+n), consecutive UIDs as ranges. NULL on
 * out of memory. */
struct mailimap_set *imap_uids_set(const struct uid_list *l, size_t from, size_t n);

#endif
