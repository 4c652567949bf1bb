#!/usr/bin/env bash
# The concurrency test (8 threads sharing one client, 200 async calls in
# flight) under ThreadSanitizer, against DynamoDB Local, in build-tsan/.
# Any report fails the run. tests/tsan-glib.c shows GLib's futex locks to
# TSan; tests/README.md says what the reports were and why none remain.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"
scripts/setup.sh >/dev/null

build=build-tsan
if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" ${DYNANTIC_MESON_ARGS:-} -Db_sanitize=thread -Db_lundef=false \
    -Dintrospection=disabled -Dvapi=false >/dev/null
fi
meson compile -C "$build" tests/test-concurrency >/dev/null
export G_SLICE=always-malloc
export TSAN_OPTIONS="halt_on_error=1:exitcode=66:report_signal_unsafe=0:${TSAN_OPTIONS:-}"
scripts/dynamodb-local.sh run "$build/tests/test-concurrency"
