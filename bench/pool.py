#!/usr/bin/env python3
"""bench/pool.py: pools of one-shot jobs beside xargs -P and GNU parallel
(issue 15).

Run from the build directory (or `make bench BENCH=pool`):
    python3 $srcdir/bench/pool.py [--true 10000] [--sleep 2000] [--queued 100000]

In one run, with 4 slots, on the same item list:
  * --true jobs of `true {}` and --sleep jobs of a 10 ms sleep
    (bench/jobmark FILE 10 {}: it appends "+" when it starts and "-"
    before it exits, O_APPEND, so the running count along the file is
    how many jobs ran at once);
  * by `psctl map` (psd -c with [pool:b] workers = 4, started before and
    not counted), `psd --jobs 4 --map`, `xargs -P 4 -I {}` and
    `parallel -j 4` (when installed).
For each: wall time, jobs per second, the scheduler's own CPU (its
/proc/PID/schedstat, the scheduler process alone, not the jobs: read
when it has exited and before it is reaped, or before and after for the
psd daemon; psctl's own CPU is shown beside it) and the most jobs seen
running at once.  Then psd's memory with --queued jobs queued: a pool
with workers = 1 whose first job blocks, the rest submitted by one
`psctl map`; VmRSS before and after, KiB per queued job.
"""
import argparse
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib as B  # noqa: E402


def stat_fields(pid):
    with open("/proc/%d/stat" % pid) as f:
        return f.read().rsplit(")", 1)[1].split()


def own_cpu_s(pid):
    """The CPU pid itself has used, in s (schedstat; stat ticks if not)."""
    try:
        return B.cpu_ns(pid) / 1e9
    except OSError:
        f = stat_fields(pid)
        return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")


def run_child(argv, stdin_path, out_path):
    """Run argv; (wall s, its own CPU s at its exit, status)."""
    with open(stdin_path) as fin, open(out_path, "w") as fout:
        t0 = time.monotonic()
        p = subprocess.Popen(argv, stdin=fin, stdout=fout,
                             stderr=subprocess.STDOUT)
        cpu = None
        while True:
            try:
                st = stat_fields(p.pid)[0]
            except OSError:
                break
            if st == "Z":
                cpu = own_cpu_s(p.pid)	# exited, not yet reaped
                break
            time.sleep(0.005)
        _, status, _ = os.wait4(p.pid, 0)
        wall = time.monotonic() - t0
        p.returncode = status
    return wall, cpu, os.waitstatus_to_exitcode(status)


def max_running(markfile):
    """(most jobs running at once, starts) from jobmark's marks."""
    run = top = starts = 0
    try:
        with open(markfile) as f:
            for line in f:
                if line.startswith("+"):
                    run += 1
                    starts += 1
                    top = max(top, run)
                elif line.startswith("-"):
                    run -= 1
    except OSError:
        pass
    return top, starts


def psctl_map(psctl, sock, psd_pid, cmd, items, out):
    """psctl map on the running psd: (wall, psd's CPU, psctl's CPU, st)."""
    before = own_cpu_s(psd_pid)
    with open(items) as fin, open(out, "w") as fout:
        t0 = time.monotonic()
        p = subprocess.Popen([psctl, "-s", sock, "map", "b", "--"] + cmd,
                             stdin=fin, stdout=fout,
                             stderr=subprocess.STDOUT)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.monotonic() - t0
    after = own_cpu_s(psd_pid)
    return (wall, after - before, ru.ru_utime + ru.ru_stime,
            os.waitstatus_to_exitcode(status))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=".")
    ap.add_argument("--true", type=int, default=10000, dest="ntrue")
    ap.add_argument("--sleep", type=int, default=2000, dest="nsleep")
    ap.add_argument("--queued", type=int, default=100000)
    a = ap.parse_args()
    psd, psctl, jobmark = B.need(a.build, ["psd", "psctl", "bench/jobmark"])
    parallel = "/usr/bin/parallel" if os.access("/usr/bin/parallel",
                                                os.X_OK) else None
    B.raise_nofile(4096)
    print("# bench/pool.py: %d true jobs, %d 10 ms-sleep jobs, 4 slots; %s"
          % (a.ntrue, a.nsleep, B.uptime()))
    rows = []
    with B.Run("pool") as r:
        sock = r.path("psd.sock")
        conf = r.path("pool.ini")
        with open(conf, "w") as f:
            f.write("[pool:b]\nworkers = 4\nqueue_max = 200000\n"
                    "keep_results = 0\nkeep_alive = true\n")
        d = r.popen([psd, "-c", conf, "--socket", sock])
        B.wait_until(lambda: os.path.exists(sock), 10)
        for label, n, ms in (("true", a.ntrue, None),
                             ("10 ms sleep", a.nsleep, 10)):
            items = r.path("items-%d" % n)
            with open(items, "w") as f:
                f.write("".join("%d\n" % i for i in range(1, n + 1)))
            for who in ("psctl map", "psd --map", "xargs -P 4",
                        "parallel -j 4"):
                mark = r.path("marks")
                if os.path.exists(mark):
                    os.unlink(mark)
                cmd = (["true", "{}"] if ms is None
                       else [jobmark, mark, str(ms), "{}"])
                out = r.path("out")
                other = None
                if who == "psctl map":
                    wall, cpu, other, st = psctl_map(psctl, sock, d.pid,
                                                     cmd, items, out)
                elif who == "psd --map":
                    wall, cpu, st = run_child(
                        [psd, "--jobs", "4", "--map", "--"] + cmd, items, out)
                elif who == "xargs -P 4":
                    wall, cpu, st = run_child(
                        ["xargs", "-P", "4", "-I", "{}"] + cmd, items, out)
                else:
                    if parallel is None:
                        continue
                    wall, cpu, st = run_child(
                        [parallel, "-j", "4"] + cmd, items, out)
                top, starts = max_running(mark) if ms else (None, None)
                rows.append((label, who, n, wall, cpu, other, top, starts,
                             st))
                print("# %s / %s: %.2f s, status %d" % (label, who, wall,
                                                          st), flush=True)
        # Memory with a.queued jobs queued behind one that blocks: a
        # second psd, so nothing of the runs above is counted.
        subprocess.run([psctl, "-s", sock, "shutdown"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        d.wait(timeout=60)
        with open(conf, "w") as f:
            f.write("[pool:b]\nworkers = 1\nqueue_max = %d\n"
                    "keep_results = 0\nkeep_alive = true\n"
                    % (a.queued + 10))
        sock = r.path("psd2.sock")
        d = r.popen([psd, "-c", conf, "--socket", sock])
        B.wait_until(lambda: os.path.exists(sock), 10)
        gate = r.path("gate")
        blocker = r.popen([psctl, "-s", sock, "submit", "b", "--", "sh", "-c",
                           "while [ ! -e %s ]; do sleep 0.1; done" % gate])
        blocker.wait()
        B.wait_until(lambda: B.children(d.pid) != [], 10)
        rss0 = B.status_field(d.pid, "VmRSS")
        items = r.path("items-q")
        with open(items, "w") as f:
            f.write("".join("%d\n" % i for i in range(1, a.queued + 1)))
        t0 = time.monotonic()
        m = r.popen([psctl, "-s", sock, "map", "b", "--", "true", "{}"],
                    stdin=open(items))

        def queued():
            out = subprocess.run([psctl, "-s", sock, "--json", "status"],
                                 capture_output=True, text=True).stdout
            import json
            try:
                return json.loads(out)["pools"][0]["queued"]
            except (ValueError, KeyError, IndexError):
                return -1
        B.wait_until(lambda: queued() >= a.queued, 120, step=0.2)
        tq = time.monotonic() - t0
        nq = queued()
        rss1 = B.status_field(d.pid, "VmRSS")
        args = sum(len("true") + 1 + len(str(i)) + 1
                   for i in range(1, a.queued + 1))
        m.terminate()
        m.wait()
        open(gate, "w").close()
        subprocess.run([psctl, "-s", sock, "shutdown"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        d.wait(timeout=60)
    load = B.uptime()

    print()
    print("| jobs | scheduler | wall | jobs/s | scheduler CPU | CPU/job |"
          " psctl CPU | most running | exit |")
    print("|---|---|---|---|---|---|---|---|---|")
    for label, who, n, wall, cpu, other, top, starts, st in rows:
        print("| %d %s | %s | %.2f s | %.0f | %s | %s | %s | %s | %d |" % (
            n, label, who, wall, n / wall,
            B.fmt(cpu, "%.2f s"),
            "?" if cpu is None else "%.0f us" % (cpu * 1e6 / n),
            "-" if other is None else "%.2f s" % other,
            "-" if top is None else "%d (%d starts)" % (top, starts),
            st))
    print()
    print("psd with %d jobs queued (workers = 1, the first blocks; %d queued"
          " in %.1f s by one psctl map): VmRSS %d KiB before, %d KiB after,"
          " %.3f KiB (%.0f bytes) per queued job; their argument words are"
          " %.1f bytes each" % (a.queued, nq, tq, rss0, rss1,
                                (rss1 - rss0) / max(nq, 1),
                                (rss1 - rss0) * 1024.0 / max(nq, 1),
                                args / a.queued))
    print("# after: %s" % load)


if __name__ == "__main__":
    main()
