#!/bin/sh
# t-imap-run.sh: `bouncer run` against a real Dovecot over IMAPS.
#
# Everything processed and moved with the right counts, a second run fetches
# nothing, unknown CA / wrong host name / wrong password refused (exit 78,
# no password anywhere), server stopped (exit 75, nothing changed) and a
# rerun, UIDVALIDITY change (rescan, no double counting), a server without
# MOVE, and the -vv protocol trace without the password.
# Skips while the CLI does not open IMAP sources yet.
. "$(dirname "$0")/../lib/lib.sh"
. "$TOP/tests/lib/dovecot.sh"

if ! dovecot_available; then
	skip "IMAP run: /usr/sbin/dovecot, doveadm or openssl missing (make deps)"
	exit 0
fi
require_tools "IMAP run" sqlite3 || exit 0
B=$BOUNCER
D=$(tmpdir)
M=$(tmpdir)

human() { # FILE
	printf 'From: Alice <alice@example.org>\nTo: news@example.com\nSubject: Re: news\nDate: Tue, 14 Nov 2023 11:00:00 +0000\n\nPlease send the PDF.\n' >"$1"
}

cfg() { dovecot_config "$1" host="$2" ca_file="$3" batch_size=2; } # FILE HOST CA
last_run() { sqlite3 "$D/bouncer.db" "select seen || ' ' || duplicates || ' ' || bounces from runs order by id desc limit 1"; }

dovecot_start || { not_ok "IMAP run: Dovecot did not start"; exit 0; }
for i in 1 2 3 4 5; do dsn_bounce "$M/b$i.eml" "user$i@example.org"; done
human "$M/h1.eml"
dovecot_import "$M/b1.eml" "$M/b2.eml" "$M/h1.eml" "$M/b3.eml" "$M/b4.eml"
cfg "$D/ok.cfg" localhost "$IMAP_CA"

"$B" -c "$D/ok.cfg" run >"$D/run1.out" 2>"$D/run1.err"
rc=$?
if grep -q "not wired in" "$D/run1.err"; then
	skip "IMAP run: bouncer run does not open IMAP sources yet"
	exit 0
fi
check_eq "run over IMAPS exits 0" "$rc" 0
[ "$rc" -eq 0 ] || sed 's/^/#   /' "$D/run1.err" | head -10
check_eq "INBOX is empty" "$(dovecot_count INBOX)" 0
check_eq "4 bounces in Processed" "$(dovecot_count Processed)" 4
check_eq "the human reply in NotBounce" "$(dovecot_count NotBounce)" 1
check_eq "run counts: 5 seen, 0 duplicates, 4 bounces" "$(last_run)" "5 0 4"
check_eq "4 addresses recorded" "$(sqlite3 "$D/bouncer.db" 'select count(*) from addresses')" 4
check_contains "resume state saved (last UID 5)" \
	"$(sqlite3 "$D/bouncer.db" 'select mailbox, last_uid from imap_state')" "/INBOX|5"

"$B" -c "$D/ok.cfg" run >/dev/null 2>"$D/run2.err"
check_eq "second run exits 0" "$?" 0
check_eq "second run fetches nothing" "$(last_run)" "0 0 0"

# --- refused before any credential -------------------------------------------
cfg "$D/otherca.cfg" localhost "$IMAP_OTHER_CA"
err=$("$B" -c "$D/otherca.cfg" run 2>&1)
check_eq "unknown CA exits 78" "$?" 78
check_contains "unknown CA: says the certificate is not trusted" "$err" "NOT trusted"
cfg "$D/wrongname.cfg" "$IMAP_WRONG_HOST" "$IMAP_CA"
err=$("$B" -c "$D/wrongname.cfg" run 2>&1)
check_eq "wrong host name exits 78" "$?" 78
check_contains "wrong host name: says the name does not match" "$err" "does not match"
err=$(env "$IMAP_PW_ENV=not-the-password-42" "$B" -c "$D/ok.cfg" run 2>&1)
check_eq "wrong password exits 78" "$?" 78
check_contains "wrong password: names the server" "$err" "localhost:$IMAPS_PORT"
case "$err" in *not-the-password-42*) not_ok "wrong password: password in the message" ;; *) ok "wrong password: password not in the message" ;; esac

# --- -vv trace ---------------------------------------------------------------------
dovecot_import "$M/b5.eml"
"$B" -vv -c "$D/ok.cfg" run >/dev/null 2>"$D/trace.err"
check_eq "-vv run exits 0" "$?" 0
check_contains "-vv shows the protocol" "$(cat "$D/trace.err")" "UID FETCH"
check_contains "-vv redacts the login" "$(cat "$D/trace.err")" "redacted"
check "-vv never shows the password" sh -c "! grep -qF '$IMAP_PASS' '$D/trace.err'"
check_eq "-vv run handled the new bounce" "$(last_run)" "1 0 1"

# --- server stopped, then a rerun ----------------------------------------------
dsn_bounce "$M/b6.eml" "user6@example.org"
dovecot_import "$M/b6.eml"
dovecot_stop
"$B" -c "$D/ok.cfg" run >/dev/null 2>"$D/down.err"
check_eq "server stopped: exit 75" "$?" 75
check_contains "server stopped: says it cannot connect" "$(cat "$D/down.err")" "cannot connect"
dovecot_restart
"$B" -c "$D/ok.cfg" run >/dev/null 2>"$D/up.err"
check_eq "rerun after restart exits 0" "$?" 0
check_eq "rerun handled the waiting bounce" "$(last_run)" "1 0 1"
check_eq "6 bounces in Processed" "$(dovecot_count Processed)" 6

# --- UIDVALIDITY change: rescan, fingerprints stop double counting --------------
dovecot_import "$M/b1.eml"
uv=$(doveadm_ -f flow mailbox status -u "$IMAP_USER" uidvalidity INBOX | sed 's/.*uidvalidity=//')
doveadm_ mailbox update -u "$IMAP_USER" --uid-validity $((uv + 5)) INBOX
"$B" -c "$D/ok.cfg" run >/dev/null 2>"$D/uv.err"
check_eq "after UIDVALIDITY change: exit 0" "$?" 0
check_contains "UIDVALIDITY change is reported" "$(cat "$D/uv.err")" "UIDVALIDITY changed"
check_eq "the re-sent bounce is a duplicate, not counted again" "$(last_run)" "1 1 0"
check_eq "user1 still has 1 bounce" \
	"$(sqlite3 "$D/bouncer.db" "select bounce_count from addresses where address = 'user1@example.org'")" 1
check_eq "INBOX is empty again" "$(dovecot_count INBOX)" 0
DOVECOT_FAST_STOP=1 dovecot_stop

# --- a server without MOVE: COPY + STORE \Deleted + UID EXPUNGE -----------------
D=$(tmpdir)
DOVECOT_NO_MOVE=1 dovecot_start || { not_ok "IMAP run: Dovecot without MOVE did not start"; exit 0; }
dovecot_import "$M/b1.eml" "$M/h1.eml" "$M/b2.eml"
cfg "$D/ok.cfg" localhost "$IMAP_CA"
"$B" -c "$D/ok.cfg" run >/dev/null 2>"$D/nomove.err"
check_eq "no MOVE: run exits 0" "$?" 0
check_eq "no MOVE: INBOX is empty (UID EXPUNGE)" "$(dovecot_count INBOX)" 0
check_eq "no MOVE: 2 bounces in Processed" "$(dovecot_count Processed)" 2
check_eq "no MOVE: 1 in NotBounce" "$(dovecot_count NotBounce)" 1
