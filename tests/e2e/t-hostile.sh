#!/bin/sh
# t-hostile.sh: nasty messages (tests/hostile/gen.py, our fixtures in tests/hostile/,
# ../shared/corpus/hostile/) through `bouncer parse`: each one must end, exit 0,
# stay under $RSS_MAX_KB of peak memory, get a sensible kind, and give the same
# JSON under ASan+UBSan (build-asan/bouncer) as in the normal build.
# Time is bounded by `timeout 120`, counted as a failure, never measured.
. "$(dirname "$0")/../lib/lib.sh"
RSS_MAX_KB=204800
d=$(tmpdir)
gen=$d/gen
if ! python3 "$TOP/tests/hostile/gen.py" "$gen"; then
	not_ok "gen.py writes the suite"
	exit 1
fi
# Our small fixtures and the corpus's crafted files join the list (read in place).
# tests/hostile/expect.tsv: FILE KINDS TEXT, as gen.py writes them.
sed "s|^|$TOP/tests/hostile/|" "$TOP/tests/hostile/expect.tsv" >>"$gen/expect.tsv"
c=$(corpus)
if [ -n "$c" ] && [ -d "$c/hostile" ]; then
	for f in "$c"/hostile/*; do
		printf '%s\t%s\t\n' "$f" "not_bounce|unreadable" # crafted MIME, no bounce in them
	done >>"$gen/expect.tsv"
else
	skip "../shared/corpus/hostile not present"
fi

# kind_of OUT ERR: the kind `bouncer -vv parse --json` reported.
kind_of() {
	if [ -s "$1" ]; then
		case $(head -1 "$1") in
		*'"reason":"vacation"'*) echo autoreply ;;
		*'"reason":"feedback"'*) echo feedback ;;
		*'"reason":"delivered"'*) echo delivered ;;
		*) echo bounce ;;
		esac
	elif grep -q 'no recipient found' "$2"; then
		echo unreadable
	elif grep -q 'not a bounce' "$2"; then
		echo not_bounce
	else
		echo unknown
	fi
}

# run_one BIN FILE OUT: parse under a time guard; prints "rc rss_kb" (rss 0 = unknown).
TIME=/usr/bin/time
[ -x "$TIME" ] || skip "no $TIME (Debian package time): peak memory not checked"
run_one() {
	if [ -x "$TIME" ]; then
		timeout 120 "$TIME" -f %M -o "$3.rss" "$1" -vv parse --json "$2" >"$3" 2>"$3.err"
	else
		echo 0 >"$3.rss"
		timeout 120 "$1" -vv parse --json "$2" >"$3" 2>"$3.err"
	fi
	printf '%s %s\n' "$?" "$(tail -1 "$3.rss" 2>/dev/null)"
}

have_asan=
if [ -x "$BOUNCER_ASAN" ]; then
	have_asan=1
else
	skip "no $BOUNCER_ASAN: ASan comparison not run (make asan)"
fi
tab=$(printf '\t')
while IFS="$tab" read -r name kinds contains; do
	case $name in /*) f=$name ;; *) f=$gen/$name ;; esac
	n=$(basename "$f")
	o=$d/out
	set -- $(run_one "$BOUNCER" "$f" "$o")
	rc=$1 rss=${2:-0}
	if [ "$rc" -ne 0 ]; then
		if [ "$rc" -eq 124 ]; then
			not_ok "$n: did not finish in 120 s"
		else
			not_ok "$n: exit $rc"
		fi
		sed 's/^/#   /' "$o.err" | grep -v 'bouncer: parse:' | tail -5
		continue
	fi
	if [ "$rss" -eq 0 ]; then
		: # not measured
	elif [ "$rss" -lt "$RSS_MAX_KB" ]; then
		ok "$n: peak RSS ${rss} KB"
	else
		not_ok "$n: peak RSS ${rss} KB, over $RSS_MAX_KB KB"
	fi
	k=$(kind_of "$o" "$o.err")
	case "|$kinds|" in
	*"|$k|"*) ok "$n: kind $k" ;;
	*) not_ok "$n: kind $k, want $kinds" ;;
	esac
	[ -n "$contains" ] && check_contains "$n: output" "$(cat "$o")" "$contains"
	[ -n "$have_asan" ] || continue
	set -- $(ASAN_OPTIONS=detect_leaks=1 run_one "$BOUNCER_ASAN" "$f" "$o.asan")
	if [ "$1" -ne 0 ]; then
		not_ok "$n: ASan build exit $1"
		grep -m3 -E 'ERROR|SUMMARY|runtime error' "$o.asan.err" | sed 's/^/#   /'
	elif cmp -s "$o" "$o.asan"; then
		ok "$n: same JSON under ASan+UBSan"
	else
		not_ok "$n: JSON differs under ASan+UBSan"
		diff "$o" "$o.asan" | head -4 | cut -c1-200 | sed 's/^/#   /'
	fi
done <"$gen/expect.tsv"

# Found by fuzz-config: libconfig 1.5's scanner exit()s on an @include of a
# directory, so cli/config.c checks every @include before libconfig sees it.
out=$(cd "$TOP" && "$BOUNCER" -c tests/hostile/config-include-dir.cfg parse tests/fixtures/parse/human.eml 2>&1)
rc=$?
case "$rc:$out" in
78:*config-include-dir.cfg:*) ok "config-include-dir.cfg: an @include of a directory is a config error" ;;
*) not_ok "config-include-dir.cfg: bouncer exits $rc: $out" ;;
esac
