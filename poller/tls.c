/* tls.c: plain and GnuTLS mailstream_low drivers with bounded waits.
 * GnuTLS and libetpan are called through imap-lib.h (loaded by imap_open). */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <arpa/inet.h>

#include "poller/tls.h"
#include "util/str.h"

#define TLS_STR(x) #x
#define TLS_XSTR(x) TLS_STR(x)

struct tls_low {
	int fd;
	gnutls_session_t sess;                 /* NULL: plain */
	gnutls_certificate_credentials_t cred;
	struct tls_net *net;
};

static const char *const fail_texts[] = {
	[TLS_FAIL_NONE] = "no error",
	[TLS_FAIL_TIMEOUT] = "timed out",
	[TLS_FAIL_DEADLINE] = "run deadline passed",
	[TLS_FAIL_IO] = "connection error",
	[TLS_FAIL_EOF] = "connection closed by the server",
	[TLS_FAIL_TOOBIG] = "the server sent far more than was asked for",
	[TLS_FAIL_SLOW] = "the server answers too slowly (one command took longer than " \
			  TLS_XSTR(TLS_CMD_TIMEOUTS) " times the timeout)",
};

const char *tls_fail_text(enum tls_fail f)
{
	if ((unsigned)f >= sizeof(fail_texts) / sizeof(fail_texts[0]))
		return "unknown";
	return fail_texts[f];
}

static long long now_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) < 0)
		return 0;
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void tls_net_cmd_start(struct tls_net *net)
{
	net->cmd_start_ms = now_ms();
	net->cmd_bytes = 0;
	net->cmd_reading = false;
}

/* Milliseconds left for the current command (LLONG_MAX when none). */
static long long cmd_left_ms(const struct tls_net *net)
{
	long long timeout = net->timeout_ms > 0 ? net->timeout_ms : 30000;
	long long limit = timeout * TLS_CMD_TIMEOUTS +
			  (long long)(net->cmd_bytes / TLS_CMD_BYTES_PER_S) * 1000;

	if (!net->cmd_start_ms)
		return LLONG_MAX;
	return net->cmd_start_ms + limit - now_ms();
}

int tls_net_wait_ms(struct tls_net *net)
{
	int ms = net->timeout_ms > 0 ? net->timeout_ms : 30000;
	long long left = cmd_left_ms(net);

	net->wait_cause = TLS_FAIL_TIMEOUT;
	if (net->deadline) {
		time_t now = time(NULL);

		if (now >= net->deadline) {
			net->fail = TLS_FAIL_DEADLINE;
			return 0;
		}
		if ((net->deadline - now) * 1000 < ms) {
			ms = (int)(net->deadline - now) * 1000;
			net->wait_cause = TLS_FAIL_DEADLINE;
		}
	}
	if (left <= 0) {
		net->fail = TLS_FAIL_SLOW;
		return 0;
	}
	if (left < ms) {
		ms = (int)left;
		net->wait_cause = TLS_FAIL_SLOW;
	}
	return ms;
}

void tls_net_note_timeout(struct tls_net *net)
{
	enum tls_fail f = TLS_FAIL_TIMEOUT;

	/* The deadline may have cut the wait short (it counts in seconds). */
	if (net->deadline && time(NULL) >= net->deadline)
		f = TLS_FAIL_DEADLINE;
	else if (net->wait_cause == TLS_FAIL_SLOW || cmd_left_ms(net) <= 0)
		f = TLS_FAIL_SLOW;
	if (net->fail == TLS_FAIL_NONE)
		net->fail = f;
}

static void note_fail(struct tls_net *net, enum tls_fail f)
{
	if (net->fail == TLS_FAIL_NONE)
		net->fail = f;
}

/* Count r bytes read; false (and the failure noted) past the limit. */
static bool count_read(struct tls_net *net, ssize_t r)
{
	net->read_count += (size_t)r;
	net->cmd_bytes += (size_t)r;
	if (net->read_limit && net->read_count > net->read_limit) {
		note_fail(net, TLS_FAIL_TOOBIG);
		return false;
	}
	return true;
}

/* Wait for fd to become ready; false on timeout, deadline or error. */
static bool wait_fd(struct tls_net *net, int fd, short events)
{
	for (;;) {
		struct pollfd p = {.fd = fd, .events = events};
		int ms = tls_net_wait_ms(net);
		int r;

		if (ms == 0)
			return false;
		r = poll(&p, 1, ms);
		if (r > 0)
			return true;
		if (r == 0) {
			tls_net_note_timeout(net);
			return false;
		}
		if (errno != EINTR) {
			note_fail(net, TLS_FAIL_IO);
			return false;
		}
	}
}

/* ---- plain ---------------------------------------------------------------- */

/* The client's first write after a read starts a new command. */
static void note_write(struct tls_net *net)
{
	if (net->cmd_reading || !net->cmd_start_ms)
		tls_net_cmd_start(net);
}

static ssize_t plain_read(mailstream_low *low, void *buf, size_t n)
{
	struct tls_low *t = low->data;

	t->net->cmd_reading = true;
	for (;;) {
		ssize_t r = recv(t->fd, buf, n, 0);

		if (r > 0)
			return count_read(t->net, r) ? r : -1;
		if (r == 0) {
			note_fail(t->net, TLS_FAIL_EOF);
			return 0;
		}
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK) {
			note_fail(t->net, TLS_FAIL_IO);
			return -1;
		}
		if (!wait_fd(t->net, t->fd, POLLIN))
			return -1;
	}
}

static ssize_t plain_write(mailstream_low *low, const void *buf, size_t n)
{
	struct tls_low *t = low->data;

	note_write(t->net);
	for (;;) {
		ssize_t r = send(t->fd, buf, n, MSG_NOSIGNAL);

		if (r >= 0)
			return r;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK) {
			note_fail(t->net, TLS_FAIL_IO);
			return -1;
		}
		if (!wait_fd(t->net, t->fd, POLLOUT))
			return -1;
	}
}

/* ---- TLS ------------------------------------------------------------------ */

/* Our own push: MSG_NOSIGNAL, so a dropped peer is an error, not SIGPIPE. */
static ssize_t push_nosignal(gnutls_transport_ptr_t p, const void *buf, size_t n)
{
	return send((int)(intptr_t)p, buf, n, MSG_NOSIGNAL);
}

static ssize_t tls_read(mailstream_low *low, void *buf, size_t n)
{
	struct tls_low *t = low->data;

	t->net->cmd_reading = true;
	for (;;) {
		ssize_t r = gnutls_record_recv(t->sess, buf, n);

		if (r > 0)
			return count_read(t->net, r) ? r : -1;
		if (r == 0) {
			note_fail(t->net, TLS_FAIL_EOF);
			return 0;
		}
		if (r == GNUTLS_E_INTERRUPTED)
			continue;
		/* E_AGAIN also comes after a TLS 1.3 session ticket: loop. */
		if (r != GNUTLS_E_AGAIN) {
			note_fail(t->net, TLS_FAIL_IO);
			return -1;
		}
		if (gnutls_record_check_pending(t->sess) > 0)
			continue;
		if (!wait_fd(t->net, t->fd, POLLIN))
			return -1;
	}
}

static ssize_t tls_write(mailstream_low *low, const void *buf, size_t n)
{
	struct tls_low *t = low->data;

	note_write(t->net);
	for (;;) {
		ssize_t r = gnutls_record_send(t->sess, buf, n);

		if (r >= 0)
			return r;
		if (r == GNUTLS_E_INTERRUPTED)
			continue;
		if (r != GNUTLS_E_AGAIN) {
			note_fail(t->net, TLS_FAIL_IO);
			return -1;
		}
		if (!wait_fd(t->net, t->fd, POLLOUT))
			return -1;
	}
}

/* ---- driver --------------------------------------------------------------- */

static int low_close(mailstream_low *low)
{
	struct tls_low *t = low->data;

	if (t->sess) {
		/* Best effort, never blocks: the fd is non-blocking. */
		(void)gnutls_bye(t->sess, GNUTLS_SHUT_WR);
	}
	if (t->fd >= 0) {
		(void)close(t->fd);
		t->fd = -1;
	}
	return 0;
}

static int low_get_fd(mailstream_low *low)
{
	struct tls_low *t = low->data;

	return t->fd;
}

/* Frees the driver data; the fd stays open unless closed before (STARTTLS
 * frees the plain stream and goes on with its socket). */
static void low_free(mailstream_low *low)
{
	struct tls_low *t = low->data;

	if (t->sess)
		gnutls_deinit(t->sess);
	if (t->cred)
		gnutls_certificate_free_credentials(t->cred);
	free(t);
	low->data = NULL;
	/* mailstream_low_free() freed the identifier already. */
	free(low);
}

static void low_cancel(mailstream_low *low)
{
	(void)low;
}

static mailstream_low_driver plain_driver = {
	.mailstream_read = plain_read,
	.mailstream_write = plain_write,
	.mailstream_close = low_close,
	.mailstream_get_fd = low_get_fd,
	.mailstream_free = low_free,
	.mailstream_cancel = low_cancel,
};

static mailstream_low_driver tls_driver = {
	.mailstream_read = tls_read,
	.mailstream_write = tls_write,
	.mailstream_close = low_close,
	.mailstream_get_fd = low_get_fd,
	.mailstream_free = low_free,
	.mailstream_cancel = low_cancel,
};

int tls_low_fd(mailstream_low *low)
{
	if (!low || (low->driver != &plain_driver && low->driver != &tls_driver))
		return -1;
	return low_get_fd(low);
}

mailstream_low *tls_low_plain(int fd, struct tls_net *net)
{
	struct tls_low *t = calloc(1, sizeof(*t));
	mailstream_low *low;

	if (!t)
		return NULL;
	t->fd = fd;
	t->net = net;
	low = mailstream_low_new(t, &plain_driver);
	if (!low)
		free(t);
	return low;
}

static bool is_ip_literal(const char *host)
{
	unsigned char buf[16];

	return inet_pton(AF_INET, host, buf) == 1 || inet_pton(AF_INET6, host, buf) == 1;
}

/* GnuTLS's words for a failed handshake are for TLS experts ("Error in the
 * pull function"): say what happened, keep theirs in parentheses. */
static const struct {
	int code;
	enum source_status st;
	const char *words;
} handshake_words[] = {
	{GNUTLS_E_PREMATURE_TERMINATION, SRC_TEMPFAIL,
	 "the server closed the connection during the TLS handshake"},
	{GNUTLS_E_PULL_ERROR, SRC_TEMPFAIL, "the server closed the connection during the TLS handshake"},
	{GNUTLS_E_PUSH_ERROR, SRC_TEMPFAIL, "the server closed the connection during the TLS handshake"},
	{GNUTLS_E_UNSUPPORTED_VERSION_PACKET, SRC_CONFIG, "the server offers no TLS 1.2 or newer"},
	/* Plain "* OK ..." where a TLS record should be. */
	{GNUTLS_E_UNEXPECTED_PACKET, SRC_CONFIG,
	 "the server did not answer in TLS (a plain IMAP port? then use tls = \"starttls\")"},
	{GNUTLS_E_UNEXPECTED_PACKET_LENGTH, SRC_CONFIG,
	 "the server did not answer in TLS (a plain IMAP port? then use tls = \"starttls\")"},
	{GNUTLS_E_NO_CIPHER_SUITES, SRC_CONFIG, "the server has no cipher suite in common with bouncer"},
	{GNUTLS_E_INSUFFICIENT_CREDENTIALS, SRC_CONFIG,
	 "the server has no cipher suite in common with bouncer"},
};

/* Why the handshake failed (r = 0: a wait failed, see net->fail), in words;
 * verification failures get GnuTLS's own explanation ("The certificate is
 * NOT trusted...", "The name in the certificate does not match..."). */
static enum source_status handshake_error(struct tls_low *t, int r, const char *host, char *err)
{
	if (r == GNUTLS_E_CERTIFICATE_VERIFICATION_ERROR) {
		gnutls_datum_t out = {0};
		unsigned status = gnutls_session_get_verify_cert_status(t->sess);

		if (gnutls_certificate_verification_status_print(status, GNUTLS_CRT_X509, &out, 0) == 0) {
			str_printf(err, SOURCE_ERR_MAX, "TLS: certificate of %s refused: %s", host,
				   (const char *)out.data);
			gnutls_free(out.data);
		} else {
			str_printf(err, SOURCE_ERR_MAX, "TLS: certificate of %s refused", host);
		}
		return SRC_CONFIG;
	}
	if (r == 0 || t->net->fail != TLS_FAIL_NONE) {
		enum tls_fail f = t->net->fail;

		str_printf(err, SOURCE_ERR_MAX, "TLS handshake with %s failed: %s", host,
			   f == TLS_FAIL_TIMEOUT  ? "the TLS handshake timed out"
			   : f == TLS_FAIL_NONE   ? "the server closed the connection during the TLS handshake"
						  : tls_fail_text(f));
		return SRC_TEMPFAIL;
	}
	for (size_t i = 0; i < sizeof(handshake_words) / sizeof(handshake_words[0]); i++) {
		if (handshake_words[i].code == r) {
			str_printf(err, SOURCE_ERR_MAX, "TLS handshake with %s failed: %s (%s)", host,
				   handshake_words[i].words, gnutls_strerror(r));
			return handshake_words[i].st;
		}
	}
	/* Alerts, bad certificate format...: retrying will not help. */
	if (r == GNUTLS_E_FATAL_ALERT_RECEIVED && gnutls_alert_get(t->sess) == GNUTLS_A_PROTOCOL_VERSION) {
		str_printf(err, SOURCE_ERR_MAX,
			   "TLS handshake with %s failed: the server offers no TLS 1.2 or newer (alert \"%s\")",
			   host, gnutls_alert_get_name(GNUTLS_A_PROTOCOL_VERSION));
	} else if (r == GNUTLS_E_FATAL_ALERT_RECEIVED) {
		str_printf(err, SOURCE_ERR_MAX,
			   "TLS handshake with %s failed: the server refused it (alert \"%s\")", host,
			   gnutls_alert_get_name(gnutls_alert_get(t->sess)));
	} else {
		str_printf(err, SOURCE_ERR_MAX, "TLS handshake with %s failed: %s", host, gnutls_strerror(r));
	}
	return SRC_CONFIG;
}

static enum source_status setup_session(struct tls_low *t, const char *host, const char *ca_file,
					char *err)
{
	const char *errpos = NULL;
	int r;

	if (gnutls_certificate_allocate_credentials(&t->cred) < 0)
		return SRC_NOMEM;
	if (ca_file && *ca_file) {
		r = gnutls_certificate_set_x509_trust_file(t->cred, ca_file, GNUTLS_X509_FMT_PEM);
		if (r <= 0) {
			str_printf(err, SOURCE_ERR_MAX, "TLS: no CA certificate loaded from ca_file %s: %s",
				   ca_file, r < 0 ? gnutls_strerror(r) : "file holds none");
			return SRC_CONFIG;
		}
	} else {
		r = gnutls_certificate_set_x509_system_trust(t->cred);
		if (r <= 0) {
			str_printf(err, SOURCE_ERR_MAX,
				   "TLS: the system trust store is empty or unreadable%s%s; set ca_file",
				   r < 0 ? ": " : "", r < 0 ? gnutls_strerror(r) : "");
			return SRC_CONFIG;
		}
	}
	if (gnutls_init(&t->sess, GNUTLS_CLIENT | GNUTLS_NONBLOCK) < 0) {
		t->sess = NULL;
		return SRC_NOMEM;
	}
	/* TLS 1.2 is the floor: libetpan's default would accept 1.0. */
	r = gnutls_set_default_priority_append(t->sess, "-VERS-TLS1.0:-VERS-TLS1.1:-VERS-DTLS-ALL",
					       &errpos, 0);
	if (r < 0 || gnutls_credentials_set(t->sess, GNUTLS_CRD_CERTIFICATE, t->cred) < 0) {
		str_printf(err, SOURCE_ERR_MAX, "TLS setup failed: %s", gnutls_strerror(r));
		return SRC_CONFIG;
	}
	/* SNI is for DNS names only (RFC 6066); IP literals are checked
	 * against the certificate's IP addresses. */
	if (!is_ip_literal(host) &&
	    gnutls_server_name_set(t->sess, GNUTLS_NAME_DNS, host, strlen(host)) < 0) {
		str_printf(err, SOURCE_ERR_MAX, "TLS: bad server name %s", host);
		return SRC_CONFIG;
	}
	gnutls_session_set_verify_cert(t->sess, host, 0);
	gnutls_transport_set_int(t->sess, t->fd);
	gnutls_transport_set_push_function(t->sess, push_nosignal);
	return SRC_OK;
}

mailstream_low *tls_low_start(int fd, const char *host, const char *ca_file, struct tls_net *net,
			      enum source_status *st_r, char *err)
{
	struct tls_low *t = calloc(1, sizeof(*t));
	mailstream_low *low = NULL;
	enum source_status st;
	int r;

	if (!t) {
		*st_r = SRC_NOMEM;
		str_copy(err, SOURCE_ERR_MAX, "out of memory");
		return NULL;
	}
	t->fd = fd;
	t->net = net;
	/* The handshake belongs to the command before it (connect, STARTTLS). */
	if (!net->cmd_start_ms)
		tls_net_cmd_start(net);
	st = setup_session(t, host, ca_file, err);
	while (st == SRC_OK && (r = gnutls_handshake(t->sess)) < 0) {
		if (r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED) {
			short ev = gnutls_record_get_direction(t->sess) ? POLLOUT : POLLIN;

			if (wait_fd(net, fd, ev))
				continue;
			r = 0;
		}
		st = handshake_error(t, r, host, err);
	}
	if (st == SRC_OK && !(low = mailstream_low_new(t, &tls_driver))) {
		st = SRC_NOMEM;
		str_copy(err, SOURCE_ERR_MAX, "out of memory");
	}
	if (st != SRC_OK) {
		if (st == SRC_NOMEM && !*err)
			str_copy(err, SOURCE_ERR_MAX, "out of memory");
		if (t->sess)
			gnutls_deinit(t->sess);
		if (t->cred)
			gnutls_certificate_free_credentials(t->cred);
		free(t);
		*st_r = st;
		return NULL;
	}
	/* GnuTLS read the handshake itself: the client's next write starts
	 * a new command. */
	net->cmd_reading = true;
	*st_r = SRC_OK;
	return low;
}
