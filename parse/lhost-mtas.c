/* lhost-mtas.c: the table of the "mtas" decoder group (see lhost.h), in the order tried. */
#include <stddef.h>

#include "parse/lhost.h"

const struct lhost_decoder lhost_mtas[] = {
	{NULL, NULL},
};
