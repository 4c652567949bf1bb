#!/usr/bin/env bash
# README's first command: set everything up, start DynamoDB Local on loopback,
# run the quick-start example against it, stop the server.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"
scripts/setup.sh
exec scripts/dynamodb-local.sh run build/examples/quickstart
