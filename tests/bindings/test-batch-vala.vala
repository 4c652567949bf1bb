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

Dynantic.Client client;

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
	doc_class.set_table ("vala-docs-" + suffix);
	client = make_client ();
	doc_class.set_client (client);
	create_table (typeof (BatchDoc));

	Test.add_func ("/vala/optimistic-locking", test_optimistic_locking);
	int status = Test.run ();

	try {
		Dynantic.table_delete (typeof (BatchDoc));
	} catch (Error e) {
		warning ("deleting the tables: %s", e.message);
	}
	return status;
}
