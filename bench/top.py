#!/usr/bin/env python3
"""bench/top.py: what a watching `psctl top` costs psd (issue 17).

Run as root from the build directory (or `make bench BENCH=top`):
    python3 $srcdir/bench/top.py [--seconds 10] [--programs 1000]

Two set-ups, each measured twice over --seconds: alone, then with one
`psctl top` (default interval 1 s) attached in a pseudo-terminal of
100x40 whose output this script reads and throws away:
  - `psd --demo` (8 programs making zombies, orphans and a double fork);
  - `psd -c` with --programs `sleep` programs.
Reported: psd's CPU per second (schedstat) and voluntary context switches
per second, psctl top's own CPU per second.

The peer: supervisord with the same number of `sleep` programs, alone
and with `supervisorctl status` run once a second (what one does to
watch supervisord: `watch -n1 supervisorctl status`; its `top`-like
views are third-party); supervisord's CPU per second, and the client's.
"""
import argparse
import fcntl
import os
import struct
import subprocess
import sys
import termios
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib as B  # noqa: E402
import supervisors as S  # noqa: E402


def vol(pid):
    return B.status_field(pid, "voluntary_ctxt_switches")


def span(pids, seconds, during=None):
    """CPU (ms/s) and voluntary switches (/s) of each pid over seconds."""
    c0 = [B.cpu_ns(p) for p in pids]
    s0 = [vol(p) for p in pids]
    t0 = time.monotonic()
    if during:
        during(t0 + seconds)
    else:
        time.sleep(seconds)
    dt = time.monotonic() - t0
    return [((B.cpu_ns(p) - c) / 1e6 / dt, (vol(p) - s) / dt)
            for p, c, s in zip(pids, c0, s0)]


class Top:
    """psctl top in a pseudo-terminal, its output drained."""

    def __init__(self, run, argv):
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100,
                                                           0, 0))
        env = dict(os.environ, TERM="xterm", LANG="C.UTF-8")

        def ctty():
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)
        self.proc = run.popen(argv, stdin=slave, stdout=slave, stderr=slave,
                              env=env, preexec_fn=ctty)
        os.close(slave)
        self.master = master
        self.bytes = 0
        self.t = threading.Thread(target=self.drain, daemon=True)
        self.t.start()

    def drain(self):
        while True:
            try:
                b = os.read(self.master, 65536)
            except OSError:
                return
            if not b:
                return
            self.bytes += len(b)

    def quit(self):
        try:
            os.write(self.master, b"q")
            self.proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
        os.close(self.master)


def measure_psd(build, argv, sock, seconds, wait_running):
    with B.Run("top") as run:
        sup = run.popen([a.replace("@RUN@", run.dir) for a in argv])
        sock = sock.replace("@RUN@", run.dir)
        ctl = [os.path.join(build, "psctl"), "-s", sock]
        if not B.wait_until(lambda: subprocess.run(
                ctl + ["ping"], stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL).returncode == 0, 60, 0.05):
            return {"failed": "psd did not answer"}
        if not wait_running(ctl):
            return {"failed": "programs did not start"}
        time.sleep(2)
        alone = span([sup.pid], seconds)[0]
        top = Top(run, ctl + ["top"])
        time.sleep(2)
        watched, mine = span([sup.pid, top.proc.pid], seconds)
        top.quit()
        return {"alone": alone, "watched": watched, "client": mine,
                "bytes": top.bytes}


def measure_peer(build, n, seconds):
    with B.Run("top-peer") as run:
        sup = S.Supervisord(run, build)
        sup.write(n, S.SLEEP)
        w = S.Watcher(sup)
        sup.start()
        if not B.wait_until(lambda: w.count() >= n, 240, 0.01):
            return {"failed": "%d of %d running" % (w.count(), n)}
        time.sleep(3)
        alone = span([sup.root()], seconds)[0]
        client = [0.0]

        def poll(until):
            while time.monotonic() < until:
                t = time.monotonic()
                c0 = os.times()
                subprocess.run(sup.ctl() + ["status"],
                               stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
                c1 = os.times()
                client[0] += (c1.children_user + c1.children_system -
                              c0.children_user - c0.children_system) * 1e3
                time.sleep(max(0, 1 - (time.monotonic() - t)))
        watched = span([sup.root()], seconds, poll)[0]
        return {"alone": alone, "watched": watched,
                "client": (client[0] / seconds, 0)}


def running(n):
    def check(ctl):
        def up():
            r = subprocess.run(ctl + ["--json", "stats"],
                               capture_output=True, text=True)
            return '"running": %d' % n in r.stdout.replace('":', '": ') \
                or ('"running":%d' % n) in r.stdout
        return B.wait_until(up, 240, 0.1)
    return check


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--programs", type=int, default=1000)
    ap.add_argument("--build", default=os.getcwd())
    a = ap.parse_args()
    B.need(a.build, ["psd", "psctl", "psd-zombies"])
    B.raise_nofile(65536)
    psd = os.path.join(a.build, "psd")
    B.settle()
    load0 = B.uptime()
    res = {}
    res["demo"] = measure_psd(a.build, [psd, "--demo", "--socket",
                                        "@RUN@/psd.sock"],
                              "@RUN@/psd.sock", a.seconds, lambda c: True)
    with B.Run("top-conf") as run:
        sup = S.Psd(run, a.build)
        sup.write(a.programs, S.SLEEP)
        text = open(sup.conf).read().replace(sup.sock, "@RUN@/psd.sock")
    with B.Run("top-many") as run:
        path = run.path("psd.ini")
        with open(path, "w") as f:
            f.write(text.replace("@RUN@", run.dir))
        sup = run.popen([psd, "-c", path])
        ctl = [os.path.join(a.build, "psctl"), "-s", run.path("psd.sock")]
        ok = B.wait_until(lambda: subprocess.run(
            ctl + ["ping"], stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL).returncode == 0, 60, 0.05) and \
            running(a.programs)(ctl)
        if not ok:
            res["many"] = {"failed": "programs did not start"}
        else:
            time.sleep(2)
            alone = span([sup.pid], a.seconds)[0]
            top = Top(run, ctl + ["top"])
            time.sleep(2)
            watched, mine = span([sup.pid, top.proc.pid], a.seconds)
            top.quit()
            res["many"] = {"alone": alone, "watched": watched,
                           "client": mine, "bytes": top.bytes}
    res["peer"] = measure_peer(a.build, a.programs, a.seconds)
    res["peer8"] = measure_peer(a.build, 8, a.seconds)
    load1 = B.uptime()

    print("### psctl top's cost to psd\n")
    print("Load before: %s; after: %s.  %g s per figure; CPU from"
          " schedstat, in ms of CPU per second.\n" % (load0, load1,
                                                      a.seconds))
    print("| set-up | watcher | server CPU ms/s alone | with the watcher |"
          " server wakeups/s alone | with the watcher | watcher's CPU"
          " ms/s |")
    print("|---|---|---|---|---|---|---|")
    rows = [("psd --demo (8 programs)", "psctl top", "demo"),
            ("psd, %d programs" % a.programs, "psctl top", "many"),
            ("supervisord, 8 programs", "supervisorctl status, 1/s",
             "peer8"),
            ("supervisord, %d programs" % a.programs,
             "supervisorctl status, 1/s", "peer")]
    for label, watcher, k in rows:
        r = res.get(k) or {"failed": "not run"}
        if "failed" in r:
            print("| %s | %s | failed: %s | | | | |" % (label, watcher,
                                                     r["failed"]))
            continue
        print("| %s | %s | %.2f | %.2f | %.1f | %.1f | %.2f |" % (
            label, watcher, r["alone"][0], r["watched"][0], r["alone"][1],
            r["watched"][1],
            r["client"][0]))


if __name__ == "__main__":
    main()
