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
		CHECK(charset_copies_ascii_bytes(l) == rows[i].copies, "row %zu: the byte-wise form (big-endian) too", i);
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

/* UTF-8 as charset_is_utf8() has it: every lead byte (C2..F4) followed by
 * its continuation bytes, no other 8-bit byte; byte by byte. */
static bool ref_is_utf8(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n;) {
		size_t k = p[i] < 0x80 ? 0 : p[i] >= 0xC2 && p[i] <= 0xDF ? 1 : p[i] >= 0xE0 && p[i] <= 0xEF ? 2
			 : p[i] >= 0xF0 && p[i] <= 0xF4 ? 3 : 9;

		if (k == 9 || (k && i + k >= n))
			return false;
		for (size_t j = 1; j <= k; j++)
			if ((p[i + j] & 0xC0) != 0x80)
				return false;
		i += k + 1;
	}
	return true;
}

/* Texts of ASCII words and characters of one to four bytes, a few broken
 * (a byte missing, changed, or cut by the end), of every length to 300:
 * characters across every place of the 64-byte blocks charset.c checks
 * at once. The same answer as the byte-wise reference. */
static void test_is_utf8(void)
{
	static const char *const tok[] = {"a", "word ", "\n", "\xC3\xA9", "\xE3\x81\x82", "\xF0\x9F\x98\x80",
					  "\xC2\x80", "\xDF\xBF", "\xE0\x80\x80", "\xF4\x8F\xBF\xBF", "\xED\xA0\x80",
					  "\xC3", "\xE3\x81", "\x80", "\xBF", "\xC0\x80", "\xC1\xBF", "\xF5\x80\x80\x80",
					  "\xFF", "\xF0\x9F\x98", "\xE3\x41\x82"};
	unsigned seed = 11;
	int bad = 0, total = 0, valid = 0;

	for (int round = 0; round < 20000; round++) {
		char in[400];
		size_t n;

		seed = seed * 1103515245u + 12345u;
		/* mostly valid: the broken tokens (from "\xC3" on) are rare */
		n = t_random_tokens(&seed, tok, (seed >> 16) % 4 ? 11 : sizeof(tok) / sizeof(tok[0]), 120, in,
				    sizeof(in));
		n = n > 300 ? 300 - (size_t)round % 40 : n;
		total++;
		valid += ref_is_utf8((const unsigned char *)in, n);
		bad += charset_is_utf8(in, n) != ref_is_utf8((const unsigned char *)in, n);
	}
	CHECK_INT(bad, 0, "UTF-8 as the byte-wise reference says (%d texts, %d valid)", total, valid);
}

TEST_MAIN(test_labels, test_labels_near, test_is_utf8)
