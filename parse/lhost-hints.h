/* lhost-hints.h: cheap facts about a message, made once before the decoders
 * run, so that the driver (parse_decode() in parse.c) skips the decoders that
 * cannot match without calling them (after Sisimai's Order.pm).
 *
 * Each fact is one bit, true when the message has it. A decoder's table row
 * (lhost.h) names the facts its own first checks need: the row is skipped
 * only when those checks would have said LHOST_PASS anyway, so results never
 * change. A bit is therefore a superset of what a decoder tests (e.g.
 * LHOST_H_X_MS is any header named "X-MS-...", where Office365 wants a few
 * of them): a set bit only means "call the decoder and let it look".
 *
 * Pure: no I/O, no globals, no allocation; the header values it reads are
 * those the decoders would have read (made on first use, view.h).
 */
#ifndef BOUNCER_PARSE_LHOST_HINTS_H
#define BOUNCER_PARSE_LHOST_HINTS_H

#include <stdbool.h>
#include <stdint.h>

#include "parse/view.h"

/* clang-format off */
/* words in a Received: header (any of them) */
#define LHOST_H_RCV_EZWEB_MAIL   (UINT64_C(1) << 0)  /* "(EZweb Mail)", any case */
#define LHOST_H_RCV_EZWEB_JP     (UINT64_C(1) << 1)  /* "ezweb.ne.jp (", any case */
#define LHOST_H_RCV_AU           (UINT64_C(1) << 2)  /* ".au.com (", any case */
#define LHOST_H_RCV_DRAGONFLY    (UINT64_C(1) << 3)  /* "(DragonFly Mail Agent" */
#define LHOST_H_RCV_JAMES        (UINT64_C(1) << 4)  /* "JAMES SMTP Server" */
#define LHOST_H_RCV_IMS          (UINT64_C(1) << 5)  /* " with Internet Mail Service (" */
#define LHOST_H_RCV_QMAIL        (UINT64_C(1) << 6)  /* " invoked for bounce)" or " invoked from network)" */
/* bit 7: not a fact (lhost-hints.c uses it while it makes them) */
/* headers present, by name (any case) */
#define LHOST_H_X_AHMAILID       (UINT64_C(1) << 8)  /* X-AHMAILID */
#define LHOST_H_X_SES            (UINT64_C(1) << 9)  /* X-SES-Outgoing */
#define LHOST_H_X_AWS            (UINT64_C(1) << 10) /* X-AWS-Outgoing or X-Amz-SNS-Message-Id */
#define LHOST_H_X_ZOHOMAIL       (UINT64_C(1) << 11) /* X-ZohoMail */
#define LHOST_H_X_AOL_IP         (UINT64_C(1) << 12) /* X-AOL-IP */
#define LHOST_H_X_MSG_REF        (UINT64_C(1) << 13) /* X-Msg-Ref */
#define LHOST_H_X_YMAILISG       (UINT64_C(1) << 14) /* X-YMailISG */
#define LHOST_H_X_GMX_ANTISPAM   (UINT64_C(1) << 15) /* X-GMX-Antispam */
#define LHOST_H_X_FAILED_RCPT    (UINT64_C(1) << 16) /* X-Failed-Recipients */
#define LHOST_H_X_GOOGLE_SMTP    (UINT64_C(1) << 17) /* X-Google-Smtp-Source */
#define LHOST_H_X_GM_STATE       (UINT64_C(1) << 18) /* X-Gm-Message-State */
#define LHOST_H_X_MLSERVER       (UINT64_C(1) << 19) /* X-MLServer */
#define LHOST_H_X_MX             (UINT64_C(1) << 20) /* X-MX* (X-MX-Bounce, X-MXL-Hash, ...) */
#define LHOST_H_X_MS             (UINT64_C(1) << 21) /* X-MS-*, X-Microsoft-*, X-Exchange-* */
#define LHOST_H_X_MAILER         (UINT64_C(1) << 22) /* X-Mailer */
#define LHOST_H_X_MIMEOLE        (UINT64_C(1) << 23) /* X-MimeOLE */
#define LHOST_H_CONTENT_LANGUAGE (UINT64_C(1) << 24) /* Content-Language */
#define LHOST_H_X_MSG_INFO       (UINT64_C(1) << 26) /* X-Message-Delivery or X-Message-Info */
#define LHOST_H_REPLY_TO         (UINT64_C(1) << 25) /* Reply-To */
/* From or Subject */
#define LHOST_H_MDSUB            (UINT64_C(1) << 27) /* From or Subject has "Mail Delivery Subsystem" */
#define LHOST_H_SUBJ_DELIV_REPORT (UINT64_C(1) << 28) /* Subject has "Delivery report" */
/* Subject starts "Delivery Notification: " or Content-Type has "Boundary_(ID_" */
#define LHOST_H_MSGSRV           (UINT64_C(1) << 29)
/* the parts, From, Subject, Message-ID and the start of the body */
#define LHOST_H_DSN              (UINT64_C(1) << 32) /* a delivery-status part (v->dsn) */
#define LHOST_H_NO_DSN           (UINT64_C(1) << 56) /* no delivery-status part */
#define LHOST_H_FROM_EZWEB       (UINT64_C(1) << 33) /* From has "postmaster@ezweb.ne.jp" or "postmaster@au.com", any case */
#define LHOST_H_FROM_NOREPLY     (UINT64_C(1) << 34) /* From has "no-reply@" */
#define LHOST_H_FROM_MAILRU      (UINT64_C(1) << 35) /* From has "mail.ru", any case */
#define LHOST_H_FROM_MXLOGIC     (UINT64_C(1) << 36) /* From has "Mail Delivery System" and "mxlogic" (any case) */
#define LHOST_H_SUBJ_EZWEB       (UINT64_C(1) << 37) /* Subject is "Mail System Error - Returned Mail" */
#define LHOST_H_SUBJ_BOUNCE      (UINT64_C(1) << 38) /* Subject is "[BOUNCE]" */
#define LHOST_H_SUBJ_UNDELIV     (UINT64_C(1) << 39) /* Subject has "Undeliverable:" */
#define LHOST_H_SUBJ_FAILURE     (UINT64_C(1) << 40) /* Subject starts "failure notice" */
#define LHOST_H_SUBJ_PERMANENT   (UINT64_C(1) << 41) /* Subject starts "Permanent Delivery Failure" */
#define LHOST_H_SUBJ_UNDELIV_SP  (UINT64_C(1) << 46) /* Subject starts "Undeliverable " */
#define LHOST_H_SUBJ_DELIVERY    (UINT64_C(1) << 47) /* Subject starts "DELIVERY" */
#define LHOST_H_SUBJ_ERROR_SENDING (UINT64_C(1) << 48) /* Subject starts "There was an error sending your mail" */
#define LHOST_H_SUBJ_MAILFOUNDRY (UINT64_C(1) << 49) /* Subject is "Message delivery has failed" */
#define LHOST_H_SUBJ_INTERSCAN   (UINT64_C(1) << 50) /* Subject is one of InterScan MSS's three */
#define LHOST_H_SUBJ_DSN         (UINT64_C(1) << 51) /* Subject has "Delivery Status Notification", any case */
#define LHOST_H_FROM_INTERSCAN   (UINT64_C(1) << 52) /* From starts "\"InterScan " */
#define LHOST_H_SUBJ_RETURNED    (UINT64_C(1) << 53) /* Subject starts "Returned Mail: " (this case) */
#define LHOST_H_COURIER          (UINT64_C(1) << 54) /* Courier's sender, subjects or Message-ID */
#define LHOST_H_MID_JAVAMAIL     (UINT64_C(1) << 42) /* Message-ID has ".JavaMail." */
#define LHOST_H_MID_OUTLOOK      (UINT64_C(1) << 43) /* Message-ID has "outlook.com" */
#define LHOST_H_BODY_DRAGONFLY   (UINT64_C(1) << 44) /* dma's greeting in the body's first 1 KB */
#define LHOST_H_BODY_QMAIL       (UINT64_C(1) << 45) /* the body starts "Hi. This is the qmail" */
#define LHOST_H_SUBJ_RETURNED_LC (UINT64_C(1) << 55) /* Subject starts "Returned mail:" (this case) */
#define LHOST_H_SUBJ_WARNING     (UINT64_C(1) << 57) /* Subject starts "Warning: " */
#define LHOST_H_SUBJ_TRANSCRIPT  (UINT64_C(1) << 63) /* Subject ends "see transcript for details" */
#define LHOST_H_FROM_MDS_QUOTED  (UINT64_C(1) << 58) /* From starts "\"Mail Delivery System\"" */
#define LHOST_H_FROM_VERIZON     (UINT64_C(1) << 59) /* From has "post_master@vtext.com" or "sysadmin@" */
#define LHOST_H_FROM_FACEBOOK    (UINT64_C(1) << 60) /* From has "mailer-daemon@mx.facebook.com" */
#define LHOST_H_FROM_AMAVIS      (UINT64_C(1) << 61) /* From starts "Content-filter at " (quoted or not) */
#define LHOST_H_FROM_BIGLOBE     (UINT64_C(1) << 62) /* From has one of Biglobe's postmasters, any case */
/* clang-format on */

struct lhost_hints {
	uint64_t bits;
};

/* The facts of v. Never fails: a header value that cannot be made (out of
 * memory) counts as absent, as it does for the decoders. */
void lhost_hints_make(const struct mail_view *v, struct lhost_hints *h);
/* The same, with the Received: scan's step chosen: 32 bytes with AVX2 when
 * avx2 (and the CPU has it: util/simd.h), else 16 with SSE2. The tests run both. */
void lhost_hints_make_v(const struct mail_view *v, struct lhost_hints *h, bool avx2);

/* May a decoder whose row needs all of `all` and one of `any` (0: no such
 * need) match a message with these facts? The rule of one row; the driver
 * asks a whole table at once (lhost_hints_rows_allowed(), the same answers). */
static inline bool lhost_hints_allow(const struct lhost_hints *h, uint64_t all, uint64_t any)
{
	return ((h->bits & all) == all) & ((any == 0) | ((h->bits & any) != 0));
}

/* The rows of a decoder table (lhost.h), up to 64 from the first, as the
 * facts they need, fact by fact: the rows a message's facts allow are then
 * found in a step per fact the rows need and the message lacks (~12) and
 * per fact of an `any` it has (a few), not a test per row (~20
 * instructions each, ~55 rows a message). Made once per parse context. */
struct lhost_hints_rows {
	uint64_t rows;     /* bit i: row i is one of them */
	uint64_t free_any; /* the rows whose `any` is 0 */
	uint64_t all_bits; /* the facts of every row's `all` */
	uint64_t any_bits; /* the facts of every row's `any` */
	uint64_t need[64]; /* [f]: the rows whose `all` has fact bit f */
	uint64_t in_any[64]; /* [f]: the rows whose `any` has fact bit f */
};

struct lhost_decoder; /* lhost.h */

/* Fill t from the rows of d (up to its NULL name, at most 64); returns how
 * many rows it took. */
size_t lhost_hints_rows_make(const struct lhost_decoder *d, struct lhost_hints_rows *t);

/* The rows of t that h allows, a bit each: lhost_hints_allow() of each. */
static inline uint64_t lhost_hints_rows_allowed(const struct lhost_hints *h, const struct lhost_hints_rows *t)
{
	uint64_t fail = 0, ok = t->free_any;

	for (uint64_t m = t->all_bits & ~h->bits; m; m &= m - 1)
		fail |= t->need[__builtin_ctzll(m)];
	for (uint64_t m = t->any_bits & h->bits; m; m &= m - 1)
		ok |= t->in_any[__builtin_ctzll(m)];
	return t->rows & ~fail & ok;
}

#endif
