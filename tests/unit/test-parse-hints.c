/* test-parse-hints.c: the facts of parse/lhost-hints.c on small messages,
 * which decoders the driver then skips, and that every skipped decoder
 * would have passed on the message anyway (the skip must never change a
 * result). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/lhost-hints.h"
#include "parse/lhost.h"
#include "util/simd.h"
#include "parse/view.h"
#include "tests/unit/harness.h"
#include "tests/unit/test-parse-cc.h"


struct row {
	const char *label;
	const char *msg;
	uint64_t set;     /* facts that must be set */
	uint64_t unset;   /* facts that must not be */
	const char *run;  /* a decoder the driver must call ("" none) */
	const char *skip; /* a decoder the driver must skip ("" none) */
};

#define BODY "\n\nHello.\n"

static const struct row rows[] = {
	{"plain mail", "From: a@example.org\nSubject: hi\nReceived: from x (x [192.0.2.1]) by y" BODY, 0,
	 LHOST_H_RCV_DRAGONFLY | LHOST_H_RCV_QMAIL | LHOST_H_X_MS | LHOST_H_DSN | LHOST_H_SUBJ_FAILURE,
	 "Postfix", "DragonFly"},
	{"dma in Received:",
	 "From: MAILER-DAEMON\nReceived: from a by b (DragonFly Mail Agent v0.13) id 1" BODY,
	 LHOST_H_RCV_DRAGONFLY, 0, "DragonFly", "ApacheJames"},
	{"dma's greeting", "From: MAILER-DAEMON\n\nThis is the DragonFly Mail Agent v0.13 at x.\n",
	 LHOST_H_BODY_DRAGONFLY, LHOST_H_RCV_DRAGONFLY, "DragonFly", "Exchange2007"},
	{"EZweb word in any case", "Received: from a by b.ezweb.ne.jp (ezweb MAIL) with ESMTP" BODY,
	 LHOST_H_RCV_EZWEB_MAIL | LHOST_H_RCV_EZWEB_JP, LHOST_H_RCV_AU, "EZweb", "Aol"},
	{"au.com host", "Received: from a by mx.AU.com (8.1) id 2" BODY, LHOST_H_RCV_AU,
	 LHOST_H_RCV_EZWEB_MAIL, "KDDI", ""},
	{"word at the very start and end",
	 "Received: (qmail 123 invoked for bounce)\nReceived: JAMES SMTP Server" BODY,
	 LHOST_H_RCV_QMAIL | LHOST_H_RCV_JAMES, 0, "qmail", ""},
	{"every other word of Received: and From",
	 "From: KDDI <no-reply@ezweb.ne.jp>, <POSTMASTER@EZweb.ne.jp>\n"
	 "Received: by a with Internet Mail Service (5.5.2653.19)\nReceived: (qmail 7 invoked from network)" BODY,
	 LHOST_H_RCV_IMS | LHOST_H_RCV_QMAIL | LHOST_H_FROM_NOREPLY | LHOST_H_FROM_EZWEB, LHOST_H_RCV_JAMES,
	 "Exchange2003", ""},
	{"words across folded lines (read in the header's text)",
	 "Received: from a by b.ezweb.ne.jp\n\t(EZweb\n Mail) with ESMTP\nReceived: by a with Internet Mail\n"
	 " Service (5.5)\nReceived: (qmail 1 invoked for\n\tbounce)\nReceived: from x by JAMES SMTP\n  Server" BODY,
	 LHOST_H_RCV_EZWEB_JP | LHOST_H_RCV_EZWEB_MAIL | LHOST_H_RCV_IMS | LHOST_H_RCV_QMAIL | LHOST_H_RCV_JAMES,
	 LHOST_H_RCV_AU | LHOST_H_RCV_DRAGONFLY, "EZweb", ""},
	{"a host name that only ends like one",
	 "Received: from a by b.mx.au.com.example\n (8.1)\nReceived: from a by b.jp\n\t(x)" BODY, 0,
	 LHOST_H_RCV_AU | LHOST_H_RCV_EZWEB_JP, "", "KDDI"},
	{"a word in an encoded word (read in the value)",
	 "Received: =?us-ascii?Q?from_a_(DragonFly_Mail_Agent_v0.13)?=\n id 1" BODY, LHOST_H_RCV_DRAGONFLY,
	 0, "DragonFly", ""},
	{"a '?' and a '=' apart, a block from each other (read in the text)",
	 "Received: from a.example.com (b?.example.com [192.0.2.1]) by c.example.com = with ESMTP id 1\n"
	 "\t(DragonFly Mail Agent v0.13); x=?" BODY,
	 LHOST_H_RCV_DRAGONFLY, 0, "DragonFly", ""},
	{"8-bit text (read in the value)", "Received: from \xc3\xa9 (DragonFly Mail Agent v0.13)" BODY,
	 LHOST_H_RCV_DRAGONFLY, 0, "DragonFly", ""},
	{"a word cut by the value's end", "Received: from a with Internet Mail Service" BODY, 0,
	 LHOST_H_RCV_IMS, "", "Exchange2003"},
	{"Exchange headers in any case", "X-MS-Exchange-Organization-SCL: 1\nx-mimeole: whatever" BODY,
	 LHOST_H_X_MS | LHOST_H_X_MIMEOLE, LHOST_H_X_MX, "Exchange2003", ""},
	{"X-MXL- is X-MX", "X-MXL-Hash: 1\nFrom: someone" BODY, LHOST_H_X_MX, LHOST_H_X_MS, "MXLogic", ""},
	{"a name only starting like a fact", "X-Mailer-Version: 1\nContent-Languages: en" BODY, 0,
	 LHOST_H_X_MAILER | LHOST_H_CONTENT_LANGUAGE, "", "Exchange2007"},
	{"Reply-To and Content-Language in any case", "reply-TO: a@b.example\nCONTENT-language: en" BODY,
	 LHOST_H_REPLY_TO | LHOST_H_CONTENT_LANGUAGE, 0, "Exchange2007", ""},
	{"names as long as Reply-To", "Received: x\nReply-to2: y\nRe-ly-To: z" BODY, 0, LHOST_H_REPLY_TO, "", ""},
	/* every full name of hints_of_full_names(), in another case */
	{"every header name",
	 "X-AHMailID: 1\nX-Google-Smtp-Source: 1\nX-Message-Delivery: 1\nX-Amz-SNS-Message-Id: 1\n"
	 "X-YMailISG: 1\nX-Gm-Message-State: 1\nX-MLServer: 1\nContent-Language: en\nX-MimeOLE: 1\n"
	 "Reply-To: a@b.example\nX-AWS-Outgoing: 1\nX-Failed-Recipients: a@b.example\nX-AOL-IP: 1\n"
	 "X-Mailer: 1\nX-GMX-Antispam: 1\nX-Msg-Ref: 1\nX-ZohoMail: 1\nX-SES-Outgoing: 1" BODY,
	 LHOST_H_X_AHMAILID | LHOST_H_X_GOOGLE_SMTP | LHOST_H_X_MSG_INFO | LHOST_H_X_AWS | LHOST_H_X_YMAILISG |
		 LHOST_H_X_GM_STATE | LHOST_H_X_MLSERVER | LHOST_H_CONTENT_LANGUAGE | LHOST_H_X_MIMEOLE |
		 LHOST_H_REPLY_TO | LHOST_H_X_FAILED_RCPT | LHOST_H_X_AOL_IP | LHOST_H_X_MAILER |
		 LHOST_H_X_GMX_ANTISPAM | LHOST_H_X_MSG_REF | LHOST_H_X_ZOHOMAIL | LHOST_H_X_SES,
	 LHOST_H_X_MS | LHOST_H_X_MX, "Zoho", ""},
	{"the other two names", "x-message-info: 1\nX-amz-sns-MESSAGE-ID: 1" BODY, LHOST_H_X_MSG_INFO | LHOST_H_X_AWS,
	 LHOST_H_X_SES, "AmazonSES", "AmazonWorkMail"},
	/* the prefixes, at their shortest and one byte short; names as long
	 * as a fact's, in its chain or not */
	{"X-MS prefixes", "X-Microsoft-: 1\nX-MX: 1" BODY, LHOST_H_X_MS | LHOST_H_X_MX, 0, "Exchange2003", ""},
	{"X-Exchange- prefix", "x-exchange-: 1" BODY, LHOST_H_X_MS, LHOST_H_X_MX, "Office365", ""},
	{"names one byte short of a prefix", "X-MS: 1\nX-Microsoft: 1\nX-Exchange: 1\nX-M: 1\nX: 1" BODY, 0,
	 LHOST_H_X_MS | LHOST_H_X_MX, "", "Exchange2003"},
	{"names of a fact's length, a byte off", "X-Mailar: 1\nX-Google-SXtp-Source: 1\nX-Failed-Recipientz: 1" BODY, 0,
	 LHOST_H_X_MAILER | LHOST_H_X_GOOGLE_SMTP | LHOST_H_X_FAILED_RCPT, "", "GoogleGroups"},
	{"names of a fact's length", "DKIM-Signature: 1\nUser-Agent: 1\nX-AOL-VSS-Info: 1\nX-Mailex: 1\nY-Mailer: 1" BODY,
	 0, LHOST_H_X_GMX_ANTISPAM | LHOST_H_X_AHMAILID | LHOST_H_X_SES | LHOST_H_X_MAILER, "", "GMX"},
	{"SES without a DSN part", "X-SES-Outgoing: 1\nFrom: MAILER-DAEMON@amazonses.com" BODY, LHOST_H_X_SES,
	 LHOST_H_DSN | LHOST_H_X_AWS, "AmazonSES", "GSuite"},
	{"From and Subject facts",
	 "From: Mail Delivery System <MAILER-DAEMON@e.mail.ru>\nSubject: failure notice\n"
	 "Message-ID: <1.JavaMail.x@y>" BODY,
	 LHOST_H_FROM_MAILRU | LHOST_H_SUBJ_FAILURE | LHOST_H_MID_JAVAMAIL,
	 LHOST_H_FROM_EZWEB | LHOST_H_FROM_MXLOGIC | LHOST_H_MID_OUTLOOK, "MailRu", "MXLogic"},
	/* the Message-ID words, looked for at each '.' (in ids shorter and
	 * longer than a sixteen-byte step) */
	{"Message-ID words, short", "Message-ID: <a@outlook.com>" BODY, LHOST_H_MID_OUTLOOK,
	 LHOST_H_MID_JAVAMAIL | LHOST_H_COURIER, "Office365", ""},
	{"Message-ID words, long",
	 "Message-ID: <0.1.2.3.JavaMail.root@host.prod.outlook.com>" BODY,
	 LHOST_H_MID_JAVAMAIL | LHOST_H_MID_OUTLOOK, LHOST_H_COURIER, "ApacheJames", ""},
	{"Message-ID words, at the ends", "Message-ID: .JavaMail.outlook.com" BODY,
	 LHOST_H_MID_JAVAMAIL | LHOST_H_MID_OUTLOOK, 0, "", ""},
	/* a dot at the end of a sixteen-byte block with its 'J' in the next, at
	 * the start of one with its 'k' in the last */
	{"Message-ID words across blocks, J", "Message-ID: <abcdefghijklmn.JavaMail.x@y.example.org>" BODY,
	 LHOST_H_MID_JAVAMAIL, LHOST_H_MID_OUTLOOK, "ApacheJames", ""},
	{"Message-ID words across blocks, k", "Message-ID: <abcdefghoutlook.com.xxxxxxxxxxxxxxx>" BODY,
	 LHOST_H_MID_OUTLOOK, LHOST_H_MID_JAVAMAIL, "Office365", ""},
	{"Message-ID words cut or cased", "Message-ID: <courier.1.javamail.x@outlook.co>" BODY, LHOST_H_COURIER,
	 LHOST_H_MID_JAVAMAIL | LHOST_H_MID_OUTLOOK, "Courier", ""},
	{"texts anywhere in Subject", "Subject: Re: Undeliverable: WARNING: delayed mail." BODY,
	 LHOST_H_SUBJ_UNDELIV | LHOST_H_COURIER, LHOST_H_SUBJ_UNDELIV_SP, "Office365", ""},
	{"Subject texts at the ends, and cut", "Subject: NOTICE: mail delivery status. x:Undeliverable:" BODY,
	 LHOST_H_SUBJ_UNDELIV | LHOST_H_COURIER, 0, "Office365", ""},
	{"Subject texts cut by its end", "Subject: :ndeliverable: WARNING: delayed mail" BODY, 0,
	 LHOST_H_SUBJ_UNDELIV | LHOST_H_COURIER, "", "Courier"},
	/* a message for every row of hints_subjects, by its first byte */
	{"DELIVERY", "Subject: DELIVERY FAILURE: x" BODY, LHOST_H_SUBJ_DELIVERY, 0, "Domino", ""},
	{"EZweb's subject", "Subject: Mail System Error - Returned Mail" BODY, LHOST_H_SUBJ_EZWEB, 0, "EZweb", ""},
	{"only the whole subject", "Subject: Mail System Error - Returned Mail!" BODY, 0, LHOST_H_SUBJ_EZWEB, "",
	 "EZweb"},
	{"MailFoundry's subject", "Subject: Message delivery has failed" BODY, LHOST_H_SUBJ_MAILFOUNDRY, 0,
	 "MailFoundry", ""},
	{"InterScan's subject", "Subject: Mail could not be delivered" BODY, LHOST_H_SUBJ_INTERSCAN, 0,
	 "InterScanMSS", ""},
	{"InterScan's Japanese subject",
	 "Subject: =?UTF-8?B?44Oh44OD44K744O844K444KS6YWN5L+h44Gn44GN44G+44Gb44KT44CC?=" BODY,
	 LHOST_H_SUBJ_INTERSCAN, 0, "InterScanMSS", ""},
	{"its other one",
	 "Subject: =?UTF-8?B?44Oh44O844Or6YWN5L+h44Gr5aSx5pWX44GX44G+44GX44Gf?=" BODY,
	 LHOST_H_SUBJ_INTERSCAN, 0, "InterScanMSS", ""},
	{"X4's subject", "Subject: Permanent Delivery Failure x" BODY, LHOST_H_SUBJ_PERMANENT, 0, "X4", ""},
	{"X6's subject", "Subject: There was an error sending your mail x" BODY, LHOST_H_SUBJ_ERROR_SENDING, 0,
	 "X6", ""},
	{"ApacheJames's subject", "Subject: [BOUNCE]" BODY, LHOST_H_SUBJ_BOUNCE, 0, "ApacheJames", ""},
	{"a subject starting with none of them", "Subject: delivery report" BODY, 0,
	 LHOST_H_SUBJ_DELIVERY | LHOST_H_SUBJ_FAILURE | LHOST_H_SUBJ_RETURNED_LC, "", ""},
	{"no ':' in Subject", "Subject: Undeliverable WARNING delayed mail" BODY, LHOST_H_SUBJ_UNDELIV_SP,
	 LHOST_H_SUBJ_UNDELIV | LHOST_H_COURIER, "", "Courier"},
	{"Sendmail's subjects", "Subject: Warning: could not send message for past 4 hours" BODY, LHOST_H_SUBJ_WARNING,
	 LHOST_H_SUBJ_TRANSCRIPT, "Sendmail", "V5sendmail"},
	{"its other one", "Subject: Returned mail: see transcript for details" BODY,
	 LHOST_H_SUBJ_TRANSCRIPT | LHOST_H_SUBJ_RETURNED_LC, LHOST_H_SUBJ_WARNING, "V5sendmail", ""},
	{"neither", "Subject: see transcript for detail\nFrom: a@b.example" BODY, 0,
	 LHOST_H_SUBJ_TRANSCRIPT | LHOST_H_SUBJ_WARNING | LHOST_H_SUBJ_RETURNED_LC, "", "Sendmail"},
	{"no DSN part", "Subject: Delivery Status Notification (Failure)" BODY, LHOST_H_NO_DSN | LHOST_H_SUBJ_DSN,
	 LHOST_H_DSN, "Gmail", ""},
	{"Exim at MXLogic", "From: Mail Delivery System <MAILER-DAEMON@p01.MXLogic.net>" BODY, LHOST_H_FROM_MXLOGIC,
	 0, "MXLogic", ""},
	{"EZweb's sender, another postmaster", "From: <Postmaster@au.com>, postmaster@example.org" BODY,
	 LHOST_H_FROM_EZWEB, 0, "EZweb", ""},
	{"a postmaster not EZweb's", "From: postmaster@example.org\nSubject: delivery STATUS notification (Failure)" BODY,
	 LHOST_H_SUBJ_DSN, LHOST_H_FROM_EZWEB, "Gmail", "EZweb"},
	{"qmail's greeting first", "From: x\n\nHi. This is the qmail-send program at x.\n", LHOST_H_BODY_QMAIL,
	 LHOST_H_SUBJ_FAILURE, "qmail", "X4"},
	{"Biglobe's subject, lower-case only",
	 "Subject: Returned mail: Delivery failed\nFrom: <PostMaster@Biglobe.ne.jp>" BODY,
	 LHOST_H_SUBJ_RETURNED_LC | LHOST_H_FROM_BIGLOBE, LHOST_H_SUBJ_RETURNED, "Biglobe", "X1"},
	{"Biglobe's subject from another sender", "Subject: Returned mail: x\nFrom: a@biglobe.ne.jp" BODY,
	 LHOST_H_SUBJ_RETURNED_LC, LHOST_H_FROM_BIGLOBE, "", "Biglobe"},
	{"its other postmasters", "From: postmaster@tmtv.ne.jp, postmaster@ttv.ne.jp" BODY, LHOST_H_FROM_BIGLOBE,
	 0, "", ""},
	{"its other postmasters, any case", "From: POSTMASTER@INACATV.NE.JP" BODY, LHOST_H_FROM_BIGLOBE, 0, "", ""},
	{"its postmasters' names elsewhere", "From: <postmaster@tt.ne.jp>, postmaster@ttv.ne" BODY, 0,
	 LHOST_H_FROM_BIGLOBE, "", ""},
	{"amavis's sender, quoted", "From: \"Content-filter at mx.example\" <postmaster@mx.example>" BODY,
	 LHOST_H_FROM_AMAVIS, 0, "", ""},
	{"amavis's sender", "From: Content-filter at mx.example <postmaster@mx.example>" BODY,
	 LHOST_H_FROM_AMAVIS, 0, "", "Amavis"},
	{"not at the start", "From: The Content-filter at mx.example <a@mx.example>" BODY, 0,
	 LHOST_H_FROM_AMAVIS, "", ""},
	{"\"Returned Mail: \" is not Biglobe's", "Subject: Returned Mail: x" BODY, LHOST_H_SUBJ_RETURNED,
	 LHOST_H_SUBJ_RETURNED_LC, "X1", "Biglobe"},
	{"senders with bytes of a word next to the '@'",
	 "From: MAILER-DAEMON@mail.example, x-admin@ttx.example, reply@tmp, <ly@mx>, daemon@vt" BODY, 0,
	 LHOST_H_FROM_VERIZON | LHOST_H_FROM_BIGLOBE | LHOST_H_FROM_FACEBOOK | LHOST_H_FROM_NOREPLY | LHOST_H_FROM_EZWEB,
	 "", "Verizon"},
	{"Verizon's senders", "From: post_master@vtext.com, sysadmin@a.vzwpix.com" BODY, LHOST_H_FROM_VERIZON, 0,
	 "Verizon", "Facebook"},
	{"Facebook's sender", "From: Facebook <mailer-daemon@mx.facebook.com>" BODY, LHOST_H_FROM_FACEBOOK,
	 LHOST_H_FROM_VERIZON, "Facebook", "Verizon"},
	{"1&1's quoted sender", "From: \"Mail Delivery System\" <mailer-daemon@kundenserver.de>" BODY,
	 LHOST_H_FROM_MDS_QUOTED, LHOST_H_FROM_INTERSCAN | LHOST_H_FROM_FACEBOOK, "EinsUndEins", "X5"},
	{"the same unquoted", "From: Mail Delivery System <mailer-daemon@kundenserver.de>" BODY, 0,
	 LHOST_H_FROM_MDS_QUOTED, "Postfix", "EinsUndEins"},
	{"a DSN part", "Content-Type: multipart/report; report-type=delivery-status; boundary=b\n\n--b\n"
		       "Content-Type: text/plain\n\ngone\n--b\nContent-Type: message/delivery-status\n\n"
		       "Final-Recipient: rfc822; a@example.net\nAction: failed\nStatus: 5.1.1\n--b--\n",
	 LHOST_H_DSN, LHOST_H_FROM_AMAVIS | LHOST_H_NO_DSN | LHOST_H_MDSUB | LHOST_H_SUBJ_DELIV_REPORT, "", "X5"},
	/* X5's phrase in From or in Subject, PowerMTA's in Subject, anywhere */
	{"X5 by its sender", "From: Mail Delivery Subsystem <m@x.example>\n"
			     "Content-Type: multipart/report; report-type=delivery-status; boundary=b\n\n--b\n"
			     "Content-Type: message/delivery-status\n\nAction: failed\n--b--\n",
	 LHOST_H_DSN | LHOST_H_MDSUB, LHOST_H_SUBJ_DELIV_REPORT, "X5", "PowerMTA"},
	{"X5 and PowerMTA by the subject", "Subject: Re: DMail Delivery Subsystem; Delivery report\n"
					   "Content-Type: multipart/report; report-type=delivery-status; boundary=b\n\n--b\n"
					   "Content-Type: message/delivery-status\n\nAction: failed\n--b--\n",
	 LHOST_H_DSN | LHOST_H_MDSUB | LHOST_H_SUBJ_DELIV_REPORT, 0, "PowerMTA", "Amavis"},
	/* MessagingServer's boundary anywhere in Content-Type, or its subject */
	{"MessagingServer by its boundary", "Content-Type: multipart/mixed;\n boundary=\"(Boundary_(ID_x/y)\"" BODY,
	 LHOST_H_MSGSRV, 0, "MessagingServer", "X5"},
	{"MessagingServer by its subject", "Subject: Delivery Notification: Delivery has failed" BODY, LHOST_H_MSGSRV,
	 LHOST_H_SUBJ_DELIVERY, "MessagingServer", "Domino"},
	{"MessagingServer's a byte off",
	 "Subject: Delivery Notification:x\nContent-Type: multipart/mixed; boundary=\"Boundary_ID_(x\"" BODY, 0,
	 LHOST_H_MSGSRV, "", "MessagingServer"},
	{"their phrases a byte off", "From: Mail Delivery Subsystam <m@x.example>\nSubject: delivery report Mail DeliverySubsystem\n"
				     "Content-Type: multipart/report; report-type=delivery-status; boundary=b\n\n--b\n"
				     "Content-Type: message/delivery-status\n\nAction: failed\n--b--\n",
	 LHOST_H_DSN, LHOST_H_MDSUB | LHOST_H_SUBJ_DELIV_REPORT, "", "X5"},
};

static const struct lhost_decoder *find(const char *name)
{
	const struct lhost_decoder *const groups[] = {lhost_providers, lhost_mtas, lhost_standard};

	for (size_t g = 0; g < 3; g++)
		for (const struct lhost_decoder *d = groups[g]; d->name; d++)
			if (strcmp(d->name, name) == 0)
				return d;
	return NULL;
}

/* The Received: scan gives h's facts with its SSE2 step and, where the CPU
 * has it, its AVX2 step. */
static bool same_steps(const struct mail_view *v, const struct lhost_hints *h)
{
	struct lhost_hints h2;

	lhost_hints_make_v(v, &h2, false);
	if (h2.bits != h->bits)
		return false;
	if (simd_avx2()) {
		lhost_hints_make_v(v, &h2, true);
		if (h2.bits != h->bits)
			return false;
	}
	return true;
}

static void test_facts(void)
{
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct row *r = &rows[i];
		struct mail_view v;
		struct lhost_hints h;
		const struct lhost_decoder *d;

		if (view_build(cc, r->msg, strlen(r->msg), &v) < 0) {
			CHECK(0, "%s: view_build", r->label);
			continue;
		}
		lhost_hints_make(&v, &h);
		CHECK(same_steps(&v, &h), "%s: the same facts with SSE2 and AVX2 steps", r->label);
		CHECK((h.bits & r->set) == r->set, "%s: facts set (missing %#llx)", r->label,
		      (unsigned long long)(r->set & ~h.bits));
		CHECK((h.bits & r->unset) == 0, "%s: facts unset (set %#llx)", r->label,
		      (unsigned long long)(r->unset & h.bits));
		if (r->run[0]) {
			d = find(r->run);
			CHECK(d && lhost_hints_allow(&h, d->all, d->any), "%s: %s is called", r->label, r->run);
		}
		if (r->skip[0]) {
			d = find(r->skip);
			CHECK(d && !lhost_hints_allow(&h, d->all, d->any), "%s: %s is skipped", r->label, r->skip);
		}
		view_free(&v);
	}
}

/* Call every decoder the facts of msg rule out; count them in *skipped and
 * return how many would have matched after all (each is a wrong skip). */
static int wrong_skips(const char *label, const char *msg, size_t len, int *skipped)
{
	const struct lhost_decoder *const groups[] = {lhost_providers, lhost_mtas, lhost_standard};
	struct mail_view v;
	struct lhost_hints h;
	int wrong = 0;

	*skipped = 0;
	if (view_build(cc, msg, len, &v) < 0)
		return -1;
	lhost_hints_make(&v, &h);
	if (!same_steps(&v, &h)) {
		wrong++;
		printf("#   %s: other facts with SSE2 or AVX2 steps\n", label);
	}
	for (size_t g = 0; g < 3; g++)
		for (const struct lhost_decoder *d = groups[g]; d->name; d++) {
			struct parse_result res;

			if (lhost_hints_allow(&h, d->all, d->any))
				continue;
			(*skipped)++;
			parse_result_init(&res);
			if (d->decode(&v, &res) != LHOST_PASS) {
				wrong++;
				printf("#   %s: %s matched though skipped\n", label, d->name);
			}
			parse_result_clear(&res);
		}
	view_free(&v);
	return wrong;
}

/* every decoder the facts rule out says LHOST_PASS when called anyway */
static void test_skips_are_passes(void)
{
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		int skipped, wrong = wrong_skips(rows[i].label, rows[i].msg, strlen(rows[i].msg), &skipped);

		CHECK(skipped > 0 && wrong == 0, "%s: %d decoders skipped, all would pass", rows[i].label, skipped);
	}
}

/* The same over real mail: our fixtures, the examples, the hostile cases and,
 * when it is there, the shared corpus. A decoder whose first checks were
 * loosened without its row in the table (lhost.h) fails here. */
static void test_skips_on_files(void)
{
	static const char *const dirs[] = {
		"tests/fixtures/mta", "tests/fixtures/provider", "tests/fixtures/parse",
		"examples/Maildir/cur", "examples/Maildir/new", "tests/hostile",
		"../shared/corpus/bounces", "../shared/corpus/not-bounces", "../shared/corpus/cr",
	};

	for (size_t k = 0; k < sizeof(dirs) / sizeof(dirs[0]); k++) {
		DIR *d = opendir(dirs[k]);
		char path[512], *msg;
		size_t n;
		int files = 0, skips = 0, wrong = 0;

		if (!d) {
			if (strncmp(dirs[k], "../shared/", 10) == 0)
				SKIP("%s: not found", dirs[k]);
			else
				CHECK(0, "%s: opendir", dirs[k]);
			continue;
		}
		while ((msg = t_next_file(d, dirs[k], path, sizeof(path), &n))) {
			int skipped, w;

			w = wrong_skips(path, msg, n, &skipped);
			free(msg);
			files++;
			skips += skipped;
			wrong += w < 0 ? 1 : w;
		}
		closedir(d);
		CHECK(files > 0 && wrong == 0, "%s: %d files, %d decoders skipped, none would have matched",
		      dirs[k], files, skips);
	}
}

/* The rows' table (lhost_hints_rows_allowed()) allows each row just when
 * lhost_hints_allow() does: for every group, on random facts (few and many
 * bits) and on each row's own all and any; and a table takes 64 rows at
 * most, the walk going on with the next 64. */
static uint64_t rand64(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

static void test_rows_table(void)
{
	const struct lhost_decoder *const groups[] = {lhost_providers, lhost_mtas, lhost_standard};
	static struct lhost_decoder many[71];
	struct lhost_hints_rows t;
	uint64_t x = 0x9e3779b97f4a7c15u;
	size_t n;

	for (size_t g = 0; g < 3; g++) {
		const struct lhost_decoder *d = groups[g];
		int differ = 0, tried = 0;

		n = lhost_hints_rows_make(d, &t);
		CHECK(n > 0 && n < 64 && t.rows == (UINT64_C(1) << n) - 1, "group %zu: %zu rows in its table", g, n);
		for (int k = 0; k < 30000; k++) {
			struct lhost_hints h;
			uint64_t want = 0;
			size_t r = (size_t)k % n;

			/* random facts, sparse or dense, and a row's own facts
			 * with a bit or two off or on */
			switch (k % 4) {
			case 0: h.bits = rand64(&x) & rand64(&x) & rand64(&x); break;
			case 1: h.bits = rand64(&x) | rand64(&x); break;
			case 2: h.bits = d[r].all | (d[r].any & rand64(&x)); break;
			default: h.bits = (d[r].all | d[r].any) ^ (UINT64_C(1) << (rand64(&x) & 63)); break;
			}
			for (size_t i = 0; i < n; i++)
				want |= (uint64_t)lhost_hints_allow(&h, d[i].all, d[i].any) << i;
			differ += lhost_hints_rows_allowed(&h, &t) != want;
			tried++;
		}
		CHECK(differ == 0, "group %zu: the table allows what each row does (%d of %d facts differ)", g, differ,
		      tried);
	}
	for (size_t i = 0; i < 70; i++)
		many[i] = (struct lhost_decoder){"row", NULL, UINT64_C(1) << (i % 64), i % 3 ? UINT64_C(1) << (i % 7) : 0};
	n = lhost_hints_rows_make(many, &t);
	CHECK(n == 64 && t.rows == UINT64_MAX, "70 rows: the first table takes 64 (%zu)", n);
	n = lhost_hints_rows_make(many + 64, &t);
	CHECK(n == 6 && t.rows == 0x3F, "70 rows: the second the other 6 (%zu)", n);
	n = lhost_hints_rows_make(many + 70, &t);
	CHECK(n == 0 && t.rows == 0 && lhost_hints_rows_allowed(&(struct lhost_hints){~UINT64_C(0)}, &t) == 0,
	      "no rows: an empty table allows none");
}

TEST_MAIN(cc_setup, test_facts, test_rows_table, test_skips_are_passes, test_skips_on_files, cc_teardown)
