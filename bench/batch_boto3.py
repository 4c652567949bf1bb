#!/usr/bin/python3
# batch_boto3.py: boto3's batch write (Table.batch_writer()) and batch get
# (batch_get_item, 100 keys a request, UnprocessedKeys asked for again),
# measured as bench/batch_bench.c measures Dynantic's
#
#     batch_boto3.py ENDPOINT TABLE WRITE_COUNT GET_COUNT PREFIX
#
# The dicts are made before the clock starts. Prints one JSON line: for
# each, the items, the seconds, the items per second, the client CPU per
# item (user+sys of the process, getrusage, every thread) with its user and
# system parts, and, with BENCH_SERVER_PID set, the server's CPU per item
# (utime+stime of /proc/PID/stat; null without it).
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import json
import os
import resource
import sys
import time
from decimal import Decimal

import boto3


def cpu_seconds():
    """User and system CPU of the process so far, every thread, in seconds."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime, usage.ru_stime


def server_cpu_seconds():
    """The server's CPU so far: utime + stime of every thread of the process
    BENCH_SERVER_PID names (/proc/PID/stat, clock ticks); None without one."""
    pid = os.environ.get("BENCH_SERVER_PID")
    if not pid:
        return None
    try:
        with open("/proc/%s/stat" % pid, encoding="ascii", errors="replace") as f:
            fields = f.read().rsplit(")", 1)[1].split()   # field 3 (the state) on
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(items, call):
    """Runs @call and gives its figures over @items."""
    server0 = server_cpu_seconds()
    wall0, (user0, sys0) = time.monotonic(), cpu_seconds()
    call()
    (user1, sys1), wall1 = cpu_seconds(), time.monotonic()
    server1 = server_cpu_seconds()
    wall, user, sys_ = wall1 - wall0, user1 - user0, sys1 - sys0
    return {"items": items, "seconds": round(wall, 3), "items_per_s": round(items / wall, 1),
            "cpu_us_per_item": round((user + sys_) * 1e6 / items, 2),
            "cpu_user_us_per_item": round(user * 1e6 / items, 2),
            "cpu_sys_us_per_item": round(sys_ * 1e6 / items, 2),
            "server_cpu_us_per_item": None if server0 is None or server1 is None
            else round((server1 - server0) * 1e6 / items, 2)}


def main():
    endpoint, table_name, n_write, n_get, prefix = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    n_get = min(n_get, n_write)
    dynamodb = boto3.resource("dynamodb", endpoint_url=endpoint, region_name=os.environ.get("AWS_REGION", "us-east-1"))
    table = dynamodb.Table(table_name)
    rows = [{"id": "%s-%06d" % (prefix, i), "name": "a batch-written row of the benchmark", "n": i,
             "score": Decimal(str(i * 0.5)), "active": i % 2 == 0} for i in range(n_write)]
    keys = [{"id": "%s-%06d" % (prefix, i * n_write // n_get)} for i in range(n_get)]
    found = []

    def write():
        with table.batch_writer() as writer:
            for row in rows:
                writer.put_item(Item=row)

    def get():
        for start in range(0, len(keys), 100):
            request = {table_name: {"Keys": keys[start:start + 100]}}
            while request:
                response = dynamodb.batch_get_item(RequestItems=request)
                found.extend(response["Responses"].get(table_name, []))
                request = response.get("UnprocessedKeys") or None

    result = {"batch_write": measure(n_write, write), "batch_get": measure(n_get, get)}
    if len(found) != n_get:
        sys.exit("batch_boto3: %d of %d items read back" % (len(found), n_get))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
