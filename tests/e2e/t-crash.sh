#!/bin/sh
# t-crash.sh: `bouncer run` over a Maildir of 2000 bounces, killed with
# SIGKILL at 30 random moments, then finished by a normal run. Afterwards
# every message is in exactly one place, the database is intact, and every
# count equals that of one clean run over the same mail.
. "$(dirname "$0")/../lib/lib.sh"
. "$TOP/tests/lib/crash.sh"

require_tools "crash" sqlite3 python3 || exit 0
B=$BOUNCER
N=2000
KILLS=30
D=$(tmpdir)

setup() { # DIR: a Maildir of the generated bounces and a config
	mkdir -p "$1/Maildir/cur" "$1/Maildir/tmp"
	cp -r "$D/gen" "$1/Maildir/new"
	cat >"$1/c.cfg" <<CFG
database = "$1/bouncer.db";
batch_size = 50;
sources = ( { name = "bounces"; type = "maildir"; path = "$1/Maildir"; } );
report = { dir = "$1/reports"; };
CFG
}

gen_bounces "$D/gen" "$N"
ls "$D/gen" | sort >"$D/names.orig"
check_eq "generated $N bounces" "$(wc -l <"$D/names.orig" | tr -d ' ')" "$N"

# --- the reference: one clean run ------------------------------------------------
R=$D/ref
setup "$R"
"$B" -c "$R/c.cfg" run >/dev/null 2>"$R/err"
rc=$?
case $rc in 0 | 65) ok "clean run exits 0 or 65" ;; *) not_ok "clean run exits 0 or 65 (got $rc)"; sed 's/^/#   /' "$R/err" | head -5 ;; esac
ref=$(db_counts "$R/bouncer.db")
check_contains "clean run: database intact" "$ref" "integrity=ok "
check_eq "clean run: inbox empty" "$(inbox_count "$R/Maildir")" 0

# --- killed runs ------------------------------------------------------------------
K=$D/kill
setup "$K"
killed=0 i=0
while [ "$i" -lt "$KILLS" ]; do
	i=$((i + 1))
	kill_after_ms "$(rand_ms 300)" "$B" -q -c "$K/c.cfg" run >/dev/null 2>>"$K/kill.err"
	[ $? -eq 137 ] && killed=$((killed + 1))
done
echo "# $killed of $KILLS runs were killed; $(inbox_count "$K/Maildir") messages still in the inbox"
if [ "$killed" -gt 0 ]; then ok "at least one run was killed mid-way"; else not_ok "at least one run was killed mid-way"; fi
check_eq "killed runs say nothing but review warnings" \
	"$(grep -v -e 'could not be parsed' -e '^Killed' "$K/kill.err" | head -3)" ""

# A run killed while writing a report leaves its temp file. The next run
# removes such files once they are 10 minutes old (a younger one may belong to
# a `bouncer report` writing right now): age them, and add a fresh one.
mkdir -p "$K/reports"
find "$K/reports" -name '*.tmp.*' -exec touch -d '-1 hour' {} +
echo "# $(find "$K/reports" -name '*.tmp.*' | wc -l) report temp files left by the killed runs"
: >"$K/reports/report.html.tmp.Fresh1"

"$B" -c "$K/c.cfg" run >/dev/null 2>"$K/final.err"
rc=$?
case $rc in 0 | 65) ok "the run after the kills exits 0 or 65" ;; *) not_ok "the run after the kills exits 0 or 65 (got $rc)"; sed 's/^/#   /' "$K/final.err" | head -5 ;; esac

# --- every message in exactly one place -------------------------------------------
maildir_names "$K/Maildir" >"$D/names.kill"
check_eq "as many message files as generated" "$(wc -l <"$D/names.kill" | tr -d ' ')" "$N"
check_eq "no message in two places" "$(uniq -d "$D/names.kill" | head -3)" ""
check "the set of base names is the original set" cmp -s "$D/names.orig" "$D/names.kill"
check_eq "inbox empty" "$(inbox_count "$K/Maildir")" 0
check_eq "no file left in any tmp/" "$(cd "$K/Maildir" && find . -path '*/tmp/*' -type f | head -3)" ""
for f in Processed NotBounce Review; do
	check_eq "$f holds as many as after the clean run" \
		"$(ls "$K/Maildir/.$f/cur" 2>/dev/null | wc -l)" "$(ls "$R/Maildir/.$f/cur" 2>/dev/null | wc -l)"
done

# --- the database ------------------------------------------------------------------
got=$(db_counts "$K/bouncer.db")
check_contains "database passes integrity_check" "$got" "integrity=ok "
check_eq "every count equals the clean run's" "$got" "$ref"
check_eq "old report temp files removed, a fresh one kept" "$(cd "$K/reports" && ls | grep '\.tmp\.')" \
	"report.html.tmp.Fresh1"
check "suppressed.csv equals the clean run's" cmp -s "$R/reports/suppressed.csv" "$K/reports/suppressed.csv"
