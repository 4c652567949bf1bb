// Animals: single-table polymorphism with a discriminator.
//
//     examples/run.sh js animals
//
// SPDX-License-Identifier: LGPL-2.1-or-later
import GObject from 'gi://GObject';
import Dynantic from 'gi://Dynantic?version=1';

import {withTables} from './tables.js';

const rw = GObject.ParamFlags.READWRITE;
const Animal = GObject.registerClass({
    GTypeName: 'ExampleAnimal',
    Properties: {
        'animal_id': GObject.ParamSpec.string('animal_id', '', '', rw, null),
        'kind': GObject.ParamSpec.string('kind', '', '', rw, null),
    },
}, class Animal extends Dynantic.Model {});

const Dog = GObject.registerClass({
    GTypeName: 'ExampleDog',
    Properties: {
        'breed': GObject.ParamSpec.string('breed', '', '', rw, null),
    },
}, class Dog extends Animal {
    describe() {
        return `${this.animal_id} is a dog, ${this.breed}`;
    }
});

const Cat = GObject.registerClass({
    GTypeName: 'ExampleCat',
    Properties: {
        'lives_remaining': GObject.ParamSpec.int('lives_remaining', '', '', rw, 0, 9, 9),
    },
}, class Cat extends Animal {
    describe() {
        return `${this.animal_id} is a cat with ${this.lives_remaining} lives`;
    }
});

Animal.set_table('example-js-animals');
Animal.set_partition_key('animal_id');
// Each item names its class; reads through Animal make objects of it.
Animal.set_discriminator('kind');
Animal.register_subtype('DOG', Dog);
Animal.register_subtype('CAT', Cat);

await withTables([Animal], async () => {
    await new Dog({animal_id: 'rex', breed: 'Labrador'}).save_async(null, null);
    await new Cat({animal_id: 'tom', lives_remaining: 7}).save_async(null, null);

    const animals = await Dynantic.Scan.new(Animal, null).all_async(null);
    for (const animal of animals.sort((a, b) => a.animal_id.localeCompare(b.animal_id)))
        print(animal.describe());

    const dogs = await Dynantic.Scan.new(Dog, null).all_async(null);
    print(`dogs only: ${dogs.map(d => d.animal_id).join(' ')}`);
});
