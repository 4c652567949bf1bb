// Dynantic from GJS as a GNOME application uses it, against DynamoDB Local:
// models declared with GObject.registerClass (a polymorphic base and its
// subclasses included), every network call awaited through Gio._promisify,
// pages read with `for await`, error details read from the GLib.Error a
// promise rejects with, and numbers JavaScript cannot hold exactly kept
// exact as strings. Run by meson test (TAP) with GI_TYPELIB_PATH and
// LD_LIBRARY_PATH on the build tree and DYNANTIC_TEST_ENDPOINT set.
imports.gi.versions.Dynantic = '1';
const {Dynantic, Gio, GLib, GObject, Json} = imports.gi;
const System = imports.system;

// Every _async/_finish pair used below, as a function returning a promise.
Gio._promisify(Dynantic.Model.prototype, 'save_async', 'save_finish');
Gio._promisify(Dynantic.Model.prototype, 'create_async', 'create_finish');
Gio._promisify(Dynantic.Model.prototype, 'reload_async', 'reload_finish');
Gio._promisify(Dynantic.Model.prototype, 'delete_item_async', 'delete_item_finish');
Gio._promisify(Dynantic.Model, 'get_by_key_async', 'get_by_key_finish');
Gio._promisify(Dynantic.Model, 'get_by_key_full_async', 'get_by_key_full_finish');
Gio._promisify(Dynantic.Model, 'delete_by_key_async', 'delete_by_key_finish');
Gio._promisify(Dynantic.Read.prototype, 'all_async', 'all_finish');
Gio._promisify(Dynantic.Read.prototype, 'first_async', 'first_finish');
Gio._promisify(Dynantic.Read.prototype, 'count_async', 'count_finish');
Gio._promisify(Dynantic.Read.prototype, 'page_async', 'page_finish');
Gio._promisify(Dynantic.Iterator.prototype, 'next_async', 'next_finish');
Gio._promisify(Dynantic.Results.prototype, 'load_more_async', 'load_more_finish');
Gio._promisify(Dynantic.Update.prototype, 'execute_async', 'execute_finish');
Gio._promisify(Dynantic.Client.prototype, 'call_async', 'call_finish');
Gio._promisify(Dynantic, 'table_create_async', 'table_create_finish');
Gio._promisify(Dynantic, 'table_wait_until_active_async', 'table_wait_until_active_finish');
Gio._promisify(Dynantic, 'table_delete_async', 'table_delete_finish');

const suffix = `${Date.now() % 1000000000}-${Math.floor(Math.random() * 1e6)}`;
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

async function rejectsWith(domain, code, promise, what) {
    try {
        await promise;
    } catch (e) {
        if (!(e instanceof GLib.Error) || !e.matches(domain, code))
            throw new Error(`${what}: ${e} is not error ${code} of ${GLib.quark_to_string(domain)}`);
        return e;
    }
    throw new Error(`${what}: no error`);
}

async function run(name, body) {
    try {
        await body();
        passed++;
        print(`ok ${passed + failures} ${name}`);
    } catch (e) {
        failures++;
        print(`not ok ${passed + failures} ${name}: ${e.message}`);
        printerr(e.stack);
    }
}

// The models ---------------------------------------------------------------

const rw = GObject.ParamFlags.READWRITE;

const Product = GObject.registerClass({
    GTypeName: 'GjsAsyncProduct',
    Properties: {
        'product_id': GObject.ParamSpec.string('product_id', '', '', rw, null),
        'name': GObject.ParamSpec.string('name', '', '', rw, null),
        'price': GObject.ParamSpec.double('price', '', '', rw, 0, 1e9, 0),
        'stock': GObject.ParamSpec.int('stock', '', '', rw, 0, 1000000, 0),
    },
}, class Product extends Dynantic.Model {});

const Order = GObject.registerClass({
    GTypeName: 'GjsAsyncOrder',
    Properties: {
        'customer_id': GObject.ParamSpec.string('customer_id', '', '', rw, null),
        'order_id': GObject.ParamSpec.string('order_id', '', '', rw, null),
        'status': GObject.ParamSpec.string('status', '', '', rw, null),
        'total': GObject.ParamSpec.double('total', '', '', rw, 0, 1e9, 0),
    },
}, class Order extends Dynantic.Model {});

// Single-table polymorphism: the base declares the table, the keys and the
// discriminator; each subclass adds its own properties and is registered
// under the discriminator value that marks its items.
const Animal = GObject.registerClass({
    GTypeName: 'GjsAsyncAnimal',
    Properties: {
        'animal_id': GObject.ParamSpec.string('animal_id', '', '', rw, null),
        'kind': GObject.ParamSpec.string('kind', '', '', rw, null),
        'name': GObject.ParamSpec.string('name', '', '', rw, null),
    },
}, class Animal extends Dynantic.Model {});

const Dog = GObject.registerClass({
    GTypeName: 'GjsAsyncDog',
    Properties: {
        'breed': GObject.ParamSpec.string('breed', '', '', rw, null),
    },
}, class Dog extends Animal {
    describe() {
        return `${this.name} the ${this.breed}`;
    }
});

const Cat = GObject.registerClass({
    GTypeName: 'GjsAsyncCat',
    Properties: {
        'lives': GObject.ParamSpec.int('lives', '', '', rw, 0, 9, 9),
    },
}, class Cat extends Animal {
    describe() {
        return `${this.name} with ${this.lives} lives`;
    }
});

// Numbers: a JavaScript number is a double, exact for integers up to
// Number.MAX_SAFE_INTEGER (2^53 - 1) only. A string property declared a
// number with set_number() is stored as N and holds any DynamoDB number
// (38 digits) exactly, as text.
const Account = GObject.registerClass({
    GTypeName: 'GjsAsyncAccount',
    Properties: {
        'account_id': GObject.ParamSpec.string('account_id', '', '', rw, null),
        'balance': GObject.ParamSpec.string('balance', '', '', rw, null),
        'ledger_id': GObject.ParamSpec.string('ledger_id', '', '', rw, null),
        'visits': GObject.ParamSpec.int64('visits', '', '', rw, 0, Number.MAX_SAFE_INTEGER, 0),
    },
}, class Account extends Dynantic.Model {});

Product.set_table(`gjs-async-products-${suffix}`);
Product.set_partition_key('product_id');
Product.set_required('name');

Order.set_table(`gjs-async-orders-${suffix}`);
Order.set_partition_key('customer_id');
Order.set_sort_key('order_id');
Order.add_global_index('StatusIndex', 'status', 'total');

Animal.set_table(`gjs-async-animals-${suffix}`);
Animal.set_partition_key('animal_id');
Animal.set_discriminator('kind');
Animal.register_subtype('DOG', Dog);
Animal.register_subtype('CAT', Cat);

Account.set_table(`gjs-async-accounts-${suffix}`);
Account.set_partition_key('account_id');
Account.set_number('balance');
Account.set_number('ledger_id');

const models = [Product, Order, Animal, Account];
const client = new Dynantic.Client({
    endpoint: GLib.getenv('DYNANTIC_TEST_ENDPOINT'),
    region: 'us-east-1',
    credentials_provider: Dynantic.CredentialsProvider.new_static(
        Dynantic.Credentials.new('DynanticTestKey', 'DynanticTestSecret', null)),
});
for (const model of models)
    model.set_client(client);

// Reads a query or scan a page at a time: each page is one request.
async function* pagesOf(read) {
    let cursor = null;
    do {
        const page = await read.page_async(cursor, null);
        yield page;
        cursor = page.get_cursor();
    } while (cursor !== null);
}

// Reads a query or scan an item at a time, holding one page in memory.
async function* itemsOf(read) {
    const iterator = read.iterate();
    for (let item = await iterator.next_async(null); item !== null; item = await iterator.next_async(null))
        yield item;
}

// The item exactly as DynamoDB stores it, through the client's call primitive.
async function rawItem(model, keyJson) {
    const request = Json.from_string(JSON.stringify({
        TableName: model.get_table(),
        Key: keyJson,
        ConsistentRead: true,
    })).get_object();
    const response = await client.call_async('GetItem', request, null);
    return JSON.parse(Json.to_string(Json.Node.alloc().init_object(response.get_object_member('Item')), false));
}

// The tests ------------------------------------------------------------------

const tests = [];
function test(name, body) {
    tests.push([name, body]);
}

test('CRUD, awaited', async () => {
    const widget = new Product({product_id: 'p-1', name: 'Widget', price: 29.99, stock: 3});
    await widget.save_async(null, null);

    const found = await Dynantic.Model.get_by_key_async(Product, 'p-1', null, null);
    check(found instanceof Product, 'a Product');
    equal([found.product_id, found.name, found.price, found.stock], ['p-1', 'Widget', 29.99, 3], 'read back');
    equal(await Dynantic.Model.get_by_key_async(Product, 'absent', null, null), null, 'no item: null');

    // Fetch and save; another object reloads what was saved.
    found.price = 34.99;
    await found.save_async(null, null);
    const other = new Product({product_id: 'p-1'});
    await other.reload_async(null);
    equal([other.name, other.price], ['Widget', 34.99], 'reloaded');

    // create() refuses an item that exists.
    await rejectsWith(Dynantic.error_quark(), Dynantic.Error.CONDITIONAL_CHECK_FAILED,
        new Product({product_id: 'p-1', name: 'Again'}).create_async(null), 'a second create');

    await other.delete_item_async(null, null);
    equal(await Dynantic.Model.get_by_key_full_async(Product, true, 'p-1', null, null, null), null, 'deleted');
    await new Product({product_id: 'p-2', name: 'Gadget'}).create_async(null);
    check(await Dynantic.Model.delete_by_key_async(Product, 'p-2', null, null, null, null), 'deleted by key');
});

test('queries, a page at a time with for await', async () => {
    for (let n = 1; n <= 25; n++) {
        await new Order({
            customer_id: 'c-1', order_id: `order-${String(n).padStart(3, '0')}`,
            status: n % 3 === 0 ? 'shipped' : 'pending', total: n * 10,
        }).save_async(null, null);
    }
    await new Order({customer_id: 'c-2', order_id: 'order-001', status: 'shipped', total: 5}).save_async(null, null);

    const sizes = [], ids = [];
    for await (const page of pagesOf(Dynantic.Query.new(Order, 'c-1', null).page_size(10))) {
        sizes.push(page.get_count());
        ids.push(...page.get_items().map(o => o.order_id));
    }
    equal(sizes, [10, 10, 5], 'three pages');
    equal(ids.length, 25, 'every order once');
    equal([ids[0], ids[24]], ['order-001', 'order-025'], 'in sort key order');

    // A cursor is a string a web client can hand back: the next page from a new query.
    const first = await Dynantic.Query.new(Order, 'c-1', null).limit(10).page_async(null, null);
    check(typeof first.get_cursor() === 'string' && first.get_has_more(), 'a cursor');
    const second = await Dynantic.Query.new(Order, 'c-1', null).limit(10).page_async(first.get_cursor(), null);
    equal(second.get_items().map(o => o.order_id)[0], 'order-011', 'the second page');

    // Key conditions and filters chain; terminals are awaited.
    const early = await Dynantic.Query.new(Order, 'c-1', null).between('order-001', 'order-005').all_async(null);
    equal(early.map(o => o.total), [10, 20, 30, 40, 50], 'between');
    const shipped = Dynantic.Query.new(Order, 'c-1', null)
        .filter(Dynantic.Condition.eq('status', 'shipped')).page_size(7);
    equal(await shipped.count_async(null), 8, 'a filtered count, over four requests');
    const newest = await Dynantic.Query.new(Order, 'c-1', null).descending(true).first_async(null);
    equal(newest.order_id, 'order-025', 'descending');

    // A global secondary index, item by item.
    const bigShipped = [];
    for await (const order of itemsOf(Dynantic.Query.new_for_index(Order, 'StatusIndex', 'shipped', null).gt(100)))
        bigShipped.push(`${order.customer_id}/${order.order_id}`);
    equal(bigShipped, ['c-1/order-012', 'c-1/order-015', 'c-1/order-018', 'c-1/order-021', 'c-1/order-024'],
        'the index, above 100');
});

test('results as a GListModel, loaded on demand', async () => {
    const results = Dynantic.Query.new(Order, 'c-1', null).page_size(10).results();
    const changes = [];
    results.connect('items-changed', (model, position, removed, added) => changes.push([position, removed, added]));
    equal([results.get_n_items(), results.get_has_more()], [0, true], 'nothing loaded yet');
    while (results.get_has_more())
        await results.load_more_async(null);
    equal(results.get_n_items(), 25, 'every item');
    equal(changes.filter(c => c[2] > 0), [[0, 0, 10], [10, 0, 10], [20, 0, 5]], 'a signal per page');
    equal(results.get_item(24).order_id, 'order-025', 'the last item');
});

test('updates and conditional writes', async () => {
    await new Product({product_id: 'p-3', name: 'Gizmo', price: 10, stock: 5}).save_async(null, null);

    // An atomic update, without reading first, returning the new item.
    const update = Dynantic.Update.new(Product, 'p-3', null, null)
        .add('stock', -2).set_value('price', 12.5)
        .set_condition(Dynantic.Condition.ge('stock', 2))
        .set_return_values(Dynantic.ReturnValues.ALL_NEW);
    await update.execute_async(null);
    const updated = update.get_returned_item();
    equal([updated.name, updated.price, updated.stock], ['Gizmo', 12.5, 3], 'the new item');

    // A failed condition leaves the item as it was and brings it back with the error.
    const refused = Dynantic.Update.new(Product, 'p-3', null, null).add('stock', -5)
        .set_condition(Dynantic.Condition.ge('stock', 5));
    const e = await rejectsWith(Dynantic.error_quark(), Dynantic.Error.CONDITIONAL_CHECK_FAILED,
        refused.execute_async(null), 'not enough stock');
    const current = Dynantic.error_get_item(e);
    check(current instanceof Product, 'the current item, as a Product');
    equal(current.stock, 3, 'the current stock');

    // A conditional save and a conditional delete.
    const absent = Dynantic.Condition.attribute_not_exists('product_id');
    await rejectsWith(Dynantic.error_quark(), Dynantic.Error.CONDITIONAL_CHECK_FAILED,
        new Product({product_id: 'p-3', name: 'Other'}).save_async(absent, null), 'save if absent');
    const soldOut = Dynantic.Condition.eq('stock', 0);
    await rejectsWith(Dynantic.error_quark(), Dynantic.Error.CONDITIONAL_CHECK_FAILED,
        Dynantic.Model.delete_by_key_async(Product, 'p-3', null, soldOut, null, null), 'delete if sold out');
    const kept = await Dynantic.Model.get_by_key_full_async(Product, true, 'p-3', null, null, null);
    equal([kept.name, kept.stock], ['Gizmo', 3], 'unchanged');
    await Dynantic.Update.new(Product, 'p-3', null, null).set_value('stock', 0).execute_async(null);
    check(await Dynantic.Model.delete_by_key_async(Product, 'p-3', null, soldOut, null, null), 'deleted once sold out');
});

test('polymorphic models', async () => {
    await new Dog({animal_id: 'a-1', name: 'Rex', breed: 'collie'}).save_async(null, null);
    await new Cat({animal_id: 'a-2', name: 'Tom', lives: 7}).save_async(null, null);
    await new Dog({animal_id: 'a-3', name: 'Fido', breed: 'pug'}).save_async(null, null);

    // Read through the base: each item is an object of its registered subclass.
    const rex = await Dynantic.Model.get_by_key_async(Animal, 'a-1', null, null);
    check(rex instanceof Dog, 'a Dog');
    equal([rex.kind, rex.describe()], ['DOG', 'Rex the collie'], 'its own methods');
    const all = (await Dynantic.Scan.new(Animal, null).consistent(true).all_async(null))
        .sort((a, b) => a.animal_id.localeCompare(b.animal_id));
    equal(all.map(a => a.constructor.name), ['Dog', 'Cat', 'Dog'], 'subclasses');
    equal(all.map(a => a.describe()), ['Rex the collie', 'Tom with 7 lives', 'Fido the pug'], 'descriptions');

    // Read through a subclass: only its items.
    const dogs = await Dynantic.Scan.new(Dog, null).consistent(true).all_async(null);
    equal(dogs.map(d => d.name).sort(), ['Fido', 'Rex'], 'dogs only');
    equal(await Dynantic.Model.get_by_key_async(Cat, 'a-1', null, null), null, 'a dog is no cat');
});

test('numbers beyond doubles: strings, stored as N', async () => {
    const values = {
        'max-int64': ['9223372036854775807', '-9223372036854775808'],
        'past-2^53': ['9007199254740993', '123456789012345678901234567890'],
        '38-digits': ['12345678901234567890123456789012345678', '0.1'],
    };
    for (const [id, [balance, ledger]] of Object.entries(values))
        await new Account({account_id: id, balance, ledger_id: ledger}).save_async(null, null);
    for (const [id, [balance, ledger]] of Object.entries(values)) {
        const read = await Dynantic.Model.get_by_key_async(Account, id, null, null);
        equal([read.balance, read.ledger_id], [balance, ledger], `${id}, read back`);
        const raw = await rawItem(Account, {account_id: {S: id}});
        equal([raw.balance, raw.ledger_id], [{N: balance}, {N: ledger}], `${id}, as stored`);
    }

    // Arithmetic happens in DynamoDB, on exact numbers.
    const add = Dynantic.Update.new(Account, 'past-2^53', null, null).add('balance', '1')
        .set_return_values(Dynantic.ReturnValues.UPDATED_NEW);
    await add.execute_async(null);
    equal(add.get_returned_attributes()['balance'], '9007199254740994', 'an exact ADD');
    // Conditions and keys take the same strings.
    const above = await Dynantic.Scan.new(Account, null).consistent(true)
        .filter(Dynantic.Condition.gt('balance', '9007199254740993')).all_async(null);
    equal(above.map(a => a.account_id).sort(), ['38-digits', 'max-int64', 'past-2^53'], 'compared as numbers');
    const e = await rejectsWith(Dynantic.error_quark(), Dynantic.Error.VALIDATION,
        new Account({account_id: 'nan', balance: '12abc'}).save_async(null, null), 'text that is no number');
    check(e.message.includes('balance'), 'the message names the property');

    // int64 properties are JavaScript numbers: exact up to 2^53 - 1.
    await new Account({account_id: 'safe', visits: Number.MAX_SAFE_INTEGER}).save_async(null, null);
    const safe = await Dynantic.Model.get_by_key_async(Account, 'safe', null, null);
    equal(safe.visits, Number.MAX_SAFE_INTEGER, 'the largest safe integer');
    equal((await rawItem(Account, {account_id: {S: 'safe'}})).visits, {N: '9007199254740991'}, 'stored');
});

test('error details from a rejected promise', async () => {
    // Validation: the fields at fault, by name.
    const invalid = await rejectsWith(Dynantic.error_quark(), Dynantic.Error.VALIDATION,
        new Product({product_id: 'p-9', stock: 5}).save_async(null, null), 'no name');
    equal(Dynantic.error_get_fields(invalid), ['name'], 'the field');
    check(invalid.message.includes('name'), 'the message names it');

    // From DynamoDB: its error name, message, HTTP status and request id.
    const Missing = GObject.registerClass({
        GTypeName: 'GjsAsyncMissing',
        Properties: {'id': GObject.ParamSpec.string('id', '', '', rw, null)},
    }, class Missing extends Dynantic.Model {});
    Missing.set_table(`gjs-async-no-such-table-${suffix}`);
    Missing.set_partition_key('id');
    Missing.set_client(client);
    const notFound = await rejectsWith(Dynantic.error_quark(), Dynantic.Error.RESOURCE_NOT_FOUND,
        Dynantic.Model.get_by_key_async(Missing, 'x', null, null), 'no table');
    equal(Dynantic.error_get_service_code(notFound), 'ResourceNotFoundException', 'the service code');
    equal(Dynantic.error_get_http_status(notFound), 400, 'the HTTP status');
    check(Dynantic.error_get_request_id(notFound).length > 0, 'a request id');
    check(Dynantic.error_get_service_message(notFound).length > 0, "the service's message");
    equal(Dynantic.error_is_retryable(notFound), false, 'not retryable');

    // A bad argument is found before any request.
    const badIndex = await rejectsWith(Dynantic.error_quark(), Dynantic.Error.INVALID_ARGUMENT,
        Dynantic.Query.new_for_index(Order, 'NoSuchIndex', 'x', null).all_async(null), 'an unknown index');
    check(badIndex.message.includes('StatusIndex'), "the message names the class's indexes");
    await rejectsWith(Dynantic.error_quark(), Dynantic.Error.INVALID_CURSOR,
        Dynantic.Query.new(Order, 'c-1', null).page_async('not-a-cursor', null), 'a forged cursor');

    // Cancelled: GIO's error.
    const cancellable = new Gio.Cancellable();
    cancellable.cancel();
    await rejectsWith(Gio.io_error_quark(), Gio.IOErrorEnum.CANCELLED,
        Dynantic.Query.new(Order, 'c-1', null).all_async(cancellable), 'cancelled');
});

// Main -----------------------------------------------------------------------

async function main() {
    for (const model of models)
        await Dynantic.table_create_async(model, null, null);
    for (const model of models)
        await Dynantic.table_wait_until_active_async(model, 60, null, null);
    for (const [name, body] of tests)
        await run(name, body);
    for (const model of models)
        await Dynantic.table_delete_async(model, null, null);
}

const loop = new GLib.MainLoop(null, false);
let fatal = null;
main().catch(e => {
    fatal = e;
}).finally(() => loop.quit());
loop.run();
if (fatal !== null) {
    printerr(`${fatal}\n${fatal.stack}`);
    print('Bail out! the tables');
    System.exit(1);
}
print(`1..${passed + failures}`);
System.exit(failures > 0 ? 1 : 0);
