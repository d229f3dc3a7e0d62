#!/usr/bin/env python3
"""checklines.py: check what psd carried of linegen's output.

    checklines.py [--at-least] FILE NAME COUNT [LONG_EVERY LONG_BYTES [CUT]]

FILE ("-": stdin) holds psd's output ("NAME | text" lines, other programs' lines
mixed in).  Prints "ok" and exits 0 when NAME's lines are exactly
linegen's lines 1..COUNT, each once, in order and unbroken; a line longer
than CUT bytes (psd's OUTPUT_LINE_MAX) must arrive as consecutive pieces
of CUT bytes that join back into it.  Otherwise prints
the first difference and exits 1.  With --at-least, COUNT is a minimum:
NAME's lines must be linegen's first K lines for some K >= COUNT (a
stream cut short by a stop), the last of them perhaps cut short too (the
program was killed in the middle of writing it).
"""
import sys


def expected(name, count, long_every, long_bytes):
    alpha = "abcdefghijklmnopqrstuvwxyz" * (max(long_bytes, 8) // 26 + 2)
    for i in range(1, count + 1):
        plen = long_bytes if long_every and i % long_every == 0 else 8
        yield "%s %d %s" % (name, i, alpha[i % 26:i % 26 + plen])


def main():
    args = sys.argv[1:]
    at_least = args[:1] == ["--at-least"]
    if at_least:
        args = args[1:]
    path, name, count = args[0], args[1], int(args[2])
    long_every = int(args[3]) if len(args) > 3 else 0
    long_bytes = int(args[4]) if len(args) > 4 else 0
    cut = int(args[5]) if len(args) > 5 else 32768
    got = []
    f = sys.stdin if path == "-" else open(path, encoding="utf-8",
                                           errors="replace")
    for line in f:
        head, sep, text = line.rstrip("\n").partition(" | ")
        if sep and head.strip() == name:
            got.append(text)
    if at_least:
        if len(got) < count:
            print("only %d lines, want at least %d" % (len(got), count))
            return 1
        count = len(got)
    pos = 0
    for n, want in enumerate(expected(name, count, long_every, long_bytes), 1):
        pieces = [want[i:i + cut] for i in range(0, len(want), cut)] or [""]
        for piece in pieces:
            if pos >= len(got):
                print("line %d: missing (got %d lines in all)" % (n, len(got)))
                return 1
            last = at_least and pos == len(got) - 1
            if got[pos] != piece and not (last and piece.startswith(got[pos])):
                print("line %d: got %r, want %r" % (n, got[pos][:80],
                                                    piece[:80]))
                return 1
            pos += 1
    if pos != len(got):
        print("%d lines more than expected, first: %r" % (len(got) - pos,
                                                           got[pos][:80]))
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
