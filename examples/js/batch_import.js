// A batch import: many items written 25 a request, with progress; a batch
// writer for a stream of rows; what was not written is never dropped.
//
//     examples/run.sh js batch_import
//
// SPDX-License-Identifier: LGPL-2.1-or-later
import GObject from 'gi://GObject';
import Dynantic from 'gi://Dynantic?version=1';

import {withTables} from './tables.js';

const rw = GObject.ParamFlags.READWRITE;
const Stock = GObject.registerClass({
    GTypeName: 'ExampleStock',
    Properties: {
        'sku': GObject.ParamSpec.string('sku', '', '', rw, null),
        'warehouse': GObject.ParamSpec.string('warehouse', '', '', rw, null),
        'quantity': GObject.ParamSpec.int64('quantity', '', '', rw, 0, Number.MAX_SAFE_INTEGER, 0),
    },
}, class Stock extends Dynantic.Model {});

Stock.set_table('example-js-stock');
Stock.set_partition_key('sku');
Stock.set_sort_key('warehouse');

// Row n of the import (from 1): what a CSV reader would give.
const stockRow = n => new Stock({
    sku: `sku-${String(n).padStart(3, '0')}`,
    warehouse: n % 2 ? 'north' : 'south',
    quantity: n * 3,
});

await withTables([Stock], async () => {
    // The first 100 rows in one batch: 4 requests of 25, sent at once.
    const batch = Dynantic.BatchWrite.new(null);
    for (let n = 1; n <= 100; n++)
        batch.save(stockRow(n));
    // After each round of each chunk, several chunks being in flight.
    let furthest = 0;
    batch.connect('progress', (_batch, done) => {
        furthest = Math.max(furthest, done);
    });
    try {
        await batch.execute_async(null);
    } catch (e) {
        // Nothing is lost: these can be written later.
        print(`not written, to retry later: ${batch.get_unprocessed().length}`);
        throw e;
    }
    print(`batch: ${batch.get_processed().length} written, progress reported ${furthest} of ${batch.get_n_requests()}`);

    // The rest as a stream: the writer sends every 25, and the rest when closed.
    const writer = Dynantic.BatchWriter.new(null);
    for (let n = 101; n <= 120; n++)
        await writer.save_async(stockRow(n), null);
    await writer.delete_async(new Stock({sku: 'sku-001', warehouse: 'north'}), null);
    await writer.close_async(null);
    print(`writer: closed, ${writer.get_n_pending()} pending`);

    const count = await Dynantic.Scan.new(Stock, null).count_async(null);
    print(`items now: ${count}`);
});
