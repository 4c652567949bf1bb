#!/usr/bin/python3
"""Conditional writes: create if absent, delete only if settled, and
optimistic locking with a version attribute."""
from dynantic import Attr, ConditionalCheckFailedError, DynamoModel, Key

from local_tables import tables


class Account(DynamoModel):
    email: str = Key()
    balance: int = 0
    version: int = 0

    class Meta:
        table_name = "example-accounts"


def main():
    account = Account(email="john@example.com", balance=10, version=1)
    account.save(condition=Attr("email").not_exists())
    try:
        Account(email="john@example.com").save(condition=Attr("email").not_exists())
    except ConditionalCheckFailedError as error:
        print("second create refused:", error.code)

    try:
        Account.delete("john@example.com", condition=Attr("balance") == 0)
    except ConditionalCheckFailedError:
        print("not deleted: the balance is not 0")

    mine, theirs = Account.get("john@example.com"), Account.get("john@example.com")
    mine.balance, mine.version = 5, 2
    mine.save(condition=Attr("version") == 1)
    theirs.balance, theirs.version = 99, 2
    try:
        theirs.save(condition=Attr("version") == 1)
    except ConditionalCheckFailedError:
        print("stale write refused; balance stays", Account.get("john@example.com", consistent=True).balance)

    Account.update("john@example.com").set(Attr("balance"), 0).execute()
    Account.delete("john@example.com", condition=Attr("balance") == 0)
    print("deleted:", Account.get("john@example.com", consistent=True) is None)


if __name__ == "__main__":
    with tables(Account):
        main()
