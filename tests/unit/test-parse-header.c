/* test-parse-header.c: header values as hdr_get() makes them, for every
 * length and every place of the bytes that send a value to the decoder
 * (an 8-bit byte, "=?"), against rfc2047_decode() of the value itself. */
#include "harness.h"
#include "test-parse-cc.h"
#include "parse/mime.h"
#include "parse/view.h"
#include "util/simd.h"

#define VMAX 100


/* The value hdr_get() must give for v[0..n) (no blanks at its ends): the
 * decoder's when it has an 8-bit byte or "=?", else v itself. */
static char *want_value(const char *v, size_t n)
{
	struct mime_buf b = {0};
	char *w;
	bool plain = true;

	for (size_t i = 0; i < n; i++)
		if ((unsigned char)v[i] >= 0x80 || (v[i] == '=' && i + 1 < n && v[i + 1] == '?'))
			plain = false;
	if (plain)
		return strndup(v, n);
	rfc2047_decode(cc, v, n, &b);
	w = strndup(b.p ? b.p : "", b.len);
	mime_buf_free(&b);
	return w;
}

/* Is the span got[0..gl) want? */
static bool span_is(const char *got, size_t gl, const char *want)
{
	return got && gl == strlen(want) && memcmp(got, want, gl) == 0;
}

/* "Subject: " v "\n\n" through header_parse_v() with or without the
 * AVX2 steps, the value ended in place (own) or copied: 1 when it is not
 * want, by hdr_get_text() (first: the value not made yet) and hdr_get(). */
static int check_value_v(const char *v, size_t n, const char *want, bool avx2, bool own)
{
	char text[VMAX + 16];
	struct mime_arena *a = mime_arena_new();
	struct header_list hl;
	size_t body, l = (size_t)snprintf(text, sizeof(text), "Subject: %.*s\n\n", (int)n, v);
	bool truncated = false;
	const char *got;
	size_t gl;
	int bad;

	if (!a || header_parse_v(a, cc, text, l, true, &hl, &body, &truncated, avx2) != 0) {
		mime_arena_free(a);
		return 1;
	}
	if (own)
		hl.own = text;
	got = hdr_get_text(&hl, "subject", &gl);
	bad = !span_is(got, gl, want);
	got = hdr_get(&hl, "subject");
	bad |= !got || strcmp(got, want) != 0;
	mime_arena_free(a);
	return bad;
}

/* "Subject: " v "\n\n", in the bounce's own headers (the value ends in
 * place) and in the returned message's (a copy); and through
 * header_parse_v() with each step the CPU has. */
static int check_value(const char *v, size_t n)
{
	char msg[3 * VMAX + 200], *want = want_value(v, n);
	struct mail_view mv;
	const char *got;
	int bad = 0;
	size_t l, gl;

	l = (size_t)snprintf(msg, sizeof(msg),
			     "Subject: %.*s\nContent-Type: multipart/report; boundary=q\n\n--q\n"
			     "Content-Type: message/rfc822\n\nSubject: %.*s\n\nx\n--q--\n",
			     (int)n, v, (int)n, v);
	if (!want || view_build(cc, msg, l, &mv) != 0) {
		free(want);
		return 1;
	}
	bad += !hdr_get(&mv.head, "subject") || strcmp(hdr_get(&mv.head, "subject"), want) != 0;
	got = hdr_get_text(&mv.orig, "subject", &gl);
	bad += !span_is(got, gl, want);
	bad += !hdr_get(&mv.orig, "subject") || strcmp(hdr_get(&mv.orig, "subject"), want) != 0;
	view_free(&mv);
	for (int avx2 = 0; avx2 <= (int)simd_avx2(); avx2++)
		bad += check_value_v(v, n, want, avx2, false) + check_value_v(v, n, want, avx2, true);
	free(want);
	return bad;
}

/* An 8-bit byte, "=?", an encoded word, and a lone '=' at each place of
 * values of 1 to VMAX bytes. */
static void test_plain_or_decoded(void)
{
	char v[VMAX + 1];
	int bad_8bit = 0, bad_eq = 0, bad_word = 0, bad_lone = 0, bad_none = 0;

	for (size_t n = 1; n <= VMAX; n++) {
		memset(v, 'a', n);
		bad_none += check_value(v, n);
		for (size_t k = 0; k < n; k++) {
			memset(v, 'a', n);
			v[k] = (char)0xE9;
			bad_8bit += check_value(v, n);
			memset(v, 'a', n);
			v[k] = '=';
			bad_lone += check_value(v, n);
			if (k + 1 < n) {
				v[k + 1] = '?';
				bad_eq += check_value(v, n);
			}
			if (k >= 1 && k + 18 < n) {
				memset(v, 'a', n);
				memcpy(v + k, " =?us-ascii?q?Z?= ", 18);
				bad_word += check_value(v, n);
			}
		}
	}
	CHECK_INT(bad_none, 0, "plain values of 1 to %d bytes", VMAX);
	CHECK_INT(bad_8bit, 0, "an 8-bit byte at each place: decoded");
	CHECK_INT(bad_lone, 0, "a lone '=' at each place: kept");
	CHECK_INT(bad_eq, 0, "\"=?\" at each place: to the decoder");
	CHECK_INT(bad_word, 0, "an encoded word at each place: decoded");
}

/* The decoder's answer differs from the text for the rows below: the
 * checks above do tell "to the decoder" from "kept". */
static void test_decoder_differs(void)
{
	struct mail_view mv;
	static const char msg[] = "Subject: a =?us-ascii?q?Z?= b\nFrom: caf\xE9\n\nx\n";

	CHECK(view_build(cc, msg, sizeof(msg) - 1, &mv) == 0, "builds");
	CHECK_STR(hdr_get(&mv.head, "subject"), "a Z b", "encoded word decoded");
	CHECK_STR(hdr_get(&mv.head, "from"), "caf\xC3\xA9", "8-bit byte through the fallback");
	view_free(&mv);
}

/* hdr_get() by names of 1 to 40 bytes (every way names are compared:
 * byte by byte, in two ends of four or eight bytes, sixteen at a time),
 * written upper-case in the text: found, and a name with any one byte
 * changed is not. */
static void test_lookup_lengths(void)
{
	char msg[4096], name[41], want[16];
	size_t l = 0;
	struct mail_view mv;
	int bad_found = 0, bad_other = 0;

	for (size_t n = 1; n <= 40; n++) {
		for (size_t j = 0; j < n; j++)
			msg[l + j] = (char)('A' + (n + j) % 26);
		l += n;
		l += (size_t)snprintf(msg + l, sizeof(msg) - l, ": v%zu\n", n);
	}
	l += (size_t)snprintf(msg + l, sizeof(msg) - l, "\nbody\n");
	CHECK(view_build(cc, msg, l, &mv) == 0, "builds");
	for (size_t n = 1; n <= 40; n++) {
		for (size_t j = 0; j < n; j++)
			name[j] = (char)('a' + (n + j) % 26);
		name[n] = '\0';
		snprintf(want, sizeof(want), "v%zu", n);
		bad_found += !hdr_get(&mv.head, name) || strcmp(hdr_get(&mv.head, name), want) != 0;
		for (size_t j = 0; j < n; j++) {
			char c = name[j];

			name[j] = c == 'z' ? 'a' : (char)(c + 1);
			bad_other += hdr_get(&mv.head, name) != NULL && strcmp(hdr_get(&mv.head, name), want) == 0;
			name[j] = c;
		}
	}
	view_free(&mv);
	CHECK_INT(bad_found, 0, "names of 1 to 40 bytes found in any case");
	CHECK_INT(bad_other, 0, "a name with one byte changed not found");
}

/* header_parse_in(): a block of 1 to 20 headers, one of them folded, into
 * 1 to 9 slots of the caller's (more than they hold: on in the arena)
 * gives what header_parse_v() gives, and hdr_get_text() the value
 * hdr_get() makes, folded one included, in a list that is not its text. */
static void test_parse_in_slots(void)
{
	int bad_list = 0, bad_text = 0;

	for (int with_avx2 = 0; with_avx2 <= (int)simd_avx2(); with_avx2++)
		for (size_t nh = 1; nh <= 20; nh++)
			for (size_t cap = 1; cap <= 9; cap++) {
				char text[2048];
				struct mail_header slots[9];
				struct header_list a, b;
				struct mime_arena *ar = mime_arena_new();
				size_t l = 0, ba = 0, bb = 0, gl;
				bool ta = false, tb = false;

				for (size_t i = 0; i < nh; i++)
					l += (size_t)snprintf(text + l, sizeof(text) - l,
							      i == nh / 2 ? "X-H%zu:  v%zu ;\n\tcont %zu \n" : "X-H%zu: v%zu\n",
							      i, i, i);
				l += (size_t)snprintf(text + l, sizeof(text) - l, "\nbody\n");
				if (!ar || header_parse_in(ar, cc, text, l, &a, &ba, &ta, with_avx2, slots, cap) != 0 ||
				    header_parse_v(ar, cc, text, l, true, &b, &bb, &tb, with_avx2) != 0) {
					bad_list++;
					mime_arena_free(ar);
					continue;
				}
				bad_list += a.n != nh || b.n != nh || ba != bb || ta != tb;
				for (size_t i = 0; i < nh && i < a.n && i < b.n; i++) {
					char name[16];
					const char *t;

					snprintf(name, sizeof(name), "x-h%zu", i);
					t = hdr_get_text(&b, name, &gl);
					bad_text += !hdr_get(&a, name) || !span_is(t, gl, hdr_get(&a, name));
					bad_text += !hdr_get(&b, name) || strcmp(hdr_get(&a, name), hdr_get(&b, name)) != 0;
				}
				mime_arena_free(ar);
			}
	CHECK_INT(bad_list, 0, "header_parse_in() into 1 to 9 slots: the list header_parse_v() makes");
	CHECK_INT(bad_text, 0, "hdr_get_text(): the values hdr_get() makes, a folded one included");
}

TEST_MAIN(cc_setup, test_decoder_differs, test_plain_or_decoded, test_lookup_lengths, test_parse_in_slots,
	  cc_teardown)
