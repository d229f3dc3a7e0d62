#!/usr/bin/env python3
"""bench/ready.py: readiness as psd observes it, against a bare listener.

Run as root from the build directory (it needs ./psd, ./psctl and
./tests/helpers/notify-client, built when libsystemd is there; `make
check` builds it), with redis-server installed for the redis rows:
    python3 bench/ready.py [--runs 30] [--chain 50] [--delay 10]

  spawn-to-READY  for the C client (notify-client, sd_notify at once) and
          for redis-server --supervised systemd: psd's own measure
          (psctl status ready_after_us: from just before psd forks to
          the READY=1 datagram handled, over `psctl restart --wait`),
          and in the same run the same command under a bare listener
          (an abstract SOCK_DGRAM socket with SO_PASSCRED in this
          script: from just before posix_spawn to recvmsg of READY=1).
          The difference is psd's overhead: its fork/exec path and its
          socket, /proc ancestry check and state machine.
  chain   --chain programs, each depends_on the one before and says
          READY=1 --delay ms after it starts: from psd's launch to the
          last one's start.  Ideal: chain x delay, plus spawn costs.
  rss     psd's memory with one program, without NOTIFY_SOCKET and with
          it set (libsystemd dlopen()ed): RSS, PSS, private (USS), and
          whether libsystemd is mapped.
Prints Markdown tables.  Numbers on a shared machine are noisy: medians.
"""
import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time


def ctl(build, sock, *args):
    r = subprocess.run([os.path.join(build, "psctl"), "-s", sock] + list(args),
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                       text=True)
    return r.returncode, r.stdout


def wait_socket(build, sock, timeout=10):
    end = time.time() + timeout
    while time.time() < end:
        if ctl(build, sock, "ping")[0] == 0:
            return
        time.sleep(0.005)
    raise RuntimeError("psd did not answer on " + sock)


def start_psd(build, ini, sock, env=None):
    p = subprocess.Popen([os.path.join(build, "psd"), "-c", ini,
                          "--socket", sock],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         env=env)
    wait_socket(build, sock)
    return p


def stop_psd(build, sock, p):
    ctl(build, sock, "shutdown")
    try:
        p.wait(timeout=20)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()


def status(build, sock, name):
    rc, out = ctl(build, sock, "--json", "status", name)
    return json.loads(out)["programs"][0]


def under_psd(build, tmp, command, runs):
    """ready_after_us of `runs` restarts of command, as psd measured it."""
    ini = os.path.join(tmp, "one.ini")
    sock = os.path.join(tmp, "one.sock")
    with open(ini, "w") as f:
        f.write("[program:svc]\ncommand = %s\nready = notify\n"
                "start_seconds = 0\nstop_timeout = 5s\n" % command)
    p = start_psd(build, ini, sock)
    out = []
    try:
        ctl(build, sock, "start", "--wait", "svc")
        for i in range(runs + 1):
            ctl(build, sock, "restart", "--wait", "svc")
            st = status(build, sock, "svc")
            if st["state"] != "READY" or st["ready_after_us"] is None:
                raise RuntimeError("svc not READY: %r" % st)
            if i > 0:		# the first warms the caches
                out.append(st["ready_after_us"])
    finally:
        stop_psd(build, sock, p)
    return out


def under_listener(argv, runs):
    """The same command under a bare notify socket, spawn to READY=1."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
    s.bind(b"")				# autobind, as psd does
    name = "@" + s.getsockname()[1:].decode()
    env = dict(os.environ, NOTIFY_SOCKET=name)
    s.settimeout(30)
    quiet = [(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_WRONLY, 0)
             for fd in (1, 2)]	# as under psd, whose output is /dev/null
    out = []
    for i in range(runs + 1):
        t0 = time.monotonic_ns()
        pid = os.posix_spawn(argv[0], argv, env, file_actions=quiet)
        while True:
            msg, anc, flags, addr = s.recvmsg(4096, socket.CMSG_SPACE(4096))
            for lvl, typ, data in anc:
                if typ == socket.SCM_RIGHTS:
                    for k in range(0, len(data) - len(data) % 4, 4):
                        os.close(int.from_bytes(data[k:k + 4], "little"))
            if b"READY=1" in msg.split(b"\n"):
                break
        t1 = time.monotonic_ns()
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
        if i > 0:
            out.append((t1 - t0) // 1000)
    s.close()
    return out


def ms(us):
    return "%.2f" % (us / 1000.0)


def row(name, psd, bare):
    mp, mb = statistics.median(psd), statistics.median(bare)
    return "| %s | %s | %s | %s | %s | %s |" % (
        name, ms(mp), ms(min(psd)), ms(mb), ms(min(bare)), ms(mp - mb))


def chain(build, tmp, client, n, delay, runs):
    ini = os.path.join(tmp, "chain.ini")
    sock = os.path.join(tmp, "chain.sock")
    stamp = os.path.join(tmp, "stamp")
    with open(ini, "w") as f:
        for i in range(n):
            f.write("[program:p%d]\ncommand = %s -d %d\nready = notify\n"
                    "start_seconds = 0\n%s\n" % (
                        i, client, delay,
                        "depends_on = p%d\n" % (i - 1) if i else ""))
        f.write("[program:last]\ncommand = %s -o %s -n\n"
                "depends_on = p%d\n" % (client, stamp, n - 1))
    out = []
    for r in range(runs):
        if os.path.exists(stamp):
            os.unlink(stamp)
        t0 = time.monotonic_ns() // 1000
        p = subprocess.Popen([os.path.join(build, "psd"), "-c", ini,
                              "--socket", sock], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        end = time.time() + 60
        t1 = None
        while time.time() < end and t1 is None:
            try:
                with open(stamp) as f:
                    for line in f:
                        if line.startswith("t_start="):
                            t1 = int(line.split("=")[1])
            except OSError:
                pass
            time.sleep(0.005)
        wait_socket(build, sock)
        stop_psd(build, sock, p)
        if t1 is None:
            raise RuntimeError("the chain did not finish")
        out.append(t1 - t0)
    return out


def mem(pid):
    vals = {}
    with open("/proc/%d/smaps_rollup" % pid) as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("Rss", "Pss", "Private_Clean", "Private_Dirty"):
                vals[k] = int(v.split()[0])
    with open("/proc/%d/maps" % pid) as f:
        lib = "libsystemd" in f.read()
    return vals["Rss"], vals["Pss"], \
        vals["Private_Clean"] + vals["Private_Dirty"], lib


def rss(build, tmp):
    ini = os.path.join(tmp, "rss.ini")
    sock = os.path.join(tmp, "rss.sock")
    with open(ini, "w") as f:
        f.write("[program:svc]\ncommand = sleep 600\nstart_seconds = 0\n")
    lst = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    lst.bind(b"")
    name = "@" + lst.getsockname()[1:].decode()
    rows = []
    for label, extra in (("no NOTIFY_SOCKET", {}),
                         ("NOTIFY_SOCKET set", {"NOTIFY_SOCKET": name})):
        env = dict(os.environ)
        env.pop("NOTIFY_SOCKET", None)
        env.update(extra)
        p = start_psd(build, ini, sock, env)
        time.sleep(0.2)		# let it settle after its start
        r, pss, uss, lib = mem(p.pid)
        stop_psd(build, sock, p)
        rows.append("| %s | %d | %d | %d | %s |" % (
            label, r, pss, uss, "yes" if lib else "no"))
    lst.close()
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=".")
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--chain", type=int, default=50)
    ap.add_argument("--delay", type=int, default=10)
    ap.add_argument("--chain-runs", type=int, default=3)
    a = ap.parse_args()
    build = os.path.abspath(a.build)
    client = os.path.join(build, "tests", "helpers", "notify-client")
    if not os.access(client, os.X_OK):
        sys.exit("no %s: build with libsystemd and run make check" % client)
    tmp = tempfile.mkdtemp(prefix="psd-bench-ready.")
    print("### spawn to READY (ms; median of %d, min)\n" % a.runs)
    print("| client | psd median | psd min | bare listener median |"
          " bare min | psd overhead (median) |")
    print("|---|---|---|---|---|---|")
    print(row("C client (sd_notify at once)",
              under_psd(build, tmp, client, a.runs),
              under_listener([client], a.runs)))
    redis = shutil.which("redis-server")
    if redis:
        port = 16379
        args = [redis, "--supervised", "systemd", "--daemonize", "no",
                "--port", str(port), "--save", "", "--appendonly", "no",
                "--dir", tmp]
        print(row("redis-server --supervised systemd",
                  under_psd(build, tmp, " ".join(
                      a if a else "''" for a in args), a.runs),
                  under_listener(args, a.runs)))
    else:
        print("# redis-server not installed: skipped", file=sys.stderr)
    c = chain(build, tmp, client, a.chain, a.delay, a.chain_runs)
    print("\n### %d-program dependency chain, each READY %d ms after its"
          " start\n" % (a.chain, a.delay))
    print("| runs | ideal (chain x delay) | median | min | max |"
          " per link over the delay |")
    print("|---|---|---|---|---|---|")
    print("| %d | %d | %s | %s | %s | %s |" % (
        len(c), a.chain * a.delay, ms(statistics.median(c)), ms(min(c)),
        ms(max(c)), ms(statistics.median(c) / a.chain - a.delay * 1000)))
    print("\n### psd's memory, one program (kB, /proc/PID/smaps_rollup)\n")
    print("| psd started with | RSS | PSS | private (USS) |"
          " libsystemd mapped |")
    print("|---|---|---|---|---|")
    for r in rss(build, tmp):
        print(r)
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
