"""Every code block of the seed guide (data/dynantic-usage-skill.md, the
guide Python users learned Dynantic from) runs as written, import lines
included, in one namespace as a reader would run them one after another;
the commented-out lines run too, with the models they assume."""
import re
import os

import pytest

import gi
from gi.repository import Dynantic

import dynantic


SEED = os.path.join(os.path.dirname(__file__), 'data', 'dynantic-usage-skill.md')


def seed_blocks():
    text = open(SEED, encoding='utf-8').read()
    return re.findall(r'```python\n(.*?)```', text, re.S)


def test_the_seed_has_its_blocks():
    assert len(seed_blocks()) == 16


@pytest.fixture
def seed_tables(client):
    """The tables the seed's models name, made from its models' schemas."""
    made = []
    yield made
    for model in made:
        Dynantic.table_delete(model, client)


def run_blocks(blocks, scope, seed_tables, client):
    for block in blocks:
        code = compile(block, SEED, 'exec')
        exec(code, scope)
        for name in ('Product', 'BlogPost', 'Animal'):
            model = scope.get(name)
            if model is not None and model not in seed_tables and isinstance(model, type):
                try:
                    Dynantic.table_delete(model, client)   # left by an interrupted run
                except gi.repository.GLib.Error:
                    pass
                Dynantic.table_create(model, client)
                Dynantic.table_wait_until_active(model, 60, client)
                seed_tables.append(model)


def test_every_block_runs_as_written(client, seed_tables):
    blocks = seed_blocks()
    scope = {'__name__': 'seed'}
    # 3. models (Product, BlogPost); their tables are made as a reader's IaC would
    run_blocks(blocks[0:2], scope, seed_tables, client)
    # 4. CRUD, as written
    run_blocks(blocks[2:6], scope, seed_tables, client)
    Product = scope['Product']
    assert Product.get('prod-123') is None          # created, read, updated, deleted by the blocks
    # 5, 6, 7, 8: query/scan/filter/update/condition/pagination blocks (their code is commented)
    run_blocks(blocks[6:13], scope, seed_tables, client)
    # 9. polymorphism
    run_blocks(blocks[13:14], scope, seed_tables, client)
    Animal, Dog, Cat = scope['Animal'], scope['Dog'], scope['Cat']
    Dog(animal_id='d1', breed='Lab').save()
    Cat(animal_id='c1', lives_remaining=9).save()
    animals = sorted(Animal.scan(), key=lambda a: a.animal_id)
    assert [type(a) for a in animals] == [Cat, Dog]
    assert animals[0].lives_remaining == 9 and animals[1].breed == 'Lab' and animals[1].type == 'DOG'


def test_the_crud_blocks_do_what_they_say(client, seed_tables):
    blocks = seed_blocks()
    scope = {'__name__': 'seed'}
    run_blocks(blocks[0:1], scope, seed_tables, client)
    exec(blocks[2], scope)                                   # save
    product = scope['Product'].get('prod-123')
    assert (product.name, product.price) == ('Widget', 29.99)
    exec(blocks[4], scope)                                   # fetch-and-save update
    assert scope['Product'].get('prod-123').price == 34.99
    exec(blocks[3], scope)                                   # read
    assert scope['product'].price == 34.99


def test_configuration_block_reads_the_boto3_client(monkeypatch):
    """Section 10 as written: a boto3 client with adaptive retries becomes the
    models' client (region, retries and credentials read from it). boto3 1.26
    has no endpoint setting outside its arguments, so this one points at AWS:
    nothing is sent; the client it became is inspected."""
    blocks = seed_blocks()
    assert 'boto3.client' in blocks[14]
    scope = {'__name__': 'seed'}
    previous = Dynantic.ModelClass.get_client(dynantic.DynamoModel)
    try:
        exec(blocks[14], scope)
        made = Dynantic.ModelClass.get_client(dynantic.DynamoModel)
        assert made is not previous
        assert made.get_retry_mode() == Dynantic.RetryMode.ADAPTIVE
        assert made.get_max_attempts() == 11          # botocore's max_attempts counts retries
        assert made.get_region() == scope['dynamo_client'].meta.region_name
        assert made.get_endpoint() == scope['dynamo_client'].meta.endpoint_url
    finally:
        dynantic.DynamoModel.set_client(previous)


def test_async_block_runs_with_fastapi(client, seed_tables):
    blocks = seed_blocks()
    scope = {'__name__': 'seed'}
    exec(blocks[15], scope)
    assert scope['app'].__class__.__name__ == 'FastAPI'
