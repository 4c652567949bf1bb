#!/usr/bin/env bash
# Installs what Dynantic needs to build and test (Debian packages), then
# configures and builds into build/. Safe to run again.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"

packages=(
  build-essential meson ninja-build pkg-config gettext
  libglib2.0-dev libsoup-3.0-dev libjson-glib-dev nettle-dev zlib1g-dev glib-networking
  gobject-introspection libgirepository1.0-dev valac
  python3-gi python3-boto3 python3-botocore gjs
  python3-pytest python3-mypy python3-fastapi
  gi-docgen                       # the reference manual (-Ddocs=true)
  libgtk-4-dev xvfb xauth dbus-daemon  # the GTK 4 example and its test (xvfb-run, dbus-run-session)
)
# Java and npm are checked as commands by scripts/dynamodb-local.sh install:
# npm may come from a nodejs package that is not Debian's `npm`.

# CI (.ci/run sets DYNANTIC_SETUP_CI=1) also fuzzes with clang's libFuzzer
# and its sanitizer runtimes (tests/fuzz/run.sh).
if [ -n "${DYNANTIC_SETUP_CI:-}" ]; then
  packages+=(clang-14 libclang-rt-14-dev)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd=sudo
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

scripts/dynamodb-local.sh install

if [ ! -d build ]; then
  meson setup build ${DYNANTIC_MESON_ARGS:-}
elif [ -n "${DYNANTIC_MESON_ARGS:-}" ]; then
  meson setup --reconfigure build ${DYNANTIC_MESON_ARGS}
fi
meson compile -C build
