/* rhost-franceptt.c: Orange, Wanadoo and La Poste servers: the last three digits of their
 * LPN/OFR/OUK error code.
 *
 * Ported from Sisimai 4.25.15 (Sisimai::Rhost::FrancePTT), with the reasons of Sisimai 5
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

static const struct text_lit hosts[] = {
	RHOST_SUFFIX("laposte.net"), RHOST_SUFFIX("orange.fr"), RHOST_SUFFIX("wanadoo.fr"),
	{NULL, 0}
};

/* 401 ("not allowed to send mail ... spf") is authfailure in Sisimai 5. */
static const struct rhost_code codes[] = {
	{"101", REASON_BLOCKED},
	{"102", REASON_BLOCKED},
	{"103", REASON_BLOCKED},
	{"104", REASON_TOOMANYCONN},
	{"305", REASON_SECURITYERROR},
	{"401", REASON_AUTHFAILURE},
	{"402", REASON_SECURITYERROR},
	{"403", REASON_REJECTED},
	{"405", REASON_REJECTED},
	{"415", REASON_REJECTED},
	{"416", REASON_USERUNKNOWN},
	{"417", REASON_MAILBOXFULL},
	{"418", REASON_USERUNKNOWN},
	{"420", REASON_SUSPEND},
	{"421", REASON_REJECTED},
	{"426", REASON_SUSPEND},
	{"505", REASON_SYSTEMERROR},
	{"506", REASON_SPAMDETECTED},
	{"510", REASON_BLOCKED},
	{"514", REASON_MESGTOOBIG},
	{"517", REASON_POLICYVIOLATION},
	{"630", REASON_POLICYVIOLATION},
	{"999", REASON_BLOCKED},
};

static const char *const prefixes[] = {"lpnaaa", "lpn", "ofr", "ouk"};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* "LPN007_426" or "OFR_999" or "OUK004-516": the three digits at the end. */
static bool code_of(const char *low, char out[4])
{
	for (size_t i = 0; i < RHOST_N(prefixes); i++) {
		for (const char *p = text_strstr(low, prefixes[i]); p; p = text_strstr(p + 1, prefixes[i])) {
			const char *q = p + strlen(prefixes[i]);
			size_t n = 0;
			while (is_digit(q[n]) || q[n] == '_' || q[n] == '-')
				n++;
			if (n >= 4 && is_digit(q[n - 1]) && is_digit(q[n - 2]) && is_digit(q[n - 3])) {
				memcpy(out, q + n - 3, 3);
				out[3] = '\0';
				return true;
			}
		}
	}
	return false;
}

static enum reason franceptt_get(const struct reason_input *in, const char *low, char *entry,
				 size_t entrysz)
{
	char code[4];

	(void)in;
	if (!code_of(low, code))
		return REASON_UNDEFINED;
	return rhost_codes_find(codes, RHOST_N(codes), code, entry, entrysz);
}

const struct rhost_family rhost_franceptt = {"franceptt", hosts, franceptt_get};
