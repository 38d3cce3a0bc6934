/* test-util-tsv.c: tsv_put_cells() against the cell writer it replaced
 * (strcspn() for the tabs and line ends, a space for each), on random
 * cells in arrays of many sizes, each record allocated alone and exactly
 * (ASan sees a read past it), with and without room after the arrays, with
 * the buffer nearly full, and a cell longer than the buffer. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "util/outbuf.h"
#include "util/tsv.h"

/* The old writer: a cell up to its NUL, tabs, CRs and LFs made spaces. */
static size_t ref_cell(char *out, const char *s, size_t cap, int last)
{
	size_t w = 0, n = strnlen(s, cap);

	for (size_t i = 0; i < n; i++)
		out[w++] = s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ? ' ' : s[i];
	out[w++] = last ? '\n' : '\t';
	return w;
}

/* What tsv_put_cells() writes after fill bytes already in the buffer (a
 * malloc'd string whose output starts fill bytes in; *len its length). */
static char *cells_text(const struct tsv_cell *c, size_t n, const char *const *base, size_t fill, size_t *len)
{
	struct outbuf *o = malloc(sizeof(*o));
	char *text = NULL;
	FILE *fp = open_memstream(&text, len);

	if (!fp || !o)
		abort();
	outbuf_init(o, fp);
	memset(o->buf, '.', fill);
	o->len = fill;
	tsv_put_cells(o, c, n, base);
	outbuf_flush(o);
	fclose(fp);
	free(o);
	return text;
}

static void test_tsv_rows(void)
{
	static const struct {
		const char *in, *want;
	} rows[] = {
		{"", "\n"},
		{"plain 550 5.1.1", "plain 550 5.1.1\n"},
		{"a\tb\nc\rd", "a b c d\n"},
		{"\t\t", "  \n"},
		{"0123456789abcde\t0123456789abcde\n", "0123456789abcde 0123456789abcde \n"},
		{"caf\xc3\xa9 \"q\" \\", "caf\xc3\xa9 \"q\" \\\n"},
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		char arr[64] = {0};
		const char *base[] = {arr};
		struct tsv_cell c = {0, sizeof(arr), 0, 0};
		size_t len;
		char *got;

		memcpy(arr, rows[i].in, strlen(rows[i].in));
		got = cells_text(&c, 1, base, 0, &len);
		CHECK_STR(got, rows[i].want, "tsv row %zu", i);
		free(got);
	}
}

static unsigned rnd(unsigned *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return *seed >> 8;
}

static void test_tsv_random(void)
{
	static const char odd[] = "\t\n\r\"\\\x01\xc3\xa9 ";
	unsigned seed = 31;
	int bad = 0, n = 0;

	for (; n < 20000; n++) {
		size_t nc = 1 + rnd(&seed) % 9, total = 0, off[9], cap[9], w = 0, fill, len;
		struct tsv_cell c[9];
		char *rec, *want, *got;
		const char *base[1];

		for (size_t i = 0; i < nc; i++) {
			size_t r = rnd(&seed) % 10;

			cap[i] = r < 4 ? 1 + rnd(&seed) % 16 : r < 8 ? 1 + rnd(&seed) % 80 : 1 + rnd(&seed) % 1100;
			off[i] = total;
			total += cap[i];
		}
		rec = malloc(total);
		want = malloc(total + nc + 1);
		if (!rec || !want)
			abort();
		base[0] = rec;
		for (size_t i = 0; i < nc; i++) {
			char *a = rec + off[i];
			size_t l = rnd(&seed) % 3 ? rnd(&seed) % (cap[i] < 24 ? cap[i] : 24) : rnd(&seed) % cap[i];
			size_t full = total - off[i], k = rnd(&seed) % 3;

			for (size_t j = 0; j < cap[i]; j++) /* leftovers after the NUL too */
				a[j] = rnd(&seed) % 4 ? (char)('a' + rnd(&seed) % 26) : odd[rnd(&seed) % (sizeof(odd) - 1)];
			a[l] = '\0';
			c[i].which = 0;
			c[i].cap = (unsigned short)cap[i];
			c[i].off = (unsigned)off[i];
			c[i].room = (unsigned short)(k == 0 ? 0 : k == 1 ? full : cap[i] + rnd(&seed) % (full - cap[i] + 1));
			w += ref_cell(want + w, a, cap[i], i + 1 == nc);
		}
		fill = n % 5 == 0 ? OUTBUF_SIZE - rnd(&seed) % 2000 : rnd(&seed) % 64;
		got = cells_text(c, nc, base, fill, &len);
		if ((len != fill + w || memcmp(got + fill, want, w) != 0) && bad++ < 3)
			printf("# record %d: %zu cells, got %zu bytes, want %zu\n", n, nc, len - fill, w);
		free(got);
		free(want);
		free(rec);
	}
	CHECK_INT(bad, 0, "%d records of random cells written as the old writer wrote them", n);
}

/* A cell whose array is longer than the buffer, and one without a NUL
 * (cut at its array's end), between short ones. */
static void test_tsv_long(void)
{
	size_t big = OUTBUF_SIZE + 100;
	char *rec = malloc(big + 8), *want = malloc(big + 16), *got;
	const char *base[] = {rec};
	struct tsv_cell c[] = {{0, 4, 0, 0}, {0, 65535, 4, 0}, {0, 4, 65539, 0}};
	size_t w = 0, len;

	if (!rec || !want)
		abort();
	memcpy(rec, "ab\t\0", 4);
	for (size_t i = 4; i < 65539; i++)
		rec[i] = i % 100 == 0 ? '\n' : (char)('a' + i % 26);
	rec[65538] = '\0';
	memcpy(rec + 65539, "wxyz", 4); /* no NUL: cut at cap */
	w += ref_cell(want + w, rec, 4, 0);
	w += ref_cell(want + w, rec + 4, 65535, 0);
	memcpy(want + w, "wxyz\n", 5);
	w += 5;
	got = cells_text(c, 3, base, 10, &len);
	CHECK(len == 10 + w && memcmp(got + 10, want, w) == 0, "a cell longer than the buffer, and one cut at cap");
	free(got);
	free(rec);
	free(want);
}

TEST_MAIN(test_tsv_rows, test_tsv_random, test_tsv_long)
