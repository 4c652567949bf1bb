// Orders: a sort key, key conditions, and pagination with cursors, as a
// stateless API would page through them; exact decimals as strings.
//
//     examples/run.sh js orders
//
// SPDX-License-Identifier: LGPL-2.1-or-later
import GObject from 'gi://GObject';
import Dynantic from 'gi://Dynantic?version=1';

import {withTables} from './tables.js';

const rw = GObject.ParamFlags.READWRITE;
const Order = GObject.registerClass({
    GTypeName: 'ExampleOrder',
    Properties: {
        'customer_id': GObject.ParamSpec.string('customer_id', '', '', rw, null),
        'order_id': GObject.ParamSpec.string('order_id', '', '', rw, null),
        'total': GObject.ParamSpec.string('total', '', '', rw, '0'),
        'status': GObject.ParamSpec.string('status', '', '', rw, 'pending'),
    },
}, class Order extends Dynantic.Model {});

Order.set_table('example-js-orders');
Order.set_partition_key('customer_id');
Order.set_sort_key('order_id');
Order.set_number('total');   // a decimal: a string in JavaScript, an exact N in DynamoDB

// Pages one request at a time, each from the cursor of the one before.
async function* pagesOf(read) {
    let cursor = null;
    do {
        const page = await read.page_async(cursor, null);
        yield page;
        cursor = page.get_cursor();   // an opaque string: hand it to the client, take it back
    } while (cursor !== null);
}

const customerOrders = () => Dynantic.Query.new(Order, 'customer-456', null);

await withTables([Order], async () => {
    for (let n = 1; n <= 25; n++) {
        const cents = n * 999;
        await new Order({
            customer_id: 'customer-456', order_id: `order-${String(n).padStart(3, '0')}`,
            total: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`,
            status: n % 3 === 0 ? 'shipped' : 'pending',
        }).save_async(null, null);
    }

    let pages = 0;
    for await (const page of pagesOf(customerOrders().limit(10))) {
        const items = page.get_items();
        print(`page ${++pages}: ${items[0].order_id} .. ${items[items.length - 1].order_id} (${items.length} items)`);
    }

    const shipped = await customerOrders().filter(Dynantic.Condition.eq('status', 'shipped')).count_async(null);
    print(`shipped: ${shipped}`);

    const early = await customerOrders().between('order-001', 'order-005').all_async(null);
    print(`first five: ${early.map(o => o.total).join(' ')}`);

    // A scan (every customer's orders) with a compound filter.
    const bigPending = Dynantic.Condition.andv([
        Dynantic.Condition.gt('total', '200'),
        Dynantic.Condition.eq('status', 'pending'),
    ]);
    print(`pending over 200 (a scan): ${await Dynantic.Scan.new(Order, null).filter(bigPending).count_async(null)}`);
});
