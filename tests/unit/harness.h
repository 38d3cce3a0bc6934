/* harness.h: a tiny table-friendly test harness.
 *
 * Each check prints "ok - NAME" or "not ok - NAME" with both values;
 * tests/run.sh adds them up. A test binary's exit status is 1 when any
 * check failed. Use TEST_MAIN(fn1, fn2, ...) to run test functions.
 */
#ifndef BOUNCER_TESTS_HARNESS_H
#define BOUNCER_TESTS_HARNESS_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int t_failed, t_passed, t_skipped;

#define T_REPORT(cond, ...)                                                    \
	do {                                                                   \
		if (cond) {                                                    \
			t_passed++;                                            \
			printf("ok - ");                                       \
		} else {                                                       \
			t_failed++;                                            \
			printf("not ok - %s:%d: ", __FILE__, __LINE__);        \
		}                                                              \
		printf(__VA_ARGS__);                                           \
		printf("\n");                                                  \
	} while (0)

/* CHECK(cond, "name %d", row) */
#define CHECK(cond, ...) T_REPORT((cond), __VA_ARGS__)

#define CHECK_STR(got, want, ...)                                              \
	do {                                                                   \
		const char *g_ = (got), *w_ = (want);                          \
		int ok_ = (g_ && w_) ? strcmp(g_, w_) == 0 : g_ == w_;         \
		T_REPORT(ok_, __VA_ARGS__);                                    \
		if (!ok_)                                                      \
			printf("#   got  \"%s\"\n#   want \"%s\"\n",           \
			       g_ ? g_ : "(null)", w_ ? w_ : "(null)");        \
	} while (0)

#define CHECK_INT(got, want, ...)                                              \
	do {                                                                   \
		long long g_ = (long long)(got), w_ = (long long)(want);       \
		T_REPORT(g_ == w_, __VA_ARGS__);                               \
		if (g_ != w_)                                                  \
			printf("#   got  %lld\n#   want %lld\n", g_, w_);      \
	} while (0)

#define SKIP(...)                                                              \
	do {                                                                   \
		t_skipped++;                                                   \
		printf("skip - ");                                             \
		printf(__VA_ARGS__);                                           \
		printf("\n");                                                  \
	} while (0)

typedef void (*test_fn)(void);

#define TEST_MAIN(...)                                                         \
	int main(void)                                                         \
	{                                                                      \
		test_fn fns_[] = {__VA_ARGS__};                                \
		(void)t_skipped;                                               \
		for (size_t i_ = 0; i_ < sizeof(fns_) / sizeof(fns_[0]); i_++) \
			fns_[i_]();                                            \
		return t_failed ? 1 : 0;                                       \
	}

/* Write len bytes of text to dir/name (a test's own temp files); a test
 * that cannot write its input cannot go on: abort. */
static inline void t_spill(const char *dir, const char *name, const char *text, size_t len)
{
	char p[256];
	FILE *f;

	if (snprintf(p, sizeof(p), "%s/%s", dir, name) >= (int)sizeof(p))
		abort();
	f = fopen(p, "w");
	if (!f || fwrite(text, 1, len, f) != len || fclose(f) != 0)
		abort();
}

/* Read a whole file (fixtures). Returns NULL when missing. */
static inline char *t_slurp(const char *path, size_t *len_r)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n + 1);
		if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		} else if (buf) {
			buf[n] = '\0';
			*len_r = (size_t)n;
		}
	}
	fclose(f);
	return buf;
}

/* The next file of dh (opened on dir) read whole, as t_slurp() reads it:
 * its path in path[0..pathsz), its length in *len_r; names starting with
 * '.' and what cannot be read (a subdirectory) passed over. NULL at the
 * end. The caller frees it. */
static inline char *t_next_file(DIR *dh, const char *dir, char *path, size_t pathsz, size_t *len_r)
{
	struct dirent *e;
	char *d;

	while ((e = readdir(dh)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, pathsz, "%s/%s", dir, e->d_name);
		if ((d = t_slurp(path, len_r)) != NULL)
			return d;
	}
	return NULL;
}

/* A random text for differential tests: 1 to max_tok tokens drawn from
 * tok[0..kinds) by a fixed LCG, so every run tests the same texts. Stops
 * before a token that would not fit in cap. Returns the length. */
static inline size_t t_random_tokens(unsigned *seed, const char *const *tok, size_t kinds, size_t max_tok,
				     char *buf, size_t cap)
{
	size_t n = 0, ntok;

	*seed = *seed * 1103515245u + 12345u;
	ntok = (*seed >> 16) % max_tok + 1;
	for (size_t t = 0; t < ntok; t++) {
		const char *s;
		size_t l;

		*seed = *seed * 1103515245u + 12345u;
		s = tok[(*seed >> 16) % kinds];
		l = strlen(s);
		if (n + l > cap)
			break;
		memcpy(buf + n, s, l);
		n += l;
	}
	return n;
}

/* A random text for differential tests: up to cap - 1 bytes, each the byte
 * common except one time in odds, then one of pick[0..kinds), by the same
 * fixed LCG. Returns the length. */
static inline size_t t_sparse_text(unsigned *seed, char common, unsigned odds, const char *pick, size_t kinds,
				   char *buf, size_t cap)
{
	size_t n;

	*seed = *seed * 1103515245u + 12345u;
	n = (*seed >> 16) % cap;
	for (size_t i = 0; i < n; i++) {
		*seed = *seed * 1103515245u + 12345u;
		buf[i] = (*seed >> 16) % odds ? common : pick[(*seed >> 20) % kinds];
	}
	return n;
}

#endif
