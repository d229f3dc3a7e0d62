#!/usr/bin/env python3
"""bench/log.py: throughput of the `log` path, psd beside supervisord.

Run as root from the build directory (it needs ./psd and
./tests/helpers/linegen, built by `make check`):
    python3 bench/log.py [--lines 1000000] [--bytes 100] [--runs 3]

One program writes LINES numbered lines of about BYTES bytes as fast as
it can, in 1 MiB writes (a program with buffered stdout) and then with
one write(2) per line (a logger, or python -u, that flushes each line);
the supervisor carries them to its own stdout:
  psd          stdout = log (the default): "gen | line" per line
  supervisord  stdout_logfile = /dev/stdout, stdout_logfile_maxbytes = 0
               (the usual container recipe)
each into (a) a pipe read by this script, which counts and discards, and
(b) a file.  For each: lines/s and MB/s of program output carried, and
the supervisor's CPU time (from /proc/PID/schedstat, in ns) per MB.
The median of --runs runs is shown.  Prints a Markdown table.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

MARK = b"END-OF-STREAM"


def cpu_s(pid):
    """CPU time the process has run, in seconds (schedstat: ns)."""
    with open("/proc/%d/schedstat" % pid) as f:
        return int(f.read().split()[0]) / 1e9


def gen_cmd(linegen, lines, size, each):
    # linegen lines are "gen N " + 8 letters; -L pads every line (-l 1);
    # -u: one write(2) per line.
    pad = max(8, size - 12)
    return "sh -c '%s %s-l 1 -L %d gen %d; echo %s'" % (
        linegen, "-u " if each else "", pad, lines, MARK.decode())


def psd_setup(build, tmp, cmd):
    ini = os.path.join(tmp, "psd.ini")
    with open(ini, "w") as f:
        f.write("[psd]\nlog_level = warn\n[program:gen]\n"
                "command = %s\nrestart = never\n" % cmd)
    return [os.path.join(build, "psd"), "-c", ini, "--socket", "none"]


def supervisord_setup(tmp, cmd):
    conf = os.path.join(tmp, "supervisord.conf")
    with open(conf, "w") as f:
        f.write("[supervisord]\nnodaemon=true\nlogfile=/dev/null\n"
                "logfile_maxbytes=0\nloglevel=warn\npidfile=%s/sd.pid\n"
                "[unix_http_server]\nfile=%s/sd.sock\n"
                "[program:gen]\ncommand=%s\nautorestart=false\n"
                "startsecs=0\nstdout_logfile=/dev/stdout\n"
                "stdout_logfile_maxbytes=0\nredirect_stderr=true\n"
                % (tmp, tmp, cmd))
    return ["supervisord", "-c", conf]


def run_pipe(argv):
    """Read the supervisor's stdout until the marker; (seconds, cpu s)."""
    p = subprocess.Popen(argv, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, bufsize=0)
    t0 = time.monotonic()
    tail = b""
    fd = p.stdout.fileno()
    while True:
        b = os.read(fd, 1 << 20)
        if not b:
            break
        tail = (tail + b)[-64:]
        if MARK in tail:
            break
    t = time.monotonic() - t0
    cpu = cpu_s(p.pid)
    p.terminate()
    try:
        while os.read(fd, 1 << 20):
            pass
    except OSError:
        pass
    p.wait()
    return t, cpu


def run_file(argv, path):
    """Write to a file; wait for the marker at its end; (seconds, cpu s)."""
    with open(path, "wb") as out:
        p = subprocess.Popen(argv, stdout=out, stderr=subprocess.DEVNULL)
    t0 = time.monotonic()
    while True:
        try:
            with open(path, "rb") as f:
                f.seek(max(0, os.path.getsize(path) - 64))
                if MARK in f.read():
                    break
        except OSError:
            pass
        if p.poll() is not None and p.returncode != 0:
            raise RuntimeError("%s exited %d" % (argv[0], p.returncode))
        time.sleep(0.002)
    t = time.monotonic() - t0
    cpu = cpu_s(p.pid)
    p.terminate()
    p.wait()
    return t, cpu


def measure(name, build, cmd, into, runs):
    """Median (seconds, CPU seconds) of runs."""
    ts, cs = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            argv = psd_setup(build, tmp, cmd) if name == "psd" \
                else supervisord_setup(tmp, cmd)
            if into == "pipe":
                t, c = run_pipe(argv)
            else:
                t, c = run_file(argv, os.path.join(tmp, "out"))
        ts.append(t)
        cs.append(c)
    return statistics.median(ts), statistics.median(cs)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=".")
    ap.add_argument("--lines", type=int, default=1000000)
    ap.add_argument("--bytes", type=int, default=100)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    linegen = os.path.join(a.build, "tests/helpers/linegen")
    if not os.access(linegen, os.X_OK):
        sys.exit("bench/log.py: %s missing: run make check first" % linegen)
    sups = ["psd"]
    if shutil.which("supervisord"):
        sups.append("supervisord")
    else:
        print("# supervisord not installed: skipped", file=sys.stderr)
    mb = a.lines * a.bytes / 1e6
    print("# %d lines of %d bytes (%.0f MB) per run, median of %d runs;"
          " load %s" % (a.lines, a.bytes, mb, a.runs,
                        open("/proc/loadavg").read().split()[0]))
    print("# CPU: the supervisor's, less what it spends starting and"
          " stopping with no output (measured alike)")
    print()
    print("| writes | supervisor | into | lines/s | MB/s | CPU s |"
          " CPU ms per MB |")
    print("|---|---|---|---:|---:|---:|---:|")
    res = {}
    for each in (False, True):
        for name in sups:
            _, base = measure(name, a.build, gen_cmd(linegen, 1, 8, False),
                              "pipe", a.runs)
            for into in ("pipe", "file"):
                t, c = measure(name, a.build,
                               gen_cmd(linegen, a.lines, a.bytes, each),
                               into, a.runs)
                c = max(c - base, 0.0)
                res[(each, name, into)] = (t, c)
                print("| %s | %s | %s | %.0f | %.1f | %.3f | %.3f |" % (
                    "per line" if each else "1 MiB", name, into,
                    a.lines / t, mb / t, c, 1000 * c / mb))
    if "supervisord" in sups:
        print()
        for each in (False, True):
            for into in ("pipe", "file"):
                pt, pc = res[(each, "psd", into)]
                st, sc = res[(each, "supervisord", into)]
                print("- %s writes, into a %s: psd carries %.1fx"
                      " supervisord's throughput at %.2fx its CPU per MB"
                      " (goal: >= 10x at <= 0.1x)" % (
                          "per-line" if each else "1 MiB", into, st / pt,
                          pc / sc if sc else 0))


if __name__ == "__main__":
    main()
