/* test-parse-transfer.c: base64 and quoted-printable, including garbage. */
#include "harness.h"
#include "parse/mime.h"

static void check_b64(const char *in, const char *want, const char *name)
{
	struct mime_buf b = {0};

	transfer_base64(in, strlen(in), &b);
	CHECK_STR(b.p ? b.p : "", want, "base64 %s", name);
	mime_buf_free(&b);
}

static void check_qp(const char *in, const char *want, const char *name)
{
	struct mime_buf b = {0};

	transfer_qp(in, strlen(in), &b);
	CHECK_STR(b.p ? b.p : "", want, "qp %s", name);
	mime_buf_free(&b);
}

static void test_base64(void)
{
	static const struct {
		const char *in, *want, *name;
	} rows[] = {
		{"SGVsbG8sIHdvcmxk", "Hello, world", "plain"},
		{"SGVs\nbG8s\r\nIHdv cmxk", "Hello, world", "line breaks and blanks"},
		{"SGVsbG8=", "Hello", "padding"},
		{"SGVsbG8", "Hello", "missing padding"},
		{"SG!!Vs*bG8=", "Hello", "garbage characters skipped"},
		{"SGk=SGk=", "HiHi", "padding in the middle"},
		{"", "", "empty"},
		{"====", "", "only padding"},
		{"A", "", "a lone sextet"},
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		check_b64(rows[i].in, rows[i].want, rows[i].name);
}

static void test_qp(void)
{
	static const struct {
		const char *in, *want, *name;
	} rows[] = {
		{"M=C3=A4rz", "M\xC3\xA4rz", "hex escapes"},
		{"M=c3=a4rz", "M\xC3\xA4rz", "lower-case hex"},
		{"long =\nline", "long line", "soft line break"},
		{"long =  \nline", "long line", "soft break with trailing blanks"},
		{"a = b", "a = b", "stray equals kept"},
		{"100%=", "100%", "equals at the very end"},
		{"=ZZ", "=ZZ", "invalid hex kept"},
		{"=4", "=4", "truncated escape kept"},
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		check_qp(rows[i].in, rows[i].want, rows[i].name);
}

static void test_decode_dispatch(void)
{
	struct mime_buf b = {0};

	transfer_decode("BASE64", "SGk=", 4, &b);
	CHECK_STR(b.p, "Hi", "CTE names are case-insensitive");
	mime_buf_free(&b);
	transfer_decode("8bit", "SGk=", 4, &b);
	CHECK_STR(b.p, "SGk=", "other CTEs pass through");
	mime_buf_free(&b);
	transfer_decode(NULL, "x", 1, &b);
	CHECK_STR(b.p, "x", "no CTE passes through");
	mime_buf_free(&b);
}

static void test_normalise(void)
{
	char t[] = "a\r\r\nb\r\rc";
	size_t tn = sizeof(t) - 1;

	mime_text_normalise(t, &tn);
	CHECK(tn == 6 && memcmp(t, "a\nb\n\nc", 6) == 0, "CR CR LF is one line end, lone CRs are each one");
	{ /* a file of nothing but CRs (t-hostile.sh only-crs.eml): one pass */
		size_t big = 4 * 1024 * 1024, bn = big, nl = 0;
		char *crs = malloc(big);

		if (crs) {
			memset(crs, '\r', big);
			mime_text_normalise(crs, &bn);
			for (size_t i = 0; i < bn; i++)
				nl += crs[i] == '\n';
			CHECK(bn == big && nl == big, "4 MB of CRs become as many LFs");
			free(crs);
		}
	}

	char s[] = "a\r\nb\rc\n\r\nd\0e";
	size_t n = sizeof(s) - 1;

	mime_text_normalise(s, &n);
	CHECK_INT(n, 10, "normalised length");
	CHECK(memcmp(s, "a\nb\nc\n\nd e", 10) == 0, "CRLF and CR become LF, NUL a space");
}

TEST_MAIN(test_base64, test_qp, test_decode_dispatch, test_normalise)
