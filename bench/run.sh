#!/usr/bin/env bash
# bench/run.sh: Dynantic's benchmarks, side by side with boto3, the AWS SDK
# for Go v2 and the raw-libsoup floor, against DynamoDB Local on loopback.
#
#   bench/run.sh [--quick] [--check] [--json FILE] [--rounds N] [--only CLIENT,...]
#                [--only-workload WORKLOAD,...] [--batch-counts WRITE,GET]
#
#   --quick       small counts, one round: a smoke run (about two minutes)
#   --check       only check that every client writes and reads the same item
#   --json FILE   also write the figures as JSON
#   --rounds N    rounds to take medians over (default: 1 quick, 3 full)
#   --only LIST   only these clients: dynantic, dynantic_face, dynantic_python, boto3, go, floor, cold
#   --only-workload LIST   only these workloads: get, put, query_100, iterate_10k, async_1,
#                 async_8, async_32, codec, scan_rss, batch, cold (bench/batch.sh: batch)
#   --batch-counts W,G     the batch workload's items written and keys read
#                 (default: 2000,500 quick, 10000,1000 full)
#
# On a fresh Debian machine it installs what it needs (apt), builds the C
# programs with meson -Dbench=true into bench/.work/build and the Go peers into
# bench/.work/bin, starts DynamoDB Local (scripts/dynamodb-local.sh), runs
# bench/driver.py and stops the server. Set BENCH_ENDPOINT to use a running
# DynamoDB Local instead. See bench/README.md.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work="$top/bench/.work"
cd "$top"

packages=(
  build-essential meson ninja-build pkg-config
  libglib2.0-dev libsoup-3.0-dev libjson-glib-dev nettle-dev zlib1g-dev
  gobject-introspection libgirepository1.0-dev python3-gi
  python3-boto3 python3-botocore
  golang-go golang-github-aws-aws-sdk-go-v2-dev
)

install_packages() {
  local missing=() p sudo_cmd=""
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "bench: installing ${missing[*]}" >&2
  [ "$(id -u)" = 0 ] || sudo_cmd=sudo
  $sudo_cmd apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

build_programs() {
  mkdir -p "$work/bin" "$work/gocache"
  if [ ! -f "$work/build/build.ninja" ]; then
    meson setup "$work/build" -Dbench=true -Dtests=false -Ddocs=false >&2
  fi
  meson compile -C "$work/build" >&2
  echo "bench: building the Go peers" >&2
  GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE="$work/gocache" GOFLAGS= \
    go build -o "$work/bin/peer-go" "$top/bench/go/peer_go.go"
  GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE="$work/gocache" GOFLAGS= \
    go build -o "$work/bin/batch-go" "$top/bench/go/batch_go.go"
  GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE="$work/gocache" GOFLAGS= \
    go build -o "$work/bin/cold-go" "$top/bench/cold/cold_go.go"
}

install_packages
scripts/dynamodb-local.sh install
build_programs

# Loopback only, never through a proxy; DynamoDB Local takes any
# alphanumeric key id.
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY AWS_PROFILE
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
export AWS_ACCESS_KEY_ID=DynanticBenchKey AWS_SECRET_ACCESS_KEY=DynanticBenchSecret AWS_REGION=us-east-1
# The Python face finds the library under test, and its override and package.
export PYTHONPATH="$top/python${PYTHONPATH:+:$PYTHONPATH}"
export GI_TYPELIB_PATH="$work/build/dynantic${GI_TYPELIB_PATH:+:$GI_TYPELIB_PATH}"
export LD_LIBRARY_PATH="$work/build/dynantic${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

endpoint=${BENCH_ENDPOINT:-}
if [ -z "$endpoint" ]; then
  endpoint=$(scripts/dynamodb-local.sh start)
  trap 'scripts/dynamodb-local.sh stop "$endpoint"' EXIT
  echo "bench: DynamoDB Local at $endpoint" >&2
fi

/usr/bin/python3 "$top/bench/driver.py" --endpoint "$endpoint" \
  --bindir "$work/build/bench" --go-peer "$work/bin/peer-go" --cold-go "$work/bin/cold-go" \
  --go-batch "$work/bin/batch-go" "$@"
