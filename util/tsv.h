/* tsv.h: TSV cells (tab-separated values), into an outbuf. */
#ifndef BOUNCER_UTIL_TSV_H
#define BOUNCER_UTIL_TSV_H

#include <stddef.h>

#include "util/outbuf.h"

/* One cell of a line for tsv_put_cells(): an array of cap bytes at offset
 * off in base[which], its text up to its NUL (a value without one is cut at
 * cap). Nothing past the array is read, unless room says that the record
 * goes on after it: then a value shorter than sixteen bytes is read in one
 * step of sixteen, up to room bytes from its start (what lies after the
 * array is never written out). 0: as cap. */
struct tsv_cell {
	unsigned char which;
	unsigned short cap;
	unsigned off;
	unsigned short room;
};

/* Append the n cells of c, each followed by a tab, the last by a newline,
 * with the tabs, CRs and LFs in their text made spaces (a cell cannot hold
 * them). Copied sixteen bytes a step (SSE2), the spaces put in as they go:
 * no branch on what a cell holds. */
void tsv_put_cells(struct outbuf *o, const struct tsv_cell *c, size_t n, const char *const *base);

#endif
