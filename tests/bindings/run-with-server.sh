#!/bin/sh
# Runs a binding suite against DynamoDB Local: the one of
# `scripts/dynamodb-local.sh run meson test` (DYNANTIC_TEST_ENDPOINT), or
# one started for this suite alone.
if [ -n "${DYNANTIC_TEST_ENDPOINT:-}" ]; then
  exec "$@"
fi
exec "$(dirname "$0")/../../scripts/dynamodb-local.sh" run "$@"
