/* test-store-policy.c: the suppression policy, run through a real store. */
#include "tests/unit/harness.h"
#include "tests/unit/test-store-fixture.h"

enum { A = ADDR_ACTIVE, W = ADDR_WATCH, S = ADDR_SUPPRESSED, NONE = -1 };

struct step {
	const char *rcpt;
	enum reason reason;
	int day, hour;
	const char *msgid;  /* original Message-ID; NULL = a new one per step */
	int want_state;     /* after this step */
	long want_newly;    /* addresses newly suppressed by this step */
};
struct scenario {
	const char *name;
	struct step steps[8];
	long want_count;    /* bounce_count of the first step's address at the end */
};

#define END {NULL, 0, 0, 0, NULL, 0, 0}

static const struct scenario scenarios[] = {
	{"userunknown suppresses at once",
	 {{"a@x.example", REASON_USERUNKNOWN, 0, 1, NULL, S, 1}, END}, 1},
	{"hasmoved suppresses at once",
	 {{"a@x.example", REASON_HASMOVED, 0, 1, NULL, S, 1}, END}, 1},
	{"notaccept suppresses at once",
	 {{"a@x.example", REASON_NOTACCEPT, 0, 1, NULL, S, 1}, END}, 1},
	{"suppressed suppresses at once",
	 {{"a@x.example", REASON_SUPPRESSED, 0, 1, NULL, S, 1}, END}, 1},
	{"feedback suppresses at once",
	 {{"a@x.example", REASON_FEEDBACK, 0, 1, NULL, S, 1}, END}, 1},
	{"a suppressed address stays suppressed and counts",
	 {{"a@x.example", REASON_USERUNKNOWN, 0, 1, NULL, S, 1},
	  {"a@x.example", REASON_USERUNKNOWN, 3, 1, NULL, S, 0}, END}, 2},
	{"hostunknown needs 2 different days",
	 {{"a@x.example", REASON_HOSTUNKNOWN, 0, 1, NULL, A, 0},
	  {"a@x.example", REASON_HOSTUNKNOWN, 0, 9, NULL, A, 0},
	  {"a@x.example", REASON_HOSTUNKNOWN, 1, 1, NULL, S, 1}, END}, 3},
	{"mailboxfull: 3 bounces on 3 days within 30 suppress",
	 {{"a@x.example", REASON_MAILBOXFULL, 0, 1, NULL, W, 0},
	  {"a@x.example", REASON_MAILBOXFULL, 5, 1, NULL, W, 0},
	  {"a@x.example", REASON_MAILBOXFULL, 10, 1, NULL, S, 1}, END}, 3},
	{"mailboxfull: 3 bounces on the same day only watch",
	 {{"a@x.example", REASON_MAILBOXFULL, 0, 1, NULL, W, 0},
	  {"a@x.example", REASON_MAILBOXFULL, 0, 2, NULL, W, 0},
	  {"a@x.example", REASON_MAILBOXFULL, 0, 3, NULL, W, 0}, END}, 3},
	{"soft reasons add up (mailboxfull, suspend, expired)",
	 {{"a@x.example", REASON_MAILBOXFULL, 0, 1, NULL, W, 0},
	  {"a@x.example", REASON_SUSPEND, 1, 1, NULL, W, 0},
	  {"a@x.example", REASON_EXPIRED, 2, 1, NULL, S, 1}, END}, 3},
	{"stale after 14 days without a bounce: counting restarts",
	 {{"a@x.example", REASON_MAILBOXFULL, 0, 1, NULL, W, 0},
	  {"a@x.example", REASON_MAILBOXFULL, 1, 1, NULL, W, 0},
	  {"a@x.example", REASON_MAILBOXFULL, 20, 1, NULL, W, 0},
	  {"a@x.example", REASON_MAILBOXFULL, 21, 1, NULL, W, 0},
	  {"a@x.example", REASON_MAILBOXFULL, 22, 1, NULL, S, 1}, END}, 5},
	{"14 days exactly is not stale",
	 {{"a@x.example", REASON_MAILBOXFULL, 0, 1, NULL, W, 0},
	  {"a@x.example", REASON_MAILBOXFULL, 14, 1, NULL, W, 0},
	  {"a@x.example", REASON_MAILBOXFULL, 28, 1, NULL, S, 1}, END}, 3},
	{"sender_alert leaves the address active",
	 {{"a@x.example", REASON_BLOCKED, 0, 1, NULL, A, 0},
	  {"a@x.example", REASON_SPAMDETECTED, 1, 1, NULL, A, 0},
	  {"a@x.example", REASON_POLICYVIOLATION, 2, 1, NULL, A, 0},
	  {"a@x.example", REASON_BLOCKED, 3, 1, NULL, A, 0}, END}, 0},
	{"vacation is ignored",
	 {{"a@x.example", REASON_VACATION, 0, 1, NULL, A, 0},
	  {"a@x.example", REASON_VACATION, 1, 1, NULL, A, 0},
	  {"a@x.example", REASON_VACATION, 2, 1, NULL, A, 0}, END}, 0},
	{"delivered resets the soft counters",
	 {{"a@x.example", REASON_MAILBOXFULL, 0, 1, NULL, W, 0},
	  {"a@x.example", REASON_MAILBOXFULL, 1, 1, NULL, W, 0},
	  {"a@x.example", REASON_DELIVERED, 2, 1, NULL, A, 0},
	  {"a@x.example", REASON_MAILBOXFULL, 3, 1, NULL, W, 0},
	  {"a@x.example", REASON_MAILBOXFULL, 4, 1, NULL, W, 0},
	  {"a@x.example", REASON_MAILBOXFULL, 5, 1, NULL, S, 1}, END}, 5},
	{"delivered does not lift a suppression",
	 {{"a@x.example", REASON_USERUNKNOWN, 0, 1, NULL, S, 1},
	  {"a@x.example", REASON_DELIVERED, 2, 1, NULL, S, 0}, END}, 1},
	{"retries of one send count once per day",
	 {{"a@x.example", REASON_MAILBOXFULL, 0, 1, "<send1@us>", W, 0},
	  {"a@x.example", REASON_MAILBOXFULL, 0, 5, "<send1@us>", W, 0},
	  {"a@x.example", REASON_MAILBOXFULL, 0, 9, "<send1@us>", W, 0},
	  {"a@x.example", REASON_MAILBOXFULL, 1, 1, "<send1@us>", W, 0},
	  {"a@x.example", REASON_MAILBOXFULL, 2, 1, "<send1@us>", S, 1}, END}, 3},
	{"a bounce dated before the counters restarted is history only",
	 {{"a@x.example", REASON_MAILBOXFULL, 0, 1, NULL, W, 0},
	  {"a@x.example", REASON_DELIVERED, 5, 1, NULL, A, 0},
	  {"a@x.example", REASON_MAILBOXFULL, 3, 1, NULL, A, 0}, END}, 1},
	{"a hard bounce on a watched address suppresses",
	 {{"a@x.example", REASON_MAILBOXFULL, 0, 1, NULL, W, 0},
	  {"a@x.example", REASON_USERUNKNOWN, 1, 1, NULL, S, 1}, END}, 2},
	{"the local part's case does not make another address",
	 {{"John@x.example", REASON_MAILBOXFULL, 0, 1, NULL, W, 0},
	  {"john@x.example", REASON_MAILBOXFULL, 1, 1, NULL, W, 0},
	  {"JOHN@x.example", REASON_MAILBOXFULL, 2, 1, NULL, S, 1}, END}, 3},
	{"addresses are counted apart",
	 {{"a@x.example", REASON_MAILBOXFULL, 0, 1, NULL, W, 0},
	  {"b@x.example", REASON_MAILBOXFULL, 1, 1, NULL, W, 0},
	  {"c@x.example", REASON_MAILBOXFULL, 2, 1, NULL, W, 0}, END}, 1},
};

static void run_scenario(const struct scenario *sc, int row)
{
	struct tdb t;
	struct store *st;
	char fp[64], msgid[64], err[STORE_ERR_MAX];
	struct address_detail d;

	tdb_make(&t);
	st = tdb_open(&t, false, NULL);
	if (!st) {
		CHECK(0, "row %d %s: open", row, sc->name);
		tdb_remove(&t);
		return;
	}
	for (int i = 0; sc->steps[i].rcpt; i++) {
		const struct step *s = &sc->steps[i];
		long newly;

		str_printf(fp, sizeof(fp), "fp-%d-%d", row, i);
		str_printf(msgid, sizeof(msgid), "<m%d@us>", i);
		newly = apply1(st, fp, s->msgid ? s->msgid : msgid, s->rcpt, s->reason,
			       AT(s->day, s->hour));
		CHECK_INT(newly, s->want_newly, "row %d %s: step %d newly suppressed", row,
			  sc->name, i);
		CHECK_INT(state_of(st, s->rcpt), s->want_state, "row %d %s: step %d state %s",
			  row, sc->name, i, reason_name(s->reason));
	}
	if (store_get_address(st, sc->steps[0].rcpt, 0, &d, err) == STORE_OK) {
		CHECK_INT(d.row.bounce_count, sc->want_count, "row %d %s: bounce_count", row,
			  sc->name);
		CHECK(d.row.why[0] != '\0', "row %d %s: why is given: %s", row, sc->name,
		      d.row.why);
		store_address_detail_free(&d);
	} else {
		CHECK(0, "row %d %s: get_address: %s", row, sc->name, err);
	}
	store_close(&st);
	tdb_remove(&t);
}

static void test_scenarios(void)
{
	for (size_t i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++)
		run_scenario(&scenarios[i], (int)i);
}

/* Every reason has the default action the policy names. */
static void test_default_table(void)
{
	static const struct {
		enum reason r;
		enum policy_action a;
		int after, days, window, stale;
	} rows[] = {
		{REASON_USERUNKNOWN, POLICY_SUPPRESS, 1, 1, 0, 0},
		{REASON_HASMOVED, POLICY_SUPPRESS, 1, 1, 0, 0},
		{REASON_NOTACCEPT, POLICY_SUPPRESS, 1, 1, 0, 0},
		{REASON_SUPPRESSED, POLICY_SUPPRESS, 1, 1, 0, 0},
		{REASON_FEEDBACK, POLICY_SUPPRESS, 1, 1, 0, 0},
		{REASON_HOSTUNKNOWN, POLICY_SUPPRESS, 2, 2, 0, 0},
		{REASON_MAILBOXFULL, POLICY_WATCH, 3, 3, 30, 14},
		{REASON_SUSPEND, POLICY_WATCH, 3, 3, 30, 14},
		{REASON_EXPIRED, POLICY_WATCH, 3, 3, 30, 14},
		{REASON_NETWORKERROR, POLICY_WATCH, 3, 3, 30, 14},
		{REASON_SYSTEMFULL, POLICY_WATCH, 3, 3, 30, 14},
		{REASON_SYSTEMERROR, POLICY_WATCH, 3, 3, 30, 14},
		{REASON_TOOMANYCONN, POLICY_WATCH, 3, 3, 30, 14},
		{REASON_EXCEEDLIMIT, POLICY_WATCH, 3, 3, 30, 14},
		{REASON_FILTERED, POLICY_WATCH, 3, 3, 30, 14},
		{REASON_ONHOLD, POLICY_WATCH, 3, 3, 30, 14},
		{REASON_UNDEFINED, POLICY_WATCH, 3, 3, 30, 14},
		{REASON_MAILERERROR, POLICY_WATCH, 3, 3, 30, 14},
		{REASON_SYNTAXERROR, POLICY_WATCH, 3, 3, 30, 14},
		{REASON_BLOCKED, POLICY_SENDER_ALERT, 0, 0, 0, 0},
		{REASON_SPAMDETECTED, POLICY_SENDER_ALERT, 0, 0, 0, 0},
		{REASON_POLICYVIOLATION, POLICY_SENDER_ALERT, 0, 0, 0, 0},
		{REASON_REQUIREPTR, POLICY_SENDER_ALERT, 0, 0, 0, 0},
		{REASON_BADREPUTATION, POLICY_SENDER_ALERT, 0, 0, 0, 0},
		{REASON_AUTHFAILURE, POLICY_SENDER_ALERT, 0, 0, 0, 0},
		{REASON_SPEEDING, POLICY_SENDER_ALERT, 0, 0, 0, 0},
		{REASON_NORELAYING, POLICY_SENDER_ALERT, 0, 0, 0, 0},
		{REASON_SECURITYERROR, POLICY_SENDER_ALERT, 0, 0, 0, 0},
		{REASON_VIRUSDETECTED, POLICY_SENDER_ALERT, 0, 0, 0, 0},
		{REASON_CONTENTERROR, POLICY_SENDER_ALERT, 0, 0, 0, 0},
		{REASON_MESGTOOBIG, POLICY_SENDER_ALERT, 0, 0, 0, 0},
		{REASON_NOTCOMPLIANTRFC, POLICY_SENDER_ALERT, 0, 0, 0, 0},
		{REASON_FAILEDSTARTTLS, POLICY_SENDER_ALERT, 0, 0, 0, 0},
		{REASON_REJECTED, POLICY_SENDER_ALERT, 0, 0, 0, 0},
		{REASON_VACATION, POLICY_IGNORE, 0, 0, 0, 0},
		{REASON_DELIVERED, POLICY_RESET, 0, 0, 0, 0},
	};
	const struct policy *p = policy_default();

	CHECK_INT(sizeof(rows) / sizeof(rows[0]), REASON_COUNT, "every reason has a row");
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct policy_rule *r = policy_rule_for(p, rows[i].r);

		CHECK_STR(policy_action_name(r->action), policy_action_name(rows[i].a),
			  "row %zu %s action", i, reason_name(rows[i].r));
		CHECK(r->after == rows[i].after && r->distinct_days == rows[i].days &&
		      r->window_days == rows[i].window && r->stale_after_days == rows[i].stale,
		      "row %zu %s numbers", i, reason_name(rows[i].r));
	}
	CHECK(policy_rule_for(p, (enum reason)999) == policy_rule_for(p, REASON_UNDEFINED),
	      "out-of-range reason gets the undefined rule");
	for (int a = POLICY_SUPPRESS; a <= POLICY_RESET; a++) {
		enum policy_action back;

		CHECK(policy_action_from_name(policy_action_name((enum policy_action)a), &back) &&
		      back == (enum policy_action)a, "action name round trip %d", a);
	}
	{
		enum policy_action back;

		CHECK(!policy_action_from_name("explode", &back), "unknown action name refused");
	}
}

/* A config may override one rule: window of 5 days, no staleness. */
static void test_override(void)
{
	struct policy p;
	struct store_options o = {0};
	struct store *st = NULL;
	struct tdb t;
	char err[STORE_ERR_MAX];

	policy_init_default(&p);
	p.rules[REASON_MAILBOXFULL] = (struct policy_rule){POLICY_WATCH, 3, 3, 5, 0};
	p.rules[REASON_BLOCKED].action = POLICY_SUPPRESS;
	p.rules[REASON_BLOCKED].after = 1;
	p.rules[REASON_BLOCKED].distinct_days = 1;
	CHECK_INT(policy_default()->rules[REASON_MAILBOXFULL].window_days, 30,
		  "override leaves the defaults alone");
	tdb_make(&t);
	o.path = t.path;
	o.policy = &p;
	if (store_open(&o, &st, err) != STORE_OK) {
		CHECK(0, "open: %s", err);
		tdb_remove(&t);
		return;
	}
	apply1(st, "o1", "<o1@us>", "a@x.example", REASON_MAILBOXFULL, AT(0, 1));
	apply1(st, "o2", "<o2@us>", "a@x.example", REASON_MAILBOXFULL, AT(4, 1));
	apply1(st, "o3", "<o3@us>", "a@x.example", REASON_MAILBOXFULL, AT(9, 1));
	CHECK_INT(state_of(st, "a@x.example"), W, "window 5: days 0, 4, 9 only watch");
	apply1(st, "o4", "<o4@us>", "a@x.example", REASON_MAILBOXFULL, AT(10, 1));
	CHECK_INT(state_of(st, "a@x.example"), W, "window 5: days 4, 9, 10 ... still 2 apart");
	apply1(st, "o5", "<o5@us>", "a@x.example", REASON_MAILBOXFULL, AT(11, 1));
	CHECK_INT(state_of(st, "a@x.example"), S, "window 5: days 9, 10, 11 suppress");
	CHECK_INT(apply1(st, "o6", "<o6@us>", "b@x.example", REASON_BLOCKED, AT(0, 1)), 1,
		  "overridden blocked suppresses");
	store_close(&st);
	tdb_remove(&t);
}

/* policy_decide() alone, on hand-made history. */
static void test_decide(void)
{
	static const struct {
		const char *name;
		enum reason reason;
		int day;
		bool temporary, repeat;
		int past_days[4];   /* -1 ends; counted mailboxfull bounces */
		int since_day;      /* counters_since, -1 = 0 */
		enum policy_effect want_effect;
		int want_state;
		bool want_stale;
	} rows[] = {
		{"first soft bounce", REASON_MAILBOXFULL, 10, false, false, {-1}, -1,
		 EFFECT_WATCH, W, false},
		{"repeat is not counted", REASON_MAILBOXFULL, 10, false, true, {-1}, -1,
		 EFFECT_REPEAT, A, false},
		{"delay notice is not counted", REASON_MAILBOXFULL, 10, true, false, {-1}, -1,
		 EFFECT_TEMPORARY, A, false},
		{"before counters_since is history", REASON_MAILBOXFULL, 10, false, false, {-1}, 11,
		 EFFECT_OLD, A, false},
		{"gap of 20 days is stale", REASON_MAILBOXFULL, 40, false, false, {10, 20, -1}, -1,
		 EFFECT_WATCH, W, true},
		{"a late, older bounce fills the window", REASON_MAILBOXFULL, 7, false, false,
		 {5, 10, -1}, -1, EFFECT_SUPPRESSED, S, false},
		{"hostunknown does not count soft bounces", REASON_HOSTUNKNOWN, 12, false, false,
		 {5, 10, -1}, -1, EFFECT_COUNTED, A, false},
		{"vacation is ignored", REASON_VACATION, 12, false, false, {5, 10, -1}, -1,
		 EFFECT_IGNORED, A, false},
		{"blocked is a sender alert", REASON_BLOCKED, 12, false, false, {-1}, -1,
		 EFFECT_SENDER_ALERT, A, false},
		{"blocked repeat", REASON_BLOCKED, 12, false, true, {-1}, -1, EFFECT_REPEAT, A,
		 false},
		{"delivered resets", REASON_DELIVERED, 12, false, false, {5, 10, -1}, -1,
		 EFFECT_RESET, A, false},
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct policy_addr a = {0};
		struct policy_past past[4];
		struct policy_event ev = {.reason = rows[i].reason, .when = AT(rows[i].day, 0),
					  .now = AT(50, 0), .temporary = rows[i].temporary,
					  .repeat = rows[i].repeat};
		struct policy_decision d;
		size_t n = 0;

		for (; n < 4 && rows[i].past_days[n] >= 0; n++) {
			past[n].when = AT(rows[i].past_days[n], 0);
			past[n].reason = REASON_MAILBOXFULL;
		}
		if (rows[i].since_day >= 0)
			a.counters_since = AT(rows[i].since_day, 0);
		policy_decide(policy_default(), &a, &ev, past, n, &d);
		CHECK_STR(policy_effect_name(d.effect), policy_effect_name(rows[i].want_effect),
			  "decide row %zu %s: effect", i, rows[i].name);
		CHECK_INT(a.state, rows[i].want_state, "decide row %zu %s: state", i,
			  rows[i].name);
		CHECK_INT(d.stale, rows[i].want_stale, "decide row %zu %s: stale", i,
			  rows[i].name);
	}
}

/* A watch lapses once its bounces have gone stale; suppressions never do. */
static void test_expire_watch(void)
{
	struct tdb t;
	struct store *st;
	char err[STORE_ERR_MAX] = "";
	struct address_detail d;
	long n = -1;

	st = tdb_new(&t);
	if (!st)
		return;
	apply1(st, "e1", "<e1@us>", "w@x.example", REASON_MAILBOXFULL, AT(0, 1));
	apply1(st, "e2", "<e2@us>", "s@x.example", REASON_USERUNKNOWN, AT(0, 1));
	CHECK_INT(store_expire_watch(st, AT(14, 0), &n, err), STORE_OK, "expire at day 14");
	CHECK_INT(n, 0, "14 days: still on watch");
	CHECK_INT(state_of(st, "w@x.example"), W, "watch kept");
	CHECK_INT(store_expire_watch(st, AT(15, 2), &n, err), STORE_OK, "expire at day 15");
	CHECK_INT(n, 1, "one watch lapsed");
	if (store_get_address(st, "w@x.example", 0, &d, err) == STORE_OK) {
		CHECK_INT(d.row.state, A, "active again");
		CHECK_STR(d.row.reason, "", "no reason when active");
		CHECK(strstr(d.row.why, "lapsed") != NULL, "why: %s", d.row.why);
		store_address_detail_free(&d);
	}
	CHECK_INT(state_of(st, "s@x.example"), S, "suppression never lapses");
	apply1(st, "e3", "<e3@us>", "w@x.example", REASON_MAILBOXFULL, AT(20, 1));
	CHECK_INT(state_of(st, "w@x.example"), W, "a new bounce: watch again, counting anew");
	store_close(&st);
	tdb_remove(&t);
}

/* A complaint suppresses and is marked as such, also on a suppressed address. */
static void test_complaint(void)
{
	struct tdb t;
	struct store *st;
	char err[STORE_ERR_MAX] = "";
	struct address_detail d;

	st = tdb_new(&t);
	if (!st)
		return;
	apply1(st, "c1", "<c1@us>", "c@x.example", REASON_FEEDBACK, AT(0, 1));
	apply1(st, "c2", "<c2@us>", "u@x.example", REASON_USERUNKNOWN, AT(0, 1));
	apply1(st, "c3", "<c3@us>", "u@x.example", REASON_FEEDBACK, AT(1, 1));
	if (store_get_address(st, "c@x.example", 0, &d, err) == STORE_OK) {
		CHECK(d.row.complaint, "complaint flag");
		CHECK_STR(d.row.reason, "feedback", "reason feedback");
		CHECK(strstr(d.row.why, "complained") != NULL, "why: %s", d.row.why);
		store_address_detail_free(&d);
	}
	if (store_get_address(st, "u@x.example", 0, &d, err) == STORE_OK) {
		CHECK(d.row.complaint, "complaint on an already suppressed address");
		CHECK_STR(d.row.reason, "userunknown", "keeps the reason it was suppressed for");
		store_address_detail_free(&d);
	}
	store_close(&st);
	tdb_remove(&t);
}

TEST_MAIN(test_complaint, test_scenarios, test_default_table, test_override, test_decide, test_expire_watch)
