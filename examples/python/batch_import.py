#!/usr/bin/python3
"""A batch import: many items written 25 a request, with progress; a batch
writer for a stream of rows; what was not written is never dropped."""
import csv
import io

from dynantic import BatchError, DynamoModel, Key, SortKey

from local_tables import tables

CSV = "\n".join(["sku,warehouse,quantity"] + ["sku-%03d,%s,%d" % (n, "north" if n % 2 else "south", n * 3)
                                               for n in range(1, 121)])


class Stock(DynamoModel):
    sku: str = Key()
    warehouse: str = SortKey()
    quantity: int = 0

    class Meta:
        table_name = "example-stock"


def main():
    rows = [Stock(sku=r["sku"], warehouse=r["warehouse"], quantity=int(r["quantity"]))
            for r in csv.DictReader(io.StringIO(CSV))]
    try:
        Stock.batch_save(rows[:100], progress=lambda done, total: print("  written %d of %d" % (done, total)))
    except BatchError as error:
        print("not written, to retry later:", len(error.unprocessed))

    with Stock.batch_writer() as writer:          # flushed every 25 and at the end of the block
        for row in rows[100:]:
            writer.save(row)
        writer.delete(sku="sku-001", warehouse="north")
    print("items now:", Stock.scan().count())


if __name__ == "__main__":
    with tables(Stock):
        main()
