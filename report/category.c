/* category.c: the four categories reports group addresses and bounces by. */
#include "report/report-private.h"

static const char *const category_names[CAT_COUNT] = {
	[CAT_HARD] = "hard",
	[CAT_SOFT] = "soft",
	[CAT_COMPLAINT] = "complaint",
	[CAT_MANUAL] = "manual",
};

const char *report_cat_name(enum report_cat c)
{
	return (unsigned)c < CAT_COUNT ? category_names[c] : "soft";
}

/* A complaint outranks everything (the person asked us to stop); a manual
 * suppression outranks the bounce that may have come before it. */
enum report_cat report_cat_of(const struct address_row *r)
{
	enum reason reason;

	if (r->complaint)
		return CAT_COMPLAINT;
	if (r->manual)
		return CAT_MANUAL;
	if (!reason_from_name(r->reason, &reason))
		return CAT_SOFT;
	if (reason == REASON_FEEDBACK)
		return CAT_COMPLAINT;
	return reason_is_hard(reason, r->last_replycode) ? CAT_HARD : CAT_SOFT;
}

const char *report_category(const struct address_row *r)
{
	return report_cat_name(report_cat_of(r));
}
