"""bench/supervisors.py: psd, supervisord, runit and s6, set up alike.

Each supervisor gets the same programs, written into its own config in
one run's temp dir: `sleep` programs that run quietly, or the `tick`
program that exits at once (restart benchmark).  start() launches it in
its own session; pids() lists every supervising process (runsv and
s6-supervise run one per service); programs() the supervised processes
that have exec'd the program.  The Run's close() kills the whole tree.

psd's programs use `stdout = null` and `stderr = null`: their output is
irrelevant here, and without it psd would capture it through pipes (the
default `log` once log capture lands), which is a different benchmark.
The peers discard it too (supervisord: *_logfile = NONE; runit and s6
services write to the supervisor's stdout, which is /dev/null).
"""
import os
import resource
import shutil

import benchlib as B

SLEEP = "sleep 100000"


def sh_run_script(path, cmd):
    """A runit/s6 service's run file: the usual `exec` in /bin/sh."""
    with open(path, "w") as f:
        f.write("#!/bin/sh\nexec %s\n" % cmd)
    os.chmod(path, 0o755)


class Supervisor:
    name = "?"
    # comm of the processes that supervise (besides the root one)
    helper = None

    def __init__(self, run, build):
        self.run = run
        self.build = build
        self.proc = None

    def write(self, n, cmd, restart_fast=False):
        raise NotImplementedError

    def argv(self):
        raise NotImplementedError

    def preexec(self):
        return None

    def start(self):
        log = open(self.run.path("%s.out" % self.name), "w")
        self.proc = self.run.popen(self.argv(), stdout=log, stderr=log,
                                   preexec_fn=self.preexec())
        log.close()
        return self.proc

    def root(self):
        return self.proc.pid

    def pids(self):
        """Every supervising process: the root and its helpers."""
        out = [self.root()]
        if self.helper:
            out += [c for c in B.children(self.root())
                    if B.comm(c) == self.helper]
        return out

    def program_parents(self):
        return [p for p in self.pids() if p != self.root()] or [self.root()]


class Psd(Supervisor):
    name = "psd"

    def __init__(self, run, build, nofile=1024):
        super().__init__(run, build)
        self.nofile = nofile
        self.sock = run.path("psd.sock")

    def write(self, n, cmd, restart_fast=False):
        self.conf = self.run.path("psd.ini")
        with open(self.conf, "w") as f:
            f.write("[psd]\nsocket = %s\n\n" % self.sock)
            for i in range(n):
                f.write("[program:p%04d]\ncommand = %s\n" % (i, cmd))
                f.write("stdout = null\nstderr = null\n")
                if restart_fast:
                    f.write("restart = always\nrestart_delay = 0\n"
                            "start_retries = infinite\n")
                f.write("\n")

    def argv(self):
        return [os.path.join(self.build, "psd"), "-c", self.conf,
                "--socket", self.sock]

    def preexec(self):
        nofile = self.nofile

        def f():
            # psd gets the soft limit a user's shell usually has.
            _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
            resource.setrlimit(resource.RLIMIT_NOFILE,
                               (min(nofile, hard), hard))
        return f if nofile else None

    def ctl(self):
        return [os.path.join(self.build, "psctl"), "-s", self.sock]


class Supervisord(Supervisor):
    name = "supervisord"

    def write(self, n, cmd, restart_fast=False):
        self.conf = self.run.path("supervisord.conf")
        self.sock = self.run.path("supervisor.sock")
        with open(self.conf, "w") as f:
            f.write("[supervisord]\nnodaemon = true\nlogfile = %s\n"
                    "pidfile = %s\nchildlogdir = %s\nminfds = 16384\n"
                    "minprocs = 200\nloglevel = info\n\n" % (
                        self.run.path("supervisord.log"),
                        self.run.path("supervisord.pid"), self.run.dir))
            f.write("[unix_http_server]\nfile = %s\nchmod = 0700\n\n"
                    % self.sock)
            f.write("[rpcinterface:supervisor]\nsupervisor.rpcinterface_"
                    "factory = supervisor.rpcinterface:make_main_rpcinterface"
                    "\n\n")
            f.write("[supervisorctl]\nserverurl = unix://%s\n\n" % self.sock)
            for i in range(n):
                f.write("[program:p%04d]\ncommand = %s\n" % (i, cmd))
                f.write("stdout_logfile = NONE\nstderr_logfile = NONE\n")
                if restart_fast:
                    f.write("autorestart = true\nstartsecs = 0\n"
                            "startretries = 1000000\n")
                f.write("\n")

    def argv(self):
        return [shutil.which("supervisord"), "-n", "-c", self.conf]

    def ctl(self):
        return [shutil.which("supervisorctl"), "-c", self.conf]


class Runit(Supervisor):
    name = "runit"
    helper = "runsv"

    def write(self, n, cmd, restart_fast=False):
        self.dir = self.run.path("service")
        os.mkdir(self.dir)
        for i in range(n):
            d = os.path.join(self.dir, "p%04d" % i)
            os.mkdir(d)
            sh_run_script(os.path.join(d, "run"), cmd)

    def argv(self):
        return [shutil.which("runsvdir"), self.dir]


class S6(Supervisor):
    name = "s6"
    helper = "s6-supervise"

    def write(self, n, cmd, restart_fast=False):
        self.dir = self.run.path("service")
        self.n = n
        os.mkdir(self.dir)
        for i in range(n):
            d = os.path.join(self.dir, "p%04d" % i)
            os.mkdir(d)
            sh_run_script(os.path.join(d, "run"), cmd)

    def argv(self):
        # -c: room for more than the default number of services
        return [shutil.which("s6-svscan"), "-c", str(max(2 * self.n, 64)),
                self.dir]


class Watcher:
    """Count the programs of a supervisor that have exec'd `sleep`."""

    def __init__(self, sup, comm="sleep"):
        self.sup, self.comm = sup, comm
        self.helpers = set()
        self.running, self.done = set(), set()

    def count(self):
        sup = self.sup
        if sup.helper:
            # A child not yet exec'd still has the root's name: ask again.
            for c in B.children(sup.root()):
                if c not in self.helpers and B.comm(c) == sup.helper:
                    self.helpers.add(c)
            parents = self.helpers - self.done
        else:
            parents = [sup.root()]
        for p in parents:
            for c in B.children(p):
                if c not in self.running and B.comm(c) == self.comm:
                    self.running.add(c)
                    if sup.helper:
                        self.done.add(p)
        return len(self.running)


ALL = [Psd, Supervisord, Runit, S6]


def available():
    out = []
    for cls in ALL:
        if cls is Psd:
            out.append(cls)
            continue
        prog = {"supervisord": "supervisord", "runit": "runsvdir",
                "s6": "s6-svscan"}[cls.name]
        if shutil.which(prog):
            out.append(cls)
    return out
