"""Batch gets: any number of keys, input order, missing ones left out,
across models on DynamoModel."""
import asyncio

import pytest

from dynantic import DynamoModel, Key, SortKey

from conftest import table_name


class Part(DynamoModel):
    part_id: str = Key()
    name: str = ''

    class Meta:
        table_name = table_name('parts')


class Bin(DynamoModel):
    aisle: str = Key()
    slot: int = SortKey()

    class Meta:
        table_name = table_name('bins')


@pytest.fixture(scope='module', autouse=True)
def data(module_tables):
    module_tables(Part, Bin)
    Part.batch_save([Part(part_id='p%03d' % i, name='part %d' % i) for i in range(150)])
    Bin.batch_save([Bin(aisle='a', slot=i) for i in range(5)])


def test_many_keys_in_their_order_missing_left_out():
    keys = ['p%03d' % i for i in reversed(range(150))] + ['nope']
    found = Part.batch_get(keys, consistent=True)
    assert [p.part_id for p in found] == keys[:-1]
    assert found[0].name == 'part 149'


def test_key_dicts_and_models_across_tables():
    assert [b.slot for b in Bin.batch_get([{'aisle': 'a', 'slot': 3}, {'aisle': 'a', 'slot': 9},
                                           {'aisle': 'a', 'slot': 0}])] == [3, 0]
    mixed = DynamoModel.batch_get([(Part, 'p001'), (Bin, {'aisle': 'a', 'slot': 1}), (Part, 'p002')])
    assert [type(m).__name__ for m in mixed] == ['Part', 'Bin', 'Part']


def test_awaitable_batch_get():
    async def main():
        return await Part.abatch_get(['p010', 'p011'])

    assert [p.part_id for p in asyncio.run(main())] == ['p010', 'p011']
