#!/usr/bin/env python3
"""gen.py: write the hostile-input suite into a directory (tests/e2e/t-hostile.sh runs it).

    python3 tests/hostile/gen.py DIR

Each message is made here, so the repo holds no 50 MB file. DIR/expect.tsv lists
every file with the kind(s) bouncer should give it ("bounce|unreadable" = either is
sensible) and, optionally, a text the JSON output must contain.
"""
import base64
import os
import sys

OUT = sys.argv[1] if len(sys.argv) > 1 else "."
EXPECT = []

HEAD = (
    "Return-Path: <>\n"
    "Date: Tue, 3 Mar 2026 10:20:30 +0100\n"
    "From: Mail Delivery System <MAILER-DAEMON@mx.example.net>\n"
    "To: news@sender.example.com\n"
    "Subject: Undelivered Mail Returned to Sender\n"
    "MIME-Version: 1.0\n"
)
STATUS = (
    "Content-Type: message/delivery-status\n\n"
    "Reporting-MTA: dns; mx.example.net\n\n"
    "Final-Recipient: rfc822; anna@example.org\n"
    "Action: failed\nStatus: 5.1.1\n"
    "Diagnostic-Code: smtp; 550 5.1.1 <anna@example.org>: User unknown\n"
)
ORIG = (
    "From: News <news@sender.example.com>\n"
    "To: anna@example.org\nSubject: March news\n"
    "Message-ID: <orig-42@sender.example.com>\n\nhello\n"
)
HUMAN = "From: Ann <ann@example.org>\nTo: b@example.com\nSubject: lunch?\n"


def emit(name, data, kinds, contains=""):
    """Write one message and its expectation."""
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(os.path.join(OUT, name), mode) as f:
        f.write(data)
    EXPECT.append((name, kinds, contains))


def report(orig, extra_head="", text="Your message could not be delivered.\n"):
    """A multipart/report DSN for anna@example.org returning orig."""
    return (HEAD + extra_head + 'Content-Type: multipart/report; report-type=delivery-status;'
            ' boundary="R"\n\n--R\nContent-Type: text/plain\n\n' + text + "\n--R\n" + STATUS
            + "\n--R\nContent-Type: message/rfc822\n\n" + orig + "\n--R--\n")


def nested_rfc822(depth):
    """depth message/rfc822 parts, each holding the next."""
    inner = ORIG
    for i in range(depth):
        inner = ("From: n%d@example.com\nSubject: level %d\nMIME-Version: 1.0\n"
                 "Content-Type: message/rfc822\n\n%s" % (i, i, inner))
    return inner


def nested_multipart(depth, leaf):
    """depth multiparts, boundary Bn at level n, leaf innermost."""
    body = leaf
    for i in reversed(range(depth)):
        body = ('Content-Type: multipart/mixed; boundary="B%d"\n\n--B%d\n%s\n--B%d--\n'
                % (i, i, body, i))
    return body


def deep_and_wide():
    emit("nest-rfc822-10.eml", report(nested_rfc822(10)), "bounce", '"recipient":"anna@example.org"')
    emit("nest-rfc822-1000.eml", report(nested_rfc822(1000)), "bounce", '"reason":"userunknown"')
    # the DSN 100 levels down is past PARSE_MAX_MIME_DEPTH: not seen, and that is fine
    emit("nest-multipart-100-dsn.eml",
         HEAD + nested_multipart(100, "Content-Type: text/plain\n\nhi\n--B99\n" + STATUS),
         "bounce|unreadable")
    emit("nest-multipart-100-human.eml",
         HUMAN + "MIME-Version: 1.0\n" + nested_multipart(100, "Content-Type: text/plain\n\nhi\n"),
         "not_bounce")
    # the same boundary at every level
    same = "Content-Type: text/plain\n\nhi\n"
    for _ in range(100):
        same = 'Content-Type: multipart/mixed; boundary="S"\n\n--S\n' + same + "\n--S--\n"
    emit("nest-multipart-same-boundary.eml", HUMAN + same, "not_bounce")
    parts = "".join("--P\nContent-Type: text/plain\n\npart %d\n" % i for i in range(10000))
    emit("parts-10000-dsn-first.eml",
         HEAD + 'Content-Type: multipart/report; report-type=delivery-status; boundary="P"\n\n'
         + "--P\n" + STATUS + parts + "--P--\n", "bounce", '"recipient":"anna@example.org"')
    emit("parts-10000-dsn-last.eml",
         HEAD + 'Content-Type: multipart/report; report-type=delivery-status; boundary="P"\n\n'
         + parts + "--P\n" + STATUS + "--P--\n", "bounce|unreadable")
    emit("delimiters-100000.eml",
         HUMAN + 'Content-Type: multipart/mixed; boundary="D"\n\n' + "--D\n" * 100000,
         "not_bounce")


def huge_headers():
    emit("header-line-1mb.eml", report(ORIG, "X-Long: " + "a" * (1 << 20) + "\n"),
         "bounce", '"recipient":"anna@example.org"')
    emit("header-folded-1mb.eml", report(ORIG, "X-Folded: x" + "\n y" * (1 << 19) + "\n"),
         "bounce", '"recipient":"anna@example.org"')
    many = "".join("X-Junk-%d: %d\n" % (i, i) for i in range(100000))
    emit("header-100000-lines.eml", report(ORIG, many), "bounce", '"reason":"userunknown"')
    emit("orig-header-100000-lines.eml", report(many + ORIG), "bounce", '"recipient":"anna@example.org"')
    emit("no-newline-1mb.eml", "Subject: " + "x" * (1 << 20), "not_bounce")
    emit("only-newlines.eml", "\n" * (1 << 20), "not_bounce")
    emit("only-crs.eml", "\r" * (1 << 20), "not_bounce")
    emit("empty.eml", "", "not_bounce")
    emit("colons-1mb.eml", ":" * (1 << 20) + "\n", "not_bounce")


def bad_bytes():
    emit("nul-bytes.eml", report(ORIG, text="Your\0message\0\0could not be delivered.\0\n")
         .replace(": ", ":\0 ").replace("User unknown", "User\0unknown").encode(), "bounce",
         '"recipient":"anna@example.org"')
    # a NUL (or blank) alone on the separator line makes it a header continuation
    emit("nul-separator-lines.eml", report(ORIG).replace("\n\n", "\n\0\n").encode(),
         "bounce|unreadable")
    emit("all-nul-1mb.eml", b"\0" * (1 << 20), "not_bounce")
    emit("high-bytes.eml", (HUMAN + "\n").encode() + bytes(range(256)) * 4096, "not_bounce")
    st64 = base64.encodebytes(STATUS.split("\n\n", 1)[1].encode()).decode()
    bad64 = "!!!" + st64[:20] + "%%%\n=" + st64[20:] + "====\n@@@\n"
    emit("bad-base64-dsn.eml",
         HEAD + 'Content-Type: multipart/report; report-type=delivery-status; boundary="R"\n\n'
         "--R\nContent-Type: message/delivery-status\nContent-Transfer-Encoding: base64\n\n"
         + bad64 + "--R--\n", "bounce", '"reason":"userunknown"')
    emit("base64-only-padding.eml",
         HUMAN + "Content-Transfer-Encoding: base64\n\n" + "=" * (1 << 20) + "\n", "not_bounce")
    emit("bad-qp.eml",
         report(ORIG, text="=ZZ=4=\n=" + "=\n" * 100000 + "=C3=\n=E2=82\n550 5.1.1 user unknown=\n")
         .replace("Content-Type: text/plain\n", "Content-Type: text/plain\n"
                  "Content-Transfer-Encoding: quoted-printable\n", 1),
         "bounce", '"recipient":"anna@example.org"')


def encoded_words():
    bomb = " ".join(["=?UTF-8?B?w6Q=?="] * 100000)
    emit("ew-100000-human.eml", HUMAN.replace("Subject: lunch?", "Subject: " + bomb) + "\nhi\n",
         "not_bounce")
    emit("ew-100000-orig.eml", report(ORIG.replace("Subject: March news", "Subject: " + bomb)),
         "bounce", '"recipient":"anna@example.org"')
    many_cs = " ".join("=?x-nope-%d?Q?a?=" % i for i in range(10000))
    emit("ew-unknown-charsets.eml", report(ORIG.replace("March news", many_cs)),
         "bounce", '"recipient":"anna@example.org"')
    # テスト in ISO-2022-JP, cut in the middle of the escape sequence
    jis = "\x1b$B%F%9%H\x1b(B".encode("ascii")
    w1 = base64.b64encode(jis[:2]).decode()
    w2 = base64.b64encode(jis[2:]).decode()
    emit("ew-iso2022jp-split.eml",
         report(ORIG.replace("March news", "=?ISO-2022-JP?B?%s?= =?ISO-2022-JP?B?%s?=" % (w1, w2))),
         "bounce", '"subject":"テスト"')
    emit("ew-unterminated.eml", report(ORIG.replace("March news", "=?UTF-8?B?" + "QUFB" * 50000)),
         "bounce", '"recipient":"anna@example.org"')
    emit("charset-unknown-body.eml",
         report(ORIG, text="550 5.1.1 unknown user\n").replace(
             "Content-Type: text/plain\n", "Content-Type: text/plain; charset=x-klingon-42\n", 1),
         "bounce", '"recipient":"anna@example.org"')
    emit("charset-utf7-bomb.eml",
         HUMAN + "Content-Type: text/plain; charset=utf-7\n\n" + "+AAAA" * 200000 + "\n", "not_bounce")


def attachment_50mb():
    path = os.path.join(OUT, "attachment-50mb.eml")
    with open(path, "w") as f:
        f.write(HEAD + 'Content-Type: multipart/report; report-type=delivery-status; boundary="R"\n\n'
                "--R\n" + STATUS + "\n--R\nContent-Type: application/octet-stream\n"
                "Content-Transfer-Encoding: base64\n\n")
        line = "QUJD" * 19 + "\n"
        for _ in range((50 << 20) // len(line)):
            f.write(line)
        f.write("--R--\n")
    EXPECT.append(("attachment-50mb.eml", "bounce", '"recipient":"anna@example.org"'))


def boundaries():
    """The DSN is readable whatever the boundary does: as a part, or as text."""
    body = "--X\n" + STATUS + "--X--\n"
    rt = "Content-Type: multipart/report; report-type=delivery-status; "
    emit("boundary-missing.eml", HEAD + rt + "\n\n" + body, "bounce")
    emit("boundary-empty.eml", HEAD + rt + 'boundary=""\n\n' + body, "bounce")
    emit("boundary-escaped.eml", HEAD + rt + 'boundary="\\"X\\\\"\n\n--"X\\\n' + STATUS + '--"X\\--\n',
         "bounce", '"recipient":"anna@example.org"')
    emit("boundary-unterminated-quote.eml", HEAD + rt + 'boundary="X\n\n' + body, "bounce")
    emit("boundary-300.eml", HEAD + rt + "boundary=" + "b" * 300 + "\n\n--" + "b" * 300 + "\n"
         + STATUS + "--" + "b" * 300 + "--\n", "bounce")
    emit("boundary-never-closed.eml", HEAD + rt + 'boundary="X"\n\n--X\n' + STATUS, "bounce",
         '"recipient":"anna@example.org"')
    emit("boundary-prefix-of-other.eml", HEAD + rt + 'boundary="X"\n\n--XX\nbogus\n' + body,
         "bounce", '"recipient":"anna@example.org"')
    emit("boundary-rfc2231-1000.eml", HEAD + rt + "".join(
        "boundary*%d=a;" % i for i in range(1000)) + "\n\n" + body, "bounce|unreadable")
    params = "; ".join("p%d=\"%s\"" % (i, "v" * 50) for i in range(20000))
    emit("ctype-20000-params.eml", HEAD + rt + params + '; boundary="X"\n\n' + body,
         "bounce|unreadable")


def main():
    os.makedirs(OUT, exist_ok=True)
    deep_and_wide()
    huge_headers()
    bad_bytes()
    encoded_words()
    attachment_50mb()
    boundaries()
    with open(os.path.join(OUT, "expect.tsv"), "w") as f:
        for name, kinds, contains in EXPECT:
            f.write("%s\t%s\t%s\n" % (name, kinds, contains))


main()
