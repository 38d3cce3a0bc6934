/* html-chart.c: bounces per day by category, as an inline SVG bar chart.
 *
 * One <g class="day"> per day that has bounces, holding one stacked bar
 * (hard, soft, complaint from the bottom) and a <title> as its tooltip.
 * Days without bounces draw nothing. Only our own numbers and dates go
 * into the SVG, no text from mail.
 */
#include <stdio.h>

#include "report/report-private.h"

#define CHART_W 660
#define CHART_H 220
#define CHART_LEFT 36   /* room for the y labels */
#define CHART_BOTTOM 24 /* room for the x labels */
#define CHART_TOP 10
#define CHART_RIGHT 20  /* room for the last x label */
#define CHART_SLOT ((CHART_W - CHART_LEFT - CHART_RIGHT) / REPORT_CHART_DAYS)
#define CHART_BAR (CHART_SLOT - 4)

/* Bar colours per category; the legend and CSS use the same ones. */
static const char *const chart_colour[CAT_COUNT] = {
	[CAT_HARD] = "#c0392b",
	[CAT_SOFT] = "#e08e0b",
	[CAT_COMPLAINT] = "#8e44ad",
	[CAT_MANUAL] = "#7f8c8d",
};
/* The chart shows bounces: manual suppressions are not events. */
static const enum report_cat chart_cats[] = {CAT_HARD, CAT_SOFT, CAT_COMPLAINT};
#define CHART_NCATS (sizeof(chart_cats) / sizeof(chart_cats[0]))

static long chart_day_total(const struct report_data *d, int day)
{
	long n = 0;

	for (size_t c = 0; c < CHART_NCATS; c++)
		n += d->days[day][chart_cats[c]];
	return n;
}

/* A round maximum for the y axis: 1, 2, 5, 10, 20, 50, ... >= max. */
static long chart_scale(long max)
{
	static const long steps[] = {1, 2, 5};
	long base = 1;

	for (;;) {
		for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
			if (steps[i] * base >= max)
				return steps[i] * base;
		if (base > 100000000L)
			return max;
		base *= 10;
	}
}

static void chart_axes(FILE *out, const struct report_data *d, long scale)
{
	const int plot_h = CHART_H - CHART_TOP - CHART_BOTTOM;
	char day[TIMEFMT_MAX];

	for (int i = 0; i <= 2; i++) {
		int y = CHART_TOP + plot_h - plot_h * i / 2;

		fprintf(out,
			"<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"grid\"/>"
			"<text x=\"%d\" y=\"%d\" class=\"ylab\">%ld</text>\n",
			CHART_LEFT, y, CHART_W - CHART_RIGHT, y, CHART_LEFT - 4, y + 4, scale * i / 2);
	}
	/* A date under every 7th day, counted back from today. */
	for (int i = REPORT_CHART_DAYS - 1; i >= 0; i -= 7) {
		timefmt_day(d->day0 + (time_t)i * 86400, day, sizeof(day));
		fprintf(out, "<text x=\"%d\" y=\"%d\" class=\"xlab\">%s</text>\n",
			CHART_LEFT + i * CHART_SLOT + CHART_SLOT / 2, CHART_H - 6, day + 5);
	}
}

static void chart_day(FILE *out, const struct report_data *d, int i, long scale, enum lang l)
{
	const int plot_h = CHART_H - CHART_TOP - CHART_BOTTOM;
	const int x = CHART_LEFT + i * CHART_SLOT + 2;
	char day[TIMEFMT_MAX];
	long below = 0;

	timefmt_day(d->day0 + (time_t)i * 86400, day, sizeof(day));
	fprintf(out, "<g class=\"day\" data-day=\"%s\"><title>%s:", day, day);
	for (size_t c = 0; c < CHART_NCATS; c++)
		fprintf(out, " %s %ld", i18n(l, I18N_CAT_HARD + chart_cats[c]),
			d->days[i][chart_cats[c]]);
	fputs("</title>", out);
	for (size_t c = 0; c < CHART_NCATS; c++) {
		long n = d->days[i][chart_cats[c]];
		int y0, y1;

		if (n == 0)
			continue;
		y0 = CHART_TOP + plot_h - (int)(plot_h * below / scale);
		y1 = CHART_TOP + plot_h - (int)(plot_h * (below + n) / scale);
		if (y0 - y1 < 1)
			y1 = y0 - 1; /* a bar that is there must be seen */
		fprintf(out,
			"<rect class=\"%s\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
			"fill=\"%s\"/>",
			report_cat_name(chart_cats[c]), x, y1, CHART_BAR, y0 - y1,
			chart_colour[chart_cats[c]]);
		below += n;
	}
	fputs("</g>\n", out);
}

void html_chart(FILE *out, const struct report_data *d, enum lang l)
{
	long max = 0, scale;

	for (int i = 0; i < REPORT_CHART_DAYS; i++)
		if (chart_day_total(d, i) > max)
			max = chart_day_total(d, i);
	if (max == 0) {
		fprintf(out, "<p class=\"muted\">%s</p>\n", i18n(l, I18N_CHART_EMPTY));
		return;
	}
	scale = chart_scale(max);
	fprintf(out,
		"<svg class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">\n",
		CHART_W, CHART_H, i18n(l, I18N_CHART));
	chart_axes(out, d, scale);
	for (int i = 0; i < REPORT_CHART_DAYS; i++)
		if (chart_day_total(d, i) > 0)
			chart_day(out, d, i, scale, l);
	fputs("</svg>\n<p class=\"legend\">", out);
	for (size_t c = 0; c < CHART_NCATS; c++)
		fprintf(out, "<span><i style=\"background:%s\"></i>%s</span> ",
			chart_colour[chart_cats[c]], i18n(l, I18N_CAT_HARD + chart_cats[c]));
	fputs("</p>\n", out);
}
