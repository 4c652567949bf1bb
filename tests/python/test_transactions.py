"""Transactions on the library's DynanticTransactWrite and
DynanticTransactGet, against DynamoDB Local (the wire checked with boto3):
transact_save, transact_write with every action, transact_get in order with
None for a missing item, TransactionCanceledError with one reason per
action (code, message, current item), refusals before sending, the
idempotency token, optimistic locking, asyncio."""
import asyncio

import pytest

from dynantic import (Attr, Client, ConditionalCheckFailedError, DynamoModel, Key, SortKey, TransactConditionCheck,
                      TransactDelete, TransactGet, TransactionCanceledError, TransactionConflictError, TransactPut,
                      TransactUpdate, ValidationError, Version)

from conftest import table_name
from fake_dynamo import FakeDynamo


class Account(DynamoModel):
    account_id: str = Key()
    owner: str = ''
    balance: int = 0

    class Meta:
        table_name = table_name('accounts')


class Entry(DynamoModel):
    account_id: str = Key()
    entry_id: str = SortKey()
    amount: int = 0

    class Meta:
        table_name = table_name('entries')


class Locked(DynamoModel):
    locked_id: str = Key()
    note: str = ''
    version: int = Version()

    class Meta:
        table_name = table_name('locked')


@pytest.fixture(scope='module', autouse=True)
def transaction_tables(module_tables):
    module_tables(Account, Entry, Locked)


def stored(boto, model, **key):
    return boto.get_item(TableName=model.Meta.table_name,
                         Key={k: {'S': v} for k, v in key.items()}, ConsistentRead=True).get('Item')


def test_transact_save_writes_every_item(boto):
    DynamoModel.transact_save([Account(account_id='s1', owner='Ada', balance=10),
                               Account(account_id='s2', owner='Bob', balance=20),
                               Entry(account_id='s1', entry_id='e1', amount=10)])
    assert stored(boto, Account, account_id='s1') == {'account_id': {'S': 's1'}, 'owner': {'S': 'Ada'},
                                                      'balance': {'N': '10'}}
    assert stored(boto, Account, account_id='s2')['balance'] == {'N': '20'}
    assert stored(boto, Entry, account_id='s1', entry_id='e1')['amount'] == {'N': '10'}


def test_transact_write_with_every_action(boto):
    Account(account_id='w1', owner='Ada', balance=100).save()
    Account(account_id='w2', owner='Bob', balance=0).save()
    Entry(account_id='w1', entry_id='old', amount=1).save()
    Entry(account_id='w1', entry_id='keep', amount=1).save()
    DynamoModel.transact_write([
        TransactUpdate(Account.update('w1').add('balance', -30).condition(Attr('balance') >= 30)),
        TransactUpdate(Account.update('w2').add('balance', 30)),
        TransactPut(Entry(account_id='w1', entry_id='t1', amount=-30), condition=Attr('entry_id').not_exists()),
        TransactDelete(Entry, account_id='w1', entry_id='old'),
        TransactConditionCheck(Entry, Attr('amount') == 1, account_id='w1', entry_id='keep'),
    ])
    assert stored(boto, Account, account_id='w1')['balance'] == {'N': '70'}
    assert stored(boto, Account, account_id='w2')['balance'] == {'N': '30'}
    assert stored(boto, Entry, account_id='w1', entry_id='t1')['amount'] == {'N': '-30'}
    assert stored(boto, Entry, account_id='w1', entry_id='old') is None


def test_a_cancelled_transaction_has_one_reason_per_action_and_writes_nothing(boto):
    Account(account_id='c1', owner='Cy', balance=5).save()
    with pytest.raises(TransactionCanceledError) as caught:
        DynamoModel.transact_write([
            TransactPut(Account(account_id='c2', owner='Di', balance=1)),
            TransactUpdate(Account.update('c1').add('balance', -10).condition(Attr('balance') >= 10)),
            TransactConditionCheck(Account, Attr('owner').exists(), account_id='c3'),
        ])
    error = caught.value
    assert isinstance(error, TransactionConflictError)
    assert error.code == 'TransactionCanceledException'
    assert [r.code for r in error.reasons] == ['None', 'ConditionalCheckFailed', 'ConditionalCheckFailed']
    assert error.reasons[0].item is None
    current = error.reasons[1].item
    assert isinstance(current, Account)
    assert (current.account_id, current.owner, current.balance) == ('c1', 'Cy', 5)
    assert error.reasons[2].item is None                 # there is no c3
    assert 'Cy' not in str(error)
    assert stored(boto, Account, account_id='c2') is None
    assert stored(boto, Account, account_id='c1')['balance'] == {'N': '5'}


def test_refused_before_sending():
    with FakeDynamo(lambda handler, target, body: (200, {})) as fake:
        with Account.using_client(Client(endpoint_url=fake.endpoint, region='us-east-1')):
            with pytest.raises(ValueError) as caught:
                DynamoModel.transact_write([TransactPut(Account(account_id='twice')),
                                            TransactDelete(Account, account_id='twice')])
            assert isinstance(caught.value, ValidationError)
            with pytest.raises(ValueError):
                DynamoModel.transact_save([Account(account_id='n%d' % n) for n in range(101)])
            with pytest.raises(ValidationError) as caught:
                DynamoModel.transact_write([TransactDelete(Account, account_id='x', not_a_key='y')])
            assert caught.value.fields == ['not_a_key']
            with pytest.raises(TypeError):
                DynamoModel.transact_write([Account(account_id='not-an-action')])
        assert fake.requests == []


def test_the_client_request_token_is_sent():
    with FakeDynamo(lambda handler, target, body: (200, {})) as fake:
        with Account.using_client(Client(endpoint_url=fake.endpoint, region='us-east-1')):
            DynamoModel.transact_write([TransactPut(Account(account_id='tok'))], client_request_token='order-42')
        assert [(target, body['ClientRequestToken']) for target, _h, body in fake.requests] == \
            [('TransactWriteItems', 'order-42')]


def test_transact_get_in_order_with_none_for_missing():
    Account(account_id='g1', owner='Eve', balance=7).save()
    Entry(account_id='g1', entry_id='e', amount=3).save()
    got = DynamoModel.transact_get([TransactGet(Entry, account_id='g1', entry_id='e'),
                                    TransactGet(Account, account_id='nobody'),
                                    TransactGet(Account, account_id='g1')])
    assert [type(g) for g in got] == [Entry, type(None), Account]
    assert (got[0].amount, got[2].owner, got[2].balance) == (3, 'Eve', 7)


def test_optimistic_locking_in_a_transaction(boto):
    first = Locked(locked_id='l1', note='a')
    DynamoModel.transact_save([first])
    assert stored(boto, Locked, locked_id='l1')['version'] == {'N': '1'}
    stale = Locked.get('l1')
    fresh = Locked.get('l1')
    fresh.note = 'b'
    fresh.save()
    stale.note = 'c'
    with pytest.raises(TransactionCanceledError) as caught:
        DynamoModel.transact_write([TransactPut(stale)])
    assert [r.code for r in caught.value.reasons] == ['ConditionalCheckFailed']
    assert caught.value.reasons[0].item.note == 'b'
    with pytest.raises(ConditionalCheckFailedError):
        stale.save()


def test_transactions_from_asyncio(boto):
    async def main():
        await DynamoModel.atransact_save([Account(account_id='a1', balance=1), Account(account_id='a2', balance=2)])
        await DynamoModel.atransact_write([TransactUpdate(Account.update('a1').add('balance', 1))])
        got = await DynamoModel.atransact_get([TransactGet(Account, account_id='a2'),
                                               TransactGet(Account, account_id='a1')])
        with pytest.raises(TransactionCanceledError) as caught:
            await DynamoModel.atransact_write([
                TransactConditionCheck(Account, Attr('balance') > 100, account_id='a1'),
                TransactDelete(Account, account_id='a2')])
        return got, caught.value

    got, error = asyncio.run(main())
    assert [(a.account_id, a.balance) for a in got] == [('a2', 2), ('a1', 2)]
    assert [r.code for r in error.reasons] == ['ConditionalCheckFailed', 'None']
    assert error.reasons[0].item.balance == 2
    assert stored(boto, Account, account_id='a2') is not None
