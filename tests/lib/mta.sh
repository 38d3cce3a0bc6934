# mta.sh: real mail servers (Debian's own packages) on loopback for end-to-end tests.
#
# Source it after lib.sh:
#   mta_install PKG FILE     install Debian package PKG when FILE is missing (root only,
#                            a policy-rc.d that exits 101 so no system daemon starts);
#                            fails when it cannot be installed
#   mta_isolated SECS CMD... run CMD in new network, mount, PID and UTS namespaces, at
#                            most SECS seconds: only lo (up), /etc/resolv.conf says
#                            127.0.0.1, the host name is mta.bounce.test.
#                            Every process started inside dies with CMD (the kernel
#                            kills a PID namespace with its first process), also on timeout.
#   mta_isolation_works      true when the namespaces above can be made here
#
#   mta_cases DIR            write the shared cases: DIR/rules (the sink's replies) and
#                            DIR/rcpts (one message each: RECIPIENT [SIZE])
#   mta_unpack PKG DIR       apt-get download PKG and unpack it into DIR (dpkg-deb -x),
#                            for MTAs that conflict with the installed one
#   mta_bouncer_run DIR      `bouncer run` over IMAPS against the test Dovecot
#                            (dovecot.sh), database DIR/bouncer.db; its exit status
#   mta_check_bouncer MTA DIR N   mta_bouncer_run, then the outcome every MTA must give
#                            for mta_cases (N reports in the INBOX; lib.sh's checks);
#                            what differs by MTA (expiry, local full mailbox) is the test's
#   mta_addr ADDR            "state|reason" of ADDR in that database (0 active, 1 watch,
#                            2 suppressed); mta_events ADDR: its events, "reason:effect ..."
#
# Inside the namespaces (tests/lib/mta-postfix.sh, mta-exim.sh, mta-opensmtpd.sh):
#   mta_sink_start DIR       tests/lib/smtp-sink.py on 127.0.0.1:$MTA_SINK_PORT with the
#                            rules in DIR/rules, accepted mail in DIR/sink/, plus the
#                            NXDOMAIN DNS on 127.0.0.1:53
#   mta_wait SECS CMD...     poll CMD every 0.2 s until it succeeds; false after SECS
#   mta_send_all DIR CMD...  one message per line of DIR/rcpts, piped to CMD... RECIPIENT
#   mta_ns_users DIR NAME:UID...  system users (and groups) that are not installed: added
#                            to copies of /etc/passwd and /etc/group in DIR, bind-mounted
#
# Nothing here touches the system MTA, its config or its ports.

MTA_SINK_PORT=${MTA_SINK_PORT:-2525}
MTA_PY=${MTA_PY:-/usr/bin/python3}

# mta_require: the checks every real-MTA test starts with. Prints the skip line
# (naming $NAME) and returns 1 when the test cannot run here.
mta_require() {
	if ! mta_isolation_works; then
		skip "$NAME: needs root, unshare and ip for private network namespaces"
		return 1
	fi
	if ! dovecot_available || ! command -v sqlite3 >/dev/null 2>&1 || [ ! -x "$MTA_PY" ]; then
		skip "$NAME: dovecot, doveadm, openssl, sqlite3 or python3 missing (make deps)"
		return 1
	fi
	return 0
}

# mta_run LABEL LOG SCRIPT DIR [ARGS...]: start Dovecot, run the MTA script in its
# private namespaces (90 s at most), and check what every MTA must do: all mail
# delivered or bounced in time, nothing of it left running, the accepted message
# at the receiving server. On failure the tail of LOG (the MTA's log) is shown.
mta_run() {
	_label=$1 _log=$2 _script=$3 _dir=$4
	shift 4
	dovecot_start || { not_ok "$NAME: Dovecot did not start"; exit 0; }
	mta_isolated 90 sh "$TOP/tests/lib/$_script" "$_dir" "$DOVECOT_DIR/home" "$@" 2>"$_dir/run.err"
	_rc=$?
	check_eq "$_label: every message delivered or bounced within the time limit" "$_rc" 0
	if [ "$_rc" -ne 0 ]; then
		sed 's/^/#   /' "$_dir/run.err" | head -20
		tail -n 20 "$_log" 2>/dev/null | cut -c1-200 | sed 's/^/#   /'
	fi
	check "$_label: no process of its namespace is left" mta_namespace_gone "$_dir/pidns"
	check "$_label: the accepted message reached the receiving server" \
		sh -c "ls '$_dir/sink' | grep -q '^ok\\.'"
}

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
		unshare --net --mount --pid --uts --fork true 2>/dev/null
}

# The first process inside: lo up, private resolv.conf, then CMD.
_mta_ns_init='ip link set lo up || exit 1
hostname mta.bounce.test
printf "nameserver 127.0.0.1\noptions timeout:1 attempts:1\n" >"$MTA_NS_DIR/resolv.conf"
mount --bind "$MTA_NS_DIR/resolv.conf" /etc/resolv.conf || exit 1
"$@"'

mta_isolated() { # SECS CMD...
	_secs=$1
	shift
	_nsd=$(mktemp -d "${TEST_TMP:-/tmp}/ns.XXXXXX") || return 1
	# --kill-child: if timeout stops unshare, its child (PID 1 inside) gets SIGKILL,
	# which takes every process of the namespace with it.
	MTA_NS_DIR=$_nsd timeout -k 5 "$_secs" unshare --net --mount --pid --uts --fork \
		--kill-child --mount-proc sh -c "$_mta_ns_init" mta-ns "$@"
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

# The cases every MTA test runs: what the receiving server answers, by local part
# (see smtp-sink.py), and one message per recipient (a size makes it that big).
# full@local.test is the MTA's own nearly full mailbox, no-such-domain.test gets
# NXDOMAIN, ok@ is accepted.
mta_cases() { # DIR
	cat >"$1/rules" <<'EOF'
unknown rcpt 550 5.1.1 <unknown@remote.test>: Recipient address rejected: User unknown in virtual mailbox table
full    rcpt 552 5.2.2 <full@remote.test>: Mailbox full, quota exceeded
later   rcpt 452 4.2.2 <later@remote.test>: Mailbox full, try again later
relay   rcpt 554 5.7.1 <relay@remote.test>: Relay access denied
big     data 552 5.3.4 Message size exceeds fixed maximum message size
EOF
	cat >"$1/rcpts" <<'EOF'
unknown@remote.test
full@remote.test
later@remote.test
relay@remote.test
big@remote.test 3000
ok@remote.test
nobody@no-such-domain.test
full@local.test 3000
EOF
}

# A plain newsletter of about SIZE bytes (filler lines) to RCPT.
mta_message() { # RCPT N SIZE
	printf 'From: News <news@bounce.test>\nTo: <%s>\nSubject: November news %s\n' "$1" "$2"
	printf 'Message-ID: <news-%s@bounce.test>\nDate: %s\nMIME-Version: 1.0\n' "$2" "$(date -R)"
	printf 'Content-Type: text/plain; charset=us-ascii\n\nHello, this is the November issue.\n'
	_left=${3:-0}
	while [ "$_left" -gt 0 ]; do
		echo 'Filler line to make the message as big as the case needs it, 72 chars.'
		_left=$((_left - 73))
	done
}

mta_send_all() { # DIR CMD...
	_sd=$1
	shift
	_n=0
	while read -r _rcpt _size; do
		_n=$((_n + 1))
		mta_message "$_rcpt" "$_n" "$_size" | "$@" "$_rcpt" ||
			echo "mta: $1 refused $_rcpt" >&2
	done <"$_sd/rcpts"
}

mta_unpack() { # PKG DIR
	mkdir -p "$2/deb" || return 1
	# As root, apt hands the download to _apt, which cannot write to our 0700 temp dirs.
	(cd "$2/deb" && apt-get download -q -o APT::Sandbox::User=root "$1" >"$2/download.log" 2>&1) ||
		{ echo "mta_unpack: apt-get download $1 failed: $(tail -n 1 "$2/download.log")" >&2; return 1; }
	dpkg-deb -x "$2"/deb/"$1"_*.deb "$2" || { echo "mta_unpack: dpkg-deb -x failed for $1" >&2; return 1; }
}

mta_bouncer_run() { # DIR
	MTA_DB=$1/bouncer.db
	dovecot_config "$1/bouncer.cfg" csv=true
	"$BOUNCER" -c "$1/bouncer.cfg" run >"$1/run.out" 2>"$1/run.err"
}

mta_sql() { sqlite3 "$MTA_DB" "$1"; }
mta_addr() { mta_sql "select state || '|' || reason from addresses where address = '$1'"; }
mta_events() {
	mta_sql "select group_concat(reason || ':' || effect, ' ') from
		(select reason, effect from events where address = '$1' order by id)"
}

# What bouncer must make of any MTA's reports for mta_cases, with the default policy.
mta_check_bouncer() { # MTA DIR N
	mta_bouncer_run "$2"
	_rc=$?
	check_eq "$1: bouncer run over IMAPS exits 0" "$_rc" 0
	[ "$_rc" -eq 0 ] || sed 's/^/#   /' "$2/run.err" | head -10
	check_eq "$1: the INBOX is empty afterwards" "$(dovecot_count INBOX)" 0
	check_eq "$1: all $3 reports moved to Processed" "$(dovecot_count Processed)" "$3"
	check_eq "$1: run counts: $3 seen, $3 bounces, nothing for review" \
		"$(mta_sql 'select seen || " " || bounces || " " || review from runs order by id desc limit 1')" \
		"$3 $3 0"
	check_eq "$1: every report read by the $1 decoder" \
		"$(mta_sql 'select group_concat(distinct decodedby) from events')" "$1"
	check_eq "$1: unknown user (550 5.1.1): suppressed, userunknown" "$(mta_addr unknown@remote.test)" "2|userunknown"
	check_eq "$1: remote mailbox full (552 5.2.2): watch, mailboxfull" "$(mta_addr full@remote.test)" "1|mailboxfull"
	check_eq "$1: local mailbox full: watch, mailboxfull" "$(mta_addr full@local.test)" "1|mailboxfull"
	check_eq "$1: the expired 452 4.2.2 puts the address on watch" \
		"$(mta_sql "select state from addresses where address = 'later@remote.test'")" 1
	check_eq "$1: unknown domain (NXDOMAIN): hostunknown, counted" \
		"$(mta_events nobody@no-such-domain.test)" "hostunknown:counted"
	check_eq "$1: unknown domain: not suppressed after one bounce (the policy wants two days)" \
		"$(mta_sql "select state from addresses where address = 'nobody@no-such-domain.test'")" 0
	check_eq "$1: relay denied (554 5.7.1): a sender alert" "$(mta_events relay@remote.test)" "norelaying:sender_alert"
	check_eq "$1: message too big (552 5.3.4): a sender alert" "$(mta_events big@remote.test)" "mesgtoobig:sender_alert"
	check_eq "$1: sender alerts never suppress or watch the address" \
		"$(mta_sql "select count(*) from addresses where address in ('relay@remote.test', 'big@remote.test') and state <> 0")" 0
	check_eq "$1: sender alerts counted against remote.test" \
		"$(mta_sql "select group_concat(reason, ' ') from (select reason from sender_alerts where domain = 'remote.test' order by reason)")" \
		"mesgtoobig norelaying"
	check_eq "$1: the delivered address is unknown to bouncer" \
		"$(mta_sql "select count(*) from events where address = 'ok@remote.test'")" 0
	check_eq "$1: exactly one address suppressed" "$(mta_sql 'select count(*) from addresses where state = 2')" 1
	check_contains "$1: show explains the suppression" "$("$BOUNCER" -c "$2/bouncer.cfg" show unknown@remote.test 2>&1)" \
		"userunknown"
}

mta_ns_users() { # DIR NAME:UID...
	_ud=$1
	shift
	cp /etc/passwd "$_ud/passwd" && cp /etc/group "$_ud/group" || return 1
	for _nu in "$@"; do
		grep -q "^${_nu%%:*}:" "$_ud/passwd" ||
			echo "${_nu%%:*}:x:${_nu#*:}:${_nu#*:}:test MTA:/nonexistent:/usr/sbin/nologin" >>"$_ud/passwd"
		grep -q "^${_nu%%:*}:" "$_ud/group" || echo "${_nu%%:*}:x:${_nu#*:}:" >>"$_ud/group"
	done
	mount --bind "$_ud/passwd" /etc/passwd && mount --bind "$_ud/group" /etc/group
}
