"""CRUD: save, create, get, delete, delete_item, conditions on writes."""
import pytest

from dynantic import (Attr, ConditionalCheckFailedError, DynamoModel, Key, SortKey, ValidationError)

from conftest import table_name


class Product(DynamoModel):
    product_id: str = Key()
    name: str
    price: float = 0.0
    stock: int = 0

    class Meta:
        table_name = table_name('crud-products')


class Order(DynamoModel):
    customer_id: str = Key()
    order_id: str = SortKey()
    total: float = 0.0

    class Meta:
        table_name = table_name('crud-orders')


@pytest.fixture(scope='module', autouse=True)
def crud_tables(module_tables):
    module_tables(Product, Order)


def test_save_get_update_delete():
    Product(product_id='p1', name='Widget', price=29.99).save()
    found = Product.get('p1')
    assert isinstance(found, Product)
    assert (found.product_id, found.name, found.price, found.stock) == ('p1', 'Widget', 29.99, 0)
    found.price = 34.99
    found.save()
    assert Product.get('p1', consistent=True).price == 34.99
    Product.delete('p1')
    assert Product.get('p1', consistent=True) is None


def test_get_absent_is_none_and_delete_absent_is_fine():
    assert Product.get('nothing-here') is None
    Product.delete('nothing-here')


def test_delete_item():
    Product(product_id='p2', name='Gadget').save()
    product = Product.get('p2', consistent=True)
    product.delete_item()
    assert Product.get('p2', consistent=True) is None


def test_create_refuses_a_taken_key():
    created = Product.create(product_id='p3', name='Once')
    assert isinstance(created, Product) and created.name == 'Once'
    with pytest.raises(ConditionalCheckFailedError) as caught:
        Product.create(product_id='p3', name='Twice')
    assert caught.value.code == 'ConditionalCheckFailedException'
    assert Product.get('p3', consistent=True).name == 'Once'


def test_conditional_save_and_delete():
    Product(product_id='p4', name='Cond', stock=5).save()
    with pytest.raises(ConditionalCheckFailedError):
        Product(product_id='p4', name='Cond', stock=6).save(condition=Attr('stock') == 4)
    Product(product_id='p4', name='Cond', stock=6).save(condition=Attr('stock') == 5)
    with pytest.raises(ConditionalCheckFailedError):
        Product.delete('p4', condition=Attr('stock') == 0)
    with pytest.raises(ConditionalCheckFailedError):
        Product.get('p4', consistent=True).delete_item(condition=Product.stock > 6)
    Product.delete('p4', condition=(Attr('stock') == 6) & Attr('name').exists())
    assert Product.get('p4', consistent=True) is None


def test_sort_keys():
    Order(customer_id='c1', order_id='o1', total=10.0).save()
    assert Order.get('c1', 'o1').total == 10.0
    assert Order.get('c1', 'o2') is None
    Order.delete('c1', 'o1')
    assert Order.get('c1', 'o1', consistent=True) is None


def test_key_values_are_checked_before_sending():
    with pytest.raises(ValidationError):
        Product.get('')
    with pytest.raises(ValidationError) as caught:
        Product.get(42)
    assert caught.value.fields == ['product_id']
    with pytest.raises(ValidationError):
        Product.get('p1', 'no-sort-key')


def test_refresh_reads_the_stored_values():
    product = Product(product_id='p5', name='Old')
    product.save()
    Product(product_id='p5', name='New').save()
    product.refresh()
    assert product.name == 'New'
