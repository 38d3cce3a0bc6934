/* test-parse-text.c: the decoders' text helpers (text.c, address.c, text-date.c). */
#include "harness.h"
#include "parse/bounce.h"
#include "util/simd.h"
#include "parse/text.h"
#include "util/str.h"

static void test_find(void)
{
	const char *h = "Hello World";

	CHECK(text_find_ci(h, strlen(h), "WORLD") == h + 6, "case-insensitive find");
	CHECK(text_find_ci(h, 5, "World") == NULL, "bounded by len");
	CHECK(text_find(h, strlen(h), "world") == NULL, "case-sensitive find misses");
	CHECK(text_find(h, strlen(h), "World") == h + 6, "case-sensitive find hits");
	CHECK(text_find_ci(NULL, 0, "x") == NULL, "NULL haystack");
	/* a needle that starts with a space is looked for by its second byte */
	h = "a  has been frozen";
	CHECK(text_find(h, strlen(h), " has been") == h + 2, "leading-space needle, first match");
	CHECK(text_find(h, strlen(h), " frozen") == h + 11, "leading-space needle at the end");
	CHECK(text_find(h + 1, 3, " has") == NULL, "leading-space needle cut by len");
	CHECK(text_find(h, strlen(h), " ") == h + 1, "a lone space");
	CHECK(text_find_ci(h, strlen(h), " HAS BEEN") == h + 2, "leading-space needle in any case");
	CHECK(text_find_ci(h, strlen(h), " Frozen") == h + 11, "leading-space needle in any case at the end");
	CHECK(text_find_ci(h, 17, " frozen") == NULL, "leading-space needle in any case cut by len");
}

/* Inputs that made earlier versions quadratic: the first byte of the
 * needle in one case only, and floods of '<'. Checked for the right
 * answer; a quadratic version would take minutes here. */
static void test_pathological(void)
{
	size_t n = 4 * 1024 * 1024;
	char *h = malloc(n + 64), out[BOUNCE_ADDR_MAX];

	if (!h)
		return;
	for (size_t i = 0; i < n; i++)
		h[i] = "Final-Recipien"[i % 14];
	memcpy(h + n, "final-recipient:", 16);
	CHECK(text_find_ci(h, n + 16, "FINAL-RECIPIENT:") == h + n, "needle after 4 MB of near misses");
	memset(h, '<', n);
	memcpy(h + n, "a@example.org>", 14);
	CHECK(text_extract_address(h, n + 14, out, sizeof(out)) && strcmp(out, "a@example.org") == 0,
	      "address after 4 MB of '<'");
	free(h);
}

static void test_lines(void)
{
	const char *t = "one\n\nthree", *pos = t, *line;
	size_t ll;
	int n = 0;
	char buf[16];

	while (text_next_line(t, strlen(t), &pos, &line, &ll)) {
		snprintf(buf, sizeof(buf), "%.*s", (int)ll, line);
		CHECK_STR(buf, n == 0 ? "one" : n == 1 ? "" : "three", "line %d", n);
		n++;
	}
	CHECK_INT(n, 3, "three lines, last without LF");
}

static void test_trim(void)
{
	char out[8];

	CHECK(!text_copy_trim(out, sizeof(out), "  a \t\n b  ", 10), "short copy not cut");
	CHECK_STR(out, "a b", "trimmed and folded");
	CHECK(text_copy_trim(out, sizeof(out), "abcdefghij", 10), "long copy cut");
	CHECK_STR(out, "abcdefg", "cut to size");
	CHECK(text_copy_trim(out, 7, "abcd\xE2\x98\xBAz", 8), "UTF-8 cut");
	CHECK_STR(out, "abcd", "no half character left");
}

/* text_copy_trim() of random blank-heavy texts (the blocks of sixteen, the
 * last sixteen bytes and the byte loop all meet their edge cases) against
 * the rule itself: words joined by one space, cut to the room */
static void test_trim_random(void)
{
	static const char alphabet[] = "ab  \t\n\r";
	unsigned seed = 77;
	int same = 0, total = 0, trimmed = 0;

	for (int round = 0; round < 200000; round++) {
		char s[96], want[96], out[96];
		size_t n, w = 0, outsz;
		bool space = false;

		seed = seed * 1103515245u + 12345u;
		n = (seed >> 16) % sizeof(s);
		seed = seed * 1103515245u + 12345u;
		outsz = (seed >> 16) % (sizeof(out) - 1) + 1;
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			s[i] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
		}
		for (size_t i = 0; i < n; i++) {
			if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
				space = w > 0;
				continue;
			}
			if (space)
				want[w++] = ' ';
			space = false;
			want[w++] = s[i];
		}
		want[w] = '\0';
		total++;
		/* the default scan (AVX2 where there is), then the SSE2 one
		 * (text_is_trimmed(); the copy has one way) */
		for (int v = 0; v < 2; v++) {
			bool c = text_copy_trim(out, outsz, s, n);

			same += c == (w > outsz - 1) && strncmp(out, want, outsz - 1) == 0 &&
				strlen(out) == (w < outsz - 1 ? w : outsz - 1);
			trimmed += (v ? text_is_trimmed_v(s, n, false) : text_is_trimmed(s, n)) ==
				   (w == n && memcmp(want, s, n) == 0);
			total += v;
		}
	}
	CHECK_INT(same, total, "trim: words and single spaces, cut to size (%d random texts)", total);
	CHECK_INT(trimmed, total, "trim: a text already so is told (%d random texts)", total);
}

static bool ref_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* text_copy_trim() a byte at a time: words joined by one space, cut to
 * outsz - 1 bytes (a space that fits stays) without a broken UTF-8
 * character at the end. */
static bool ref_copy_trim(char *out, size_t outsz, const char *s, size_t n)
{
	size_t o = 0, i = 0;
	bool cut = false, pending = false;

	if (outsz == 0)
		return n > 0;
	while (i < n && ref_blank(s[i]))
		i++;
	for (; i < n; i++) {
		if (ref_blank(s[i])) {
			pending = true;
			continue;
		}
		if (pending) { /* the space goes in if it fits, the word or not */
			if (o + 1 > outsz - 1) {
				cut = true;
				break;
			}
			out[o++] = ' ';
			pending = false;
		}
		if (o + 1 > outsz - 1) {
			cut = true;
			break;
		}
		out[o++] = s[i];
	}
	if (cut && o > 0) {
		size_t lead = o - 1, need;

		while (lead > 0 && ((unsigned char)out[lead] & 0xC0) == 0x80)
			lead--;
		need = (unsigned char)out[lead] >= 0xF0 ? 4 : (unsigned char)out[lead] >= 0xE0 ? 3
			: (unsigned char)out[lead] >= 0xC0 ? 2 : 1;
		if ((unsigned char)out[lead] >= 0x80 && o - lead < need)
			o = lead;
	}
	out[o] = '\0';
	return cut;
}

/* text_copy_trim() against the byte-wise copy: random texts of words,
 * blanks of every kind and UTF-8 up to 120 bytes, into several sizes
 * (the vector steps read the last sixteen bytes as a block). */
static void test_trim_bytewise(void)
{
	static const char pick[] = "ab  \t\n\r\xC3\xA9";
	static const size_t sizes[] = {1, 2, 7, 17, 40, 200};
	char s[120], out[200], want[200];
	unsigned seed = 99;
	int same = 0, total = 0;

	for (int round = 0; round < 4000; round++) {
		size_t n = t_sparse_text(&seed, 'w', 3, pick, sizeof(pick) - 1, s, sizeof(s));

		for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
			bool c1 = text_copy_trim(out, sizes[k], s, n), c2 = ref_copy_trim(want, sizes[k], s, n);

			total++;
			same += c1 == c2 && strcmp(out, want) == 0;
		}
	}
	CHECK_INT(same, total, "copy-trim as a byte-wise copy (%d texts and sizes)", total);
}

/* text_copy_trim() and text_is_trimmed() against the byte-wise copy on
 * texts with control bytes that are no blanks (NUL, 0x01, 0x1F) among the
 * blanks: the vector steps take any byte up to ' ' for a place where a run
 * may end, and must go on past those that do not end it. Whole buffers
 * are compared (a NUL may be copied). */
static void test_trim_controls(void)
{
	static const char pick[] = "  \t\n\r\x01\x1F\0\xC3\xA9";
	static const size_t sizes[] = {1, 5, 16, 17, 33, 200};
	char s[120], out[200], want[200];
	unsigned seed = 4242;
	int same = 0, total = 0, told = 0, texts = 0, lens = 0, known = 0;

	for (int round = 0; round < 6000; round++) {
		size_t n = t_sparse_text(&seed, 'w', 3, pick, sizeof(pick) - 1, s, sizeof(s));

		for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
			bool c1, c2;

			memset(out, 0x55, sizeof(out));
			memset(want, 0x55, sizeof(want));
			c1 = text_copy_trim(out, sizes[k], s, n);
			c2 = ref_copy_trim(want, sizes[k], s, n);
			total++;
			same += c1 == c2 && memcmp(out, want, sizeof(out)) == 0;
			/* _len: the same copy, and a length only where the copy is
			 * its own trimmed form as a string (lhost_set() trusts it) */
			{
				size_t len;

				memset(out, 0x55, sizeof(out));
				c1 = text_copy_trim_len(out, sizes[k], s, n, &len);
				total++;
				same += c1 == c2 && memcmp(out, want, sizeof(out)) == 0;
				lens++;
				if (len != SIZE_MAX)
					known++;
				lens -= len != SIZE_MAX && (len != strlen(out) || !text_is_trimmed(out, len) || c1);
			}
		}
		/* trimmed: the copy is the text itself */
		memset(want, 0x55, sizeof(want));
		(void)ref_copy_trim(want, sizeof(want), s, n);
		texts++;
		told += text_is_trimmed(s, n) == (want[n] == '\0' && memcmp(want, s, n) == 0) &&
			text_is_trimmed_v(s, n, false) == text_is_trimmed(s, n);
	}
	CHECK_INT(same, total, "copy-trim with control bytes as a byte-wise copy (%d texts and sizes)", total);
	CHECK_INT(told, texts, "a trimmed text with control bytes is told (%d texts)", texts);
	CHECK_INT(lens - (int)(sizeof(sizes) / sizeof(sizes[0])) * texts, 0,
		  "copy-trim's length given only for a trimmed copy (%d of them)", known);
}

/* The first match by trying every start: what text_find() must answer. */
static const char *ref_find(const char *h, size_t n, const char *needle, size_t nl)
{
	for (size_t i = 0; i + nl <= n; i++)
		if (memcmp(h + i, needle, nl) == 0)
			return h + i;
	return NULL;
}

/* text_find() and text_strstr() against the try-every-start search:
 * random texts of few kinds of bytes (many near misses), needles cut from
 * the text itself or made up, so that matches fall in the vector blocks,
 * across their edges and in the byte-wise tail. */
static void test_find_bytewise(void)
{
	static const char pick[] = "sa s\nx";
	char s[200], z[201], needle[24];
	unsigned seed = 7;
	int same = 0, total = 0;

	for (int round = 0; round < 6000; round++) {
		size_t n = t_sparse_text(&seed, 'e', 3, pick, sizeof(pick) - 1, s, sizeof(s));
		size_t nl = 1 + (size_t)round % 20;

		seed = seed * 1103515245u + 12345u;
		if (round % 3 && n >= nl) { /* a needle that occurs */
			memcpy(needle, s + (seed >> 16) % (n - nl + 1), nl);
		} else {
			for (size_t k = 0; k < nl; k++)
				needle[k] = pick[(seed >> (k % 16)) % (sizeof(pick) - 1)];
		}
		needle[nl] = '\0';
		memcpy(z, s, n);
		z[n] = '\0';
		total += 4;
		same += text_find_n(s, n, needle, nl) == ref_find(s, n, needle, nl);
		/* the SSE2 steps of a long text and, where the CPU has it, AVX2's */
		same += text_find_v(s, n, needle, nl, false, false) == ref_find(s, n, needle, nl);
		same += text_find_v(s, n, needle, nl, false, simd_avx2()) == ref_find(s, n, needle, nl);
		/* up to the first NUL of the text, as strstr() reads it */
		same += text_strstr(z, needle) == ref_find(z, strlen(z), needle, strlen(needle));
	}
	CHECK_INT(same, total, "text_find, text_find_v (SSE2 and AVX2 steps) and text_strstr as a search at every start (%d searches)", total);
}

/* The first match by trying every start, ASCII letters in either case:
 * what text_find_ci() must answer. */
static const char *ref_find_ci(const char *h, size_t n, const char *needle, size_t nl)
{
	for (size_t i = 0; i + nl <= n; i++) {
		size_t k = 0;

		while (k < nl && str_lower_c(h[i + k]) == str_lower_c(needle[k]))
			k++;
		if (k == nl)
			return h + i;
	}
	return NULL;
}

/* text_find_ci_n() the same way: texts of both cases, spaces and a byte
 * or two that only look like letters folded ('@' | 0x20 is '`', '[' |
 * 0x20 is '{', 0xC3 | 0x20 is 0xE3; 'z' ends the letters), of every
 * length from none on, so that the search's short
 * look, its blocks and its last block all see matches; needles cut from
 * the text in the other case, made up, or after a space. */
static void test_find_ci_bytewise(void)
{
	static const char pick[] = "sSa A@`[{\nzZ\xc3\xe3";
	char s[120], needle[24];
	unsigned seed = 11;
	int same = 0, total = 0;

	for (int round = 0; round < 8000; round++) {
		size_t n = (size_t)round % 100, nl = 1 + (size_t)round % 19;

		for (size_t k = 0; k < n; k++) {
			seed = seed * 1103515245u + 12345u;
			s[k] = pick[(seed >> 16) % (sizeof(pick) - 1)];
		}
		seed = seed * 1103515245u + 12345u;
		if (round % 3 && n >= nl) { /* a needle that occurs, case turned */
			memcpy(needle, s + (seed >> 16) % (n - nl + 1), nl);
			for (size_t k = 0; k < nl; k++)
				if ((seed >> (k % 16)) & 1)
					needle[k] = str_lower_c(needle[k]) == needle[k] ? (char)(needle[k] & ~0x20)
											 : str_lower_c(needle[k]);
		} else {
			for (size_t k = 0; k < nl; k++)
				needle[k] = pick[(seed >> (k % 16)) % (sizeof(pick) - 1)];
		}
		if (round % 5 == 0)
			needle[0] = ' ';
		total += 3;
		same += text_find_ci_n(s, n, needle, nl) == ref_find_ci(s, n, needle, nl);
		same += text_find_v(s, n, needle, nl, true, false) == ref_find_ci(s, n, needle, nl);
		same += text_find_v(s, n, needle, nl, true, simd_avx2()) == ref_find_ci(s, n, needle, nl);
	}
	CHECK_INT(same, total, "text_find_ci and text_find_v (SSE2 and AVX2 steps) as a search at every start (%d searches)", total);
}

/* text_join() writes what snprintf("%s:%s[:%s]") would, cut the same way */
static void test_join(void)
{
	static const struct {
		const char *a, *b, *c;
		size_t size;
		const char *want;
		bool cut;
	} rows[] = {
		{"status", "5.1.1", NULL, 64, "status:5.1.1", false},
		{"text", "userunknown", "user unknown", 64, "text:userunknown:user unknown", false},
		{"text", "blocked", "", 64, "text:blocked:", false},
		{"status", "5.1.1", NULL, 13, "status:5.1.1", false},
		{"status", "5.1.1", NULL, 12, "status:5.1.", true},
		{"status", "5.1.1", NULL, 7, "status", true},
		{"status", "5.1.1", NULL, 8, "status:", true},
		{"rhost", "google", "x", 1, "", true},
	};
	char out[64], want[64];

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		bool cut = text_join(out, rows[i].size, rows[i].a, rows[i].b, rows[i].c);

		if (rows[i].c)
			snprintf(want, rows[i].size, "%s:%s:%s", rows[i].a, rows[i].b, rows[i].c);
		else
			snprintf(want, rows[i].size, "%s:%s", rows[i].a, rows[i].b);
		CHECK_STR(out, rows[i].want, "join row %zu", i);
		CHECK_STR(out, want, "join row %zu as snprintf", i);
		CHECK_INT(cut, rows[i].cut, "join row %zu cut", i);
	}
}

static void test_codes(void)
{
	static const struct {
		const char *in, *status, *reply;
	} rows[] = {
		{"550 5.1.1 <a@b.example>: User unknown", "5.1.1", "550"},
		{"smtp; 550-5.7.1 [192.0.2.1 44] blocked", "5.7.1", "550"},
		{"host 192.168.250.10 said: 5.2.2 mailbox full", "5.2.2", ""},
		{"Status: 4.4.7 (delayed) 421 try later", "4.4.7", "421"},
		{"see #5.1.0 and 550 5.2.2 later", "5.1.0", "550"},
		{"version 1.5.1.2 only", "", ""},
		{"code 999 and 5.9", "", ""},
		{"250 2.1.5 Ok", "2.1.5", "250"},
		{"port 2525 and 4500", "", ""},
		{"[2606:2800:220:6d::1]:25 socket error", "", ""},
		{"code 441 4.4.1 and 522", "4.4.1", ""},
		{"ERROR_CODE :550, ERROR_CODE :5.1.1", "5.1.1", "550"},
		/* a text that is a status and nothing else (a Status: field) */
		{"5.1.1", "5.1.1", ""}, {"2.0.0", "2.0.0", ""}, {"4.2.10", "4.2.10", ""},
		{"5.1.1.2", "", ""}, {"5.1.1x", "5.1.1", ""}, {"5.1.", "", ""}, {"5.1.1234", "", ""},
	};
	char st[16], rc[4];

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const char *s = rows[i].in;

		if (!text_find_status(s, strlen(s), st, sizeof(st)))
			st[0] = '\0';
		if (!text_find_replycode(s, strlen(s), rc, sizeof(rc)))
			rc[0] = '\0';
		CHECK_STR(st, rows[i].status, "status in '%s'", s);
		CHECK_STR(rc, rows[i].reply, "reply code in '%s'", s);
	}
	/* into an out that fits exactly, and one a byte short: cut as
	 * str_copyn() cuts */
	CHECK(text_find_status("550 5.1.10 x", 12, st, 7) && strcmp(st, "5.1.10") == 0, "status fits exactly");
	CHECK(text_find_status("550 5.1.10 x", 12, st, 6) && strcmp(st, "5.1.1") == 0, "status cut to size");
	CHECK(text_find_status("5.1.10", 6, st, 6) && strcmp(st, "5.1.1") == 0, "a whole status cut to size");
	CHECK(text_find_status("5.1.1 more", 5, st, sizeof(st)) && strcmp(st, "5.1.1") == 0, "n bounds the status");
	CHECK(text_find_replycode("550 5.1.10 x", 12, rc, 4) && strcmp(rc, "550") == 0, "reply code fits exactly");
	CHECK(text_find_replycode("550 5.1.10 x", 12, rc, 3) && strcmp(rc, "55") == 0, "reply code cut to size");
}

/* text_is_replycode() of every string of up to four bytes of digits and a
 * few others: what text_find_replycode() finds in it, when that is all of
 * it (a field that holds a code, "550", not "55" or "5500") */
static void test_is_replycode(void)
{
	static const char pick[] = "0123456789a. ";
	const size_t np = sizeof(pick) - 1;
	int same = 0, total = 0, codes = 0;

	for (size_t len = 0; len <= 4; len++) {
		size_t count = 1;

		for (size_t k = 0; k < len; k++)
			count *= np;
		for (size_t x = 0; x < count; x++) {
			char s[5], rc[4];
			size_t y = x;
			bool want;

			for (size_t k = 0; k < len; k++, y /= np)
				s[k] = pick[y % np];
			s[len] = '\0';
			want = text_find_replycode(s, len, rc, sizeof(rc)) && strcmp(rc, s) == 0;
			total++;
			codes += want;
			same += text_is_replycode(s) == want;
		}
	}
	CHECK(same == total && codes > 40, "a whole reply code is told (%d of %d strings, %d codes)", same, total, codes);
}

/* A status at every offset of texts of 1..60 bytes, in a buffer of the
 * text's size (ASan sees any read past it): the start search steps sixteen
 * bytes at a time, and must find it in a block, across blocks and in the
 * tail alike; "25.5" and "v1.5.2a" before it are no status. */
static void test_status_offsets(void)
{
	int bad = 0;

	for (size_t len = 1; len <= 60; len++) {
		for (size_t at = 0; at + 5 <= len; at++) {
			char *s = malloc(len), st[16];

			if (!s)
				abort();
			for (size_t k = 0; k < len; k++)
				s[k] = "x25.5 v1.5.2a "[k % 14];
			if (at > 0)
				s[at - 1] = ' ';
			memcpy(s + at, "4.2.2", 5);
			if (at + 5 < len)
				s[at + 5] = ' ';
			if (!text_find_status(s, len, st, sizeof(st)) || strcmp(st, "4.2.2") != 0)
				bad++;
			free(s);
		}
	}
	CHECK(bad == 0, "status 4.2.2 found at every offset (%d misses)", bad);
}

static void test_addresses(void)
{
	static const struct {
		const char *in, *want;
	} rows[] = {
		{"rfc822; Anna@Example.ORG", "Anna@example.org"},
		{"<bob@example.org>", "bob@example.org"},
		{"RCPT TO:<carol@example.org>", "carol@example.org"},
		{"\"Dave D\" <dave@example.org>", "dave@example.org"},
		{"mail to erin@example.org. failed", "erin@example.org"},
		{"(frank@example.org)", "frank@example.org"},
		{"user@[192.0.2.1]", "user@[192.0.2.1]"},
		{"no address here", ""},
		{"a@b", ""},
		{"<> and then grace@example.org", "grace@example.org"},
		/* the shapes text_extract_address() answers in one pass, and
		 * their near misses that take the general walk */
		{"Example News <News@Example.COM>", "News@example.com"},
		{" RFC822;  kijitora@Example.JP \t", "kijitora@example.jp"},
		{"<a(b)@example.org>", "a(b)@example.org"},
		{"hans@example.org.", "hans@example.org"},
		{"<ivy@example>, jack@example.org", "jack@example.org"},
	};
	char out[BOUNCE_ADDR_MAX];
	char a[64];

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const char *s = rows[i].in;

		if (!text_extract_address(s, strlen(s), out, sizeof(out)))
			out[0] = '\0';
		CHECK_STR(out, rows[i].want, "address in '%s'", s);
	}
	CHECK(!text_extract_address("<abcdefgh@x.org>", 16, out, 14) && !out[0], "an address that does not fit");
	CHECK(text_extract_address("abcdefg@x.org", 13, out, 14), "an address that just fits");
	snprintf(a, sizeof(a), "  <'x@Y.Example'>. ");
	CHECK(address_normalise(a), "normalise quoted and bracketed");
	CHECK_STR(a, "x@y.example", "normalised");
	CHECK(!address_is_valid("x@localhost"), "no dot in the domain");
	CHECK(!address_is_valid("x y@example.org"), "blank in the local part");
	CHECK(!address_is_valid("x@@example.org"), "two @");
	CHECK(!address_is_valid("@example.org"), "empty local part");
	CHECK(address_is_valid("x@example.org"), "plain address");
	/* sixteen bytes or more: the local part and a domain of up to
	 * sixteen are read in SSE2 steps, as the byte loops did */
	CHECK(address_is_valid("long.local.part.x@example.org"), "long local part");
	CHECK(!address_is_valid("long.local,part.x@example.org"), "',' in a long local part");
	CHECK(!address_is_valid("long.local\x01part@example.org"), "control byte in a long local part");
	CHECK(address_is_valid("0123456789@a_b.c-d.\xc3\xa9"), "'_', '-' and 8-bit bytes in a domain");
	CHECK(!address_is_valid("0123456789@example..org"), "two dots in a domain");
	CHECK(!address_is_valid("0123456789@example.org."), "a dot that ends a domain");
	CHECK(!address_is_valid("0123456789@example;org"), "';' in a domain");
	CHECK(!address_is_valid("0123456789@localhost"), "no dot in a domain of sixteen");
	CHECK(address_is_valid("x@sixteen.bytes.ab"), "a domain of sixteen bytes");
	snprintf(a, sizeof(a), "0123456789@MX.Example.ORG");
	CHECK(address_normalise(a), "normalise a domain with capitals");
	CHECK_STR(a, "0123456789@mx.example.org", "capitals of the domain lower-cased");
}

/* address_normalise_fixed() says "fixed" exactly when a second
 * normalisation leaves the address as it is and valid: the driver skips
 * that second one when lhost_finish() said so. */
static void test_address_fixed(void)
{
	static const struct {
		const char *in, *once;
		bool valid, fixed;
	} rows[] = {
		{"x@example.org", "x@example.org", true, true},
		{"  <x@Example.ORG>. ", "x@example.org", true, true},
		{"rfc822; x@example.org", "x@example.org", true, true},
		{"<rfc822;x@example.org>", "rfc822;x@example.org", true, false},
		{"\"RFC822; x@example.org\"", "RFC822; x@example.org", false, false},
		{"<\"<x@example.org>\">", "x@example.org", true, true},
		{"<'<x@example.org>'>", "x@example.org", true, true},
		{"\"'rfc822;x@example.org'\"", "rfc822;x@example.org", true, false},
		{"x@localhost", "x@localhost", false, false},
		{"rfc822;", "", false, false},
		{"<>", "", false, false},
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		char a[64], b[64];
		bool fixed = !rows[i].fixed, valid = address_normalise_fixed(strcpy(a, rows[i].in), &fixed);
		bool again = address_normalise(strcpy(b, a));

		CHECK(valid == rows[i].valid && fixed == rows[i].fixed, "row %zu: valid %d fixed %d", i, valid, fixed);
		CHECK_STR(a, rows[i].once, "row %zu: normalised once", i);
		CHECK(fixed == (again && strcmp(a, b) == 0), "row %zu: fixed when a second time changes nothing", i);
	}
}

/* A NUL ends an address as it would end a copy: inside "<...>", inside an
 * address literal, before the local part. */
static void test_address_nul(void)
{
	static const struct {
		const char *in;
		size_t n;
		const char *want;
	} rows[] = {
		{"<ab\0x@example.org>", 19, "x@example.org"},
		{"u@[192.0\0.2.1]", 15, ""},
		{"u@[192.0.2.1]\0", 14, "u@[192.0.2.1]"},
		{"u\0v@example.org", 16, "v@example.org"},
		{"<w@exa\0mple.org>", 17, ""},
	};
	char out[BOUNCE_ADDR_MAX];

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		if (!text_extract_address(rows[i].in, rows[i].n, out, sizeof(out)))
			out[0] = '\0';
		CHECK_STR(out, rows[i].want, "address with a NUL, row %zu", i);
	}
}

static void test_dates(void)
{
	static const struct {
		const char *in;
		long long want;
	} rows[] = {
		{"Tue, 3 Mar 2026 10:20:30 +0100", 1772529630},
		{"3 Mar 2026 10:20:30 +0100", 1772529630},
		{"Tue, 03 Mar 26 09:20:30 GMT", 1772529630},
		{"Tue, 3 Mar 2026 04:20:30 -0500 (EST)", 1772529630},
		{"Tue, 3 Mar 2026 09:20 UT", 1772529600},
		{"Thu, 29 Apr 2000 23:34:45 +0900 (JST)", 957018885},
		{"3-Mar-2026 09:20:30 +0000", 1772529630},
		/* zone names in either case, the first that starts the text */
		{"Tue, 3 Mar 2026 11:20:30 cest", 1772529630},
		{"Tue, 3 Mar 2026 10:20:30 CeTx", 1772529630},
		{"Tue, 3 Mar 2026 09:20:30 zulu", 1772529630},
		{"Tue, 3 Mar 2026 09:20:30 UTC", 1772529630},
		{"Tue, 3 Mar 2026 09:20:30 Q", 1772529630},
		/* the layout read by position, and its edges (the general
		 * reader's answers) */
		{"3 Mar 2026 10:20:3 +0100", 1772529603},
		{"3 Mar 2026 10:20:301 +0100", 1772533230},
		{"3 Mar 2026 10:205 +0100", 1772533200},
		{"3 Mar 0049 10:20:30 +0000", 2498379630},
		{"3 Mar 2026 10:20: +0100", 0},
		/* the straight path of "Mon, 2 Jan 2006 15:04:05 -0700": its
		 * signs, months each side of March, and the fields it leaves to
		 * the general reader (out of range, year 0049, no sign) */
		{"Mon, 2 Jan 2006 15:04:05 -0700", 1136239445},
		{"Sun, 29 Feb 2004 23:59:60 +1400", 1078048800},
		{"Mon,  1 Mar 2004 00:00:00 -0030 (XYZ)", 1078101000},
		{"Mon, 00 Jan 2006 15:04:05 +0000", 0},
		{"Wed, 31 Dec 1969 23:59:59 +0000", 0},
		{"Mon, 2 Jan 0049 15:04:05 +0000", 2493212645},
		{"Mon, 2 Jan 2006 24:04:05 +0000", 0},
		{"Mon, 2 Jan 2006 15:04:05 *0700", 1136214245},
		{"Mon, 2 Jan 2006 15:04:05 +07000", 1136189045},
		{"103 Mar 2026 10:20:30", 0},
		{"3 March 2026 10:20:30 +0100", 1772529630},
		{"3  Mar 2026 10:20:30 +0100", 1772529630},
		{"3 Mar 2026 10:20", 1772533200},
		{"not a date", 0},
		{"32 Mar 2026 10:00:00 +0000", 0},
		{"3 Foo 2026 10:00:00 +0000", 0},
		{"", 0},
		/* blanks before it, "GMT" or "UTC" in the place of the offset:
		 * read by position too */
		{"Wed, 04 Nov 2026 09:31:10 GMT", 1793784670},
		{"Wed, 04 Nov 2026 09:31:10 gmt", 1793784670},
		{"Wed, 04 Nov 2026 09:31:10 UTCx", 1793784670},
		{"Wed, 4 Nov 2026 09:31:10 GMT", 1793784670},
		{" \tFri, 06 Nov 2026 09:31:10 +0900", 1793925070},
		{"  6 Nov 2026 09:31:10 +0900", 1793925070},
		{"Wed, 04 Nov 2026 09:31:10 GMX", 1793784670},
		{"Wed, 04 Nov 2026 09:31:1 GMT", 1793784661},
		{"Wed, 04 Nov 2026 09:31:10  GMT", 1793784670},
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		CHECK_INT(text_parse_date(rows[i].in, strlen(rows[i].in)), rows[i].want, "date '%s'",
			  rows[i].in);
}

/* The straight path and the general reader give the same answer: a date
 * after a ',' (a byte the general reader passes over, the straight path
 * does not) always goes to the general reader. Dates of each layout with
 * bytes changed at random and cut at random lengths, each in a buffer of
 * its own length (nothing past it may be read). */
static void test_date_paths(void)
{
	static const char *const forms[] = {
		"Wed, 04 Nov 2026 09:31:10 GMT", "Wed, 04 Nov 2026 09:31:10 +0900", " Fri, 6 Nov 2026 09:31:10 -0030",
		"\t6 Nov 2026 09:31:10 UTC", "Thu,  5 Nov 2026 23:59:60 gmt (x)", "5 Nov 2026 00:00:00 +0000",
	};
	static const char bytes[] = "0123456789 :+-GMTUCgmtuc\t,aZ";
	unsigned seed = 777;
	int same = 0, total = 0;

	for (int round = 0; round < 40000; round++) {
		const char *f = forms[round % (sizeof(forms) / sizeof(forms[0]))];
		size_t n = strlen(f);
		char text[64], *a, *b;

		memcpy(text, f, n);
		for (int k = 0; k < round % 3; k++) {
			seed = seed * 1103515245u + 12345u;
			text[(seed >> 16) % n] = bytes[(seed >> 8) % (sizeof(bytes) - 1)];
		}
		seed = seed * 1103515245u + 12345u;
		if ((seed >> 16) % 4 == 0)
			n -= (seed >> 8) % 8;
		a = malloc(n ? n : 1);
		b = malloc(n + 1);
		if (!a || !b) {
			free(a);
			free(b);
			continue;
		}
		memcpy(a, text, n);
		b[0] = ',';
		memcpy(b + 1, text, n);
		total++;
		same += text_parse_date(a, n) == text_parse_date(b, n + 1);
		free(a);
		free(b);
	}
	CHECK_INT(same, total, "dates read by position as the general reader reads them (%d texts)", total);
}

/* Every three letters in the place of the month: only the twelve names,
 * in any case, are a month, each the one after the one before (the
 * month is found by a hash of its three bytes, then compared) */
static void test_date_months(void)
{
	static const char names[12][4] = {"jan", "feb", "mar", "apr", "may", "jun",
					  "jul", "aug", "sep", "oct", "nov", "dec"};
	char in[40];
	int months = 0, cased = 0, ordered = 0;
	long long prev = 0;

	for (int a = 'a'; a <= 'z'; a++)
		for (int b = 'a'; b <= 'z'; b++)
			for (int c = 'a'; c <= 'z'; c++) {
				snprintf(in, sizeof(in), "1 %c%c%c 2026 00:00:00 +0000", a, b, c);
				months += text_parse_date(in, strlen(in)) != 0;
			}
	for (int m = 0; m < 12; m++) {
		long long t;

		snprintf(in, sizeof(in), "1 %s 2026 00:00:00 +0000", names[m]);
		t = text_parse_date(in, strlen(in));
		ordered += t > prev;
		prev = t;
		snprintf(in, sizeof(in), "1 %c%c%c 2026 00:00:00 +0000", names[m][0] - 32, names[m][1], names[m][2] - 32);
		cased += text_parse_date(in, strlen(in)) == t;
	}
	CHECK_INT(months, 12, "of all three-letter words, the twelve month names are months");
	CHECK(ordered == 12 && cased == 12, "months in order (%d), in any case (%d)", ordered, cased);
}

static void test_orig_start(void)
{
	const char *b = "Sorry.\n\n------ This is a copy of the message, including all the headers. ------\n\n"
			"From: a@example.org\n";
	const char *p = text_orig_start(b, strlen(b));

	CHECK(p && strncmp(p, "From: a@example.org", 19) == 0, "Exim inline copy found");
	CHECK(text_orig_start("nothing", 7) == NULL, "no marker");
	CHECK(text_orig_start("Original message follows", 24) == NULL, "marker at the very end");
}

/* The markers of text.c, as the spec of text_orig_start(): the earliest
 * one in the text (any case), then the next line past blank lines. */
static const char *const orig_markers[] = {
	"This is a copy of the message, including all the headers",
	"This is a copy of your message, including all the headers",
	"Below this line is a copy of the message",
	"Original message follows",
	"Original message headers",
	"Original Message Headers",
	"----- Original message -----",
	"------ Original message ------",
	"Unsent message below",
	"The header of the original message is following",
	"Message header follows",
	"The original message headers follow",
	"Content-Type: message/rfc822",
	"Content-Type: text/rfc822-headers",
	"--- Returned message ---",
	"Returned mail follows",
	"Your message reads (in part)",
	"original message below",
};
#define N_ORIG (sizeof(orig_markers) / sizeof(orig_markers[0]))

static const char *orig_start_ref(const char *body, size_t len)
{
	const char *best = NULL, *m;

	for (size_t i = 0; i < N_ORIG; i++)
		if ((m = text_find_ci(body, len, orig_markers[i])) && (!best || m < best))
			best = m;
	if (!best || !(best = memchr(best, '\n', len - (size_t)(best - body))))
		return NULL;
	while (best < body + len && (*best == '\n' || *best == ' ' || *best == '\t'))
		best++;
	return best < body + len ? best : NULL;
}

static void test_orig_markers(void)
{
	static const char *const tok[] = {
		"message ", "Message", "MESSAGE", "messag", "ss", "22", "ll", "\n", " ", "x", "rfc822",
		"follows", "Original ", "original ", "Returned ", "mail ", "copy of the ", "headers", "-----",
		"Content-Type: ", "text/", "message/", "Your ", "below", "including all the ", "the ", "\t",
		/* the byte after "message " in another case, or not there */
		"message,", "MESSAGE ", "HEADERS", "Follows", "BELOW", "message\n", "Message -", "message H",
	};
	char buf[1200];
	unsigned seed = 4242;
	int same = 0, total = 0;
	bool avx2 = simd_avx2();
	const char *want;

	for (size_t i = 0; i < N_ORIG; i++) { /* each one alone, in another case, mid-text */
		int n = snprintf(buf, sizeof(buf), "Some text before it.\n  %s:\n\nFrom: a@b.example\n", orig_markers[i]);
		const char *p;

		for (int k = 0; k < n - 20; k++) /* not the From line */
			if (k % 3 == 0 && buf[k] >= 'a' && buf[k] <= 'z')
				buf[k] = (char)(buf[k] - 'a' + 'A');
		p = text_orig_start(buf, (size_t)n);
		CHECK(p && strncmp(p, "From: a@b.example", 17) == 0, "marker '%s' found", orig_markers[i]);
	}
	for (size_t i = 0; i < N_ORIG; i++) /* near the end: the last block of a scan, read again in part */
		for (int pad = 0; pad < 70; pad++) {
			int n = snprintf(buf, sizeof(buf), "%.*s%s\nFrom: a@b\n", pad,
					 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", orig_markers[i]);

			want = orig_start_ref(buf, (size_t)n);
			total++;
			same += want && text_orig_start_v(buf, (size_t)n, false) == want &&
				(!avx2 || text_orig_start_v(buf, (size_t)n, true) == want);
		}
	for (int round = 0; round < 3000; round++) { /* random texts of marker pieces, and whole markers */
		size_t n = 0, ntok;

		seed = seed * 1103515245u + 12345u;
		ntok = (seed >> 16) % 40 + 1;
		for (size_t t = 0; t < ntok; t++) {
			const char *s;
			size_t l;

			seed = seed * 1103515245u + 12345u;
			s = (seed >> 16) % 9 == 0 ? orig_markers[(seed >> 8) % N_ORIG]
						   : tok[(seed >> 16) % (sizeof(tok) / sizeof(tok[0]))];
			l = strlen(s);
			if (n + l >= sizeof(buf))
				break;
			memcpy(buf + n, s, l);
			n += l;
		}
		want = orig_start_ref(buf, n);
		total++;
		same += text_orig_start(buf, n) == want && text_orig_start_v(buf, n, false) == want &&
			(!avx2 || text_orig_start_v(buf, n, true) == want);
	}
	CHECK_INT(same, total, "orig start: the earliest marker (%d random texts, SSE2%s)", total,
		  avx2 ? " and AVX2 steps" : " step only: no AVX2 in this CPU or build");
}

/* text_orig_start()'s anchors and next-byte table, written out in text.c,
 * are what its markers give */
static void test_orig_tables(void)
{
	CHECK(text_orig_tables_ok(), "orig start: the written-out tables match the markers");
}

TEST_MAIN(test_find, test_pathological, test_lines, test_trim, test_trim_random, test_trim_bytewise, test_trim_controls, test_find_bytewise, test_find_ci_bytewise, test_join, test_codes, test_is_replycode, test_status_offsets, test_addresses, test_address_fixed, test_address_nul, test_dates, test_date_paths, test_date_months, test_orig_start,
	  test_orig_markers, test_orig_tables)
