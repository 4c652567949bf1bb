#!/usr/bin/env bash
# README's first command: set everything up, start DynamoDB Local on loopback,
# run the examples against it (the call primitive, models, queries and
# pagination, updates and conditional writes, and the Python examples of
# examples/python),
# stop the server.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"
scripts/setup.sh
exec scripts/dynamodb-local.sh run sh -c \
  'build/examples/quickstart && build/examples/models && build/examples/queries && build/examples/updates && examples/python/run.sh all'
