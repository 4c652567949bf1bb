/* counters.vala: atomic counters, updated without reading first, 100 at once
 *
 *     examples/run.sh vala counters
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
public class PageViews : Dynantic.Model {
	public string? page { owned get; set; }
	public int64 views { get; set; }
	public string[]? visitors { owned get; set; }

	class construct {
		set_table ("example-vala-page-views");
		set_partition_key ("page");
		set_set ("visitors");   /* SS, not a list */
	}
}

/* One visit: views + 1 and the visitor into the set, in one UpdateItem. */
Dynantic.Update visit (int n) {
	var update = new Dynantic.Update (typeof (PageViews), "/home");
	update.add ("views", 1).add ("visitors", new string[] { "visitor-%d".printf (n % 5) });
	return update;
}

async void run () throws GLib.Error {
	var home = new PageViews ();
	home.page = "/home";
	yield home.save_async ();

	/* 100 updates in flight at once; wait for them all */
	int pending = 100;
	GLib.Error? failure = null;
	for (int n = 0; n < 100; n++) {
		var update = visit (n);
		update.execute_async.begin (null, (source, result) => {
			try {
				((Dynantic.Update) source).execute_async.end (result);
			} catch (GLib.Error e) {
				failure = e;
			}
			if (--pending == 0)
				run.callback ();
		});
	}
	yield;
	if (failure != null)
		throw failure;

	var counted = (PageViews) yield Dynantic.Model.get_by_key_full_async (typeof (PageViews), true, "/home");
	print ("views: %s distinct visitors: %d\n", counted.views.to_string (), counted.visitors.length);

	var correction = new Dynantic.Update (typeof (PageViews), "/home").add ("views", -10)
		.set_return_values (Dynantic.ReturnValues.UPDATED_NEW);
	yield correction.execute_async ();
	print ("after a correction: %s\n", correction.get_returned_attributes ()["views"].get_int64 ().to_string ());
}

async int main () {
	Type[] models = { typeof (PageViews) };
	int status = 0;
	try {
		yield Examples.create_tables (models);
		yield run ();
	} catch (GLib.Error e) {
		printerr ("counters: %s\n", e.message);
		status = 1;
	}
	yield Examples.delete_tables (models);
	return status;
}
