/* report-private.h: what the files of report/ share (not for other layers). */
#ifndef BOUNCER_REPORT_PRIVATE_H
#define BOUNCER_REPORT_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "report/report.h"
#include "store/report-queries.h"

/* ---- utf8.c --------------------------------------------------------- */
/* Length (1-4) of the valid UTF-8 sequence at p (n bytes available), 0 when
 * the bytes there are not valid UTF-8 (overlong, surrogate, cut short). */
size_t utf8_seq_len(const unsigned char *p, size_t n);
#define UTF8_REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */

/* ---- csv.c ---------------------------------------------------------- */
/* Copy src into dst (size bytes): one line (controls become blanks, runs
 * of blanks fold to one, trimmed), invalid UTF-8 bytes become U+FFFD, cut
 * at a character boundary. */
void csv_clean(char *dst, size_t size, const char *src);
/* true when s starts with a byte that makes a spreadsheet see a formula. */
bool csv_needs_guard(const char *s);
/* Write s as one cell, quoted when needed; s is trusted (ours). */
void csv_write_raw(FILE *out, const char *s);
/* Write untrusted text: cleaned, at most max bytes, guarded with a leading '. */
void csv_write_text(FILE *out, const char *s, size_t max);
void csv_end_row(FILE *out);

/* ---- json.c --------------------------------------------------------- */
/* Write s as a JSON string literal (quotes included), control bytes
 * escaped, invalid UTF-8 bytes as U+FFFD. */
void json_write_string(FILE *out, const char *s);

/* ---- timefmt.c ------------------------------------------------------ */
#define TIMEFMT_MAX 32
/* "2026-11-29T10:17:00Z"; "" for 0. */
void timefmt_iso(time_t t, char *buf, size_t size);
/* "2026-11-29"; "" for 0. */
void timefmt_day(time_t t, char *buf, size_t size);
/* Midnight UTC of the day holding t. */
time_t timefmt_midnight(time_t t);

/* ---- html-escape.c -------------------------------------------------- */
/* Write untrusted UTF-8 text as HTML text or attribute value: & < > " '
 * escaped, control bytes shown as blanks, invalid UTF-8 bytes as U+FFFD. */
void html_puts(FILE *out, const char *s);
/* Same, at most max bytes of s (cut at a UTF-8 boundary, "…" appended). */
void html_puts_max(FILE *out, const char *s, size_t max);

/* ---- i18n.c --------------------------------------------------------- */
enum lang { LANG_EN = 0, LANG_JA, LANG_COUNT };
enum i18n_msg {
	I18N_HTML_LANG = 0,
	I18N_TITLE,
	I18N_GENERATED,
	I18N_THIS_RUN,
	I18N_NO_RUN,
	I18N_NEW_SUPPRESSIONS,
	I18N_NONE,
	I18N_TOTALS,
	I18N_STATE,
	I18N_CHART,
	I18N_CHART_EMPTY,
	I18N_DOMAINS,
	I18N_DOMAIN,
	I18N_BOUNCES,
	I18N_REASONS,
	I18N_ALERTS,
	I18N_ALERTS_HINT,
	I18N_SAMPLES,
	I18N_SUPPRESSION_LIST,
	I18N_MORE_IN_CSV,
	I18N_ADDRESS,
	I18N_REASON,
	I18N_CATEGORY,
	I18N_LAST_BOUNCE,
	I18N_COUNT_COL,
	I18N_DIAGNOSTIC,
	I18N_REVIEW,
	I18N_REVIEW_SHORT,
	I18N_SOURCE,
	I18N_WHY,
	I18N_WHEN,
	I18N_RUNS,
	I18N_RUN,
	I18N_COMMAND,
	I18N_OUTCOME,
	I18N_SEEN,
	I18N_SUPPRESSED_N,
	I18N_TOTAL,
	I18N_CAT_HARD,
	I18N_CAT_SOFT,
	I18N_CAT_COMPLAINT,
	I18N_CAT_MANUAL,
	I18N_STATE_ACTIVE,
	I18N_STATE_WATCH,
	I18N_STATE_SUPPRESSED,
	I18N_COUNT
};
/* "en" or NULL -> LANG_EN, "ja" -> LANG_JA, anything else LANG_EN. */
enum lang i18n_lang(const char *name);
const char *i18n(enum lang l, enum i18n_msg m);

/* ---- model.c: everything the HTML shows, read from the store once --- */
enum report_cat { CAT_HARD = 0, CAT_SOFT, CAT_COMPLAINT, CAT_MANUAL, CAT_COUNT };
const char *report_cat_name(enum report_cat c);
enum report_cat report_cat_of(const struct address_row *r);

#define REPORT_MAX_ALERTS 30
#define REPORT_TOP_DOMAINS 10
#define REPORT_MAX_REVIEW 50
#define REPORT_MAX_RUNS 10
#define REPORT_DOMAIN_MAX 256

#define REPORT_SAMPLES 3
#define REPORT_SAMPLE_MAX 200

/* One distinct diagnostic of a sender-alert bounce. */
struct report_sample {
	enum reason reason;
	char text[REPORT_SAMPLE_MAX + 1];
};

struct report_domain {
	char domain[REPORT_DOMAIN_MAX];
	long total;                        /* bounces in the chart window */
	long by_reason[REASON_COUNT];
	int n_samples;                     /* sender-alert diagnostics, newest kept first */
	struct report_sample samples[REPORT_SAMPLES];
};


struct report_data {
	bool nomem;                        /* a callback ran out of memory */
	time_t now;
	time_t day0;                       /* midnight UTC of the chart's first day */
	long days[REPORT_CHART_DAYS][CAT_COUNT];
	long totals[3][CAT_COUNT];         /* addresses by state and category */

	struct report_domain *domains;     /* sorted by total, descending */
	size_t n_domains, cap_domains;
	size_t *slots;                     /* hash of domains -> index + 1 */
	size_t n_slots;
	struct sender_alert_row *alerts;   /* (domain, reason) blocking us, most first */
	size_t n_alerts;

	struct address_row *list;          /* newest suppressed, by last bounce descending */
	size_t n_list;
	size_t list_oldest;                /* index of the oldest kept row */
	long n_suppressed;                 /* all suppressed (list holds the newest) */

	struct address_row *fresh;         /* suppressed during this run */
	size_t n_fresh, cap_fresh;

	bool have_run;
	struct run_row run;                /* this run */
	struct run_row *runs;              /* recent runs, newest first */
	size_t n_runs;
	struct message_row *review;        /* waiting for review, newest first */
	size_t n_review;
};

/* Read everything from the store. Returns 0, or -1 with err. */
int model_load(struct report_data *d, struct store *st, int64_t run_id, time_t now, char *err);
void model_free(struct report_data *d);
/* The domain's entry, NULL when it had no bounce in the window. */
const struct report_domain *model_find_domain(const struct report_data *d, const char *domain);

/* ---- html.c / html-chart.c ------------------------------------------ */
void html_render(FILE *out, const struct report_data *d, enum lang l);
void html_chart(FILE *out, const struct report_data *d, enum lang l);

#endif
