#!/bin/sh
# Runs the examples against DynamoDB Local, from the source tree and its build
# (build/ unless DYNANTIC_BUILD_DIR says otherwise):
#
#   examples/run.sh c products [orders ...]     # a language, then examples
#   examples/run.sh js all                      # every example of a language
#   examples/run.sh all                         # every example of C, JavaScript and Vala
#   examples/run.sh --check vala orders         # compare the output with expected/orders.txt
#
# The scenarios are the seed's (the usage guide Python users know); each
# language prints the same output, kept in expected/. Uses the DynamoDB
# Local of `scripts/dynamodb-local.sh run` when AWS_ENDPOINT_URL_DYNAMODB is
# set, else starts one for the run. Python's are examples/python/run.sh.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
build=${DYNANTIC_BUILD_DIR:-$top/build}
scenarios="products blog_posts orders animals counters conditional_writes batch_import transactions"

if [ -z "${AWS_ENDPOINT_URL_DYNAMODB:-}" ]; then
  exec "$top/scripts/dynamodb-local.sh" run "$0" "$@"
fi
export GI_TYPELIB_PATH="$build/dynantic${GI_TYPELIB_PATH:+:$GI_TYPELIB_PATH}"
export LD_LIBRARY_PATH="$build/dynantic${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

check=
if [ "${1:-}" = --check ]; then
  check=1
  shift
fi
if [ "${1:-all}" = all ]; then
  for language in c js vala; do
    "$0" ${check:+--check} "$language" all
  done
  exit 0
fi
language=$1
shift
if [ "${1:-all}" = all ]; then
  set -- $scenarios
fi

run_one() {
  case "$language" in
    c) "$build/examples/c/$1" ;;
    js) gjs -m "$here/js/$1.js" ;;
    vala) "$build/examples/vala/$1" ;;
    *) echo "run.sh: no language $language (c, js, vala)" >&2; exit 2 ;;
  esac
}

for example in "$@"; do
  echo "== $language $example"
  if [ -z "$check" ]; then
    run_one "$example"
    continue
  fi
  output=$(run_one "$example")
  echo "$output"
  if [ "$output" != "$(cat "$here/expected/$example.txt")" ]; then
    echo "run.sh: the output of $language $example differs from expected/$example.txt:" >&2
    echo "$output" | diff -u "$here/expected/$example.txt" - >&2 || true
    exit 1
  fi
done
