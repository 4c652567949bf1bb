"""Hostile values: maps and lists nested far beyond DynamoDB's 32 levels
(100,000 deep, or a list holding itself), strings with a NUL or a lone
surrogate. Each is the package's ValidationError naming the field (or the
path), wherever the value goes in: the constructor, an attribute, a change
made in place before a write, a condition, an update, a batch, asyncio.
Never a RecursionError, never an error from inside the library's read of
a property, and nothing is written."""
import asyncio
from typing import Any

import pytest

from dynantic import Attr, DynamoModel, Key, ValidationError

from conftest import table_name

DEEP = 100000
NESTED_MESSAGE = 'maps and lists are nested deeper than DynamoDB’s 32 levels'


class Doc(DynamoModel):
    doc_id: str = Key()
    data: dict = {}
    items: list = []
    anything: Any = None
    names: list[str] = []

    class Meta:
        table_name = table_name('hostile')


@pytest.fixture(scope='module', autouse=True)
def doc_table(module_tables):
    module_tables(Doc)


def deep_dict(depth):
    value = {}
    for _ in range(depth):
        value = {'a': value}
    return value


def deep_list(depth):
    value = []
    for _ in range(depth):
        value = [value]
    return value


def self_holding_list():
    value = []
    value.append(value)
    return value


DEEP_VALUES = [('data', lambda: deep_dict(DEEP)), ('items', lambda: deep_list(DEEP)),
               ('anything', lambda: deep_list(DEEP)), ('anything', lambda: deep_dict(DEEP)),
               ('items', self_holding_list)]


def assert_names(caught, field):
    assert caught.value.fields == [field]
    assert field in str(caught.value)


def assert_not_written(boto, doc_id):
    assert 'Item' not in boto.get_item(TableName=Doc.Meta.table_name, Key={'doc_id': {'S': doc_id}})


@pytest.mark.parametrize('field, make', DEEP_VALUES)
def test_deep_value_in_the_constructor(field, make, boto):
    with pytest.raises(ValidationError) as caught:
        Doc(doc_id='deep-init', **{field: make()})
    assert_names(caught, field)
    assert not isinstance(caught.value, RecursionError)


@pytest.mark.parametrize('field, make', DEEP_VALUES)
def test_deep_value_set_as_attribute(field, make):
    doc = Doc(doc_id='deep-attr')
    with pytest.raises(ValidationError) as caught:
        setattr(doc, field, make())
    assert_names(caught, field)
    assert NESTED_MESSAGE in str(caught.value)
    assert getattr(doc, field) == Doc(doc_id='x').model_dump()[field]    # unchanged


@pytest.mark.parametrize('field', ['data', 'items'])
def test_deep_value_put_in_place_before_a_write(field, boto):
    doc = Doc(doc_id='deep-in-place-' + field)
    if field == 'data':
        doc.data['a'] = deep_dict(DEEP)
    else:
        doc.items.append(deep_list(DEEP))
    for write in (doc.save, lambda: asyncio.run(doc.asave()), lambda: Doc.batch_save([doc])):
        with pytest.raises(ValidationError) as caught:
            write()
        assert_names(caught, field)
        assert NESTED_MESSAGE in str(caught.value)
    assert_not_written(boto, doc.doc_id)


def test_a_list_made_to_hold_itself_before_a_write(boto):
    doc = Doc(doc_id='cycle')
    doc.items.append(doc.items)
    with pytest.raises(ValidationError) as caught:
        doc.save()
    assert_names(caught, 'items')
    assert_not_written(boto, 'cycle')


@pytest.mark.parametrize('path, field', [('data', 'data'), ('items', 'items'), ('data.a.b', 'data.a.b')])
def test_deep_value_in_a_condition(path, field):
    with pytest.raises(ValidationError) as caught:
        Doc(doc_id='c').save(condition=Attr(path) == deep_dict(DEEP))
    assert_names(caught, field)
    with pytest.raises(ValidationError) as caught:
        Doc.query('c').filter(Attr(path).is_in([1, deep_list(DEEP)])).all()
    assert_names(caught, field)


@pytest.mark.parametrize('path', ['data', 'anything', 'data.inner'])
def test_deep_value_in_an_update(path):
    Doc(doc_id='u', data={'inner': 1}).save()
    for act in (lambda u: u.set(path, deep_dict(DEEP)), lambda u: u.set_if_not_exists(path, deep_list(DEEP))):
        with pytest.raises(ValidationError) as caught:
            act(Doc.update('u')).execute()
        assert_names(caught, path)
    with pytest.raises(ValidationError) as caught:
        Doc.update('u').append('items', [deep_list(DEEP)]).execute()
    assert_names(caught, 'items')
    assert Doc.get('u').data == {'inner': 1}


def test_nesting_deeper_than_dynamodb_is_the_library_check():
    # one map too many: Python lets it through, the library's own check
    # (and its message) refuses it, before sending
    doc = Doc(doc_id='just-too-deep', data=deep_dict(31))
    with pytest.raises(ValidationError) as caught:
        doc.save()
    assert_names(caught, 'data')
    assert NESTED_MESSAGE in str(caught.value)
    # the deepest DynamoDB takes: written and read back
    Doc(doc_id='deepest', data=deep_dict(30)).save()
    assert Doc.get('deepest').data == deep_dict(30)


@pytest.mark.parametrize('text', ['a\0b', 'a\udc80b'])
def test_strings_no_c_string_holds(text, boto):
    for values in ({'doc_id': text}, {'doc_id': 's', 'names': [text]}, {'doc_id': 's', 'items': [text]},
                   {'doc_id': 's', 'data': {'k': text}}, {'doc_id': 's', 'data': {text: 1}}):
        with pytest.raises(ValidationError) as caught:
            Doc(**values)
        bad = [name for name in values if name != 'doc_id'] or ['doc_id']
        assert caught.value.fields == bad
    with pytest.raises(ValidationError) as caught:
        Doc.get(text)          # not looked up as 'a' (C would stop at a NUL)
    assert caught.value.fields == ['doc_id']
    doc = Doc(doc_id='in-place-text')
    doc.names.append(text)
    with pytest.raises(ValidationError) as caught:
        doc.save()
    assert caught.value.fields == ['names']
    assert_not_written(boto, 'in-place-text')


def test_conditions_nested_100000_deep():
    negated = Attr('data.a') == 1
    alternating = Attr('data.a') == 1
    for n in range(DEEP):
        negated = ~negated
        alternating = (Attr('doc_id') == str(n)) | alternating if n % 2 else (Attr('names').exists() & alternating)
    for condition in (negated, alternating):
        with pytest.raises(ValidationError) as caught:
            Doc.scan().filter(condition).all()
        assert 'DYNANTIC_CONDITION_MAX_DEPTH' in str(caught.value)
        with pytest.raises(ValidationError):
            Doc(doc_id='never').save(condition=condition)


def test_a_long_chain_of_ands_is_one_and_not_a_deep_one():
    chain = Attr('doc_id') == 'chained'
    for n in range(DEEP):
        chain = chain & (Attr('data.n') != n)
    # one AND of 100,001 terms: no recursion; too large an expression for
    # DynamoDB, refused as a ValidationError
    with pytest.raises(ValidationError):
        Doc.scan().filter(chain).all()
    short = Attr('doc_id') == 'chained'
    for n in range(100):
        short = short & (Attr('data.n') != n)
    Doc(doc_id='chained', data={'n': 1000}).save()
    assert [d.doc_id for d in Doc.scan().filter(short).all()] == ['chained']
