#!/bin/sh
# Runs a command against DynamoDB Local: the one of
# `scripts/dynamodb-local.sh run meson test` (DYNANTIC_TEST_ENDPOINT), or one
# started for this command alone.
if [ -n "${DYNANTIC_TEST_ENDPOINT:-}" ]; then
  exec "$@"
fi
exec "$(dirname "$0")/../../scripts/dynamodb-local.sh" run "$@"
