#!/usr/bin/python3
"""bench/sockets.py: sockets psd holds (issue 16), beside the peers.

  1. Restart under load: a client makes connections one after another
     while the server is restarted RESTARTS times through psctl; with
     `listen =` (psd holds the socket) and with the server binding the
     port itself.  Counts: answered, refused, reset.
  2. Connections per second with `accept = true` and a trivial handler
     (`true`), beside `tcpserver` and `systemd-socket-activate --accept
     --inetd` on the same handler; the CPU of the accepting process itself
     (psd, tcpserver, systemd-socket-activate) per connection.
  3. First-request latency: `start = on_demand` against the program
     started ahead.

Run as root from the build directory: python3 bench/sockets.py --build .
"""
import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SERVE = os.path.join(HERE, "..", "tests", "sockserve.py")
PY = "/usr/bin/python3"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def cpu_ms(pid):
    """CPU time of pid itself (not its children), from schedstat (ns)."""
    with open("/proc/%d/schedstat" % pid) as f:
        return int(f.read().split()[0]) / 1e6


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


class Psd:
    def __init__(self, build, tmp, ini):
        self.build, self.sock = build, os.path.join(tmp, "psd.sock")
        path = os.path.join(tmp, "psd.ini")
        with open(path, "w") as f:
            f.write(ini)
        self.log = open(os.path.join(tmp, "psd.log"), "w")
        self.p = subprocess.Popen([os.path.join(build, "psd"), "-c", path,
                                   "--socket", self.sock],
                                  stdout=self.log, stderr=self.log)
        self.wait(lambda: self.ctl("ping").returncode == 0)

    def ctl(self, *args):
        return subprocess.run([os.path.join(self.build, "psctl"), "-s",
                               self.sock] + list(args), capture_output=True,
                              text=True)

    def state(self, name):
        import json
        r = self.ctl("--json", "status", name)
        try:
            return json.loads(r.stdout)["programs"][0]["state"]
        except (ValueError, KeyError, IndexError):
            return ""

    @staticmethod
    def wait(cond, timeout=30):
        end = time.monotonic() + timeout
        while not cond():
            if time.monotonic() > end:
                raise SystemExit("timed out")
            time.sleep(0.005)

    def stop(self):
        self.ctl("shutdown")
        try:
            self.p.wait(30)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()
        self.log.close()


def ask(port, text=b"ping\n", timeout=30):
    s = socket.socket()
    s.settimeout(timeout)
    try:
        s.connect(("127.0.0.1", port))
        if text:
            s.sendall(text)
        s.shutdown(socket.SHUT_WR)
        out = b""
        while True:
            b = s.recv(4096)
            if not b:
                return out
            out += b
    finally:
        s.close()


def restart_under_load(build, n, restarts, held, pause):
    """One run: n connections (pause s apart) while the server restarts
    `restarts` times, spread over the load."""
    tmp = tempfile.mkdtemp(prefix="psd-bench-")
    port = free_port()
    if held:
        ini = ("[program:srv]\ncommand = %s %s\nlisten = tcp:127.0.0.1:%d\n"
               "start_seconds = 0\nrestart = always\nrestart_delay = 0\n"
               % (PY, SERVE, port))
    else:
        ini = ("[program:srv]\ncommand = %s %s %d\n"
               "start_seconds = 0\nrestart = always\nrestart_delay = 0\n"
               % (PY, SERVE, port))
    psd = Psd(build, tmp, ini)
    counts = {"answered": 0, "refused": 0, "reset": 0, "other": 0}
    done = threading.Event()
    psd.wait(lambda: psd.state("srv") == "RUNNING")
    if not held:    # it binds itself: wait until it listens
        psd.wait(lambda: _answers(port))

    def client():
        for _ in range(n):
            try:
                counts["answered" if ask(port) else "reset"] += 1
            except ConnectionRefusedError:
                counts["refused"] += 1
            except ConnectionResetError:
                counts["reset"] += 1
            except OSError:
                counts["other"] += 1
            time.sleep(pause)
        done.set()

    t0 = time.monotonic()
    th = threading.Thread(target=client)
    th.start()
    made = 0
    # spread the restarts over the load: one every n/restarts connections
    while made < restarts and not done.is_set():
        target = (made + 1) * n // (restarts + 1)
        while sum(counts.values()) < target and not done.is_set():
            time.sleep(0.001)
        psd.ctl("restart", "srv")
        psd.wait(lambda: psd.state("srv") == "RUNNING")
        made += 1
    th.join()
    dt = time.monotonic() - t0
    psd.stop()
    shutil.rmtree(tmp, ignore_errors=True)
    counts["restarts"] = made
    counts["seconds"] = dt
    return counts


def _answers(port):
    try:
        return bool(ask(port, timeout=2))
    except OSError:
        return False


def hammer(port, n, conc):
    """n connections, conc at a time, each reading to EOF; seconds, errors."""
    left = [n]
    errors = [0]
    lock = threading.Lock()

    def worker():
        while True:
            with lock:
                if left[0] == 0:
                    return
                left[0] -= 1
            try:
                ask(port, text=b"")
            except OSError:
                with lock:
                    errors[0] += 1

    ths = [threading.Thread(target=worker) for _ in range(conc)]
    t0 = time.monotonic()
    for t in ths:
        t.start()
    for t in ths:
        t.join()
    return time.monotonic() - t0, errors[0]


def rate_psd(build, n, conc):
    tmp = tempfile.mkdtemp(prefix="psd-bench-")
    port = free_port()
    psd = Psd(build, tmp, "[program:h]\ncommand = true\nlisten = "
              "tcp:127.0.0.1:%d\naccept = true\nmax_connections = 64\n"
              "backlog = 1024\n" % port)
    hammer(port, 50, conc)      # warm up
    c0 = cpu_ms(psd.p.pid)
    dt, err = hammer(port, n, conc)
    c1 = cpu_ms(psd.p.pid)
    psd.stop()
    shutil.rmtree(tmp, ignore_errors=True)
    return dt, err, c1 - c0


def rate_peer(argv, port, n, conc):
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    Psd.wait(lambda: _connects(port))
    hammer(port, 50, conc)
    c0 = cpu_ms(p.pid)
    dt, err = hammer(port, n, conc)
    c1 = cpu_ms(p.pid)
    p.send_signal(signal.SIGTERM)
    try:
        p.wait(10)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
    return dt, err, c1 - c0


def _connects(port):
    try:
        ask(port, text=b"", timeout=2)
        return True
    except OSError:
        return False


def first_request(build, on_demand):
    tmp = tempfile.mkdtemp(prefix="psd-bench-")
    port = free_port()
    psd = Psd(build, tmp, "[program:srv]\ncommand = %s %s\nlisten = "
              "tcp:127.0.0.1:%d\nstart_seconds = 0\ndaemon = true\n%s"
              % (PY, SERVE, port, "start = on_demand\n" if on_demand else ""))
    if not on_demand:
        psd.wait(lambda: psd.state("srv") == "RUNNING")
        time.sleep(0.5)         # let it reach its accept loop
    t0 = time.monotonic()
    ask(port)
    dt = time.monotonic() - t0
    psd.stop()
    shutil.rmtree(tmp, ignore_errors=True)
    return dt * 1000


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=".")
    ap.add_argument("--connections", type=int, default=2000)
    ap.add_argument("--restarts", type=int, default=10)
    ap.add_argument("--pause-ms", type=float, default=2,
                    help="between two connections of the restart load")
    ap.add_argument("--rate-connections", type=int, default=2000)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    build = os.path.abspath(a.build)

    print("load before: %s" % loadavg())
    print("\n### Restart under load: %d connections (%g ms apart), %d "
          "restarts\n" % (a.connections, a.pause_ms, a.restarts))
    print("| server | restarts | answered | refused | reset | other | seconds |")
    print("|---|---|---|---|---|---|---|")
    for held in (True, False):
        c = restart_under_load(build, a.connections, a.restarts, held,
                               a.pause_ms / 1000)
        print("| %s | %d | %d | %d | %d | %d | %.2f |" % (
            "psd holds it (`listen =`)" if held else "binds it itself",
            c["restarts"], c["answered"], c["refused"], c["reset"],
            c["other"], c["seconds"]))

    n, conc = a.rate_connections, a.concurrency
    print("\n### Connections per second, handler `true`, %d connections, "
          "%d at a time\n" % (n, conc))
    print("| accepter | conn/s | errors | accepter's own CPU ms | CPU us/conn |")
    print("|---|---|---|---|---|")
    rows = [("psd `accept = true`", lambda: rate_psd(build, n, conc))]
    if shutil.which("tcpserver"):
        p1 = free_port()
        rows.append(("tcpserver -HR -c 64", lambda: rate_peer(
            ["tcpserver", "-q", "-H", "-R", "-l", "0", "-c", "64", "-b",
             "1024", "127.0.0.1",
             str(p1), "true"], p1, n, conc)))
    if shutil.which("systemd-socket-activate"):
        p2 = free_port()
        rows.append(("systemd-socket-activate --accept --inetd",
                     lambda: rate_peer(["systemd-socket-activate", "--accept",
                                        "--inetd", "-l", "127.0.0.1:%d" % p2,
                                        "true"], p2, n, conc)))
    for name, fn in rows:
        dt, err, cpu = fn()
        print("| %s | %.0f | %d | %.0f | %.0f |" % (name, n / dt, err, cpu,
                                                  cpu * 1000 / n))

    print("\n### First request latency (sockserve.py, Python), median of %d\n"
          % a.runs)
    print("| start | ms (each run) | median ms |")
    print("|---|---|---|")
    for od in (False, True):
        v = [first_request(build, od) for _ in range(a.runs)]
        print("| %s | %s | %.1f |" % (
            "on_demand" if od else "started ahead",
            " ".join("%.1f" % x for x in v), statistics.median(v)))
    print("\nload after: %s" % loadavg())


if __name__ == "__main__":
    sys.exit(main())
