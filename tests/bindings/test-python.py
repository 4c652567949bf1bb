#!/usr/bin/python3
"""The API from plain PyGObject (no override), against DynamoDB Local.

A model declared the way Python declares GObject properties (underscore
names), saved, read by its partition key alone, queried with a chained
filter, updated; error codes and details; every public type made with no
arguments. Run by meson test with GI_TYPELIB_PATH and LD_LIBRARY_PATH on the
build tree and DYNANTIC_TEST_ENDPOINT set (tests/bindings/run-with-server.sh).
"""
import os
import sys
import time
import unittest

import gi

gi.require_version('Dynantic', '1')
gi.require_version('GLib', '2.0')
from gi.repository import Dynantic, GLib, GObject  # noqa: E402

SUFFIX = '%d-%d' % (os.getpid(), int(time.time() * 1000) % 1000000000)


class Product(Dynantic.Model):
    __gtype_name__ = 'PyTestProduct'
    product_id = GObject.Property(type=str)
    name = GObject.Property(type=str)
    price = GObject.Property(type=float, minimum=0, maximum=1e9)
    login_count = GObject.Property(type=GObject.TYPE_INT64)


class Order(Dynantic.Model):
    __gtype_name__ = 'PyTestOrder'
    customer_id = GObject.Property(type=str)
    order_date = GObject.Property(type=str)
    total = GObject.Property(type=float)


# Class-level calls, on the class, with the property names as Python spells them.
Product.set_table('py-products-' + SUFFIX)
Product.set_partition_key('product_id')
Order.set_table('py-orders-' + SUFFIX)
Order.set_partition_key('customer_id')
Order.set_sort_key('order_date')


def make_client():
    credentials = Dynantic.Credentials.new('DynanticTestKey', 'DynanticTestSecret', None)
    return Dynantic.Client(endpoint=os.environ['DYNANTIC_TEST_ENDPOINT'], region='us-east-1',
                           credentials_provider=Dynantic.CredentialsProvider.new_static(credentials))


class PythonBindingTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client = make_client()
        Product.set_client(cls.client)
        Order.set_client(cls.client)
        for model in (Product, Order):
            Dynantic.table_create(model)
            Dynantic.table_wait_until_active(model, 60)

    @classmethod
    def tearDownClass(cls):
        for model in (Product, Order):
            Dynantic.table_delete(model)

    def assertDynanticError(self, error, code):
        self.assertTrue(error.matches(Dynantic.error_quark(), code), '%s is not %s' % (error, code))

    def test_class_level_calls(self):
        self.assertIs(Product.get_client(), self.client)
        self.assertEqual(Product.get_table(), 'py-products-' + SUFFIX)
        self.assertTrue(Product.check_schema())
        # the class struct's methods are reachable explicitly too, as in gom's Gom.py
        self.assertEqual(Dynantic.ModelClass.get_table(Order), 'py-orders-' + SUFFIX)
        item = Product(product_id='own-client', name='x')
        self.assertIs(item.get_instance_client(), self.client)
        other = make_client()
        item.set_instance_client(other)
        self.assertIs(item.get_instance_client(), other)
        self.assertIs(Product.get_client(), self.client)

    def test_save_and_get_by_partition_key_alone(self):
        Product(product_id='p-1', name='Widget', price=29.99, login_count=2**40).save()
        found = Dynantic.Model.get_by_key(Product, 'p-1')
        self.assertIsInstance(found, Product)
        self.assertEqual(found.props.name, 'Widget')
        self.assertEqual(found.props.price, 29.99)
        self.assertEqual(found.props.login_count, 2**40)
        self.assertIsNone(Dynantic.Model.get_by_key(Product, 'absent'))
        consistent = Dynantic.Model.get_by_key_full(Product, True, 'p-1', None, self.client)
        self.assertIs(consistent.get_instance_client(), self.client)
        self.assertTrue(Dynantic.Model.delete_by_key(Product, 'p-1'))
        self.assertIsNone(Dynantic.Model.get_by_key(Product, 'p-1'))

    def test_query_with_chained_filter(self):
        for date, total in (('2024-01-05', 10.5), ('2024-01-20', 99.99), ('2024-02-03', 5.0), ('2023-12-31', 50.0)):
            Order(customer_id='c-1', order_date=date, total=total).save()
        query = Dynantic.Query.new(Order, 'c-1')
        chained = query.begins_with('2024-').filter(Dynantic.Condition.gt('total', 6)).limit(5)
        self.assertIs(chained, query)
        self.assertIsInstance(chained, Dynantic.Query)
        self.assertEqual((Dynantic.CONDITION_MAX_DEPTH, Dynantic.CONDITION_MAX_IN_VALUES), (256, 100))
        self.assertEqual([o.props.order_date for o in query.all()], ['2024-01-05', '2024-01-20'])
        # both spellings of a property name, in filters and projections
        by_dashed = Dynantic.Query.new(Order, 'c-1').ge('2024-01-20').filter(Dynantic.Condition.lt('total', 60))
        projected = by_dashed.project(['order-date', 'total']).all()
        self.assertEqual([(o.props.order_date, o.props.total, o.props.customer_id) for o in projected],
                         [('2024-02-03', 5.0, '')])
        scan = Dynantic.Scan.new(Order).filter(Dynantic.Condition.lt('total', 6)).consistent(True)
        self.assertEqual([o.props.total for o in scan.all()], [5.0])
        page = Dynantic.Query.new(Order, 'c-1').limit(2).page()
        self.assertEqual(len(page.get_items()), 2)
        self.assertTrue(page.get_has_more())
        rest = Dynantic.Query.new(Order, 'c-1').page(page.get_cursor())
        self.assertEqual([o.props.order_date for o in rest.get_items()], ['2024-01-20', '2024-02-03'])

    def test_update(self):
        Product(product_id='p-2', name='Gadget', login_count=1).save()
        update = Dynantic.Update.new(Product, 'p-2')
        self.assertIs(update.add('login_count', 2).set_value('name', 'Gizmo'), update)
        update.set_return_values(Dynantic.ReturnValues.ALL_NEW).execute()
        returned = update.get_returned_item()
        self.assertEqual((returned.props.name, returned.props.login_count), ('Gizmo', 3))
        # a path naming a property (dashed) is its attribute, with its type checks
        counted = Dynantic.Query.new(Product, 'p-2').filter(Dynantic.Condition.eq('login-count', 3)).all()
        self.assertEqual(len(counted), 1)
        with self.assertRaises(GLib.Error) as caught:
            Dynantic.Query.new(Product, 'p-2').filter(Dynantic.Condition.eq('login-count', 'three')).all()
        self.assertDynanticError(caught.exception, Dynantic.Error.VALIDATION)
        self.assertIn('login-count', caught.exception.message)

    def test_error_codes_and_details(self):
        item = Product(product_id='p-3', name='Once')
        item.create()
        with self.assertRaises(GLib.Error) as caught:
            Product(product_id='p-3', name='Twice').create()
        self.assertDynanticError(caught.exception, Dynantic.Error.CONDITIONAL_CHECK_FAILED)
        # PyGObject keeps only domain, code and message: the details come back all the same
        details = Dynantic.Error.get_details(caught.exception)
        self.assertEqual(details.get_code(), Dynantic.Error.CONDITIONAL_CHECK_FAILED)
        self.assertEqual(details.get_service_code(), 'ConditionalCheckFailedException')
        self.assertEqual(details.get_http_status(), 400)
        self.assertTrue(details.get_request_id())
        self.assertFalse(details.get_retryable())
        self.assertEqual(details.get_cancellation_reasons(), [])
        current = details.get_item()
        self.assertIsInstance(current, Product)
        self.assertEqual(current.props.name, 'Once')
        self.assertEqual(Dynantic.Error.get_service_code(caught.exception), 'ConditionalCheckFailedException')

        with self.assertRaises(GLib.Error) as caught:
            Product(product_id='', name='No key').save()
        self.assertDynanticError(caught.exception, Dynantic.Error.VALIDATION)
        self.assertIn('product-id', caught.exception.message)
        self.assertEqual(Dynantic.Error.get_fields(caught.exception), ['product-id'])
        self.assertEqual(Dynantic.Error.get_details(caught.exception).get_fields(), ['product-id'])

    def test_error_details_of_a_network_failure(self):
        # a failure without a response: retryable, no status, no request id
        credentials = Dynantic.Credentials.new('DynanticTestKey', 'DynanticTestSecret', None)
        unreachable = Dynantic.Client(endpoint='http://127.0.0.1:1', region='us-east-1', max_attempts=1,
                                      credentials_provider=Dynantic.CredentialsProvider.new_static(credentials))
        item = Product(product_id='p-5', name='Nowhere')
        item.set_instance_client(unreachable)
        with self.assertRaises(GLib.Error) as caught:
            item.save()
        self.assertDynanticError(caught.exception, Dynantic.Error.NETWORK)
        details = Dynantic.Error.get_details(caught.exception)
        self.assertEqual((details.get_code(), details.get_retryable(), details.get_http_status(),
                          details.get_request_id(), details.get_service_code(), details.get_fields(),
                          details.get_cancellation_reasons()),
                         (Dynantic.Error.NETWORK, True, 0, None, None, [], []))
        self.assertTrue(Dynantic.Error.is_retryable(caught.exception))

    def test_objects_made_without_arguments(self):
        for make, call in ((Dynantic.Iterator, lambda o: o.next()),
                           (Dynantic.Results, lambda o: o.load_more()),
                           (Dynantic.Update, lambda o: o.set_value('a', 1).remove('b').execute()),
                           (Dynantic.Query, lambda o: o.begins_with('x').filter(Dynantic.Condition.attribute_exists('a')).all()),
                           (Dynantic.Scan, lambda o: o.segment(0, 2).limit(1).count()),
                           (Dynantic.Scan, lambda o: o.parallel(2))):
            with self.assertRaises(GLib.Error) as caught:
                call(make())
            self.assertDynanticError(caught.exception, Dynantic.Error.INVALID_ARGUMENT)
        results = Dynantic.Results()
        self.assertEqual((results.get_n_items(), results.get_has_more(), results.get_loading()), (0, False, False))
        self.assertEqual(results.get_item_type(), Dynantic.Model.__gtype__)
        page = Dynantic.Page()
        self.assertEqual((page.get_items(), page.get_count(), page.get_has_more(), page.get_cursor()),
                         ([], 0, False, None))
        self.assertIsNone(Dynantic.Update().get_returned_item())
        empty = Dynantic.ErrorDetails()
        self.assertEqual((empty.get_code(), empty.get_fields(), empty.get_item(), empty.get_unprocessed()),
                         (0, [], None, []))
        self.assertGreaterEqual(Dynantic.Client().get_max_attempts(), 1)
        for abstract in (Dynantic.Model, Dynantic.Read, Dynantic.CredentialsProvider):
            with self.assertRaises(TypeError):
                abstract()
        for boxed in (Dynantic.Condition, Dynantic.Credentials):
            with self.assertRaises(TypeError):
                boxed()


if __name__ == '__main__':
    unittest.main(verbosity=2)
