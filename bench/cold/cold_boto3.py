#!/usr/bin/python3
# cold_boto3.py ENDPOINT TABLE PK SK: a cold start of boto3 (import, make a
# client, first GetItem, exit). bench/driver.py times it.
import sys

import boto3

client = boto3.client("dynamodb", endpoint_url=sys.argv[1], region_name="us-east-1")
if "Item" not in client.get_item(TableName=sys.argv[2], Key={"pk": {"S": sys.argv[3]}, "sk": {"S": sys.argv[4]}}):
    sys.exit("cold_boto3: no item")
