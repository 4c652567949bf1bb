// The API from GJS, against DynamoDB Local.
//
// A model declared with GObject.registerClass and underscore property
// names, saved, read by its partition key alone, queried with a chained
// filter, updated; error codes and details; every public type made with no
// arguments. Run by meson test with GI_TYPELIB_PATH and LD_LIBRARY_PATH on
// the build tree and DYNANTIC_TEST_ENDPOINT set.
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
const Product = GObject.registerClass({
    GTypeName: 'GjsTestProduct',
    Properties: {
        'product_id': GObject.ParamSpec.string('product_id', '', '', rw, null),
        'name': GObject.ParamSpec.string('name', '', '', rw, null),
        'price': GObject.ParamSpec.double('price', '', '', rw, 0, 1e9, 0),
        'login_count': GObject.ParamSpec.int64('login_count', '', '', rw, 0, Number.MAX_SAFE_INTEGER, 0),
    },
}, class Product extends Dynantic.Model {});

const Order = GObject.registerClass({
    GTypeName: 'GjsTestOrder',
    Properties: {
        'customer_id': GObject.ParamSpec.string('customer_id', '', '', rw, null),
        'order_date': GObject.ParamSpec.string('order_date', '', '', rw, null),
        'total': GObject.ParamSpec.double('total', '', '', rw, 0, 1e9, 0),
    },
}, class Order extends Dynantic.Model {});

// Class-level calls, on the class, with the property names as JavaScript spells them.
Product.set_table(`gjs-products-${suffix}`);
Product.set_partition_key('product_id');
Product.set_required('name');
Order.set_table(`gjs-orders-${suffix}`);
Order.set_partition_key('customer_id');
Order.set_sort_key('order_date');

function makeClient() {
    const credentials = Dynantic.Credentials.new('DynanticTestKey', 'DynanticTestSecret', null);
    return new Dynantic.Client({
        endpoint: GLib.getenv('DYNANTIC_TEST_ENDPOINT'),
        region: 'us-east-1',
        credentials_provider: Dynantic.CredentialsProvider.new_static(credentials),
    });
}

const client = makeClient();
Product.set_client(client);
Order.set_client(client);
for (const model of [Product, Order]) {
    Dynantic.table_create(model, null, null);
    Dynantic.table_wait_until_active(model, 60, null, null);
}

run('class-level calls', () => {
    check(Product.get_client() === client, 'the class client');
    equal(Product.get_table(), `gjs-products-${suffix}`, 'the table');
    check(Product.check_schema(), 'a valid schema');
    const item = new Product({product_id: 'own-client', name: 'x'});
    check(item.get_instance_client() === client, "the class's client, through an object");
    const other = makeClient();
    item.set_instance_client(other);
    check(item.get_instance_client() === other, "the object's own client");
    check(Product.get_client() === client, 'the class client, unchanged');
});

run('save, then get by partition key alone', () => {
    new Product({product_id: 'p-1', name: 'Widget', price: 29.99, login_count: 2 ** 40}).save(null, null);
    const found = Dynantic.Model.get_by_key(Product, 'p-1', null, null);
    check(found instanceof Product, 'a Product');
    equal([found.name, found.price, found.login_count], ['Widget', 29.99, 2 ** 40], 'the item');
    equal(Dynantic.Model.get_by_key(Product, 'absent', null, null), null, 'no item');
    const consistent = Dynantic.Model.get_by_key_full(Product, true, 'p-1', null, client, null);
    check(consistent.get_instance_client() === client, 'the explicit client, kept');
    check(Dynantic.Model.delete_by_key(Product, 'p-1', null, null, null, null), 'deleted');
    equal(Dynantic.Model.get_by_key(Product, 'p-1', null, null), null, 'gone');
});

run('query with a chained filter', () => {
    for (const [date, total] of [['2024-01-05', 10.5], ['2024-01-20', 99.99], ['2024-02-03', 5], ['2023-12-31', 50]])
        new Order({customer_id: 'c-1', order_date: date, total}).save(null, null);
    const query = Dynantic.Query.new(Order, 'c-1', null);
    const chained = query.begins_with('2024-').filter(Dynantic.Condition.gt('total', 6)).limit(5);
    check(chained === query, 'the chain returns the query');
    equal([Dynantic.CONDITION_MAX_DEPTH, Dynantic.CONDITION_MAX_IN_VALUES], [256, 100], 'the condition limits');
    equal(query.all(null).map(o => o.order_date), ['2024-01-05', '2024-01-20'], 'filtered');
    const projected = Dynantic.Query.new(Order, 'c-1', null).ge('2024-01-20')
        .filter(Dynantic.Condition.lt('total', 60)).project(['order-date', 'total']).all(null);
    equal(projected.map(o => [o.order_date, o.total, o.customer_id]), [['2024-02-03', 5, null]], 'projected');
    const scan = Dynantic.Scan.new(Order, null).filter(Dynantic.Condition.lt('total', 6)).consistent(true);
    equal(scan.all(null).map(o => o.total), [5], 'scanned');
    const page = Dynantic.Query.new(Order, 'c-1', null).limit(2).page(null, null);
    equal([page.get_items().length, page.get_has_more()], [2, true], 'the first page');
    const rest = Dynantic.Query.new(Order, 'c-1', null).page(page.get_cursor(), null);
    equal(rest.get_items().map(o => o.order_date), ['2024-01-20', '2024-02-03'], 'the next page');
});

run('update', () => {
    new Product({product_id: 'p-2', name: 'Gadget', login_count: 1}).save(null, null);
    const update = Dynantic.Update.new(Product, 'p-2', null, null);
    check(update.add('login_count', 2).set_value('name', 'Gizmo') === update, 'the chain returns the update');
    update.set_return_values(Dynantic.ReturnValues.ALL_NEW).execute(null);
    const returned = update.get_returned_item();
    equal([returned.name, returned.login_count], ['Gizmo', 3], 'the item updated');
    const counted = Dynantic.Query.new(Product, 'p-2', null).filter(Dynantic.Condition.eq('login-count', 3)).all(null);
    equal(counted.length, 1, 'a dashed property name in a filter');
    const e = throwsDynantic(Dynantic.Error.VALIDATION, () =>
        Dynantic.Query.new(Product, 'p-2', null).filter(Dynantic.Condition.eq('login-count', 'three')).all(null),
    'a value of the wrong type');
    check(e.message.includes('login-count'), 'the message names the path');
});

run('error codes and details', () => {
    new Product({product_id: 'p-3', name: 'Once'}).create(null);
    const e = throwsDynantic(Dynantic.Error.CONDITIONAL_CHECK_FAILED,
        () => new Product({product_id: 'p-3', name: 'Twice'}).create(null), 'a second create');
    const details = Dynantic.Error.get_details(e);
    equal([details.get_code(), details.get_service_code(), details.get_http_status(), details.get_retryable()],
        [Dynantic.Error.CONDITIONAL_CHECK_FAILED, 'ConditionalCheckFailedException', 400, false], 'the details');
    check(details.get_request_id().length > 0, 'a request id');
    equal(details.get_cancellation_reasons(), null, 'no cancellation reasons');
    check(details.get_item() instanceof Product && details.get_item().name === 'Once', 'the current item');
    const invalid = throwsDynantic(Dynantic.Error.VALIDATION,
        () => new Product({product_id: 'p-4'}).save(null, null), 'a missing required field');
    check(invalid.message.includes('name'), 'the message names the field');
    equal(Dynantic.Error.get_fields(invalid), ['name'], 'the fields');
    equal(Dynantic.Error.get_details(invalid).get_fields(), ['name'], 'the fields, from the details');
});

run('details of a network failure', () => {
    // a failure without a response: retryable, no status, no request id
    const credentials = Dynantic.Credentials.new('DynanticTestKey', 'DynanticTestSecret', null);
    const unreachable = new Dynantic.Client({
        endpoint: 'http://127.0.0.1:1',
        region: 'us-east-1',
        max_attempts: 1,
        credentials_provider: Dynantic.CredentialsProvider.new_static(credentials),
    });
    const item = new Product({product_id: 'p-5', name: 'Nowhere'});
    item.set_instance_client(unreachable);
    const e = throwsDynantic(Dynantic.Error.NETWORK, () => item.save(null, null), 'an unreachable endpoint');
    const details = Dynantic.Error.get_details(e);
    equal([details.get_code(), details.get_retryable(), details.get_http_status(), details.get_request_id(),
        details.get_service_code(), details.get_fields(), details.get_cancellation_reasons()],
    [Dynantic.Error.NETWORK, true, 0, null, null, null, null], 'the details');
    check(Dynantic.Error.is_retryable(e), 'retryable');
});

run('objects made without arguments', () => {
    const calls = [
        [Dynantic.Iterator, o => o.next(null)],
        [Dynantic.Results, o => o.load_more(null)],
        [Dynantic.Update, o => o.set_value('a', 1).remove('b').execute(null)],
        [Dynantic.Query, o => o.begins_with('x').filter(Dynantic.Condition.attribute_exists('a')).all(null)],
        [Dynantic.Scan, o => o.segment(0, 2).limit(1).count(null)],
        [Dynantic.Scan, o => o.parallel(2, null)],
    ];
    for (const [Type, call] of calls)
        throwsDynantic(Dynantic.Error.INVALID_ARGUMENT, () => call(new Type()), `${Type.name} made without arguments`);
    const results = new Dynantic.Results();
    equal([results.get_n_items(), results.get_has_more(), results.get_loading()], [0, false, false], 'empty results');
    check(results.get_item_type() === Dynantic.Model.$gtype, 'results of models');
    const page = new Dynantic.Page();
    equal([page.get_items(), page.get_count(), page.get_has_more(), page.get_cursor()], [[], 0, false, null], 'an empty page');
    equal(new Dynantic.Update().get_returned_item(), null, 'nothing returned');
    const empty = new Dynantic.ErrorDetails();
    equal([empty.get_code(), empty.get_fields(), empty.get_item()], [0, null, null], 'empty details');
    check(new Dynantic.Client().get_max_attempts() >= 1, 'a client from the environment');
    for (const Abstract of [Dynantic.Model, Dynantic.Read, Dynantic.CredentialsProvider]) {
        let refused = false;
        try {
            new Abstract();
        } catch (e) {
            refused = true;
        }
        check(refused, `${Abstract.name} is abstract`);
    }
});

for (const model of [Product, Order])
    Dynantic.table_delete(model, null, null);
print(`1..${passed + failures}`);
System.exit(failures > 0 ? 1 : 0);
