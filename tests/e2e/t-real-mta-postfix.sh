#!/bin/sh
# t-real-mta-postfix.sh: real bounces from Debian's Postfix, read back over IMAP.
#
# Postfix runs from a temp directory inside private network/mount/PID namespaces
# (tests/lib/mta.sh, mta-postfix.sh) and sends one message per case to a
# scripted SMTP server (smtp-sink.py), a nearly full local mailbox, and an
# unknown domain (the only DNS server says NXDOMAIN). It delivers its own
# bounces and delay notices into a test Dovecot's INBOX; then `bouncer run`
# reads them over IMAPS. Checked: each address gets the state and reason the
# default policy gives it (userunknown suppressed at once, mailbox full on
# watch, an unknown domain counted once of two, relay denied and message too
# big are sender alerts), the delivered one is unknown to bouncer, every
# message is moved out of the INBOX, and nothing of Postfix is left running.
# Installs the postfix package when missing (as root); skips only when that fails.
. "$(dirname "$0")/../lib/lib.sh"
. "$TOP/tests/lib/dovecot.sh"
. "$TOP/tests/lib/mta.sh"

NAME="real MTA (Postfix)"
mta_require || exit 0
if ! mta_install postfix /usr/sbin/postfix 2>"$TEST_TMP/install.err"; then
	skip "$NAME: the postfix package cannot be installed: $(tail -n 1 "$TEST_TMP/install.err")"
	exit 0
fi

D=$(tmpdir)
M=$(tmpdir)
mta_cases "$M"

mta_run Postfix "$M/maillog" mta-postfix.sh "$M"
# 6 failed recipients bounce once; the temporary one also gets a delay notice.
check_eq "Postfix: 7 bounces and 1 delay notice in the INBOX" "$(dovecot_count INBOX)" 8
check_contains "Postfix: the unknown domain failed in DNS (our NXDOMAIN)" \
	"$(grep no-such-domain "$M/maillog" 2>/dev/null)" "Host or domain name not found"
check_contains "Postfix: the nearly full local mailbox refused the message" \
	"$(grep 'full@local.test' "$M/maillog" 2>/dev/null)" "File too large"
check_contains "Postfix: the temporary failure expired" "$(cat "$M/maillog" 2>/dev/null)" \
	"status=expired, returned to sender"

mta_check_bouncer Postfix "$D" 8
check_eq "Postfix: the expired 452 4.2.2: a delay notice (recorded, not counted), then mailboxfull" \
	"$(mta_events later@remote.test)" "mailboxfull:temporary mailboxfull:watch"
check_eq "Postfix: the expired 452 4.2.2: on watch for mailboxfull" "$(mta_addr later@remote.test)" "1|mailboxfull"
check_eq "Postfix: the local mailbox full gives one bounce (File too large, 5.2.2)" "$(mta_events full@local.test)" "mailboxfull:watch"
