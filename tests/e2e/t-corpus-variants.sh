#!/bin/sh
# t-corpus-variants.sh: the shared corpus's bounces, changed in ways that
# bounces nobody here has seen differ (other names and addresses, field names
# in other case or order, a report part labelled text/plain or base64-encoded,
# a lost top Content-Type), give the results of the originals: reason, status and reply
# per recipient. A rule that hangs on a sample's details shows up here.
. "$(dirname "$0")/../lib/lib.sh"

c=$(corpus)
if [ -z "$c" ]; then
	skip "corpus variants: ../shared/corpus not found"
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
fi
t=$(tmpdir)

# origin's file name, reason, status, reply: one line per record
results() {
	"$BOUNCER" parse --tsv "$1" 2>/dev/null | tail -n +2 | cut -f1,3,4,5 | sed 's|^[^\t]*/||'
}
results "$c/bounces" >"$t/orig.tsv"
n=$(wc -l <"$t/orig.tsv")
check "the originals give records ($n)" test "$n" -gt 400

# variant:most diff lines allowed
for v in renamed:0 fieldcase:0 fieldorder:0 relabelled:0 lostctype:0 base64dsn:0; do
	name=${v%:*} most=${v#*:}
	python3 "$TOP/tests/lib/corpus-variants.py" "$name" "$c/bounces" "$t/$name" || {
		not_ok "$name: variant written"
		continue
	}
	results "$t/$name" >"$t/$name.tsv"
	# a record lost or changed shows as '<', one gained or changed as '>'
	changed=$(diff "$t/orig.tsv" "$t/$name.tsv" | grep -c '^[<>]')
	if [ "$changed" -le "$most" ]; then
		ok "$name: $changed lines of $n records differ (at most $most)"
	else
		not_ok "$name: $changed lines of $n records differ (at most $most)"
		diff "$t/orig.tsv" "$t/$name.tsv" | head -20 | sed 's/^/#   /'
	fi
done
