/* products.vala: a model, save, get, fetch-and-save, delete (the seed's CRUD)
 *
 *     examples/run.sh vala products
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
public class Product : Dynantic.Model {
	public string? product_id { owned get; set; }
	public string? name { owned get; set; }
	public double price { get; set; }

	class construct {
		set_table ("example-vala-products");
		set_partition_key ("product_id");
		set_required ("name");
	}
}

async void run () throws GLib.Error {
	var product = new Product ();
	product.product_id = "prod-123";
	product.name = "Widget";
	product.price = 29.99;
	yield product.save_async ();
	print ("saved prod-123: Widget at 29.99\n");

	/* Read (null when there is no such item), change, save */
	var found = (Product) yield Dynantic.Model.get_by_key_async (typeof (Product), "prod-123");
	found.price = 34.99;
	yield found.save_async ();
	var again = (Product) yield Dynantic.Model.get_by_key_async (typeof (Product), "prod-123");
	print ("price now %.2f\n", again.price);

	yield Dynantic.Model.delete_by_key_async (typeof (Product), "prod-123");
	var gone = yield Dynantic.Model.get_by_key_async (typeof (Product), "prod-123");
	print ("after delete: %s\n", gone == null ? "none" : "still there");
}

async int main () {
	Type[] models = { typeof (Product) };
	int status = 0;
	try {
		yield Examples.create_tables (models);
		yield run ();
	} catch (GLib.Error e) {
		printerr ("products: %s\n", e.message);
		status = 1;
	}
	yield Examples.delete_tables (models);
	return status;
}
