/* test-parse-reason-prefix.c: the three-byte tables of the reason-text
 * scanner (parse/reason-text-prefix.c) hold the first three bytes of every
 * pattern and nothing else: the filter (a bit too many costs time, a bit
 * missing loses a match) and where each prefix's rows are.
 *
 * It is also the generator of that file, after a change of the patterns:
 *   build/tests/test-parse-reason-prefix --print >parse/reason-text-prefix.c
 */
#include <stdint.h>

#include "harness.h"

#include "parse/reason-text.h"

#define WORDS ((1u << REASON_TEXT_PREFIX_BITS) / 64)
#define SLOTS (1u << REASON_TEXT_START_BITS)
#define HWORDS ((1u << REASON_TEXT_HEAD_BITS) / 64)
#define OWORDS ((1u << REASON_TEXT_OPEN_BITS) / 64)

/* The filter as computed from the pattern table; counts the patterns that
 * the filter could not serve (shorter than three bytes, or a '*' in them). */
static size_t prefix_from_rows(uint64_t want[WORDS], struct reason_text_start starts[SLOTS],
			       uint64_t head[HWORDS], uint64_t head2[HWORDS], uint64_t open[OWORDS])
{
	size_t bad = 0;
	bool short_row[SLOTS] = {0}; /* a row of the slot has fewer literal head bytes */

	memset(want, 0, WORDS * sizeof(want[0]));
	memset(starts, 0, SLOTS * sizeof(starts[0]));
	bool short2[SLOTS] = {0}; /* a row of the slot has fewer than REASON_TEXT_HEAD2 */

	memset(head, 0, HWORDS * sizeof(head[0]));
	memset(head2, 0, HWORDS * sizeof(head2[0]));
	for (int c = 0; c < 256; c++) {
		size_t n;
		const struct reason_text_row *rows = reason_text_bucket((unsigned char)c, &n);

		for (size_t i = 0; i < n; i++) {
			const char *p = rows[i].pattern;
			unsigned h;

			if (!p[0] || !p[1] || !p[2] || p[0] == '*' || p[1] == '*' || p[2] == '*') {
				bad++;
				printf("# pattern \"%s\": fewer than three literal bytes\n", p);
				continue;
			}
			h = reason_text_prefix_hash((unsigned char)p[0], (unsigned char)p[1], (unsigned char)p[2],
						    REASON_TEXT_PREFIX_BITS);
			want[h >> 6] |= (uint64_t)1 << (h & 63);
			/* the slot of the prefix, or the free one where it goes */
			h = reason_text_prefix_hash((unsigned char)p[0], (unsigned char)p[1], (unsigned char)p[2],
						    REASON_TEXT_START_BITS);
			while (starts[h].hi && memcmp(starts[h].b, p, 3) != 0)
				h = (h + 1) & (SLOTS - 1);
			if (!starts[h].hi) {
				memcpy(starts[h].b, p, 3);
				starts[h].lo = (unsigned short)i;
			}
			starts[h].hi = (unsigned short)(i + 1); /* the rows are sorted: one run */
			if (strcspn(p, "*") < REASON_TEXT_HEAD) {
				short_row[h] = true;
			} else {
				unsigned k = reason_text_head_hash(p);
				head[k >> 6] |= (uint64_t)1 << (k & 63);
			}
			if (strcspn(p, "*") < REASON_TEXT_HEAD2) {
				short2[h] = true;
			} else {
				unsigned k = reason_text_head2_hash(p);
				head2[k >> 6] |= (uint64_t)1 << (k & 63);
			}
		}
	}
	memset(open, 0, OWORDS * sizeof(open[0]));
	for (unsigned h = 0; h < SLOTS; h++) {
		starts[h].headed = !starts[h].hi || short_row[h] ? 0 : short2[h] ? 1 : 2;
		if (starts[h].hi && !starts[h].headed) {
			unsigned k = reason_text_prefix_hash(starts[h].b[0], starts[h].b[1], starts[h].b[2],
							     REASON_TEXT_OPEN_BITS);
			open[k >> 6] |= (uint64_t)1 << (k & 63);
		}
	}
	return bad;
}


/* The walk's nodes, built as scan_at() walked the rows before it had them:
 * few rows (at most four) are compared whole; else the stretch that the
 * first and the last row share, the rows that end there, the '*' rows
 * there, and one child per byte the other rows go on with ('*' too: a
 * text may have one). */
#define MAX_NODES 4096
static struct reason_text_node g_nodes[MAX_NODES];
static unsigned char g_next_byte[MAX_NODES];
static unsigned short g_next[MAX_NODES];
static unsigned char g_lit[MAX_NODES], g_first[MAX_NODES];
#define MAX_STRETCH 16384
static char g_str[MAX_STRETCH];
static size_t g_n_nodes, g_n_next, g_n_lit, g_n_str;
static bool g_overflow;

static unsigned short node_build(const struct reason_text_row *rows, size_t lo, size_t hi, size_t k)
{
	size_t me = g_n_nodes, e, r, s0, c0, nc = 0;
	struct reason_text_node *nd;

	if (me >= MAX_NODES || k > 255) {
		g_overflow = true;
		return 0;
	}
	g_n_nodes++;
	nd = &g_nodes[me];
	memset(nd, 0, sizeof(*nd));
	nd->lo = (unsigned short)lo;
	nd->hi = (unsigned short)hi;
	nd->k = (unsigned char)k;
	if (hi - lo <= 4) {
		nd->whole = 1;
		nd->k2 = (unsigned char)k;
		if (g_n_lit + (hi - lo) > MAX_NODES) {
			g_overflow = true;
			return 0;
		}
		nd->child = (unsigned short)g_n_lit;
		for (size_t q = lo; q < hi; q++) {
			size_t j = strcspn(rows[q].pattern + k, "*");

			g_overflow |= j > 255;
			g_first[g_n_lit] = (unsigned char)rows[q].pattern[k];
			g_lit[g_n_lit++] = (unsigned char)j;
		}
		return (unsigned short)me;
	}
	const char *pa = rows[lo].pattern, *pb = rows[hi - 1].pattern;
	while (pa[k] && pa[k] != '*' && pa[k] == pb[k])
		k++;
	if (k > 255) {
		g_overflow = true;
		return 0;
	}
	for (e = lo; e < hi && rows[e].pattern[k] == '\0'; e++)
		;
	for (r = e; r < hi && (unsigned char)rows[r].pattern[k] < '*'; r++)
		;
	for (s0 = r; r < hi && rows[r].pattern[k] == '*'; r++)
		;
	nd->k2 = (unsigned char)k;
	if (k > nd->k) { /* the stretch's bytes, for scan_at() */
		if (g_n_str + (k - nd->k) > MAX_STRETCH) {
			g_overflow = true;
			return 0;
		}
		nd->str = (unsigned short)g_n_str;
		memcpy(g_str + g_n_str, pa + nd->k, k - nd->k);
		g_n_str += k - nd->k;
	}
	nd->end = (unsigned short)e;
	nd->star_lo = (unsigned short)s0;
	nd->star_hi = (unsigned short)r;
	for (r = e; r < hi; r++)
		nc += r == e || rows[r].pattern[k] != rows[r - 1].pattern[k];
	if (g_n_next + nc > MAX_NODES || nc > 255) {
		g_overflow = true;
		return 0;
	}
	c0 = g_n_next;
	g_n_next += nc;
	nd->child = (unsigned short)c0;
	nd->nchild = (unsigned char)nc;
	for (r = e; r < hi;) {
		size_t a = r;
		unsigned short sub;

		while (r < hi && rows[r].pattern[k] == rows[a].pattern[k])
			r++;
		sub = node_build(rows, a, r, k + 1); /* may move g_nodes' end, not nd */
		g_next_byte[c0] = (unsigned char)rows[a].pattern[k];
		g_next[c0++] = sub;
	}
	return (unsigned short)me;
}

static void nodes_from_starts(struct reason_text_start starts[SLOTS])
{
	g_n_nodes = g_n_next = g_n_lit = g_n_str = 0;
	g_overflow = false;
	for (unsigned h = 0; h < SLOTS; h++) {
		size_t n;
		const struct reason_text_row *rows;

		if (!starts[h].hi)
			continue;
		rows = reason_text_bucket(starts[h].b[0], &n);
		starts[h].node = node_build(rows, starts[h].lo, starts[h].hi, 3);
	}
}

/* A generated table of 64-bit words, four to a line. */
static void print_words(const uint64_t *v, unsigned n)
{
	for (unsigned w = 0; w < n; w += 4)
		printf("\t0x%016llxull, 0x%016llxull, 0x%016llxull, 0x%016llxull,\n", (unsigned long long)v[w],
		       (unsigned long long)v[w + 1], (unsigned long long)v[w + 2], (unsigned long long)v[w + 3]);
}

/* Element i of a generated array of n numbers, per to a line. */
static void print_elem(size_t i, size_t n, size_t per, long v)
{
	printf("%s%ld,%s", i % per ? " " : "\t", v, i % per == per - 1 || i + 1 == n ? "\n" : "");
}

static void print_file(void)
{
	static uint64_t want[WORDS];
	static struct reason_text_start starts[SLOTS];
	static uint64_t head[HWORDS], head2[HWORDS], open[OWORDS];

	(void)prefix_from_rows(want, starts, head, head2, open);
	nodes_from_starts(starts);
	printf("/* reason-text-prefix.c: GENERATED by tests/unit/test-parse-reason-prefix.c\n"
	       " * (--print) from the patterns of reason-text.c; do not edit. The first three\n"
	       " * bytes of every pattern: a filter, and where their rows are; the first\n"
	       " * eight and twelve: more filters (see reason-text.h). */\n"
	       "#include \"parse/reason-text.h\"\n\n"
	       "const uint64_t reason_text_prefix[(1u << REASON_TEXT_PREFIX_BITS) / 64] = {\n");
	print_words(want, WORDS);
	printf("};\n\nconst struct reason_text_start reason_text_starts[1u << REASON_TEXT_START_BITS] = {\n");
	for (unsigned h = 0; h < SLOTS; h++)
		if (starts[h].hi)
			printf("\t[%u] = {{%u, %u, %u}, %u, %u, %u, %u},\n", h, starts[h].b[0], starts[h].b[1],
			       starts[h].b[2], starts[h].headed, starts[h].lo, starts[h].hi, starts[h].node);
	printf("};\n\nconst uint64_t reason_text_head[(1u << REASON_TEXT_HEAD_BITS) / 64] = {\n");
	print_words(head, HWORDS);
	printf("};\n\nconst uint64_t reason_text_head2[(1u << REASON_TEXT_HEAD_BITS) / 64] = {\n");
	print_words(head2, HWORDS);
	printf("};\n\nconst uint64_t reason_text_open[(1u << REASON_TEXT_OPEN_BITS) / 64] = {\n");
	print_words(open, OWORDS);
	printf("};\n\nconst struct reason_text_node reason_text_nodes[] = {\n");
	for (size_t i = 0; i < g_n_nodes; i++) {
		const struct reason_text_node *d = &g_nodes[i];

		printf("\t{%u, %u, %u, %u, %u, %u, %u, %u, %u, %u, %u},\n", d->lo, d->hi, d->end, d->star_lo,
		       d->star_hi, d->child, d->str, d->k, d->k2, d->nchild, d->whole);
	}
	printf("};\n\nconst size_t reason_text_n_nodes = %zu, reason_text_n_next = %zu, reason_text_n_lit = %zu;\n",
	       g_n_nodes, g_n_next, g_n_lit);
	printf("\nconst unsigned char reason_text_next_byte[] = {\n");
	for (size_t i = 0; i < g_n_next; i++)
		print_elem(i, g_n_next, 16, g_next_byte[i]);
	printf("\t/* sixteen zeros: a vector load at any child stays in the array */\n"
	       "\t0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,\n");
	printf("};\n\nconst unsigned short reason_text_next[] = {\n");
	for (size_t i = 0; i < g_n_next; i++)
		print_elem(i, g_n_next, 12, g_next[i]);
	printf("};\n\nconst unsigned char reason_text_lit[] = {\n");
	for (size_t i = 0; i < g_n_lit; i++)
		print_elem(i, g_n_lit, 16, g_lit[i]);
	printf("};\n\nconst size_t reason_text_n_stretch = %zu;\n\nconst char reason_text_stretch[] = {\n", g_n_str);
	for (size_t i = 0; i < g_n_str; i++)
		print_elem(i, g_n_str, 16, g_str[i]);
	printf("\t/* eight zeros: an eight-byte load at any stretch stays in the array */\n"
	       "\t0, 0, 0, 0, 0, 0, 0, 0,\n");
	printf("};\n\nconst unsigned char reason_text_first[] = {\n");
	for (size_t i = 0; i < g_n_lit; i++)
		print_elem(i, g_n_lit, 16, g_first[i]);
	printf("};\n");
}

static void test_prefix_matches_rows(void)
{
	static uint64_t want[WORDS];
	static struct reason_text_start starts[SLOTS];
	static uint64_t head[HWORDS], head2[HWORDS], open[OWORDS];
	size_t bad = prefix_from_rows(want, starts, head, head2, open), diff = 0, bits = 0, sdiff = 0, used = 0;
	size_t hdiff = 0, hbits = 0, h2diff = 0, h2bits = 0, ndiff = 0, odiff = 0, obits = 0;

	CHECK(bad == 0, "every pattern begins with three literal bytes (%zu do not)", bad);
	for (unsigned w = 0; w < WORDS; w++) {
		bits += (size_t)__builtin_popcountll(want[w]);
		if (want[w] != reason_text_prefix[w]) {
			diff++;
			printf("# word %u: table %016llx, patterns %016llx\n", w,
			       (unsigned long long)reason_text_prefix[w], (unsigned long long)want[w]);
		}
	}
	CHECK(diff == 0, "reason_text_prefix holds exactly the patterns' first three bytes (%zu words differ)",
	      diff);
	for (unsigned h = 0; h < SLOTS; h++) {
		const struct reason_text_start *a = &starts[h], *b = &reason_text_starts[h];

		used += a->hi != 0;
		if (a->hi != b->hi ||
		    (a->hi && (a->lo != b->lo || a->headed != b->headed || memcmp(a->b, b->b, 3) != 0))) {
			sdiff++;
			printf("# slot %u: table %u..%u, patterns %u..%u\n", h, b->lo, b->hi, a->lo, a->hi);
		}
	}
	CHECK(sdiff == 0, "reason_text_starts holds exactly the rows of each prefix (%zu slots differ)", sdiff);
	nodes_from_starts(starts);
	CHECK(!g_overflow, "the walk's nodes fit their table (%zu nodes, %zu children)", g_n_nodes, g_n_next);
	CHECK(g_n_nodes == reason_text_n_nodes && g_n_next == reason_text_n_next && g_n_lit == reason_text_n_lit,
	      "reason_text_nodes has the walk's %zu nodes, %zu children, %zu lengths (table: %zu, %zu, %zu)",
	      g_n_nodes, g_n_next, g_n_lit, reason_text_n_nodes, reason_text_n_next, reason_text_n_lit);
	if (g_n_nodes != reason_text_n_nodes || g_n_next != reason_text_n_next || g_n_lit != reason_text_n_lit)
		return;
	for (unsigned h = 0; h < SLOTS; h++)
		ndiff += starts[h].hi && starts[h].node != reason_text_starts[h].node;
	for (size_t i = 0; i < g_n_nodes; i++)
		ndiff += memcmp(&g_nodes[i], &reason_text_nodes[i], sizeof(g_nodes[i])) != 0;
	for (size_t i = 0; i < g_n_next; i++)
		ndiff += g_next_byte[i] != reason_text_next_byte[i] || g_next[i] != reason_text_next[i] ||
			 g_next_byte[i] == 0; /* the vector search takes 0 for the padding */
	for (size_t i = g_n_next; i < g_n_next + 16; i++)
		ndiff += reason_text_next_byte[i] != 0;
	for (size_t i = 0; i < g_n_lit; i++)
		ndiff += g_lit[i] != reason_text_lit[i] || g_first[i] != reason_text_first[i];
	ndiff += g_n_str != reason_text_n_stretch;
	for (size_t i = 0; i < g_n_str + 8 && g_n_str == reason_text_n_stretch; i++)
		ndiff += i < g_n_str ? g_str[i] != reason_text_stretch[i] : reason_text_stretch[i] != 0;
	CHECK(ndiff == 0, "reason_text_nodes holds the walk of the rows (%zu entries differ)", ndiff);
	for (unsigned w = 0; w < HWORDS; w++) {
		hbits += (size_t)__builtin_popcountll(head[w]);
		hdiff += head[w] != reason_text_head[w];
	}
	CHECK(hdiff == 0, "reason_text_head holds exactly the patterns' first eight bytes (%zu words differ)",
	      hdiff);
	CHECK(hbits * 8 < (1u << REASON_TEXT_HEAD_BITS), "the head filter is sparse (%zu of %u bits set)", hbits,
	      1u << REASON_TEXT_HEAD_BITS);
	for (unsigned w = 0; w < HWORDS; w++) {
		h2bits += (size_t)__builtin_popcountll(head2[w]);
		h2diff += head2[w] != reason_text_head2[w];
	}
	CHECK(h2diff == 0, "reason_text_head2 holds exactly the patterns' first twelve bytes (%zu words differ)",
	      h2diff);
	CHECK(h2bits * 8 < (1u << REASON_TEXT_HEAD_BITS), "the second head filter is sparse (%zu of %u bits set)",
	      h2bits, 1u << REASON_TEXT_HEAD_BITS);
	for (unsigned w = 0; w < OWORDS; w++) {
		obits += (size_t)__builtin_popcountll(open[w]);
		odiff += open[w] != reason_text_open[w];
	}
	CHECK(odiff == 0 && obits > 0,
	      "reason_text_open holds exactly the prefixes with a row of fewer than eight literal bytes "
	      "(%zu words differ, %zu bits set)", odiff, obits);
	CHECK(obits * 8 < (1u << REASON_TEXT_OPEN_BITS), "the open filter is sparse (%zu of %u bits set)", obits,
	      1u << REASON_TEXT_OPEN_BITS);
	/* open addressing needs free slots to end its probes */
	CHECK(used * 2 < SLOTS, "the start table is at most half full (%zu of %u slots)", used, SLOTS);
	/* a filter that lets most through is no filter: regenerate with more bits */
	CHECK(bits * 8 < (1u << REASON_TEXT_PREFIX_BITS), "the filter is sparse (%zu of %u bits set)", bits,
	      1u << REASON_TEXT_PREFIX_BITS);
}

/* The filter must not lose a match, at the start, the middle and the very
 * end of a text. */
static void test_scan_still_finds(void)
{
	static const struct {
		const char *text;
		const char *pattern;
	} rows[] = {
		{"550 5.1.1 user unknown", "user unknown"},
		{"mailbox full, try later", "mailbox full"},
		{"x #5.1.1 bad address", "#5.1.1 bad address"},
		/* twelve bytes and more, at the very end */
		{"550 this account has been disabled", "account has been disabled"},
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct reason_text_hits h;
		int found = 0;

		reason_text_scan(rows[i].text, strlen(rows[i].text), &h);
		for (unsigned r = 0; r <= REASON_COUNT; r++)
			found += reason_text_has(&h, r) && h.pattern[r] && strcmp(h.pattern[r], rows[i].pattern) == 0;
		CHECK(found == 1, "scan finds \"%s\" in \"%s\"", rows[i].pattern, rows[i].text);
	}
}

/* The reasons found by looking for every pattern at every place one may
 * start (a word's start or a byte of REASON_TEXT_STARTERS), no filter. */
static uint64_t plain_scan(const char *t, size_t n)
{
	uint64_t mask = 0;

	for (size_t i = 0; i < n; i++) {
		bool w = (t[i] >= 'a' && t[i] <= 'z') || (t[i] >= '0' && t[i] <= '9');
		bool pw = i > 0 && ((t[i - 1] >= 'a' && t[i - 1] <= 'z') || (t[i - 1] >= '0' && t[i - 1] <= '9'));
		size_t nr;
		const struct reason_text_row *rows;

		if ((w && pw) || (!w && !strchr(REASON_TEXT_STARTERS, t[i])))
			continue;
		rows = reason_text_bucket((unsigned char)t[i], &nr);
		for (size_t r = 0; r < nr; r++)
			if (reason_text_match_at(t + i, n - i, rows[r].pattern))
				mask |= (uint64_t)1 << rows[r].reason;
	}
	return mask;
}

/* Texts made of patterns ('*' filled in, some cut short, some with a byte
 * changed) and words between them: the filters must lose no reason the
 * plain scan finds. */
static void test_filters_lose_nothing(void)
{
	static const char *const words[] = {"the", "user", "message", "rejected", "550", "5.1.1", "host",
					    "recipient", "address", "mail", "x", "said:", "a-b.example"};
	const struct reason_text_row *all[1024];
	size_t nall = 0, differ = 0, found = 0;
	unsigned seed = 12345;

	for (int c = 0; c < 256; c++) {
		size_t n;
		const struct reason_text_row *rows = reason_text_bucket((unsigned char)c, &n);

		for (size_t i = 0; i < n && nall < 1024; i++)
			all[nall++] = &rows[i];
	}
	for (int k = 0; k < 3000; k++) {
		char t[1024];
		size_t n = 0;

		for (int part = 0; part < 6 && n < 700; part++) {
			seed = seed * 1103515245u + 12345u;
			if ((seed >> 16) % 3 == 0) {
				const char *w = words[(seed >> 8) % (sizeof(words) / sizeof(words[0]))];

				n += (size_t)snprintf(t + n, sizeof(t) - n, "%s ", w);
				continue;
			}
			const char *p = all[(seed >> 4) % nall]->pattern;
			size_t len = strlen(p), cut = (seed >> 20) % 4 == 0 ? (seed >> 12) % (len + 1) : len;

			for (size_t j = 0; j < cut && n < 900; j++) {
				if (p[j] == '*') /* a non-blank run in its place */
					n += (size_t)snprintf(t + n, sizeof(t) - n, "xy.z");
				else
					t[n++] = p[j];
			}
			if ((seed >> 24) % 5 == 0 && n > 0)
				t[n - 1 - (seed >> 8) % (n < 8 ? n : 8)] ^= 1; /* a byte changed */
			if ((seed >> 27) % 2)
				t[n++] = ' ';
		}
		t[n] = '\0';
		{
			struct reason_text_hits h;
			uint64_t want = plain_scan(t, n);

			reason_text_scan(t, n, &h);
			differ += h.mask != want;
			found += want != 0;
		}
	}
	CHECK(differ == 0 && found > 1000,
	      "the scan finds what a plain scan finds (%zu of 3000 texts differ, %zu with a reason)", differ, found);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--print") == 0) {
		print_file();
		return 0;
	}
	test_prefix_matches_rows();
	test_scan_still_finds();
	test_filters_lose_nothing();
	(void)t_skipped;
	return t_failed ? 1 : 0;
}
