#!/usr/bin/env python3
"""The house's rules, checked on the sources (a unit test; see README's
architecture section).

- Areas, bottom up: the top-level base (error, version, i18n), then aws/ and
  codec/ (siblings), the client, the model layer (schema, model, item),
  expression/, then read/ and write/ (siblings), then the table helpers. A
  file may include its own area and the areas below it, never one above it
  nor a sibling.
- Modules (a .c with its headers, named by the file name without .c, .h or
  -private.h) form no include cycle.
- A source or private header that includes a header of another folder names
  that folder ("aws/dynantic-sigv4-private.h"); public headers include by
  bare name, because they are installed flat.

Usage: check-layers.py SOURCE_DIR (the dynantic/ folder)
"""
import os
import re
import sys

TOP_LEVELS = {
    # module: (area, level)
    'dynantic': ('umbrella', None),
    'dynantic-version': ('base', 0),
    'dynantic-enums': ('base', 0),
    'dynantic-error': ('base', 0),
    'dynantic-i18n': ('base', 0),
    'dynantic-client': ('client', 2),
    'dynantic-request': ('client', 2),
    'dynantic-schema': ('model', 3),
    'dynantic-model': ('model', 3),
    'dynantic-model-class': ('model', 3),
    'dynantic-item': ('model', 3),
    'dynantic-table': ('table', 6),
}
FOLDER_LEVELS = {
    'aws': 1,
    'codec': 1,
    'expression': 4,
    'read': 5,
    'write': 5,
}

# Known violations still to be removed: (including module, included module).
# Empty when the house is in order.
ALLOWED = set()


def module_of(path):
    base = os.path.basename(path)
    for suffix in ('-private.h', '.h.in', '.h', '.c'):
        if base.endswith(suffix):
            return base[: -len(suffix)]
    return base


def main():
    src = sys.argv[1]
    files = {}
    for folder, _dirs, names in os.walk(src):
        for name in names:
            if name.endswith(('.c', '.h', '.h.in')):
                rel = os.path.relpath(os.path.join(folder, name), src)
                files[rel] = open(os.path.join(folder, name), encoding='utf-8').read()

    where = {os.path.basename(rel): os.path.dirname(rel) for rel in files}
    where.setdefault('dynantic-version.h', '')
    where.setdefault('dynantic-enums.h', '')

    def area_level(rel_or_module, folder):
        if folder:
            return folder, FOLDER_LEVELS[folder]
        module = module_of(rel_or_module)
        if module not in TOP_LEVELS:
            raise SystemExit('check-layers: %s has no place in the house: add it to TOP_LEVELS' % rel_or_module)
        return TOP_LEVELS[module]

    problems = []
    edges = {}
    for rel, text in sorted(files.items()):
        folder = os.path.dirname(rel)
        base = os.path.basename(rel)
        public_header = base.endswith('.h') and not base.endswith('-private.h')
        area, level = area_level(rel, folder)
        for match in re.finditer(r'^#include "([^"]+)"', text, re.M):
            name = match.group(1)
            target_base = os.path.basename(name)
            if target_base == 'config.h' or target_base not in where:
                continue
            target_folder = where[target_base]
            if public_header:
                if '/' in name:
                    problems.append('%s: a public header includes "%s" by folder; they are installed flat' % (rel, name))
            elif target_folder != folder and target_folder and name != target_folder + '/' + target_base:
                problems.append('%s: include "%s" as "%s/%s"' % (rel, name, target_folder, target_base))
            elif target_folder != folder and not target_folder and '/' in name:
                problems.append('%s: include "%s" as "%s"' % (rel, name, target_base))
            t_area, t_level = area_level(target_base, target_folder)
            src_module, dst_module = module_of(rel), module_of(target_base)
            if src_module != dst_module:
                edges.setdefault(src_module, set()).add(dst_module)
            if level is None or t_level is None or area == t_area:
                continue
            if (src_module, dst_module) in ALLOWED:
                continue
            if t_level > level:
                problems.append('%s (%s) includes %s of a higher area (%s)' % (rel, area, name, t_area))
            elif t_level == level:
                problems.append('%s (%s) includes %s of a sibling area (%s)' % (rel, area, name, t_area))

    # Include cycles between modules: Tarjan's strongly connected components.
    index, low, stack, on_stack, counter, cycles = {}, {}, [], set(), [0], []

    def connect(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    sys.setrecursionlimit(10000)
    for v in sorted(edges):
        if v not in index:
            connect(v)
    for component in cycles:
        allowed = all((a, b) in ALLOWED for a in component for b in edges.get(a, ()) if b in component)
        if not allowed:
            problems.append('include cycle between modules: ' + ' <-> '.join(component))

    for problem in problems:
        print(problem)
    print('check-layers: %d files, %d problems' % (len(files), len(problems)))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
