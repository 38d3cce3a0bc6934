#!/bin/sh
# t-imap.sh: the IMAP source against a real Dovecot on 127.0.0.1.
#
# Starts Dovecot (tests/lib/dovecot.sh: IMAPS + STARTTLS + plain, test CA),
# runs the C tests in tests/unit/test-poller-imap.c against it (built as is
# and with ASan+UBSan when present), then again against servers without
# MOVE, and without MOVE and UIDPLUS, and one that picks its certificate by
# SNI (DOVECOT_SNI=1). Every server is stopped at exit, also
# when a test fails.
. "$(dirname "$0")/../lib/lib.sh"
. "$TOP/tests/lib/dovecot.sh"

if ! dovecot_available; then
	skip "IMAP: /usr/sbin/dovecot, doveadm or openssl missing (make deps installs dovecot-imapd)"
	exit 0
fi
bins=$(unit_bins test-poller-imap)
if [ -z "$bins" ]; then
	not_ok "IMAP: test-poller-imap not built (make unit-tests)"
	exit 0
fi
export DOVECOT_SH="$TOP/tests/lib/dovecot.sh"
cd "$TOP" || exit 2

# Run one test binary with a fresh server; prefix its lines with a tag.
run_against() { # TAG BINARY
	_tag=$1
	_bin=$2
	if ! dovecot_start; then
		not_ok "$_tag: Dovecot did not start"
		return
	fi
	ASAN_OPTIONS=detect_leaks=1 "$_bin" >"$TEST_TMP/out" 2>"$TEST_TMP/err"
	_rc=$?
	sed "s/^\(ok\|not ok\|skip\) - /\1 - $_tag: /" "$TEST_TMP/out"
	if [ "$_rc" -ne 0 ] && ! grep -q '^not ok' "$TEST_TMP/out"; then
		not_ok "$_tag: exited $_rc"
		sed 's/^/#   /' "$TEST_TMP/err" | head -20
	fi
	DOVECOT_FAST_STOP=1 dovecot_stop "$DOVECOT_DIR"
}

# A server that speaks only TLS 1.1 (openssl s_server, test certificate):
# refused in the handshake. Needs a TLS 1.1-capable OpenSSL (SECLEVEL=0).
tls11() { # BINARY TAG
	dovecot_start || { not_ok "$2: Dovecot (for its certificate) did not start"; return; }
	_p=$(_dv_free_port)
	openssl s_server -accept "127.0.0.1:$_p" -tls1_1 -cipher 'DEFAULT:@SECLEVEL=0' \
		-cert "$DOVECOT_DIR/tls/server.pem" -key "$DOVECOT_DIR/tls/server.key" -quiet \
		</dev/null >"$TEST_TMP/s11.out" 2>&1 &
	_spid=$!
	_i=0
	while ! grep -q ":$(printf '%04X' "$_p") " /proc/net/tcp && [ "$_i" -lt 30 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	IMAP_TEST_MODE=tls11 IMAP_TLS11_PORT=$_p "$1" | sed "s/^\(ok\|not ok\|skip\) - /\1 - $2: /"
	kill "$_spid" 2>/dev/null
	wait "$_spid" 2>/dev/null
	DOVECOT_FAST_STOP=1 dovecot_stop "$DOVECOT_DIR"
}

for bin in $bins; do
	case "$bin" in */build-asan/*) kind=asan ;; *) kind=plain ;; esac
	IMAP_TEST_MODE= run_against "imap[$kind]" "$bin"
	(DOVECOT_NO_MOVE=1 IMAP_TEST_MODE=nomove run_against "imap-nomove[$kind]" "$bin")
	(DOVECOT_NO_MOVE=1 DOVECOT_NO_UIDPLUS=1 IMAP_TEST_MODE=nomove-nouidplus \
		run_against "imap-nomove-nouidplus[$kind]" "$bin")
	(DOVECOT_SNI=1 IMAP_TEST_MODE=sni run_against "imap-sni[$kind]" "$bin")
	(tls11 "$bin" "imap-tls1.1[$kind]")
done
