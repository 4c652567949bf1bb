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

MODELS = (Doc,)


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
        # PyGObject rebuilds the error from domain, code and message: the
        # details the C error carries are not reachable from it (yet).
        self.assertIsNone(Dynantic.error_get_item(caught.exception))
        # (a NULL array reads as an empty list)
        self.assertEqual(Dynantic.error_get_cancellation_details(caught.exception), [])
        self.assertEqual(Dynantic.error_get_unprocessed(caught.exception), [])
        self.assertEqual(Dynantic.error_get_processed(caught.exception), [])
        patch = doc.patch().set_value('text', 'patched')
        patch.execute()
        self.assertEqual(doc.props.version, 3)
        self.assertEqual(Dynantic.Model.get_by_key_full(Doc, True, 'd-1').props.text, 'patched')


if __name__ == '__main__':
    unittest.main(verbosity=2)
