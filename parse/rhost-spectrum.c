/* rhost-spectrum.c: Spectrum (charter.net) servers: their AUP#nnnn code.
 *
 * Ported from Sisimai 4.25.15 (Sisimai::Rhost::Spectrum), with the reasons of Sisimai 5
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
#include <stdio.h>
#include <string.h>

#include "parse/rhost.h"
#include "parse/text.h"

static const struct text_lit hosts[] = {RHOST_SUFFIX("charter.net"), {NULL, 0}};

struct code_range {
	int lo, hi;
	enum reason reason;
};

/* single codes are ranges of one */
static const struct code_range ranges[] = {
	{1000, 1000, REASON_BLOCKED},       {1010, 1010, REASON_REJECTED},
	{1020, 1080, REASON_REJECTED},      {1090, 1090, REASON_SYSTEMERROR},
	{1100, 1150, REASON_BLOCKED},       {1160, 1190, REASON_POLICYVIOLATION},
	{1200, 1210, REASON_BLOCKED},       {1220, 1250, REASON_BLOCKED},
	{1260, 1260, REASON_NETWORKERROR},  {1300, 1340, REASON_TOOMANYCONN},
	{1350, 1490, REASON_TOOMANYCONN},   {1500, 1500, REASON_REJECTED},
	{1520, 1520, REASON_REJECTED},      {1530, 1530, REASON_MESGTOOBIG},
	{1540, 1540, REASON_TOOMANYCONN},   {1550, 1550, REASON_TOOMANYCONN},
	{1560, 1560, REASON_POLICYVIOLATION},
};

static enum reason spectrum_get(const struct reason_input *in, const char *low, char *entry,
				size_t entrysz)
{
	const char *p = text_strstr(low, "aup#");
	int code = 0, digits = 0;

	(void)in;
	if (!p)
		return REASON_UNDEFINED;
	p += 4;
	while ((*p >= 'a' && *p <= 'z') || *p == '-')
		p++;
	for (; *p >= '0' && *p <= '9' && digits < 4; p++, digits++)
		code = code * 10 + (*p - '0');
	if (digits != 4)
		return REASON_UNDEFINED;
	for (size_t i = 0; i < RHOST_N(ranges); i++) {
		if (code >= ranges[i].lo && code <= ranges[i].hi) {
			snprintf(entry, entrysz, "%d", code);
			return ranges[i].reason;
		}
	}
	return REASON_UNDEFINED;
}

const struct rhost_family rhost_spectrum = {"spectrum", hosts, spectrum_get};
