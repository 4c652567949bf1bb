"""The details the library keeps on an error reach the exception classes
through PyGObject (which rebuilds a GError from domain, code and message
only): .code and .service_code, .http_status, .request_id, .retryable,
ValidationError.fields in the fields' Python spelling,
ConditionalCheckFailedError.item; sync, asyncio and in threads at once."""
import asyncio
import threading

import pytest

from dynantic import (Attr, Client, ConditionalCheckFailedError, ConnectionError, DynamoModel, Key,
                      ThrottlingError, ValidationError)

from conftest import table_name
from fake_dynamo import FakeDynamo, service_error


class Parcel(DynamoModel):
    parcel_id: str = Key()
    sender_name: str = ''
    weight_grams: int = 0
    contents: dict = {}

    class Meta:
        table_name = table_name('parcels')


@pytest.fixture(scope='module', autouse=True)
def parcel_table(module_tables):
    module_tables(Parcel)


def throttling_with_id(request_id):
    return lambda handler, target, body: (*service_error('ThrottlingException', 'slow down'),
                                          {'x-amzn-RequestId': request_id})


def test_a_failed_condition_carries_the_service_details_and_the_current_item():
    Parcel(parcel_id='p1', sender_name='Ada', weight_grams=10).save()
    with pytest.raises(ConditionalCheckFailedError) as caught:
        Parcel(parcel_id='p1', sender_name='Bob').save(condition=Attr('weight_grams') == 99)
    error = caught.value
    assert (error.code, error.service_code, error.http_status, error.retryable) == \
        ('ConditionalCheckFailedException', 'ConditionalCheckFailedException', 400, False)
    assert error.request_id
    assert isinstance(error.item, Parcel)
    assert (error.item.parcel_id, error.item.sender_name, error.item.weight_grams) == ('p1', 'Ada', 10)


def test_a_failed_create_carries_the_current_item_async():
    Parcel(parcel_id='p2', sender_name='Cy').save()

    async def main():
        with pytest.raises(ConditionalCheckFailedError) as caught:
            await Parcel.acreate(parcel_id='p2', sender_name='Di')
        return caught.value

    error = asyncio.run(main())
    assert error.item.sender_name == 'Cy'
    assert error.request_id


def test_validation_before_sending_names_the_fields_as_python_spells_them():
    too_deep = {}
    for _ in range(31):
        too_deep = {'a': too_deep}
    with pytest.raises(ValidationError) as caught:
        Parcel(parcel_id='p3', contents=too_deep).save()
    error = caught.value
    assert error.fields == ['contents']
    assert (error.code, error.service_code, error.http_status, error.request_id, error.retryable) == \
        ('ValidationException', None, 0, None, False)
    with pytest.raises(ValidationError) as caught:
        Parcel(parcel_id='p3').save(condition=Attr('weight_grams') == 'heavy')
    assert caught.value.fields == ['weight_grams']


def test_throttling_carries_the_request_id_and_is_retryable():
    with FakeDynamo(throttling_with_id('REQ-THROTTLED-1')) as fake:
        with Parcel.using_client(Client(endpoint_url=fake.endpoint, region='us-east-1', max_attempts=1)):
            with pytest.raises(ThrottlingError) as caught:
                Parcel.get('p')

            async def main():
                with pytest.raises(ThrottlingError) as caught:
                    await Parcel.aget('p')
                return caught.value

            failed_async = asyncio.run(main())
    for error in (caught.value, failed_async):
        assert (error.code, error.service_code, error.http_status, error.request_id, error.retryable) == \
            ('ThrottlingException', 'ThrottlingException', 400, 'REQ-THROTTLED-1', True)


def test_a_lost_connection_is_retryable_without_a_response():
    with FakeDynamo(lambda handler, target, body: None) as fake:
        endpoint = fake.endpoint
    with Parcel.using_client(Client(endpoint_url=endpoint, region='us-east-1', max_attempts=1)):
        with pytest.raises(ConnectionError) as caught:
            Parcel.get('p')
    error = caught.value
    assert (error.service_code, error.http_status, error.request_id, error.retryable) == (None, 0, None, True)


def test_each_thread_gets_its_own_failure_details():
    # the same code and message in 8 threads at once, each its own request id
    def answer(handler, target, body):
        request_id = 'REQ-%s' % body['Key']['parcel_id']['S']
        return (*service_error('ThrottlingException', 'slow down'), {'x-amzn-RequestId': request_id})

    found = {}
    with FakeDynamo(answer) as fake:
        client = Client(endpoint_url=fake.endpoint, region='us-east-1', max_attempts=1)

        def run(n):
            with Parcel.using_client(client):
                for _ in range(5):
                    try:
                        Parcel.get('t%d' % n)
                    except ThrottlingError as error:
                        found.setdefault(n, set()).add(error.request_id)

        threads = [threading.Thread(target=run, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert found == {n: {'REQ-t%d' % n} for n in range(8)}
