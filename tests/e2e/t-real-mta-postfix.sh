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
if ! mta_isolation_works; then
	skip "$NAME: needs root, unshare and ip for private network namespaces"
	exit 0
fi
if ! dovecot_available || ! command -v sqlite3 >/dev/null 2>&1 || [ ! -x "$MTA_PY" ]; then
	skip "$NAME: dovecot, doveadm, openssl, sqlite3 or python3 missing (make deps)"
	exit 0
fi
if ! mta_install postfix /usr/sbin/postfix 2>"$TEST_TMP/install.err"; then
	skip "$NAME: the postfix package cannot be installed: $(tail -n 1 "$TEST_TMP/install.err")"
	exit 0
fi

B=$BOUNCER
D=$(tmpdir)
M=$(tmpdir)
PW_ENV=BOUNCER_REAL_MTA_PW

# What the receiving server answers, by local part (see smtp-sink.py).
cat >"$M/rules" <<'EOF'
unknown rcpt 550 5.1.1 <unknown@remote.test>: Recipient address rejected: User unknown in virtual mailbox table
full    rcpt 552 5.2.2 <full@remote.test>: Mailbox full, quota exceeded
later   rcpt 452 4.2.2 <later@remote.test>: Mailbox full, try again later
relay   rcpt 554 5.7.1 <relay@remote.test>: Relay access denied
big     data 552 5.3.4 Message size exceeds fixed maximum message size
EOF
# One message each; a size makes it that big.
cat >"$M/rcpts" <<'EOF'
unknown@remote.test
full@remote.test
later@remote.test
relay@remote.test
big@remote.test 3000
ok@remote.test
nobody@no-such-domain.test
full@local.test 3000
EOF

dovecot_start || { not_ok "$NAME: Dovecot did not start"; exit 0; }
export "$PW_ENV=$IMAP_PASS"

mta_isolated 90 sh "$TOP/tests/lib/mta-postfix.sh" "$M" "$DOVECOT_DIR/home" 2>"$M/run.err"
rc=$?
check_eq "postfix: every message delivered or bounced within the time limit" "$rc" 0
if [ "$rc" -ne 0 ]; then
	sed 's/^/#   /' "$M/run.err" | head -20
	grep -E 'status=|fatal|panic' "$M/maillog" 2>/dev/null | cut -c1-200 | sed 's/^/#   /' | head -20
fi
check "postfix: no process of its namespace is left" mta_namespace_gone "$M/pidns"
check "postfix: the accepted message reached the receiving server" \
	sh -c "ls '$M/sink' | grep -q '^ok\\.'"
# 6 failed recipients bounce once; the temporary one also gets a delay notice.
check_eq "postfix: 7 bounces and 1 delay notice in the INBOX" "$(dovecot_count INBOX)" 8
check_contains "postfix: the unknown domain failed in DNS (our NXDOMAIN)" \
	"$(grep no-such-domain "$M/maillog" 2>/dev/null)" "Host or domain name not found"
check_contains "postfix: the nearly full local mailbox refused the message" \
	"$(grep 'full@local.test' "$M/maillog" 2>/dev/null)" "File too large"
check_contains "postfix: the temporary failure expired" "$(cat "$M/maillog" 2>/dev/null)" \
	"status=expired, returned to sender"

cat >"$D/bouncer.cfg" <<EOF
database = "$D/bouncer.db";
sources = ( {
  name = "bounces";
  type = "imap";
  host = "localhost";
  port = $IMAPS_PORT;
  tls = "imaps";
  ca_file = "$IMAP_CA";
  username = "$IMAP_USER";
  password_env = "$PW_ENV";
  timeout = 10;
} );
report = { dir = "$D/reports"; csv = true; html = false; };
EOF
"$B" -c "$D/bouncer.cfg" run >"$D/run.out" 2>"$D/run.err"
rc=$?
check_eq "bouncer run over IMAPS exits 0" "$rc" 0
[ "$rc" -eq 0 ] || sed 's/^/#   /' "$D/run.err" | head -10
check_eq "the INBOX is empty afterwards" "$(dovecot_count INBOX)" 0
check_eq "all 8 reports moved to Processed" "$(dovecot_count Processed)" 8
check_eq "run counts: 8 seen, 8 bounces, nothing for review" \
	"$(sqlite3 "$D/bouncer.db" 'select seen || " " || bounces || " " || review from runs order by id desc limit 1')" \
	"8 8 0"

q() { sqlite3 "$D/bouncer.db" "$1"; }
# state|reason of an address (0 active, 1 watch, 2 suppressed), and its event reasons
addr() { q "select state || '|' || reason from addresses where address = '$1'"; }
events() { q "select group_concat(reason || ':' || effect, ' ') from (select reason, effect from events where address = '$1' order by id)"; }

check_eq "unknown user (550 5.1.1): suppressed, userunknown" "$(addr unknown@remote.test)" "2|userunknown"
check_eq "remote mailbox full (552 5.2.2): watch, mailboxfull" "$(addr full@remote.test)" "1|mailboxfull"
check_eq "local mailbox full (File too large, 5.2.2): watch, mailboxfull" "$(addr full@local.test)" "1|mailboxfull"
check_eq "expired 452 4.2.2: watch, mailboxfull" "$(addr later@remote.test)" "1|mailboxfull"
check_eq "expired 452 4.2.2: the delay notice is recorded, not counted" \
	"$(events later@remote.test)" "mailboxfull:temporary mailboxfull:watch"
check_eq "unknown domain (NXDOMAIN, 5.4.4): hostunknown, counted" \
	"$(events nobody@no-such-domain.test)" "hostunknown:counted"
check_eq "unknown domain: not suppressed after one bounce (the policy wants two days)" \
	"$(q "select state from addresses where address = 'nobody@no-such-domain.test'")" 0
check_eq "relay denied (554 5.7.1): a sender alert" "$(events relay@remote.test)" "norelaying:sender_alert"
check_eq "message too big (552 5.3.4): a sender alert" "$(events big@remote.test)" "mesgtoobig:sender_alert"
check_eq "sender alerts never suppress or watch the address" \
	"$(q "select count(*) from addresses where address in ('relay@remote.test', 'big@remote.test') and state <> 0")" 0
check_eq "sender alerts counted against remote.test" \
	"$(q "select group_concat(reason, ' ') from (select reason from sender_alerts where domain = 'remote.test' order by reason)")" \
	"mesgtoobig norelaying"
check_eq "the delivered address is unknown to bouncer" \
	"$(q "select count(*) from events where address = 'ok@remote.test'")" 0
check_eq "exactly one address suppressed" "$(q 'select count(*) from addresses where state = 2')" 1
check_contains "show explains the suppression" "$("$B" -c "$D/bouncer.cfg" show unknown@remote.test 2>&1)" \
	"userunknown"
