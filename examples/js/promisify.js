// The _async/_finish pairs the examples await, as functions that return a
// promise when called without a callback (Gio._promisify). Import this once:
//
//     import './promisify.js';
//
// SPDX-License-Identifier: LGPL-2.1-or-later
import Gio from 'gi://Gio';
import Dynantic from 'gi://Dynantic?version=1';

const pairs = [
    [Dynantic.Model.prototype, ['save', 'create', 'delete_item', 'reload']],
    [Dynantic.Model, ['get_by_key', 'get_by_key_full', 'delete_by_key']],
    [Dynantic.Read.prototype, ['all', 'first', 'one', 'count', 'page']],
    [Dynantic.Scan.prototype, ['parallel']],
    [Dynantic.Iterator.prototype, ['next']],
    [Dynantic.Results.prototype, ['load_more']],
    [Dynantic.Update.prototype, ['execute']],
    [Dynantic.BatchWrite.prototype, ['execute']],
    [Dynantic.BatchWriter.prototype, ['save', 'delete', 'flush', 'close']],
    [Dynantic, ['table_create', 'table_wait_until_active', 'table_delete']],
];

for (const [owner, names] of pairs) {
    for (const name of names) {
        if (owner[`${name}_async`] !== undefined)
            Gio._promisify(owner, `${name}_async`, `${name}_finish`);
    }
}
