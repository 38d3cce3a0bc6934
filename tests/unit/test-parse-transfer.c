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

/* The copying form gives the in-place form's bytes: line ends and NULs at
 * every offset of a 16-byte block and across blocks. */
static void test_copy_normalised(void)
{
	static const char *const bits[] = {"\r\n", "\r", "\r\r\n", "\r\r", "\n", "\0"};
	char src[80], in_place[81], dst[81];
	int same = 0, total = 0;

	for (size_t b = 0; b < sizeof(bits) / sizeof(bits[0]); b++)
		for (size_t at = 0; at < 40; at++)
			for (size_t len = at + 3; len <= sizeof(src); len += 37) {
				size_t bl = b == 5 ? 1 : strlen(bits[b]), n = len, got;

				for (size_t i = 0; i < len; i++)
					src[i] = (char)('a' + i % 26);
				memcpy(src + at, bits[b], bl);
				if (len > at + 20) /* and a second one further on */
					memcpy(src + at + 17, bits[(b + 1) % 6], b + 1 == 5 ? 1 : strlen(bits[(b + 1) % 6]));
				memcpy(in_place, src, len);
				mime_text_normalise(in_place, &n);
				got = mime_text_copy_normalised(dst, src, len);
				total++;
				same += got == n && memcmp(dst, in_place, n) == 0 && dst[got] == '\0';
			}
	CHECK_INT(same, total, "copy-normalised equals normalised in place (%d cases)", total);
	CHECK_INT(mime_text_copy_normalised(dst, "", 0), 0, "empty text");
	CHECK_STR(dst, "", "empty text is a C string");
}

TEST_MAIN(test_base64, test_qp, test_decode_dispatch, test_normalise, test_copy_normalised)
