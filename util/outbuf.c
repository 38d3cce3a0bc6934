/* outbuf.c: see outbuf.h. */
#include "util/outbuf.h"

void outbuf_init(struct outbuf *o, FILE *fp)
{
	o->fp = fp;
	o->len = 0;
}

void outbuf_flush(struct outbuf *o)
{
	if (o->len)
		fwrite_unlocked(o->buf, 1, o->len, o->fp); /* one thread: no lock needed */
	o->len = 0;
}

void outbuf_put_long(struct outbuf *o, const void *p, size_t n)
{
	outbuf_flush(o);
	if (n > OUTBUF_SIZE) {
		fwrite_unlocked(p, 1, n, o->fp);
		return;
	}
	memcpy(o->buf, p, n);
	o->len = n;
}

void outbuf_puts(struct outbuf *o, const char *s)
{
	outbuf_put(o, s, strlen(s));
}
