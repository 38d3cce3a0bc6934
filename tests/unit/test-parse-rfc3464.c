/* test-parse-rfc3464.c: the RFC 3464 decoder on its own (lhost-rfc3464.c). */
#include "harness.h"
#include "test-parse-cc.h"
#include "parse/lhost-standard.h"
#include "parse/view.h"

#define FIX "tests/fixtures/parse/"


/* Decode fixture (or literal text when name starts with "\n") with RFC3464. */
static enum lhost_verdict decode(const char *name, const char *text, struct parse_result *res)
{
	struct mail_view v;
	enum lhost_verdict r = LHOST_PASS;
	size_t n = 0;
	char path[256], *d = NULL;

	parse_result_init(res);
	if (name) {
		snprintf(path, sizeof(path), FIX "%s", name);
		d = t_slurp(path, &n);
		CHECK(d != NULL, "fixture %s", name);
		if (!d)
			return LHOST_PASS;
		text = d;
	} else {
		n = strlen(text);
	}
	if (view_build(cc, text, n, &v) == 0) {
		r = lhost_rfc3464_decode(&v, res);
		view_free(&v);
	}
	free(d);
	return r;
}

static void test_two_recipients(void)
{
	struct parse_result res;
	struct bounce_record *a, *b;

	CHECK_INT(decode("dsn-two-rcpt.eml", NULL, &res), LHOST_MATCH, "matches");
	CHECK_INT(res.n_records, 2, "two recipients, lower-case field names too");
	if (res.n_records != 2)
		return;
	a = &res.records[0];
	b = &res.records[1];
	CHECK_STR(a->recipient, "anna@example.org", "recipient, domain lower-cased");
	CHECK_STR(a->alias, "info@example.org", "Original-Recipient becomes alias");
	CHECK_STR(a->action, "failed", "action");
	CHECK_STR(a->deliverystatus, "5.1.1", "status");
	CHECK_STR(a->replycode, "550", "reply code from the diagnostic");
	CHECK_STR(a->diagnosticcode,
		  "550 5.1.1 <anna@example.org>: Recipient address rejected: User unknown (in reply to "
		  "RCPT TO command)",
		  "diagnostic unfolded, smtp; stripped");
	CHECK_STR(a->diagnostictype, "SMTP", "diagnostic type");
	CHECK_STR(a->command, "RCPT", "command from the diagnostic");
	CHECK_STR(a->rhost, "mx.example.org", "remote MTA");
	CHECK_STR(a->lhost, "mx.example.net", "reporting MTA");
	CHECK_INT(a->timestamp, 1772529600, "Arrival-Date");
	CHECK(!(a->flags & BOUNCE_F_TEMPORARY), "failed is not temporary");
	CHECK_STR(b->recipient, "bob@example.org", "second recipient in <>");
	CHECK_STR(b->action, "delayed", "ACTION in upper case");
	CHECK(b->flags & BOUNCE_F_TEMPORARY, "delayed is temporary");
	CHECK_STR(b->deliverystatus, "4.2.2", "generic 4.0.0 replaced from the diagnostic");
	CHECK_STR(b->replycode, "452", "second reply code");
	CHECK_INT(b->timestamp, 1772529900, "Last-Attempt-Date wins over Arrival-Date");
	parse_result_clear(&res);
}

static void test_variants(void)
{
	struct parse_result res;

	CHECK_INT(decode("dsn-delivered.eml", NULL, &res), LHOST_MATCH, "delivered matches");
	CHECK(res.n_records == 1 && res.records[0].reason == REASON_DELIVERED, "success DSN -> delivered");
	parse_result_clear(&res);

	CHECK_INT(decode("dsn-global.eml", NULL, &res), LHOST_MATCH, "global DSN matches");
	CHECK(res.n_records == 1, "global DSN record");
	if (res.n_records == 1) {
		CHECK_STR(res.records[0].recipient, "\xE7\x94\xA8\xE6\x88\xB7@example.jp", "UTF-8 recipient");
		CHECK_STR(res.records[0].deliverystatus, "5.1.1", "5.0.0 replaced from the diagnostic");
	}
	parse_result_clear(&res);

	CHECK_INT(decode("dsn-in-body.eml", NULL, &res), LHOST_MATCH, "fields in the body match");
	CHECK(res.n_records == 1, "one record from the body");
	if (res.n_records == 1) {
		CHECK_STR(res.records[0].recipient, "dave@example.org", "body recipient");
		CHECK(strstr(res.records[0].diagnosticcode, "554 5.7.1 Message rejected") != NULL,
		      "diagnostic from the transcript when the DSN has none");
		CHECK_STR(res.records[0].command, "DATA", "command from the transcript");
	}
	parse_result_clear(&res);

	CHECK_INT(decode("human.eml", NULL, &res), LHOST_PASS, "human mail passes");
	CHECK_INT(res.n_records, 0, "no records");
	parse_result_clear(&res);
}

static void test_fields(void)
{
	struct parse_result res;

	/* no blank line between recipients, Original- before Final-, odd spacing */
	decode(NULL,
	       "Content-Type: message/delivery-status\n\n"
	       "Original-Recipient: rfc822;a@example.org\nFinal-Recipient: rfc822;a@example.org\n"
	       "Action: failed\nStatus: 5.1.1\n"
	       "Original-Recipient: rfc822;b@example.org\nFinal-Recipient : rfc822;c@example.org\n"
	       "Action: failed\nStatus: 5.0.0\nDiagnostic-Code: X-Unix; 550 user unknown\n",
	       &res);
	CHECK_INT(res.n_records, 2, "recipients split without blank lines");
	if (res.n_records == 2) {
		CHECK_STR(res.records[0].alias, "a@example.org", "same alias kept by the decoder");
		CHECK_STR(res.records[1].recipient, "c@example.org", "second Final-Recipient");
		CHECK_STR(res.records[1].alias, "b@example.org", "second alias");
		CHECK_STR(res.records[1].diagnostictype, "X-Unix", "X-Unix type");
	}
	parse_result_clear(&res);

	decode(NULL,
	       "Content-Type: message/delivery-status\n\n"
	       "Final-Recipient: rfc822; x\nX-Actual-Recipient: rfc822; real@example.org\n"
	       "Action: failed\nStatus: 5.0.0\nDiagnostic-Code: smtp; 550 No such user after end of data\n",
	       &res);
	CHECK_INT(res.n_records, 1, "one record");
	if (res.n_records == 1) {
		CHECK_STR(res.records[0].recipient, "real@example.org", "X-Actual-Recipient rescues a bad Final-Recipient");
		CHECK_STR(res.records[0].command, "DATA", "after end of data -> DATA");
		CHECK_STR(res.records[0].deliverystatus, "5.0.0", "no better status in the text");
	}
	parse_result_clear(&res);

	decode(NULL,
	       "Content-Type: message/delivery-status\n\n"
	       "Final-Recipient: rfc822; a@example.org\nAction: failed\n"
	       "Status: 5.2.1 (mailbox disabled, not accepting messages)\n"
	       "Final-Recipient: rfc822; b@example.org\nAction: failed\nStatus: 5.1.1\n",
	       &res);
	CHECK_INT(res.n_records, 2, "two records");
	if (res.n_records == 2) {
		CHECK_STR(res.records[0].deliverystatus, "5.2.1", "status before its comment");
		CHECK_STR(res.records[0].statuscomment, "mailbox disabled, not accepting messages",
			  "the Status field's comment is kept for the reason");
		CHECK_STR(res.records[1].statuscomment, "", "no comment, none kept");
	}
	parse_result_clear(&res);
}

TEST_MAIN(cc_setup, test_two_recipients, test_variants, test_fields, cc_teardown)
