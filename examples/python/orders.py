#!/usr/bin/python3
"""Orders: a sort key, key conditions, and pagination with cursors, as a
stateless API would page through them."""
from decimal import Decimal

from dynantic import Attr, DynamoModel, Key, SortKey

from local_tables import tables


class Order(DynamoModel):
    customer_id: str = Key()
    order_id: str = SortKey()
    total: Decimal = Decimal("0")
    status: str = "pending"

    class Meta:
        table_name = "example-orders"


def main():
    for n in range(1, 26):
        Order(customer_id="customer-456", order_id="order-%03d" % n, total=Decimal(n) * Decimal("9.99"),
              status="shipped" if n % 3 == 0 else "pending").save()

    cursor, pages = None, 0
    while True:
        page = Order.query("customer-456").limit(10).page(start_key=cursor)
        pages += 1
        print("page %d: %s .. %s (%d items)" % (pages, page.items[0].order_id, page.items[-1].order_id,
                                                 page.count))
        if not page.has_more:
            break
        cursor = page.last_evaluated_key      # an opaque string: hand it to the client, take it back

    shipped = Order.query("customer-456").filter(Attr("status") == "shipped").count()
    print("shipped:", shipped)
    early = Order.query("customer-456").between("order-001", "order-005").all()
    print("first five total:", sum(o.total for o in early))


if __name__ == "__main__":
    with tables(Order):
        main()
