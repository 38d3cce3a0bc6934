/* config.h: poller.cfg (libconfig syntax), loaded and checked in one place.
 *
 * Unknown settings are errors: a typo must not silently disable something.
 * Every error names FILE:LINE and what is wrong.
 */
#ifndef BOUNCER_CLI_CONFIG_H
#define BOUNCER_CLI_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "store/policy.h"

#define CONFIG_PATH_MAX 1024
#define CONFIG_NAME_MAX 128
#define CONFIG_ERR_MAX 1024
#define CONFIG_MAX_SOURCES 64

enum source_type { SOURCE_MAILDIR = 0, SOURCE_IMAP };
enum imap_tls { IMAP_TLS_IMAPS = 0, IMAP_TLS_STARTTLS, IMAP_TLS_NONE };

struct imap_config {
	char host[CONFIG_NAME_MAX];
	int port;                        /* 0 = 993 for imaps, 143 otherwise */
	enum imap_tls tls;
	bool allow_plaintext;            /* required for tls = "none" */
	char ca_file[CONFIG_PATH_MAX];   /* "" = system trust store */
	char username[CONFIG_NAME_MAX];
	char password_file[CONFIG_PATH_MAX];
	char password_env[CONFIG_NAME_MAX];
	char password_inline[CONFIG_NAME_MAX]; /* discouraged: warned about */
	char mailbox[CONFIG_NAME_MAX];   /* default "INBOX" */
	int timeout_s;                   /* per network wait, default 30 */
	size_t max_message_bytes;        /* most bytes fetched per message */
};

struct source_config {
	char name[CONFIG_NAME_MAX];      /* default: "maildir:PATH" or "imap:USER@HOST/MAILBOX" */
	enum source_type type;
	int line;                        /* config line, for messages */
	char path[CONFIG_PATH_MAX];      /* Maildir root */
	char processed[CONFIG_NAME_MAX]; /* folder names, default Processed / NotBounce / Review */
	char notbounce[CONFIG_NAME_MAX];
	char review[CONFIG_NAME_MAX];
	int batch_size;                  /* 0 = the global batch_size */
	struct imap_config imap;
};

struct config {
	char file[CONFIG_PATH_MAX];      /* which file was loaded ("" = built-in defaults) */
	char database[CONFIG_PATH_MAX];  /* default "./bouncer.db" */
	int batch_size;                  /* messages per transaction, default 200 */
	int busy_timeout_ms;             /* database busy timeout, default 5000 */
	int deadline_s;                  /* whole run, default 0 = none */

	struct source_config sources[CONFIG_MAX_SOURCES];
	size_t n_sources;

	/* parse { } */
	size_t max_bytes;                /* default 10 MB */
	char verp[CONFIG_NAME_MAX * 2];
	char fallback_charset[64];

	/* report { } */
	char report_dir[CONFIG_PATH_MAX]; /* default "./reports" */
	bool report_csv, report_html;
	char language[8];                 /* "en" or "ja" */

	/* pipe { }: where `bouncer pipe` keeps what is not a recorded bounce */
	char pipe_maildir[CONFIG_PATH_MAX]; /* default "./pipe-mail" (Maildir, folders Review, NotBounce) */

	/* policy { } and retention { } */
	struct policy policy;
	int retention_max_events;         /* per address, default 100 */
	int retention_max_days;           /* default 365 */

	char warnings[4][CONFIG_ERR_MAX]; /* non-fatal findings, e.g. inline password */
	size_t n_warnings;
};

/* Fill c with the built-in defaults (no sources). */
void config_defaults(struct config *c);

/* Load path into c (defaults first). Returns 0, or -1 with err set to
 * "FILE:LINE: what is wrong" (the first error). */
int config_load(const char *path, struct config *c, char *err, size_t errsz);

/* Find the file to load: explicit (may be NULL), else ./poller.cfg, else
 * /etc/bouncer/poller.cfg. Returns NULL when none exists. */
const char *config_find(const char *explicit_path);

/* Resolve an IMAP source's password from file, environment or inline.
 * Returns 0, or -1 with err naming the config line and source. */
int config_imap_password(const struct config *c, const struct source_config *s, char *out,
			 size_t outsz, char *err, size_t errsz);

#endif
