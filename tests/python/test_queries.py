"""Queries and scans: every sort-key condition and filter operator,
limit, order, projection, terminals, pagination with cursors, GSIs."""
from datetime import datetime, timezone

import pytest

from dynantic import (Attr, DynamoModel, GSIKey, GSISortKey, InvalidCursorError, Key, PageResult, SortKey)

from conftest import table_name


class Order(DynamoModel):
    customer_id: str = Key()
    order_date: str = SortKey()
    total: float = 0.0
    status: str = 'new'
    tags: list[str] = []
    labels: set[str] = set()
    note: str | None = None
    address: dict = {}

    class Meta:
        table_name = table_name('orders')


class Post(DynamoModel):
    post_id: str = Key()
    title: str
    category: str = GSIKey(index_name='CategoryIndex')
    published_at: datetime = GSISortKey(index_name='CategoryIndex')
    author: str = GSIKey(index_name='AuthorIndex', default='anon')

    class Meta:
        table_name = table_name('posts')


DATES = ['2023-12-31', '2024-01-05', '2024-01-20', '2024-02-03', '2024-03-15']


@pytest.fixture(scope='module', autouse=True)
def data(module_tables):
    module_tables(Order, Post)
    for i, date in enumerate(DATES):
        Order(customer_id='c1', order_date=date, total=10.0 * (i + 1), status='paid' if i % 2 else 'new',
              tags=['t%d' % i, 'all'], labels={'l%d' % i}, note='n' if i == 4 else None,
              address={'city': 'Paris' if i < 2 else 'Lyon', 'zip': 75000 + i}).save()
    for i in range(25):
        Order(customer_id='many', order_date='d%02d' % i, total=float(i)).save()
    for i in range(4):
        Post(post_id='p%d' % i, title='Post %d' % i, category='tech' if i < 3 else 'food',
             published_at=datetime(2024, 1, i + 1, tzinfo=timezone.utc), author='ann' if i == 0 else 'bob').save()


def dates(items):
    return [o.order_date for o in items]


def test_query_all_and_iteration():
    assert dates(Order.query('c1').all()) == DATES
    assert dates(list(Order.query('c1'))) == DATES
    assert all(isinstance(o, Order) for o in Order.query('c1'))


@pytest.mark.parametrize('build, expected', [
    (lambda q: q.eq('2024-01-20'), ['2024-01-20']),
    (lambda q: q.lt('2024-01-20'), ['2023-12-31', '2024-01-05']),
    (lambda q: q.lte('2024-01-20'), ['2023-12-31', '2024-01-05', '2024-01-20']),
    (lambda q: q.le('2024-01-05'), ['2023-12-31', '2024-01-05']),
    (lambda q: q.gt('2024-02-03'), ['2024-03-15']),
    (lambda q: q.gte('2024-02-03'), ['2024-02-03', '2024-03-15']),
    (lambda q: q.ge('2024-03-15'), ['2024-03-15']),
    (lambda q: q.between('2024-01-05', '2024-02-03'), ['2024-01-05', '2024-01-20', '2024-02-03']),
    (lambda q: q.starts_with('2024-01'), ['2024-01-05', '2024-01-20']),
    (lambda q: q.eq('2023-12-31').starts_with('2024-02'), ['2024-02-03']),   # the last one called wins
])
def test_sort_key_conditions(build, expected):
    assert dates(build(Order.query('c1')).all()) == expected


@pytest.mark.parametrize('condition, expected', [
    (Attr('total') == 30.0, ['2024-01-20']),
    (Attr('total') != 30.0, ['2023-12-31', '2024-01-05', '2024-02-03', '2024-03-15']),
    (Attr('total') < 20, ['2023-12-31']),
    (Attr('total') <= 20, ['2023-12-31', '2024-01-05']),
    (Attr('total') > 40, ['2024-03-15']),
    (Attr('total') >= 40, ['2024-02-03', '2024-03-15']),
    (Attr('tags').contains('t2'), ['2024-01-20']),
    (Attr('labels').contains('l3'), ['2024-02-03']),
    (Attr('status').begins_with('pa'), ['2024-01-05', '2024-02-03']),
    (Attr('note').exists(), ['2024-03-15']),
    (Attr('note').not_exists(), ['2023-12-31', '2024-01-05', '2024-01-20', '2024-02-03']),
    (Attr('total').between(20, 40), ['2024-01-05', '2024-01-20', '2024-02-03']),
    (Attr('status').is_in(['paid', 'gone']), ['2024-01-05', '2024-02-03']),
    (Attr('address.city') == 'Paris', ['2023-12-31', '2024-01-05']),
    (Attr('address.zip') >= 75003, ['2024-02-03', '2024-03-15']),
    (Attr('tags[0]') == 't1', ['2024-01-05']),
    (Attr('tags').size() > 1, DATES),
    (Attr('tags').size() == 3, []),
    (Attr('tags').size().between(2, 2), DATES),
    (Attr('labels').attribute_type('SS'), DATES),
    (Attr('total').attribute_type('S'), []),
    ((Attr('total') > 10) & (Attr('status') == 'new'), ['2024-01-20', '2024-03-15']),
    ((Attr('total') < 15) | (Attr('total') > 45), ['2023-12-31', '2024-03-15']),
    (~(Attr('status') == 'new'), ['2024-01-05', '2024-02-03']),
    (Order.total >= 40, ['2024-02-03', '2024-03-15']),
])
def test_filter_operators(condition, expected):
    assert dates(Order.query('c1').filter(condition).all()) == expected


def test_repeated_filters_are_anded():
    query = Order.query('c1').filter(Attr('total') > 10).filter(Attr('status') == 'new')
    assert dates(query.all()) == ['2024-01-20', '2024-03-15']


def test_limit_reverse_consistent_project():
    assert dates(Order.query('c1').limit(2).all()) == DATES[:2]
    assert dates(Order.query('c1').reverse().limit(2).all()) == ['2024-03-15', '2024-02-03']
    assert dates(Order.query('c1').consistent().all()) == DATES
    projected = Order.query('c1').project('order_date', Order.total).first()
    assert (projected.order_date, projected.total, projected.status) == ('2023-12-31', 10.0, 'new')
    assert projected.customer_id is None


def test_first_one_count():
    assert Order.query('c1').first().order_date == '2023-12-31'
    assert Order.query('nobody').first() is None
    assert Order.query('c1').eq('2024-01-05').one().total == 20.0
    with pytest.raises(ValueError):
        Order.query('nobody').one()
    assert Order.query('c1').count() == 5
    assert Order.query('c1').filter(Attr('total') > 25).count() == 3


def test_pages_with_cursors():
    page1 = Order.query('many').limit(10).page()
    assert isinstance(page1, PageResult)
    assert (len(page1.items), page1.count, page1.has_more) == (10, 10, True)
    assert isinstance(page1.last_evaluated_key, str)
    page2 = Order.query('many').limit(10).page(start_key=page1.last_evaluated_key)
    page3 = Order.query('many').limit(10).page(start_key=page2.last_evaluated_key)
    assert dates(page1.items + page2.items + page3.items) == ['d%02d' % i for i in range(25)]
    assert page3.count == 5 and not page3.has_more and page3.last_evaluated_key is None


def test_altered_or_foreign_cursors_are_refused():
    cursor = Order.query('many').limit(10).page().last_evaluated_key
    altered = cursor[:-2] + ('A' if cursor[-2] != 'A' else 'B') + cursor[-1]
    with pytest.raises(InvalidCursorError):
        Order.query('many').limit(10).page(start_key=altered)
    with pytest.raises(InvalidCursorError):
        Order.query('c1').limit(10).page(start_key=cursor)          # another partition
    with pytest.raises(InvalidCursorError):
        Order.scan().limit(10).page(start_key=cursor)               # a scan


def test_query_index():
    tech = Post.query_index('CategoryIndex', 'tech').all()
    assert [p.post_id for p in tech] == ['p0', 'p1', 'p2']
    recent = Post.query_index('CategoryIndex', 'tech').gt(datetime(2024, 1, 1, tzinfo=timezone.utc)).reverse().all()
    assert [p.post_id for p in recent] == ['p2', 'p1']
    assert [p.post_id for p in Post.query_index('AuthorIndex', 'ann').all()] == ['p0']


def test_unknown_index_and_missing_sort_key():
    with pytest.raises(ValueError) as caught:
        Post.query_index('Nope', 'x')
    assert 'AuthorIndex' in str(caught.value) and 'CategoryIndex' in str(caught.value)
    with pytest.raises(ValueError):
        Post.query('p0').eq('x')
    with pytest.raises(ValueError):
        Post.query_index('AuthorIndex', 'ann').starts_with('x')
    with pytest.raises(ValueError):
        Post.scan(index_name='Nope')


def test_scan():
    assert sorted(p.post_id for p in Post.scan()) == ['p0', 'p1', 'p2', 'p3']
    assert [p.post_id for p in Post.scan().filter(Attr('category') == 'food').all()] == ['p3']
    assert len(Post.scan(limit=2).all()) == 2
    assert len(list(Post.scan(limit=3))) == 3
    assert Post.scan().count() == 4
    assert Post.scan().filter(Attr('author') == 'bob').first().author == 'bob'
    assert sorted(p.post_id for p in Post.scan(index_name='CategoryIndex').all()) == ['p0', 'p1', 'p2', 'p3']


def test_scan_pages_and_segments():
    first = Order.scan().limit(10).scan_page()
    assert first.count == 10 and first.has_more
    seen = list(first.items)
    cursor = first.last_evaluated_key
    while cursor is not None:
        page = Order.scan().limit(10).page(start_key=cursor)
        seen.extend(page.items)
        cursor = page.last_evaluated_key
    assert len(seen) == 30
    segmented = Order.scan().segments(3)
    assert sorted((o.customer_id, o.order_date) for o in segmented) == sorted((o.customer_id, o.order_date)
                                                                              for o in seen)
