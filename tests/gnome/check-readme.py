#!/usr/bin/env python3
"""Checks that the README's snippets are what they claim to be.

    check-readme.py README.md BUILD_DIR SOURCE_ROOT

C: the library is installed from BUILD_DIR into a temporary directory
(meson install --destdir), and every ```c block is built with the flags of
that installed copy (pkg-config --cflags --libs dynantic-1), warnings being
errors: a block that starts with #include is a translation unit as shown;
every other block is a fragment, built as the body of a function after it,
with the givens of tests/gnome/readme-givens.h. The whole is linked, so
every function a snippet calls exists in the installed library.

JavaScript and Vala: every ```js and ```vala block is an excerpt (the same
lines, indentation aside) of a file under examples/js or examples/vala, which meson test runs against
DynamoDB Local (examples/meson.build).

Prints TAP.
"""
import os
import re
import subprocess
import sys
import tempfile

readme, build_dir, source_root = [os.path.abspath(a) for a in sys.argv[1:4]]
results = []


def report(ok, name, detail=""):
    results.append((ok, name, detail))


def blocks(text, language):
    return re.findall(r"^```" + language + r"\n(.*?)^```$", text, re.S | re.M)


def installed_flags(destdir):
    subprocess.run(["meson", "install", "-C", build_dir, "--destdir", destdir,
                    "--no-rebuild", "--quiet"], check=True, stdout=subprocess.DEVNULL)
    pcs = [os.path.join(root, name) for root, _, names in os.walk(destdir)
           for name in names if name == "dynantic-1.pc"]
    if len(pcs) != 1:
        raise RuntimeError("no single dynantic-1.pc installed: %s" % pcs)
    # The installed file as it is, but for its prefix, moved under destdir
    # (PKG_CONFIG_SYSROOT_DIR would move GLib's directories too).
    with open(pcs[0]) as f:
        pc = f.read()
    prefix = re.search(r"^prefix=(.*)$", pc, re.M).group(1)
    pc = re.sub(r"^prefix=.*$", "prefix=" + destdir + prefix, pc, flags=re.M)
    pc_dir = os.path.join(destdir, "..", "pkgconfig")
    os.makedirs(pc_dir)
    with open(os.path.join(pc_dir, "dynantic-1.pc"), "w") as f:
        f.write(pc)
    env = dict(os.environ, PKG_CONFIG_PATH=pc_dir)
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", "dynantic-1"], env=env,
                           check=True, capture_output=True, text=True).stdout.split()
    libdirs = [f[2:] for f in flags if f.startswith("-L")]
    return flags, libdirs


def check_c(text, work):
    units, fragments = [], []
    for block in blocks(text, "c"):
        (units if block.lstrip().startswith("#include") else fragments).append(block)
    if not units:
        report(False, "the README shows a C program that starts with #include")
        return
    source = "\n".join(units)
    source += '\n#include "%s"\n' % os.path.join(source_root, "tests", "gnome", "readme-givens.h")
    for n, fragment in enumerate(fragments):
        source += "\nstatic void\nfragment_%d (void)\n{\n%s}\n" % (n, fragment)
    source += "\nint\nmain (void)\n{\n"
    source += "".join("  (void) fragment_%d;\n" % n for n in range(len(fragments)))
    source += "  return 0;\n}\n"
    path = os.path.join(work, "readme.c")
    with open(path, "w") as f:
        f.write(source)
    try:
        flags, libdirs = installed_flags(os.path.join(work, "destdir"))
    except (subprocess.CalledProcessError, RuntimeError) as e:
        report(False, "the library installs with its pkg-config file", str(e))
        return
    report(True, "the library installs with its pkg-config file")
    # -Wno-unused: a fragment need not use every given or every result.
    command = ["cc", "-std=gnu11", "-Wall", "-Wextra", "-Werror", "-Wno-unused",
               "-Wno-unused-parameter", "-o", os.path.join(work, "readme"), path] + flags
    command += ["-Wl,-rpath-link," + d for d in libdirs]
    built = subprocess.run(command, capture_output=True, text=True)
    report(built.returncode == 0,
           "the README's C (%d program(s), %d fragment(s)) builds with the installed flags"
           % (len(units), len(fragments)), built.stderr)


def stripped_lines(text):
    return [line.strip() for line in text.strip().splitlines()]


def excerpt_of(block, body):
    """Whether the lines of block are consecutive lines of body, whatever
    their indentation (an excerpt from inside a function is shown flush)."""
    lines, body_lines = stripped_lines(block), stripped_lines(body)
    return any(body_lines[i:i + len(lines)] == lines for i in range(len(body_lines)))


def check_excerpts(text, language, folder):
    directory = os.path.join(source_root, "examples", folder)
    files = {}
    for name in sorted(os.listdir(directory)):
        with open(os.path.join(directory, name)) as f:
            files[name] = f.read()
    found_any = False
    for block in blocks(text, language):
        found_any = True
        first = block.strip().splitlines()[0]
        source = next((name for name, body in files.items() if excerpt_of(block, body)), None)
        report(source is not None,
               "the %s snippet beginning %r is an excerpt of examples/%s/%s"
               % (language, first, folder, source or "?"))
    if not found_any:
        report(False, "the README has a %s example" % language)


with open(readme) as f:
    text = f.read()
with tempfile.TemporaryDirectory() as work:
    check_c(text, work)
check_excerpts(text, "js", "js")
check_excerpts(text, "vala", "vala")

print("1..%d" % len(results))
for n, (ok, name, detail) in enumerate(results, 1):
    print("%s %d - %s" % ("ok" if ok else "not ok", n, name))
    for line in detail.splitlines():
        print("# " + line)
sys.exit(0 if all(ok for ok, _, _ in results) else 1)
