/* test-poller-lend.c: buffers lent to the parse. read_file_at() leaves
 * read_how's pad of zero bytes after the data, also in a buffer that
 * held a longer file, cut by max, sized or not, at every size around the
 * buffer's rounding (and read_file_padded() in one of its own); the files
 * source, a Maildir and an mbox lend what they read (cap), and the parse
 * of it in place gives bounce_parse()'s result. */
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "parse/bounce.h"
#include "poller/maildir.h"
#include "poller/mbox.h"
#include "poller/read-file.h"

static char dir[64];

/* Are b's len bytes want's, with pad zero bytes after them? */
static bool padded(const struct read_buf *b, size_t len, const char *want, size_t pad)
{
	if (b->cap < len + pad || memcmp(b->data, want, len) != 0)
		return false;
	for (size_t i = 0; i < pad; i++)
		if (b->data[len + i] != '\0')
			return false;
	return true;
}

/* Sizes around the first buffer's 16 KB, each read after a longer file
 * (which left 'x's where the pad goes) or into an empty buffer, sized and
 * unsized, whole and cut. */
static void test_pad(void)
{
	static char text[40000];
	static const size_t sizes[] = {0, 1, 100, 16384 - 33, 16384 - 32, 16384 - 31, 16383, 16384, 16385,
				       32768 - 32, 40000};
	struct read_buf b = {0};
	struct read_how how = {.pad = SOURCE_LEND_PAD};
	size_t len, full;
	struct stat st;
	int dfd, bad = 0, reads = 0;

	for (size_t i = 0; i < sizeof(text); i++)
		text[i] = (char)('a' + i % 26);
	t_spill(dir, "long", text, sizeof(text));
	dfd = open(dir, O_PATH | O_DIRECTORY);
	CHECK(dfd >= 0, "directory opened");
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		t_spill(dir, "m", text, sizes[k]);
		for (int form = 0; form < 8; form++) {
			int sized = form & 1, cut = form & 2, fresh = form & 4;
			size_t max = cut ? sizes[k] / 2 : 1u << 20;

			{
				if (fresh) { /* the buffer grows from nothing, as it reads */
					read_buf_trim(&b, 0);
				} else {
					read_file_at(dfd, "long", 1u << 20, NULL, &b, &len, &full, NULL);
					memset(b.data, 'x', b.cap);
				}
				reads++;
				if (read_file_at(dfd, "m", max, &how, &b, &len, &full, sized ? &st : NULL) != READ_FILE_OK ||
				    len != (cut ? max : sizes[k]) || full != sizes[k] ||
				    !padded(&b, len, text, SOURCE_LEND_PAD)) {
					printf("# size %zu %s%s%s: len %zu cap %zu\n", sizes[k], sized ? "sized" : "unsized",
					       cut ? ", cut" : "", fresh ? ", fresh" : "", len, b.cap);
					bad++;
				}
			}
		}
	}
	CHECK_INT(bad, 0, "%d reads: the bytes, then %d zero bytes", reads, SOURCE_LEND_PAD);
	/* a buffer smaller than the pad (stdin's, in files.c) grows to hold it */
	read_buf_trim(&b, 0);
	b.data = malloc(4);
	b.cap = b.data ? 4 : 0;
	CHECK(read_file_at(dfd, "m", 100, &how, &b, &len, &full, NULL) == READ_FILE_OK && len == 100 &&
		      padded(&b, len, text, SOURCE_LEND_PAD),
	      "a 4-byte buffer: grown for the data and the pad");
	/* no pad asked: the NUL, as before */
	CHECK(read_file_at(dfd, "m", 100, NULL, &b, &len, &full, NULL) == READ_FILE_OK && padded(&b, len, text, 1),
	      "no pad asked: NUL-terminated");
	read_buf_trim(&b, 0);
	close(dfd);
	{ /* read_file_padded(): a malloc'd buffer of its own, cap told */
		char p[128], *data = NULL;
		size_t cap = 1;

		snprintf(p, sizeof(p), "%s/m", dir);
		CHECK(read_file_padded(p, 1u << 20, SOURCE_LEND_PAD, &data, &len, &cap, &full, NULL) ==
				      READ_FILE_OK &&
			      len == 40000 && cap >= len + SOURCE_LEND_PAD && data[len] == '\0' &&
			      data[len + SOURCE_LEND_PAD - 1] == '\0',
		      "read_file_padded: the bytes, the pad, cap %zu", cap);
		free(data);
		snprintf(p, sizeof(p), "%s/missing", dir);
		CHECK(read_file_padded(p, 100, SOURCE_LEND_PAD, &data, &len, &cap, &full, NULL) == READ_FILE_GONE &&
			      !data && cap == 0,
		      "read_file_padded of a missing file: no buffer, cap 0");
	}
}

/* A fetched message is lent (cap, its pad zero) and parses there as a
 * copy does (want: bounce_parse()'s). */
static void check_lent(struct parse_ctx *ctx, const char *what, const struct raw_message *m,
		       const struct parse_result *want)
{
	struct parse_result got;
	bool pad = m->cap >= m->len + SOURCE_LEND_PAD;

	for (size_t i = 0; pad && i < SOURCE_LEND_PAD; i++)
		pad = m->data[m->len + i] == '\0';
	CHECK(pad, "%s: lent, cap %zu for %zu bytes, the pad zero", what, m->cap, m->len);
	parse_result_init(&got);
	CHECK_INT(bounce_parse_buf(ctx, m->data, m->len, m->cap, &got), PARSE_OK, "%s: parsed where it was read",
		  what);
	CHECK(got.kind == want->kind && strcmp(got.why, want->why) == 0 &&
		      strcmp(got.msg.addresser, want->msg.addresser) == 0,
	      "%s: the same result: kind %d, why \"%s\"", what, (int)got.kind, got.why);
	parse_result_clear(&got);
}

/* The files source and a Maildir lend each file's buffer; the parse there
 * is the parse of a copy. */
static void test_files_lend(void)
{
	static const char lf[] = "From: MAILER-DAEMON@example.org\nTo: a@example.org\n"
				 "Subject: Undelivered Mail Returned to Sender\n\nbody\n";
	struct parse_ctx *ctx = parse_ctx_new(NULL);
	struct parse_result want;
	struct source *s = NULL;
	struct raw_message batch[1];
	char err[SOURCE_ERR_MAX], sub[128];
	char *paths[1] = {sub};
	size_t n = 0;

	snprintf(sub, sizeof(sub), "%s/lend", dir);
	CHECK(mkdir(sub, 0700) == 0 && ctx, "a directory of one message");
	if (!ctx)
		return;
	t_spill(dir, "lend/1", lf, sizeof(lf) - 1);
	parse_result_init(&want);
	CHECK_INT(bounce_parse(ctx, lf, sizeof(lf) - 1, &want), PARSE_OK, "parsed from a copy");
	CHECK_INT(files_open(paths, 1, 0, &s, err), SRC_OK, "files_open");
	if (s && source_fetch(s, batch, 1, &n, err) == SRC_OK && n == 1)
		check_lent(ctx, "files", &batch[0], &want);
	else
		CHECK(0, "files: one message fetched");
	source_fetch(s, batch, 0, &n, err);
	source_free(&s);
	/* a Maildir: its new/ holds the message */
	snprintf(sub, sizeof(sub), "%s/md", dir);
	{
		static const char *const parts[] = {"", "/new", "/cur", "/tmp"};
		struct maildir_options o = {.path = sub};
		int made = 0;

		for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
			char p[160];

			snprintf(p, sizeof(p), "%s%s", sub, parts[i]);
			made += mkdir(p, 0700) == 0;
		}
		CHECK_INT(made, 4, "a Maildir");
		t_spill(dir, "md/new/1.host", lf, sizeof(lf) - 1);
		CHECK_INT(maildir_open(&o, &s, err), SRC_OK, "maildir_open");
		if (s && source_fetch(s, batch, 1, &n, err) == SRC_OK && n == 1)
			check_lent(ctx, "maildir", &batch[0], &want);
		else
			CHECK(0, "maildir: one message fetched");
		if (s)
			source_fetch(s, batch, 0, &n, err);
		source_free(&s);
	}
	/* an mbox: each message unquoted into a lent buffer of its own, also
	 * when cut at max_bytes */
	{
		static const char from[] = "From a@b Mon Jan  1 00:00:00 2024\n";
		char box[160], two[2 * (sizeof(from) + sizeof(lf))];
		size_t len = sizeof(lf) - 1, o = 0;

		snprintf(box, sizeof(box), "%s/box", dir);
		for (int k = 0; k < 2; k++) {
			memcpy(two + o, from, sizeof(from) - 1);
			o += sizeof(from) - 1;
			memcpy(two + o, lf, len);
			o += len;
		}
		t_spill(dir, "box", two, o);
		for (int cut = 0; cut < 2; cut++) {
			struct parse_result want_cut;
			struct parse_options po = {.max_bytes = 40};
			struct parse_ctx *c = cut ? parse_ctx_new(&po) : ctx;

			parse_result_init(&want_cut);
			if (!c || bounce_parse(c, lf, len, &want_cut) != PARSE_OK) {
				CHECK(0, "mbox: context");
				continue;
			}
			CHECK_INT(mbox_open(box, cut ? 40 : 0, &s, err), SRC_OK, "mbox_open");
			while (s && source_fetch(s, batch, 1, &n, err) == SRC_OK && n == 1)
				check_lent(c, cut ? "mbox, cut at 40 bytes" : "mbox", &batch[0], &want_cut);
			source_free(&s);
			parse_result_clear(&want_cut);
			if (cut)
				parse_ctx_free(&c);
		}
	}
	parse_result_clear(&want);
	parse_ctx_free(&ctx);
}

static void setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/bouncer-t-lend.XXXXXX");
	CHECK(mkdtemp(dir) != NULL, "temp dir");
}

static void cleanup(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	CHECK(system(cmd) == 0, "temp files removed");
}

TEST_MAIN(setup, test_pad, test_files_lend, cleanup)
