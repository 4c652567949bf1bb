#!/usr/bin/python3
# soak-check.py: boto3, DynamoDB's reference client, checks what the chaos
# soak (test-soak.c) left in its table against what each write reported.
#
#   soak-check.py ENDPOINT TABLE EXPECTATIONS.json
#
# The rules are test-soak.c's, applied to what boto3 reads: the stored item
# is the last successful write's values or a failed later write's (absent
# only when no write succeeded); counters hold every successful update's
# marker and no unsent one, and exceed their number of markers only by the
# extra copies of unconditioned updates the proxy forwarded.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import base64
import json
import sys

import boto3


def fail(item_id, why):
    print(f"{item_id}: {why}")
    sys.exit(1)


def same_values(stored, values):
    return (stored.get("name", {}).get("S") == values["name"]
            and float(stored["price"]["N"]) == float(values["price"])
            and int(stored["qty"]["N"]) == int(values["qty"])
            and set(stored.get("tags", {}).get("SS", [])) == set(values["tags"])
            and stored.get("blob", {}).get("B") == base64.b64decode(values["blob"]))


def check_writes(record, stored):
    writes = record["writes"]
    last_ok = max((i for i, w in enumerate(writes) if w["ok"]), default=-1)
    if stored is None:
        if last_ok >= 0:
            fail(record["id"], "a write reported successful is not stored")
        return
    if not any(same_values(stored, w["values"]) for w in writes[max(last_ok, 0):]):
        fail(record["id"], "the stored item is not the last successful write's or a later failed one's")


def check_counter(record, stored):
    base = record["writes"][0]
    updates = record["updates"]
    if stored is None:
        if base["ok"] or any(u["ok"] for u in updates):
            fail(record["id"], "a write reported successful is not stored")
        return
    if (base["ok"] or "name" in stored) and not same_values(stored, base["values"]):
        fail(record["id"], "the stored item does not hold its base save's values")
    marks = set(stored.get("marks", {}).get("SS", []))
    sent = {u["marker"] for u in updates}
    if not marks <= sent:
        fail(record["id"], f"marks never sent: {sorted(marks - sent)}")
    for u in updates:
        if u["ok"] and u["marker"] not in marks:
            fail(record["id"], f"the update {u['marker']} reported successful was not applied")
    counter = int(stored.get("counter", {}).get("N", "0"))
    extra = 0 if record["conditioned"] else sum(max(u["forwarded"] - 1, 0) for u in updates)
    if not len(marks) <= counter <= len(marks) + extra:
        fail(record["id"], f"counter {counter} with {len(marks)} marks, {extra} extra copies allowed")
    return counter - len(marks)


def main():
    endpoint, table, expectations = sys.argv[1:4]
    with open(expectations) as f:
        records = json.load(f)
    client = boto3.client("dynamodb", endpoint_url=endpoint, region_name="us-east-1",
                          aws_access_key_id="SoakKey", aws_secret_access_key="SoakSecret")
    stored = {}
    for page in client.get_paginator("scan").paginate(TableName=table):
        for item in page["Items"]:
            stored[item["id"]["S"]] = item
    doubles = 0
    for record in records:
        item = stored.get(record["id"])
        if record["kind"] == "counter":
            doubles += check_counter(record, item) or 0
        else:
            check_writes(record, item)
    print(f"{len(records)} items checked, {len(stored)} stored, {doubles} double applications")


main()
