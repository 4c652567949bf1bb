#!/usr/bin/env bash
# The whole test suite under AddressSanitizer and UndefinedBehaviorSanitizer,
# with LeakSanitizer's leak checks, against one shared DynamoDB Local, in
# build-asan/ (CI runs it after scripts/test.sh). tests/lsan.supp holds the
# suppressions, each naming the upstream leak it covers; tests/meson.build
# sets LSAN_OPTIONS, UBSAN_OPTIONS and G_SLICE=always-malloc for every test.
#
# Introspection is disabled here: the GIR scanner runs a dumper program
# linked with the library, and the binding suites load it into Python and
# GJS, which are not built with ASan (they would need libasan preloaded and
# would report the interpreters' own leaks at exit). The C suites exercise
# the library itself, which is what is checked here.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"
scripts/setup.sh >/dev/null

build=build-asan
if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" ${DYNANTIC_MESON_ARGS:-} -Db_sanitize=address,undefined \
    -Dintrospection=disabled -Dvapi=false
fi
meson compile -C "$build"

# The long runs are full size in scripts/test.sh; here memory errors, leaks
# and undefined behaviour show as well at a fifth of the size, in a fifth of
# the time (under ASan the soak took 6 minutes of CI's hour).
export DYNANTIC_SOAK_ITEMS=${DYNANTIC_SOAK_ITEMS:-1000}
export DYNANTIC_CONCURRENCY_OPS=${DYNANTIC_CONCURRENCY_OPS:-200}

set +e
scripts/dynamodb-local.sh run meson test -C "$build" --print-errorlogs --num-processes 2 \
  --timeout-multiplier 3 "$@" 2>&1 | tee "$build/meson-logs/test-run.txt"
status=${PIPESTATUS[0]}
set -e

ok=$(awk '/^Ok:/ {print $2}' "$build/meson-logs/test-run.txt" | tail -n 1)
failed=$(awk '/^(Fail|Timeout|Unexpected Pass):/ {n += $NF} END {print n + 0}' "$build/meson-logs/test-run.txt")
echo "under ASan/UBSan/LSan: ${ok:-0} passed, ${failed:-0} failed"
exit "$status"
