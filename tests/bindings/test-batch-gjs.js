// Batches, transactions and optimistic locking from GJS, against DynamoDB
// Local: every public symbol of those parts of the API called from
// JavaScript. Run by meson test like test-gjs.js.
imports.gi.versions.Dynantic = '1';
const {Dynantic, GLib, GObject} = imports.gi;
const System = imports.system;

const suffix = `${new Date().getTime() % 1000000000}-${Math.floor(Math.random() * 1e6)}`;
let failures = 0;
let passed = 0;

function check(condition, what) {
    if (!condition)
        throw new Error(`expected: ${what}`);
}

function equal(actual, expected, what) {
    const a = JSON.stringify(actual), e = JSON.stringify(expected);
    if (a !== e)
        throw new Error(`${what}: ${a} is not ${e}`);
}

function throwsDynantic(code, call, what) {
    try {
        call();
    } catch (e) {
        if (!(e instanceof GLib.Error) || !e.matches(Dynantic.error_quark(), code))
            throw new Error(`${what}: ${e} is not Dynantic error ${code}`);
        return e;
    }
    throw new Error(`${what}: no error`);
}

function run(name, body) {
    try {
        body();
        passed++;
        print(`ok ${passed + failures} ${name}`);
    } catch (e) {
        failures++;
        print(`not ok ${passed + failures} ${name}: ${e.message}\n${e.stack}`);
    }
}

const rw = GObject.ParamFlags.READWRITE;
const Doc = GObject.registerClass({
    GTypeName: 'GjsBatchDoc',
    Properties: {
        'doc_id': GObject.ParamSpec.string('doc_id', '', '', rw, null),
        'version': GObject.ParamSpec.int('version', '', '', rw, 0, 1000000, 0),
        'text': GObject.ParamSpec.string('text', '', '', rw, null),
    },
}, class Doc extends Dynantic.Model {});

Doc.set_table(`gjs-docs-${suffix}`);
Doc.set_partition_key('doc_id');
Doc.set_version('version');

const Item = GObject.registerClass({
    GTypeName: 'GjsBatchItem',
    Properties: {
        'item_id': GObject.ParamSpec.string('item_id', '', '', rw, null),
        'count': GObject.ParamSpec.int('count', '', '', rw, 0, 1000000, 0),
    },
}, class Item extends Dynantic.Model {});

Item.set_table(`gjs-items-${suffix}`);
Item.set_partition_key('item_id');
const models = [Doc, Item];

// Calls start(callback), runs a main loop until the callback, returns finish(result).
function runAsync(start, finish) {
    const loop = new GLib.MainLoop(null, false);
    let value, error;
    start((source, result) => {
        try {
            value = finish(result);
        } catch (e) {
            error = e;
        }
        loop.quit();
    });
    loop.run();
    if (error)
        throw error;
    return value;
}

function stored(id) {
    return Dynantic.Model.get_by_key_full(Item, true, id, null, null, null);
}

const credentials = Dynantic.Credentials.new('DynanticTestKey', 'DynanticTestSecret', null);
const client = new Dynantic.Client({
    endpoint: GLib.getenv('DYNANTIC_TEST_ENDPOINT'),
    region: 'us-east-1',
    credentials_provider: Dynantic.CredentialsProvider.new_static(credentials),
});
for (const model of models) {
    model.set_client(client);
    Dynantic.table_create(model, null, null);
    Dynantic.table_wait_until_active(model, 60, null, null);
}

run('optimistic locking', () => {
    const doc = new Doc({doc_id: 'd-1', text: 'first'});
    doc.save(null, null);
    equal(doc.version, 1, 'the first version');
    const stale = Dynantic.Model.get_by_key_full(Doc, true, 'd-1', null, null, null);
    doc.text = 'second';
    doc.save(null, null);
    equal(doc.version, 2, 'the next version');
    stale.text = 'stale';
    const e = throwsDynantic(Dynantic.Error.CONDITIONAL_CHECK_FAILED, () => stale.save(null, null), 'a stale save');
    equal(stale.version, 1, 'the stale version, kept');
    // GJS hands the error it was given back to C: its details are there.
    const current = Dynantic.error_get_item(e);
    check(current instanceof Doc, 'the current item');
    equal([current.version, current.text], [2, 'second'], 'the current item');
    equal(Dynantic.error_get_cancellation_details(e), null, 'no cancellation details');
    equal(Dynantic.error_get_unprocessed(e), null, 'nothing unprocessed');
    equal(Dynantic.error_get_processed(e), null, 'nothing processed');
    doc.patch().set_value('text', 'patched').execute(null);
    equal(doc.version, 3, 'a patch increments it');
});

run('batch write', () => {
    const batch = Dynantic.BatchWrite.new(null);
    const progress = [];
    batch.connect('progress', (b, done, retried, total, capacity) => progress.push([done, total]));
    for (let i = 0; i < 30; i++)
        check(batch.save(new Item({item_id: `i-${i}`, count: i})) === batch, 'the chain returns the batch');
    new Item({item_id: 'gone'}).save(null, null);
    batch.delete(new Item({item_id: 'gone'})).delete_key(Item, 'never', null);
    batch.set_last_wins(false).set_skip_version_check(false).set_max_attempts(0).set_max_in_flight(2);
    check(batch.execute(null), 'executed');
    equal([batch.get_n_requests(), batch.get_processed().length, batch.get_unprocessed().length], [32, 32, 0], 'the counts');
    equal(batch.get_n_retried(), 0, 'nothing retried');
    check(batch.get_consumed_capacity() >= 32, 'the capacity');
    equal(progress[progress.length - 1], [32, 32], 'the progress');
    equal(stored('gone'), null, 'deleted');
    equal(stored('i-29').count, 29, 'saved');
    const dup = Dynantic.BatchWrite.new(client).save(new Item({item_id: 'd'})).save(new Item({item_id: 'd'}));
    throwsDynantic(Dynantic.Error.INVALID_ARGUMENT, () => dup.execute(null), 'two requests for one item');
    const later = Dynantic.BatchWrite.new(client).save(new Item({item_id: 'async', count: 5}));
    check(runAsync(cb => later.execute_async(null, cb), r => later.execute_finish(r)), 'executed asynchronously');
    equal(stored('async').count, 5, 'saved asynchronously');
});

run('batch writer', () => {
    const writer = Dynantic.BatchWriter.new(null);
    check(writer.set_last_wins(true).set_skip_version_check(false).set_max_attempts(0) === writer, 'the chain');
    for (let i = 0; i < 26; i++)
        check(writer.save(new Item({item_id: `w-${i}`, count: i}), null), 'accepted');
    equal(writer.get_n_pending(), 1, 'one pending');
    check(writer.delete(new Item({item_id: 'w-0'}), null), 'a delete accepted');
    equal(writer.get_pending().map(i => i.item_id), ['w-25', 'w-0'], 'what is pending');
    check(writer.flush(null), 'flushed');
    equal(stored('w-0'), null, 'deleted');
    check(runAsync(cb => writer.save_async(new Item({item_id: 'w-a'}), null, cb), r => writer.save_finish(r)), 'save_async');
    check(runAsync(cb => writer.delete_async(new Item({item_id: 'w-1'}), null, cb), r => writer.delete_finish(r)), 'delete_async');
    check(runAsync(cb => writer.flush_async(null, cb), r => writer.flush_finish(r)), 'flush_async');
    writer.save(new Item({item_id: 'w-b'}), null);
    check(runAsync(cb => writer.close_async(null, cb), r => writer.close_finish(r)), 'close_async');
    check(writer.get_closed() && writer.close(null), 'closed');
    equal(stored('w-1'), null, 'deleted asynchronously');
    check(stored('w-b') !== null, 'written when closed');
    const other = Dynantic.BatchWriter.new(client);
    other.save(new Item({item_id: 'w-taken'}), null);
    equal(other.take_pending().map(i => i.item_id), ['w-taken'], 'taken');
    equal(other.get_n_pending(), 0, 'nothing left');
});

run('transactions', () => {
    new Item({item_id: 't-gone', count: 1}).save(null, null);
    new Item({item_id: 't-checked', count: 2}).save(null, null);
    const doc = new Doc({doc_id: 't-doc', text: 'in a transaction'});
    const bump = Dynantic.Update.new(Item, 't-counter', null, null).add('count', 5);
    const transaction = Dynantic.TransactWrite.new(null);
    check(transaction.put(doc, null).update(bump) === transaction, 'the chain');
    transaction.delete_key(Item, 't-gone', null, null).check_key(Item, 't-checked', null, Dynantic.Condition.eq('count', 2));
    check(transaction.set_client_request_token(null).set_retry_conflicts(false) === transaction, 'the options');
    equal(transaction.get_n_actions(), 4, 'the actions');
    check(transaction.execute(null), 'executed');
    equal(transaction.get_client_request_token().length, 36, 'a generated token');
    equal(transaction.get_cancellation_reasons().length, 0, 'no reasons');
    check(transaction.get_consumed_capacity() > 0, 'the capacity');
    equal(doc.version, 1, 'the version');
    equal(stored('t-counter').count, 5, 'updated');
    equal(stored('t-gone'), null, 'deleted');
    const failing = Dynantic.TransactWrite.new(client).put(new Item({item_id: 't-never'}), null);
    failing.check(new Item({item_id: 't-checked'}), Dynantic.Condition.eq('count', 3)).delete(doc, null);
    const e = throwsDynantic(Dynantic.Error.TRANSACTION_CANCELED, () => failing.execute(null), 'a failed check');
    // GJS hands the error it was given back to C: its details are there.
    equal(Dynantic.error_get_cancellation_reasons(e), ['None', 'ConditionalCheckFailed', 'None'], 'the codes');
    const details = Dynantic.error_get_cancellation_details(e);
    equal(details.map(r => r.get_code()), ['None', 'ConditionalCheckFailed', 'None'], 'the reasons');
    equal(details[1].get_item().count, 2, 'the current item');
    const reasons = failing.get_cancellation_reasons();
    check(reasons[1].get_message() !== null && reasons[0].get_item() === null, 'the reasons of the transaction');
    equal(stored('t-never'), null, 'nothing written');
    const twice = Dynantic.TransactWrite.new(client).put(new Item({item_id: 't-x'}), null).delete(new Item({item_id: 't-x'}), null);
    throwsDynantic(Dynantic.Error.INVALID_ARGUMENT, () => twice.execute(null), 'two actions on one item');
    const later = Dynantic.TransactWrite.new(client).put(new Item({item_id: 't-async', count: 9}), null);
    check(runAsync(cb => later.execute_async(null, cb), r => later.execute_finish(r)), 'executed asynchronously');
    const get = Dynantic.TransactGet.new(null);
    check(get.add_key(Item, 't-async', null).add_key(Doc, 'nobody', null).add(new Doc({doc_id: 't-doc'})) === get, 'the chain');
    equal(get.get_n_keys(), 3, 'the keys');
    check(get.execute(null), 'read');
    const items = get.get_items();
    equal([items[0].count, items[1], items[2].version], [9, null, 1], 'in order, null for the missing');
    equal(get.lookup(1), null, 'a missing item');
    equal(get.get_cancellation_reasons().length, 0, 'no reasons');
    check(runAsync(cb => get.execute_async(null, cb), r => get.execute_finish(r)), 'read asynchronously');
    equal(get.lookup(0).count, 9, 'read again');
});

run('batch get', () => {
    const writer = Dynantic.BatchWriter.new(client);
    for (let i = 0; i < 5; i++)
        writer.save(new Item({item_id: `g-${i}`, count: i}), null);
    writer.close(null);
    const batch = Dynantic.BatchGet.new(null);
    const progress = [];
    batch.connect('progress', (b, done, retried, total, capacity) => progress.push([done, total]));
    check(batch.add_key(Item, 'g-3', null).add(new Item({item_id: 'nope'})).add_key(Item, 'g-1', null) === batch, 'the chain');
    check(batch.set_consistent(true).set_projection(['count']).set_max_attempts(0).set_max_in_flight(1) === batch, 'the options');
    check(batch.execute(null), 'executed');
    equal(batch.get_n_keys(), 3, 'the keys');
    equal(batch.get_items().map(i => i.count), [3, 1], 'the items in order');
    equal(batch.lookup(0).item_id, 'g-3', 'the first key');
    equal(batch.lookup(1), null, 'a missing key');
    equal(batch.get_missing().map(k => k.item_id), ['nope'], 'the missing keys');
    equal([batch.get_unprocessed().length, batch.get_n_retried()], [0, 0], 'all read');
    check(batch.get_consumed_capacity() > 0, 'the capacity');
    equal(progress[progress.length - 1], [3, 3], 'the progress');
    check(runAsync(cb => batch.execute_async(null, cb), r => batch.execute_finish(r)), 'executed asynchronously');
    const stream = Dynantic.BatchGet.new(client);
    for (let i = 4; i >= 0; i--)
        stream.add_key(Item, `g-${i}`, null);
    const iterator = stream.iterate();
    const seen = [iterator.next(null).count,
        runAsync(cb => iterator.next_async(null, cb), r => iterator.next_finish(r)).count];
    for (let item = iterator.next(null); item !== null; item = iterator.next(null))
        seen.push(item.count);
    equal(seen, [4, 3, 2, 1, 0], 'the stream');
});

for (const model of models)
    Dynantic.table_delete(model, null, null);
print(`1..${passed + failures}`);
System.exit(failures > 0 ? 1 : 0);
