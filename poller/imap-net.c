/* imap-net.c: TCP connect with a bounded wait. */
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
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
			if (net->fail == TLS_FAIL_NONE)
				net->fail = TLS_FAIL_TIMEOUT;
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

enum source_status imap_net_connect(const char *host, int port, struct tls_net *net, int *fd_r,
				    char *err)
{
	struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM};
	struct addrinfo *res = NULL, *ai;
	char portstr[16];
	int r, fd = -1, last = ECONNREFUSED;

	(void)snprintf(portstr, sizeof(portstr), "%d", port);
	r = getaddrinfo(host, portstr, &hints, &res);
	if (r != 0) {
		str_printf(err, SOURCE_ERR_MAX, "cannot resolve IMAP host %s: %s", host, gai_strerror(r));
		/* A name that does not exist is a setting to fix; a resolver
		 * that does not answer may come back. */
		return r == EAI_NONAME ? SRC_CONFIG : SRC_TEMPFAIL;
	}
	/* Try every address (localhost may be ::1 first) until one answers. */
	for (ai = res; ai && fd < 0; ai = ai->ai_next) {
		fd = connect_one(ai, net);
		if (fd < 0)
			last = errno;
		if (net->fail == TLS_FAIL_DEADLINE)
			break;
	}
	freeaddrinfo(res);
	if (fd < 0) {
		str_printf(err, SOURCE_ERR_MAX, "cannot connect to IMAP server %s:%d: %s", host, port,
			   net->fail == TLS_FAIL_DEADLINE ? tls_fail_text(net->fail) : strerror(last));
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
