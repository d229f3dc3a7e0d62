"""bench/benchlib.py: what the benchmarks share.

Reading /proc (CPU time, context switches, memory, children, states),
medians and percentiles, the machine's load, a temp dir per run, and
killing whole process trees, so no benchmark leaves anything behind.
"""
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time


def _terminated(sig, frame):
    raise KeyboardInterrupt("signal %d" % sig)


# SIGTERM (make, timeout, kill) unwinds like ^C, so every Run cleans up.
signal.signal(signal.SIGTERM, _terminated)
signal.signal(signal.SIGHUP, _terminated)


def settle():
    """Write back dirty page cache first: a binary built a moment ago has
    dirty pages, and mapped dirty file pages count as Private_Dirty."""
    os.sync()


def uptime():
    """The load averages, as uptime(1) shows them."""
    with open("/proc/loadavg") as f:
        return "load average: " + ", ".join(f.read().split()[:3])


def raise_nofile(want):
    """Raise our soft (and if need be hard) RLIMIT_NOFILE to want."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft >= want:
        return
    if hard < want:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (want, want))
            return
        except (ValueError, OSError):
            want = hard
    resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))


def children(pid):
    """Direct children of pid (pids as the host sees them)."""
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        return []


def descendants(pid):
    """Every descendant of pid, parents before children."""
    out, todo = [], [pid]
    while todo:
        for c in children(todo.pop()):
            out.append(c)
            todo.append(c)
    return out


def state(pid):
    """The kernel's state letter of pid, or None if it is gone."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return None


def comm(pid):
    try:
        with open("/proc/%d/comm" % pid) as f:
            return f.read().strip()
    except OSError:
        return None


def count_zombies(pids):
    return sum(1 for p in pids if state(p) == "Z")


def cpu_ns(pid):
    """CPU time pid has run, in ns (schedstat: user + system, exact)."""
    with open("/proc/%d/schedstat" % pid) as f:
        return int(f.read().split()[0])


def tree_cpu_ns(pids):
    total = 0
    for p in pids:
        try:
            total += cpu_ns(p)
        except OSError:
            pass
    return total


def status_field(pid, name):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(name + ":"):
                return int(line.split()[1])
    return 0


def ctxsw(pid):
    """Voluntary + involuntary context switches of pid so far."""
    return (status_field(pid, "voluntary_ctxt_switches") +
            status_field(pid, "nonvoluntary_ctxt_switches"))


def memory_kib(pid):
    """dict of Rss, Pss, Uss (private clean + dirty), Private_Dirty in KiB."""
    vals = {}
    with open("/proc/%d/smaps_rollup" % pid) as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2 and parts[0].endswith(":"):
                try:
                    vals[parts[0][:-1]] = int(parts[1])
                except ValueError:
                    pass
    return {"rss": vals.get("Rss", 0), "pss": vals.get("Pss", 0),
            "uss": vals.get("Private_Clean", 0) + vals.get("Private_Dirty", 0),
            "dirty": vals.get("Private_Dirty", 0)}


def sum_memory(pids):
    tot = {"rss": 0, "pss": 0, "uss": 0, "dirty": 0}
    for p in pids:
        try:
            m = memory_kib(p)
        except OSError:
            continue
        for k in tot:
            tot[k] += m[k]
    return tot


def maps_contain(pid, what):
    with open("/proc/%d/maps" % pid) as f:
        return what in f.read()


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def percentile(xs, q):
    """Nearest-rank percentile q (0..100) of xs."""
    xs = sorted(xs)
    if not xs:
        return None
    k = max(0, min(len(xs) - 1, int(round(q / 100.0 * len(xs) + 0.5)) - 1))
    return xs[k]


def wait_until(cond, timeout, step=0.001):
    """Poll cond() until it is true; False after timeout seconds."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(step)
    return cond()


def kill_tree(pid, sig=signal.SIGKILL):
    """Stop pid and every descendant (stopped first, so none escapes)."""
    pids = [pid] + descendants(pid)
    for p in pids:
        try:
            os.kill(p, signal.SIGSTOP)
        except OSError:
            pass
    pids = [pid] + descendants(pid)
    for p in pids:
        try:
            os.kill(p, sig)
        except OSError:
            pass
        try:
            os.kill(p, signal.SIGCONT)
        except OSError:
            pass


class Run:
    """One temp dir for one run, and the processes started in it."""

    def __init__(self, name):
        self.dir = tempfile.mkdtemp(prefix="psd-bench-%s-" % name)
        self.procs = []

    def path(self, *parts):
        return os.path.join(self.dir, *parts)

    def popen(self, argv, **kw):
        kw.setdefault("stdin", subprocess.DEVNULL)
        kw.setdefault("stdout", subprocess.DEVNULL)
        kw.setdefault("stderr", subprocess.DEVNULL)
        kw.setdefault("start_new_session", True)
        p = subprocess.Popen(argv, **kw)
        self.procs.append(p)
        return p

    def close(self):
        for p in self.procs:
            if p.poll() is None:
                kill_tree(p.pid)
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                print("# warning: pid %d did not die" % p.pid, file=sys.stderr)
        self.procs = []
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def need(build, names):
    """Paths of the build's programs; exit with a hint if one is missing."""
    out = []
    for n in names:
        p = os.path.join(build, n)
        if not os.access(p, os.X_OK):
            sys.exit("%s: not built; run `make bench` (or make %s) in the"
                     " build directory" % (p, n))
        out.append(p)
    return out


def fmt(x, spec="%.0f"):
    return "?" if x is None else spec % x


def met(ok):
    return "**yes**" if ok else "**no**"
