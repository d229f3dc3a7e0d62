#!/usr/bin/env python3
"""bench/scrape.py: psd-http's cost to psd (issue 18).

Run as root from the build directory (or `make bench BENCH=scrape`):
    python3 $srcdir/bench/http.py [--programs 1000] [--scrapes 100]
        [--clients 200] [--seconds 10] [--psctl-calls 40]

psd -c with --programs `sleep` programs, and psd-http beside it on a
loopback port (started by this script, not by psd, so that each can be
measured alone).

Scrape cost: with psd-http's --cache 0 (every scrape asks psd), --scrapes
GETs of /metrics one after another; psd's CPU (schedstat) over them
divided by the scrapes, psd-http's likewise, and the scrape's wall time.

Load: --clients concurrent HTTP/1.1 keep-alive clients asking for gzip as
Prometheus does (Python threads in
a child process pinned to the last CPU at nice 19: the scrapers stand for
other machines, and this process measures without waiting for their
interpreter lock; loopback only) GET /metrics for --seconds, against psd-http with its
default --cache and with --cache 0.  Reports requests served, errors
(anything but a whole 200 answer), `psctl status` latency (bench/timecmd:
the whole process) measured idle and during the load, and psd-http's
RSS before, during and after.
"""
import argparse
import http.client
import os
import socket
import struct
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib as B  # noqa: E402
import supervisors as S  # noqa: E402
from psctl import timed  # noqa: E402


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def get(port, path="/metrics", conn=None, headers=None):
    """One GET; (status, body length) and the connection to reuse."""
    if conn is None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers=headers or {})
    r = conn.getresponse()
    body = r.read()
    return r.status, len(body), conn


def start_http(run, build, sock, port, cache):
    argv = [os.path.join(build, "psd-http"), "--listen",
            "127.0.0.1:%d" % port, "-s", sock, "--cache", cache]
    p = run.popen(argv)

    def up():
        try:
            return get(port, "/healthz")[0] == 200
        except OSError:
            return False
    if not B.wait_until(up, 30, 0.01):
        sys.exit("psd-http did not answer on port %d" % port)
    return p


def threads_cpu_ns(pid):
    """CPU time of every thread of pid (libmicrohttpd serves in its own)."""
    total = 0
    for t in os.listdir("/proc/%d/task" % pid):
        with open("/proc/%d/task/%s/schedstat" % (pid, t)) as f:
            total += int(f.read().split()[0])
    return total


def status_rtt(sock, calls):
    """psd's own latency: a STATUS request on a connection of ours to the
    END of the reply, in ms (no process start, unlike psctl)."""
    out = []
    for _ in range(calls):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        t = time.monotonic()
        s.connect(sock)
        s.sendall(struct.pack("<HHI", 1, 17, 0))
        buf, off, done = bytearray(), 0, False
        while not done:
            chunk = s.recv(1 << 16)
            if not chunk:
                break
            buf += chunk
            while len(buf) - off >= 8:
                _, typ, n = struct.unpack_from("<HHI", buf, off)
                if len(buf) - off < 8 + n:
                    break
                off += 8 + n
                if typ == 4:		# END
                    done = True
                    break
        out.append((time.monotonic() - t) * 1e3)
        s.close()
    return B.median(out)


def scrape_cost(psd_pid, http_pid, port, scrapes):
    conn = None
    get(port)				# warm: first allocations
    c0, h0 = B.cpu_ns(psd_pid), threads_cpu_ns(http_pid)
    walls, size = [], 0
    for _ in range(scrapes):
        t = time.monotonic()
        code, size, conn = get(port, conn=conn)
        walls.append((time.monotonic() - t) * 1e3)
        if code != 200:
            sys.exit("scrape answered %d" % code)
    c1, h1 = B.cpu_ns(psd_pid), threads_cpu_ns(http_pid)
    _, gz, conn = get(port, conn=conn, headers=GZIP)
    return {"psd_ms": (c1 - c0) / 1e6 / scrapes,
            "http_ms": (h1 - h0) / 1e6 / scrapes,
            "wall_ms": B.median(walls), "wall_p99": B.percentile(walls, 99),
            "bytes": size, "gz": gz}


# What Prometheus sends with every scrape.
GZIP = {"Accept-Encoding": "gzip"}


def load_clients(port, clients, seconds):
    """clients threads GET /metrics until the deadline: (ok, errors,
    kinds).  Runs in a process of its own (load below)."""
    stop = time.monotonic() + seconds
    ok, errors, lock = [0], [0], threading.Lock()
    kinds = {}

    def client():
        conn, n, e = None, 0, 0
        while time.monotonic() < stop:
            try:
                code, size, conn = get(port, conn=conn, headers=GZIP)
                if code == 200 and size > 0:
                    n += 1
                    continue
                kind = "HTTP %d" % code
            except (OSError, http.client.HTTPException) as x:
                kind = type(x).__name__
                if conn is not None:
                    conn.close()
                conn = None
            e += 1
            with lock:
                kinds[kind] = kinds.get(kind, 0) + 1
        with lock:
            ok[0] += n
            errors[0] += e
        if conn is not None:
            conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return ok[0], errors[0], kinds


class Load:
    """The crowd of scrapers, in a child process pinned to the last CPU at
    the lowest priority: scrapers are other machines in a fleet, so they
    load psd-http without taking a core's time from psd or psctl here, and
    the measurements (in this process) do not wait for their threads'
    interpreter lock."""

    def __init__(self, port, clients, seconds):
        r, w = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            os.close(r)
            try:
                os.sched_setaffinity(0, {max(os.sched_getaffinity(0))})
                os.nice(19)
                res = load_clients(port, clients, seconds)
                os.write(w, repr(res).encode())
            finally:
                os._exit(0)
        os.close(w)
        self.r = r

    def join(self):
        data = b""
        while True:
            chunk = os.read(self.r, 65536)
            if not chunk:
                break
            data += chunk
        os.close(self.r)
        os.waitpid(self.pid, 0)
        return eval(data.decode()) if data else (0, 1, {"no result": 1})


def psctl_ms(build, sock, calls):
    rows = timed(build, [os.path.join(build, "psctl"), "-s", sock, "status"],
                 calls)
    return B.median([r[0] / 1e3 for r in rows]), \
        sorted(set(r[1] for r in rows))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--programs", type=int, default=1000)
    ap.add_argument("--scrapes", type=int, default=100)
    ap.add_argument("--clients", type=int, default=200)
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--psctl-calls", type=int, default=40)
    ap.add_argument("--build", default=os.getcwd())
    a = ap.parse_args()
    if not os.access(os.path.join(a.build, "psd-http"), os.X_OK):
        print("skipped: psd-http is not built (configure found no"
              " libmicrohttpd-dev)")
        return
    B.need(a.build, ["psd", "psctl", "bench/timecmd"])
    B.raise_nofile(65536)
    B.settle()
    load0 = B.uptime()
    out = {}
    with B.Run("scrape") as run:
        sup = S.Psd(run, a.build, 4096)
        sup.write(a.programs, S.SLEEP)
        w = S.Watcher(sup)
        sup.start()
        if not B.wait_until(lambda: w.count() >= a.programs, 240, 0.01):
            sys.exit("only %d of %d programs running" % (w.count(),
                                                         a.programs))
        time.sleep(2)
        psd = sup.root()

        port = free_port()
        h = start_http(run, a.build, sup.sock, port, "0")
        cost = scrape_cost(psd, h.pid, port, a.scrapes)
        idle_ms, _ = psctl_ms(a.build, sup.sock, a.psctl_calls)
        idle_rtt = status_rtt(sup.sock, a.psctl_calls)
        h.terminate()
        h.wait()

        for cache in ("250ms", "0"):
            port = free_port()
            h = start_http(run, a.build, sup.sock, port, cache)
            get(port)
            rss0 = B.memory_kib(h.pid)["rss"]
            c0 = B.cpu_ns(psd)
            t0 = time.monotonic()
            crowd = Load(port, a.clients, a.seconds)
            time.sleep(min(1.0, a.seconds / 4))
            busy_ms, codes = psctl_ms(a.build, sup.sock, a.psctl_calls)
            busy_rtt = status_rtt(sup.sock, a.psctl_calls)
            rss1 = B.memory_kib(h.pid)["rss"]
            ok, errors, kinds = crowd.join()
            wall = time.monotonic() - t0
            psd_cpu = (B.cpu_ns(psd) - c0) / 1e9
            rss2 = B.memory_kib(h.pid)["rss"]
            # once more, to see memory does not grow with the work done
            _, errors2, _ = Load(port, a.clients, a.seconds / 2).join()
            rss3 = B.memory_kib(h.pid)["rss"]
            out[cache] = {"ok": ok, "errors": errors, "kinds": kinds,
                          "wall": wall, "busy_ms": busy_ms, "codes": codes,
                          "busy_rtt": busy_rtt,
                          "rss": (rss0, rss1, rss2, rss3),
                          "psd_cpu": psd_cpu, "errors2": errors2}
            h.terminate()
            h.wait()
    load1 = B.uptime()

    print("### psd-http: the cost of a scrape, and a crowd of scrapers\n")
    print("Load before: %s; after: %s. %d programs.\n" % (
        load0, load1, a.programs))
    print("Scrape cost (psd-http --cache 0: every scrape asks psd for"
          " STATS and STATUS), %d scrapes one after another:\n" % a.scrapes)
    print("| psd CPU per scrape | psd-http CPU per scrape | wall median |"
          " wall p99 | /metrics size (gzip) |")
    print("|---|---|---|---|---|")
    print("| %.2f ms | %.2f ms | %.2f ms | %.2f ms | %d KiB (%d KiB) |" % (
        cost["psd_ms"], cost["http_ms"], cost["wall_ms"], cost["wall_p99"],
        cost["bytes"] // 1024, cost["gz"] // 1024))
    print("\nLoad: %d keep-alive clients GET /metrics for %gs.  Idle, with"
          " psd-http running: psctl status (%d calls, whole process) median"
          " %.2f ms; a STATUS round trip on a socket of our own (no process"
          " start) median %.2f ms.\n" % (
              a.clients, a.seconds, a.psctl_calls, idle_ms, idle_rtt))
    print("| psd-http --cache | answers | per s | errors | psd CPU | psctl"
          " status during load | vs idle | STATUS round trip during load |"
          " vs idle | psd-http RSS before / during / after / after 2nd run |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for cache, r in out.items():
        print("| %s | %d | %.0f | %d%s | %.2f s (%.0f%%) | %.2f ms | %.2fx |"
              " %.2f ms | %.2fx | %s KiB |" % (
                  cache, r["ok"], r["ok"] / r["wall"], r["errors"] +
                  r["errors2"], (" (%s)" % ", ".join(
                      "%s x%d" % kv for kv in sorted(r["kinds"].items())))
                  if r["kinds"] else "", r["psd_cpu"],
                  100 * r["psd_cpu"] / r["wall"], r["busy_ms"],
                  r["busy_ms"] / idle_ms, r["busy_rtt"],
                  r["busy_rtt"] / idle_rtt, " / ".join(
                      str(x) for x in r["rss"])))
    d = out.get("250ms")
    print("\nGoals (issue 18), from this run.\n")
    print("| goal | measured | met |")
    print("|---|---|---|")
    print("| a scrape of %d programs costs psd < 10 ms CPU | %.2f ms | %s |" %
          (a.programs, cost["psd_ms"], B.met(cost["psd_ms"] < 10)))
    if d:
        print("| no error under load (default cache) | %d | %s |" % (
            d["errors"] + d["errors2"], B.met(d["errors"] + d["errors2"] ==
                                              0)))
        print("| psctl status within 2x of idle under load | %.2fx | %s |" % (
            d["busy_ms"] / idle_ms, B.met(d["busy_ms"] <= 2 * idle_ms)))
        print("| psd's STATUS round trip within 2x of idle under load |"
              " %.2fx | %s |" % (d["busy_rtt"] / idle_rtt,
                                 B.met(d["busy_rtt"] <= 2 * idle_rtt)))
        grow = d["rss"][3] - d["rss"][1]
        print("| psd-http memory flat (after 2nd run vs during 1st) |"
              " %+d KiB | %s |" % (grow, B.met(grow < 1024)))


if __name__ == "__main__":
    main()
