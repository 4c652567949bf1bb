#!/bin/sh
# A credential_process for tests/test-credentials.c: prints what the mode in
# $1 asks for. The secrets here are fake and must never show in an error.
case "$1" in
  temporary)
    printf '{"Version": 1, "AccessKeyId": "AKIDPROCESS", "SecretAccessKey": "process/secret+KEY", "SessionToken": "process-token", "Expiration": "2031-02-03T04:05:06Z"}\n' ;;
  long-term)
    printf '{"Version": 1, "AccessKeyId": "AKIDPROCESSLT", "SecretAccessKey": "process/long-term+KEY"}' ;;
  fail)
    echo "process/secret+KEY on stdout" ; echo "credential-process.sh: failing on purpose" >&2 ; exit 3 ;;
  not-json)
    echo "AccessKeyId=AKIDPROCESS SecretAccessKey=process/secret+KEY" ;;
  version-2)
    printf '{"Version": 2, "AccessKeyId": "AKIDPROCESS", "SecretAccessKey": "process/secret+KEY"}' ;;
  no-secret)
    printf '{"Version": 1, "AccessKeyId": "AKIDPROCESS"}' ;;
  bad-expiration)
    printf '{"Version": 1, "AccessKeyId": "AKIDPROCESS", "SecretAccessKey": "process/secret+KEY", "Expiration": "tomorrow"}' ;;
  sleep)
    exec sleep 30 ;;
  *)
    echo "credential-process.sh: unknown mode" >&2 ; exit 2 ;;
esac
