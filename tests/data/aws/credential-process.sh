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
  sleep-pid)
    # $2: where to write the process id (exec keeps it) before hanging
    echo $$ > "$2" ; exec sleep 30 ;;
  close-and-sleep)
    # prints the credentials, closes its output, and never exits
    printf '{"Version": 1, "AccessKeyId": "AKIDPROCESS", "SecretAccessKey": "process/secret+KEY"}' ; exec >&- ; exec sleep 30 ;;
  empty)
    ;;
  blank)
    printf '  \n\t\n' ;;
  flood)
    exec yes '{"Version": 1, "AccessKeyId": "AKIDPROCESS", "SecretAccessKey": "process/secret+KEY"}' ;;
  not-utf8)
    printf '{"Version": 1, "AccessKeyId": "AKID\377", "SecretAccessKey": "process/secret+KEY"}' ;;
  nul)
    printf '{"Version": 1, "AccessKeyId": "AKID\000", "SecretAccessKey": "process/secret+KEY"}' ;;
  deep)
    i=0 ; while [ $i -lt 2000 ] ; do printf '[' ; i=$((i + 1)) ; done ;;
  array)
    printf '[{"Version": 1, "AccessKeyId": "AKIDPROCESS", "SecretAccessKey": "process/secret+KEY"}]' ;;
  version-string)
    printf '{"Version": "1", "AccessKeyId": "AKIDPROCESS", "SecretAccessKey": "process/secret+KEY"}' ;;
  number-key)
    printf '{"Version": 1, "AccessKeyId": 12345, "SecretAccessKey": "process/secret+KEY"}' ;;
  object-secret)
    printf '{"Version": 1, "AccessKeyId": "AKIDPROCESS", "SecretAccessKey": {"value": "process/secret+KEY"}}' ;;
  truncated)
    printf '{"Version": 1, "AccessKeyId": "AKIDPROCESS", "SecretAccessKey": "process/secr' ;;
  killed)
    kill -9 $$ ;;
  *)
    echo "credential-process.sh: unknown mode" >&2 ; exit 2 ;;
esac
