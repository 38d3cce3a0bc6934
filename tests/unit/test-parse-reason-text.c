/* test-parse-reason-text.c: the pattern table keeps the shape the scanner
 * relies on, the '*' matcher, and the status code helpers. */
#include "harness.h"

#include "parse/reason-text.h"
#include "parse/smtp-status.h"
#include "util/simd.h"

/* Each bucket holds the patterns of its first byte, sorted by bytes, with
 * two literal leading bytes and no upper case (the text is lower-cased). */
static void test_table_shape(void)
{
	size_t total = 0, bad_bucket = 0, bad_order = 0, bad_head = 0, bad_case = 0, bad_reason = 0, bad_start = 0,
	       bad_blank = 0;

	for (int c = 0; c < 256; c++) {
		size_t n;
		const struct reason_text_row *rows = reason_text_bucket((unsigned char)c, &n);
		for (size_t i = 0; i < n; i++) {
			const char *p = rows[i].pattern;
			total++;
			if ((unsigned char)p[0] != c)
				bad_bucket++;
			/* the scanner only tries word bytes and these (reason-text.h) */
			if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
			      (c && strchr(REASON_TEXT_STARTERS, c))))
				bad_start++;
			if (i > 0 && strcmp(rows[i - 1].pattern, p) > 0) {
				bad_order++;
				printf("# out of order: \"%s\" before \"%s\"\n", rows[i - 1].pattern, p);
			}
			if (!p[0] || !p[1] || p[0] == '*' || p[1] == '*')
				bad_head++;
			/* a blank is only tried before a word that may go on with it */
			if (c == ' ' && !reason_text_blank_may((unsigned char)p[1]))
				bad_blank++;
			for (const char *q = p; *q; q++)
				bad_case += (*q >= 'A' && *q <= 'Z');
			if (rows[i].reason > REASON_TEXT_NOT_REJECTED || rows[i].reason == REASON_UNDEFINED)
				bad_reason++;
		}
	}
	CHECK(total > 700, "table has %zu patterns", total);
	CHECK_INT(bad_bucket, 0, "patterns sit in the bucket of their first byte");
	CHECK_INT(bad_start, 0, "patterns begin with a word byte or one of REASON_TEXT_STARTERS");
	CHECK_INT(bad_order, 0, "buckets are sorted by bytes");
	CHECK_INT(bad_head, 0, "patterns begin with two literal bytes");
	CHECK_INT(bad_blank, 0, "patterns that begin with a blank go on with a letter of REASON_TEXT_BLANK_NEXT");
	CHECK_INT(bad_case, 0, "patterns are lower case");
	CHECK_INT(bad_reason, 0, "rows name a real reason");
}

static void test_match_at(void)
{
	static const struct {
		const char *text, *pattern;
		bool want;
	} m[] = {
		{"user unknown here", "user unknown", true},
		{"user unknow", "user unknown", false},
		{"ip 192.0.2.1 is blocked by x", "ip *.*.*.* is blocked by", true},
		{"ip 192.0.2 is blocked by x", "ip *.*.*.* is blocked by", false},
		{"user a b does not exist", "user * does not exist", false}, /* '*' never spans blanks */
		{"user ab does not exist", "user * does not exist", true},
		{"user  does not exist", "user * does not exist", false},    /* one or more bytes */
		{"rcpt <a@b> does not exist", "rcpt <*> does not exist", true},
		{"x", "x*", false},
		{"xy", "x*", true},
	};

	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		CHECK(reason_text_match_at(m[i].text, strlen(m[i].text), m[i].pattern) == m[i].want,
		      "match \"%s\" ~ \"%s\" is %d", m[i].text, m[i].pattern, m[i].want);
	/* a text made to make the wildcards backtrack ends quickly */
	static char dots[2048];
	memset(dots, '.', sizeof(dots) - 1);
	memcpy(dots, "ip ", 3);
	CHECK(!reason_text_match_at(dots, strlen(dots), "ip *.*.*.* is blocked by"),
	      "backtracking is bounded");
	/* bounded: the pattern runs past the end of the given length */
	CHECK(!reason_text_match_at("mailbox full", 7, "mailbox full"), "match stops at len");
}

static void test_scan(void)
{
	struct reason_text_hits h;
	const char *t = "550 5.1.1 <a@b>: recipient address rejected: user unknown in local "
			"recipient table; mailbox full";

	reason_text_scan(t, strlen(t), &h);
	CHECK(reason_text_has(&h, REASON_USERUNKNOWN), "scan finds userunknown");
	CHECK(reason_text_has(&h, REASON_MAILBOXFULL), "scan finds mailboxfull too");
	CHECK(!reason_text_has(&h, REASON_VIRUSDETECTED), "scan finds nothing else");
	CHECK_STR(h.pattern[REASON_MAILBOXFULL], "mailbox full", "scan keeps the pattern");
	t = "superuser unknown";
	reason_text_scan(t, strlen(t), &h);
	CHECK(!reason_text_has(&h, REASON_USERUNKNOWN), "patterns start at a word boundary");
	reason_text_scan("", 0, &h);
	CHECK(h.mask == 0, "empty text matches nothing");
}

/* smtp_status_check() against smtp_status_valid() and smtp_status_reason()
 * asked apart: every row, and random strings of digits and dots (parts of
 * one to four digits, leading zeros, classes of more than one digit) */
static void test_status_check(void)
{
	static const char pick[] = "0123455..";
	unsigned seed = 2718;
	int same = 0, total = 0, valid = 0;
	enum reason r, want;
	const char *code;
	char s[12];

	for (size_t i = 0; (code = smtp_status_row(i, &want)) != NULL; i++) {
		total++;
		same += smtp_status_check(code, &r) && r == want;
	}
	for (int round = 0; round < 300000; round++) {
		size_t n;

		seed = seed * 1103515245u + 12345u;
		n = (seed >> 16) % (sizeof(s) - 1);
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			s[i] = pick[(seed >> 16) % (sizeof(pick) - 1)];
		}
		s[n] = '\0';
		if (n > 0 && (seed >> 8) % 2)
			s[0] = "245"[(seed >> 9) % 3];
		total++;
		valid += smtp_status_valid(s);
		same += smtp_status_check(s, &r) == smtp_status_valid(s) && r == smtp_status_reason(s);
	}
	CHECK(same == total && valid > 5000, "status check as valid + reason (%d of %d, %d valid)", same, total,
	      valid);
}

static void test_status(void)
{
	static const struct {
		const char *text, *want;
	} f[] = {
		{"550 5.1.1 <a@b>... User unknown", "5.1.1"},
		{"Sorry (#5.4.4)", "5.4.4"},
		{"550-5.7.26 Unauthenticated", "5.7.26"},
		{"host 5.1.1.10 said no", ""},     /* IPv4 address */
		{"client 10.5.1.1 said no", ""},   /* IPv4 address */
		{"version 5.1.10.2", ""},
		{"550 5.7.509 Access denied", "5.7.509"},
		{"no code here", ""},
		{"4.2.2", "4.2.2"},
	};
	char out[16];

	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		if (!smtp_status_find(f[i].text, strlen(f[i].text), out, sizeof(out)))
			out[0] = '\0';
		CHECK_STR(out, f[i].want, "status in \"%s\"", f[i].text);
	}
	CHECK_STR(reason_name(smtp_status_reason("5.1.1")), "userunknown", "5.1.1");
	CHECK_STR(reason_name(smtp_status_reason("5.2.2")), "mailboxfull", "5.2.2");
	CHECK_STR(reason_name(smtp_status_reason("4.4.7")), "expired", "4.4.7");
	CHECK_STR(reason_name(smtp_status_reason("5.7.26")), "authfailure", "5.7.26");
	CHECK_STR(reason_name(smtp_status_reason("5.7.25")), "requireptr", "5.7.25");
	CHECK_STR(reason_name(smtp_status_reason("5.0.911")), "undefined", "made-up 5.0.911");
	CHECK_STR(reason_name(smtp_status_reason("5.1")), "undefined", "malformed");
	CHECK_STR(reason_name(smtp_status_reason("5.1.01")), "undefined", "leading zero: not 5.1.1");
	CHECK_STR(reason_name(smtp_status_reason("5.01.1")), "undefined", "leading zero: not 5.1.1");
	CHECK_STR(reason_name(smtp_status_reason("5.1.10")), "notaccept", "5.1.10 after 5.1.9");
	CHECK_STR(reason_name(smtp_status_reason("4.7.999")), "undefined", "4.7.999");
	/* smtp_status_reason() bisects the table: it must be in the order of
	 * the codes' numbers (5.1.9 before 5.1.10), and every row found */
	{
		const char *prev = NULL, *code;
		enum reason want;
		size_t unsorted = 0, lost = 0, i;

		for (i = 0; (code = smtp_status_row(i, &want)) != NULL; i++) {
			unsigned a[3] = {0}, b[3] = {0};

			if (prev && sscanf(prev, "%u.%u.%u", &a[0], &a[1], &a[2]) == 3 &&
			    sscanf(code, "%u.%u.%u", &b[0], &b[1], &b[2]) == 3 &&
			    !(a[0] < b[0] || (a[0] == b[0] && (a[1] < b[1] || (a[1] == b[1] && a[2] < b[2])))))
				unsorted++;
			if (smtp_status_reason(code) != want)
				lost++;
			prev = code;
		}
		CHECK(i > 100 && unsorted == 0, "status table in number order (%zu rows, %zu out of order)", i,
		      unsorted);
		CHECK(lost == 0, "every status row found by its code (%zu lost)", lost);
	}
	CHECK_STR(reason_name(smtp_status_reason(NULL)), "undefined", "NULL");
	CHECK(smtp_status_valid("5.7.509") && !smtp_status_valid("5.7.5090") &&
		      !smtp_status_valid("3.1.1") && !smtp_status_valid("5..1"),
	      "status syntax");
}

/* The AVX2 scan (32 bytes a step, bytes classed by table lookups) finds
 * what the SSE2 one finds, with the same patterns: texts of patterns, of
 * bytes at the edges of each class ('/' '0' '9' ':' '`' 'a' 'z' '{', the
 * blank and the letters after it, bytes from 128) and of blanks, of every
 * length from 0 to 300, so that each place falls at each offset of a
 * block and of the last bytes. */
static void test_scan_simd_levels(void)
{
	static const char edge[] = " #/:>*.-0129@AZ`ahistoprz{\t\x7f\x80\xe9\xff";
	const struct reason_text_row *all[1024];
	size_t nall = 0, differ = 0, texts = 0, found = 0;
	unsigned seed = 4242;

	if (!simd_avx2()) {
		CHECK(1, "no AVX2 here: nothing to compare");
		return;
	}
	for (int c = 0; c < 256; c++) {
		size_t n;
		const struct reason_text_row *rows = reason_text_bucket((unsigned char)c, &n);

		for (size_t i = 0; i < n && nall < 1024; i++)
			all[nall++] = &rows[i];
	}
	for (int round = 0; round < 6000; round++) {
		char t[400];
		size_t want_len = (size_t)round % 301, n = 0;

		while (n < want_len) {
			seed = seed * 1103515245u + 12345u;
			if ((seed >> 16) % 3 == 0) { /* a pattern, its '*' a word */
				const char *p = all[(seed >> 4) % nall]->pattern;

				for (; *p && n < want_len; p++)
					t[n++] = *p == '*' ? 'x' : *p;
			} else if ((seed >> 16) % 3 == 1) {
				t[n++] = edge[(seed >> 20) % (sizeof(edge) - 1)];
			} else {
				t[n++] = ' ';
			}
		}
		t[n] = '\0';
		{
			struct reason_text_hits a, b;
			bool same;

			reason_text_scan_v(t, n, &a, true);
			reason_text_scan_v(t, n, &b, false);
			same = a.mask == b.mask;
			for (unsigned r = 0; same && r <= REASON_COUNT; r++)
				if (reason_text_has(&a, r) && a.pattern[r] != b.pattern[r])
					same = false;
			differ += !same;
			found += a.mask != 0;
			texts++;
		}
	}
	CHECK(differ == 0 && found > 3000, "AVX2 and SSE2 scans agree (%zu of %zu texts differ, %zu with a reason)",
	      differ, texts, found);
}

TEST_MAIN(test_table_shape, test_match_at, test_scan, test_scan_simd_levels, test_status, test_status_check)
