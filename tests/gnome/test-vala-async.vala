/* test-vala-async.vala: Dynantic from Vala as a GNOME application uses it,
 * against DynamoDB Local
 *
 * Models are Vala classes with Vala properties (a polymorphic base and its
 * subclasses included) that declare their schema in `class construct`;
 * every network call is an `async` method called with `yield`; queries are
 * built by chained calls; failures are caught by their code with
 * `catch (Dynantic.Error.CONDITIONAL_CHECK_FAILED e)`. Compiled against the
 * generated vapi, and the C valac writes compiled with the project's
 * warnings as errors. Prints TAP.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The models --------------------------------------------------------------- */

public class Product : Dynantic.Model {
	/* `owned get`: the string is the object's own copy, handed out as a copy */
	public string? product_id { owned get; set; }
	public string? name { owned get; set; }
	public double price { get; set; }
	public int stock { get; set; }

	class construct {
		set_partition_key ("product_id");
		set_required ("name");
	}
}

public class Order : Dynantic.Model {
	public string? customer_id { owned get; set; }
	public string? order_id { owned get; set; }
	public string? status { owned get; set; }
	public double total { get; set; }

	class construct {
		set_partition_key ("customer_id");
		set_sort_key ("order_id");
		add_global_index ("StatusIndex", "status", "total");
	}
}

/* Single-table polymorphism: the base declares the keys and the
 * discriminator, and registers each subclass under its kind. In
 * `static construct`, which runs once for this class: `class construct`
 * runs again for each subclass, with the subclass's class. */
public class Animal : Dynantic.Model {
	public string? animal_id { owned get; set; }
	public string? kind { owned get; set; }
	public string? name { owned get; set; }

	static construct {
		set_partition_key ("animal_id");
		set_discriminator ("kind");
		register_subtype ("DOG", typeof (Dog));
		register_subtype ("CAT", typeof (Cat));
	}

	public virtual string describe () {
		return name;
	}
}

public class Dog : Animal {
	public string? breed { owned get; set; }

	public override string describe () {
		return "%s the %s".printf (name, breed);
	}
}

public class Cat : Animal {
	public int lives { get; set; default = 9; }
	public string? colour { owned get; set; }

	public override string describe () {
		return "%s, %s, with %d lives".printf (name, colour, lives);
	}
}

/* Exact numbers: an int64 property holds every 64-bit integer, a string
 * property declared a number any DynamoDB number (38 digits). */
public class Account : Dynantic.Model {
	public string? account_id { owned get; set; }
	public int64 visits { get; set; }
	public string? balance { owned get; set; }

	class construct {
		set_partition_key ("account_id");
		set_number ("balance");
	}
}

/* The harness -------------------------------------------------------------- */

string suffix;
Dynantic.Client client;
int passed = 0;
int failed = 0;

errordomain Check {
	FAILED
}

void check (bool condition, string what) throws Check {
	if (!condition)
		throw new Check.FAILED ("expected: %s", what);
}

void report (string name, GLib.Error? error) {
	if (error == null) {
		passed++;
		print ("ok %d %s\n", passed + failed, name);
	} else {
		failed++;
		print ("not ok %d %s: %s\n", passed + failed, name, error.message);
	}
}

Dynantic.Client make_client () {
	var credentials = new Dynantic.Credentials ("DynanticTestKey", "DynanticTestSecret", null);
	return (Dynantic.Client) Object.new (typeof (Dynantic.Client),
	                                     "endpoint", Environment.get_variable ("DYNANTIC_TEST_ENDPOINT"),
	                                     "region", "us-east-1",
	                                     "credentials-provider", new Dynantic.CredentialsProvider.@static (credentials));
}

/* The tests ---------------------------------------------------------------- */

async void test_crud () throws GLib.Error {
	var widget = new Product ();
	widget.product_id = "p-1";
	widget.name = "Widget";
	widget.price = 29.99;
	widget.stock = 3;
	yield widget.save_async ();

	var found = (Product?) yield Dynantic.Model.get_by_key_async (typeof (Product), "p-1");
	check (found != null && found.name == "Widget" && found.price == 29.99 && found.stock == 3, "read back");
	check ((yield Dynantic.Model.get_by_key_async (typeof (Product), "absent")) == null, "no item: null");

	found.price = 34.99;
	yield found.save_async ();
	var other = new Product ();
	other.product_id = "p-1";
	yield other.reload_async ();
	check (other.name == "Widget" && other.price == 34.99, "reloaded");

	var again = new Product ();
	again.product_id = "p-1";
	again.name = "Again";
	try {
		yield again.create_async ();
		check (false, "a second create fails");
	} catch (Dynantic.Error.CONDITIONAL_CHECK_FAILED e) {
		/* the item that was there comes back with the error */
		var current = Dynantic.Error.get_item (e) as Product;
		check (current != null && current.price == 34.99, "the current item");
	}

	yield other.delete_item_async ();
	check ((yield Dynantic.Model.get_by_key_full_async (typeof (Product), true, "p-1")) == null, "deleted");
}

async void save_order (string customer, int n) throws GLib.Error {
	var order = new Order ();
	order.customer_id = customer;
	order.order_id = "order-%03d".printf (n);
	order.status = n % 3 == 0 ? "shipped" : "pending";
	order.total = n * 10;
	yield order.save_async ();
}

async void test_queries () throws GLib.Error {
	for (int n = 1; n <= 25; n++)
		yield save_order ("c-1", n);

	/* a page at a time, each page one request, until there is no cursor */
	int[] sizes = {};
	string? cursor = null;
	string? last = null;
	do {
		var page = yield new Dynantic.Query (typeof (Order), "c-1").page_size (10).page_async (cursor);
		sizes += (int) page.get_count ();
		last = ((Order) page.get_items ()[page.get_items ().length - 1]).order_id;
		cursor = page.get_cursor ();
	} while (cursor != null);
	check (sizes.length == 3 && sizes[0] == 10 && sizes[1] == 10 && sizes[2] == 5, "three pages");
	check (last == "order-025", "the last order last");

	/* chained builders keep their type: the chain is a Query */
	Dynantic.Query shipped = new Dynantic.Query (typeof (Order), "c-1")
		.begins_with ("order-0")
		.filter (Dynantic.Condition.eq ("status", "shipped"))
		.page_size (7)
		.descending (true);
	check ((yield shipped.count_async ()) == 8, "a filtered count");
	var newest = (Order) yield shipped.first_async ();
	check (newest.order_id == "order-024", "the newest shipped order");

	var early = yield new Dynantic.Query (typeof (Order), "c-1").between ("order-001", "order-003").all_async ();
	check (early.length == 3 && ((Order) early[2]).total == 30, "between");

	var iterator = new Dynantic.Query.for_index (typeof (Order), "StatusIndex", "shipped").gt (200).iterate ();
	string[] big = {};
	for (var order = yield iterator.next_async (); order != null; order = yield iterator.next_async ())
		big += ((Order) order).order_id;
	check (string.joinv (",", big) == "order-021,order-024", "the index, item by item");

	var results = new Dynantic.Query (typeof (Order), "c-1").page_size (10).results ();
	while (results.get_has_more ())
		yield results.load_more_async ();
	check (results.get_n_items () == 25, "results loaded on demand");
	check (((Order) results.get_item (24)).order_id == "order-025", "the last item");
}

async void test_updates_and_conditions () throws GLib.Error {
	var gizmo = new Product ();
	gizmo.product_id = "p-3";
	gizmo.name = "Gizmo";
	gizmo.price = 10;
	gizmo.stock = 5;
	yield gizmo.save_async ();

	var update = new Dynantic.Update (typeof (Product), "p-3")
		.add ("stock", -2)
		.set_value ("price", 12.5)
		.set_condition (Dynantic.Condition.ge ("stock", 2))
		.set_return_values (Dynantic.ReturnValues.ALL_NEW);
	yield update.execute_async ();
	var updated = (Product) update.get_returned_item ();
	check (updated.stock == 3 && updated.price == 12.5, "the new item");

	try {
		yield new Dynantic.Update (typeof (Product), "p-3").add ("stock", -5)
			.set_condition (Dynantic.Condition.ge ("stock", 5)).execute_async ();
		check (false, "not enough stock");
	} catch (Dynantic.Error.CONDITIONAL_CHECK_FAILED e) {
		check (((Product) Dynantic.Error.get_item (e)).stock == 3, "the stock, unchanged");
	}

	var sold_out = Dynantic.Condition.eq ("stock", 0);
	try {
		yield Dynantic.Model.delete_by_key_async (typeof (Product), "p-3", null, sold_out);
		check (false, "delete only when sold out");
	} catch (Dynantic.Error.CONDITIONAL_CHECK_FAILED e) {
	}
	yield new Dynantic.Update (typeof (Product), "p-3").set_value ("stock", 0).execute_async ();
	check (yield Dynantic.Model.delete_by_key_async (typeof (Product), "p-3", null, sold_out), "deleted once sold out");

	var nameless = new Product ();
	nameless.product_id = "p-4";
	try {
		yield nameless.save_async ();
		check (false, "a name is required");
	} catch (Dynantic.Error.VALIDATION e) {
		check ("name" in e.message, "the message names the field at fault");
	}
}

async void test_polymorphism () throws GLib.Error {
	var rex = new Dog ();
	rex.animal_id = "a-1";
	rex.name = "Rex";
	rex.breed = "collie";
	var tom = new Cat ();
	tom.animal_id = "a-2";
	tom.name = "Tom";
	tom.lives = 7;
	tom.colour = "tabby";
	yield rex.save_async ();
	yield tom.save_async ();
	check (rex.kind == "DOG", "the discriminator, set on save");

	var read = yield Dynantic.Model.get_by_key_async (typeof (Animal), "a-1");
	check (read is Dog && ((Animal) read).describe () == "Rex the collie", "a Dog through the base");
	var all = yield new Dynantic.Scan (typeof (Animal)).consistent (true).all_async ();
	string[] descriptions = {};
	for (uint i = 0; i < all.length; i++)
		descriptions += ((Animal) all[i]).describe ();
	check (all.length == 2 && "Tom, tabby, with 7 lives" in descriptions && "Rex the collie" in descriptions,
	       "every animal as its class");
	var cats = yield new Dynantic.Scan (typeof (Cat)).consistent (true).all_async ();
	check (cats.length == 1 && cats[0] is Cat, "cats only");
}

async void test_numbers () throws GLib.Error {
	var account = new Account ();
	account.account_id = "acct-1";
	account.visits = int64.MAX;
	account.balance = "12345678901234567890123456789012345678";
	yield account.save_async ();

	var read = (Account) yield Dynantic.Model.get_by_key_async (typeof (Account), "acct-1");
	check (read.visits == int64.MAX, "the largest int64");
	check (read.balance == "12345678901234567890123456789012345678", "38 digits");

	var update = new Dynantic.Update (typeof (Account), "acct-1").add ("visits", (int64) (-1))
		.add ("balance", "1").set_return_values (Dynantic.ReturnValues.ALL_NEW);
	yield update.execute_async ();
	var after = (Account) update.get_returned_item ();
	check (after.visits == int64.MAX - 1, "an exact ADD on int64");
	check (after.balance == "12345678901234567890123456789012345679", "an exact ADD on 38 digits");
}

async void test_cancelled () throws GLib.Error {
	var cancellable = new Cancellable ();
	cancellable.cancel ();
	try {
		yield new Dynantic.Query (typeof (Order), "c-1").all_async (cancellable);
		check (false, "cancelled");
	} catch (IOError.CANCELLED e) {
	}
}

/* Main --------------------------------------------------------------------- */

async int run () {
	Type[] models = { typeof (Product), typeof (Order), typeof (Animal), typeof (Account) };
	string[] tables = { "products", "orders", "animals", "accounts" };

	client = make_client ();
	try {
		for (int i = 0; i < models.length; i++) {
			var model = (Dynantic.Model) Object.new (models[i]);
			model.set_table ("vala-async-%s-%s".printf (tables[i], suffix));
			model.set_client (client);
			yield Dynantic.table_create_async (models[i]);
		}
		foreach (var model in models)
			yield Dynantic.table_wait_until_active_async (model, 60);
	} catch (GLib.Error e) {
		print ("Bail out! the tables: %s\n", e.message);
		return 1;
	}

	try { yield test_crud (); report ("CRUD, yielded", null); } catch (GLib.Error e) { report ("CRUD, yielded", e); }
	try { yield test_queries (); report ("queries and pages", null); } catch (GLib.Error e) { report ("queries and pages", e); }
	try { yield test_updates_and_conditions (); report ("updates and conditions", null); } catch (GLib.Error e) { report ("updates and conditions", e); }
	try { yield test_polymorphism (); report ("polymorphism", null); } catch (GLib.Error e) { report ("polymorphism", e); }
	try { yield test_numbers (); report ("exact numbers", null); } catch (GLib.Error e) { report ("exact numbers", e); }
	try { yield test_cancelled (); report ("cancelled", null); } catch (GLib.Error e) { report ("cancelled", e); }

	foreach (var model in models) {
		try {
			yield Dynantic.table_delete_async (model);
		} catch (GLib.Error e) {
			warning ("deleting a table: %s", e.message);
		}
	}
	print ("1..%d\n", passed + failed);
	return failed > 0 ? 1 : 0;
}

int main (string[] args) {
	suffix = "%d-%s".printf ((int) Posix.getpid (), (get_real_time () % 1000000000).to_string ());
	var loop = new MainLoop ();
	int status = 1;
	run.begin ((source, result) => {
		status = run.end (result);
		loop.quit ();
	});
	loop.run ();
	return status;
}
