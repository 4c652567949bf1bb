#!/usr/bin/python3
# peer_dynantic_face.py: Dynantic from Python through its Python face
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# What a Python user of the `dynantic` package pays: the shared item declared
# as a DynamoModel with annotations (as the seed guide declares models),
# `BenchItem.get(pk, sk)` and `item.save()` through the PyGObject override
# (python/gi/overrides/Dynantic.py). bench/run.sh puts the override and the
# library under test on PYTHONPATH, GI_TYPELIB_PATH and LD_LIBRARY_PATH.
# Metrics python_get_cpu_us and python_put_cpu_us, beside plain PyGObject
# (peer_dynantic_python.py) and boto3.

import os

from dynantic import Client, DynamoModel, Key, SortKey
from gi.repository import Dynantic  # after dynantic: the override is loaded

import benchlib


class BenchItem(DynamoModel):
    """The shared item of bench/item.json, as a Python user declares it."""

    pk: str = Key()
    sk: str = SortKey()
    name: str
    description: str
    price: float
    stock: int
    active: bool = False
    tags: list = []              # L of mixed values
    dimensions: dict = {}        # M
    categories: set[str] = set()  # SS

    class Meta:
        table_name = "dynantic_bench"


def attribute_value(value):
    """A Python value as DynamoDB JSON, for check mode only."""
    if value is None:
        return {"NULL": True}
    if isinstance(value, bool):
        return {"BOOL": value}
    if isinstance(value, (int, float)):
        return {"N": repr(value)}
    if isinstance(value, str):
        return {"S": value}
    if isinstance(value, dict):
        return {"M": {k: attribute_value(v) for k, v in value.items()}}
    if isinstance(value, set):
        return {"SS": sorted(value)}
    return {"L": [attribute_value(v) for v in value]}


def plain(value):
    """A DynamoDB JSON value as a Python value."""
    kind, data = next(iter(value.items()))
    if kind == "M":
        return {k: plain(v) for k, v in data.items()}
    if kind == "L":
        return [plain(v) for v in data]
    if kind == "N":
        number = float(data)
        return int(number) if number.is_integer() and "." not in data else number
    if kind == "NULL":
        return None
    if kind == "SS":
        return set(data)
    return data


class DynanticFacePeer:
    def __init__(self, args):
        self.args = args
        self.spec = args.spec
        BenchItem.set_client(Client(endpoint_url=args.endpoint, region=args.region))
        Dynantic.ModelClass.set_table(BenchItem, args.table)
        self.sort_key = self.spec["sort_key"]
        self.put_object = self.make(self.spec["partitions"]["put"] + "#dynantic_face")

    def make(self, pk):
        values = {name: plain(value) for name, value in self.spec["item"].items()}
        values.update(pk=pk, sk=self.sort_key)
        return BenchItem(**values)

    def get(self, pk):
        item = BenchItem.get(pk, self.sort_key)
        if item is None:
            raise RuntimeError("BenchItem.get found no item")
        return item

    def workload_get(self, plan):
        pk = self.spec["partitions"]["get"]
        return benchlib.measure(benchlib.sequential(lambda: self.get(pk)), plan)

    def workload_put(self, plan):
        item = self.put_object
        return benchlib.measure(benchlib.sequential(item.save), plan)

    def check_put(self, pk):
        self.make(pk).save()

    def check_get(self, pk):
        item = BenchItem.get(pk, self.sort_key, consistent=True)
        if item is None:
            return None
        return {name: attribute_value(value) for name, value in item.model_dump().items()}


def main():
    args = benchlib.parse_args(benchlib.argument_parser("Dynantic from Python (the dynantic package)"))
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "DynanticBenchKey")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "DynanticBenchSecret")
    peer = DynanticFacePeer(args)
    if args.check_write or args.check_read:
        benchlib.run_check("dynantic_face", args, peer.check_put, peer.check_get)
    else:
        benchlib.run_workloads("dynantic_face", args, {"get": peer.workload_get, "put": peer.workload_put})


if __name__ == "__main__":
    main()
