#!/usr/bin/python3
# batch_boto3.py: boto3's batch write (Table.batch_writer()) and batch get
# (batch_get_item, 100 keys a request, UnprocessedKeys asked for again),
# measured as bench/batch_bench.c measures Dynantic's
#
#     batch_boto3.py ENDPOINT TABLE WRITE_COUNT GET_COUNT PREFIX
#
# The dicts are made before the clock starts. Prints one JSON line.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import json
import os
import sys
import time
from decimal import Decimal

import boto3


def cpu_seconds():
    return time.process_time()   # user + system of the process, every thread


def figures(items, wall, cpu):
    return {"items": items, "seconds": round(wall, 3), "items_per_s": round(items / wall, 1),
            "cpu_us_per_item": round(cpu * 1e6 / items, 2)}


def main():
    endpoint, table_name, n_write, n_get, prefix = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    n_get = min(n_get, n_write)
    resource = boto3.resource("dynamodb", endpoint_url=endpoint, region_name=os.environ.get("AWS_REGION", "us-east-1"))
    table = resource.Table(table_name)
    rows = [{"id": "%s-%06d" % (prefix, i), "name": "a batch-written row of the benchmark", "n": i,
             "score": Decimal(str(i * 0.5)), "active": i % 2 == 0} for i in range(n_write)]
    keys = [{"id": "%s-%06d" % (prefix, i * n_write // n_get)} for i in range(n_get)]
    result = {}

    wall, cpu = time.monotonic(), cpu_seconds()
    with table.batch_writer() as writer:
        for row in rows:
            writer.put_item(Item=row)
    result["batch_write"] = figures(n_write, time.monotonic() - wall, cpu_seconds() - cpu)

    wall, cpu = time.monotonic(), cpu_seconds()
    found = []
    for start in range(0, len(keys), 100):
        request = {table_name: {"Keys": keys[start:start + 100]}}
        while request:
            response = resource.batch_get_item(RequestItems=request)
            found.extend(response["Responses"].get(table_name, []))
            request = response.get("UnprocessedKeys") or None
    result["batch_get"] = figures(n_get, time.monotonic() - wall, cpu_seconds() - cpu)
    if len(found) != n_get:
        sys.exit("batch_boto3: %d of %d items read back" % (len(found), n_get))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
