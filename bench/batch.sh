#!/usr/bin/env bash
# bench/batch.sh: batch write and batch get, Dynantic beside boto3 and the
# AWS SDK for Go v2, in one run against DynamoDB Local on loopback
#
#   bench/batch.sh [WRITE_COUNT [GET_COUNT]]      (10000 and 1000 by default)
#
# Builds bench/batch_bench.c as bench/run.sh builds the other programs (into
# bench/.work/build, meson -Dbench=true) and bench/go/batch_go.go as it
# builds the Go peer (Debian's Go SDK, offline), makes one table, runs
# Dynantic's program, bench/batch_boto3.py and the Go program one after the
# other, each on its own items, and prints items per second and client CPU
# per item with Dynantic's ratios to the other two. BENCH_ENDPOINT: a running
# DynamoDB Local instead of a new one.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work="$top/bench/.work"
cd "$top"
n_write=${1:-10000}
n_get=${2:-1000}

if [ ! -f "$work/build/build.ninja" ]; then
  meson setup "$work/build" -Dbench=true -Dtests=false -Ddocs=false >&2
fi
meson compile -C "$work/build" bench/batch-bench >&2
mkdir -p "$work/bin" "$work/gocache"
GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE="$work/gocache" GOFLAGS= \
  go build -o "$work/bin/batch-go" "$top/bench/go/batch_go.go"

unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY AWS_PROFILE
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
export AWS_ACCESS_KEY_ID=DynanticBenchKey AWS_SECRET_ACCESS_KEY=DynanticBenchSecret AWS_REGION=us-east-1

endpoint=${BENCH_ENDPOINT:-}
if [ -z "$endpoint" ]; then
  endpoint=$(scripts/dynamodb-local.sh start)
  trap 'scripts/dynamodb-local.sh stop "$endpoint"' EXIT
fi

table="bench-batch-$$"
/usr/bin/python3 - "$endpoint" "$table" <<'PY'
import sys, boto3
client = boto3.client("dynamodb", endpoint_url=sys.argv[1], region_name="us-east-1")
client.create_table(TableName=sys.argv[2], BillingMode="PAY_PER_REQUEST",
                    AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                    KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}])
client.get_waiter("table_exists").wait(TableName=sys.argv[2])
PY

# A warm-up of DynamoDB Local's JVM as long as the measured runs, not
# measured: with a shorter one the first client measured pays for the JIT.
"$work/build/bench/batch-bench" "$endpoint" "$table" "$n_write" "$n_get" warmup >/dev/null
dynantic=$("$work/build/bench/batch-bench" "$endpoint" "$table" "$n_write" "$n_get" dynantic)
boto3=$(/usr/bin/python3 "$top/bench/batch_boto3.py" "$endpoint" "$table" "$n_write" "$n_get" boto3)
go=$("$work/bin/batch-go" "$endpoint" "$table" "$n_write" "$n_get" go)

/usr/bin/python3 - "$dynantic" "$boto3" "$go" <<'PY'
import json, sys
runs = {"dynantic": json.loads(sys.argv[1]), "boto3": json.loads(sys.argv[2]), "go": json.loads(sys.argv[3])}
d = runs["dynantic"]
for w in ("batch_write", "batch_get"):
    print("%s, %d items:" % (w, d[w]["items"]))
    for name, r in runs.items():
        line = "  %-8s %8.0f items/s %7.1f us CPU/item" % (name, r[w]["items_per_s"], r[w]["cpu_us_per_item"])
        if name != "dynantic":
            line += "   Dynantic's throughput x%.2f, CPU per item x%.2f (1/%.1f)" % (
                d[w]["items_per_s"] / r[w]["items_per_s"], d[w]["cpu_us_per_item"] / r[w]["cpu_us_per_item"],
                r[w]["cpu_us_per_item"] / d[w]["cpu_us_per_item"])
        print(line)
print(json.dumps(runs))
PY
