/* orders.vala: a sort key, key conditions, and pagination with cursors, as
 * a stateless API would page through them
 *
 *     examples/run.sh vala orders
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
public class Order : Dynantic.Model {
	public string? customer_id { owned get; set; }
	public string? order_id { owned get; set; }
	public string? total { owned get; set; default = "0"; }
	public string? status { owned get; set; default = "pending"; }

	class construct {
		set_table ("example-vala-orders");
		set_partition_key ("customer_id");
		set_sort_key ("order_id");
		set_number ("total");   /* a decimal: exact, stored as N */
	}
}

Dynantic.Query customer_orders () {
	return new Dynantic.Query (typeof (Order), "customer-456");
}

async void run () throws GLib.Error {
	for (int n = 1; n <= 25; n++) {
		var order = new Order ();
		order.customer_id = "customer-456";
		order.order_id = "order-%03d".printf (n);
		order.total = "%d.%02d".printf (n * 999 / 100, n * 999 % 100);
		order.status = n % 3 == 0 ? "shipped" : "pending";
		yield order.save_async ();
	}

	/* Page after page, each from the cursor the previous one gave */
	string? cursor = null;
	int pages = 0;
	do {
		var page = yield customer_orders ().limit (10).page_async (cursor);
		var items = page.get_items ();
		print ("page %d: %s .. %s (%u items)\n", ++pages, ((Order) items[0]).order_id,
		       ((Order) items[items.length - 1]).order_id, items.length);
		cursor = page.get_cursor ();   /* an opaque string */
	} while (cursor != null);

	var shipped = yield customer_orders ().filter (Dynantic.Condition.eq ("status", "shipped")).count_async ();
	print ("shipped: %s\n", shipped.to_string ());

	var early = yield customer_orders ().between ("order-001", "order-005").all_async ();
	var totals = new StringBuilder ("first five:");
	for (uint i = 0; i < early.length; i++)
		totals.append_printf (" %s", ((Order) early[i]).total);
	print ("%s\n", totals.str);

	/* A scan (every customer's orders) with a compound filter */
	var big_pending = Dynantic.Condition.andv ({
		Dynantic.Condition.gt ("total", "200"),
		Dynantic.Condition.eq ("status", "pending")
	});
	var n = yield new Dynantic.Scan (typeof (Order)).filter (big_pending).count_async ();
	print ("pending over 200 (a scan): %s\n", n.to_string ());
}

async int main () {
	Type[] models = { typeof (Order) };
	int status = 0;
	try {
		yield Examples.create_tables (models);
		yield run ();
	} catch (GLib.Error e) {
		printerr ("orders: %s\n", e.message);
		status = 1;
	}
	yield Examples.delete_tables (models);
	return status;
}
