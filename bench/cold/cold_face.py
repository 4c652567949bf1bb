#!/usr/bin/python3
# cold_face.py ENDPOINT TABLE PK SK: a cold start of Dynantic's Python face
# (import, declare the model, make a client, first GetItem, exit), as a
# serverless function pays it on every scale-out. bench/driver.py times it.
import sys

from dynantic import Client, DynamoModel, Key, SortKey


class BenchItem(DynamoModel):
    pk: str = Key()
    sk: str = SortKey()
    name: str
    description: str
    price: float
    stock: int
    active: bool = False
    tags: list = []
    dimensions: dict = {}
    categories: set[str] = set()

    class Meta:
        table_name = sys.argv[2]


BenchItem.set_client(Client(endpoint_url=sys.argv[1], region="us-east-1"))
if BenchItem.get(sys.argv[3], sys.argv[4]) is None:
    sys.exit("cold_face: no item")
