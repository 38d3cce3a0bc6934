/* mime-html.c: text/html to plain text, for bounces that have no
 * text/plain part. Not an HTML parser: good enough to read a status line. */
#include <string.h>
#include <strings.h>

#include "parse/mime.h"

/* Tags after which a line break keeps the text readable. */
static const char *const html_break_tags[] = {"br", "/p", "p", "/div", "div", "/tr", "tr",
					      "/li", "li", "/h1", "/h2", "/h3", "/table", "hr"};

static const struct {
	const char *name;
	const char *text;
} html_entities[] = {
	{"&nbsp;", " "}, {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""},
	{"&#39;", "'"}, {"&apos;", "'"},
};

static bool html_tag_is(const char *tag, size_t n, const char *name)
{
	size_t l;
	char c0 = n ? tag[0] : '\0';

	/* the first byte decides for almost every tag of every html part */
	if (c0 >= 'A' && c0 <= 'Z')
		c0 = (char)(c0 - 'A' + 'a');
	if (n == 0 || c0 != name[0])
		return false;
	l = strlen(name);

	return n >= l && strncasecmp(tag, name, l) == 0 &&
	       (n == l || tag[l] == ' ' || tag[l] == '/' || tag[l] == '\t' || tag[l] == '\n');
}

/* Skip from in[i] (just after "<script" or "<style") to after the close tag. */
static size_t html_skip_block(const char *in, size_t n, size_t i, const char *close)
{
	size_t l = strlen(close);

	for (; i + l <= n; i++)
		if (in[i] == '<' && strncasecmp(in + i, close, l) == 0)
			return i + l;
	return n;
}

void mime_html_strip(const char *in, size_t n, struct mime_buf *out)
{
	size_t i = 0;
	bool space = false;

	while (i < n) {
		char c = in[i];

		if (c == '<') {
			const char *t = in + i + 1;
			const char *gt = memchr(t, '>', n - i - 1);
			size_t tl = gt ? (size_t)(gt - t) : n - i - 1;
			char t0;

			i = gt ? (size_t)(gt - in) + 1 : n;
			if (html_tag_is(t, tl, "script"))
				i = html_skip_block(in, n, i, "</script>");
			else if (html_tag_is(t, tl, "style"))
				i = html_skip_block(in, n, i, "</style>");
			/* the first byte before the call: it rules out nearly all */
			t0 = tl ? t[0] : '\0';
			if (t0 >= 'A' && t0 <= 'Z')
				t0 = (char)(t0 - 'A' + 'a');
			for (size_t k = 0; k < sizeof(html_break_tags) / sizeof(html_break_tags[0]); k++)
				if (tl && html_break_tags[k][0] == t0 && html_tag_is(t, tl, html_break_tags[k])) {
					mime_buf_addc(out, '\n');
					space = false;
					break;
				}
			continue;
		}
		if (c == '&') {
			size_t k;

			for (k = 0; k < sizeof(html_entities) / sizeof(html_entities[0]); k++) {
				size_t l = strlen(html_entities[k].name);

				if (i + l <= n && strncasecmp(in + i, html_entities[k].name, l) == 0) {
					mime_buf_add(out, html_entities[k].text, strlen(html_entities[k].text));
					i += l;
					space = false;
					break;
				}
			}
			if (k < sizeof(html_entities) / sizeof(html_entities[0]))
				continue;
		}
		if (c == ' ' || c == '\t' || c == '\n') { /* HTML white space folds */
			if (!space)
				mime_buf_addc(out, ' ');
			space = true;
			i++;
			continue;
		}
		/* a run of plain text goes out in one append, not byte by byte */
		{
			size_t j = i + 1;

			while (j < n && in[j] != '<' && in[j] != '&' && in[j] != ' ' && in[j] != '\t' &&
			       in[j] != '\n')
				j++;
			space = false;
			mime_buf_add(out, in + i, j - i);
			i = j;
		}
	}
}
