/* report.h: the files people and CRMs read, written from the store.
 *
 * Every report is written to a temp file in its directory, flushed, synced
 * and renamed into place, so a reader never sees half a file. Functions
 * return 0 or -1 with a message in err (REPORT_ERR_MAX bytes).
 */
#ifndef BOUNCER_REPORT_REPORT_H
#define BOUNCER_REPORT_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

#define REPORT_ERR_MAX 512

struct report_options {
	const char *dir;       /* output directory; created when missing */
	bool csv;              /* write suppressed.csv */
	bool html;             /* write report.html */
	const char *language;  /* "en" (default) or "ja" */
	int64_t run_id;        /* the run that just finished, 0 for none */
};

/* Write every enabled report. On failure nothing half-written is left. */
int report_write_all(struct store *st, const struct report_options *o, char *err);

/* The single reports, to an explicit path. */
int report_write_csv(struct store *st, const char *path, char *err);
int report_write_html(struct store *st, const struct report_options *o, const char *path,
		      char *err);

#endif
