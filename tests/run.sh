#!/bin/sh
# tests/run.sh: run every test and add up the results.
#
# A test is a unit-test binary ($B/tests/test-*, the same built with
# ASan+UBSan in $ASAN_B/tests/, and the parse and util ones built without
# SIMD in $NOSIMD_B/tests/) or an end-to-end script tests/e2e/t-*.sh.
# Each prints lines "ok - ...", "not ok - ..." or "skip - ...". A test that
# exits non-zero without printing "not ok" counts as one failure, so a crash
# can never pass. The last line is "N passed, N failed[, N skipped]".
#
# ONLY=unit or ONLY=e2e limits the run; T=pattern runs only matching tests.
B=${B:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
log=$(mktemp -d "${TMPDIR:-/tmp}/bouncer-tests.XXXXXX") || exit 2
trap 'rm -rf "$log"' EXIT INT TERM
pass=0 fail=0 skip=0

run_one() { # name command...
	name=$1
	shift
	case "$name" in *${T:-}*) ;; *) return ;; esac
	out="$log/out"
	"$@" >"$out" 2>"$log/err"
	rc=$?
	p=$(grep -c '^ok - ' "$out")
	f=$(grep -c '^not ok - ' "$out")
	s=$(grep -c '^skip - ' "$out")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "not ok - $name exited $rc" >>"$out"
	fi
	pass=$((pass + p))
	fail=$((fail + f))
	skip=$((skip + s))
	if [ "$f" -ne 0 ]; then
		echo "FAIL $name ($p passed, $f failed)"
		grep -v '^ok - ' "$out" | sed 's/^/    /' | head -60
		sed 's/^/    stderr: /' "$log/err" | head -30
	else
		echo "ok   $name ($p passed${s:+, $s skipped})" | sed 's/, 0 skipped//'
	fi
}

if [ "${ONLY:-unit}" = unit ] || [ -z "${ONLY:-}" ]; then
	for t in "$B"/tests/test-*; do
		[ -x "$t" ] || continue
		run_one "$(basename "$t")" "$t"
	done
	if [ -n "${ASAN_B:-}" ]; then
		for t in "$ASAN_B"/tests/test-*; do
			[ -x "$t" ] || continue
			ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
				run_one "$(basename "$t") [asan+ubsan]" "$t"
		done
	fi
	if [ -n "${NOSIMD_B:-}" ]; then
		for t in "$NOSIMD_B"/tests/test-*; do
			[ -x "$t" ] || continue
			run_one "$(basename "$t") [no simd]" "$t"
		done
	fi
fi
if [ "${ONLY:-e2e}" = e2e ] || [ -z "${ONLY:-}" ]; then
	for t in tests/e2e/t-*.sh; do
		[ -f "$t" ] || continue
		BOUNCER="$top/bouncer" BOUNCER_ASAN="$top/${ASAN_B:-build-asan}/bouncer" \
			BOUNCER_NOSIMD="$top/${NOSIMD_B:-build-nosimd}/bouncer" \
			run_one "$(basename "$t")" sh "$t"
	done
fi

if [ "$skip" -gt 0 ]; then
	echo "$pass passed, $fail failed, $skip skipped"
else
	echo "$pass passed, $fail failed"
fi
[ "$fail" -eq 0 ]
