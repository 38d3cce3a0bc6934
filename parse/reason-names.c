/* reason-names.c: the reason vocabulary (Sisimai's names) and the hard-bounce rule. */
#include <string.h>

#include "parse/bounce.h"

static const char reason_names[REASON_COUNT][REASON_NAME_MAX] = {
	[REASON_UNDEFINED] = "undefined",
	[REASON_AUTHFAILURE] = "authfailure",
	[REASON_BADREPUTATION] = "badreputation",
	[REASON_BLOCKED] = "blocked",
	[REASON_CONTENTERROR] = "contenterror",
	[REASON_DELIVERED] = "delivered",
	[REASON_EXCEEDLIMIT] = "exceedlimit",
	[REASON_EXPIRED] = "expired",
	[REASON_FAILEDSTARTTLS] = "failedstarttls",
	[REASON_FEEDBACK] = "feedback",
	[REASON_FILTERED] = "filtered",
	[REASON_HASMOVED] = "hasmoved",
	[REASON_HOSTUNKNOWN] = "hostunknown",
	[REASON_MAILBOXFULL] = "mailboxfull",
	[REASON_MAILERERROR] = "mailererror",
	[REASON_MESGTOOBIG] = "mesgtoobig",
	[REASON_NETWORKERROR] = "networkerror",
	[REASON_NORELAYING] = "norelaying",
	[REASON_NOTACCEPT] = "notaccept",
	[REASON_NOTCOMPLIANTRFC] = "notcompliantrfc",
	[REASON_ONHOLD] = "onhold",
	[REASON_POLICYVIOLATION] = "policyviolation",
	[REASON_REJECTED] = "rejected",
	[REASON_REQUIREPTR] = "requireptr",
	[REASON_SECURITYERROR] = "securityerror",
	[REASON_SPAMDETECTED] = "spamdetected",
	[REASON_SPEEDING] = "speeding",
	[REASON_SUPPRESSED] = "suppressed",
	[REASON_SUSPEND] = "suspend",
	[REASON_SYNTAXERROR] = "syntaxerror",
	[REASON_SYSTEMERROR] = "systemerror",
	[REASON_SYSTEMFULL] = "systemfull",
	[REASON_TOOMANYCONN] = "toomanyconn",
	[REASON_USERUNKNOWN] = "userunknown",
	[REASON_VACATION] = "vacation",
	[REASON_VIRUSDETECTED] = "virusdetected",
};

const char *reason_name(enum reason r)
{
	if ((unsigned)r >= REASON_COUNT || !reason_names[r][0])
		r = REASON_UNDEFINED;
	return reason_names[r];
}

bool reason_from_name(const char *name, enum reason *r_out)
{
	for (int i = 0; i < REASON_COUNT; i++) {
		if (strcmp(reason_names[i], name) == 0) {
			*r_out = (enum reason)i;
			return true;
		}
	}
	return false;
}

bool reason_is_hard(enum reason r, const char *code)
{
	switch (r) {
	case REASON_USERUNKNOWN:
	case REASON_HOSTUNKNOWN:
	case REASON_HASMOVED:
		return true;
	case REASON_NOTACCEPT:
		/* a 4xx / 4.x.x notaccept is a temporary refusal, not a bad address */
		return !code || !code[0] || code[0] == '5';
	default:
		return false;
	}
}

static const char *const kind_names[] = {
	[MSG_NOT_BOUNCE] = "notbounce", [MSG_BOUNCE] = "bounce",       [MSG_AUTOREPLY] = "autoreply",
	[MSG_FEEDBACK] = "feedback",    [MSG_DELIVERED] = "delivered", [MSG_UNREADABLE] = "unreadable",
};

const char *message_kind_name(enum message_kind k)
{
	if ((unsigned)k >= sizeof(kind_names) / sizeof(kind_names[0]))
		return "unknown";
	return kind_names[k];
}
