/* test-parse-inplace.c: bounce_parse_buf(), the parse of a lent buffer,
 * against bounce_parse() of the same bytes: every fixture, and each with
 * CRLF and CR line ends, a NUL, no last line end, a CR at the very end,
 * cut by max_bytes. The lent buffer is followed by guard bytes, which must
 * stay as they were, and is also allocated to its exact size (ASan then
 * sees any byte read or written past it). mime_text_is_normal() against a
 * plain search on random texts. */
#include <dirent.h>
#include <stdbool.h>
#include <stdint.h>

#include "harness.h"
#include "parse/bounce.h"
#include "parse/mime.h"
#include "util/simd.h"

#define GUARD 64
#define GUARD_BYTE 0xA5

static struct parse_ctx *ctx, *ctx_cut;

/* Where a and b differ: a field's name, or NULL when they are the same. */
static const char *result_diff(const struct parse_result *a, const struct parse_result *b)
{
#define SAME_STR(f) \
	if (strcmp(a->f, b->f) != 0) \
		return #f
#define SAME_NUM(f) \
	if (a->f != b->f) \
		return #f
	SAME_NUM(kind);
	SAME_NUM(flags);
	SAME_STR(why);
	SAME_STR(msg.addresser);
	SAME_STR(msg.messageid);
	SAME_STR(msg.subject);
	SAME_STR(msg.listid);
	SAME_STR(msg.bounce_messageid);
	SAME_NUM(msg.date);
	SAME_NUM(n_records);
	for (size_t i = 0; i < a->n_records; i++) {
		SAME_STR(records[i].recipient);
		SAME_STR(records[i].alias);
		SAME_STR(records[i].deliverystatus);
		SAME_STR(records[i].statuscomment);
		SAME_STR(records[i].replycode);
		SAME_NUM(records[i].reason);
		SAME_NUM(records[i].hardbounce);
		SAME_STR(records[i].action);
		SAME_STR(records[i].diagnosticcode);
		SAME_STR(records[i].diagnostictype);
		SAME_STR(records[i].rhost);
		SAME_STR(records[i].lhost);
		SAME_STR(records[i].command);
		SAME_NUM(records[i].timestamp);
		SAME_STR(records[i].feedbacktype);
		SAME_STR(records[i].token);
		SAME_STR(records[i].decodedby);
		SAME_STR(records[i].rule);
		SAME_NUM(records[i].flags);
	}
	return NULL;
#undef SAME_STR
#undef SAME_NUM
}

/* d[0..n) in a lent buffer: n bytes, BOUNCE_PARSE_PAD zeros, then (guard)
 * GUARD bytes that must stay as they are, or none (the exact size). */
static enum parse_status parse_lent(struct parse_ctx *c, const char *d, size_t n, bool guard,
				    struct parse_result *res, bool *guard_ok)
{
	size_t cap = n + BOUNCE_PARSE_PAD;
	char *buf = malloc(cap + (guard ? GUARD : 0));
	enum parse_status st;

	*guard_ok = buf != NULL;
	if (!buf)
		return PARSE_NOMEM;
	memcpy(buf, d, n);
	memset(buf + n, 0, BOUNCE_PARSE_PAD);
	if (guard)
		memset(buf + cap, GUARD_BYTE, GUARD);
	st = bounce_parse_buf(c, buf, n, cap, res);
	for (size_t i = 0; guard && i < GUARD; i++)
		if ((unsigned char)buf[cap + i] != GUARD_BYTE)
			*guard_ok = false;
	free(buf);
	return st;
}

/* One input through both entries (and the lent one twice: with guard
 * bytes, and to the exact size); the number of differences. */
static int compare_one(struct parse_ctx *c, const char *what, const char *d, size_t n)
{
	struct parse_result want, got;
	const char *diff = NULL;
	bool guard_ok = true, exact_ok;
	int bad = 0;

	parse_result_init(&want);
	parse_result_init(&got);
	if (bounce_parse(c, d, n, &want) != PARSE_OK) {
		CHECK(0, "%s: bounce_parse", what);
		return 1;
	}
	for (int exact = 0; exact < 2; exact++) {
		if (parse_lent(c, d, n, !exact, &got, exact ? &exact_ok : &guard_ok) != PARSE_OK) {
			CHECK(0, "%s: bounce_parse_buf", what);
			bad++;
			continue;
		}
		if ((diff = result_diff(&want, &got)) != NULL) {
			printf("# %s: %s differs (%s)\n", what, diff, exact ? "exact size" : "guarded");
			bad++;
		}
	}
	if (!guard_ok) {
		printf("# %s: a guard byte past len + BOUNCE_PARSE_PAD was written\n", what);
		bad++;
	}
	parse_result_clear(&want);
	parse_result_clear(&got);
	return bad;
}

/* d with every LF made to (CR-only) or preceded by (CRLF) a CR, in out
 * (room for 2n); its length. */
static size_t line_ends(const char *d, size_t n, bool crlf, char *out)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		if (d[i] == '\n') {
			out[o++] = '\r';
			if (!crlf)
				continue;
		}
		out[o++] = d[i];
	}
	return o;
}

/* Every variant of d[0..n) (a fixture's bytes) through compare_one(). */
static int compare_variants(const char *name, const char *d, size_t n)
{
	char what[300];
	char *v = malloc(2 * n + 2);
	size_t m;
	int bad = 0;

	if (!v)
		return 1;
	snprintf(what, sizeof(what), "%s as is", name);
	bad += compare_one(ctx, what, d, n);
	snprintf(what, sizeof(what), "%s CRLF", name);
	bad += compare_one(ctx, what, v, line_ends(d, n, true, v));
	snprintf(what, sizeof(what), "%s CR", name);
	bad += compare_one(ctx, what, v, line_ends(d, n, false, v));
	snprintf(what, sizeof(what), "%s cut by max_bytes", name);
	bad += compare_one(ctx_cut, what, d, n);
	/* a NUL in the middle, which becomes a space */
	memcpy(v, d, n);
	if (n)
		v[n / 2] = '\0';
	snprintf(what, sizeof(what), "%s with a NUL", name);
	bad += compare_one(ctx, what, v, n);
	/* no line end after the last line; then a CR alone at the very end */
	for (m = n; m && (d[m - 1] == '\n' || d[m - 1] == '\r'); m--)
		;
	memcpy(v, d, m);
	snprintf(what, sizeof(what), "%s without a last line end", name);
	bad += compare_one(ctx, what, v, m);
	v[m] = '\r';
	snprintf(what, sizeof(what), "%s with a CR at the very end", name);
	bad += compare_one(ctx, what, v, m + 1);
	free(v);
	return bad;
}

/* Every fixture of dir (a path under tests/fixtures/). */
static void test_fixtures_dir(const char *dir)
{
	DIR *dh = opendir(dir);
	char path[512], *d;
	size_t n;
	int files = 0, bad = 0;

	CHECK(dh != NULL, "%s opens", dir);
	if (!dh)
		return;
	while ((d = t_next_file(dh, dir, path, sizeof(path), &n))) {
		files++;
		bad += compare_variants(path, d, n);
		free(d);
	}
	closedir(dh);
	CHECK(files > 0 && bad == 0,
	      "%s: %d files, 7 forms each: bounce_parse_buf() = bounce_parse(), no guard byte written (%d bad)",
	      dir, files, bad);
}

static void test_fixtures(void)
{
	test_fixtures_dir("tests/fixtures/parse");
	test_fixtures_dir("tests/fixtures/mta");
	test_fixtures_dir("tests/fixtures/provider");
}

/* Hand-written edge cases: empty, a line end alone, NULs only, a header
 * without its line end, a forwarded bounce. */
static void test_edges(void)
{
	static const struct {
		const char *msg;
		size_t len;
	} rows[] = {
		{"", 0},
		{"\n", 1},
		{"\r", 1},
		{"\r\n", 2},
		{"\0\0\0", 3},
		{"Subject: x", 10},
		{"Subject: x\r", 11},
		{"From: MAILER-DAEMON\nSubject: Undelivered Mail\n\nbody", 51},
		{"From: a@b\nTo: c@d\n\n\n\n", 21},
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		char what[64];

		snprintf(what, sizeof(what), "edge row %zu", i);
		CHECK_INT(compare_one(ctx, what, rows[i].msg, rows[i].len), 0,
			  "edge row %zu: bounce_parse_buf() = bounce_parse()", i);
	}
}

/* LF-only mail is parsed where it is (the parse writes into the buffer:
 * the NULs that end values), CRLF mail is copied (the buffer is left as
 * it was), and so is any with less room than the pad. */
static void test_in_place_or_copy(void)
{
	static const char lf[] = "From: MAILER-DAEMON@example.org\nSubject: Undelivered Mail\n\nbody\n";
	static const char crlf[] = "From: MAILER-DAEMON@example.org\r\nSubject: Undelivered Mail\r\n\r\nbody\r\n";
	static const struct {
		const char *msg;
		size_t len;
		size_t pad; /* room after len */
		bool changed;
	} rows[] = {
		{lf, sizeof(lf) - 1, BOUNCE_PARSE_PAD, true},
		{lf, sizeof(lf) - 1, BOUNCE_PARSE_PAD - 1, false},
		{crlf, sizeof(crlf) - 1, BOUNCE_PARSE_PAD, false},
	};
	struct parse_result res;

	parse_result_init(&res);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		size_t cap = rows[i].len + rows[i].pad;
		char *buf = calloc(1, cap);

		if (!buf)
			continue;
		memcpy(buf, rows[i].msg, rows[i].len);
		CHECK_INT(bounce_parse_buf(ctx, buf, rows[i].len, cap, &res), PARSE_OK, "row %zu parses", i);
		CHECK_INT(res.kind, MSG_UNREADABLE, "row %zu: as bounce_parse() says", i);
		CHECK(rows[i].changed == (memcmp(buf, rows[i].msg, rows[i].len) != 0),
		      "row %zu: %s", i, rows[i].changed ? "parsed in place" : "copied, the buffer untouched");
		free(buf);
	}
	/* cap 0: read only */
	CHECK_INT(bounce_parse_buf(ctx, (char *)(uintptr_t)lf, sizeof(lf) - 1, 0, &res), PARSE_OK,
		  "cap 0: parsed as bounce_parse() (a copy)");
	parse_result_clear(&res);
}

/* A random text of LF, CR, NUL, 8-bit bytes and letters, n bytes. */
static void random_text(unsigned *seed, char *t, size_t n)
{
	static const char pick[] = "\n\r\0\x80\xe3";
	/* few specials, so that long clean runs (whole blocks) occur */
	unsigned rare = 1 + (unsigned)(rand_r(seed) % 400);

	for (size_t i = 0; i < n; i++) {
		unsigned r = (unsigned)rand_r(seed);

		t[i] = r % rare == 0 ? pick[(r >> 8) % (sizeof(pick) - 1)] : (char)('a' + (r >> 8) % 26);
	}
}

/* mime_text_is_normal(), SSE2 form and AVX2 form (this CPU having it),
 * against memchr() for CR and NUL, and its *ascii_r against the
 * copy's; the 32 bytes read past n hold noise, which must not count. */
static void test_is_normal(void)
{
	char t[700 + 32], copy[701];
	unsigned seed = 17;
	int bad = 0, total = 0;
	bool avx2 = simd_avx2();

	for (int round = 0; round < 20000; round++) {
		size_t n = (size_t)(rand_r(&seed) % 700);
		bool want, ascii = false, ascii_copy = false;

		random_text(&seed, t, n);
		for (size_t i = n; i < n + 32; i++) /* past n: anything */
			t[i] = (char)(rand_r(&seed) & 1 ? '\r' : '\0');
		want = !memchr(t, '\r', n) && !memchr(t, '\0', n);
		total++;
		bad += mime_text_is_normal(t, n, false, NULL) != want;
		if (avx2) {
			bad += mime_text_is_normal(t, n, true, &ascii) != want;
			mime_text_copy_normalised(copy, t, n, true, &ascii_copy);
			bad += want && ascii != ascii_copy;
		}
	}
	CHECK_INT(bad, 0, "mime_text_is_normal() as a plain search, SSE2%s (%d texts)",
		  avx2 ? " and AVX2, ascii as the copy's" : " only (no AVX2 in this CPU or build)", total);
}

static void setup(void)
{
	struct parse_options cut = {.max_bytes = 700};

	ctx = parse_ctx_new(NULL);
	ctx_cut = parse_ctx_new(&cut);
	CHECK(ctx && ctx_cut, "contexts");
	if (!ctx || !ctx_cut)
		exit(1);
}

static void teardown(void)
{
	parse_ctx_free(&ctx);
	parse_ctx_free(&ctx_cut);
}

TEST_MAIN(setup, test_fixtures, test_edges, test_in_place_or_copy, test_is_normal, teardown)
