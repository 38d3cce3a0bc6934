#!/bin/sh
# t-cli.sh: the command line as a user meets it: options, exit codes,
# config errors, locking, dry runs, and a rerun that changes no count.
. "$(dirname "$0")/../lib/lib.sh"

B=$BOUNCER
D=$(tmpdir)
FIX=$(cd "$(dirname "$0")/../fixtures" && pwd)

# --- options and usage -------------------------------------------------------
out=$("$B" --version)
check_contains "--version prints the version" "$out" "bouncer "
"$B" help >/dev/null
check_eq "help exits 0" "$?" 0
"$B" frobnicate >/dev/null 2>&1
check_eq "unknown command exits 64" "$?" 64
"$B" --frob run >/dev/null 2>&1
check_eq "unknown option exits 64" "$?" 64
"$B" >/dev/null 2>&1
check_eq "no command exits 64" "$?" 64

# --- config errors -----------------------------------------------------------
cd "$D" || exit 1
err=$("$B" run 2>&1)
rc=$?
check_eq "run without any config exits 78" "$rc" 78
check_contains "and says which files it looked for" "$err" "poller.cfg"

printf 'database = "x.db";\nsorces = ();\n' >"$D/typo.cfg"
err=$("$B" -c "$D/typo.cfg" config check 2>&1)
rc=$?
check_eq "config check on a typo exits 78" "$rc" 78
check_contains "the error is FILE:LINE: what" "$err" "$D/typo.cfg:2: unknown setting \"sorces\""

# --- a Maildir run -------------------------------------------------------------
mkdir -p "$D/Maildir/cur" "$D/Maildir/new" "$D/Maildir/tmp"
dsn_bounce "$D/Maildir/new/1700000001.M1P1.test" gone.user@example.org
cat >"$D/Maildir/new/1700000002.M2P2.test" <<'EOF'
From: Alice <alice@example.org>
To: news@example.com
Subject: Re: November news
Date: Tue, 14 Nov 2023 11:00:00 +0000

Thanks, but please send me the PDF version.
EOF
cat >"$D/Maildir/new/1700000003.M3P3.test" <<'EOF'
From: MAILER-DAEMON@mx.example.net
To: news@example.com
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="cut

--cut
Content-Type: text/plain

Your message could not be del
EOF
cat >"$D/run.cfg" <<EOF
database = "$D/state/bouncer.db";
sources = ( { path = "$D/Maildir"; } );
report = { dir = "$D/reports"; };
EOF
mkdir -p "$D/state"

"$B" -c "$D/run.cfg" run --dry-run >"$D/dry.out" 2>"$D/dry.err"
rc=$?
check_eq "dry run exits 65 (a message would go to review)" "$rc" 65
check_contains "dry run shows the recipient and what would happen" "$(cat "$D/dry.out")" "gone.user@example.org"
check_eq "dry run writes no database" "$(ls "$D/state")" ""
check_eq "dry run moves nothing" "$(ls "$D/Maildir/new" | wc -l)" 3

"$B" -c "$D/run.cfg" run >"$D/run1.out" 2>"$D/run1.err"
rc=$?
check_eq "run with one broken message exits 65" "$rc" 65
check_contains "the broken message is named on stderr" "$(cat "$D/run1.err")" "1700000003.M3P3.test"
check_eq "run prints nothing on stdout" "$(cat "$D/run1.out")" ""
check_eq "inbox is empty" "$(ls "$D/Maildir/new" "$D/Maildir/cur" | grep -c test)" 0
check_eq "bounce went to Processed" "$(ls "$D/Maildir/.Processed/cur")" "1700000001.M1P1.test:2,"
check_eq "human reply went to NotBounce" "$(ls "$D/Maildir/.NotBounce/cur")" "1700000002.M2P2.test:2,"
check_eq "broken message went to Review" "$(ls "$D/Maildir/.Review/cur")" "1700000003.M3P3.test:2,"
check "the CSV report exists" test -s "$D/reports/suppressed.csv"
check_contains "the CSV lists the unknown user" "$(cat "$D/reports/suppressed.csv")" "gone.user@example.org"
check "the HTML report exists" test -s "$D/reports/report.html"

if command -v sqlite3 >/dev/null 2>&1; then
	c1=$(sqlite3 "$D/state/bouncer.db" "select count(*) from events; select count(*) from messages;" | tr '\n' ' ')
	# the same mail again (as after a crash between commit and move): nothing counts twice
	cp "$D/Maildir/.Processed/cur/1700000001.M1P1.test:2," "$D/Maildir/new/1700000001.M1P1.test"
	"$B" -c "$D/run.cfg" run >/dev/null 2>&1
	check_eq "rerun over the same mail exits 0" "$?" 0
	c2=$(sqlite3 "$D/state/bouncer.db" "select count(*) from events; select count(*) from messages;" | tr '\n' ' ')
	check_eq "rerun changes no count" "$c2" "$c1"
	check_eq "and moves the message out again" "$(ls "$D/Maildir/new" | wc -l)" 0
	check_eq "the database passes integrity_check" "$(sqlite3 "$D/state/bouncer.db" 'pragma integrity_check')" ok
else
	skip "sqlite3 CLI missing: rerun counts not checked"
fi

# --- the lock --------------------------------------------------------------------
if command -v flock >/dev/null 2>&1; then
	flock "$D/state/bouncer.db.lock" sleep 5 &
	holder=$!
	sleep 0.3
	err=$("$B" -c "$D/run.cfg" run 2>&1)
	rc=$?
	kill "$holder" 2>/dev/null
	wait "$holder" 2>/dev/null
	check_eq "a held lock exits 75" "$rc" 75
	check_contains "naming the lock file" "$err" "bouncer.db.lock"
else
	skip "flock(1) missing: lock not checked"
fi

# --- parse ----------------------------------------------------------------------
out=$("$B" parse --json "$D/Maildir/.Processed/cur/1700000001.M1P1.test:2,")
check_contains "parse --json gives the recipient" "$out" '"recipient":"gone.user@example.org"'
check_contains "with Sisimai's key names" "$out" '"deliverystatus":"5.1.1"'
check_contains "and the reason" "$out" '"reason":"userunknown"'
check_contains "hardbounce true" "$out" '"hardbounce":true'
out=$(cat "$D/Maildir/.Processed/cur/1700000001.M1P1.test:2," | "$B" parse --tsv -)
check_contains "parse - reads stdin, --tsv prints columns" "$out" "$(printf -- '-\tgone.user@example.org\tuserunknown\t5.1.1\t550')"
"$B" parse "$D/nope.eml" >/dev/null 2>&1
check_eq "parse of a missing file exits 66" "$?" 66
# a tree given by its top is not read; saying so beats an empty answer
err=$("$B" parse --json "$FIX" 2>&1 >/dev/null)
check_contains "parse of a folder of folders says no message was found" "$err" "no message found"
err=$("$B" parse --json "$FIX/mta" 2>&1 >/dev/null)
check_eq "and a folder of messages does not" "$err" ""
# the records go out in 64 KB writes: output past that is whole and in order
one=$("$B" parse --json "$FIX/mta")
three=$("$B" parse --json "$FIX/mta" "$FIX/mta" "$FIX/mta")
check "three directories print more than 64 KB" [ ${#three} -gt 65536 ]
check_eq "and the same as three runs over one" "$three" "$(printf '%s\n%s\n%s' "$one" "$one" "$one")"
