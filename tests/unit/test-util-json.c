/* test-util-json.c: JSON strings through an outbuf, and the outbuf itself. */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "util/json.h"
#include "util/simd.h"
#include "util/outbuf.h"

/* What json_put_string makes of in, as a string (caller frees). */
static char *json_of(const char *in)
{
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	struct outbuf o;

	if (!fp)
		abort();
	outbuf_init(&o, fp);
	json_put_string(&o, in);
	outbuf_flush(&o);
	fclose(fp);
	return text;
}

static void test_json_escapes(void)
{
	static const struct {
		const char *in, *want;
	} rows[] = {
		{"", "\"\""},
		{"plain text 550 5.1.1", "\"plain text 550 5.1.1\""},
		{"q\"b\\s/", "\"q\\\"b\\\\s/\""},
		{"a\nb\rc\td", "\"a\\nb\\rc\\td\""},
		{"\x01\x1b\x1f\x7f", "\"\\u0001\\u001b\\u001f\\u007f\""},
		{"caf\xc3\xa9 \xe6\x97\xa5 \xf0\x9f\x93\xa7", "\"caf\xc3\xa9 \xe6\x97\xa5 \xf0\x9f\x93\xa7\""},
		{"bad \xff byte", "\"bad \xef\xbf\xbd byte\""},
		{"cut \xc3", "\"cut \xef\xbf\xbd\""},                       /* sequence cut by the NUL */
		{"over\xc0\xaflong", "\"over\xef\xbf\xbd\xef\xbf\xbdlong\""}, /* overlong '/' */
		{"sur\xed\xa0\x80x", "\"sur\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdx\""}, /* UTF-16 surrogate */
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		char *got = json_of(rows[i].in);

		CHECK_STR(got, rows[i].want, "json row %zu", i);
		free(got);
	}
	{
		char *got = json_of(NULL);

		CHECK_STR(got, "\"\"", "NULL is the empty string");
		free(got);
	}
}

/* Each kind of byte at each place of a 48-byte string: the 16-byte scan
 * must stop at it wherever it falls in a block. */
static void test_json_every_position(void)
{
	static const struct {
		const char *in, *out;
	} kinds[] = {
		{"\"", "\\\""}, {"\\", "\\\\"}, {"\n", "\\n"}, {"\x01", "\\u0001"},
		{"\x7f", "\\u007f"}, {"\xff", "\xef\xbf\xbd"}, {"\xc3\xa9", "\xc3\xa9"}, {" ", " "},
	};
	int bad = 0, n = 0;

	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
		for (size_t p = 0; p < 48; p++, n++) {
			char in[64], want[128], *got;
			size_t il = strlen(kinds[k].in);

			memset(in, 'a', 48);
			memcpy(in + p, kinds[k].in, il);
			in[p + il > 48 ? p + il : 48] = '\0';
			snprintf(want, sizeof(want), "\"%.*s%s%s\"", (int)p, in, kinds[k].out, in + p + il);
			got = json_of(in);
			if (strcmp(got, want) != 0 && bad++ < 3)
				printf("# kind %zu at %zu: got %s want %s\n", k, p, got, want);
			free(got);
		}
	CHECK_INT(bad, 0, "%d strings with one odd byte each", n);
}

/* The escaping rules byte by byte, as simply as they can be written: the
 * fast scan must agree with it on any string. */
static void json_ref(const unsigned char *s, char *out)
{
	size_t w = 0;

	out[w++] = '"';
	while (*s) {
		size_t k = 0;

		if (*s >= 0xC2 && *s <= 0xDF)
			k = 2;
		else if (*s >= 0xE0 && *s <= 0xEF)
			k = 3;
		else if (*s >= 0xF0 && *s <= 0xF4)
			k = 4;
		for (size_t j = 1; j < k; j++)
			if ((s[j] & 0xC0) != 0x80)
				k = 0;
		if (k == 3 && ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] >= 0xA0)))
			k = 0;
		if (k == 4 && ((s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] >= 0x90)))
			k = 0;
		if (k) {
			memcpy(out + w, s, k);
			w += k;
			s += k;
		} else if (*s == '"' || *s == '\\') {
			out[w++] = '\\';
			out[w++] = (char)*s++;
		} else if (*s == '\n' || *s == '\r' || *s == '\t') {
			out[w++] = '\\';
			out[w++] = *s == '\n' ? 'n' : *s == '\r' ? 'r' : 't';
			s++;
		} else if (*s < 0x20 || *s == 0x7F) {
			w += (size_t)sprintf(out + w, "\\u%04x", *s++);
		} else if (*s >= 0x80) {
			memcpy(out + w, "\xEF\xBF\xBD", 3);
			w += 3;
			s++;
		} else {
			out[w++] = (char)*s++;
		}
	}
	out[w++] = '"';
	out[w] = '\0';
}

/* Count in *bad a string in[] the writer does not escape as json_ref()
 * does, and print the first three (as string n). want has room for in's
 * escape. */
static void escaped_as_ref(const unsigned char *in, char *want, int n, int *bad)
{
	char *got;

	json_ref(in, want);
	got = json_of((const char *)in);
	if (strcmp(got, want) != 0 && (*bad)++ < 3)
		printf("# string %d: got %s want %s\n", n, got, want);
	free(got);
}

static void test_json_random(void)
{
	static const unsigned char bytes[] = {'a', 'b', ' ', '5', '.', '"', '\\', '\n', '\t', 0x01, 0x7F,
					      0x80, 0xA0, 0xBF, 0xC3, 0xE0, 0xED, 0xF0, 0xF4, 0xFF};
	unsigned seed = 2024;
	int bad = 0, n = 0;

	for (; n < 20000; n++) {
		unsigned char in[100];
		char want[700];
		size_t len = (size_t)(n % 97);

		for (size_t i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			/* mostly plain text, so runs cross the 16-byte blocks */
			in[i] = (seed >> 16) % 4 ? (unsigned char)('a' + (seed >> 20) % 26)
						 : bytes[(seed >> 20) % sizeof(bytes)];
		}
		in[len] = '\0';
		escaped_as_ref(in, want, n, &bad);
	}
	CHECK_INT(bad, 0, "%d random strings escaped as byte by byte", n);
}

/* Text that is mostly UTF-8 sequences one after the other, valid (2, 3
 * and 4 bytes) or not (cut, overlong, a surrogate, a stray continuation),
 * with a few ASCII and odd bytes between: as byte by byte. */
static void test_json_random_utf8(void)
{
	static const char *const pieces[] = {
		"\xc3\xa9", "\xe6\x97\xa5", "\xe3\x81\x82", "\xf0\x9f\x93\xa7", "\xd0\x96", "\xe6\x97",
		"\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\x80", "\xff", "a", " ", "\"", "\n",
	};
	unsigned seed = 31;
	int bad = 0, n = 0;

	for (; n < 20000; n++) {
		unsigned char in[200];
		char want[1400];
		size_t len = 0, pieces_n = (size_t)(n % 41);

		for (size_t i = 0; i < pieces_n; i++) {
			const char *p;

			seed = seed * 1103515245u + 12345u;
			/* mostly the valid sequences, the first five */
			p = pieces[(seed >> 16) % 4 ? (seed >> 20) % 5
						    : (seed >> 20) % (sizeof(pieces) / sizeof(pieces[0]))];
			memcpy(in + len, p, strlen(p));
			len += strlen(p);
		}
		in[len] = '\0';
		escaped_as_ref(in, want, n, &bad);
	}
	CHECK_INT(bad, 0, "%d strings of UTF-8 sequences escaped as byte by byte", n);
}

static const char field_bytes[] = {'a', 'z', ' ', '"', '\\', '\n', 0x01, 0x7F, (char)0xC3, (char)0xA9, (char)0xFF};

/* cap random bytes into field, one in odds of them from field_bytes, the
 * rest letters (none a NUL); then a NUL at a length below cap drawn from the
 * seed as it comes, so that leftovers follow it. */
static void random_field(unsigned *seed, char *field, size_t cap, unsigned odds)
{
	size_t len = (*seed >> 8) % cap;

	for (size_t i = 0; i < cap; i++) {
		*seed = *seed * 1103515245u + 12345u;
		field[i] = (*seed >> 16) % odds ? (char)('a' + (*seed >> 20) % 26)
						: field_bytes[(*seed >> 20) % sizeof(field_bytes)];
	}
	field[len] = '\0';
}

/* What json_put_fields_v() writes for the n fields of tab (then trailer)
 * after fill bytes already in the buffer: a malloc'd string whose output
 * starts fill bytes in. */
static char *fields_text(const struct json_field *tab, size_t n, const char *const *base, size_t fill,
			 bool avx2, const char *trailer)
{
	struct outbuf o;
	char *text = NULL;
	size_t tl = 0;
	FILE *fp = open_memstream(&text, &tl);

	if (!fp)
		abort();
	outbuf_init(&o, fp);
	memset(o.buf, '.', fill);
	o.len = fill;
	json_put_fields_v(&o, tab, n, base, avx2);
	outbuf_puts(&o, trailer);
	outbuf_flush(&o);
	fclose(fp);
	return text;
}

/* One field of json_put_fields() against json_put_string(): random strings
 * in arrays of every size from 1 to 80 bytes, each allocated alone and
 * exactly (so ASan sees a read past it), with leftovers of longer strings
 * (quotes, controls) after their NUL, with the buffer nearly full, through
 * the sixteen-byte step and (the CPU having it) the 32-byte one. */
static void test_json_field(void)
{
	unsigned seed = 77;
	int bad = 0, n = 0;

	for (; n < 20000; n++) {
		struct json_field f = {"\"", 1, 0, 0, 0, 0};
		const char *base[1];
		char *field, *a, *b, *text;
		size_t cap, fill, room;

		seed = seed * 1103515245u + 12345u;
		cap = 1 + (seed >> 16) % 80;
		/* one in three: the record goes on after the array (room), with
		 * quotes, controls and NULs there */
		room = n % 3 == 2 ? cap + (seed >> 8) % 40 : 0;
		field = malloc(room > cap ? room : cap);
		if (!field)
			abort();
		for (size_t i = cap; i < room; i++)
			field[i] = "\"\\\n\0x\xff"[i % 6];
		random_field(&seed, field, cap, 5);
		f.cap = (unsigned short)cap;
		f.room = (unsigned short)room;
		base[0] = field;
		a = json_of(field);
		/* every so often the field lands at the end of the buffer */
		fill = n % 7 == 0 ? OUTBUF_SIZE - (size_t)(n % 90) : 0;
		text = fields_text(&f, 1, base, fill, n % 2 == 1 && simd_avx2(), "\"");
		b = text + fill;
		if (strcmp(a, b) != 0 && bad++ < 3)
			printf("# field %d (cap %zu): got %s want %s\n", n, cap, b, a);
		free(a);
		free(field);
		free(text);
	}
	CHECK_INT(bad, 0, "%d fields in arrays of their own size (or in a longer record) written as "
		  "json_put_string writes them", n);
}

/* A field without a NUL in its array is cut at the array's end, and a
 * UTF-8 sequence that the end cuts is invalid, as one the NUL cuts: the
 * bytes after the array are not read (each array allocated alone and
 * exactly, so ASan sees a read past it), with either step. */
static void test_json_field_cut(void)
{
	static const struct {
		const char *bytes; /* cap of them, no NUL */
		size_t cap;
		const char *want;
	} rows[] = {
		{"abc\xc3", 4, "abc\xef\xbf\xbd"},
		{"ab\xe6\x97", 4, "ab\xef\xbf\xbd\xef\xbf\xbd"},
		{"ab\xc3\xa9", 4, "ab\xc3\xa9"},
		{"\xf0\x9f\x93", 3, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"},
		{"0123456789012345678901234567890123456789\xe3", 41,
		 "0123456789012345678901234567890123456789\xef\xbf\xbd"},
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		for (int avx2 = 0; avx2 < 2; avx2++) {
			struct json_field f = {"\"", 1, 0, (unsigned short)rows[i].cap, 0, 0};
			char *field = malloc(rows[i].cap), *text, want[128];
			const char *base[1];

			if (!field)
				abort();
			memcpy(field, rows[i].bytes, rows[i].cap);
			base[0] = field;
			text = fields_text(&f, 1, base, 0, avx2 && simd_avx2(), "\"");
			snprintf(want, sizeof(want), "\"%s\"", rows[i].want);
			CHECK_STR(text, want, "field cut at its array's end, row %zu (avx2 %d)", i, avx2);
			free(text);
			free(field);
		}
}

/* A field whose array is longer than the buffer (the copy needs room for
 * all of it at once): written in pieces, between two short ones. */
static void test_json_field_huge(void)
{
	size_t cap = 65535;
	char *rec = malloc(cap + 8), *want, *text, *a;
	const char *base[] = {rec};
	struct json_field f[] = {{"{\"a\":\"", 6, 0, 4, 0, 0},
				 {"\",\"b\":\"", 7, 0, 65535, 4, 0},
				 {"\",\"c\":\"", 7, 0, 4, 65539, 0}};

	if (!rec)
		abort();
	memcpy(rec, "x\"y", 4);
	for (size_t i = 4; i < cap + 4; i++)
		rec[i] = i % 1000 == 0 ? '"' : (char)('a' + i % 26);
	rec[cap + 2] = '\0';
	memcpy(rec + cap + 4, "end", 4);
	for (int avx2 = 0; avx2 < 2; avx2++) {
		text = fields_text(f, 3, base, 100, avx2 && simd_avx2(), "\"}");
		a = json_of(rec + 4);
		want = malloc(strlen(a) + 64);
		if (!want)
			abort();
		sprintf(want, "{\"a\":\"x\\\"y\",\"b\":%s,\"c\":\"end\"}", a);
		CHECK(strcmp(text + 100, want) == 0, "a field of a 64 KB array, in pieces (avx2 %d)", avx2);
		free(want);
		free(a);
		free(text);
	}
	free(rec);
}

/* json_put_fields() against json_put_string() for records of random fields
 * in arrays of many sizes (shorter than 16 and 32 bytes too), with leftovers
 * after their NULs, and with the buffer nearly full: each field comes out
 * after its literal as json_put_string() writes it, without the quotes;
 * with the 16-byte step and (this CPU having it) the 32-byte AVX2 step. */
struct fields_rec { /* allocated alone, the shortest array last: ASan sees a read past it */
	char d[41];
	char e[80];
	char f[33];
	char g[20];
	char c[16];
	char b[8];
	char a[4];
};

static void test_json_fields(void)
{
#define FLD(k, m, room)                                                                                   \
	{k, sizeof(k) - 1, 0, sizeof(((struct fields_rec *)0)->m), offsetof(struct fields_rec, m),           \
	 (room) ? sizeof(struct fields_rec) - offsetof(struct fields_rec, m) : 0}
#define TAB(room)                                                                                         \
	{                                                                                                 \
		FLD(",\"a\":\"", a, room), FLD("\",\"bb\":\"", b, room), FLD("\",\"c\":\"", c, room),          \
		FLD("\",\"twenty-five bytes of key!\":\"", d, room), FLD("\",\"e\":\"", e, room),                 \
		FLD("\",\"f\":\"", f, room), FLD("\",\"g\":\"", g, room),                                        \
	}
	/* the second reads a short value up to the end of the record */
	static const struct json_field tabs[2][7] = {TAB(0), TAB(1)};
#undef TAB
#undef FLD
	unsigned seed = 99;
	int bad = 0, n = 0;

	for (; n < 10000; n++) {
		bool avx2 = n % 2 == 1 && simd_avx2();
		const struct json_field *tab = tabs[n % 4 >= 2];
		struct fields_rec *rec = malloc(sizeof(*rec));
		const char *base[] = {(const char *)rec};
		char want[8192], *text;
		size_t w = 0, fill;

		if (!rec)
			abort();
		memset(rec, 'q', sizeof(*rec));
		for (size_t k = 0; k < sizeof(tabs[0]) / sizeof(tabs[0][0]); k++) {
			char *field = (char *)rec + tab[k].off, *a;

			seed = seed * 1103515245u + 12345u;
			random_field(&seed, field, tab[k].cap, 9);
			a = json_of(field);
			memcpy(want + w, tab[k].lit, tab[k].litlen);
			w += tab[k].litlen;
			memcpy(want + w, a + 1, strlen(a) - 2);
			w += strlen(a) - 2;
			free(a);
		}
		want[w] = '\0';
		fill = n % 5 == 0 ? OUTBUF_SIZE - (size_t)(n % 400) : 0;
		text = fields_text(tab, sizeof(tabs[0]) / sizeof(tabs[0][0]), base, fill, avx2, "");
		if (strcmp(text + fill, want) != 0 && bad++ < 3)
			printf("# record %d (avx2 %d): got %s want %s\n", n, avx2, text + fill, want);
		free(text);
		free(rec);
	}
	CHECK_INT(bad, 0, "%d records of fields written as json_put_string writes them (AVX2 step: %s)", n,
		  simd_avx2() ? "every other" : "none, not on this CPU");
}

/* Strings longer than the buffer, and escapes across its end, come out
 * whole and in order. */
static void test_json_long(void)
{
	size_t n = 3 * OUTBUF_SIZE + 7;
	char *in = malloc(n + 1), *want = malloc(2 * n + 3), *got;
	size_t w = 0;

	if (!in || !want)
		abort();
	want[w++] = '"';
	for (size_t i = 0; i < n; i++) {
		in[i] = i % 97 == 0 ? '"' : (char)('a' + i % 26);
		if (in[i] == '"')
			want[w++] = '\\';
		want[w++] = in[i];
	}
	in[n] = '\0';
	want[w++] = '"';
	want[w] = '\0';
	got = json_of(in);
	CHECK(got && strcmp(got, want) == 0, "a string of %zu bytes with escapes throughout", n);
	free(got);
	free(in);
	free(want);
}

static void test_outbuf_pieces(void)
{
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	struct outbuf o;
	size_t total = 0;
	int ok = 1, pieces = 3 * OUTBUF_SIZE / 5; /* 5 bytes a piece on average */

	if (!fp)
		abort();
	outbuf_init(&o, fp);
	for (int i = 0; i < pieces; i++) { /* pieces of 1..9 bytes across several flushes */
		char piece[10];
		int k = 1 + i % 9;

		memset(piece, '0' + k, (size_t)k);
		outbuf_put(&o, piece, (size_t)k);
		total += (size_t)k;
	}
	outbuf_putc(&o, '!');
	outbuf_puts(&o, "end");
	outbuf_flush(&o);
	fclose(fp);
	CHECK_INT(len, total + 4, "every byte written once");
	for (size_t i = 0, p = 0; i < (size_t)pieces && ok; i++) {
		int k = 1 + (int)(i % 9);

		for (int j = 0; j < k; j++)
			ok &= text[p++] == '0' + k;
	}
	CHECK(ok && len >= 4 && memcmp(text + len - 4, "!end", 4) == 0, "in order");
	free(text);
}

TEST_MAIN(test_json_escapes, test_json_every_position, test_json_random, test_json_random_utf8, test_json_field, test_json_field_cut, test_json_field_huge, test_json_fields, test_json_long, test_outbuf_pieces)
