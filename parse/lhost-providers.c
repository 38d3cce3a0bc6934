/* lhost-providers.c: the table of the "providers" decoder group (see
 * lhost.h), in the order tried. More specific fingerprints come first:
 * Google Groups before Gmail (both come from mailer-daemon@googlemail.com);
 * WorkMail and SES's receiving side before AmazonSES (all carry X-SES-Outgoing). */
#include <stddef.h>

#include "parse/lhost-hints.h"
#include "parse/lhost-providers.h"

/* H(X): the fact LHOST_H_X. Each row's facts (all, any) are what the
 * decoder's own first checks need, said in the comment above it. */
#define H(x) LHOST_H_##x

const struct lhost_decoder lhost_providers[] = {
	/* X-Failed-Recipients, X-Google-Smtp-Source and "Delivery Status Notification" */
	{"GoogleGroups", lhost_googlegroups_decode, H(X_FAILED_RCPT) | H(X_GOOGLE_SMTP) | H(SUBJ_DSN), 0},
	/* "Delivery Status Notification", and no DSN part */
	{"Gmail", lhost_gmail_decode, H(SUBJ_DSN) | H(NO_DSN), 0},
	/* a DSN part, X-Gm-Message-State and "Delivery Status Notification" */
	{"GSuite", lhost_gsuite_decode, H(DSN) | H(X_GM_STATE) | H(SUBJ_DSN), 0},
	/* X-SES-Outgoing */
	{"AmazonWorkMail", lhost_amazonworkmail_decode, H(X_SES), 0},
	/* X-SES-Outgoing */
	{"ReceivingSES", lhost_receivingses_decode, H(X_SES), 0},
	/* X-Amz-SNS-Message-Id, X-AWS-Outgoing or X-SES-Outgoing */
	{"AmazonSES", lhost_amazonses_decode, 0, H(X_SES) | H(X_AWS)},
	/* X-ZohoMail */
	{"Zoho", lhost_zoho_decode, H(X_ZOHOMAIL), 0},
	/* two signals: one in Received: or From/Subject (two Message-ID ends cannot both hold) */
	{"EZweb", lhost_ezweb_decode, 0, H(RCV_EZWEB_MAIL) | H(RCV_AU) | H(FROM_EZWEB) | H(SUBJ_EZWEB)},
	/* a no-reply@ sender, Reply-To or its Received: words */
	{"KDDI", lhost_kddi_decode, 0, H(FROM_NOREPLY) | H(REPLY_TO) | H(RCV_EZWEB_JP) | H(RCV_AU)},
	/* "Returned mail:" from one of its postmasters */
	{"Biglobe", lhost_biglobe_decode, H(SUBJ_RETURNED_LC) | H(FROM_BIGLOBE), 0},
	/* X-AHMAILID */
	{"Activehunter", lhost_activehunter_decode, H(X_AHMAILID), 0},
	/* X-Mailer: m-FILTER */
	{"mFILTER", lhost_mfilter_decode, H(X_MAILER), 0},
	/* its two senders */
	{"Verizon", lhost_verizon_decode, H(FROM_VERIZON), 0},
	/* its sender */
	{"Facebook", lhost_facebook_decode, H(FROM_FACEBOOK), 0},
	/* "Undeliverable:", its X- headers or Message-ID */
	{"Office365", lhost_office365_decode, 0, H(SUBJ_UNDELIV) | H(X_MS) | H(MID_OUTLOOK)},
	/* a DSN part, and two of its X- headers and "Delivery Status Notification"
	 * (the Received: word counts only with one of them) */
	{"Outlook", lhost_outlook_decode, H(DSN), H(X_MSG_INFO) | H(SUBJ_DSN)},
	/* a DSN part and X-AOL-IP */
	{"Aol", lhost_aol_decode, H(DSN) | H(X_AOL_IP), 0},
	/* a DSN part and X-Msg-Ref */
	{"MessageLabs", lhost_messagelabs_decode, H(DSN) | H(X_MSG_REF), 0},
	/* X-YMailISG */
	{"Yahoo", lhost_yahoo_decode, H(X_YMAILISG), 0},
	/* "mail.ru" in From */
	{"MailRu", lhost_mailru_decode, H(FROM_MAILRU), 0},
	/* X-GMX-Antispam */
	{"GMX", lhost_gmx_decode, H(X_GMX_ANTISPAM), 0},
	/* "\"Mail Delivery System\"" */
	{"EinsUndEins", lhost_einsundeins_decode, H(FROM_MDS_QUOTED), 0},
	{NULL, NULL, 0, 0},
};

#undef H
