/* test-parse-provider.c: the provider, filter and carrier decoders
 * (parse/lhost-<provider>.c) on our own fixtures in tests/fixtures/provider/,
 * on generated edge cases, and on ../shared/corpus when it is there. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/bounce.h"
#include "tests/unit/harness.h"

#define FIX "tests/fixtures/provider/"
#define CORPUS "../shared/corpus/bounces/"

struct row {
	const char *file;
	size_t index; /* 0-based record */
	const char *recipient, *status, *replycode, *decodedby, *reason;
};

static const struct row rows[] = {
	{"gmail-01.eml", 0, "nobody@example.net", "5.1.1", "550", "Gmail", "userunknown"},
	{"gmail-02.eml", 0, "slow@example.org", "", "", "Gmail", "expired"},
	{"yahoo-01.eml", 0, "full@example.net", "5.2.2", "552", "Yahoo", "mailboxfull"},
	{"mailru-01.eml", 0, "gone@example.org", "5.1.1", "550", "MailRu", "userunknown"},
	{"gmx-01.eml", 0, "alpha@example.net", "5.1.1", "", "GMX", "userunknown"},
	{"gmx-01.eml", 1, "beta@example.net", "5.2.2", "", "GMX", "mailboxfull"},
	{"einsundeins-01.eml", 0, "big@example.org", "5.3.4", "552", "EinsUndEins", "mesgtoobig"},
	{"googlegroups-01.eml", 0, "closed-list@googlegroups.com", "", "", "GoogleGroups", "rejected"},
	{"amazonses-01.eml", 0, "nobody@example.net", "5.1.1", "550", "AmazonSES", "userunknown"},
	{"amazonses-01.eml", 1, "other@example.org", "5.1.1", "550", "AmazonSES", "userunknown"},
	{"amazonses-02.eml", 0, "angry@example.org", "", "", "AmazonSES", "feedback"},
	{"amazonses-03.eml", 0, "late@example.net", "4.4.2", "421", "AmazonSES", "expired"},
	{"amazonses-04.eml", 0, "reader@example.net", "2.6.0", "250", "AmazonSES", "delivered"},
	{"amazonses-05.eml", 0, "packed@example.org", "", "552", "AmazonSES", "mailboxfull"},
	{"amazonworkmail-01.eml", 0, "quota@example.org", "5.2.2", "552", "AmazonWorkMail", "mailboxfull"},
	{"zoho-01.eml", 0, "first@example.net", "5.1.1", "550", "Zoho", "userunknown"},
	{"zoho-01.eml", 1, "second@example.net", "", "421", "Zoho", "expired"},
	{"zoho-02.eml", 0, "far.away@example.org", "", "421", "Zoho", "expired"},
	{"ezweb-01.eml", 0, "no-such-user@ezweb.ne.jp", "", "550", "EZweb", "userunknown"},
	{"ezweb-02.eml", 0, "spam-guarded@ezweb.ne.jp", "", "550", "EZweb", "filtered"},
	{"kddi-01.eml", 0, "full-box@x00000000000.dion.ne.jp", "", "", "KDDI", "mailboxfull"},
	{"biglobe-01.eml", 0, "stuffed@example.ne.jp", "", "", "Biglobe", "mailboxfull"},
	{"activehunter-01.eml", 0, "student@example.ac.jp", "5.1.1", "550", "Activehunter", NULL},
	{"mfilter-02.eml", 0, "full.box@example.co.jp", "5.2.2", "552", "mFILTER", "mailboxfull"},
	{"mfilter-01.eml", 0, "worker@example.co.jp", "5.1.1", "550", "mFILTER", NULL},
	{"trendmicro-01.eml", 0, "left@example.co.jp", "5.1.1", "550", "InterScanMSS", "userunknown"},
	{"verizon-01.eml", 0, "5555550100@vtext.com", "", "550", "Verizon", "userunknown"},
	{"gsuite-01.eml", 0, "missing@example.net", "5.1.1", "550", "GSuite", "userunknown"},
	{"facebook-01.eml", 0, "private.person@facebook.com", "5.1.1", "550", "Facebook", "filtered"},
	{"office365-01.eml", 0, "blocked.user@example.org", "5.7.606", "550", "Office365", "blocked"},
	{"outlook-01.eml", 0, "gone.user@hotmail.example.com", "5.5.0", "550", "Outlook", "userunknown"},
	{"aol-01.eml", 0, "someone@broken-dns.example.net", "5.4.4", "", "Aol", "notaccept"},
	{"messagelabs-01.eml", 0, "nope@corp.example.com", "5.0.0", "550", "MessageLabs", "userunknown"},
	{"receivingses-01.eml", 0, "catch@hosted.example.org", "5.2.0", "550", "ReceivingSES", "filtered"},
};

/* How many records each fixture must give (files not listed give one). */
static const struct {
	const char *file;
	size_t n;
} counts[] = {
	{"gmx-01.eml", 2}, {"amazonses-01.eml", 2}, {"zoho-01.eml", 2}, {"not-yahoo-01.eml", 0},
	{"not-gmail-01.eml", 0},
};

static int
parse_file(struct parse_ctx *ctx, const char *path, struct parse_result *res)
{
	size_t len = 0;
	char *buf = t_slurp(path, &len);
	int rc;

	if (!buf)
		return -1;
	rc = bounce_parse(ctx, buf, len, res) == PARSE_OK ? 0 : -1;
	free(buf);
	return rc;
}

static size_t
expected_count(const char *file)
{
	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++)
		if (strcmp(counts[i].file, file) == 0)
			return counts[i].n;
	return 1;
}

static void
test_fixtures(void)
{
	struct parse_ctx *ctx = parse_ctx_new(NULL);
	struct parse_result res;
	char path[256];

	CHECK(ctx != NULL, "parse_ctx_new");
	if (!ctx)
		return;
	parse_result_init(&res);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct row *w = &rows[i];
		const struct bounce_record *r;

		snprintf(path, sizeof(path), FIX "%s", w->file);
		if (parse_file(ctx, path, &res) != 0) {
			CHECK(0, "row %zu %s: read and parse", i, w->file);
			continue;
		}
		if (w->index == 0)
			CHECK_INT(res.n_records, expected_count(w->file), "row %zu %s: record count", i, w->file);
		if (res.n_records <= w->index) {
			CHECK(0, "row %zu %s: record %zu exists", i, w->file, w->index);
			continue;
		}
		r = &res.records[w->index];
		CHECK_STR(r->recipient, w->recipient, "row %zu %s: recipient", i, w->file);
		CHECK_STR(r->deliverystatus, w->status, "row %zu %s: status", i, w->file);
		CHECK_STR(r->replycode, w->replycode, "row %zu %s: replycode", i, w->file);
		CHECK_STR(r->decodedby, w->decodedby, "row %zu %s: decodedby", i, w->file);
		if (w->reason)
			CHECK_STR(reason_name(r->reason), w->reason, "row %zu %s: reason", i, w->file);
	}
	parse_result_clear(&res);
	parse_ctx_free(&ctx);
}

/* Human mail that carries a provider's header and marker phrase is not a bounce. */
static void
test_not_bounce(void)
{
	struct parse_ctx *ctx = parse_ctx_new(NULL);
	struct parse_result res;

	parse_result_init(&res);
	CHECK(ctx && parse_file(ctx, FIX "not-yahoo-01.eml", &res) == 0, "not-yahoo: parsed");
	CHECK_INT(res.n_records, 0, "not-yahoo: no record");
	CHECK_STR(message_kind_name(res.kind), message_kind_name(MSG_NOT_BOUNCE), "not-yahoo: kind");
	/* a mailer-daemon sender makes it "unreadable" in the driver; no decoder may read it */
	CHECK(ctx && parse_file(ctx, FIX "not-gmail-01.eml", &res) == 0, "not-gmail: parsed");
	CHECK_INT(res.n_records, 0, "not-gmail: no record");
	CHECK(ctx && parse_file(ctx, FIX "amazonses-04.eml", &res) == 0, "ses delivery: parsed");
	CHECK_STR(message_kind_name(res.kind), message_kind_name(MSG_DELIVERED), "ses delivery: kind");
	CHECK(ctx && parse_file(ctx, FIX "amazonses-02.eml", &res) == 0, "ses complaint: parsed");
	CHECK_STR(message_kind_name(res.kind), message_kind_name(MSG_FEEDBACK), "ses complaint: kind");
	CHECK(ctx && parse_file(ctx, FIX "gmail-01.eml", &res) == 0 && res.n_records == 1, "gmail rhost: parsed");
	if (res.n_records == 1)
		CHECK_STR(res.records[0].rhost, "mx.example.net", "gmail rhost: from 'by mx.example.net. [ip]'");
	parse_result_clear(&res);
	parse_ctx_free(&ctx);
}

/* Append s to a growing buffer; exits the test on allocation failure. */
static void
cat(char **buf, size_t *len, size_t *cap, const char *s)
{
	size_t n = strlen(s);

	if (*len + n + 1 > *cap) {
		size_t nc = (*cap + n + 1) * 2;
		char *nb = realloc(*buf, nc);

		if (!nb) {
			free(*buf);
			printf("not ok - out of memory building input\n");
			exit(1);
		}
		*buf = nb;
		*cap = nc;
	}
	memcpy(*buf + *len, s, n + 1);
	*len += n;
}

/* A Gmail bounce listing more recipients than BOUNCE_MAX_RECIPIENTS keeps
 * the first ones and says it was cut. */
static void
test_recipient_cap(void)
{
	struct parse_ctx *ctx = parse_ctx_new(NULL);
	struct parse_result res;
	char *buf = NULL, line[64];
	size_t len = 0, cap = 0;

	cat(&buf, &len, &cap,
	    "From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>\n"
	    "Subject: Delivery Status Notification (Failure)\n\n"
	    "Delivery to the following recipient failed permanently:\n\n");
	for (int i = 0; i < BOUNCE_MAX_RECIPIENTS + 20; i++) {
		snprintf(line, sizeof(line), "     user%d@example.com\n", i);
		cat(&buf, &len, &cap, line);
	}
	cat(&buf, &len, &cap, "\nThe error that the other server returned was: 550 5.1.1 No such user\n");
	parse_result_init(&res);
	CHECK(ctx && bounce_parse(ctx, buf, len, &res) == PARSE_OK, "cap: parsed");
	CHECK_INT(res.n_records, BOUNCE_MAX_RECIPIENTS, "cap: records kept");
	CHECK((res.flags & BOUNCE_F_TRUNCATED) != 0, "cap: result flagged truncated");
	if (res.n_records > 0)
		CHECK_STR(res.records[0].recipient, "user0@example.com", "cap: first recipient");
	parse_result_clear(&res);
	parse_ctx_free(&ctx);
	free(buf);
}

/* Broken SES JSON (cut, unbalanced, deep) yields no record and no crash. */
static void
test_bad_json(void)
{
	static const char *const bodies[] = {
		"{\"notificationType\":\"Bounce\",\"bounce\":{\"bouncedRecipients\":[{\"emailAddress\":\"a@example.com",
		"{\"notificationType\":\"Bounce\",\"bounce\":{\"bouncedRecipients\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]",
		"{\"Message\":\"{\\\"notificationType\\\":\\\"Bounce\\\"",
		"{\"notificationType\":\"Bounce\",\"bounce\":{\"bouncedRecipients\":\"not an array\"}}",
		"{",
		/* a hang once: an element that starts with a closing brace */
		"{\"notificationType\":\"Bounce\",\"bounce\":{\"bouncedRecipients\":[}]}}",
		"{\"notificationType\":\"Bounce\",\"bounce\":{\"bouncedRecipients\":[1,,:]}}",
	};
	struct parse_ctx *ctx = parse_ctx_new(NULL);
	struct parse_result res;
	char msg[1024];

	parse_result_init(&res);
	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		int n = snprintf(msg, sizeof(msg),
				 "From: no-reply@sns.amazonaws.com\nSubject: AWS Notification Message\n"
				 "x-amz-sns-message-id: 1\n\n%s\n",
				 bodies[i]);

		CHECK(ctx && bounce_parse(ctx, msg, (size_t)n, &res) == PARSE_OK, "bad json %zu: parsed", i);
		CHECK_INT(res.n_records, 0, "bad json %zu: no record", i);
	}
	parse_result_clear(&res);
	parse_ctx_free(&ctx);
}

/* Outlook needs two of its signals (subject, X-Message-Delivery or -Info,
 * a Hotmail Received:) and its marker in the text, whichever is tested
 * first. */
static void
test_outlook_signals(void)
{
	static const struct {
		const char *host, *xhdr, *text;
		bool outlook;
	} cases[] = {
		{"bay0.hotmail.com", "", "This is an automatically generated Delivery Status Notification.", true},
		{"example.net", "", "This is an automatically generated Delivery Status Notification.", false},
		{"example.net", "X-Message-Info: x\n",
		 "This is an automatically generated Delivery Status Notification.", true},
		{"bay0.HOTMAIL.com", "X-Message-Info: x\n", "Delivery to the following recipients failed.", false},
	};
	struct parse_ctx *ctx = parse_ctx_new(NULL);
	struct parse_result res;
	char msg[2048];

	parse_result_init(&res);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int n = snprintf(msg, sizeof(msg),
				 "Received: from a.%s ([192.0.2.140]) by mx.example.com\n"
				 "From: postmaster@hotmail.com\nSubject: Delivery Status Notification (Failure)\n%s"
				 "MIME-Version: 1.0\n"
				 "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n"
				 "--b\nContent-Type: text/plain\n\n%s\n\n       gone@hotmail.example.com\n\n"
				 "--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns;x\n\n"
				 "Final-Recipient: rfc822;gone@hotmail.example.com\nAction: failed\nStatus: 5.5.0\n"
				 "Diagnostic-Code: smtp;550 Requested action not taken: mailbox unavailable\n\n--b--\n",
				 cases[i].host, cases[i].xhdr, cases[i].text);

		CHECK(ctx && bounce_parse(ctx, msg, (size_t)n, &res) == PARSE_OK, "outlook %zu: parsed", i);
		CHECK_INT(res.n_records, 1, "outlook %zu: one record", i);
		if (res.n_records == 1)
			CHECK((strcmp(res.records[0].decodedby, "Outlook") == 0) == cases[i].outlook,
			      "outlook %zu: decoded by %s", i, res.records[0].decodedby);
	}
	parse_result_clear(&res);
	parse_ctx_free(&ctx);
}

/* A string value with escaped quotes and backslashes is skipped to its
 * end wherever they fall in the sixteen-byte steps of the search, and the
 * member after it is read. */
static void
test_json_escapes(void)
{
	struct parse_ctx *ctx = parse_ctx_new(NULL);
	struct parse_result res;
	char msg[1024], pad[64];

	parse_result_init(&res);
	for (size_t k = 0; k < 40; k++) {
		int n;

		memset(pad, 'x', k);
		pad[k] = '\0';
		n = snprintf(msg, sizeof(msg),
			     "From: no-reply@sns.amazonaws.com\nSubject: AWS Notification Message\n"
			     "x-amz-sns-message-id: 1\n\n"
			     "{\"notificationType\":\"Bounce\",\"note\":\"%s\\\"q\\\\\\\"%s\\\\\","
			     "\"bounce\":{\"bounceType\":\"Permanent\",\"bouncedRecipients\":"
			     "[{\"emailAddress\":\"a@example.com\"}]}}\n",
			     pad, pad);
		CHECK(ctx && bounce_parse(ctx, msg, (size_t)n, &res) == PARSE_OK, "json escapes %zu: parsed", k);
		CHECK_INT(res.n_records, 1, "json escapes %zu: one record", k);
		if (res.n_records == 1)
			CHECK_STR(res.records[0].recipient, "a@example.com", "json escapes %zu: recipient", k);
	}
	parse_result_clear(&res);
	parse_ctx_free(&ctx);
}

/* The same fixture with CRLF line ends gives the same records. */
static void
test_crlf(void)
{
	struct parse_ctx *ctx = parse_ctx_new(NULL);
	struct parse_result lf, crlf;
	char path[256];

	parse_result_init(&lf);
	parse_result_init(&crlf);
	for (size_t i = 0; ctx && i < sizeof(rows) / sizeof(rows[0]); i++) {
		size_t len = 0, o = 0;
		char *buf, *wide;

		if (rows[i].index != 0)
			continue;
		snprintf(path, sizeof(path), FIX "%s", rows[i].file);
		if (!(buf = t_slurp(path, &len)) || !(wide = malloc(2 * len + 1))) {
			free(buf);
			CHECK(0, "crlf %s: read", rows[i].file);
			continue;
		}
		for (size_t k = 0; k < len; k++) {
			if (buf[k] == '\n')
				wide[o++] = '\r';
			wide[o++] = buf[k];
		}
		if (bounce_parse(ctx, buf, len, &lf) == PARSE_OK && bounce_parse(ctx, wide, o, &crlf) == PARSE_OK) {
			CHECK_INT(crlf.n_records, lf.n_records, "crlf %s: record count", rows[i].file);
			for (size_t r = 0; r < lf.n_records && r < crlf.n_records; r++) {
				CHECK_STR(crlf.records[r].recipient, lf.records[r].recipient, "crlf %s #%zu: recipient",
					  rows[i].file, r);
				CHECK_STR(crlf.records[r].deliverystatus, lf.records[r].deliverystatus,
					  "crlf %s #%zu: status", rows[i].file, r);
				CHECK_STR(reason_name(crlf.records[r].reason), reason_name(lf.records[r].reason),
					  "crlf %s #%zu: reason", rows[i].file, r);
			}
		} else {
			CHECK(0, "crlf %s: parsed", rows[i].file);
		}
		free(wide);
		free(buf);
	}
	parse_result_clear(&lf);
	parse_result_clear(&crlf);
	parse_ctx_free(&ctx);
}

/* Which decoder the corpus samples of each provider reach. */
static const struct {
	const char *prefix, *decodedby;
	int n;
} corpus_sets[] = {
	{"lhost-gmail-", "Gmail", 11},          {"lhost-yahoo-", "Yahoo", 9},
	{"lhost-googlegroups-", "GoogleGroups", 8}, {"lhost-mailru-", "MailRu", 7},
	{"lhost-amazonworkmail-", "AmazonWorkMail", 5}, {"lhost-zoho-", "Zoho", 3},
	{"lhost-gmx-", "GMX", 3},               {"lhost-kddi-", "KDDI", 3},
	{"lhost-mfilter-", "mFILTER", 2},       {"lhost-ezweb-", "EZweb", 4},
};

static void
test_corpus(void)
{
	struct parse_ctx *ctx;
	struct parse_result res;
	char path[256];
	FILE *probe = fopen(CORPUS "lhost-gmail-04.eml", "rb");

	if (!probe) {
		SKIP("../shared/corpus not found: corpus decoder checks");
		return;
	}
	fclose(probe);
	ctx = parse_ctx_new(NULL);
	parse_result_init(&res);
	for (size_t s = 0; s < sizeof(corpus_sets) / sizeof(corpus_sets[0]); s++) {
		int seen = 0, right = 0;

		for (int i = 1; i < 30; i++) {
			snprintf(path, sizeof(path), CORPUS "%s%02d.eml", corpus_sets[s].prefix, i);
			if (parse_file(ctx, path, &res) != 0)
				continue;
			seen++;
			right += res.n_records > 0 && strcmp(res.records[0].decodedby, corpus_sets[s].decodedby) == 0;
		}
		CHECK(seen >= corpus_sets[s].n, "corpus %s: at least %d samples (found %d)", corpus_sets[s].prefix,
		      corpus_sets[s].n, seen);
		CHECK_INT(right, seen, "corpus %s: decoded by %s", corpus_sets[s].prefix, corpus_sets[s].decodedby);
	}
	parse_result_clear(&res);
	parse_ctx_free(&ctx);
}

TEST_MAIN(test_fixtures, test_not_bounce, test_crlf, test_recipient_cap, test_bad_json, test_json_escapes,
	  test_outlook_signals,
	  test_corpus)
