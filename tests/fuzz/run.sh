#!/usr/bin/env bash
# Fuzzes the JSON reader and the value codec with libFuzzer (clang-14 with
# AddressSanitizer and UndefinedBehaviorSanitizer; Debian's libclang-rt-14-dev).
#
#   tests/fuzz/run.sh [SECONDS [TARGET...]]   each TARGET (json-reader, value-read;
#                                            default both) for SECONDS (default 120)
#
# Inputs that reach new code collect in build-fuzz/corpus/TARGET (kept between
# runs), crashes in build-fuzz/artifacts/. Once a crash is fixed, copy its
# input into tests/fuzz/corpus/TARGET/: the unit suite replays that folder.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
seconds=${1:-120}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(json-reader value-read)
build="$top/build-fuzz"
cc=${CC:-clang-14}
sanitizers=address,undefined
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export G_SLICE=always-malloc

if [ ! -f "$build/build.ninja" ]; then
  CC=$cc meson setup "$build" "$top" -Dtests=false -Dintrospection=disabled -Dvapi=false \
    -Db_sanitize=$sanitizers -Db_lundef=false -Dc_args=-fsanitize=fuzzer-no-link >/dev/null
fi
ninja -C "$build" dynantic/libdynantic-internal.a >/dev/null

for target in "${targets[@]}"; do
  # shellcheck disable=SC2046
  $cc -g -O1 -fsanitize=fuzzer,$sanitizers -DDYNANTIC_COMPILATION \
    -I"$build" -I"$build/dynantic" -I"$top/dynantic" -I"$top/dynantic/codec" -I"$top/dynantic/aws" $(pkg-config --cflags glib-2.0 gobject-2.0 json-glib-1.0) \
    "$top/tests/fuzz/fuzz-$target.c" "$build/dynantic/libdynantic-internal.a" \
    $(pkg-config --libs glib-2.0 gobject-2.0 gio-2.0 json-glib-1.0 libsoup-3.0) -lm \
    -o "$build/fuzz-$target"
  mkdir -p "$build/corpus/$target" "$build/artifacts"
  "$build/fuzz-$target" -max_total_time="$seconds" -print_final_stats=1 \
    -artifact_prefix="$build/artifacts/$target-" -dict="$top/tests/fuzz/json.dict" \
    "$build/corpus/$target" "$top/tests/fuzz/corpus/$target"
done
