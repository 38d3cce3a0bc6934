#!/bin/sh
# t-imap-dns.sh: a DNS resolver that never answers stops the IMAP source at
# its per-wait timeout (and at the run deadline), not after resolv.conf's own
# timeouts: SRC_TEMPFAIL, with the host named in the message.
#
# The resolver is a UDP socket on 127.77.X.Y:53 (random, so that parallel
# runs do not collide) that reads nothing and says nothing. The test binary sees it through a resolv.conf bind-mounted over
# /etc/resolv.conf in a private mount namespace (unshare -m), which asks glibc
# to wait 30 s per query; the system's resolv.conf is never touched. Skips
# when namespaces or the port are not available.
. "$(dirname "$0")/../lib/lib.sh"

HOST=imap.bouncer-dns-test.example
NS=127.77.$(($$ % 250 + 1)).$(od -An -N1 -tu1 /dev/urandom | tr -d ' ')
bins=$(unit_bins test-poller-imap)
if [ -z "$bins" ]; then
	not_ok "IMAP DNS: test-poller-imap not built (make unit-tests)"
	exit 0
fi
if ! command -v unshare >/dev/null 2>&1 || ! unshare -m true 2>/dev/null; then
	skip "IMAP DNS: no private mount namespace here (unshare -m needs root or user namespaces)"
	exit 0
fi
if ! command -v python3 >/dev/null 2>&1; then
	skip "IMAP DNS: python3 missing (for the silent resolver)"
	exit 0
fi

# The silent resolver; it exits by itself after 120 s in any case.
python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
try:
    s.bind((sys.argv[1], 53))
except OSError as e:
    print("bind: %s" % e, file=sys.stderr)
    sys.exit(1)
print("ready", flush=True)
time.sleep(120)
' "$NS" >"$TEST_TMP/resolver.out" 2>&1 &
rpid=$!
on_exit "kill $rpid 2>/dev/null"
i=0
while ! grep -q ready "$TEST_TMP/resolver.out" 2>/dev/null && kill -0 "$rpid" 2>/dev/null && [ "$i" -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
if ! grep -q ready "$TEST_TMP/resolver.out"; then
	skip "IMAP DNS: cannot listen on $NS:53 ($(head -1 "$TEST_TMP/resolver.out"))"
	exit 0
fi
printf 'nameserver %s\noptions timeout:30 attempts:1\n' "$NS" >"$TEST_TMP/resolv.conf"

for bin in $bins; do
	case "$bin" in */build-asan/*) kind=asan ;; *) kind=plain ;; esac
	# shellcheck disable=SC2016 # expanded by the inner shell
	IMAP_TEST_MODE=dns IMAP_DNS_HOST=$HOST RC=$TEST_TMP/resolv.conf BIN=$bin \
		ASAN_OPTIONS=detect_leaks=1 unshare -m sh -c \
		'mount --bind "$RC" /etc/resolv.conf && exec "$BIN"' >"$TEST_TMP/out" 2>"$TEST_TMP/err"
	rc=$?
	sed "s/^\(ok\|not ok\|skip\) - /\1 - imap-dns[$kind]: /" "$TEST_TMP/out"
	if [ "$rc" -ne 0 ] && ! grep -q '^not ok' "$TEST_TMP/out"; then
		not_ok "imap-dns[$kind]: exited $rc"
		sed 's/^/#   /' "$TEST_TMP/err" | head -20
	fi
	check_eq "imap-dns[$kind]: the system resolv.conf is untouched" \
		"$(grep -c "$NS" /etc/resolv.conf)" 0
done
