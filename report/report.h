/* report.h: the files people and CRMs read, written from the store.
 *
 * Every report is written to a temp file in its directory, flushed, synced
 * and renamed into place, so a reader never sees half a file. Functions
 * return 0 or -1 with a message in err (REPORT_ERR_MAX bytes). They never
 * print: warnings (an address skipped from a CSV) go to the warn callback.
 *
 * Everything stored came from a mailbox and is untrusted: CSV cells are
 * quoted (RFC 4180) and guarded against formula injection, HTML is escaped.
 */
#ifndef BOUNCER_REPORT_REPORT_H
#define BOUNCER_REPORT_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "store/store.h"

#define REPORT_ERR_MAX 512
/* Diagnostic texts in CSV/JSON/HTML are cut to this many bytes (UTF-8 safe). */
#define REPORT_DIAG_MAX 300
/* The HTML suppression list shows at most this many addresses (the CSV has all). */
#define REPORT_HTML_MAX_ROWS 500
/* Days in the HTML chart. */
#define REPORT_CHART_DAYS 30

/* Called once per warning (e.g. "skipped address ..."); may be NULL. */
typedef void (*report_warn_fn)(void *arg, const char *msg);

struct report_options {
	const char *dir;       /* output directory; created when missing */
	bool csv;              /* write suppressed.csv */
	bool html;             /* write report.html */
	const char *language;  /* "en" (default) or "ja" */
	int64_t run_id;        /* the run that just finished, 0 for none */
	time_t now;            /* "today" for the chart; 0 = time(NULL) (tests pin it) */
	report_warn_fn warn;   /* may be NULL */
	void *warn_arg;
};

/* Write every enabled report (dir/suppressed.csv, dir/report.html).
 * On failure nothing half-written is left. */
int report_write_all(struct store *st, const struct report_options *o, char *err);

/* The single reports, to an explicit path. The CSV is the generic export
 * profile of the suppressed addresses (skipped addresses are not reported
 * here; report_write_all passes them to o->warn). */
int report_write_csv(struct store *st, const char *path, char *err);
int report_write_html(struct store *st, const struct report_options *o, const char *path,
		      char *err);

/* ---- export (bouncer export) ------------------------------------------ */

/* Column sets for the CRMs; names as on the command line. */
enum export_profile {
	EXPORT_GENERIC = 0, /* email,state,reason,category,first_bounce,last_bounce,... */
	EXPORT_HUBSPOT,     /* Email */
	EXPORT_SALESFORCE,  /* Email,HasOptedOutOfEmail,Bounce_Reason,Last_Bounce (yyyy-MM-dd) */
	EXPORT_MAILCHIMP,   /* Email Address,Status (cleaned) */
	EXPORT_MAILGUN,     /* address,code,error,created_at */
	EXPORT_PROFILE_COUNT
};
enum export_format { EXPORT_CSV = 0, EXPORT_JSON };

/* "generic" ... ; never NULL. */
const char *export_profile_name(enum export_profile p);
/* false for an unknown name. */
bool export_profile_from_name(const char *name, enum export_profile *p_out);
bool export_format_from_name(const char *name, enum export_format *f_out);

struct export_options {
	enum export_profile profile;
	enum export_format format;
	bool bom;                      /* CSV: start with a UTF-8 BOM (for Excel) */
	struct address_filter filter;  /* which addresses; state -1 = any */
	/* Only addresses whose last bounce is newer than the profile's
	 * high-water mark in the database; the mark moves forward after a
	 * successful export (needs a writable store). Overrides filter.since. */
	bool since_last;
	report_warn_fn warn;           /* may be NULL */
	void *warn_arg;
};

struct export_stats {
	long written;   /* records written */
	long skipped;   /* addresses skipped (would need a formula guard) */
	time_t newest;  /* newest last_bounce written, 0 when none */
};

/* Write the records to out (the CSV header line is written even for zero records).
 * With since_last, the mark is only moved after everything was written and
 * flushed; a caller writing to a file should use export_write_file instead,
 * so that the mark moves only once the file is in place. stats_r may be NULL. */
int export_write(struct store *st, const struct export_options *o, FILE *out,
		 struct export_stats *stats_r, char *err);
/* Same, written atomically to path. */
int export_write_file(struct store *st, const struct export_options *o, const char *path,
		      struct export_stats *stats_r, char *err);

/* Parse a date for --since: "2026-11-20", "2026-11-20T10:00:00Z",
 * "2026-11-20 10:00" (all UTC). false for anything else or an impossible
 * day such as 2026-02-31. */
bool report_date_parse(const char *s, time_t *t_out);

/* The category of an address: "hard", "soft", "complaint" or "manual". */
const char *report_category(const struct address_row *r);

#endif
