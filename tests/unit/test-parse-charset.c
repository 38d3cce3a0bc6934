/* test-parse-charset.c: the labels under which charset.c copies text as
 * it is (charset_copies_ascii(), charset_copies()), spelt out instead of
 * strcasecmp(): the same answers as strcasecmp() gives. */
#include <strings.h>

#include "harness.h"
#include "parse/mime.h"

/* The label test as it was: strcasecmp(). */
static bool ref_label_utf8(const char *c)
{
	return !c || !*c || strcasecmp(c, "utf-8") == 0 || strcasecmp(c, "us-ascii") == 0;
}

static void test_labels(void)
{
	static const struct {
		const char *label;
		bool copies;
	} rows[] = {
		{NULL, true},         {"", true},          {"utf-8", true},      {"UTF-8", true},
		{"uTf-8", true},      {"us-ascii", true},  {"US-ASCII", true},   {"Us-AsCiI", true},
		{"utf8", false},      {"utf-80", false},   {"utf-", false},      {"u", false},
		{"us-asci", false},   {"us-ascii ", false}, {"us_ascii", false}, {"usascii", false},
		{"utf-7", false},     {"iso-8859-1", false}, {"ascii", false},   {"uft-8", false},
		{"\xD5TF-8", false},  {"u\xF4" "f-8", false}, {"UTF\xAD" "8", false}, {"us-ascii\x01", false},
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const char *l = rows[i].label;
		char in64[64]; /* as header_ctype.charset: it reads nine bytes */

		memset(in64, 'i', sizeof(in64)); /* not NULs after the label */
		if (l)
			snprintf(in64, sizeof(in64), "%s", l);
		CHECK(charset_copies_ascii(l ? in64 : NULL) == rows[i].copies, "row %zu \"%s\": copies ASCII text as it is: %d", i,
		      l ? l : "(null)", rows[i].copies);
		CHECK(ref_label_utf8(l) == rows[i].copies, "row %zu: as strcasecmp() says", i);
		/* valid UTF-8 that is not ASCII: copied under these labels only */
		CHECK(charset_copies(l, "caf\xC3\xA9", 5) == rows[i].copies, "row %zu: UTF-8 text copied: %d", i,
		      rows[i].copies);
	}
}

/* Every label of up to three bytes from a small alphabet, and every
 * one-byte change of the two names (a NUL included, the name's other
 * bytes after it): the same answer as strcasecmp(). */
static void test_labels_near(void)
{
	static const char names[][9] = {"utf-8", "us-ascii"};
	static const char pick[] = "uUtTfF-8sSaAcCiI7\x80\xF5 ";
	char l[64]; /* as header_ctype.charset: charset_copies_ascii() reads nine bytes */
	int bad = 0, total = 0;

	memset(l, 'i', sizeof(l)); /* not NULs after the label */
	for (size_t a = 0; a < sizeof(pick); a++)
		for (size_t b = 0; b < sizeof(pick); b++)
			for (size_t c = 0; c < sizeof(pick); c++) {
				l[0] = pick[a], l[1] = pick[b], l[2] = pick[c], l[3] = '\0';
				total++;
				bad += charset_copies_ascii(l) != ref_label_utf8(l);
			}
	for (size_t k = 0; k < 2; k++) {
		size_t n = strlen(names[k]);

		for (size_t at = 0; at <= n; at++)
			for (unsigned v = 0; v < 256; v++) {
				memcpy(l, names[k], n + 1);
				l[at] = (char)v;
				if (at == n)
					l[n + 1] = '\0';
				total++;
				bad += charset_copies_ascii(l) != ref_label_utf8(l);
			}
	}
	CHECK_INT(bad, 0, "labels as strcasecmp() finds them (%d labels)", total);
}

TEST_MAIN(test_labels, test_labels_near)
