/* test-parse-driver.c: bounce_parse() end to end: kinds, message facts,
 * record completion, limits, line ends, and the hostile corpus. */
#include <dirent.h>

#include "harness.h"
#include "parse/bounce.h"

#define FIX "tests/fixtures/parse/"

static struct parse_ctx *ctx;

static char *fixture(const char *name, size_t *n)
{
	char path[256];

	snprintf(path, sizeof(path), FIX "%s", name);
	return t_slurp(path, n);
}

static enum parse_status parse_file(const char *name, struct parse_result *res)
{
	size_t n;
	char *d = fixture(name, &n);
	enum parse_status st;

	CHECK(d != NULL, "fixture %s", name);
	if (!d)
		return PARSE_NOMEM;
	st = bounce_parse(ctx, d, n, res);
	free(d);
	return st;
}

static bool is_hex40(const char *s)
{
	if (strlen(s) != 40)
		return false;
	for (; *s; s++)
		if (!strchr("0123456789abcdef", *s))
			return false;
	return true;
}

static void test_kinds(void)
{
	static const struct {
		const char *file;
		enum message_kind kind;
		size_t n;
		const char *rcpt0;
		enum reason reason0;
	} rows[] = {
		{"dsn-two-rcpt.eml", MSG_BOUNCE, 2, "anna@example.org", REASON_UNDEFINED},
		{"dsn-delivered.eml", MSG_DELIVERED, 1, "carol@example.org", REASON_DELIVERED},
		{"arf.eml", MSG_FEEDBACK, 1, "erin@example.org", REASON_FEEDBACK},
		{"autoreply.eml", MSG_AUTOREPLY, 1, "frank@example.org", REASON_VACATION},
		{"human.eml", MSG_NOT_BOUNCE, 0, NULL, REASON_UNDEFINED},
		{"unreadable.eml", MSG_UNREADABLE, 0, NULL, REASON_UNDEFINED},
		{"boundary-quote.eml", MSG_NOT_BOUNCE, 0, NULL, REASON_UNDEFINED},
		{"no-boundary-param.eml", MSG_BOUNCE, 1, "heidi@example.org", REASON_UNDEFINED},
		{"no-close-delim.eml", MSG_BOUNCE, 1, "ivan@example.org", REASON_UNDEFINED},
		{"bad-base64.eml", MSG_BOUNCE, 1, "judy@example.org", REASON_UNDEFINED},
		{"forwarded-bounce.eml", MSG_BOUNCE, 2, "anna@example.org", REASON_USERUNKNOWN},
		{"forwarded-human.eml", MSG_NOT_BOUNCE, 0, NULL, REASON_UNDEFINED},
	};
	struct parse_result res;

	parse_result_init(&res);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		CHECK_INT(parse_file(rows[i].file, &res), PARSE_OK, "%s parses", rows[i].file);
		CHECK_STR(message_kind_name(res.kind), message_kind_name(rows[i].kind), "%s kind",
			  rows[i].file);
		CHECK_INT(res.n_records, rows[i].n, "%s record count", rows[i].file);
		if (rows[i].rcpt0 && res.n_records)
			CHECK_STR(res.records[0].recipient, rows[i].rcpt0, "%s recipient", rows[i].file);
		if (rows[i].reason0 != REASON_UNDEFINED && res.n_records)
			CHECK_STR(reason_name(res.records[0].reason), reason_name(rows[i].reason0),
				  "%s reason", rows[i].file);
		if (!res.n_records)
			CHECK(res.why[0] != '\0', "%s why filled: %s", rows[i].file, res.why);
		for (size_t k = 0; k < res.n_records; k++) {
			CHECK(is_hex40(res.records[k].token), "%s token is hex SHA-1", rows[i].file);
			CHECK(res.records[k].decodedby[0] != '\0', "%s decodedby set", rows[i].file);
		}
	}
	parse_result_clear(&res);
}

/* A bounce forwarded as an attachment gives the bounce's records, read from
 * the attachment as if it had come alone; forwards of forwards are followed
 * PARSE_MAX_FORWARDS (3) deep, no further. */
static void test_forwarded(void)
{
	struct parse_result alone, fwd;
	size_t n;
	char *bounce = fixture("dsn-two-rcpt.eml", &n), *msg = NULL;
	size_t len = n;

	parse_result_init(&alone);
	parse_result_init(&fwd);
	CHECK(bounce != NULL, "fixture dsn-two-rcpt.eml");
	if (!bounce)
		return;
	CHECK_INT(bounce_parse(ctx, bounce, n, &alone), PARSE_OK, "the bounce alone");
	CHECK_INT(parse_file("forwarded-bounce.eml", &fwd), PARSE_OK, "forwarded");
	CHECK(fwd.flags & BOUNCE_F_FORWARDED, "flagged as forwarded");
	CHECK(!(alone.flags & BOUNCE_F_FORWARDED), "the bounce alone is not");
	CHECK_INT(fwd.n_records, alone.n_records, "same records");
	for (size_t i = 0; i < fwd.n_records && i < alone.n_records; i++) {
		CHECK_STR(fwd.records[i].recipient, alone.records[i].recipient, "rcpt %zu", i);
		CHECK_STR(fwd.records[i].token, alone.records[i].token, "token %zu (dedup)", i);
	}
	CHECK_STR(fwd.msg.messageid, alone.msg.messageid, "returned message's id");
	/* wrap the bounce 1..5 times, each wrapping bounce-like (a gateway that
	 * wraps undeliverable mail): read through 3 wrappings, not 4 */
	msg = bounce;
	bounce = NULL;
	for (int depth = 1; depth <= 5 && msg; depth++) {
		char head[256], tail[32];
		int hl = snprintf(head, sizeof(head),
				  "From: postmaster@example.net\nSubject: Undeliverable\n"
				  "Content-Type: multipart/mixed; boundary=w%d\n\n--w%d\n"
				  "Content-Type: message/rfc822\n\n", depth, depth);
		int tl = snprintf(tail, sizeof(tail), "\n--w%d--\n", depth);
		char *w = malloc((size_t)hl + len + (size_t)tl + 1);

		if (!w)
			break;
		memcpy(w, head, (size_t)hl);
		memcpy(w + hl, msg, len);
		memcpy(w + hl + len, tail, (size_t)tl + 1);
		len += (size_t)hl + (size_t)tl;
		free(msg);
		msg = w;
		CHECK_INT(bounce_parse(ctx, msg, len, &fwd), PARSE_OK, "wrapped %d times", depth);
		CHECK_INT(fwd.n_records, depth <= 3 ? 2 : 0, "wrapped %d times: records", depth);
	}
	free(msg);
	parse_result_clear(&alone);
	parse_result_clear(&fwd);
}

/* A person's message that attaches a forward of a bounce: the middle message
 * is no bounce, so nothing below it is read. */
static void test_forwarded_by_person(void)
{
	static const char msg[] =
		"From: a@example.net\nSubject: see this\nContent-Type: multipart/mixed; boundary=o\n\n"
		"--o\nContent-Type: message/rfc822\n\nFrom: b@example.net\nSubject: hello\n"
		"Content-Type: multipart/mixed; boundary=i\n\n--i\nContent-Type: message/rfc822\n\n"
		"From: MAILER-DAEMON@mx.example.net\nSubject: Undelivered Mail Returned to Sender\n"
		"Content-Type: multipart/report; report-type=delivery-status; boundary=d\n\n--d\n"
		"Content-Type: message/delivery-status\n\nFinal-Recipient: rfc822; x@example.org\n"
		"Action: failed\nStatus: 5.1.1\n\n--d--\n\n--i--\n\n--o--\n";
	struct parse_result res;

	parse_result_init(&res);
	CHECK_INT(bounce_parse(ctx, msg, sizeof(msg) - 1, &res), PARSE_OK, "parses");
	CHECK_STR(message_kind_name(res.kind), message_kind_name(MSG_NOT_BOUNCE), "a person's forward of a forward");
	CHECK_INT(res.n_records, 0, "no records");
	parse_result_clear(&res);
}

static void test_record_completion(void)
{
	struct parse_result res, again;
	struct bounce_record *r;

	parse_result_init(&res);
	parse_result_init(&again);
	parse_file("dsn-two-rcpt.eml", &res);
	CHECK_STR(res.msg.addresser, "news@sender.example.com", "addresser from the returned message");
	CHECK_STR(res.msg.messageid, "<orig-42@sender.example.com>", "message-id of the returned message");
	CHECK_STR(res.msg.subject, "M\xC3\xA4rz news", "subject decoded");
	CHECK_STR(res.msg.listid, "news.sender.example.com", "list-id: the identity in <>");
	CHECK_STR(res.msg.bounce_messageid, "<bounce-1@mx.example.net>", "bounce's own message-id");
	CHECK_INT(res.msg.date, 1772529630, "bounce date");
	if (res.n_records == 2) {
		r = &res.records[0];
		CHECK_STR(r->deliverystatus, "5.1.1", "status");
		CHECK_STR(r->replycode, "550", "reply code");
		CHECK(r->reason != REASON_UNDEFINED, "reason classified: %s (%s)", reason_name(r->reason),
		      r->rule);
		CHECK_INT(r->hardbounce, reason_is_hard(r->reason, r->replycode), "hardbounce from the reason");
	}
	{ /* notaccept without reply code: the 4.x.x status makes it soft */
		static const char m[] = "From: MAILER-DAEMON@example.net\nSubject: Undeliverable\n"
					"Content-Type: message/delivery-status\n\nFinal-Recipient: rfc822; n@example.org\n"
					"Action: failed\nStatus: 4.0.0\nDiagnostic-Code: smtp; Domain example.org "
					"does not accept mail (nullMX)\n";
		struct parse_result nr;

		parse_result_init(&nr);
		bounce_parse(ctx, m, sizeof(m) - 1, &nr);
		if (nr.n_records == 1 && nr.records[0].reason == REASON_NOTACCEPT)
			CHECK(!nr.records[0].hardbounce, "notaccept with 4.0.0 and no reply code is soft");
		else
			SKIP("notaccept not classified here (%s)",
			     nr.n_records ? reason_name(nr.records[0].reason) : "none");
		parse_result_clear(&nr);
	}
	if (res.n_records == 2) {
		CHECK(res.records[1].flags & BOUNCE_F_TEMPORARY, "delayed stays temporary");
		CHECK(strcmp(res.records[0].token, res.records[1].token) != 0, "tokens differ per recipient");
	}
	parse_file("dsn-two-rcpt.eml", &again);
	CHECK(again.n_records == res.n_records && res.n_records &&
		      strcmp(again.records[0].token, res.records[0].token) == 0,
	      "token is stable");
	parse_result_clear(&again);

	parse_file("autoreply.eml", &res);
	CHECK(res.n_records == 1 && strstr(res.records[0].diagnosticcode, "M\xC3\xA4rz nicht im B\xC3\xBC" "ro"),
	      "auto-reply text decoded from QP Latin-1");
	parse_result_clear(&res);
}

/* Bounce-looking senders and subjects without a recipient: unreadable. */
static void test_unreadable(void)
{
	static const struct {
		const char *headers;
		enum message_kind kind;
	} rows[] = {
		{"From: MAILER-DAEMON@example.net\nSubject: hi\n", MSG_UNREADABLE},
		{"From: postmaster@example.net\nSubject: hi\n", MSG_UNREADABLE},
		{"From: a@example.net\nSubject: Unzustellbar: Angebot\n", MSG_UNREADABLE},
		{"From: a@example.net\nSubject: Non remis : offre\n", MSG_UNREADABLE},
		/* 手続き： 配信不能, RFC 2047 encoded */
		{"From: a@example.net\nSubject: =?utf-8?B?5omL57aa44GN77yaIOmFjeS/oeS4jeiDvQ==?=\n", MSG_UNREADABLE},
		{"From: a@example.net\nSubject: Returned mail: see transcript\n", MSG_UNREADABLE},
		{"From: a@example.net\nSubject: lunch?\n", MSG_NOT_BOUNCE},
	};
	struct parse_result res;
	char msg[256];

	parse_result_init(&res);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		int n = snprintf(msg, sizeof(msg), "%s\nno recipient in here\n", rows[i].headers);

		bounce_parse(ctx, msg, (size_t)n, &res);
		CHECK_STR(message_kind_name(res.kind), message_kind_name(rows[i].kind), "kind of row %zu", i);
		CHECK(res.why[0] != '\0', "why of row %zu: %s", i, res.why);
	}
	parse_result_clear(&res);
}

/* Every sender and subject word of parse.c, in another case where it has
 * ASCII letters and inside other text, makes a message without a readable
 * recipient look like a bounce (each word needs its run in parse_first_*). */
static void test_bounce_words(void)
{
	static const char *const senders[] = {"MAILER-DAEMON", "Mail Delivery", "Mail-Daemon", "MDaemon",
					      "PostMaster"};
	static const char *const subjects[] = {
		"Could Not Be Delivered", "Delivery Status Notification", "Delivery Failure",
		"Delivery has failed", "Delivery Notification", "Failure Notice", "Mail delivery failed",
		"Mail System Error", "Non-Delivery", "NonDeliverable", "Nicht zustellbar", "Non remis",
		"No se puede entregar", "Non recapitabile", "Returned Mail", "Undelivered Mail",
		"Undeliverable", "Undelivered Message", "Unzustellbar", "WARNING: could not send",
		"エラーメール", "未送信", "配信不能",
	};
	struct parse_result res;
	char msg[256];
	int n;

	parse_result_init(&res);
	for (size_t i = 0; i < sizeof(senders) / sizeof(senders[0]); i++) {
		n = snprintf(msg, sizeof(msg), "From: \"x %s\" <a@example.net>\nSubject: hi\n\nno recipient\n",
			     senders[i]);
		bounce_parse(ctx, msg, (size_t)n, &res);
		CHECK_STR(res.why, "sent by a mailer daemon, no recipient found", "sender %s", senders[i]);
	}
	for (size_t i = 0; i < sizeof(subjects) / sizeof(subjects[0]); i++) {
		n = snprintf(msg, sizeof(msg), "From: a@example.net\nSubject: re: %s (x)\n\nno recipient\n",
			     subjects[i]);
		bounce_parse(ctx, msg, (size_t)n, &res);
		CHECK_STR(res.why, "bounce subject, no recipient found", "subject %s", subjects[i]);
	}
	n = snprintf(msg, sizeof(msg), "From: Mail Deliver <a@example.net>\nSubject: undeliverabl\n\nx\n");
	bounce_parse(ctx, msg, (size_t)n, &res);
	CHECK_INT(res.kind, MSG_NOT_BOUNCE, "a word cut at the end is none");
	parse_result_clear(&res);
}

static void test_line_ends(void)
{
	static const char *const files[] = {"dsn-two-rcpt.eml", "dsn-in-body.eml", "arf.eml",
					    "autoreply.eml", "no-close-delim.eml"};

	for (size_t f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		size_t n;
		char *d = fixture(files[f], &n);
		char *v[2];
		size_t vn[2] = {0, 0};
		struct parse_result base, other;

		if (!d)
			continue;
		v[0] = malloc(2 * n + 1);
		v[1] = malloc(n + 1);
		for (size_t i = 0; i < n; i++) {
			if (d[i] == '\n')
				v[0][vn[0]++] = '\r';
			v[0][vn[0]++] = d[i];
			v[1][vn[1]++] = d[i] == '\n' ? '\r' : d[i];
		}
		parse_result_init(&base);
		parse_result_init(&other);
		bounce_parse(ctx, d, n, &base);
		for (int k = 0; k < 2; k++) {
			bounce_parse(ctx, v[k], vn[k], &other);
			CHECK(other.kind == base.kind && other.n_records == base.n_records,
			      "%s %s: same kind and count", files[f], k ? "CR" : "CRLF");
			for (size_t i = 0; i < base.n_records && i < other.n_records; i++) {
				CHECK_STR(other.records[i].recipient, base.records[i].recipient,
					  "%s %s: recipient", files[f], k ? "CR" : "CRLF");
				CHECK_STR(other.records[i].diagnosticcode, base.records[i].diagnosticcode,
					  "%s %s: diagnostic", files[f], k ? "CR" : "CRLF");
				CHECK_STR(other.records[i].token, base.records[i].token, "%s %s: token",
					  files[f], k ? "CR" : "CRLF");
			}
		}
		parse_result_clear(&base);
		parse_result_clear(&other);
		free(v[0]);
		free(v[1]);
		free(d);
	}
}

static void test_limits(void)
{
	struct parse_options o = {.max_bytes = 300};
	struct parse_ctx *small = parse_ctx_new(&o);
	struct parse_result res;
	size_t n = 0;
	char *d = fixture("dsn-two-rcpt.eml", &n);

	parse_result_init(&res);
	CHECK(small != NULL, "small context");
	if (small && d) {
		CHECK_INT(bounce_parse(small, d, n, &res), PARSE_OK, "max_bytes parse");
		CHECK(res.flags & BOUNCE_F_TRUNCATED, "max_bytes flags truncated");
		CHECK_INT(res.n_records, 0, "nothing past max_bytes is read");
	}
	parse_result_clear(&res);
	parse_ctx_free(&small);
	CHECK(small == NULL, "context freed");
	parse_ctx_free(&small);
	free(d);
}

/* ../shared/corpus/hostile: every file must parse without crashing. */
static void test_hostile(void)
{
	const char *dir = "../shared/corpus/hostile";
	DIR *dh = opendir(dir);
	struct parse_result res;
	char path[512], *d;
	size_t n;
	int count = 0;

	if (!dh) {
		SKIP("hostile corpus: %s not found", dir);
		return;
	}
	parse_result_init(&res);
	while ((d = t_next_file(dh, dir, path, sizeof(path), &n))) {
		CHECK_INT(bounce_parse(ctx, d, n, &res), PARSE_OK, "hostile %s", path + strlen(dir) + 1);
		count++;
		free(d);
	}
	closedir(dh);
	parse_result_clear(&res);
	CHECK(count > 0, "hostile corpus had files (%d)", count);
}

static void setup(void)
{
	ctx = parse_ctx_new(NULL);
	CHECK(ctx != NULL, "context");
}

static void teardown(void)
{
	parse_ctx_free(&ctx);
}

TEST_MAIN(setup, test_kinds, test_forwarded, test_forwarded_by_person, test_record_completion, test_unreadable, test_bounce_words, test_line_ends, test_limits, test_hostile,
	  teardown)
