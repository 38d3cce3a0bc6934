#!/bin/sh
# t-report-formats.sh: the export golden files, read back by independent
# parsers (Python's csv and json modules), so the goldens themselves are
# known to be valid RFC 4180 CSV and JSON, with the columns each CRM expects.
. "$(dirname "$0")/../lib/lib.sh"

if ! command -v python3 >/dev/null 2>&1; then
	skip "export formats: python3 is not installed"
	exit 0
fi
python3 - "$TOP/tests/fixtures/report" <<'PY'
import csv, io, json, sys, os
d = sys.argv[1]
def ok(cond, name):
    print(("ok - " if cond else "not ok - ") + name)

headers = {
    "generic.csv": ["email", "state", "reason", "category", "first_bounce", "last_bounce",
                    "bounce_count", "status", "replycode", "diagnostic"],
    "hubspot.csv": ["Email"],
    "salesforce.csv": ["Email", "HasOptedOutOfEmail", "Bounce_Reason", "Last_Bounce"],
    "mailchimp.csv": ["Email Address", "Status"],
    "mailgun.csv": ["address", "code", "error", "created_at"],
}
counts = {}
for name, want in headers.items():
    raw = open(os.path.join(d, name), "rb").read()
    text = raw.decode("utf-8")
    lines = text.split("\r\n")
    ok(lines[-1] == "" and "\n" not in "".join(lines), name + ": every row ends in CRLF, no bare LF")
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    ok(rows[0] == want, name + ": header " + ",".join(want))
    ok(all(len(r) == len(want) for r in rows), name + ": every row has %d cells" % len(want))
    bad = [c for r in rows[1:] for c in r if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    ok(not bad, name + ": no cell starts a formula")
    counts[name] = len(rows) - 1
ok(len(set(counts.values())) == 1, "every CSV profile has the same records (%s)" % counts)
rows = list(csv.DictReader(open(os.path.join(d, "salesforce.csv"), newline="", encoding="utf-8")))
ok(all(r["HasOptedOutOfEmail"] == "true" and len(r["Last_Bounce"]) in (0, 10) for r in rows),
   "salesforce: opted out, dates yyyy-MM-dd")
rows = list(csv.DictReader(open(os.path.join(d, "mailchimp.csv"), newline="", encoding="utf-8")))
ok(all(r["Status"] == "cleaned" for r in rows), "mailchimp: status cleaned")
for name, keys in (("generic.json", headers["generic.csv"]), ("mailgun.json", headers["mailgun.csv"])):
    try:
        data = json.load(open(os.path.join(d, name), encoding="utf-8"))
    except ValueError as e:
        ok(False, name + ": valid JSON (%s)" % e)
        continue
    ok(isinstance(data, list) and len(data) == counts["generic.csv"], name + ": same records as the CSV")
    ok(all(list(o.keys()) == keys for o in data), name + ": keys are the profile's columns")
data = json.load(open(os.path.join(d, "generic.json"), encoding="utf-8"))
ok(all(isinstance(o["bounce_count"], int) for o in data), "generic.json: bounce_count is a number")
PY
