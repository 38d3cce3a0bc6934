#!/bin/sh
# t-crash-imap.sh: `bouncer run` against the test Dovecot, cut off at random
# moments: bouncer killed with SIGKILL mid-run, and Dovecot itself stopped
# mid-run (then restarted). A clean rerun then finishes the job. Afterwards
# every message is in exactly one folder (same contents as at the start,
# checked in the Maildir behind Dovecot), the database is intact, and every
# count equals that of one clean run over the same mail in a local Maildir.
. "$(dirname "$0")/../lib/lib.sh"
. "$TOP/tests/lib/dovecot.sh"
. "$TOP/tests/lib/crash.sh"

if ! dovecot_available; then
	skip "IMAP crash: /usr/sbin/dovecot, doveadm or openssl missing (make deps)"
	exit 0
fi
require_tools "IMAP crash" sqlite3 python3 || exit 0
B=$BOUNCER
N=2000
D=$(tmpdir)

# Content hashes of every message file in the Maildir behind Dovecot (Dovecot
# renames files when it moves them, so the contents identify the mail).
mail_hashes() { # MAILDIR
	(cd "$1" && find . -type f \( -path '*/cur/*' -o -path '*/new/*' -o -path '*/tmp/*' \) \
		-exec sha256sum {} + | cut -d' ' -f1 | sort)
}

# Stop the server now, as a shutdown would: SIGTERM to the master's children
# first (the imap process serving bouncer lives on when only the master
# stops; on SIGTERM it finishes the command at hand and hangs up), then the
# master, which is given up to 5 s before SIGKILL.
server_stop() {
	_m=$(cat "$DOVECOT_PIDFILE" 2>/dev/null) || return 0
	for _c in $(ps -o pid= --ppid "$_m"); do kill -TERM "$_c" 2>/dev/null; done
	dovecot_stop
}

gen_bounces "$D/gen" "$N"

# --- the reference: one clean run over the same mail in a local Maildir --------------
R=$D/ref
mkdir -p "$R/Maildir/cur" "$R/Maildir/tmp"
cp -r "$D/gen" "$R/Maildir/new"
cat >"$R/c.cfg" <<CFG
database = "$R/bouncer.db";
sources = ( { name = "bounces"; type = "maildir"; path = "$R/Maildir"; } );
report = { dir = "$R/reports"; csv = false; html = false; };
CFG
"$B" -q -c "$R/c.cfg" run >/dev/null 2>&1
ref=$(db_counts "$R/bouncer.db")
check_contains "reference run: database intact" "$ref" "integrity=ok "

# --- the IMAP side --------------------------------------------------------------------
dovecot_start || { not_ok "IMAP crash: Dovecot did not start"; exit 0; }
cp "$D"/gen/* "$IMAP_MAILDIR/new/"
chown -R nobody:nogroup "$IMAP_MAILDIR"
mail_hashes "$IMAP_MAILDIR" >"$D/hash.orig"
check_eq "INBOX holds the $N messages" "$(dovecot_count INBOX)" "$N"
dovecot_config "$D/c.cfg" batch_size=50

# Wait until the server's INBOX holds at most TARGET messages, bouncer (PID)
# having moved the rest, or until PID has ended (false then, or after 60 s):
# a kill or a server stop mid-way on a machine of any speed, where a random
# delay of up to 1.5 s may come after a run over the 2000 has ended, every
# later run then finding the INBOX empty.
wait_inbox_at() { # TARGET PID
	_tries=0
	while [ "$_tries" -lt 3000 ] && [ "$(ps -o stat= -p "$2" 2>/dev/null | cut -c1)" != Z ] &&
		kill -0 "$2" 2>/dev/null; do
		_n=$(dovecot_count INBOX)
		[ -n "$_n" ] && [ "$_n" -le "$1" ] && return 0
		_tries=$((_tries + 1))
		sleep 0.02
	done
	return 1
}

# A target for wait_inbox_at(): 1 to half of the messages left moved
some_moved() {
	_left=$(dovecot_count INBOX)
	_left=${_left:-0}
	echo $((_left - 1 - $(rand_ms $((_left / 2)))))
}

# Interleaved: p = bouncer killed with SIGKILL once it has moved some of the
# messages left (some_moved()); k = killed after 0-1500 ms (connect, login,
# fetches); s = Dovecot stopped once bouncer has moved some, S = 0-1500 ms
# into a run (its imap processes get SIGTERM: the connection drops, even
# mid-MOVE), then restarted: bouncer must give up with 75 (temporary) or have
# finished, never hang or fail otherwise.
# Not SIGKILL for the server: Dovecot's maildir MOVE is copy-then-expunge, and
# an imap process killed between the two leaves both copies (seen: a 2000-UID
# MOVE SIGKILLed after 0.3 s left ~760 extra files), which no client can undo.
killed=0 stopped=0 bad=0
for step in p s p s p S k k k k; do
	case $step in
	p)
		target=$(some_moved)
		"$B" -q -c "$D/c.cfg" run >/dev/null 2>>"$D/kill.err" &
		pid=$!
		wait_inbox_at "$target" "$pid" && kill -KILL "$pid" 2>/dev/null
		wait "$pid"
		[ $? -eq 137 ] && killed=$((killed + 1))
		continue
		;;
	k)
		kill_after_ms "$(rand_ms 1500)" "$B" -q -c "$D/c.cfg" run >/dev/null 2>>"$D/kill.err"
		[ $? -eq 137 ] && killed=$((killed + 1))
		continue
		;;
	esac
	target=$(some_moved)
	"$B" -q -c "$D/c.cfg" run >/dev/null 2>>"$D/stop.err" &
	pid=$!
	if [ "$step" = s ]; then
		wait_inbox_at "$target" "$pid"
	else
		sleep "0.$(printf '%03d' "$(rand_ms 1500)")"
	fi
	server_stop
	wait "$pid"
	rc=$?
	case $rc in 0 | 65) ;; 75) stopped=$((stopped + 1)) ;; *) bad=$((bad + 1)); echo "# run with Dovecot killed exited $rc" ;; esac
	dovecot_restart || { not_ok "IMAP crash: Dovecot did not restart"; exit 0; }
done
echo "# $killed runs killed, $stopped runs cut off by the server"
if [ "$killed" -gt 0 ]; then ok "at least one run was killed mid-way"; else not_ok "at least one run was killed mid-way"; fi
if [ "$stopped" -gt 0 ]; then ok "at least one run was cut off by the server"; else not_ok "at least one run was cut off by the server"; fi
check_eq "a run whose server stops exits 75 (or had finished)" "$bad" 0
said=$(grep -c 'error:' "$D/stop.err" 2>/dev/null)
check "each cut-off run says what broke ($said errors for $stopped runs)" [ "${said:-0}" -ge "$stopped" ]
echo "# $(dovecot_count INBOX) messages still in INBOX before the clean rerun"

"$B" -c "$D/c.cfg" run >/dev/null 2>"$D/final.err"
rc=$?
case $rc in 0 | 65) ok "the clean rerun exits 0 or 65" ;; *) not_ok "the clean rerun exits 0 or 65 (got $rc)"; sed 's/^/#   /' "$D/final.err" | head -5 ;; esac

# --- every message in exactly one place ------------------------------------------------
check_eq "INBOX is empty" "$(dovecot_count INBOX)" 0
check_eq "Processed + Review hold all $N" \
	"$(( $(dovecot_count Processed) + $(dovecot_count Review) ))" "$N"
check_eq "NotBounce holds as many as in the clean run" "$(n=$(dovecot_count NotBounce); echo "${n:-0}")" \
	"$(ls "$R/Maildir/.NotBounce/cur" 2>/dev/null | wc -l)"
check_eq "Review holds as many as in the clean run" "$(dovecot_count Review)" \
	"$(ls "$R/Maildir/.Review/cur" | wc -l)"
mail_hashes "$IMAP_MAILDIR" >"$D/hash.after"
check_eq "as many message files as at the start" "$(wc -l <"$D/hash.after" | tr -d ' ')" "$N"
check "the message contents are exactly those of the start (none lost, none twice)" \
	cmp -s "$D/hash.orig" "$D/hash.after"

# --- the database -----------------------------------------------------------------------
got=$(db_counts "$D/bouncer.db")
check_contains "database passes integrity_check" "$got" "integrity=ok "
check_eq "every count equals the clean run's" "$got" "$ref"
