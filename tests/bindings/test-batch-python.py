#!/usr/bin/python3
"""Batches, transactions and optimistic locking from plain PyGObject (no
override), against DynamoDB Local: every public symbol of those parts of the
API called from Python. Run by meson test like test-python.py.
"""
import os
import time
import unittest

import gi

gi.require_version('Dynantic', '1')
gi.require_version('GLib', '2.0')
from gi.repository import Dynantic, GLib, GObject  # noqa: E402

SUFFIX = '%d-%d' % (os.getpid(), int(time.time() * 1000) % 1000000000)


class Doc(Dynantic.Model):
    __gtype_name__ = 'PyBatchDoc'
    doc_id = GObject.Property(type=str)
    version = GObject.Property(type=int)
    text = GObject.Property(type=str)


Doc.set_table('py-docs-' + SUFFIX)
Doc.set_partition_key('doc_id')
Doc.set_version('version')


class Item(Dynantic.Model):
    __gtype_name__ = 'PyBatchItem'
    item_id = GObject.Property(type=str)
    count = GObject.Property(type=int)


Item.set_table('py-items-' + SUFFIX)
Item.set_partition_key('item_id')

MODELS = (Doc, Item)


def run_async(start, finish):
    """Calls start(callback), runs a main loop until the callback, returns finish(result)."""
    loop = GLib.MainLoop()
    outcome = {}

    def done(source, result):
        try:
            outcome['value'] = finish(result)
        except GLib.Error as error:
            outcome['error'] = error
        loop.quit()

    start(done)
    loop.run()
    if 'error' in outcome:
        raise outcome['error']
    return outcome['value']


def make_client():
    credentials = Dynantic.Credentials.new('DynanticTestKey', 'DynanticTestSecret', None)
    return Dynantic.Client(endpoint=os.environ['DYNANTIC_TEST_ENDPOINT'], region='us-east-1',
                           credentials_provider=Dynantic.CredentialsProvider.new_static(credentials))


class BatchBindingTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client = make_client()
        for model in MODELS:
            model.set_client(cls.client)
            Dynantic.table_create(model)
            Dynantic.table_wait_until_active(model, 60)

    @classmethod
    def tearDownClass(cls):
        for model in MODELS:
            Dynantic.table_delete(model)

    def assertDynanticError(self, error, code):
        self.assertTrue(error.matches(Dynantic.error_quark(), code), '%s is not %s' % (error, code))

    def test_optimistic_locking(self):
        doc = Doc(doc_id='d-1', text='first')
        doc.save()
        self.assertEqual(doc.props.version, 1)
        stale = Dynantic.Model.get_by_key_full(Doc, True, 'd-1')
        doc.props.text = 'second'
        doc.save()
        self.assertEqual(doc.props.version, 2)
        stale.props.text = 'stale'
        with self.assertRaises(GLib.Error) as caught:
            stale.save()
        self.assertDynanticError(caught.exception, Dynantic.Error.CONDITIONAL_CHECK_FAILED)
        self.assertEqual(stale.props.version, 1)
        # PyGObject rebuilds the error from domain, code and message; its
        # details are reachable all the same (the current item, here)
        current = Dynantic.error_get_item(caught.exception)
        self.assertIsInstance(current, Doc)
        self.assertEqual((current.props.version, current.props.text), (2, 'second'))
        # (a NULL array reads as an empty list)
        self.assertEqual(Dynantic.error_get_cancellation_details(caught.exception), [])
        self.assertEqual(Dynantic.error_get_unprocessed(caught.exception), [])
        self.assertEqual(Dynantic.error_get_processed(caught.exception), [])
        patch = doc.patch().set_value('text', 'patched')
        patch.execute()
        self.assertEqual(doc.props.version, 3)
        self.assertEqual(Dynantic.Model.get_by_key_full(Doc, True, 'd-1').props.text, 'patched')


    def test_batch_write(self):
        batch = Dynantic.BatchWrite.new(None)
        progress = []
        batch.connect('progress', lambda b, done, retried, total, capacity: progress.append((done, total)))
        items = [Item(item_id='i-%d' % i, count=i) for i in range(30)]
        for item in items:
            self.assertIs(batch.save(item), batch)
        Item(item_id='gone', count=0).save()
        batch.delete(Item(item_id='gone')).delete_key(Item, 'never', None)
        batch.set_last_wins(False).set_skip_version_check(False).set_max_attempts(0).set_max_in_flight(2)
        self.assertTrue(batch.execute())
        self.assertEqual(batch.get_n_requests(), 32)
        self.assertEqual(len(batch.get_processed()), 32)
        self.assertEqual(batch.get_unprocessed(), [])
        self.assertEqual(batch.get_n_retried(), 0)
        self.assertGreaterEqual(batch.get_consumed_capacity(), 32.0)
        self.assertEqual(progress[-1], (32, 32))
        self.assertIsNone(Dynantic.Model.get_by_key_full(Item, True, 'gone'))
        self.assertEqual(Dynantic.Model.get_by_key_full(Item, True, 'i-29').props.count, 29)
        # two requests for one item: refused before sending
        dup = Dynantic.BatchWrite.new(self.client).save(Item(item_id='d', count=1)).save(Item(item_id='d', count=2))
        with self.assertRaises(GLib.Error) as caught:
            dup.execute()
        self.assertDynanticError(caught.exception, Dynantic.Error.INVALID_ARGUMENT)
        self.assertEqual(len(dup.get_unprocessed()), 2)
        # asynchronously
        later = Dynantic.BatchWrite.new(self.client).save(Item(item_id='async', count=5))
        self.assertTrue(run_async(lambda cb: later.execute_async(None, cb), later.execute_finish))
        self.assertEqual(Dynantic.Model.get_by_key_full(Item, True, 'async').props.count, 5)

    def test_batch_writer(self):
        writer = Dynantic.BatchWriter.new(None)
        self.assertIs(writer.set_last_wins(True).set_skip_version_check(False).set_max_attempts(0), writer)
        for i in range(26):
            self.assertTrue(writer.save(Item(item_id='w-%d' % i, count=i)))
        self.assertEqual(writer.get_n_pending(), 1)
        self.assertTrue(writer.delete(Item(item_id='w-0')))
        self.assertEqual([i.props.item_id for i in writer.get_pending()], ['w-25', 'w-0'])
        self.assertTrue(writer.flush())
        self.assertIsNone(Dynantic.Model.get_by_key_full(Item, True, 'w-0'))
        self.assertTrue(run_async(lambda cb: writer.save_async(Item(item_id='w-a'), None, cb), writer.save_finish))
        self.assertTrue(run_async(lambda cb: writer.delete_async(Item(item_id='w-1'), None, cb), writer.delete_finish))
        self.assertTrue(run_async(lambda cb: writer.flush_async(None, cb), writer.flush_finish))
        self.assertTrue(writer.save(Item(item_id='w-b')))
        self.assertTrue(run_async(lambda cb: writer.close_async(None, cb), writer.close_finish))
        self.assertTrue(writer.get_closed())
        self.assertTrue(writer.close())
        self.assertIsNone(Dynantic.Model.get_by_key_full(Item, True, 'w-1'))
        self.assertIsNotNone(Dynantic.Model.get_by_key_full(Item, True, 'w-b'))
        # what a writer holds can be taken out of it
        other = Dynantic.BatchWriter.new(self.client)
        other.save(Item(item_id='w-taken'))
        self.assertEqual([i.props.item_id for i in other.take_pending()], ['w-taken'])
        self.assertEqual(other.get_n_pending(), 0)


    def test_transactions(self):
        Item(item_id='t-gone', count=1).save()
        Item(item_id='t-checked', count=2).save()
        doc = Doc(doc_id='t-doc', text='in a transaction')
        bump = Dynantic.Update.new(Item, 't-counter', None, None).add('count', 5)
        transaction = Dynantic.TransactWrite.new(None)
        self.assertIs(transaction.put(doc, None).update(bump), transaction)
        transaction.delete_key(Item, 't-gone', None, None).check_key(Item, 't-checked', None, Dynantic.Condition.eq('count', 2))
        self.assertIs(transaction.set_client_request_token(None).set_retry_conflicts(False), transaction)
        self.assertEqual(transaction.get_n_actions(), 4)
        self.assertTrue(transaction.execute())
        self.assertEqual(len(transaction.get_client_request_token()), 36)
        self.assertEqual(transaction.get_cancellation_reasons(), [])
        self.assertGreater(transaction.get_consumed_capacity(), 0)
        self.assertEqual(doc.props.version, 1)
        self.assertEqual(Dynantic.Model.get_by_key_full(Item, True, 't-counter').props.count, 5)
        self.assertIsNone(Dynantic.Model.get_by_key_full(Item, True, 't-gone'))
        # a failed check cancels it all: the reasons, from the transaction
        failing = Dynantic.TransactWrite.new(self.client).put(Item(item_id='t-never'), None)
        failing.check(Item(item_id='t-checked'), Dynantic.Condition.eq('count', 3)).delete(doc, None)
        with self.assertRaises(GLib.Error) as caught:
            failing.execute()
        self.assertDynanticError(caught.exception, Dynantic.Error.TRANSACTION_CANCELED)
        # PyGObject rebuilds the error; its details are reachable all the same
        self.assertEqual(list(Dynantic.error_get_cancellation_reasons(caught.exception)),
                         ['None', 'ConditionalCheckFailed', 'None'])
        details = Dynantic.Error.get_details(caught.exception).get_cancellation_details()
        self.assertEqual([r.get_code() for r in details], ['None', 'ConditionalCheckFailed', 'None'])
        self.assertEqual(details[1].get_item().props.count, 2)
        reasons = failing.get_cancellation_reasons()
        self.assertEqual([r.get_code() for r in reasons], ['None', 'ConditionalCheckFailed', 'None'])
        self.assertIsNotNone(reasons[1].get_message())
        self.assertEqual(reasons[1].get_item().props.count, 2)
        self.assertIsNone(reasons[0].get_item())
        self.assertIsNone(Dynantic.Model.get_by_key_full(Item, True, 't-never'))
        # two actions on one item: refused before sending
        twice = Dynantic.TransactWrite.new(self.client).put(Item(item_id='t-x'), None).delete(Item(item_id='t-x'), None)
        with self.assertRaises(GLib.Error) as caught:
            twice.execute()
        self.assertDynanticError(caught.exception, Dynantic.Error.INVALID_ARGUMENT)
        self.assertIsNone(twice.get_client_request_token())
        later = Dynantic.TransactWrite.new(self.client).put(Item(item_id='t-async', count=9), None)
        self.assertTrue(run_async(lambda cb: later.execute_async(None, cb), later.execute_finish))
        # reads, in order, None for the missing
        get = Dynantic.TransactGet.new(None)
        self.assertIs(get.add_key(Item, 't-async', None).add_key(Doc, 'nobody', None).add(Doc(doc_id='t-doc')), get)
        self.assertEqual(get.get_n_keys(), 3)
        self.assertTrue(get.execute())
        items = get.get_items()
        self.assertEqual(items[0].props.count, 9)
        self.assertIsNone(items[1])
        self.assertEqual(items[2].props.version, 1)
        self.assertIsNone(get.lookup(1))
        self.assertEqual(get.get_cancellation_reasons(), [])
        self.assertTrue(run_async(lambda cb: get.execute_async(None, cb), get.execute_finish))
        self.assertEqual(get.lookup(0).props.count, 9)

    def test_batch_get(self):
        writer = Dynantic.BatchWriter.new(self.client)
        for i in range(5):
            writer.save(Item(item_id='g-%d' % i, count=i))
        writer.close()
        batch = Dynantic.BatchGet.new(None)
        progress = []
        batch.connect('progress', lambda b, done, retried, total, capacity: progress.append((done, total)))
        self.assertIs(batch.add_key(Item, 'g-3', None).add(Item(item_id='nope')).add_key(Item, 'g-1', None), batch)
        self.assertIs(batch.set_consistent(True).set_projection(['count']).set_max_attempts(0).set_max_in_flight(1), batch)
        self.assertTrue(batch.execute())
        self.assertEqual(batch.get_n_keys(), 3)
        self.assertEqual([i.props.count for i in batch.get_items()], [3, 1])
        self.assertEqual(batch.lookup(0).props.item_id, 'g-3')
        self.assertIsNone(batch.lookup(1))
        self.assertEqual([k.props.item_id for k in batch.get_missing()], ['nope'])
        self.assertEqual(batch.get_unprocessed(), [])
        self.assertEqual(batch.get_n_retried(), 0)
        self.assertGreater(batch.get_consumed_capacity(), 0)
        self.assertEqual(progress[-1], (3, 3))
        self.assertTrue(run_async(lambda cb: batch.execute_async(None, cb), batch.execute_finish))
        # the stream
        stream = Dynantic.BatchGet.new(self.client)
        for i in range(5):
            stream.add_key(Item, 'g-%d' % (4 - i), None)
        iterator = stream.iterate()
        seen = [iterator.next().props.count,
                run_async(lambda cb: iterator.next_async(None, cb), iterator.next_finish).props.count]
        while True:
            item = iterator.next()
            if item is None:
                break
            seen.append(item.props.count)
        self.assertEqual(seen, [4, 3, 2, 1, 0])


if __name__ == '__main__':
    unittest.main(verbosity=2)
