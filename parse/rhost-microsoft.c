/* rhost-microsoft.c: Exchange Online (outlook.com) servers: status code and text together.
 *
 * Ported from Sisimai 4.25.15 (Sisimai::Rhost::ExchangeOnline), with the reasons of Sisimai 5
 * where they differ. See parse/THIRD-PARTY.md.
 *
 * Copyright (C) 2014-2022 azumakuniyuki, All rights reserved.
 * BSD 2-Clause License:
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 * 1. Redistributions of source code must retain the above copyright notice,
 *    this list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the documentation
 *    and/or other materials provided with the distribution.
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS"
 * AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE
 * IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE
 * ARE DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE
 * LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR
 * CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF
 * SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS
 * INTERRUPTION) HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN
 * CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE)
 * ARISING IN ANY WAY OUT OF THE USE OF THIS SOFTWARE, EVEN IF ADVISED OF THE
 * POSSIBILITY OF SUCH DAMAGE.
 */
#include <string.h>

#include "parse/rhost.h"

/* hotmail.com: the consumer servers answer with the same texts */
static const struct text_lit hosts[] = {
	RHOST_SUFFIX(".prod.outlook.com"), RHOST_SUFFIX(".protection.outlook.com"),
	RHOST_SUFFIX(".hotmail.com"), {NULL, 0}
};

/* status is exact, or a prefix with a range of its last part (4.7.500-699). */
static const struct rhost_row rows[] = {
	{"connection dropped", REASON_BLOCKED, 0, "4.4.2", 0, 0},
	{"access denied, please try again later", REASON_BLOCKED, 0, "4.7.", 850, 899},
	{"must have a reverse dns record", REASON_REQUIREPTR, 0, "5.7.25", 0, 0},
	{"access denied, bad helo", REASON_BLOCKED, 0, "5.7.506", 0, 0},
	{"access denied, rejected by recipient", REASON_BLOCKED, 0, "5.7.507", 0, 0},
	{"does not accept email over ipv6", REASON_BLOCKED, 0, "5.7.510", 0, 0},
	{"access denied, banned sender", REASON_BLOCKED, 0, "5.7.511", 0, 0},
	{"using customer block list", REASON_BLOCKED, 0, "5.7.513", 0, 0},
	{"access denied, banned sending ip ", REASON_BLOCKED, 0, "5.7.", 606, 649},
	{"access denied, please try again later", REASON_BLOCKED, 0, "4.7.", 500, 699},
	{"invalid domain name", REASON_BLOCKED, 0, "5.5.4", 0, 0},
	{"restrictdomainstoipaddresses or restrictdomainstocertificate", REASON_BLOCKED, 0, "5.7.51", 0, 0},
	{"part of their network is on our block list (s3150)", REASON_BLOCKED, 0, "5.7.1", 0, 0},
	{"must pass either spf or dkim validation, this message is not signed", REASON_AUTHFAILURE, 0, "4.7.26", 0, 0},
	{"tlsa-invalid: the domain failed dane validation", REASON_BLOCKED, 0, "4.7.323", 0, 0},
	{"tlsa-invalid: the domain failed dane validation", REASON_BLOCKED, 0, "5.7.323", 0, 0},
	{"dnssec-invalid: destination domain returned invalid dnssec records", REASON_BLOCKED, 0, "4.7.324", 0, 0},
	{"dnssec-invalid: destination domain returned invalid dnssec records", REASON_BLOCKED, 0, "5.7.324", 0, 0},
	{"certificate-host-mismatch: remote certificate must have a common name or subject alternative name matching the hostname (dane)", REASON_BLOCKED, 0, "4.7.325", 0, 0},
	{"certificate-host-mismatch: remote certificate must have a common name or subject alternative name matching the hostname (dane)", REASON_BLOCKED, 0, "5.7.325", 0, 0},
	{"the message was rejected because of sender policy framework violation", REASON_AUTHFAILURE, 0, "5.7.23", 0, 0},
	{"certificate-expired: destination mail server's certificate is expired", REASON_BLOCKED, 0, "5.7.322", 0, 0},
	{"does not pass dmarc verification", REASON_AUTHFAILURE, 0, "5.7.509", 0, 0},
	{"has been temporarily rate limited due to ip reputation", REASON_BADREPUTATION, 0, "4.7.650", 0, 0},
	{"too many related errors", REASON_CONTENTERROR, 0, "5.3.0", 0, 0},
	{"invalid characters", REASON_CONTENTERROR, 0, "5.6.11", 0, 0},
	{"agent generated message depth exceeded", REASON_CONTENTERROR, 0, "5.4.11", 0, 0},
	{"invalid message content", REASON_CONTENTERROR, 0, "5.5.6", 0, 0},
	{"resolver.rst.recipsizelimit; message too large for this recipient", REASON_EXCEEDLIMIT, 0, "5.2.3", 0, 0},
	{"connection timed out", REASON_EXPIRED, 0, "4.4.1", 0, 0},
	{"message delayed", REASON_EXPIRED, 0, "4.4.7", 0, 0},
	{"queue expired; message expired", REASON_EXPIRED, 0, "4.4.7", 0, 0},
	{"message expired", REASON_EXPIRED, 0, "4.4.7", 0, 0},
	{"message expired", REASON_EXPIRED, 0, "5.4.300", 0, 0},
	{"mailbox full", REASON_MAILBOXFULL, 0, "5.2.2", 0, 0},
	{"message size exceeds fixed maximum message size", REASON_MESGTOOBIG, 0, "5.3.4", 0, 0},
	{"message too big for system", REASON_MESGTOOBIG, 0, "5.3.4", 0, 0},
	{"smtpsend.dns.nonexistentdomain; nonexistent domain", REASON_NETWORKERROR, 0, "5.4.4", 0, 0},
	{"hop count exceeded - possible mail loop", REASON_NETWORKERROR, 0, "5.4.6", 0, 0},
	{"connection refused", REASON_NETWORKERROR, 0, "4.4.316", 0, 0},
	{"invalid arguments", REASON_NETWORKERROR, 0, "5.4.4", 0, 0},
	{"routing loop detected", REASON_NETWORKERROR, 0, "5.4.6", 0, 0},
	{"routing loop detected", REASON_NETWORKERROR, 0, "5.4.14", 0, 0},
	{"unable to relay", REASON_NORELAYING, 0, "5.7.1", 0, 0},
	{"client was not authenticated", REASON_NORELAYING, 0, "5.7.1", 0, 0},
	{"relay access denied", REASON_NORELAYING, 0, "5.4.1", 0, 0},
	{"unable to relay", REASON_NORELAYING, 0, "5.7.1", 0, 0},
	{"tenantattribution; relay access denied", REASON_NORELAYING, 0, "5.7.64", 0, 0},
	{"does not exist", REASON_NORELAYING, 0, "5.4.310", 0, 0},
	{"system not accepting network messages", REASON_NOTACCEPT, 0, "4.3.2", 0, 0},
	{"storedrv.deliver: missing or bad storedriver mdb properties", REASON_NOTACCEPT, 0, "5.3.2", 0, 0},
	{"x-dg-ref header is too long", REASON_POLICYVIOLATION, 0, "5.0.350", 0, 0},
	{"requested action not taken: policy violation detected (as345)", REASON_POLICYVIOLATION, 0, "5.0.350", 0, 0},
	{"delivery not authorized, message refused", REASON_POLICYVIOLATION, 0, "5.7.", 900, 999},
	{"invalid address", REASON_REJECTED, 0, "5.1.7", 0, 0},
	{"unknown sender address", REASON_REJECTED, 0, "5.1.7", 0, 0},
	{"sender denied", REASON_REJECTED, 0, "5.1.0", 0, 0},
	{"access denied, bad outbound sender", REASON_REJECTED, 0, "5.1.8", 0, 0},
	{"delivery not authorized", REASON_REJECTED, 0, "5.7.1", 0, 0},
	{"sender was not authenticated by organization", REASON_REJECTED, 0, "5.7.12", 0, 0},
	{"sender not in allowed-senders list", REASON_REJECTED, 0, "5.7.124", 0, 0},
	{"sender not authenticated for group", REASON_REJECTED, 0, "5.7.133", 0, 0},
	{"sender was not authenticated for mailbox", REASON_REJECTED, 0, "5.7.134", 0, 0},
	{"sender was not authenticated for public folder", REASON_REJECTED, 0, "5.7.13", 0, 0},
	{"sender was not authenticated for public folder", REASON_REJECTED, 0, "5.7.135", 0, 0},
	{"sender was not authenticated", REASON_REJECTED, 0, "5.7.136", 0, 0},
	{"access denied, spam abuse detected", REASON_REJECTED, 0, "5.7.", 501, 503},
	{"access denied, message must be rfc 5322 section 3.6.2 compliant", REASON_REJECTED, 0, "5.7.512", 0, 0},
	{"service unavailable. client blocked from sending from unregistered domains", REASON_REJECTED, 0, "5.7.750", 0, 0},
	{"access denied, banned sender", REASON_REJECTED, 0, "5.7.", 501, 503},
	{"cannot achieve exchange server authentication", REASON_SECURITYERROR, 0, "5.7.3", 0, 0},
	{"not authorized", REASON_SECURITYERROR, 0, "5.7.3", 0, 0},
	{"starttls-not-supported: destination mail server must support tls to receive mail", REASON_SECURITYERROR, 0, "4.7.321", 0, 0},
	{"starttls-not-supported: destination mail server must support tls to receive mail", REASON_SECURITYERROR, 0, "5.7.321", 0, 0},
	{"client was not authenticated", REASON_SECURITYERROR, 0, "5.7.1", 0, 0},
	{"client was not authenticated to send anonymous mail during mail from", REASON_SECURITYERROR, 0, "5.7.57", 0, 0},
	{"content filter agent quarantined this message", REASON_SPAMDETECTED, 0, "5.2.1", 0, 0},
	{"recipient address rejected: access denied", REASON_SUSPEND, 0, "5.7.504", 0, 0},
	{"access denied, banned recipient", REASON_SUSPEND, 0, "5.7.505", 0, 0},
	{"mailbox cannot be accessed", REASON_SUSPEND, 0, "5.2.1", 0, 0},
	{"unrecognized command", REASON_SYNTAXERROR, 0, "5.3.3", 0, 0},
	{"send hello first", REASON_SYNTAXERROR, 0, "5.5.2", 0, 0},
	{"service not available", REASON_SYSTEMERROR, 0, "4.3.2", 0, 0},
	{"service not active", REASON_SYSTEMERROR, 0, "4.3.2", 0, 0},
	{"system incorrectly configured", REASON_SYSTEMERROR, 0, "5.3.5", 0, 0},
	{"journaling on-premises messages to microsoft 365 or office 365 not supported when journaling archive is disabled", REASON_SYSTEMERROR, 0, "5.3.190", 0, 0},
	{"helo / ehlo requires domain address", REASON_SYSTEMERROR, 0, "5.0.0", 0, 0},
	{"destination mailbox address ambiguous", REASON_SYSTEMERROR, 0, "5.1.4", 0, 0},
	{"mailing list expansion problem", REASON_SYSTEMERROR, 0, "5.2.4", 0, 0},
	{"misconfigured forwarding address", REASON_SYSTEMERROR, 0, "5.2.14", 0, 0},
	{"temporary server error. please try again later attr18", REASON_SYSTEMERROR, 0, "4.4.3", 0, 0},
	{"temporary server error. please try again later. prx4 nexthop:", REASON_SYSTEMERROR, 0, "4.7.0", 0, 0},
	{"message failed to be replicated: insufficient system resource:", REASON_SYSTEMERROR, 0, "4.4.24", 0, 0},
	{"message failed to be replicated: no healthy secondary server available to accept replica at this time.", REASON_SYSTEMERROR, 0, "4.4.25", 0, 0},
	{"message failed to be replicated: the operation was canceled", REASON_SYSTEMERROR, 0, "4.4.28", 0, 0},
	{"server busy. please try again later from ", REASON_SYSTEMERROR, 0, "4.7.500", 0, 0},
	{"pfa agent busy, please try again.", REASON_SYSTEMERROR, 0, "4.7.700", 0, 0},
	{"insufficient system resources", REASON_SYSTEMFULL, 0, "4.3.1", 0, 0},
	{"too many recipients", REASON_TOOMANYCONN, 0, "5.5.3", 0, 0},
	{"too many recipients", REASON_TOOMANYCONN, 0, "4.5.3", 0, 0},
	{"the recipient has exceeded their limit for", REASON_TOOMANYCONN, 0, "5.2.122", 0, 0},
	{"storedrv.deliver; recipient thread limit exceeded", REASON_TOOMANYCONN, 0, "4.3.2", 0, 0},
	{"your message can't be sent because you've reached your daily limit for message recipients", REASON_TOOMANYCONN, 0, "5.1.90", 0, 0},
	{"submission quota exceeded", REASON_TOOMANYCONN, 0, "5.2.2", 0, 0},
	{"recipient's per hour message receive limit from specific sender exceeded", REASON_TOOMANYCONN, 0, "5.2.121", 0, 0},
	{"recipient's per hour message receive limit exceeded", REASON_TOOMANYCONN, 0, "5.2.122", 0, 0},
	{"has exceeded permitted limits within", REASON_TOOMANYCONN, 0, "5.7.508", 0, 0},
	{"access denied, tenant has exceeded threshold", REASON_TOOMANYCONN, 0, "5.7.", 700, 749},
	{"access denied, traffic not accepted from this ip", REASON_TOOMANYCONN, 0, "5.7.", 700, 749},
	{"resolver.adr.exrecipnotfound; not found", REASON_USERUNKNOWN, 0, "5.1.1", 0, 0},
	{"user unknown", REASON_USERUNKNOWN, 0, "5.1.1", 0, 0},
	{"storedrv.submit; invalid recipient address", REASON_USERUNKNOWN, 0, "5.1.3", 0, 0},
	{"recipient address reserved by rfc 2606", REASON_USERUNKNOWN, 0, "5.1.", 4, 5},
	{"recipient addresses in single label domains not accepted", REASON_USERUNKNOWN, 0, "5.1.6", 0, 0},
	{"bad destination mailbox address", REASON_USERUNKNOWN, 0, "5.1.1", 0, 0},
	{"recipient not found", REASON_USERUNKNOWN, 0, "5.1.10", 0, 0},
	{"recipient address rejected: access denied", REASON_USERUNKNOWN, 0, "5.4.1", 0, 0},
	{"requested action not taken: mailbox unavailable", REASON_USERUNKNOWN, 0, "5.5.0", 0, 0},
	{"invalid x.400 address", REASON_USERUNKNOWN, 0, "5.1.2", 0, 0},
};

static enum reason microsoft_get(const struct reason_input *in, const char *low, char *entry,
				 size_t entrysz)
{
	if (!low[0] || !in->status || !in->status[0])
		return REASON_UNDEFINED;
	return rhost_rows_find(rows, RHOST_N(rows), in, low, entry, entrysz);
}

const struct rhost_family rhost_microsoft = {"microsoft", hosts, microsoft_get};
