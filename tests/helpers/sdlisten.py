#!/usr/bin/python3
"""sdlisten.py LOG: an event listener written from supervisord's
documentation of the protocol, for supervisord-events.sh.

It says READY, reads one header line of space-separated key:value
tokens, reads len bytes of payload, writes one line to LOG and answers
RESULT 2 / OK.  The line keeps the header's tokens and the payload's,
with every pid written as + (a process) or 0, since two supervisors'
pids differ; lenok says the len token matched the payload's length.
"""
import sys

log = open(sys.argv[1], "a", buffering=1)
stdin = sys.stdin.buffer
stdout = sys.stdout
while True:
    stdout.write("READY\n")
    stdout.flush()
    line = stdin.readline()
    if not line:
        break
    head = dict(t.split(":", 1) for t in line.decode().split())
    payload = stdin.read(int(head["len"])).decode()
    first, _, body = payload.partition("\n")
    fields = []
    for tok in first.split():
        k, _, v = tok.partition(":")
        if k == "pid":
            v = "+" if int(v) > 0 else "0"
        fields.append(k + ":" + v)
    log.write("serial:%s poolserial:%s pool:%s server:%s ver:%s lenok:%d"
              " | %s %s%s\n" % (head["serial"], head["poolserial"],
                                head["pool"], head["server"], head["ver"],
                                len(payload.encode()) == int(head["len"]),
                                head["eventname"], " ".join(fields),
                                " +body" if body else ""))
    stdout.write("RESULT 2\nOK")
    stdout.flush()
