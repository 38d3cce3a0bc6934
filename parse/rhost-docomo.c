/* rhost-docomo.c: NTT docomo (mfsmax.docomo.ne.jp) servers.
 *
 * Ported from Sisimai 4.25.15 (Sisimai::Rhost::NTTDOCOMO), with the reasons of Sisimai 5
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

static const struct text_lit hosts[] = {RHOST_SUFFIX("mfsmax.docomo.ne.jp"), {NULL, 0}};

static const struct rhost_row rows[] = {
	{"552 too much mail data", REASON_MAILBOXFULL, 0, NULL, 0, 0},
	{"552 too many recipients", REASON_TOOMANYCONN, 0, NULL, 0, 0},
	{"503 bad sequence of commands", REASON_SYNTAXERROR, 0, NULL, 0, 0},
	{"504 command parameter not implemented", REASON_SYNTAXERROR, 0, NULL, 0, 0},
};

/* docomo says "550 Unknown user" for every refusal; only the status and
 * the command at which it came tell them apart. */
static enum reason docomo_get(const struct reason_input *in, const char *low, char *entry,
			      size_t entrysz)
{
	const char *st = in->status ? in->status : "";
	const char *cmd = in->command ? in->command : "";
	enum reason r;

	if (strcmp(st, "5.1.1") == 0) {
		snprintf(entry, entrysz, "status:%s", st);
		return REASON_USERUNKNOWN;
	}
	if (strcmp(st, "5.2.0") == 0) {
		snprintf(entry, entrysz, "status:%s", st);
		return REASON_FILTERED;
	}
	r = rhost_rows_find(rows, RHOST_N(rows), in, low, entry, entrysz);
	if (r != REASON_UNDEFINED || strcmp(st, "5.0.0") != 0)
		return r;
	snprintf(entry, entrysz, "command:%s", cmd);
	if (strcmp(cmd, "RCPT") == 0)
		return REASON_USERUNKNOWN;
	if (strcmp(cmd, "DATA") == 0)
		return REASON_REJECTED;
	return REASON_UNDEFINED;
}

const struct rhost_family rhost_docomo = {"docomo", hosts, docomo_get};
