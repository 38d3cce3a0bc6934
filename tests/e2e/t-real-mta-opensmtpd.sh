#!/bin/sh
# t-real-mta-opensmtpd.sh: real bounces from Debian's OpenSMTPD 6.8, read back over IMAP.
#
# The same cases as t-real-mta-postfix.sh (tests/lib/mta.sh: mta_cases), sent
# by OpenSMTPD from its .deb unpacked into a temp directory (it conflicts with
# postfix, so it is never installed), in private network/mount/PID namespaces
# (tests/lib/mta-opensmtpd.sh). OpenSMTPD writes multipart/mixed reports with a
# message/delivery-status part, says "Domain does not exist" without a status
# for an unknown domain, and its expiry notice says "Action: delayed" and
# "Envelope expired" (an upstream bug) although the mail was dropped: bouncer
# must count that as the final failure. It has no mailbox quota, so
# full@local.test is answered by the receiving server too.
# Needs the Debian mirror for the .deb; skips only when that fails.
. "$(dirname "$0")/../lib/lib.sh"
. "$TOP/tests/lib/dovecot.sh"
. "$TOP/tests/lib/mta.sh"

NAME="real MTA (OpenSMTPD)"
mta_require || exit 0
SR=$(tmpdir)
if ! mta_unpack opensmtpd "$SR" 2>"$TEST_TMP/unpack.err"; then
	skip "$NAME: $(tail -n 1 "$TEST_TMP/unpack.err")"
	exit 0
fi
missing=$(ldd "$SR/usr/sbin/smtpd" "$SR/usr/sbin/smtpctl" 2>&1 | sed -n 's/^[[:space:]]*\([^ ]*\) => not found.*/\1/p' | sort -u)
if [ -n "$missing" ]; then
	skip "$NAME: libraries missing for the unpacked smtpd: $(echo $missing)"
	exit 0
fi
chmod 755 "$SR"

D=$(tmpdir)
M=$(tmpdir)
mta_cases "$M"

mta_run OpenSMTPD "$M/smtpd.log" mta-opensmtpd.sh "$M" "$SR"
log=$(cat "$M/smtpd.log" 2>/dev/null)
check_contains "OpenSMTPD: the temporary failure expired" "$log" "stat=Envelope expired"
# 6 immediate bounces; the temporary failure gets a delay notice, then expires.
check_eq "OpenSMTPD: 7 failure reports and 1 delay notice in the INBOX" "$(dovecot_count INBOX)" 8

mta_check_bouncer OpenSMTPD "$D" 8
check_eq "OpenSMTPD: the expired 452 4.2.2: a delay notice (not counted), then 'Envelope expired' counts" \
	"$(mta_events later@remote.test)" "mailboxfull:temporary expired:watch"
check_eq "OpenSMTPD: the expiry notice (Action: delayed) is read as failed" \
	"$(mta_sql "select action from events where address = 'later@remote.test' order by id desc limit 1")" failed
check_eq "OpenSMTPD: full@local.test (552 5.2.2 from the receiving server): watch" \
	"$(mta_events full@local.test)" "mailboxfull:watch"
