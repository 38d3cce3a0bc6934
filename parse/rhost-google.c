/* rhost-google.c: Gmail and Google Workspace servers (their texts with the reason each stands for).
 *
 * Ported from Sisimai 4.25.15 (Sisimai::Rhost::GoogleApps), with the reasons of Sisimai 5
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

static const struct text_lit hosts[] = {
	RHOST_SUFFIX(".l.google.com"), RHOST_SUFFIX("googlemail.com"), {NULL, 0}
};

/* Checked in this order; the first text found decides. */
static const struct rhost_row rows[] = {
	{"ip not in whitelist for rcpt domain", REASON_BLOCKED, 0, NULL, 0, 0},
	{"our system has detected an unusual rate of unsolicited mail originating from your ip address", REASON_BLOCKED, 0, NULL, 0, 0},
	{"the ip you're using to send mail is not authorized to send email directly to our servers", REASON_BLOCKED, 0, NULL, 0, 0},
	{"helo/ehlo argument is invalid", REASON_BLOCKED, 0, NULL, 0, 0},
	{"does not have a ptr record setup", REASON_REQUIREPTR, 0, NULL, 0, 0},
	{"is not accepted due to domain's dmarc policy", REASON_AUTHFAILURE, 0, NULL, 0, 0},
	{"fails to pass authentication checks", REASON_AUTHFAILURE, 0, NULL, 0, 0},
	{"does not have authentication information", REASON_AUTHFAILURE, 0, NULL, 0, 0},
	{"fails to pass spf checks", REASON_AUTHFAILURE, 0, NULL, 0, 0},
	{"sender is unauthenticated", REASON_AUTHFAILURE, 0, NULL, 0, 0},
	{"very low reputation of the sending", REASON_BADREPUTATION, 0, NULL, 0, 0},
	{"mail message is malformed", REASON_CONTENTERROR, 0, NULL, 0, 0},
	{"your message exceeded google's message size limits", REASON_EXCEEDLIMIT, 0, NULL, 0, 0},
	{"timeout - closing connection", REASON_EXPIRED, 0, NULL, 0, 0},
	{"the email account that you tried to reach is over quota", REASON_MAILBOXFULL, 0, NULL, 0, 0},
	{"email quota exceeded", REASON_MAILBOXFULL, 0, NULL, 0, 0},
	{"message exceeded 50 hops, this may indicate a mail loop", REASON_NETWORKERROR, 0, NULL, 0, 0},
	{"mail relay denied", REASON_NORELAYING, 0, NULL, 0, 0},
	{"messages with multiple addresses in from: header are not accepted", REASON_NOTCOMPLIANTRFC, 0, NULL, 0, 0},
	{"this message is not rfc 5322 compliant", REASON_NOTCOMPLIANTRFC, 0, NULL, 0, 0},
	{"the user or domain that you are sending to (or from) has a policy that prohibited", REASON_POLICYVIOLATION, 0, NULL, 0, 0},
	{"our system detected an illegal attachment on your message", REASON_POLICYVIOLATION, 0, NULL, 0, 0},
	{"this message was blocked because its content presents a potential security issue", REASON_POLICYVIOLATION, 0, NULL, 0, 0},
	{"mail sending denied", REASON_REJECTED, 0, NULL, 0, 0},
	{"unauthenticated email is not accepted from this domain", REASON_REJECTED, 0, NULL, 0, 0},
	{"tls required for rcpt domain", REASON_FAILEDSTARTTLS, 0, NULL, 0, 0},
	{"must issue a starttls command first", REASON_FAILEDSTARTTLS, 0, NULL, 0, 0},
	{"cannot decode response", REASON_SECURITYERROR, 0, NULL, 0, 0},
	{"authentication required.", REASON_SECURITYERROR, 0, NULL, 0, 0},
	{"application-specific password required", REASON_SECURITYERROR, 0, NULL, 0, 0},
	{"please log in with your web browser and then try again", REASON_SECURITYERROR, 0, NULL, 0, 0},
	{"username and password not accepted", REASON_SECURITYERROR, 0, NULL, 0, 0},
	{"invalid credentials for relay", REASON_SECURITYERROR, 0, NULL, 0, 0},
	{"our system has detected that this message is likely unsolicited mail", REASON_SPAMDETECTED, 0, NULL, 0, 0},
	{"the email account that you tried to reach is disabled", REASON_SUSPEND, 0, NULL, 0, 0},
	{"the email account that you tried to reach is inactive", REASON_SUSPEND, 0, NULL, 0, 0},
	{"temporary system problem", REASON_SYSTEMERROR, 0, NULL, 0, 0},
	{"server busy", REASON_SYSTEMERROR, 0, NULL, 0, 0},
	{"mail server temporarily rejected message", REASON_SYSTEMERROR, 0, NULL, 0, 0},
	{"domain policy size per transaction exceeded", REASON_SYSTEMERROR, 0, NULL, 0, 0},
	{"is receiving mail too quickly", REASON_SPEEDING, 0, NULL, 0, 0},
	{"is receiving mail at a rate that prevents additional messages from being delivered", REASON_SPEEDING, 0, NULL, 0, 0},
	{"multiple destination domains per transaction is unsupported", REASON_TOOMANYCONN, 0, NULL, 0, 0},
	{"your message has too many recipients", REASON_TOOMANYCONN, 0, NULL, 0, 0},
	{"peak smtp relay limit exceeded for customer", REASON_TOOMANYCONN, 0, NULL, 0, 0},
	{"daily smtp relay limit exceeded for", REASON_TOOMANYCONN, 0, NULL, 0, 0},
	{"daily sending quota exceeded", REASON_TOOMANYCONN, 0, NULL, 0, 0},
	{"the email account that you tried to reach does not exist", REASON_USERUNKNOWN, 0, NULL, 0, 0},
	{"we weren't able to find the recipient domain", REASON_HOSTUNKNOWN, 0, NULL, 0, 0},
	{"smtp protocol violation", REASON_SYNTAXERROR, 0, NULL, 0, 0},
	{"starttls may not be repeated", REASON_SYNTAXERROR, 0, NULL, 0, 0},
	{"too many unrecognized commands, goodbye", REASON_SYNTAXERROR, 0, NULL, 0, 0},
	{"unimplemented command", REASON_SYNTAXERROR, 0, NULL, 0, 0},
	{"unrecognized command", REASON_SYNTAXERROR, 0, NULL, 0, 0},
	{"ehlo/helo first", REASON_SYNTAXERROR, 0, NULL, 0, 0},
	{"mail first", REASON_SYNTAXERROR, 0, NULL, 0, 0},
	{"rcpt first", REASON_SYNTAXERROR, 0, NULL, 0, 0},
	{"no identity changes permitted", REASON_SYNTAXERROR, 0, NULL, 0, 0},
	{"unrecognized authentication type", REASON_SYNTAXERROR, 0, NULL, 0, 0},
	{"optional argument not permitted for that auth mode", REASON_SYNTAXERROR, 0, NULL, 0, 0},
	{"too many unauthenticated commands", REASON_SYNTAXERROR, 0, NULL, 0, 0},
};

static enum reason google_get(const struct reason_input *in, const char *low, char *entry,
			      size_t entrysz)
{
	return rhost_rows_find(rows, RHOST_N(rows), in, low, entry, entrysz);
}

const struct rhost_family rhost_google = {"google", hosts, google_get};
