/* html.c: the HTML report, one self-contained page.
 *
 * Inline CSS and SVG only: no script, font, image or other URL, so it
 * opens offline, in a mail client and on a phone, and prints. Every value
 * that came from mail goes through html_puts(); words come from i18n.c.
 */
#include <stdio.h>

#include "report/report-private.h"

/* Diagnostics in tables are cut shorter than in the CSV. */
#define HTML_DIAG_MAX 160

static const char html_css[] =
	":root{--hard:#c0392b;--soft:#e08e0b;--complaint:#8e44ad;--manual:#7f8c8d;"
	"--ink:#1f2933;--muted:#616e7c;--line:#d9e2ec;--bg:#f5f7fa}\n"
	"*{box-sizing:border-box}\n"
	"body{margin:0;background:var(--bg);color:var(--ink);"
	"font:15px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,\"Hiragino Sans\",\"Noto Sans CJK JP\","
	"sans-serif}\n"
	"main{max-width:980px;margin:0 auto;padding:12px}\n"
	"header{padding:8px 4px 4px}\n"
	"h1{font-size:1.5em;margin:0}\n"
	"h2{font-size:1.1em;margin:0 0 8px}\n"
	"section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px;"
	"margin:12px 0;break-inside:avoid-page}\n"
	".muted{color:var(--muted)}\n"
	".cards{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0}\n"
	".card{flex:1 1 120px;border:1px solid var(--line);border-radius:6px;padding:8px}\n"
	".card b{display:block;font-size:1.6em}\n"
	".scroll{overflow-x:auto}\n"
	"table{border-collapse:collapse;width:100%;font-size:.92em}\n"
	"th,td{text-align:left;padding:4px 6px;border-bottom:1px solid var(--line);vertical-align:top}\n"
	"th{background:var(--bg);font-weight:600}\n"
	"td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}\n"
	/* break-word keeps an address whole unless it cannot fit at all */
	"td.addr{overflow-wrap:break-word;word-break:normal}\n"
	"td.diag{overflow-wrap:anywhere}\n"
	"td.diag{color:var(--muted);font-size:.9em;min-width:14em}\n"
	".tag{display:inline-block;padding:0 6px;border-radius:9px;color:#fff;font-size:.85em;"
	"white-space:nowrap}\n"
	".nw,time{white-space:nowrap}\n"
	".tag.hard{background:var(--hard)}.tag.soft{background:var(--soft)}\n"
	".tag.complaint{background:var(--complaint)}.tag.manual{background:var(--manual)}\n"
	"svg.chart{width:100%;height:auto;display:block}\n"
	"svg .grid{stroke:var(--line);stroke-width:1}\n"
	"svg .ylab{font-size:13px;text-anchor:end;fill:var(--muted)}\n"
	"svg .xlab{font-size:13px;text-anchor:middle;fill:var(--muted)}\n"
	".legend span{margin-right:12px;white-space:nowrap}\n"
	".legend i{display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:2px}\n"
	/* On a phone, long tables become one block per row; numbers get their label. */
	"@media (max-width:600px){body{font-size:14px}main{padding:6px}section{padding:8px}"
	".card{flex-basis:40%}"
	"table.rows thead{display:none}"
	"table.rows tr{display:block;padding:6px 0;border-bottom:1px solid var(--line)}"
	"table.rows td{display:inline-block;border:0;padding:1px 8px 1px 0;text-align:left}"
	"table.rows td.addr,table.rows td.diag{display:block;min-width:0}"
	"table.rows td.addr{font-weight:600}"
	"table.rows td[data-l]::before{content:attr(data-l) \": \";color:var(--muted)}}\n"
	"@media print{body{background:#fff;font-size:11px}main{max-width:none;padding:0}"
	"section{border:0;padding:0;margin:10px 0}.scroll{overflow:visible}"
	"tr{break-inside:avoid}.tag{background:none;color:#000;border:1px solid #000}}\n";

static void html_time(FILE *out, time_t t)
{
	char buf[TIMEFMT_MAX];

	timefmt_iso(t, buf, sizeof(buf));
	if (!buf[0]) {
		fputs("&ndash;", out);
		return;
	}
	/* "2026-11-29 10:17 UTC" reads better than the ISO form */
	fprintf(out, "<time datetime=\"%s\">%.10s %.5s UTC</time>", buf, buf, buf + 11);
}

static void html_day(FILE *out, time_t t)
{
	char buf[TIMEFMT_MAX];

	timefmt_day(t, buf, sizeof(buf));
	fprintf(out, "<span class=\"nw\">%s</span>", buf[0] ? buf : "&ndash;");
}

/* A number in a row table, labelled for the phone layout. */
static void html_td_num(FILE *out, enum lang l, enum i18n_msg label, long n)
{
	fprintf(out, "<td class=\"n\" data-l=\"%s\">%ld</td>", i18n(l, label), n);
}

static void html_th(FILE *out, enum lang l, enum i18n_msg m, bool numeric)
{
	fprintf(out, "<th%s>%s</th>", numeric ? " class=\"n\"" : "", i18n(l, m));
}

static void html_section(FILE *out, enum lang l, const char *id, enum i18n_msg title)
{
	fprintf(out, "<section id=\"%s\">\n<h2>%s</h2>\n", id, i18n(l, title));
}

static void html_none(FILE *out, enum lang l)
{
	fprintf(out, "<p class=\"muted\">%s</p>\n", i18n(l, I18N_NONE));
}

static void html_tag(FILE *out, enum lang l, enum report_cat c)
{
	fprintf(out, "<span class=\"tag %s\">%s</span>", report_cat_name(c),
		i18n(l, I18N_CAT_HARD + c));
}

/* A table of address rows: what changed in this run, and the list. */
static void html_addresses(FILE *out, enum lang l, const struct address_row *rows, size_t n)
{
	if (n == 0) {
		html_none(out, l);
		return;
	}
	fputs("<div class=\"scroll\"><table class=\"rows\">\n<thead><tr>", out);
	html_th(out, l, I18N_ADDRESS, false);
	html_th(out, l, I18N_REASON, false);
	html_th(out, l, I18N_CATEGORY, false);
	html_th(out, l, I18N_LAST_BOUNCE, false);
	html_th(out, l, I18N_COUNT_COL, true);
	html_th(out, l, I18N_DIAGNOSTIC, false);
	fputs("</tr></thead>\n<tbody>\n", out);
	for (size_t i = 0; i < n; i++) {
		const struct address_row *r = &rows[i];

		fputs("<tr><td class=\"addr\">", out);
		html_puts(out, r->address);
		fputs("</td><td>", out);
		html_puts(out, r->reason);
		fputs("</td><td>", out);
		html_tag(out, l, report_cat_of(r));
		fputs("</td><td>", out);
		html_day(out, r->last_bounce);
		fputs("</td>", out);
		html_td_num(out, l, I18N_COUNT_COL, r->bounce_count);
		fputs("<td class=\"diag\">", out);
		html_puts_max(out, r->last_diagnostic, HTML_DIAG_MAX);
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table></div>\n", out);
}

static void html_card(FILE *out, long n, const char *label)
{
	fprintf(out, "<div class=\"card\"><b>%ld</b>%s</div>\n", n, label);
}

static void html_this_run(FILE *out, const struct report_data *d, enum lang l)
{
	html_section(out, l, "run", I18N_THIS_RUN);
	if (!d->have_run) {
		fprintf(out, "<p class=\"muted\">%s</p>\n", i18n(l, I18N_NO_RUN));
	} else {
		fprintf(out, "<p>%s #%lld &middot; ", i18n(l, I18N_RUN), (long long)d->run.id);
		html_puts(out, d->run.command);
		fputs(" &middot; ", out);
		html_time(out, d->run.started);
		if (d->run.outcome[0]) {
			fputs(" &middot; ", out);
			html_puts(out, d->run.outcome);
		}
		fputs("</p>\n<div class=\"cards\">\n", out);
		html_card(out, d->run.counts.seen, i18n(l, I18N_SEEN));
		html_card(out, d->run.counts.bounces, i18n(l, I18N_BOUNCES));
		html_card(out, d->run.counts.suppressed, i18n(l, I18N_SUPPRESSED_N));
		html_card(out, d->run.counts.review, i18n(l, I18N_REVIEW_SHORT));
		fputs("</div>\n", out);
		fprintf(out, "<h2>%s</h2>\n", i18n(l, I18N_NEW_SUPPRESSIONS));
		html_addresses(out, l, d->fresh, d->n_fresh);
	}
	fputs("</section>\n", out);
}

static void html_totals(FILE *out, const struct report_data *d, enum lang l)
{
	long col[CAT_COUNT] = {0}, all = 0;

	html_section(out, l, "totals", I18N_TOTALS);
	fputs("<div class=\"scroll\"><table>\n<thead><tr>", out);
	html_th(out, l, I18N_STATE, false);
	for (int c = 0; c < CAT_COUNT; c++)
		html_th(out, l, I18N_CAT_HARD + c, true);
	html_th(out, l, I18N_TOTAL, true);
	fputs("</tr></thead>\n<tbody>\n", out);
	for (int s = ADDR_SUPPRESSED; s >= ADDR_ACTIVE; s--) {
		long row = 0;

		fprintf(out, "<tr><td>%s</td>", i18n(l, I18N_STATE_ACTIVE + s));
		for (int c = 0; c < CAT_COUNT; c++) {
			fprintf(out, "<td class=\"n\">%ld</td>", d->totals[s][c]);
			row += d->totals[s][c];
			col[c] += d->totals[s][c];
		}
		fprintf(out, "<td class=\"n\"><b>%ld</b></td></tr>\n", row);
		all += row;
	}
	fprintf(out, "<tr><td><b>%s</b></td>", i18n(l, I18N_TOTAL));
	for (int c = 0; c < CAT_COUNT; c++)
		fprintf(out, "<td class=\"n\"><b>%ld</b></td>", col[c]);
	fprintf(out, "<td class=\"n\"><b>%ld</b></td></tr>\n</tbody></table></div>\n</section>\n", all);
}

/* The most frequent reasons of a domain: "userunknown 5, blocked 2". */
#define HTML_DOMAIN_REASONS 5
static void html_domain_reasons(FILE *out, const struct report_domain *dom)
{
	bool used[REASON_COUNT] = {false};

	for (int k = 0; k < HTML_DOMAIN_REASONS; k++) {
		int best = -1;

		for (int r = 0; r < REASON_COUNT; r++)
			if (!used[r] && dom->by_reason[r] > 0 &&
			    (best < 0 || dom->by_reason[r] > dom->by_reason[best]))
				best = r;
		if (best < 0)
			break;
		used[best] = true;
		fprintf(out, "%s%s&nbsp;%ld", k ? ", " : "", reason_name((enum reason)best),
			dom->by_reason[best]);
	}
}

static void html_domains(FILE *out, const struct report_data *d, enum lang l)
{
	size_t n = d->n_domains < REPORT_TOP_DOMAINS ? d->n_domains : REPORT_TOP_DOMAINS;

	html_section(out, l, "domains", I18N_DOMAINS);
	if (n == 0) {
		html_none(out, l);
		fputs("</section>\n", out);
		return;
	}
	fputs("<div class=\"scroll\"><table>\n<thead><tr>", out);
	html_th(out, l, I18N_DOMAIN, false);
	html_th(out, l, I18N_BOUNCES, true);
	html_th(out, l, I18N_REASONS, false);
	fputs("</tr></thead>\n<tbody>\n", out);
	for (size_t i = 0; i < n; i++) {
		fputs("<tr><td class=\"addr\">", out);
		html_puts(out, d->domains[i].domain);
		fprintf(out, "</td><td class=\"n\">%ld</td><td>", d->domains[i].total);
		html_domain_reasons(out, &d->domains[i]);
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table></div>\n</section>\n", out);
}

/* The distinct diagnostics of this domain and reason (newest first), else
 * the last one the store kept. */
static void html_alert_samples(FILE *out, const struct report_data *d,
			       const struct sender_alert_row *a)
{
	const struct report_domain *dom = model_find_domain(d, a->domain);
	enum reason r;
	int shown = 0;

	if (dom && reason_from_name(a->reason, &r)) {
		for (int i = 0; i < dom->n_samples; i++) {
			if (dom->samples[i].reason != r)
				continue;
			fputs(shown++ ? "<br>" : "", out);
			html_puts_max(out, dom->samples[i].text, HTML_DIAG_MAX);
		}
	}
	if (!shown)
		html_puts_max(out, a->last_diagnostic, HTML_DIAG_MAX);
}

static void html_alerts(FILE *out, const struct report_data *d, enum lang l)
{
	html_section(out, l, "alerts", I18N_ALERTS);
	if (d->n_alerts == 0) {
		html_none(out, l);
		fputs("</section>\n", out);
		return;
	}
	fprintf(out, "<p class=\"muted\">%s</p>\n", i18n(l, I18N_ALERTS_HINT));
	fputs("<div class=\"scroll\"><table class=\"rows\">\n<thead><tr>", out);
	html_th(out, l, I18N_DOMAIN, false);
	html_th(out, l, I18N_REASON, false);
	html_th(out, l, I18N_BOUNCES, true);
	html_th(out, l, I18N_LAST_BOUNCE, false);
	html_th(out, l, I18N_SAMPLES, false);
	fputs("</tr></thead>\n<tbody>\n", out);
	for (size_t i = 0; i < d->n_alerts; i++) {
		const struct sender_alert_row *a = &d->alerts[i];

		fputs("<tr><td class=\"addr\">", out);
		html_puts(out, a->domain);
		fputs("</td><td>", out);
		html_puts(out, a->reason);
		fputs("</td>", out);
		html_td_num(out, l, I18N_BOUNCES, a->count);
		fputs("<td>", out);
		html_day(out, a->last);
		fputs("</td><td class=\"diag\">", out);
		html_alert_samples(out, d, a);
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table></div>\n</section>\n", out);
}

static void html_list(FILE *out, const struct report_data *d, enum lang l)
{
	html_section(out, l, "suppressed", I18N_SUPPRESSION_LIST);
	if ((long)d->n_list < d->n_suppressed)
		fprintf(out, "<p class=\"muted\">%s %ld</p>\n", i18n(l, I18N_MORE_IN_CSV),
			d->n_suppressed);
	html_addresses(out, l, d->list, d->n_list);
	fputs("</section>\n", out);
}

static void html_review(FILE *out, const struct report_data *d, enum lang l)
{
	html_section(out, l, "review", I18N_REVIEW);
	if (d->n_review == 0) {
		html_none(out, l);
		fputs("</section>\n", out);
		return;
	}
	fputs("<div class=\"scroll\"><table class=\"rows\">\n<thead><tr>", out);
	html_th(out, l, I18N_WHEN, false);
	html_th(out, l, I18N_SOURCE, false);
	html_th(out, l, I18N_WHY, false);
	fputs("</tr></thead>\n<tbody>\n", out);
	for (size_t i = 0; i < d->n_review; i++) {
		const struct message_row *m = &d->review[i];

		fputs("<tr><td>", out);
		html_time(out, m->processed_at);
		fputs("</td><td class=\"addr\">", out);
		html_puts(out, m->source);
		fputs(" ", out);
		html_puts_max(out, m->source_id, 120);
		fputs("</td><td class=\"diag\">", out);
		html_puts(out, m->why);
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table></div>\n</section>\n", out);
}

static void html_runs(FILE *out, const struct report_data *d, enum lang l)
{
	html_section(out, l, "runs", I18N_RUNS);
	if (d->n_runs == 0) {
		html_none(out, l);
		fputs("</section>\n", out);
		return;
	}
	fputs("<div class=\"scroll\"><table class=\"rows\">\n<thead><tr>", out);
	html_th(out, l, I18N_RUN, true);
	html_th(out, l, I18N_WHEN, false);
	html_th(out, l, I18N_COMMAND, false);
	html_th(out, l, I18N_SEEN, true);
	html_th(out, l, I18N_BOUNCES, true);
	html_th(out, l, I18N_SUPPRESSED_N, true);
	html_th(out, l, I18N_OUTCOME, false);
	fputs("</tr></thead>\n<tbody>\n", out);
	for (size_t i = 0; i < d->n_runs; i++) {
		const struct run_row *r = &d->runs[i];

		fprintf(out, "<tr><td class=\"n\">#%lld</td><td>", (long long)r->id);
		html_time(out, r->started);
		fputs("</td><td>", out);
		html_puts(out, r->command);
		fputs("</td>", out);
		html_td_num(out, l, I18N_SEEN, r->counts.seen);
		html_td_num(out, l, I18N_BOUNCES, r->counts.bounces);
		html_td_num(out, l, I18N_SUPPRESSED_N, r->counts.suppressed);
		fputs("<td>", out);
		html_puts(out, r->outcome);
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table></div>\n</section>\n", out);
}

void html_render(FILE *out, const struct report_data *d, enum lang l)
{
	char day[TIMEFMT_MAX];

	/* the date in the title names a saved or printed copy */
	timefmt_day(d->now, day, sizeof(day));
	fprintf(out,
		"<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n"
		"<meta name=\"referrer\" content=\"no-referrer\">\n"
		"<title>%s %s</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n",
		i18n(l, I18N_HTML_LANG), i18n(l, I18N_TITLE), day, html_css);
	fprintf(out, "<header><h1>%s</h1><p class=\"muted\">%s ", i18n(l, I18N_TITLE),
		i18n(l, I18N_GENERATED));
	html_time(out, d->now);
	fputs("</p></header>\n", out);
	html_this_run(out, d, l);
	html_totals(out, d, l);
	html_section(out, l, "chart", I18N_CHART);
	html_chart(out, d, l);
	fputs("</section>\n", out);
	html_domains(out, d, l);
	html_alerts(out, d, l);
	html_list(out, d, l);
	html_review(out, d, l);
	html_runs(out, d, l);
	fputs("</main>\n</body>\n</html>\n", out);
}
