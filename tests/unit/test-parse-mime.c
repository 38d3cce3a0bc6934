/* test-parse-mime.c: view_build() on hand-written and generated messages,
 * including broken and hostile MIME. */
#include "harness.h"
#include "test-parse-cc.h"
#include "parse/bounce.h"
#include "parse/mime.h"
#include "util/simd.h"
#include "parse/view.h"

#define FIX "tests/fixtures/parse/"


static char *fixture(const char *name, size_t *n)
{
	char path[256];
	char *d;

	snprintf(path, sizeof(path), FIX "%s", name);
	d = t_slurp(path, n);
	CHECK(d != NULL, "fixture %s", name);
	return d;
}

/* Same message with other line ends: "\r\n" or "\r". */
static char *relined(const char *d, size_t n, const char *eol, size_t *out_n)
{
	size_t el = strlen(eol), o = 0;
	char *r = malloc(n * el + 1);

	for (size_t i = 0; r && i < n; i++) {
		if (d[i] == '\n') {
			memcpy(r + o, eol, el);
			o += el;
		} else {
			r[o++] = d[i];
		}
	}
	*out_n = o;
	return r;
}

static void test_report(void)
{
	size_t n;
	char *d = fixture("dsn-two-rcpt.eml", &n);
	struct mail_view v;

	if (!d)
		return;
	CHECK(view_build(cc, d, n, &v) == 0, "view_build dsn-two-rcpt");
	CHECK_STR(v.content_type, "multipart/report", "content type");
	CHECK_STR(v.report_type, "delivery-status", "report type");
	CHECK(v.dsn && strstr(v.dsn, "Final-Recipient: rfc822; anna@Example.ORG"), "dsn part kept");
	CHECK(v.body && strstr(v.body, "could not\nbe delivered"), "body text kept");
	CHECK(v.body && !strstr(v.body, "Final-Recipient"), "dsn is not in the body");
	CHECK(v.has_orig, "orig headers found");
	CHECK_STR(hdr_get(&v.orig, "subject"), "M\xC3\xA4rz news", "orig subject decoded");
	CHECK_STR(hdr_get(&v.orig, "message-id"), "<orig-42@sender.example.com>", "orig message-id");
	CHECK_STR(hdr_get(&v.head, "subject"), "Undelivered Mail Returned to Sender", "own subject");
	CHECK(!v.truncated, "no limit hit");
	view_free(&v);
	CHECK(v.priv == NULL && v.body == NULL, "view_free clears");
	free(d);
}

/* LF, CRLF and CR-only versions of every fixture give the same view. */
static void test_line_ends(void)
{
	static const char *const names[] = {"dsn-two-rcpt.eml", "dsn-in-body.eml", "bad-base64.eml",
					    "no-close-delim.eml", "autoreply.eml"};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		size_t n, n2, n3;
		char *d = fixture(names[i], &n), *crlf, *cr;
		struct mail_view a, b, c;

		if (!d)
			continue;
		crlf = relined(d, n, "\r\n", &n2);
		cr = relined(d, n, "\r", &n3);
		CHECK(view_build(cc, d, n, &a) == 0 && view_build(cc, crlf, n2, &b) == 0 &&
			      view_build(cc, cr, n3, &c) == 0,
		      "%s: three views", names[i]);
		CHECK_STR(b.body, a.body, "%s: CRLF body = LF body", names[i]);
		CHECK_STR(c.body, a.body, "%s: CR body = LF body", names[i]);
		CHECK_STR(b.dsn, a.dsn, "%s: CRLF dsn = LF dsn", names[i]);
		CHECK_STR(c.dsn, a.dsn, "%s: CR dsn = LF dsn", names[i]);
		CHECK_INT(c.orig.n, a.orig.n, "%s: CR orig header count", names[i]);
		CHECK_INT(c.head.n, a.head.n, "%s: CR header count", names[i]);
		view_free(&a);
		view_free(&b);
		view_free(&c);
		free(d);
		free(crlf);
		free(cr);
	}
}

static void test_broken(void)
{
	size_t n;
	char *d;
	struct mail_view v;

	d = fixture("boundary-quote.eml", &n);
	CHECK(d && view_build(cc, d, n, &v) == 0, "boundary=\"\\\"\" builds");
	CHECK_STR(v.body, "inside", "boundary=\"\\\"\" splits on the quote");
	view_free(&v);
	free(d);

	d = fixture("no-boundary-param.eml", &n);
	CHECK(d && view_build(cc, d, n, &v) == 0, "multipart without boundary builds");
	CHECK(strstr(v.body, "Final-Recipient: rfc822; heidi@example.org") != NULL,
	      "multipart without boundary read as one text part");
	view_free(&v);
	free(d);

	d = fixture("no-close-delim.eml", &n);
	CHECK(d && view_build(cc, d, n, &v) == 0, "missing close delimiter builds");
	CHECK(v.dsn && strstr(v.dsn, "Over quota"), "last part runs to the end (RFC 2231 boundary)");
	view_free(&v);
	free(d);

	d = fixture("bad-base64.eml", &n);
	CHECK(d && view_build(cc, d, n, &v) == 0, "invalid base64 builds");
	CHECK(v.dsn && strstr(v.dsn, "Final-Recipient: rfc822; judy@example.org"), "base64 dsn decoded");
	CHECK(v.body && strstr(v.body, "This is"), "garbage in base64 skipped");
	view_free(&v);
	free(d);

	d = fixture("orig-base64.eml", &n);
	CHECK(d && view_build(cc, d, n, &v) == 0, "base64 message/rfc822 builds");
	CHECK_STR(hdr_get(&v.orig, "message-id"), "<offer-9@sender.example.com>",
		  "base64 returned message decoded, leading blank line skipped");
	CHECK(v.dsn && strstr(v.dsn, "kate@example.org"), "text/delivery-status taken as DSN");
	view_free(&v);
	free(d);

	d = fixture("html-only.eml", &n);
	CHECK(d && view_build(cc, d, n, &v) == 0, "html-only builds");
	CHECK(strstr(v.body, "550 5.1.1 user unknown & gone") != NULL, "html stripped to text");
	CHECK(strstr(v.body, "color") == NULL, "style dropped");
	view_free(&v);
	free(d);

	d = fixture("dsn-in-body.eml", &n);
	CHECK(d && view_build(cc, d, n, &v) == 0, "inline copy builds");
	CHECK(v.has_orig, "inline returned message found");
	CHECK_STR(hdr_get(&v.orig, "message-id"), "<m1@example.com>", "inline orig message-id");
	view_free(&v);
	free(d);
}

/* A DSN part whose fields follow its Content-Type with no blank line. */
static void test_dsn_no_blank(void)
{
	static const char msg[] =
		"Content-Type: multipart/report; boundary=n\n\n--n\nContent-Type: message/delivery-status\n"
		"Reporting-MTA: dns; mx.example.net\nFinal-Recipient: rfc822; nb@example.org\n"
		"Status: 5.1.1\n--n--\n";
	struct mail_view v;

	CHECK(view_build(cc, msg, sizeof(msg) - 1, &v) == 0, "DSN without blank line builds");
	CHECK(v.dsn && strstr(v.dsn, "Final-Recipient: rfc822; nb@example.org"), "DSN fields kept");
	/* the part's headers are the DSN text: none of their values may end
	 * with a NUL in it */
	CHECK_STR(v.dsn, "Content-Type: message/delivery-status\nReporting-MTA: dns; mx.example.net\n"
			 "Final-Recipient: rfc822; nb@example.org\nStatus: 5.1.1", "DSN part whole");
	CHECK_INT(strlen(v.dsn), v.dsn_len, "no NUL in the DSN text");
	view_free(&v);
}

/* One-line values of the top and part headers end with a NUL where they
 * are in the view's text; the texts around them stay whole. */
static void test_values_in_place(void)
{
	static const char msg[] =
		"Subject: Undelivered  \nFrom: mailer@example.net\t\nX-Empty:\n"
		"Content-Type: multipart/report; boundary=q\n\nintro\n--q\n"
		"Content-Type: text/plain; charset=us-ascii \nContent-Transfer-Encoding: 7bit\n\n"
		"The mail could not be delivered.\n--q\nContent-Type: text/plain\n--q\n"
		"Content-Type: message/rfc822\n\nSubject: orig \nTo: a@example.org\n\nhello\n--q--\n";
	static const char top[] = "Subject: only";
	struct mail_view v;

	CHECK(view_build(cc, msg, sizeof(msg) - 1, &v) == 0, "builds");
	CHECK_STR(hdr_get(&v.head, "subject"), "Undelivered", "subject trimmed");
	CHECK_STR(hdr_get(&v.head, "from"), "mailer@example.net", "from trimmed");
	CHECK_STR(hdr_get(&v.head, "x-empty"), "", "empty value");
	CHECK_STR(hdr_get(&v.head, "content-type"), "multipart/report; boundary=q", "content type");
	CHECK_STR(v.body, "The mail could not be delivered.\n\n", "text part whole");
	CHECK_STR(hdr_get(&v.orig, "subject"), "orig", "returned subject");
	CHECK_STR(hdr_get(&v.orig, "to"), "a@example.org", "returned to");
	CHECK_STR(v.orig_text, "Subject: orig \nTo: a@example.org\n\nhello", "returned text whole");
	view_free(&v);
	/* a value that runs to the end of the message */
	CHECK(view_build(cc, top, sizeof(top) - 1, &v) == 0, "one header, no line end: builds");
	CHECK_STR(hdr_get(&v.head, "subject"), "only", "value at the end");
	view_free(&v);
}

/* A report part labelled text/plain: read as the DSN when no part is
 * labelled as one, as ordinary text when one is (never twice). */
static void test_dsn_mislabelled(void)
{
	static const char alone[] =
		"Content-Type: multipart/report; boundary=m\n\n--m\nContent-Type: text/plain\n\n"
		"Your message could not be delivered.\n--m\nContent-Type: text/plain\n\n"
		"Reporting-MTA: dns; mx.example.net\n\nFinal-Recipient: rfc822; ml@example.org\n"
		"Action: failed\nStatus: 5.1.1\n--m--\n";
	static const char both[] =
		"Content-Type: multipart/report; boundary=m\n\n--m\nContent-Type: text/plain\n\n"
		"Final-Recipient: rfc822; ml@example.org\nStatus: 5.1.1\n--m\n"
		"Content-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.net\n\n"
		"Final-Recipient: rfc822; ml@example.org\nAction: failed\nStatus: 5.1.1\n--m--\n";
	struct mail_view v;

	CHECK(view_build(cc, alone, sizeof(alone) - 1, &v) == 0, "mislabelled DSN builds");
	CHECK(v.dsn && strstr(v.dsn, "Final-Recipient: rfc822; ml@example.org"), "read as the DSN");
	CHECK(v.body && strstr(v.body, "could not be delivered") && !strstr(v.body, "Final-Recipient"),
	      "the human text stays the body, the report is not in it");
	view_free(&v);
	CHECK(view_build(cc, both, sizeof(both) - 1, &v) == 0, "DSN lookalike and DSN build");
	CHECK(v.dsn && strstr(v.dsn, "Reporting-MTA") && !strstr(v.dsn + 1, "ml@example.org\nStatus"),
	      "the labelled part is the DSN, alone");
	CHECK(v.body && strstr(v.body, "Final-Recipient: rfc822; ml@example.org"),
	      "the lookalike is ordinary text");
	view_free(&v);
}

/* A multipart report whose Content-Type header was lost on the way: the
 * boundary is taken from the first delimiter line; a plain text that only
 * quotes a delimiter further down stays text. */
static void test_lost_content_type(void)
{
	static const char lost[] =
		"From: MAILER-DAEMON@mx.example.net\nSubject: failure notice\n\n"
		"This is a MIME-encapsulated message\n\n--lost.1/mx\nContent-Type: text/plain\n\n"
		"The mail could not be delivered.\n\n--lost.1/mx\n"
		"Content-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.net\n\n"
		"Final-Recipient: rfc822; lc@example.org\nAction: failed\nStatus: 5.1.1\n\n--lost.1/mx--\n";
	static const char blank[] =
		"Subject: Returned mail\n\nThis is a MIME-encapsulated message\n\n--b2\n\n"
		"The original message was received.\n\n--b2\nContent-Type: message/delivery-status\n\n"
		"Final-Recipient: rfc822; lb@example.org\nStatus: 5.1.1\n\n--b2--\n";
	static const char quoted[] =
		"Subject: hi\n\nline 1\nline 2\nline 3\nline 4\nline 5\nline 6\nline 7\nline 8\n"
		"--x\nContent-Type: text/plain\n\nquoted\n--x--\n";
	struct mail_view v;

	CHECK(view_build(cc, lost, sizeof(lost) - 1, &v) == 0, "lost Content-Type builds");
	CHECK(v.dsn && strstr(v.dsn, "Final-Recipient: rfc822; lc@example.org"), "its report is the DSN");
	CHECK(v.body && strstr(v.body, "could not be delivered") && !strstr(v.body, "--lost.1/mx"),
	      "its text is the body, without delimiters");
	view_free(&v);
	CHECK(view_build(cc, blank, sizeof(blank) - 1, &v) == 0, "lost Content-Type, bare part builds");
	CHECK(v.dsn && strstr(v.dsn, "lb@example.org"), "a part without headers, confirmed further down");
	view_free(&v);
	CHECK(view_build(cc, quoted, sizeof(quoted) - 1, &v) == 0, "plain text builds");
	CHECK(!v.dsn && v.body && strstr(v.body, "--x\nContent-Type"), "a late delimiter stays text");
	view_free(&v);
}

/* Two bounces glued into one file: parts after a close delimiter count. */
static void test_glued(void)
{
	static const char msg[] =
		"Content-Type: multipart/report; boundary=g\n\n--g\nContent-Type: message/delivery-status\n\n"
		"Final-Recipient: rfc822; one@example.org\n--g--\nFrom: MAILER-DAEMON@example.net\n"
		"Content-Type: multipart/report; boundary=g\n\n--g\nContent-Type: message/delivery-status\n\n"
		"Final-Recipient: rfc822; two@example.org\n--g--\n";
	struct mail_view v;

	CHECK(view_build(cc, msg, sizeof(msg) - 1, &v) == 0, "glued bounces build");
	CHECK(v.dsn && strstr(v.dsn, "one@example.org") && strstr(v.dsn, "two@example.org"),
	      "both DSN parts read");
	view_free(&v);
}

/* Parts that need no decoding are not copied: the view refers to the
 * message text, each one ended by a NUL there. Exactly their bytes, and
 * a second part still joins the first. */
static void test_parts_referred(void)
{
	static const char msg[] =
		"Content-Type: multipart/report; boundary=r\n\n--r\nContent-Type: text/plain\n\n"
		"First part.\n--r\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; a.example\n\n"
		"Final-Recipient: rfc822; x@example.org\nStatus: 5.1.1\n--r\nContent-Type: text/plain; charset=utf-8\n"
		"\nSecond \xC3\xA9.\n--r\nContent-Type: message/rfc822\n\nSubject: orig\nFrom: o@example.org\n\nhi\n--r--\n";
	static const char one[] =
		"Content-Type: multipart/mixed; boundary=r\n\n--r\nContent-Type: text/plain; charset=us-ascii\n\n"
		"Only part.\n--r\nContent-Type: message/feedback-report\n\nFeedback-Type: abuse\n--r--\n";
	struct mail_view v;

	CHECK(view_build(cc, msg, sizeof(msg) - 1, &v) == 0, "referred parts build");
	CHECK_STR(v.body, "First part.\n\nSecond \xC3\xA9.", "two plain parts joined");
	CHECK_INT(v.body_len, strlen(v.body), "body length");
	CHECK_STR(v.dsn, "Reporting-MTA: dns; a.example\n\nFinal-Recipient: rfc822; x@example.org\nStatus: 5.1.1",
		  "dsn part exactly, ended by a NUL");
	CHECK_INT(v.dsn_len, strlen(v.dsn), "dsn length");
	CHECK_STR(hdr_get(&v.orig, "subject"), "orig", "orig headers after the NULs");
	CHECK_STR(hdr_get(&v.orig, "from"), "o@example.org", "orig headers intact");
	CHECK(v.orig_text && v.orig_len == 37 && v.orig_text[v.orig_len] == '\0' &&
		      strcmp(v.orig_text, "Subject: orig\nFrom: o@example.org\n\nhi") == 0,
	      "returned message referred to, ended by a NUL");
	view_free(&v);
	CHECK(view_build(cc, one, sizeof(one) - 1, &v) == 0, "one referred part builds");
	CHECK_STR(v.body, "Only part.", "one plain part, ended by a NUL");
	CHECK_INT(v.body_len, 10, "its length");
	CHECK_STR(v.feedback, "Feedback-Type: abuse", "feedback part, ended by a NUL");
	view_free(&v);
}

static void test_nul_and_empty(void)
{
	static const char msg[] = "Subject: a\0b\n\nbody\0with nul\n";
	struct mail_view v;

	CHECK(view_build(cc, msg, sizeof(msg) - 1, &v) == 0, "NUL bytes build");
	CHECK_STR(hdr_get(&v.head, "subject"), "a b", "NUL in a header becomes a space");
	CHECK_STR(v.body, "body with nul\n", "NUL in the body becomes a space");
	view_free(&v);
	CHECK(view_build(cc, "", 0, &v) == 0, "empty input builds");
	CHECK_STR(v.body, "", "empty body");
	CHECK_STR(v.content_type, "text/plain", "default content type");
	view_free(&v);
	CHECK(view_build(cc, "no headers at all", 17, &v) == 0, "headerless builds");
	CHECK_STR(v.body, "no headers at all", "headerless text is body");
	view_free(&v);
}

/* message/rfc822 nested ten deep; multipart nested past the depth cap. */
static void test_nesting(void)
{
	char *m = malloc(64 * 1024);
	size_t o = 0;
	struct mail_view v;

	o += (size_t)sprintf(m + o, "From: a@example.com\nContent-Type: multipart/mixed; boundary=b0\n\n");
	for (int i = 0; i < 10; i++) /* each level a message/rfc822 holding the next */
		o += (size_t)sprintf(m + o, "--b%d\nContent-Type: message/rfc822\n\nSubject: level %d\n"
					    "Content-Type: multipart/mixed; boundary=b%d\n\n",
				     i, i + 1, i + 1);
	o += (size_t)sprintf(m + o, "--b10\nContent-Type: text/plain\n\ndeep\n");
	CHECK(view_build(cc, m, o, &v) == 0, "ten nested message/rfc822 build");
	CHECK_STR(hdr_get(&v.orig, "subject"), "level 1", "the outermost returned message wins");
	view_free(&v);

	o = (size_t)sprintf(m, "Content-Type: multipart/mixed; boundary=m0\n\n");
	for (int i = 0; i < 30; i++)
		o += (size_t)sprintf(m + o, "--m%d\nContent-Type: multipart/mixed; boundary=m%d\n\n", i, i + 1);
	o += (size_t)sprintf(m + o, "--m30\nContent-Type: text/plain\n\ntoo deep\n");
	CHECK(view_build(cc, m, o, &v) == 0, "30 nested multiparts build");
	CHECK(v.truncated, "depth cap flagged");
	CHECK(strstr(v.body, "too deep") == NULL, "text below the cap is not read");
	view_free(&v);

	o = (size_t)sprintf(m, "Content-Type: multipart/mixed; boundary=p\n\n");
	for (int i = 0; i < PARSE_MAX_PARTS + 20 && o + 64 < 64 * 1024; i++)
		o += (size_t)sprintf(m + o, "--p\n\nx\n");
	CHECK(view_build(cc, m, o, &v) == 0, "many parts build");
	CHECK(v.truncated, "part cap flagged");
	view_free(&v);
	free(m);
}

static void test_long_header(void)
{
	size_t n = 1024 * 1024 + 64, o;
	char *m = malloc(n + 128);
	struct mail_view v;

	o = (size_t)sprintf(m, "Subject: ");
	memset(m + o, 'x', 1024 * 1024);
	o += 1024 * 1024;
	o += (size_t)sprintf(m + o, "\nX-After: yes\n\nbody\n");
	CHECK(view_build(cc, m, o, &v) == 0, "1 MB header line builds");
	CHECK(v.truncated, "long header flagged");
	/* the cap counts the blank after the colon, which trimming removes */
	CHECK_INT(strlen(hdr_get(&v.head, "subject")), HEADER_MAX_VALUE - 1, "value cut at the cap");
	CHECK_STR(hdr_get(&v.head, "x-after"), "yes", "headers after it still read");
	CHECK_STR(v.body, "body\n", "body still read");
	view_free(&v);

	/* folded: the cap counts the joined lines; the flag is set at build,
	 * though the value itself is only made when asked for */
	o = (size_t)sprintf(m, "X-Folded: a\n");
	for (int i = 0; i < 40; i++) {
		m[o++] = '\t';
		memset(m + o, 'y', 2000);
		o += 2000;
		m[o++] = '\n';
	}
	o += (size_t)sprintf(m + o, "X-After: yes\n\nbody\n");
	CHECK(view_build(cc, m, o, &v) == 0, "long folded header builds");
	CHECK(v.truncated, "long folded header flagged before its value is made");
	CHECK(v.head.h[0].value == NULL, "a value is made on first use only");
	CHECK_INT(strlen(hdr_get(&v.head, "x-folded")), HEADER_MAX_VALUE - 1,
		  "folded value cut at the cap");
	CHECK(v.head.h[0].value != NULL, "and kept once made");
	CHECK_STR(hdr_get(&v.head, "x-after"), "yes", "headers after it still read");
	view_free(&v);

	o = 0;
	for (int i = 0; i < HEADER_MAX_COUNT + 50; i++)
		o += (size_t)sprintf(m + o, "X-H%d: v\n", i);
	o += (size_t)sprintf(m + o, "\nbody\n");
	CHECK(view_build(cc, m, o, &v) == 0, "many headers build");
	CHECK_INT(v.head.n, HEADER_MAX_COUNT, "header count capped");
	CHECK(v.truncated, "header cap flagged");
	CHECK_STR(v.body, "body\n", "body after many headers");
	view_free(&v);
	free(m);
}

/* Names are found in any case, whatever their length: names from eight
 * bytes are compared eight bytes a step (header.c), shorter ones byte by
 * byte; a name one byte off, at either end, is another name. */
static void test_name_case(void)
{
	static const char m[] = "CONTENT-TRANSFER-ENCODING: 7bit\n"
				"X-Abcdefg: seven\n"
				"X-ABCDEFGH: eight\n"
				"x-abcdefghi: nine\n"
				"X-Abcdefghijklmnop: sixteen\n"
				"X-Abcdefghijklmnoq: sixteen-q\n"
				"Y-ABCDEFGHIJKLMNOP: y\n"
				"X-@[\\]^_AB: punct\n"
				"\nbody\n";
	struct mail_view v;

	CHECK(view_build(cc, m, sizeof(m) - 1, &v) == 0, "name case build");
	CHECK_STR(hdr_get(&v.head, "content-transfer-encoding"), "7bit", "long name, upper case");
	CHECK_STR(hdr_get(&v.head, "x-abcdefg"), "seven", "seven bytes");
	CHECK_STR(hdr_get(&v.head, "x-abcdefgh"), "eight", "eight bytes");
	CHECK_STR(hdr_get(&v.head, "x-abcdefghi"), "nine", "nine bytes");
	CHECK_STR(hdr_get(&v.head, "x-abcdefghijklmnop"), "sixteen", "sixteen bytes");
	CHECK_STR(hdr_get(&v.head, "x-abcdefghijklmnoq"), "sixteen-q", "last byte differs");
	CHECK_STR(hdr_get(&v.head, "y-abcdefghijklmnop"), "y", "first byte differs");
	CHECK(hdr_get(&v.head, "x-abcdefghijklmnor") == NULL, "no such name");
	CHECK_STR(hdr_get(&v.head, "x-@[\\]^_ab"), "punct", "punctuation is not folded");
	CHECK(hdr_get(&v.head, "x-`{|}~_ab") == NULL, "punctuation 0x20 apart is another byte");
	view_free(&v);
}

/* Random names of 1..40 bytes (letters of both cases, digits, '-' and
 * the punctuation 0x20 apart from letters or each other) looked up by
 * their lower-case form or one with a byte changed (to the byte 0x20
 * apart, or another): found exactly when every byte, 'A'..'Z' folded,
 * equals the asked one. Names are compared in blocks of four, eight or
 * sixteen bytes (header.c): every length and position is drawn. */
static void test_name_random(void)
{
	static const char pool[] = "aAbBkKzZyY09-_.@[\\]^`{|}~!";
	unsigned seed = 7;
	int bad = 0, found = 0;

	for (int round = 0; round < 3000; round++) {
		char m[128], lname[48];
		size_t len, o;
		struct mail_view v;
		bool want = true;
		const char *got;

		seed = seed * 1103515245u + 12345u;
		len = 1 + (seed >> 16) % 40;
		for (size_t i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			m[i] = pool[(seed >> 16) % (sizeof(pool) - 1)];
			lname[i] = (char)(m[i] >= 'A' && m[i] <= 'Z' ? m[i] + 32 : m[i]);
		}
		lname[len] = '\0';
		seed = seed * 1103515245u + 12345u;
		if ((seed >> 16) % 3 != 0) { /* one byte changed, kept lower-case */
			size_t at = (seed >> 18) % len;
			char c = (seed >> 24) & 1 ? (char)(lname[at] ^ 0x20) : pool[(seed >> 25) % (sizeof(pool) - 1)];

			if (c >= 'A' && c <= 'Z')
				c = (char)(c + 32);
			if (c > 32 && c < 127 && c != ':')
				lname[at] = c;
		}
		for (size_t i = 0; i < len; i++)
			if ((m[i] >= 'A' && m[i] <= 'Z' ? m[i] + 32 : m[i]) != lname[i])
				want = false;
		o = len;
		o += (size_t)sprintf(m + o, ": v\n\nbody\n");
		if (view_build(cc, m, o, &v) != 0) {
			bad++;
			continue;
		}
		got = hdr_get(&v.head, lname);
		if ((got != NULL) != want || (v.head.n == 1 && hdr_is(&v.head.h[0], lname) != want) ||
		    (hdr_next(&v.head, lname, 0) != 0) != want) {
			if (bad++ < 5)
				printf("#   name %.*s asked %s: want %d\n", (int)len, m, lname, want);
		}
		found += want;
		view_free(&v);
	}
	CHECK_INT(bad, 0, "random names: found exactly when equal but for case");
	CHECK(found > 500, "random names: many found (%d)", found);
}

/* A delimiter after 0..200 bytes of a part, with a line starting with a
 * single '-' before it: the delimiter search reads 64, 32 or one byte at
 * a time depending on where it is; every split is the same. */
static void test_delim_offsets(void)
{
	static const char head[] = "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n"
				   "--b\nContent-Type: text/plain\n\n";
	static const char tail[] = "\n-y\n--b\nContent-Type: message/delivery-status\n\n"
				   "Reporting-MTA: dns; a\n\n--b--\n";
	char m[sizeof(head) + 200 + sizeof(tail)], want[204];
	int bad = 0;

	for (size_t pad = 0; pad <= 200; pad++) {
		struct mail_view v;
		size_t o = sizeof(head) - 1;

		memcpy(m, head, o);
		memset(m + o, 'x', pad);
		memset(want, 'x', pad);
		memcpy(want + pad, "\n-y", 4);
		o += pad;
		memcpy(m + o, tail, sizeof(tail) - 1);
		o += sizeof(tail) - 1;
		if (view_build(cc, m, o, &v) != 0) {
			bad++;
			continue;
		}
		if (v.body_len != pad + 3 || memcmp(v.body, want, pad + 3) != 0 || !v.dsn ||
		    strcmp(v.dsn, "Reporting-MTA: dns; a\n") != 0)
			bad++;
		view_free(&v);
	}
	CHECK_INT(bad, 0, "delimiter found after every part length 0..200");
}

/* Lines that start with "--b" but are no delimiter, and ones that are:
 * the body each message gives (a line is read to its end only when it is
 * one: mime_delim()). */
static void test_delim_lines(void)
{
#define DL_HEAD "Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\n"
	static const struct {
		const char *msg, *body;
	} rows[] = {
		{DL_HEAD "one\n--b x\ntwo\n--b--\n", "one\n--b x\ntwo"},
		{DL_HEAD "one\n--bb\ntwo\n--b--\n", "one\n--bb\ntwo"},
		{DL_HEAD "one\n---b\ntwo\n--b--\n", "one\n---b\ntwo"},
		{DL_HEAD "one\n--b \t\nContent-Type: text/plain\n\ntwo\n--b--\n", "one\n\ntwo"},
		{DL_HEAD "one\n--b--junk\ntwo\n", "one"},
		{DL_HEAD "one\n--b-\ntwo\n--b--\n", "one\n--b-\ntwo"},
		{DL_HEAD "one\n--b", "one\n\n"}, /* an empty last part, joined */
		{DL_HEAD "one\n--b--", "one"},
		{DL_HEAD "one\n--", "one\n--"},
	};
#undef DL_HEAD

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct mail_view v;

		if (view_build(cc, rows[i].msg, strlen(rows[i].msg), &v) != 0) {
			CHECK(0, "row %zu builds", i);
			continue;
		}
		CHECK_STR(v.body, rows[i].body, "row %zu: body", i);
		view_free(&v);
	}
}

/* The first "--" line by hand. */
static size_t dashes_ref(const char *t, size_t pos, size_t len)
{
	for (size_t i = pos; i + 1 < len; i++)
		if ((i == pos || t[i - 1] == '\n') && t[i] == '-' && t[i + 1] == '-')
			return i;
	return len;
}

/* mime_next_dashes() with the SSE2 and the AVX2 step (this CPU having it)
 * against a plain search: random texts of LFs, dashes and letters up to
 * 300 bytes, searched from every line start. */
static void test_next_dashes(void)
{
	static const char pick[] = "\n\n---xab";
	char t[300];
	unsigned seed = 77;
	int bad = 0, total = 0;
	bool avx2 = simd_avx2();

	for (int round = 0; round < 3000; round++) {
		/* mostly letters, so that blocks without a candidate occur */
		size_t len = t_sparse_text(&seed, 'x', 8, pick, sizeof(pick) - 1, t, sizeof(t));

		for (size_t pos = 0; pos <= len; pos++) {
			size_t want;

			if (pos && t[pos - 1] != '\n')
				continue;
			want = dashes_ref(t, pos, len);
			total++;
			bad += mime_next_dashes(t, pos, len, false) != want;
			bad += avx2 && mime_next_dashes(t, pos, len, true) != want;
		}
	}
	CHECK_INT(bad, 0, "next \"--\" line as a plain search finds it, SSE2%s (%d searches)",
		  avx2 ? " and AVX2" : " only (no AVX2 in this CPU or build)", total);
}

/* Each media type the walk knows, a few near ones, and where each puts
 * the entity's text: the body ('b'), the dsn ('d'), the feedback report
 * ('f'), the returned message ('o'), a multipart's parts ('m': the text
 * of the part; 'g': a digest's part without a type is a message), or
 * nowhere ('-'). The type is found by a hash of it (mime.c): every name,
 * and names one byte off or shorter than any of them, go through it. */
static void test_kinds(void)
{
	static const struct {
		const char *type;
		char where;
	} rows[] = {
		{"text/plain", 'b'},
		{"Text/PLAIN", 'b'},
		{"text/html", 'b'},
		{"text/rfc822-headers", 'o'},
		{"text/rfc822-header", 'o'},
		{"message/global-headers", 'o'},
		{"message/rfc822-headers", 'o'},
		{"message/rfc822", 'o'},
		{"message/global", 'o'},
		{"message/partial", 'o'},
		{"message/delivery-status", 'd'},
		{"message/global-delivery-status", 'd'},
		{"text/delivery-status", 'd'},
		{"message/feedback-report", 'f'},
		{"multipart/digest", 'g'},
		{"multipart/mixed", 'm'},
		{"multipart/report", 'm'},
		{"multipart/", 'm'},
		{"multipart/alternative-with-a-long-subtype", 'm'},
		{"multipart/digests", 'm'},
		{"multipart/diges", 'm'},
		{"multipart", 'b'}, /* no "/": no type, so text */
		{"multipar/x", '-'},
		{"text/enriched", '-'},
		{"image/png", '-'},
		{"text/htm", '-'},
		{"text/plai", '-'},
		{"text/plainx", '-'},
		{"text/plaim", '-'},
		{"message/rfc822x", '-'},
		{"message/rfc82", '-'},
		{"message/global-delivery-statu", '-'},
		{"message/global-delivery-statusx", '-'},
		{"message/global-delivery-status-x", '-'},
		{"x", 'b'},
	};
	char m[512];

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct mail_view v;
		int n = snprintf(m, sizeof(m),
				 "Subject: s\nContent-Type: %s; boundary=b\n\n"
				 "--b\n\nSubject: inner\n\nhello\n--b--\n",
				 rows[i].type);
		char got;
		int rc = view_build(cc, m, (size_t)n, &v);

		CHECK(rc == 0, "row %zu (%s) builds", i, rows[i].type);
		if (rc != 0)
			continue;
		if (v.dsn)
			got = 'd';
		else if (v.feedback)
			got = 'f';
		else if (v.has_orig && hdr_get(&v.orig, "subject") &&
			 strcmp(hdr_get(&v.orig, "subject"), "inner") == 0)
			got = 'g';
		else if (v.has_orig)
			got = 'o';
		else if (v.body_len && strstr(v.body, "--b"))
			got = 'b';
		else if (v.body_len && strstr(v.body, "hello"))
			got = 'm';
		else
			got = v.body_len ? '?' : '-';
		CHECK(got == rows[i].where, "row %zu (%s): '%c', want '%c'", i, rows[i].type, got, rows[i].where);
		view_free(&v);
	}
}

/* Boundaries of every length to 120 bytes and a few to 200: a line that
 * differs from the delimiter in one byte (each in turn) stays in the part,
 * the delimiter ends it (mime.c compares them in words and 16-byte blocks,
 * the last one ending at the boundary's end). */
static void test_boundary_lengths(void)
{
	char b[MIME_MAX_BOUNDARY + 1], m[1024];
	int bad = 0, total = 0;

	for (size_t bl = 1; bl <= MIME_MAX_BOUNDARY; bl += bl < 120 ? 1 : 10) {
		for (size_t i = 0; i < bl; i++)
			b[i] = "abcdefghijklmnopqrstuvwxyz0123456789'()+_,-./:"[i % 46];
		b[bl] = '\0';
		for (size_t k = 0; k < bl; k++) {
			struct mail_view v;
			int n;

			n = snprintf(m, sizeof(m),
				     "Content-Type: multipart/mixed; boundary=\"%s\"\n\n--%s\n"
				     "Content-Type: text/plain\n\none\n--%.*s%c%s\ntwo\n--%s--\n",
				     b, b, (int)k, b, b[k] == 'z' ? 'y' : 'z', b + k + 1, b);
			total++;
			if (n <= 0 || (size_t)n >= sizeof(m) || view_build(cc, m, (size_t)n, &v) != 0) {
				bad++;
				continue;
			}
			if (!v.body || strncmp(v.body, "one\n--", 6) != 0 || v.body_len != 6 + bl + 4 ||
			    strcmp(v.body + 6 + bl, "\ntwo") != 0)
				bad++;
			view_free(&v);
		}
	}
	CHECK_INT(bad, 0, "a line one byte off the delimiter is text, for every place and length (%d)", total);
}

TEST_MAIN(cc_setup, test_report, test_line_ends, test_broken, test_dsn_no_blank, test_values_in_place, test_dsn_mislabelled, test_lost_content_type, test_glued, test_parts_referred, test_nul_and_empty, test_nesting,
	  test_long_header, test_name_case, test_name_random, test_delim_offsets, test_delim_lines,
	  test_next_dashes, test_kinds, test_boundary_lengths, cc_teardown)
