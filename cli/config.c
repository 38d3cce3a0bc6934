/* config.c: load and check poller.cfg with libconfig.
 *
 * Every setting is described once, in the key tables below: name, type,
 * where it goes, and its range. A name that is in no table is an error
 * ("FILE:LINE: unknown setting"), so a typo never silently disables
 * something. Relative paths are taken relative to the config file's folder,
 * so cron (which starts in $HOME) finds the same files as a person would.
 */
#include "cli/config.h"

#include <errno.h>
#include <stdarg.h>
#include <libconfig.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/str.h"

enum key_type {
	K_STRING, /* char[size] */
	K_PATH,   /* char[size], made relative to the config file's folder */
	K_INT,    /* int, within [min, max] */
	K_SIZE,   /* size_t, within [min, max] */
	K_BOOL,
	K_TLS,    /* enum imap_tls */
	K_TYPE,   /* enum source_type */
};

struct key {
	const char *name;
	enum key_type type;
	size_t off;
	size_t size;
	long long min, max;
};

#define C_STR(n, f) {n, K_STRING, offsetof(struct config, f), sizeof(((struct config *)0)->f), 0, 0}
#define C_PATH(n, f) {n, K_PATH, offsetof(struct config, f), sizeof(((struct config *)0)->f), 0, 0}
#define C_INT(n, f, lo, hi) {n, K_INT, offsetof(struct config, f), sizeof(int), lo, hi}
#define C_SIZE(n, f, lo, hi) {n, K_SIZE, offsetof(struct config, f), sizeof(size_t), lo, hi}
#define C_BOOL(n, f) {n, K_BOOL, offsetof(struct config, f), sizeof(bool), 0, 0}

static const struct key top_keys[] = {
	C_PATH("database", database),
	C_INT("batch_size", batch_size, 1, 10000),
	C_INT("busy_timeout_ms", busy_timeout_ms, 0, 600000),
	C_INT("deadline", deadline_s, 0, 86400),
	{NULL, 0, 0, 0, 0, 0},
};

static const struct key parse_keys[] = {
	C_SIZE("max_bytes", max_bytes, 4096, 1024LL * 1024 * 1024),
	C_STR("verp", verp),
	C_STR("fallback_charset", fallback_charset),
	{NULL, 0, 0, 0, 0, 0},
};

static const struct key report_keys[] = {
	C_PATH("dir", report_dir),
	C_BOOL("csv", report_csv),
	C_BOOL("html", report_html),
	C_STR("language", language),
	{NULL, 0, 0, 0, 0, 0},
};

static const struct key pipe_keys[] = {
	C_PATH("maildir", pipe_maildir),
	{NULL, 0, 0, 0, 0, 0},
};

static const struct key retention_keys[] = {
	C_INT("max_events_per_address", retention_max_events, 1, 1000000),
	C_INT("max_age_days", retention_max_days, 1, 36500),
	{NULL, 0, 0, 0, 0, 0},
};

#define S_STR(n, f) {n, K_STRING, offsetof(struct source_config, f), sizeof(((struct source_config *)0)->f), 0, 0}
#define S_PATH(n, f) {n, K_PATH, offsetof(struct source_config, f), sizeof(((struct source_config *)0)->f), 0, 0}
#define S_INT(n, f, lo, hi) {n, K_INT, offsetof(struct source_config, f), sizeof(int), lo, hi}
#define S_SIZE(n, f, lo, hi) {n, K_SIZE, offsetof(struct source_config, f), sizeof(size_t), lo, hi}
#define S_BOOL(n, f) {n, K_BOOL, offsetof(struct source_config, f), sizeof(bool), 0, 0}

static const struct key source_keys[] = {
	S_STR("name", name),
	{"type", K_TYPE, offsetof(struct source_config, type), sizeof(enum source_type), 0, 0},
	S_PATH("path", path),
	S_STR("processed", processed),
	S_STR("notbounce", notbounce),
	S_STR("review", review),
	S_INT("batch_size", batch_size, 1, 10000),
	/* IMAP */
	S_STR("host", imap.host),
	S_INT("port", imap.port, 1, 65535),
	{"tls", K_TLS, offsetof(struct source_config, imap.tls), sizeof(enum imap_tls), 0, 0},
	S_BOOL("allow_plaintext", imap.allow_plaintext),
	S_PATH("ca_file", imap.ca_file),
	S_STR("username", imap.username),
	S_PATH("password_file", imap.password_file),
	S_STR("password_env", imap.password_env),
	S_STR("password", imap.password_inline),
	S_STR("mailbox", imap.mailbox),
	S_INT("timeout", imap.timeout_s, 1, 3600),
	S_SIZE("max_message_bytes", imap.max_message_bytes, 4096, 1024LL * 1024 * 1024),
	{NULL, 0, 0, 0, 0, 0},
};

struct loader {
	const char *file;
	char dir[CONFIG_PATH_MAX]; /* folder of the config file, for relative paths */
	char *err;
	size_t errsz;
};

static int fail(struct loader *ld, const config_setting_t *s, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Write "FILE:LINE: what is wrong" into the loader's error buffer; returns -1. */
static int fail(struct loader *ld, const config_setting_t *s, const char *fmt, ...)
{
	int line = s ? config_setting_source_line(s) : 0;
	size_t n;
	va_list ap;

	snprintf(ld->err, ld->errsz, "%s:%d: ", ld->file, line);
	n = strlen(ld->err);
	va_start(ap, fmt);
	vsnprintf(ld->err + n, ld->errsz - n, fmt, ap);
	va_end(ap);
	return -1;
}

static const struct key *key_find(const struct key *keys, const char *name)
{
	for (; keys->name; keys++)
		if (strcmp(keys->name, name) == 0)
			return keys;
	return NULL;
}

/* A relative path becomes <config dir>/<path>. */
static bool resolve_path(const struct loader *ld, const char *in, char *out, size_t outsz)
{
	if (in[0] == '/' || !ld->dir[0] || in[0] == '\0')
		return !str_copy(out, outsz, in);
	if (in[0] == '.' && in[1] == '/')
		in += 2;
	return !str_printf(out, outsz, "%s/%s", ld->dir, in);
}

static int set_value(struct loader *ld, const struct key *k, const config_setting_t *s, void *base)
{
	char *dst = (char *)base + k->off;
	const char *str = NULL; /* set for the string kinds below; NULL keeps gcc -O1 quiet */
	long long v;

	switch (k->type) {
	case K_STRING:
	case K_PATH:
	case K_TLS:
	case K_TYPE:
		if (config_setting_type(s) != CONFIG_TYPE_STRING)
			return fail(ld, s, "%s: must be a string in double quotes", k->name);
		str = config_setting_get_string(s);
		break;
	case K_BOOL:
		if (config_setting_type(s) != CONFIG_TYPE_BOOL)
			return fail(ld, s, "%s: must be true or false", k->name);
		*(bool *)dst = config_setting_get_bool(s) != 0;
		return 0;
	case K_INT:
	case K_SIZE:
		if (config_setting_type(s) == CONFIG_TYPE_INT)
			v = config_setting_get_int(s);
		else if (config_setting_type(s) == CONFIG_TYPE_INT64)
			v = config_setting_get_int64(s);
		else
			return fail(ld, s, "%s: must be a whole number", k->name);
		if (v < k->min || v > k->max) {
			char range[64];

			snprintf(range, sizeof(range), " (allowed: %lld to %lld)", k->min, k->max);
			return fail(ld, s, "%s: out of range%s", k->name, range);
		}
		if (k->type == K_INT)
			*(int *)dst = (int)v;
		else
			*(size_t *)dst = (size_t)v;
		return 0;
	}
	switch (k->type) {
	case K_STRING:
		if (str_copy(dst, k->size, str))
			return fail(ld, s, "%s: too long", k->name);
		return 0;
	case K_PATH:
		if (!resolve_path(ld, str, dst, k->size))
			return fail(ld, s, "%s: path too long", k->name);
		return 0;
	case K_TLS:
		if (strcmp(str, "imaps") == 0)
			*(enum imap_tls *)dst = IMAP_TLS_IMAPS;
		else if (strcmp(str, "starttls") == 0)
			*(enum imap_tls *)dst = IMAP_TLS_STARTTLS;
		else if (strcmp(str, "none") == 0)
			*(enum imap_tls *)dst = IMAP_TLS_NONE;
		else
			return fail(ld, s, "tls: \"%s\" is not one of \"imaps\", \"starttls\", \"none\"",
				    str);
		return 0;
	case K_TYPE:
		if (strcmp(str, "maildir") == 0)
			*(enum source_type *)dst = SOURCE_MAILDIR;
		else if (strcmp(str, "imap") == 0)
			*(enum source_type *)dst = SOURCE_IMAP;
		else
			return fail(ld, s, "type: \"%s\" is not one of \"maildir\", \"imap\"", str);
		return 0;
	default:
		return 0;
	}
}

/* Apply every setting of group g through keys; anything else is an error. */
static int load_group(struct loader *ld, const config_setting_t *g, const struct key *keys,
		      void *base, const char *where)
{
	int n = config_setting_length(g);

	for (int i = 0; i < n; i++) {
		const config_setting_t *s = config_setting_get_elem(g, (unsigned)i);
		const char *name = config_setting_name(s);
		const struct key *k = name ? key_find(keys, name) : NULL;

		if (!k)
			return fail(ld, s, "unknown setting \"%s\"%s", name ? name : "?", where);
		if (set_value(ld, k, s, base) < 0)
			return -1;
	}
	return 0;
}

static int load_rule(struct loader *ld, const config_setting_t *g, struct policy_rule *r)
{
	static const char *const names[] = {"action", "after", "distinct_days", "window_days",
					    "stale_after_days"};
	int *ints[] = {NULL, &r->after, &r->distinct_days, &r->window_days, &r->stale_after_days};
	int n = config_setting_length(g);

	for (int i = 0; i < n; i++) {
		const config_setting_t *s = config_setting_get_elem(g, (unsigned)i);
		const char *name = config_setting_name(s);
		size_t k;

		for (k = 0; k < 5; k++)
			if (name && strcmp(name, names[k]) == 0)
				break;
		if (k == 5)
			return fail(ld, s, "unknown setting \"%s\"%s", name ? name : "?",
				    " in a policy rule (action, after, distinct_days, window_days, stale_after_days)");
		if (k == 0) {
			const char *a = config_setting_get_string(s);

			if (!a || !policy_action_from_name(a, &r->action))
				return fail(ld, s, "action: \"%s\" is not one of suppress, watch, sender_alert, ignore, reset",
					    a ? a : "?");
		} else {
			if (config_setting_type(s) != CONFIG_TYPE_INT)
				return fail(ld, s, "%s: must be a whole number", name);
			*ints[k] = config_setting_get_int(s);
			if (*ints[k] < 0 || *ints[k] > 36500)
				return fail(ld, s, "%s: out of range%s", name, " (0 to 36500)");
		}
	}
	if (r->after < 1)
		r->after = 1;
	return 0;
}

static int load_policy(struct loader *ld, const config_setting_t *g, struct config *c)
{
	int n = config_setting_length(g);

	for (int i = 0; i < n; i++) {
		const config_setting_t *s = config_setting_get_elem(g, (unsigned)i);
		const char *name = config_setting_name(s);
		enum reason r;

		if (!name || !reason_from_name(name, &r))
			return fail(ld, s, "unknown reason \"%s\" in policy%s", name ? name : "?",
				    " (see the reason list in poller.cfg.example)");
		if (!config_setting_is_group(s))
			return fail(ld, s, "policy.%s: must be a group { action = ...; }", name);
		if (load_rule(ld, s, &c->policy.rules[r]) < 0)
			return -1;
	}
	return 0;
}

static void source_defaults(struct source_config *s)
{
	memset(s, 0, sizeof(*s));
	s->type = SOURCE_MAILDIR;
	s->imap.tls = IMAP_TLS_IMAPS;
	str_copy(s->imap.mailbox, sizeof(s->imap.mailbox), "INBOX");
	s->imap.timeout_s = 30;
}

static int check_source(struct loader *ld, const config_setting_t *g, struct config *c,
			struct source_config *s)
{
	if (!s->processed[0])
		str_copy(s->processed, sizeof(s->processed), "Processed");
	if (!s->notbounce[0])
		str_copy(s->notbounce, sizeof(s->notbounce), "NotBounce");
	if (!s->review[0])
		str_copy(s->review, sizeof(s->review), "Review");
	if (s->type == SOURCE_MAILDIR) {
		if (!s->path[0])
			return fail(ld, g, "maildir source needs path = \"/path/to/Maildir\"");
		if (s->imap.host[0] || s->imap.username[0])
			return fail(ld, g, "maildir source has IMAP settings (host, username): set type = \"imap\"");
		if (!s->name[0])
			str_printf(s->name, sizeof(s->name), "maildir:%s", s->path);
	} else {
		if (!s->imap.host[0])
			return fail(ld, g, "imap source needs host = \"imap.example.com\"");
		if (!s->imap.username[0])
			return fail(ld, g, "imap source needs username");
		if (!s->imap.password_file[0] && !s->imap.password_env[0] && !s->imap.password_inline[0])
			return fail(ld, g, "imap source needs password_file or password_env");
		if (s->imap.tls == IMAP_TLS_NONE && !s->imap.allow_plaintext)
			return fail(ld, g,
				    "tls = \"none\" sends the password in clear text: set allow_plaintext = true to allow it");
		if (!s->imap.port)
			s->imap.port = s->imap.tls == IMAP_TLS_IMAPS ? 993 : 143;
		if (!s->imap.max_message_bytes)
			s->imap.max_message_bytes = c->max_bytes;
		if (!s->name[0])
			str_printf(s->name, sizeof(s->name), "imap:%s@%s/%s", s->imap.username, s->imap.host,
				   s->imap.mailbox);
		if (s->imap.password_inline[0] && c->n_warnings < 4) {
			struct stat sb;

			if (stat(ld->file, &sb) == 0 && (sb.st_mode & 0044))
				snprintf(c->warnings[c->n_warnings++], CONFIG_ERR_MAX,
					 "%s:%d: password written inline in a file that others can read: use password_file or password_env (or chmod 600 %s)",
					 ld->file, s->line, ld->file);
		}
	}
	if (!s->batch_size)
		s->batch_size = c->batch_size;
	for (size_t i = 0; i < c->n_sources; i++)
		if (strcmp(c->sources[i].name, s->name) == 0)
			return fail(ld, g, "two sources are called \"%s\": give each its own name",
				    s->name);
	return 0;
}

static int load_sources(struct loader *ld, const config_setting_t *list, struct config *c)
{
	int n = config_setting_length(list);

	if (!config_setting_is_list(list) && !config_setting_is_array(list))
		return fail(ld, list, "sources: must be a list ( { ... }, { ... } )");
	if (n > CONFIG_MAX_SOURCES)
		return fail(ld, list, "sources: more than %s sources", "64");
	for (int i = 0; i < n; i++) {
		const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
		struct source_config *s = &c->sources[c->n_sources];

		if (!config_setting_is_group(g))
			return fail(ld, g, "sources: each source must be a group { type = ...; }");
		source_defaults(s);
		s->line = config_setting_source_line(g);
		if (load_group(ld, g, source_keys, s, " in a source") < 0)
			return -1;
		if (check_source(ld, g, c, s) < 0)
			return -1;
		c->n_sources++;
	}
	return 0;
}

void config_defaults(struct config *c)
{
	/* All but sources[]: 64 x 4 KB whose pages a memset would touch (and
	 * fault in) for nothing. A source is zeroed when it is loaded
	 * (source_defaults) and none past n_sources is read. */
	memset(c, 0, offsetof(struct config, sources));
	memset(&c->n_sources, 0, sizeof(*c) - offsetof(struct config, n_sources));
	str_copy(c->database, sizeof(c->database), "./bouncer.db");
	c->batch_size = 200;
	c->busy_timeout_ms = 5000;
	c->max_bytes = 10u * 1024 * 1024;
	str_copy(c->fallback_charset, sizeof(c->fallback_charset), "windows-1252");
	str_copy(c->report_dir, sizeof(c->report_dir), "./reports");
	str_copy(c->pipe_maildir, sizeof(c->pipe_maildir), "./pipe-mail");
	c->report_csv = c->report_html = true;
	str_copy(c->language, sizeof(c->language), "en");
	policy_init_default(&c->policy);
	c->retention_max_events = 100;
	c->retention_max_days = 365;
}

static int load_root(struct loader *ld, const config_setting_t *root, struct config *c)
{
	int n = config_setting_length(root);
	const config_setting_t *sources = NULL;

	/* Pass 1: plain settings and sections; sources last, since they take
	 * defaults (batch_size, max_bytes) from the top level. */
	for (int i = 0; i < n; i++) {
		const config_setting_t *s = config_setting_get_elem(root, (unsigned)i);
		const char *name = config_setting_name(s);
		const struct key *k = key_find(top_keys, name);
		int rc = 0;

		if (k)
			rc = set_value(ld, k, s, c);
		else if (strcmp(name, "sources") == 0)
			sources = s;
		else if (strcmp(name, "parse") == 0 && config_setting_is_group(s))
			rc = load_group(ld, s, parse_keys, c, " in parse");
		else if (strcmp(name, "report") == 0 && config_setting_is_group(s)) {
			rc = load_group(ld, s, report_keys, c, " in report");
			if (rc == 0 && strcmp(c->language, "en") != 0 && strcmp(c->language, "ja") != 0)
				rc = fail(ld, s, "report.language: \"%s\" is not \"en\" or \"ja\"",
					  c->language);
		}
		else if (strcmp(name, "retention") == 0 && config_setting_is_group(s))
			rc = load_group(ld, s, retention_keys, c, " in retention");
		else if (strcmp(name, "pipe") == 0 && config_setting_is_group(s))
			rc = load_group(ld, s, pipe_keys, c, " in pipe");
		else if (strcmp(name, "policy") == 0 && config_setting_is_group(s))
			rc = load_policy(ld, s, c);
		else
			rc = fail(ld, s, "unknown setting \"%s\"%s", name,
				  " (known: database, batch_size, busy_timeout_ms, deadline, sources, parse, report, pipe, policy, retention)");
		if (rc < 0)
			return -1;
	}
	if (sources && load_sources(ld, sources, c) < 0)
		return -1;
	return 0;
}

/* libconfig 1.5 exit()s inside its scanner on an @include it cannot read
 * as a file (a directory, say): check every @include first, recursively,
 * and report it as FILE:LINE. Relative paths are taken from the config
 * file's folder (config_set_include_dir below). */
static int check_includes(struct loader *ld, const char *file, int depth)
{
	char line[CONFIG_PATH_MAX + 64];
	FILE *fp;
	int lineno = 0;

	if (depth > 10) {
		snprintf(ld->err, ld->errsz, "%s: @include nested more than 10 deep", file);
		return -1;
	}
	fp = fopen(file, "r");
	if (!fp)
		return 0; /* libconfig reports it with its line */
	while (fgets(line, sizeof(line), fp)) {
		char *p = line + strspn(line, " \t"), *q, target[CONFIG_PATH_MAX];
		struct stat sb;

		lineno++;
		if (strncmp(p, "@include", 8) != 0)
			continue;
		p = strchr(p, '"');
		q = p ? strchr(p + 1, '"') : NULL;
		if (!p || !q)
			continue; /* a syntax error: libconfig names it */
		*q = '\0';
		if (!resolve_path(ld, p + 1, target, sizeof(target)) || stat(target, &sb) != 0 ||
		    !S_ISREG(sb.st_mode) || access(target, R_OK) != 0) {
			snprintf(ld->err, ld->errsz, "%s:%d: @include \"%s\": not a readable file", file, lineno,
				 p + 1);
			fclose(fp);
			return -1;
		}
		if (check_includes(ld, target, depth + 1) < 0) {
			fclose(fp);
			return -1;
		}
	}
	fclose(fp);
	return 0;
}

int config_load(const char *path, struct config *c, char *err, size_t errsz)
{
	struct loader ld = {.file = path, .err = err, .errsz = errsz};
	config_t cf;
	const char *slash;
	int rc;

	config_defaults(c);
	str_copy(c->file, sizeof(c->file), path);
	slash = strrchr(path, '/');
	if (slash)
		str_copyn(ld.dir, sizeof(ld.dir), path, slash == path ? 1 : (size_t)(slash - path));
	else
		str_copy(ld.dir, sizeof(ld.dir), ".");
	/* the built-in defaults are relative to the config file too */
	resolve_path(&ld, "./bouncer.db", c->database, sizeof(c->database));
	resolve_path(&ld, "./reports", c->report_dir, sizeof(c->report_dir));
	resolve_path(&ld, "./pipe-mail", c->pipe_maildir, sizeof(c->pipe_maildir));

	if (access(path, R_OK) != 0) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (check_includes(&ld, path, 0) < 0)
		return -1;
	config_init(&cf);
	config_set_include_dir(&cf, ld.dir);
	if (config_read_file(&cf, path) != CONFIG_TRUE) {
		snprintf(err, errsz, "%s:%d: %s", config_error_file(&cf) ? config_error_file(&cf) : path,
			 config_error_line(&cf), config_error_text(&cf));
		config_destroy(&cf);
		return -1;
	}
	rc = load_root(&ld, config_root_setting(&cf), c);
	config_destroy(&cf);
	return rc;
}

const char *config_find(const char *explicit_path)
{
	static const char *const candidates[] = {"./poller.cfg", "/etc/bouncer/poller.cfg"};

	if (explicit_path)
		return explicit_path;
	for (size_t i = 0; i < 2; i++)
		if (access(candidates[i], F_OK) == 0)
			return candidates[i];
	return NULL;
}

/* Strip one trailing newline (and CR): password files are usually written by echo. */
static void chomp(char *s)
{
	size_t n = strlen(s);

	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
}

int config_imap_password(const struct config *c, const struct source_config *s, char *out,
			 size_t outsz, char *err, size_t errsz)
{
	const struct imap_config *im = &s->imap;

	if (im->password_file[0]) {
		FILE *fp = fopen(im->password_file, "r");

		if (!fp) {
			snprintf(err, errsz, "%s:%d: source \"%s\": password_file %s: %s", c->file, s->line,
				 s->name, im->password_file, strerror(errno));
			return -1;
		}
		if (!fgets(out, (int)outsz, fp)) {
			fclose(fp);
			snprintf(err, errsz, "%s:%d: source \"%s\": password_file %s is empty", c->file,
				 s->line, s->name, im->password_file);
			return -1;
		}
		fclose(fp);
		chomp(out);
		return 0;
	}
	if (im->password_env[0]) {
		const char *v = getenv(im->password_env);

		if (!v || !v[0]) {
			snprintf(err, errsz, "%s:%d: source \"%s\": environment variable %s is not set",
				 c->file, s->line, s->name, im->password_env);
			return -1;
		}
		if (str_copy(out, outsz, v)) {
			snprintf(err, errsz, "%s:%d: source \"%s\": password in %s too long", c->file,
				 s->line, s->name, im->password_env);
			return -1;
		}
		return 0;
	}
	if (str_copy(out, outsz, im->password_inline)) {
		snprintf(err, errsz, "%s:%d: source \"%s\": password too long", c->file, s->line, s->name);
		return -1;
	}
	return 0;
}
