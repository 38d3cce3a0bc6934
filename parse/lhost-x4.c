/* lhost-x4.c: qmail look-alikes Sisimai calls X4: the QSBMF layout
 * ("<user@example.org>:" and the error) under other opening texts, often
 * translated or rewritten by the site.
 *
 * Ported from Sisimai::Lhost::X4 (Sisimai 4.25.15),
 * Copyright (C) 2014-2021 azumakuniyuki, BSD 2-Clause License.
 */
#include <string.h>

#include "parse/lhost-mtas.h"
#include "parse/text.h"
#include "util/str.h"

/* Opening lines seen in the wild (the first line of the notice). */
static const char *const x4_starts[] = {
	"Su mensaje no pudo ser entregado",
	"This is the machine generated message from mail service",
	"This is the mail delivery agent at",
	"Unable to deliver message to the following address",
	"Unfortunately, your mail was not delivered to the following address:",
	"Your mail message to the following address",
	"Your message to the following addresses",
	"We're sorry.",
	NULL,
};

static bool x4_is_start(struct lhost_line l)
{
	if (lhost_starts_any(l, x4_starts) >= 0)
		return true;
	/* "He/Her is not ... user", "Hi. ... unable to deliver your message to the following addresses" */
	if (lhost_starts(l, "He/Her is not ") && lhost_has(l, " user"))
		return true;
	return lhost_starts(l, "Hi. ") &&
	       lhost_has(l, " unable to deliver your message to the following addresses");
}

LHOST_MTA_DECODER(x4)
{
	const char *subject = lhost_hdr(v, "subject");

	if (strncmp(subject, "failure notice", 14) != 0 &&
	    strncmp(subject, "Permanent Delivery Failure", 26) != 0 &&
	    !lhost_hdr_any_has(v, "received", " invoked for bounce)"))
		return LHOST_PASS;
	return lhost_qmail_like(v, res, x4_is_start, "X4");
}
