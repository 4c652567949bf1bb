/* transactions.vala: a transfer between two accounts, all or nothing
 *
 *     examples/run.sh vala transactions
 *
 * Two updates in one TransactWriteItems: the withdrawal only while the
 * balance covers it, the deposit with it. A transfer the balance does not
 * cover is cancelled as a whole, with a reason per action.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
public class Account : Dynantic.Model {
	public string? account_id { owned get; set; }
	public int64 balance { get; set; }

	class construct {
		set_table ("example-vala-accounts");
		set_partition_key ("account_id");
	}
}

/* balance + amount on one account, only while the balance covers a withdrawal. */
Dynantic.Update move (string account_id, int64 amount) {
	var update = new Dynantic.Update (typeof (Account), account_id);
	update.add ("balance", amount);
	if (amount < 0)
		update.set_condition (Dynantic.Condition.ge ("balance", -amount));
	return update;
}

Dynantic.TransactWrite transfer (string from, string to, int64 amount) {
	var transaction = new Dynantic.TransactWrite (null);
	transaction.update (move (from, -amount)).update (move (to, amount));
	return transaction;
}

async void print_balances () throws GLib.Error {
	/* Both read as one snapshot. */
	var snapshot = new Dynantic.TransactGet (null);
	snapshot.add_key (typeof (Account), "alice", null).add_key (typeof (Account), "bob", null);
	yield snapshot.execute_async ();
	print ("alice %s, bob %s\n", ((Account) snapshot.lookup (0)).balance.to_string (),
	       ((Account) snapshot.lookup (1)).balance.to_string ());
}

async void run () throws GLib.Error {
	var alice = new Account ();
	alice.account_id = "alice";
	alice.balance = 100;
	yield alice.save_async ();
	var bob = new Account ();
	bob.account_id = "bob";
	bob.balance = 50;
	yield bob.save_async ();
	yield print_balances ();

	yield transfer ("alice", "bob", 30).execute_async ();
	print ("transferred 30\n");
	yield print_balances ();

	/* Not covered: nothing is written, neither the withdrawal nor the deposit. */
	var too_much = transfer ("alice", "bob", 500);
	try {
		yield too_much.execute_async ();
		throw new Dynantic.Error.FAILED ("a transfer of 500 went through");
	} catch (Dynantic.Error.TRANSACTION_CANCELED e) {
		var codes = new StringBuilder ("transfer of 500 cancelled:");
		var reasons = too_much.get_cancellation_reasons ();
		for (uint i = 0; i < reasons.length; i++)
			codes.append_printf (" %s", reasons[i].get_code ());
		print ("%s\n", codes.str);
	}
	yield print_balances ();
}

async int main () {
	Type[] models = { typeof (Account) };
	int status = 0;
	try {
		yield Examples.create_tables (models);
		yield run ();
	} catch (GLib.Error e) {
		printerr ("transactions: %s\n", e.message);
		status = 1;
	}
	yield Examples.delete_tables (models);
	return status;
}
