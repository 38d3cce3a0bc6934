/* lhost-providers.h: private to the "providers" decoder group (lhost-*.c of
 * mailbox/cloud providers, mail filters and Japanese carriers). Their
 * helpers are in lhost-util.h.
 *
 * Every decoder checks its own fingerprint strictly (From, Subject,
 * Received, X- headers or marker text) and returns LHOST_PASS otherwise,
 * because this group is tried before the MTA group and RFC 3464.
 */
#ifndef BOUNCER_PARSE_LHOST_PROVIDERS_H
#define BOUNCER_PARSE_LHOST_PROVIDERS_H

#include <stdbool.h>
#include <stddef.h>

#include "parse/bounce.h"
#include "parse/lhost-util.h"

/* ---- decoders (one file each: lhost-<name>.c) ----
 * Not here on purpose: Barracuda, Bigfoot, McAfee, SurfControl, SendGrid and
 * Yandex send plain RFC 3464 reports that lhost-rfc3464.c reads as well;
 * Trend Micro InterScan MSS is lhost-interscanmss.c in the MTA group;
 * NTT docomo, SoftBank, Apple and Mimecast are rejections by the remote
 * host, decoded by the MTA group and classified by the rhost rules. */
#define LHOST_DECL(n) enum lhost_verdict lhost_##n##_decode(const struct mail_view *v, struct parse_result *res)
LHOST_DECL(activehunter);
LHOST_DECL(amazonses);
LHOST_DECL(amazonworkmail);
LHOST_DECL(aol);
LHOST_DECL(biglobe);
LHOST_DECL(einsundeins);
LHOST_DECL(ezweb);
LHOST_DECL(facebook);
LHOST_DECL(gmail);
LHOST_DECL(gmx);
LHOST_DECL(googlegroups);
LHOST_DECL(gsuite);
LHOST_DECL(kddi);
LHOST_DECL(mailru);
LHOST_DECL(messagelabs);
LHOST_DECL(mfilter);
LHOST_DECL(office365);
LHOST_DECL(outlook);
LHOST_DECL(receivingses);
LHOST_DECL(verizon);
LHOST_DECL(yahoo);
LHOST_DECL(zoho);
#undef LHOST_DECL

#endif
