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
const models = [Doc];

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

for (const model of models)
    Dynantic.table_delete(model, null, null);
print(`1..${passed + failures}`);
System.exit(failures > 0 ? 1 : 0);
