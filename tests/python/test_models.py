"""Models: annotations, every field type's exact wire form (read with boto3),
defaults, validation, class-creation errors."""
import enum
import uuid
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Optional

import pytest

from dynantic import (DynamoModel, GSIKey, GSISortKey, Key, SchemaError, SortKey, TTL, ValidationError,
                      DynanticError, Attr, Discriminator)

from conftest import table_name


class Status(enum.Enum):
    PENDING = 'pending'
    ACTIVE = 'active'


class Level(enum.Enum):
    LOW = 1
    HIGH = 2


class User(DynamoModel):
    email: str = Key()
    username: str
    age: int = 0
    score: float = 0.0
    active: bool = False
    tags: list[str] = []
    perms: set[str] = set()
    lucky: set[int] = set()
    weights: set[float] = set()
    blobs: set[bytes] = set()
    amounts: set[Decimal] = set()
    status: Status = Status.PENDING
    level: Level = Level.LOW
    created: Optional[datetime] = None
    birthday: Optional[date] = None
    blob: bytes = b''
    price: Decimal = Decimal('0')
    data: dict = {}
    history: list = []
    ident: Optional[uuid.UUID] = None
    rank: int | None = None
    expires: int = TTL(default=0)
    category: str = GSIKey(index_name='CategoryIndex', default='none')
    published: Optional[datetime] = GSISortKey(index_name='CategoryIndex', default=None)

    class Meta:
        table_name = table_name('users')


@pytest.fixture(scope='module', autouse=True)
def user_table(module_tables):
    module_tables(User)


def stored(boto, model, **key):
    return boto.get_item(TableName=model.__dict__['Meta'].table_name,
                         Key={k: v for k, v in key.items()}, ConsistentRead=True)['Item']


def test_minimal_item_wire_form(boto):
    User(email='a@x', username='alice').save()
    item = stored(boto, User, email={'S': 'a@x'})
    assert item == {
        'email': {'S': 'a@x'}, 'username': {'S': 'alice'}, 'age': {'N': '0'}, 'score': {'N': '0'},
        'active': {'BOOL': False}, 'tags': {'L': []}, 'status': {'S': 'pending'}, 'level': {'N': '1'},
        'blob': {'B': b''}, 'price': {'N': '0'}, 'data': {'M': {}}, 'history': {'L': []},
        'expires': {'N': '0'}, 'category': {'S': 'none'},
    }


def test_every_type_wire_form_and_round_trip(boto):
    created = datetime(2024, 3, 1, 12, 30, 5, 250000, tzinfo=timezone.utc)
    ident = uuid.UUID('12345678-1234-5678-1234-567812345678')
    user = User(email='b@x', username='bob', age=2 ** 40, score=1.5, active=True, tags=['a', 'b'],
                perms={'read', 'write'}, lucky={7, 3}, weights={0.5}, blobs={b'\x00', b'\x01'},
                amounts={Decimal('1.10'), Decimal('12345678901234567890.123')},
                status=Status.ACTIVE, level=Level.HIGH, created=created, birthday=date(1990, 5, 17),
                blob=b'\x00\xffdata', price=Decimal('12345678901234567890123456789012.345678'),
                data={'s': 'x', 'n': 3, 'f': 2.5, 'b': True, 'none': None, 'bin': b'\x01',
                      'list': [1, 'two'], 'map': {'k': 'v'}},
                history=[1, 'x', None, {'a': [True]}], ident=ident, rank=5,
                expires=1700000000, category='books',
                published=datetime(2024, 1, 2, tzinfo=timezone(timedelta(hours=2))))
    user.save()
    item = stored(boto, User, email={'S': 'b@x'})
    assert item['age'] == {'N': '1099511627776'}
    assert item['score'] == {'N': '1.5'}
    assert item['active'] == {'BOOL': True}
    assert item['tags'] == {'L': [{'S': 'a'}, {'S': 'b'}]}
    assert sorted(item['perms']['SS']) == ['read', 'write']
    assert sorted(item['lucky']['NS']) == ['3', '7']
    assert item['weights'] == {'NS': ['0.5']}
    assert sorted(item['blobs']['BS']) == [b'\x00', b'\x01']
    assert sorted(item['amounts']['NS']) == ['1.1', '12345678901234567890.123']  # DynamoDB normalizes numbers
    assert item['status'] == {'S': 'active'}
    assert item['level'] == {'N': '2'}
    assert item['created'] == {'S': '2024-03-01T12:30:05.250000Z'}
    assert item['birthday'] == {'S': '1990-05-17'}
    assert item['blob'] == {'B': b'\x00\xffdata'}
    assert item['price'] == {'N': '12345678901234567890123456789012.345678'}
    assert item['data'] == {'M': {'s': {'S': 'x'}, 'n': {'N': '3'}, 'f': {'N': '2.5'}, 'b': {'BOOL': True},
                                  'none': {'NULL': True}, 'bin': {'B': b'\x01'},
                                  'list': {'L': [{'N': '1'}, {'S': 'two'}]}, 'map': {'M': {'k': {'S': 'v'}}}}}
    assert item['history'] == {'L': [{'N': '1'}, {'S': 'x'}, {'NULL': True}, {'M': {'a': {'L': [{'BOOL': True}]}}}]}
    assert item['ident'] == {'S': '12345678-1234-5678-1234-567812345678'}
    assert item['rank'] == {'N': '5'}
    assert item['expires'] == {'N': '1700000000'}
    assert item['published'] == {'S': '2024-01-01T22:00:00Z'}

    back = User.get('b@x', consistent=True)
    assert back == user
    assert back.age == 2 ** 40 and isinstance(back.age, int)
    assert back.perms == {'read', 'write'} and back.lucky == {3, 7} and back.weights == {0.5}
    assert back.blobs == {b'\x00', b'\x01'}
    assert back.amounts == {Decimal('1.10'), Decimal('12345678901234567890.123')}
    assert back.status is Status.ACTIVE and back.level is Level.HIGH
    assert back.created == created and back.created.tzinfo is not None
    assert back.birthday == date(1990, 5, 17)
    assert back.price == Decimal('12345678901234567890123456789012.345678')
    assert back.data['list'] == [1, 'two'] and back.data['bin'] == b'\x01' and back.data['none'] is None
    assert back.ident == ident and back.rank == 5


def test_none_and_empty_sets_are_left_out(boto):
    User(email='c@x', username='carol', created=None, perms=set(), rank=None).save()
    item = stored(boto, User, email={'S': 'c@x'})
    for absent in ('created', 'perms', 'rank', 'ident', 'birthday', 'published', 'lucky'):
        assert absent not in item
    back = User.get('c@x', consistent=True)
    assert back.perms == set() and back.created is None and back.rank is None


def test_defaults_are_fresh_copies():
    one, two = User(email='1', username='u'), User(email='2', username='u')
    one.tags.append('x')
    one.data['k'] = 1
    assert two.tags == [] and two.data == {}


def test_mutated_containers_are_saved():
    user = User(email='d@x', username='dan')
    user.save()
    found = User.get('d@x', consistent=True)
    found.tags.append('new')
    found.perms.add('admin')
    found.data['nested'] = {'deep': [1]}
    found.save()
    again = User.get('d@x', consistent=True)
    assert again.tags == ['new'] and again.perms == {'admin'} and again.data == {'nested': {'deep': [1]}}


def test_validation_names_every_bad_field_never_the_value():
    with pytest.raises(ValidationError) as caught:
        User(email='e@x', username=42, age='secret-value', nope=1)
    assert sorted(caught.value.fields) == ['age', 'nope', 'username']
    assert 'secret-value' not in str(caught.value)
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, DynanticError)
    assert caught.value.original_error is None


def test_missing_required_field():
    with pytest.raises(ValidationError) as caught:
        User(email='f@x')
    assert caught.value.fields == ['username']
    assert caught.value.original_error is not None


def test_attribute_set_validates():
    user = User(email='g@x', username='gus')
    user.age = 5
    assert user.age == 5
    with pytest.raises(ValidationError) as caught:
        user.age = 'five'
    assert caught.value.fields == ['age']
    assert user.age == 5
    user.created = '2024-01-01T00:00:00Z'
    assert user.created == datetime(2024, 1, 1, tzinfo=timezone.utc)


def test_range_checked_by_the_library_before_sending():
    user = User(email='h@x', username='hal')
    with pytest.raises(ValidationError) as caught:
        user.age = 2 ** 64
    assert caught.value.fields == ['age']


def test_empty_key_refused():
    with pytest.raises(ValidationError) as caught:
        User(email='', username='x')
    assert caught.value.fields == ['email']


def test_class_attribute_is_an_attr():
    assert isinstance(User.age, Attr) and User.age.path == 'age'
    assert repr(User.age) == "Attr('age')"


def test_ttl_datetime_is_epoch_seconds(tables, boto):
    class Session(DynamoModel):
        session_id: str = Key()
        expires_at: datetime = TTL()

        class Meta:
            table_name = table_name('sessions')

    tables(Session)
    when = datetime(2030, 1, 1, 0, 0, 0, tzinfo=timezone.utc)
    Session(session_id='s1', expires_at=when).save()
    assert stored(boto, Session, session_id={'S': 's1'})['expires_at'] == {'N': '1893456000'}
    back = Session.get('s1', consistent=True)
    assert back.expires_at == when and back.expires_at.tzinfo is not None


def test_auto_ids(tables, boto):
    class Note(DynamoModel):
        note_id: uuid.UUID = Key(auto=True)
        text: str

        class Meta:
            table_name = table_name('notes')

    class Tag(DynamoModel):
        tag_id: str = Key(auto=True)
        label: str = ''

        class Meta:
            table_name = table_name('tags')

    tables(Note, Tag)
    note = Note(text='hi')
    assert note.note_id is None
    note.save()
    assert isinstance(note.note_id, uuid.UUID) and note.note_id.version == 4
    assert Note.get(note.note_id, consistent=True).text == 'hi'
    tag = Tag.create(label='x')
    assert str(uuid.UUID(tag.tag_id)) == tag.tag_id
    assert stored(boto, Tag, tag_id={'S': tag.tag_id})['label'] == {'S': 'x'}


def test_sort_key_zero_is_a_real_key(tables):
    class Reading(DynamoModel):
        sensor: str = Key()
        at: int = SortKey()
        value: float = 0.0

        class Meta:
            table_name = table_name('readings')

    tables(Reading)
    Reading(sensor='s', at=0, value=1.0).save()
    Reading(sensor='s', at=1, value=2.0).save()
    assert Reading.get('s', 0, consistent=True).value == 1.0
    assert [r.at for r in Reading.query('s').all()] == [0, 1]


@pytest.mark.parametrize('body, needle', [
    ("name: str = Key()\n", 'table_name'),
    ("name: str = ''\n    class Meta:\n        table_name = 'x-table'\n", 'Key()'),
    ("a: str = Key()\n    b: str = Key()\n    class Meta:\n        table_name = 'x-table'\n", 'two Key()'),
    ("a: str = Key()\n    b: str = SortKey()\n    c: str = SortKey()\n    class Meta:\n        table_name = 'x-table'\n",
     'two SortKey()'),
    ("a: str = Key()\n    b: str = Discriminator()\n    c: str = Discriminator()\n    class Meta:\n"
     "        table_name = 'x-table'\n", 'two Discriminator()'),
    ("a: str = Key()\n    b: int = TTL()\n    c: int = TTL()\n    class Meta:\n        table_name = 'x-table'\n",
     'two TTL()'),
    ("a: str = Key()\n    b: str = TTL()\n    class Meta:\n        table_name = 'x-table'\n", 'int or a datetime'),
    ("a: str = Key()\n    b: str = GSISortKey(index_name='I')\n    class Meta:\n        table_name = 'x-table'\n",
     'without its GSIKey()'),
    ("a: int = Key(auto=True)\n    class Meta:\n        table_name = 'x-table'\n", 'str or a UUID'),
    ("a: str = Key()\n    class Meta:\n        table_name = 'x'\n", 'table name'),
    ("a: str = Key()\n    b: complex = 0\n    class Meta:\n        table_name = 'x-table'\n", 'no DynamoDB type'),
])
def test_class_creation_errors(body, needle):
    source = 'class Broken(DynamoModel):\n    ' + body
    scope = dict(DynamoModel=DynamoModel, Key=Key, SortKey=SortKey, TTL=TTL, GSISortKey=GSISortKey,
                 Discriminator=Discriminator)
    with pytest.raises(SchemaError) as caught:
        exec(source, scope)
    assert needle in str(caught.value)
    assert isinstance(caught.value, ValueError)
