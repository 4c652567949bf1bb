"""Clients: Client(...), set_client with a dynantic or a boto3 client (its
region, endpoint, credentials through botocore's resolver, retries,
timeouts), using_client blocks."""
import datetime
import threading

import pytest

import boto3
import botocore.credentials
import botocore.session
from botocore.config import Config
from gi.repository import Dynantic

import dynantic
from dynantic import Client, DynamoModel, Key, ValidationError

from conftest import ENDPOINT, table_name
from fake_dynamo import FakeDynamo


class Item(DynamoModel):
    item_id: str = Key()
    value: int = 0

    class Meta:
        table_name = table_name('client-items')


@pytest.fixture(scope='module', autouse=True)
def item_table(module_tables):
    module_tables(Item)


def item_answer(handler, target, body):
    return 200, {'Item': {'item_id': {'S': body['Key']['item_id']['S']}, 'value': {'N': '42'}}}


def test_client_settings():
    client = Client(region='eu-west-3', endpoint_url='http://127.0.0.1:1', profile='work', max_attempts=7,
                    retry_mode='adaptive', timeout=12.5)
    assert isinstance(client, Dynantic.Client)
    assert (client.get_region(), client.get_endpoint(), client.get_profile()) == \
        ('eu-west-3', 'http://127.0.0.1:1', 'work')
    assert (client.get_max_attempts(), client.get_retry_mode(), client.get_timeout()) == \
        (7, Dynantic.RetryMode.ADAPTIVE, 12.5)
    with pytest.raises(ValidationError):
        Client(retry_mode='sometimes')
    with pytest.raises(ValidationError):
        Client(max_attempts=1000)


def test_set_client_with_a_boto3_client_does_the_calls_in_c():
    boto = boto3.client('dynamodb', endpoint_url=ENDPOINT, region_name='us-east-1',
                        aws_access_key_id='BotoKey', aws_secret_access_key='BotoSecret',
                        config=Config(retries={'max_attempts': 4, 'mode': 'standard'},
                                      connect_timeout=3, read_timeout=7))
    previous = Dynantic.ModelClass.get_client(Item)
    try:
        Item.set_client(boto)
        made = Dynantic.ModelClass.get_client(Item)
        assert isinstance(made, Dynantic.Client)
        assert (made.get_region(), made.get_endpoint()) == ('us-east-1', ENDPOINT)
        assert (made.get_max_attempts(), made.get_retry_mode(), made.get_timeout()) == \
            (5, Dynantic.RetryMode.STANDARD, 10.0)
        Item(item_id='via-boto3', value=3).save()
        assert Item.get('via-boto3', consistent=True).value == 3
    finally:
        Item.set_client(previous)


def test_boto3_credentials_through_botocores_resolver_refreshable_included():
    calls = []

    def refresh():
        calls.append(1)
        return {'access_key': 'AKIDREFRESHED%d' % len(calls), 'secret_key': 'secret', 'token': 'token%d' % len(calls),
                'expiry_time': (datetime.datetime.now(datetime.timezone.utc) +
                                datetime.timedelta(hours=1)).isoformat()}

    # expiring in 5 minutes: inside botocore's mandatory refresh window
    credentials = botocore.credentials.RefreshableCredentials.create_from_metadata(
        metadata={'access_key': 'AKIDOLD', 'secret_key': 'old', 'token': 'oldtoken',
                  'expiry_time': (datetime.datetime.now(datetime.timezone.utc) +
                                  datetime.timedelta(minutes=5)).isoformat()},
        refresh_using=refresh, method='test')
    session = botocore.session.get_session()
    session._credentials = credentials
    with FakeDynamo(item_answer) as fake:
        boto = boto3.Session(botocore_session=session).client('dynamodb', endpoint_url=fake.endpoint,
                                                               region_name='us-east-1')
        with Item.using_client(boto):
            found = Item.get('k1')
        assert found.value == 42
        target, headers, body = fake.requests[-1]
        assert target == 'GetItem'
        assert 'Credential=AKIDREFRESHED1/' in headers['Authorization']
        assert headers['X-Amz-Security-Token'] == 'token1'
        assert calls == [1]


def test_set_client_refuses_other_things():
    with pytest.raises(ValidationError):
        Item.set_client(object())
    with pytest.raises(ValidationError):
        Item.set_client(boto3.client('s3', region_name='us-east-1'))


def test_using_client_is_scoped_to_the_block_and_the_thread():
    Item(item_id='local', value=1).save()
    seen_in_thread = []
    with FakeDynamo(item_answer) as fake:
        fake_client = Client(endpoint_url=fake.endpoint, region='us-east-1', max_attempts=1)
        with Item.using_client(fake_client):
            assert Item.get('anything').value == 42
            thread = threading.Thread(target=lambda: seen_in_thread.append(Item.get('local', consistent=True)))
            thread.start()
            thread.join()
        assert Item.get('local', consistent=True).value == 1
    assert seen_in_thread[0].value == 1          # other threads keep the class's client
    assert [t for t, _, _ in fake.requests][0] == 'GetItem'


def test_dynamo_model_set_client_is_every_models_client(client):
    assert Dynantic.ModelClass.get_client(Item) is client
    assert dynantic.DynamoModel.get_client() is client
