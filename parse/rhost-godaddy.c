/* rhost-godaddy.c: GoDaddy (secureserver.net) servers: their IBnnn code, else their texts.
 *
 * Ported from Sisimai 4.25.15 (Sisimai::Rhost::GoDaddy), with the reasons of Sisimai 5
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
#include "parse/text.h"

static const struct text_lit hosts[] = {RHOST_SUFFIX("secureserver.net"), {NULL, 0}};

/* IB504 and IB607 ("sent too many messages/recipients this hour") are
 * speeding in Sisimai 5; IB108 (no reverse DNS) is requireptr. */
static const struct rhost_code codes[] = {
	{"ib103", REASON_BLOCKED},
	{"ib104", REASON_BLOCKED},
	{"ib105", REASON_BLOCKED},
	{"ib106", REASON_BLOCKED},
	{"ib007", REASON_TOOMANYCONN},
	{"ib101", REASON_EXPIRED},
	{"ib108", REASON_REQUIREPTR},
	{"ib110", REASON_BLOCKED},
	{"ib111", REASON_BLOCKED},
	{"ib112", REASON_BLOCKED},
	{"ib113", REASON_BLOCKED},
	{"ib212", REASON_SPAMDETECTED},
	{"ib401", REASON_SECURITYERROR},
	{"ib501", REASON_REJECTED},
	{"ib502", REASON_REJECTED},
	{"ib504", REASON_SPEEDING},
	{"ib506", REASON_REJECTED},
	{"ib508", REASON_REJECTED},
	{"ib510", REASON_TOOMANYCONN},
	{"ib607", REASON_SPEEDING},
	{"ib705", REASON_VIRUSDETECTED},
};

static const struct rhost_row rows[] = {
	{"www.spamhaus.org/query/bl?ip=", REASON_BLOCKED, 0, NULL, 0, 0},
	{"554 rbl reject.", REASON_BLOCKED, 0, NULL, 0, 0},
	{"delivery timeout", REASON_EXPIRED, 0, NULL, 0, 0},
	{"451 sorry, i wasn't able to establish an smtp connection.", REASON_EXPIRED, 0, NULL, 0, 0},
	{"account disabled", REASON_SUSPEND, 0, NULL, 0, 0},
	{"account storage limit", REASON_MAILBOXFULL, 0, NULL, 0, 0},
	{"account does not exist", REASON_USERUNKNOWN, 0, NULL, 0, 0},
	{"550 recipient not found.", REASON_USERUNKNOWN, 0, NULL, 0, 0},
};

static enum reason godaddy_get(const struct reason_input *in, const char *low, char *entry,
			       size_t entrysz)
{
	/* " IB607 " anywhere in the text */
	for (const char *p = text_strstr(low, "ib"); p; p = text_strstr(p + 2, "ib")) {
		if ((p == low || p[-1] == ' ') && p[2] >= '0' && p[2] <= '9' && p[3] >= '0' &&
		    p[3] <= '9' && p[4] >= '0' && p[4] <= '9' && !(p[5] >= '0' && p[5] <= '9')) {
			char code[6] = {p[0], p[1], p[2], p[3], p[4], '\0'};
			return rhost_codes_find(codes, RHOST_N(codes), code, entry, entrysz);
		}
	}
	return rhost_rows_find(rows, RHOST_N(rows), in, low, entry, entrysz);
}

const struct rhost_family rhost_godaddy = {"godaddy", hosts, godaddy_get};
