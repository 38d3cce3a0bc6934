/* mime-buf.c: the growable buffer and the arena of the parse core (mime.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/mime.h"

static bool buf_reserve(struct mime_buf *b, size_t extra)
{
	size_t need, cap;
	char *n;

	if (b->nomem)
		return false;
	if (extra > SIZE_MAX / 2 - b->len - 1) {
		b->nomem = true;
		return false;
	}
	need = b->len + extra + 1;
	if (need <= b->cap)
		return true;
	cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap *= 2;
	n = realloc(b->p, cap);
	if (!n) {
		b->nomem = true;
		return false;
	}
	b->p = n;
	b->cap = cap;
	return true;
}

void mime_buf_add(struct mime_buf *b, const char *s, size_t n)
{
	if (!buf_reserve(b, n))
		return;
	if (n)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void mime_buf_addc(struct mime_buf *b, char c)
{
	mime_buf_add(b, &c, 1);
}

void mime_buf_free(struct mime_buf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

char *mime_buf_take(struct mime_buf *b, size_t *len_r)
{
	char *p;

	if (!b->p && buf_reserve(b, 0))
		b->p[0] = '\0';
	if (b->nomem) {
		mime_buf_free(b);
		if (len_r)
			*len_r = 0;
		return NULL;
	}
	p = b->p;
	if (len_r)
		*len_r = b->len;
	memset(b, 0, sizeof(*b));
	return p;
}

/* A singly linked list of malloc'd blocks; the arena only grows. */
struct arena_node {
	struct arena_node *next;
	void *p;
};

struct mime_arena {
	struct arena_node *head;
};

struct mime_arena *mime_arena_new(void)
{
	return calloc(1, sizeof(struct mime_arena));
}

void mime_arena_free(struct mime_arena *a)
{
	struct arena_node *n, *next;

	if (!a)
		return;
	for (n = a->head; n; n = next) {
		next = n->next;
		free(n->p);
		free(n);
	}
	free(a);
}

bool mime_arena_keep(struct mime_arena *a, void *p)
{
	struct arena_node *n = malloc(sizeof(*n));

	if (!n) {
		free(p);
		return false;
	}
	n->p = p;
	n->next = a->head;
	a->head = n;
	return true;
}

char *mime_arena_strndup(struct mime_arena *a, const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return mime_arena_keep(a, p) ? p : NULL;
}

void mime_text_normalise(char *p, size_t *len)
{
	size_t r, w, n = *len;
	const char *cr = memchr(p, '\r', n);
	size_t clean = strnlen(p, cr ? (size_t)(cr - p) : n);

	/* Most text is already LF-only without NULs (every part of a message
	 * comes here, some twice): find the first byte to change with the
	 * vectorised libc scans, and only rewrite from there. */
	if (clean == n)
		return;
	r = w = clean;
	while (r < n) {
		char c = p[r++];

		if (c == '\r') {
			if (r < n && p[r] == '\n')
				r++;
			c = '\n';
		} else if (c == '\0') {
			c = ' ';
		}
		p[w++] = c;
	}
	if (w < n)
		p[w] = '\0';
	*len = w;
}
