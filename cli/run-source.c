/* run-source.c: configured sources -> poller sources, and their resume state. */
#include "cli/run-source.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/log.h"
#include "poller/imap.h"
#include "poller/maildir.h"

/* -v / -vv protocol and status lines of the IMAP source (never the password). */
static void imap_log(void *arg, enum imap_log_level level, const char *line)
{
	const char *name = arg;

	switch (level) {
	case IMAP_LOG_WARN:
		log_warn("%s: %s", name, line);
		break;
	case IMAP_LOG_INFO:
		log_info("%s: %s", name, line);
		break;
	case IMAP_LOG_TRACE:
		log_debug("%s: %s", name, line);
		break;
	}
}

static const enum imap_tls_mode tls_modes[] = {
	[IMAP_TLS_IMAPS] = IMAP_TLS_MODE_IMAPS,
	[IMAP_TLS_STARTTLS] = IMAP_TLS_MODE_STARTTLS,
	[IMAP_TLS_NONE] = IMAP_TLS_MODE_NONE,
};

/* The source's options from its config; verbosity -1 = quiet; deadline: absolute, 0 = none. */
static void imap_options_of(const struct config *cfg, int verbosity, time_t deadline,
			    const struct source_config *sc, struct imap_source_options *o)
{
	const struct imap_config *im = &sc->imap;

	memset(o, 0, sizeof(*o));
	o->host = im->host;
	o->port = im->port;
	o->tls = tls_modes[im->tls];
	o->allow_plaintext = im->allow_plaintext;
	o->ca_file = im->ca_file[0] ? im->ca_file : NULL;
	o->username = im->username;
	o->mailbox = im->mailbox;
	o->processed = sc->processed;
	o->notbounce = sc->notbounce;
	o->review = sc->review;
	o->timeout_s = im->timeout_s;
	o->max_bytes = im->max_message_bytes ? im->max_message_bytes : cfg->max_bytes;
	o->deadline = deadline;
	o->verbosity = verbosity < 0 ? 0 : verbosity;
	o->log = imap_log;
	o->log_arg = (void *)sc->name;
	o->name = sc->name;
}

static enum source_status open_imap(struct cli *c, struct store *st, const struct source_config *sc,
				    struct source **out, char *err)
{
	struct imap_source_options o;
	char password[CONFIG_NAME_MAX * 4], key[SOURCE_ID_MAX], serr[STORE_ERR_MAX];
	enum source_status rc;

	imap_options_of(&c->cfg, c->quiet ? -1 : c->verbose, c->deadline, sc, &o);
	if (config_imap_password(&c->cfg, sc, password, sizeof(password), err, SOURCE_ERR_MAX) < 0)
		return SRC_CONFIG;
	o.password = password;
	if (st && imap_state_key(&o, key, sizeof(key)) &&
	    store_imap_state_get(st, key, &o.uidvalidity, &o.last_uid, serr) != STORE_OK) {
		snprintf(err, SOURCE_ERR_MAX, "%s", serr);
		memset(password, 0, sizeof(password));
		return SRC_IOERR;
	}
	rc = imap_open(&o, out, err);
	memset(password, 0, sizeof(password)); /* the source keeps its own copy */
	return rc;
}

enum source_status run_source_open(struct cli *c, struct store *st, const struct source_config *sc,
				   bool dry, struct source **out, char *err)
{
	(void)dry; /* a dry run disposes DISP_KEEP only, so sources need not know */
	if (sc->type == SOURCE_MAILDIR) {
		struct maildir_options mo = {
			.path = sc->path,
			.processed = sc->processed,
			.notbounce = sc->notbounce,
			.review = sc->review,
			.max_bytes = c->cfg.max_bytes,
			.name = sc->name,
		};

		return maildir_open(&mo, out, err);
	}
	return open_imap(c, st, sc, out, err);
}

int run_source_saved(struct store *st, const struct source_config *sc, const struct source *src,
		     char *err)
{
	struct imap_source_options o;
	uint32_t uidvalidity, last_uid;
	char key[SOURCE_ID_MAX];
	if (sc->type != SOURCE_IMAP || !imap_source_state(src, &uidvalidity, &last_uid))
		return 0;
	memset(&o, 0, sizeof(o));
	o.host = sc->imap.host;
	o.port = sc->imap.port;
	o.tls = tls_modes[sc->imap.tls];
	o.username = sc->imap.username;
	o.mailbox = sc->imap.mailbox;
	if (!imap_state_key(&o, key, sizeof(key)))
		return 0;
	return store_imap_state_set(st, key, uidvalidity, last_uid, err) == STORE_OK ? 0 : -1;
}
