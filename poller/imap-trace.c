/* imap-trace.c: log lines, the -vv protocol trace, server text for errors.
 *
 * Everything here may print server data, which is untrusted: control
 * bytes are shown as '?', and lengths are bounded. Credentials never
 * reach a line: libetpan marks LOGIN as MAILSTREAM_LOG_TYPE_DATA_SENT_PRIVATE,
 * and we also redact anything sent while LOGIN is in flight.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "poller/imap-private.h"
#include "util/str.h"

#define TRACE_MAX 200 /* bytes of one protocol chunk shown */

void imap_log(struct imap_impl *t, enum imap_log_level lv, const char *fmt, ...)
{
	char line[SOURCE_ERR_MAX];
	va_list ap;

	if (!t->log || (lv == IMAP_LOG_INFO && t->verbosity < 1) ||
	    (lv == IMAP_LOG_TRACE && t->verbosity < 2))
		return;
	va_start(ap, fmt);
	(void)vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	t->log(t->log_arg, lv, line);
}

/* Copy at most n bytes of src into out, printable ASCII only, stopping at
 * the first line end. */
static void printable(char *out, size_t size, const char *src, size_t n)
{
	size_t o = 0;

	for (size_t i = 0; i < n && o + 1 < size; i++) {
		unsigned char c = (unsigned char)src[i];

		if (c == '\r' || c == '\n')
			break;
		out[o++] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
	}
	out[o] = '\0';
}

void imap_trace_logger(mailimap *s, int type, const char *str, size_t size, void *ctx)
{
	struct imap_impl *t = ctx;
	char line[TRACE_MAX + 1];
	const char *dir, *nl;

	(void)s;
	switch (type) {
	case MAILSTREAM_LOG_TYPE_DATA_SENT_PRIVATE:
		imap_log(t, IMAP_LOG_TRACE, "C: <%zu bytes of credentials redacted>", size);
		return;
	case MAILSTREAM_LOG_TYPE_DATA_SENT:
		if (t->in_login) {
			imap_log(t, IMAP_LOG_TRACE, "C: <%zu bytes of login redacted>", size);
			return;
		}
		dir = "C";
		break;
	case MAILSTREAM_LOG_TYPE_DATA_RECEIVED:
		dir = "S";
		break;
	default: /* info and error events carry no data */
		return;
	}
	if (!str)
		return;
	printable(line, sizeof(line), str, size < TRACE_MAX ? size : TRACE_MAX);
	/* Say how much there was when we show only part: a long chunk, or
	 * more than one line (a FETCH response with a body). */
	nl = memchr(str, '\n', size);
	if (size > TRACE_MAX || (nl && (size_t)(nl - str) + 1 < size))
		imap_log(t, IMAP_LOG_TRACE, "%s: %s ... (%zu bytes)", dir, line, size);
	else
		imap_log(t, IMAP_LOG_TRACE, "%s: %s", dir, line);
}

void imap_trace_server_text(const struct imap_impl *t, char *out, size_t size)
{
	const char *r = t->imap ? t->imap->imap_response : NULL;

	out[0] = '\0';
	if (r)
		printable(out, size, r, strnlen(r, 300));
}

enum source_status imap_fail(struct imap_impl *t, int r, enum source_status otherwise, char *err,
			     const char *fmt, ...)
{
	char what[SOURCE_ERR_MAX / 2], said[160];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	/* Our stream noted why it failed; libetpan's code alone cannot tell
	 * a dropped connection from a NO. */
	if (t->net.fail != TLS_FAIL_NONE || r == MAILIMAP_ERROR_STREAM) {
		t->broken = true;
		str_printf(err, SOURCE_ERR_MAX, "%s on %s: %s", what, t->where,
			   t->net.fail != TLS_FAIL_NONE ? tls_fail_text(t->net.fail)
							: "connection lost");
		return SRC_TEMPFAIL;
	}
	if (r == MAILIMAP_ERROR_PARSE) {
		/* We no longer know where the next response starts. */
		t->broken = true;
		str_printf(err, SOURCE_ERR_MAX, "%s on %s: the server's response could not be parsed",
			   what, t->where);
		return SRC_TEMPFAIL;
	}
	if (r == MAILIMAP_ERROR_MEMORY) {
		str_printf(err, SOURCE_ERR_MAX, "%s on %s: out of memory", what, t->where);
		return SRC_NOMEM;
	}
	imap_trace_server_text(t, said, sizeof(said));
	str_printf(err, SOURCE_ERR_MAX, "%s on %s: server said: %s", what, t->where,
		   *said ? said : "(nothing)");
	return otherwise;
}
