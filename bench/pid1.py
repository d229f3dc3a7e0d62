#!/usr/bin/env python3
"""bench/pid1.py: psd as PID 1 beside tini, dumb-init and catatonit (issue 2).

Run as root from the build directory after `make bench` builds the helpers
(or just `make bench`):
    python3 $srcdir/bench/pid1.py [--orphans 20000] [--runs 3] [--idle 10]

Each init runs as PID 1 of a new PID namespace (unshare --fork --pid
--mount-proc), in one run, one after the other:
  zombie storm   N zombies made beforehand (psd-zombies --hold) land on the
                 init at one instant when their parent exits: time until
                 the init has no zombie left, its CPU time (schedstat),
                 CPU per reaped orphan, its wakeups (context switches), and
                 the most zombies seen at any point in the second after.
  orphan stream  N orphans made as fast as a generator can (bench/
                 orphanstream.c, double forks): peak zombies seen (sampled
                 every ~1 ms by counting state Z among the init's
                 children), time from the last orphan made until 0 zombies,
                 CPU per orphan, wakeups, zombies in the second after.
  idle           context switches (voluntary + involuntary) of the init in
                 --idle seconds with `sleep` as its child; RSS, PSS, USS
                 (private clean + private dirty) and private dirty alone,
                 from /proc/PID/smaps_rollup; whether libsystemd is mapped.
  reap latency   p50/p99 from an orphan's exit to its reaping, over
                 --latency orphans (bench/reaplat.c), median of --runs runs.
Storm figures are medians of --runs runs.  Prints Markdown tables and the
issue's goals with the measured figure beside each.
"""
import argparse
import os
import select
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib as B  # noqa: E402


def inits(build):
    out = [("psd", [os.path.join(build, "psd"), "--"])]
    for name in ("tini", "dumb-init", "catatonit"):
        path = shutil.which(name)
        if path:
            out.append((name, [path, "--"]))
        else:
            print("# %s not installed: skipped" % name, file=sys.stderr)
    return out


def start(run, argv_init, cmd):
    """Start argv_init + cmd as PID 1 of a new namespace; return (p, init)."""
    p = run.popen(["unshare", "--fork", "--pid", "--mount-proc",
                   "--kill-child", "--"] + argv_init + cmd,
                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                  bufsize=1)
    if not B.wait_until(lambda: B.children(p.pid), 10):
        raise RuntimeError("%s did not start" % argv_init[0])
    init = B.children(p.pid)[0]
    if not B.wait_until(lambda: B.children(init), 10):
        raise RuntimeError("%s started no child" % argv_init[0])
    return p, init


def zombies_after(init, skip, seconds=1.0):
    """The most zombie children of init seen over the next seconds."""
    worst, end = 0, time.monotonic() + seconds
    while time.monotonic() < end:
        worst = max(worst, B.count_zombies(
            [c for c in B.children(init) if c not in skip]))
        time.sleep(0.01)
    return worst


def zombie_storm(argv_init, build, count):
    gen = "%s --count %d --quiet --hold" % (os.path.join(build, "psd-zombies"),
                                             count)
    with B.Run("pid1") as run:
        p, init = start(run, argv_init, ["sh", "-c", "%s; exec sleep 600" % gen])
        line = p.stdout.readline()      # "psd-zombies[P]: N zombies waiting"
        made = int(line.split("]: ")[1].split()[0])
        sh = B.children(init)[0]
        # init -> sh -> psd-zombies -> P (holding the zombies)
        main = B.children(sh)[0]
        holder = B.children(main)[0]
        c0, w0 = B.cpu_ns(init), B.ctxsw(init)
        t0 = time.monotonic()
        p.stdin.write("\n")
        p.stdin.flush()
        # Once P is gone all its zombies are the init's children until it
        # reaps them: the storm is over when only sh/sleep is left.
        while True:
            if B.state(holder) is None and len(B.children(init)) <= 1:
                break
            if time.monotonic() - t0 > 120:
                break
            time.sleep(0.0005)
        t1 = time.monotonic()
        cpu, wake = B.cpu_ns(init) - c0, B.ctxsw(init) - w0
        left = zombies_after(init, {sh})
    return {"made": made, "drain_ms": (t1 - t0) * 1e3, "cpu_ms": cpu / 1e6,
            "us_per": cpu / 1e3 / made, "wakeups": wake,
            "per_wakeup": made / max(wake, 1), "left": left}


def orphan_stream(argv_init, build, count, workers):
    gen = os.path.join(build, "bench", "orphanstream")
    with B.Run("pid1") as run:
        p, init = start(run, argv_init, [gen, str(count), str(workers)])
        if p.stdout.readline().strip() != "ready":
            raise RuntimeError("orphanstream did not start")
        main = B.children(init)[0]
        c0, w0 = B.cpu_ns(init), B.ctxsw(init)
        t0 = time.monotonic()
        p.stdin.write("\n")
        p.stdin.flush()
        peak, done_at, gen_ms, done = 0, None, None, None
        while True:
            kids = [c for c in B.children(init) if c != main]
            z = B.count_zombies(kids)
            peak = max(peak, z)
            if done_at is None:
                r, _, _ = select.select([p.stdout], [], [], 0.001)
                if r:
                    done = p.stdout.readline().split()
                    done_at = time.monotonic()
                    gen_ms = float(done[2])
            else:
                if not kids:
                    break
                time.sleep(0.001)
            if time.monotonic() - t0 > 300:
                break
        t1 = time.monotonic()
        cpu, wake = B.cpu_ns(init) - c0, B.ctxsw(init) - w0
        left = zombies_after(init, {main})
    made = int(done[1]) if done else count
    return {"made": made, "gen_ms": gen_ms, "peak": peak,
            "drain_ms": (t1 - done_at) * 1e3 if done_at else None,
            "cpu_ms": cpu / 1e6, "us_per": cpu / 1e3 / made,
            "wakeups": wake, "per_wakeup": made / max(wake, 1), "left": left,
            "failed": done is None or "failed" in done}


def idle(argv_init, seconds):
    with B.Run("pid1") as run:
        _, init = start(run, argv_init, ["sleep", str(seconds + 30)])
        time.sleep(1)
        w0 = B.ctxsw(init)
        time.sleep(seconds)
        wake = B.ctxsw(init) - w0
        mem = B.memory_kib(init)
        sysd = B.maps_contain(init, "libsystemd")
    mem.update({"wakeups": wake, "libsystemd": sysd})
    return mem


def latency(argv_init, reaplat, n):
    p = subprocess.run(["unshare", "--fork", "--pid", "--mount-proc",
                        "--kill-child", "--"] + argv_init + [reaplat, str(n)],
                       capture_output=True, text=True, timeout=300)
    # "reap latency us: p50 X p99 Y max Z (n=N)"
    w = p.stdout.split()
    try:
        return float(w[w.index("p50") + 1]), float(w[w.index("p99") + 1])
    except (ValueError, IndexError):
        return None, None


def medians(rows):
    """Per-key median of a list of dicts (booleans: any)."""
    out = {}
    for k in rows[0]:
        vals = [r[k] for r in rows]
        if isinstance(vals[0], bool):
            out[k] = any(vals)
        elif k == "left":
            out[k] = max(vals)
        else:
            out[k] = B.median(vals)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--orphans", type=int, default=20000)
    ap.add_argument("--workers", type=int, default=1,
                    help="orphan stream generator processes")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--idle", type=int, default=10)
    ap.add_argument("--latency", type=int, default=1000)
    ap.add_argument("--build", default=os.getcwd())
    a = ap.parse_args()
    B.need(a.build, ["psd", "psd-zombies", "bench/orphanstream",
                     "bench/reaplat"])
    reaplat = os.path.join(a.build, "bench", "reaplat")
    B.settle()
    load0 = B.uptime()
    res = {}
    for name, argv in inits(a.build):
        z = medians([zombie_storm(argv, a.build, a.orphans)
                     for _ in range(a.runs)])
        s = medians([orphan_stream(argv, a.build, a.orphans, a.workers)
                     for _ in range(a.runs)])
        i = idle(argv, a.idle)
        lats = [latency(argv, reaplat, a.latency) for _ in range(a.runs)]
        lat = (B.median([x[0] for x in lats]), B.median([x[1] for x in lats]))
        res[name] = (z, s, i, lat)
    load1 = B.uptime()

    print("### PID 1: psd beside tini, dumb-init, catatonit\n")
    print("Load before: %s; after: %s. %d runs per storm, median shown"
          " (zombies after: the worst run).\n" % (load0, load1, a.runs))
    print("Zombie storm: %d zombies orphaned onto the init at one instant"
          " (peak zombies = %d by construction).\n" % (a.orphans, a.orphans))
    print("| init | time to 0 zombies ms | init CPU ms | CPU us per orphan |"
          " init wakeups | orphans per wakeup | zombies after |")
    print("|---|---|---|---|---|---|---|")
    for name, (z, _, _, _) in res.items():
        print("| %s | %.0f | %.1f | %.2f | %.0f | %.0f | %d |" % (
            name, z["drain_ms"], z["cpu_ms"], z["us_per"], z["wakeups"],
            z["per_wakeup"], z["left"]))
    print("\nOrphan stream: %d orphans made by double fork as fast as %d"
          " generator process%s can.\n" % (a.orphans, a.workers,
                                           "" if a.workers == 1 else "es"))
    print("| init | generation ms | peak zombies | last orphan to 0 zombies ms"
          " | init CPU ms | CPU us per orphan | init wakeups |"
          " orphans per wakeup | zombies after |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, (_, s, _, _) in res.items():
        print("| %s | %s | %s | %s | %.1f | %.2f | %.0f | %.1f | %d%s |" % (
            name, B.fmt(s["gen_ms"]), B.fmt(s["peak"]),
            B.fmt(s["drain_ms"], "%.1f"), s["cpu_ms"], s["us_per"],
            s["wakeups"], s["per_wakeup"], s["left"],
            " (generator failed)" if s["failed"] else ""))
    print("\nIdle with `sleep` as the child, and reap latency (%d orphans,"
          " median of %d runs).\n" % (a.latency, a.runs))
    print("| init | context switches in %d s | RSS KiB | PSS KiB | USS KiB |"
          " private dirty KiB | libsystemd mapped | reap latency us p50 |"
          " reap latency us p99 |" % a.idle)
    print("|---|---|---|---|---|---|---|---|---|")
    for name, (_, _, i, lat) in res.items():
        print("| %s | %d | %d | %d | %d | %d | %s | %s | %s |" % (
            name, i["wakeups"], i["rss"], i["pss"], i["uss"], i["dirty"],
            "yes" if i["libsystemd"] else "no", B.fmt(lat[0], "%.1f"),
            B.fmt(lat[1], "%.1f")))

    if "psd" not in res or len(res) < 2:
        return
    z, s, i, _ = res["psd"]
    others = {n: v for n, v in res.items() if n != "psd"}
    print("\nGoals (issue 2), from this run.\n")
    print("| goal | psd | reference | met |")
    print("|---|---|---|---|")
    ref = ", ".join("%s %d" % (n, v[2]["wakeups"]) for n, v in others.items())
    print("| 0 idle wakeups in %d s | %d | %s | %s |" % (
        a.idle, i["wakeups"], ref, B.met(i["wakeups"] == 0)))
    for label, k in (("zombie storm", 0), ("orphan stream", 1)):
        best_n, best = min(((n, v[k]["us_per"]) for n, v in others.items()),
                           key=lambda x: x[1])
        mine = res["psd"][k]["us_per"]
        print("| %s: CPU per orphan <= 0.8 x best other | %.2f us (%.2f x)"
              " | %s %.2f us; 0.8 x = %.2f us | %s |" % (
                  label, mine, mine / best, best_n, best, 0.8 * best,
                  B.met(mine <= 0.8 * best)))
    if "tini" in others:
        t = others["tini"][2]
        print("| USS <= tini + 10%% | %d KiB | tini %d KiB; limit %.0f KiB |"
              " %s |" % (i["uss"], t["uss"], 1.1 * t["uss"],
                         B.met(i["uss"] <= 1.1 * t["uss"])))
        print("| (private dirty alone, for reference) | %d KiB | tini %d KiB |"
              " %s |" % (i["dirty"], t["dirty"],
                         B.met(i["dirty"] <= 1.1 * t["dirty"])))
    print("| libsystemd not mapped | %s | | %s |" % (
        "mapped" if i["libsystemd"] else "not mapped",
        B.met(not i["libsystemd"])))
    print("| no zombie left after a storm | %d, %d | | %s |" % (
        z["left"], s["left"], B.met(z["left"] == 0 and s["left"] == 0)))


if __name__ == "__main__":
    main()
