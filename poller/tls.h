/* tls.h (private to poller/): the byte stream under libetpan's IMAP code.
 *
 * libetpan's own GnuTLS stream checks no certificate, no host name and
 * allows TLS 1.0 (../shared/notes/imap.md §3), so we give it our own
 * mailstream_low driver instead: a non-blocking socket, plain or GnuTLS,
 * where every wait is a poll() bounded by the per-wait timeout and the
 * run's absolute deadline. The certificate chain and host name are
 * verified inside the handshake, before a single IMAP byte is read.
 */
#ifndef BOUNCER_POLLER_TLS_H
#define BOUNCER_POLLER_TLS_H

#include <stdbool.h>
#include <time.h>

#include "poller/imap-lib.h"
#include "poller/source.h"

enum tls_fail {
	TLS_FAIL_NONE = 0,
	TLS_FAIL_TIMEOUT,
	TLS_FAIL_DEADLINE,
	TLS_FAIL_IO,
	TLS_FAIL_EOF,
	TLS_FAIL_TOOBIG, /* more bytes than read_limit */
	TLS_FAIL_SLOW    /* one command took longer than its time limit */
};

/* A server that sends one byte per wait never hits the per-wait timeout,
 * so each command also has a time limit: TLS_CMD_TIMEOUTS per-wait
 * timeouts, plus one second per TLS_CMD_BYTES_PER_S bytes received (a big
 * UID FETCH over a slow but steady link is not cut). A command starts at
 * the client's first write after a read, or at tls_net_cmd_start()
 * (connect); a TLS handshake belongs to the command before it (the
 * connect, or STARTTLS). */
#define TLS_CMD_TIMEOUTS 10
#define TLS_CMD_BYTES_PER_S 4096

/* Shared by the caller and the driver: limits in, the first failure out.
 * The caller owns it; it must outlive the stream. */
struct tls_net {
	int timeout_ms;       /* per wait */
	time_t deadline;      /* absolute, 0 = none */
	enum tls_fail fail;   /* set by the driver when a read/write fails */
	/* libetpan buffers whole responses: a server that sends more than
	 * asked for could make it take any amount of memory. Reads fail once
	 * read_count passes read_limit (0 = no limit); the caller resets
	 * both around each command. */
	size_t read_limit;
	size_t read_count;
	/* The current command (see TLS_CMD_TIMEOUTS); cmd_start_ms 0 = none. */
	long long cmd_start_ms;  /* CLOCK_MONOTONIC */
	size_t cmd_bytes;        /* received since cmd_start_ms */
	bool cmd_reading;        /* the next write starts a new command */
	enum tls_fail wait_cause; /* what bounded the last tls_net_wait_ms() */
};

/* Milliseconds to wait now: min(timeout, time left in the run, time left
 * for the command); 0 when the deadline or the command's limit has passed
 * (and net->fail is then set to TLS_FAIL_DEADLINE or TLS_FAIL_SLOW). */
int tls_net_wait_ms(struct tls_net *net);
/* A wait of tls_net_wait_ms() ended without an event: note why
 * (timeout, deadline or command limit) in net->fail, unless set. */
void tls_net_note_timeout(struct tls_net *net);
/* Start the time limit of a command now. */
void tls_net_cmd_start(struct tls_net *net);
const char *tls_fail_text(enum tls_fail f);

/* A plain stream over the non-blocking socket fd (taken over: closed by
 * mailstream_low_close). NULL when out of memory. */
mailstream_low *tls_low_plain(int fd, struct tls_net *net);

/* Handshake on fd (non-blocking, connected) and return the TLS stream.
 * ca_file NULL/"" = system trust store. TLS 1.2 or newer, SNI for DNS
 * names, chain and host name (or IP literal) verified in the handshake.
 * On failure returns NULL, fd is left open for the caller, and *st_r is
 * SRC_CONFIG (certificate, trust store, protocol) or SRC_TEMPFAIL
 * (timeout, connection lost); err says which in an operator's words
 * ("the server closed the connection during the TLS handshake", "the
 * server offers no TLS 1.2 or newer"...), GnuTLS's text in parentheses. */
mailstream_low *tls_low_start(int fd, const char *host, const char *ca_file, struct tls_net *net,
			      enum source_status *st_r, char *err);

/* The socket of a stream made here; -1 when not ours. */
int tls_low_fd(mailstream_low *low);

#endif
