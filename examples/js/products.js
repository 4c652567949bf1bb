// Products: a model, save, get, fetch-and-save, delete (the seed's CRUD).
//
//     examples/run.sh js products
//
// SPDX-License-Identifier: LGPL-2.1-or-later
import GObject from 'gi://GObject';
import Dynantic from 'gi://Dynantic?version=1';

import {withTables} from './tables.js';

const rw = GObject.ParamFlags.READWRITE;
const Product = GObject.registerClass({
    GTypeName: 'ExampleProduct',
    Properties: {
        'product_id': GObject.ParamSpec.string('product_id', '', '', rw, null),
        'name': GObject.ParamSpec.string('name', '', '', rw, null),
        'price': GObject.ParamSpec.double('price', '', '', rw, 0, Number.MAX_VALUE, 0),
    },
}, class Product extends Dynantic.Model {});

Product.set_table('example-js-products');
Product.set_partition_key('product_id');
Product.set_required('name');

await withTables([Product], async () => {
    const product = new Product({product_id: 'prod-123', name: 'Widget', price: 29.99});
    await product.save_async(null, null);
    print('saved prod-123: Widget at 29.99');

    // Read (null when there is no such item), change, save.
    const found = await Dynantic.Model.get_by_key_async(Product, 'prod-123', null, null);
    found.price = 34.99;
    await found.save_async(null, null);
    const again = await Dynantic.Model.get_by_key_async(Product, 'prod-123', null, null);
    print(`price now ${again.price.toFixed(2)}`);

    await Dynantic.Model.delete_by_key_async(Product, 'prod-123', null, null, null, null);
    const gone = await Dynantic.Model.get_by_key_async(Product, 'prod-123', null, null);
    print(`after delete: ${gone === null ? 'none' : 'still there'}`);
});
