/* rhost-tencent.c: Tencent QQ (mx*.qq.com) servers.
 *
 * Ported from Sisimai 4.25.15 (Sisimai::Rhost::TencentQQ), with the reasons of Sisimai 5
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

static const struct text_lit hosts[] = {RHOST_SUFFIX("qq.com"), {NULL, 0}};

/* DMARC and SPF failures are authfailure in Sisimai 5. */
static const struct rhost_row rows[] = {
	{"dmarc check failed", REASON_AUTHFAILURE, 0, NULL, 0, 0},
	{"spf check failed", REASON_AUTHFAILURE, 0, NULL, 0, 0},
	{"suspected spam ip", REASON_BLOCKED, 0, NULL, 0, 0},
	{"mail is rejected by recipients", REASON_FILTERED, 0, NULL, 0, 0},
	{"message too large", REASON_MESGTOOBIG, 0, NULL, 0, 0},
	{"mail content denied", REASON_SPAMDETECTED, 0, NULL, 0, 0},
	{"spam is embedded in the email", REASON_SPAMDETECTED, 0, NULL, 0, 0},
	{"suspected spam", REASON_SPAMDETECTED, 0, NULL, 0, 0},
	{"bad address syntax", REASON_SYNTAXERROR, 0, NULL, 0, 0},
	{"connection denied", REASON_TOOMANYCONN, 0, NULL, 0, 0},
	{"connection frequency limited", REASON_TOOMANYCONN, 0, NULL, 0, 0},
	{"domain frequency limited", REASON_TOOMANYCONN, 0, NULL, 0, 0},
	{"ip frequency limited", REASON_TOOMANYCONN, 0, NULL, 0, 0},
	{"sender frequency limited", REASON_TOOMANYCONN, 0, NULL, 0, 0},
	{"mailbox unavailable or access denied", REASON_TOOMANYCONN, 0, NULL, 0, 0},
	{"mailbox not found", REASON_USERUNKNOWN, 0, NULL, 0, 0},
};

static enum reason tencent_get(const struct reason_input *in, const char *low, char *entry,
			       size_t entrysz)
{
	return rhost_rows_find(rows, RHOST_N(rows), in, low, entry, entrysz);
}

const struct rhost_family rhost_tencent = {"tencent", hosts, tencent_get};
