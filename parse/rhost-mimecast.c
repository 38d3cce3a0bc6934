/* rhost-mimecast.c: Mimecast servers: reply code and text together.
 *
 * Ported from Sisimai 4.25.15 (Sisimai::Rhost::Mimecast), with the reasons of Sisimai 5
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

static const struct text_lit hosts[] = {RHOST_SUFFIX(".mimecast.com"), {NULL, 0}};

static const struct rhost_row rows[] = {
	{"sender address blocked", REASON_BLOCKED, 421, NULL, 0, 0},
	{"recipient temporarily unavailable", REASON_BLOCKED, 451, NULL, 0, 0},
	{"ip temporarily blacklisted", REASON_BLOCKED, 451, NULL, 0, 0},
	{"internal resources are temporarily unavailable", REASON_BLOCKED, 451, NULL, 0, 0},
	{"local ct ip reputation - (reject)", REASON_BADREPUTATION, 550, NULL, 0, 0},
	{"spf sender invalid - envelope rejected", REASON_AUTHFAILURE, 550, NULL, 0, 0},
	{"dkim sender invalid - envelope rejected", REASON_AUTHFAILURE, 550, NULL, 0, 0},
	{"dmarc sender invalid - envelope rejected", REASON_AUTHFAILURE, 550, NULL, 0, 0},
	{"maximum email size exceeded", REASON_MESGTOOBIG, 554, NULL, 0, 0},
	{"mail loop detected", REASON_NETWORKERROR, 554, NULL, 0, 0},
	{"open relay not allowed", REASON_NORELAYING, 451, NULL, 0, 0},
	{"account inbounds disabled", REASON_NOTACCEPT, 451, NULL, 0, 0},
	{"account outbounds disabled", REASON_ONHOLD, 451, NULL, 0, 0},
	{"hostname is not authorized", REASON_ONHOLD, 451, NULL, 0, 0},
	{"journal message past expiration", REASON_ONHOLD, 550, NULL, 0, 0},
	{"anti-spoofing policy - inbound not allowed", REASON_POLICYVIOLATION, 550, NULL, 0, 0},
	{"rejected by header-based anti-spoofing policy", REASON_POLICYVIOLATION, 550, NULL, 0, 0},
	{"message bounced due to content examination policy", REASON_POLICYVIOLATION, 550, NULL, 0, 0},
	{"host network not allowed", REASON_POLICYVIOLATION, 554, NULL, 0, 0},
	{"administrative prohibition envelope blocked", REASON_REJECTED, 550, NULL, 0, 0},
	{"envelope blocked – user entry", REASON_REJECTED, 550, NULL, 0, 0},
	{"envelope blocked – user domain entry", REASON_REJECTED, 550, NULL, 0, 0},
	{"rejected by header-based manually blocked senders - block for manual block", REASON_REJECTED, 550, NULL, 0, 0},
	{"rejected by header-based blocked senders - block policy for header from", REASON_REJECTED, 550, NULL, 0, 0},
	{"envelope rejected - block policy for envelope from address", REASON_REJECTED, 550, NULL, 0, 0},
	{"incorrect authentication data", REASON_SECURITYERROR, 535, NULL, 0, 0},
	{"submitter failed to disabled", REASON_SECURITYERROR, 550, NULL, 0, 0},
	{"this route requires encryption (tls)", REASON_FAILEDSTARTTLS, 553, NULL, 0, 0},
	{"this route requires tls version 1.2 or greater", REASON_FAILEDSTARTTLS, 553, NULL, 0, 0},
	{"this route requires high-strength ciphers", REASON_SECURITYERROR, 553, NULL, 0, 0},
	{"configuration is invalid for this certificate", REASON_SECURITYERROR, 554, NULL, 0, 0},
	{"unable to process connection at this time", REASON_SYSTEMERROR, 451, NULL, 0, 0},
	{"message ended early", REASON_SYSTEMERROR, 451, NULL, 0, 0},
	{"unable to process command", REASON_SYSTEMERROR, 451, NULL, 0, 0},
	{"unable to process an email at this time", REASON_SYSTEMERROR, 451, NULL, 0, 0},
	{"account service is temporarily unavailable", REASON_TOOMANYCONN, 451, NULL, 0, 0},
	{"too many recipients", REASON_TOOMANYCONN, 452, NULL, 0, 0},
	{"exceeding outbound thread limit", REASON_TOOMANYCONN, 550, NULL, 0, 0},
	{"invalid address", REASON_USERUNKNOWN, 501, NULL, 0, 0},
	{"user unknown", REASON_USERUNKNOWN, 503, NULL, 0, 0},
	{"invalid recipient", REASON_USERUNKNOWN, 550, NULL, 0, 0},
	{"email rejected due to security policies", REASON_VIRUSDETECTED, 554, NULL, 0, 0},
};

static enum reason mimecast_get(const struct reason_input *in, const char *low, char *entry,
				size_t entrysz)
{
	return rhost_rows_find(rows, RHOST_N(rows), in, low, entry, entrysz);
}

const struct rhost_family rhost_mimecast = {"mimecast", hosts, mimecast_get};
