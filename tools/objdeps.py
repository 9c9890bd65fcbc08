#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
"""Which object file of a program calls (or reads) which: the symbol graph of a set of
object files, from `nm` (a file depends on the file that defines a global symbol it
leaves undefined). Prints the edges and every cycle; exits 1 if there is a cycle.

  objdeps.py [--nm NM] [--dirs] [--ignore NAME]... [--sources OBJROOT SRCROOT] FILE.o...

--dirs names each object by its folder too (sysreg/shadow). --sources keeps only the objects
whose source still exists (OBJROOT/a/b.c.obj -> SRCROOT/a/b.c): a build tree keeps the
objects of deleted files. Objects named by --ignore
(basename without extensions, e.g. start for start.S.obj)
are left out: an assembly entry stub calls the C entry points and is called back by
nothing but the hardware."""
import os
import subprocess
import sys


def unit(path, dirs=False):
    b = os.path.basename(path)
    for ext in (".obj", ".o"):
        if b.endswith(ext):
            b = b[: -len(ext)]
    for ext in (".c", ".S", ".s"):
        if b.endswith(ext):
            b = b[: -len(ext)]
    if dirs:  # files of one name in several folders (src/sysreg/shadow.c, src/s2mmu/...)
        b = os.path.basename(os.path.dirname(path)) + "/" + b
    return b


def main(argv):
    nm, ignore, objs, dirs, roots = "nm", set(), [], False, None
    i = 0
    while i < len(argv):
        if argv[i] == "--nm":
            nm = argv[i + 1]
            i += 2
        elif argv[i] == "--sources":
            roots = (argv[i + 1], argv[i + 2])
            i += 3
        elif argv[i] == "--dirs":
            dirs = True
            i += 1
        elif argv[i] == "--ignore":
            ignore.add(argv[i + 1])
            i += 2
        else:
            objs.append(argv[i])
            i += 1
    if roots:
        kept = []
        for o in objs:
            rel = os.path.relpath(o, roots[0])
            for ext in (".obj", ".o"):
                if rel.endswith(ext):
                    rel = rel[: -len(ext)]
            if os.path.exists(os.path.join(roots[1], rel)):
                kept.append(o)
        objs = kept
    defs, undefs = {}, {}
    for o in objs:
        u = unit(o, dirs)
        if u in ignore:
            continue
        out = subprocess.run([nm, "-P", o], check=True, capture_output=True, text=True).stdout
        undefs[u] = set()
        for line in out.splitlines():
            f = line.split()
            if len(f) < 2:
                continue
            name, kind = f[0], f[1]
            if kind == "U":
                undefs[u].add(name)
            elif kind.isupper():
                defs.setdefault(name, u)
    edges = {u: {} for u in undefs}
    for u, syms in undefs.items():
        for s in sorted(syms):
            d = defs.get(s)
            if d and d != u:
                edges[u].setdefault(d, []).append(s)
    for u in sorted(edges):
        for d in sorted(edges[u]):
            print(f"{u} -> {d}: {' '.join(edges[u][d])}")
    # every elementary cycle is too many to list; report the strongly connected components
    index, low, onstack, stack, sccs, n = {}, {}, set(), [], [], [0]

    def strong(v):  # iterative Tarjan
        work = [(v, iter(sorted(edges[v])))]
        index[v] = low[v] = n[0]
        n[0] += 1
        stack.append(v)
        onstack.add(v)
        while work:
            node, it = work[-1]
            nxt = next(it, None)
            if nxt is not None:
                if nxt not in index:
                    index[nxt] = low[nxt] = n[0]
                    n[0] += 1
                    stack.append(nxt)
                    onstack.add(nxt)
                    work.append((nxt, iter(sorted(edges[nxt]))))
                elif nxt in onstack:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    w = stack.pop()
                    onstack.discard(w)
                    comp.append(w)
                    if w == node:
                        break
                if len(comp) > 1:
                    sccs.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            strong(v)
    if sccs:
        for c in sccs:
            print("cycle among: " + " ".join(c))
        return 1
    print(f"objdeps: {len(edges)} files, no cycle")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
