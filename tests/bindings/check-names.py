#!/usr/bin/python3
"""No Dynantic name hides a GObject.Object method, in any language.

Reads the GIR (Dynantic-1.gir) and checks, for every class:

- its methods, static functions and class methods hide nothing GObject.Object
  (or GObject.ObjectClass) has in Python (PyGObject, asked at run time),
  in Vala (gobject-2.0.vapi) or in GJS (asked of gjs at run time);
- its class methods (on the class struct) share no name with an instance
  method of the class or its ancestors: PyGObject binds class methods only
  under names nothing else on the class uses, so `Product.set_client (c)`
  would reach the instance method instead;
- chaining builder methods return the type they are called on: neither a
  subclass's method returning a parent, nor a base class's method returning
  the base (which its subclasses inherit).

Usage: check-names.py GIR [GOBJECT_VAPI]
"""
import glob
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

NS = {'c': 'http://www.gtk.org/introspection/core/1.0',
      'glib': 'http://www.gtk.org/introspection/glib/1.0'}
GLIB_TYPE_STRUCT = '{%s}is-gtype-struct-for' % NS['glib']
SHADOWS = 'shadows'


def python_names():
    import gi
    gi.require_version('GObject', '2.0')
    from gi.repository import GObject
    return {n for n in dir(GObject.Object) if not n.startswith('__')}


def vala_names(vapi):
    """Methods of GLib.Object and GLib.ObjectClass in the vapi."""
    names = set()
    text = open(vapi, encoding='utf-8').read()
    for cls in ('Object', 'ObjectClass', 'TypeClass'):
        match = re.search(r'\n\tpublic class %s\b[^{]*\{(.*?)\n\t\}' % cls, text, re.S)
        if match is None:
            raise SystemExit('check-names: no class %s in %s' % (cls, vapi))
        for method in re.finditer(r'^\t\t(?:public|protected)[^(;=]*?\b@?(\w+)\s*(?:<[^>]*>)?\s*\(', match.group(1), re.M):
            names.add(method.group(1))
    return names


GJS_SCRIPT = r'''
const {GObject} = imports.gi;
function all(o) { const s = new Set(); for (let p = o; p; p = Object.getPrototypeOf(p)) Object.getOwnPropertyNames(p).forEach(n => s.add(n)); return [...s]; }
print(JSON.stringify({proto: all(GObject.Object.prototype), ctor: all(GObject.Object)}));
'''


def gjs_names():
    gjs = shutil.which('gjs')
    if gjs is None:
        raise SystemExit('check-names: gjs is not installed (scripts/setup.sh installs it)')
    import json
    out = subprocess.run([gjs, '-c', GJS_SCRIPT], check=True, capture_output=True, text=True).stdout
    names = json.loads(out)
    return set(names['proto']), set(names['ctor'])


def main():
    gir = sys.argv[1]
    vapis = sys.argv[2:] or sorted(glob.glob('/usr/share/vala*/vapi/gobject-2.0.vapi'))
    if not vapis:
        raise SystemExit('check-names: no gobject-2.0.vapi (valac, which scripts/setup.sh installs)')
    vapi = vapis[-1]
    root = ET.parse(gir).getroot()
    namespace = root.find('c:namespace', NS)

    py = python_names()
    vala = vala_names(vapi)
    gjs_proto, gjs_ctor = gjs_names()
    problems = []

    structs = {s.get(GLIB_TYPE_STRUCT): s for s in namespace.findall('c:record', NS) if s.get(GLIB_TYPE_STRUCT)}
    classes = {c.get('name'): c for c in namespace.findall('c:class', NS)}

    def names(element, tag):
        return [m.get('name') for m in element.findall('c:' + tag, NS) if m.get('introspectable') != '0']

    def instance_methods(name):
        result = set()
        while name in classes:
            result |= set(names(classes[name], 'method'))
            parent = classes[name].get('parent')
            name = parent if parent and '.' not in parent else None
        return result

    for name, cls in sorted(classes.items()):
        methods = names(cls, 'method')
        statics = names(cls, 'function')
        class_methods = names(structs[name], 'method') if name in structs else []
        for m in methods:
            for language, forbidden in (('Python', py), ('Vala', vala), ('GJS', gjs_proto)):
                if m in forbidden:
                    problems.append('%s.%s hides GObject.Object.%s in %s' % (name, m, m, language))
        for m in statics + class_methods:
            for language, forbidden in (('Python', py), ('Vala', vala), ('GJS', gjs_ctor - {'new'})):
                if m in forbidden:
                    problems.append('%s.%s (static or class method) hides GObject.Object.%s in %s' % (name, m, m, language))
        own = instance_methods(name)
        for m in class_methods:
            if m in own:
                problems.append('%s.%s: a class method named like an instance method (Python reaches the '
                                'instance method from the class)' % (name, m))
        for m in cls.findall('c:method', NS):
            ret = m.find('c:return-value/c:type', NS)
            if ret is None or m.get('introspectable') == '0':
                continue
            ret_name = ret.get('name')
            # a builder returning an ancestor of its own class, or a base
            # class's builder (inherited by subclasses), breaks chains in Vala
            if ret_name and ret_name != name and ret_name in classes and name in descendants(classes, ret_name):
                problems.append('%s.%s returns %s, not %s: a chain loses its type' % (name, m.get('name'), ret_name, name))
            if ret_name == name and descendants(classes, name) and m.find('c:return-value', NS).get('transfer-ownership') == 'none':
                problems.append('%s.%s returns its own class, which subclasses inherit: a chain on a %s loses its type'
                                % (name, m.get('name'), ' or '.join(sorted(descendants(classes, name)))))

    for problem in problems:
        print(problem)
    print('check-names: %d classes, %d problems' % (len(classes), len(problems)))
    return 1 if problems else 0


def descendants(classes, base):
    result = set()
    changed = True
    while changed:
        changed = False
        for name, cls in classes.items():
            parent = cls.get('parent')
            if name not in result and (parent == base or parent in result):
                result.add(name)
                changed = True
    return result


if __name__ == '__main__':
    sys.exit(main())
