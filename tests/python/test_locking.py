"""Optimistic locking with Version(): saves, deletes and patches check the
version this object read; a stale write raises ConditionalCheckFailedError."""
import pytest

from dynantic import Attr, ConditionalCheckFailedError, DynamoModel, Key, Version

from conftest import table_name


class Document(DynamoModel):
    doc_id: str = Key()
    body: str = ''
    version: int = Version()

    class Meta:
        table_name = table_name('documents')


@pytest.fixture(scope='module', autouse=True)
def document_table(module_tables):
    module_tables(Document)


def test_versions_count_up(boto):
    doc = Document(doc_id='d1', body='one')
    assert doc.version == 0
    doc.save()
    assert doc.version == 1
    doc.body = 'two'
    doc.save()
    assert doc.version == 2
    item = boto.get_item(TableName=Document.Meta.table_name, Key={'doc_id': {'S': 'd1'}})['Item']
    assert item['version'] == {'N': '2'}


def test_a_stale_write_is_refused():
    Document(doc_id='d2', body='first').save()
    mine, theirs = Document.get('d2', consistent=True), Document.get('d2', consistent=True)
    mine.body = 'mine'
    mine.save()
    theirs.body = 'theirs'
    with pytest.raises(ConditionalCheckFailedError):
        theirs.save()
    with pytest.raises(ConditionalCheckFailedError):
        theirs.delete_item()
    with pytest.raises(ConditionalCheckFailedError):
        theirs.patch().set(Attr('body'), 'patched').execute()
    current = Document.get('d2', consistent=True)
    assert (current.body, current.version) == ('mine', 2)
    current.patch().set(Attr('body'), 'patched').execute()
    again = Document.get('d2', consistent=True)
    assert (again.body, again.version) == ('patched', 3)
    again.delete_item()
    assert Document.get('d2', consistent=True) is None
