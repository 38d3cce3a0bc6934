# lib.sh: helpers for end-to-end tests (sourced by tests/e2e/t-*.sh).
#
#   ok NAME / not_ok NAME / skip NAME      print one result line
#   check NAME CMD...                      ok when CMD succeeds
#   check_eq NAME GOT WANT                 ok when equal, else shows both
#   check_contains NAME HAYSTACK NEEDLE
#   require_tools LABEL TOOL...            false, after "skip - LABEL: TOOL missing", when a
#                                          TOOL is not on PATH: `require_tools x sqlite3 || exit 0`
#   unit_bins NAME                         the unit-test binary NAME as built ($B) and built
#                                          with ASan ($ASAN_B), those that exist, space-separated
#   tmpdir                                 a fresh directory below $TEST_TMP (removed at exit)
#   corpus                                 path of ../shared/corpus, or empty
#   dsn_bounce FILE RCPT [STATUS] [DIAG] [DATE]  write an RFC 3464 bounce of our own
#
# BOUNCER is the binary under test, BOUNCER_ASAN its ASan+UBSan build (both
# set by tests/run.sh; a test run by hand finds them in the tree).
TOP=$(cd "$(dirname "$0")/../.." && pwd)
BOUNCER=${BOUNCER:-$TOP/bouncer}
BOUNCER_ASAN=${BOUNCER_ASAN:-$TOP/build-asan/bouncer}
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
require_tools() {
	_rt_label=$1
	shift
	for _rt in "$@"; do
		command -v "$_rt" >/dev/null 2>&1 || { skip "$_rt_label: $_rt missing"; return 1; }
	done
}
unit_bins() {
	for _ub in "$TOP/${B:-build}/tests/$1" "$TOP/${ASAN_B:-build-asan}/tests/$1"; do
		[ -x "$_ub" ] && printf ' %s' "$_ub"
	done
	return 0
}
tmpdir() { mktemp -d "$TEST_TMP/d.XXXXXX"; }
corpus() {
	if [ -d "$TOP/../shared/corpus/bounces" ]; then
		(cd "$TOP/../shared/corpus" && pwd)
	fi
}

# dsn_bounce FILE RECIPIENT [STATUS] [DIAGNOSTIC] [DATE]: a Postfix-style RFC 3464
# bounce of our own for one recipient, with the returned message's headers.
# Defaults: 5.1.1, "550 5.1.1 <RECIPIENT>: Recipient address rejected: User
# unknown", Tue, 14 Nov 2023 10:00:00 +0000. Different recipients give
# different messages (content fingerprints), the same arguments the same bytes.
dsn_bounce() {
	_st=${3:-5.1.1}
	_dg=${4:-"550 $_st <$2>: Recipient address rejected: User unknown"}
	_dt=${5:-"Tue, 14 Nov 2023 10:00:00 +0000"}
	cat >"$1" <<EOF
Return-Path: <>
From: Mail Delivery System <MAILER-DAEMON@mx.example.net>
To: news@example.com
Subject: Undelivered Mail Returned to Sender
Date: $_dt
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B1"

--B1
Content-Type: text/plain

This is the mail system at host mx.example.net.
I'm sorry to have to inform you that your message could not be delivered.

--B1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net
Arrival-Date: $_dt

Final-Recipient: rfc822; $2
Original-Recipient: rfc822; $2
Action: failed
Status: $_st
Remote-MTA: dns; mail.example.org
Diagnostic-Code: smtp; $_dg

--B1
Content-Type: text/rfc822-headers

From: news@example.com
To: $2
Subject: November news
Message-ID: <news-$2@example.com>

--B1--
EOF
}
