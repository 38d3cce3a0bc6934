/* test-parse-verp.c: VERP decoding and its use by the driver. */
#include "harness.h"
#include "parse/bounce.h"
#include "parse/ctx.h"

static void test_decode(void)
{
	static const struct {
		const char *pattern, *addr, *want;
	} rows[] = {
		{"bounce+{local}={domain}@example.com", "bounce+jo=example.org@example.com", "jo@example.org"},
		{"bounce+{local}={domain}@example.com", "Bounce+Jo=Example.ORG@EXAMPLE.com", "Jo@example.org"},
		{"bounce+{local}={domain}@example.com", "bounce+a=b=example.org@example.com", "a=b@example.org"},
		{"{domain}-{local}@b.example.com", "example.org-jo@b.example.com", "jo@example.org"},
		{"bounce+{local}={domain}@example.com", "bounce+jo@example.com", NULL},
		{"bounce+{local}={domain}@example.com", "other+jo=example.org@example.com", NULL},
		{"bounce+{local}={domain}@example.com", "bounce+=example.org@example.com", NULL},
		{"bounce+{local}={domain}@example.com", "bounce+jo=@example.com", NULL},
		{"no-placeholders@example.com", "no-placeholders@example.com", NULL},
	};
	char out[BOUNCE_ADDR_MAX];

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		bool ok = verp_decode(rows[i].pattern, rows[i].addr, out, sizeof(out));

		if (rows[i].want)
			CHECK(ok && strcmp(out, rows[i].want) == 0, "verp %s -> %s (got %s)", rows[i].addr,
			      rows[i].want, ok ? out : "nothing");
		else
			CHECK(!ok, "verp %s does not match", rows[i].addr);
	}
}

static void test_driver(void)
{
	struct parse_options o = {.verp_pattern = "bounce+{local}={domain}@lists.sender.example.com"};
	struct parse_ctx *ctx = parse_ctx_new(&o), *plain = parse_ctx_new(NULL);
	struct parse_result res;
	size_t n = 0;
	char *d = t_slurp("tests/fixtures/parse/verp.eml", &n);
	static const char unreadable[] =
		"To: bounce+max=example.org@lists.sender.example.com\n"
		"From: MAILER-DAEMON@mx.example.net\nSubject: failure notice\n\nno details\n";

	CHECK(d && ctx && plain, "setup");
	if (!d || !ctx || !plain)
		return;
	parse_result_init(&res);
	bounce_parse(plain, d, n, &res);
	CHECK(res.n_records == 1 && strcmp(res.records[0].recipient, "lena.private@example.net") == 0,
	      "without VERP: the forwarding target");
	bounce_parse(ctx, d, n, &res);
	CHECK_INT(res.n_records, 1, "with VERP: one record");
	if (res.n_records == 1) {
		CHECK_STR(res.records[0].recipient, "lena@example.org", "VERP address wins");
		CHECK_STR(res.records[0].alias, "lena.private@example.net", "forwarding target is alias");
	}
	bounce_parse(ctx, unreadable, sizeof(unreadable) - 1, &res);
	CHECK_STR(message_kind_name(res.kind), message_kind_name(MSG_BOUNCE), "VERP rescues an unreadable bounce");
	CHECK(res.n_records == 1 && strcmp(res.records[0].recipient, "max@example.org") == 0,
	      "recipient from VERP");
	bounce_parse(plain, unreadable, sizeof(unreadable) - 1, &res);
	CHECK_STR(message_kind_name(res.kind), message_kind_name(MSG_UNREADABLE), "without VERP: unreadable");
	parse_result_clear(&res);
	parse_ctx_free(&ctx);
	parse_ctx_free(&plain);
	free(d);
}

TEST_MAIN(test_decode, test_driver)
