#!/bin/sh
# Runs Python examples against DynamoDB Local, from the source tree and its
# build (build/ unless DYNANTIC_BUILD_DIR says otherwise):
#
#   examples/python/run.sh products [orders ...]     # or: all
#
# Uses the DynamoDB Local of `scripts/dynamodb-local.sh run` when
# AWS_ENDPOINT_URL_DYNAMODB is set, else starts one for the run.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=${DYNANTIC_BUILD_DIR:-$top/build}
export PYTHONPATH="$top/python${PYTHONPATH:+:$PYTHONPATH}"
export GI_TYPELIB_PATH="$build/dynantic${GI_TYPELIB_PATH:+:$GI_TYPELIB_PATH}"
export LD_LIBRARY_PATH="$build/dynantic${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
if [ "${1:-all}" = all ]; then
  set -- products blog_posts orders animals counters conditional_writes batch_import transfer
fi
if [ -z "${AWS_ENDPOINT_URL_DYNAMODB:-}" ]; then
  exec "$top/scripts/dynamodb-local.sh" run "$0" "$@"
fi
for example in "$@"; do
  echo "== $example"
  (cd "$here" && /usr/bin/python3 "$example.py")
done
