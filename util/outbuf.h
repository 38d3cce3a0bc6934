/* outbuf.h: output gathered in memory and handed to stdio in large writes.
 *
 * A line of `bouncer parse` is ~25 short fields; written field by field,
 * the stdio calls (locking, bounds checks, one call per piece) cost more
 * than making the text. The buffer lives on the caller's stack: no
 * allocation, nothing to free. Write errors are stdio's: see ferror(fp).
 */
#ifndef BOUNCER_UTIL_OUTBUF_H
#define BOUNCER_UTIL_OUTBUF_H

#include <stddef.h>
#include <stdio.h>

#define OUTBUF_SIZE 16384

struct outbuf {
	FILE *fp;
	size_t len;
	char buf[OUTBUF_SIZE];
};

/* Start an empty buffer that writes to fp. */
void outbuf_init(struct outbuf *o, FILE *fp);
/* Append n bytes (any number: a long piece is written through). */
void outbuf_put(struct outbuf *o, const void *p, size_t n);
/* Append a NUL-terminated string. */
void outbuf_puts(struct outbuf *o, const char *s);
/* Hand what is buffered to stdio (not fflush: stdio keeps its own buffer). */
void outbuf_flush(struct outbuf *o);

/* Append one byte. */
static inline void outbuf_putc(struct outbuf *o, char c)
{
	if (o->len == OUTBUF_SIZE)
		outbuf_flush(o);
	o->buf[o->len++] = c;
}

#endif
