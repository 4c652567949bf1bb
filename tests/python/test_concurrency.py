"""Threads and asyncio: no call holds the GIL while it waits on the
network; awaitable twins run on the library's _async calls on one
background main context; cancelling the task cancels the call."""
import asyncio
import concurrent.futures
import threading

import pytest

from dynantic import Attr, Client, ConditionalCheckFailedError, DynamoModel, ItemNotFoundError, Key, SortKey

from conftest import table_name
from fake_dynamo import FakeDynamo, service_error


class User(DynamoModel):
    user_id: str = Key()
    name: str = ''
    visits: int = 0

    class Meta:
        table_name = table_name('async-users')


class Event(DynamoModel):
    stream: str = Key()
    seq: int = SortKey()
    kind: str = 'x'

    class Meta:
        table_name = table_name('async-events')


@pytest.fixture(scope='module', autouse=True)
def data(module_tables):
    module_tables(User, Event)
    for i in range(30):
        Event(stream='s', seq=i, kind='even' if i % 2 == 0 else 'odd').save()


def test_eight_threads_wait_on_the_network_at_once():
    """The fake server answers only once 8 requests are in flight at the same
    time; its threads need the GIL too, so a call holding it while waiting
    would leave the barrier broken."""
    barrier = threading.Barrier(8, timeout=60)

    def answer(handler, target, body):
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            return service_error('ValidationException', 'not 8 at once')
        return 200, {'Item': {'user_id': {'S': body['Key']['user_id']['S']}, 'name': {'S': 'n'}}}

    async def main(client):
        # asyncio's default pool has min(32, cores + 4) threads: 6 here
        asyncio.get_running_loop().set_default_executor(concurrent.futures.ThreadPoolExecutor(8))
        with User.using_client(client):
            return await asyncio.gather(*(asyncio.to_thread(User.get, 'u%d' % i) for i in range(8)))

    with FakeDynamo(answer) as fake:
        client = Client(endpoint_url=fake.endpoint, region='us-east-1', max_attempts=1)
        users = asyncio.run(main(client))
    assert sorted(u.user_id for u in users) == ['u%d' % i for i in range(8)]
    assert not barrier.broken


def test_threads_share_one_client_against_dynamodb_local():
    def work(n):
        User(user_id='t%d' % n, name='thread', visits=n).save()
        return User.get('t%d' % n, consistent=True).visits

    async def main():
        return await asyncio.gather(*(asyncio.to_thread(work, n) for n in range(8)))

    assert asyncio.run(main()) == list(range(8))


def test_awaitable_crud():
    async def main():
        user = User(user_id='a1', name='Ann')
        await user.asave()
        got = await User.aget('a1', consistent=True)
        assert (got.name, got.visits) == ('Ann', 0)
        with pytest.raises(ConditionalCheckFailedError):
            await User.acreate(user_id='a1', name='Again')
        created = await User.acreate(user_id='a2', name='Bea')
        assert created.name == 'Bea'
        await User.adelete('a2')
        assert await User.aget('a2', consistent=True) is None
        await got.adelete_item()
        assert await User.aget('a1', consistent=True) is None
        await User(user_id='a3').asave(condition=Attr('user_id').not_exists())
        new = await User.update('a3').add(User.visits, 2).return_values('ALL_NEW').aexecute()
        assert new.visits == 2

    asyncio.run(main())


def test_awaitable_reads():
    async def main():
        everything = await Event.query('s').aall()
        assert [e.seq for e in everything] == list(range(30))
        assert (await Event.query('s').lt(5).reverse().afirst()).seq == 4
        assert (await Event.query('s').eq(7).aone()).kind == 'odd'
        with pytest.raises(ItemNotFoundError):
            await Event.query('nothing').aone()
        assert await Event.query('s').filter(Attr('kind') == 'even').acount() == 15
        page = await Event.query('s').limit(12).apage()
        rest = await Event.query('s').limit(12).apage(start_key=page.last_evaluated_key)
        assert [e.seq for e in page.items + rest.items] == list(range(24))
        seen = [e.seq async for e in Event.query('s').gte(25)]
        assert seen == [25, 26, 27, 28, 29]
        scanned = await Event.scan().filter(Attr('seq') < 3).aall()
        assert sorted(e.seq for e in scanned) == [0, 1, 2]
        many = await asyncio.gather(*(Event.query('s').eq(i).afirst() for i in range(20)))
        assert [e.seq for e in many] == list(range(20))

    asyncio.run(main())


def test_cancelling_the_task_cancels_the_call():
    def answer(handler, target, body):
        return None                     # never answers: holds the request until the client goes

    async def main(client):
        with User.using_client(client):
            task = asyncio.ensure_future(User.aget('slow'))
        await asyncio.to_thread(fake.arrived.wait, 60)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return task

    with FakeDynamo(answer) as fake:
        client = Client(endpoint_url=fake.endpoint, region='us-east-1', max_attempts=1, timeout=120)
        task = asyncio.run(main(client))
        assert task.cancelled()
        assert fake.closed.wait(60), 'the request was not cancelled: the connection stayed open'
