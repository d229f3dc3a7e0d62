"""ptydrive.py: drive a program through a pseudo-terminal, like a person would.

    python3 ptydrive.py SCRIPT -- CMD ARGS...

SCRIPT is a list of steps, one per line:
    expect REGEX      wait (bounded) until the output matches REGEX
    send TEXT         type TEXT (Python escapes: \\n, \\x03 for Ctrl-C)
The program's exit status is printed last as "EXIT <code>" (128+N for a
signal), and the whole output is echoed on stderr for the test log.
"""
import os
import pty
import re
import select
import sys
import time

TIMEOUT = float(os.environ.get("TEST_TIMEOUT", "60"))


def main():
    sep = sys.argv.index("--")
    script = open(sys.argv[1]).read().splitlines()
    cmd = sys.argv[sep + 1:]
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(cmd[0], cmd)
    out = b""
    pos = 0

    def read_some(deadline):
        nonlocal out
        r, _, _ = select.select([fd], [], [], max(0, deadline - time.time()))
        if not r:
            return False
        try:
            data = os.read(fd, 4096)
        except OSError:
            return None
        if not data:
            return None
        out += data
        return True

    for step in script:
        if not step.strip():
            continue
        verb, _, arg = step.partition(" ")
        if verb == "expect":
            rx = re.compile(arg.encode())
            deadline = time.time() + TIMEOUT
            while True:
                m = rx.search(out, pos)
                if m:
                    pos = m.end()
                    break
                if time.time() >= deadline or read_some(deadline) is None:
                    sys.stderr.write(out.decode(errors="replace"))
                    print("TIMEOUT waiting for %r" % arg)
                    os.kill(pid, 9)
                    os.waitpid(pid, 0)
                    return 1
        elif verb == "send":
            os.write(fd, arg.encode().decode("unicode_escape").encode())
    deadline = time.time() + TIMEOUT
    while read_some(deadline):
        pass
    _, status = os.waitpid(pid, 0)
    sys.stderr.write(out.decode(errors="replace"))
    code = os.waitstatus_to_exitcode(status)
    print("EXIT %d" % (code if code >= 0 else 128 - code))
    return 0


sys.exit(main())
