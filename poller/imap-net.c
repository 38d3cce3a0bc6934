/* imap-net.c: DNS lookup and TCP connect, each with a bounded wait. */
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <unistd.h>

#include <netinet/in.h>

#include "poller/imap-private.h"
#include "util/str.h"

/* One address: non-blocking connect, then poll for completion. Returns the
 * socket, or -1 with errno set. */
static int connect_one(const struct addrinfo *ai, struct tls_net *net)
{
	int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
	int soerr = 0;
	socklen_t len = sizeof(soerr);

	if (fd < 0)
		return -1;
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
		return fd;
	if (errno != EINPROGRESS)
		goto fail;
	for (;;) {
		struct pollfd p = {.fd = fd, .events = POLLOUT};
		int ms = tls_net_wait_ms(net);
		int r = ms ? poll(&p, 1, ms) : 0;

		if (r > 0)
			break;
		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0) {
			tls_net_note_timeout(net);
			errno = ETIMEDOUT;
		}
		goto fail;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) < 0)
		goto fail;
	if (soerr == 0)
		return fd;
	errno = soerr;
fail:
	soerr = errno;
	(void)close(fd);
	errno = soerr;
	return -1;
}

/* One lookup for getaddrinfo_a(): glibc's resolver thread writes into it
 * until the request is done or cancelled. */
struct lookup {
	struct gaicb cb;
	struct addrinfo hints;
	char host[IMAP_NAME_MAX];
	char port[16];
	struct lookup *next;
};

/* Lookups we stopped waiting for while the resolver thread still worked
 * on them: they cannot be freed until it is done. The next lookup frees
 * those that are (the caller is single-threaded, like all of bouncer). */
static struct lookup *abandoned;

static void sweep_abandoned(void)
{
	struct lookup **p = &abandoned;

	while (*p) {
		struct lookup *l = *p;

		if (gai_error(&l->cb) == EAI_INPROGRESS) {
			p = &l->next;
			continue;
		}
		*p = l->next;
		if (l->cb.ar_result)
			freeaddrinfo(l->cb.ar_result);
		free(l);
	}
}

static long long mono_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) < 0)
		return 0;
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* An IP literal needs no resolver, and no thread. */
static bool numeric(const char *host, const char *port, struct addrinfo **res_r)
{
	struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
				 .ai_flags = AI_NUMERICHOST | AI_NUMERICSERV};

	return getaddrinfo(host, port, &hints, res_r) == 0;
}

static enum source_status no_answer(const char *host, const struct tls_net *net, char *err)
{
	str_printf(err, SOURCE_ERR_MAX,
		   "cannot resolve IMAP host %s: no answer from the DNS resolver (%s)", host,
		   tls_fail_text(net->fail));
	return SRC_TEMPFAIL;
}

/* getaddrinfo() waits as long as resolv.conf says (timeout x attempts x
 * servers, 30 s and more); getaddrinfo_a() lets us stop at our own
 * per-wait timeout and the run deadline. */
static enum source_status resolve(const char *host, int port, struct tls_net *net,
				  struct addrinfo **res_r, char *err)
{
	struct lookup *l;
	struct gaicb *list[1];
	long long end_ms;
	int r, wait_ms;

	sweep_abandoned();
	if (!(l = calloc(1, sizeof(*l))))
		return SRC_NOMEM;
	str_copy(l->host, sizeof(l->host), host);
	(void)snprintf(l->port, sizeof(l->port), "%d", port);
	if (numeric(l->host, l->port, res_r)) {
		free(l);
		return SRC_OK;
	}
	l->hints.ai_family = AF_UNSPEC;
	l->hints.ai_socktype = SOCK_STREAM;
	l->cb.ar_name = l->host;
	l->cb.ar_service = l->port;
	l->cb.ar_request = &l->hints;
	list[0] = &l->cb;
	/* The whole lookup is one wait. gai_suspend()'s return value does not
	 * tell a timeout (glibc 2.36 gives EAI_SYSTEM, not the documented
	 * EAI_AGAIN): the clock decides. */
	wait_ms = tls_net_wait_ms(net);
	if (wait_ms == 0) {
		free(l);
		return no_answer(host, net, err);
	}
	end_ms = mono_ms() + wait_ms;
	r = getaddrinfo_a(GAI_NOWAIT, list, 1, NULL);
	while (r == 0 && (r = gai_error(&l->cb)) == EAI_INPROGRESS) {
		long long left = end_ms - mono_ms();
		int ms = tls_net_wait_ms(net);
		struct timespec ts;

		if (ms == 0)
			break;
		if (left <= 0) {
			tls_net_note_timeout(net);
			break;
		}
		if (left < ms)
			ms = (int)left;
		ts.tv_sec = ms / 1000;
		ts.tv_nsec = (long)(ms % 1000) * 1000000;
		(void)gai_suspend((const struct gaicb *const *)list, 1, &ts);
		r = 0; /* done, timed out or EAI_INTR: ask gai_error() again */
	}
	if (r == EAI_INPROGRESS) {
		r = gai_cancel(&l->cb);
		if (r == EAI_ALLDONE && l->cb.ar_result)
			freeaddrinfo(l->cb.ar_result);
		if (r == EAI_NOTCANCELED) {
			l->next = abandoned;
			abandoned = l;
		} else {
			free(l);
		}
		return no_answer(host, net, err);
	}
	if (r != 0) {
		free(l);
		if (r == EAI_MEMORY)
			return SRC_NOMEM;
		str_printf(err, SOURCE_ERR_MAX, "cannot resolve IMAP host %s: %s", host, gai_strerror(r));
		/* A name that does not exist is a setting to fix; a resolver
		 * that does not answer may come back. */
		return r == EAI_NONAME ? SRC_CONFIG : SRC_TEMPFAIL;
	}
	*res_r = l->cb.ar_result;
	free(l);
	return SRC_OK;
}

enum source_status imap_net_connect(const char *host, int port, struct tls_net *net, int *fd_r,
				    char *err)
{
	struct addrinfo *res = NULL, *ai;
	enum source_status st;
	int fd = -1, last = ECONNREFUSED;

	/* Lookup, connect, TLS and greeting count as one command. */
	tls_net_cmd_start(net);
	st = resolve(host, port, net, &res, err);
	if (st != SRC_OK)
		return st;
	/* Try every address (localhost may be ::1 first) until one answers. */
	for (ai = res; ai && fd < 0; ai = ai->ai_next) {
		fd = connect_one(ai, net);
		if (fd < 0)
			last = errno;
		if (net->fail == TLS_FAIL_DEADLINE || net->fail == TLS_FAIL_SLOW)
			break;
	}
	freeaddrinfo(res);
	if (fd < 0) {
		str_printf(err, SOURCE_ERR_MAX, "cannot connect to IMAP server %s:%d: %s", host, port,
			   net->fail == TLS_FAIL_DEADLINE || net->fail == TLS_FAIL_SLOW
				   ? tls_fail_text(net->fail)
				   : strerror(last));
		return SRC_TEMPFAIL;
	}
	net->fail = TLS_FAIL_NONE;
	*fd_r = fd;
	return SRC_OK;
}

bool imap_net_peer_is_loopback(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (getpeername(fd, (struct sockaddr *)&ss, &len) < 0)
		return false;
	if (ss.ss_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)&ss;

		return (ntohl(in->sin_addr.s_addr) >> 24) == 127;
	}
	if (ss.ss_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)&ss;

		return IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr);
	}
	return false;
}
