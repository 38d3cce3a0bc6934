#!/bin/sh
# t-faults.sh: resource faults. A full disk under the database, the reports
# or the Maildir (exit 75); an unwritable report directory, a read-only
# database and a missing Maildir (exit 78). Each error names the path, and
# nothing half-written is left behind (no *.tmp.* file, no partial report,
# the database intact, mail whose batch failed still in the inbox).
#
# The full disks are small tmpfs mounts (the Maildir one short of inodes),
# the unwritable directories read-only bind mounts (chmod for a non-root
# user). The script runs itself again in a private mount namespace
# (unshare -m), so its mounts vanish with it even when it dies; without
# unshare it mounts in the open and unmounts at exit.
if [ -z "${BOUNCER_FAULTS_NS:-}" ] && [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null 2>&1 &&
	unshare -m --propagation private true 2>/dev/null; then
	BOUNCER_FAULTS_NS=1 exec unshare -m --propagation private sh "$0" "$@"
fi
. "$(dirname "$0")/../lib/lib.sh"
. "$TOP/tests/lib/crash.sh"

require_tools "faults" sqlite3 python3 || exit 0
B=$BOUNCER
D=$(tmpdir)

# mount_tmpfs DIR SIZE / mount_ro DIR: 0 when mounted (unmounted at exit)
mount_tmpfs() {
	mkdir -p "$1" && mount -t tmpfs -o "size=$2" tmpfs "$1" 2>/dev/null || return 1
	on_exit "umount -l '$1' 2>/dev/null"
}
mount_ro() {
	mount --bind "$1" "$1" 2>/dev/null || return 1
	on_exit "umount -l '$1' 2>/dev/null"
	mount -o remount,bind,ro "$1" 2>/dev/null
}
# make_ro DIR / undo_ro DIR: a read-only bind mount, or for a user other
# than root (whom permissions do not stop) chmod a-w
make_ro() {
	if [ -n "$CAN_MOUNT" ] && mount_ro "$1"; then
		return 0
	fi
	[ "$(id -u)" -ne 0 ] && chmod a-w "$1" && on_exit "chmod u+w '$1'"
}
undo_ro() {
	umount "$1" 2>/dev/null || chmod u+w "$1"
}
config() { # FILE DBDIR MAILDIR REPORTDIR [SETTING]: a config for one Maildir
	cat >"$1" <<CFG
database = "$2/bouncer.db";
sources = ( { name = "bounces"; type = "maildir"; path = "$3"; } );
report = { dir = "$4"; };
${5:-}
CFG
}
setup() { # DIR N DBDIR REPORTDIR: a Maildir of N generated bounces and a config
	mkdir -p "$1/Maildir/cur" "$1/Maildir/tmp" "$3"
	gen_bounces "$1/Maildir/new" "$2"
	config "$1/c.cfg" "$3" "$1/Maildir" "$4" "batch_size = 50;"
}
no_tmp_files() { # DIR...: no atomic-file or stray temp file anywhere below
	find "$@" -name '*.tmp.*' 2>/dev/null | head -3
}
run_b() { # OUTFILE CFG [ARGS]: stderr to OUTFILE, echoes the exit status
	_o=$1 _c=$2
	shift 2
	"$B" -q -c "$_c" "$@" run >/dev/null 2>"$_o"
	echo $?
}
errors() { grep -v 'could not be parsed' "$1"; }

if ! mount_tmpfs "$D/probe" 64k; then
	skip "faults: mounting a tmpfs is not permitted here (needs root); full-disk and read-only cases not run"
	CAN_MOUNT=
else
	CAN_MOUNT=1
	umount "$D/probe"
fi

# --- the reference: a clean run over the same 1000 messages ----------------------
R=$D/ref
setup "$R" 1000 "$R/db" "$R/reports"
rc=$(run_b "$R/err" "$R/c.cfg")
ref=$(db_counts "$R/db/bouncer.db")
check_contains "reference run: database intact" "$ref" "integrity=ok "

# --- disk full while writing the database -------------------------------------------
if [ -n "$CAN_MOUNT" ]; then
	F=$D/dbfull
	mount_tmpfs "$F/db" 1m
	setup "$F" 1000 "$F/db" "$F/reports"
	rc=$(run_b "$F/err" "$F/c.cfg")
	check_eq "database disk full: exit 75" "$rc" 75
	check_contains "database disk full: names the database" "$(errors "$F/err")" "$F/db/bouncer.db"
	check_contains "database disk full: says the disk is full" "$(errors "$F/err")" "full"
	check_contains "database disk full: database still passes integrity_check" \
		"$(db_counts "$F/db/bouncer.db")" "integrity=ok "
	left=$(inbox_count "$F/Maildir")
	if [ "$left" -gt 0 ]; then ok "database disk full: mail of the failed batches stays in the inbox ($left)"; else not_ok "database disk full: mail of the failed batches stays in the inbox"; fi
	check_eq "database disk full: no temp file left" "$(no_tmp_files "$F")" ""
	# More room: the rerun must end exactly where one clean run ends, so
	# no message left the inbox without being recorded.
	mount -o remount,size=64m "$F/db"
	rc=$(run_b "$F/err2" "$F/c.cfg")
	case $rc in 0 | 65) ok "database disk full: rerun with room exits 0 or 65" ;; *) not_ok "database disk full: rerun with room exits 0 or 65 (got $rc)" ;; esac
	check_eq "database disk full: after the rerun every count equals the clean run's" \
		"$(db_counts "$F/db/bouncer.db")" "$ref"
	check_eq "database disk full: after the rerun the inbox is empty" "$(inbox_count "$F/Maildir")" 0
fi

# --- the same under ASan+UBSan: a stopped batch is an error path ----------------------
# (it once freed the batch array under the Maildir source: a double free)
if [ -n "$CAN_MOUNT" ] && [ -n "${BOUNCER_ASAN:-}" ] && [ -x "$BOUNCER_ASAN" ]; then
	F=$D/dbfull-asan
	mount_tmpfs "$F/db" 1m
	setup "$F" 1000 "$F/db" "$F/reports"
	"$BOUNCER_ASAN" -q -c "$F/c.cfg" run >/dev/null 2>"$F/err"
	check_eq "database disk full under ASan+UBSan: exit 75" "$?" 75
	check_eq "database disk full under ASan+UBSan: no sanitizer report" \
		"$(grep -e 'ERROR: AddressSanitizer' -e 'runtime error' -e 'LeakSanitizer' "$F/err" | head -3)" ""
elif [ -n "$CAN_MOUNT" ]; then
	skip "database disk full under ASan+UBSan: no ASan build (make asan)"
fi

# --- disk full while writing a report ------------------------------------------------
if [ -n "$CAN_MOUNT" ]; then
	F=$D/repfull
	mount_tmpfs "$F/reports" 1m
	setup "$F" 1000 "$F/db" "$F/reports"
	rm -f "$F"/Maildir/new/g0005* "$F"/Maildir/new/g0006* # 200 for a later run
	rc=$(run_b "$F/err" "$F/c.cfg")
	case $rc in 0 | 65) ok "reports with room: exit 0 or 65" ;; *) not_ok "reports with room: exit 0 or 65 (got $rc)" ;; esac
	cp "$F/reports/suppressed.csv" "$F/reports/report.html" "$F/"
	before=$(db_counts "$F/db/bouncer.db")
	# fill the disk, then bring new mail
	dd if=/dev/zero of="$F/reports/filler" bs=1k count=2048 2>/dev/null
	gen_bounces "$F/more" 700
	mv "$F"/more/g0005* "$F"/more/g0006* "$F/Maildir/new/"
	rc=$(run_b "$F/err2" "$F/c.cfg")
	check_eq "report disk full: exit 75" "$rc" 75
	check_contains "report disk full: names the report file" "$(errors "$F/err2")" "$F/reports/"
	check_contains "report disk full: says no space" "$(errors "$F/err2")" "No space left"
	check_eq "report disk full: no temp file left" "$(no_tmp_files "$F")" ""
	check "report disk full: the old suppressed.csv is intact (no partial report)" \
		cmp -s "$F/suppressed.csv" "$F/reports/suppressed.csv"
	check "report disk full: the old report.html is intact" cmp -s "$F/report.html" "$F/reports/report.html"
	after=$(db_counts "$F/db/bouncer.db")
	check_contains "report disk full: database intact" "$after" "integrity=ok "
	if [ "$after" != "$before" ]; then ok "report disk full: the new mail was still recorded"; else not_ok "report disk full: the new mail was still recorded"; fi
	check_eq "report disk full: recorded mail left the inbox" "$(inbox_count "$F/Maildir")" 0
	rm -f "$F/reports/filler"
	"$B" -q -c "$F/c.cfg" report 2>"$F/err3"
	check_eq "report disk full: bouncer report with room again exits 0" "$?" 0
	check "report disk full: ... and the reports are the new ones" sh -c "! cmp -s '$F/suppressed.csv' '$F/reports/suppressed.csv'"
fi

# --- disk full under the Maildir (no room for the new folders) -------------------------
if [ -n "$CAN_MOUNT" ]; then
	F=$D/mdfull
	gen_bounces "$F/gen" 100
	# exactly enough inodes for the inbox: .Processed cannot be created
	if mount_tmpfs "$F/Maildir" 4m,nr_inodes=105 && mkdir -p "$F/Maildir/new" "$F/Maildir/cur" "$F/Maildir/tmp" &&
		cp "$F"/gen/* "$F/Maildir/new/"; then
		config "$F/c.cfg" "$F" "$F/Maildir" "$F/reports"
		rc=$(run_b "$F/err" "$F/c.cfg")
		check_eq "Maildir disk full: exit 75" "$rc" 75
		check_contains "Maildir disk full: names the folder" "$(errors "$F/err")" "$F/Maildir/.Processed"
		check_contains "Maildir disk full: says no space" "$(errors "$F/err")" "No space left"
		check_eq "Maildir disk full: mail not moved" "$(inbox_count "$F/Maildir")" 100
		check_contains "Maildir disk full: database intact" "$(db_counts "$F/bouncer.db")" "integrity=ok "
		mount -o remount,nr_inodes=1000 "$F/Maildir"
		rc=$(run_b "$F/err2" "$F/c.cfg")
		case $rc in 0 | 65) ok "Maildir disk full: rerun with room exits 0 or 65" ;; *) not_ok "Maildir disk full: rerun with room exits 0 or 65 (got $rc)" ;; esac
		check_eq "Maildir disk full: the rerun moved everything" "$(inbox_count "$F/Maildir")" 0
		check_eq "Maildir disk full: each distinct message recorded once" \
			"$(sqlite3 "$F/bouncer.db" "select count(*) from messages")" \
			"$(cd "$F/gen" && sha256sum -- * | cut -d' ' -f1 | sort -u | wc -l | tr -d ' ')"
	else
		skip "Maildir disk full: cannot make a tmpfs with few inodes"
	fi
fi

# --- an unwritable report directory -----------------------------------------------
if :; then
	F=$D/repro
	setup "$F" 100 "$F/db" "$F/reports"
	rc=$(run_b "$F/err" "$F/c.cfg")
	cp "$F/reports/suppressed.csv" "$F/"
	gen_bounces "$F/more" 150
	mv "$F"/more/g00010* "$F"/more/g00011* "$F/Maildir/new/"
	if make_ro "$F/reports"; then
		rc=$(run_b "$F/err2" "$F/c.cfg")
		check_eq "read-only report directory: exit 78" "$rc" 78
		check_contains "read-only report directory: names the report path" "$(errors "$F/err2")" "$F/reports/"
		check_contains "read-only report directory: says why" "$(errors "$F/err2")" "cannot create temp file"
		check_eq "read-only report directory: no temp file left" "$(no_tmp_files "$F")" ""
		check "read-only report directory: old report intact" cmp -s "$F/suppressed.csv" "$F/reports/suppressed.csv"
		check_contains "read-only report directory: database intact" "$(db_counts "$F/db/bouncer.db")" "integrity=ok "
	else
		skip "read-only report directory: neither a read-only bind mount nor chmod can stop this user"
	fi
fi

# --- a read-only database --------------------------------------------------------------
F=$D/dbro
setup "$F" 100 "$F/db" "$F/reports"
rc=$(run_b "$F/err" "$F/c.cfg")
gen_bounces "$F/more" 150
mv "$F"/more/g00010* "$F"/more/g00011* "$F/Maildir/new/"
waiting=$(inbox_count "$F/Maildir")
sum=$(cksum <"$F/db/bouncer.db")
ro_db() { # LABEL: the run must refuse the database and leave everything alone
	rc=$(run_b "$F/err2" "$F/c.cfg")
	check_eq "$1: exit 78" "$rc" 78
	check_contains "$1: names the database" "$(errors "$F/err2")" "$F/db/bouncer.db"
	check_contains "$1: says it is not writable" "$(errors "$F/err2")" "not writable"
	check_eq "$1: mail not moved" "$(inbox_count "$F/Maildir")" "$waiting"
	check_eq "$1: database unchanged" "$(cksum <"$F/db/bouncer.db")" "$sum"
	check_eq "$1: no temp file left" "$(no_tmp_files "$F")" ""
}
if command -v chattr >/dev/null 2>&1 && chattr +i "$F/db/bouncer.db" 2>/dev/null; then
	on_exit "chattr -i '$F/db/bouncer.db' 2>/dev/null"
	ro_db "immutable database file (chattr +i)"
	chattr -i "$F/db/bouncer.db"
else
	skip "immutable database file: chattr +i not permitted on this file system"
fi
if make_ro "$F/db"; then
	ro_db "database in a read-only directory"
	undo_ro "$F/db"
else
	skip "database in a read-only directory: neither a read-only bind mount nor chmod can stop this user"
fi

# --- a missing Maildir -------------------------------------------------------------
F=$D/nomd
mkdir -p "$F"
config "$F/c.cfg" "$F" "$F/no-such-Maildir" "$F/reports"
rc=$(run_b "$F/err" "$F/c.cfg")
check_eq "missing Maildir: exit 78" "$rc" 78
check_contains "missing Maildir: names the path" "$(cat "$F/err")" "$F/no-such-Maildir"
check_eq "missing Maildir: not created behind the user's back" "$(ls -d "$F/no-such-Maildir" 2>/dev/null)" ""
check_eq "missing Maildir: no temp file left" "$(no_tmp_files "$F")" ""
