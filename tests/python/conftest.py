"""Fixtures of the Python suite: DynamoDB Local, a client, tables.

Run by meson test (tests/python/meson.build) with PYTHONPATH on python/ of
the source tree and GI_TYPELIB_PATH/LD_LIBRARY_PATH on the build, against
DYNANTIC_TEST_ENDPOINT.
"""
import os
import time

import pytest

os.environ.setdefault('AWS_ACCESS_KEY_ID', 'DynanticTestKey')
os.environ.setdefault('AWS_SECRET_ACCESS_KEY', 'DynanticTestSecret')
os.environ.setdefault('AWS_REGION', 'us-east-1')
os.environ.setdefault('AWS_DEFAULT_REGION', 'us-east-1')
os.environ.pop('AWS_PROFILE', None)

import gi  # noqa: E402

gi.require_version('Dynantic', '1')
from gi.repository import Dynantic  # noqa: E402

import dynantic  # noqa: E402

ENDPOINT = os.environ.get('DYNANTIC_TEST_ENDPOINT')
SUFFIX = '%d-%d' % (os.getpid(), int(time.time() * 1000) % 1000000000)
SOURCE_ROOT = os.environ.get('DYNANTIC_SOURCE_ROOT',
                             os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..')))


def table_name(name):
    """A table name of this run: tests running at once never share one."""
    return 'py-%s-%s' % (name, SUFFIX)


def make_client(**settings):
    settings.setdefault('endpoint_url', ENDPOINT)
    settings.setdefault('region', 'us-east-1')
    return dynantic.Client(**settings)


@pytest.fixture(scope='session')
def client():
    if not ENDPOINT:
        pytest.fail('DYNANTIC_TEST_ENDPOINT is not set: run under tests/python/run-with-server.sh')
    made = make_client()
    dynantic.DynamoModel.set_client(made)
    return made


@pytest.fixture(scope='session')
def boto(client):
    import boto3
    return boto3.client('dynamodb', endpoint_url=ENDPOINT, region_name='us-east-1',
                        aws_access_key_id='DynanticTestKey', aws_secret_access_key='DynanticTestSecret')


class Tables:
    """Creates tables for model classes and deletes them at the end."""

    def __init__(self, client):
        self.client = client
        self.made = []

    def __call__(self, *models):
        for model in models:
            Dynantic.table_create(model, self.client)
            self.made.append(model)
        for model in models:
            Dynantic.table_wait_until_active(model, 60, self.client)
        return models[0] if len(models) == 1 else models

    def drop(self):
        for model in reversed(self.made):
            try:
                Dynantic.table_delete(model, self.client)
            except gi.repository.GLib.Error:
                pass


@pytest.fixture
def tables(client):
    made = Tables(client)
    yield made
    made.drop()


@pytest.fixture(scope='module')
def module_tables(client):
    made = Tables(client)
    yield made
    made.drop()
