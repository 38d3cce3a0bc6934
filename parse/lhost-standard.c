/* lhost-standard.c: the table of the "standard" decoder group (see lhost.h), in the order tried. */
#include <stddef.h>

#include "parse/lhost-hints.h"
#include "parse/lhost-standard.h"

const struct lhost_decoder lhost_standard[] = {
	{"ARF", lhost_arf_decode, 0, 0},         /* multipart/report too: before RFC 3464 */
	{"RFC3464", lhost_rfc3464_decode, 0, 0},
	{"RFC3834", lhost_rfc3834_decode, 0, 0}, /* auto-replies: last, bounces say auto-generated too */
	{NULL, NULL, 0, 0},
};
