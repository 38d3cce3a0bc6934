/* outbuf.h: output gathered in memory and handed to stdio in large writes.
 *
 * A line of `bouncer parse` is ~25 short fields; written field by field,
 * the stdio calls (locking, bounds checks, one call per piece) cost more
 * than making the text. One outbuf can serve a whole run: with the stream
 * unbuffered, each full buffer is then one write(2). Write errors are
 * stdio's: see ferror(fp).
 */
#ifndef BOUNCER_UTIL_OUTBUF_H
#define BOUNCER_UTIL_OUTBUF_H

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define OUTBUF_SIZE 65536

struct outbuf {
	FILE *fp;
	size_t len;
	char buf[OUTBUF_SIZE];
};

/* Start an empty buffer that writes to fp. */
void outbuf_init(struct outbuf *o, FILE *fp);
/* Append n bytes that do not fit: flush, then buffer or write through. */
void outbuf_put_long(struct outbuf *o, const void *p, size_t n);
/* Append a NUL-terminated string. */
void outbuf_puts(struct outbuf *o, const char *s);
/* Hand what is buffered to stdio (not fflush: stdio keeps its own buffer). */
void outbuf_flush(struct outbuf *o);

/* Append n bytes (any number: a long piece is written through). Inline:
 * printing a record calls this for every key and field. */
static inline void outbuf_put(struct outbuf *o, const void *p, size_t n)
{
	if (n > OUTBUF_SIZE - o->len) {
		outbuf_put_long(o, p, n);
		return;
	}
	memcpy(o->buf + o->len, p, n);
	o->len += n;
}

/* Append one byte. */
static inline void outbuf_putc(struct outbuf *o, char c)
{
	if (o->len == OUTBUF_SIZE)
		outbuf_flush(o);
	o->buf[o->len++] = c;
}

#endif
