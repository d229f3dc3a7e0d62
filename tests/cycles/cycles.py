#!/usr/bin/env python3
"""List the cycles between the source files of some folders.

An arrow Y -> X means file Y.c (or Y.h) names a function defined,
non-static, in X.c (a call or a reference to it), or includes X.h.
Files that reach each other by arrows form a strongly connected
component; every component of more than one file is a cycle.

  cycles.py [--known FILE] DIR...

Prints the cycles as comments and exits 1 when one is not inside an
entry of the known list (one cycle a line, its files separated by
spaces), 0 otherwise.  Without --known, every cycle is new.  The known
list may only shrink.
"""
import os
import re
import sys

IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
KEYWORDS = {"if", "for", "while", "switch", "return", "sizeof", "do",
            "else", "case", "goto", "defined", "__attribute__", "typeof",
            "_Static_assert", "static_assert", "offsetof"}


def strip(text):
    """Blank out comments, strings, chars and preprocessor lines."""
    out = []
    i, n = 0, len(text)
    at_line_start = True
    while i < n:
        c = text[i]
        if at_line_start and c == "#":
            # a directive, with its continuation lines
            while i < n and text[i] != "\n":
                if text[i] == "\\" and i + 1 < n and text[i + 1] == "\n":
                    i += 1
                i += 1
            continue
        if c == "/" and text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(" " + "\n" * text.count("\n", i, j))
            i = j
            continue
        if c == "/" and text.startswith("//", i):
            while i < n and text[i] != "\n":
                i += 1
            continue
        if c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(c + c)
            i = j + 1
            at_line_start = False
            continue
        out.append(c)
        if c == "\n":
            at_line_start = True
        elif not c.isspace():
            at_line_start = False
        i += 1
    return "".join(out)


def definitions(code):
    """Names of the functions defined at top level: (exported, static)."""
    names, local = set(), set()
    depth = 0
    head = []          # tokens of the current top-level declaration
    for m in re.finditer(r"[A-Za-z_][A-Za-z0-9_]*|[{};()=,]", code):
        t = m.group(0)
        if t == "{":
            if depth == 0:
                # a function body follows "name ( ... )"
                name = None
                level = 0
                for k in range(len(head) - 1, -1, -1):
                    if head[k] == ")":
                        level += 1
                    elif head[k] == "(":
                        level -= 1
                        if level == 0 and k > 0 and IDENT.fullmatch(head[k - 1]):
                            name = head[k - 1]
                            before = head[:k - 1]
                            break
                if name and head and head[-1] == ")" and "=" not in head:
                    (local if "static" in before else names).add(name)
            depth += 1
        elif t == "}":
            depth -= 1
            if depth == 0:
                head = []
        elif depth == 0:
            if t == ";":
                head = []
            else:
                head.append(t)
    return names, local


def scan(dirs):
    """Map each module (dir/stem) to its code, and to the headers it includes."""
    mods = {}
    for d in dirs:
        for f in sorted(os.listdir(d)):
            stem, ext = os.path.splitext(f)
            if ext not in (".c", ".h"):
                continue
            mod = os.path.join(os.path.basename(os.path.normpath(d)), stem)
            with open(os.path.join(d, f), encoding="utf-8") as fh:
                text = fh.read()
            m = mods.setdefault(mod, {"code": "", "incl": set(), "c": False})
            m["incl"].update(os.path.splitext(os.path.basename(h))[0]
                             for h in INCLUDE.findall(text))
            if ext == ".c":
                # headers only declare: their arrows are their includes
                m["c"] = True
                m["code"] += strip(text)
    return mods


def graph(mods):
    """Arrows between modules: calls/references and includes."""
    owner = {}
    for mod, m in mods.items():
        m["defs"], m["local"] = definitions(m["code"])
        for name in m["defs"]:
            owner[name] = mod
    by_stem = {}
    for mod in mods:
        by_stem.setdefault(os.path.basename(mod), []).append(mod)
    edges = {mod: {} for mod in mods}
    for mod, m in mods.items():
        # a name after "." or "->" is a field, not a function, and one
        # after struct/union/enum a type's tag
        code = re.sub(r"\b(?:struct|union|enum)\s+\w+", " ", m["code"])
        used = set(re.findall(r"(?<![.>\w])\s*([A-Za-z_]\w*)", code))
        for name in used - KEYWORDS - m["local"]:
            x = owner.get(name)
            if x and x != mod:
                edges[mod].setdefault(x, "calls " + name)
        for stem in m["incl"]:
            for x in by_stem.get(stem, []):
                if x != mod and os.path.dirname(x) == os.path.dirname(mod):
                    edges[mod].setdefault(x, "includes %s.h" % stem)
    return edges


def components(edges):
    """Strongly connected components (Tarjan), each a sorted list."""
    index, low, stack, on, out = {}, {}, [], set(), []
    sys.setrecursionlimit(10000)

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            out.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return [c for c in out if len(c) > 1]


def read_known(path):
    known = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.split("#", 1)[0].split()
            if line:
                known.append(set(line))
    return known


def main(argv):
    known_path = None
    if len(argv) > 2 and argv[1] == "--known":
        known_path = argv[2]
        argv = argv[2:]
    dirs = argv[1:]
    if not dirs:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    edges = graph(scan(dirs))
    cycles = components(edges)
    known = read_known(known_path) if known_path else []
    narrows = sum(len(e) for e in edges.values())
    print("# %d files, %d arrows, %d cycles" % (len(edges), narrows, len(cycles)))
    new = [c for c in cycles if not any(set(c) <= k for k in known)]
    for c in new:
        print("# NEW cycle: %s" % " ".join(c))
        # one arrow out of each file that stays inside the cycle, and why
        for v in c:
            for w in sorted(edges[v]):
                if w in c:
                    print("#   %s -> %s (%s)" % (v, w, edges[v][w]))
    for c in cycles:
        if c not in new:
            print("# known cycle (%d files): %s" % (len(c), " ".join(c)))
    cyclic = set().union(*cycles) if cycles else set()
    for k in known:
        gone = sorted(k - cyclic)
        if gone:
            print("# in no cycle now, remove from %s: %s"
                  % (os.path.basename(known_path), " ".join(gone)))
    return 1 if new else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
