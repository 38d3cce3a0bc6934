# mta.sh: real mail servers (Debian's own packages) on loopback for end-to-end tests.
#
# Source it after lib.sh:
#   mta_install PKG FILE     install Debian package PKG when FILE is missing (root only,
#                            a policy-rc.d that exits 101 so no system daemon starts);
#                            fails when it cannot be installed
#   mta_isolated SECS CMD... run CMD in new network, mount and PID namespaces, at most
#                            SECS seconds: only lo (up), /etc/resolv.conf says 127.0.0.1.
#                            Every process started inside dies with CMD (the kernel
#                            kills a PID namespace with its first process), also on timeout.
#   mta_isolation_works      true when the namespaces above can be made here
#
# Inside the namespaces (tests/lib/mta-postfix.sh uses these):
#   mta_sink_start DIR       tests/lib/smtp-sink.py on 127.0.0.1:$MTA_SINK_PORT with the
#                            rules in DIR/rules, accepted mail in DIR/sink/, plus the
#                            NXDOMAIN DNS on 127.0.0.1:53
#   mta_wait SECS CMD...     poll CMD every 0.2 s until it succeeds; false after SECS
#
# Nothing here touches the system MTA, its config or its ports.

MTA_SINK_PORT=${MTA_SINK_PORT:-2525}
MTA_PY=${MTA_PY:-/usr/bin/python3}

mta_install() { # PKG FILE
	[ -e "$2" ] && return 0
	[ "$(id -u)" -eq 0 ] || { echo "mta_install: $1 missing and not root" >&2; return 1; }
	# Never trade another installed MTA for it (they conflict): that is not ours to remove.
	if apt-get install -s --no-install-recommends "$1" 2>/dev/null | grep -q '^Remv'; then
		echo "mta_install: installing $1 would remove:" \
			"$(apt-get install -s "$1" 2>/dev/null | sed -n 's/^Remv \([^ ]*\).*/\1/p' | tr '\n' ' ')" >&2
		return 1
	fi
	_prc=/usr/sbin/policy-rc.d
	_made=
	if [ ! -e "$_prc" ]; then
		printf '#!/bin/sh\nexit 101\n' >"$_prc" && chmod 755 "$_prc" && _made=1
	fi
	_rc=0
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$1" \
		>"${TEST_TMP:-/tmp}/apt-$1.log" 2>&1 || _rc=$?
	if [ "$_rc" -ne 0 ]; then
		# A stale package list is the usual cause; one update, one retry.
		apt-get update -qq >/dev/null 2>&1
		_rc=0
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$1" \
			>"${TEST_TMP:-/tmp}/apt-$1.log" 2>&1 || _rc=$?
	fi
	[ -n "$_made" ] && rm -f "$_prc"
	if [ "$_rc" -ne 0 ] || [ ! -e "$2" ]; then
		echo "mta_install: apt-get install $1 failed: $(tail -n 1 "${TEST_TMP:-/tmp}/apt-$1.log")" >&2
		return 1
	fi
}

mta_isolation_works() {
	[ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null 2>&1 && command -v ip >/dev/null 2>&1 &&
		unshare --net --mount --pid --fork true 2>/dev/null
}

# The first process inside: lo up, private resolv.conf, then CMD.
_mta_ns_init='ip link set lo up || exit 1
printf "nameserver 127.0.0.1\noptions timeout:1 attempts:1\n" >"$MTA_NS_DIR/resolv.conf"
mount --bind "$MTA_NS_DIR/resolv.conf" /etc/resolv.conf || exit 1
"$@"'

mta_isolated() { # SECS CMD...
	_secs=$1
	shift
	_nsd=$(mktemp -d "${TEST_TMP:-/tmp}/ns.XXXXXX") || return 1
	# --kill-child: if timeout stops unshare, its child (PID 1 inside) gets SIGKILL,
	# which takes every process of the namespace with it.
	MTA_NS_DIR=$_nsd timeout -k 5 "$_secs" unshare --net --mount --pid --fork --kill-child \
		--mount-proc sh -c "$_mta_ns_init" mta-ns "$@"
}

mta_wait() { # SECS CMD...
	_end=$(($(date +%s) + $1))
	shift
	while ! "$@" >/dev/null 2>&1; do
		[ "$(date +%s)" -lt "$_end" ] || return 1
		sleep 0.2
	done
}

mta_sink_start() { # DIR
	mkdir -p "$1/sink"
	"$MTA_PY" "$TOP/tests/lib/smtp-sink.py" --listen "127.0.0.1:$MTA_SINK_PORT" \
		--rules "$1/rules" --spool "$1/sink" --dns 127.0.0.1:53 >"$1/sink.ready" 2>"$1/sink.log" &
	MTA_SINK_PID=$!
	mta_wait 10 grep -q ready "$1/sink.ready"
}

mta_sink_stop() {
	[ -n "${MTA_SINK_PID:-}" ] && kill "$MTA_SINK_PID" 2>/dev/null
	MTA_SINK_PID=
	return 0
}

# True when no process lives in the PID namespace named in FILE (written inside
# with `readlink /proc/self/ns/pid`).
mta_namespace_gone() { # FILE
	_ns=$(cat "$1" 2>/dev/null) || return 0
	for _p in /proc/[0-9]*; do
		[ "$(readlink "$_p/ns/pid" 2>/dev/null)" = "$_ns" ] && return 1
	done
	return 0
}
