#!/bin/sh
# t-ops.sh: the operations commands: show, list, suppress, unsuppress,
# prune, ingest, pipe and pipe-string, export, report.
. "$(dirname "$0")/../lib/lib.sh"

B=$BOUNCER
D=$(tmpdir)

# Three bounces of our own: two unknown users, one full mailbox.
mkdir -p "$D/in"
dsn_bounce "$D/in/1.eml" gone@example.org 5.1.1 "550 5.1.1 User unknown" "Mon, 13 Nov 2023 10:00:00 +0000"
dsn_bounce "$D/in/2.eml" full@example.org 5.2.2 "552 5.2.2 Mailbox full" "Mon, 13 Nov 2023 10:00:00 +0000"
dsn_bounce "$D/in/3.eml" dup@example.org 5.1.1 "550 5.1.1 User unknown" "Mon, 13 Nov 2023 10:00:00 +0000"
cat >"$D/b.cfg" <<EOF
database = "$D/b.db";
busy_timeout_ms = 200;
report = { dir = "$D/reports"; };
pipe = { maildir = "$D/kept"; };
EOF

# --- ingest: an archive, recorded once, nothing moves -------------------------
{
	for f in 1 2; do
		echo "From MAILER-DAEMON Mon Nov 13 10:00:00 2023"
		cat "$D/in/$f.eml"
	done
} >"$D/archive.mbox"
"$B" -c "$D/b.cfg" ingest --mbox "$D/archive.mbox" 2>"$D/err"
check_eq "ingest --mbox exits 0" "$?" 0
"$B" -c "$D/b.cfg" ingest --mbox "$D/archive.mbox" 2>>"$D/err"
check_eq "ingest twice exits 0" "$?" 0
check_eq "the mbox is untouched" "$(grep -c '^From ' "$D/archive.mbox")" 2
out=$("$B" -c "$D/b.cfg" list)
check_eq "list after two ingests: two addresses, counted once" "$(echo "$out" | wc -l)" 2
check_contains "list row: address, state, reason, count, first, last (TSV)" "$out" \
	"$(printf 'gone@example.org\tsuppressed\tuserunknown\t1\t2023-11-13T10:00:00Z\t2023-11-13T10:00:00Z')"
check_contains "mailbox full is watched, not suppressed" "$out" "$(printf 'full@example.org\twatch\tmailboxfull\t1')"
check_eq "list --state suppressed" "$("$B" -c "$D/b.cfg" list --state suppressed | cut -f1)" "gone@example.org"
check_eq "list --reason mailboxfull" "$("$B" -c "$D/b.cfg" list --reason mailboxfull | cut -f1)" "full@example.org"
check_eq "list --domain example.com is empty" "$("$B" -c "$D/b.cfg" list --domain example.com)" ""
"$B" -c "$D/b.cfg" list --state nonsense >/dev/null 2>&1
check_eq "list with a bad state exits 64" "$?" 64

# --- show --------------------------------------------------------------------------
out=$("$B" -c "$D/b.cfg" show GONE@Example.ORG)
check_contains "show normalises the domain and prints the state" "$out" "suppressed"
check_contains "show says why" "$out" "why"
check_contains "show lists the history" "$out" "550 5.1.1 User unknown"
out=$("$B" -c "$D/b.cfg" show nobody@example.org)
check_contains "show of an unknown address says so" "$out" "never seen"

# --- suppress / unsuppress -----------------------------------------------------------
"$B" -c "$D/b.cfg" suppress manual@example.org --note "asked by phone"
check_eq "suppress exits 0" "$?" 0
check_contains "manual suppression shows in list" "$("$B" -c "$D/b.cfg" list --state suppressed)" "manual@example.org"
"$B" -c "$D/b.cfg" unsuppress gone@example.org
check_eq "unsuppress exits 0" "$?" 0
check_contains "unsuppressed address is active" "$("$B" -c "$D/b.cfg" list)" "$(printf 'gone@example.org\tactive')"
"$B" -c "$D/b.cfg" ingest --mbox "$D/archive.mbox" 2>/dev/null
check_contains "old mail does not suppress it again" "$("$B" -c "$D/b.cfg" list)" "$(printf 'gone@example.org\tactive')"
"$B" -c "$D/b.cfg" unsuppress nobody@example.org 2>/dev/null
check_eq "unsuppress of an unknown address exits 65" "$?" 65
"$B" -c "$D/b.cfg" suppress not-an-address 2>/dev/null
check_eq "suppress of a non-address exits 64" "$?" 64

# --- pipe -------------------------------------------------------------------------------
"$B" -c "$D/b.cfg" pipe <"$D/in/3.eml"
check_eq "pipe of a bounce exits 0" "$?" 0
check_contains "and records it" "$("$B" -c "$D/b.cfg" list --state suppressed)" "dup@example.org"
printf 'From: MAILER-DAEMON@mx.example.net\nSubject: Undelivered Mail Returned to Sender\nContent-Type: multipart/report; boundary="x\n\n--x\ngarbage' >"$D/broken.eml"
"$B" -c "$D/b.cfg" pipe <"$D/broken.eml" 2>/dev/null
check_eq "pipe of an unparseable message exits 0" "$?" 0
check_eq "and keeps it in the pipe Maildir's Review" "$(ls "$D/kept/.Review/new" | wc -l)" 1
printf 'From: alice@example.org\nSubject: hello\n\nA person wrote this.\n' | "$B" -c "$D/b.cfg" pipe
check_eq "pipe of human mail exits 0" "$?" 0
check_eq "and keeps it in NotBounce" "$(ls "$D/kept/.NotBounce/new" | wc -l)" 1
"$B" -c "$D/nope.cfg" pipe <"$D/in/3.eml" 2>/dev/null
check_eq "pipe with a broken config is a temporary failure (75)" "$?" 75
"$B" -c "$D/nope.cfg" pipe --qmail <"$D/in/3.eml" 2>/dev/null
check_eq "and 111 for qmail" "$?" 111
if python3 -c 'import sqlite3' 2>/dev/null; then
	python3 - "$D/b.db" "$D/locked" <<'EOF' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN EXCLUSIVE")
open(sys.argv[2], "w").close()   # tell the test the lock is held
time.sleep(4)
c.execute("COMMIT")
EOF
	holder=$!
	# wait (bounded) until the holder really has the lock, however busy the machine
	for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		[ -e "$D/locked" ] && break
		sleep 0.2
	done
	"$B" -c "$D/b.cfg" pipe --qmail <"$D/in/1.eml" 2>/dev/null
	check_eq "pipe while the database is locked past the timeout exits 111 (qmail)" "$?" 111
	"$B" -c "$D/b.cfg" pipe <"$D/in/1.eml" 2>/dev/null
	check_eq "and 75 otherwise" "$?" 75
	wait "$holder"
else
	skip "python3 sqlite3 missing: busy database not checked"
fi
out=$("$B" -c "$D/b.cfg" pipe-string)
check_contains "pipe-string prints the .qmail line" "$out" "pipe --qmail"
check_contains "and the .forward line with the config" "$out" "\"|"
check_contains "with absolute paths" "$out" " -c $D/b.cfg pipe"

# --- export / report / prune -------------------------------------------------------------
out=$("$B" -c "$D/b.cfg" export)
check_contains "export: generic CSV header" "$out" "email,state,reason,category,first_bounce,last_bounce,bounce_count,status,replycode,diagnostic"
check_contains "export lists suppressed addresses" "$out" "dup@example.org"
out=$("$B" -c "$D/b.cfg" export --profile hubspot)
check_eq "export --profile hubspot: one column" "$(echo "$out" | head -1 | tr -d '\r')" "Email"
out=$("$B" -c "$D/b.cfg" export --format json --state any)
check_contains "export --format json" "$out" '"full@example.org"'
"$B" -c "$D/b.cfg" export --profile salesforce --bom -o "$D/sf.csv"
check_eq "export -o FILE exits 0" "$?" 0
check_eq "--bom starts the file with a UTF-8 BOM" "$(head -c 3 "$D/sf.csv" | od -An -tx1 | tr -d ' ')" "efbbbf"
check_contains "salesforce profile, dates yyyy-MM-dd" "$(cat "$D/sf.csv")" "dup@example.org,true,userunknown,2023-11-13"
check_eq "no temp file left beside it" "$(ls "$D" | grep -c 'sf.csv.tmp')" 0
first=$("$B" -c "$D/b.cfg" export --since-last | grep -c '@')
again=$("$B" -c "$D/b.cfg" export --since-last | grep -c '@')
check_eq "export --since-last: everything the first time" "$first" 2
check_eq "and nothing new the second time" "$again" 0
"$B" -c "$D/b.cfg" export --since 2023-13-45 >/dev/null 2>&1
check_eq "export with an impossible date exits 64" "$?" 64
"$B" -c "$D/b.cfg" export --profile nosuch >/dev/null 2>&1
check_eq "export with an unknown profile exits 64" "$?" 64
rm -rf "$D/reports"
"$B" -c "$D/b.cfg" report
check_eq "report exits 0" "$?" 0
check "report rewrote the HTML" test -s "$D/reports/report.html"
out=$("$B" -c "$D/b.cfg" prune)
check_eq "prune exits 0" "$?" 0
check_contains "prune says what it did" "$out" "pruned"
