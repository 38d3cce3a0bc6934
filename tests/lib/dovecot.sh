# dovecot.sh: a throwaway Dovecot on 127.0.0.1 for IMAP tests.
#
# Source it (after lib.sh) and call:
#   dovecot_start [DIR]        start an instance; sets and exports the variables below
#                              and registers its stop with lib.sh's on_exit (also when a
#                              test fails). DIR must be empty or missing (default: tmpdir).
#   dovecot_stop [DIR]         SIGTERM, wait, SIGKILL the process group if needed
#   dovecot_restart [DIR]      start again with the same config, ports and mail
#   dovecot_import [-f Folder] FILE...   drop messages into INBOX (or Folder) as Maildir
#                              files; UIDs follow the order of the arguments
#   dovecot_count [Folder]     number of messages in INBOX (or Folder)
#   doveadm_ ARGS...           doveadm against this instance
#   dovecot_source [KEY=VALUE...]  print a bouncer `sources` entry for this instance:
#                              { name "bounces", type "imap", host "localhost",
#                              port $IMAPS_PORT, tls "imaps", ca_file $IMAP_CA,
#                              username $IMAP_USER, password_env $IMAP_PW_ENV, timeout 10 }.
#                              KEY=VALUE replaces that setting (KEY= leaves it out; a
#                              password or password_file replaces password_env); other
#                              KEYs are added at the end. Numbers, true and false are bare.
#   dovecot_config FILE [KEY=VALUE...]  write a bouncer config with that one source:
#                              database and reports beside FILE (csv and html off);
#                              batch_size=N and csv=true are top-level, the rest as above
# Or run it: sh tests/lib/dovecot.sh start|stop|restart|import DIR ... (start prints the variables).
#
# Variables: DOVECOT_DIR DOVECOT_CONF DOVECOT_LOG DOVECOT_PIDFILE IMAP_HOST (127.0.0.1)
# IMAP_NAME (localhost) IMAP_WRONG_HOST (127.0.0.2: same server, not in the
# certificate) IMAP_PORT (plain + STARTTLS) IMAPS_PORT IMAP_USER IMAP_PASS IMAP_CA
# IMAP_OTHER_CA (a CA that signed nothing) IMAP_MAILDIR IMAP_PW_ENV (the name of an
# exported variable that holds IMAP_PASS, for password_env).
# Knobs: IMAP_USER/IMAP_PASS (test/secret), DOVECOT_NO_MOVE=1, DOVECOT_NO_UIDPLUS=1
# (capabilities without them), DOVECOT_FAST_STOP=1 (SIGKILL at once), DOVECOT_SNI=1
# (the default certificate is for "wrong.test" only; the right one, for localhost and
# 127.0.0.1, is served only to clients that send SNI "localhost": a `local_name` block).
#
# As root, Dovecot runs as nobody (setpriv): it refuses uid 0 for mail, and no root
# daemon should run. Nothing touches /etc/dovecot or the system instance.

DOVECOT_BIN=${DOVECOT_BIN:-/usr/sbin/dovecot}

dovecot_available() {
	[ -x "$DOVECOT_BIN" ] && command -v openssl >/dev/null 2>&1 && command -v doveadm >/dev/null 2>&1
}

_dv_run_user() {
	if [ "$(id -u)" -eq 0 ]; then echo nobody; else id -un; fi
}

# A free TCP port (not listening on any address), from a random start.
_dv_free_port() {
	_p=$(( $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 30000 + 20000 ))
	while :; do
		_hex=$(printf '%04X' "$_p")
		if ! grep -q ":$_hex " /proc/net/tcp /proc/net/tcp6 2>/dev/null; then
			echo "$_p"
			return
		fi
		_p=$((_p + 1))
	done
}

_dv_certs() { # DIR
	_t=$1/tls
	mkdir -p "$_t"
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
		-subj /CN=bouncer-test-ca -keyout "$_t/ca.key" -out "$_t/ca.pem" >/dev/null 2>&1 &&
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
		-subj /CN=bouncer-other-ca -keyout "$_t/other.key" -out "$_t/other-ca.pem" >/dev/null 2>&1 &&
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost \
		-keyout "$_t/server.key" -out "$_t/server.csr" >/dev/null 2>&1 &&
	printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >"$_t/ext" &&
	openssl x509 -req -in "$_t/server.csr" -CA "$_t/ca.pem" -CAkey "$_t/ca.key" -CAcreateserial \
		-days 2 -extfile "$_t/ext" -out "$_t/server.pem" >/dev/null 2>&1 || return 1
	[ -n "${DOVECOT_SNI:-}" ] || return 0
	# Signed by the same CA, so only the name can be wrong.
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=wrong.test \
		-keyout "$_t/wrong.key" -out "$_t/wrong.csr" >/dev/null 2>&1 &&
	printf 'subjectAltName=DNS:wrong.test\nextendedKeyUsage=serverAuth\n' >"$_t/wrong.ext" &&
	openssl x509 -req -in "$_t/wrong.csr" -CA "$_t/ca.pem" -CAkey "$_t/ca.key" -CAcreateserial \
		-days 2 -extfile "$_t/wrong.ext" -out "$_t/wrong.pem" >/dev/null 2>&1
}

_dv_conf() { # DIR PORT SPORT
	_caps=
	if [ -n "${DOVECOT_NO_MOVE:-}${DOVECOT_NO_UIDPLUS:-}" ]; then
		# Dovecot 2.3 cannot drop one capability: list them all.
		_caps="IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ NAMESPACE UNSELECT CHILDREN"
		[ -n "${DOVECOT_NO_UIDPLUS:-}" ] || _caps="$_caps UIDPLUS"
		[ -n "${DOVECOT_NO_MOVE:-}" ] || _caps="$_caps MOVE"
		_caps="imap_capability = $_caps"
	fi
	_cert=server
	_sni=
	if [ -n "${DOVECOT_SNI:-}" ]; then
		_cert=wrong
		_sni="local_name localhost {
  ssl_cert = <$1/tls/server.pem
  ssl_key = <$1/tls/server.key
}"
	fi
	_ru=$(_dv_run_user)
	_uid=$(id -u "$_ru")
	_gid=$(id -g "$_ru")
	_gn=$(id -gn "$_ru")
	cat >"$1/dovecot.conf" <<EOF
# generated by tests/lib/dovecot.sh
instance_name = bouncer-test-$(basename "$1")
base_dir = $1/run
state_dir = $1/state
listen = 127.0.0.1
log_path = $1/dovecot.log
info_log_path = $1/dovecot.log
protocols = imap
default_internal_user = $_ru
default_internal_group = $_gn
default_login_user = $_ru
first_valid_uid = 1
stats_writer_socket_path =
ssl = yes
ssl_cert = <$1/tls/$_cert.pem
ssl_key = <$1/tls/$_cert.key
$_sni
disable_plaintext_auth = no
auth_failure_delay = 0
auth_mechanisms = plain login
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $1/users
}
userdb {
  driver = static
  args = uid=$_uid gid=$_gid home=$1/home/%u
}
mail_location = maildir:~/Maildir
mail_fsync = never
namespace inbox {
  inbox = yes
  separator = /
}
protocol imap {
  mail_max_userip_connections = 100
  $_caps
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1, 127.0.0.2
    port = $2
  }
  inet_listener imaps {
    address = 127.0.0.1, 127.0.0.2
    port = $3
    ssl = yes
  }
}
service anvil {
  chroot =
}
service auth-worker {
  user = $_ru
}
EOF
}

_dv_export() { # DIR
	DOVECOT_DIR=$1
	DOVECOT_CONF=$1/dovecot.conf
	DOVECOT_LOG=$1/dovecot.log
	DOVECOT_PIDFILE=$1/run/master.pid
	IMAP_HOST=127.0.0.1
	IMAP_NAME=localhost
	IMAP_WRONG_HOST=127.0.0.2
	IMAP_PORT=$(sed -n 's/^IMAP_PORT=//p' "$1/env")
	IMAPS_PORT=$(sed -n 's/^IMAPS_PORT=//p' "$1/env")
	IMAP_USER=$(sed -n 's/^IMAP_USER=//p' "$1/env")
	IMAP_PASS=$(sed -n 's/^IMAP_PASS=//p' "$1/env")
	IMAP_CA=$1/tls/ca.pem
	IMAP_OTHER_CA=$1/tls/other-ca.pem
	IMAP_MAILDIR=$1/home/$IMAP_USER/Maildir
	IMAP_PW_ENV=BOUNCER_TEST_IMAP_PW
	export DOVECOT_DIR DOVECOT_CONF DOVECOT_LOG DOVECOT_PIDFILE IMAP_HOST IMAP_NAME \
		IMAP_WRONG_HOST IMAP_PORT IMAPS_PORT IMAP_USER IMAP_PASS IMAP_CA IMAP_OTHER_CA IMAP_MAILDIR \
		IMAP_PW_ENV "$IMAP_PW_ENV=$IMAP_PASS"
}

# Start the master (as the run user) with the config in DIR. Returns once
# master.pid is written: the daemon's parent exits before that, and a stop
# that found no pid file would leave the instance running.
_dv_launch() { # DIR
	rm -f "$1/run/master.pid"
	if [ "$(id -u)" -eq 0 ]; then
		chown -R nobody:nogroup "$1"
		setpriv --reuid=nobody --regid=nogroup --clear-groups "$DOVECOT_BIN" -c "$1/dovecot.conf" ||
			return 1
	else
		"$DOVECOT_BIN" -c "$1/dovecot.conf" || return 1
	fi
	_i=0
	while [ ! -s "$1/run/master.pid" ]; do
		_i=$((_i + 1))
		[ "$_i" -lt 100 ] || { echo "dovecot: no master.pid after 5 s" >&2; return 1; }
		sleep 0.05
	done
}

dovecot_start() {
	_d=${1:-}
	if [ -z "$_d" ]; then
		_d=$(mktemp -d "${TEST_TMP:-${TMPDIR:-/tmp}}/dv.XXXXXX") || return 1
		# mktemp makes 0700 directories: the run user must get through.
		[ -n "${TEST_TMP:-}" ] && chmod 711 "$TEST_TMP"
	fi
	mkdir -p "$_d" && _d=$(cd "$_d" && pwd) || return 1
	[ -z "$(ls -A "$_d")" ] || { echo "dovecot_start: $_d is not empty" >&2; return 1; }
	chmod 755 "$_d"
	_dv_certs "$_d" || { echo "dovecot_start: openssl failed" >&2; return 1; }
	_u=${IMAP_USER:-test}
	_pw=${IMAP_PASS:-secret}
	printf '%s:{PLAIN}%s\n' "$_u" "$_pw" >"$_d/users"
	mkdir -p "$_d/home/$_u/Maildir/cur" "$_d/home/$_u/Maildir/new" "$_d/home/$_u/Maildir/tmp" \
		"$_d/run" "$_d/state"
	_try=0
	while :; do
		_port=$(_dv_free_port)
		_sport=$(_dv_free_port)
		[ "$_port" != "$_sport" ] || continue
		_dv_conf "$_d" "$_port" "$_sport"
		printf 'IMAP_PORT=%s\nIMAPS_PORT=%s\nIMAP_USER=%s\nIMAP_PASS=%s\n' \
			"$_port" "$_sport" "$_u" "$_pw" >"$_d/env"
		# Listeners are bound before the master forks: exit 0 = serving.
		_dv_launch "$_d" 2>>"$_d/start.err" && break
		_try=$((_try + 1))
		if [ "$_try" -ge 5 ]; then
			echo "dovecot_start: dovecot did not start:" >&2
			tail -n 5 "$_d/start.err" "$_d/dovecot.log" >&2
			return 1
		fi
	done
	_dv_export "$_d"
	command -v on_exit >/dev/null 2>&1 && on_exit "DOVECOT_FAST_STOP=1 dovecot_stop '$_d'"
	return 0
}

_dv_pid_alive() { # PID: not gone and not a zombie (zombies linger here)
	[ -r "/proc/$1/stat" ] || return 1
	_st=$(sed 's/^.*) //' "/proc/$1/stat" | cut -d' ' -f1)
	[ "$_st" != Z ] && [ "$_st" != X ]
}

dovecot_stop() {
	_d=${1:-$DOVECOT_DIR}
	[ -f "$_d/dovecot.conf" ] || return 0
	_pid=$(cat "$_d/run/master.pid" 2>/dev/null) || return 0
	[ -n "$_pid" ] || return 0
	# The master calls setsid: "-PID" is its whole process group. (No "--":
	# dash's kill does not take it.)
	if [ -n "${DOVECOT_FAST_STOP:-}" ]; then
		kill -KILL "-$_pid" 2>/dev/null || kill -KILL "$_pid" 2>/dev/null
	else
		kill -TERM "$_pid" 2>/dev/null
	fi
	_i=0
	while _dv_pid_alive "$_pid" && [ "$_i" -lt 50 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	if _dv_pid_alive "$_pid"; then
		kill -KILL "-$_pid" 2>/dev/null || kill -KILL "$_pid" 2>/dev/null
	fi
	rm -f "$_d/run/master.pid"
	return 0
}

dovecot_restart() {
	_d=${1:-$DOVECOT_DIR}
	_dv_launch "$_d" 2>>"$_d/start.err"
}

dovecot_import() {
	_f=
	_dest=$IMAP_MAILDIR
	# The counter lives in the instance dir, so imports from several
	# processes keep their order.
	_dv_seq=$(cat "$DOVECOT_DIR/import.seq" 2>/dev/null || echo 0)
	for _a in "$@"; do
		if [ "$_f" = next ]; then
			_dest=$IMAP_MAILDIR/.$_a
			_f=
			continue
		fi
		[ "$_a" = -f ] && { _f=next; continue; }
		mkdir -p "$_dest/tmp" "$_dest/new" "$_dest/cur"
		[ "$_dest" = "$IMAP_MAILDIR" ] || : >"$_dest/maildirfolder"
		_dv_seq=$((_dv_seq + 1))
		# Dovecot gives UIDs in file-name order: a zero-padded counter keeps
		# them in argument order.
		_n=$(printf '1700000000.M%06dP%s.bouncer' "$_dv_seq" "$$")
		cp "$_a" "$_dest/tmp/$_n" && mv "$_dest/tmp/$_n" "$_dest/new/$_n" || return 1
	done
	echo "$_dv_seq" >"$DOVECOT_DIR/import.seq"
	if [ "$(id -u)" -eq 0 ]; then
		chown -R nobody:nogroup "$IMAP_MAILDIR"
	fi
}

doveadm_() {
	doveadm -c "$DOVECOT_CONF" "$@"
}

dovecot_count() {
	doveadm -c "$DOVECOT_CONF" -f flow mailbox status -u "$IMAP_USER" messages "${1:-INBOX}" 2>/dev/null |
		sed 's/.*messages=//'
}

# One libconfig setting line (KEY VALUE); nothing when VALUE is empty.
_dv_setting() {
	case $2 in
	'') ;;
	true | false) printf '  %s = %s;\n' "$1" "$2" ;;
	*[!0-9]*) printf '  %s = "%s";\n' "$1" "$2" ;;
	*) printf '  %s = %s;\n' "$1" "$2" ;;
	esac
}

_dv_arg() { # KEY DEFAULT [KEY=VALUE...]: the value the arguments give KEY, else DEFAULT
	_k=$1 _v=$2
	shift 2
	for _a in "$@"; do
		case $_a in "$_k="*) _v=${_a#*=} ;; esac
	done
	printf '%s' "$_v"
}

# The settings dovecot_source writes itself, and those that belong to dovecot_config.
_DV_SOURCE_KEYS="name type host port tls ca_file username password_env password password_file timeout"
_DV_TOP_KEYS="batch_size csv"

dovecot_source() { # [KEY=VALUE...]
	_pwenv=$IMAP_PW_ENV
	for _a in "$@"; do
		case $_a in password=* | password_file=*) _pwenv= ;; esac
	done
	echo "{"
	for _key in $_DV_SOURCE_KEYS; do
		case $_key in
		name) _def=bounces ;;
		type) _def=imap ;;
		host) _def=localhost ;;
		port) _def=$IMAPS_PORT ;;
		tls) _def=imaps ;;
		ca_file) _def=$IMAP_CA ;;
		username) _def=$IMAP_USER ;;
		password_env) _def=$_pwenv ;;
		timeout) _def=10 ;;
		*) _def= ;;
		esac
		_dv_setting "$_key" "$(_dv_arg "$_key" "$_def" "$@")"
	done
	for _a in "$@"; do
		case " $_DV_SOURCE_KEYS $_DV_TOP_KEYS " in *" ${_a%%=*} "*) continue ;; esac
		_dv_setting "${_a%%=*}" "${_a#*=}"
	done
	echo "}"
}

dovecot_config() { # FILE [KEY=VALUE...]
	_cf=$1
	shift
	_cd=$(dirname "$_cf")
	{
		echo "database = \"$_cd/bouncer.db\";"
		_dv_setting batch_size "$(_dv_arg batch_size '' "$@")" | sed 's/^  //'
		echo "sources = ( $(dovecot_source "$@") );"
		echo "report = { dir = \"$_cd/reports\"; csv = $(_dv_arg csv false "$@"); html = false; };"
	} >"$_cf"
}

if [ "$(basename "$0")" = dovecot.sh ]; then
	cmd=${1:-}
	[ $# -gt 0 ] && shift
	case "$cmd" in
	start)
		dovecot_start "${1:-}" || exit 1
		cat "$DOVECOT_DIR/env"
		echo "DOVECOT_DIR=$DOVECOT_DIR"
		echo "IMAP_CA=$IMAP_CA"
		;;
	stop) dovecot_stop "$1" ;;
	restart) dovecot_restart "$1" ;;
	import)
		_dv_export "$1"
		shift
		dovecot_import "$@"
		;;
	*)
		echo "usage: sh tests/lib/dovecot.sh start [DIR] | stop DIR | restart DIR | import DIR [-f Folder] FILE..." >&2
		exit 2
		;;
	esac
fi
