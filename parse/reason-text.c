/* reason-text.c: text patterns per reason, and the one-pass scanner.
 *
 * The patterns are ported from Sisimai 4.25.15 (lib/Sisimai/Reason/ modules,
 * regular expressions expanded into plain alternatives, [^ ]+ written as
 * '*') and moved or extended for the reasons Sisimai 5 added: authfailure,
 * badreputation, failedstarttls, notcompliantrfc, requireptr, speeding,
 * suppressed. See parse/THIRD-PARTY.md.
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
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "parse/reason-text.h"
#include "util/simd.h"

/* One array per first byte, each sorted by bytes (LC_ALL=C sort): the
 * scanner jumps to the array of a byte, then bisects byte after byte.
 * The first two bytes of a pattern must be literal (no '*').
 * tests/unit/test-parse-reason-text.c checks all of this. */
struct bucket {
	const struct reason_text_row *rows;
	size_t n;
};
#define BUCKET(a) {a, sizeof(a) / sizeof(a[0])}

static const struct reason_text_row rows_blank[] = {
	{" has been replaced by ", REASON_HASMOVED},
	{" is currently suspended", REASON_SUSPEND},
	{" said: 550 blocked", REASON_BLOCKED},
	{" spamz", REASON_SPAMDETECTED},
	{" temporary locked", REASON_SUSPEND},
};

static const struct reason_text_row rows_hash[] = {
	{"#5.1.1 bad address", REASON_USERUNKNOWN},
};

static const struct reason_text_row rows_slash[] = {
	{"//spf.pobox.com", REASON_AUTHFAILURE},
};

static const struct reason_text_row rows_5[] = {
	{"5.1.0 address rejected", REASON_TEXT_NOT_REJECTED},
	{"5.1.0 address rejected.", REASON_USERUNKNOWN},
	{"550 address invalid", REASON_USERUNKNOWN},
	{"553 * does not exist", REASON_HOSTUNKNOWN},
	{"554 5.7.0 reject, id=*", REASON_SPAMDETECTED},
};

static const struct reason_text_row rows_colon[] = {
	{":blocked)", REASON_BLOCKED},
};

static const struct reason_text_row rows_gt[] = {
	{"> not found", REASON_USERUNKNOWN},
	{">... blocked by ", REASON_USERUNKNOWN},
};

static const struct reason_text_row rows_a[] = {
	{"access denied (in reply to mail from command)", REASON_REJECTED},
	{"access denied (sender blacklisted)", REASON_REJECTED},
	{"access denied. ip name lookup failed", REASON_REQUIREPTR},
	{"access from ip address * blocked", REASON_BLOCKED},
	{"account * does not exist at the organization", REASON_USERUNKNOWN},
	{"account disabled", REASON_SUSPEND},
	{"account disabled temporarly for exceeding receiving limits", REASON_MAILBOXFULL},
	{"account does not exist", REASON_USERUNKNOWN},
	{"account has been deactivated", REASON_SUSPEND},
	{"account has been disabled", REASON_SUSPEND},
	{"account inactive", REASON_SUSPEND},
	{"account is deactivated", REASON_SUSPEND},
	{"account is disabled", REASON_SUSPEND},
	{"account is exceeding their quota", REASON_MAILBOXFULL},
	{"account is over quota", REASON_MAILBOXFULL},
	{"account is temporarily over quota", REASON_MAILBOXFULL},
	{"account not subscribed to ses", REASON_SECURITYERROR},
	{"address does not exist", REASON_USERUNKNOWN},
	{"address is suppressed", REASON_SUPPRESSED},
	{"address not present in directory", REASON_USERUNKNOWN},
	{"address rejected", REASON_REJECTED},
	{"address unknown", REASON_USERUNKNOWN},
	{"administrative prohibition", REASON_REJECTED},
	{"adresse d au moins un destinataire invalide. invalid recipient.", REASON_USERUNKNOWN},
	{"aliasing/forwarding loop broken", REASON_SYSTEMERROR},
	{"all available ips are at maximum connection limit", REASON_TOOMANYCONN},
	{"all mail servers must have a ptr record with a valid reverse dns entry", REASON_REQUIREPTR},
	{"an illegal attachment on your message", REASON_POLICYVIOLATION},
	{"anti-spoofing policy", REASON_POLICYVIOLATION},
	{"appears to be unsolicited", REASON_SPAMDETECTED},
	{"archived recipient", REASON_USERUNKNOWN},
	{"as a relay", REASON_NORELAYING},
	{"authenticate with either spf or dkim", REASON_AUTHFAILURE},
	{"authentication checks failed", REASON_AUTHFAILURE},
	{"authentication credentialsinvalid", REASON_SECURITYERROR},
	{"authentication failed; server * said:", REASON_SECURITYERROR},
	{"authentication failure", REASON_SECURITYERROR},
	{"authentication not allowed", REASON_SECURITYERROR},
	{"authentication required", REASON_SECURITYERROR},
	{"authentication turned on in your email client", REASON_SECURITYERROR},
	{"authentification invalide", REASON_SECURITYERROR},
	{"authentification requise", REASON_SECURITYERROR},
};

static const struct reason_text_row rows_b[] = {
	{"backscatter protection detected an invalid or expired email address", REASON_REJECTED},
	{"bad dns ptr resource record", REASON_REQUIREPTR},
	{"bad recipient", REASON_USERUNKNOWN},
	{"bad reputation", REASON_BADREPUTATION},
	{"bad sender ip address", REASON_BLOCKED},
	{"bad spf records for", REASON_AUTHFAILURE},
	{"bad-recipient", REASON_USERUNKNOWN},
	{"bad_recipient", REASON_USERUNKNOWN},
	{"banned sending ip", REASON_BLOCKED},
	{"batv failed to verify", REASON_REJECTED},
	{"batv validation failure", REASON_REJECTED},
	{"because the recipient is not accepting mail with ", REASON_POLICYVIOLATION},
	{"because the recipient is only accepting mail from specific email addresses", REASON_FILTERED},
	{"because the sender isn't on the recipient's list of senders to accept mail from", REASON_REJECTED},
	{"bin/maildrop", REASON_MAILERERROR},
	{"bin/procmail", REASON_MAILERERROR},
	{"blacklisted by", REASON_BLOCKED},
	{"blacklisted url in message", REASON_SPAMDETECTED},
	{"block for spam", REASON_SPAMDETECTED},
	{"blocked - see http://", REASON_BLOCKED},
	{"blocked - see https://", REASON_BLOCKED},
	{"blocked by policy: no spam please", REASON_SPAMDETECTED},
	{"blocked by spamassassin", REASON_SPAMDETECTED},
	{"blocked for abuse. see http://att.net/blocks", REASON_SPAMDETECTED},
	{"blocked using ", REASON_BLOCKED},
	{"bogus mail from", REASON_REJECTED},
	{"boite du destinataire archivee", REASON_SUSPEND},
	{"boite du destinataire pleine", REASON_MAILBOXFULL},
	{"bounced address", REASON_FILTERED},
	{"bulk email", REASON_SPAMDETECTED},
	{"by non-member to a members-only list", REASON_POLICYVIOLATION},
};

static const struct reason_text_row rows_c[] = {
	{"can't accept user", REASON_USERUNKNOWN},
	{"can't create user output file", REASON_SYSTEMERROR},
	{"can't determine purported responsible address", REASON_BLOCKED},
	{"cannot find your hostname", REASON_REQUIREPTR},
	{"cannot resolve your address", REASON_REQUIREPTR},
	{"client host * blocked using", REASON_BLOCKED},
	{"client host rejected: abus detecte gu_eib_02", REASON_BLOCKED},
	{"client host rejected: abus detecte gu_eib_04", REASON_BLOCKED},
	{"client host rejected: cannot find your hostname", REASON_REQUIREPTR},
	{"client host rejected: may not be mail exchanger", REASON_BLOCKED},
	{"client host rejected: was not authenticated", REASON_BLOCKED},
	{"closed mailing list", REASON_POLICYVIOLATION},
	{"command died with status *", REASON_MAILERERROR},
	{"command failed: ", REASON_MAILERERROR},
	{"command output:", REASON_MAILERERROR},
	{"confirm this mail server", REASON_BLOCKED},
	{"connection dropped", REASON_BLOCKED},
	{"connection rate limit exceeded", REASON_TOOMANYCONN},
	{"connection refused by", REASON_BLOCKED},
	{"connection reset by peer", REASON_BLOCKED},
	{"connection timed out", REASON_EXPIRED},
	{"connection was dropped by remote host", REASON_BLOCKED},
	{"connections not accepted from ip addresses on spamhaus xbl", REASON_BLOCKED},
	{"connections not accepted from servers without a valid sender domain", REASON_REQUIREPTR},
	{"connections will not be accepted from *, because the ip is in spamhaus's list", REASON_BLOCKED},
	{"considered unsolicited bulk e-mail (spam) by our mail filters", REASON_SPAMDETECTED},
	{"content filter rejection", REASON_SPAMDETECTED},
	{"could not connect and send the mail to", REASON_NETWORKERROR},
	{"could not find a gateway for", REASON_EXPIRED},
	{"could not load drd for domain", REASON_SYSTEMERROR},
	{"currently sending spam see: ", REASON_BLOCKED},
	{"cyberoam anti spam engine has identified this email as a bulk email", REASON_SPAMDETECTED},
};

static const struct reason_text_row rows_d[] = {
	{"delivery attempts will continue to be", REASON_EXPIRED},
	{"delivery expired", REASON_EXPIRED},
	{"delivery failed: over quota", REASON_MAILBOXFULL},
	{"delivery not authorized, message refused", REASON_REJECTED},
	{"delivery time expired", REASON_EXPIRED},
	{"denied [bouncedeny]", REASON_REJECTED},
	{"denied by policy", REASON_POLICYVIOLATION},
	{"denied by secumail valid-address-filter", REASON_REJECTED},
	{"denied due to spam list", REASON_SPAMDETECTED},
	{"destination addresses were unknown", REASON_USERUNKNOWN},
	{"destination server rejected recipients", REASON_USERUNKNOWN},
	{"disc quota exceeded", REASON_MAILBOXFULL},
	{"dkim = did not pass", REASON_AUTHFAILURE},
	{"dkim check failed", REASON_AUTHFAILURE},
	{"dkim sender invalid", REASON_AUTHFAILURE},
	{"dkim signature verification failed", REASON_AUTHFAILURE},
	{"dkim validation failed", REASON_AUTHFAILURE},
	{"dkim verification failed", REASON_AUTHFAILURE},
	{"dmarc check failed", REASON_AUTHFAILURE},
	{"dmarc policy", REASON_AUTHFAILURE},
	{"dmarc sender invalid", REASON_AUTHFAILURE},
	{"dmarc validation", REASON_AUTHFAILURE},
	{"dmarc verification", REASON_AUTHFAILURE},
	{"dns lookup failure: * try again later", REASON_BLOCKED},
	{"dns records for the destination computer could not be found", REASON_NETWORKERROR},
	{"dnsbl:attrbl", REASON_BLOCKED},
	{"does not accept mail (nullmx)", REASON_NOTACCEPT},
	{"does not exist e2110", REASON_REJECTED},
	{"does not exist.", REASON_USERUNKNOWN},
	{"does not have a ptr record", REASON_REQUIREPTR},
	{"does not have authentication information", REASON_AUTHFAILURE},
	{"does not have enough space", REASON_MAILBOXFULL},
	{"does not pass dmarc", REASON_AUTHFAILURE},
	{"does not support starttls", REASON_FAILEDSTARTTLS},
	{"does not support tls", REASON_FAILEDSTARTTLS},
	{"doesn't receive email according to the administrator", REASON_NOTACCEPT},
	{"domain * is a dead domain", REASON_SECURITYERROR},
	{"domain * mismatches client ip", REASON_REQUIREPTR},
	{"domain does not exist", REASON_HOSTUNKNOWN},
	{"domain does not exist:", REASON_BLOCKED},
	{"domain is not reachable", REASON_HOSTUNKNOWN},
	{"domain must exist", REASON_HOSTUNKNOWN},
	{"domain not found", REASON_HOSTUNKNOWN},
	{"domain of sender address ", REASON_REJECTED},
	{"domain reputation", REASON_BADREPUTATION},
	{"due to extended inactivity new mail is not currently being accepted for this mailbox", REASON_FILTERED},
	{"duplicate header", REASON_NOTCOMPLIANTRFC},
	{"dynamic/zombied/spam ips blocked", REASON_BLOCKED},
};

static const struct reason_text_row rows_e[] = {
	{"email account that you tried to reach is disabled", REASON_SUSPEND},
	{"email account that you tried to reach is inactive", REASON_SUSPEND},
	{"email address could not be found", REASON_USERUNKNOWN},
	{"email address does not exist", REASON_USERUNKNOWN},
	{"email address is on senderfilterconfig list", REASON_REJECTED},
	{"email blocked by *.barracudacentral.org", REASON_BLOCKED},
	{"email blocked by spamhaus", REASON_BLOCKED},
	{"email not accepted for policy reasons", REASON_POLICYVIOLATION},
	{"email rejected due to security policies", REASON_POLICYVIOLATION},
	{"emails per hour", REASON_SPEEDING},
	{"emetteur invalide", REASON_REJECTED},
	{"empty envelope senders not allowed", REASON_REJECTED},
	{"encryption required", REASON_FAILEDSTARTTLS},
	{"envelope blocked – ", REASON_REJECTED},
	{"error: no third-party dsns", REASON_REJECTED},
	{"error: no valid recipients from ", REASON_BLOCKED},
	{"esmtp not accepting connections", REASON_BLOCKED},
	{"exceeded maximum inbound message size", REASON_MESGTOOBIG},
	{"exceeded storage allocation", REASON_MAILBOXFULL},
	{"exceeded the rate limit", REASON_SPEEDING},
	{"exceeding its mailbox quota", REASON_MAILBOXFULL},
	{"exceeds per-domain connection limit for", REASON_TOOMANYCONN},
	{"exceeds quota", REASON_MAILBOXFULL},
	{"executable files are not allowed in compressed files", REASON_SECURITYERROR},
	{"exit *", REASON_MAILERERROR},
	{"extreme bad ip profile", REASON_BLOCKED},
};

static const struct reason_text_row rows_f[] = {
	{"failed dmarc", REASON_AUTHFAILURE},
	{"failed spf", REASON_AUTHFAILURE},
	{"failed to deliver to domain ", REASON_EXPIRED},
	{"fails dmarc", REASON_AUTHFAILURE},
	{"fails spf", REASON_AUTHFAILURE},
	{"fails to pass authentication checks", REASON_AUTHFAILURE},
	{"fix reverse dns for *", REASON_REQUIREPTR},
	{"forward dns entry does not point to the sending ip", REASON_REQUIREPTR},
	{"from: domain is invalid. please provide a valid from:", REASON_REJECTED},
	{"full mailbox", REASON_MAILBOXFULL},
	{"fully qualified email address required", REASON_REJECTED},
};

static const struct reason_text_row rows_g[] = {
	{"giving up on", REASON_EXPIRED},
	{"go away", REASON_BLOCKED},
	{"greylisted. please try again in", REASON_SPAMDETECTED},
	{"greylisted.. please try again in", REASON_SPAMDETECTED},
};

static const struct reason_text_row rows_h[] = {
	{"has a poor reputation", REASON_BADREPUTATION},
	{"has been delayed", REASON_EXPIRED},
	{"has been suppressed", REASON_SUPPRESSED},
	{"has been suspended", REASON_SUSPEND},
	{"has been temporarily rate limited due to ip reputation", REASON_BADREPUTATION},
	{"has exceeded the max emails per hour ", REASON_SPEEDING},
	{"has restricted sms e-mail", REASON_FILTERED},
	{"have been failing for a long time", REASON_EXPIRED},
	{"header are not accepted", REASON_NOTCOMPLIANTRFC},
	{"header error", REASON_POLICYVIOLATION},
	{"header size exceeds maximum permitted", REASON_CONTENTERROR},
	{"helo command rejected:", REASON_BLOCKED},
	{"high probability of spam", REASON_SPAMDETECTED},
	{"hop count exceeded - possible mail loop", REASON_NETWORKERROR},
	{"host * refused to talk to me: * blocked", REASON_BLOCKED},
	{"host does not accept mail", REASON_NOTACCEPT},
	{"host is unreachable", REASON_NETWORKERROR},
	{"host name lookup failure", REASON_NETWORKERROR},
	{"host network not allowed", REASON_BLOCKED},
	{"host not found, try again", REASON_NETWORKERROR},
	{"host or domain name not found", REASON_HOSTUNKNOWN},
	{"host unknown", REASON_HOSTUNKNOWN},
	{"host unreachable", REASON_HOSTUNKNOWN},
	{"host/domain does not accept mail", REASON_NOTACCEPT},
	{"hosts with dynamic ip", REASON_BLOCKED},
	{"http://dsbl.org", REASON_SPAMDETECTED},
	{"http://mail.163.com/help/help_spam_16.htm", REASON_SPAMDETECTED},
	{"http://spf.pobox.com/why.html", REASON_AUTHFAILURE},
	{"http://www.spamcop.net/bl.", REASON_BLOCKED},
	{"http://www.spamhaus.org", REASON_SPAMDETECTED},
	{"https://dsbl.org", REASON_SPAMDETECTED},
	{"https://mail.163.com/help/help_spam_16.htm", REASON_SPAMDETECTED},
	{"https://www.spamhaus.org", REASON_SPAMDETECTED},
};

static const struct reason_text_row rows_i[] = {
	{"i am away on vacation", REASON_VACATION},
	{"i am away until", REASON_VACATION},
	{"i am out of the office", REASON_VACATION},
	{"i will be traveling for work on", REASON_VACATION},
	{"improper use of 8-bit data in message header", REASON_CONTENTERROR},
	{"inactive account", REASON_SUSPEND},
	{"indicated no smtp service", REASON_NOTACCEPT},
	{"insecure mail relay", REASON_SECURITYERROR},
	{"insecure mail relay", REASON_NORELAYING},
	{"internal error reading data", REASON_SYSTEMERROR},
	{"internal server error: operation now in progress", REASON_SYSTEMERROR},
	{"interrupted system call", REASON_SYSTEMERROR},
	{"invalid address", REASON_USERUNKNOWN},
	{"invalid domain, see <url:", REASON_REJECTED},
	{"invalid ip for sending mail of domain", REASON_BLOCKED},
	{"invalid mailbox", REASON_USERUNKNOWN},
	{"invalid mailbox path", REASON_USERUNKNOWN},
	{"invalid mailbox:", REASON_USERUNKNOWN},
	{"invalid recipient", REASON_USERUNKNOWN},
	{"invalid sender", REASON_REJECTED},
	{"invalid/inactive user", REASON_SUSPEND},
	{"ip *.*.*.* is blocked by earthlink", REASON_BLOCKED},
	{"ip name lookup failed", REASON_REQUIREPTR},
	{"ip reputation", REASON_BADREPUTATION},
	{"ip/domain reputation problems", REASON_BADREPUTATION},
	{"ips with missing ptr records", REASON_REQUIREPTR},
	{"is a deactivated mailbox", REASON_SUSPEND},
	{"is in a black list", REASON_BLOCKED},
	{"is in a black list at *.", REASON_BLOCKED},
	{"is in an *rbl on *", REASON_BLOCKED},
	{"is not a known user", REASON_USERUNKNOWN},
	{"is not a registered gateway user", REASON_REJECTED},
	{"is not a valid mailbox", REASON_USERUNKNOWN},
	{"is not accepting any mail", REASON_FILTERED},
	{"is not allowed to send from <*> per it's spf record", REASON_AUTHFAILURE},
	{"is not allowed to send mail from", REASON_AUTHFAILURE},
	{"is not an active address at this host", REASON_USERUNKNOWN},
	{"is not permitted to relay through this server without authentication", REASON_NORELAYING},
	{"is over disk quota", REASON_MAILBOXFULL},
	{"is over quota temporarily", REASON_MAILBOXFULL},
	{"it encountered an error while being processed", REASON_SYSTEMERROR},
	{"it has a potentially executable attachment", REASON_VIRUSDETECTED},
	{"it has not been collected after", REASON_EXPIRED},
	{"it would create a mail loop", REASON_SYSTEMERROR},
};

static const struct reason_text_row rows_l[] = {
	{"likely suspicious due to the very low reputation", REASON_BADREPUTATION},
	{"line limit exceeded", REASON_MESGTOOBIG},
	{"listed in work.drbl.imedia.ru", REASON_SPAMDETECTED},
	{"local configuration error", REASON_SYSTEMERROR},
	{"local error in processing", REASON_SYSTEMERROR},
	{"local policy violation", REASON_POLICYVIOLATION},
	{"loop was found in the mail exchanger", REASON_SYSTEMERROR},
	{"loops back to myself", REASON_SYSTEMERROR},
	{"low reputation", REASON_BADREPUTATION},
};

static const struct reason_text_row rows_m[] = {
	{"mail appears to be unsolicited", REASON_SPAMDETECTED},
	{"mail content denied", REASON_SPAMDETECTED},
	{"mail domain mentioned in email address is unknown", REASON_HOSTUNKNOWN},
	{"mail file size exceeds the maximum size allowed for mail delivery", REASON_MAILBOXFULL},
	{"mail forwarding loop for ", REASON_NETWORKERROR},
	{"mail from *.*.*.* refused:", REASON_BLOCKED},
	{"mail from not owned by user", REASON_REJECTED},
	{"mail quota exceeded", REASON_MAILBOXFULL},
	{"mail rejete. mail rejected. *506", REASON_SPAMDETECTED},
	{"mail sent from your ip address has been temporarily rate limited", REASON_SPEEDING},
	{"mail server at * is blocked", REASON_BLOCKED},
	{"mail server requires authentication when attempting to send to a non-local e-mail address", REASON_NORELAYING},
	{"mail system configuration error", REASON_SYSTEMERROR},
	{"mail system full", REASON_SYSTEMFULL},
	{"mailbox * does not exist", REASON_USERUNKNOWN},
	{"mailbox *@* unavailable", REASON_USERUNKNOWN},
	{"mailbox currently suspended", REASON_SUSPEND},
	{"mailbox disabled", REASON_SUSPEND},
	{"mailbox does not exist", REASON_USERUNKNOWN},
	{"mailbox exceeded the local limit", REASON_MAILBOXFULL},
	{"mailbox full", REASON_MAILBOXFULL},
	{"mailbox has exceeded its disk space limit", REASON_MAILBOXFULL},
	{"mailbox invalid", REASON_USERUNKNOWN},
	{"mailbox is frozen", REASON_SUSPEND},
	{"mailbox is full", REASON_MAILBOXFULL},
	{"mailbox is inactive", REASON_USERUNKNOWN},
	{"mailbox is unavailable", REASON_USERUNKNOWN},
	{"mailbox not found", REASON_USERUNKNOWN},
	{"mailbox not present", REASON_USERUNKNOWN},
	{"mailbox over quota", REASON_MAILBOXFULL},
	{"mailbox quota usage exceeded", REASON_MAILBOXFULL},
	{"mailbox size limit exceeded", REASON_MAILBOXFULL},
	{"mailbox unavailable", REASON_USERUNKNOWN},
	{"mailbox unavailable or access denied", REASON_SUSPEND},
	{"maildir delivery failed: domaindisk quota ", REASON_MAILBOXFULL},
	{"maildir delivery failed: userdisk quota ", REASON_MAILBOXFULL},
	{"maildir over quota", REASON_MAILBOXFULL},
	{"mailer error", REASON_MAILERERROR},
	{"mailfolder is full", REASON_MAILBOXFULL},
	{"malformed name server reply", REASON_NETWORKERROR},
	{"malformed or unexpected name server reply", REASON_NETWORKERROR},
	{"max message size exceeded", REASON_MESGTOOBIG},
	{"maximum forwarding loop count exceeded", REASON_NETWORKERROR},
	{"may consider spam", REASON_SPAMDETECTED},
	{"message bounced due to organizational settings", REASON_POLICYVIOLATION},
	{"message considered as spam or virus", REASON_SPAMDETECTED},
	{"message contains spam or virus", REASON_SPAMDETECTED},
	{"message content rejected", REASON_SPAMDETECTED},
	{"message detected as spam", REASON_SPAMDETECTED},
	{"message expired", REASON_EXPIRED},
	{"message expired after sitting in queue for", REASON_EXPIRED},
	{"message expired, connection refulsed", REASON_EXPIRED},
	{"message file too big", REASON_MESGTOOBIG},
	{"message filtered", REASON_SPAMDETECTED},
	{"message filtered. please see the faqs section on spam", REASON_SPAMDETECTED},
	{"message filtered. refer to the troubleshooting page at ", REASON_SPAMDETECTED},
	{"message from * rejected based on blacklist", REASON_BLOCKED},
	{"message given low priority", REASON_POLICYVIOLATION},
	{"message header size exceeds limit", REASON_EXCEEDLIMIT},
	{"message header size, or recipient list, exceeds policy limit", REASON_CONTENTERROR},
	{"message is being rejected as it seems to be a spam", REASON_SPAMDETECTED},
	{"message length exceeds administrative limit", REASON_MESGTOOBIG},
	{"message looks like spam", REASON_SPAMDETECTED},
	{"message looping", REASON_NETWORKERROR},
	{"message mime complexity exceeds the policy maximum", REASON_CONTENTERROR},
	{"message not accepted for policy reasons", REASON_POLICYVIOLATION},
	{"message probably in a routing loop", REASON_NETWORKERROR},
	{"message rate limit", REASON_SPEEDING},
	{"message refused by mailmarshal spamprofiler", REASON_SPAMDETECTED},
	{"message refused by trustwave seg spamprofiler", REASON_SPAMDETECTED},
	{"message rejected as spam", REASON_SPAMDETECTED},
	{"message rejected because of unacceptable content", REASON_SPAMDETECTED},
	{"message rejected due to local policy", REASON_POLICYVIOLATION},
	{"message rejected due to suspected spam content", REASON_SPAMDETECTED},
	{"message rejected due to user rules", REASON_FILTERED},
	{"message rejected for policy reasons", REASON_SPAMDETECTED},
	{"message rejected: email address is not verified", REASON_REJECTED},
	{"message size exceeds fixed limit", REASON_MESGTOOBIG},
	{"message size exceeds fixed maximum message size", REASON_MESGTOOBIG},
	{"message size exceeds maximum value", REASON_MESGTOOBIG},
	{"message timed out", REASON_EXPIRED},
	{"message too big", REASON_MESGTOOBIG},
	{"message too large", REASON_EXCEEDLIMIT},
	{"message too large for this ", REASON_MESGTOOBIG},
	{"message was rejected for possible spam/virus content", REASON_BLOCKED},
	{"message-id header is missing", REASON_NOTCOMPLIANTRFC},
	{"messages from * temporarily deferred due to user complaints", REASON_BLOCKED},
	{"messages per hour", REASON_SPEEDING},
	{"messages with multiple addresses", REASON_NOTCOMPLIANTRFC},
	{"missing date header", REASON_NOTCOMPLIANTRFC},
	{"missing message-id header", REASON_NOTCOMPLIANTRFC},
	{"missing ptr record", REASON_REQUIREPTR},
	{"multiple addresses in from", REASON_NOTCOMPLIANTRFC},
	{"multiple from headers", REASON_NOTCOMPLIANTRFC},
	{"multiple subject headers", REASON_NOTCOMPLIANTRFC},
	{"must have a reverse dns record", REASON_REQUIREPTR},
	{"must issue a starttls command first", REASON_FAILEDSTARTTLS},
	{"must pass either spf or dkim", REASON_AUTHFAILURE},
	{"mx records for ", REASON_REJECTED},
	{"my name was rejected", REASON_BLOCKED},
};

static const struct reason_text_row rows_n[] = {
	{"name or service not known", REASON_HOSTUNKNOWN},
	{"name server: .: host not found", REASON_NOTACCEPT},
	{"nessun utente simile in questo indirizzo", REASON_USERUNKNOWN},
	{"no  * in name directory", REASON_USERUNKNOWN},
	{"no access from mail server", REASON_BLOCKED},
	{"no account by that name here", REASON_USERUNKNOWN},
	{"no existe dicha persona", REASON_USERUNKNOWN},
	{"no existe ese usuario ", REASON_USERUNKNOWN},
	{"no mail box available for this user", REASON_USERUNKNOWN},
	{"no mailbox by that name is currently available", REASON_USERUNKNOWN},
	{"no mailbox found", REASON_USERUNKNOWN},
	{"no matches to nameserver query", REASON_USERUNKNOWN},
	{"no mx found for domain", REASON_NOTACCEPT},
	{"no mx record found for domain=", REASON_NOTACCEPT},
	{"no ptr record", REASON_REQUIREPTR},
	{"no ptr record found.", REASON_REQUIREPTR},
	{"no rdns", REASON_REQUIREPTR},
	{"no relaying", REASON_NORELAYING},
	{"no reverse dns", REASON_REQUIREPTR},
	{"no route for current request", REASON_NOTACCEPT},
	{"no route to host", REASON_NETWORKERROR},
	{"no such address", REASON_USERUNKNOWN},
	{"no such address here", REASON_USERUNKNOWN},
	{"no such domain", REASON_HOSTUNKNOWN},
	{"no such mailbox", REASON_USERUNKNOWN},
	{"no such person at this address", REASON_USERUNKNOWN},
	{"no such recipient", REASON_USERUNKNOWN},
	{"no such user", REASON_USERUNKNOWN},
	{"no such user here", REASON_USERUNKNOWN},
	{"no thank you rejected: account unavailable:", REASON_USERUNKNOWN},
	{"no valid recipients, bye", REASON_USERUNKNOWN},
	{"non existent user", REASON_USERUNKNOWN},
	{"non-existent user", REASON_USERUNKNOWN},
	{"nonexistent user", REASON_USERUNKNOWN},
	{"not a gateway", REASON_NORELAYING},
	{"not a local address", REASON_USERUNKNOWN},
	{"not a valid recipient", REASON_USERUNKNOWN},
	{"not a valid user here", REASON_USERUNKNOWN},
	{"not allowed to relay through this machine", REASON_NORELAYING},
	{"not an open relay, so get lost", REASON_NORELAYING},
	{"not currently accepting mail from your ip", REASON_BLOCKED},
	{"not email addresses", REASON_USERUNKNOWN},
	{"not enough disk space", REASON_MAILBOXFULL},
	{"not enough storage", REASON_MAILBOXFULL},
	{"not enough storage space in", REASON_MAILBOXFULL},
	{"not found recipient account", REASON_FILTERED},
	{"not local host", REASON_NORELAYING},
	{"not rfc compliant", REASON_NOTCOMPLIANTRFC},
	{"null mx", REASON_NOTACCEPT},
	{"null sender is not allowed", REASON_REJECTED},
};

static const struct reason_text_row rows_o[] = {
	{"on the suppression", REASON_SUPPRESSED},
	{"our email server thinks this email is spam", REASON_SPAMDETECTED},
	{"our filters rate at and above * percent probability of being spam", REASON_SPAMDETECTED},
	{"our system has detected that this message is", REASON_SPAMDETECTED},
	{"over quota", REASON_MAILBOXFULL},
	{"over the allowed quota", REASON_MAILBOXFULL},
};

static const struct reason_text_row rows_p[] = {
	{"part of their network is on our block list", REASON_BLOCKED},
	{"pipe to |/*", REASON_MAILERERROR},
	{"please get a custom reverse dns name from your isp for your host", REASON_REQUIREPTR},
	{"please inspect your spf settings", REASON_AUTHFAILURE},
	{"please try again slower", REASON_SPEEDING},
	{"please use the smtp server of your isp", REASON_BLOCKED},
	{"poor reputation", REASON_BADREPUTATION},
	{"probable spam", REASON_SPAMDETECTED},
	{"procmail: ", REASON_MAILERERROR},
	{"protocol violation", REASON_POLICYVIOLATION},
	{"ptr record", REASON_REQUIREPTR},
	{"ptr record setup", REASON_REQUIREPTR},
};

static const struct reason_text_row rows_q[] = {
	{"queue file write error", REASON_SYSTEMERROR},
	{"quota exceeded", REASON_MAILBOXFULL},
	{"quota violation for", REASON_MAILBOXFULL},
};

static const struct reason_text_row rows_r[] = {
	{"rate limited", REASON_SPEEDING},
	{"rcpt <*> does not exist", REASON_USERUNKNOWN},
	{"rdns", REASON_REQUIREPTR},
	{"receiving mail at a rate that prevents additional messages", REASON_SPEEDING},
	{"recipient * was not found in", REASON_USERUNKNOWN},
	{"recipient account is blocked", REASON_SUSPEND},
	{"recipient address rejected", REASON_TEXT_NOT_REJECTED},
	{"recipient address rejected. (in reply to rcpt to command)", REASON_USERUNKNOWN},
	{"recipient address rejected: access denied", REASON_USERUNKNOWN},
	{"recipient address rejected: access denied", REASON_SECURITYERROR},
	{"recipient address rejected: invalid user", REASON_USERUNKNOWN},
	{"recipient address rejected: invalid-recipient", REASON_USERUNKNOWN},
	{"recipient address rejected: unknown domain name", REASON_HOSTUNKNOWN},
	{"recipient address rejected: unknown user", REASON_USERUNKNOWN},
	{"recipient address rejected: user * does not exist", REASON_USERUNKNOWN},
	{"recipient address rejected: user unknown in * table", REASON_USERUNKNOWN},
	{"recipient addresses rejected : access denied", REASON_REJECTED},
	{"recipient does not exist", REASON_USERUNKNOWN},
	{"recipient does not exist on this system", REASON_USERUNKNOWN},
	{"recipient domain must exist", REASON_HOSTUNKNOWN},
	{"recipient is not local", REASON_USERUNKNOWN},
	{"recipient is suppressed", REASON_SUPPRESSED},
	{"recipient not accepted. (batv: no tag", REASON_REJECTED},
	{"recipient not exist", REASON_USERUNKNOWN},
	{"recipient not found", REASON_USERUNKNOWN},
	{"recipient not ok", REASON_USERUNKNOWN},
	{"recipient reached disk quota", REASON_MAILBOXFULL},
	{"recipient refuses to accept your mail", REASON_USERUNKNOWN},
	{"recipient rejected: mailbox would exceed maximum allowed storage", REASON_MAILBOXFULL},
	{"recipient rejected: temporarily inactive", REASON_SUSPEND},
	{"recipient suspend the service", REASON_SUSPEND},
	{"recipient unknown", REASON_USERUNKNOWN},
	{"refused - see http://", REASON_BLOCKED},
	{"refused - see https://", REASON_BLOCKED},
	{"refused due to recipient preferences", REASON_FILTERED},
	{"reject bulk.advertising", REASON_SPAMDETECTED},
	{"rejected because the sending mta or the sender has not passed validation", REASON_BLOCKED},
	{"rejected by * (spam)", REASON_SPAMDETECTED},
	{"rejected due to a poor email reputation score", REASON_BADREPUTATION},
	{"rejected due to spam classification", REASON_SPAMDETECTED},
	{"rejected due to spam content", REASON_SPAMDETECTED},
	{"rejected due to spam url in classification", REASON_SPAMDETECTED},
	{"rejected due to spam url in content", REASON_SPAMDETECTED},
	{"rejected due to the sending mta's poor reputation", REASON_BADREPUTATION},
	{"rejected for policy reasons", REASON_POLICYVIOLATION},
	{"rejected: spamassassin score ", REASON_SPAMDETECTED},
	{"rejecting banned content", REASON_SPAMDETECTED},
	{"rejecting mail content", REASON_SPAMDETECTED},
	{"rejecting open proxy", REASON_BLOCKED},
	{"related to content with spam-like characteristics", REASON_SPAMDETECTED},
	{"relay access denied", REASON_NORELAYING},
	{"relay denied", REASON_NORELAYING},
	{"relay not allowed", REASON_NORELAYING},
	{"relay not permitted", REASON_NORELAYING},
	{"relaying denied", REASON_NORELAYING},
	{"relaying mail to ", REASON_NORELAYING},
	{"relaying not allowed", REASON_NORELAYING},
	{"remote server is misconfigured", REASON_SYSTEMERROR},
	{"reputation is too low", REASON_BADREPUTATION},
	{"requested action not taken: mailbox unavailable", REASON_USERUNKNOWN},
	{"requested mail action aborted: exceeded storage allocation", REASON_SYSTEMFULL},
	{"requires encryption", REASON_FAILEDSTARTTLS},
	{"requires tls", REASON_FAILEDSTARTTLS},
	{"resolver.adr.recipientnotfound", REASON_USERUNKNOWN},
	{"resolver.rst.notauthorized", REASON_FILTERED},
	{"responded with code nxdomain", REASON_NETWORKERROR},
	{"retry time not reached for any host after a long failure period", REASON_EXPIRED},
	{"retry timeout exceeded", REASON_EXPIRED},
	{"returned mail not accepted here", REASON_REJECTED},
	{"reverse dns", REASON_REQUIREPTR},
	{"reverse dns failed", REASON_REQUIREPTR},
	{"reverse dns lookup for host * failed permanently", REASON_REQUIREPTR},
	{"reverse dns required", REASON_REQUIREPTR},
	{"reverse dns validation failed", REASON_REQUIREPTR},
	{"reverse lookup failed", REASON_REQUIREPTR},
	{"rfc 1035 violation: recursive cname records for", REASON_REJECTED},
	{"rfc 5322 compliant", REASON_NOTCOMPLIANTRFC},
	{"rfc5322 compliant", REASON_NOTCOMPLIANTRFC},
	{"rfcmessagenoncompliant", REASON_NOTCOMPLIANTRFC},
	{"routing loop detected -- too many received: headers", REASON_CONTENTERROR},
	{"rule imposed as * is blacklisted on", REASON_SPAMDETECTED},
	{"rule imposed mailbox access for", REASON_REJECTED},
};

static const struct reason_text_row rows_s[] = {
	{"said: 550 5.1.1 * user unknown ", REASON_USERUNKNOWN},
	{"said: 550-5.1.1 * user unknown ", REASON_USERUNKNOWN},
	{"sender address has been blacklisted", REASON_REJECTED},
	{"sender domain is empty", REASON_REJECTED},
	{"sender domain listed at *", REASON_SPAMDETECTED},
	{"sender email address rejected", REASON_REJECTED},
	{"sender ip address rejected", REASON_TEXT_NOT_REJECTED},
	{"sender ip address rejected", REASON_BLOCKED},
	{"sender ip reverse lookup rejected", REASON_REQUIREPTR},
	{"sender is in my black list", REASON_REJECTED},
	{"sender is spammer", REASON_REJECTED},
	{"sender is unauthenticated", REASON_AUTHFAILURE},
	{"sender not pre-approved", REASON_REJECTED},
	{"sender policy framework", REASON_AUTHFAILURE},
	{"sender rejected", REASON_REJECTED},
	{"sender reputation", REASON_BADREPUTATION},
	{"sender verify failed", REASON_REJECTED},
	{"sender was rejected", REASON_REJECTED},
	{"sending address not accepted due to spam filter", REASON_SPAMDETECTED},
	{"sending rate exceeded", REASON_SPEEDING},
	{"sending rate limit", REASON_SPEEDING},
	{"sending too fast", REASON_SPEEDING},
	{"sent too many messages this hour", REASON_SPEEDING},
	{"server access * forbidden by invalid rdns record of your mail server", REASON_REQUIREPTR},
	{"server access forbidden by your ip ", REASON_BLOCKED},
	{"server configuration error", REASON_SYSTEMERROR},
	{"server did not respond", REASON_EXPIRED},
	{"server ip * listed as abusive", REASON_BLOCKED},
	{"service currently unavailable", REASON_SYSTEMERROR},
	{"service not available, closing transmission channel", REASON_BLOCKED},
	{"service permits * unverifyable sending ips", REASON_REQUIREPTR},
	{"size limit", REASON_MESGTOOBIG},
	{"smtp error from remote mail server after initial connection:", REASON_BLOCKED},
	{"smtp protocol returned a permanent error", REASON_NOTACCEPT},
	{"sorry, badrcptto", REASON_USERUNKNOWN},
	{"sorry, no mailbox here by that name", REASON_USERUNKNOWN},
	{"sorry, that domain isn't in my list of allowed rcpthosts", REASON_BLOCKED},
	{"sorry, that domain isnt in my list of allowed rcpthosts", REASON_BLOCKED},
	{"sorry, user unknown", REASON_USERUNKNOWN},
	{"sorry, you don't authenticate or the domain isn't in my list of allowed rcpthosts", REASON_SECURITYERROR},
	{"sorry, you don't authenticate or the domain isnt in my list of allowed rcpthosts", REASON_SECURITYERROR},
	{"sorry, you dont authenticate or the domain isn't in my list of allowed rcpthosts", REASON_SECURITYERROR},
	{"sorry, you dont authenticate or the domain isnt in my list of allowed rcpthosts", REASON_SECURITYERROR},
	{"sorry, your envelope recipient has been denied", REASON_USERUNKNOWN},
	{"sorry, your remotehost looks suspiciously like spammer", REASON_BLOCKED},
	{"spam * exceeded", REASON_SPAMDETECTED},
	{"spam blocked", REASON_SPAMDETECTED},
	{"spam check", REASON_SPAMDETECTED},
	{"spam content matched", REASON_SPAMDETECTED},
	{"spam detected", REASON_SPAMDETECTED},
	{"spam email", REASON_SPAMDETECTED},
	{"spam email not accepted", REASON_SPAMDETECTED},
	{"spam message rejected.", REASON_SPAMDETECTED},
	{"spam not accepted", REASON_SPAMDETECTED},
	{"spam refused", REASON_SPAMDETECTED},
	{"spam rejection", REASON_SPAMDETECTED},
	{"spam reporting address", REASON_SPAMDETECTED},
	{"spam score ", REASON_SPAMDETECTED},
	{"spambouncer identified spam", REASON_SPAMDETECTED},
	{"spamming not allowed", REASON_SPAMDETECTED},
	{"spf (sender policy framework) domain authentication fail", REASON_AUTHFAILURE},
	{"spf check failed", REASON_AUTHFAILURE},
	{"spf check: fail", REASON_AUTHFAILURE},
	{"spf checks", REASON_AUTHFAILURE},
	{"spf fail", REASON_AUTHFAILURE},
	{"spf record", REASON_BLOCKED},
	{"spf sender invalid", REASON_AUTHFAILURE},
	{"spf validation failed", REASON_AUTHFAILURE},
	{"starttls failed", REASON_FAILEDSTARTTLS},
	{"starttls is required", REASON_FAILEDSTARTTLS},
	{"starttls required", REASON_FAILEDSTARTTLS},
	{"storage limit exceeded", REASON_MAILBOXFULL},
	{"suppression list", REASON_SUPPRESSED},
	{"syntax error: empty email address", REASON_REJECTED},
	{"system config error", REASON_SYSTEMERROR},
};

static const struct reason_text_row rows_t[] = {
	{"taille limite du message atteinte", REASON_MESGTOOBIG},
	{"temporarily deferred due to unexpected volume or user complaints", REASON_BADREPUTATION},
	{"temporary local problem", REASON_SYSTEMERROR},
	{"that domain isn't in my list of allowed rcpthost", REASON_NORELAYING},
	{"that domain or user isn't in my list of allowed rcpthosts", REASON_USERUNKNOWN},
	{"the account or domain may not exist", REASON_HOSTUNKNOWN},
	{"the content of this message looked like spam", REASON_SPAMDETECTED},
	{"the domain * is blacklisted", REASON_BLOCKED},
	{"the email * is blacklisted", REASON_BLOCKED},
	{"the email account that you tried to reach does not exist", REASON_USERUNKNOWN},
	{"the email address used to send your message is not subscribed to this group", REASON_POLICYVIOLATION},
	{"the email message was detected as spam", REASON_SPAMDETECTED},
	{"the following recipients was undeliverable", REASON_USERUNKNOWN},
	{"the ip * is blacklisted", REASON_BLOCKED},
	{"the mail server detected your message as spam and has prevented delivery.", REASON_SPAMDETECTED},
	{"the message has been rejected by batv defense", REASON_REJECTED},
	{"the message has been rejected by spam filtering engine", REASON_SPAMDETECTED},
	{"the message was rejected because it contains prohibited virus or spam content", REASON_VIRUSDETECTED},
	{"the message was rejected by organization policy", REASON_POLICYVIOLATION},
	{"the message was rejected due to classification as bulk mail", REASON_SPAMDETECTED},
	{"the recipient mailbox has exceeded its disk space limit", REASON_MAILBOXFULL},
	{"the user or domain that you are sending to (or from) has a policy that prohibited", REASON_POLICYVIOLATION},
	{"the user you are trying to reach is over quota", REASON_MAILBOXFULL},
	{"the user's email name is not found", REASON_USERUNKNOWN},
	{"the user's space has been used up", REASON_MAILBOXFULL},
	{"there is no one at this address", REASON_USERUNKNOWN},
	{"this account has been disabled or discontinued", REASON_SUSPEND},
	{"this account is protected by", REASON_FILTERED},
	{"this address no longer accepts mail", REASON_USERUNKNOWN},
	{"this e-mail cannot be forwarded because it was detected as spam", REASON_SPAMDETECTED},
	{"this e-mail is classified as spam and is rejected", REASON_SPAMDETECTED},
	{"this email address is wrong or no longer valid", REASON_USERUNKNOWN},
	{"this form of attachment has been used by recent viruses or other malware", REASON_VIRUSDETECTED},
	{"this mail cannot be forwarded because it was detected as spam", REASON_SPAMDETECTED},
	{"this mail is classified as spam and is rejected", REASON_SPAMDETECTED},
	{"this mailbox is disabled", REASON_SUSPEND},
	{"this message appears to be spam", REASON_SPAMDETECTED},
	{"this message contain improperly-formatted binary content", REASON_CONTENTERROR},
	{"this message contain invalid mime headers", REASON_CONTENTERROR},
	{"this message contain text that uses unnecessary base64 encoding", REASON_CONTENTERROR},
	{"this message has been identified as spam", REASON_SPAMDETECTED},
	{"this message has been in the queue too long", REASON_EXPIRED},
	{"this message has been scored as spam with a probability", REASON_SPAMDETECTED},
	{"this message is not rfc 5322 compliant", REASON_NOTCOMPLIANTRFC},
	{"this message scored * spam points", REASON_SPAMDETECTED},
	{"this message was blocked because its content presents a potential", REASON_POLICYVIOLATION},
	{"this message was classified as spam", REASON_SPAMDETECTED},
	{"this message was rejected by recurrent pattern detection system", REASON_SPAMDETECTED},
	{"this recipient is in my badrecipientto list", REASON_USERUNKNOWN},
	{"this recipient is not in my validrcptto list", REASON_USERUNKNOWN},
	{"this server does not accept mail from", REASON_REJECTED},
	{"this spectator does not exist", REASON_USERUNKNOWN},
	{"this system is not configured to relay mail", REASON_NORELAYING},
	{"this system will not accept messages from servers/devices with no reverse dns", REASON_REQUIREPTR},
	{"this user doesn't have a * account", REASON_USERUNKNOWN},
	{"this user doesnt have a * account", REASON_USERUNKNOWN},
	{"throttling failure: daily message quota exceeded", REASON_SPEEDING},
	{"throttling failure: maximum sending rate exceeded", REASON_SPEEDING},
	{"timeout waiting for input", REASON_SYSTEMERROR},
	{"tls handshake failed", REASON_FAILEDSTARTTLS},
	{"tls is required", REASON_FAILEDSTARTTLS},
	{"tls negotiation failed", REASON_FAILEDSTARTTLS},
	{"tls required", REASON_FAILEDSTARTTLS},
	{"tls required but not supported", REASON_FAILEDSTARTTLS},
	{"to submit messages to this e-mail system has been rejected", REASON_BLOCKED},
	{"too many concurrent smtp connections", REASON_TOOMANYCONN},
	{"too many connections", REASON_TOOMANYCONN},
	{"too many connections from your host.", REASON_TOOMANYCONN},
	{"too many errors from your ip", REASON_TOOMANYCONN},
	{"too many hops", REASON_NETWORKERROR},
	{"too many messages this hour", REASON_SPEEDING},
	{"too many recipients", REASON_TOOMANYCONN},
	{"too many recipients this hour", REASON_SPEEDING},
	{"too many smtp sessions for this host", REASON_TOOMANYCONN},
	{"too many spams from your ip", REASON_BLOCKED},
	{"too many unwanted messages have been sent from the following ip address above", REASON_BLOCKED},
	{"too much mail data", REASON_MAILBOXFULL},
	{"too much spam.", REASON_SPAMDETECTED},
	{"transaction failed", REASON_SYSTEMERROR},
	{"transaction failed spam message not queued", REASON_SPAMDETECTED},
	{"transaction failed unsigned dsn for", REASON_REJECTED},
	{"trop de connexions, ", REASON_TOOMANYCONN},
	{"turn on smtp authentication", REASON_SECURITYERROR},
};

static const struct reason_text_row rows_u[] = {
	{"unable to contact ldap server", REASON_SYSTEMERROR},
	{"unable to deliver message after multiple retries", REASON_EXPIRED},
	{"unable to relay for", REASON_NORELAYING},
	{"unable to resolve route ", REASON_NETWORKERROR},
	{"unauthenticated email", REASON_AUTHFAILURE},
	{"unauthenticated senders not allowed", REASON_SECURITYERROR},
	{"unknown domain", REASON_HOSTUNKNOWN},
	{"unknown e-mail address", REASON_USERUNKNOWN},
	{"unknown email address", REASON_USERUNKNOWN},
	{"unknown host", REASON_HOSTUNKNOWN},
	{"unknown local part", REASON_USERUNKNOWN},
	{"unknown local-part", REASON_USERUNKNOWN},
	{"unknown mailbox", REASON_USERUNKNOWN},
	{"unknown or illegal user", REASON_USERUNKNOWN},
	{"unknown recipient", REASON_USERUNKNOWN},
	{"unknown user", REASON_USERUNKNOWN},
	{"unresolvable relay host name", REASON_REQUIREPTR},
	{"unroutable address", REASON_HOSTUNKNOWN},
	{"unroutable sender address", REASON_REJECTED},
	{"unrouteable address", REASON_HOSTUNKNOWN},
	{"unrouteable mail domain", REASON_NETWORKERROR},
	{"user * does not exist", REASON_USERUNKNOWN},
	{"user * is not authorized to perform ses:sendrawemail on resource", REASON_SECURITYERROR},
	{"user * was not found", REASON_USERUNKNOWN},
	{"user does not exist", REASON_USERUNKNOWN},
	{"user doesn't exist", REASON_USERUNKNOWN},
	{"user has exceeded quota, bouncing mail", REASON_MAILBOXFULL},
	{"user has too many messages on the server", REASON_MAILBOXFULL},
	{"user is over quota", REASON_MAILBOXFULL},
	{"user is over the quota", REASON_MAILBOXFULL},
	{"user missing home directory", REASON_USERUNKNOWN},
	{"user not active", REASON_USERUNKNOWN},
	{"user not exist", REASON_USERUNKNOWN},
	{"user not found", REASON_FILTERED},
	{"user not found", REASON_USERUNKNOWN},
	{"user not known", REASON_USERUNKNOWN},
	{"user over quota", REASON_MAILBOXFULL},
	{"user over quota. (#5.1.1)", REASON_MAILBOXFULL},
	{"user reject", REASON_FILTERED},
	{"user suspended", REASON_SUSPEND},
	{"user unknown", REASON_USERUNKNOWN},
	{"utilisateur inconnu !", REASON_USERUNKNOWN},
};

static const struct reason_text_row rows_v[] = {
	{"vdeliver: invalid or unknown virtual user", REASON_USERUNKNOWN},
	{"vdelivermail: account is locked email bounced", REASON_SUSPEND},
	{"verification failure", REASON_SECURITYERROR},
	{"veuillez essayer plus tard. service refused, please try later. *103", REASON_BLOCKED},
	{"veuillez essayer plus tard. service refused, please try later. *510", REASON_BLOCKED},
	{"virus detected", REASON_VIRUSDETECTED},
};

static const struct reason_text_row rows_w[] = {
	{"was automatically rejected: quota exceeded", REASON_MAILBOXFULL},
	{"was blocked by *", REASON_BLOCKED},
	{"was not reachable within the allowed queue period", REASON_EXPIRED},
	{"wasn't able to establish an smtp connection", REASON_NETWORKERROR},
	{"we do not accept mail from dynamic ips", REASON_BLOCKED},
	{"we do not accept mail from hosts with dynamic ip or generic dns ptr-records", REASON_REQUIREPTR},
	{"we do not accept messages containing images or other attachments", REASON_POLICYVIOLATION},
	{"we don't handle mail for", REASON_NORELAYING},
	{"we dont accept spam", REASON_SPAMDETECTED},
	{"we failed to deliver mail because the following address recipient id refuse to receive mail", REASON_FILTERED},
	{"we have already made numerous attempts to deliver this message", REASON_TOOMANYCONN},
	{"would be over the allowed quota", REASON_MAILBOXFULL},
};

static const struct reason_text_row rows_x[] = {
	{"x-unix; *", REASON_MAILERERROR},
};

static const struct reason_text_row rows_y[] = {
	{"you are not allowed to connect", REASON_BLOCKED},
	{"you are not allowed to post to this mailing list", REASON_REJECTED},
	{"you are not authorized to send mail, authentication is required", REASON_SECURITYERROR},
	{"you are sending spam", REASON_BLOCKED},
	{"you are sending to/from an address that has been blacklisted", REASON_REJECTED},
	{"you have been blocked by the recipient", REASON_FILTERED},
	{"you have exceeded the allowable number of posts without solving a captcha", REASON_POLICYVIOLATION},
	{"you have exceeded the the allowable number of posts without solving a captcha", REASON_POLICYVIOLATION},
	{"you're using a mass mailer", REASON_SPAMDETECTED},
	{"your access to submit messages to this e-mail system has been rejected", REASON_REJECTED},
	{"your email address has been blacklisted", REASON_BLOCKED},
	{"your email appears similar to spam we have received before", REASON_SPAMDETECTED},
	{"your email breaches local uribl policy", REASON_SPAMDETECTED},
	{"your email had spam-like ", REASON_SPAMDETECTED},
	{"your email is considered spam", REASON_SPAMDETECTED},
	{"your email is probably spam", REASON_SPAMDETECTED},
	{"your email was detected as spam", REASON_SPAMDETECTED},
	{"your envelope recipient is in my badrcptto list", REASON_USERUNKNOWN},
	{"your message as spam and has prevented delivery", REASON_SPAMDETECTED},
	{"your message could not be delivered for more than", REASON_EXPIRED},
	{"your message failed several antispam checks", REASON_SPAMDETECTED},
	{"your message has been rejected because it appears to be spam", REASON_SPAMDETECTED},
	{"your message has been temporarily blocked by our filter", REASON_SPAMDETECTED},
	{"your message has triggered a spam block", REASON_SPAMDETECTED},
	{"your message may contain the spam contents", REASON_SPAMDETECTED},
	{"your message was infected with a virus", REASON_VIRUSDETECTED},
	{"your network is temporary blacklisted", REASON_BLOCKED},
	{"your sender's ip address is listed at *.abuseat.org", REASON_BLOCKED},
	{"your server requires confirmation", REASON_BLOCKED},
};

static const struct bucket buckets[256] = {
	[' '] = BUCKET(rows_blank),
	['#'] = BUCKET(rows_hash),
	['/'] = BUCKET(rows_slash),
	['5'] = BUCKET(rows_5),
	[':'] = BUCKET(rows_colon),
	['>'] = BUCKET(rows_gt),
	['a'] = BUCKET(rows_a),
	['b'] = BUCKET(rows_b),
	['c'] = BUCKET(rows_c),
	['d'] = BUCKET(rows_d),
	['e'] = BUCKET(rows_e),
	['f'] = BUCKET(rows_f),
	['g'] = BUCKET(rows_g),
	['h'] = BUCKET(rows_h),
	['i'] = BUCKET(rows_i),
	['l'] = BUCKET(rows_l),
	['m'] = BUCKET(rows_m),
	['n'] = BUCKET(rows_n),
	['o'] = BUCKET(rows_o),
	['p'] = BUCKET(rows_p),
	['q'] = BUCKET(rows_q),
	['r'] = BUCKET(rows_r),
	['s'] = BUCKET(rows_s),
	['t'] = BUCKET(rows_t),
	['u'] = BUCKET(rows_u),
	['v'] = BUCKET(rows_v),
	['w'] = BUCKET(rows_w),
	['x'] = BUCKET(rows_x),
	['y'] = BUCKET(rows_y),
};

const struct reason_text_row *reason_text_bucket(unsigned char c, size_t *n_out)
{
	*n_out = buckets[c].n;
	return buckets[c].rows;
}

/* Steps one match may take: a text built to make the '*'s backtrack (a
 * long run of dots after "ip ") gives up instead of taking seconds. */
#define MATCH_BUDGET 4096

static bool match(const char *s, size_t n, const char *p, unsigned *budget)
{
	size_t i = 0;

	while (*p) {
		if ((*budget)-- == 0)
			return false;
		if (*p != '*') {
			if (i >= n || s[i] != *p)
				return false;
			i++;
			p++;
			continue;
		}
		/* '*': one or more non-blank bytes; try the shortest first */
		p++;
		const char *blank = memchr(s + i, ' ', n - i);
		size_t end = blank ? (size_t)(blank - s) : n;
		if (end == i)
			return false;
		if (!*p)
			return true;
		if (*p == '*') {
			for (size_t j = i + 1; j <= end && *budget > 0; j++)
				if (match(s + j, n - j, p, budget))
					return true;
			return false;
		}
		/* a blank after the '*' ("user * does not exist"): the only
		 * place is the blank that ends the word (or none); the loop
		 * below would find it, and take the same steps */
		if (*p == ' ') {
			size_t at = end < n ? end : end + 1;

			if (*budget == 0)
				return false;
			if (at - (i + 1) >= *budget) {
				*budget = 0;
				return false;
			}
			*budget -= (unsigned)(at - (i + 1));
			return at <= end && match(s + at, n - at, p, budget);
		}
		/* only the places of the literal byte after the '*' (up to and
		 * with the blank) are tried; each other place would fail at its
		 * first step, and costs that step from the budget here */
		for (size_t j = i + 1; j <= end && *budget > 0; j++) {
			size_t lim = end < n ? end + 1 : n;
			const char *q = j < lim ? memchr(s + j, *p, lim - j) : NULL;
			size_t at = q ? (size_t)(q - s) : end + 1;

			if (at - j >= *budget) {
				*budget = 0;
				return false;
			}
			*budget -= (unsigned)(at - j);
			j = at;
			if (j > end)
				return false;
			if (match(s + j, n - j, p, budget))
				return true;
		}
		return false;
	}
	return true;
}

bool reason_text_match_at(const char *s, size_t n, const char *pattern)
{
	unsigned budget = MATCH_BUDGET;

	return match(s, n, pattern, &budget);
}

/* The first blank in s[e..n), or n: sixteen bytes a compare while the
 * text has them (the words a '*' stands for are host names and addresses,
 * often twenty bytes or more: byte by byte, that loop was the walk's
 * costliest). */
static inline size_t scan_word_end(const char *s, size_t n, size_t e)
{
#ifdef __SSE2__
	for (; e + 16 <= n; e += 16) {
		__m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + e));
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(b, _mm_set1_epi8(' ')));

		if (m)
			return e + (size_t)__builtin_ctz(m);
	}
#endif
	while (e < n && s[e] != ' ')
		e++;
	return e;
}

/* reason_text_match_at() with the j literal bytes before the first '*'
 * (none for a '*' row) compared here, without a call: each takes a step
 * from the budget, and there are fewer of them than MATCH_BUDGET steps. */
/* match() of what is left after match_run()'s literal bytes, with the
 * steps they took off the budget: a call of its own, so that no local of
 * scan_at(), into which match_run() is inlined, has its address taken
 * (the stack protector then guarded every call of the walk). */
static __attribute__((noinline)) bool match_rest(const char *s, size_t n, const char *p, unsigned budget)
{
	return match(s, n, p, &budget);
}

static inline bool match_run(const char *s, size_t n, const char *p, size_t j)
{
	/* longer than the text, or unlike it, it fails as the byte walk would */
	size_t i = 0;

	if (j > n)
		return false;
	/* eight bytes a step while eight are left in the run (both sides
	 * have them: the text's n, the pattern's literal bytes) */
	for (; i + 8 <= j; i += 8)
		if (memcmp(s + i, p + i, 8) != 0)
			return false;
	for (; i < j; i++)
		if (s[i] != p[i])
			return false;
	if (!p[j])
		return true;
	/* "* x": the word at j, then a blank and x, or no match (as match()
	 * finds, after a call and a memchr() call): most rows with a '*' that
	 * get this far fail so, on the byte after the word */
	if (p[j] == '*' && p[j + 1] == ' ' && p[j + 2] && p[j + 2] != '*') {
		size_t e = scan_word_end(s, n, j);

		if (e == j || e + 1 >= n || s[e + 1] != p[j + 2])
			return false;
	}
	return match_rest(s + j, n - j, p + j, MATCH_BUDGET - (unsigned)j);
}

static void record(const struct reason_text_row *row, struct reason_text_hits *hits)
{
	if (reason_text_has(hits, row->reason))
		return;
	hits->mask |= (uint64_t)1 << row->reason;
	hits->pattern[row->reason] = row->pattern;
}

/* Every pattern of the bucket that matches at s: walk down the sorted rows
 * one byte at a time, as in a trie, whose nodes reason-text-prefix.c has
 * (see reason-text.h): each byte of the text picks the next node. */
static __attribute__((noinline)) void scan_at(const char *s, size_t n, const struct reason_text_row *rows,
					      unsigned node, struct reason_text_hits *hits)
{
	for (;;) {
		const struct reason_text_node *nd = &reason_text_nodes[node];
		size_t k = nd->k;

		if (nd->whole) { /* few left: compare them whole */
			for (size_t r = nd->lo; r < nd->hi; r++) {
				/* rows[r].pattern[k], without reading the row */
				unsigned char pc = reason_text_first[nd->child + (r - nd->lo)];

				/* a literal byte that differs fails at once: no call;
				 * nor for a reason found already (record() keeps the
				 * first pattern only) */
				if (pc && pc != '*' && (k >= n || (unsigned char)s[k] != pc))
					continue;
				if (reason_text_has(hits, rows[r].reason))
					continue;
				if (match_run(s + k, n - k, rows[r].pattern + k, reason_text_lit[nd->child + (r - nd->lo)]))
					record(&rows[r], hits);
			}
			return;
		}
		/* a stretch that all the rows share, literal: the text has it,
		 * or no row matches */
		size_t k2 = nd->k2;
		if (k2 > k) {
			const char *pa = reason_text_stretch + nd->str; /* rows[nd->lo].pattern + k */

			if (k2 > n)
				return;
			if (k2 - k <= 8 && n - k >= 8) {
				/* one compare of eight bytes, masked to the stretch,
				 * not a loop whose exit natively mispredicted (the
				 * pool is padded, the text has the eight bytes) */
				uint64_t d = reason_text_load(s + k, 8) ^ reason_text_load(pa, 8);

				if (k2 - k < 8)
					d &= ((uint64_t)1 << (8 * (k2 - k))) - 1;
				if (d)
					return;
				k = k2;
			}
			for (; k < k2; k++, pa++)
				if (s[k] != *pa)
					return;
		}
		/* patterns that end here sort first; then the '*' rows */
		for (size_t r = nd->lo; r < nd->end; r++)
			record(&rows[r], hits);
		for (size_t r = nd->star_lo; r < nd->star_hi; r++)
			if (!reason_text_has(hits, rows[r].reason) && match_run(s + k, n - k, rows[r].pattern + k, 0))
				record(&rows[r], hits);
		if (k >= n)
			return;
		/* the rows that go on with the text's byte */
		const unsigned char *nb = reason_text_next_byte + nd->child;
		unsigned char c = (unsigned char)s[k];
		size_t j = 0;

#ifdef __SSE2__
		/* up to sixteen children in one compare, not a loop whose exit
		 * natively mispredicted on most nodes (the array is padded) */
		if (nd->nchild <= 16) {
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)nb);
			unsigned mm = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)c))) &
				      ((1u << nd->nchild) - 1u);

			if (!mm)
				return;
			j = (size_t)__builtin_ctz(mm);
		} else
#endif
		{
			while (j < nd->nchild && nb[j] != c)
				j++;
			if (j == nd->nchild)
				return;
		}
		node = reason_text_next[nd->child + j];
	}
}

/* The bytes of words, inside which no pattern starts (the text is
 * lower-cased already). */
static const bool scan_word[256] = {
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
	['8'] = 1, ['9'] = 1, ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
	['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1,
	['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1,
	['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
};

_Static_assert(REASON_TEXT_HEAD == 8 && REASON_TEXT_HEAD2 == 12, "the head hashes read 8 and 8 + 4 bytes");

/* The first three bytes at text[at] (at + 3 <= len) as
 * reason_text_prefix3() has them: one load of four where the text has a
 * fourth byte, not three loads and two shifts at each place. */
static inline uint32_t scan_prefix_at(const char *text, size_t len, size_t at)
{
	if (at + 4 <= len)
		return (uint32_t)reason_text_load(text + at, 4) & UINT32_C(0xFFFFFF);
	return reason_text_prefix3((unsigned char)text[at], (unsigned char)text[at + 1], (unsigned char)text[at + 2]);
}

/* Try the patterns at text[i] (a word start, or a byte that is not a
 * word's) that the three-byte filter let through: the usual answer at a
 * word, that no pattern begins with its bytes, costs the caller one bit
 * test. The walk itself (scan_at) stays a call of its own, made by few. */
static inline __attribute__((always_inline)) void scan_try(const char *text, size_t len, size_t i,
							    uint32_t x, struct reason_text_hits *hits)
{
	const struct reason_text_start *st;

	/* a prefix not in the open filter is headed, or none: the head
	 * filter first, and the slot only for the few it lets through */
	if (!reason_text_open_may_x(x) && (len - i < REASON_TEXT_HEAD || !reason_text_head_may(text + i)))
		return;
	st = reason_text_start_find_x(x);
	if (!st)
		return;
	/* the rows all need eight (or twelve) literal bytes, which the text
	 * may not have, or not have that many left */
	if (st->headed && (len - i < REASON_TEXT_HEAD || !reason_text_head_may(text + i)))
		return;
	if (st->headed == 2 && (len - i < REASON_TEXT_HEAD2 || !reason_text_head2_may(text + i)))
		return;
	scan_at(text + i, len - i, buckets[(unsigned char)text[i]].rows, st->node, hits);
}

#ifdef __SSE2__
/* The places of the 16 bytes at b that reason_text_scan() tries, bit o
 * for b[o - 1]: word starts (a word byte after no word byte: word_before
 * says whether the byte before b is one), the other bytes a pattern may
 * begin with but the blank, and a blank (blank_before: the byte before b
 * is one) before an h, i, s or t. *mw_r and *ms_r get the block's word and
 * blank masks, for the next block's word_before and blank_before. */
static inline uint32_t scan_block_places(__m128i b, unsigned word_before, unsigned blank_before,
					 unsigned *mw_r, unsigned *ms_r)
{
	const __m128i d0 = _mm_set1_epi8('0' - 1), d9 = _mm_set1_epi8('9' + 1);
	const __m128i la = _mm_set1_epi8('a' - 1), lz = _mm_set1_epi8('z' + 1);
	/* signed compares: bytes from 128 are below '0' and 'a' */
	__m128i w = _mm_or_si128(_mm_and_si128(_mm_cmpgt_epi8(b, d0), _mm_cmplt_epi8(b, d9)),
				 _mm_and_si128(_mm_cmpgt_epi8(b, la), _mm_cmplt_epi8(b, lz)));
	__m128i st = _mm_or_si128(
		_mm_or_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8('#')), _mm_cmpeq_epi8(b, _mm_set1_epi8('/'))),
		_mm_or_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8(':')), _mm_cmpeq_epi8(b, _mm_set1_epi8('>'))));
	__m128i hist = _mm_or_si128(
		_mm_or_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8('h')), _mm_cmpeq_epi8(b, _mm_set1_epi8('i'))),
		_mm_or_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8('s')), _mm_cmpeq_epi8(b, _mm_set1_epi8('t'))));
	unsigned mw = (unsigned)_mm_movemask_epi8(w);
	unsigned ms = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(b, _mm_set1_epi8(' ')));
	unsigned m = ((mw & ~((mw << 1) | word_before)) | (unsigned)_mm_movemask_epi8(st)) & 0xFFFFu;
	/* bit j: a blank at j - 1 before an h, i, s or t at j */
	unsigned bl = ((ms << 1) | blank_before) & (unsigned)_mm_movemask_epi8(hist);

	*mw_r = mw;
	*ms_r = ms;
	return (m << 1) | bl;
}

/* Try the places of c (bit o: text[base + o]) in order; false once they
 * reach the text's last two bytes, where no pattern fits. */
static __attribute__((noinline)) bool scan_places_end(const char *text, size_t len, size_t base, uint64_t c,
						      struct reason_text_hits *hits)
{
	for (; c; c &= c - 1) {
		size_t at = base + (size_t)__builtin_ctzll(c);
		uint32_t x;

		if (at + 2 >= len)
			return false;
		x = scan_prefix_at(text, len, at);
		if (reason_text_prefix_may_x(x))
			scan_try(text, len, at, x, hits);
	}
	return true;
}

/* scan_places_end(), inline for the blocks of width bytes (16 or 32; c
 * has bits 0-width) where the text has four bytes at every place: each
 * block but the last ones, whose places need no test for the end. */
static inline __attribute__((always_inline)) bool scan_places(const char *text, size_t len, size_t base,
							       uint64_t c, size_t width,
							       struct reason_text_hits *hits)
{
	if (base + width + 4 > len)
		return scan_places_end(text, len, base, c, hits);
	for (; c; c &= c - 1) {
		size_t at = base + (size_t)__builtin_ctzll(c);
		uint32_t x = (uint32_t)reason_text_load(text + at, 4) & UINT32_C(0xFFFFFF);

		if (reason_text_prefix_may_x(x))
			scan_try(text, len, at, x, hits);
	}
	return true;
}
#endif

#ifdef SIMD_HAVE_AVX2
/* scan_block_places() for the 32 bytes at b (bit o of the result for
 * b[o - 1], 33 bits), the bytes told apart by their two halves: a table
 * lookup (vpshufb) of each half gives the classes whose bytes have that
 * half, and a byte is in the classes both lookups give. Each class is a
 * set of low halves times a set of high halves: bit 0 the digits, 1 and 2
 * the letters a-o and p-z, 3 '#' '/', 4 ':' '>', 5 'h' 'i', 6 's' 't',
 * 7 the blank; bytes from 128 have none (their high half looks up 0).
 * Sixteen vector steps for 32 bytes, against about 48 in two SSE2 blocks;
 * test-parse-reason-text checks that the result is the SSE2 one. The
 * classes follow REASON_TEXT_STARTERS and REASON_TEXT_BLANK_NEXT, as
 * scan_block_places()' compares do. */
_Static_assert(REASON_TEXT_BLANK_NEXT == ((1u << ('h' - 'a')) | (1u << ('i' - 'a')) | (1u << ('s' - 'a')) |
					  (1u << ('t' - 'a'))),
	       "the letters after a blank are classes 5 and 6 below");
static SIMD_AVX2_FN inline __attribute__((always_inline)) uint64_t
scan_block32_places(__m256i b, uint32_t word_before, uint32_t blank_before, uint32_t *mw_r, uint32_t *ms_r)
{
	const __m256i lo_classes = _mm256_setr_epi8(
		(char)0x85, 0x07, 0x07, 0x4f, 0x47, 0x07, 0x07, 0x07, 0x27, 0x27, 0x16, 0x02, 0x02, 0x02, 0x12, 0x0a,
		(char)0x85, 0x07, 0x07, 0x4f, 0x47, 0x07, 0x07, 0x07, 0x27, 0x27, 0x16, 0x02, 0x02, 0x02, 0x12, 0x0a);
	const __m256i hi_classes = _mm256_setr_epi8(
		0, 0, (char)0x88, 0x11, 0, 0, 0x22, 0x44, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, (char)0x88, 0x11, 0, 0, 0x22, 0x44, 0, 0, 0, 0, 0, 0, 0, 0);
	const __m256i nib = _mm256_set1_epi8(0x0f), zero = _mm256_setzero_si256();
	__m256i c = _mm256_and_si256(_mm256_shuffle_epi8(lo_classes, _mm256_and_si256(b, nib)),
				     _mm256_shuffle_epi8(hi_classes, _mm256_and_si256(_mm256_srli_epi16(b, 4), nib)));
	uint32_t mw = ~(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_and_si256(c, _mm256_set1_epi8(0x07)), zero));
	uint32_t mst = ~(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_and_si256(c, _mm256_set1_epi8(0x18)), zero));
	uint32_t mh = ~(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_and_si256(c, _mm256_set1_epi8(0x60)), zero));
	uint32_t ms = (uint32_t)_mm256_movemask_epi8(c);
	uint64_t m = (uint64_t)((mw & ~((mw << 1) | word_before)) | mst);
	/* bit j: a blank at j - 1 before an h, i, s or t at j */
	uint64_t bl = ((uint64_t)ms << 1 | blank_before) & mh;

	*mw_r = mw;
	*ms_r = ms;
	return m << 1 | bl;
}

/* reason_text_scan()'s SSE2 loop 32 bytes a step, for len >= 32: the
 * same places, tried in the same order. */
static SIMD_AVX2_FN void scan_avx2(const char *text, size_t len, struct reason_text_hits *hits)
{
	uint32_t carry = 0, carry_sp = 0; /* bit 0: the byte before the block is a word byte, a blank */
	size_t i = 0;

	for (; i + 32 <= len; i += 32) {
		uint32_t mw, ms;
		uint64_t places = scan_block32_places(_mm256_loadu_si256((const __m256i *)(const void *)(text + i)),
						      carry, carry_sp, &mw, &ms);

		carry = mw >> 31;
		carry_sp = ms >> 31;
		if (!scan_places(text, len, i - 1, places, 32, hits))
			return;
	}
	/* a blank that ends the blocks is tried with the bytes left */
	if (text[i - 1] == ' ')
		i--;
	/* the bytes left, as the last 32 of the text (len >= i + 3 > 33
	 * here), the places before i off */
	if (i + 2 < len) {
		size_t w = len - 32;
		uint32_t mw, ms;
		uint64_t c = scan_block32_places(_mm256_loadu_si256((const __m256i *)(const void *)(text + w)),
						 scan_word[(unsigned char)text[w - 1]], text[w - 1] == ' ', &mw, &ms) &
			     (~UINT64_C(0) << (i + 1 - w));

		scan_places_end(text, len, w - 1, c, hits);
	}
}
#endif

void reason_text_scan(const char *text, size_t len, struct reason_text_hits *hits)
{
	reason_text_scan_v(text, len, hits, simd_avx2());
}

void reason_text_scan_v(const char *text, size_t len, struct reason_text_hits *hits, bool avx2)
{
	bool prev = false; /* text[i - 1] is a word byte */
	size_t i = 0;

	hits->mask = 0; /* pattern[r] is set with bit r: no memset of it */
	if (len < 3) /* every pattern has three bytes or more */
		return;
	(void)avx2;
#ifdef SIMD_HAVE_AVX2
	if (avx2 && len >= 32) {
		scan_avx2(text, len, hits);
		return;
	}
#endif
#ifdef __SSE2__
	{
		/* sixteen bytes per step: the word bytes as a bit mask, shifted
		 * by one for "the byte before is one too"; the positions left
		 * (starts of words, and the other bytes a pattern may begin
		 * with: REASON_TEXT_STARTERS but the blank) are tried in order.
		 * A blank is tried only before a word that starts with a letter
		 * its patterns go on with (h, i, s, t: reason_text_blank_may),
		 * just before that word. Both kinds are in one mask, bit o for
		 * text[i - 1 + o] (a blank may end the block before): a blank's
		 * test is no branch of its own per word (natively the scan's
		 * most mispredicted one). */
		unsigned carry = 0;    /* bit 0: the byte before the block is a word byte */
		unsigned carry_sp = 0; /* bit 0: it is a blank */

		_Static_assert(REASON_TEXT_BLANK_NEXT == ((1u << ('h' - 'a')) | (1u << ('i' - 'a')) |
							  (1u << ('s' - 'a')) | (1u << ('t' - 'a'))),
			       "the letters after a blank are compared as h, i, s, t below");
		for (; i + 16 <= len; i += 16) {
			unsigned mw, ms;
			uint32_t places = scan_block_places(_mm_loadu_si128((const __m128i *)(const void *)(text + i)),
							    carry, carry_sp, &mw, &ms);

			carry = mw >> 15;
			carry_sp = ms >> 15;
			if (!scan_places(text, len, i - 1, places, 16, hits))
				return;
		}
		prev = carry != 0;
		/* a blank that ends the blocks is tried below, as every byte there */
		if (i > 0 && text[i - 1] == ' ') {
			i--;
			prev = false;
		}
		/* the bytes left, fewer than sixteen, as the last sixteen of the
		 * text: the same masks, from the bytes before them too, the
		 * places before i off (not a byte loop with a strchr() call
		 * for each byte that is no word's) */
		if (len >= 17 && i + 2 < len) {
			size_t w = len - 16;
			unsigned mw, ms;
			/* bit o for text[w - 1 + o]: from i on */
			uint32_t c = scan_block_places(_mm_loadu_si128((const __m128i *)(const void *)(text + w)),
						       scan_word[(unsigned char)text[w - 1]], text[w - 1] == ' ', &mw,
						       &ms) &
				     (~UINT32_C(0) << (i + 1 - w));

			scan_places_end(text, len, w - 1, c, hits);
			return;
		}
	}
#endif
	for (; i + 2 < len; i++) {
		bool w = scan_word[(unsigned char)text[i]], inside = w && prev;

		prev = w;
		/* patterns start at a word boundary: skip the inside of words,
		 * and the bytes no pattern begins with */
		if (!inside && (w || strchr(REASON_TEXT_STARTERS, text[i])) && reason_text_prefix_may(text + i))
			scan_try(text, len, i, scan_prefix_at(text, len, i), hits);
	}
}
