/* lhost-mtas.c: the table of the "mtas" decoder group (see lhost.h), in the order tried.
 *
 * Most specific first: decoders keyed to a header or marker of their own
 * come before those that accept a common subject ("failure notice", "Mail
 * delivery failed", "Returned mail: ..."). */
#include <stddef.h>

#include "parse/lhost-mtas.h"

const struct lhost_decoder lhost_mtas[] = {
	{"Amavis", lhost_amavis_decode},
	{"FML", lhost_fml_decode},
	{"MXLogic", lhost_mxlogic_decode},
	{"MailFoundry", lhost_mailfoundry_decode},
	{"MailMarshalSMTP", lhost_mailmarshalsmtp_decode},
	{"InterScanMSS", lhost_interscanmss_decode},
	{"IMailServer", lhost_imailserver_decode},
	{"ApacheJames", lhost_apachejames_decode},
	{"Domino", lhost_domino_decode},
	{"Notes", lhost_notes_decode},
	{"DragonFly", lhost_dragonfly_decode},
	{"OpenSMTPD", lhost_opensmtpd_decode},
	{"Exchange2007", lhost_exchange2007_decode},
	{"Exchange2003", lhost_exchange2003_decode},
	{"MessagingServer", lhost_messagingserver_decode},
	{"Courier", lhost_courier_decode},
	{"X1", lhost_x1_decode},
	{"X3", lhost_x3_decode},
	{"X5", lhost_x5_decode},
	{"X6", lhost_x6_decode},
	{"PowerMTA", lhost_powermta_decode},
	{"Postfix", lhost_postfix_decode},
	{"Sendmail", lhost_sendmail_decode},
	{"V5sendmail", lhost_v5sendmail_decode},
	{"qmail", lhost_qmail_decode},
	{"Exim", lhost_exim_decode},
	/* look-alikes with common subjects and senders: last */
	{"X4", lhost_x4_decode},
	{"X2", lhost_x2_decode},
	{NULL, NULL},
};
