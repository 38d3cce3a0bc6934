/* lhost-standard.c: the table of the "standard" decoder group (see lhost.h), in the order tried. */
#include <stddef.h>

#include "parse/lhost-standard.h"

const struct lhost_decoder lhost_standard[] = {
	{"RFC3464", lhost_rfc3464_decode},
	{NULL, NULL},
};
