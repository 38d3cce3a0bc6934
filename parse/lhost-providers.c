/* lhost-providers.c: the table of the "providers" decoder group (see
 * lhost.h), in the order tried. More specific fingerprints come first:
 * Google Groups before Gmail (both come from mailer-daemon@googlemail.com);
 * WorkMail and SES's receiving side before AmazonSES (all carry X-SES-Outgoing). */
#include <stddef.h>

#include "parse/lhost-providers.h"

const struct lhost_decoder lhost_providers[] = {
	{"GoogleGroups", lhost_googlegroups_decode},
	{"Gmail", lhost_gmail_decode},
	{"GSuite", lhost_gsuite_decode},
	{"AmazonWorkMail", lhost_amazonworkmail_decode},
	{"ReceivingSES", lhost_receivingses_decode},
	{"AmazonSES", lhost_amazonses_decode},
	{"Zoho", lhost_zoho_decode},
	{"EZweb", lhost_ezweb_decode},
	{"KDDI", lhost_kddi_decode},
	{"Biglobe", lhost_biglobe_decode},
	{"Activehunter", lhost_activehunter_decode},
	{"mFILTER", lhost_mfilter_decode},
	{"Verizon", lhost_verizon_decode},
	{"Facebook", lhost_facebook_decode},
	{"Office365", lhost_office365_decode},
	{"Outlook", lhost_outlook_decode},
	{"Aol", lhost_aol_decode},
	{"MessageLabs", lhost_messagelabs_decode},
	{"Yahoo", lhost_yahoo_decode},
	{"MailRu", lhost_mailru_decode},
	{"GMX", lhost_gmx_decode},
	{"EinsUndEins", lhost_einsundeins_decode},
	{NULL, NULL},
};
