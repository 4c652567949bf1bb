#!/usr/bin/python3
"""Animals: single-table polymorphism with a discriminator."""
from dynantic import DynamoModel, Key, Discriminator

from local_tables import tables


class Animal(DynamoModel):
    animal_id: str = Key()
    type: str = Discriminator()

    class Meta:
        table_name = "example-animals"


@Animal.register("DOG")
class Dog(Animal):
    breed: str


@Animal.register("CAT")
class Cat(Animal):
    lives_remaining: int


def main():
    Dog(animal_id="rex", breed="Labrador").save()
    Cat(animal_id="tom", lives_remaining=7).save()

    for animal in sorted(Animal.scan(), key=lambda a: a.animal_id):
        if isinstance(animal, Dog):
            print(animal.animal_id, "is a dog,", animal.breed)
        elif isinstance(animal, Cat):
            print(animal.animal_id, "is a cat with", animal.lives_remaining, "lives")
    print("dogs only:", [d.animal_id for d in Dog.scan()])


if __name__ == "__main__":
    with tables(Animal):
        main()
