/* imap.c: the IMAP source: options, open, the ops table, close, state. */
#include <stdlib.h>
#include <string.h>

#include "poller/imap-private.h"
#include "util/str.h"

static const char *const default_folders[IMAP_FOLDERS] = {
	[DISP_PROCESSED] = "Processed",
	[DISP_NOTBOUNCE] = "NotBounce",
	[DISP_REVIEW] = "Review",
};

static const char *or_default(const char *s, const char *def)
{
	return s && *s ? s : def;
}

/* Mailbox names go into LIST patterns and must be plain ASCII: IMAP's
 * modified UTF-7 is not implemented, and % or * would be wildcards. */
static bool mailbox_name_ok(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c >= 0x7f || c == '%' || c == '*' || c == '"' || c == '\\')
			return false;
	}
	return true;
}

static long imap_pending(struct source *s)
{
	struct imap_impl *t = s->impl;

	return (long)(t->todo.n - t->next);
}

static void imap_close(struct source *s)
{
	struct imap_impl *t = s->impl;

	if (!t)
		return;
	imap_fetch_release(t);
	if (t->imap) {
		/* LOGOUT only on a healthy connection, with a short wait. */
		if (!t->broken && t->imap->imap_stream) {
			t->net.timeout_ms = t->net.timeout_ms < 5000 ? t->net.timeout_ms : 5000;
			t->net.deadline = 0;
			(void)mailimap_logout(t->imap);
		}
		/* mailimap_free() sends LOGOUT itself while the stream is open,
		 * also on a broken connection (and again after a failed one):
		 * against a trickling server that is one more command limit. */
		if (t->imap->imap_stream) {
			mailstream_close(t->imap->imap_stream);
			t->imap->imap_stream = NULL;
		}
		mailimap_free(t->imap);
	}
	imap_uids_free(&t->todo);
	imap_uids_free(&t->sizes);
	for (int f = 0; f < IMAP_FOLDERS; f++)
		imap_uids_free(&t->queue[f]);
	free(t);
	s->impl = NULL;
}

static const struct source_ops imap_ops = {
	.type = "imap",
	.fetch = imap_fetch_batch,
	.dispose = imap_move_dispose,
	.commit = imap_move_commit,
	.pending = imap_pending,
	.close = imap_close,
};

static enum source_status check_options(const struct imap_source_options *o, char *err)
{
	if (!o->host || !*o->host || strlen(o->host) >= IMAP_NAME_MAX) {
		str_copy(err, SOURCE_ERR_MAX, "IMAP source: host missing or too long");
		return SRC_CONFIG;
	}
	if (!o->username || !*o->username || strlen(o->username) >= IMAP_NAME_MAX || !o->password) {
		str_printf(err, SOURCE_ERR_MAX, "IMAP source %s: username or password missing", o->host);
		return SRC_CONFIG;
	}
	if (o->port < 0 || o->port > 65535) {
		str_printf(err, SOURCE_ERR_MAX, "IMAP source %s: bad port %d", o->host, o->port);
		return SRC_CONFIG;
	}
	if ((unsigned)o->tls > IMAP_TLS_MODE_NONE) {
		str_printf(err, SOURCE_ERR_MAX, "IMAP source %s: bad tls mode", o->host);
		return SRC_CONFIG;
	}
	if (o->tls == IMAP_TLS_MODE_NONE && !o->allow_plaintext) {
		str_printf(err, SOURCE_ERR_MAX,
			   "IMAP source %s: tls = \"none\" would send the password in clear; use "
			   "\"imaps\" or \"starttls\", or set allow_plaintext = true",
			   o->host);
		return SRC_CONFIG;
	}
	return SRC_OK;
}

/* Fill in names and limits; SRC_CONFIG when a name is unusable. */
static enum source_status init_impl(struct imap_impl *t, const struct imap_source_options *o,
				    char *err)
{
	const char *names[IMAP_FOLDERS] = {o->processed, o->notbounce, o->review};

	t->port = o->port ? o->port : (o->tls == IMAP_TLS_MODE_IMAPS ? 993 : 143);
	str_copy(t->host, sizeof(t->host), o->host);
	str_copy(t->user, sizeof(t->user), o->username);
	if (str_copy(t->mailbox, sizeof(t->mailbox), or_default(o->mailbox, "INBOX")) ||
	    !mailbox_name_ok(t->mailbox)) {
		str_printf(err, SOURCE_ERR_MAX, "IMAP source %s: unusable mailbox name \"%s\"", o->host,
			   t->mailbox);
		return SRC_CONFIG;
	}
	for (int f = 0; f < IMAP_FOLDERS; f++) {
		if (str_copy(t->folder[f], sizeof(t->folder[f]), or_default(names[f], default_folders[f])) ||
		    !mailbox_name_ok(t->folder[f]) || strcmp(t->folder[f], t->mailbox) == 0) {
			str_printf(err, SOURCE_ERR_MAX,
				   "IMAP source %s: unusable %s folder name \"%s\" (ASCII, no %% * \" \\, "
				   "not the mailbox itself)",
				   o->host, disposition_name((enum disposition)f), t->folder[f]);
			return SRC_CONFIG;
		}
	}
	str_printf(t->where, sizeof(t->where), "%s:%d", t->host, t->port);
	str_printf(t->url, sizeof(t->url), "imap://%s@%s:%d/%s", t->user, t->host, t->port, t->mailbox);
	t->net.timeout_ms = (o->timeout_s > 0 ? o->timeout_s : IMAP_DEFAULT_TIMEOUT_S) * 1000;
	t->net.deadline = o->deadline;
	t->max_bytes = o->max_bytes ? o->max_bytes : IMAP_DEFAULT_MAX_BYTES;
	t->batch_bytes = o->batch_bytes ? o->batch_bytes : IMAP_DEFAULT_BATCH_BYTES;
	t->net.read_limit = IMAP_READ_LIMIT;
	t->verbosity = o->verbosity;
	t->log = o->log;
	t->log_arg = o->log_arg;
	return SRC_OK;
}

enum source_status imap_open(const struct imap_source_options *o, struct source **out, char *err)
{
	struct source *s = NULL;
	struct imap_impl *t = NULL;
	enum source_status st;

	*out = NULL;
	err[0] = '\0';
	if ((st = check_options(o, err)) != SRC_OK)
		return st;
	/* libetpan and GnuTLS are loaded here, by the first IMAP source. */
	if ((st = imap_lib_load(err)) != SRC_OK)
		return st;
	s = calloc(1, sizeof(*s));
	t = calloc(1, sizeof(*t));
	if (!s || !t) {
		free(s);
		free(t);
		str_copy(err, SOURCE_ERR_MAX, "out of memory");
		return SRC_NOMEM;
	}
	s->ops = &imap_ops;
	s->impl = t;
	if (o->name && *o->name)
		str_copy(s->name, sizeof(s->name), o->name);
	else
		str_printf(s->name, sizeof(s->name), "imap:%s@%s/%s", o->username, o->host,
			   or_default(o->mailbox, "INBOX"));
	st = init_impl(t, o, err);
	if (st == SRC_OK)
		st = imap_conn_open(t, o, err);
	if (st == SRC_OK)
		st = imap_fetch_select(t, o->uidvalidity, o->last_uid, err);
	if (st != SRC_OK) {
		if (st == SRC_NOMEM && !err[0])
			str_copy(err, SOURCE_ERR_MAX, "out of memory");
		source_free(&s);
		return st;
	}
	imap_log(t, IMAP_LOG_INFO, "%s/%s: UIDVALIDITY %u, %zu messages above UID %u", t->where,
		 t->mailbox, (unsigned)t->uidvalidity, t->todo.n, (unsigned)t->last_done);
	*out = s;
	return SRC_OK;
}

bool imap_source_state(const struct source *s, uint32_t *uidvalidity_r, uint32_t *last_uid_r)
{
	const struct imap_impl *t;

	if (!s || s->ops != &imap_ops || !s->impl)
		return false;
	t = s->impl;
	*uidvalidity_r = t->uidvalidity;
	*last_uid_r = t->last_done;
	return true;
}

bool imap_state_key(const struct imap_source_options *o, char *buf, size_t size)
{
	int port = o->port ? o->port : (o->tls == IMAP_TLS_MODE_IMAPS ? 993 : 143);

	return !str_printf(buf, size, "imap://%s@%s:%d/%s", o->username ? o->username : "",
			   o->host ? o->host : "", port, or_default(o->mailbox, "INBOX"));
}
