/* model.c: read what the HTML report shows from the store, once.
 *
 * Everything is bounded: the suppression list keeps the newest
 * REPORT_HTML_MAX_ROWS addresses, the chart and domain tables cover
 * REPORT_CHART_DAYS days, reviews and runs have fixed maxima.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report/report-private.h"
#include "util/str.h"

#define MODEL_MAX_FRESH 1000

static int model_fail(char *err, const char *what, const char *serr)
{
	(void)str_printf(err, REPORT_ERR_MAX, "%s: %s", what, serr);
	return -1;
}

/* ---- addresses -------------------------------------------------------- */

static bool row_newer(const struct address_row *a, const struct address_row *b)
{
	if (a->last_bounce != b->last_bounce)
		return a->last_bounce > b->last_bounce;
	return strcmp(a->address, b->address) < 0;
}

/* Keep the newest REPORT_HTML_MAX_ROWS rows. Once full, a row replaces the
 * oldest kept one; the oldest is searched again only after a replacement,
 * which is rare, so a million addresses cost about a million compares. */
static void model_keep_newest(struct report_data *d, const struct address_row *r)
{
	if (d->n_list < REPORT_HTML_MAX_ROWS) {
		d->list[d->n_list] = *r;
		if (d->n_list == 0 || row_newer(&d->list[d->list_oldest], r))
			d->list_oldest = d->n_list;
		d->n_list++;
		return;
	}
	if (!row_newer(r, &d->list[d->list_oldest]))
		return;
	d->list[d->list_oldest] = *r;
	for (size_t i = 0; i < d->n_list; i++)
		if (row_newer(&d->list[d->list_oldest], &d->list[i]))
			d->list_oldest = i;
}

static int model_fresh_add(struct report_data *d, const struct address_row *r)
{
	if (d->n_fresh == d->cap_fresh) {
		size_t cap = d->cap_fresh ? d->cap_fresh * 2 : 16;
		struct address_row *n;

		if (d->n_fresh >= MODEL_MAX_FRESH)
			return 0; /* the CSV has them all */
		n = realloc(d->fresh, cap * sizeof(*n));
		if (!n)
			return -1;
		d->fresh = n;
		d->cap_fresh = cap;
	}
	d->fresh[d->n_fresh++] = *r;
	return 0;
}

static int model_address(const struct address_row *r, void *arg)
{
	struct report_data *d = arg;

	if ((unsigned)r->state <= ADDR_SUPPRESSED)
		d->totals[r->state][report_cat_of(r)]++;
	if (r->state != ADDR_SUPPRESSED)
		return 0;
	d->n_suppressed++;
	model_keep_newest(d, r);
	return 0;
}

static int model_fresh(const struct address_row *r, void *arg)
{
	struct report_data *d = arg;

	if (model_fresh_add(d, r) < 0) {
		d->nomem = true;
		return 1;
	}
	return 0;
}

static int cmp_newest(const void *a, const void *b)
{
	const struct address_row *x = a, *y = b;

	if (row_newer(x, y))
		return -1;
	return row_newer(y, x) ? 1 : 0;
}

/* ---- events: chart and domains --------------------------------------- */

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static int model_rehash(struct report_data *d, size_t n_slots)
{
	size_t *slots = calloc(n_slots, sizeof(*slots));

	if (!slots)
		return -1;
	for (size_t i = 0; i < d->n_domains; i++) {
		size_t j = (size_t)hash_str(d->domains[i].domain) & (n_slots - 1);

		while (slots[j])
			j = (j + 1) & (n_slots - 1);
		slots[j] = i + 1;
	}
	free(d->slots);
	d->slots = slots;
	d->n_slots = n_slots;
	return 0;
}

/* The entry of domain, created when new; NULL when out of memory. */
static struct report_domain *model_domain(struct report_data *d, const char *domain)
{
	size_t j;

	if (d->n_domains * 2 >= d->n_slots && model_rehash(d, d->n_slots ? d->n_slots * 2 : 64) < 0)
		return NULL;
	j = (size_t)hash_str(domain) & (d->n_slots - 1);
	for (; d->slots[j]; j = (j + 1) & (d->n_slots - 1))
		if (strcmp(d->domains[d->slots[j] - 1].domain, domain) == 0)
			return &d->domains[d->slots[j] - 1];
	if (d->n_domains == d->cap_domains) {
		size_t cap = d->cap_domains ? d->cap_domains * 2 : 32;
		struct report_domain *n = realloc(d->domains, cap * sizeof(*n));

		if (!n)
			return NULL;
		d->domains = n;
		d->cap_domains = cap;
	}
	memset(&d->domains[d->n_domains], 0, sizeof(d->domains[0]));
	(void)str_copy(d->domains[d->n_domains].domain, REPORT_DOMAIN_MAX, domain);
	d->slots[j] = ++d->n_domains;
	return &d->domains[d->n_domains - 1];
}

/* Keep up to REPORT_SAMPLES distinct diagnostics per domain of the bounces
 * that count against the domain (we are blocked), newest first. */
static void model_sample(struct report_domain *dom, const struct event_row *e)
{
	char text[REPORT_SAMPLE_MAX + 1];

	if (policy_count_for(policy_default(), e->reason) != POLICY_COUNT_DOMAIN || !e->diagnostic[0])
		return;
	csv_clean(text, sizeof(text), e->diagnostic);
	for (int i = 0; i < dom->n_samples; i++)
		if (dom->samples[i].reason == e->reason && strcmp(dom->samples[i].text, text) == 0)
			return;
	if (dom->n_samples < REPORT_SAMPLES)
		dom->n_samples++;
	/* events come oldest first: shift down, newest at the top */
	memmove(&dom->samples[1], &dom->samples[0],
		(size_t)(dom->n_samples - 1) * sizeof(dom->samples[0]));
	dom->samples[0].reason = e->reason;
	memcpy(dom->samples[0].text, text, sizeof(text));
}

static int model_event(const struct event_row *e, void *arg)
{
	struct report_data *d = arg;
	const char *at = strrchr(e->address, '@');
	struct report_domain *dom;
	enum report_cat cat;
	long day;

	/* Not failures: they say nothing about the address or the domain. */
	if (e->reason == REASON_DELIVERED || e->reason == REASON_VACATION)
		return 0;
	if (e->event_time < d->day0)
		return 0;
	day = (long)((e->event_time - d->day0) / 86400);
	cat = e->reason == REASON_FEEDBACK ? CAT_COMPLAINT : e->hard ? CAT_HARD : CAT_SOFT;
	if (day < REPORT_CHART_DAYS)
		d->days[day][cat]++;
	dom = model_domain(d, at && at[1] ? at + 1 : "?");
	if (!dom) {
		d->nomem = true;
		return 1;
	}
	dom->total++;
	if ((unsigned)e->reason < REASON_COUNT)
		dom->by_reason[e->reason]++;
	model_sample(dom, e);
	return 0;
}

const struct report_domain *model_find_domain(const struct report_data *d, const char *domain)
{
	/* after sorting the hash slots are stale: a plain scan of the few shown */
	for (size_t i = 0; i < d->n_domains; i++)
		if (strcmp(d->domains[i].domain, domain) == 0)
			return &d->domains[i];
	return NULL;
}

static int cmp_domain(const void *a, const void *b)
{
	const struct report_domain *x = a, *y = b;

	if (x->total != y->total)
		return x->total > y->total ? -1 : 1;
	return strcmp(x->domain, y->domain);
}

/* ---- alerts, reviews, runs -------------------------------------------- */

static int model_alert(const struct sender_alert_row *r, void *arg)
{
	struct report_data *d = arg;

	d->alerts[d->n_alerts++] = *r;
	return d->n_alerts >= REPORT_MAX_ALERTS;
}

static int model_review(const struct message_row *r, void *arg)
{
	struct report_data *d = arg;

	d->review[d->n_review++] = *r;
	return d->n_review >= REPORT_MAX_REVIEW;
}

static int model_run(const struct run_row *r, void *arg)
{
	struct report_data *d = arg;

	d->runs[d->n_runs++] = *r;
	return d->n_runs >= REPORT_MAX_RUNS;
}

static int model_alloc(struct report_data *d, char *err)
{
	d->list = calloc(REPORT_HTML_MAX_ROWS, sizeof(*d->list));
	d->alerts = calloc(REPORT_MAX_ALERTS, sizeof(*d->alerts));
	d->review = calloc(REPORT_MAX_REVIEW, sizeof(*d->review));
	d->runs = calloc(REPORT_MAX_RUNS, sizeof(*d->runs));
	if (!d->list || !d->alerts || !d->review || !d->runs) {
		(void)str_copy(err, REPORT_ERR_MAX, "out of memory");
		return -1;
	}
	return 0;
}

int model_load(struct report_data *d, struct store *st, int64_t run_id, time_t now, char *err)
{
	char serr[STORE_ERR_MAX];

	memset(d, 0, sizeof(*d));
	d->now = now;
	d->day0 = timefmt_midnight(now) - (time_t)(REPORT_CHART_DAYS - 1) * 86400;
	if (model_alloc(d, err) < 0)
		return -1;
	if (run_id > 0) {
		enum store_status s = store_report_run(st, run_id, &d->run, serr);

		if (s != STORE_OK && s != STORE_NOTFOUND)
			return model_fail(err, "reading the run", serr);
		d->have_run = s == STORE_OK;
	}
	if (store_foreach_address(st, NULL, model_address, d, serr) != STORE_OK)
		return model_fail(err, "reading addresses", serr);
	if (d->nomem)
		return model_fail(err, "reading addresses", "out of memory");
	if (d->have_run &&
	    store_report_run_suppressed(st, run_id, model_fresh, d, serr) != STORE_OK)
		return model_fail(err, "reading the run's suppressions", serr);
	if (d->nomem)
		return model_fail(err, "reading the run's suppressions", "out of memory");
	/* qsort wants a non-NULL base even for no elements */
	if (d->n_list > 0)
		qsort(d->list, d->n_list, sizeof(*d->list), cmp_newest);
	if (d->n_fresh > 0)
		qsort(d->fresh, d->n_fresh, sizeof(*d->fresh), cmp_newest);
	if (store_report_events(st, d->day0, model_event, d, serr) != STORE_OK)
		return model_fail(err, "reading events", serr);
	if (d->nomem)
		return model_fail(err, "reading events", "out of memory");
	if (d->n_domains > 0)
		qsort(d->domains, d->n_domains, sizeof(*d->domains), cmp_domain);
	if (store_foreach_sender_alert(st, d->day0, model_alert, d, serr) != STORE_OK)
		return model_fail(err, "reading sender alerts", serr);
	if (store_report_messages(st, "review", REPORT_MAX_REVIEW, model_review, d, serr) != STORE_OK)
		return model_fail(err, "reading messages for review", serr);
	if (store_report_runs(st, REPORT_MAX_RUNS, model_run, d, serr) != STORE_OK)
		return model_fail(err, "reading runs", serr);
	return 0;
}

void model_free(struct report_data *d)
{
	free(d->list);
	free(d->fresh);
	free(d->domains);
	free(d->slots);
	free(d->alerts);
	free(d->review);
	free(d->runs);
	memset(d, 0, sizeof(*d));
}
