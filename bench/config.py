#!/usr/bin/env python3
"""bench/config.py: psd -c beside supervisord, runit and s6 (issue 3).

Run as root from the build directory (or `make bench BENCH=config`):
    python3 $srcdir/bench/config.py [--counts 1,100,1000] [--runs 3]

In one run, for each supervisor (psd, supervisord, runsvdir + runsv,
s6-svscan + s6-supervise, all from Debian), each in a fresh temp dir:
  memory   RSS, PSS and USS summed over every supervising process (runsv
           and s6-supervise run one per service) managing 1, 100, 1000
           `sleep` programs, once all are running and 2 s have passed.
  start    time from launching the supervisor until all 1000 programs
           are running, seen from outside: the supervisor's children (or
           its runsv/s6-supervise's children) that have exec'd `sleep`
           are counted every ~2 ms; and the CPU the supervising processes
           spent to get there (schedstat).  Median of --runs runs.
  restart  one program that exits at once (bench/tick: it appends a byte
           to a file, so the file's size counts starts for every
           supervisor alike), restart delay 0 where the supervisor has
           one: restarts per second over --window s, and the supervising
           processes' CPU per restart.  Median of --runs windows.
  idle     context switches of the supervising processes over --idle s
           while 1000 programs run quietly.
psd runs with a soft RLIMIT_NOFILE of --psd-nofile (1024, what a login
shell usually has); the peers get what this script has (raised to 65536,
supervisord insists on minfds).  Prints Markdown tables and the goals.
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib as B  # noqa: E402
import supervisors as S  # noqa: E402


def start_sleepers(cls, build, n, nofile, measure_idle=0):
    """Start cls with n sleep programs; time it, and measure memory."""
    with B.Run(cls.name) as run:
        sup = cls(run, build, nofile) if cls is S.Psd else cls(run, build)
        sup.write(n, S.SLEEP)
        w = S.Watcher(sup)
        t0 = time.monotonic()
        sup.start()
        up = None
        while time.monotonic() - t0 < 180:
            if w.count() >= n:
                up = time.monotonic() - t0
                break
            if sup.proc.poll() is not None:
                break
            time.sleep(0.002)
        cpu = B.tree_cpu_ns(sup.pids())
        out = {"n": n, "up_s": up, "cpu_ms": cpu / 1e6,
               "running": w.count(), "pids": len(sup.pids())}
        if up is None:
            out["why"] = diagnose(sup, run)
            return out
        time.sleep(2)
        out.update(B.sum_memory(sup.pids()))
        if measure_idle:
            pids = sup.pids()
            c0 = sum(B.ctxsw(p) for p in pids)
            r0 = B.ctxsw(sup.root())
            time.sleep(measure_idle)
            out["idle_all"] = sum(B.ctxsw(p) for p in pids) - c0
            out["idle_root"] = B.ctxsw(sup.root()) - r0
        out["running"] = w.count()
    return out


def diagnose(sup, run):
    """Why did the programs not all come up?  The supervisor's last words."""
    path = run.path("%s.out" % sup.name)
    try:
        with open(path) as f:
            lines = [l.strip() for l in f if "started (pid" not in l]
    except OSError:
        lines = []
    state = "exited %s" % sup.proc.returncode if sup.proc.poll() is not None \
        else "running"
    return "%s; %s" % (state, " | ".join(lines[-3:]) or "no output")


def restarts(cls, build, nofile, window, runs):
    tick = os.path.join(build, "bench", "tick")
    with B.Run(cls.name) as run:
        count = run.path("starts")
        sup = cls(run, build, nofile) if cls is S.Psd else cls(run, build)
        sup.write(1, "%s %s" % (tick, count), restart_fast=True)
        sup.start()

        def starts():
            try:
                return os.path.getsize(count)
            except OSError:
                return 0
        B.wait_until(lambda: starts() > 0, 10)
        time.sleep(1)
        rates, cpus = [], []
        for _ in range(runs):
            pids = sup.pids()
            n0, c0, t0 = starts(), B.tree_cpu_ns(pids), time.monotonic()
            time.sleep(window)
            n1, c1, t1 = starts(), B.tree_cpu_ns(pids), time.monotonic()
            rates.append((n1 - n0) / (t1 - t0))
            cpus.append((c1 - c0) / 1e3 / max(n1 - n0, 1))
        ctl_restarts = None
        if cls is S.Psd:
            import json
            import subprocess
            r = subprocess.run(sup.ctl() + ["--json", "status"],
                               capture_output=True, text=True, timeout=10)
            try:
                ctl_restarts = json.loads(r.stdout)["programs"][0]["restarts"]
            except (ValueError, KeyError, IndexError):
                pass
        total = starts()
    return {"rate": B.median(rates), "us_per": B.median(cpus),
            "rates": rates, "total": total, "ctl_restarts": ctl_restarts}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--counts", default="1,100,1000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--idle", type=int, default=10)
    ap.add_argument("--window", type=float, default=3.0)
    ap.add_argument("--psd-nofile", type=int, default=1024)
    ap.add_argument("--only", default="",
                    help="comma-separated subset: psd,supervisord,runit,s6")
    ap.add_argument("--build", default=os.getcwd())
    a = ap.parse_args()
    B.need(a.build, ["psd", "psctl", "bench/tick"])
    B.raise_nofile(65536)
    counts = [int(x) for x in a.counts.split(",")]
    big = max(counts)
    sups = [c for c in S.available()
            if not a.only or c.name in a.only.split(",")]
    B.settle()
    load0 = B.uptime()
    mem, start, rst = {}, {}, {}
    for cls in sups:
        for n in counts:
            r = start_sleepers(cls, a.build, n, a.psd_nofile,
                               measure_idle=a.idle if n == big else 0)
            mem[(cls.name, n)] = r
            if n == big:
                runs = [r] + [start_sleepers(cls, a.build, n, a.psd_nofile)
                              for _ in range(a.runs - 1)]
                start[cls.name] = runs
        rst[cls.name] = restarts(cls, a.build, a.psd_nofile, a.window, a.runs)
    load1 = B.uptime()

    print("### Config mode: psd beside supervisord, runit, s6\n")
    print("Load before: %s; after: %s. psd soft RLIMIT_NOFILE %d;"
          " programs' output: psd `null`, supervisord `NONE`, runit/s6"
          " /dev/null.\n" % (load0, load1, a.psd_nofile))
    print("Memory of every supervising process together, all programs"
          " running (KiB).\n")
    print("| supervisor | programs | processes | RSS | PSS | USS |")
    print("|---|---|---|---|---|---|")
    for cls in sups:
        for n in counts:
            r = mem[(cls.name, n)]
            if r["up_s"] is None:
                print("| %s | %d | %d | failed: %d of %d running (%s) | | |"
                      % (cls.name, n, r["pids"], r["running"], n, r["why"]))
                continue
            print("| %s | %d | %d | %d | %d | %d |" % (
                cls.name, n, r["pids"], r["rss"], r["pss"], r["uss"]))
    print("\nStarting %d programs: launch to all running, median of %d runs"
          " (then each run's time).\n" % (big, a.runs))
    print("| supervisor | time to all running s | runs s |"
          " supervisor CPU ms | context switches in %d s idle,"
          " all supervising processes | of which the root process |"
          % a.idle)
    print("|---|---|---|---|---|---|")
    for cls in sups:
        runs = start[cls.name]
        ups = [r["up_s"] for r in runs]
        r0 = runs[0]
        print("| %s | %s | %s | %s | %s | %s |" % (
            cls.name, B.fmt(B.median(ups), "%.3f"),
            " ".join(B.fmt(u, "%.3f") for u in ups),
            B.fmt(B.median([r["cpu_ms"] for r in runs]), "%.0f"),
            B.fmt(r0.get("idle_all"), "%d"), B.fmt(r0.get("idle_root"), "%d")))
    print("\nOne program that exits at once, restart delay 0 (psd:"
          " `restart_delay = 0`; supervisord: `startsecs = 0`,"
          " `autorestart = true`; runit and s6 have no delay setting).\n")
    print("| supervisor | restarts per second | per window | CPU us per"
          " restart (supervising processes) |")
    print("|---|---|---|---|")
    for cls in sups:
        r = rst[cls.name]
        print("| %s | %.1f | %s | %.0f |" % (
            cls.name, r["rate"], " ".join("%.1f" % x for x in r["rates"]),
            r["us_per"]))
    if "psd" in rst and rst["psd"]["ctl_restarts"] is not None:
        print("\n(psd's own count: %d restarts; the tick file: %d starts.)"
              % (rst["psd"]["ctl_restarts"], rst["psd"]["total"]))

    if ("psd", big) not in mem:
        return
    p = mem[("psd", big)]
    ps = start["psd"]
    print("\nGoals (issue 3), from this run.\n")
    print("| goal | psd | peers | met |")
    print("|---|---|---|---|")
    peers = [c.name for c in sups if c.name != "psd"]
    if p["up_s"] is not None:
        print("| %d programs within 2 MiB PSS | %.2f MiB | %s | %s |" % (
            big, p["pss"] / 1024.0, ", ".join(
                "%s %.1f MiB" % (n, mem[(n, big)].get("pss", 0) / 1024.0)
                for n in peers), B.met(p["pss"] <= 2048)))
    up = B.median([r["up_s"] for r in ps])
    print("| all %d up within 0.3 s | %s s | %s | %s |" % (
        big, B.fmt(up, "%.3f"), ", ".join(
            "%s %s s" % (n, B.fmt(B.median([r["up_s"] for r in start[n]]),
                                   "%.2f")) for n in peers),
        B.met(up is not None and up <= 0.3)))
    rp = rst["psd"]
    print("| >= 500 restarts/s with restart_delay = 0 | %.0f/s | %s | %s |" % (
        rp["rate"], ", ".join("%s %.1f/s" % (n, rst[n]["rate"]) for n in peers),
        B.met(rp["rate"] >= 500)))
    if "runit" in rst:
        print("| less CPU per restart than runsv | %.0f us | runit %.0f us |"
              " %s |" % (rp["us_per"], rst["runit"]["us_per"],
                         B.met(rp["us_per"] < rst["runit"]["us_per"])))
    print("| 0 wakeups in %d s with %d programs running quietly | %s |"
          " %s | %s |" % (
              a.idle, big, B.fmt(p.get("idle_root"), "%d"), ", ".join(
                  "%s %s" % (n, B.fmt(mem[(n, big)].get("idle_all"), "%d"))
                  for n in peers), B.met(p.get("idle_root") == 0)))


if __name__ == "__main__":
    main()
