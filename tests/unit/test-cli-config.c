/* test-cli-config.c: poller.cfg loading: defaults, every error names FILE:LINE. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/config.h"
#include "harness.h"

static char dir[128];

static const char *write_cfg(const char *name, const char *text, int mode)
{
	static char path[256];
	FILE *f;

	if (!dir[0]) {
		snprintf(dir, sizeof(dir), "/tmp/bouncer-t-config.XXXXXX");
		if (!mkdtemp(dir))
			abort();
	}
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f)
		abort();
	fputs(text, f);
	fclose(f);
	chmod(path, (mode_t)mode);
	return path;
}

struct bad_case {
	const char *text;
	int line;
	const char *says;
};

/* Each broken config must be refused with its line and a word about what is wrong. */
static const struct bad_case bad[] = {
	{"databse = \"x.db\";\n", 1, "unknown setting \"databse\""},
	{"database = \"x.db\";\nbatch_size = 0;\n", 2, "batch_size: out of range"},
	{"batch_size = \"ten\";\n", 1, "must be a whole number"},
	{"report = { dir = \"r\"; languag = \"en\"; };\n", 1, "unknown setting \"languag\""},
	{"report = {\n language = \"fr\";\n};\n", 1, "report.language"},
	{"sources = (\n { type = \"maildir\"; }\n);\n", 2, "needs path"},
	{"sources = (\n { type = \"pop3\"; path = \"x\"; }\n);\n", 2, "type: \"pop3\""},
	{"sources = ( { path = \"m\"; flder = \"x\"; } );\n", 1, "unknown setting \"flder\""},
	{"sources = (\n { type = \"imap\"; host = \"h\"; username = \"u\"; }\n);\n", 2,
	 "password_file or password_env"},
	{"sources = (\n { type = \"imap\"; host = \"h\"; username = \"u\"; password_env = \"P\"; tls = \"none\"; }\n);\n",
	 2, "allow_plaintext"},
	{"policy = {\n usrunknown = { action = \"suppress\"; };\n};\n", 2, "unknown reason \"usrunknown\""},
	{"policy = {\n mailboxfull = { action = \"delete\"; };\n};\n", 2, "action: \"delete\""},
	{"policy = {\n mailboxfull = { afterr = 2; };\n};\n", 2, "unknown setting \"afterr\""},
	{"sources = ( { path = \"a\"; name = \"x\"; },\n { path = \"b\"; name = \"x\"; } );\n", 2,
	 "two sources are called \"x\""},
	{"database = \"x.db\";\nbatch_size = = 5;\n", 2, "syntax error"},
};

static void test_bad_configs(void)
{
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct config *c = malloc(sizeof(*c));
		char err[CONFIG_ERR_MAX], want[300];
		const char *path = write_cfg("bad.cfg", bad[i].text, 0600);
		int rc = config_load(path, c, err, sizeof(err));

		snprintf(want, sizeof(want), "%s:%d: ", path, bad[i].line);
		CHECK(rc == -1, "row %zu refused", i);
		CHECK(strncmp(err, want, strlen(want)) == 0, "row %zu names FILE:LINE: %s", i, err);
		CHECK(strstr(err, bad[i].says) != NULL, "row %zu says \"%s\": %s", i, bad[i].says, err);
		free(c);
	}
}

static void test_good_config(void)
{
	struct config *c = malloc(sizeof(*c));
	char err[CONFIG_ERR_MAX], want[300];
	const char *path = write_cfg(
		"good.cfg",
		"database = \"state/b.db\";\nbatch_size = 50;\n"
		"sources = (\n"
		" { path = \"Maildir\"; processed = \"Done\"; },\n"
		" { name = \"acme\"; type = \"imap\"; host = \"imap.example.com\"; username = \"bounces\";\n"
		"   password_file = \"secret\"; mailbox = \"Bounces\"; }\n"
		");\n"
		"parse = { max_bytes = 5000000; verp = \"b+{local}={domain}@example.com\"; };\n"
		"report = { dir = \"/var/tmp/rep\"; html = false; language = \"ja\"; };\n"
		"policy = { hostunknown = { action = \"suppress\"; after = 1; }; };\n"
		"retention = { max_events_per_address = 10; max_age_days = 90; };\n",
		0600);

	CHECK_INT(config_load(path, c, err, sizeof(err)), 0, "good config loads (%s)", err);
	snprintf(want, sizeof(want), "%s/state/b.db", dir);
	CHECK_STR(c->database, want, "relative database path is relative to the config file");
	CHECK_STR(c->report_dir, "/var/tmp/rep", "absolute report dir kept");
	CHECK_INT(c->batch_size, 50, "batch_size");
	CHECK_INT(c->n_sources, 2, "two sources");
	CHECK_STR(c->sources[0].processed, "Done", "folder name set");
	CHECK_STR(c->sources[0].notbounce, "NotBounce", "folder default");
	CHECK_INT(c->sources[0].batch_size, 50, "source batch_size defaults to the global one");
	CHECK_INT(c->sources[1].type, SOURCE_IMAP, "imap source");
	CHECK_INT(c->sources[1].imap.port, 993, "imaps default port");
	CHECK_STR(c->sources[1].imap.mailbox, "Bounces", "mailbox");
	CHECK_STR(c->sources[1].name, "acme", "source name");
	CHECK_INT(c->max_bytes, 5000000, "parse.max_bytes");
	CHECK(!c->report_html && c->report_csv, "report switches");
	CHECK_STR(c->language, "ja", "language");
	CHECK_INT(policy_rule_for(&c->policy, REASON_HOSTUNKNOWN)->after, 1, "policy override");
	CHECK_INT(c->retention_max_events, 10, "retention");
	CHECK_INT(c->n_warnings, 0, "no warnings");
	free(c);
}

static void test_passwords(void)
{
	struct config *c = malloc(sizeof(*c));
	char err[CONFIG_ERR_MAX], pw[128];
	const char *path;

	write_cfg("pw", "s3cret\n", 0600);
	path = write_cfg("pw.cfg",
			 "sources = ( { type = \"imap\"; host = \"h\"; username = \"u\"; password_file = \"pw\"; },\n"
			 " { type = \"imap\"; host = \"h2\"; username = \"u\"; password_env = \"BOUNCER_T_PW\"; } );\n",
			 0600);
	CHECK_INT(config_load(path, c, err, sizeof(err)), 0, "config with password_file and env loads");
	CHECK_INT(config_imap_password(c, &c->sources[0], pw, sizeof(pw), err, sizeof(err)), 0,
		  "password from file");
	CHECK_STR(pw, "s3cret", "newline stripped");
	unsetenv("BOUNCER_T_PW");
	CHECK_INT(config_imap_password(c, &c->sources[1], pw, sizeof(pw), err, sizeof(err)), -1,
		  "unset environment variable is an error");
	CHECK(strstr(err, "BOUNCER_T_PW") && strstr(err, ":2:"), "which names the variable and line: %s", err);
	setenv("BOUNCER_T_PW", "fromenv", 1);
	config_imap_password(c, &c->sources[1], pw, sizeof(pw), err, sizeof(err));
	CHECK_STR(pw, "fromenv", "password from environment");

	path = write_cfg("inline.cfg",
			 "sources = ( { type = \"imap\"; host = \"h\"; username = \"u\"; password = \"pw\"; } );\n",
			 0644);
	CHECK_INT(config_load(path, c, err, sizeof(err)), 0, "inline password allowed");
	CHECK(c->n_warnings == 1 && strstr(c->warnings[0], "password_file"),
	      "but warned about when others can read the file");
	path = write_cfg("inline600.cfg",
			 "sources = ( { type = \"imap\"; host = \"h\"; username = \"u\"; password = \"pw\"; } );\n",
			 0600);
	config_load(path, c, err, sizeof(err));
	CHECK_INT(c->n_warnings, 0, "no warning when the file is private");
	free(c);
}

static void test_missing(void)
{
	struct config *c = malloc(sizeof(*c));
	char err[CONFIG_ERR_MAX];

	CHECK_INT(config_load("/nonexistent/poller.cfg", c, err, sizeof(err)), -1, "missing file");
	CHECK(strstr(err, "/nonexistent/poller.cfg") != NULL, "error names it: %s", err);
	CHECK_STR(config_find("/x/y.cfg"), "/x/y.cfg", "explicit path wins");
	free(c);
}

static void test_include(void)
{
	struct config *c = malloc(sizeof(*c));
	char err[CONFIG_ERR_MAX];
	const char *path;

	write_cfg("part.cfg", "batch_size = 7;\n", 0600);
	path = write_cfg("inc.cfg", "database = \"x.db\";\n@include \"part.cfg\"\n", 0600);
	CHECK_INT(config_load(path, c, err, sizeof(err)), 0, "@include of a file beside the config (%s)", err);
	CHECK_INT(c->batch_size, 7, "the included setting applies");
	path = write_cfg("incdir.cfg", "database = \"x.db\";\n  @include \".\"\n", 0600);
	CHECK_INT(config_load(path, c, err, sizeof(err)), -1, "@include of a directory is refused");
	CHECK(strstr(err, "incdir.cfg:2: @include") != NULL, "as FILE:LINE, before libconfig exits on it: %s", err);
	path = write_cfg("incmiss.cfg", "@include \"nope.cfg\"\n", 0600);
	CHECK_INT(config_load(path, c, err, sizeof(err)), -1, "@include of a missing file is refused");
	free(c);
}

static void cleanup(void)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	CHECK(system(cmd) == 0, "temp files removed");
}

TEST_MAIN(test_bad_configs, test_good_config, test_passwords, test_missing, test_include, cleanup)
