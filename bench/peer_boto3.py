#!/usr/bin/python3
# peer_boto3.py: the boto3 peer (what Python users pick), low-level client
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Workloads: get, put, query_100, iterate_10k (paginator), async_8 (GetItem on a
# ThreadPoolExecutor of 8 threads sharing one client), codec (TypeDeserializer +
# TypeSerializer + json of the shared item). See bench/README.md.

import json
import os
import time
from concurrent.futures import ThreadPoolExecutor

import boto3
from boto3.dynamodb.types import TypeDeserializer, TypeSerializer

import benchlib


class Boto3Peer:
    def __init__(self, args):
        self.args = args
        self.spec = args.spec
        self.client = boto3.client(
            "dynamodb",
            endpoint_url=args.endpoint,
            region_name=args.region,
            aws_access_key_id=os.environ.get("AWS_ACCESS_KEY_ID", "DynanticBenchKey"),
            aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY", "DynanticBenchSecret"),
        )
        partitions = self.spec["partitions"]
        self.get_key = benchlib.key_of(self.spec, partitions["get"])
        self.put_item = benchlib.keyed_item(self.spec, partitions["put"] + "#boto3")

    def get(self, key):
        response = self.client.get_item(TableName=self.args.table, Key=key)
        if "Item" not in response:
            raise RuntimeError("GetItem found no item")
        return response["Item"]

    def query(self, pk):
        response = self.client.query(
            TableName=self.args.table,
            KeyConditionExpression="pk = :p",
            ExpressionAttributeValues={":p": {"S": pk}},
        )
        return len(response["Items"])

    def iterate(self, pk):
        paginator = self.client.get_paginator("query")
        count = 0
        for page in paginator.paginate(
            TableName=self.args.table,
            KeyConditionExpression="pk = :p",
            ExpressionAttributeValues={":p": {"S": pk}},
        ):
            count += len(page["Items"])
        return count

    # workloads: each takes a Plan and returns a result dict

    def workload_get(self, plan):
        return benchlib.measure(benchlib.sequential(lambda: self.get(self.get_key)), plan)

    def workload_put(self, plan):
        return benchlib.measure(
            benchlib.sequential(lambda: self.client.put_item(TableName=self.args.table, Item=self.put_item)),
            plan)

    def counted(self, fn, pk, plan):
        seen = []
        result = benchlib.measure(benchlib.sequential(lambda: seen.append(fn(pk))), plan)
        result["items"] = min(seen)
        return result

    def workload_query_100(self, plan):
        return self.counted(self.query, self.spec["partitions"]["query_100"], plan)

    def workload_iterate_10k(self, plan):
        return self.counted(self.iterate, self.spec["partitions"]["iterate_10k"], plan)

    def workload_async_8(self, plan):
        key = self.get_key

        def one(deadline):
            if time.monotonic() >= deadline:
                return 0
            self.get(key)
            return 1

        with ThreadPoolExecutor(max_workers=8) as pool:
            def run(n, deadline):
                return sum(pool.map(one, [deadline] * n))
            return benchlib.measure(run, plan)

    def workload_codec(self, plan):
        text = json.dumps(self.spec["item"])
        serializer = TypeSerializer()
        deserializer = TypeDeserializer()

        def once():
            values = {k: deserializer.deserialize(v) for k, v in json.loads(text).items()}
            encoded = json.dumps({k: serializer.serialize(v) for k, v in values.items()})
            if len(encoded) < 100:
                raise RuntimeError("codec lost the item")

        result = benchlib.measure(benchlib.sequential(once), plan)
        result["items_per_s"] = result["ops_per_s"]
        return result

    def workloads(self):
        return {
            "get": self.workload_get,
            "put": self.workload_put,
            "query_100": self.workload_query_100,
            "iterate_10k": self.workload_iterate_10k,
            "async_8": self.workload_async_8,
            "codec": self.workload_codec,
        }

    # check mode: the same calls as the workloads

    def check_put(self, pk):
        self.client.put_item(TableName=self.args.table, Item=benchlib.keyed_item(self.spec, pk))

    def check_get(self, pk):
        response = self.client.get_item(TableName=self.args.table, Key=benchlib.key_of(self.spec, pk))
        return response.get("Item")


def main():
    args = benchlib.parse_args(benchlib.argument_parser("boto3 peer of the Dynantic benchmarks"))
    peer = Boto3Peer(args)
    if args.check_write or args.check_read:
        benchlib.run_check("boto3", args, peer.check_put, peer.check_get)
    else:
        benchlib.run_workloads("boto3", args, peer.workloads())


if __name__ == "__main__":
    main()
