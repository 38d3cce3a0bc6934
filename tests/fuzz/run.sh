#!/bin/sh
# tests/fuzz/run.sh: build the libFuzzer targets and run each for SECONDS (default 60).
#
#   sh tests/fuzz/run.sh [SECONDS] [TARGET...]     TARGET: parse view header config
#
# Seeds are read in place: our fixtures (tests/fixtures, tests/hostile, examples/Maildir)
# and, when it exists, ../shared/corpus (never copied into the repo). What the fuzzer
# learns is kept in build-fuzz/corpus/TARGET for the next run; crashes land in
# build-fuzz/crashes/ (FUZZ_WORK=DIR puts both there instead: the smoke test's temp dir).
# One process per target, niced: the machine is shared. FUZZ_SEED=N fixes libFuzzer's
# random seed (the smoke test in make check does, so CI replays the same mutations).
# Exit status: 0 when every target ran clean, 1 when one found something, 2 on a build error.
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
secs=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-parse view header config}
FB=build-fuzz

mkdir -p "$FB"
nice make --no-print-directory -s -f tests/fuzz/fuzz.mk -j2 >"$FB/build.log" 2>&1 || {
	cat "$FB/build.log" >&2
	echo "fuzz: build failed (clang with -fsanitize=fuzzer needed)" >&2
	exit 2
}
export LSAN_OPTIONS="suppressions=$top/tests/fuzz/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
corpus=$(cd ../shared/corpus 2>/dev/null && pwd)

# Config seeds: our example configs, gathered into one directory.
W=${FUZZ_WORK:-$FB}
mkdir -p "$W/seeds/config" "$W/crashes"
cp poller.cfg.example examples/demo.cfg "$W/seeds/config/"

seeds_for() { # target -> seed directories
	case $1 in
	config) echo "$W/seeds/config" ;;
	*)
		echo tests/fixtures tests/hostile examples/Maildir
		[ -n "$corpus" ] && echo "$corpus/bounces $corpus/hostile $corpus/not-bounces"
		;;
	esac
}

rc=0
for t in $targets; do
	dict=tests/fuzz/mail.dict
	max_len=131072
	if [ "$t" = config ]; then
		dict=tests/fuzz/config.dict
		max_len=8192
	fi
	mkdir -p "$W/corpus/$t"
	log="$W/fuzz-$t.log"
	# shellcheck disable=SC2046
	nice "$FB/fuzz-$t" "$W/corpus/$t" $(seeds_for "$t") -dict="$dict" \
		-max_total_time="$secs" -max_len="$max_len" -timeout=20 -rss_limit_mb=1024 \
		${FUZZ_SEED:+-seed=$FUZZ_SEED} \
		-artifact_prefix="$W/crashes/$t-" -print_final_stats=1 >"$log" 2>&1
	r=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	if [ "$r" -eq 0 ]; then
		echo "fuzz-$t: clean, ${secs}s, ${runs:-?} runs"
	else
		rc=1
		echo "fuzz-$t: FAILED (exit $r), see $log; input: $(ls -t "$W/crashes/$t-"* 2>/dev/null | head -1)"
		grep -m3 -E 'ERROR|SUMMARY|runtime error' "$log"
	fi
done
exit $rc
