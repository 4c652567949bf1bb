"""Atomic updates: every action, conditions, return values, validation."""
from decimal import Decimal

import pytest

from dynantic import (Attr, ConditionalCheckFailedError, DynamoModel, Key, SortKey, ValidationError)

from conftest import table_name


class User(DynamoModel):
    user_id: str = Key()
    email: str = SortKey()
    login_count: int = 0
    status: str = 'new'
    balance: Decimal = Decimal('0')
    roles: set[str] = set()
    history: list[str] = []
    nickname: str | None = None
    visits: int | None = None

    class Meta:
        table_name = table_name('update-users')


@pytest.fixture(scope='module', autouse=True)
def user_table(module_tables):
    module_tables(User)


@pytest.fixture
def user():
    made = User(user_id='user-123', email='john@example.com', login_count=1, roles={'reader'},
                history=['a'], nickname='jo', balance=Decimal('10.50'))
    made.save()
    return made


def current():
    return User.get('user-123', 'john@example.com', consistent=True)


def test_seed_update_with_attrs(user):
    result = User.update('user-123', 'john@example.com') \
        .add(Attr('login_count'), 1) \
        .set(Attr('status'), 'active') \
        .execute()
    assert result is None
    assert (current().login_count, current().status) == (2, 'active')


def test_seed_update_with_the_class_dsl(user):
    User.update('user-123', 'john@example.com').add(User.login_count, 1).set(User.status, 'active').execute()
    assert (current().login_count, current().status) == (2, 'active')


def test_every_action(user):
    User.update('user-123', 'john@example.com') \
        .add('roles', {'admin'}) \
        .append('history', ['b', 'c']) \
        .set('nickname', None) \
        .set_if_not_exists('visits', 7) \
        .add('balance', Decimal('0.25')) \
        .execute()
    got = current()
    assert got.roles == {'reader', 'admin'}
    assert got.history == ['a', 'b', 'c']
    assert got.nickname is None and got.visits == 7
    assert got.balance == Decimal('10.75')
    User.update('user-123', 'john@example.com').delete('roles', {'reader'}).remove(User.history) \
        .set_if_not_exists('visits', 9).execute()
    got = current()
    assert got.roles == {'admin'} and got.history == [] and got.visits == 7


def test_return_values(user):
    new = User.update('user-123', 'john@example.com').add('login_count', 5).return_values('ALL_NEW').execute()
    assert isinstance(new, User) and new.login_count == 6
    old = User.update('user-123', 'john@example.com').add('login_count', 1).return_values('ALL_OLD').execute()
    assert isinstance(old, User) and old.login_count == 6
    updated = User.update('user-123', 'john@example.com').set('status', 'x').return_values('UPDATED_NEW').execute()
    assert updated == {'status': 'x'}
    updated_old = User.update('user-123', 'john@example.com').add('login_count', 1) \
        .return_values('UPDATED_OLD').execute()
    assert updated_old == {'login_count': 7}
    with pytest.raises(ValueError):
        User.update('user-123', 'john@example.com').return_values('SOME')


def test_conditions(user):
    with pytest.raises(ConditionalCheckFailedError):
        User.update('user-123', 'john@example.com').set('status', 'x').condition(Attr('login_count') > 5).execute()
    assert current().status == 'new'
    User.update('user-123', 'john@example.com').set('status', 'x').condition(
        (Attr('login_count') == 1) & Attr('roles').contains('reader')).execute()
    assert current().status == 'x'


def test_values_are_checked_against_the_field(user):
    with pytest.raises(ValidationError) as caught:
        User.update('user-123', 'john@example.com').set('login_count', 'many')
    assert caught.value.fields == ['login_count']
    with pytest.raises(ValidationError):
        User.update('user-123', 'john@example.com').set(User.email, 'other@example.com').execute()


def test_patch_an_instance(user):
    user.patch().add(User.login_count, 2).execute()
    assert current().login_count == 3
