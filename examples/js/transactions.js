// Transactions: a transfer between two accounts, all or nothing.
//
//     examples/run.sh js transactions
//
// Two updates in one TransactWriteItems: the withdrawal only while the
// balance covers it, the deposit with it. A transfer the balance does not
// cover is cancelled as a whole, with a reason per action.
//
// SPDX-License-Identifier: LGPL-2.1-or-later
import GObject from 'gi://GObject';
import Gio from 'gi://Gio';
import Dynantic from 'gi://Dynantic?version=1';

import {withTables} from './tables.js';

Gio._promisify(Dynantic.TransactWrite.prototype, 'execute_async', 'execute_finish');
Gio._promisify(Dynantic.TransactGet.prototype, 'execute_async', 'execute_finish');

const rw = GObject.ParamFlags.READWRITE;
const Account = GObject.registerClass({
    GTypeName: 'ExampleAccountTx',
    Properties: {
        'account_id': GObject.ParamSpec.string('account_id', '', '', rw, null),
        'balance': GObject.ParamSpec.int64('balance', '', '', rw, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, 0),
    },
}, class Account extends Dynantic.Model {});

Account.set_table('example-js-accounts');
Account.set_partition_key('account_id');

// balance + amount on one account, only while the balance covers a withdrawal.
function move(accountId, amount) {
    const update = Dynantic.Update.new(Account, accountId, null, null).add('balance', amount);
    if (amount < 0)
        update.set_condition(Dynantic.Condition.ge('balance', -amount));
    return update;
}

function transfer(from, to, amount) {
    return Dynantic.TransactWrite.new(null)
        .update(move(from, -amount))
        .update(move(to, amount));
}

async function printBalances() {
    // Both read as one snapshot.
    const get = Dynantic.TransactGet.new(null)
        .add_key(Account, 'alice', null)
        .add_key(Account, 'bob', null);
    await get.execute_async(null);
    print(`alice ${get.lookup(0).balance}, bob ${get.lookup(1).balance}`);
}

await withTables([Account], async () => {
    await new Account({account_id: 'alice', balance: 100}).save_async(null, null);
    await new Account({account_id: 'bob', balance: 50}).save_async(null, null);
    await printBalances();

    await transfer('alice', 'bob', 30).execute_async(null);
    print('transferred 30');
    await printBalances();

    // Not covered: nothing is written, neither the withdrawal nor the deposit.
    const tooMuch = transfer('alice', 'bob', 500);
    try {
        await tooMuch.execute_async(null);
        throw new Error('a transfer of 500 went through');
    } catch (e) {
        if (!e.matches?.(Dynantic.Error, Dynantic.Error.TRANSACTION_CANCELED))
            throw e;
    }
    const codes = tooMuch.get_cancellation_reasons().map(reason => reason.get_code());
    print(`transfer of 500 cancelled: ${codes.join(' ')}`);
    await printBalances();
});
