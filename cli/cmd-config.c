/* cmd-config.c: loading the configuration for every command, and
 * `bouncer config check`. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/log.h"

int cli_load_config(struct cli *c, bool required)
{
	char err[CONFIG_ERR_MAX];
	const char *path = config_find(c->config_path);

	if (!path) {
		if (required) {
			log_error("no configuration: none given with -c, and neither ./poller.cfg nor "
				  "/etc/bouncer/poller.cfg exists (start from poller.cfg.example)");
			return EXIT_CONFIG;
		}
		config_defaults(&c->cfg);
		return 0;
	}
	if (config_load(path, &c->cfg, err, sizeof(err)) < 0) {
		log_error("%s", err);
		return EXIT_CONFIG;
	}
	for (size_t i = 0; i < c->cfg.n_warnings; i++)
		log_warn("%s", c->cfg.warnings[i]);
	c->cfg_loaded = true;
	return 0;
}

static const char *const source_type_names[] = {"maildir", "imap"};
static const char *const tls_names[] = {"imaps", "starttls", "none"};

int cmd_config(struct cli *c, int argc, char **argv)
{
	const struct config *cfg = &c->cfg;
	int rc;

	if (argc != 2 || strcmp(argv[1], "check") != 0) {
		fprintf(stderr, "usage: bouncer [-c FILE] config check\n");
		return EXIT_USAGE;
	}
	if ((rc = cli_load_config(c, true)) != 0)
		return rc;
	if (c->quiet)
		return EXIT_DONE;
	printf("%s: ok\n", cfg->file);
	printf("database  %s\n", cfg->database);
	printf("reports   %s (csv %s, html %s, language %s)\n", cfg->report_dir,
	       cfg->report_csv ? "on" : "off", cfg->report_html ? "on" : "off", cfg->language);
	if (cfg->n_sources == 0)
		printf("sources   none: `bouncer run` has nothing to read (add a sources list)\n");
	for (size_t i = 0; i < cfg->n_sources; i++) {
		const struct source_config *s = &cfg->sources[i];

		if (s->type == SOURCE_MAILDIR)
			printf("source    %s: %s %s -> %s / %s / %s\n", s->name, source_type_names[s->type],
			       s->path, s->processed, s->notbounce, s->review);
		else
			printf("source    %s: %s %s:%d tls=%s user=%s mailbox=%s -> %s / %s / %s\n", s->name,
			       source_type_names[s->type], s->imap.host, s->imap.port,
			       tls_names[s->imap.tls], s->imap.username, s->imap.mailbox, s->processed,
			       s->notbounce, s->review);
	}
	return EXIT_DONE;
}
