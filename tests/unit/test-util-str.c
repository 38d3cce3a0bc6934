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

TEST_MAIN(test_copy)
