"""Single-table polymorphism: Discriminator() and @Base.register."""
import pytest

from dynantic import Attr, Discriminator, DynamoModel, Key

from conftest import table_name


class Animal(DynamoModel):
    animal_id: str = Key()
    type: str = Discriminator()
    name: str = ''

    class Meta:
        table_name = table_name('animals')


@Animal.register('DOG')
class Dog(Animal):
    breed: str


@Animal.register('CAT')
class Cat(Animal):
    lives_remaining: int = 9


@pytest.fixture(scope='module', autouse=True)
def zoo(module_tables, boto):
    module_tables(Animal)
    Dog(animal_id='d1', name='Rex', breed='Lab').save()
    Dog(animal_id='d2', name='Fido', breed='Pug').save()
    Cat(animal_id='c1', name='Tom', lives_remaining=7).save()
    Animal(animal_id='a1', name='Thing').save()
    boto.put_item(TableName=Animal.Meta.table_name,
                  Item={'animal_id': {'S': 'x1'}, 'type': {'S': 'FISH'}, 'name': {'S': 'Nemo'}})


def test_the_discriminator_is_written(boto):
    item = boto.get_item(TableName=Animal.Meta.table_name, Key={'animal_id': {'S': 'd1'}})['Item']
    assert item['type'] == {'S': 'DOG'} and item['breed'] == {'S': 'Lab'}


def test_reads_through_the_base_return_subclasses():
    animals = {a.animal_id: a for a in Animal.scan()}
    assert type(animals['d1']) is Dog and animals['d1'].breed == 'Lab'
    assert type(animals['c1']) is Cat and animals['c1'].lives_remaining == 7
    assert type(animals['a1']) is Animal
    assert type(animals['x1']) is Animal and animals['x1'].type == 'FISH'     # unknown: the base
    assert type(Animal.get('d2')) is Dog


def test_subclass_reads_return_only_their_kind():
    assert sorted(d.animal_id for d in Dog.scan()) == ['d1', 'd2']
    assert [c.animal_id for c in Cat.scan().all()] == ['c1']
    assert Dog.scan().filter(Attr('breed') == 'Pug').one().name == 'Fido'
    assert Dog.get('c1') is None


def test_subclass_fields_are_validated():
    with pytest.raises(ValueError):
        Dog(animal_id='d3')
