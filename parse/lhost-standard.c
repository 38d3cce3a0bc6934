/* lhost-standard.c: the table of the "standard" decoder group (see lhost.h), in the order tried. */
#include <stddef.h>

#include "parse/lhost.h"

const struct lhost_decoder lhost_standard[] = {
	{NULL, NULL},
};
