/* test-report-format.c: the cell writers under every report (no store):
 * CSV cleaning, quoting and formula guard, HTML and JSON escaping, dates,
 * the language tables. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report-private.h"
#include "tests/unit/harness.h"

/* Run fn(out, arg) into a memory stream and return what it wrote (static). */
static const char *capture(void (*fn)(FILE *, const void *), const void *arg)
{
	static char buf[8192];
	FILE *f;

	memset(buf, 0, sizeof(buf));
	f = fmemopen(buf, sizeof(buf) - 1, "w");

	if (!f)
		return "(fmemopen failed)";
	fn(f, arg);
	fclose(f);
	return buf;
}

static void put_text(FILE *f, const void *s)
{
	csv_write_text(f, s, REPORT_DIAG_MAX);
}
static void put_raw(FILE *f, const void *s)
{
	csv_write_raw(f, s);
}
static void put_html(FILE *f, const void *s)
{
	html_puts(f, s);
}
static void put_html_max10(FILE *f, const void *s)
{
	html_puts_max(f, s, 10);
}
static void put_json(FILE *f, const void *s)
{
	json_write_string(f, s);
}

static void test_csv_cells(void)
{
	static const struct {
		const char *in, *want;
	} rows[] = {
		{"plain", "plain"},
		{"", ""},
		{"a,b", "\"a,b\""},
		{"say \"hi\"", "\"say \"\"hi\"\"\""},
		{"two\r\nlines", "two lines"},
		{"  padded\t ", "padded"},
		{"=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""},
		{"+1", "'+1"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=1", "'=1"},
		{"\r=1", "'=1"},
		{"550 5.1.1 <a@b> user unknown", "550 5.1.1 <a@b> user unknown"},
		{"日本語のエラー", "日本語のエラー"},
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		CHECK_STR(capture(put_text, rows[i].in), rows[i].want, "csv text row %zu", i);
	CHECK_STR(capture(put_raw, "Email Address"), "Email Address", "raw header kept");
	CHECK_STR(capture(put_raw, " x"), "\" x\"", "leading blank quoted");
}

static void test_csv_bounds(void)
{
	char long_in[2000], out[64];

	memset(long_in, 'x', sizeof(long_in) - 1);
	long_in[sizeof(long_in) - 1] = '\0';
	CHECK_INT(strlen(capture(put_text, long_in)), REPORT_DIAG_MAX, "diagnostic bounded");
	/* a cut never leaves half a UTF-8 character: "ああ" is 6 bytes */
	csv_clean(out, 6, "ああ");
	CHECK_STR(out, "あ", "cut at a character boundary");
	csv_clean(out, 4, "ab\xC3\xA9z");
	CHECK_STR(out, "ab", "two-byte sequence not split");
	csv_clean(out, sizeof(out), "bad\xFF\xC3 end");
	CHECK_STR(out, "bad\xEF\xBF\xBD\xEF\xBF\xBD end", "invalid UTF-8 replaced");
	CHECK(csv_needs_guard("=1") && csv_needs_guard("-x@y") && !csv_needs_guard("x=1") &&
		      !csv_needs_guard(""),
	      "guard only on the first byte");
}

static void test_html_escape(void)
{
	static const struct {
		const char *in, *want;
	} rows[] = {
		{"<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
		{"a&b \"q\" 'p'", "a&amp;b &quot;q&quot; &#39;p&#39;"},
		{"bell\x07!", "bell !"},
		{"bad\xFF byte", "bad\xEF\xBF\xBD byte"},
		{"\xC0\xAF", "\xEF\xBF\xBD\xEF\xBF\xBD"}, /* overlong '/' */
		{"日本", "日本"},
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		CHECK_STR(capture(put_html, rows[i].in), rows[i].want, "html row %zu", i);
	CHECK_STR(capture(put_html_max10, "0123456789abc"), "0123456789\xE2\x80\xA6", "html cut");
	CHECK_STR(capture(put_html_max10, "aaaa日本語"), "aaaa日本\xE2\x80\xA6",
		  "html cut at a character");
}

static void test_json(void)
{
	CHECK_STR(capture(put_json, "a\"b\\c\nd\x01"), "\"a\\\"b\\\\c\\nd\\u0001\"", "json escapes");
	CHECK_STR(capture(put_json, "日\xFF"), "\"日\xEF\xBF\xBD\"", "json: invalid UTF-8 replaced");
}

static void test_dates(void)
{
	char buf[TIMEFMT_MAX];

	timefmt_iso(1700000000, buf, sizeof(buf));
	CHECK_STR(buf, "2023-11-14T22:13:20Z", "iso 8601 utc");
	timefmt_day(1700000000, buf, sizeof(buf));
	CHECK_STR(buf, "2023-11-14", "day");
	timefmt_iso(0, buf, sizeof(buf));
	CHECK_STR(buf, "", "no date is empty");
	CHECK_INT(timefmt_midnight(1700000000), 1699920000, "midnight utc");
}

static void test_date_parse(void)
{
	static const struct {
		const char *in;
		bool ok;
		time_t want;
	} rows[] = {
		{"2023-11-14", true, 1699920000},
		{"2023-11-14T22:13:20Z", true, 1700000000},
		{"2023-11-14 22:13", true, 1699999980},
		{"2023-02-31", false, 0},
		{"2023-11-14x", false, 0},
		{"yesterday", false, 0},
		{"", false, 0},
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		time_t t = 0;
		bool ok = report_date_parse(rows[i].in, &t);

		CHECK(ok == rows[i].ok && (!ok || t == rows[i].want), "date row %zu (%s): %d %lld", i,
		      rows[i].in, ok, (long long)t);
	}
}

static void test_i18n(void)
{
	int missing = 0;

	for (int l = 0; l < LANG_COUNT; l++)
		for (int m = 0; m < I18N_COUNT; m++)
			if (!i18n((enum lang)l, (enum i18n_msg)m)[0])
				missing++;
	CHECK_INT(missing, 0, "every message has a text in every language");
	CHECK_INT(i18n_lang("ja"), LANG_JA, "ja");
	CHECK_INT(i18n_lang("xx"), LANG_EN, "unknown language is English");
	CHECK_INT(i18n_lang(NULL), LANG_EN, "no language is English");
	CHECK(strcmp(i18n(LANG_JA, I18N_TITLE), i18n(LANG_EN, I18N_TITLE)) != 0, "ja differs");
}

static void test_names(void)
{
	enum export_profile p;
	enum export_format f;

	for (int i = 0; i < EXPORT_PROFILE_COUNT; i++)
		CHECK(export_profile_from_name(export_profile_name((enum export_profile)i), &p) &&
			      p == (enum export_profile)i,
		      "profile %d round trip", i);
	CHECK(!export_profile_from_name("excel", &p), "unknown profile refused");
	CHECK(export_format_from_name("json", &f) && f == EXPORT_JSON, "json format");
	CHECK(!export_format_from_name("xml", &f), "unknown format refused");
}

static void test_category(void)
{
	static const struct {
		const char *reason, *code;
		bool complaint, manual;
		const char *want;
	} rows[] = {
		{"userunknown", "550", false, false, "hard"},
		{"mailboxfull", "452", false, false, "soft"},
		{"notaccept", "450", false, false, "soft"},
		{"feedback", "", false, false, "complaint"},
		{"userunknown", "550", true, false, "complaint"},
		{"manual", "", false, true, "manual"},
		{"nonsense", "", false, false, "soft"},
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct address_row r;

		memset(&r, 0, sizeof(r));
		snprintf(r.reason, sizeof(r.reason), "%s", rows[i].reason);
		snprintf(r.last_replycode, sizeof(r.last_replycode), "%s", rows[i].code);
		r.complaint = rows[i].complaint;
		r.manual = rows[i].manual;
		CHECK_STR(report_category(&r), rows[i].want, "category row %zu", i);
	}
}

/* Random bytes through every writer: never markup, never a control byte,
 * always valid UTF-8, always within bounds. Fixed seed: reproducible. */
static bool valid_utf8(const char *s)
{
	size_t n = strlen(s);

	while (n > 0) {
		size_t len = utf8_seq_len((const unsigned char *)s, n);

		if (len == 0)
			return false;
		s += len, n -= len;
	}
	return true;
}

static void test_random_bytes(void)
{
	unsigned seed = 12345;
	int bad_html = 0, bad_csv = 0, bad_json = 0;

	for (int round = 0; round < 2000; round++) {
		char in[200], clean[64];
		const char *o;
		int n = (int)((seed = seed * 1103515245u + 12345u) >> 16) % (int)(sizeof(in) - 1);

		for (int i = 0; i < n; i++) {
			unsigned char c = (unsigned char)((seed = seed * 1103515245u + 12345u) >> 16);

			in[i] = c ? (char)c : 'x'; /* no NUL inside */
		}
		in[n] = '\0';
		o = capture(put_html, in);
		bad_html += strpbrk(o, "<>\"'") != NULL || !valid_utf8(o);
		csv_clean(clean, sizeof(clean), in);
		bad_csv += strlen(clean) >= sizeof(clean) || !valid_utf8(clean) ||
			   strpbrk(clean, "\r\n\t") != NULL;
		o = capture(put_json, in);
		bad_json += !valid_utf8(o);
	}
	CHECK_INT(bad_html, 0, "random bytes: HTML never has markup, always UTF-8");
	CHECK_INT(bad_csv, 0, "random bytes: CSV cell one line, bounded, UTF-8");
	CHECK_INT(bad_json, 0, "random bytes: JSON always UTF-8");
}

TEST_MAIN(test_csv_cells, test_csv_bounds, test_html_escape, test_json, test_dates, test_date_parse, test_i18n,
	  test_names, test_category, test_random_bytes)
