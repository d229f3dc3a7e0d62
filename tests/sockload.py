#!/usr/bin/python3
"""sockload.py: a client for the socket tests and the benchmark.

  sockload.py ask HOST PORT [TEXT]   connect, send TEXT (default "ping"),
                                     shut down the write side, print the
                                     reply
  sockload.py load HOST PORT N [MS]  N connections one after another (MS
                                     milliseconds apart), each
                                     sending "ping\\n" and reading the whole
                                     reply; prints "answered=A refused=R
                                     reset=S other=O servers=K" (K: how
                                     many different replies) and exits 0
  sockload.py unix PATH [TEXT]       like ask, on a unix socket
"""
import errno
import socket
import sys
import time


def ask(family, addr, text, timeout=20):
    s = socket.socket(family, socket.SOCK_STREAM)
    s.settimeout(timeout)
    try:
        s.connect(addr)
        s.sendall(text.encode())
        s.shutdown(socket.SHUT_WR)
        out = b""
        while True:
            b = s.recv(65536)
            if not b:
                return out
            out += b
    finally:
        s.close()


def load(host, port, n, pause):
    counts = {"answered": 0, "refused": 0, "reset": 0, "other": 0}
    servers = set()
    t0 = time.monotonic()
    for _ in range(n):
        try:
            r = ask(socket.AF_INET, (host, port), "ping\n")
            counts["answered" if r else "reset"] += 1
            servers.add(r)
            if pause:
                time.sleep(pause)
        except ConnectionRefusedError:
            counts["refused"] += 1
        except ConnectionResetError:
            counts["reset"] += 1
        except OSError as e:
            counts["reset" if e.errno == errno.EPIPE else "other"] += 1
    dt = time.monotonic() - t0
    counts["servers"] = len(servers - {b""})
    print(" ".join("%s=%d" % kv for kv in counts.items()) +
          " seconds=%.3f" % dt)


def main():
    cmd = sys.argv[1]
    if cmd == "ask":
        text = sys.argv[4] if len(sys.argv) > 4 else "ping\n"
        sys.stdout.write(ask(socket.AF_INET, (sys.argv[2], int(sys.argv[3])),
                             text).decode())
    elif cmd == "unix":
        text = sys.argv[3] if len(sys.argv) > 3 else "ping\n"
        sys.stdout.write(ask(socket.AF_UNIX, sys.argv[2], text).decode())
    elif cmd == "load":
        load(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]),
             float(sys.argv[5]) / 1000 if len(sys.argv) > 5 else 0)
    else:
        sys.exit("usage: sockload.py ask|load|unix ...")


main()
