#!/usr/bin/env python3
"""smtp-sink.py: a scripted receiving SMTP server for real-MTA tests.

    smtp-sink.py --listen 127.0.0.1:2525 --rules FILE --spool DIR [--dns 127.0.0.1:53]

FILE has one rule a line: `LOCALPART rcpt|data REPLY...`, e.g.
    unknown rcpt 550 5.1.1 <unknown@remote.test>: Recipient address rejected: User unknown
    big     data 552 5.3.4 Message size exceeds fixed maximum message size
A recipient without a rcpt rule is accepted (250); the DATA reply is the first
data rule of an accepted recipient, else 250 and the message is saved in DIR.
--dns also answers every UDP DNS query with NXDOMAIN, so an MTA in a network
namespace sees real "host not found" errors without any outside resolver.
Writes "ready" to stdout once listening. Only for tests: loopback, no TLS.
"""
import argparse
import os
import socket
import socketserver
import sys
import threading


def load_rules(path):
    rules = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split(None, 2)
            if len(parts) == 3 and not line.startswith("#"):
                rules[(parts[0].lower(), parts[1])] = parts[2].strip()
    return rules


class Smtp(socketserver.StreamRequestHandler):
    def reply(self, text):
        self.wfile.write(text.encode() + b"\r\n")

    def handle(self):
        rules, spool = self.server.rules, self.server.spool
        self.reply("220 sink.remote.test ESMTP test sink")
        rcpts = []
        while True:
            line = self.rfile.readline(4096)
            if not line:
                return
            cmd = line.decode("latin-1").strip()
            verb = cmd[:4].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250-sink.remote.test\r\n250 8BITMIME" if verb == "EHLO" else "250 sink.remote.test")
            elif verb == "MAIL":
                rcpts = []
                self.reply("250 2.1.0 Ok")
            elif verb == "RCPT":
                addr = cmd.split(":", 1)[1].strip().strip("<>").split(">")[0]
                local = addr.split("@")[0].lower()
                r = rules.get((local, "rcpt"), "250 2.1.5 Ok")
                if r.startswith("2"):
                    rcpts.append(local)
                self.reply(r)
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                body = []
                while True:
                    l = self.rfile.readline(1 << 20)
                    if not l or l in (b".\r\n", b".\n"):
                        break
                    body.append(l[1:] if l.startswith(b"..") else l)
                r = next((rules[(x, "data")] for x in rcpts if (x, "data") in rules), None)
                if r is None:
                    name = os.path.join(spool, "%s.%d.eml" % ("+".join(rcpts), os.getpid()))
                    with open(name + ".tmp", "wb") as f:
                        f.writelines(body)
                    os.rename(name + ".tmp", name)
                    r = "250 2.0.0 Ok: queued"
                self.reply(r)
            elif verb == "QUIT":
                self.reply("221 2.0.0 Bye")
                return
            elif verb in ("RSET", "NOOP"):
                rcpts = [] if verb == "RSET" else rcpts
                self.reply("250 2.0.0 Ok")
            else:
                self.reply("502 5.5.2 Error: command not recognized")


def dns_nxdomain(sock):
    """Answer every query: same id and question, QR+RD+RA, RCODE 3."""
    while True:
        q, peer = sock.recvfrom(512)
        if len(q) < 12:
            continue
        flags = 0x8000 | (q[2] & 0x01) << 8 | 0x0080 | 3
        sock.sendto(q[:2] + flags.to_bytes(2, "big") + q[4:6] + b"\0\0\0\0\0\0" + q[12:], peer)


def hostport(s):
    h, p = s.rsplit(":", 1)
    return h, int(p)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--listen", required=True)
    ap.add_argument("--rules", required=True)
    ap.add_argument("--spool", required=True)
    ap.add_argument("--dns")
    a = ap.parse_args()
    if a.dns:
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        u.bind(hostport(a.dns))
        threading.Thread(target=dns_nxdomain, args=(u,), daemon=True).start()
    socketserver.ThreadingTCPServer.allow_reuse_address = True
    srv = socketserver.ThreadingTCPServer(hostport(a.listen), Smtp)
    srv.daemon_threads = True
    srv.rules, srv.spool = load_rules(a.rules), a.spool
    print("ready", flush=True)
    sys.stdout.close()
    srv.serve_forever()


if __name__ == "__main__":
    main()
