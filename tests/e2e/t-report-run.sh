#!/bin/sh
# t-report-run.sh: the reports of a real `bouncer run` over a Maildir:
# suppressed.csv and report.html appear in the configured directory, written
# atomically (no temp file left), with mail text escaped; a second run
# rewrites them; language "ja" gives the Japanese page.
. "$(dirname "$0")/../lib/lib.sh"

B=$BOUNCER
D=$(tmpdir)
mkdir -p "$D/Maildir/cur" "$D/Maildir/new" "$D/Maildir/tmp"

dsn_bounce "$D/Maildir/new/1700000001.M1P1.test" gone.user@example.org 5.1.1 \
	"550 5.1.1 <gone.user@example.org>: Recipient address rejected: User unknown"
dsn_bounce "$D/Maildir/new/1700000002.M2P2.test" other.user@example.org 5.1.1 \
	"550 5.1.1 <script>alert(1)</script> no such user"

cat >"$D/b.cfg" <<EOF
database = "$D/b.db";
sources = ( { name = "test"; type = "maildir"; path = "$D/Maildir"; } );
report = { dir = "$D/reports"; csv = true; html = true; language = "en"; };
EOF

"$B" -q -c "$D/b.cfg" run >"$D/out" 2>&1
rc=$?
check_eq "run exits 0" "$rc" 0
[ "$rc" -eq 0 ] || sed 's/^/#   /' "$D/out" | head -10

csv=$(cat "$D/reports/suppressed.csv" 2>/dev/null)
check_contains "suppressed.csv has the generic header" "$csv" \
	"email,state,reason,category,first_bounce,last_bounce,bounce_count,status,replycode,diagnostic"
check_contains "suppressed.csv lists the unknown user" "$csv" \
	"gone.user@example.org,suppressed,userunknown,hard,2023-11-14T"
check_eq "CSV rows end in CRLF" "$(grep -c "$(printf '\r')\$" "$D/reports/suppressed.csv")" 3

html=$(cat "$D/reports/report.html" 2>/dev/null)
check_contains "report.html lists the address" "$html" "gone.user@example.org"
check_contains "report.html shows mail text as text" "$html" "&lt;script&gt;alert(1)&lt;/script&gt;"
check "report.html has no script element" sh -c "! grep -qi '<script' '$D/reports/report.html'"
check_contains "report.html names this run's new suppressions" \
	"$(sed -n '/id="run"/,/<\/section>/p' "$D/reports/report.html")" "other.user@example.org"
check_eq "no temp file left beside the reports" "$(ls -A "$D/reports" | tr '\n' ' ')" \
	"report.html suppressed.csv "

# A second run with nothing new rewrites both; nothing new is suppressed.
sed 's/"en"/"ja"/' "$D/b.cfg" >"$D/ja.cfg"
"$B" -q -c "$D/ja.cfg" run >"$D/out2" 2>&1
check_eq "second run exits 0" "$?" 0
check_contains "language ja gives the Japanese page" "$(cat "$D/reports/report.html")" '<html lang="ja">'
check_contains "the second run suppressed nothing new" \
	"$(sed -n '/id="run"/,/<\/section>/p' "$D/reports/report.html")" "なし。"
check_contains "the CSV still lists both addresses" "$(cat "$D/reports/suppressed.csv")" \
	"other.user@example.org,suppressed"
