#!/usr/bin/env python3
"""check-layout.py — the layout rules of docs/architecture.md, read from the #include lines alone.

Fails (exit 1, one line per breach) when:
- a .c file lies directly in lsp/ other than main.c (each subsystem has its folder);
- a quoted #include does not name a file of the project (lsp/ headers are named by folder: "support/log.h");
- units include each other around a ring (a .c and its .h are one unit);
- folders include each other around a ring (lsp/<folder>, core, include/progress);
- core/ or include/ reach outside themselves (jansson, libuv, lsp/): the core is pure C11.
Prints the folder graph on success. Usage: scripts/check-layout.py [ROOT] (default: the checkout holding it).
"""
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^">]+)[">]', re.M)


def sources(root):
    for top in ("core", "include", "lsp"):
        for dirpath, _, names in os.walk(os.path.join(root, top)):
            for name in sorted(names):
                if name.endswith((".c", ".h")):
                    yield os.path.relpath(os.path.join(dirpath, name), root)


def resolve(root, src, name):
    """The project file a quoted include names, or None. Search order as the build's include paths give it."""
    here = os.path.dirname(src)
    for base in (here, "lsp", "include", "core"):
        path = os.path.normpath(os.path.join(base, name))
        if os.path.isfile(os.path.join(root, path)):
            return path
    return None


def folder(path):
    parts = path.split(os.sep)
    if parts[0] == "lsp":
        return "lsp" if len(parts) == 2 else "lsp/" + parts[1]
    if parts[0] == "include":
        return "include/" + parts[1] if len(parts) > 2 else "include"
    return parts[0]


def cycles(graph):
    """The strongly connected components of more than one node (Tarjan, iterative)."""
    index, low, on, stack, out, counter = {}, {}, set(), [], [], [0]
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = counter[0]
        counter[0] += 1
        stack.append(start)
        on.add(start)
        while work:
            node, it = work[-1]
            nxt = next(it, None)
            if nxt is not None:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter[0]
                    counter[0] += 1
                    stack.append(nxt)
                    on.add(nxt)
                    work.append((nxt, iter(sorted(graph.get(nxt, ())))))
                elif nxt in on:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    top = stack.pop()
                    on.discard(top)
                    comp.append(top)
                    if top == node:
                        break
                if len(comp) > 1:
                    out.append(sorted(comp))
    return out


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    errors = []
    units, folders = {}, {}
    for src in sources(root):
        if src.startswith("lsp" + os.sep) and src.count(os.sep) == 1 and src.endswith(".c") and src != os.path.join("lsp", "main.c"):
            errors.append(f"{src}: a .c file loose in lsp/ (only main.c is; put it in its subsystem's folder)")
        unit = os.path.splitext(src)[0]
        units.setdefault(unit, set())
        text = open(os.path.join(root, src), encoding="utf-8", errors="replace").read()
        for line_no, (kind, name) in ((text.count("\n", 0, m.start()) + 1, m.groups()) for m in INCLUDE.finditer(text)):
            pure = src.startswith(("core" + os.sep, "include" + os.sep))
            if kind == "<":
                if pure and re.match(r"(jansson|uv)(\.h|/)", name):
                    errors.append(f"{src}:{line_no}: the core includes <{name}> (core/ and include/ are pure C11)")
                continue
            target = resolve(root, src, name)
            if target is None:
                errors.append(f'{src}:{line_no}: "{name}" names no file of the project')
                continue
            if pure and target.startswith("lsp" + os.sep):
                errors.append(f'{src}:{line_no}: the core includes "{name}" from lsp/')
            tunit = os.path.splitext(target)[0]
            if tunit != unit:
                units[unit].add(tunit)
            a, b = folder(src), folder(target)
            if a != b:
                folders.setdefault(a, set()).add(b)
    for comp in cycles(units):
        errors.append("unit circle: " + " ⇄ ".join(comp))
    for comp in cycles(folders):
        errors.append("folder circle: " + " ⇄ ".join(comp))
    if errors:
        for e in errors:
            print("check-layout: " + e)
        print(f"check-layout: {len(errors)} breach(es) of the layout rules (docs/architecture.md)")
        return 1
    print(f"check-layout: {len(units)} units, no unit circle, no folder circle; folders include:")
    for a in sorted(folders):
        print(f"  {a:18} -> {', '.join(sorted(folders[a]))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
