/* lhost-providers.c: the table of the "providers" decoder group (see lhost.h), in the order tried. */
#include <stddef.h>

#include "parse/lhost.h"

const struct lhost_decoder lhost_providers[] = {
	{NULL, NULL},
};
