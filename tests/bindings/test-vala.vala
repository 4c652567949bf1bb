/* test-vala.vala: the API from Vala, against DynamoDB Local
 *
 * Models are Vala classes with underscore property names that declare
 * their schema in `class construct`; saved, read by partition key alone,
 * queried with a chained filter (which only compiles when builder calls
 * keep their type), updated, with errors caught by code; every public type
 * made with no arguments. Compiled against the generated vapi.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

public class TestProduct : Dynantic.Model {
	/* owned get: valac's setter of a plain string property compares the
	 * old value through a const pointer it assigns to a non-const one */
	public string? product_id { owned get; set; }
	public string? name { owned get; set; }
	public double price { get; set; }
	public int64 login_count { get; set; }

	class construct {
		set_partition_key ("product_id");
		set_required ("name");
	}
}

public class TestOrder : Dynantic.Model {
	public string? customer_id { owned get; set; }
	public string? order_date { owned get; set; }
	public double total { get; set; }

	class construct {
		set_partition_key ("customer_id");
		set_sort_key ("order_date");
	}
}

string suffix;
Dynantic.Client client;

Dynantic.Client make_client () {
	var credentials = new Dynantic.Credentials ("DynanticTestKey", "DynanticTestSecret", null);
	return (Dynantic.Client) Object.new (typeof (Dynantic.Client),
	                                     "endpoint", Environment.get_variable ("DYNANTIC_TEST_ENDPOINT"),
	                                     "region", "us-east-1",
	                                     "credentials-provider", new Dynantic.CredentialsProvider.@static (credentials));
}

void test_class_level_calls () {
	var item = new TestProduct ();
	/* class methods are called through the class of any object, or in class construct */
	assert (item.get_client () == client);
	assert (item.get_table () == "vala-products-" + suffix);
	assert (item.get_instance_client () == client);
	var other = make_client ();
	item.set_instance_client (other);
	assert (item.get_instance_client () == other);
	assert (item.get_client () == client);
	try {
		assert (item.check_schema ());
	} catch (Error e) {
		error ("the schema: %s", e.message);
	}
}

void test_save_and_get_by_key () {
	try {
		var product = new TestProduct ();
		product.product_id = "p-1";
		product.name = "Widget";
		product.price = 29.99;
		product.login_count = 1L << 40;
		product.save ();

		var found = (TestProduct) Dynantic.Model.get_by_key (typeof (TestProduct), "p-1");
		assert (found.name == "Widget");
		assert (found.price == 29.99);
		assert (found.login_count == 1L << 40);
		assert (Dynantic.Model.get_by_key (typeof (TestProduct), "absent") == null);
		var consistent = Dynantic.Model.get_by_key_full (typeof (TestProduct), true, "p-1", null, client);
		assert (consistent.get_instance_client () == client);
		assert (Dynantic.Model.delete_by_key (typeof (TestProduct), "p-1"));
		assert (Dynantic.Model.get_by_key (typeof (TestProduct), "p-1") == null);
	} catch (Error e) {
		error ("save and get: %s", e.message);
	}
}

void save_order (string date, double total) throws Error {
	var order = new TestOrder ();
	order.customer_id = "c-1";
	order.order_date = date;
	order.total = total;
	order.save ();
}

void create_table (Type type) {
	try {
		Dynantic.table_create (type);
		Dynantic.table_wait_until_active (type, 60);
	} catch (Error e) {
		error ("the table of %s: %s", type.name (), e.message);
	}
}

void test_query_with_chained_filter () {
	try {
		save_order ("2024-01-05", 10.5);
		save_order ("2024-01-20", 99.99);
		save_order ("2024-02-03", 5.0);
		save_order ("2023-12-31", 50.0);

		var query = new Dynantic.Query (typeof (TestOrder), "c-1");
		/* each call returns the query itself, as a Query: the chain compiles */
		Dynantic.Query chained = query.filter (Dynantic.Condition.gt ("total", 6)).begins_with ("2024-").limit (5);
		assert (chained == query);
		assert (Dynantic.CONDITION_MAX_DEPTH == 256 && Dynantic.CONDITION_MAX_IN_VALUES == 100);
		var orders = query.all ();
		assert (orders.length == 2);
		assert (((TestOrder) orders[0]).order_date == "2024-01-05");
		assert (((TestOrder) orders[1]).order_date == "2024-01-20");

		var scan = new Dynantic.Scan (typeof (TestOrder)).filter (Dynantic.Condition.lt ("total", 6)).consistent (true);
		var cheap = scan.all ();
		assert (cheap.length == 1 && ((TestOrder) cheap[0]).total == 5.0);

		var page = new Dynantic.Query (typeof (TestOrder), "c-1").limit (2).page ();
		assert (page.get_items ().length == 2 && page.get_has_more ());
		var rest = new Dynantic.Query (typeof (TestOrder), "c-1").page (page.get_cursor ());
		assert (((TestOrder) rest.get_items ()[0]).order_date == "2024-01-20");
	} catch (Error e) {
		error ("query: %s", e.message);
	}
}

void test_update () {
	try {
		var product = new TestProduct ();
		product.product_id = "p-2";
		product.name = "Gadget";
		product.login_count = 1;
		product.save ();

		var update = new Dynantic.Update (typeof (TestProduct), "p-2");
		assert (update.add ("login_count", 2).set_value ("name", "Gizmo") == update);
		update.set_return_values (Dynantic.ReturnValues.ALL_NEW).execute ();
		var returned = (TestProduct) update.get_returned_item ();
		assert (returned.name == "Gizmo" && returned.login_count == 3);
	} catch (Error e) {
		error ("update: %s", e.message);
	}

	try {
		new Dynantic.Query (typeof (TestProduct), "p-2").filter (Dynantic.Condition.eq ("login-count", "three")).all ();
		assert_not_reached ();
	} catch (Dynantic.Error.VALIDATION e) {
		assert ("login-count" in e.message);
	} catch (Error e) {
		error ("a value of the wrong type: %s", e.message);
	}
}

void test_error_codes () {
	var once = new TestProduct ();
	once.product_id = "p-3";
	once.name = "Once";
	try {
		once.create ();
	} catch (Error e) {
		error ("create: %s", e.message);
	}

	var twice = new TestProduct ();
	twice.product_id = "p-3";
	twice.name = "Twice";
	try {
		twice.create ();
		assert_not_reached ();
	} catch (Dynantic.Error.CONDITIONAL_CHECK_FAILED e) {
		var details = Dynantic.Error.get_details (e);
		assert (details.get_service_code () == "ConditionalCheckFailedException");
		assert (details.get_http_status () == 400 && details.get_request_id () != null && details.get_request_id () != "");
		assert (details.get_cancellation_reasons () == null);
		assert (!details.get_retryable ());
		assert (((TestProduct) details.get_item ()).name == "Once");
	} catch (Error e) {
		error ("a second create: %s", e.message);
	}

	var nameless = new TestProduct ();
	nameless.product_id = "p-4";
	try {
		nameless.save ();
		assert_not_reached ();
	} catch (Dynantic.Error.VALIDATION e) {
		assert ("name" in e.message);
		assert (string.joinv (",", Dynantic.Error.get_details (e).get_fields ()) == "name");
	} catch (Error e) {
		error ("a missing required field: %s", e.message);
	}
}

/* a failure without a response: retryable, no status, no request id */
void test_details_of_a_network_failure () {
	var credentials = new Dynantic.Credentials ("DynanticTestKey", "DynanticTestSecret", null);
	var unreachable = (Dynantic.Client) Object.new (typeof (Dynantic.Client),
	                                                "endpoint", "http://127.0.0.1:1",
	                                                "region", "us-east-1",
	                                                "max-attempts", 1,
	                                                "credentials-provider", new Dynantic.CredentialsProvider.@static (credentials));
	var item = new TestProduct ();
	item.product_id = "p-5";
	item.name = "Nowhere";
	item.set_instance_client (unreachable);
	try {
		item.save ();
		assert_not_reached ();
	} catch (Dynantic.Error.NETWORK e) {
		var details = Dynantic.Error.get_details (e);
		assert (details.get_code () == Dynantic.Error.NETWORK && details.get_retryable ());
		assert (details.get_http_status () == 0 && details.get_request_id () == null && details.get_service_code () == null);
		assert (details.get_fields () == null && details.get_cancellation_reasons () == null);
		assert (Dynantic.Error.is_retryable (e));
	} catch (Error e) {
		error ("an unreachable endpoint: %s", e.message);
	}
}

void assert_invalid_argument (Error e) {
	assert (e is Dynantic.Error.INVALID_ARGUMENT);
}

void test_objects_made_without_arguments () {
	try {
		((Dynantic.Iterator) Object.new (typeof (Dynantic.Iterator))).next ();
		assert_not_reached ();
	} catch (Error e) {
		assert_invalid_argument (e);
	}
	var results = (Dynantic.Results) Object.new (typeof (Dynantic.Results));
	try {
		results.load_more ();
		assert_not_reached ();
	} catch (Error e) {
		assert_invalid_argument (e);
	}
	assert (results.get_n_items () == 0 && !results.get_has_more () && !results.get_loading ());
	assert (results.get_item_type () == typeof (Dynantic.Model));
	var update = (Dynantic.Update) Object.new (typeof (Dynantic.Update));
	try {
		update.set_value ("a", 1).remove ("b").execute ();
		assert_not_reached ();
	} catch (Error e) {
		assert_invalid_argument (e);
	}
	assert (update.get_returned_item () == null);
	try {
		((Dynantic.Query) Object.new (typeof (Dynantic.Query))).begins_with ("x").limit (1).all ();
		assert_not_reached ();
	} catch (Error e) {
		assert_invalid_argument (e);
	}
	try {
		((Dynantic.Scan) Object.new (typeof (Dynantic.Scan))).segment (0, 2).parallel (2);
		assert_not_reached ();
	} catch (Error e) {
		assert_invalid_argument (e);
	}
	var page = (Dynantic.Page) Object.new (typeof (Dynantic.Page));
	assert (page.get_items ().length == 0 && page.get_count () == 0 && !page.get_has_more () && page.get_cursor () == null);
	assert (new Dynantic.Client ().get_max_attempts () >= 1);
	var empty = (Dynantic.ErrorDetails) Object.new (typeof (Dynantic.ErrorDetails));
	assert (empty.get_code () == 0 && empty.get_fields () == null && empty.get_item () == null);
}

int main (string[] args) {
	Test.init (ref args);
	suffix = "%d-%s".printf ((int) Posix.getpid (), (get_real_time () % 1000000000).to_string ());
	/* the schema calls of class construct ran; the table names are per run */
	var product_class = (TestProduct) Object.new (typeof (TestProduct));
	var order_class = (TestOrder) Object.new (typeof (TestOrder));
	product_class.set_table ("vala-products-" + suffix);
	order_class.set_table ("vala-orders-" + suffix);
	client = make_client ();
	product_class.set_client (client);
	order_class.set_client (client);
	create_table (typeof (TestProduct));
	create_table (typeof (TestOrder));

	Test.add_func ("/vala/class-level-calls", test_class_level_calls);
	Test.add_func ("/vala/save-and-get-by-key", test_save_and_get_by_key);
	Test.add_func ("/vala/query-with-chained-filter", test_query_with_chained_filter);
	Test.add_func ("/vala/update", test_update);
	Test.add_func ("/vala/error-codes", test_error_codes);
	Test.add_func ("/vala/details-of-a-network-failure", test_details_of_a_network_failure);
	Test.add_func ("/vala/objects-made-without-arguments", test_objects_made_without_arguments);
	int status = Test.run ();

	try {
		Dynantic.table_delete (typeof (TestProduct));
		Dynantic.table_delete (typeof (TestOrder));
	} catch (Error e) {
		warning ("deleting the tables: %s", e.message);
	}
	return status;
}
