#!/usr/bin/env bash
# bench/instructions.sh: instructions per GetItem, per PutItem and per codec
# item (user space, callgrind), the deterministic figures a change to a hot
# path reports before and after. Unlike times on a shared machine, they repeat
# exactly for the same binary and inputs.
#
#   bench/instructions.sh [--build DIR]    default DIR: bench/.work/build
#
# Builds Dynantic with -Dbench=true into DIR (bench/run.sh's build), starts a
# DynamoDB Local on loopback, writes the benchmark item, runs each workload
# under callgrind with the collection toggled on its measured function
# (model_get_once, model_save_once, codec_once) and prints instructions per
# call: the collected total over the calls made (the count plus 10 % warm-up).
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="$top/bench/.work/build"
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build=$2; shift 2 ;;
    *) echo "usage: $0 [--build DIR]" >&2; exit 2 ;;
  esac
done
cd "$top"

command -v valgrind >/dev/null || {
  sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd=sudo
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq valgrind
}
if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" -Dbench=true -Dtests=false -Ddocs=false >&2
fi
meson compile -C "$build" >&2
scripts/dynamodb-local.sh install

unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY AWS_PROFILE
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
export AWS_ACCESS_KEY_ID=DynanticBenchKey AWS_SECRET_ACCESS_KEY=DynanticBenchSecret AWS_REGION=us-east-1

endpoint=$(scripts/dynamodb-local.sh start)
out=$(mktemp -d)
trap 'scripts/dynamodb-local.sh stop "$endpoint"; rm -rf "$out"' EXIT

/usr/bin/python3 - "$endpoint" <<'EOF'
import sys
sys.path.insert(0, "bench")
import driver
class A: endpoint = sys.argv[1]
driver.ensure_table(driver.make_ddb(A), "dynantic_bench")
EOF
bin="$build/bench/dynantic-bench"
"$bin" --endpoint "$endpoint" --item bench/item.json --check-write 'bench#get' >/dev/null

measure() {  # NAME FUNCTION WORKLOAD COUNT
  local name=$1 func=$2 workload=$3 count=$4 total
  valgrind --tool=callgrind --callgrind-out-file="$out/$name.out" --toggle-collect="$func" \
    "$bin" --endpoint "$endpoint" --item bench/item.json --seconds 1000 --workloads "$workload=$count" \
    >/dev/null 2>"$out/$name.log"
  callgrind_annotate "$out/$name.out" >"$out/$name.txt" 2>/dev/null
  total=$(awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1; exit}' "$out/$name.txt")
  awk -v t="$total" -v n="$count" -v name="$name" \
    'BEGIN { printf "%-8s %10.0f instructions per call (%d calls + 10%% warm-up)\n", name, t / (n * 1.1), n }'
}

measure get model_get_once get 1000
measure put model_save_once put 1000
measure codec codec_once codec 2000
