/* lhost-mtas.h: private to the "mtas" decoder group (lhost-mtas.c and the
 * lhost-<name>.c files it lists): the decoders of MTA software formats.
 * Their helpers are in lhost-util.h.
 *
 * Every decoder follows lhost.h: LHOST_PASS when the message is not its
 * format, LHOST_MATCH when it is (records appended, maybe none), LHOST_NOMEM.
 */
#ifndef BOUNCER_PARSE_LHOST_MTAS_H
#define BOUNCER_PARSE_LHOST_MTAS_H

#include <stdbool.h>
#include <stddef.h>

#include "parse/lhost-util.h"

/* ---- decoders (one file each) ---------------------------------------- */
#define LHOST_MTA_DECODER(name) \
	enum lhost_verdict lhost_##name##_decode(const struct mail_view *v, struct parse_result *res)

LHOST_MTA_DECODER(postfix);
LHOST_MTA_DECODER(sendmail);
LHOST_MTA_DECODER(v5sendmail);
LHOST_MTA_DECODER(exim);
LHOST_MTA_DECODER(qmail);
LHOST_MTA_DECODER(courier);
LHOST_MTA_DECODER(opensmtpd);
LHOST_MTA_DECODER(dragonfly);
LHOST_MTA_DECODER(messagingserver);
LHOST_MTA_DECODER(apachejames);
LHOST_MTA_DECODER(fml);
LHOST_MTA_DECODER(x1);
LHOST_MTA_DECODER(x2);
LHOST_MTA_DECODER(x3);
LHOST_MTA_DECODER(x4);
LHOST_MTA_DECODER(x5);
LHOST_MTA_DECODER(x6);
LHOST_MTA_DECODER(imailserver);
LHOST_MTA_DECODER(powermta);
LHOST_MTA_DECODER(interscanmss);
LHOST_MTA_DECODER(mxlogic);
LHOST_MTA_DECODER(mailfoundry);
LHOST_MTA_DECODER(mailmarshalsmtp);
LHOST_MTA_DECODER(amavis);
LHOST_MTA_DECODER(domino);
LHOST_MTA_DECODER(notes);
LHOST_MTA_DECODER(exchange2003);
LHOST_MTA_DECODER(exchange2007);

/* Exim's reason texts (lhost-exim.c), also those of MXLogic, an Exim inside. */
extern const struct lhost_reason_row lhost_exim_reasons[];

/* The QSBMF reader of lhost-qmail.c, for qmail and its look-alikes (X4):
 * reading starts at the line is_start accepts. */
enum lhost_verdict lhost_qmail_like(const struct mail_view *v, struct parse_result *res,
				    bool (*is_start)(struct lhost_line), const char *name);

#endif
