#!/bin/sh
# t-examples.sh: bouncer over a copy of examples/Maildir does what
# examples/README.md says, message by message.
#
#  1. `bouncer parse --json FILE` names each expected recipient with the
#     expected reason, and no record at all for human and broken mail;
#  2. `bouncer run` exits 65 (the broken message went to Review), moves every
#     file into the expected folder, leaves the inbox empty and loses nothing;
#  3. suppressed.csv lists exactly the addresses the table calls suppressed;
#  4. a second run exits 0 and changes no count;
#  5. `bouncer list` shows each address in the state the table gives;
#  6. `bouncer ingest` of the same mail suppresses the same addresses, moving nothing;
#  7. with the ASan+UBSan build (when make check built it): no sanitizer report.
#
# The expectations come from the README's table (examples/expect.sh), so the
# documentation and this test cannot drift apart.
. "$(dirname "$0")/../lib/lib.sh"

EX=$TOP/examples
tab=$(printf '\t')

if [ ! -x "$BOUNCER" ]; then
	not_ok "bouncer binary $BOUNCER exists (build it with make)"
	exit 1
fi

nfiles() { # messages in a Maildir folder (cur/ and new/)
	find "$1/cur" "$1/new" -type f 2>/dev/null | wc -l | tr -d ' '
}
# The base name of a Maildir file: the part before ":2," (a move may add it).
base() { basename "$1" | sed 's/:2,.*//'; }

# Expectations that wait for a missing part stay in and fail honestly; this
# adds a pointer to the explanation (examples/README.md, "Known broken").
known_broken() { # RECIPIENT: copy stdin, and after a "not ok" name the cause
	while IFS= read -r l; do
		printf '%s\n' "$l"
		case "$l:$1" in
		# "not ok"*:someone@example.org) echo "#   known broken: needs the X decoder" ;;
		"not ok"*:none) ;;
		esac
	done
}

d=$(tmpdir)
exp=$d/expect.tsv
sh "$EX/expect.sh" >"$exp"
check_eq "README table lists every example file" \
	"$(cut -f1 "$exp" | sort -u | wc -l | tr -d ' ')" "$(cd "$EX/Maildir" && find cur new -type f | wc -l | tr -d ' ')"

# ---- 1. parse --json, file by file ------------------------------------------
cut -f1 "$exp" | uniq | while read -r f; do
	out=$("$BOUNCER" parse --json "$EX/Maildir/$f" 2>"$d/parse.err")
	grep "^$f$tab" "$exp" | while IFS="$tab" read -r _f kind rcpt reason folder state; do
		if [ "$rcpt" = - ]; then
			check_eq "parse $kind $f: no record" \
				"$(printf '%s\n' "$out" | grep -c '"recipient"')" 0
			continue
		fi
		line=$(printf '%s\n' "$out" | grep -F "\"recipient\":\"$rcpt\"" | head -n 1)
		if [ -z "$line" ]; then
			not_ok "parse $kind $f: recipient $rcpt"
			printf '#   output: %s\n' "$(printf '%s' "$out" | head -c 300)"
			printf '#   stderr: %s\n' "$(head -c 200 "$d/parse.err")"
			continue
		fi
		ok "parse $kind $f: recipient $rcpt"
		[ "$reason" = "*" ] ||
			check_contains "parse $kind $f: $rcpt reason $reason" "$line" "\"reason\":\"$reason\"" |
			known_broken "$rcpt"
	done
done

# ---- 2. run: folders, exit status, nothing lost -------------------------------
cp -R "$EX/Maildir" "$d/Maildir"
cat >"$d/bouncer.cfg" <<EOF
database = "$d/bouncer.db";
batch_size = 7;
sources = ( { name = "examples"; type = "maildir"; path = "$d/Maildir"; } );
report = { dir = "$d/reports"; csv = true; html = true; };
EOF
total=$(nfiles "$d/Maildir")

# A dry run says where each message would go, and moves nothing.
"$BOUNCER" -c "$d/bouncer.cfg" run --dry-run >"$d/dry.out" 2>"$d/dry.err"
check_eq "dry run moves nothing" "$(nfiles "$d/Maildir")" "$total"
check_eq "dry run writes no report" "$(ls "$d/reports" 2>/dev/null | wc -l | tr -d ' ')" 0
cut -f1,5 "$exp" | sort -u | while IFS="$tab" read -r f folder; do
	check "dry run: $f would go to $folder" grep -q "/$(base "$f")[^$tab]*$tab.*-> $folder" "$d/dry.out"
done

"$BOUNCER" -c "$d/bouncer.cfg" run >"$d/run1.out" 2>&1
rc=$?
check_eq "first run exits 65 (the broken message went to Review)" "$rc" 65
[ "$rc" -eq 65 ] || sed 's/^/#   /' "$d/run1.out" | head -20

check_eq "inbox is empty after the run" "$(nfiles "$d/Maildir")" 0
after=$(($(nfiles "$d/Maildir") + $(nfiles "$d/Maildir/.Processed") +
	$(nfiles "$d/Maildir/.NotBounce") + $(nfiles "$d/Maildir/.Review")))
check_eq "nothing lost: $total files before, the same after" "$after" "$total"
for folder in Processed NotBounce Review; do
	want=$(awk -F'\t' -v f="$folder" '$5 == f { print $1 }' "$exp" | sort -u | wc -l | tr -d ' ')
	check_eq "$folder holds $want files" "$(nfiles "$d/Maildir/.$folder")" "$want"
done
cut -f1,2,5 "$exp" | sort -u | while IFS="$tab" read -r f kind folder; do
	b=$(base "$f")
	if find "$d/Maildir/.$folder/cur" "$d/Maildir/.$folder/new" -type f -name "$b*" 2>/dev/null |
		grep -q .; then
		ok "$kind $f moved to $folder"
	else
		not_ok "$kind $f moved to $folder"
		printf '#   found in: %s\n' "$(find "$d/Maildir" -type f -name "$b*" | sed "s|$d/||")"
	fi
done

# ---- 3. the suppression list ---------------------------------------------------
csv=$d/reports/suppressed.csv
check "suppressed.csv written" test -s "$csv"
check "report.html written" test -s "$d/reports/report.html"
tr -d '\r' <"$csv" 2>/dev/null >"$d/csv"
want_n=$(awk -F'\t' '$6 == "suppressed" { print $3 }' "$exp" | sort -u | wc -l | tr -d ' ')
check_eq "suppressed.csv lists $want_n addresses" "$(($(wc -l <"$d/csv") - 1))" "$want_n"
cut -f3,4,6 "$exp" | grep -v "^-$tab" | sort -u | while IFS="$tab" read -r rcpt reason state; do
	row=$(grep -i "^\"\{0,1\}$rcpt\"\{0,1\}," "$d/csv" | head -n 1)
	case $state in
	suppressed)
		check_contains "$rcpt is suppressed ($reason)" "$row" "$rcpt,suppressed,$reason," |
			known_broken "$rcpt"
		;;
	*)
		check_eq "$rcpt ($reason) is not in suppressed.csv" "$row" ""
		;;
	esac
done
# A suppressed address's CSV reason is the reason of the event that decided;
# several rows of one address in the table all name it.

# ---- 4. a second run changes nothing --------------------------------------------
counts() {
	printf '%s %s %s %s %s\n' "$(nfiles "$d/Maildir")" "$(nfiles "$d/Maildir/.Processed")" \
		"$(nfiles "$d/Maildir/.NotBounce")" "$(nfiles "$d/Maildir/.Review")" \
		"$(tr -d '\r' <"$csv" 2>/dev/null | cut -d, -f1-3 | sort | cksum)"
}
before2=$(counts)
"$BOUNCER" -c "$d/bouncer.cfg" run >"$d/run2.out" 2>&1
rc=$?
check_eq "second run exits 0 (nothing new)" "$rc" 0
check_eq "second run changes no count (inbox, folders, suppression list)" "$(counts)" "$before2"

# ---- 5. address states as `bouncer list` shows them -----------------------------
"$BOUNCER" -c "$d/bouncer.cfg" list >"$d/list.tsv" 2>"$d/list.err"
check_eq "list exits 0" "$?" 0
cut -f3,6 "$exp" | grep -v "^-$tab" | grep -v "$tab-\$" | sort -u | while IFS="$tab" read -r rcpt state; do
	got=$(awk -F'\t' -v a="$rcpt" '$1 == a { print $2 }' "$d/list.tsv")
	case $state in
	# a watch lapses to active 14 days after the last bounce (README note)
	"watch*") case $got in watch | active) ok "list: $rcpt is $got" ;; *) check_eq "list: $rcpt is watch or active" "$got" "watch" ;; esac ;;
	*) check_eq "list: $rcpt is $state" "$got" "$state" ;;
	esac
done

# ---- 6. ingest records the same mail without moving it ----------------------------
g=$d/ingest
mkdir -p "$g" && cp -R "$EX/Maildir" "$g/Maildir"
printf 'database = "%s/bouncer.db";\nreport = { dir = "%s/reports"; };\n' "$g" "$g" >"$g/bouncer.cfg"
"$BOUNCER" -c "$g/bouncer.cfg" ingest --maildir "$g/Maildir" >"$g/out" 2>&1
check_eq "ingest exits 65 (the broken message is recorded for review)" "$?" 65
check_eq "ingest moves nothing" "$(nfiles "$g/Maildir")" "$total"
check_eq "ingest suppresses the same addresses as run" \
	"$(tr -d '\r' <"$g/reports/suppressed.csv" 2>/dev/null | cut -d, -f1-3 | sort | cksum)" \
	"$(tr -d '\r' <"$csv" 2>/dev/null | cut -d, -f1-3 | sort | cksum)"

# ---- 7. the same parse under AddressSanitizer + UBSan ------------------------------
# make check builds build-asan/bouncer; parsing every example must not trip it
# and must give the same records.
if [ -n "${BOUNCER_ASAN:-}" ] && [ -x "$BOUNCER_ASAN" ]; then
	"$BOUNCER" parse --tsv "$EX/Maildir/cur" "$EX/Maildir/new" >"$d/plain.tsv" 2>/dev/null
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		"$BOUNCER_ASAN" parse --tsv "$EX/Maildir/cur" "$EX/Maildir/new" >"$d/asan.tsv" 2>"$d/asan.err"
	rc=$?
	if grep -q 'Sanitizer\|runtime error' "$d/asan.err"; then
		not_ok "parse under ASan+UBSan: no sanitizer report"
		head -n 15 "$d/asan.err" | sed 's/^/#   /'
	else
		ok "parse under ASan+UBSan: no sanitizer report"
	fi
	# 0, or 65 when the broken example counts as unreadable
	case $rc in 0 | 65) ok "parse under ASan+UBSan exits $rc" ;; *) not_ok "parse under ASan+UBSan exits $rc" ;; esac
	check_eq "parse under ASan+UBSan gives the same records" "$(cksum <"$d/asan.tsv")" "$(cksum <"$d/plain.tsv")"

	# The whole run too: poller, store and report code paths.
	a=$d/asan
	mkdir -p "$a" && cp -R "$EX/Maildir" "$a/Maildir"
	sed "s|$d/|$a/|g" "$d/bouncer.cfg" >"$a/bouncer.cfg"
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		"$BOUNCER_ASAN" -c "$a/bouncer.cfg" run >"$a/run.out" 2>&1
	rc=$?
	if grep -q 'Sanitizer\|runtime error' "$a/run.out"; then
		not_ok "run under ASan+UBSan: no sanitizer report"
		grep -m 15 -A 14 'Sanitizer\|runtime error' "$a/run.out" | sed 's/^/#   /'
	else
		ok "run under ASan+UBSan: no sanitizer report"
	fi
	check_eq "run under ASan+UBSan exits 65 like the plain build" "$rc" 65
	check_eq "run under ASan+UBSan writes the same suppression list" \
		"$(tr -d '\r' <"$a/reports/suppressed.csv" 2>/dev/null | cut -d, -f1-3 | sort | cksum)" \
		"$(tr -d '\r' <"$csv" 2>/dev/null | cut -d, -f1-3 | sort | cksum)"
else
	skip "parse under ASan+UBSan: no $BOUNCER_ASAN (make asan or make check builds it)"
fi
