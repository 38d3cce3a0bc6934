#!/bin/sh
# t-fuzz-smoke.sh: each libFuzzer target (tests/fuzz/) runs every seed once (our
# fixtures, tests/hostile/ regression inputs, ../shared/corpus when present),
# then fuzzes for FUZZ_SMOKE_SECONDS (default 8). Skipped when clang's fuzzer
# runtime is missing. `make fuzz` is the long run.
. "$(dirname "$0")/../lib/lib.sh"
secs=${FUZZ_SMOKE_SECONDS:-8}
d=$(tmpdir)
printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n);\n%s\n' \
	'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }' \
	>"$d/probe.c"
if ! clang -fsanitize=fuzzer,address,undefined -o "$d/probe" "$d/probe.c" >/dev/null 2>&1; then
	skip "fuzz smoke: clang with libFuzzer (-fsanitize=fuzzer) not available"
	exit 0
fi
[ -n "$(corpus)" ] || skip "fuzz smoke: ../shared/corpus not present, seeds are our fixtures only"

cd "$TOP" || exit 1
# a fixed seed: the same mutations on every run, so a CI result can be replayed
FUZZ_SEED=${FUZZ_SEED:-1} FUZZ_WORK=$d/work sh tests/fuzz/run.sh "$secs" >"$d/out" 2>&1
rc=$?
if [ "$rc" -eq 2 ]; then
	not_ok "fuzz targets build (make -f tests/fuzz/fuzz.mk)"
	sed 's/^/#   /' "$d/out" | tail -20
	exit 1
fi
for t in parse view header config; do
	line=$(grep "^fuzz-$t: " "$d/out")
	case $line in
	*": clean,"*) ok "$line" ;;
	*)
		not_ok "fuzz-$t: ${line:-no result}"
		grep -A3 "^fuzz-$t: " "$d/out" | tail -3 | sed 's/^/#   /'
		# keep the input that failed where a human can find it
		mkdir -p "$TOP/build-fuzz/crashes" && cp "$d/work/crashes/$t-"* "$TOP/build-fuzz/crashes/" 2>/dev/null
		;;
	esac
done
