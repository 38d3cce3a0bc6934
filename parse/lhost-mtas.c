/* lhost-mtas.c: the table of the "mtas" decoder group (see lhost.h), in the order tried.
 *
 * Most specific first: decoders keyed to a header or marker of their own
 * come before those that accept a common subject ("failure notice", "Mail
 * delivery failed", "Returned mail: ..."). */
#include <stddef.h>

#include "parse/lhost-hints.h"
#include "parse/lhost-mtas.h"

/* H(X): the fact LHOST_H_X. Each row's facts (all, any) are what the
 * decoder's own first checks need, said in the comment above it. */
#define H(x) LHOST_H_##x

const struct lhost_decoder lhost_mtas[] = {
	/* a DSN part and its sender */
	{"Amavis", lhost_amavis_decode, H(DSN) | H(FROM_AMAVIS), 0},
	/* X-MLServer */
	{"FML", lhost_fml_decode, H(X_MLSERVER), 0},
	/* its X-MX* headers, or "Mail Delivery System" at mxlogic in From */
	{"MXLogic", lhost_mxlogic_decode, 0, H(X_MX) | H(FROM_MXLOGIC)},
	/* its subject */
	{"MailFoundry", lhost_mailfoundry_decode, H(SUBJ_MAILFOUNDRY), 0},
	/* "Undeliverable Mail: \"..." */
	{"MailMarshalSMTP", lhost_mailmarshalsmtp_decode, H(SUBJ_UNDELIV_SP), 0},
	/* its senders or subjects */
	{"InterScanMSS", lhost_interscanmss_decode, 0, H(FROM_INTERSCAN) | H(SUBJ_INTERSCAN)},
	/* "Undeliverable Mail" or an X-Mailer of its own */
	{"IMailServer", lhost_imailserver_decode, 0, H(SUBJ_UNDELIV_SP) | H(X_MAILER)},
	/* "[BOUNCE]", a JavaMail Message-ID or JAMES in Received: */
	{"ApacheJames", lhost_apachejames_decode, 0, H(SUBJ_BOUNCE) | H(MID_JAVAMAIL) | H(RCV_JAMES)},
	/* "DELIVERY FAILURE:" or "DELIVERY_FAILURE:" */
	{"Domino", lhost_domino_decode, H(SUBJ_DELIVERY), 0},
	/* "Undeliverable message" */
	{"Notes", lhost_notes_decode, H(SUBJ_UNDELIV_SP), 0},
	/* dma in Received: or its greeting */
	{"DragonFly", lhost_dragonfly_decode, 0, H(RCV_DRAGONFLY) | H(BODY_DRAGONFLY)},
	/* "Delivery status notification" */
	{"OpenSMTPD", lhost_opensmtpd_decode, H(SUBJ_DSN), 0},
	/* Content-Language */
	{"Exchange2007", lhost_exchange2007_decode, H(CONTENT_LANGUAGE), 0},
	/* X-MS-Embedded-Report, X-Mailer, X-MimeOLE or IMS in Received: */
	{"Exchange2003", lhost_exchange2003_decode, 0, H(X_MS) | H(X_MAILER) | H(X_MIMEOLE) | H(RCV_IMS)},
	/* its boundary or subject */
	{"MessagingServer", lhost_messagingserver_decode, H(MSGSRV), 0},
	/* its sender, subjects or Message-ID */
	{"Courier", lhost_courier_decode, H(COURIER), 0},
	/* "Returned Mail: " */
	{"X1", lhost_x1_decode, H(SUBJ_RETURNED), 0},
	/* "Delivery status notification" */
	{"X3", lhost_x3_decode, H(SUBJ_DSN), 0},
	/* "Mail Delivery Subsystem" in From or Subject, and a DSN part */
	{"X5", lhost_x5_decode, H(DSN) | H(MDSUB), 0},
	/* its subject */
	{"X6", lhost_x6_decode, H(SUBJ_ERROR_SENDING), 0},
	/* "Delivery report" in Subject, and a DSN part */
	{"PowerMTA", lhost_powermta_decode, H(DSN) | H(SUBJ_DELIV_REPORT), 0},
	{"Postfix", lhost_postfix_decode, 0, 0},
	/* "... see transcript for details", "Warning: " or "Returned mail: " */
	{"Sendmail", lhost_sendmail_decode, 0, H(SUBJ_TRANSCRIPT) | H(SUBJ_WARNING) | H(SUBJ_RETURNED_LC)},
	/* "Returned mail: " */
	{"V5sendmail", lhost_v5sendmail_decode, H(SUBJ_RETURNED_LC), 0},
	/* "failure notice", qmail in Received: or its greeting first */
	{"qmail", lhost_qmail_decode, 0, H(SUBJ_FAILURE) | H(RCV_QMAIL) | H(BODY_QMAIL)},
	{"Exim", lhost_exim_decode, 0, 0},
	/* look-alikes with common subjects and senders: last.
	 * X4: its subjects or qmail in Received: */
	{"X4", lhost_x4_decode, 0, H(SUBJ_FAILURE) | H(SUBJ_PERMANENT) | H(RCV_QMAIL)},
	{"X2", lhost_x2_decode, 0, 0},
	{NULL, NULL, 0, 0},
};

#undef H
