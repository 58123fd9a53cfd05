#!/usr/bin/env python3
"""recursion_audit.py — every recursion in the engine is bounded.

Reads GCC's call graphs (-fcallgraph-info: one FILE.ci per source file),
takes out every function that calls the stack-depth check (core/stack.h:
fq_stack_check_at, fq_stack_too_deep, or the parser's enter()), and
reports any cycle of calls that remains: a recursion the user's statement
could drive deep enough to overflow the stack.  Calls through function
pointers are not in the graphs; the walkers, fq_exec_pull and the
executor's init check themselves, which is what makes those safe.

    recursion_audit.py DIR    exit 0 when nothing is unbounded, 1 otherwise
"""
import glob
import os
import re
import sys

CHECKS = {"fq_stack_check_at", "fq_stack_too_deep", "engine/sql/parser.c:enter"}

# Recursions bounded by something else, with why.
BOUNDED = {
    "engine/exec/executor.c:end_tree":
        "cleanup, which must not fail: the state tree was built under "
        "fq_exec_init_node's check, with larger frames",
    "fq_pg_exec_next": "calls itself once, when a result set ends at a batch boundary",
    "engine/aws/aws.c:profile_creds": "source_profile chains stop at MAX_PROFILE_DEPTH",
    "engine/plan/bind/expr.c:bind_arith": "calls itself once, with its operands swapped",
    "engine/types/numeric.c:mag_isqrt":
        "each call takes the square root of the upper half of the limbs: depth at most "
        "log2 of a NUMERIC's limbs (about 8)",
}


def main():
    edges = {}
    files = glob.glob(os.path.join(sys.argv[1], "*.ci"))
    if not files:
        print("recursion_audit: no call graphs in %s" % sys.argv[1])
        return 1
    for f in files:
        with open(f) as fh:
            for line in fh:
                m = re.match(r'edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)"', line)
                if m:
                    edges.setdefault(m.group(1), set()).add(m.group(2))
    checked = {v for v, ws in edges.items() if ws & CHECKS}
    graph = {v: {w for w in ws if w not in checked and w not in BOUNDED}
             for v, ws in edges.items() if v not in checked and v not in BOUNDED}

    # Tarjan's strongly connected components, without recursion.
    index = {}
    low = {}
    on_stack = set()
    stack = []
    cycles = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(graph.get(root, ())))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            v, it = work[-1]
            advanced = False
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(graph.get(w, ()))))
                    advanced = True
                    break
                if w in on_stack:
                    low[v] = min(low[v], index[w])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                if len(comp) > 1 or v in graph.get(v, ()):
                    cycles.append(sorted(comp))
    print("recursion_audit: %d call graphs, %d functions check the stack depth"
          % (len(files), len(checked)))
    for c in cycles:
        print("unbounded recursion (add fq_stack_check to one of them): " + ", ".join(c))
    return 1 if cycles else 0


if __name__ == "__main__":
    sys.exit(main())
