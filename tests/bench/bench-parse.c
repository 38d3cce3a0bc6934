/* bench-parse.c: the parser's own speed, and the floor under any whole
 * process: reading the same files.
 *
 *   bench-parse --read [N] LIST      open/read/close every file named in LIST, N times
 *   bench-parse --parse N LIST       load every file of LIST, then parse them all N times,
 *                                    each copied first into one padded buffer lent to
 *                                    bounce_parse_buf(), as `bouncer parse` reads a file
 *                                    into the files source's buffer and parses it there
 *   bench-parse --parse-const N LIST the same through bounce_parse(), read-only blobs
 *   bench-parse --dump LIST          print every field of every result, one line
 *                                    per message and per record: a speed change
 *                                    must leave this output byte for byte the same
 *                                    (--dump-const: through bounce_parse())
 *
 * LIST is a file with one path per line (a corpus of 100,000 files does not
 * fit on a command line).
 *
 * Prints "messages=M bytes=B seconds=S" (CPU seconds of this process). Used
 * by bench.sh; not a test (no timing is ever asserted).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "parse/bounce.h"

struct blob {
	char *data;
	size_t len;
};

static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int read_one(const char *path, struct blob *b, int keep)
{
	static char buf[1 << 16];
	size_t cap = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY);

	b->data = NULL;
	b->len = 0;
	if (fd < 0)
		return -1;
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		if (keep) {
			if (b->len + (size_t)n > cap) {
				char *nd;

				cap = (b->len + (size_t)n) * 2;
				nd = realloc(b->data, cap);
				if (!nd) {
					close(fd);
					return -1;
				}
				b->data = nd;
			}
			memcpy(b->data + b->len, buf, (size_t)n);
		}
		b->len += (size_t)n;
	}
	close(fd);
	return 0;
}

/* The buffer a source lends the parser (struct raw_message's cap): one
 * for every message, as the files source keeps its own between files. */
struct lend {
	char *data;
	size_t cap;
};

/* b copied into l, with BOUNCE_PARSE_PAD zero bytes after it; false when
 * out of memory. */
static int lend_fill(struct lend *l, const struct blob *b)
{
	if (l->cap < b->len + BOUNCE_PARSE_PAD) {
		size_t cap = (b->len + BOUNCE_PARSE_PAD + 16383) & ~(size_t)16383;
		char *d = realloc(l->data, cap);

		if (!d)
			return 0;
		l->data = d;
		l->cap = cap;
	}
	if (b->len)
		memcpy(l->data, b->data, b->len);
	memset(l->data + b->len, 0, BOUNCE_PARSE_PAD);
	return 1;
}

/* Parse blob b: in place in l (lent), or read-only (l NULL). */
static enum parse_status parse_one(struct parse_ctx *ctx, struct lend *l, const struct blob *b,
				   struct parse_result *res)
{
	if (!l)
		return bounce_parse(ctx, b->data ? b->data : "", b->len, res);
	if (!lend_fill(l, b))
		return PARSE_NOMEM;
	return bounce_parse_buf(ctx, l->data, b->len, l->cap, res);
}

/* One message's result, every field, so two builds can be diffed. */
static void dump_result(const char *path, const struct parse_result *res)
{
	const struct bounce_message *m = &res->msg;

	printf("%s kind=%d flags=%u why=%s addresser=%s msgid=%s subject=%s listid=%s bmsgid=%s "
	       "date=%lld n=%zu\n",
	       path, (int)res->kind, res->flags, res->why, m->addresser, m->messageid, m->subject,
	       m->listid, m->bounce_messageid, (long long)m->date, res->n_records);
	for (size_t i = 0; i < res->n_records; i++) {
		const struct bounce_record *r = &res->records[i];

		printf("  rcpt=%s alias=%s st=%s rc=%s reason=%d hard=%d action=%s diag=%s dtype=%s "
		       "rhost=%s lhost=%s cmd=%s ts=%lld fbt=%s token=%s by=%s rule=%s flags=%u\n",
		       r->recipient, r->alias, r->deliverystatus, r->replycode, (int)r->reason,
		       (int)r->hardbounce, r->action, r->diagnosticcode, r->diagnostictype, r->rhost,
		       r->lhost, r->command, (long long)r->timestamp, r->feedbacktype, r->token,
		       r->decodedby, r->rule, r->flags);
	}
}

/* Read the list file into an array of paths. */
static char **read_list(const char *list, size_t *n_r)
{
	FILE *f = fopen(list, "r");
	char line[4096];
	char **v = NULL;
	size_t n = 0, cap = 0;

	if (!f)
		return NULL;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!line[0])
			continue;
		if (n == cap) {
			char **nv;

			cap = cap ? cap * 2 : 1024;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv)
				break;
			v = nv;
		}
		v[n] = strdup(line);
		if (v[n])
			n++;
	}
	fclose(f);
	*n_r = n;
	return v;
}

int main(int argc, char **argv)
{
	struct parse_options po = {0};
	struct parse_ctx *ctx;
	struct parse_result res;
	struct blob *blobs;
	size_t nfiles = 0, bytes = 0;
	long reps = 1, recs = 0;
	char **paths;
	double t0, t1;
	const char *mode = argc > 1 ? argv[1] : "";
	int parse = strncmp(mode, "--parse", 7) == 0, dump = strncmp(mode, "--dump", 6) == 0;
	struct lend lend = {0}, *l = strstr(mode, "-const") ? NULL : &lend;

	if (argc < 3 ||
	    (strcmp(mode, "--read") != 0 && strcmp(mode, "--parse") != 0 && strcmp(mode, "--parse-const") != 0 &&
	     strcmp(mode, "--dump") != 0 && strcmp(mode, "--dump-const") != 0) ||
	    (parse && argc < 4)) {
		fprintf(stderr, "usage: bench-parse --read [N] LIST | --parse[-const] N LIST | --dump[-const] LIST\n");
		return 64;
	}
	if (parse || (strcmp(mode, "--read") == 0 && argc >= 4))
		reps = atol(argv[2]);
	paths = read_list(argv[argc - 1], &nfiles);
	blobs = calloc(nfiles ? nfiles : 1, sizeof(*blobs));
	if (!paths || !blobs)
		return 70;
	if (strcmp(mode, "--read") == 0) {
		t0 = cpu_now();
		for (long r = 0; r < reps; r++)
			for (size_t i = 0; i < nfiles; i++) {
				struct blob b;

				read_one(paths[i], &b, 0);
				bytes += b.len;
			}
		t1 = cpu_now();
		printf("messages=%zu bytes=%zu seconds=%.6f\n", nfiles * (size_t)reps, bytes, t1 - t0);
		return 0;
	}
	for (size_t i = 0; i < nfiles; i++) {
		read_one(paths[i], &blobs[i], 1);
		bytes += blobs[i].len;
	}
	ctx = parse_ctx_new(&po);
	if (!ctx)
		return 70;
	parse_result_init(&res);
	if (dump) {
		for (size_t i = 0; i < nfiles; i++) {
			if (parse_one(ctx, l, &blobs[i], &res) != PARSE_OK)
				printf("%s NOMEM\n", paths[i]);
			else
				dump_result(paths[i], &res);
		}
		parse_result_clear(&res);
		parse_ctx_free(&ctx);
		free(lend.data);
		return 0;
	}
	t0 = cpu_now();
	for (long r = 0; r < reps; r++)
		for (size_t i = 0; i < nfiles; i++) {
			parse_one(ctx, l, &blobs[i], &res);
			recs += (long)res.n_records;
		}
	t1 = cpu_now();
	printf("messages=%zu bytes=%zu seconds=%.6f records=%ld\n", nfiles * (size_t)reps,
	       bytes * (size_t)reps, t1 - t0, recs);
	parse_result_clear(&res);
	parse_ctx_free(&ctx);
	for (size_t i = 0; i < nfiles; i++)
		free(blobs[i].data);
	free(blobs);
	free(lend.data);
	return 0;
}
