#!/usr/bin/env python3
"""bench/pid1.py: psd as PID 1 beside tini, dumb-init and catatonit.

Run as root from the build directory (it needs ./psd, ./psd-orphans):
    python3 bench/pid1.py [--orphans 20000] [--idle 10]

For each init, in one run, as PID 1 of a new PID namespace:
  storm   20 000 orphans released at once (psd-orphans --burst): time until
          the init has no zombie child left, peak zombies, the init's CPU
          time (from /proc/PID/schedstat) and CPU per reaped orphan;
          and whether any zombie is left afterwards.
  idle    context switches (voluntary + involuntary) of the init over
          --idle seconds with `sleep` as its child, and its memory
          (RSS, PSS, USS = private pages, from /proc/PID/smaps_rollup).
  latency p50/p99 of exit-to-reap for 1000 orphans (bench/reaplat.c).
Prints a Markdown table.
"""
import argparse
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def inits(build):
    out = [("psd", [os.path.join(build, "psd"), "--"])]
    for name, argv in (("tini", ["tini", "--"]),
                       ("dumb-init", ["dumb-init", "--"]),
                       ("catatonit", ["catatonit", "--"])):
        if shutil.which(argv[0]):
            out.append((name, [shutil.which(argv[0])] + argv[1:]))
        else:
            print("# %s not installed: skipped" % name, file=sys.stderr)
    return out


def child_of(pid):
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        return []


def wait_child(pid, timeout=10):
    end = time.time() + timeout
    while time.time() < end:
        c = child_of(pid)
        if c:
            return c[0]
        time.sleep(0.001)
    raise RuntimeError("no child under %d" % pid)


def cpu_ns(pid):
    with open("/proc/%d/schedstat" % pid) as f:
        return int(f.read().split()[0])


def status_field(pid, name):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(name + ":"):
                return int(line.split()[1])
    return 0


def memory_kib(pid):
    vals = {}
    with open("/proc/%d/smaps_rollup" % pid) as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2 and parts[0].endswith(":"):
                try:
                    vals[parts[0][:-1]] = int(parts[1])
                except ValueError:
                    pass
    uss = vals.get("Private_Clean", 0) + vals.get("Private_Dirty", 0)
    return vals.get("Rss", 0), vals.get("Pss", 0), uss


def maps_libsystemd(pid):
    with open("/proc/%d/maps" % pid) as f:
        return "libsystemd" in f.read()


def start(argv_init, cmd):
    p = subprocess.Popen(["unshare", "--fork", "--pid", "--mount-proc",
                          "--kill-child", "--"] + argv_init + cmd,
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True)
    init = wait_child(p.pid)
    return p, init


def zombies(init):
    n = 0
    for c in child_of(init):
        try:
            with open("/proc/%d/stat" % c) as f:
                if f.read().rsplit(")", 1)[1].split()[0] == "Z":
                    n += 1
        except OSError:
            pass
    return n


def storm(argv_init, build, count, kind):
    if kind == "zombies":
        gen = "%s --count %d --quiet --hold" % (os.path.join(build, "psd-zombies"), count)
    else:
        gen = "%s --count %d --burst --hold" % (os.path.join(build, "psd-orphans"), count)
    p, init = start(argv_init, ["sh", "-c", "%s; exec sleep 600" % gen])
    # The orphans block until their parent P exits; P exits when we say.
    line = p.stdout.readline()          # "psd-orphans[P]: N children waiting"
    ppid = int(line.split("[")[1].split("]")[0])
    # P's pid is as seen in the namespace: find it here among init's
    # descendants by its NSpid.
    host_p = None
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open("/proc/%s/status" % pid) as f:
                    for l in f:
                        if l.startswith("NSpid:"):
                            ns = l.split()
                            if len(ns) == 3 and int(ns[2]) == ppid and \
                                    "psd-" in open("/proc/%s/cmdline" % pid).read():
                                host_p = int(pid)
            except OSError:
                pass
    c0 = cpu_ns(init)
    t0 = time.monotonic()
    p.stdin.write("\n")
    p.stdin.flush()
    peak = 0
    # Once P is gone all the orphans are the init's children (running
    # or zombie) until it reaps them: the storm is over when only
    # `sleep` is left.
    while True:
        n = len(child_of(init)) - 1
        peak = max(peak, n)
        if n <= 0 and (host_p is None or not os.path.exists("/proc/%d" % host_p)):
            break
        if time.monotonic() - t0 > 120:
            break
        time.sleep(0.0005)
    t1 = time.monotonic()
    cpu = cpu_ns(init) - c0
    time.sleep(0.2)
    left = zombies(init)
    p.kill()
    p.wait()
    return {"made": line.strip(), "drain_ms": (t1 - t0) * 1000, "peak": peak,
            "cpu_ms": cpu / 1e6, "us_per_orphan": cpu / 1e3 / count,
            "left": left}


def idle(argv_init, seconds):
    p, init = start(argv_init, ["sleep", str(seconds + 5)])
    time.sleep(1)
    v0 = status_field(init, "voluntary_ctxt_switches")
    n0 = status_field(init, "nonvoluntary_ctxt_switches")
    time.sleep(seconds)
    v1 = status_field(init, "voluntary_ctxt_switches")
    n1 = status_field(init, "nonvoluntary_ctxt_switches")
    rss, pss, uss = memory_kib(init)
    sysd = maps_libsystemd(init)
    p.kill()
    p.wait()
    return {"wakeups": (v1 - v0) + (n1 - n0), "rss": rss, "pss": pss,
            "uss": uss, "libsystemd": sysd}


def latency(argv_init, reaplat, n):
    p = subprocess.run(["unshare", "--fork", "--pid", "--mount-proc", "--"] +
                       argv_init + [reaplat, str(n)], capture_output=True,
                       text=True, timeout=300)
    return p.stdout.strip()


def median_storm(argv, build, count, kind, runs):
    rs = sorted((storm(argv, build, count, kind) for _ in range(runs)),
                key=lambda r: r["cpu_ms"])
    return rs[len(rs) // 2]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--orphans", type=int, default=20000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--idle", type=int, default=10)
    ap.add_argument("--latency", type=int, default=1000)
    ap.add_argument("--build", default=os.getcwd())
    a = ap.parse_args()
    reaplat = "/tmp/psd-bench-reaplat"
    subprocess.run(["cc", "-O2", "-o", reaplat, os.path.join(HERE, "reaplat.c")],
                   check=True)
    rows = []
    for name, argv in inits(a.build):
        z = median_storm(argv, a.build, a.orphans, "zombies", a.runs)
        o = median_storm(argv, a.build, a.orphans, "orphans", a.runs)
        i = idle(argv, a.idle)
        lat = latency(argv, reaplat, a.latency)
        rows.append((name, z, o, i, lat))
    n = a.orphans
    print("Zombie storm: %d zombies orphaned onto the init at once; orphan"
          " storm: %d live orphans released at once (median of %d runs by"
          " init CPU).\n" % (n, n, a.runs))
    print("| init | zombie storm: drain ms / peak / CPU us per reap |"
          " orphan storm: drain ms / peak / CPU us per reap | zombies left |"
          " idle wakeups in %ds | RSS / PSS / USS KiB | libsystemd mapped |"
          " reap latency us p50 / p99 |" % a.idle)
    print("|---|---|---|---|---|---|---|---|")
    for name, z, o, i, lat in rows:
        lat = lat.replace("reap latency us: ", "").split()
        print("| %s | %.0f / %d / %.2f | %.0f / %d / %.2f | %d | %d | %d / %d / %d | %s | %s / %s |" % (
            name, z["drain_ms"], z["peak"], z["us_per_orphan"],
            o["drain_ms"], o["peak"], o["us_per_orphan"], z["left"] + o["left"],
            i["wakeups"], i["rss"], i["pss"], i["uss"],
            "yes" if i["libsystemd"] else "no",
            lat[1] if len(lat) > 1 else "?", lat[3] if len(lat) > 3 else "?"))


main()
