#!/usr/bin/python3
"""Products: a model, save, get, fetch-and-save, delete (the seed's CRUD)."""
from dynantic import DynamoModel, Key

from local_tables import tables


class Product(DynamoModel):
    product_id: str = Key()
    name: str
    price: float

    class Meta:
        table_name = "example-products"


def main():
    product = Product(product_id="prod-123", name="Widget", price=29.99)
    product.save()
    print("saved", product)

    product = Product.get("prod-123")
    if product:
        product.price = 34.99
        product.save()
    print("price now", Product.get("prod-123").price)

    Product.delete("prod-123")
    print("after delete:", Product.get("prod-123"))


if __name__ == "__main__":
    with tables(Product):
        main()
