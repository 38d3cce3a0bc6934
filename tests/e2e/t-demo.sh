#!/bin/sh
# t-demo.sh: `make demo`'s script (examples/demo.sh) works for a newcomer:
# it runs in its own directory, leaves the repository alone, reports where
# the CSV and HTML are, and the reports hold what examples/README.md promises.
# The rerun command it prints works and finds nothing new.
. "$(dirname "$0")/../lib/lib.sh"

EX=$TOP/examples

if [ ! -x "$BOUNCER" ]; then
	not_ok "bouncer binary $BOUNCER exists (build it with make)"
	exit 1
fi
nfiles() {
	find "$1/cur" "$1/new" -type f 2>/dev/null | wc -l | tr -d ' '
}

t=$(tmpdir)
dir=$t/demo
repo_before=$(cd "$EX/Maildir" && find . -type f | sort | cksum)

BOUNCER="$BOUNCER" BOUNCER_DEMO_DIR="$dir" sh "$EX/demo.sh" </dev/null >"$t/out" 2>&1
rc=$?
check_eq "demo.sh exits 0" "$rc" 0
[ "$rc" -eq 0 ] || sed 's/^/#   /' "$t/out" | tail -20
out=$(cat "$t/out")

check_eq "the repository's examples/Maildir is untouched" \
	"$(cd "$EX/Maildir" && find . -type f | sort | cksum)" "$repo_before"
check "demo wrote its config into its own directory" grep -q "path = \"$dir/Maildir\"" "$dir/demo.cfg"
check_contains "demo says bouncer ran with -v -c CFG run" "$out" "-v -c $dir/demo.cfg run"
check_contains "demo explains exit 65 (the broken example went to Review)" "$out" "exit 65"
check_contains "demo prints the CSV path" "$out" "CSV  $dir/reports/suppressed.csv"
check_contains "demo prints the HTML path" "$out" "HTML $dir/reports/report.html"
check_contains "demo says how to rerun" "$out" "run again:"

# The reports it points at exist and hold the expected addresses.
csv=$dir/reports/suppressed.csv
html=$dir/reports/report.html
check "suppressed.csv exists" test -s "$csv"
check "report.html exists" test -s "$html"
check_contains "CSV header is the generic profile" "$(head -n 1 "$csv" 2>/dev/null | tr -d '\r')" \
	"email,state,reason"
check_contains "demo shows the CSV's first lines" "$out" "email,state,reason"
sh "$EX/expect.sh" | awk -F'\t' '$6 == "suppressed" { print $3 }' | sort -u >"$t/want"
n=$(wc -l <"$t/want" | tr -d ' ')
check_eq "demo summary counts $n suppressed addresses" \
	"$(printf '%s\n' "$out" | sed -n 's/^== suppressed.csv: \([0-9]*\) addresses.*/\1/p')" "$n"
while read -r a; do
	check "CSV lists $a" grep -qi "^\"\{0,1\}$a\"\{0,1\},suppressed," "$csv"
	check "HTML report names $a" grep -qF "$a" "$html"
done <"$t/want"

# Folder lines of the summary match the README (21 / 6 / 1, inbox 0).
for folder in Processed NotBounce Review; do
	want=$(sh "$EX/expect.sh" | awk -F'\t' -v f="$folder" '$5 == f { print $1 }' | sort -u | wc -l | tr -d ' ')
	check_eq "$folder holds $want files" "$(nfiles "$dir/Maildir/.$folder")" "$want"
	check_contains "demo summary shows $folder $want" \
		"$(printf '%s\n' "$out" | grep "^   $folder ")" " $want file"
done
check_eq "inbox is empty" "$(nfiles "$dir/Maildir")" 0

# The printed `show` command explains a suppression that took three days.
show=$(printf '%s\n' "$out" | sed -n 's/^ *why is it suppressed: *//p')
check_eq "demo prints a show command" "$show" "$BOUNCER -c $dir/demo.cfg show bob.full@example.org"
"$BOUNCER" -c "$dir/demo.cfg" show bob.full@example.org </dev/null >"$t/show.out" 2>&1
check_eq "show exits 0" "$?" 0
check_contains "show: bob.full is suppressed" "$(grep '^state' "$t/show.out")" "suppressed"
check_contains "show: the why names 3 bounces on 3 days" "$(grep '^why' "$t/show.out")" "3 different days"

# The printed rerun command works and changes nothing.
rerun=$(printf '%s\n' "$out" | sed -n 's/^ *run again: *//p')
check_eq "rerun command is the same bouncer and config" "$rerun" "$BOUNCER -v -c $dir/demo.cfg run"
csv_before=$(tr -d '\r' <"$csv" | cut -d, -f1-3 | sort | cksum)
folders_before="$(nfiles "$dir/Maildir/.Processed") $(nfiles "$dir/Maildir/.NotBounce") $(nfiles "$dir/Maildir/.Review")"
# (run as printed, but quoted, so a TMPDIR with blanks cannot split it)
"$BOUNCER" -v -c "$dir/demo.cfg" run </dev/null >"$t/rerun.out" 2>&1
check_eq "rerun exits 0 (nothing new)" "$?" 0
check_eq "rerun keeps the suppression list" "$(tr -d '\r' <"$csv" | cut -d, -f1-3 | sort | cksum)" "$csv_before"
check_eq "rerun moves nothing" \
	"$(nfiles "$dir/Maildir/.Processed") $(nfiles "$dir/Maildir/.NotBounce") $(nfiles "$dir/Maildir/.Review")" \
	"$folders_before"

# A second demo never reuses a non-empty directory.
BOUNCER="$BOUNCER" BOUNCER_DEMO_DIR="$dir" sh "$EX/demo.sh" </dev/null >"$t/out2" 2>&1
check_eq "demo refuses a non-empty BOUNCER_DEMO_DIR" "$?" 2
