#!/usr/bin/env bash
# README's second command: set everything up and run the whole test suite,
# with one DynamoDB Local shared by the integration tests.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"
# The reference manual and guides are built too (gi-docgen, warnings fatal).
export DYNANTIC_MESON_ARGS="${DYNANTIC_MESON_ARGS:-} -Ddocs=true"
scripts/setup.sh

set +e
scripts/dynamodb-local.sh run meson test -C build --print-errorlogs --num-processes 2 "$@" 2>&1 \
  | tee build/meson-logs/test-run.txt
status=${PIPESTATUS[0]}
set -e

# One closing line any CI can read: test programs that passed and failed.
ok=$(awk '/^Ok:/ {print $2}' build/meson-logs/test-run.txt | tail -n 1)
failed=$(awk '/^(Fail|Timeout|Unexpected Pass):/ {n += $NF} END {print n + 0}' build/meson-logs/test-run.txt)
echo "${ok:-0} passed, ${failed:-0} failed"
exit "$status"
