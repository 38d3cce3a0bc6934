#!/bin/sh
# t-security.sh: the security promises, checked from the outside.
#
# - the HTML report of hostile mail holds no markup from the mail, and no
#   tag in it runs or loads anything;
# - no CSV cell can start a spreadsheet formula (= + - @ TAB CR);
# - `config check` warns about an inline password in a file others can read,
#   and not when the file is 0600;
# - passwords never reach stdout or stderr, even with -vv protocol traces
#   (password_env, password_file, inline; right and wrong password), in any
#   form (plain, or base64 as AUTHENTICATE PLAIN would send it), nor the database;
# - TLS refuses a certificate it cannot verify (no CA given), before any login.
. "$(dirname "$0")/../lib/lib.sh"
. "$TOP/tests/lib/dovecot.sh"

B=$BOUNCER
D=$(tmpdir)
have_sqlite=$(command -v sqlite3)

# A DSN with one failed recipient per input line "address|diagnostic",
# hostile in every other field a report might show too.
hostile_dsn() { # FILE, recipients on stdin
	{
		cat <<'MAIL'
Return-Path: <>
From: Mail Delivery System <MAILER-DAEMON@mx.example.net>
To: news@example.com
Subject: Undelivered Mail <script>alert('subject')</script>
Date: Tue, 14 Nov 2023 10:00:00 +0000
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B1"

--B1
Content-Type: text/plain

Your message could not be delivered. <script>alert('body')</script>

--B1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net<img src=x onerror=alert('mta')>
MAIL
		while IFS='|' read -r rcpt diag; do
			printf '\nFinal-Recipient: rfc822; %s\nAction: failed\nStatus: 5.1.1\n' "$rcpt"
			printf 'Remote-MTA: dns; mx<script>alert(9)</script>.example.org\n'
			printf 'Diagnostic-Code: smtp; %s\n' "$diag"
		done
		cat <<'MAIL'

--B1
Content-Type: text/rfc822-headers

From: news@example.com
To: a<b>c@example.org
Subject: News "><script>alert('orig')</script>

--B1--
MAIL
	} >"$1"
}
# cells of a CSV file that a spreadsheet would read as a formula, one a line
formula_cells() { # FILE
	python3 -c '
import csv, sys
for row in csv.reader(open(sys.argv[1], newline="")):
    for c in row:
        if c[:1] in ("=", "+", "-", "@", "\t", "\r"):
            print(repr(c))' "$1" 2>&1
}

# === hostile mail: HTML report and CSV ========================================
H=$D/hostile
mkdir -p "$H/Maildir/cur" "$H/Maildir/new" "$H/Maildir/tmp"
TAB=$(printf '\t')
CR=$(printf '\r')
hostile_dsn "$H/Maildir/new/1700000001.M1P1.hostile" <<LIST
script@example.org|550 5.1.1 <script>alert(1)</script> user unknown
img@example.org|550 5.1.1 "><img src=x onerror=alert(2)> user unknown
a<b>c@example.org|550 5.1.1 <b>bold</b> user unknown
"<b>quoted</b>"@example.org|550 5.1.1 user unknown
eq@example.org|=HYPERLINK("http://evil.example/","click") user unknown
plus@example.org|+1+1 user unknown
minus@example.org|-1+1 user unknown
at@example.org|@SUM(1+1) user unknown
tab@example.org|$TAB=2+2 user unknown
cr@example.org|$CR=3+3 user unknown
=1+2@example.org|550 5.1.1 user unknown
-2+3@example.org|550 5.1.1 user unknown
+cmd@example.org|550 5.1.1 user unknown
LIST
cat >"$H/c.cfg" <<CFG
database = "$H/bouncer.db";
sources = ( { name = "bounces"; type = "maildir"; path = "$H/Maildir"; } );
report = { dir = "$H/reports"; };
CFG
"$B" -c "$H/c.cfg" run >"$H/out" 2>"$H/err"
rc=$?
case $rc in 0 | 65) ok "hostile mail: run exits 0 or 65" ;; *) not_ok "hostile mail: run exits 0 or 65 (got $rc)"; sed 's/^/#   /' "$H/err" | head -5 ;; esac

# A hand-edited or old database may hold what the parser refuses today (it
# never takes < or > into an address; a bare CR ends a header line): the
# reports must defuse it too.
if [ -n "$have_sqlite" ]; then
	sqlite3 "$H/bouncer.db" "update addresses set address = 'x<b>y\"><svg onload=alert(7)>@example.org' where address = 'script@example.org';
		update addresses set last_diagnostic = char(13) || '=3+3 user unknown', last_status = '=1+1',
			last_replycode = '+550', note = '@note', why = '-why' where address = 'cr@example.org';
		insert into addresses (address, domain, state, reason, last_diagnostic) values
			('tab2@example.org', 'example.org', 2, 'userunknown', char(9) || '=4+4 user unknown'),
			(char(9) || '=5+5@example.org', 'example.org', 2, 'userunknown', '');"
	"$B" -c "$H/c.cfg" report 2>>"$H/err"
	check_eq "hostile address in the database: bouncer report exits 0" "$?" 0
fi
html=$H/reports/report.html
if [ -f "$html" ]; then
	ok "hostile mail: report.html written"
	check_eq "report.html: no <script from the mail" "$(grep -ci '<script' "$html")" 0
	check_eq "report.html: no <img from the mail" "$(grep -ci '<img' "$html")" 0
	check_eq "report.html: no <svg onload from the mail" "$(grep -ci '<svg onload' "$html")" 0
	check_eq "report.html: no bold markup from the mail" \
		"$(grep -c -e '<b>bold' -e 'a<b>c' -e '<b>quoted' -e 'x<b>y' "$html")" 0
	check_contains "report.html: the script diagnostic is shown, escaped" "$(cat "$html")" \
		"&lt;script&gt;alert(1)&lt;/script&gt;"
	check_contains "report.html: the img diagnostic is shown, escaped" "$(cat "$html")" \
		"&lt;img src=x onerror=alert(2)&gt;"
	if [ -n "$have_sqlite" ]; then
		check_contains "report.html: the hostile address is shown, escaped" "$(cat "$html")" \
			"x&lt;b&gt;y"
	fi
	# whatever the page's own markup is, it runs nothing and loads nothing
	check_eq "report.html: no event-handler attribute in any tag" \
		"$(grep -oiE '<[a-z][^>]*[[:space:]/"'"'"']on[a-z]+[[:space:]]*=' "$html" | head -3)" ""
	check_eq "report.html: no tag that runs or loads anything" \
		"$(grep -oiE '<(script|img|iframe|frame|object|embed|form|base|link|audio|video|source|input|math)[[:space:]/>]' "$html" | head -3)" ""
	check_eq "report.html: no javascript: URL" "$(grep -ci 'javascript:' "$html")" 0
else
	not_ok "hostile mail: report.html written"
fi

csv=$H/reports/suppressed.csv
if [ -f "$csv" ] && command -v python3 >/dev/null 2>&1; then
	check_eq "suppressed.csv: no cell starts a formula" "$(formula_cells "$csv")" ""
	rows=$(grep -c '@example.org,' "$csv")
	check "suppressed.csv: holds the hostile rows ($rows)" [ "$rows" -ge 8 ]
	check_contains "suppressed.csv: a formula diagnostic is kept, defused with '" "$(cat "$csv")" "'=HYPERLINK("
	check_contains "suppressed.csv: a +-led diagnostic is defused" "$(cat "$csv")" "'+1+1"
	check_contains "suppressed.csv: a --led diagnostic is defused" "$(cat "$csv")" "'-1+1"
	check_contains "suppressed.csv: an @-led diagnostic is defused" "$(cat "$csv")" "'@SUM"
	check_contains "suppressed.csv: a TAB-led diagnostic is defused" "$(cat "$csv")" "'=2+2"
	if [ -n "$have_sqlite" ]; then
		check_contains "suppressed.csv: a CR-led diagnostic (from the database) is defused" "$(cat "$csv")" "'=3+3"
		check_contains "suppressed.csv: a TAB-led diagnostic (from the database) is defused" "$(cat "$csv")" "'=4+4"
		check_contains "suppressed.csv: a formula status (from the database) is defused" "$(cat "$csv")" "'=1+1"
		check_eq "suppressed.csv: a TAB-led formula address is left out" "$(grep -c '5+5@' "$csv")" 0
	fi
	check_eq "suppressed.csv: addresses that would start a formula are left out" \
		"$(grep -c -e '^=1+2@' -e '^-2+3@' -e '^+cmd@' -e "^\"*'" "$csv")" 0
	check_contains "and the run names what it left out" "$(cat "$H/err")" "would start a spreadsheet formula"
	# every CSV export profile keeps the same rule
	for p in generic hubspot salesforce mailchimp mailgun; do
		"$B" -c "$H/c.cfg" export --profile "$p" -o "$H/export-$p.csv" 2>/dev/null
		if [ -s "$H/export-$p.csv" ]; then
			check_eq "export --profile $p: no cell starts a formula" "$(formula_cells "$H/export-$p.csv")" ""
		else
			not_ok "export --profile $p: wrote a file"
		fi
	done
else
	not_ok "suppressed.csv written (and python3 there to read it)"
fi

# === config check: inline passwords ===========================================
C=$D/cfg
mkdir -p "$C"
cat >"$C/inline.cfg" <<CFG
database = "$C/bouncer.db";
sources = ( { name = "imap"; type = "imap"; host = "imap.example.com"; username = "u";
              password = "Inline-Secret-42"; } );
CFG
chmod 644 "$C/inline.cfg"
out=$("$B" -c "$C/inline.cfg" config check 2>&1)
check_eq "config check, inline password, mode 644: exits 0" "$?" 0
check_contains "config check, inline password, mode 644: warns" "$out" "others can read"
check_contains "config check, inline password, mode 644: names FILE:LINE" "$out" "$C/inline.cfg:2"
case "$out" in *Inline-Secret-42*) not_ok "config check (644) never prints the inline password" ;; *) ok "config check (644) never prints the inline password" ;; esac
chmod 600 "$C/inline.cfg"
out=$("$B" -c "$C/inline.cfg" config check 2>&1)
check_eq "config check, inline password, mode 600: exits 0" "$?" 0
case "$out" in *"others can read"*) not_ok "config check, inline password, mode 600: no warning" ;; *) ok "config check, inline password, mode 600: no warning" ;; esac
case "$out" in *Inline-Secret-42*) not_ok "config check (600) never prints the inline password" ;; *) ok "config check (600) never prints the inline password" ;; esac
printf 'Inline-Secret-42\n' >"$C/pw"
chmod 600 "$C/pw"
sed 's|password = "Inline-Secret-42";|password_file = "'"$C"'/pw";|' "$C/inline.cfg" >"$C/file.cfg"
chmod 644 "$C/file.cfg"
out=$("$B" -c "$C/file.cfg" config check 2>&1)
check_eq "config check, password_file in a 644 config: exits 0" "$?" 0
case "$out" in *"others can read"*) not_ok "config check, password_file in a 644 config: no inline warning" ;; *) ok "config check, password_file in a 644 config: no inline warning" ;; esac

# === IMAP: passwords in traces, TLS without a trusted CA =========================
if ! dovecot_available; then
	skip "security over IMAP: /usr/sbin/dovecot, doveadm or openssl missing (make deps)"
	exit 0
fi
I=$D/imap
mkdir -p "$I"
IMAP_PASS=Sec-h10-Pw7Qz
dovecot_start || { not_ok "security: Dovecot did not start"; exit 0; }
for i in 1 2 3; do
	echo "user$i@example.org|550 5.1.1 user unknown" | hostile_dsn "$I/b$i.eml"
done
dovecot_import "$I/b1.eml"
printf '%s\n' "$IMAP_PASS" >"$I/pw"
chmod 600 "$I/pw"
icfg() { # FILE [KEY=VALUE...] (dovecot_config's), mode 600
	dovecot_config "$@"
	chmod 600 "$1"
}
# Every form a password could leak in: itself, base64 of the SASL PLAIN
# message, base64 of the password alone.
forms() { # PASSWORD
	printf '%s\n' "$1"
	printf '\0%s\0%s' "$IMAP_USER" "$1" | base64 | tr -d '\n'
	echo
	printf '%s' "$1" | base64 | tr -d '\n='
	echo
}
leaks() { # FILE PASSWORD: the forms found in FILE
	forms "$2" | while read -r f; do grep -qaF -- "$f" "$1" && echo "$f"; done
}
icfg "$I/env.cfg"
icfg "$I/file.cfg" password_file="$I/pw"
icfg "$I/inline.cfg" password="$IMAP_PASS"
n=1
for how in env file inline; do
	env "$IMAP_PW_ENV=$IMAP_PASS" "$B" -vv -c "$I/$how.cfg" run >"$I/$how.log" 2>&1
	check_eq "password_$how: -vv run exits 0" "$?" 0
	check_contains "password_$how: -vv shows the protocol" "$(cat "$I/$how.log")" "UID FETCH"
	check_eq "password_$how: the password in no form on stdout or stderr" "$(leaks "$I/$how.log" "$IMAP_PASS")" ""
	n=$((n + 1))
	[ "$n" -le 3 ] && dovecot_import "$I/b$n.eml" # something to fetch next time
done
WRONG=Wrong-h10-Pw3Xy
printf '%s\n' "$WRONG" >"$I/wrongpw"
chmod 600 "$I/wrongpw"
icfg "$I/wrong-env.cfg"
icfg "$I/wrong-file.cfg" password_file="$I/wrongpw"
icfg "$I/wrong-inline.cfg" password="$WRONG"
for how in env file inline; do
	env "$IMAP_PW_ENV=$WRONG" "$B" -vv -c "$I/wrong-$how.cfg" run >"$I/wrong-$how.log" 2>&1
	check_eq "wrong password_$how: -vv run exits 78" "$?" 78
	check_eq "wrong password_$how: the password in no form on stdout or stderr" \
		"$(leaks "$I/wrong-$how.log" "$WRONG")" ""
done
if [ -n "$have_sqlite" ]; then
	check_eq "the password is in no form in the database files" \
		"$(for f in "$I"/bouncer.db*; do leaks "$f" "$IMAP_PASS"; done)" ""
fi

# TLS: the test CA is in no trust store, so without ca_file the server's
# certificate cannot be verified: refused (78) before any login.
logins=$(grep -c 'Login: user=' "$DOVECOT_LOG")
check "the server log records the logins of the runs above ($logins)" [ "$logins" -ge 3 ]
icfg "$I/noca.cfg" ca_file=
out=$(env "$IMAP_PW_ENV=$IMAP_PASS" "$B" -c "$I/noca.cfg" run 2>&1)
check_eq "IMAPS without its CA: exit 78" "$?" 78
check_contains "IMAPS without its CA: says the certificate is not trusted" "$out" "NOT trusted"
icfg "$I/noca-starttls.cfg" ca_file= port="$IMAP_PORT" tls=starttls
out=$(env "$IMAP_PW_ENV=$IMAP_PASS" "$B" -c "$I/noca-starttls.cfg" run 2>&1)
check_eq "STARTTLS without its CA: exit 78" "$?" 78
check_contains "STARTTLS without its CA: says the certificate is not trusted" "$out" "NOT trusted"
check_eq "no login reached the server over the refused connections" \
	"$(grep -c 'Login: user=' "$DOVECOT_LOG")" "$logins"
