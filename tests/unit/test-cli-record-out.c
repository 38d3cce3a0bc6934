/* test-cli-record-out.c: record_print()'s JSON line, field by field, with
 * values that fill their arrays, need escaping, or are shorter than a copy
 * step (read up to the end of their struct, never written past their NUL);
 * and its TSV lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/record-out.h"
#include "harness.h"
#include "util/json.h"
#include "util/outbuf.h"

/* The text record_print() makes of res in format f (origin as a
 * raw_message id). */
static char *text_of(enum record_format f, const char *origin, const struct parse_result *res)
{
	static char id[RECORD_ORIGIN_MAX];
	static struct outbuf o;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	if (!fp)
		return NULL;
	memset(id, 'x', sizeof(id)); /* bytes after the NUL are never written */
	snprintf(id, sizeof(id), "%s", origin);
	outbuf_init(&o, fp);
	record_print(&o, f, id, res, NULL);
	outbuf_flush(&o);
	fclose(fp);
	return buf;
}

static char *line_of(const char *origin, const struct parse_result *res)
{
	return text_of(RECORD_JSON, origin, res);
}

/* Every reason's name fits its array (REASON_NAME_MAX), with its NUL. */
static void test_reason_names_fit(void)
{
	size_t longest = 0;

	for (int r = 0; r < REASON_COUNT; r++) {
		size_t n = strlen(reason_name((enum reason)r));

		longest = n > longest ? n : longest;
	}
	CHECK(longest < REASON_NAME_MAX, "the longest reason name has %zu bytes", longest);
}

static void test_record_json(void)
{
	static struct parse_result res;
	static struct bounce_record rec;
	char *got;

	memset(&res, 'z', sizeof(res)); /* filler after every NUL: never shown */
	memset(&rec, 'z', sizeof(rec));
	strcpy(res.msg.addresser, "sender@example.org");
	strcpy(res.msg.messageid, "<id@example.org>");
	strcpy(res.msg.subject, "caf\xc3\xa9 \"quoted\"");
	res.msg.listid[0] = '\0';
	strcpy(rec.recipient, "user@example.com");
	rec.alias[0] = '\0';
	strcpy(rec.deliverystatus, "5.1.1");
	strcpy(rec.replycode, "5\"0");
	rec.reason = REASON_USERUNKNOWN;
	rec.hardbounce = true;
	strcpy(rec.action, "failed");
	strcpy(rec.diagnosticcode, "550 5.1.1 <user@example.com>: no\tsuch user");
	strcpy(rec.diagnostictype, "SMTP");
	strcpy(rec.rhost, "mx.example.com");
	rec.lhost[0] = '\0';
	strcpy(rec.command, "RCPT");
	rec.timestamp = 0;
	strcpy(rec.feedbacktype, "");
	memset(rec.token, 'a', sizeof(rec.token) - 1);
	rec.token[sizeof(rec.token) - 1] = '\0';
	strcpy(rec.decodedby, "Postfix");
	strcpy(rec.rule, "status");
	res.records = &rec;
	res.n_records = 1;
	got = line_of("/m/new/1.eml", &res);
	CHECK_STR(got ? got : "",
		  "{\"origin\":\"/m/new/1.eml\",\"recipient\":\"user@example.com\",\"alias\":\"\","
		  "\"deliverystatus\":\"5.1.1\",\"replycode\":\"5\\\"0\",\"reason\":\"userunknown\","
		  "\"hardbounce\":true,\"action\":\"failed\","
		  "\"diagnosticcode\":\"550 5.1.1 <user@example.com>: no\\tsuch user\",\"diagnostictype\":\"SMTP\","
		  "\"rhost\":\"mx.example.com\",\"lhost\":\"\",\"command\":\"RCPT\",\"timestamp\":\"\","
		  "\"addresser\":\"sender@example.org\",\"messageid\":\"<id@example.org>\","
		  "\"subject\":\"caf\xc3\xa9 \\\"quoted\\\"\",\"listid\":\"\",\"feedbacktype\":\"\","
		  "\"token\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"decodedby\":\"Postfix\","
		  "\"rule\":\"status\"}\n",
		  "a whole line: short values, escapes, a full array, filler never shown");
	free(got);

	/* a reason out of range is "undefined", as reason_name() says; a
	 * command of seven bytes fills its array */
	rec.reason = (enum reason)REASON_COUNT;
	rec.hardbounce = false;
	strcpy(rec.command, "XCOMMND");
	strcpy(rec.replycode, "550");
	got = line_of("o", &res);
	CHECK(got && strstr(got, "\"replycode\":\"550\",\"reason\":\"undefined\",\"hardbounce\":false,"),
	      "an unknown reason is \"undefined\"");
	CHECK(got && strstr(got, "\"command\":\"XCOMMND\",\"timestamp\""), "a full short array");
	free(got);
}

/* The TSV line: the header's columns, tabs and line ends in a cell made
 * spaces, filler after the NULs never shown. */
static void test_record_tsv(void)
{
	static struct parse_result res;
	static struct bounce_record rec[2];
	char *got;

	memset(&res, 'z', sizeof(res));
	memset(rec, 'z', sizeof(rec));
	strcpy(rec[0].recipient, "user@example.com");
	strcpy(rec[0].deliverystatus, "5.1.1");
	strcpy(rec[0].replycode, "550");
	rec[0].reason = REASON_USERUNKNOWN;
	rec[0].hardbounce = true;
	strcpy(rec[0].decodedby, "Postfix");
	strcpy(rec[0].rule, "status");
	strcpy(rec[0].diagnosticcode, "550 5.1.1 no\tsuch\r\nuser");
	rec[1] = rec[0];
	strcpy(rec[1].recipient, "b\tc@example.net");
	rec[1].reason = (enum reason)REASON_COUNT;
	rec[1].hardbounce = false;
	rec[1].replycode[0] = '\0';
	memset(rec[1].rule, 'r', sizeof(rec[1].rule) - 1); /* a full array */
	rec[1].rule[sizeof(rec[1].rule) - 1] = '\0';
	res.records = rec;
	res.n_records = 2;
	got = text_of(RECORD_TSV, "/m/new/\t1.eml", &res);
	{
		char want[512];

		snprintf(want, sizeof(want),
			 "/m/new/ 1.eml\tuser@example.com\tuserunknown\t5.1.1\t550\ttrue\tPostfix\tstatus\t"
			 "550 5.1.1 no such  user\n"
			 "/m/new/ 1.eml\tb c@example.net\tundefined\t5.1.1\t\tfalse\tPostfix\t%.*s\t"
			 "550 5.1.1 no such  user\n",
			 (int)sizeof(rec[1].rule) - 1,
			 "rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr");
		CHECK_STR(got ? got : "", want, "two TSV lines: spaces for tabs and line ends, a full array");
	}
	free(got);
}

TEST_MAIN(test_reason_names_fit, test_record_json, test_record_tsv)
