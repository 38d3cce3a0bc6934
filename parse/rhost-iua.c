/* rhost-iua.c: i.ua (email.ua) servers: their /err/N code.
 *
 * Ported from Sisimai 4.25.15 (Sisimai::Rhost::IUA), with the reasons of Sisimai 5
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

static const struct text_lit hosts[] = {RHOST_SUFFIX(".email.ua"), {NULL, 0}};

static const struct rhost_code codes[] = {
	{"1", REASON_NORELAYING},
	{"2", REASON_USERUNKNOWN},
	{"3", REASON_SUSPEND},
	{"4", REASON_MAILBOXFULL},
	{"5", REASON_TOOMANYCONN},
	{"6", REASON_NORELAYING},
	{"7", REASON_BLOCKED},
	{"8", REASON_REJECTED},
	{"9", REASON_BLOCKED},
	{"10", REASON_FILTERED},
};

static enum reason iua_get(const struct reason_input *in, const char *low, char *entry, size_t entrysz)
{
	char code[8];

	(void)in;
	if (!rhost_code_after(low, ".i.ua/err/", code, sizeof(code)))
		return REASON_UNDEFINED;
	return rhost_codes_find(codes, RHOST_N(codes), code, entry, entrysz);
}

const struct rhost_family rhost_iua = {"iua", hosts, iua_get};
