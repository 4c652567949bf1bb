#!/usr/bin/python3
# peer_dynantic_python.py: Dynantic from Python, plain PyGObject
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Measures what a Python user of Dynantic pays, to set beside boto3's `get`
# (metric python_get_cpu_us). This is plain PyGObject over the typelib,
# before Dynantic's Python override and `dynantic` package exist: a
# Dynantic.Model subclass declaring GObject properties, its schema given
# through the class methods. bench/run.sh points GI_TYPELIB_PATH and
# LD_LIBRARY_PATH at its build, so `gi.require_version("Dynantic", "1")`
# finds the library under test.

import json
import os

import gi

gi.require_version("Dynantic", "1")
gi.require_version("Json", "1.0")
from gi.repository import Dynantic, GLib, GObject, Json  # noqa: E402

import benchlib  # noqa: E402


class BenchItem(Dynantic.Model):
    """The shared item of bench/item.json, as a Python user declares it."""

    pk = GObject.Property(type=str)
    sk = GObject.Property(type=str)
    name = GObject.Property(type=str)
    description = GObject.Property(type=str)
    price = GObject.Property(type=float, minimum=0)
    stock = GObject.Property(type=GObject.TYPE_INT64, minimum=0)
    active = GObject.Property(type=bool, default=False)
    tags = GObject.Property(type=GObject.TYPE_VARIANT)      # L of mixed values
    dimensions = GObject.Property(type=Json.Node)           # M
    categories = GObject.Property(type=GObject.TYPE_STRV)   # SS


BenchItem.set_partition_key("pk")
BenchItem.set_sort_key("sk")
BenchItem.set_set("categories")


# The item's values between DynamoDB JSON and properties, for check mode
# only: what the workload measures is the library's own decoding.

def tag_variant(value):
    kind, data = next(iter(value.items()))
    if kind == "S":
        return GLib.Variant("s", data)
    if kind == "N":
        return GLib.Variant("x", int(data))
    return GLib.Variant("mv", None)


def attribute_value(value):
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
    return {"L": [attribute_value(v) for v in value]}


def plain(value):
    """A DynamoDB JSON value as plain JSON (for the dimensions' JsonNode)."""
    kind, data = next(iter(value.items()))
    if kind == "M":
        return {k: plain(v) for k, v in data.items()}
    if kind == "N":
        return json.loads(data)
    return data


class DynanticPythonPeer:
    def __init__(self, args):
        self.args = args
        self.spec = args.spec
        self.client = Dynantic.Client.new_for_endpoint(args.endpoint, args.region)
        BenchItem.set_table(args.table)
        BenchItem.set_client(self.client)
        self.sort_key = self.spec["sort_key"]

    def get(self, pk):
        item = Dynantic.Model.get_by_key(BenchItem, pk, self.sort_key)
        if item is None:
            raise RuntimeError("the model's get found no item")
        return item

    def workload_get(self, plan):
        pk = self.spec["partitions"]["get"]
        return benchlib.measure(benchlib.sequential(lambda: self.get(pk)), plan)

    def check_put(self, pk):
        item = self.spec["item"]
        BenchItem(pk=pk, sk=self.sort_key,
                  name=item["name"]["S"], description=item["description"]["S"],
                  price=float(item["price"]["N"]), stock=int(item["stock"]["N"]),
                  active=item["active"]["BOOL"],
                  tags=GLib.Variant("av", [tag_variant(v) for v in item["tags"]["L"]]),
                  dimensions=Json.from_string(json.dumps(plain(item["dimensions"]))),
                  categories=item["categories"]["SS"]).save(None, None)

    def check_get(self, pk):
        item = Dynantic.Model.get_by_key_full(BenchItem, True, pk, self.sort_key)
        if item is None:
            return None
        values = {
            "pk": item.props.pk, "sk": item.props.sk, "name": item.props.name,
            "description": item.props.description, "price": item.props.price,
            "stock": item.props.stock, "active": item.props.active,
            "tags": item.props.tags.unpack(),
            "dimensions": json.loads(Json.to_string(item.props.dimensions, False)),
        }
        result = {k: attribute_value(v) for k, v in values.items()}
        result["categories"] = {"SS": list(item.props.categories)}
        return result


def main():
    args = benchlib.parse_args(benchlib.argument_parser("Dynantic from Python (plain PyGObject)"))
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "DynanticBenchKey")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "DynanticBenchSecret")
    peer = DynanticPythonPeer(args)
    if args.check_write or args.check_read:
        benchlib.run_check("dynantic_python", args, peer.check_put, peer.check_get)
    else:
        benchlib.run_workloads("dynantic_python", args, {"get": peer.workload_get})


if __name__ == "__main__":
    main()
