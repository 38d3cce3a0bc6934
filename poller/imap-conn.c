/* imap-conn.c: connect, TLS or STARTTLS, LOGIN, capabilities.
 *
 * Order matters for security: the certificate is verified inside the TLS
 * handshake (tls.c), before the greeting is even read; STARTTLS that is
 * not offered or fails ends the session (never a plaintext fallback); the
 * password is sent only after that.
 */
#include <string.h>
#include <unistd.h>

#include "poller/imap-private.h"
#include "util/str.h"

static bool connected(int r)
{
	/* mailimap_connect() returns these on success, not 0. */
	return r == MAILIMAP_NO_ERROR_NON_AUTHENTICATED || r == MAILIMAP_NO_ERROR_AUTHENTICATED;
}

/* CAPABILITY again: it changes after STARTTLS and LOGIN, and libetpan
 * keeps the old list otherwise. */
static enum source_status refresh_caps(struct imap_impl *t, char *err)
{
	struct mailimap_capability_data *caps = NULL;
	int r = mailimap_capability(t->imap, &caps);

	if (r != MAILIMAP_NO_ERROR)
		return imap_fail(t, r, SRC_TEMPFAIL, err, "CAPABILITY");
	mailimap_capability_data_free(caps);
	return SRC_OK;
}

/* STARTTLS, then our own TLS stream on the same socket. */
static enum source_status starttls(struct imap_impl *t, const struct imap_source_options *o,
				   char *err)
{
	mailstream_low *old, *tls;
	enum source_status st;
	int r, fd;

	st = refresh_caps(t, err);
	if (st != SRC_OK)
		return st;
	if (!mailimap_has_extension(t->imap, "STARTTLS")) {
		str_printf(err, SOURCE_ERR_MAX,
			   "IMAP server %s does not offer STARTTLS: refusing to log in without TLS "
			   "(use tls = \"imaps\", or fix the server)",
			   t->where);
		return SRC_CONFIG;
	}
	/* Debian's libetpan refuses a response injected after the OK here
	 * (CVE-2020-15953), so the buffer is empty when TLS starts. */
	r = mailimap_starttls(t->imap);
	if (r != MAILIMAP_NO_ERROR)
		return imap_fail(t, r, SRC_CONFIG, err, "STARTTLS refused");
	old = mailstream_get_low(t->imap->imap_stream);
	fd = tls_low_fd(old);
	if (fd < 0) {
		str_copy(err, SOURCE_ERR_MAX, "STARTTLS: internal error: not our stream");
		return SRC_CONFIG;
	}
	tls = tls_low_start(fd, t->host, o->ca_file, &t->net, &st, err);
	if (!tls) {
		t->broken = true;
		return st;
	}
	mailstream_set_low(t->imap->imap_stream, tls);
	mailstream_low_free(old); /* frees the plain driver, keeps the socket */
	return refresh_caps(t, err);
}

static enum source_status login(struct imap_impl *t, const struct imap_source_options *o, char *err)
{
	int r;

	t->in_login = true;
	r = mailimap_login(t->imap, o->username, o->password);
	t->in_login = false;
	if (r != MAILIMAP_NO_ERROR)
		return imap_fail(t, r, SRC_CONFIG, err, "login as %s refused", o->username);
	return SRC_OK;
}

enum source_status imap_conn_open(struct imap_impl *t, const struct imap_source_options *o,
				  char *err)
{
	mailstream_low *low;
	mailstream *stream;
	enum source_status st;
	int fd = -1, r;

	st = imap_net_connect(t->host, t->port, &t->net, &fd, err);
	if (st != SRC_OK)
		return st;
	if (o->tls == IMAP_TLS_MODE_NONE)
		imap_log(t, IMAP_LOG_WARN,
			 "%s: tls = none: the password and all mail cross the network in clear%s",
			 t->where,
			 imap_net_peer_is_loopback(fd) ? " (loopback only)" : " (NOT a loopback address)");
	if (o->tls == IMAP_TLS_MODE_IMAPS) {
		low = tls_low_start(fd, t->host, o->ca_file, &t->net, &st, err);
		if (!low) {
			close(fd);
			return st;
		}
	} else if (!(low = tls_low_plain(fd, &t->net))) {
		close(fd);
		return SRC_NOMEM;
	}
	stream = mailstream_new(low, 8192);
	if (!stream) {
		mailstream_low_close(low);
		mailstream_low_free(low);
		return SRC_NOMEM;
	}
	t->imap = mailimap_new(0, NULL);
	if (!t->imap) {
		mailstream_close(stream);
		return SRC_NOMEM;
	}
	mailimap_set_timeout(t->imap, t->net.timeout_ms / 1000);
	if (t->verbosity >= 2)
		mailimap_set_logger(t->imap, imap_trace_logger, t);
	/* From here on the session owns the stream (mailimap_free closes it). */
	r = mailimap_connect(t->imap, stream);
	if (!connected(r))
		return imap_fail(t, r, SRC_TEMPFAIL, err, "no usable IMAP greeting");
	if (o->tls == IMAP_TLS_MODE_STARTTLS && (st = starttls(t, o, err)) != SRC_OK)
		return st;
	if (r != MAILIMAP_NO_ERROR_AUTHENTICATED && (st = login(t, o, err)) != SRC_OK)
		return st;
	if ((st = refresh_caps(t, err)) != SRC_OK)
		return st;
	t->has_move = mailimap_has_extension(t->imap, "MOVE");
	t->has_uidplus = mailimap_has_uidplus(t->imap);
	imap_log(t, IMAP_LOG_INFO, "%s: logged in as %s (MOVE %s, UIDPLUS %s)", t->where, t->user,
		 t->has_move ? "yes" : "no", t->has_uidplus ? "yes" : "no");
	return SRC_OK;
}
