/* test-cli-record-out.c: record_print()'s JSON line, field by field, with
 * values that fill their arrays, need escaping, or are shorter than a copy
 * step (read up to the end of their struct, never written past their NUL);
 * and its TSV lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/record-out.h"
#include "cli/timefmt.h"
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

/* Random text of up to cap - 1 bytes and its NUL in a (filler after it):
 * empty, short, or as long as the array allows; mostly plain, with quotes,
 * backslashes, control bytes, UTF-8 sequences valid or cut, and bytes
 * that start none. */
static void random_text(char *a, size_t cap, unsigned *seed)
{
	static const char odd[] = "\"\\\t\r\n\x01\x7f\xc3\xa9\xe3\x81\x82\xff\xed\xa0\x80\xf0\x9f\x98\x80";
	size_t n;

	switch (rand_r(seed) % 5) {
	case 0: n = 0; break;
	case 1: n = (size_t)rand_r(seed) % 8; break;
	case 2: n = cap - 1; break;
	default: n = (size_t)rand_r(seed) % cap; break;
	}
	if (n > cap - 1)
		n = cap - 1;
	for (size_t i = 0; i < n; i++) {
		int r = rand_r(seed) % 64;

		a[i] = r == 0 ? odd[(size_t)rand_r(seed) % (sizeof(odd) - 1)] : (char)(' ' + 1 + rand_r(seed) % 90);
		if (a[i] == '\0')
			a[i] = 'n';
	}
	a[n] = '\0';
	for (size_t i = n + 1; i < cap; i++)
		a[i] = (char)rand_r(seed); /* never shown */
}

/* One key and its value as json_put_string() writes it, the reference. */
static void ref_put(struct outbuf *o, const char *key, const char *v)
{
	outbuf_puts(o, key);
	json_put_string(o, v);
}

/* Lines of random records against the same lines made value by value with
 * json_put_string(): record_print() takes its own copy of the fields (the
 * AVX2 one with the table folded into the code, where the CPU has it), and
 * enough lines to cross the outbuf's end at many places. */
static void test_record_json_random(void)
{
	enum { N = 400 };
	static struct parse_result res;
	static struct bounce_record rec[N];
	static char id[RECORD_ORIGIN_MAX];
	static struct outbuf o, ro;
	unsigned seed = 19;
	int bad = 0;

	for (int round = 0; round < 6; round++) {
		char *got = NULL, *want = NULL;
		size_t glen = 0, wlen = 0;
		FILE *gf = open_memstream(&got, &glen), *wf = open_memstream(&want, &wlen);

		if (!gf || !wf) {
			CHECK(false, "open_memstream");
			return;
		}
		memset(&res, 'z', sizeof(res));
		random_text(id, sizeof(id) / (round % 2 ? 1 : 8), &seed);
		random_text(res.msg.addresser, sizeof(res.msg.addresser), &seed);
		random_text(res.msg.messageid, sizeof(res.msg.messageid), &seed);
		random_text(res.msg.subject, sizeof(res.msg.subject), &seed);
		random_text(res.msg.listid, sizeof(res.msg.listid), &seed);
		outbuf_init(&ro, wf);
		for (int i = 0; i < N; i++) {
			struct bounce_record *r = &rec[i];
			char ts[32];

#define RT(m) random_text(r->m, sizeof(r->m), &seed)
			RT(recipient); RT(alias); RT(deliverystatus); RT(replycode); RT(action);
			RT(diagnosticcode); RT(diagnostictype); RT(rhost); RT(lhost); RT(command);
			RT(feedbacktype); RT(token); RT(decodedby); RT(rule);
#undef RT
			r->reason = (enum reason)(rand_r(&seed) % (REASON_COUNT + 1));
			r->hardbounce = rand_r(&seed) % 2;
			r->timestamp = rand_r(&seed) % 3 ? (time_t)rand_r(&seed) * 7 : 0;
			ref_put(&ro, "{\"origin\":", id);
			ref_put(&ro, ",\"recipient\":", r->recipient);
			ref_put(&ro, ",\"alias\":", r->alias);
			ref_put(&ro, ",\"deliverystatus\":", r->deliverystatus);
			ref_put(&ro, ",\"replycode\":", r->replycode);
			ref_put(&ro, ",\"reason\":", reason_name(r->reason));
			outbuf_puts(&ro, r->hardbounce ? ",\"hardbounce\":true" : ",\"hardbounce\":false");
			ref_put(&ro, ",\"action\":", r->action);
			ref_put(&ro, ",\"diagnosticcode\":", r->diagnosticcode);
			ref_put(&ro, ",\"diagnostictype\":", r->diagnostictype);
			ref_put(&ro, ",\"rhost\":", r->rhost);
			ref_put(&ro, ",\"lhost\":", r->lhost);
			ref_put(&ro, ",\"command\":", r->command);
			ref_put(&ro, ",\"timestamp\":", cli_iso_time(r->timestamp, ts, sizeof(ts), ""));
			ref_put(&ro, ",\"addresser\":", res.msg.addresser);
			ref_put(&ro, ",\"messageid\":", res.msg.messageid);
			ref_put(&ro, ",\"subject\":", res.msg.subject);
			ref_put(&ro, ",\"listid\":", res.msg.listid);
			ref_put(&ro, ",\"feedbacktype\":", r->feedbacktype);
			ref_put(&ro, ",\"token\":", r->token);
			ref_put(&ro, ",\"decodedby\":", r->decodedby);
			ref_put(&ro, ",\"rule\":", r->rule);
			outbuf_puts(&ro, "}\n");
		}
		res.records = rec;
		res.n_records = N;
		outbuf_init(&o, gf);
		record_print(&o, RECORD_JSON, id, &res, NULL);
		outbuf_flush(&o);
		outbuf_flush(&ro);
		fclose(gf);
		fclose(wf);
		if (glen != wlen || memcmp(got, want, glen) != 0)
			bad++;
		free(got);
		free(want);
	}
	CHECK(bad == 0, "random records: the lines json_put_string() makes, value by value (%d rounds differ)",
	      bad);
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

TEST_MAIN(test_reason_names_fit, test_record_json, test_record_json_random, test_record_tsv)
