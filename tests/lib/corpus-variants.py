#!/usr/bin/env python3
"""corpus-variants.py VARIANT SRC DST: write to DST a changed copy of every
bounce in SRC, to check that results do not hang on details a bounce nobody
here has seen would change (used by tests/e2e/t-corpus-variants.sh).

Variants:
  renamed      other local parts, domains and IP addresses throughout
  fieldcase    DSN field names in upper case (FINAL-RECIPIENT:)
  fieldorder   the per-recipient DSN fields of each block in another order
               (Final-Recipient stays first: it starts a block)
  relabelled   the message/delivery-status part labelled text/plain
  lostctype    the top Content-Type header removed
  base64dsn    the message/delivery-status part of a multipart message
               base64-encoded
"""
import base64
import os
import random
import re
import sys

RENAMES = [(b'kijitora', b'tanukiyo'), (b'shironeko', b'kuroinuo'), (b'mikeneko', b'akaneko1'),
           (b'sabineko', b'aoineko1'), (b'neko', b'inu'), (b'example.jp', b'sample.jp'),
           (b'example.co.jp', b'sample.co.jp'), (b'example.com', b'sample.com'),
           (b'example.org', b'sample.org'), (b'example.net', b'sample.net'),
           (b'192.0.2.', b'198.51.100.')]
DSN_FIELDS = [b'Final-Recipient', b'Original-Recipient', b'Action', b'Status', b'Diagnostic-Code',
              b'Remote-MTA', b'Reporting-MTA', b'Arrival-Date', b'Last-Attempt-Date']
BLOCK_FIELD = re.compile(rb'^(Final-Recipient|Original-Recipient|Action|Status|Remote-MTA|'
                         rb'Last-Attempt-Date|X-Actual-Recipient|Will-Retry-Until|Diagnostic-Code):', re.I)


def renamed(d, _rng):
    for a, b in RENAMES:
        d = d.replace(a, b)
    return d


def fieldcase(d, _rng):
    for f in DSN_FIELDS:
        d = re.sub(b'(?m)^' + re.escape(f) + b':', f.upper() + b':', d)
    return d


def fieldorder(d, rng):
    lines, out, run = d.split(b'\n'), [], []

    def flush():
        first = [g for g in run if g[0].lower().startswith(b'final-recipient')]
        rest = [g for g in run if not g[0].lower().startswith(b'final-recipient')]
        rng.shuffle(rest)
        for g in first + rest:
            out.extend(g)
        run.clear()

    i = 0
    while i < len(lines):
        if BLOCK_FIELD.match(lines[i]):
            g = [lines[i]]
            i += 1
            # continuation lines, and a quoted-printable soft break ("=")
            while i < len(lines) and (lines[i][:1] in (b' ', b'\t') or g[-1].rstrip(b'\r').endswith(b'=')):
                g.append(lines[i])
                i += 1
            run.append(g)
            continue
        flush()
        out.append(lines[i])
        i += 1
    flush()
    return b'\n'.join(out)


def relabelled(d, _rng):
    return re.sub(rb'(?mi)^Content-Type: *message/delivery-status', b'Content-Type: text/plain', d)


def lostctype(d, _rng):
    m = re.search(rb'\r?\n\r?\n', d)
    if not m:
        return d
    head, body = d[:m.start()] + b'\n', d[m.start():]
    head = re.sub(rb'(?mi)^Content-Type:[^\n]*\n([ \t][^\n]*\n)*', b'', head, count=1)
    return head[:-1] + body


def base64dsn(d, _rng):
    m = re.search(rb'\r?\n\r?\n', d)
    if not m or not re.search(rb'(?mi)^Content-Type: *multipart/', d[:m.start()]):
        return d
    ct = re.search(rb'(?mi)^Content-Type: *message/delivery-status[^\n]*\n', d)
    if not ct:
        return d
    start = d.rfind(b'\n--', 0, ct.start())     # the part's delimiter line
    blank = re.compile(rb'\r?\n\r?\n').search(d, ct.start())
    if start < 0 or not blank:
        return d
    head = d[start:blank.start()]
    if re.search(rb'(?mi)^Content-Transfer-Encoding: *(base64|quoted-printable)', head):
        return d
    head = re.sub(rb'(?mi)^Content-Transfer-Encoding:[^\n]*\n?', b'', head).rstrip(b'\r\n')
    end = d.find(b'\n--', blank.end())
    if end < 0:
        return d
    body = d[blank.end():end + 1]
    return (d[:start] + head + b'\nContent-Transfer-Encoding: base64\n\n' +
            base64.encodebytes(body) + d[end + 1:])


VARIANTS = {f.__name__: f for f in (renamed, fieldcase, fieldorder, relabelled, lostctype, base64dsn)}


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in VARIANTS:
        sys.exit('usage: corpus-variants.py %s SRC DST' % '|'.join(VARIANTS))
    change, src, dst = VARIANTS[sys.argv[1]], sys.argv[2], sys.argv[3]
    rng = random.Random(7)
    os.makedirs(dst, exist_ok=True)
    for name in sorted(os.listdir(src)):
        with open(os.path.join(src, name), 'rb') as f:
            d = f.read()
        with open(os.path.join(dst, name), 'wb') as f:
            f.write(change(d, rng))


if __name__ == '__main__':
    main()
