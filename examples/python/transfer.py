#!/usr/bin/python3
"""A transaction: a transfer between two accounts and its ledger entry, all
written or none; a transfer the balance cannot cover is cancelled, and the
reasons say which action failed and what the item held."""
from dynantic import (Attr, DynamoModel, Key, SortKey, TransactGet, TransactionCanceledError, TransactPut,
                      TransactUpdate)

from local_tables import tables


class Account(DynamoModel):
    account_id: str = Key()
    owner: str
    balance: int = 0

    class Meta:
        table_name = "example-accounts"


class Ledger(DynamoModel):
    account_id: str = Key()
    entry_id: str = SortKey()
    amount: int

    class Meta:
        table_name = "example-ledger"


def transfer(source, target, amount, entry_id):
    DynamoModel.transact_write([
        TransactUpdate(Account.update(source).add("balance", -amount).condition(Attr("balance") >= amount)),
        TransactUpdate(Account.update(target).add("balance", amount)),
        TransactPut(Ledger(account_id=source, entry_id=entry_id, amount=-amount),
                    condition=Attr("entry_id").not_exists()),
    ], client_request_token=entry_id)


def main():
    DynamoModel.transact_save([Account(account_id="acc-1", owner="Ada", balance=100),
                               Account(account_id="acc-2", owner="Bob", balance=0)])
    transfer("acc-1", "acc-2", 60, "t-1")
    try:
        transfer("acc-1", "acc-2", 60, "t-2")          # only 40 left
    except TransactionCanceledError as error:
        print("cancelled:", [reason.code for reason in error.reasons])
        print("balance it found:", error.reasons[0].item.balance)
    ada, bob = DynamoModel.transact_get([TransactGet(Account, account_id="acc-1"),
                                         TransactGet(Account, account_id="acc-2")])
    print("balances:", ada.balance, bob.balance)
    print("ledger:", [(e.entry_id, e.amount) for e in Ledger.query("acc-1").all()])


if __name__ == "__main__":
    with tables(Account, Ledger):
        main()
