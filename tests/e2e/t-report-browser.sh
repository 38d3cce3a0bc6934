#!/bin/sh
# t-report-browser.sh: the HTML report in a real browser (headless Chromium).
#
# The report comes from a small known database (the unit test
# test-report-store writes it with REPORT_KEEP_DIR). Checks: the page refers
# to nothing outside itself (no src/href/@import/url()), Chromium loads it
# without a single network request (its NetLog), the chart in the rendered
# DOM has one bar group per day with data, and screenshots for a desktop
# and a phone width are written (kept in $REPORT_SHOTS when set, to look at).
# Chromium is installed through apt-get when missing; without it: skip.
. "$(dirname "$0")/../lib/lib.sh"

find_chromium() {
	for c in chromium chromium-browser; do
		command -v "$c" 2>/dev/null && return 0
	done
	return 1
}

install_chromium() {
	if [ "$(id -u)" -eq 0 ]; then
		SUDO=
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
		SUDO="sudo -n"
	else
		return 1
	fi
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
		chromium >/dev/null 2>&1 && return 0
	$SUDO apt-get update -qq >/dev/null 2>&1
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
		chromium >/dev/null 2>&1
}

browser=$(find_chromium)
if [ -z "$browser" ]; then
	install_chromium
	browser=$(find_chromium)
fi
if [ -z "$browser" ]; then
	skip "report in a browser: chromium is not installed and apt-get install chromium failed"
	exit 0
fi

helper=$TOP/${B:-build}/tests/test-report-store
[ -x "$helper" ] || (cd "$TOP" && make -s "${B:-build}/tests/test-report-store" >/dev/null 2>&1)
if [ ! -x "$helper" ]; then
	not_ok "report in a browser: cannot build $helper"
	exit 1
fi

out=$(tmpdir)
REPORT_KEEP_DIR=$out "$helper" >"$out/helper.log" 2>&1
check "helper wrote the report from a known database" test -s "$out/report.html"
html=$out/report.html

# 1. Nothing outside the file: no URL in src/href, no @import, no url(),
#    no script, no external stylesheet or image.
refs=$(grep -Eio '(src|href|action|srcset)[[:space:]]*=|@import|url\(|<(script|link|img|iframe|object|embed)\b' \
	"$html" "$out/report-ja.html" | head -5)
check_eq "report refers to nothing outside itself" "$refs" ""

# 2. Chromium loads it without any network request. Every host resolves to
#    nothing, so even Chromium's own background requests stay local.
chrome() { # args...
	prof=$(tmpdir)
	timeout 90 "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
		--disable-component-update --disable-sync --no-first-run --user-data-dir="$prof" \
		--disable-dev-shm-usage --hide-scrollbars --host-resolver-rules='MAP * ~NOTFOUND' \
		"$@" 2>>"$out/chromium.log"
}
# URLs the page asked for, from a NetLog: requests Chromium makes for itself
# (update checks, clock) have no initiator ("not an origin"); a file://
# page's requests have one.
page_requests() { # netlog.json
	python3 - "$1" <<'PY'
import json, sys
log = json.load(open(sys.argv[1]))
start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
for e in log.get("events", []):
    p = e.get("params", {})
    if e["type"] == start and p.get("initiator", "not an origin") != "not an origin":
        print(p.get("url", ""))
PY
}
# First prove the detector: a page with one remote image must show up.
printf '<!DOCTYPE html><p>probe<img src="http://bouncer-probe.invalid/x.png">\n' >"$out/probe.html"
chrome --log-net-log="$out/probe.json" --dump-dom "file://$out/probe.html" >/dev/null
check_contains "NetLog check sees a page's request (probe)" "$(page_requests "$out/probe.json" 2>&1)" \
	"http://bouncer-probe.invalid/x.png"
chrome --log-net-log="$out/net.json" --dump-dom "file://$html" >"$out/dom.html"
check "chromium rendered the DOM" grep -q '</html>' "$out/dom.html"
if [ -s "$out/net.json" ]; then
	check_eq "no network request while loading the report (NetLog)" \
		"$(page_requests "$out/net.json" 2>&1 | sort -u | head -5)" ""
else
	not_ok "chromium wrote no NetLog"
fi

# 3. The chart: one bar group per day with data, each with a bar. The known
#    database has bounces on 13 days.
groups=$(grep -o '<g class="day"' "$out/dom.html" | wc -l | tr -d ' ')
check_eq "chart has one bar group per day with data" "$groups" 13
empty=$(sed 's/<g class="day"/\n&/g' "$out/dom.html" | grep '^<g class="day"' |
	sed 's/<\/g>.*//' | grep -vc '<rect' || true)
check_eq "every bar group has a bar" "$empty" 0
check_contains "mail text stays text in the DOM" "$(cat "$out/dom.html")" \
	'&lt;script&gt;alert(1)&lt;/script&gt;@evil.example'
check "no script element in the DOM" sh -c "! grep -qi '<script' '$out/dom.html'"

# 4. Screenshots: desktop and phone width, and the Japanese report (a CJK
#    font makes it readable: fonts-ipafont-gothic or fonts-noto-cjk).
shot() { # name width height page
	chrome --window-size="$2,$3" --screenshot="$out/$1.png" "file://$out/$4" >/dev/null
	if [ "$(head -c 4 "$out/$1.png" 2>/dev/null | od -An -c | tr -d ' ')" = '211PNG' ]; then
		ok "screenshot $1 ($2x$3)"
	else
		not_ok "screenshot $1 ($2x$3)"
	fi
}
shot desktop 1280 2600 report.html
shot phone 412 4200 report.html
shot japanese 1280 2600 report-ja.html

# 5. Printable: Chromium makes a PDF of it.
chrome --print-to-pdf="$out/report.pdf" "file://$html" >/dev/null
check_eq "report prints to PDF" "$(head -c 5 "$out/report.pdf" 2>/dev/null)" "%PDF-"

if [ -n "${REPORT_SHOTS:-}" ]; then
	mkdir -p "$REPORT_SHOTS" && cp "$out"/*.png "$out/report.html" "$out/report.pdf" "$REPORT_SHOTS"/
fi
