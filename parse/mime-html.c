/* mime-html.c: text/html to plain text, for bounces that have no
 * text/plain part. Not an HTML parser: good enough to read a status line. */
#include <stdint.h>
#include <string.h>
#include <strings.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "parse/mime.h"
#include "util/str.h"

/* Tags after which a line break keeps the text readable ("br", "/p",
 * "p", "/div", "div", "/tr", "tr", "/li", "li", "/h1", "/h2", "/h3",
 * "/table", "hr"), NUL-padded to eight bytes: a tag name is compared
 * with them as one 8-byte word (html_is_break()). */
#define HTML_NAME_MAX 8

static const struct {
	const char *name;
	const char *text;
} html_entities[] = {
	{"&nbsp;", " "}, {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""},
	{"&#39;", "'"}, {"&apos;", "'"},
};

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define HTML_LE 1 /* a name's first byte is the low byte of its eight read as a number */
/* The break tags by a hash of their eight bytes read as one number
 * (little-endian): each has a bucket of its own (the multiplier was
 * searched for that), so a tag name is one multiply, one load and one
 * compare instead of fourteen compares. Empty buckets hold zero, which no
 * name is (it has a first byte). test-parse-transfer compares the result
 * with the plain list's on random html. */
#define HTML_BREAK_MUL 0xb358d7c8e8e7ad69u
static const char html_break_hash[16][HTML_NAME_MAX] = {
	[3] = "br", [12] = "/p", [7] = "p", [11] = "/div", [15] = "div", [4] = "/tr", [13] = "tr",
	[14] = "/li", [1] = "li", [5] = "/h1", [2] = "/h2", [0] = "/h3", [8] = "/table", [6] = "hr",
};

static bool html_is_break(const char name[HTML_NAME_MAX])
{
	uint64_t key, want;

	memcpy(&key, name, 8);
	memcpy(&want, html_break_hash[(key * HTML_BREAK_MUL) >> 60], 8);
	return key == want;
}
#else
#define HTML_LE 0
/* the same tags as a list (a tag added must go in both) */
static const char html_break_tags[][HTML_NAME_MAX] = {"br", "/p", "p", "/div", "div", "/tr", "tr",
						      "/li", "li", "/h1", "/h2", "/h3", "/table", "hr"};

static bool html_is_break(const char name[HTML_NAME_MAX])
{
	for (size_t k = 0; k < sizeof(html_break_tags) / sizeof(html_break_tags[0]); k++)
		if (memcmp(html_break_tags[k], name, HTML_NAME_MAX) == 0)
			return true;
	return false;
}
#endif

/* Length of the tag name at tag[0..n): up to the first blank, '/' or line
 * end after its first byte (html_tag_is() of old: a name matches when it
 * is exactly that long and equal, ignoring case), or HTML_NAME_MAX when
 * it is at least that long (no such name matters: not read further). */
static size_t html_name_len(const char *tag, size_t n)
{
	size_t e = 1, end = n < HTML_NAME_MAX ? n : HTML_NAME_MAX;

	while (e < end && tag[e] != ' ' && tag[e] != '/' && tag[e] != '\t' && tag[e] != '\n')
		e++;
	return n ? e : 0;
}

/* Skip from in[i] (just after "<script" or "<style") to after the close tag. */
static size_t html_skip_block(const char *in, size_t n, size_t i, const char *close)
{
	size_t l = strlen(close);

	while (i + l <= n) {
		const char *lt = memchr(in + i, '<', n - l + 1 - i);

		if (!lt)
			break;
		i = (size_t)(lt - in);
		if (strncasecmp(in + i, close, l) == 0)
			return i + l;
		i++;
	}
	return n;
}

/* Bytes that end a run of plain text. */
static const bool html_stop[256] = {['<'] = true, ['&'] = true, [' '] = true, ['\t'] = true, ['\n'] = true};

void mime_html_strip(const char *in, size_t n, struct mime_buf *out)
{
	size_t i = 0;
	bool space = false;
	char *o;

	/* every byte out stands for at least one byte in (a tag for a line
	 * end, an entity for a shorter text, blanks for one space) */
	if (!mime_buf_reserve(out, n))
		return;
	o = out->p + out->len;
	while (i < n) {
		char c = in[i];

		if (c == '<') {
			const char *t = in + i + 1;
			const char *gt = memchr(t, '>', n - i - 1);
			size_t tl = gt ? (size_t)(gt - t) : n - i - 1, e = html_name_len(t, tl);
			char name[HTML_NAME_MAX];

			i = gt ? (size_t)(gt - in) + 1 : n;
			if (e == 0 || e >= sizeof(name)) /* no name this long matters */
				continue;
			if (HTML_LE && tl >= 8) { /* eight bytes of the tag at once, those past the name zeroed */
				uint64_t w = str_lower8(t) & (~(uint64_t)0 >> (64 - 8 * e));

				memcpy(name, &w, 8);
			} else {
				for (size_t k = 0; k < e; k++)
					name[k] = str_lower_c(t[k]);
				memset(name + e, 0, sizeof(name) - e);
			}
			if (memcmp(name, "script\0", HTML_NAME_MAX) == 0)
				i = html_skip_block(in, n, i, "</script>");
			else if (memcmp(name, "style\0\0", HTML_NAME_MAX) == 0)
				i = html_skip_block(in, n, i, "</style>");
			if (html_is_break(name)) {
				*o++ = '\n';
				space = false;
			}
			continue;
		}
		if (c == '&') {
			size_t k;

			for (k = 0; k < sizeof(html_entities) / sizeof(html_entities[0]); k++) {
				size_t l = strlen(html_entities[k].name);

				if (i + l <= n && strncasecmp(in + i, html_entities[k].name, l) == 0) {
					size_t tl = strlen(html_entities[k].text);

					memcpy(o, html_entities[k].text, tl);
					o += tl;
					i += l;
					space = false;
					break;
				}
			}
			if (k < sizeof(html_entities) / sizeof(html_entities[0]))
				continue;
		}
		if (c == ' ' || c == '\t' || c == '\n') { /* HTML white space folds: a run is one space */
			if (!space)
				*o++ = ' ';
			space = true;
			i++;
#ifdef __SSE2__
			/* sixteen at a time: html is indented with long runs */
			while (i + 16 <= n) {
				__m128i b = _mm_loadu_si128((const __m128i *)(const void *)(in + i));
				unsigned m = (unsigned)_mm_movemask_epi8(
					_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8(' ')),
								  _mm_cmpeq_epi8(b, _mm_set1_epi8('\t'))),
						     _mm_cmpeq_epi8(b, _mm_set1_epi8('\n'))));

				if (m != 0xFFFF) {
					i += (size_t)__builtin_ctz(~m);
					break;
				}
				i += 16;
			}
#endif
			for (; i < n && (in[i] == ' ' || in[i] == '\t' || in[i] == '\n'); i++)
				;
			continue;
		}
		/* a run of plain text, single spaces between words included
		 * (a space before a plain byte folds to itself) */
		{
			size_t j = i + 1;

			while (j < n) {
				if (!html_stop[(unsigned char)in[j]])
					j++;
				else if (in[j] == ' ' && j + 1 < n && !html_stop[(unsigned char)in[j + 1]])
					j += 2;
				else
					break;
			}
			space = false;
			memcpy(o, in + i, j - i);
			o += j - i;
			i = j;
		}
	}
	out->len = (size_t)(o - out->p);
	out->p[out->len] = '\0';
}
