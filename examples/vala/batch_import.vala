/* batch_import.vala: many items written 25 a request, with progress; a
 * batch writer for a stream of rows; what was not written is never dropped
 *
 *     examples/run.sh vala batch_import
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
public class Stock : Dynantic.Model {
	public string? sku { owned get; set; }
	public string? warehouse { owned get; set; }
	public int64 quantity { get; set; }

	class construct {
		set_table ("example-vala-stock");
		set_partition_key ("sku");
		set_sort_key ("warehouse");
	}

	/* Row n of the import (from 1): what a CSV reader would give. */
	public Stock.row (int n) {
		sku = "sku-%03d".printf (n);
		warehouse = n % 2 == 1 ? "north" : "south";
		quantity = n * 3;
	}
}

/* The progress signal comes after each round of each chunk, several chunks
 * being in flight: keep the furthest point reached. */
uint furthest_done = 0;

void progress_reported (Dynantic.BatchWrite batch, uint done, uint retried, uint total, double capacity) {
	furthest_done = uint.max (furthest_done, done);
}

async void run () throws GLib.Error {
	/* The first 100 rows in one batch: 4 requests of 25, sent at once. */
	var batch = new Dynantic.BatchWrite (null);
	for (int n = 1; n <= 100; n++)
		batch.save (new Stock.row (n));
	batch.progress.connect (progress_reported);
	try {
		yield batch.execute_async ();
	} catch (Dynantic.Error.BATCH_INCOMPLETE e) {
		/* Nothing is lost: these can be written later. */
		print ("not written, to retry later: %u\n", batch.get_unprocessed ().length);
		throw e;
	}
	print ("batch: %u written, progress reported %u of %u\n",
	       batch.get_processed ().length, furthest_done, batch.get_n_requests ());

	/* The rest as a stream: the writer sends every 25, and the rest when closed. */
	var writer = new Dynantic.BatchWriter (null);
	for (int n = 101; n <= 120; n++)
		yield writer.save_async (new Stock.row (n));
	var gone = new Stock ();
	gone.sku = "sku-001";
	gone.warehouse = "north";
	yield writer.delete_async (gone);
	yield writer.close_async ();
	print ("writer: closed, %u pending\n", writer.get_n_pending ());

	var count = yield new Dynantic.Scan (typeof (Stock)).count_async ();
	print ("items now: %s\n", count.to_string ());
}

async int main () {
	Type[] models = { typeof (Stock) };
	int status = 0;
	try {
		yield Examples.create_tables (models);
		yield run ();
	} catch (GLib.Error e) {
		printerr ("batch_import: %s\n", e.message);
		status = 1;
	}
	yield Examples.delete_tables (models);
	return status;
}
