#!/usr/bin/python3
"""Atomic counters: updates without reading first, from many threads."""
import concurrent.futures

from dynantic import Attr, DynamoModel, Key

from local_tables import tables


class PageViews(DynamoModel):
    page: str = Key()
    views: int = 0
    visitors: set[str] = set()

    class Meta:
        table_name = "example-page-views"


def visit(n):
    PageViews.update("/home").add(Attr("views"), 1).add(Attr("visitors"), {"visitor-%d" % (n % 5)}).execute()


def main():
    PageViews(page="/home").save()
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        list(pool.map(visit, range(100)))
    home = PageViews.get("/home", consistent=True)
    print("views:", home.views, "distinct visitors:", len(home.visitors))
    after = PageViews.update("/home").add(Attr("views"), -10).return_values("UPDATED_NEW").execute()
    print("after a correction:", after)


if __name__ == "__main__":
    with tables(PageViews):
        main()
