#!/usr/bin/python3
# peer-types.py: boto3, DynamoDB's reference client, on the items of
# test-model-types.c.
#
#   peer-types.py check ENDPOINT TABLE ID   asserts the exact DynamoDB types and
#                                           values of the item C saved
#   peer-types.py write ENDPOINT TABLE ID   writes the same item, for C to read
#   peer-types.py write-nested ENDPOINT TABLE ID
#                                           writes an item of test-model-types.c's
#                                           TestNested class holding what JSON and
#                                           GVariant have no twin for (sets, binary,
#                                           38-digit numbers) inside maps and lists
#   peer-types.py check-nested[-changed] ENDPOINT TABLE ID
#                                           asserts that item is stored exactly as
#                                           written (-changed: with C's changes to
#                                           other parts of the values)
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import decimal
import sys

import boto3

SORT_KEY = "2024-02-29T23:59:59.123456Z"
UNICODE_TEXT = "h\u00e9llo w\u00f6rld \u2713 \u65e5\u672c \U0001F389 \"q\" \\ \n\t"
AMOUNT_38 = "-12345678901234567890.123456789012345678"
BLOB = b"a\x00b\x00\xff\x00"


def long_text():
    text = ""
    while len(text.encode()) < 10 * 1024:
        text += "0123456789abcdef\u00e9"
    return text


def expected_item(item_id):
    """The item as DynamoDB holds it: sets as Python sets (unordered)."""
    return {
        "id": {"S": item_id},
        "at": {"S": SORT_KEY},
        "text": {"S": UNICODE_TEXT},
        "empty_text": {"S": ""},
        "long_text": {"S": long_text()},
        "yes": {"BOOL": True},
        "no": {"BOOL": False},
        "negative": {"N": "-42"},
        "zero": {"N": "0"},
        "big": {"N": "9223372036854775807"},
        "huge": {"N": "18446744073709551615"},
        "byte": {"N": "255"},
        "price": {"N": "29.99"},
        "zero_double": {"N": "0"},
        "tiny": {"N": "-0.00000015"},
        "ratio": {"N": None},  # the float's text: only its type is checked
        "amount": {"N": AMOUNT_38},
        "blob": {"B": BLOB},
        "color": {"S": "blue"},
        "perms": {"SS": {"read", "admin"}},
        "tags": {"L": [{"S": "b"}, {"S": "a"}, {"S": "b"}]},
        "empty_list": {"L": []},
        "labels": {"SS": {"x", "y"}},
        "scores": {"NS": {"3", "-1", "0"}},
        "blobs": {"BS": {b"one", b"tw\x00o"}},
        "settings": {"M": {"depth": {"N": "3"}, "name": {"S": "n"}, "on": {"BOOL": True}}},
        "data": {"M": {
            "a": {"N": "1"},
            "b": {"L": [{"BOOL": True}, {"NULL": True}, {"S": "x"}, {"N": "2.5"}]},
            "c": {"M": {"d": {"NULL": True}}},
        }},
        "nothing": {"NULL": True},
        "expires": {"N": "1893456000"},
        "address": {"M": {"street": {"S": "Main St"}, "zip": {"N": "12345"}}},
    }


def comparable(value, numbers=False):
    """Sets as sets, so that their order does not matter; with @numbers,
    numbers as decimals (DynamoDB keeps "1E-39" and "0.00...1" as sent)."""
    (kind, inner), = value.items()
    if numbers and kind == "N":
        return {kind: decimal.Decimal(inner)}
    if numbers and kind == "NS":
        return {kind: {decimal.Decimal(member) for member in inner}}
    if kind in ("SS", "NS", "BS"):
        return {kind: set(inner)}
    if kind == "B":
        return {kind: bytes(inner)}
    if kind == "L":
        return {kind: [comparable(v, numbers) for v in inner]}
    if kind == "M":
        return {kind: {k: comparable(v, numbers) for k, v in inner.items()}}
    return value


def check(client, table, item_id):
    response = client.get_item(TableName=table, ConsistentRead=True,
                               Key={"id": {"S": item_id}, "at": {"S": SORT_KEY}})
    item = response.get("Item")
    if item is None:
        sys.exit("no item %s in %s" % (item_id, table))
    expected = expected_item(item_id)
    problems = []
    for name in sorted(set(item) | set(expected)):
        if name not in item:
            problems.append("%s: missing" % name)
            continue
        if name not in expected:
            problems.append("%s: unexpected attribute %r" % (name, item[name]))
            continue
        want, got = expected[name], comparable(item[name])
        if list(want) != list(got):
            problems.append("%s: type %s, expected %s" % (name, list(got), list(want)))
        elif list(want.values()) != [None] and want != got:
            problems.append("%s: %r, expected %r" % (name, got, want))
    if problems:
        sys.exit("\n".join(problems))


def write(client, table, item_id):
    item = expected_item(item_id)
    item["ratio"] = {"N": "0.1"}
    for value in item.values():
        (kind, inner), = value.items()
        if kind in ("SS", "NS", "BS"):
            value[kind] = sorted(inner)
    client.put_item(TableName=table, Item=item)


# Values JSON and GVariant have no twin for, nested in maps and lists.
BIG_38 = "12345678901234567890123456789012345678"
FRACTION_38 = "3.1415926535897932384626433832795028841"
BIG_23 = "-99999999999999999999999"


def nested_value():
    return {"M": {
        "ss": {"SS": ["a", "b", "c"]},
        "ns": {"NS": ["1", BIG_38, "0.1", FRACTION_38]},
        "bs": {"BS": [b"\x00\x01", b"xyz"]},
        "b": {"B": b"\x00\xffbin"},
        "big": {"N": BIG_38},
        "fraction": {"N": FRACTION_38},
        "small": {"N": "0.000000000000000000000000000000000000001"},
        "int": {"N": "42"},
        "s": {"S": "plain"},
        "list": {"L": [
            {"SS": ["x"]},
            {"N": BIG_23},
            {"B": b"\x01"},
            {"NS": ["2", "3"]},
            {"M": {"deep": {"BS": [b"\xfe"]}, "n": {"N": FRACTION_38}}},
            {"NULL": True},
            {"BOOL": False},
        ]},
    }}


def nested_item(item_id):
    """The item as boto3 writes it: every stored property of TestNested."""
    return {
        "id": {"S": item_id},
        "note": {"S": "as written"},
        "far": {"N": "1.5E+100"},
        "doc": nested_value(),
        "doc_list": {"L": [nested_value(), {"SS": ["only"]}, {"N": BIG_38}]},
        "doc_big": {"N": BIG_38},
        "doc_b": {"B": b"\x00bin"},
        "doc_ss": {"SS": ["p", "q"]},
        "var": nested_value(),
        "var_list": {"L": [nested_value(), {"NS": [BIG_23, "7"]}, {"B": b"\x02"}]},
        "var_big": {"N": FRACTION_38},
        "var_ss": {"SS": ["r"]},
        "var_ns": {"NS": ["1", BIG_38]},
        "var_bs": {"BS": [b"\x03"]},
    }


def write_nested(client, table, item_id):
    client.put_item(TableName=table, Item=nested_item(item_id))


def check_nested(client, table, item_id, changed=None):
    """Attribute by attribute, exact DynamoDB types; sets in any order. With
    @changed, C changed the note and added a member to each map and list."""
    response = client.get_item(TableName=table, ConsistentRead=True, Key={"id": {"S": item_id}})
    item = response.get("Item")
    if item is None:
        sys.exit("no item %s in %s" % (item_id, table))
    expected = nested_item(item_id)
    if changed:
        expected["note"] = {"S": "changed"}
        expected["doc"]["M"]["added"] = {"S": "new"}
        expected["var"]["M"]["added"] = {"S": "new"}
        expected["doc_list"]["L"].append({"BOOL": True})
    problems = []
    for name in sorted(set(item) | set(expected)):
        if name not in item:
            problems.append("%s: missing" % name)
        elif name not in expected:
            problems.append("%s: unexpected attribute" % name)
        elif comparable(item[name], True) != comparable(expected[name], True):
            problems.append("%s: %r, expected %r" % (name, item[name], expected[name]))
    if problems:
        sys.exit("\n".join(problems))


def main():
    command, endpoint, table, item_id = sys.argv[1:5]
    client = boto3.client("dynamodb", endpoint_url=endpoint, region_name="us-east-1",
                          aws_access_key_id="DynanticTestKey",
                          aws_secret_access_key="DynanticTestSecret")
    commands = {"check": check, "write": write, "write-nested": write_nested, "check-nested": check_nested,
                "check-nested-changed": lambda *args: check_nested(*args, changed=True)}
    commands[command](client, table, item_id)


if __name__ == "__main__":
    main()
