#!/usr/bin/env python3
"""bench/psctl.py: `psctl status` beside `supervisorctl status` (issue 4).

Run as root from the build directory (or `make bench BENCH=psctl`):
    python3 $srcdir/bench/psctl.py [--counts 1,100,1000] [--calls 200]

In one run, for 1, 100 and 1000 `sleep` programs: psd -c with that many
programs (and a --socket in the run's temp dir), then supervisord with
the same programs; once all are running, `psctl -s SOCK status` is run
--calls times and `supervisorctl -c CONF status` --peer-calls times, one
after another, by bench/timecmd (posix_spawn to wait4, output to
/dev/null: the whole process, start-up and exit included).  Reports the
median and p99 latency, the client's own CPU (rusage) and the server's
CPU per call (schedstat of psd or supervisord), and the exit statuses.
"""
import argparse
import collections
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib as B  # noqa: E402
import supervisors as S  # noqa: E402


def timed(build, argv, calls):
    """Run argv calls times; list of (wall us, status, cpu us)."""
    r = subprocess.run([os.path.join(build, "bench", "timecmd"), str(calls)]
                       + argv, capture_output=True, text=True,
                       timeout=calls * 30 + 60)
    out = []
    for line in r.stdout.splitlines():
        us, code, cpu = line.split()
        out.append((float(us), int(code), float(cpu)))
    return out


def measure(cls, build, n, calls, nofile):
    with B.Run(cls.name) as run:
        sup = cls(run, build, nofile) if cls is S.Psd else cls(run, build)
        sup.write(n, S.SLEEP)
        w = S.Watcher(sup)
        sup.start()
        if not B.wait_until(lambda: w.count() >= n, 240, 0.01):
            return {"failed": "%d of %d running" % (w.count(), n)}
        # supervisord calls a program RUNNING after startsecs (1 s);
        # let every supervisor settle the same way.
        time.sleep(2)
        argv = sup.ctl() + ["status"]
        c0 = B.cpu_ns(sup.root())
        rows = timed(build, argv, calls)
        server = (B.cpu_ns(sup.root()) - c0) / 1e3 / max(len(rows), 1)
    if not rows:
        return {"failed": "no run of %s" % " ".join(argv)}
    lat = [r[0] / 1e3 for r in rows]
    return {"n": n, "calls": len(rows), "p50": B.median(lat),
            "p99": B.percentile(lat, 99), "client_cpu": B.median(
                [r[2] / 1e3 for r in rows]), "server_cpu": server / 1e3,
            "codes": collections.Counter(r[1] for r in rows)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--counts", default="1,100,1000")
    ap.add_argument("--calls", type=int, default=200,
                    help="psctl status calls per count")
    ap.add_argument("--peer-calls", type=int, default=50,
                    help="supervisorctl status calls per count")
    ap.add_argument("--psd-nofile", type=int, default=1024)
    ap.add_argument("--build", default=os.getcwd())
    a = ap.parse_args()
    B.need(a.build, ["psd", "psctl", "bench/timecmd"])
    B.raise_nofile(65536)
    counts = [int(x) for x in a.counts.split(",")]
    sups = [c for c in S.available() if c.name in ("psd", "supervisord")]
    B.settle()
    load0 = B.uptime()
    res = {}
    for n in counts:
        for cls in sups:
            calls = a.calls if cls is S.Psd else a.peer_calls
            res[(cls.name, n)] = measure(cls, a.build, n, calls, a.psd_nofile)
    load1 = B.uptime()

    print("### psctl status beside supervisorctl status\n")
    print("Load before: %s; after: %s. Whole-process latency (spawn to"
          " exit), output to /dev/null.\n" % (load0, load1))
    print("| client | programs | calls | median ms | p99 ms | client CPU ms"
          " (median) | server CPU ms per call | exit statuses |")
    print("|---|---|---|---|---|---|---|---|")
    for n in counts:
        for cls in sups:
            r = res[(cls.name, n)]
            client = "psctl" if cls is S.Psd else "supervisorctl"
            if "failed" in r:
                print("| %s | %d | failed: %s | | | | | |" % (
                    client, n, r["failed"]))
                continue
            print("| %s | %d | %d | %.2f | %.2f | %.2f | %.2f | %s |" % (
                client, n, r["calls"], r["p50"], r["p99"], r["client_cpu"],
                r["server_cpu"], ", ".join("%d x%d" % kv for kv in
                                           sorted(r["codes"].items()))))
    big = max(counts)
    p, s = res.get(("psd", big), {}), res.get(("supervisord", big), {})
    if "p50" not in p:
        return
    print("\nGoals (issue 4), from this run.\n")
    print("| goal | psctl | supervisorctl | met |")
    print("|---|---|---|---|")
    print("| median under 5 ms with %d programs | %.2f ms | | %s |" % (
        big, p["p50"], B.met(p["p50"] < 5)))
    if "p50" in s:
        print("| at least 20x faster than supervisorctl (%d programs) |"
              " %.2f ms | %.1f ms (%.0fx) | %s |" % (
                  big, p["p50"], s["p50"], s["p50"] / p["p50"],
                  B.met(s["p50"] >= 20 * p["p50"])))


if __name__ == "__main__":
    main()
