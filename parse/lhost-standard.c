/* lhost-standard.c: the table of the "standard" decoder group (see lhost.h), in the order tried. */
#include <stddef.h>

#include "parse/lhost-standard.h"

const struct lhost_decoder lhost_standard[] = {
	{"ARF", lhost_arf_decode},         /* multipart/report too: before RFC 3464 */
	{"RFC3464", lhost_rfc3464_decode},
	{"RFC3834", lhost_rfc3834_decode}, /* auto-replies: last, bounces say auto-generated too */
	{NULL, NULL},
};
