// Atomic counters: updates without reading first, 100 in flight at once.
//
//     examples/run.sh js counters
//
// SPDX-License-Identifier: LGPL-2.1-or-later
import GObject from 'gi://GObject';
import Dynantic from 'gi://Dynantic?version=1';

import {withTables} from './tables.js';

const rw = GObject.ParamFlags.READWRITE;
const PageViews = GObject.registerClass({
    GTypeName: 'ExamplePageViews',
    Properties: {
        'page': GObject.ParamSpec.string('page', '', '', rw, null),
        'views': GObject.ParamSpec.int64('views', '', '', rw, 0, Number.MAX_SAFE_INTEGER, 0),
        'visitors': GObject.ParamSpec.boxed('visitors', '', '', rw, GObject.type_from_name('GStrv')),
    },
}, class PageViews extends Dynantic.Model {});

PageViews.set_table('example-js-page-views');
PageViews.set_partition_key('page');
PageViews.set_set('visitors');   // SS, not a list

// GJS 1.74 cannot guess a GValue's type from a JavaScript array (and its
// GObject.Value.set_boxed() drops a GStrv): a GStrv GValue is read from a
// property of that type, and passed as it is.
function strvValue(strings) {
    const value = new GObject.Value();
    value.init(GObject.type_from_name('GStrv'));
    new PageViews({visitors: strings}).get_property('visitors', value);
    return value;
}

// One visit: views + 1 and the visitor into the set, in one UpdateItem.
const visit = n => Dynantic.Update.new(PageViews, '/home', null, null)
    .add('views', 1).add('visitors', strvValue([`visitor-${n % 5}`])).execute_async(null);

await withTables([PageViews], async () => {
    await new PageViews({page: '/home'}).save_async(null, null);
    await Promise.all(Array.from({length: 100}, (_, n) => visit(n)));

    const home = await Dynantic.Model.get_by_key_full_async(PageViews, true, '/home', null, null, null);
    print(`views: ${home.views} distinct visitors: ${home.visitors.length}`);

    const correction = Dynantic.Update.new(PageViews, '/home', null, null).add('views', -10)
        .set_return_values(Dynantic.ReturnValues.UPDATED_NEW);
    await correction.execute_async(null);
    print(`after a correction: ${correction.get_returned_attributes()['views']}`);
});
