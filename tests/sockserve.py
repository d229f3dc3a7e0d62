#!/usr/bin/python3
"""sockserve.py: a one-at-a-time server for the socket tests and bench.

With LISTEN_FDS (sd_listen_fds(3): LISTEN_PID must be this process) it
serves fd 3; otherwise it binds 127.0.0.1:PORT itself (argv[1]).  Each
connection gets "pong <pid>\\n" once its client has sent a line.  SIGTERM
ends it after the connection in hand, so a restart drops none.
"""
import os
import select
import signal
import socket
import sys

stop = []
signal.signal(signal.SIGTERM, lambda *a: stop.append(1))

if os.environ.get("LISTEN_PID") == str(os.getpid()) and \
        int(os.environ.get("LISTEN_FDS", "0")) >= 1:
    ls = socket.socket(fileno=3)
else:
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", int(sys.argv[1])))
    ls.listen(128)
reply = ("pong %d\n" % os.getpid()).encode()
while not stop:
    r, _, _ = select.select([ls], [], [], 0.05)
    if not r:
        continue
    c, _ = ls.accept()
    with c, c.makefile("rb") as f:
        f.readline()
        c.sendall(reply)
