/* rhost-yahoo.c: Yahoo (and AOL) servers behind yahoodns.net: the texts of their
 * documented error codes (TSS04, BL21, "dd This user ...").
 *
 * Written after Sisimai 5 (Sisimai::Rhost::YahooInc, which 4.25.15 lacks)
 * and the error codes Yahoo documents for senders. See parse/THIRD-PARTY.md.
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

static const struct text_lit hosts[] = {RHOST_SUFFIX(".yahoodns.net"), {NULL, 0}};

static const struct rhost_row rows[] = {
	{"this user doesn't have a", REASON_USERUNKNOWN, 0, NULL, 0, 0},
	{"mailbox not found", REASON_USERUNKNOWN, 0, NULL, 0, 0},
	{"this mailbox is disabled", REASON_SUSPEND, 0, NULL, 0, 0},
	{"this account has been disabled", REASON_SUSPEND, 0, NULL, 0, 0},
	{"account is over quota", REASON_MAILBOXFULL, 0, NULL, 0, 0},
	{"mailbox full", REASON_MAILBOXFULL, 0, NULL, 0, 0},
	{"temporarily deferred due to unexpected volume or user complaints", REASON_BADREPUTATION, 0, NULL, 0, 0},
	{"due to ip reputation", REASON_BADREPUTATION, 0, NULL, 0, 0},
	{"sender is unauthenticated", REASON_AUTHFAILURE, 0, NULL, 0, 0},
	{"authenticate with either spf or dkim", REASON_AUTHFAILURE, 0, NULL, 0, 0},
	{"dmarc", REASON_AUTHFAILURE, 0, NULL, 0, 0},
	{"because the ip is in spamhaus", REASON_BLOCKED, 0, NULL, 0, 0},
	{"will be permanently deferred", REASON_BLOCKED, 0, NULL, 0, 0},
	{"message not accepted for policy reasons", REASON_POLICYVIOLATION, 0, NULL, 0, 0},
	{"headers are not rfc compliant", REASON_NOTCOMPLIANTRFC, 0, NULL, 0, 0},
	{"unresolvable rfc.5321 from domain", REASON_REJECTED, 0, NULL, 0, 0},
	{"message size exceeds", REASON_MESGTOOBIG, 0, NULL, 0, 0},
};

static enum reason yahoo_get(const struct reason_input *in, const char *low, char *entry, size_t entrysz)
{
	return rhost_rows_find(rows, RHOST_N(rows), in, low, entry, entrysz);
}

const struct rhost_family rhost_yahoo = {"yahoo", hosts, yahoo_get};
