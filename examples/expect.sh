#!/bin/sh
# expect.sh: the expectation table of examples/README.md as tab-separated
# lines, for the end-to-end tests (tests/e2e/t-examples.sh, t-demo.sh):
#
#   FILE  KIND  RECIPIENT  REASON  FOLDER  STATE
#
# FILE is relative to examples/Maildir; "-" means none; REASON "*" means any.
# The README is the one place the expectations are written down.
here=$(cd "$(dirname "$0")" && pwd) || exit 2
awk -F'|' '
/^\| `/ {
	for (i = 2; i <= 8; i++) {
		gsub(/^[ \t]+|[ \t]+$/, "", $i)
		gsub(/`/, "", $i)
	}
	printf "%s\t%s\t%s\t%s\t%s\t%s\n", $2, $4, $5, $6, $7, $8
}' "$here/README.md"
