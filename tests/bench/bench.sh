#!/bin/sh
# bench.sh (make bench): bouncer's parsing speed next to Sisimai's, measured
# in the same run on the same files, one core each, with peak memory.
#
#   N=100000 (generated messages)  SISIMAI_N=5000 (of them given to Sisimai)
#   RUNS=3 (each timed row is run this many times; the fastest run counts)
#
# Rows: the parser on messages already in memory (bench-parse --parse), the
# whole `bouncer parse --json` process over files, the bare reading rate of
# the same files (open/read/close: the floor under any whole process), and
# Sisimai (Debian libsisimai-perl) over the same files. When valgrind is
# installed, also the parser's instructions per message, which unlike
# seconds do not depend on what else the machine runs. No number here is
# asserted by a test: speed lives here only.
#
# Every timed row, Sisimai's included, is the fastest of RUNS runs: on a
# shared machine a neighbour only ever adds time, and one slow moment would
# otherwise decide a ratio (single runs here varied by a third). The process
# and the bare read, whose ratio is a bar, take turns run by run, so that
# both see the same phases of the machine (measured one after the other,
# their ratio moved between 39% and 52% from one run of this script to the
# next, mostly with the bare read's time).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
N=${N:-100000}
SISIMAI_N=${SISIMAI_N:-5000}
RUNS=${RUNS:-3}
B=${B:-build}
CC=${CC:-gcc}
pin=
command -v taskset >/dev/null 2>&1 && pin="taskset -c 0"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bouncer-bench.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

$CC -std=c11 -D_GNU_SOURCE -O2 -I. -o "$tmp/bench-parse" tests/bench/bench-parse.c \
	"$B/libparse.a" "$B/libutil.a" || exit 1
# user + system seconds of a process to the microsecond (time(1): 10 ms steps)
$CC -std=c11 -D_GNU_SOURCE -O2 -o "$tmp/cputime" tests/bench/cputime.c || exit 1

# name, seconds, messages, bytes, peak KB  ->  one table row
row() {
	awk -v n="$1" -v s="$2" -v m="$3" -v b="$4" -v k="$5" 'BEGIN {
		r = (s > 0) ? m / s : 0; mb = (s > 0) ? b / s / 1048576 : 0;
		printf "%-34s %9d msgs %8.3f s %11.0f msg/s %8.1f MB/s %8.1f MB peak\n", n, m, s, r, mb, k / 1024 }'
}
rate() { awk -v s="$1" -v m="$2" 'BEGIN { print (s > 0) ? m / s : 0 }'; }
timed() { # command... -> "user+sys" (cputime.c) of its fastest of RUNS runs, the largest "maxrssKB" of them
	: >"$tmp/times"
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		"$tmp/cputime" "$tmp/time" "$@"
		cat "$tmp/time" >>"$tmp/times"
		i=$((i + 1))
	done
	awk 'NR == 1 || $1 + $2 < best { best = $1 + $2 } $3 > rss { rss = $3 } END { printf "%.4f %d\n", best, rss }' "$tmp/times"
}
fastest() { # bench-parse arguments... -> its output line with the fewest seconds of RUNS runs
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		$pin "$tmp/bench-parse" "$@"
		i=$((i + 1))
	done | awk '{ s = $0; sub(/.*seconds=/, "", s); sub(/ .*/, "", s) }
		NR == 1 || s + 0 < best { best = s + 0; line = $0 } END { print line }'
}
# The whole process over dirs... and the bare read of the same files (list,
# reps times), in turns: "process-seconds peak-KB read-seconds", each the
# fastest of RUNS.
process_and_read() { # reps list dirs...
	reps=$1 list=$2
	shift 2
	: >"$tmp/times"
	: >"$tmp/reads"
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		"$tmp/cputime" "$tmp/time" $pin ./bouncer parse --json "$@"
		cat "$tmp/time" >>"$tmp/times"
		$pin "$tmp/bench-parse" --read "$reps" "$list" | sed 's/.*seconds=\([0-9.]*\).*/\1/' >>"$tmp/reads"
		i=$((i + 1))
	done
	awk 'NR == 1 || $1 + $2 < best { best = $1 + $2 } $3 > rss { rss = $3 } END { printf "%.4f %d ", best, rss }' "$tmp/times"
	awk 'NR == 1 || $1 < best { best = $1 } END { printf "%.6f\n", best }' "$tmp/reads"
}
bytes_of() { cat "$@" | wc -c; }

# Instructions per message inside the parse (callgrind: bounce_parse_buf,
# which --parse calls as `bouncer parse` does; bounce_parse), over at most
# 2,000 files of the list: unlike seconds, stable on a loaded machine. With
# them the simulated instruction-cache misses and branch mispredictions:
# parsing each message in turn costs ~3x what parsing one message over and
# over does, and those two are most of the difference, so a change that
# saves instructions but adds them can be slower.
instructions() { # list nmsg
	command -v valgrind >/dev/null 2>&1 && command -v callgrind_annotate >/dev/null 2>&1 || {
		echo "instructions/message: valgrind not installed, skipped"
		return
	}
	head -n 2000 "$1" >"$tmp/ilist"
	n=$(wc -l <"$tmp/ilist")
	valgrind --tool=callgrind --cache-sim=yes --branch-sim=yes --callgrind-out-file="$tmp/cg.out" \
		"$tmp/bench-parse" --parse 1 "$tmp/ilist" >/dev/null 2>&1 ||
		{ echo "instructions/message: valgrind failed"; return; }
	callgrind_annotate --auto=no --inclusive=yes --show=Ir,I1mr,Bcm,Bim "$tmp/cg.out" 2>/dev/null |
		awk -v n="$n" '/:bounce_parse(_buf)? / && !done { for (i = 1; i <= 7; i += 2) gsub(",", "", $i)
			printf "instructions/message (callgrind, bounce_parse, %d messages): %.0f; I1 misses %.0f, mispredicted branches %.0f (simulated)\n", n, $1 / n, $3 / n, ($5 + $7) / n; done = 1 }'
}

bench_set() { # label dir sisimai_dir
	label=$1 dir=$2 sdir=$3
	set -- "$dir"/*
	nmsg=$#
	nbytes=$(find "$dir" -type f -exec cat {} + | wc -c)
	echo
	echo "== $label: $nmsg messages, $((nbytes / 1024)) KB"
	reps=$(( (200000 + nmsg - 1) / nmsg ))
	[ "$reps" -lt 1 ] && reps=1
	find "$dir" -type f | sort >"$tmp/list"
	out=$(fastest --parse "$reps" "$tmp/list")
	ms=$(echo "$out" | sed 's/.*seconds=\([0-9.]*\).*/\1/')
	mm=$(echo "$out" | sed 's/messages=\([0-9]*\).*/\1/')
	mb=$(echo "$out" | sed 's/.*bytes=\([0-9]*\).*/\1/')
	row "parser, in memory (x$reps)" "$ms" "$mm" "$mb" 0
	mem_rate=$(rate "$ms" "$mm")
	instructions "$tmp/list" "$nmsg"

	# A few hundred files take milliseconds: below what time(1) resolves
	# (10 ms) and under the process start. The process and the bare read
	# then go over the directory preps times (given that many times).
	preps=$(( (20000 + nmsg - 1) / nmsg ))
	dirs=
	i=0
	while [ "$i" -lt "$preps" ]; do dirs="$dirs $dir"; i=$((i + 1)); done
	set -- $(process_and_read "$preps" "$tmp/list" $dirs)
	row "bouncer parse --json (process, x$preps)" "$1" "$((nmsg * preps))" "$((nbytes * preps))" "$2"
	proc_rate=$(rate "$1" "$((nmsg * preps))")
	proc_rss=$2
	rs=$3
	row "bare read (open/read/close, x$preps)" "$rs" "$((nmsg * preps))" "$((nbytes * preps))" 0
	read_rate=$(rate "$rs" "$((nmsg * preps))")

	if perl -MSisimai -e 1 2>/dev/null; then
		set -- "$sdir"/*
		snum=$#
		sbytes=$(cat "$sdir"/* | wc -c)
		# its start-up (Perl, the modules: ~0.1 s) is measured on an empty
		# directory and taken off, in Sisimai's favour
		mkdir -p "$tmp/empty"
		set -- $(timed $pin perl -MSisimai -e 'my $v = Sisimai->make($ARGV[0]) || []; print scalar(@$v), "\n"' "$tmp/empty")
		sis_start=$1
		set -- $(timed $pin perl -MSisimai -e 'my $v = Sisimai->make($ARGV[0]) || []; print scalar(@$v), "\n"' "$sdir")
		sis_s=$(awk -v a="$1" -v b="$sis_start" 'BEGIN { d = a - b; print (d > 0) ? d : a }')
		row "Sisimai $(perl -MSisimai -e 'print $Sisimai::VERSION') (Perl, less $(printf "%.2f" "$sis_start") s start)" "$sis_s" "$snum" "$sbytes" "$2"
		sis_rate=$(rate "$sis_s" "$snum")
		awk -v a="$mem_rate" -v p="$proc_rate" -v s="$sis_rate" -v r="$read_rate" -v k="$proc_rss" 'BEGIN {
			printf "ratios: parser in memory %.0fx Sisimai (bar 100x); bouncer process %.0fx Sisimai (bar 50x);\n", a / s, p / s
			printf "        bouncer process at %.0f%% of the bare reading rate (bar 50%%); peak RSS %.1f MB (bar < 50 MB)\n", 100 * p / r, k / 1024 }'
	else
		echo "Sisimai not installed (apt-get install libsisimai-perl): no ratios"
	fi
}

# The bare read's rate depends on the machine far more than the parser's
# does (one kind of machine here read a file in 5 us, another in 1.3 us,
# while our own part of the process went from 8 to 5 us): a ratio compares
# only between runs on the same CPU and kernel, so name them.
cpu=$(sed -n 's/^model name[[:space:]]*: *//p' /proc/cpuinfo 2>/dev/null | head -n 1)
echo "machine: ${cpu:-unknown CPU}, $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') cores, kernel $(uname -r)"
echo "every time below is the fastest of $RUNS runs (RUNS=$RUNS)"
if [ -d ../shared/corpus/bounces ]; then
	bench_set "shared corpus (../shared/corpus/bounces)" ../shared/corpus/bounces ../shared/corpus/bounces
else
	echo "== shared corpus: not found (../shared/corpus), skipped"
fi

echo
echo "generating $N bounces from examples/Maildir ..."
python3 tests/bench/gen-corpus.py "$tmp/gen" "$N" >/dev/null || exit 1
mkdir -p "$tmp/gen-sisimai"
ls "$tmp/gen" | head -n "$SISIMAI_N" | while read -r f; do ln -s "$tmp/gen/$f" "$tmp/gen-sisimai/$f"; done
bench_set "generated corpus" "$tmp/gen" "$tmp/gen-sisimai"
