/* header.c: one header block -> struct header_list (names lower-case,
 * values unfolded, trimmed, and decoded to UTF-8 when asked).
 *
 * Bounded: at most HEADER_MAX_COUNT headers and HEADER_MAX_VALUE bytes of
 * each value are kept; the rest is scanned and skipped in linear time, so a
 * 1 MB header line costs one pass (QUIRKS.md).
 */
#include <stdlib.h>
#include <string.h>

#include "parse/mime.h"

/* chains keep positions in unsigned short */
_Static_assert(HEADER_MAX_COUNT < 65535, "HEADER_MAX_COUNT must fit a header chain");

struct hp {
	struct mime_arena *a;
	struct charset_cache *cc;
	bool decode;
	struct mail_header *h;
	size_t n, cap;
	char name[128];
	size_t name_len;
	bool open;              /* a header is being collected */
	/* The value as it is on the header's line: most headers have one line,
	 * and their value is taken from the text without a copy. Folded ones
	 * are unfolded into val (spilled). */
	const char *line1;
	size_t line1_len;
	bool spilled;
	struct mime_buf val;
	bool *truncated;
};

static bool hp_name_char(unsigned char c)
{
	return c > 32 && c < 127 && c != ':';
}

/* Might s[0..n) hold an encoded word ("=?")? (memchr: glibc's memmem is
 * slow on short haystacks) */
static bool hp_has_word(const char *s, size_t n)
{
	const char *e = s + n, *q;

	for (; (q = memchr(s, '=', (size_t)(e - s))) != NULL; s = q + 1)
		if (q + 1 < e && q[1] == '?')
			return true;
	return false;
}

static int hp_finish(struct hp *p)
{
	struct mime_buf dec = {0};
	const char *s;
	size_t n;
	char *name, *value;

	if (!p->open)
		return 0;
	p->open = false;
	if (p->spilled) {
		if (p->val.nomem)
			return -1;
		s = p->val.p ? p->val.p : "";
		n = p->val.len;
	} else {
		s = p->line1;
		n = p->line1_len;
	}
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (p->n >= HEADER_MAX_COUNT) {
		*p->truncated = true;
		p->val.len = 0;
		return 0;
	}
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 16;
		struct mail_header *nh = realloc(p->h, cap * sizeof(*nh));

		if (!nh)
			return -1;
		p->h = nh;
		p->cap = cap;
	}
	name = mime_arena_strndup(p->a, p->name, p->name_len);
	/* plain ASCII without "=?" decodes to itself (most values) */
	if (p->decode && n && (hp_has_word(s, n) || !charset_is_ascii(s, n))) {
		rfc2047_decode(p->cc, s, n, &dec);
		value = dec.nomem ? NULL : mime_arena_strndup(p->a, dec.p ? dec.p : "", dec.len);
		mime_buf_free(&dec);
	} else {
		value = mime_arena_strndup(p->a, s, n);
	}
	if (!name || !value)
		return -1;
	p->h[p->n].name = name;
	p->h[p->n].value = value;
	p->n++;
	p->val.len = 0;
	return 0;
}

static void hp_append(struct hp *p, const char *s, size_t n)
{
	if (p->val.len + n > HEADER_MAX_VALUE) {
		*p->truncated = true;
		n = p->val.len < HEADER_MAX_VALUE ? HEADER_MAX_VALUE - p->val.len : 0;
	}
	mime_buf_add(&p->val, s, n);
}

/* Handle one line; returns 1 at the end of the block, -1 out of memory. */
static int hp_line(struct hp *p, const char *line, size_t n, bool first)
{
	size_t nl, i;

	if (n == 0)
		return 1;
	if ((line[0] == ' ' || line[0] == '\t') && p->open) {
		while (n && (*line == ' ' || *line == '\t')) {
			line++;
			n--;
		}
		if (!p->spilled) {
			p->val.len = 0;
			mime_buf_add(&p->val, p->line1, p->line1_len);
			p->spilled = true;
		}
		hp_append(p, " ", 1);
		hp_append(p, line, n);
		return 0;
	}
	/* the header before ends here, whatever this line turns out to be */
	if (hp_finish(p) < 0)
		return -1;
	/* the name, lower-cased while it is read ("Subject : x" is one too) */
	for (i = 0; i < n && hp_name_char((unsigned char)line[i]); i++)
		if (i < sizeof(p->name) - 1)
			p->name[i] = (line[i] >= 'A' && line[i] <= 'Z') ? (char)(line[i] - 'A' + 'a') : line[i];
	nl = i;
	while (i < n && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (nl == 0 || i >= n || line[i] != ':') {
		/* mbox "From " separator before the first header */
		if (first && n >= 5 && (memcmp(line, "From ", 5) == 0 || memcmp(line, ">From ", 6) == 0))
			return 0;
		return 1;
	}
	if (nl >= sizeof(p->name))
		nl = sizeof(p->name) - 1;
	p->name[nl] = '\0';
	p->name_len = nl;
	p->open = true;
	p->spilled = false;
	p->line1 = line + i + 1;
	p->line1_len = n - i - 1;
	if (p->line1_len > HEADER_MAX_VALUE) { /* as hp_append() cuts */
		*p->truncated = true;
		p->line1_len = HEADER_MAX_VALUE;
	}
	return 0;
}

/* The chain of a name: bytes 0, 2 and 3, which tell apart the X- headers
 * ("x-ms-...", "x-gm-...", "x-ses-...") without a strlen. */
static unsigned hdr_key(const char *name)
{
	unsigned a = (unsigned char)name[0], c = 0, d = 0;

	if (a && name[1] && (c = (unsigned char)name[2]) != 0)
		d = (unsigned char)name[3];
	return ((a * 31u + c) * 31u + d) & (HDR_CHAINS - 1);
}

/* Link every header into its chain, in order (a lookup finds the first). */
static void hdr_chain(struct header_list *hl)
{
	unsigned short last[HDR_CHAINS] = {0};

	for (size_t i = 0; i < hl->n; i++) {
		unsigned k = hdr_key(hl->h[i].name);

		hl->h[i].next = 0;
		if (last[k])
			hl->h[last[k] - 1].next = (unsigned short)(i + 1);
		else
			hl->first[k] = (unsigned short)(i + 1);
		last[k] = (unsigned short)(i + 1);
	}
	hl->chained = true;
}

int header_parse(struct mime_arena *a, struct charset_cache *cc, const char *text, size_t len,
		 bool decode, struct header_list *out, size_t *body_r, bool *truncated)
{
	struct hp p = {.a = a, .cc = cc, .decode = decode, .truncated = truncated};
	size_t pos = 0;
	int rc = 0;
	bool first = true;

	out->h = NULL;
	out->n = 0;
	out->chained = false;
	memset(out->first, 0, sizeof(out->first));
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;
		int r = hp_line(&p, text + pos, end - pos, first);

		first = false;
		if (r < 0) {
			rc = -1;
			break;
		}
		if (r > 0) {
			if (end == pos) /* the empty line belongs to the headers */
				pos = nl ? end + 1 : end;
			break;
		}
		pos = nl ? end + 1 : end;
	}
	if (rc == 0 && hp_finish(&p) < 0)
		rc = -1;
	mime_buf_free(&p.val);
	if (rc < 0) {
		free(p.h);
		return -1;
	}
	if (p.h && !mime_arena_keep(a, p.h))
		return -1;
	out->h = p.h;
	out->n = p.n;
	hdr_chain(out);
	if (body_r)
		*body_r = pos;
	return 0;
}

static bool hdr_name_is(const char *name, const char *lname)
{
	/* two bytes inline before the call */
	return name[0] == lname[0] &&
	       (!lname[0] || (name[1] == lname[1] && (!lname[1] || strcmp(name + 2, lname + 2) == 0)));
}

const char *hdr_get(const struct header_list *hl, const char *lname)
{
	if (!hl)
		return NULL;
	if (hl->chained) {
		for (unsigned i = hl->first[hdr_key(lname)]; i; i = hl->h[i - 1].next)
			if (hdr_name_is(hl->h[i - 1].name, lname))
				return hl->h[i - 1].value;
		return NULL;
	}
	for (size_t i = 0; i < hl->n; i++)
		if (hdr_name_is(hl->h[i].name, lname))
			return hl->h[i].value;
	return NULL;
}
