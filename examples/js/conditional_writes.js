// Conditional writes: create if absent, delete only if settled, and a stale
// write refused (the version checked by hand, as the seed does; a class can
// have Dynantic check it on every write with set_version()).
//
//     examples/run.sh js conditional_writes
//
// SPDX-License-Identifier: LGPL-2.1-or-later
import GObject from 'gi://GObject';
import Dynantic from 'gi://Dynantic?version=1';

import {withTables} from './tables.js';

const rw = GObject.ParamFlags.READWRITE;
const Account = GObject.registerClass({
    GTypeName: 'ExampleAccount',
    Properties: {
        'email': GObject.ParamSpec.string('email', '', '', rw, null),
        'balance': GObject.ParamSpec.int64('balance', '', '', rw, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, 0),
        'version': GObject.ParamSpec.int('version', '', '', rw, 0, 1000000, 0),
    },
}, class Account extends Dynantic.Model {});

Account.set_table('example-js-accounts');
Account.set_partition_key('email');

// Awaits a write that must fail its condition; returns the error.
async function refused(write) {
    try {
        await write;
    } catch (e) {
        if (e.matches(Dynantic.error_quark(), Dynantic.Error.CONDITIONAL_CHECK_FAILED))
            return e;
        throw e;
    }
    throw new Error('the write was not refused');
}

const email = 'john@example.com';
const absent = Dynantic.Condition.attribute_not_exists('email');
const settled = Dynantic.Condition.eq('balance', 0);
const atVersion1 = Dynantic.Condition.eq('version', 1);

await withTables([Account], async () => {
    await new Account({email, balance: 10, version: 1}).save_async(absent, null);
    await refused(new Account({email}).save_async(absent, null));
    print('second create refused');

    await refused(Dynantic.Model.delete_by_key_async(Account, email, null, settled, null, null));
    print('not deleted: the balance is not 0');

    // Two writers read version 1; the second to write is refused, and the
    // error brings the item as it is now.
    const mine = await Dynantic.Model.get_by_key_async(Account, email, null, null);
    const theirs = await Dynantic.Model.get_by_key_async(Account, email, null, null);
    Object.assign(mine, {balance: 5, version: 2});
    await mine.save_async(atVersion1, null);
    Object.assign(theirs, {balance: 99, version: 2});
    const stale = await refused(theirs.save_async(atVersion1, null));
    print(`stale write refused; balance stays ${Dynantic.Error.get_item(stale).balance}`);

    await Dynantic.Update.new(Account, email, null, null).set_value('balance', 0).execute_async(null);
    await Dynantic.Model.delete_by_key_async(Account, email, null, settled, null, null);
    const gone = await Dynantic.Model.get_by_key_full_async(Account, true, email, null, null, null);
    print(`deleted: ${gone === null ? 'yes' : 'no'}`);
});
