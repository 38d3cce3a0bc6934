/* test-parse-transfer.c: base64 and quoted-printable, including garbage; line ends and html stripping. */
#include <strings.h>

#include "harness.h"
#include "parse/mime.h"
#include "util/simd.h"

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

/* transfer_base64() as it was written first (a value by if-chain), the
 * reference for its table. */
static size_t b64_ref(const unsigned char *in, size_t n, unsigned char *out)
{
	unsigned acc = 0;
	int bits = 0;
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned c = in[i];
		int v = c >= 'A' && c <= 'Z'   ? (int)c - 'A'
			: c >= 'a' && c <= 'z' ? (int)c - 'a' + 26
			: c >= '0' && c <= '9' ? (int)c - '0' + 52
			: c == '+' || c == '-' ? 62
			: c == '/' || c == '_' ? 63
					       : -1;

		if (c == '=') {
			acc = 0;
			bits = 0;
			continue;
		}
		if (v < 0)
			continue;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (unsigned char)((acc >> bits) & 0xFF);
		}
	}
	return o;
}

/* Does transfer_base64() of in[n], onto a buffer that holds before
 * first, give before and b64_ref()'s bytes, NUL-ended? */
static bool b64_agrees(const unsigned char *in, size_t n, const char *before)
{
	unsigned char want[1024];
	struct mime_buf b = {0};
	size_t wn, bn = strlen(before);
	bool ok;

	if (n > sizeof(want))
		return false;
	mime_buf_add(&b, before, bn);
	wn = b64_ref(in, n, want);
	transfer_base64((const char *)in, n, &b);
	ok = !b.nomem && b.len == bn + wn && (bn == 0 || memcmp(b.p, before, bn) == 0) &&
	     (wn == 0 || memcmp(b.p + bn, want, wn) == 0) && (!b.p || b.p[b.len] == '\0');
	mime_buf_free(&b);
	return ok;
}

/* Random texts of every byte (base64 digits mostly, '=' often): the
 * same bytes as the reference. */
static void test_base64_random(void)
{
	static const char pick[] = "ABZabz09+-/_= \n\r!*\x80\xFF";
	unsigned seed = 99;
	int same = 0, total = 0;

	for (int round = 0; round < 5000; round++) {
		unsigned char in[200];
		size_t n;

		seed = seed * 1103515245u + 12345u;
		n = (seed >> 16) % sizeof(in);
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			in[i] = (seed >> 16) % 4 ? (unsigned char)pick[(seed >> 18) % (sizeof(pick) - 1)]
						 : (unsigned char)(seed >> 20);
		}
		total++;
		same += b64_agrees(in, n, "");
	}
	CHECK_INT(same, total, "base64: every byte as the if-chain rule took it (%d texts)", total);
}

/* Bodies as they come (lines of digits) with what breaks the groups of
 * four the decoder reads at once: a line break, blank or other byte at
 * any place of a group, '=' in odd places, a truncated last group. */
static void test_base64_groups(void)
{
	static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_";
	static const char odd[] = "=\n\r \t!*.\x80\xFF\0";
	unsigned seed = 4242;
	int same = 0, total = 0;

	for (int round = 0; round < 20000; round++) {
		unsigned char in[600];
		size_t n;
		unsigned rate;

		seed = seed * 1103515245u + 12345u;
		n = (seed >> 16) % sizeof(in);
		rate = 4 + (seed >> 8) % 60; /* one odd byte in 4..63 */
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			in[i] = (seed >> 16) % rate ? (unsigned char)digits[(seed >> 20) % (sizeof(digits) - 1)]
						    : (unsigned char)odd[(seed >> 20) % (sizeof(odd) - 1)];
		}
		total++;
		/* a third of them after what the mime_buf holds */
		same += b64_agrees(in, n, n && round % 3 == 0 ? "xy" : "");
	}
	CHECK_INT(same, total, "base64 by groups: every byte as the if-chain rule took it (%d texts)", total);
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

/* Does mime_text_copy_normalised() (the AVX2 step when avx2) copy
 * src[0..len) (len <= 600) as mime_text_normalise() leaves it in place,
 * NUL-terminated? */
static bool copies_as_in_place(const char *src, size_t len, bool avx2)
{
	char in_place[601], dst[601];
	size_t n = len, got;

	memcpy(in_place, src, len);
	mime_text_normalise(in_place, &n);
	memset(dst, '#', sizeof(dst));
	got = mime_text_copy_normalised(dst, src, len, avx2, NULL);
	return got == n && memcmp(dst, in_place, n) == 0 && dst[got] == '\0';
}

/* The copying form gives the in-place form's bytes: line ends and NULs at
 * every offset of a 16- or 32-byte block and across blocks, with the SSE2
 * and (this CPU having it) the AVX2 step. */
static void test_copy_normalised(void)
{
	static const char *const bits[] = {"\r\n", "\r", "\r\r\n", "\r\r", "\n", "\0"};
	char src[160], in_place[161], dst[161], dst2[161];
	int same = 0, total = 0;
	bool avx2 = simd_avx2();

	for (size_t b = 0; b < sizeof(bits) / sizeof(bits[0]); b++)
		for (size_t at = 0; at < 72; at++)
			for (size_t len = at + 3; len <= sizeof(src); len += 29) {
				size_t bl = b == 5 ? 1 : strlen(bits[b]), n = len, got;

				for (size_t i = 0; i < len; i++)
					src[i] = (char)('a' + i % 26);
				memcpy(src + at, bits[b], bl);
				if (len > at + 20) /* and a second one further on */
					memcpy(src + at + 17, bits[(b + 1) % 6], b + 1 == 5 ? 1 : strlen(bits[(b + 1) % 6]));
				memcpy(in_place, src, len);
				mime_text_normalise(in_place, &n);
				got = mime_text_copy_normalised(dst, src, len, false, NULL);
				total++;
				same += got == n && memcmp(dst, in_place, n) == 0 && dst[got] == '\0';
				if (avx2) {
					got = mime_text_copy_normalised(dst2, src, len, true, NULL);
					same -= got != n || memcmp(dst2, in_place, n) != 0 || dst2[got] != '\0';
				}
			}
	CHECK_INT(same, total, "copy-normalised equals normalised in place (%d cases, SSE2%s)", total,
		  avx2 ? " and AVX2 steps" : " step only: no AVX2 in this CPU or build");
	CHECK_INT(mime_text_copy_normalised(dst, "", 0, false, NULL), 0, "empty text");
	CHECK_STR(dst, "", "empty text is a C string");
	CHECK_INT(mime_text_copy_normalised(dst, "", 0, avx2, NULL), 0, "empty text, the CPU's step");
}

/* CRLF mail: lines of every length from 0 to 40 bytes in turn, so that
 * blocks hold none, one or several CRs and a CR ends a block with its LF
 * in the next one, from every start offset; then the same with a bare CR
 * or a NUL among them. Copied as the in-place form gives them. */
static void test_copy_normalised_crlf(void)
{
	static const char *const odd[] = {"", "\r", "\0"};
	char src[600];
	int same = 0, total = 0;
	bool avx2 = simd_avx2();

	for (size_t o = 0; o < sizeof(odd) / sizeof(odd[0]); o++)
		for (size_t start = 0; start < 41; start++) {
			size_t len = 0;

			for (size_t line = start; len + 44 < sizeof(src); line = (line + 7) % 41) {
				for (size_t i = 0; i < line; i++)
					src[len + i] = (char)('a' + (len + i) % 26);
				len += line;
				memcpy(src + len, "\r\n", 2);
				len += 2;
			}
			if (o) /* one odd byte in the middle */
				src[len / 2] = odd[o][0];
			total++;
			same += copies_as_in_place(src, len, avx2);
		}
	CHECK_INT(same, total, "CRLF lines of 0..40 bytes copy as normalised in place (%d cases, %s step)", total,
		  avx2 ? "AVX2" : "SSE2");
}

/* The last bytes of a text, fewer than a block after the last one looked
 * at: one line end or NUL at every place from the end of texts of 1..140
 * bytes, and none, copied as the in-place form gives them (the AVX2 step
 * stores its last block to end at the copy's end). */
static void test_copy_normalised_tail(void)
{
	static const char *const bits[] = {"\r\n", "\r", "\r\r\n", "\n", "\0"};
	char src[140];
	int same = 0, total = 0;
	bool avx2 = simd_avx2();

	for (size_t b = 0; b < sizeof(bits) / sizeof(bits[0]); b++)
		for (size_t len = 1; len <= sizeof(src); len++)
			for (size_t back = 0; back <= len && back <= 70; back++) {
				size_t bl = b == 4 ? 1 : strlen(bits[b]);

				for (size_t i = 0; i < len; i++)
					src[i] = (char)('a' + i % 26);
				if (back && back >= bl) /* back 0: none */
					memcpy(src + len - back, bits[b], bl);
				total++;
				same += copies_as_in_place(src, len, avx2);
			}
	CHECK_INT(same, total, "copy-normalised ends as normalised in place (%d cases, %s step)", total,
		  avx2 ? "AVX2" : "SSE2");
}

/* The copy's "no 8-bit byte" answer: texts of 1..200 bytes with a CRLF,
 * a bare CR or a NUL at some places and one 8-bit byte at each place (or
 * none). The AVX2 step answers exactly; the SSE2 one never says yes. */
static void test_copy_ascii(void)
{
	static const char *const bits[] = {"\r\n", "\r", "\0", "\n"};
	char src[200], dst[201];
	int right = 0, total = 0;
	bool avx2 = simd_avx2(), ascii;

	for (size_t b = 0; b < sizeof(bits) / sizeof(bits[0]); b++)
		for (size_t len = 1; len <= sizeof(src); len += 3)
			for (size_t at = 0; at <= len; at++) { /* at == len: no 8-bit byte */
				for (size_t i = 0; i < len; i++)
					src[i] = (char)('a' + i % 26);
				for (size_t i = b; i + 2 <= len; i += 37)
					memcpy(src + i, bits[b], b == 2 ? 1 : strlen(bits[b]));
				if (at < len)
					src[at] = (char)(0x80 + at % 128);
				total++;
				mime_text_copy_normalised(dst, src, len, false, &ascii);
				if (avx2) {
					bool a2;

					mime_text_copy_normalised(dst, src, len, true, &a2);
					right += !ascii && a2 == (at == len);
				} else {
					right += !ascii;
				}
			}
	CHECK_INT(right, total, "copy says whether the text has an 8-bit byte (%d cases, %s)", total,
		  avx2 ? "AVX2 exactly, SSE2 never yes" : "SSE2 never yes: no AVX2 here");
}

/* mime_html_strip() as it was before it wrote into room reserved once and
 * read tag names once: the reference for the random texts below. */
/* Tags after which a line break keeps the text readable. */
static const char *const ref_break_tags[] = {"br", "/p", "p", "/div", "div", "/tr", "tr",
					      "/li", "li", "/h1", "/h2", "/h3", "/table", "hr"};

static const struct {
	const char *name;
	const char *text;
} ref_entities[] = {
	{"&nbsp;", " "}, {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""},
	{"&#39;", "'"}, {"&apos;", "'"},
};

static bool ref_tag_is(const char *tag, size_t n, const char *name)
{
	size_t l;
	char c0 = n ? tag[0] : '\0';

	/* the first byte decides for almost every tag of every html part */
	if (c0 >= 'A' && c0 <= 'Z')
		c0 = (char)(c0 - 'A' + 'a');
	if (n == 0 || c0 != name[0])
		return false;
	l = strlen(name);

	return n >= l && strncasecmp(tag, name, l) == 0 &&
	       (n == l || tag[l] == ' ' || tag[l] == '/' || tag[l] == '\t' || tag[l] == '\n');
}

/* Skip from in[i] (just after "<script" or "<style") to after the close tag. */
static size_t ref_skip_block(const char *in, size_t n, size_t i, const char *close)
{
	size_t l = strlen(close);

	for (; i + l <= n; i++)
		if (in[i] == '<' && strncasecmp(in + i, close, l) == 0)
			return i + l;
	return n;
}

static void ref_html_strip(const char *in, size_t n, struct mime_buf *out)
{
	size_t i = 0;
	bool space = false;

	while (i < n) {
		char c = in[i];

		if (c == '<') {
			const char *t = in + i + 1;
			const char *gt = memchr(t, '>', n - i - 1);
			size_t tl = gt ? (size_t)(gt - t) : n - i - 1;
			char t0;

			i = gt ? (size_t)(gt - in) + 1 : n;
			if (ref_tag_is(t, tl, "script"))
				i = ref_skip_block(in, n, i, "</script>");
			else if (ref_tag_is(t, tl, "style"))
				i = ref_skip_block(in, n, i, "</style>");
			/* the first byte before the call: it rules out nearly all */
			t0 = tl ? t[0] : '\0';
			if (t0 >= 'A' && t0 <= 'Z')
				t0 = (char)(t0 - 'A' + 'a');
			for (size_t k = 0; k < sizeof(ref_break_tags) / sizeof(ref_break_tags[0]); k++)
				if (tl && ref_break_tags[k][0] == t0 && ref_tag_is(t, tl, ref_break_tags[k])) {
					mime_buf_addc(out, '\n');
					space = false;
					break;
				}
			continue;
		}
		if (c == '&') {
			size_t k;

			for (k = 0; k < sizeof(ref_entities) / sizeof(ref_entities[0]); k++) {
				size_t l = strlen(ref_entities[k].name);

				if (i + l <= n && strncasecmp(in + i, ref_entities[k].name, l) == 0) {
					mime_buf_add(out, ref_entities[k].text, strlen(ref_entities[k].text));
					i += l;
					space = false;
					break;
				}
			}
			if (k < sizeof(ref_entities) / sizeof(ref_entities[0]))
				continue;
		}
		if (c == ' ' || c == '\t' || c == '\n') { /* HTML white space folds */
			if (!space)
				mime_buf_addc(out, ' ');
			space = true;
			i++;
			continue;
		}
		/* a run of plain text goes out in one append, not byte by byte */
		{
			size_t j = i + 1;

			while (j < n && in[j] != '<' && in[j] != '&' && in[j] != ' ' && in[j] != '\t' &&
			       in[j] != '\n')
				j++;
			space = false;
			mime_buf_add(out, in + i, j - i);
			i = j;
		}
	}
}

static void test_html_strip(void)
{
	static const char *const tok[] = {
		"<p>", "<P class=x>", "<br/>", "<BR>", "<br\n>", "<script>", "<script src=x>", "</SCRIPT>", "<style",
		"</style>", "<scriptx>", "&amp;", "&NBSP;", "&", "&#39;", "&apos", "<", ">", " ", "\t", "\n",
		"abc", "Z", "a b", " x", "y ", "/div", "<div\tid=a>", "</div>", "<table", "</table>", "<h1>", "</H2>", "<hr>",
		"<tr>", "<li>", "</li >", "<ul>", "<a href=\"x\">", "\xC3\xA9", "<!-- c -->", "</>", "<>",
		/* indentation: runs of white space read sixteen bytes a step */
		"\n                        ", "\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t", "               \n",
	};
	unsigned seed = 777;
	int same = 0, total = 0;

	for (int round = 0; round < 4000; round++) {
		char in[50 * 32]; /* 50 tokens of at most 32 bytes */
		struct mime_buf got = {0}, want = {0};
		size_t n = t_random_tokens(&seed, tok, sizeof(tok) / sizeof(tok[0]), 50, in, sizeof(in));

		mime_buf_add(&got, "x", 1); /* appended after what is there */
		mime_buf_add(&want, "x", 1);
		mime_html_strip(in, n, &got);
		ref_html_strip(in, n, &want);
		total++;
		same += got.len == want.len && memcmp(got.p, want.p, got.len) == 0 && got.p[got.len] == '\0';
		mime_buf_free(&got);
		mime_buf_free(&want);
	}
	CHECK_INT(same, total, "html strip: the bytes of the reference (%d texts)", total);
}

/* quoted-printable byte by byte, as transfer_qp() was before it looked
 * for '=' sixteen bytes at a time */
static int ref_hex(unsigned char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static void ref_qp(const char *in, size_t n, struct mime_buf *out)
{
	for (size_t i = 0; i < n;) {
		if (in[i] != '=') {
			mime_buf_addc(out, in[i++]);
			continue;
		}
		if (i + 2 < n && ref_hex((unsigned char)in[i + 1]) >= 0 && ref_hex((unsigned char)in[i + 2]) >= 0) {
			mime_buf_addc(out, (char)(ref_hex((unsigned char)in[i + 1]) * 16 + ref_hex((unsigned char)in[i + 2])));
			i += 3;
			continue;
		}
		{
			size_t j = i + 1;

			while (j < n && (in[j] == ' ' || in[j] == '\t'))
				j++;
			if (j >= n || in[j] == '\n') {
				i = j < n ? j + 1 : j;
				continue;
			}
		}
		mime_buf_addc(out, '=');
		i++;
	}
}

static void test_qp_random(void)
{
	static const char *const tok[] = {"a", "Hello world ", "=3D", "=3d", "=\n", "= \t\n", "=", "==", "=4", "=G1",
					  "=C3=A9", "\n", "0123456789abcdef", "=20", " ", "=\t"};
	unsigned seed = 99;
	int same = 0, total = 0;

	for (int round = 0; round < 4000; round++) {
		char in[800];
		struct mime_buf got = {0}, want = {0};
		size_t n = t_random_tokens(&seed, tok, sizeof(tok) / sizeof(tok[0]), 60, in, sizeof(in));

		mime_buf_add(&got, "x", 1);
		mime_buf_add(&want, "x", 1);
		transfer_qp(in, n, &got);
		ref_qp(in, n, &want);
		total++;
		same += got.len == want.len && memcmp(got.p, want.p, got.len) == 0 && got.p[got.len] == '\0';
		mime_buf_free(&got);
		mime_buf_free(&want);
	}
	CHECK_INT(same, total, "quoted-printable: the bytes of the byte-wise decoder (%d texts)", total);
}

/* Does b hold a CR or a NUL? */
static bool has_cr_nul(const struct mime_buf *b)
{
	return b->len && (memchr(b->p, '\r', b->len) || memchr(b->p, '\0', b->len));
}

/* transfer_qp()'s answer, whether it decoded a CR or a NUL (the walk then
 * leaves the text unnormalised when it is false), on texts without either
 * of their own: false exactly when the bytes out hold neither; escapes of
 * them and their neighbours at every place of the 64-byte blocks. */
static void test_qp_controls(void)
{
	static const char *const tok[] = {"=0D", "=0d", "=00", "=0A", "=09", "=0", "=0D=0A", "=\n", "= \n", "=",
					  "=3D", "=1D", "=0G", "=D0", "a", "text without an escape, forty bytes ",
					  "\n", "=C3=A9", "0D", " "};
	unsigned seed = 31337;
	int same = 0, total = 0;

	for (int round = 0; round < 6000; round++) {
		char in[1200];
		struct mime_buf got = {0}, want = {0};
		size_t n = t_random_tokens(&seed, tok, sizeof(tok) / sizeof(tok[0]), round % 2 ? 8 : 60, in,
					   sizeof(in));
		bool low = transfer_qp(in, n, &got);

		ref_qp(in, n, &want);
		total++;
		same += got.len == want.len && (!got.len || memcmp(got.p, want.p, got.len) == 0) &&
			low == has_cr_nul(&got);
		mime_buf_free(&got);
		mime_buf_free(&want);
	}
	CHECK_INT(same, total, "quoted-printable: a CR or NUL out exactly when it says so (%d texts)", total);
}

/* "=XY" for every pair of bytes X, Y: decoded as the reference does (the
 * hex digits are a table in transfer.c). */
static void test_qp_pairs(void)
{
	int same = 0;

	for (int a = 0; a < 256; a++)
		for (int b = 0; b < 256; b++) {
			char in[5] = {'=', (char)a, (char)b, 'z', '\0'};
			struct mime_buf got = {0}, want = {0};

			bool low = transfer_qp(in, 4, &got);

			ref_qp(in, 4, &want);
			same += got.len == want.len && memcmp(got.p, want.p, got.len) == 0 &&
				low == (a == '0' && (b == '0' || b == 'D' || b == 'd'));
			mime_buf_free(&got);
			mime_buf_free(&want);
		}
	CHECK_INT(same, 65536, "qp: every \"=XY\" as the reference");
}

/* Each kind of '=' at every place of the first 200 bytes of a long text
 * and at its end (transfer_qp() decodes 64-byte blocks while 130 bytes are
 * left, and an "=XY" or a run of blanks may reach past a block or into the
 * last bytes): as the reference. */
static void test_qp_blocks(void)
{
	static const char *const tok[] = {"=3D", "=3d=C3=A9", "=\n", "= \t \n", "=G1", "==41", "=4\n", "=\t",
					  "=                                                                          \n",
					  "=                                                                        x"};
	char in[700];
	int same = 0, total = 0;

	for (size_t k = 0; k < sizeof(tok) / sizeof(tok[0]); k++)
		for (size_t pos = 0; pos < 200; pos++)
			for (size_t tail = 0; tail < 300; tail += pos % 7 == 0 ? 1 : 149) {
				size_t tl = strlen(tok[k]), n = pos + tl + tail;
				struct mime_buf got = {0}, want = {0};

				memset(in, 'a', pos);
				memcpy(in + pos, tok[k], tl);
				for (size_t i = pos + tl; i < n; i++)
					in[i] = i % 29 == 0 ? '=' : i % 31 == 0 ? '\n' : 'b';
				transfer_qp(in, n, &got);
				ref_qp(in, n, &want);
				total++;
				same += got.len == want.len && got.p && (!got.len || memcmp(got.p, want.p, got.len) == 0) &&
					got.p[got.len] == '\0';
				mime_buf_free(&got);
				mime_buf_free(&want);
			}
	CHECK_INT(same, total, "quoted-printable: each '=' at each place, as the reference (%d texts)", total);
}

TEST_MAIN(test_base64, test_base64_random, test_base64_groups, test_qp, test_decode_dispatch, test_normalise, test_copy_normalised, test_copy_normalised_crlf, test_copy_normalised_tail, test_copy_ascii,
	  test_html_strip,
	  test_qp_random, test_qp_pairs, test_qp_blocks, test_qp_controls)
