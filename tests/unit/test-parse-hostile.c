/* test-parse-hostile.c: bounce_parse() on hostile input, under ASan+UBSan too.
 *
 * Two tables: fixtures in tests/hostile/ (each one an input the fuzzers found
 * to crash or hang the parser, kept as a regression row), and messages built
 * here in memory: deep nesting, huge headers, many parts, encoded-word bombs.
 * tests/e2e/t-hostile.sh runs the larger generated suite through ./bouncer.
 */
#include "harness.h"
#include "parse/bounce.h"
#include "parse/mime.h" /* charset_is_utf8() */

#define HOSTILE "tests/hostile/"

static struct parse_ctx *ctx;

/* A found input: what the parser must make of it now. */
struct hostile_row {
	const char *file;
	enum message_kind kind;
	const char *recipient; /* first record's recipient, or NULL for no check */
	const char *found;     /* which fuzzer found it, and what it did */
};

static const struct hostile_row fixed[] = {
	{"fuzz-sesjson-scalar-loop.eml", MSG_FEEDBACK, "angry@example.org",
	 "fuzz-parse: endless loop in lhost-sesjson.c each() on a stray scalar after an array "
	 "element (fixed in dbd8980)"},
	{"fuzz-sesjson-utf8-cut.eml", MSG_BOUNCE, "packed@example.org",
	 "fuzz-parse: lhost-sesjson.c cut a JSON string value (\"action\") to its field inside a UTF-8 "
	 "sequence, leaving invalid UTF-8 in the record"},
	{"fuzz-biglobe-mark-utf8-cut.eml", MSG_BOUNCE, "full@example.ne.jp",
	 "fuzz-parse: lhost-biglobe.c skipped the reason marker and one byte more, which was the first "
	 "byte of a U+FFFD when the marker's line went on, leaving invalid UTF-8 in the diagnostic"},
	{"fuzz-v5sendmail-short-code.eml", MSG_BOUNCE, "one@example.net",
	 "fuzz-parse (make check's smoke run): pointer overflow (UBSan) in lhost-v5sendmail.c "
	 "v5_rcpt_line() on \"55< <a@b>...\", a '<' inside the reply code"},
};

/* Found and not fixed yet: reported, kept visible here as skips. Move a row to
 * fixed[] once it passes. */
static const struct hostile_row known_broken[] = {
	{NULL, MSG_NOT_BOUNCE, NULL, NULL},
};

static int parse_row(const struct hostile_row *r, struct parse_result *res)
{
	char path[256];
	size_t n = 0;
	char *d;
	int ok;

	snprintf(path, sizeof(path), HOSTILE "%s", r->file);
	if (!(d = t_slurp(path, &n)))
		return -1;
	ok = bounce_parse(ctx, d, n, res) == PARSE_OK;
	free(d);
	return ok ? 0 : -1;
}

static bool row_passes(const struct hostile_row *r, struct parse_result *res)
{
	return res->kind == r->kind &&
	       (!r->recipient || (res->n_records > 0 && strcmp(res->records[0].recipient, r->recipient) == 0));
}

static void test_fixtures(void)
{
	struct parse_result res;

	parse_result_init(&res);
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		const struct hostile_row *r = &fixed[i];

		if (parse_row(r, &res) != 0) {
			CHECK(0, "%s: read and parsed", r->file);
			continue;
		}
		CHECK_STR(message_kind_name(res.kind), message_kind_name(r->kind), "%s: kind", r->file);
		if (r->recipient)
			CHECK_STR(res.n_records ? res.records[0].recipient : "", r->recipient,
				  "%s: recipient", r->file);
		for (size_t k = 0; k < res.n_records; k++) {
			const struct bounce_record *e = &res.records[k];

			CHECK(charset_is_utf8(e->action, strlen(e->action)) &&
				      charset_is_utf8(e->diagnosticcode, strlen(e->diagnosticcode)) &&
				      charset_is_utf8(e->lhost, strlen(e->lhost)) &&
				      charset_is_utf8(e->deliverystatus, strlen(e->deliverystatus)),
			      "%s: record %zu's fields are UTF-8", r->file, k);
		}
	}
	for (size_t i = 0; i < sizeof(known_broken) / sizeof(known_broken[0]); i++) {
		const struct hostile_row *r = &known_broken[i];

		if (!r->file)
			continue;
		if (parse_row(r, &res) == 0 && row_passes(r, &res))
			CHECK(1, "%s: passes now: move it to fixed[]", r->file);
		else
			SKIP("known broken: %s: %s", r->file, r->found);
	}
	parse_result_clear(&res);
}

/* A growable string for building messages. */
struct sb {
	char *p;
	size_t n, cap;
};

static void sb_add(struct sb *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		size_t cap = (b->n + n + 1) * 2;
		char *p = realloc(b->p, cap);

		if (!p) {
			fprintf(stderr, "out of memory\n");
			exit(1);
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

static void sb_str(struct sb *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

static void sb_rep(struct sb *b, const char *s, size_t times)
{
	for (size_t i = 0; i < times; i++)
		sb_str(b, s);
}

#define HEAD "From: Mail Delivery System <MAILER-DAEMON@mx.example.net>\n" \
	     "Subject: Undelivered Mail Returned to Sender\nMIME-Version: 1.0\n"
#define REPORT "Content-Type: multipart/report; report-type=delivery-status; boundary=\"R\"\n"
#define STATUS "--R\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.net\n\n" \
	       "Final-Recipient: rfc822; anna@example.org\nAction: failed\nStatus: 5.1.1\n" \
	       "Diagnostic-Code: smtp; 550 5.1.1 User unknown\n"
#define HUMAN "From: ann@example.org\nTo: b@example.com\nSubject: lunch?\n"

/* Each builder writes one message into b. */
static void b_rfc822_1000(struct sb *b)
{
	sb_str(b, HEAD REPORT "\n" STATUS "--R\nContent-Type: message/rfc822\n\n");
	sb_rep(b, "From: x@example.com\nContent-Type: message/rfc822\n\n", 1000);
	sb_str(b, "Subject: deepest\n\nhi\n--R--\n");
}

static void b_multipart_100(struct sb *b)
{
	char line[96];

	sb_str(b, HUMAN "MIME-Version: 1.0\n");
	for (int i = 0; i < 100; i++) {
		snprintf(line, sizeof(line), "Content-Type: multipart/mixed; boundary=\"B%d\"\n\n--B%d\n", i, i);
		sb_str(b, line);
	}
	sb_str(b, "Content-Type: text/plain\n\nhello\n");
	for (int i = 99; i >= 0; i--) {
		snprintf(line, sizeof(line), "--B%d--\n", i);
		sb_str(b, line);
	}
}

static void b_parts_10000(struct sb *b)
{
	sb_str(b, HEAD REPORT "\n" STATUS);
	sb_rep(b, "--R\nContent-Type: text/plain\n\npart\n", 10000);
	sb_str(b, "--R--\n");
}

static void b_header_1mb(struct sb *b)
{
	sb_str(b, HEAD "X-Long: ");
	sb_rep(b, "abcdefgh", 1 << 17);
	sb_str(b, "\n" REPORT "\n" STATUS "--R--\n");
}

static void b_headers_100000(struct sb *b)
{
	sb_str(b, HEAD REPORT);
	sb_rep(b, "X-Junk: y\n", 100000);
	sb_str(b, "\n" STATUS "--R--\n");
}

static void b_words_100000(struct sb *b)
{
	sb_str(b, HUMAN "X-Bomb:");
	sb_rep(b, " =?UTF-8?B?w6Q=?= =?x-unknown?Q?a?= =?ISO-2022-JP?B?GyRC?=", 100000 / 3);
	sb_str(b, "\n\nhello\n");
}

static void b_nuls(struct sb *b)
{
	static const char dsn[] = "--R\nContent-Type: message/delivery-status\n\n"
				  "Final-Recipient:\0 rfc822; anna@example.org\nStatus: 5.1.1\n"
				  "Diagnostic-Code: smtp; 550\0\0 5.1.1 User unknown\n--R--\n";

	sb_str(b, HEAD REPORT "\n");
	sb_add(b, dsn, sizeof(dsn) - 1);
}

static void b_bad_base64(struct sb *b)
{
	sb_str(b, HEAD REPORT "\n--R\nContent-Type: message/delivery-status\nContent-Transfer-Encoding: base64\n\n"
		  "!!RmluYWwtUmVj%%aXBpZW50OiByZmM4MjI7IGFubmFAZXhhbXBsZS5vcmcKU3Rh\n=dHVzOiA1LjEuMQo=====\n"
		  "--R--\n");
}

/* Bare CRs are line ends each: 1 MB of them was quadratic in mime_text_normalise(). */
static void b_crs_1mb(struct sb *b)
{
	sb_rep(b, "\r\r\r\r\r\r\r\r", 1 << 17);
}

static void b_cr_only_dsn(struct sb *b)
{
	sb_str(b, HEAD REPORT "\n" STATUS "--R--\n");
	for (size_t i = 0; i < b->n; i++)
		if (b->p[i] == '\n')
			b->p[i] = '\r';
}

static const struct {
	const char *name;
	void (*build)(struct sb *b);
	enum message_kind kind;
	const char *recipient;
	bool truncated; /* the result must say a limit was hit */
} built[] = {
	{"message/rfc822 1000 deep", b_rfc822_1000, MSG_BOUNCE, "anna@example.org", false},
	{"multipart 100 deep", b_multipart_100, MSG_NOT_BOUNCE, NULL, false},
	{"10000 parts, DSN first", b_parts_10000, MSG_BOUNCE, "anna@example.org", false},
	{"1 MB header line", b_header_1mb, MSG_BOUNCE, "anna@example.org", true},
	{"100000 header lines", b_headers_100000, MSG_BOUNCE, "anna@example.org", true},
	{"100000 encoded words", b_words_100000, MSG_NOT_BOUNCE, NULL, false},
	{"NUL bytes in DSN fields", b_nuls, MSG_BOUNCE, "anna@example.org", false},
	{"garbage in base64 DSN", b_bad_base64, MSG_BOUNCE, "anna@example.org", false},
	{"1 MB of bare CRs", b_crs_1mb, MSG_NOT_BOUNCE, NULL, false},
	{"DSN with CR-only line ends", b_cr_only_dsn, MSG_BOUNCE, "anna@example.org", false},
};

static void test_built(void)
{
	struct parse_result res;

	parse_result_init(&res);
	for (size_t i = 0; i < sizeof(built) / sizeof(built[0]); i++) {
		struct sb b = {0};

		built[i].build(&b);
		CHECK_INT(bounce_parse(ctx, b.p, b.n, &res), PARSE_OK, "%s: parsed", built[i].name);
		CHECK_STR(message_kind_name(res.kind), message_kind_name(built[i].kind), "%s: kind",
			  built[i].name);
		if (built[i].recipient)
			CHECK_STR(res.n_records ? res.records[0].recipient : "", built[i].recipient,
				  "%s: recipient", built[i].name);
		if (built[i].truncated)
			CHECK(res.flags & BOUNCE_F_TRUNCATED, "%s: truncated flag", built[i].name);
		free(b.p);
	}
	parse_result_clear(&res);
}

static void setup(void)
{
	ctx = parse_ctx_new(NULL);
	CHECK(ctx != NULL, "parse context");
	if (!ctx)
		exit(1);
}

static void teardown(void)
{
	parse_ctx_free(&ctx);
}

TEST_MAIN(setup, test_fixtures, test_built, teardown)
