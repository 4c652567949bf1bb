#!/usr/bin/env python3
"""Checks that the German catalogue translates every message of the library.

    check-translations.py SOURCE_ROOT XGETTEXT_ARG...

The template is made afresh from the sources (xgettext with the arguments
po/meson.build gives meson's i18n module), so a message added to the code
and not yet to po/de.po fails here, as does a source with messages missing
from po/POTFILES, a fuzzy or untranslated entry, or a translation whose
placeholders do not match its message (msgfmt --check). To bring the
catalogue up to date: meson compile -C build dynantic-1-pot
dynantic-1-update-po, then translate what msgfmt --statistics reports.

Prints TAP.
"""
import os
import re
import subprocess
import sys
import tempfile

source_root = os.path.abspath(sys.argv[1])
xgettext_args = sys.argv[2:]
po_dir = os.path.join(source_root, "po")
results = []


def report(ok, name, detail=""):
    results.append((ok, name, detail))


def run(command, **kwargs):
    return subprocess.run(command, capture_output=True, text=True, cwd=source_root, **kwargs)


# Every library source that marks a message is in POTFILES.
with open(os.path.join(po_dir, "POTFILES")) as f:
    listed = {line.strip() for line in f if line.strip() and not line.startswith("#")}
marking = set()
for root, _, names in os.walk(os.path.join(source_root, "dynantic")):
    for name in names:
        if name.endswith(".c"):
            path = os.path.join(root, name)
            with open(path, encoding="utf-8") as f:
                if re.search(r'\b(N?_|C_|NC_|g_dngettext)\s*\(\s*"', f.read()):
                    marking.add(os.path.relpath(path, source_root))
missing = sorted(marking - listed)
report(not missing, "po/POTFILES lists every source with messages", "\n".join(missing))

with tempfile.TemporaryDirectory() as work:
    template = os.path.join(work, "dynantic-1.pot")
    made = run(["xgettext", "--files-from=" + os.path.join(po_dir, "POTFILES"),
                "--output=" + template] + xgettext_args)
    report(made.returncode == 0, "xgettext makes the template from the sources", made.stderr)

    checked = run(["msgfmt", "--check", "--statistics", "--output-file=/dev/null",
                   os.path.join(po_dir, "de.po")])
    report(checked.returncode == 0, "po/de.po compiles with msgfmt --check", checked.stderr)

    merged = os.path.join(work, "de.po")
    run(["msgmerge", "--quiet", "--no-fuzzy-matching", "--output-file=" + merged,
         os.path.join(po_dir, "de.po"), template], check=True)
    # The untranslated and fuzzy entries of the merged catalogue, shown by
    # their messages.
    statistics = run(["msgfmt", "--statistics", "--output-file=/dev/null", merged]).stderr.strip()
    left = run(["msgattrib", "--untranslated", "--no-obsolete", "--no-wrap", merged]).stdout
    left += run(["msgattrib", "--only-fuzzy", "--no-obsolete", "--no-wrap", merged]).stdout
    shown = [line for line in left.splitlines()
             if line.startswith("msgid ") and line != 'msgid ""']
    report("untranslated" not in statistics and "fuzzy" not in statistics,
           "po/de.po translates every message of the sources (%s)" % statistics,
           "\n".join(shown))

print("1..%d" % len(results))
for n, (ok, name, detail) in enumerate(results, 1):
    print("%s %d - %s" % ("ok" if ok else "not ok", n, name))
    for line in detail.splitlines():
        print("# " + line)
sys.exit(0 if all(ok for ok, _, _ in results) else 1)
