/* test-parse-rfc2047.c: encoded words, charsets and raw 8-bit headers. */
#include <errno.h>
#include <iconv.h>

#include "harness.h"
#include "test-parse-cc.h"
#include "parse/mime.h"
#include "util/simd.h"


static void check_dec(const char *in, const char *want, const char *name)
{
	struct mime_buf b = {0};

	rfc2047_decode(cc, in, strlen(in), &b);
	CHECK_STR(b.p ? b.p : "", want, "rfc2047 %s", name);
	mime_buf_free(&b);
}

static void test_words(void)
{
	static const struct {
		const char *in, *want, *name;
	} rows[] = {
		{"plain text", "plain text", "no encoded word"},
		{"=?UTF-8?Q?M=C3=A4rz_news?=", "M\xC3\xA4rz news", "Q word"},
		{"=?utf-8?b?R3LDvMOfZQ==?=", "Gr\xC3\xBC\xC3\x9F" "e", "B word"},
		{"Re: =?UTF-8?Q?a?= =?UTF-8?Q?b?= end", "Re: ab end", "blank between words dropped"},
		{"=?UTF-8?B?R3LD?= =?UTF-8?B?vMOfZQ==?=", "Gr\xC3\xBC\xC3\x9F" "e",
		 "UTF-8 character split across two words"},
		/* 自動応答 in ISO-2022-JP, split inside the escape sequence */
		{"=?ISO-2022-JP?B?GyQ=?= =?ISO-2022-JP?B?QjwrRjA=?=\n =?ISO-2022-JP?B?MX5FehsoQg==?=",
		 "\xE8\x87\xAA\xE5\x8B\x95\xE5\xBF\x9C\xE7\xAD\x94", "ISO-2022-JP split mid escape"},
		{"=?unicode-1-1-utf-7?Q?Hi_Mom_-+Jjo--?=", "Hi Mom -\xE2\x98\xBA-", "UTF-7 alias"},
		{"=?iso-8859-1?q?Gr=FC=DFe?=", "Gr\xC3\xBC\xC3\x9F" "e", "Latin-1"},
		{"=?x-unknown-cs?Q?abc?=", "abc", "unknown charset, ASCII survives"},
		{"=?utf-8?Q?_a__b=5Fc_?=", " a  b_c ", "Q word: each '_' a space, an encoded one kept"},
		{"=?UTF-8?Q?broken", "=?UTF-8?Q?broken", "unterminated word kept"},
		{"=?UTF-8*en?Q?lang?=", "lang", "RFC 2231 language suffix"},
		{"=??Q?x?=", "=??Q?x?=", "empty charset kept"},
		{"Gr\xC3\xBC\xC3\x9F" "e", "Gr\xC3\xBC\xC3\x9F" "e", "raw UTF-8 kept"},
		{"Gr\xFC\xDF" "e", "Gr\xC3\xBC\xC3\x9F" "e", "raw Latin-1 via the fallback"},
		{"=?UTF-8?Q?a\nb?=", "=?UTF-8?Q?a\nb?=", "an LF before the word's end: kept"},
		{"=?UTF-8?Q?a?b?= c", "a?b c", "a '?' in the text not before '='"},
		{"=?UTF-8?Q?a?", "=?UTF-8?Q?a?", "a '?' at the very end: no word"},
		{"=?UTF-8?Q?a=3Fb?=", "a?b", "Q word without '_'"},
		{"=?UTF-8?Q?" "?=x", "x", "empty Q text"},
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		check_dec(rows[i].in, rows[i].want, rows[i].name);
}

/* rfc2047_decode() keeps the words' bytes in a buffer on the stack that
 * must never grow: transfer_base64() and transfer_qp() reserve no more
 * room than their input's length (their buffer's cap stays as it was when
 * it had that room and its NUL's). */
static void test_transfer_room(void)
{
	static const char *const texts[] = {"R3LDvMOfZQ==", "R3LD", "=", "", "a", "YWJj\nZGVm", "====",
					    "a=3Fb_c", "=\n", "=4", "==3D", "x=\n y", "caf=E9 =C3=A9"};

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		for (int qp = 0; qp < 2; qp++) {
			size_t n = strlen(texts[i]);
			struct mime_buf b = {0};

			mime_buf_add(&b, "pre", 3);
			CHECK(mime_buf_reserve(&b, n), "room for %s", texts[i]);
			b.cap = b.len + n + 1; /* (no less than it has) */
			if (qp)
				transfer_qp(texts[i], n, &b);
			else
				transfer_base64(texts[i], n, &b);
			CHECK(b.cap == 3 + n + 1, "%s of \"%s\" within its input's room", qp ? "qp" : "base64",
			      texts[i]);
			mime_buf_free(&b);
		}
}

/* Values about the size of the decoder's stack buffer (512 bytes) and past
 * it: the words' bytes then wait in a malloc'd buffer; the same text out. */
static void test_long_values(void)
{
	static const char word[] = "=?utf-8?b?R3LDvMOfZQ==?= "; /* "Grüße" */
	static const char want1[] = "Gr\xC3\xBC\xC3\x9F" "e";
	char in[2048], want[2048];

	for (size_t words = 18; words <= 60; words++) {
		size_t n = 0, w = 0;

		for (size_t k = 0; k < words; k++) {
			memcpy(in + n, word, sizeof(word) - 1);
			n += sizeof(word) - 1;
			memcpy(want + w, want1, sizeof(want1) - 1);
			w += sizeof(want1) - 1;
		}
		in[--n] = '\0'; /* the last blank */
		want[w] = '\0';
		check_dec(in, want, "long value of B words");
	}
}

static void test_charset(void)
{
	struct mime_buf b = {0};
	bool flagged;

	flagged = charset_to_utf8(cc, "shift_jis", "\x83\x65\x83\x58\x83\x67", 6, &b);
	CHECK_STR(b.p, "\xE3\x83\x86\xE3\x82\xB9\xE3\x83\x88", "shift_jis via CP932");
	CHECK(!flagged, "shift_jis not flagged");
	mime_buf_free(&b);
	flagged = charset_to_utf8(cc, "no-such-charset", "caf\xE9", 4, &b);
	CHECK_STR(b.p, "caf\xC3\xA9", "unknown charset falls back to windows-1252");
	CHECK(flagged, "unknown charset flagged");
	mime_buf_free(&b);
	flagged = charset_to_utf8(cc, "ks_c_5601-1987", "\xC7\xD1", 2, &b);
	CHECK_STR(b.p, "\xED\x95\x9C", "ks_c_5601-1987 via CP949");
	mime_buf_free(&b);
	flagged = charset_to_utf8(cc, "gb2312", "\xD6\xD0", 2, &b);
	CHECK_STR(b.p, "\xE4\xB8\xAD", "gb2312 via GB18030");
	mime_buf_free(&b);
	for (int i = 0; i < 40; i++) { /* more labels than cache slots */
		char name[32];

		snprintf(name, sizeof(name), i % 2 ? "iso-8859-%d" : "x-bogus-%d", i % 15 + 1);
		charset_to_utf8(cc, name, "\xE9", 1, &b);
	}
	CHECK(b.p && !b.nomem, "cache eviction survives many charsets");
	mime_buf_free(&b);
	CHECK(charset_is_utf8("\xE2\x98\xBA", 3), "valid UTF-8");
	CHECK(!charset_is_utf8("\xE2\x98", 2), "truncated UTF-8");
	CHECK(!charset_is_utf8("\xC0\xAF", 2), "overlong UTF-8");
}

/* charset_run() writes one U+FFFD per 8-bit byte of a run in a 7-bit
 * charset without asking iconv again: that holds when iconv rejects every
 * byte above 0x7F from the initial state without reading it. */
static void test_seven_bit(void)
{
	static const char *const names[] = {"ISO-2022-JP-2", "ISO-2022-JP",	"ISO-2022-JP-3", "ISO-2022-KR",
					     "ISO-2022-CN",   "ISO-2022-CN-EXT", "UTF-7"};
	struct mime_buf b = {0};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		iconv_t cd = iconv_open("UTF-8", names[i]);
		int rejected = 0;

		if (cd == (iconv_t)-1) {
			SKIP("iconv has no %s", names[i]);
			continue;
		}
		for (int c = 0x80; c <= 0xFF; c++) {
			char in[2] = {(char)c, 'A'}, out[16];
			char *ip = in, *op = out;
			size_t il = sizeof(in), ol = sizeof(out);

			iconv(cd, NULL, NULL, NULL, NULL);
			if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 && ip == in && op == out)
				rejected++;
		}
		CHECK_INT(rejected, 128, "%s rejects each 8-bit byte from its initial state", names[i]);
		iconv_close(cd);
	}
	/* EUC-JP labelled ISO-2022-JP: a U+FFFD per byte, ASCII and JIS kept */
	charset_to_utf8(cc, "iso-2022-jp", "a\xA4\xA2\xA4" "b\x1B$B$\"\x1B(B\xFF", 14, &b);
	CHECK_STR(b.p, "a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" "b\xE3\x81\x82\xEF\xBF\xBD",
		  "8-bit runs in iso-2022-jp");
	mime_buf_free(&b);
	/* re-encoded to UTF-8 but labelled ISO-2022-JP: the characters kept */
	charset_to_utf8(cc, "iso-2022-jp", "\xE3\x81\x82\xE3\x81\x84 x\xE3\x81\x86", 12, &b);
	CHECK_STR(b.p, "\xE3\x81\x82\xE3\x81\x84 x\xE3\x81\x86", "UTF-8 runs in iso-2022-jp");
	mime_buf_free(&b);
}

/* What charset_to_utf8() did before it copied the ASCII runs of ISO-2022-JP
 * itself: the whole text through iconv, one error at a time. */
static void iconv_whole(iconv_t cd, bool keep_utf8, const char *in, size_t n, struct mime_buf *out)
{
	char *ip = (char *)in, tmp[256];
	size_t il = n;

	iconv(cd, NULL, NULL, NULL, NULL);
	while (il > 0) {
		char *op = tmp;
		size_t ol = sizeof(tmp), k = 1;

		if (iconv(cd, &ip, &il, &op, &ol) != (size_t)-1) {
			mime_buf_add(out, tmp, (size_t)(op - tmp));
			break;
		}
		mime_buf_add(out, tmp, (size_t)(op - tmp));
		if (errno == E2BIG)
			continue;
		if (keep_utf8 && (unsigned char)*ip >= 0xC2) {
			k = (unsigned char)*ip >= 0xF0 ? 4 : (unsigned char)*ip >= 0xE0 ? 3 : 2;
			mime_buf_add(out, ip, k);
		} else {
			mime_buf_add(out, "\xEF\xBF\xBD", 3);
		}
		ip += k;
		il -= k;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	{
		char *op = tmp;
		size_t ol = sizeof(tmp);

		iconv(cd, NULL, NULL, &op, &ol);
		mime_buf_add(out, tmp, (size_t)(op - tmp));
	}
}

/* Does charset_to_utf8() (through cc) give ISO-2022-JP text (label) the
 * bytes iconv gives it whole? 1 when it does. */
static int jis_as_iconv(iconv_t cd, const char *label, const char *in, size_t n)
{
	struct mime_buf got = {0}, want = {0};
	int same;

	charset_to_utf8(cc, label, in, n, &got);
	iconv_whole(cd, charset_is_utf8(in, n), in, n, &want);
	same = got.len == want.len && (got.len == 0 || memcmp(got.p, want.p, got.len) == 0);
	mime_buf_free(&got);
	mime_buf_free(&want);
	return same;
}

/* Random ISO-2022-JP-2 texts (escape sequences of every set, JIS pairs,
 * broken sequences, 8-bit bytes, line ends): the same bytes as iconv over
 * the whole text. */
static void test_jis_runs(void)
{
	static const char *const tok[] = {
		"a", "Z", " ", "\n", "\t", "\\", "~", "!", "(", "$", "B", "N", "0!", "$\"", "%-", ">e",
		"\x1B$B", "\x1B$@", "\x1B(B", "\x1B(J", "\x1B(I", "\x1B$(D", "\x1B$A", "\x1B$(C", "\x1B.A",
		"\x1B.F", "\x1BN", "\x1BNa", "\x1B", "\x1B(", "\x1B$", "\x0E", "\x0F", "\x7F", "\x01",
		"\xA4\xA2", "\xE3\x81\x82", "\xC3\xA9", "\xFF", "\x80",
	};
	iconv_t cd = iconv_open("UTF-8", "ISO-2022-JP-2");
	unsigned seed = 12345;
	int same = 0, total = 0;

	if (cd == (iconv_t)-1) {
		SKIP("iconv has no ISO-2022-JP-2");
		return;
	}
	for (int round = 0; round < 4000; round++) {
		char in[400];
		size_t n = t_random_tokens(&seed, tok, sizeof(tok) / sizeof(tok[0]), 40, in, sizeof(in));

		total++;
		same += jis_as_iconv(cd, round % 2 ? "iso-2022-jp" : "ISO-2022-JP-2", in, n);
	}
	CHECK_INT(same, total, "ISO-2022-JP: ASCII runs copied give iconv's bytes (%d texts)", total);
	iconv_close(cd);
}

/* UTF-7 text: every byte alone between letters, then random texts of
 * direct characters, the ones that are not and base64 runs, under both
 * labels that open glibc's UTF-7: the same bytes as iconv over the whole
 * text (charset_convert() copies text of direct characters itself). */
static void test_utf7_direct(void)
{
	static const char *const tok[] = {
		"a", "Z", " ", "\n", "\r", "\t", "-", "~", "}", "\\", "+", "+-", "+AGEA", "+Jjo-", "+ZeVnLIqe-",
		"\x01", "\x0B", "\x1B", "\x7F", "\x80", "\xC3\xA9", "\xFF", "!", "=", "?", "0123456789",
		"The quick brown fox jumps over the lazy dog. ",
	};
	static const char *const label[] = {"unicode-1-1-utf-7", "UTF-7"};
	iconv_t cd = iconv_open("UTF-8", "UTF-7");
	unsigned seed = 4242;
	int same = 0, total = 0;

	if (cd == (iconv_t)-1) {
		SKIP("iconv has no UTF-7");
		return;
	}
	for (int round = 0; round < 3000; round++) {
		char in[600];
		size_t n;
		struct mime_buf got = {0}, want = {0};

		if (round < 256) {
			in[0] = 'a';
			in[1] = (char)round;
			in[2] = 'b';
			n = 3;
		} else {
			n = t_random_tokens(&seed, tok, sizeof(tok) / sizeof(tok[0]), round % 2 ? 40 : 4, in,
					    sizeof(in));
		}
		charset_to_utf8(cc, label[round % 2], in, n, &got);
		iconv_whole(cd, charset_is_utf8(in, n), in, n, &want);
		total++;
		same += got.len == want.len && (got.len == 0 || memcmp(got.p, want.p, got.len) == 0);
		mime_buf_free(&got);
		mime_buf_free(&want);
	}
	CHECK_INT(same, total, "UTF-7: direct characters copied give iconv's bytes (%d texts)", total);
	iconv_close(cd);
}

/* Labels in a random order, more of them than the cache has slots (so
 * that descriptors are evicted under the label remembered last), on random
 * 8-bit texts: the same bytes and flag as a cache of its own for each. */
static void test_label_memo(void)
{
	static const char *const label[] = {
		"iso-2022-jp", "ISO-2022-JP", "shift_jis", "euc-jp", "koi8-r", "windows-1251", "iso-8859-1",
		"ISO-8859-1", "us-ascii", "x-unknown", "bogus-charset", "utf-7", "gb2312", "big5", "iso-8859-15",
		"cp850", "euc-kr", "windows-1250", "iso-8859-5", "iso-8859-2", "windows-1252", "cp1252", "utf-8",
		"iso-8859-7", "iso-8859-9", "koi8-u", "mac", "ibm866",
		"a-label-longer-than-the-sixty-three-bytes-a-slot-keeps-aaaaaaaaaaaaaaaaaa",
	};
	static const char pick[] = {'a', ' ', '\x1B', '$', 'B', '(', '+', '-', '\xA4', '\xE3', '\x81', '\x82', '\xFF'};
	unsigned seed = 777;
	int same = 0, total = 0;

	for (int round = 0; round < 600; round++) {
		char in[64];
		size_t n;
		const char *l;
		struct mime_buf got = {0}, want = {0};
		struct charset_cache *own = charset_cache_new(NULL);
		bool fg, fw;

		seed = seed * 1103515245u + 12345u;
		l = label[(seed >> 16) % (sizeof(label) / sizeof(label[0]))];
		n = t_sparse_text(&seed, 'x', 3, pick, sizeof(pick), in, sizeof(in));
		fg = charset_to_utf8(cc, l, in, n, &got);
		fw = own ? charset_to_utf8(own, l, in, n, &want) : !fg;
		total++;
		same += fg == fw && got.len == want.len && (got.len == 0 || memcmp(got.p, want.p, got.len) == 0);
		mime_buf_free(&got);
		mime_buf_free(&want);
		charset_cache_free(&own);
	}
	CHECK_INT(same, total, "labels again and again, slots evicted: as a new cache converts (%d texts)", total);
}

/* Pieces of JIS X 0208 pairs, which charset.c converts from its own table
 * of what iconv makes of each cell: every cell of the 94 rows, each as a
 * piece of its own ("ESC $ B", the pair, "ESC ( B"), and random pieces of
 * 0..12 pairs, now and then with a byte out of range, an odd byte, or
 * cells iconv rejects, between ASCII: the same bytes as iconv over the
 * whole text. */
static void test_jis_cells(void)
{
	iconv_t cd = iconv_open("UTF-8", "ISO-2022-JP-2");
	unsigned seed = 4242;
	int same = 0, total = 0;

	if (cd == (iconv_t)-1) {
		SKIP("iconv has no ISO-2022-JP-2");
		return;
	}
	for (int round = 0; round < 94 + 3000; round++) {
		char in[94 * 8 + 8];
		size_t n = 0;

		if (round < 94) { /* row `round`, cell by cell */
			for (int c = 0; c < 94; c++) {
				memcpy(in + n, "\x1B$B", 3);
				in[n + 3] = (char)(0x21 + round);
				in[n + 4] = (char)(0x21 + c);
				memcpy(in + n + 5, "\x1B(B", 3);
				n += 8;
			}
		} else {
			seed = seed * 1103515245u + 12345u;
			for (size_t k = 0, np = (seed >> 16) % 6; k < np && n + 40 < sizeof(in); k++) {
				size_t pairs;

				seed = seed * 1103515245u + 12345u;
				pairs = (seed >> 16) % 13;
				in[n++] = 'a';
				memcpy(in + n, "\x1B$B", 3);
				n += 3;
				for (size_t i = 0; i < pairs; i++) {
					seed = seed * 1103515245u + 12345u;
					/* rows 16..47 (kanji, all taken) mostly, any row of
					 * 0x21..0x7E at times, and rarely any byte */
					in[n++] = (char)((seed >> 8) % 16 == 0 ? (seed >> 12) % 256
							 : (seed >> 8) % 4 == 0 ? 0x21 + (seed >> 12) % 94
										: 0x30 + (seed >> 12) % 32);
					seed = seed * 1103515245u + 12345u;
					in[n++] = (char)((seed >> 8) % 32 == 0 ? (seed >> 12) % 256 : 0x21 + (seed >> 12) % 94);
				}
				seed = seed * 1103515245u + 12345u;
				if ((seed >> 16) % 10 == 0) /* an odd byte */
					in[n++] = '!';
				if ((seed >> 16) % 10 != 1) { /* else no way back to ASCII */
					memcpy(in + n, "\x1B(B", 3);
					n += 3;
				}
			}
		}
		total++;
		same += jis_as_iconv(cd, "iso-2022-jp", in, n);
	}
	CHECK_INT(same, total, "ISO-2022-JP: JIS X 0208 pieces from the table give iconv's bytes (%d texts)", total);
	iconv_close(cd);
}

/* windows-1252 goes through a table, not iconv: each of the 256 bytes (and
 * all of them in one text) gives iconv's bytes and flag, by the labels that
 * reach it and as the fallback of an unknown label. */
static void test_cp1252_table(void)
{
	static const char *const labels[] = {"windows-1252", "WINDOWS-1252", "cp1252", "iso-8859-1", "x-bogus-cs"};
	iconv_t cd = iconv_open("UTF-8", "WINDOWS-1252");
	char all[256];

	if (cd == (iconv_t)-1) {
		SKIP("iconv has no WINDOWS-1252");
		return;
	}
	for (int c = 0; c < 256; c++)
		all[c] = (char)c;
	for (size_t l = 0; l < sizeof(labels) / sizeof(labels[0]); l++) {
		int same = 0;

		for (int c = 0; c <= 256; c++) { /* 256: the whole table in one text */
			const char *in = c < 256 ? all + c : all;
			size_t n = c < 256 ? 1 : 256;
			struct mime_buf got = {0}, want = {0};
			bool flag, want_flag;
			char *ip = (char *)in, tmp[1024], *op = tmp;
			size_t il = n, ol = sizeof(tmp);

			flag = charset_to_utf8(cc, labels[l], in, n, &got);
			iconv_whole(cd, false, in, n, &want);
			iconv(cd, NULL, NULL, NULL, NULL);
			/* an unknown label is flagged, unless the text is copied as it is */
			want_flag = iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 ||
				    (l == 4 && !charset_copies(labels[l], in, n));
			same += got.len == want.len && memcmp(got.p, want.p, got.len) == 0 && flag == want_flag;
			mime_buf_free(&got);
			mime_buf_free(&want);
		}
		CHECK_INT(same, 257, "%s: the 256 bytes as iconv's CP1252 gives them", labels[l]);
	}
	iconv_close(cd);
}

static void test_params(void)
{
	struct header_ctype ct;
	char out[64];

	header_parse_ctype("Multipart/Report; Report-Type=\"delivery-status\"; boundary=\"a b\"", &ct);
	CHECK_STR(ct.type, "multipart/report", "type lower-cased");
	CHECK_STR(ct.report_type, "delivery-status", "report-type");
	CHECK_STR(ct.boundary, "a b", "quoted boundary");
	header_parse_ctype("multipart/mixed; boundary=\"\\\"\"", &ct);
	CHECK_STR(ct.boundary, "\"", "boundary=\"\\\"\" is one quote");
	header_parse_ctype("multipart/mixed; boundary=\"unterminated", &ct);
	CHECK_STR(ct.boundary, "unterminated", "unterminated quote");
	header_parse_ctype("multipart/mixed; boundary=\"\"", &ct);
	CHECK(!ct.has_boundary, "empty boundary is no boundary");
	header_parse_ctype("multipart/mixed; boundary*0=\"ab\"; boundary*1=cd", &ct);
	CHECK_STR(ct.boundary, "abcd", "RFC 2231 continuation");
	CHECK(header_param("text/plain; title*=utf-8'en'M%C3%A4rz", "title", out, sizeof(out)),
	      "RFC 2231 extended value found");
	CHECK_STR(out, "M\xC3\xA4rz", "RFC 2231 extended value decoded");
	header_parse_ctype("  MULTIPART/Alternative-XYZ@[\xC3\x89]`{; boundary=b", &ct);
	CHECK_STR(ct.type, "multipart/alternative-xyz@[\xC3\x89]`{", "only A-Z lower-cased, eight bytes at a time too");
	header_parse_ctype("garbage", &ct);
	CHECK_STR(ct.type, "", "a type without slash is no type");
	header_parse_ctype(NULL, &ct);
	CHECK_STR(ct.type, "", "no header");
}

static void test_headers(void)
{
	struct mime_arena *a = mime_arena_new();
	struct header_list hl;
	size_t body = 0;
	bool trunc = false;
	const char *text = "From x Mon Jan  1 00:00:00 2026\nSubject : one\n two\nX-Empty:\n"
			   "Bad Header Line\nbody";

	CHECK(header_parse(a, cc, text, strlen(text), true, &hl, &body, &trunc) == 0, "parses");
	CHECK_INT(hl.n, 2, "mbox line skipped, stops at a non-header line");
	CHECK_STR(hdr_get(&hl, "subject"), "one two", "blank before colon; folded value unfolded");
	CHECK_STR(hdr_get(&hl, "x-empty"), "", "empty value");
	CHECK_STR(text + body, "Bad Header Line\nbody", "body starts at the non-header line");
	CHECK(!trunc, "no cap hit");
	mime_arena_free(a);
}

/* A folded value is only measured line by line once its raw text passes
 * HEADER_MAX_VALUE: the cap is hit exactly when the unfolded value passes
 * it, however much indentation there is. */
static void check_folded(size_t first, size_t lines, size_t indent, size_t each, bool want_cut, const char *name)
{
	size_t cap = 16 + first + lines * (2 + indent + each), o = 0, body = 0, want_len;
	char *t = malloc(cap);
	struct mime_arena *a = mime_arena_new();
	struct header_list hl;
	bool trunc = false;
	const char *v;

	if (!t || !a) {
		CHECK(0, "%s: memory", name);
		free(t);
		mime_arena_free(a);
		return;
	}
	memcpy(t, "X-F:", 4); /* no blank after the colon: the value is the a's */
	o = 4;
	memset(t + o, 'a', first);
	o += first;
	for (size_t l = 0; l < lines; l++) {
		t[o++] = '\n';
		memset(t + o, l % 2 ? ' ' : '\t', indent);
		o += indent;
		memset(t + o, 'b', each);
		o += each;
	}
	t[o++] = '\n';
	t[o++] = '\n';
	want_len = first + lines * (1 + each);
	if (want_len > HEADER_MAX_VALUE)
		want_len = HEADER_MAX_VALUE;
	CHECK(header_parse(a, cc, t, o, true, &hl, &body, &trunc) == 0 && hl.n == 1, "%s: parses", name);
	CHECK(trunc == want_cut, "%s: cap hit %s (unfolded %zu)", name, want_cut ? "flagged" : "not flagged", first + lines * (1 + each));
	v = hdr_get(&hl, "x-f");
	CHECK(v && strlen(v) == want_len, "%s: unfolded length %zu (got %zu)", name, want_len, v ? strlen(v) : 0);
	mime_arena_free(a);
	free(t);
}

static void test_folded_cap(void)
{
	check_folded(100, 400, 200, 1, false, "deep indentation past the cap raw, short unfolded");
	check_folded(1, 70, 1, 1000, true, "unfolded past the cap");
	check_folded(HEADER_MAX_VALUE - 10000, 10, 1, 999, false, "unfolded exactly at the cap");
	check_folded(HEADER_MAX_VALUE - 10000, 10, 1, 1000 - 1, false, "at the cap, raw past it");
	check_folded(HEADER_MAX_VALUE - 10000 + 1, 10, 1, 999, true, "one byte past the cap");
	check_folded(HEADER_MAX_VALUE + 5, 3, 4, 10, true, "first line past the cap");
	check_folded(10, 3, 4, 10, false, "short folded value");
}

/* header_parse_v() with the SSE2 and (this CPU having it) the AVX2 line
 * search: the same headers, raw values and body offset for random blocks
 * of names, values of every length, continuation lines, blank lines and
 * lines that end the block. */
static void test_lines_both(void)
{
	static const char *const piece[] = {
		"Subject: hello\n", "X-Long: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
		"\tcontinued line of some length here\n", " x\n", "To : a@example.org\n", "\n", "no colon here\n",
		"Received: from a by b; Mon, 1 Jan 2024 00:00:00 +0000\n", "A:\n", "From x\n", "K: v",
		/* names of 15..33 bytes and with bytes that end one, about the
		 * AVX2 name step's 32; lines whose LF is at 63, 64, 94, 95, 96,
		 * 127, 128 and 200, about the ends of its 96-byte LF step (and
		 * of the 64-byte windows it had before) */
		"Fifteen-Bytes-X: v\n", "Sixteen-Bytes-Xy: v\n", "Content-Transfer-Encoding: 7bit\n",
		"Thirty-One-Bytes-Name-Abcdefghi: v\n", "Thirty-Two-Bytes-Name-Abcdefghij: v\n",
		"Thirty-Three-Bytes-Name-Abcdefghi: v\n", "Bad\x80Name: x\n", "Del\x7fName: x\n", "Sp Name: x\n",
		"X-63: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
		"X-64: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
		"X-95: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
		"X-96: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
		"X-97: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
		"X-127: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		"aaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
		"X-128: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
		"X-200: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
	};
	bool avx2 = simd_avx2();
	unsigned seed = 2718;
	int same = 0, total = 0;

	for (int round = 0; round < 4000 && avx2; round++) {
		char t[2048];
		size_t n = 0, b1 = 0, b2 = 0;
		struct mime_arena *a1 = mime_arena_new(), *a2 = mime_arena_new();
		struct header_list h1, h2;
		bool t1 = false, t2 = false, ok;

		seed = seed * 1103515245u + 12345u;
		for (size_t k = 0, np = (seed >> 16) % 40; k < np; k++) {
			const char *pc;

			seed = seed * 1103515245u + 12345u;
			pc = piece[(seed >> 16) % (sizeof(piece) / sizeof(piece[0]))];
			if (n + strlen(pc) >= sizeof(t))
				break;
			memcpy(t + n, pc, strlen(pc));
			n += strlen(pc);
		}
		ok = a1 && a2 && header_parse_v(a1, cc, t, n, true, &h1, &b1, &t1, false) == 0 &&
		     header_parse_v(a2, cc, t, n, true, &h2, &b2, &t2, true) == 0 && h1.n == h2.n && b1 == b2 &&
		     t1 == t2;
		for (size_t i = 0; ok && i < h1.n; i++)
			ok = h1.h[i].name == h2.h[i].name && h1.h[i].name_len == h2.h[i].name_len &&
			     h1.h[i].raw == h2.h[i].raw && h1.h[i].raw_len == h2.h[i].raw_len &&
			     h1.h[i].folded == h2.h[i].folded && h1.h[i].next == h2.h[i].next;
		total++;
		same += ok;
		mime_arena_free(a1);
		mime_arena_free(a2);
	}
	if (!avx2)
		SKIP("header lines with the AVX2 step: no AVX2 in this CPU or build");
	else
		CHECK_INT(same, total, "header lines: SSE2 and AVX2 searches give the same list (%d blocks)", total);
}

/* charset_copies() on ASCII texts of 1..300 bytes with one ESC or one
 * 8-bit byte at each position: found in a 128-, 64-, 32- or 16-byte step
 * or the tail alike; the same text without it copies. (An ESC only matters
 * in a 7-bit charset: in a UTF-8 or ASCII label it is a character.) */
static void test_copies_blocks(void)
{
	char t[301];
	int bad = 0;
	bool avx2 = simd_avx2();

	for (size_t n = 1; n <= 300; n++) {
		memset(t, 'a', n);
		t[n] = '\0';
		if (!charset_copies("us-ascii", t, n) || !charset_copies("iso-2022-jp", t, n))
			bad++;
		bad += !charset_ascii(t, n, false) + (avx2 && !charset_ascii(t, n, true));
		for (size_t at = 0; at < n; at++) {
			t[at] = 0x1B;
			if (charset_copies("iso-2022-jp", t, n) || !charset_copies("us-ascii", t, n))
				bad++;
			bad += charset_ascii(t, n, false) + (avx2 && charset_ascii(t, n, true));
			t[at] = (char)0xE9;
			if (charset_copies("us-ascii", t, n) || charset_copies(NULL, t, n) ||
			    charset_copies("iso-2022-jp", t, n))
				bad++;
			bad += charset_ascii(t, n, false) + (avx2 && charset_ascii(t, n, true));
			t[at] = 'a';
		}
	}
	CHECK_INT(bad, 0, "ESC or 8-bit byte found at every position of 1..300 bytes (SSE2%s)",
		  avx2 ? " and AVX2 steps" : " step only: no AVX2 in this CPU or build");
}

/* charset_is_utf8() as it was, byte by byte: the reference. */
static bool utf8_ref(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned c = p[i];
		size_t k;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			k = 1;
		else if (c >= 0xE0 && c <= 0xEF)
			k = 2;
		else if (c >= 0xF0 && c <= 0xF4)
			k = 3;
		else
			return false;
		for (size_t j = 1; j <= k; j++)
			if (i + j >= n || (p[i + j] & 0xC0) != 0x80)
				return false;
		i += k + 1;
	}
	return true;
}

/* charset_is_utf8() on random texts of 1..80 bytes made of ASCII runs,
 * characters of 2..4 bytes, lead bytes alone or cut short, stray
 * continuation bytes and bytes that never lead: the reference's answer,
 * whatever the character's place against the text's end. */
static void test_utf8_random(void)
{
	static const char *const tok[] = {
		"a", "abcdefghijklmnopq", " ", "\xC3\xA9", "\xE3\x81\x82", "\xF0\x9F\x98\x80", "\xC3",
		"\xE3\x81", "\xF0\x9F\x98", "\x80", "\xBF", "\xC0\xAF", "\xF5\x80\x80\x80", "\xFF",
		"\xE3\x41\x82", "\xDF\xBF", "\xF4\x8F\xBF\xBF",
	};
	unsigned seed = 2026;
	int bad = 0, valid = 0;

	for (int round = 0; round < 20000; round++) {
		char in[400];
		size_t n = t_random_tokens(&seed, tok, sizeof(tok) / sizeof(tok[0]), 12, in, sizeof(in));
		bool want = utf8_ref((const unsigned char *)in, n);

		valid += want;
		bad += charset_is_utf8(in, n) != want;
		/* and every end of it, so that each character is cut short */
		for (size_t m = n; m-- > 0 && m + 6 > n;)
			bad += charset_is_utf8(in, m) != utf8_ref((const unsigned char *)in, m);
	}
	CHECK_INT(bad, 0, "UTF-8 check as byte by byte (20000 random texts, %d valid)", valid);
}

/* A value of 1..40 bytes whose last byte is 8-bit (windows-1252 here),
 * or of 13..52 that ends in an encoded word: decoded whatever its length,
 * so the plain-value test (header.c) reads its last bytes too. */
static void test_value_tail(void)
{
	int bad = 0;

	for (size_t k = 0; k < 40; k++) {
		struct mime_arena *a = mime_arena_new();
		struct header_list hl;
		size_t body = 0;
		bool trunc = false;
		char text[128], want[64];
		const char *v;

		memset(want, 'a', k);
		snprintf(text, sizeof(text), "X-A: %.*s\xE9\nX-B: %.*s=?utf-8?q?b?=\n\n", (int)k, want, (int)k, want);
		memcpy(want + k, "\xC3\xA9", 3);
		if (!a || header_parse(a, cc, text, strlen(text), true, &hl, &body, &trunc) != 0) {
			bad++;
			mime_arena_free(a);
			continue;
		}
		if (!(v = hdr_get(&hl, "x-a")) || strcmp(v, want) != 0)
			bad++;
		memcpy(want + k, "b", 2);
		if (!(v = hdr_get(&hl, "x-b")) || strcmp(v, want) != 0)
			bad++;
		mime_arena_free(a);
	}
	CHECK_INT(bad, 0, "8-bit byte or encoded word at the end of values of 1..52 bytes decoded");
}

/* The same anywhere in a value of 1..70 bytes: an 8-bit byte at every
 * position is decoded (windows-1252), an "=?" that starts no encoded word
 * leaves the value as it is, an encoded word at every position is decoded
 * (values of 14..83 bytes), and a value of plain bytes is kept as it is. */
static void test_value_any(void)
{
	int bad = 0, total = 0;

	for (size_t n = 1; n <= 70; n++)
		for (size_t at = 0; at <= n; at++) {
			struct mime_arena *a = mime_arena_new();
			struct header_list hl;
			size_t body = 0;
			bool trunc = false;
			char text[500], val[80], want[90], wantw[90];
			const char *v1, *v2, *v3, *v4;

			memset(val, 'a', n);
			val[n] = '\0';
			if (at < n)
				val[at] = '\xE9';
			snprintf(text, sizeof(text), "X-A: %s\nX-C: %.*s=?%s\nX-D: %.*s\nX-E: %.*s=?utf-8?q?b?=%.*s\n\n", val,
				 (int)at, val, val + at, (int)n,
				 "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", (int)at,
				 "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc", (int)(n - at),
				 "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc");
			snprintf(wantw, sizeof(wantw), "%.*sb%.*s", (int)at,
				 "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc", (int)(n - at),
				 "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc");
			memset(want, 'a', at);
			snprintf(want + at, sizeof(want) - at, "%s%.*s", at < n ? "\xC3\xA9" : "",
				 (int)(at < n ? n - at - 1 : 0), "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
			total++;
			if (!a || header_parse(a, cc, text, strlen(text), true, &hl, &body, &trunc) != 0 ||
			    !(v1 = hdr_get(&hl, "x-a")) || !(v2 = hdr_get(&hl, "x-c")) || !(v3 = hdr_get(&hl, "x-d")) ||
			    !(v4 = hdr_get(&hl, "x-e")) || strcmp(v1, want) != 0 || strlen(v2) < n ||
			    strspn(v3, "b") != n || v3[n] || strcmp(v4, wantw) != 0)
				bad++;
			mime_arena_free(a);
		}
	CHECK_INT(bad, 0, "8-bit byte or encoded word anywhere in values of 1..70 bytes decoded, plain values kept (%d)",
		  total);
}

/* Folded values of a list whose text is its own (the view's top headers)
 * are unfolded in that text: each comes out as from a copy (a line's
 * trailing blank kept, the next one's leading blanks dropped), encoded
 * words across a fold included, and the headers around it are left
 * intact, whatever order the values are made in. */
static void test_unfold_own(void)
{
	static const char msg[] = "Subject: one\n two \n\t\tthree\n"
				  "X-Enc: =?utf-8?Q?a_b?=\n =?utf-8?Q?c?=\n"
				  "To: t@example.org\n"
				  "X-Long: x\n \n y\n\n"
				  "body\n";
	static const char *const names[] = {"subject", "x-enc", "to", "x-long"};
	static const char *const want[] = {"one two  three", "a bc", "t@example.org", "x  y"};

	for (int order = 0; order < 2; order++)
		for (int own = 0; own < 2; own++) {
			struct mime_arena *a = mime_arena_new();
			struct header_list hl;
			size_t body = 0;
			bool trunc = false;
			char text[sizeof(msg)];

			memcpy(text, msg, sizeof(msg));
			CHECK(a && header_parse(a, cc, text, sizeof(msg) - 1, true, &hl, &body, &trunc) == 0,
			      "folded block parses (own %d)", own);
			if (own)
				hl.own = text;
			for (int k = 0; k < 4; k++) {
				int i = order ? 3 - k : k;
				const char *v = hdr_get(&hl, names[i]);

				CHECK_STR(v ? v : "(null)", want[i], "%s unfolded (own %d, order %d)", names[i], own,
					  order);
			}
			CHECK_STR(text + body, "body\n", "body after the folded block (own %d, order %d)", own, order);
			mime_arena_free(a);
		}
}

/* header_parse_ctype() against three header_param() calls (what it
 * stands for) on random values: parameters whose names come in any case,
 * with blanks inside, a '*', one byte more or less, repeated, long; values
 * quoted with ';' and escapes inside, or missing. */
static void test_ctype_random(void)
{
	static const char *const name[] = {
		"boundary", "BOUNDARY", "Boundary", "charset", "CharSet", "report-type", "Report-Type",
		"bound ary", " boundary ", "char\tset", "boundaryx", "boundar", "charsets", "report-typ",
		"xboundary", "name", "format", "x*", "boundary*", "boundary*0", "", "\xC3\xA9",
		"boundaryboundaryboundaryboundaryboundaryboundaryboundaryboundaryboundaryboundary",
		/* a byte off anywhere in the names compared eight bytes at a time */
		"CHARSET", "charseu", "bharset", "REPORT-TYPE", "report-tzpe", "report_type", "rEport-typE",
		"bOUNDARy", "boundar\xD9", "boundar@", "Charset=", "report-type-",
		/* a '*' where a copy of the name keeps it (index 78) and just past
		 * (79), one before a blank, and one past a blank */
		"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx*",
		"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx*y",
		"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx**z x",
		"b*oundary x", "bound ary*",
	};
	/* types: cased, without a '/', with blanks before, longer than the
	 * 127 bytes kept (a '/' only past them), ended by a blank or ';';
	 * of 7 to 41 bytes, about the ends of the words they are lower-cased
	 * in, with the '/' in the last word only */
	static const char *const type[] = {
		"multipart/mixed", "Multipart/REPORT", "text", " \ttext/plain", "message/delivery-status ",
		"a/b", "/", "", "TEXT/PLAIN\t", "x",
		"AbAbA/Z", "AbAbAb/Z", "AbAbAbA/Z", "AbAbAbAbAbAbA/Z", "AbAbAbAbAbAbAb/Z", "AbAbAbAbAbAbAbA/Z",
		"AbAbAbAbAbAbAbAbAbAbA/Z", "AbAbAbAbAbAbAbAbAbAbAb/Z", "AbAbAbAbAbAbAbAbAbAbAbA/Z",
		"AbAbAbAbAbAbAbAbAbAbAbAbAbAbA/Z", "AbAbAbAbAbAbAbAbAbAbAbAbAbAbAb/Z",
		"AbAbAbAbAbAbAbAbAbAbAbAbAbAbAbA/Z", "AbAbAbAbAbAbAbAbAbAbAbAbAbAbAbAbAbAbAb/Z",
		"AbAbAbAbAbAbAbAbAbAbAbAbAbAbAbAbAbAbAbA/Z",
		"tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt/x",
		"ttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt/Long",
	};
	static const char *const val[] = {
		"", "=", "=abc", "=\"a;b\"", "=\"q\\\"x\"", "=utf-8", "=Delivery-Status", "= x",
		"=\"", "=\"unterminated", "=a b", "==",
		/* boundaries at the cap (200 bytes) and one past it, quoted and not */
		"=bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
		"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
		"=\"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
		"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\"",
		"=\"DeLiVeRy-\\StAtUs\"", "=MiXeD-CaSe-Report-Type-ThAt-Is-LoNgEr-ThAn-SiXtY-FoUr-ByTeS-AlL-In-OnE",
		/* the same two with an escape: 200 and 201 bytes once unescaped */
		"=\"\\bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
		"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\"",
		"=\"\\bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
		"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\"",
	};
	unsigned seed = 4242;
	int same = 0, total = 0;

	for (int round = 0; round < 20000; round++) {
		char v[2048], b[1024], cs[64] = "", rt[64] = "", ty[128];
		size_t n, tl, ts = 0;
		struct header_ctype ct;
		bool has;

		seed = seed * 1103515245u + 12345u;
		n = (size_t)snprintf(v, sizeof(v), "%s", type[(seed >> 16) % (sizeof(type) / sizeof(type[0]))]);
		/* the type as header_parse_ctype() always made it */
		while (v[ts] == ' ' || v[ts] == '\t')
			ts++;
		tl = strcspn(v + ts, "; \t");
		tl = tl < sizeof(ty) - 1 ? tl : sizeof(ty) - 1;
		for (size_t k = 0; k < tl; k++)
			ty[k] = (char)((v[ts + k] >= 'A' && v[ts + k] <= 'Z') ? v[ts + k] - 'A' + 'a' : v[ts + k]);
		ty[tl] = '\0';
		if (!memchr(ty, '/', tl))
			ty[0] = '\0';
		seed = seed * 1103515245u + 12345u;
		for (size_t t = 0, nt = (seed >> 16) % 6 + 1; t < nt; t++) {
			const char *parts[3];

			seed = seed * 1103515245u + 12345u;
			parts[0] = (seed >> 16) & 1 ? "; " : ";";
			parts[1] = name[(seed >> 17) % (sizeof(name) / sizeof(name[0]))];
			seed = seed * 1103515245u + 12345u;
			parts[2] = val[(seed >> 16) % (sizeof(val) / sizeof(val[0]))];
			for (int k = 0; k < 3; k++) {
				memcpy(v + n, parts[k], strlen(parts[k]));
				n += strlen(parts[k]);
			}
		}
		v[n] = '\0';
		header_parse_ctype(v, &ct);
		has = header_param(v, "boundary", b, sizeof(b)) && b[0] && strlen(b) <= MIME_MAX_BOUNDARY;
		header_param(v, "charset", cs, sizeof(cs));
		header_param(v, "report-type", rt, sizeof(rt));
		for (char *c = rt; *c; c++)
			*c = (char)((*c >= 'A' && *c <= 'Z') ? *c - 'A' + 'a' : *c);
		total++;
		same += ct.has_boundary == has && (!has || strcmp(ct.boundary, b) == 0) && strcmp(ct.charset, cs) == 0 &&
			strcmp(ct.report_type, rt) == 0 && strcmp(ct.type, ty) == 0;
	}
	CHECK_INT(same, total, "content-type: type as ever, parameters as header_param() finds them (%d values)", total);
}

TEST_MAIN(cc_setup, test_words, test_long_values, test_transfer_room, test_charset, test_seven_bit, test_jis_runs, test_utf7_direct, test_label_memo, test_jis_cells, test_cp1252_table, test_params, test_headers, test_folded_cap, test_copies_blocks, test_value_tail, test_value_any, test_unfold_own, test_ctype_random, test_lines_both, test_utf8_random, cc_teardown)
