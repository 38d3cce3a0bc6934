#!/bin/sh
# t-real-mta-exim.sh: real bounces from Debian's Exim 4, read back over IMAP.
#
# The same cases as t-real-mta-postfix.sh (tests/lib/mta.sh: mta_cases), sent
# by Exim from exim4-daemon-light's .deb unpacked into a temp directory (the
# exim4 packages conflict with postfix, so it is never installed), running in
# private network/mount/PID namespaces (tests/lib/mta-exim.sh). Exim writes its
# own kind of reports: Status 5.0.0 / 4.0.0 with the real code only in the text,
# "Unrouteable address" for an unknown domain, "retry timeout exceeded" when a
# temporary failure expires, a local full mailbox is temporary (quota) and
# expires too, and each temporary failure first gets one delay warning.
# Needs libidn12 (exim4's only library not already here; installed when
# missing) and the Debian mirror for the .deb; skips only when those fail.
. "$(dirname "$0")/../lib/lib.sh"
. "$TOP/tests/lib/dovecot.sh"
. "$TOP/tests/lib/mta.sh"

NAME="real MTA (Exim)"
mta_require || exit 0
if ! mta_install libidn12 /usr/lib/x86_64-linux-gnu/libidn.so.12 2>"$TEST_TMP/install.err"; then
	skip "$NAME: libidn12 cannot be installed: $(tail -n 1 "$TEST_TMP/install.err")"
	exit 0
fi
EXR=$(tmpdir)
if ! mta_unpack exim4-daemon-light "$EXR" 2>"$TEST_TMP/unpack.err"; then
	skip "$NAME: $(tail -n 1 "$TEST_TMP/unpack.err")"
	exit 0
fi
chmod 755 "$EXR"

D=$(tmpdir)
M=$(tmpdir)
mta_cases "$M"

mta_run Exim "$M/exim/log/mainlog" mta-exim.sh "$M" "$EXR"
log=$(cat "$M/exim/log/mainlog" 2>/dev/null)
check_contains "Exim: the unknown domain failed in DNS (our NXDOMAIN)" \
	"$(echo "$log" | grep 'nobody@no-such-domain.test')" "Unrouteable address"
check_contains "Exim: the nearly full local mailbox deferred the message" \
	"$(echo "$log" | grep 'full@local.test')" "mailbox is full"
check_contains "Exim: the temporary failures expired" "$log" "later@remote.test: retry timeout exceeded"
# 5 immediate bounces; the 2 temporary failures each get a delay warning, then expire.
check_eq "Exim: 7 bounces and 2 delay warnings in the INBOX" "$(dovecot_count INBOX)" 9

mta_check_bouncer Exim "$D" 9
check_eq "Exim: the expired 452 4.2.2: a delay notice (recorded, not counted), then mailboxfull" \
	"$(mta_events later@remote.test)" "mailboxfull:temporary mailboxfull:watch"
check_eq "Exim: the expired 452 4.2.2: on watch for mailboxfull" "$(mta_addr later@remote.test)" "1|mailboxfull"
check_eq "Exim: the local mailbox full: a delay warning (\"Delay reason: mailbox is full\"), then the bounce" \
	"$(mta_events full@local.test)" "mailboxfull:temporary mailboxfull:watch"
check_eq "Exim: the unknown domain is read from \"Unrouteable address\" (Status 5.0.0)" \
	"$(mta_sql "select status || ' ' || rule from events where address = 'nobody@no-such-domain.test'")" \
	"5.0.0 Exim:Unrouteable address"
