/* test-batch-vala.vala: batches, transactions and optimistic locking from
 * Vala, against DynamoDB Local: every public symbol of those parts of the
 * API called from Vala, compiled against the generated vapi.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

public class BatchDoc : Dynantic.Model {
	public string? doc_id { owned get; set; }
	public int version { get; set; }
	public string? text { owned get; set; }

	class construct {
		set_partition_key ("doc_id");
		set_version ("version");
	}
}

public class BatchItem : Dynantic.Model {
	public string? item_id { owned get; set; }
	public int count { get; set; }

	class construct {
		set_partition_key ("item_id");
	}
}

Dynantic.Client client;
MainLoop loop;

BatchItem item (string id, int count = 0) {
	var made = new BatchItem ();
	made.item_id = id;
	made.count = count;
	return made;
}

BatchItem? stored (string id) throws Error {
	return (BatchItem?) Dynantic.Model.get_by_key_full (typeof (BatchItem), true, id);
}

uint last_done;
uint last_total;

/* A handler that captures nothing: valac's closures cast their destroy
 * notifiers in ways the project's warnings refuse. */
void on_progress (uint done, uint retried, uint total, double capacity) {
	last_done = done;
	last_total = total;
}

void test_batch_write () {
	try {
		var batch = new Dynantic.BatchWrite (null);
		batch.progress.connect (on_progress);
		for (int i = 0; i < 30; i++)
			assert (batch.save (item ("i-%d".printf (i), i)) == batch);
		item ("gone").save ();
		batch.delete (item ("gone")).delete_key (typeof (BatchItem), "never", null);
		batch.set_last_wins (false).set_skip_version_check (false).set_max_attempts (0).set_max_in_flight (2);
		assert (batch.execute ());
		assert (batch.get_n_requests () == 32 && batch.get_processed ().length == 32 && batch.get_unprocessed ().length == 0);
		assert (batch.get_n_retried () == 0 && batch.get_consumed_capacity () >= 32);
		assert (last_done == 32 && last_total == 32);
		assert (stored ("gone") == null && stored ("i-29").count == 29);
		var dup = new Dynantic.BatchWrite (client).save (item ("d")).save (item ("d"));
		try {
			dup.execute ();
			assert_not_reached ();
		} catch (Dynantic.Error.INVALID_ARGUMENT e) {
		}
		var later = new Dynantic.BatchWrite (client).save (item ("async", 5));
		later.execute_async.begin (null, (obj, res) => {
			try {
				assert (later.execute_async.end (res));
			} catch (Error e) {
				error ("execute_async: %s", e.message);
			}
			loop.quit ();
		});
		loop.run ();
		assert (stored ("async").count == 5);
	} catch (Error e) {
		error ("batch write: %s", e.message);
	}
}

void test_batch_writer () {
	try {
		var writer = new Dynantic.BatchWriter (null);
		assert (writer.set_last_wins (true).set_skip_version_check (false).set_max_attempts (0) == writer);
		for (int i = 0; i < 26; i++)
			assert (writer.save (item ("w-%d".printf (i), i)));
		assert (writer.get_n_pending () == 1);
		assert (writer.delete (item ("w-0")));
		var pending = writer.get_pending ();
		assert (pending.length == 2 && ((BatchItem) pending[1]).item_id == "w-0");
		assert (writer.flush ());
		assert (stored ("w-0") == null);
		writer.save_async.begin (item ("w-a"), null, (obj, res) => {
			try {
				assert (writer.save_async.end (res));
				writer.delete_async.begin (item ("w-1"), null, (obj, res) => {
					try {
						assert (writer.delete_async.end (res));
						writer.flush_async.begin (null, (obj, res) => {
							try {
								assert (writer.flush_async.end (res));
								writer.save (item ("w-b"));
								writer.close_async.begin (null, (obj, res) => {
									try {
										assert (writer.close_async.end (res));
									} catch (Error e) {
										error ("close_async: %s", e.message);
									}
									loop.quit ();
								});
							} catch (Error e) {
								error ("flush_async: %s", e.message);
							}
						});
					} catch (Error e) {
						error ("delete_async: %s", e.message);
					}
				});
			} catch (Error e) {
				error ("save_async: %s", e.message);
			}
		});
		loop.run ();
		assert (writer.get_closed () && writer.close ());
		assert (stored ("w-1") == null && stored ("w-b") != null);
		var other = new Dynantic.BatchWriter (client);
		other.save (item ("w-taken"));
		var taken = other.take_pending ();
		assert (taken.length == 1 && ((BatchItem) taken[0]).item_id == "w-taken" && other.get_n_pending () == 0);
	} catch (Error e) {
		error ("batch writer: %s", e.message);
	}
}

Dynantic.Client make_client () {
	var credentials = new Dynantic.Credentials ("DynanticTestKey", "DynanticTestSecret", null);
	return (Dynantic.Client) Object.new (typeof (Dynantic.Client),
	                                     "endpoint", Environment.get_variable ("DYNANTIC_TEST_ENDPOINT"),
	                                     "region", "us-east-1",
	                                     "credentials-provider", new Dynantic.CredentialsProvider.@static (credentials));
}

void test_optimistic_locking () {
	var doc = new BatchDoc ();
	doc.doc_id = "d-1";
	doc.text = "first";
	try {
		doc.save ();
		assert (doc.version == 1);
		var stale = (BatchDoc) Dynantic.Model.get_by_key_full (typeof (BatchDoc), true, "d-1");
		doc.text = "second";
		doc.save ();
		assert (doc.version == 2);
		stale.text = "stale";
		try {
			stale.save ();
			assert_not_reached ();
		} catch (Dynantic.Error.CONDITIONAL_CHECK_FAILED e) {
			var current = (BatchDoc) Dynantic.Error.get_item (e);
			assert (current.version == 2 && current.text == "second");
			assert (Dynantic.Error.get_cancellation_details (e) == null);
			assert (Dynantic.Error.get_unprocessed (e) == null);
			assert (Dynantic.Error.get_processed (e) == null);
		}
		assert (stale.version == 1);
		doc.patch ().set_value ("text", "patched").execute ();
		assert (doc.version == 3);
	} catch (Error e) {
		error ("optimistic locking: %s", e.message);
	}
}

Dynantic.Model? streamed;

/* vapigen writes `const char * const *` arrays as string[] without their C
 * type (it ignores `ctype` on arrays), and valac's char ** then trips the
 * project's -Werror=incompatible-pointer-types: the function as C declares it. */
[CCode (cname = "dynantic_batch_get_set_projection")]
extern unowned Dynantic.BatchGet batch_get_set_projection (Dynantic.BatchGet self,
                                                           [CCode (type = "const gchar* const*", array_length = false, array_null_terminated = true)] string[]? paths);

void test_batch_get () {
	try {
		var writer = new Dynantic.BatchWriter (client);
		for (int i = 0; i < 5; i++)
			writer.save (item ("g-%d".printf (i), i));
		writer.close ();
		var batch = new Dynantic.BatchGet (null);
		last_done = 0;
		batch.progress.connect (on_progress);
		assert (batch.add_key (typeof (BatchItem), "g-3", null).add (item ("nope")).add_key (typeof (BatchItem), "g-1", null) == batch);
		assert (batch_get_set_projection (batch, { "count" }) == batch);
		assert (batch.set_consistent (true).set_max_attempts (0).set_max_in_flight (1) == batch);
		assert (batch.execute ());
		assert (batch.get_n_keys () == 3 && last_done == 3);
		var items = batch.get_items ();
		assert (items.length == 2 && ((BatchItem) items[0]).count == 3 && ((BatchItem) items[1]).count == 1);
		assert (((BatchItem) batch.lookup (0)).item_id == "g-3" && batch.lookup (1) == null);
		assert (batch.get_missing ().length == 1 && ((BatchItem) batch.get_missing ()[0]).item_id == "nope");
		assert (batch.get_unprocessed ().length == 0 && batch.get_n_retried () == 0 && batch.get_consumed_capacity () > 0);
		batch.execute_async.begin (null, (obj, res) => {
			try {
				assert (batch.execute_async.end (res));
			} catch (Error e) {
				error ("execute_async: %s", e.message);
			}
			loop.quit ();
		});
		loop.run ();
		var stream = new Dynantic.BatchGet (client);
		for (int i = 4; i >= 0; i--)
			stream.add_key (typeof (BatchItem), "g-%d".printf (i), null);
		var iterator = stream.iterate ();
		assert (((BatchItem) iterator.next ()).count == 4);
		iterator.next_async.begin (null, (obj, res) => {
			try {
				streamed = iterator.next_async.end (res);
			} catch (Error e) {
				error ("next_async: %s", e.message);
			}
			loop.quit ();
		});
		loop.run ();
		assert (((BatchItem) streamed).count == 3);
		int n = 0;
		for (var next = iterator.next (); next != null; next = iterator.next ())
			n++;
		assert (n == 3);
	} catch (Error e) {
		error ("batch get: %s", e.message);
	}
}

void test_transactions () {
	try {
		item ("t-gone", 1).save ();
		item ("t-checked", 2).save ();
		var doc = new BatchDoc ();
		doc.doc_id = "t-doc";
		doc.text = "in a transaction";
		var bump = new Dynantic.Update (typeof (BatchItem), "t-counter", null, null).add ("count", 5);
		var transaction = new Dynantic.TransactWrite (null);
		assert (transaction.put (doc, null).update (bump) == transaction);
		transaction.delete_key (typeof (BatchItem), "t-gone", null, null)
		           .check_key (typeof (BatchItem), "t-checked", null, Dynantic.Condition.eq ("count", 2));
		assert (transaction.set_client_request_token (null).set_retry_conflicts (false) == transaction);
		assert (transaction.get_n_actions () == 4);
		assert (transaction.execute ());
		assert (transaction.get_client_request_token ().length == 36);
		assert (transaction.get_cancellation_reasons ().length == 0 && transaction.get_consumed_capacity () > 0);
		assert (doc.version == 1 && stored ("t-counter").count == 5 && stored ("t-gone") == null);

		var failing = new Dynantic.TransactWrite (client).put (item ("t-never"), null);
		failing.check (item ("t-checked"), Dynantic.Condition.eq ("count", 3)).delete (doc, null);
		try {
			failing.execute ();
			assert_not_reached ();
		} catch (Dynantic.Error.TRANSACTION_CANCELED e) {
			assert (string.joinv (",", Dynantic.Error.get_details (e).get_cancellation_reasons ()) == "None,ConditionalCheckFailed,None");
			var details = Dynantic.Error.get_cancellation_details (e);
			var reason = (Dynantic.CancellationReason) details[1];
			assert (reason.get_code () == "ConditionalCheckFailed" && reason.get_message () != null);
			assert (((BatchItem) reason.get_item ()).count == 2);
		}
		var reasons = failing.get_cancellation_reasons ();
		assert (reasons.length == 3 && reasons[0].get_item () == null);
		assert (stored ("t-never") == null);

		var later = new Dynantic.TransactWrite (client).put (item ("t-async", 9), null);
		later.execute_async.begin (null, (obj, res) => {
			try {
				assert (later.execute_async.end (res));
			} catch (Error e) {
				error ("execute_async: %s", e.message);
			}
			loop.quit ();
		});
		loop.run ();

		var reads = new Dynantic.TransactGet (null);
		var key = new BatchDoc ();
		key.doc_id = "t-doc";
		assert (reads.add_key (typeof (BatchItem), "t-async", null).add_key (typeof (BatchDoc), "nobody", null).add (key) == reads);
		assert (reads.get_n_keys () == 3);
		assert (reads.execute ());
		var items = reads.get_items ();
		assert (((BatchItem) items[0]).count == 9 && items[1] == null && ((BatchDoc) items[2]).version == 1);
		assert (reads.lookup (1) == null && reads.get_cancellation_reasons ().length == 0);
		reads.execute_async.begin (null, (obj, res) => {
			try {
				assert (reads.execute_async.end (res));
			} catch (Error e) {
				error ("execute_async: %s", e.message);
			}
			loop.quit ();
		});
		loop.run ();
		assert (((BatchItem) reads.lookup (0)).count == 9);
	} catch (Error e) {
		error ("transactions: %s", e.message);
	}
}

void create_table (Type type) {
	try {
		Dynantic.table_create (type);
		Dynantic.table_wait_until_active (type, 60);
	} catch (Error e) {
		error ("creating a table: %s", e.message);
	}
}

int main (string[] args) {
	Test.init (ref args);
	var suffix = "%d-%s".printf ((int) Posix.getpid (), (get_real_time () % 1000000000).to_string ());
	var doc_class = (BatchDoc) Object.new (typeof (BatchDoc));
	var item_class = (BatchItem) Object.new (typeof (BatchItem));
	doc_class.set_table ("vala-docs-" + suffix);
	item_class.set_table ("vala-items-" + suffix);
	client = make_client ();
	loop = new MainLoop ();
	doc_class.set_client (client);
	item_class.set_client (client);
	create_table (typeof (BatchDoc));
	create_table (typeof (BatchItem));

	Test.add_func ("/vala/optimistic-locking", test_optimistic_locking);
	Test.add_func ("/vala/batch-write", test_batch_write);
	Test.add_func ("/vala/batch-writer", test_batch_writer);
	Test.add_func ("/vala/batch-get", test_batch_get);
	Test.add_func ("/vala/transactions", test_transactions);
	int status = Test.run ();

	try {
		Dynantic.table_delete (typeof (BatchDoc));
		Dynantic.table_delete (typeof (BatchItem));
	} catch (Error e) {
		warning ("deleting the tables: %s", e.message);
	}
	return status;
}
