/* lhost-mtas.c: the table of the "mtas" decoder group (see lhost.h), in the order tried.
 *
 * Most specific first: decoders keyed to a header or marker of their own
 * come before those that accept a common subject ("failure notice", "Mail
 * delivery failed", "Returned mail: ..."). */
#include <stddef.h>

#include "parse/lhost-mtas.h"

const struct lhost_decoder lhost_mtas[] = {
	{"DragonFly", lhost_dragonfly_decode},
	{"OpenSMTPD", lhost_opensmtpd_decode},
	{"MessagingServer", lhost_messagingserver_decode},
	{"Courier", lhost_courier_decode},
	{"Postfix", lhost_postfix_decode},
	{"Sendmail", lhost_sendmail_decode},
	{"V5sendmail", lhost_v5sendmail_decode},
	{"qmail", lhost_qmail_decode},
	{"Exim", lhost_exim_decode},
	{NULL, NULL},
};
