# lib.sh: helpers for end-to-end tests (sourced by tests/e2e/t-*.sh).
#
#   ok NAME / not_ok NAME / skip NAME      print one result line
#   check NAME CMD...                      ok when CMD succeeds
#   check_eq NAME GOT WANT                 ok when equal, else shows both
#   check_contains NAME HAYSTACK NEEDLE
#   tmpdir                                 a fresh directory below $TEST_TMP (removed at exit)
#   corpus                                 path of ../shared/corpus, or empty
#
# BOUNCER is the binary under test (set by tests/run.sh).
TOP=$(cd "$(dirname "$0")/../.." && pwd)
BOUNCER=${BOUNCER:-$TOP/bouncer}
# Everything a test makes lives below one directory, removed at exit.
TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/bouncer-e2e.XXXXXX") || exit 2
_cleanup_dirs=$TEST_TMP
_cleanup_cmds=
_cleanup() {
	eval "$_cleanup_cmds"
	# shellcheck disable=SC2086
	[ -n "$_cleanup_dirs" ] && rm -rf $_cleanup_dirs
}
trap _cleanup EXIT
trap 'exit 130' INT TERM

ok() { echo "ok - $*"; }
not_ok() { echo "not ok - $*"; }
skip() { echo "skip - $*"; }
on_exit() { _cleanup_cmds="$_cleanup_cmds
$*"; }

check() {
	_n=$1
	shift
	if "$@" >/dev/null 2>&1; then ok "$_n"; else not_ok "$_n"; fi
}
check_eq() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1"
		printf '#   got  %s\n#   want %s\n' "$2" "$3"
	fi
}
check_contains() {
	case "$2" in
	*"$3"*) ok "$1" ;;
	*)
		not_ok "$1"
		printf '#   %s\n#   does not contain %s\n' "$(printf '%s' "$2" | head -c 400)" "$3"
		;;
	esac
}
tmpdir() { mktemp -d "$TEST_TMP/d.XXXXXX"; }
corpus() {
	if [ -d "$TOP/../shared/corpus/bounces" ]; then
		(cd "$TOP/../shared/corpus" && pwd)
	fi
}
