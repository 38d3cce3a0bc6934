#!/bin/sh
# t-nosimd.sh: the parser built without SSE2 or AVX2 (make nosimd: every scan
# in its byte-wise form, as on a CPU without them) gives, byte for byte, the
# results of the vector build, on our fixtures and examples and, when it is
# there, the shared corpus with its CRLF and CR-only copies, not-bounces and
# hostile messages.
. "$(dirname "$0")/../lib/lib.sh"

NS=${BOUNCER_NOSIMD:-$TOP/build-nosimd/bouncer}
if [ ! -x "$NS" ]; then
	skip "no-SIMD build: $NS not built (make nosimd)"
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
fi
t=$(tmpdir)
sets="$TOP/tests/fixtures/mta $TOP/tests/fixtures/provider $TOP/tests/fixtures/parse $TOP/examples/Maildir"
c=$(corpus)
[ -n "$c" ] && sets="$sets $c/bounces $c/crlf $c/cr $c/not-bounces $c/hostile"
for d in $sets; do
	[ -d "$d" ] || continue
	name=${d#"$TOP/"}
	name=${name#"$c/"}
	# -vv: the log says why each message gave no record (not a bounce, no
	# recipient found), so sets of those compare too
	"$BOUNCER" -vv parse --json "$d" >"$t/simd.json" 2>"$t/simd.log"
	"$NS" -vv parse --json "$d" >"$t/nosimd.json" 2>"$t/nosimd.log"
	n=$(wc -l <"$t/simd.json") m=$(wc -l <"$t/simd.log")
	if [ "$((n + m))" -gt 1 ] && cmp -s "$t/simd.json" "$t/nosimd.json" && cmp -s "$t/simd.log" "$t/nosimd.log"; then
		ok "$name: $n records and $m log lines, the same without SIMD"
	else
		not_ok "$name: $n records and $m log lines with SIMD, and without it they differ"
		cat "$t/simd.json" "$t/simd.log" >"$t/a"
		cat "$t/nosimd.json" "$t/nosimd.log" >"$t/b"
		diff "$t/a" "$t/b" | head -6 | cut -c1-200 | sed 's/^/#   /'
	fi
done
