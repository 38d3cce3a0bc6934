/* export.c: the suppression list in the column sets CRMs import.
 *
 * A profile is a table of columns; a column names a field of the address
 * row. The same rows go out as CSV (RFC 4180: CRLF, quoting, a header row,
 * optional BOM) or JSON (an array of objects keyed by the column names).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "report/report-private.h"
#include "util/atomic_file.h"
#include "util/str.h"

enum export_field {
	F_EMAIL = 0,
	F_STATE,
	F_REASON,
	F_CATEGORY,
	F_FIRST_BOUNCE,
	F_LAST_BOUNCE,
	F_LAST_DAY,    /* yyyy-MM-dd (Salesforce date fields) */
	F_COUNT,
	F_STATUS,
	F_REPLYCODE,
	F_DIAGNOSTIC,
	F_TRUE,        /* constant: Salesforce HasOptedOutOfEmail */
	F_CLEANED      /* constant: Mailchimp status */
};

/* How a field is typed in JSON. */
enum export_kind { K_TEXT = 0, K_DATE, K_INT, K_BOOL };

struct export_column {
	const char *name;
	enum export_field field;
};

static const struct export_column cols_generic[] = {
	{"email", F_EMAIL},         {"state", F_STATE},         {"reason", F_REASON},
	{"category", F_CATEGORY},   {"first_bounce", F_FIRST_BOUNCE}, {"last_bounce", F_LAST_BOUNCE},
	{"bounce_count", F_COUNT},  {"status", F_STATUS},       {"replycode", F_REPLYCODE},
	{"diagnostic", F_DIAGNOSTIC},
};
static const struct export_column cols_hubspot[] = {{"Email", F_EMAIL}};
static const struct export_column cols_salesforce[] = {
	{"Email", F_EMAIL},
	{"HasOptedOutOfEmail", F_TRUE},
	{"Bounce_Reason", F_REASON},
	{"Last_Bounce", F_LAST_DAY},
};
static const struct export_column cols_mailchimp[] = {{"Email Address", F_EMAIL}, {"Status", F_CLEANED}};
static const struct export_column cols_mailgun[] = {
	{"address", F_EMAIL},
	{"code", F_REPLYCODE},
	{"error", F_DIAGNOSTIC},
	{"created_at", F_LAST_BOUNCE},
};

#define COLS(a) a, sizeof(a) / sizeof(a[0])
static const struct {
	const char *name;
	const struct export_column *cols;
	size_t n_cols;
} export_profiles[EXPORT_PROFILE_COUNT] = {
	[EXPORT_GENERIC] = {"generic", COLS(cols_generic)},
	[EXPORT_HUBSPOT] = {"hubspot", COLS(cols_hubspot)},
	[EXPORT_SALESFORCE] = {"salesforce", COLS(cols_salesforce)},
	[EXPORT_MAILCHIMP] = {"mailchimp", COLS(cols_mailchimp)},
	[EXPORT_MAILGUN] = {"mailgun", COLS(cols_mailgun)},
};

static const char *const export_format_names[] = {[EXPORT_CSV] = "csv", [EXPORT_JSON] = "json"};

const char *export_profile_name(enum export_profile p)
{
	return (unsigned)p < EXPORT_PROFILE_COUNT ? export_profiles[p].name : "generic";
}

bool export_profile_from_name(const char *name, enum export_profile *p_out)
{
	for (int i = 0; i < EXPORT_PROFILE_COUNT; i++) {
		if (strcmp(export_profiles[i].name, name) == 0) {
			*p_out = (enum export_profile)i;
			return true;
		}
	}
	return false;
}

bool export_format_from_name(const char *name, enum export_format *f_out)
{
	for (size_t i = 0; i < sizeof(export_format_names) / sizeof(export_format_names[0]); i++) {
		if (strcmp(export_format_names[i], name) == 0) {
			*f_out = (enum export_format)i;
			return true;
		}
	}
	return false;
}

/* The text of one field into buf; returns its JSON kind. */
static enum export_kind export_value(const struct address_row *r, enum export_field f, char *buf,
				     size_t size)
{
	buf[0] = '\0';
	switch (f) {
	case F_EMAIL:
		csv_clean(buf, size, r->address);
		return K_TEXT;
	case F_STATE:
		(void)str_copy(buf, size, addr_state_name(r->state));
		return K_TEXT;
	case F_REASON:
		csv_clean(buf, size, r->reason);
		return K_TEXT;
	case F_CATEGORY:
		(void)str_copy(buf, size, report_category(r));
		return K_TEXT;
	case F_FIRST_BOUNCE:
		timefmt_iso(r->first_bounce, buf, size);
		return K_DATE;
	case F_LAST_BOUNCE:
		timefmt_iso(r->last_bounce, buf, size);
		return K_DATE;
	case F_LAST_DAY:
		timefmt_day(r->last_bounce, buf, size);
		return K_DATE;
	case F_COUNT:
		(void)str_printf(buf, size, "%ld", r->bounce_count);
		return K_INT;
	case F_STATUS:
		csv_clean(buf, size, r->last_status);
		return K_TEXT;
	case F_REPLYCODE:
		csv_clean(buf, size, r->last_replycode);
		return K_TEXT;
	case F_DIAGNOSTIC:
		csv_clean(buf, size < REPORT_DIAG_MAX + 1 ? size : REPORT_DIAG_MAX + 1,
			  r->last_diagnostic);
		return K_TEXT;
	case F_TRUE:
		(void)str_copy(buf, size, "true");
		return K_BOOL;
	case F_CLEANED:
		(void)str_copy(buf, size, "cleaned");
		return K_TEXT;
	}
	return K_TEXT;
}

struct export_ctx {
	const struct export_options *o;
	const struct export_column *cols;
	size_t n_cols;
	FILE *out;
	struct export_stats stats;
};

static void export_warn_skipped(const struct export_ctx *x, const char *addr)
{
	char msg[BOUNCE_ADDR_MAX + 128];

	if (!x->o->warn)
		return;
	(void)str_printf(msg, sizeof(msg),
			 "skipped address \"%s\": it would start a spreadsheet formula", addr);
	x->o->warn(x->o->warn_arg, msg);
}

static void export_csv_header(const struct export_ctx *x)
{
	if (x->o->bom)
		fputs("\xEF\xBB\xBF", x->out);
	for (size_t i = 0; i < x->n_cols; i++) {
		if (i > 0)
			fputc(',', x->out);
		csv_write_raw(x->out, x->cols[i].name);
	}
	csv_end_row(x->out);
}

static void export_csv_row(const struct export_ctx *x, const struct address_row *r)
{
	char buf[BOUNCE_TEXT_MAX + 1];

	for (size_t i = 0; i < x->n_cols; i++) {
		if (i > 0)
			fputc(',', x->out);
		(void)export_value(r, x->cols[i].field, buf, sizeof(buf));
		csv_write_text(x->out, buf, sizeof(buf) - 1);
	}
	csv_end_row(x->out);
}

static void export_json_row(const struct export_ctx *x, const struct address_row *r)
{
	char buf[BOUNCE_TEXT_MAX + 1];

	fputs(x->stats.written > 0 ? ",\n  {" : "\n  {", x->out);
	for (size_t i = 0; i < x->n_cols; i++) {
		enum export_kind k = export_value(r, x->cols[i].field, buf, sizeof(buf));

		if (i > 0)
			fputs(", ", x->out);
		json_write_string(x->out, x->cols[i].name);
		fputs(": ", x->out);
		if ((k == K_INT || k == K_BOOL) && buf[0])
			fputs(buf, x->out); /* ours: digits or true */
		else if (k == K_DATE && !buf[0])
			fputs("null", x->out);
		else
			json_write_string(x->out, buf);
	}
	fputc('}', x->out);
}

static int export_row(const struct address_row *r, void *arg)
{
	struct export_ctx *x = arg;
	char addr[BOUNCE_ADDR_MAX];

	/* An address that a spreadsheet would read as a formula cannot be
	 * written safely: a leading ' would change the address itself. */
	csv_clean(addr, sizeof(addr), r->address);
	if (!addr[0] || csv_needs_guard(addr)) {
		x->stats.skipped++;
		export_warn_skipped(x, addr);
		return 0;
	}
	if (x->o->format == EXPORT_JSON)
		export_json_row(x, r);
	else
		export_csv_row(x, r);
	x->stats.written++;
	if (r->last_bounce > x->stats.newest)
		x->stats.newest = r->last_bounce;
	return ferror(x->out) ? 1 : 0;
}

/* Everything but moving the high-water mark. */
static int export_run(struct store *st, const struct export_options *o, FILE *out,
		      struct export_ctx *x, time_t *mark_r, char *err)
{
	struct address_filter f = o->filter;
	char serr[STORE_ERR_MAX];

	memset(x, 0, sizeof(*x));
	x->o = o;
	x->out = out;
	if ((unsigned)o->profile >= EXPORT_PROFILE_COUNT) {
		(void)str_copy(err, REPORT_ERR_MAX, "unknown export profile");
		return -1;
	}
	x->cols = export_profiles[o->profile].cols;
	x->n_cols = export_profiles[o->profile].n_cols;
	*mark_r = 0;
	if (o->since_last) {
		if (store_export_mark_get(st, export_profile_name(o->profile), mark_r, serr) !=
		    STORE_OK) {
			(void)str_printf(err, REPORT_ERR_MAX, "export mark: %s", serr);
			return -1;
		}
		f.since = *mark_r > 0 ? *mark_r + 1 : 0;
	}
	if (o->format == EXPORT_JSON)
		fputc('[', out);
	else
		export_csv_header(x);
	if (store_foreach_address(st, &f, export_row, x, serr) != STORE_OK) {
		(void)str_printf(err, REPORT_ERR_MAX, "reading addresses: %s", serr);
		return -1;
	}
	if (o->format == EXPORT_JSON)
		fputs(x->stats.written > 0 ? "\n]\n" : "]\n", out);
	if (ferror(out) || fflush(out) != 0) {
		(void)str_printf(err, REPORT_ERR_MAX, "writing export: %s",
				 strerror(errno ? errno : EIO));
		return -1;
	}
	return 0;
}

static int export_move_mark(struct store *st, const struct export_options *o,
			    const struct export_ctx *x, time_t mark, char *err)
{
	char serr[STORE_ERR_MAX];

	if (!o->since_last || x->stats.newest <= mark)
		return 0;
	if (store_export_mark_set(st, export_profile_name(o->profile), x->stats.newest, serr) !=
	    STORE_OK) {
		(void)str_printf(err, REPORT_ERR_MAX, "export mark: %s", serr);
		return -1;
	}
	return 0;
}

int export_write(struct store *st, const struct export_options *o, FILE *out,
		 struct export_stats *stats_r, char *err)
{
	struct export_ctx x;
	time_t mark;

	if (export_run(st, o, out, &x, &mark, err) < 0 || export_move_mark(st, o, &x, mark, err) < 0)
		return -1;
	if (stats_r)
		*stats_r = x.stats;
	return 0;
}

int export_write_file(struct store *st, const struct export_options *o, const char *path,
		      struct export_stats *stats_r, char *err)
{
	struct atomic_file af;
	struct export_ctx x;
	time_t mark;

	if (atomic_file_open(&af, path, err, REPORT_ERR_MAX) < 0)
		return -1;
	if (export_run(st, o, af.fp, &x, &mark, err) < 0) {
		int e = errno; /* the caller tells a full disk (75) from the rest */
		char why[REPORT_ERR_MAX];

		atomic_file_abort(&af);
		(void)str_copy(why, sizeof(why), err);
		(void)str_printf(err, REPORT_ERR_MAX, "%s: %s", path, why);
		errno = e;
		return -1;
	}
	if (atomic_file_commit(&af, err, REPORT_ERR_MAX) < 0 ||
	    export_move_mark(st, o, &x, mark, err) < 0)
		return -1;
	if (stats_r)
		*stats_r = x.stats;
	return 0;
}
