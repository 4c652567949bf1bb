#!/usr/bin/env bash
# Runs the fuzz targets with libFuzzer (clang-14 with AddressSanitizer and
# UndefinedBehaviorSanitizer; Debian's clang-14 and libclang-rt-14-dev).
#
#   tests/fuzz/run.sh [SECONDS [TARGET...]]   each TARGET for SECONDS (default 120);
#                                            default: every target
#
# Targets: json-reader value-read item-read response cursor aws-ini path
# expression (see tests/fuzz/meson.build). The build is build-fuzz/
# (-Dfuzzing=true); inputs that reach new code collect in
# build-fuzz/corpus/TARGET (kept between runs), crashes in
# build-fuzz/artifacts/. The script fails on the first target that finds a
# crash, a leak, a hang (an input running over 30 s) or a failed check. Once
# a crash is fixed, copy its input into tests/fuzz/corpus/TARGET/: the unit
# suite replays that folder. FUZZ_ARGS adds libFuzzer options (e.g. -jobs=2).
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
seconds=${1:-120}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(json-reader value-read item-read response cursor aws-ini path expression)
build=${FUZZ_BUILD:-$top/build-fuzz}

export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
# Full stacks through GLib (no frame pointers) so suppressions can match.
export LSAN_OPTIONS=fast_unwind_on_malloc=0:suppressions=$top/tests/lsan.supp
export G_SLICE=always-malloc
export G_DEBUG=gc-friendly

if [ ! -f "$build/build.ninja" ]; then
  CC=${CC:-clang-14} meson setup "$build" "$top" -Dfuzzing=true -Dtests=false \
    -Dintrospection=disabled -Dvapi=false -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
fi
meson compile -C "$build" "${targets[@]/#/tests/fuzz/fuzz-}" >/dev/null

for target in "${targets[@]}"; do
  dict=()
  case $target in
    json-reader|value-read|item-read|response) dict=(-dict="$top/tests/fuzz/json.dict") ;;
  esac
  mkdir -p "$build/corpus/$target" "$build/artifacts"
  echo "fuzz-$target: $seconds s"
  "$build/tests/fuzz/fuzz-$target" -max_total_time="$seconds" -timeout=30 -print_final_stats=1 \
    -artifact_prefix="$build/artifacts/$target-" "${dict[@]}" ${FUZZ_ARGS:-} \
    "$build/corpus/$target" "$top/tests/fuzz/corpus/$target"
done
