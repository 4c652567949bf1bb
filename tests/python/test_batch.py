"""Batch writes: batch_save, batch_delete, batch_writer, progress, errors
(the library's DynanticBatchWrite and DynanticBatchWriter)."""
import asyncio

import pytest

from dynantic import BatchError, DynamoModel, Key, SortKey, ValidationError

from conftest import table_name
from fake_dynamo import FakeDynamo


class Row(DynamoModel):
    group: str = Key()
    n: int = SortKey()
    label: str = ''

    class Meta:
        table_name = table_name('rows')


class Tag(DynamoModel):
    tag: str = Key()
    uses: int = 0

    class Meta:
        table_name = table_name('batch-tags')


@pytest.fixture(scope='module', autouse=True)
def row_table(module_tables):
    module_tables(Row, Tag)


def labels(group):
    return [r.label for r in Row.query(group).consistent().all()]


def test_batch_save_any_count_with_progress():
    seen = []
    Row.batch_save([Row(group='a', n=i, label='r%d' % i) for i in range(60)],
                   progress=lambda done, total: seen.append((done, total)))
    assert labels('a') == ['r%d' % i for i in sorted(range(60))]
    assert seen and seen[-1] == (60, 60)
    assert all(total == 60 for _, total in seen)


def test_batch_delete_by_key_dicts_and_values():
    Row.batch_save([Row(group='b', n=i) for i in range(30)])
    Row.batch_delete([{'group': 'b', 'n': i} for i in range(0, 30, 2)])
    assert [r.n for r in Row.query('b').consistent().all()] == list(range(1, 30, 2))
    Tag.batch_save([Tag(tag='t%d' % i) for i in range(5)])
    Tag.batch_delete(['t0', 't1'])
    assert sorted(t.tag for t in Tag.scan().consistent().all()) == ['t2', 't3', 't4']


def test_two_requests_for_one_item_refused_before_sending():
    with pytest.raises(ValueError):
        Row.batch_save([Row(group='c', n=1), Row(group='c', n=1, label='again')])
    assert labels('c') == []


def test_batch_writer_flushes_at_25_and_at_the_end():
    with Row.batch_writer() as writer:
        for i in range(30):
            writer.save(Row(group='d', n=i))
        assert len(Row.query('d').consistent().all()) == 25
        writer.delete(group='d', n=0)
    assert [r.n for r in Row.query('d').consistent().all()] == list(range(1, 30))


def test_batch_writer_keeps_what_a_failed_block_did_not_send():
    with pytest.raises(RuntimeError):
        with Row.batch_writer() as writer:
            for i in range(3):
                writer.save(Row(group='e', n=i))
            raise RuntimeError('the block failed')
    assert labels('e') == []
    assert sorted(r.n for r in writer.pending) == [0, 1, 2]


def test_unprocessed_items_come_back_on_the_error():
    def answer(handler, target, body):
        requests = body['RequestItems']
        return 200, {'UnprocessedItems': requests}        # never accepts anything

    rows = [Row(group='f', n=i) for i in range(3)]
    with FakeDynamo(answer) as fake:
        from dynantic import Client
        with Row.using_client(Client(endpoint_url=fake.endpoint, region='us-east-1', max_attempts=2)):
            with pytest.raises(BatchError) as caught:
                Row.batch_save(rows)
    assert sorted(r.n for r in caught.value.unprocessed) == [0, 1, 2]
    assert caught.value.processed == []


def test_awaitable_batch_save():
    async def main():
        await Row.abatch_save([Row(group='g', n=i) for i in range(40)])

    asyncio.run(main())
    assert len(Row.query('g').consistent().all()) == 40


def test_invalid_items_are_refused_before_sending():
    bad = Row(group='h', n=1)
    bad.group = ''
    with pytest.raises(ValidationError):
        Row.batch_save([bad])
