/* rhost-cox.c: Cox Communications servers: their AUP#code, else their texts.
 *
 * Ported from Sisimai 4.25.15 (Sisimai::Rhost::Cox), with the reasons of Sisimai 5
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
	RHOST_SUFFIX("cox.net"), RHOST_SUFFIX("cxr.mx.a.cloudfilter.net"), {NULL, 0}
};

static const struct rhost_code codes[] = {
	{"cxbl", REASON_BLOCKED},
	{"cxthrt", REASON_SECURITYERROR},
	{"cxmj", REASON_SECURITYERROR},
	{"cxdns", REASON_BLOCKED},
	{"cxsndr", REASON_REJECTED},
	{"cxsmtp", REASON_REJECTED},
	{"cxcnct", REASON_TOOMANYCONN},
	{"cxmxrt", REASON_TOOMANYCONN},
	{"cdrbl", REASON_BLOCKED},
	{"ipbl0001", REASON_BLOCKED},
	{"ipbl0010", REASON_BLOCKED},
	{"ipbl0100", REASON_BLOCKED},
	{"ipbl0011", REASON_BLOCKED},
	{"ipbl0101", REASON_BLOCKED},
	{"ipbl0110", REASON_BLOCKED},
	{"ipbl0111", REASON_BLOCKED},
	{"ipbl1000", REASON_BLOCKED},
	{"ipbl1001", REASON_BLOCKED},
	{"ipbl1010", REASON_BLOCKED},
	{"ipbl1011", REASON_BLOCKED},
	{"ipbl1100", REASON_BLOCKED},
	{"ipbl1101", REASON_BLOCKED},
	{"ipbl1110", REASON_BLOCKED},
	{"ipbl1111", REASON_BLOCKED},
	{"ipbl00001", REASON_BLOCKED},
	{"urlbl011", REASON_SPAMDETECTED},
	{"urlbl101", REASON_SPAMDETECTED},
	{"urlbl110", REASON_SPAMDETECTED},
	{"urlbl1001", REASON_SPAMDETECTED},
};

static const struct rhost_row rows[] = {
	{"rejected - no rdns", REASON_REQUIREPTR, 0, NULL, 0, 0},
	{"cox too many bad commands from", REASON_BLOCKED, 0, NULL, 0, 0},
	{"dns check failure - try again later", REASON_BLOCKED, 0, NULL, 0, 0},
	{"too many invalid recipients", REASON_BLOCKED, 0, NULL, 0, 0},
	{"esmtp server temporarily not available", REASON_NOTACCEPT, 0, NULL, 0, 0},
	{"esmtp no data before greeting", REASON_POLICYVIOLATION, 0, NULL, 0, 0},
	{"attachment extension is forbidden", REASON_POLICYVIOLATION, 0, NULL, 0, 0},
	{"sender rejected", REASON_REJECTED, 0, NULL, 0, 0},
	{"too many sessions from", REASON_TOOMANYCONN, 0, NULL, 0, 0},
	{"requested action aborted: try again later", REASON_TOOMANYCONN, 0, NULL, 0, 0},
	{"message threshold exceeded", REASON_TOOMANYCONN, 0, NULL, 0, 0},
	{"recipient rejected", REASON_USERUNKNOWN, 0, NULL, 0, 0},
};

static enum reason cox_get(const struct reason_input *in, const char *low, char *entry, size_t entrysz)
{
	char code[16];

	if (rhost_code_after(low, "aup#", code, sizeof(code)))
		return rhost_codes_find(codes, RHOST_N(codes), code, entry, entrysz);
	return rhost_rows_find(rows, RHOST_N(rows), in, low, entry, entrysz);
}

const struct rhost_family rhost_cox = {"cox", hosts, cox_get};
