#!/usr/bin/python3
# verify-sigv4-botocore.py: recomputes the SigV4 signature of a request that
# Dynantic sent, with botocore, the way a server would check it.
#
# argv[1] is a JSON object:
#   {"url": "http://127.0.0.1:PORT/path?query", "method": "POST",
#    "headers": [[name, value], ...] as received, "body": "...",
#    "access_key_id": ..., "secret_access_key": ..., "session_token": ... or null,
#    "region": "us-east-1", "service": "dynamodb"}
# Prints {"authorization": botocore's Authorization header} and exits 0 when it
# equals the one received, 1 (with the canonical request on stderr) when not.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import datetime
import json
import sys
import types

import botocore.auth
import botocore.awsrequest
import botocore.credentials

# Headers a DynamoDB request must have signed, and those botocore sets itself.
REQUIRED_SIGNED = {"host", "x-amz-date", "x-amz-target", "content-type"}
SET_BY_BOTOCORE = {"host", "x-amz-date", "x-amz-security-token", "authorization"}


def frozen_botocore_clock(amz_date):
    """Makes botocore.auth see @amz_date as the current time."""
    frozen = datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ")

    class FrozenDatetime(datetime.datetime):
        @classmethod
        def utcnow(cls):
            return frozen

    botocore.auth.datetime = types.SimpleNamespace(datetime=FrozenDatetime)


def signed_header_names(authorization):
    fields = dict(part.strip().split("=", 1)
                  for part in authorization.split(" ", 1)[1].split(","))
    return fields["SignedHeaders"].split(";")


def main():
    sent = json.loads(sys.argv[1])
    received = {}
    for name, value in sent["headers"]:
        received.setdefault(name.lower(), []).append(value)
    authorization = received["authorization"][0]
    signed = signed_header_names(authorization)

    missing = REQUIRED_SIGNED - set(signed)
    if sent["session_token"] is not None:
        missing |= {"x-amz-security-token"} - set(signed)
    if missing:
        print(f"not signed: {sorted(missing)}", file=sys.stderr)
        return 1

    headers = {name: ",".join(received[name]) for name in signed
               if name not in SET_BY_BOTOCORE}
    request = botocore.awsrequest.AWSRequest(
        method=sent["method"], url=sent["url"], headers=headers,
        data=sent["body"].encode("utf-8"))
    credentials = botocore.credentials.Credentials(
        sent["access_key_id"], sent["secret_access_key"], sent["session_token"])
    signer = botocore.auth.SigV4Auth(credentials, sent["service"], sent["region"])

    frozen_botocore_clock(received["x-amz-date"][0])
    signer.add_auth(request)
    expected = request.headers["Authorization"]

    # What botocore signed as Host and X-Amz-Security-Token must be what
    # travelled.
    if received["host"] != [botocore.auth._host_from_url(sent["url"])]:
        print(f"Host sent {received['host']} is not the URL's", file=sys.stderr)
        return 1
    if sent["session_token"] is not None and \
            received["x-amz-security-token"] != [sent["session_token"]]:
        print("X-Amz-Security-Token sent is not the session token", file=sys.stderr)
        return 1

    print(json.dumps({"authorization": expected}))
    if expected != authorization:
        del request.headers["Authorization"]
        print("botocore's canonical request:\n" + signer.canonical_request(request),
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
