#!/bin/sh
# deps.sh: install the Debian packages bouncer needs to build and test,
# when they are missing. As root through apt-get, otherwise through sudo;
# a clear message when neither works. --quiet prints nothing when all is there.
#
# Build: gcc make pkg-config libetpan-dev libgnutls28-dev libsqlite3-dev libconfig-dev
# Tests: sqlite3 (inspecting databases), dovecot-imapd (real IMAP server),
#        openssl (test CA), python3 (corpus scorer, hostile suite), time (peak memory)
# Bench: libsisimai-perl (the peer we measure against)
PKGS="gcc make pkg-config libetpan-dev libgnutls28-dev libsqlite3-dev libconfig-dev sqlite3 openssl python3 time dovecot-imapd libsisimai-perl"
quiet=
[ "${1:-}" = --quiet ] && quiet=1
missing=
for p in $PKGS; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)
	case "$st" in *"install ok installed"*) ;; *) missing="$missing $p" ;; esac
done
if [ -z "$missing" ]; then
	[ -n "$quiet" ] || echo "deps: all packages present"
	exit 0
fi
echo "deps: installing:$missing" >&2
if [ "$(id -u)" -eq 0 ]; then
	SUDO=
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	SUDO="sudo -n"
else
	echo "deps: missing Debian packages:$missing" >&2
	echo "deps: run as root, or install them with: sudo apt-get install$missing" >&2
	exit 1
fi
# Installing dovecot (or an MTA) must not start a system daemon: keep any
# policy-rc.d, or add one for the install only.
prc=/usr/sbin/policy-rc.d
made_prc=
if [ ! -e "$prc" ]; then
	printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$prc" >/dev/null && $SUDO chmod 755 "$prc" && made_prc=1
fi
export DEBIAN_FRONTEND=noninteractive
rc=0
$SUDO apt-get update -qq >/dev/null 2>&1 || true
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null || rc=$?
[ -n "$made_prc" ] && $SUDO rm -f "$prc"
if [ "$rc" -ne 0 ]; then
	echo "deps: apt-get install failed ($rc) for:$missing" >&2
	exit 1
fi
# If the package started the system dovecot anyway, stop it: tests run their own.
if command -v service >/dev/null 2>&1 && pgrep -x dovecot >/dev/null 2>&1 && [ -f /run/dovecot/master.pid ]; then
	$SUDO service dovecot stop >/dev/null 2>&1 || true
fi
[ -n "$quiet" ] || echo "deps: installed:$missing"
exit 0
