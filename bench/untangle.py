#!/usr/bin/env python3
"""bench/untangle.py: psd before and after a restructuring (issue 13).

Two builds of psd side by side, in one run, interleaved (before, after,
before, after...) so that a change in the machine's load hits both alike:
    python3 $srcdir/bench/untangle.py --before /tmp/build-before \\
        --after /tmp/build-untangle [--runs 3]

Each build needs psd, psctl, psd-zombies and bench/{orphanstream,tick,
timecmd,reaplat} (`make bench/orphanstream bench/tick bench/timecmd
bench/reaplat psd-zombies` in it).  The measures are the other scripts':
  zombie storm   pid1.py: N zombies orphaned onto psd (PID 1 of a new
                 namespace) at one instant: the SIGCHLD storm; psd's CPU
                 per orphan (schedstat).
  orphan stream  pid1.py: N orphans by double fork as fast as one
                 generator can: psd's CPU per orphan.
  start          config.py: `psd -c` with --programs sleep programs: time
                 until all run, psd's CPU for it.
  restart        config.py: one program that exits at once, restart delay
                 0: restarts per second, psd's CPU per restart.
  status         psctl.py: `psctl status` with --programs programs
                 running: latency p50/p99, psd's CPU per call.
Each figure is the median over --runs rounds; the per-round values are
printed too.  Root only (namespaces).
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib as B  # noqa: E402
import config as C  # noqa: E402
import pid1 as P  # noqa: E402
import psctl as Q  # noqa: E402
import supervisors as S  # noqa: E402


def one_round(build, a):
    argv = [os.path.join(build, "psd"), "--"]
    z = P.zombie_storm(argv, build, a.orphans)
    s = P.orphan_stream(argv, build, a.orphans, 1)
    st = C.start_sleepers(S.Psd, build, a.programs, 65536)
    r = C.restarts(S.Psd, build, 1024, a.window, 1)
    q = Q.measure(S.Psd, build, a.programs, a.calls, 65536)
    return {
        "storm_us": z["us_per"],
        "stream_us": s["us_per"],
        "start_s": st["up_s"],
        "start_cpu_ms": st["cpu_ms"],
        "restart_rate": r["rate"],
        "restart_us": r["us_per"],
        "status_p50": q.get("p50"),
        "status_p99": q.get("p99"),
        "status_server_ms": q.get("server_cpu"),
    }


ROWS = [
    ("zombie storm: psd CPU us per orphan", "storm_us", "%.2f"),
    ("orphan stream: psd CPU us per orphan", "stream_us", "%.2f"),
    ("start N programs: s until all run", "start_s", "%.2f"),
    ("start N programs: psd CPU ms", "start_cpu_ms", "%.0f"),
    ("restart: restarts per s", "restart_rate", "%.0f"),
    ("restart: psd CPU us per restart", "restart_us", "%.0f"),
    ("psctl status, N programs: p50 ms", "status_p50", "%.2f"),
    ("psctl status, N programs: p99 ms", "status_p99", "%.2f"),
    ("psctl status, N programs: psd CPU ms per call", "status_server_ms",
     "%.3f"),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--before", required=True, help="build dir of the base")
    ap.add_argument("--after", required=True, help="build dir of the change")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--orphans", type=int, default=20000)
    ap.add_argument("--programs", type=int, default=1000)
    ap.add_argument("--window", type=float, default=3.0)
    ap.add_argument("--calls", type=int, default=100)
    a = ap.parse_args()
    for b in (a.before, a.after):
        B.need(b, ["psd", "psctl", "psd-zombies", "bench/orphanstream",
                   "bench/tick", "bench/timecmd"])
    B.raise_nofile(65536)
    B.settle()
    load0 = B.uptime()
    got = {"before": [], "after": []}
    for i in range(a.runs):
        for name, build in (("before", a.before), ("after", a.after)):
            got[name].append(one_round(build, a))
            print("# round %d %s done" % (i + 1, name), file=sys.stderr)
    load1 = B.uptime()

    print("### Issue 13: before and after the untangling\n")
    print("Load before: %s; after: %s. N = %d programs, %d orphans; median"
          " of %d interleaved rounds (each round's value in brackets).\n"
          % (load0, load1, a.programs, a.orphans, a.runs))
    print("| measure | before | after | after / before |")
    print("|---|---|---|---|")
    for label, k, spec in ROWS:
        vals = {n: [r[k] for r in got[n] if r[k] is not None] for n in got}
        med = {n: B.median(v) if v else None for n, v in vals.items()}
        ratio = "%.2f" % (med["after"] / med["before"]) \
            if med["before"] and med["after"] is not None else "-"
        cell = {n: "%s [%s]" % (B.fmt(med[n], spec), ", ".join(
            spec % x for x in vals[n])) for n in got}
        print("| %s | %s | %s | %s |" % (label, cell["before"],
                                         cell["after"], ratio))


if __name__ == "__main__":
    main()
