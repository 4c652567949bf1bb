#!/usr/bin/env bash
# bench/batch.sh: only the batch workload of bench/run.sh — a batch write and
# a batch get, Dynantic beside boto3 and the AWS SDK for Go v2, against
# DynamoDB Local on loopback
#
#   bench/batch.sh [WRITE_COUNT [GET_COUNT]] [bench/run.sh options]
#
# The same as `bench/run.sh --only-workload batch --only dynantic,boto3,go
# [--batch-counts WRITE_COUNT,GET_COUNT] ...`: with no counts 10,000 items
# written and 1,000 read back (2,000 and 500 with --quick), medians of 3
# rounds (1 with --quick; --rounds N). BENCH_ENDPOINT: a running DynamoDB
# Local instead of a new one. See bench/README.md.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
counts=()
if [[ ${1:-} =~ ^[0-9]+$ ]]; then
  n_write=$1
  shift
  n_get=1000
  if [[ ${1:-} =~ ^[0-9]+$ ]]; then
    n_get=$1
    shift
  fi
  counts=(--batch-counts "$n_write,$n_get")
fi
exec "$here/run.sh" --only-workload batch --only dynantic,boto3,go "${counts[@]}" "$@"
