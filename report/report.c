/* report.c: the reports of a run (suppressed.csv, report.html), each
 * written to a temp file beside its final name and renamed into place. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "report/report-private.h"
#include "util/atomic_file.h"
#include "util/str.h"

#define REPORT_CSV_NAME "suppressed.csv"
#define REPORT_HTML_NAME "report.html"
/* A writer renames its temp file within seconds; one this old was left by a
 * killed run (SIGKILL, power loss) and nobody else will remove it. */
#define REPORT_STALE_TMP_SECS (10 * 60)

/* mkdir -p: each missing component, mode 0755. */
static int report_mkdirs(const char *dir, char *err)
{
	char path[4096];

	if (str_copy(path, sizeof(path), dir)) {
		(void)str_printf(err, REPORT_ERR_MAX, "%s: path too long", dir);
		return -1;
	}
	for (char *p = path + 1;; p++) {
		bool end = *p == '\0';

		if (*p != '/' && !end)
			continue;
		*p = '\0';
		if (mkdir(path, 0755) < 0 && errno != EEXIST) {
			(void)str_printf(err, REPORT_ERR_MAX, "cannot create %s: %s", path,
					 strerror(errno));
			return -1;
		}
		if (end)
			return 0;
		*p = '/';
	}
}

/* Remove stale "<name>.tmp.XXXXXX" files (atomic_file's temp names) from dir.
 * Best effort: a failure here never stops the reports. */
static void report_sweep_stale(const char *dir, const char *name)
{
	size_t nlen = strlen(name);
	time_t cutoff = time(NULL) - REPORT_STALE_TMP_SECS;
	char path[4096];
	struct dirent *de;
	struct stat sb;
	DIR *d = opendir(dir);

	if (!d)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, name, nlen) != 0 || strncmp(de->d_name + nlen, ".tmp.", 5) != 0 ||
		    strlen(de->d_name + nlen + 5) != 6)
			continue;
		if (str_printf(path, sizeof(path), "%s/%s", dir, de->d_name) || lstat(path, &sb) != 0)
			continue;
		if (S_ISREG(sb.st_mode) && sb.st_mtime < cutoff)
			(void)unlink(path);
	}
	closedir(d);
}

static int report_csv(struct store *st, const struct report_options *o, const char *path,
		      char *err)
{
	struct export_options eo;

	memset(&eo, 0, sizeof(eo));
	eo.profile = EXPORT_GENERIC;
	eo.format = EXPORT_CSV;
	eo.filter.state = ADDR_SUPPRESSED;
	if (o) {
		eo.warn = o->warn;
		eo.warn_arg = o->warn_arg;
	}
	return export_write_file(st, &eo, path, NULL, err);
}

int report_write_csv(struct store *st, const char *path, char *err)
{
	return report_csv(st, NULL, path, err);
}

int report_write_html(struct store *st, const struct report_options *o, const char *path,
		      char *err)
{
	struct report_data *d = malloc(sizeof(*d));
	struct atomic_file af;
	int rc = -1;

	if (!d) {
		(void)str_copy(err, REPORT_ERR_MAX, "out of memory");
		return -1;
	}
	if (model_load(d, st, o->run_id, o->now ? o->now : time(NULL), err) < 0)
		goto out;
	if (atomic_file_open(&af, path, err, REPORT_ERR_MAX) < 0)
		goto out;
	html_render(af.fp, d, i18n_lang(o->language));
	if (atomic_file_commit(&af, err, REPORT_ERR_MAX) < 0)
		goto out;
	rc = 0;
out:
	model_free(d);
	free(d);
	return rc;
}

int report_write_all(struct store *st, const struct report_options *o, char *err)
{
	char path[4096];
	const char *dir = o->dir && o->dir[0] ? o->dir : ".";

	if ((o->csv || o->html) && report_mkdirs(dir, err) < 0)
		return -1;
	report_sweep_stale(dir, REPORT_CSV_NAME);
	report_sweep_stale(dir, REPORT_HTML_NAME);
	if (o->csv) {
		if (str_printf(path, sizeof(path), "%s/%s", dir, REPORT_CSV_NAME)) {
			(void)str_printf(err, REPORT_ERR_MAX, "%s: path too long", dir);
			return -1;
		}
		if (report_csv(st, o, path, err) < 0)
			return -1;
	}
	if (o->html) {
		if (str_printf(path, sizeof(path), "%s/%s", dir, REPORT_HTML_NAME)) {
			(void)str_printf(err, REPORT_ERR_MAX, "%s: path too long", dir);
			return -1;
		}
		if (report_write_html(st, o, path, err) < 0)
			return -1;
	}
	return 0;
}
