"""No raw GLib.Error escapes the package: a sample of the failure paths of
every kind of call (reads, writes, queries and scans with each way of
running them, updates, batches; sync and asyncio), against an endpoint that
fails in the ways the library reports with different codes. Each failure is
a DynanticError of the code's class, keeping the library's GLib.Error."""
import asyncio

import pytest
from gi.repository import Dynantic, GLib

from dynantic import (Attr, BatchError, Client, ConnectionError, DynamoModel, DynanticError, Key, SortKey,
                      TableNotFoundError, ThrottlingError)

from fake_dynamo import FakeDynamo, service_error


class Note(DynamoModel):
    owner: str = Key()
    note_id: str = SortKey()
    text: str = ''
    tags: list = []

    class Meta:
        table_name = 'notes-of-the-fake'


def sync_calls():
    note = Note(owner='o', note_id='n', text='t')
    return {
        'get': lambda: Note.get('o', 'n'),
        'get consistent': lambda: Note.get('o', 'n', consistent=True),
        'save': lambda: note.save(),
        'save with condition': lambda: note.save(condition=Attr('text').not_exists()),
        'create': lambda: Note.create(owner='o', note_id='n2'),
        'delete': lambda: Note.delete('o', 'n'),
        'delete_item': lambda: note.delete_item(),
        'refresh': lambda: note.refresh(),
        'query all': lambda: Note.query('o').all(),
        'query first': lambda: Note.query('o').lt('z').first(),
        'query one': lambda: Note.query('o').eq('n').one(),
        'query count': lambda: Note.query('o').filter(Attr('text') == 'x').count(),
        'query page': lambda: Note.query('o').limit(2).page(),
        'query iteration': lambda: [n for n in Note.query('o')],
        'scan all': lambda: Note.scan().all(),
        'scan page': lambda: Note.scan().page(),
        'scan segments': lambda: Note.scan().segments(3),
        'update': lambda: Note.update('o', 'n').set('text', 'x').execute(),
        'patch': lambda: note.patch().append('tags', ['x']).execute(),
        'batch_get': lambda: Note.batch_get([{'owner': 'o', 'note_id': 'n'}]),
        'batch_save': lambda: Note.batch_save([note]),
        'batch_delete': lambda: Note.batch_delete([{'owner': 'o', 'note_id': 'n'}]),
        'batch_writer': lambda: batch_writer_save(note),
    }


def batch_writer_save(note):
    with Note.batch_writer() as writer:
        writer.save(note)


def async_calls():
    note = Note(owner='o', note_id='n', text='t')

    async def iterate():
        return [n async for n in Note.query('o')]

    return {
        'aget': lambda: Note.aget('o', 'n'),
        'asave': lambda: note.asave(),
        'acreate': lambda: Note.acreate(owner='o', note_id='n2'),
        'adelete': lambda: Note.adelete('o', 'n'),
        'adelete_item': lambda: note.adelete_item(),
        'query aall': lambda: Note.query('o').aall(),
        'query afirst': lambda: Note.query('o').afirst(),
        'query acount': lambda: Note.query('o').acount(),
        'scan apage': lambda: Note.scan().apage(),
        'async for': iterate,
        'update aexecute': lambda: Note.update('o', 'n').set('text', 'x').aexecute(),
        'abatch_get': lambda: Note.abatch_get([{'owner': 'o', 'note_id': 'n'}]),
        'abatch_save': lambda: Note.abatch_save([note]),
    }


# what the endpoint does, and the class every call must raise
FAILURES = {
    'no table': (lambda h, t, b: service_error('ResourceNotFoundException', 'no such table'), TableNotFoundError),
    'throttled': (lambda h, t, b: service_error('ThrottlingException', 'slow down'), ThrottlingError),
    'server error': (lambda h, t, b: (500, {'__type': 'InternalServerError', 'message': 'oops'}), ConnectionError),
    'not json': (lambda h, t, b: (200, ['not', 'a', 'response']), DynanticError),
}


def expect(error_class, call, batch_call):
    """Runs @call; the DynanticError it raised (no GLib.Error)."""
    try:
        result = call()
        if asyncio.iscoroutine(result):
            asyncio.run(result)
    except GLib.Error as error:  # the failure this test is for
        pytest.fail('a raw GLib.Error escaped: %s' % error.message)
    except DynanticError as error:
        assert not isinstance(error, GLib.Error)
        # a batch reports what it could not do as a BatchError, whatever the cause
        assert isinstance(error, BatchError if batch_call and not isinstance(error, error_class)
                          else error_class), type(error)
        assert isinstance(error.original_error, GLib.Error)
        assert error.original_error.domain == GLib.quark_to_string(Dynantic.error_quark())
        return error
    pytest.fail('no error raised')


@pytest.mark.parametrize('failure', sorted(FAILURES))
def test_no_glib_error_escapes(failure):
    answer, error_class = FAILURES[failure]
    with FakeDynamo(answer) as fake:
        client = Client(endpoint_url=fake.endpoint, region='us-east-1', max_attempts=1)
        with Note.using_client(client):
            for name, call in {**sync_calls(), **async_calls()}.items():
                expect(error_class, call, name.startswith(('batch', 'abatch')))
        assert len(fake.requests) >= len(sync_calls()) + len(async_calls())


def test_no_glib_error_escapes_from_a_lost_connection():
    with FakeDynamo(lambda h, t, b: None) as fake:
        endpoint = fake.endpoint
    client = Client(endpoint_url=endpoint, region='us-east-1', max_attempts=1)
    with Note.using_client(client):
        for name, call in {**sync_calls(), **async_calls()}.items():
            expect(ConnectionError, call, name.startswith(('batch', 'abatch')))


def test_schema_errors_are_dynantic_errors():
    from dynantic import Discriminator, SchemaError

    class Animal(DynamoModel):
        animal_id: str = Key()
        kind: str = Discriminator()

        class Meta:
            table_name = 'animals-of-the-fake'

    with pytest.raises(SchemaError) as caught:
        @Animal.register('dog')
        class NotAnAnimal(DynamoModel):
            dog_id: str = Key()

            class Meta:
                table_name = 'elsewhere'
    assert not isinstance(caught.value, GLib.Error)
