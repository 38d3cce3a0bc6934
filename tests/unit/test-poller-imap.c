/* test-poller-imap.c: the IMAP source.
 *
 * Without a server: option checks, unreachable and silent servers, the
 * run deadline, redaction in the protocol trace.
 * With a real Dovecot (tests/e2e/t-imap.sh starts one and sets
 * DOVECOT_DIR, IMAP_PORT, ...; otherwise these tests print "skip"): fetch,
 * dispose and move in batches, partial bodies, resume, UIDVALIDITY change,
 * IMAPS / STARTTLS / plaintext, untrusted CA and wrong host name refused,
 * wrong password, missing mailbox, dropped connection, stopped server.
 * IMAP_TEST_MODE=nomove or nomove-nouidplus runs only the move fallback
 * against a Dovecot started without those capabilities; sni, the SNI
 * checks against one started with DOVECOT_SNI=1; dns (with IMAP_DNS_HOST),
 * the lookup against a resolver that never answers (t-imap-dns.sh).
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "poller/imap-private.h"
#include "poller/imap.h"
#include "tests/unit/harness.h"
#include "util/str.h"

#define BATCH 8

/* libetpan 1.9.4's mailimap_connect() does not free a BYE greeting
 * (66 bytes per refused connection); not ours to fix, so LeakSanitizer
 * is told to ignore exactly that allocation. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:mailimap_greeting_new\n";
}

static char logbuf[65536];
static size_t loglen;

static void collect(void *arg, enum imap_log_level lv, const char *line)
{
	(void)arg;
	(void)lv;
	if (loglen + strlen(line) + 2 < sizeof(logbuf)) {
		memcpy(logbuf + loglen, line, strlen(line));
		loglen += strlen(line);
		logbuf[loglen++] = '\n';
		logbuf[loglen] = '\0';
	}
}

static void log_reset(void)
{
	loglen = 0;
	logbuf[0] = '\0';
}

static const char *env(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

static bool have_dovecot(void)
{
	return env("DOVECOT_DIR") && env("IMAP_PORT") && env("IMAPS_PORT") && env("IMAP_CA");
}

/* Options for the test server over IMAPS, with the test CA. */
static struct imap_source_options server_opts(void)
{
	struct imap_source_options o = {0};

	o.host = env("IMAP_NAME") ? env("IMAP_NAME") : "localhost";
	o.port = have_dovecot() ? atoi(env("IMAPS_PORT")) : 1;
	o.tls = IMAP_TLS_MODE_IMAPS;
	o.ca_file = env("IMAP_CA");
	o.username = env("IMAP_USER") ? env("IMAP_USER") : "test";
	o.password = env("IMAP_PASS") ? env("IMAP_PASS") : "secret";
	o.timeout_s = 10;
	o.log = collect;
	return o;
}

/* A port on 127.0.0.1 where nothing listens (bound, then closed). */
static int closed_port(void)
{
	struct sockaddr_in a = {.sin_family = AF_INET};
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &len) < 0)
		return 1;
	port = ntohs(a.sin_port);
	close(fd);
	return port;
}

/* A listener that accepts at kernel level but never says anything. */
static int silent_listener(int *port)
{
	struct sockaddr_in a = {.sin_family = AF_INET};
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(fd, 4) < 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &len) < 0)
		return -1;
	*port = ntohs(a.sin_port);
	return fd;
}

/* ---- without a server ------------------------------------------------------ */

static void test_options(void)
{
	struct imap_source_options o = server_opts();
	struct source *s = (struct source *)1;
	char err[SOURCE_ERR_MAX];
	struct {
		const char *what;
		const char *processed, *mailbox, *host;
		bool plain, allow;
		const char *want;
	} rows[] = {
		{"plaintext refused", NULL, NULL, "127.0.0.1", true, false, "allow_plaintext"},
		{"wildcard folder", "Pro*", NULL, "127.0.0.1", false, false, "processed folder"},
		{"folder = mailbox", "INBOX", NULL, "127.0.0.1", false, false, "not the mailbox"},
		{"8-bit mailbox", NULL, "Bo\xc3\xaete", "127.0.0.1", false, false, "mailbox name"},
		{"no host", NULL, NULL, "", false, false, "host missing"},
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		o = server_opts();
		o.port = closed_port();
		o.host = rows[i].host;
		o.processed = rows[i].processed;
		o.mailbox = rows[i].mailbox;
		o.tls = rows[i].plain ? IMAP_TLS_MODE_NONE : IMAP_TLS_MODE_IMAPS;
		o.allow_plaintext = rows[i].allow;
		CHECK_INT(imap_open(&o, &s, err), SRC_CONFIG, "options: %s -> SRC_CONFIG", rows[i].what);
		CHECK(s == NULL, "options: %s -> no source", rows[i].what);
		CHECK(strstr(err, rows[i].want) != NULL, "options: %s: error says \"%s\" (%s)",
		      rows[i].what, rows[i].want, err);
	}
	o = server_opts();
	o.password = NULL;
	CHECK_INT(imap_open(&o, &s, err), SRC_CONFIG, "options: no password -> SRC_CONFIG");
}

static void test_state_key(void)
{
	struct imap_source_options o = {.host = "mx.example", .username = "b", .tls = IMAP_TLS_MODE_IMAPS};
	char key[256];

	CHECK(imap_state_key(&o, key, sizeof(key)), "state key fits");
	CHECK_STR(key, "imap://b@mx.example:993/INBOX", "state key: default port and mailbox");
	o.tls = IMAP_TLS_MODE_STARTTLS;
	o.mailbox = "Bounces";
	CHECK(imap_state_key(&o, key, sizeof(key)), "state key fits (starttls)");
	CHECK_STR(key, "imap://b@mx.example:143/Bounces", "state key: port 143 for starttls");
	CHECK(!imap_state_key(&o, key, 10), "state key: too small a buffer is reported");
}

static void test_unreachable(void)
{
	struct imap_source_options o = server_opts();
	struct source *s = NULL;
	char err[SOURCE_ERR_MAX], where[64];

	o.host = "127.0.0.1";
	o.port = closed_port();
	snprintf(where, sizeof(where), "127.0.0.1:%d", o.port);
	CHECK_INT(imap_open(&o, &s, err), SRC_TEMPFAIL, "closed port -> SRC_TEMPFAIL");
	CHECK(strstr(err, where) != NULL, "closed port: error names %s (%s)", where, err);
}

static void test_silent_server(void)
{
	struct imap_source_options o = server_opts();
	struct source *s = NULL;
	char err[SOURCE_ERR_MAX];
	int port = 0, fd = silent_listener(&port);

	if (fd < 0) {
		SKIP("silent server: cannot listen");
		return;
	}
	o.host = "127.0.0.1";
	o.port = port;
	o.tls = IMAP_TLS_MODE_NONE;
	o.allow_plaintext = true;
	o.timeout_s = 1;
	CHECK_INT(imap_open(&o, &s, err), SRC_TEMPFAIL, "no greeting -> SRC_TEMPFAIL");
	CHECK(strstr(err, "timed out") != NULL, "no greeting: error says timed out (%s)", err);
	o.tls = IMAP_TLS_MODE_IMAPS;
	CHECK_INT(imap_open(&o, &s, err), SRC_TEMPFAIL, "no TLS handshake -> SRC_TEMPFAIL");
	CHECK(strstr(err, "the TLS handshake timed out") != NULL, "no TLS handshake: error says so (%s)",
	      err);
	o.timeout_s = 30;
	o.deadline = time(NULL) + 1;
	CHECK_INT(imap_open(&o, &s, err), SRC_TEMPFAIL, "run deadline -> SRC_TEMPFAIL");
	CHECK(strstr(err, "deadline") != NULL, "run deadline: error says deadline (%s)", err);
	o.deadline = time(NULL) - 1;
	CHECK_INT(imap_open(&o, &s, err), SRC_TEMPFAIL, "deadline already past -> SRC_TEMPFAIL");
	close(fd);
}

/* Listen on a free port (*port) and fork: the parent gets the child's pid
 * (-1 when it cannot), the child 0 and in *fd the one connection it
 * accepted (it exits 1 when none comes). */
static pid_t fork_server(int *port, int *fd)
{
	int lfd = silent_listener(port);
	pid_t pid;

	if (lfd < 0)
		return -1;
	pid = fork();
	if (pid != 0) {
		close(lfd);
		return pid;
	}
	*fd = accept(lfd, NULL, NULL);
	if (*fd < 0)
		_exit(1);
	return 0;
}

/* A fake IMAP server in a child process, for what Dovecot will not do:
 * it sends `greeting`, answers CAPABILITY without STARTTLS, refuses
 * STARTTLS, says BYE to LOGOUT, and exits when the client goes. */
static pid_t fake_server(const char *greeting, int *port)
{
	int fd;
	pid_t pid = fork_server(port, &fd);

	if (pid != 0)
		return pid;
	FILE *in = fdopen(fd, "r");
	char line[512], tag[32];

	if (!in)
		_exit(1);
	if (write(fd, greeting, strlen(greeting)) < 0)
		_exit(1);
	while (fgets(line, sizeof(line), in)) {
		char out[600];

		if (sscanf(line, "%31s", tag) != 1)
			break;
		if (strstr(line, " CAPABILITY"))
			snprintf(out, sizeof(out), "* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n%s OK done\r\n", tag);
		else if (strstr(line, " LOGIN "))
			snprintf(out, sizeof(out), "%s OK logged in\r\n", tag);
		else if (strstr(line, " SELECT "))
			snprintf(out, sizeof(out),
				 "* 1 EXISTS\r\n* OK [UIDVALIDITY 7] v\r\n* OK [UIDNEXT 2] n\r\n"
				 "%s OK [READ-WRITE] selected\r\n",
				 tag);
		else if (strstr(line, " UID FETCH ") && !strstr(line, "BODY"))
			snprintf(out, sizeof(out), "* 1 FETCH (UID 1 RFC822.SIZE 10)\r\n%s OK done\r\n", tag);
		else if (strstr(line, " UID FETCH ")) {
			/* Claims 10 bytes, sends 300 kB: must not be swallowed. */
			static char big[300000];
			const char *head = "* 1 FETCH (UID 1 RFC822.SIZE 10 BODY[]<0> {300000}\r\n";

			memset(big, 'x', sizeof(big));
			if (write(fd, head, strlen(head)) < 0 || write(fd, big, sizeof(big)) < 0)
				break;
			snprintf(out, sizeof(out), ")\r\n%s OK done\r\n", tag);
		} else if (strstr(line, " LOGOUT"))
			snprintf(out, sizeof(out), "* BYE bye\r\n%s OK done\r\n", tag);
		else
			snprintf(out, sizeof(out), "%s NO not here\r\n", tag);
		if (write(fd, out, strlen(out)) < 0)
			break;
	}
	_exit(0);
}

static void test_fake_servers(void)
{
	struct imap_source_options o = server_opts();
	struct source *s = NULL;
	char err[SOURCE_ERR_MAX];
	int port = 0, status;
	pid_t pid;

	pid = fake_server("* OK [CAPABILITY IMAP4rev1] fake ready\r\n", &port);
	if (pid < 0) {
		SKIP("fake server: cannot listen or fork");
		return;
	}
	o.host = "127.0.0.1";
	o.port = port;
	o.tls = IMAP_TLS_MODE_STARTTLS;
	o.timeout_s = 5;
	CHECK_INT(imap_open(&o, &s, err), SRC_CONFIG, "STARTTLS not offered -> SRC_CONFIG");
	CHECK(strstr(err, "does not offer STARTTLS") != NULL, "STARTTLS not offered: no plaintext fallback (%s)",
	      err);
	waitpid(pid, &status, 0);

	pid = fake_server("* OK fake ready\r\n", &port);
	o.port = port;
	o.tls = IMAP_TLS_MODE_NONE;
	o.allow_plaintext = true;
	CHECK_INT(imap_open(&o, &s, err), SRC_OK, "lying server: open (%s)", err);
	if (s) {
		struct raw_message batch[2];
		size_t n = 9;

		CHECK_INT(source_fetch(s, batch, 2, &n, err), SRC_TEMPFAIL,
			  "a body far larger than RFC822.SIZE -> SRC_TEMPFAIL");
		CHECK(strstr(err, "far more than was asked") != NULL, "lying server: says so (%s)", err);
		CHECK_INT(n, 0, "lying server: nothing handed out");
		source_free(&s);
	}
	if (pid > 0)
		waitpid(pid, &status, 0);

	pid = fake_server("220 smtp.example ESMTP, not IMAP\r\n", &port);
	o.port = port;
	CHECK_INT(imap_open(&o, &s, err), SRC_TEMPFAIL, "not an IMAP server -> SRC_TEMPFAIL");
	CHECK(strstr(err, "could not be parsed") != NULL, "not an IMAP server: says so (%s)", err);
	if (pid > 0)
		waitpid(pid, &status, 0);

	pid = fake_server("* BYE too busy, come back later\r\n", &port);
	o.port = port;
	o.tls = IMAP_TLS_MODE_NONE;
	o.allow_plaintext = true;
	CHECK_INT(imap_open(&o, &s, err), SRC_TEMPFAIL, "BYE greeting -> SRC_TEMPFAIL");
	CHECK(strstr(err, "greeting") != NULL, "BYE greeting: error says so (%s)", err);
	if (pid > 0)
		waitpid(pid, &status, 0);
}

/* A server that reads the ClientHello and hangs up: with FIN (GnuTLS:
 * "non-properly terminated") or, with SO_LINGER 0, RST ("Error in the
 * pull function"). */
static pid_t hangup_server(bool reset, int *port)
{
	int fd;
	pid_t pid = fork_server(port, &fd);

	if (pid != 0)
		return pid;
	char hello[4096];
	struct linger lg = {.l_onoff = 1, .l_linger = 0};

	if (read(fd, hello, sizeof(hello)) <= 0)
		_exit(1);
	if (reset)
		(void)setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	close(fd);
	_exit(0);
}

static void test_handshake_closed(void)
{
	struct imap_source_options o = server_opts();
	struct source *s = NULL;
	char err[SOURCE_ERR_MAX];
	const struct {
		bool reset;
		const char *gnutls;
	} rows[] = {{false, "(The TLS connection was non-properly terminated"},
		    {true, "(Error in the pull function"}};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		int port = 0, status;
		pid_t pid = hangup_server(rows[i].reset, &port);

		if (pid < 0) {
			SKIP("hang-up server: cannot listen or fork");
			return;
		}
		o.host = "127.0.0.1";
		o.port = port;
		o.timeout_s = 5;
		CHECK_INT(imap_open(&o, &s, err), SRC_TEMPFAIL, "closed in the handshake (%s) -> SRC_TEMPFAIL",
			  rows[i].reset ? "RST" : "FIN");
		CHECK(strstr(err, "the server closed the connection during the TLS handshake") != NULL,
		      "closed in the handshake (%s): said in words (%s)", rows[i].reset ? "RST" : "FIN", err);
		CHECK(strstr(err, rows[i].gnutls) != NULL, "closed in the handshake (%s): GnuTLS's text kept",
		      rows[i].reset ? "RST" : "FIN");
		waitpid(pid, &status, 0);
	}
}

/* A server that greets, then never answers LOGIN; exits 3 if a LOGOUT
 * still comes on that dead connection, 0 when the client just closes. */
static pid_t mute_after_login_server(int *port)
{
	int fd;
	pid_t pid = fork_server(port, &fd);

	if (pid != 0)
		return pid;
	FILE *in = fdopen(fd, "r");
	char line[512];

	if (!in || write(fd, "* OK mute\r\n", 11) != 11)
		_exit(1);
	while (fgets(line, sizeof(line), in))
		if (strstr(line, "LOGOUT"))
			_exit(3);
	_exit(0);
}

static void test_no_logout_when_broken(void)
{
	struct imap_source_options o = server_opts();
	struct source *s = NULL;
	char err[SOURCE_ERR_MAX];
	int port = 0, status = 0;
	pid_t pid = mute_after_login_server(&port);

	if (pid < 0) {
		SKIP("mute server: cannot listen or fork");
		return;
	}
	o.host = "127.0.0.1";
	o.port = port;
	o.tls = IMAP_TLS_MODE_NONE;
	o.allow_plaintext = true;
	o.timeout_s = 1;
	CHECK_INT(imap_open(&o, &s, err), SRC_TEMPFAIL, "no answer to LOGIN -> SRC_TEMPFAIL (%s)", err);
	waitpid(pid, &status, 0);
	/* libetpan's mailimap_free() would send one, and wait again. */
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "no answer to LOGIN: no LOGOUT sent on the dead connection (server exit %d)",
	      WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

/* A server that sends one byte every 50 ms, forever: each wait is short,
 * so only the command's time limit (TLS_CMD_TIMEOUTS x timeout) stops it. */
static void test_trickle(void)
{
	int sv[2], status;
	struct tls_net net = {.timeout_ms = 500};
	mailstream_low *low;
	char err[SOURCE_ERR_MAX] = "";
	size_t got = 0;
	char c;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0 || (pid = fork()) < 0) {
		SKIP("trickle: no socketpair or fork");
		return;
	}
	if (pid == 0) {
		close(sv[0]);
		while (write(sv[1], "*", 1) == 1)
			usleep(50000);
		_exit(0);
	}
	close(sv[1]);
	(void)fcntl(sv[0], F_SETFL, O_NONBLOCK);
	tls_net_cmd_start(&net);
	/* imap_open() loads libetpan; here we make a stream without it */
	CHECK_INT(imap_lib_load(err), SRC_OK, "trickle: libetpan and GnuTLS load (%s)", err);
	low = tls_low_plain(sv[0], &net);
	if (!low) {
		SKIP("trickle: out of memory");
		close(sv[0]);
	} else {
		/* the driver's read, which mailstream_low_read() calls */
		while (low->driver->mailstream_read(low, &c, 1) == 1)
			got++;
		CHECK_INT(net.fail, TLS_FAIL_SLOW, "trickle: stopped by the command's time limit");
		/* 100 expected (5 s / 50 ms); more than 10 = longer than one timeout. */
		CHECK(got > (size_t)TLS_CMD_TIMEOUTS, "trickle: bytes kept coming (%zu)", got);
		CHECK(strstr(tls_fail_text(net.fail), "too slowly") != NULL, "trickle: says why (%s)",
		      tls_fail_text(net.fail));
		mailstream_low_close(low);
		mailstream_low_free(low);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
}

static void test_trace_redaction(void)
{
	struct imap_impl t = {.verbosity = 2, .log = collect};
	const char *login = "A001 LOGIN bounces hunter2\r\n";

	log_reset();
	imap_trace_logger(NULL, MAILSTREAM_LOG_TYPE_DATA_SENT_PRIVATE, login, strlen(login), &t);
	t.in_login = true;
	imap_trace_logger(NULL, MAILSTREAM_LOG_TYPE_DATA_SENT, "hunter2\r\n", 9, &t);
	t.in_login = false;
	imap_trace_logger(NULL, MAILSTREAM_LOG_TYPE_DATA_RECEIVED, "* OK [\x01] hi\r\n", 13, &t);
	CHECK(strstr(logbuf, "hunter2") == NULL, "trace: password never shown");
	CHECK(strstr(logbuf, "C: <28 bytes of credentials redacted>") != NULL, "trace: private data redacted");
	CHECK(strstr(logbuf, "C: <9 bytes of login redacted>") != NULL, "trace: data sent during LOGIN redacted");
	CHECK(strstr(logbuf, "S: * OK [?] hi\n") != NULL, "trace: control bytes shown as ?, one line as is");
}

/* ---- with Dovecot ------------------------------------------------------------ */

static const char *dovecot_sh(void)
{
	return env("DOVECOT_SH") ? env("DOVECOT_SH") : "tests/lib/dovecot.sh";
}

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

/* Messages in a folder, from doveadm; -1 when it cannot tell. */
static long count(const char *folder)
{
	char cmd[1024], line[64] = "";
	FILE *p;
	long n = -1;

	snprintf(cmd, sizeof(cmd),
		 "doveadm -c '%s/dovecot.conf' -f flow mailbox status -u '%s' messages '%s' 2>/dev/null",
		 env("DOVECOT_DIR"), env("IMAP_USER") ? env("IMAP_USER") : "test", folder);
	p = popen(cmd, "r");
	if (!p)
		return -1;
	/* "INBOX messages=3" */
	if (fgets(line, sizeof(line), p) && strstr(line, "messages="))
		n = atol(strstr(line, "messages=") + 9);
	pclose(p);
	return n;
}

/* Write n messages (CRLF, as an IMAP server serves them) of about `size`
 * bytes into the server's INBOX. Returns false on failure. */
static bool import(int n, size_t size, const char *tag)
{
	char dir[] = "/tmp/bouncer-imap-XXXXXX";
	char files[4096] = "", path[512];
	bool ok = true;

	if (!mkdtemp(dir))
		return false;
	for (int i = 0; i < n && ok; i++) {
		FILE *f;

		snprintf(path, sizeof(path), "%s/%03d.eml", dir, i);
		f = fopen(path, "w");
		if (!f)
			return false;
		fprintf(f, "From: MAILER-DAEMON@example.org\r\nTo: bounces@example.com\r\n"
			   "Subject: %s %d\r\nMessage-ID: <%s-%d@test>\r\n\r\n",
			   tag, i, tag, i);
		for (size_t b = 0; b < size; b += 50)
			fprintf(f, "line %05zu of a test bounce body, not much else..\r\n", b / 50);
		ok = fclose(f) == 0;
		strncat(files, " ", sizeof(files) - strlen(files) - 1);
		strncat(files, path, sizeof(files) - strlen(files) - 1);
	}
	ok = ok && sh("sh %s import '%s' %s", dovecot_sh(), env("DOVECOT_DIR"), files) == 0;
	sh("rm -rf '%s'", dir);
	return ok;
}

/* Fetch everything, disposing each message by `disp[i % nd]`, committing per
 * batch. Returns the number fetched, -1 on error. */
static long drain(struct source *s, size_t batch_max, const enum disposition *disp, size_t nd,
		  char *err)
{
	struct raw_message batch[BATCH];
	long total = 0;
	size_t n;

	for (;;) {
		enum source_status st = source_fetch(s, batch, batch_max, &n, err);

		if (st == SRC_END || (st == SRC_OK && n == 0))
			return total;
		if (st != SRC_OK)
			return -1;
		for (size_t i = 0; i < n; i++)
			if (source_dispose(s, &batch[i], disp[(size_t)(total + (long)i) % nd], err) != SRC_OK)
				return -1;
		total += (long)n;
		if (source_commit(s, err) != SRC_OK)
			return -1;
	}
}

static uint32_t saved_validity, saved_last;

static void test_fetch_move_resume(void)
{
	static const enum disposition disp[] = {DISP_PROCESSED, DISP_NOTBOUNCE, DISP_REVIEW, DISP_KEEP};
	struct imap_source_options o = server_opts();
	struct raw_message batch[BATCH];
	struct source *s = NULL;
	char err[SOURCE_ERR_MAX] = "";
	uint32_t uv = 0, last = 0;
	size_t n = 0;
	long got;

	if (!import(7, 200, "first") || !import(1, 20000, "big")) {
		CHECK(0, "import messages into Dovecot");
		return;
	}
	o.max_bytes = 4096;
	CHECK_INT(imap_open(&o, &s, err), SRC_OK, "imaps + ca_file: open (%s)", err);
	if (!s)
		return;
	CHECK_INT(source_pending(s), 8, "8 messages pending");
	CHECK_INT(source_fetch(s, batch, 3, &n, err), SRC_OK, "first batch fetched");
	CHECK_INT(n, 3, "first batch: 3 messages (batch size)");
	CHECK(n == 3 && batch[0].uid == 1 && batch[2].uid == 3, "first batch: UIDs 1..3 in order");
	CHECK(n > 0 && batch[0].len > 100 && memcmp(batch[0].data, "From: MAILER-DAEMON", 19) == 0,
	      "first batch: raw body starts with the header");
	CHECK(n > 0 && strstr(batch[0].id, ";UID=1") != NULL, "message id names the UID (%s)",
	      n ? batch[0].id : "");
	CHECK(n > 0 && batch[0].received > 1500000000 && batch[0].received <= time(NULL) + 86400,
	      "received is the INTERNALDATE (%lld)", n ? (long long)batch[0].received : 0LL);
	CHECK(imap_source_state(s, &uv, &last) && last == 0, "state not advanced before commit");
	for (size_t i = 0; i < n; i++)
		source_dispose(s, &batch[i], disp[i % 4], err);
	CHECK_INT(source_commit(s, err), SRC_OK, "commit of batch 1 (%s)", err);
	CHECK(imap_source_state(s, &uv, &last) && last == 3 && uv != 0, "state after commit: last UID 3");
	got = drain(s, 4, disp + 3, 1, err); /* the rest: keep the first, see below */
	(void)got;
	source_free(&s);
	CHECK(s == NULL, "source_free clears the pointer");
	CHECK_INT(count("Processed"), 1, "Processed has 1 message");
	CHECK_INT(count("NotBounce"), 1, "NotBounce has 1 message");
	CHECK_INT(count("Review"), 1, "Review has 1 message");
	CHECK_INT(count("INBOX"), 5, "INBOX keeps the 5 kept messages");

	/* Resume: nothing above the saved UID... */
	o.uidvalidity = uv;
	o.last_uid = 3;
	o.batch_bytes = 1; /* one message always goes */
	CHECK_INT(imap_open(&o, &s, err), SRC_OK, "batch_bytes 1: open (%s)", err);
	if (s) {
		CHECK_INT(source_fetch(s, batch, BATCH, &n, err), SRC_OK, "batch_bytes 1: fetch");
		CHECK_INT(n, 1, "batch_bytes 1: one message per UID FETCH");
		source_free(&s); /* no commit: nothing moves */
	}
	o.batch_bytes = 0;
	CHECK_INT(imap_open(&o, &s, err), SRC_OK, "resume: open (%s)", err);
	if (!s)
		return;
	CHECK_INT(source_pending(s), 5, "resume from UID 3: 5 pending");
	CHECK_INT(source_fetch(s, batch, BATCH, &n, err), SRC_OK, "resume: fetch");
	CHECK_INT(n, 5, "resume: one fetch returns all 5");
	CHECK(n == 5 && batch[4].uid == 8, "resume: last is UID 8 (the big one)");
	if (n == 5) {
		CHECK_INT(batch[4].len, 4096, "big message cut at max_bytes (BODY.PEEK[]<0.4096>)");
		CHECK(batch[4].full_len > 20000, "big message: full_len is RFC822.SIZE (%zu)", batch[4].full_len);
	}
	for (size_t i = 0; i < n; i++)
		source_dispose(s, &batch[i], DISP_PROCESSED, err);
	CHECK_INT(source_commit(s, err), SRC_OK, "resume: commit (%s)", err);
	CHECK(imap_source_state(s, &uv, &last) && last == 8, "resume: state last UID 8");
	CHECK_INT(source_fetch(s, batch, BATCH, &n, err), SRC_END, "resume: then SRC_END");
	CHECK_INT(n, 0, "resume: nothing more");
	source_free(&s);
	CHECK_INT(count("INBOX"), 0, "INBOX empty after moving");
	CHECK_INT(count("Processed"), 6, "Processed has 6 messages");

	/* A second run fetches nothing. */
	o.last_uid = 8;
	CHECK_INT(imap_open(&o, &s, err), SRC_OK, "second run: open");
	if (s) {
		CHECK_INT(source_pending(s), 0, "second run: nothing pending");
		CHECK_INT(source_fetch(s, batch, BATCH, &n, err), SRC_END, "second run: SRC_END");
		source_free(&s);
	}
	saved_validity = uv;
	saved_last = 8;
}

static void test_uidvalidity_change(void)
{
	struct imap_source_options o = server_opts();
	struct source *s = NULL;
	char err[SOURCE_ERR_MAX] = "";
	uint32_t uv = 0, last = 0;

	if (!import(2, 100, "again")) {
		CHECK(0, "import for UIDVALIDITY test");
		return;
	}
	/* UIDs 9 and 10 now; pretend we had done far more under the old value. */
	CHECK_INT(sh("doveadm -c '%s/dovecot.conf' mailbox update -u '%s' --uid-validity %u INBOX",
		     env("DOVECOT_DIR"), o.username, (unsigned)saved_validity + 7),
		  0, "doveadm changes UIDVALIDITY");
	o.uidvalidity = saved_validity;
	o.last_uid = 100;
	log_reset();
	CHECK_INT(imap_open(&o, &s, err), SRC_OK, "UIDVALIDITY changed: open (%s)", err);
	if (!s)
		return;
	CHECK_INT(source_pending(s), 2, "UIDVALIDITY changed: everything is rescanned");
	CHECK(imap_source_state(s, &uv, &last) && uv == saved_validity + 7 && last == 0,
	      "UIDVALIDITY changed: state has the new value, last UID 0");
	CHECK(strstr(logbuf, "UIDVALIDITY changed") != NULL, "UIDVALIDITY change is warned about");
	{
		struct raw_message batch[1];
		size_t n = 0;

		CHECK_INT(source_fetch(s, batch, 1, &n, err), SRC_OK, "bad disposition: fetch one");
		CHECK_INT(source_dispose(s, &batch[0], (enum disposition)9, err), SRC_CONFIG,
			  "bad disposition -> SRC_CONFIG");
		CHECK_INT(source_commit(s, err), SRC_OK, "bad disposition: commit");
		CHECK(imap_source_state(s, &uv, &last) && last == 0,
		      "a message that was not queued keeps the state where it was");
	}
	source_free(&s);
	CHECK_INT(count("INBOX"), 2, "bad disposition: the message stayed in INBOX");
}

static void test_tls_modes(void)
{
	struct imap_source_options o;
	struct source *s = NULL;
	char err[SOURCE_ERR_MAX] = "";

	o = server_opts();
	o.tls = IMAP_TLS_MODE_STARTTLS;
	o.port = atoi(env("IMAP_PORT"));
	CHECK_INT(imap_open(&o, &s, err), SRC_OK, "starttls + ca_file: open (%s)", err);
	source_free(&s);

	o = server_opts();
	o.host = "127.0.0.1";
	CHECK_INT(imap_open(&o, &s, err), SRC_OK, "imaps to an IP literal in the certificate (%s)", err);
	source_free(&s);

	o = server_opts();
	o.tls = IMAP_TLS_MODE_NONE;
	o.allow_plaintext = true;
	o.host = "127.0.0.1";
	o.port = atoi(env("IMAP_PORT"));
	log_reset();
	CHECK_INT(imap_open(&o, &s, err), SRC_OK, "tls none + allow_plaintext: open (%s)", err);
	CHECK(strstr(logbuf, "in clear (loopback only)") != NULL, "tls none: warned");
	source_free(&s);

	struct {
		const char *what, *host, *ca;
		enum imap_tls_mode tls;
		const char *want;
	} bad[] = {
		{"unknown CA (imaps)", "localhost", env("IMAP_OTHER_CA"), IMAP_TLS_MODE_IMAPS, "NOT trusted"},
		{"system trust store (imaps)", "localhost", NULL, IMAP_TLS_MODE_IMAPS, "NOT trusted"},
		{"wrong host name (imaps)", env("IMAP_WRONG_HOST"), env("IMAP_CA"), IMAP_TLS_MODE_IMAPS,
		 "does not match"},
		{"unknown CA (starttls)", "localhost", env("IMAP_OTHER_CA"), IMAP_TLS_MODE_STARTTLS,
		 "NOT trusted"},
		{"wrong host name (starttls)", env("IMAP_WRONG_HOST"), env("IMAP_CA"),
		 IMAP_TLS_MODE_STARTTLS, "does not match"},
		{"imaps to the plain port", "localhost", env("IMAP_CA"), IMAP_TLS_MODE_IMAPS,
		 "did not answer in TLS"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		o = server_opts();
		o.host = bad[i].host ? bad[i].host : "127.0.0.2";
		o.ca_file = bad[i].ca;
		o.tls = bad[i].tls;
		o.timeout_s = 5;
		if (bad[i].tls == IMAP_TLS_MODE_STARTTLS || i == 5)
			o.port = atoi(env("IMAP_PORT"));
		o.verbosity = 2;
		log_reset();
		enum source_status st = imap_open(&o, &s, err);
		CHECK(st == SRC_CONFIG || (i == 5 && st == SRC_TEMPFAIL), "%s: refused (status %d)",
		      bad[i].what, (int)st);
		CHECK(s == NULL, "%s: no source", bad[i].what);
		CHECK(strstr(err, bad[i].want) != NULL, "%s: error says \"%s\" (%s)", bad[i].what,
		      bad[i].want, err);
		CHECK(strstr(logbuf, "redacted") == NULL,
		      "%s: no credentials were sent", bad[i].what);
	}
}

static void test_login_and_mailbox(void)
{
	struct imap_source_options o = server_opts();
	struct source *s = NULL;
	char err[SOURCE_ERR_MAX] = "", where[64];

	o.password = "wrong-password-xyz";
	snprintf(where, sizeof(where), "localhost:%d", o.port);
	CHECK_INT(imap_open(&o, &s, err), SRC_CONFIG, "wrong password -> SRC_CONFIG");
	CHECK(strstr(err, where) != NULL && strstr(err, "login as test refused") != NULL,
	      "wrong password: error names user and server (%s)", err);
	CHECK(strstr(err, "wrong-password-xyz") == NULL, "wrong password: not in the error");

	o = server_opts();
	o.verbosity = 2;
	log_reset();
	CHECK_INT(imap_open(&o, &s, err), SRC_OK, "-vv trace: open (%s)", err);
	source_free(&s);
	CHECK(strstr(logbuf, "C: <") != NULL && strstr(logbuf, "redacted>") != NULL,
	      "-vv trace: the LOGIN line is redacted");
	CHECK(strstr(logbuf, o.password) == NULL, "-vv trace: password never in the trace");
	CHECK(strstr(logbuf, "UID FETCH") != NULL && strstr(logbuf, "SELECT") != NULL, "-vv trace: shows commands");

	o = server_opts();
	o.mailbox = "NoSuchBox";
	CHECK_INT(imap_open(&o, &s, err), SRC_CONFIG, "missing mailbox -> SRC_CONFIG");
	CHECK(strstr(err, "\"NoSuchBox\"") != NULL, "missing mailbox: named (%s)", err);

	/* A folder the server user cannot write: Dovecot opens it [READ-ONLY]. */
	sh("d='%s/home/%s/Maildir/.RO' && mkdir -p \"$d/cur\" \"$d/new\" \"$d/tmp\" && : >\"$d/maildirfolder\" && "
	   "chown -R \"$(stat -c %%u:%%g '%s/home')\" \"$d\" && chmod 555 \"$d\" \"$d/cur\" \"$d/new\" \"$d/tmp\"",
	   env("DOVECOT_DIR"), o.username, env("DOVECOT_DIR"));
	o.mailbox = "RO";
	CHECK_INT(imap_open(&o, &s, err), SRC_CONFIG, "read-only mailbox -> SRC_CONFIG");
	CHECK(strstr(err, "read-only") != NULL, "read-only mailbox: says so (%s)", err);
}

static void test_dropped_connection(void)
{
	static const enum disposition disp[] = {DISP_PROCESSED};
	struct imap_source_options o = server_opts();
	struct raw_message batch[BATCH];
	struct source *s = NULL;
	char err[SOURCE_ERR_MAX] = "";
	uint32_t uv = 0, last = 0;
	size_t n = 0;

	/* Start from a clean INBOX: move what the UIDVALIDITY test left. */
	CHECK_INT(imap_open(&o, &s, err), SRC_OK, "drop: open to clean up (%s)", err);
	if (!s)
		return;
	CHECK_INT(drain(s, BATCH, disp, 1, err), 2, "drop: 2 left-over messages moved");
	source_free(&s);
	if (!import(4, 100, "drop")) {
		CHECK(0, "import for drop test");
		return;
	}
	CHECK_INT(imap_open(&o, &s, err), SRC_OK, "drop: open (%s)", err);
	if (!s)
		return;
	CHECK_INT(source_fetch(s, batch, 2, &n, err), SRC_OK, "drop: batch 1 fetched");
	for (size_t i = 0; i < n; i++)
		source_dispose(s, &batch[i], DISP_PROCESSED, err);
	CHECK_INT(source_commit(s, err), SRC_OK, "drop: batch 1 committed");
	imap_source_state(s, &uv, &last);
	/* The server throws us out (as a restart or a network cut would). */
	sh("doveadm -c '%s/dovecot.conf' kick '%s' >/dev/null 2>&1", env("DOVECOT_DIR"), o.username);
	/* kick only signals the session: wait until it is really gone. */
	CHECK_INT(sh("i=0; while doveadm -c '%s/dovecot.conf' who -1 '%s' 2>/dev/null | grep -q '^%s '; do "
		     "i=$((i+1)); [ $i -lt 100 ] || exit 1; sleep 0.05; done",
		     env("DOVECOT_DIR"), o.username, o.username),
		  0, "drop: the server ended our session");
	CHECK_INT(source_fetch(s, batch, 2, &n, err), SRC_TEMPFAIL, "drop: next fetch -> SRC_TEMPFAIL");
	CHECK(strstr(err, "localhost:") != NULL,
	      "drop: error names the server (%s)", err);
	CHECK_INT(n, 0, "drop: nothing handed out");
	CHECK_INT(source_commit(s, err), SRC_TEMPFAIL, "drop: commit after the drop -> SRC_TEMPFAIL");
	{
		uint32_t uv2, last2;

		CHECK(imap_source_state(s, &uv2, &last2) && last2 == last,
		      "drop: state keeps what was committed (UID %u)", (unsigned)last);
	}
	source_free(&s);
	CHECK_INT(count("INBOX"), 2, "drop: the 2 uncommitted messages are still in INBOX");
	o.uidvalidity = uv;
	o.last_uid = last;
	CHECK_INT(imap_open(&o, &s, err), SRC_OK, "drop: rerun opens (%s)", err);
	if (!s)
		return;
	CHECK_INT(source_pending(s), 2, "drop: rerun has the 2 left");
	CHECK_INT(drain(s, BATCH, disp, 1, err), 2, "drop: rerun moves them");
	source_free(&s);
	CHECK_INT(count("INBOX"), 0, "drop: INBOX empty after the rerun");
}

/* Messages expunged by someone else between the listing and the fetch. */
static void test_vanished(void)
{
	static const enum disposition disp[] = {DISP_PROCESSED};
	struct imap_source_options o = server_opts();
	struct raw_message batch[BATCH];
	struct source *s = NULL;
	char err[SOURCE_ERR_MAX] = "";
	uint32_t first = 0;
	size_t n = 0;

	if (!import(4, 100, "vanish")) {
		CHECK(0, "import for vanished test");
		return;
	}
	CHECK_INT(imap_open(&o, &s, err), SRC_OK, "vanished: open (%s)", err);
	if (!s)
		return;
	CHECK_INT(source_pending(s), 4, "vanished: 4 listed");
	first = ((struct imap_impl *)s->impl)->todo.v[0];
	CHECK_INT(sh("doveadm -c '%s/dovecot.conf' expunge -u '%s' mailbox INBOX uid %u:%u",
		     env("DOVECOT_DIR"), o.username, (unsigned)first, (unsigned)first + 1),
		  0, "vanished: doveadm expunges the first 2");
	CHECK_INT(source_fetch(s, batch, 2, &n, err), SRC_OK, "vanished: fetch goes on past them");
	CHECK(n == 2 && batch[0].uid == first + 2 && batch[1].uid == first + 3,
	      "vanished: the 2 still there come back");
	for (size_t i = 0; i < n; i++)
		source_dispose(s, &batch[i], DISP_PROCESSED, err);
	CHECK_INT(source_commit(s, err), SRC_OK, "vanished: commit");
	CHECK_INT(drain(s, BATCH, disp, 1, err), 0, "vanished: then nothing");
	source_free(&s);
	CHECK_INT(count("INBOX"), 0, "vanished: INBOX empty");
}

static void test_server_stopped(void)
{
	struct imap_source_options o = server_opts();
	struct source *s = NULL;
	char err[SOURCE_ERR_MAX] = "";

	CHECK_INT(sh("sh %s stop '%s'", dovecot_sh(), env("DOVECOT_DIR")), 0, "stop Dovecot");
	CHECK_INT(imap_open(&o, &s, err), SRC_TEMPFAIL, "server stopped -> SRC_TEMPFAIL");
	CHECK(strstr(err, "cannot connect") != NULL, "server stopped: error says so (%s)", err);
	CHECK_INT(sh("sh %s restart '%s'", dovecot_sh(), env("DOVECOT_DIR")), 0, "restart Dovecot");
	CHECK_INT(imap_open(&o, &s, err), SRC_OK, "after restart: open (%s)", err);
	source_free(&s);
}

/* Against a Dovecot without MOVE (and maybe without UIDPLUS). */
static void test_no_move(bool uidplus)
{
	static const enum disposition disp[] = {DISP_PROCESSED, DISP_REVIEW};
	struct imap_source_options o = server_opts();
	struct source *s = NULL;
	char err[SOURCE_ERR_MAX] = "";

	if (!import(3, 100, "nomove")) {
		CHECK(0, "import for no-MOVE test");
		return;
	}
	log_reset();
	o.verbosity = 1;
	CHECK_INT(imap_open(&o, &s, err), SRC_OK, "no MOVE: open (%s)", err);
	if (!s)
		return;
	CHECK(strstr(logbuf, "MOVE no") != NULL, "no MOVE: capability seen as missing");
	CHECK_INT(drain(s, 2, disp, 2, err), 3, "no MOVE: all 3 handled (%s)", err);
	source_free(&s);
	CHECK_INT(count("Processed"), 2, "no MOVE: Processed has 2 copies");
	CHECK_INT(count("Review"), 1, "no MOVE: Review has 1 copy");
	if (uidplus) {
		CHECK_INT(count("INBOX"), 0, "no MOVE: UID EXPUNGE removed exactly ours from INBOX");
	} else {
		CHECK_INT(count("INBOX"), 3, "no MOVE/UIDPLUS: originals stay (flagged), never EXPUNGE");
		CHECK(strstr(logbuf, "neither MOVE nor UIDPLUS") != NULL, "no MOVE/UIDPLUS: warned");
	}
}

/* Against `openssl s_server -tls1_1` with the test certificate. */
static void test_old_tls(void)
{
	struct imap_source_options o = server_opts();
	struct source *s = NULL;
	char err[SOURCE_ERR_MAX] = "";

	o.port = atoi(env("IMAP_TLS11_PORT"));
	o.timeout_s = 5;
	o.verbosity = 2;
	log_reset();
	CHECK_INT(imap_open(&o, &s, err), SRC_CONFIG, "TLS 1.1 server -> SRC_CONFIG");
	CHECK(strstr(err, "the server offers no TLS 1.2 or newer") != NULL,
	      "TLS 1.1 server: refused, says why (%s)", err);
	CHECK(strstr(logbuf, "redacted") == NULL, "TLS 1.1 server: no credentials were sent");
}

/* Against a Dovecot started with DOVECOT_SNI=1: its default certificate is
 * for "wrong.test", the right one only comes with SNI "localhost". */
static void test_sni(void)
{
	struct {
		const char *what, *host;
		enum imap_tls_mode tls;
		enum source_status want;
	} rows[] = {
		{"imaps to localhost (SNI sent)", "localhost", IMAP_TLS_MODE_IMAPS, SRC_OK},
		{"starttls to localhost (SNI sent)", "localhost", IMAP_TLS_MODE_STARTTLS, SRC_OK},
		{"imaps to 127.0.0.1 (no SNI: default certificate)", "127.0.0.1", IMAP_TLS_MODE_IMAPS,
		 SRC_CONFIG},
		{"starttls to 127.0.0.1 (no SNI: default certificate)", "127.0.0.1", IMAP_TLS_MODE_STARTTLS,
		 SRC_CONFIG},
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct imap_source_options o = server_opts();
		struct source *s = NULL;
		char err[SOURCE_ERR_MAX] = "";

		o.host = rows[i].host;
		o.tls = rows[i].tls;
		if (rows[i].tls == IMAP_TLS_MODE_STARTTLS)
			o.port = atoi(env("IMAP_PORT"));
		CHECK_INT(imap_open(&o, &s, err), rows[i].want, "SNI: %s (%s)", rows[i].what, err);
		if (rows[i].want != SRC_OK)
			CHECK(strstr(err, "does not match") != NULL, "SNI: %s: the name is refused (%s)",
			      rows[i].what, err);
		source_free(&s);
	}
}

/* Run by tests/e2e/t-imap-dns.sh in a mount namespace whose resolv.conf
 * names a resolver that never answers (and would make glibc wait 30 s). */
static void test_dns(const char *host)
{
	struct imap_source_options o = server_opts();
	struct source *s = NULL;
	char err[SOURCE_ERR_MAX] = "";

	o.host = host;
	o.port = 993;
	o.timeout_s = 1;
	CHECK_INT(imap_open(&o, &s, err), SRC_TEMPFAIL, "DNS: silent resolver -> SRC_TEMPFAIL");
	CHECK(strstr(err, host) != NULL, "DNS: silent resolver: error names the host (%s)", err);
	CHECK(strstr(err, "no answer from the DNS resolver (timed out)") != NULL,
	      "DNS: silent resolver: stopped by the per-wait timeout, says so");
	o.timeout_s = 30;
	o.deadline = time(NULL) + 1;
	CHECK_INT(imap_open(&o, &s, err), SRC_TEMPFAIL, "DNS: silent resolver, deadline -> SRC_TEMPFAIL");
	CHECK(strstr(err, "no answer from the DNS resolver (run deadline passed)") != NULL,
	      "DNS: silent resolver: stopped by the run deadline, says so (%s)", err);
}

static void test_server(void)
{
	const char *mode = env("IMAP_TEST_MODE") ? env("IMAP_TEST_MODE") : "";

	if (strcmp(mode, "tls11") == 0 && env("IMAP_TLS11_PORT") && env("IMAP_CA")) {
		test_old_tls();
		return;
	}
	if (strcmp(mode, "dns") == 0 && env("IMAP_DNS_HOST")) {
		test_dns(env("IMAP_DNS_HOST"));
		return;
	}

	if (!have_dovecot()) {
		SKIP("IMAP tests against Dovecot: no server (tests/e2e/t-imap.sh starts one)");
		return;
	}
	if (strcmp(mode, "sni") == 0) {
		test_sni();
		return;
	}
	if (strcmp(mode, "nomove") == 0) {
		test_no_move(true);
		return;
	}
	if (strcmp(mode, "nomove-nouidplus") == 0) {
		test_no_move(false);
		return;
	}
	test_fetch_move_resume();
	test_uidvalidity_change();
	test_tls_modes();
	test_login_and_mailbox();
	test_dropped_connection();
	test_vanished();
	test_server_stopped();
}

static void test_offline(void)
{
	/* tests/run.sh runs these (plain and ASan); the e2e script, which
	 * sets up servers, runs only the server part. */
	if (have_dovecot() || env("IMAP_TEST_MODE"))
		return;
	test_options();
	test_state_key();
	test_unreachable();
	test_silent_server();
	test_fake_servers();
	test_handshake_closed();
	test_no_logout_when_broken();
	test_trickle();
	test_trace_redaction();
}

TEST_MAIN(test_offline, test_server)
