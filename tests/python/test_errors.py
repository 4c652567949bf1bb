"""Errors: every one a DynanticError keeping the GLib.Error; the classes
mapped from the library's codes; messages name fields, never values."""
import os

import pytest
from gi.repository import Dynantic, GLib

import dynantic
from dynantic import (Client, ConditionalCheckFailedError, ConnectionError, CredentialsError, DynamoModel,
                      DynanticError, InvalidCursorError, ItemCollectionSizeLimitError, Key,
                      ProvisionedThroughputExceededError, RequestTimeoutError, TableNotFoundError,
                      ThrottlingError, TransactionConflictError, ValidationError)

from conftest import table_name
from fake_dynamo import FakeDynamo, service_error


class Thing(DynamoModel):
    thing_id: str = Key()
    secret: str = ''
    count: int = 0

    class Meta:
        table_name = table_name('things')


class Ghost(DynamoModel):
    ghost_id: str = Key()

    class Meta:
        table_name = table_name('never-made')


@pytest.fixture(scope='module', autouse=True)
def thing_table(module_tables):
    module_tables(Thing)


def answering(error_name):
    return FakeDynamo(lambda handler, target, body: service_error(error_name, 'the service says no'))


def fake_client(fake, **settings):
    settings.setdefault('max_attempts', 1)
    return Client(endpoint_url=fake.endpoint, region='us-east-1', **settings)


def test_the_hierarchy():
    assert ProvisionedThroughputExceededError is ThrottlingError
    assert issubclass(dynantic.TransactionCanceledError, TransactionConflictError)
    for name in ('ValidationError', 'SchemaError', 'ConditionalCheckFailedError', 'TableNotFoundError',
                 'ThrottlingError', 'ItemCollectionSizeLimitError', 'TransactionConflictError',
                 'TransactionCanceledError', 'RequestTimeoutError', 'InvalidCursorError', 'BatchError',
                 'CredentialsError', 'ConnectionError'):
        assert issubclass(getattr(dynantic, name), DynanticError)
        assert getattr(Dynantic, name) is getattr(dynantic, name)


def test_table_not_found():
    with pytest.raises(TableNotFoundError) as caught:
        Ghost.get('x')
    error = caught.value
    assert error.table_name == Ghost.Meta.table_name
    assert error.code == 'ResourceNotFoundException'
    assert isinstance(error.original_error, GLib.Error)
    assert error.original_error.code == Dynantic.Error.RESOURCE_NOT_FOUND


def test_conditional_check_failed_names_no_value():
    Thing(thing_id='t1', secret='hunter2', count=1).save()
    with pytest.raises(ConditionalCheckFailedError) as caught:
        Thing(thing_id='t1', secret='hunter2').save(condition=Attr_count_is(5))
    assert 'hunter2' not in str(caught.value)
    assert caught.value.code == 'ConditionalCheckFailedException'


def Attr_count_is(n):
    return dynantic.Attr('count') == n


def test_validation_from_the_library_names_the_field():
    thing = Thing(thing_id='t2', secret='top-secret-value')
    with pytest.raises(ValidationError) as caught:
        dynantic.DynamoModel.save(thing, condition=dynantic.Attr('count') == 'top-secret-value')
    assert caught.value.fields == ['count']
    assert 'top-secret-value' not in str(caught.value)


@pytest.mark.parametrize('service_name, error_class', [
    ('ProvisionedThroughputExceededException', ThrottlingError),
    ('ThrottlingException', ThrottlingError),
    ('ItemCollectionSizeLimitExceededException', ItemCollectionSizeLimitError),
    ('TransactionConflictException', TransactionConflictError),
    ('ConditionalCheckFailedException', ConditionalCheckFailedError),
    ('ResourceNotFoundException', TableNotFoundError),
    ('ValidationException', ValidationError),
    ('UnrecognizedClientException', CredentialsError),
    ('InternalServerError', ConnectionError),
])
def test_service_errors_map_to_classes(service_name, error_class):
    with answering(service_name) as fake:
        with Thing.using_client(fake_client(fake)):
            with pytest.raises(error_class) as caught:
                Thing.get('x')
    assert isinstance(caught.value.original_error, GLib.Error)


def test_timeout_and_connection_errors():
    with FakeDynamo(lambda handler, target, body: None) as fake:
        with Thing.using_client(fake_client(fake, timeout=1)):
            with pytest.raises(RequestTimeoutError) as caught:
                Thing.get('x')
    assert isinstance(caught.value, TimeoutError)
    with FakeDynamo(lambda handler, target, body: None) as fake:
        endpoint = fake.endpoint
    with Thing.using_client(Client(endpoint_url=endpoint, region='us-east-1', max_attempts=1)):
        with pytest.raises(ConnectionError) as caught:
            Thing.get('x')
    assert isinstance(caught.value, OSError)


def test_credentials_error(tmp_path, monkeypatch):
    for name in ('AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv('AWS_SHARED_CREDENTIALS_FILE', str(tmp_path / 'none'))
    monkeypatch.setenv('AWS_CONFIG_FILE', str(tmp_path / 'none'))
    client = Client(endpoint_url=os.environ['DYNANTIC_TEST_ENDPOINT'], region='us-east-1',
                    credentials_provider=Dynantic.CredentialsProvider.new_environment())
    with Thing.using_client(client):
        with pytest.raises(CredentialsError):
            Thing.get('x')


def test_invalid_cursor_is_a_value_error():
    with pytest.raises(InvalidCursorError) as caught:
        Thing.scan().page(start_key='not-a-cursor')
    assert isinstance(caught.value, ValueError)


def test_no_glib_error_escapes_async():
    import asyncio

    async def main():
        with pytest.raises(TableNotFoundError):
            await Ghost.aget('x')
        with pytest.raises(TableNotFoundError):
            await Ghost.scan().aall()

    asyncio.run(main())
