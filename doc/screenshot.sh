#!/bin/sh
# Takes doc/gtk-results.png: the GTK example's window once its second page
# is in, drawn under Xvfb by the test that drives it
# (tests/gnome/test-gtk-results.c), against DynamoDB Local.
#
#   doc/screenshot.sh [BUILD_DIR]      # build/ by default, built first
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
meson compile -C "$build" examples/gtk/test-gtk-results
GDK_BACKEND=x11 GSK_RENDERER=cairo GTK_A11Y=none NO_AT_BRIDGE=1 GSETTINGS_BACKEND=memory \
DYNANTIC_SCREENSHOT="$top/doc/gtk-results.png" \
  xvfb-run --auto-servernum --server-args='-screen 0 1024x768x24' \
  dbus-run-session -- "$top/scripts/dynamodb-local.sh" run "$build/examples/gtk/test-gtk-results"
echo "doc/gtk-results.png: $(wc -c < "$top/doc/gtk-results.png") bytes"
