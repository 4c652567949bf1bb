/* conditional_writes.vala: create if absent, delete only if settled, and a
 * stale write refused (the version checked by hand, as the seed does; a
 * class can have Dynantic check it on every write with set_version ())
 *
 *     examples/run.sh vala conditional_writes
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
public class Account : Dynantic.Model {
	public string? email { owned get; set; }
	public int64 balance { get; set; }
	public int version { get; set; }

	class construct {
		set_table ("example-vala-accounts");
		set_partition_key ("email");
	}
}

const string EMAIL = "john@example.com";

Account account (int64 balance, int version) {
	var account = new Account ();
	account.email = EMAIL;
	account.balance = balance;
	account.version = version;
	return account;
}

errordomain ExampleError {
	NOT_REFUSED
}

async void run () throws GLib.Error {
	var absent = Dynantic.Condition.attribute_not_exists ("email");
	var settled = Dynantic.Condition.eq ("balance", 0);
	var at_version_1 = Dynantic.Condition.eq ("version", 1);

	yield account (10, 1).save_async (absent);
	try {
		yield account (0, 0).save_async (absent);
		throw new ExampleError.NOT_REFUSED ("a second create was not refused");
	} catch (Dynantic.Error.CONDITIONAL_CHECK_FAILED e) {
		print ("second create refused\n");
	}

	try {
		yield Dynantic.Model.delete_by_key_async (typeof (Account), EMAIL, null, settled);
		throw new ExampleError.NOT_REFUSED ("an unsettled delete was not refused");
	} catch (Dynantic.Error.CONDITIONAL_CHECK_FAILED e) {
		print ("not deleted: the balance is not 0\n");
	}

	/* Two writers read version 1; the second to write is refused, and the
	 * error brings the item as it is now. */
	var mine = (Account) yield Dynantic.Model.get_by_key_async (typeof (Account), EMAIL);
	var theirs = (Account) yield Dynantic.Model.get_by_key_async (typeof (Account), EMAIL);
	mine.balance = 5;
	mine.version = 2;
	yield mine.save_async (at_version_1);
	theirs.balance = 99;
	theirs.version = 2;
	try {
		yield theirs.save_async (at_version_1);
		throw new ExampleError.NOT_REFUSED ("a stale write was not refused");
	} catch (Dynantic.Error.CONDITIONAL_CHECK_FAILED e) {
		var current = (Account) Dynantic.Error.get_item (e);
		print ("stale write refused; balance stays %s\n", current.balance.to_string ());
	}

	yield new Dynantic.Update (typeof (Account), EMAIL).set_value ("balance", 0).execute_async ();
	yield Dynantic.Model.delete_by_key_async (typeof (Account), EMAIL, null, settled);
	var gone = yield Dynantic.Model.get_by_key_full_async (typeof (Account), true, EMAIL);
	print ("deleted: %s\n", gone == null ? "yes" : "no");
}

async int main () {
	Type[] models = { typeof (Account) };
	int status = 0;
	try {
		yield Examples.create_tables (models);
		yield run ();
	} catch (GLib.Error e) {
		printerr ("conditional_writes: %s\n", e.message);
		status = 1;
	}
	yield Examples.delete_tables (models);
	return status;
}
