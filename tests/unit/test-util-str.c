/* test-util-str.c: the bounded copies of util/str.c, row by row. */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "util/str.h"

/* str_copyn()/str_copy(): what fits is copied whole, a cut keeps no half
 * UTF-8 sequence and is reported, a NUL within n ends the copy */
static void test_copy(void)
{
	static const struct {
		const char *src;
		size_t n, size; /* n SIZE_MAX: str_copy() */
		const char *want;
		bool cut;
	} rows[] = {
		{"abc", SIZE_MAX, 8, "abc", false},
		{"abcdefg", SIZE_MAX, 8, "abcdefg", false},  /* exactly fits */
		{"abcdefgh", SIZE_MAX, 8, "abcdefg", true},  /* one too many */
		{"abcdefghijklmnopqrstuvwxyz", SIZE_MAX, 4, "abc", true},
		{"ab\xc3\xa9z", SIZE_MAX, 4, "ab", true},     /* no half 'é' */
		{"ab\xc3\xa9z", SIZE_MAX, 5, "ab\xc3\xa9", true},
		{"abcdef", 3, 8, "abc", false},               /* the first n bytes */
		{"abcdef", 3, 4, "abc", false},
		{"abcdef", 4, 4, "abc", true},
		{"ab\0cd", 5, 8, "ab", false},                /* a NUL ends it */
		{"", SIZE_MAX, 1, "", false},
		{"a", SIZE_MAX, 1, "", true},
		{"abc", 0, 4, "", false},
	};
	char out[16];

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		bool cut;

		memset(out, 'x', sizeof(out));
		cut = rows[i].n == SIZE_MAX ? str_copy(out, rows[i].size, rows[i].src)
					    : str_copyn(out, rows[i].size, rows[i].src, rows[i].n);
		CHECK_STR(out, rows[i].want, "copy row %zu: text", i);
		CHECK(cut == rows[i].cut, "copy row %zu: cut %d, want %d", i, cut, rows[i].cut);
		CHECK(out[rows[i].size] == 'x' || rows[i].size == sizeof(out), "copy row %zu: nothing past size", i);
	}
	CHECK(str_copyn(out, 0, "abc", 3), "size 0: cut when there was something to copy");
	CHECK(!str_copyn(out, 0, "abc", 0), "size 0: nothing to copy, no cut");
}

/* str_copyn() spelt out: strnlen() to at most size bytes, a cut that
 * leaves no half UTF-8 sequence, then memmove() (dst and src may
 * overlap). */
static bool ref_copyn(char *dst, size_t size, const char *src, size_t n)
{
	size_t len;
	bool cut = false;

	if (size == 0)
		return n > 0;
	len = strnlen(src, n < size ? n : size);
	if (len >= size) {
		len = size - 1;
		while (len > 0 && ((unsigned char)src[len] & 0xC0) == 0x80)
			len--;
		cut = true;
	}
	memmove(dst, src, len);
	dst[len] = '\0';
	return cut;
}

/* str_copyn() and str_copy() against the reference on random texts (NULs,
 * UTF-8 lead and continuation bytes) of up to 64 bytes, into sizes up to
 * 40: into another buffer, and within one buffer at nearby offsets either
 * way (overlapping copies). The whole buffers are compared, so a fast path
 * must leave the bytes past the NUL as they were too. */
static void test_copy_random(void)
{
	static const char pick[] = "ab\0\xC3\xA9\xE2\x98\xBA";
	unsigned seed = 2026;
	int same = 0, total = 0;

	for (int round = 0; round < 20000; round++) {
		char src[64], a[96], b[96];
		size_t n, size, len = t_sparse_text(&seed, 'x', 4, pick, sizeof(pick) - 1, src, sizeof(src));

		seed = seed * 1103515245u + 12345u;
		size = (seed >> 16) % 40;
		seed = seed * 1103515245u + 12345u;
		n = (seed >> 18) % 8 == 0 ? (size_t)-1 : (seed >> 16) % (len + 1);
		memset(src + len, (seed >> 20) % 2 ? 'y' : '\0', sizeof(src) - len);
		/* into another buffer */
		memset(a, 0x55, sizeof(a));
		memset(b, 0x55, sizeof(b));
		total++;
		same += str_copyn(a, size, src, n) == ref_copyn(b, size, src, n) && memcmp(a, b, sizeof(a)) == 0;
		if (n == (size_t)-1) {
			memset(a, 0x55, sizeof(a));
			total++;
			same += str_copy(a, size, src) == ref_copyn(b, size, src, n) && memcmp(a, b, sizeof(a)) == 0;
		}
		/* within one buffer: dst up to 20 bytes before or after src */
		for (int d = -20; d <= 20; d += 3) {
			size_t at = 24, to = (size_t)((long)at + d);

			if (size > sizeof(a) - to)
				continue;
			memset(a, 0x55, sizeof(a));
			memcpy(a + at, src, sizeof(src) < sizeof(a) - at ? sizeof(src) : sizeof(a) - at);
			memcpy(b, a, sizeof(a));
			total++;
			same += str_copyn(a + to, size, a + at, n < sizeof(a) - at ? n : sizeof(a) - at) ==
					ref_copyn(b + to, size, b + at, n < sizeof(b) - at ? n : sizeof(b) - at) &&
				memcmp(a, b, sizeof(a)) == 0;
		}
	}
	CHECK_INT(same, total, "copyn as strnlen, cut and memmove (%d random copies)", total);
}

/* str_printf(): a cut output keeps no half UTF-8 sequence either, where
 * vsnprintf() stops at a byte count; whole characters and ASCII stay */
static void test_printf_cut(void)
{
	static const struct {
		const char *arg;
		size_t size;
		const char *want;
		bool cut;
	} rows[] = {
		{"ab\xC3\xB5", 8, "x ab\xC3\xB5", false},      /* fits */
		{"ab\xC3\xB5", 7, "x ab\xC3\xB5", false},      /* exactly */
		{"ab\xC3\xB5", 6, "x ab", true},                /* the 2-byte character cut after its lead */
		{"ab\xC3\xB5", 5, "x ab", true},                /* cut before it */
		{"a\xE2\x98\xBAz", 6, "x a", true},             /* a 3-byte one, one byte short */
		{"a\xE2\x98\xBAz", 5, "x a", true},             /* two short */
		{"a\xE2\x98\xBAz", 7, "x a\xE2\x98\xBA", true}, /* whole, then the cut */
		{"\xF0\x9F\x98\x80", 6, "x ", true},            /* a 4-byte one, one short */
		{"abcdef", 5, "x ab", true},                      /* ASCII: as vsnprintf */
		{"\x80\x80\x80", 4, "x \x80", true},             /* stray continuations: kept */
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		char out[16];

		CHECK(str_printf(out, rows[i].size, "x %s", rows[i].arg) == rows[i].cut, "printf row %zu: cut", i);
		CHECK_STR(out, rows[i].want, "printf row %zu", i);
	}
}

TEST_MAIN(test_copy, test_copy_random, test_printf_cut)
