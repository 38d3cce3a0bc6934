#!/usr/bin/env python3
"""gen-corpus.py OUTDIR N: write N bounce files made from the project's own
example bounces (examples/Maildir), each with its recipient addresses
renumbered, so the generated corpus is large but ours."""
import os, re, sys

top = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
src = os.path.join(top, "examples", "Maildir")
out, n = sys.argv[1], int(sys.argv[2])
seeds = []
for sub in ("cur", "new"):
    d = os.path.join(src, sub)
    if os.path.isdir(d):
        for f in sorted(os.listdir(d)):
            data = open(os.path.join(d, f), "rb").read()
            if b"delivery-status" in data or b"qmail-send" in data or b"Mail delivery failed" in data \
               or b"Undeliver" in data or b"Returned mail" in data:
                seeds.append(data)
if not seeds:
    sys.exit("gen-corpus: no example bounces in " + src)
addr = re.compile(rb"([A-Za-z0-9._+-]+)@(example\.(?:org|net|jp))")
os.makedirs(out, exist_ok=True)
for i in range(n):
    data = addr.sub(lambda m: b"u%d.%s@%s" % (i, m.group(1), m.group(2)), seeds[i % len(seeds)])
    with open(os.path.join(out, "g%06d.eml" % i), "wb") as fh:
        fh.write(data)
print(len(seeds))
