#!/bin/sh
# demo.sh: reconcile the example bounce mailbox and show what came out.
#
# `make demo` builds bouncer and runs this. It copies examples/Maildir to a
# fresh temporary directory (the repository is never touched), writes the
# configuration there, runs `bouncer -v -c CFG run`, then prints where the
# reports are and the first lines of the suppression list. The directory is
# kept so you can look around; the last lines say how to rerun.
#
# Environment: BOUNCER (the binary, default ./bouncer), BOUNCER_DEMO_DIR (use
# this new or empty directory instead of a mktemp one; the tests use it).
# Exit status: 0 when bouncer did what examples/README.md expects (its own
# status 0, or 65 because the broken example went to Review), otherwise
# bouncer's status.
top=$(cd "$(dirname "$0")/.." && pwd) || exit 2
BOUNCER=${BOUNCER:-$top/bouncer}

if [ ! -x "$BOUNCER" ]; then
	echo "demo: $BOUNCER not found: run \`make demo\` (it builds bouncer first)" >&2
	exit 2
fi
if [ -n "${BOUNCER_DEMO_DIR:-}" ]; then
	dir=$BOUNCER_DEMO_DIR
	mkdir -p "$dir" || exit 2
	if [ -n "$(ls -A "$dir")" ]; then
		echo "demo: $dir is not empty" >&2
		exit 2
	fi
	dir=$(cd "$dir" && pwd) || exit 2
else
	dir=$(mktemp -d "${TMPDIR:-/tmp}/bouncer-demo.XXXXXX") || exit 2
fi

cp -R "$top/examples/Maildir" "$dir/Maildir" || exit 2
# sed replacement text: escape \ & and the | delimiter that could be in a path
esc=$(printf '%s\n' "$dir" | sed 's/[\\&|]/\\&/g')
sed "s|@DEMO_DIR@|$esc|g" "$top/examples/demo.cfg" >"$dir/demo.cfg" || exit 2

count() { # files in a Maildir folder's cur/ and new/
	find "$1/cur" "$1/new" -type f 2>/dev/null | wc -l | tr -d ' '
}

echo "== bouncer demo in $dir"
echo "== inbox: $(count "$dir/Maildir") messages (see examples/README.md for each one)"
echo "== running: $BOUNCER -v -c $dir/demo.cfg run"
echo
"$BOUNCER" -v -c "$dir/demo.cfg" run 2>&1
rc=$?
echo
case $rc in
0) echo "== bouncer finished: exit 0 (everything parsed)" ;;
65) echo "== bouncer finished: exit 65, as expected: the broken example could not be parsed and waits in .Review" ;;
*)
	echo "== bouncer failed: exit $rc (see the messages above); the files are kept in $dir" >&2
	exit "$rc"
	;;
esac

echo "== where the mail went (nothing is deleted):"
where() { # NAME COUNT PATH
	if [ "$2" = 1 ]; then unit="file "; else unit=files; fi
	printf '   %-10s %3s %s  %s\n' "$1" "$2" "$unit" "$3"
}
for f in Processed NotBounce Review; do
	where "$f" "$(count "$dir/Maildir/.$f")" "$dir/Maildir/.$f/"
done
where inbox "$(count "$dir/Maildir")" "$dir/Maildir/{cur,new}/"

csv=$dir/reports/suppressed.csv
html=$dir/reports/report.html
echo "== reports:"
echo "   CSV  $csv"
echo "   HTML $html"
if [ -f "$csv" ]; then
	n=$(($(wc -l <"$csv") - 1))
	echo "== suppressed.csv: $n addresses to stop mailing; the first lines:"
	head -n 6 "$csv" | tr -d '\r' | cut -c 1-150 | sed 's/^/   /'
else
	echo "== (no suppressed.csv was written)"
fi
cat <<EOF

== next steps:
   open the report:      xdg-open $html   (or copy it to a browser)
   why is it suppressed: $BOUNCER -c $dir/demo.cfg show bob.full@example.org
   every address:        $BOUNCER -c $dir/demo.cfg list
   run again:            $BOUNCER -v -c $dir/demo.cfg run
                         (nothing new to do: the inbox is empty, no count changes)
   a fresh demo:         make demo
   parse one message:    $BOUNCER parse --json $top/examples/Maildir/cur/1793610843.M101P2101.example:2,S
   clean up:             rm -rf $dir
EOF
exit 0
