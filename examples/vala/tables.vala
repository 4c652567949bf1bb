/* tables.vala: the examples' tables, made from their models' schemas when
 * an example starts and deleted when it ends. In production, tables come
 * from your infrastructure code: Dynantic does not migrate them.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
namespace Examples {
	public async void create_tables (Type[] models) throws GLib.Error {
		foreach (var model in models)
			yield Dynantic.table_create_async (model);
		foreach (var model in models)
			yield Dynantic.table_wait_until_active_async (model, 60);
	}

	/* Whether every table went (a void async function without errors
	 * would make valac write a _finish() with an unused variable). */
	public async bool delete_tables (Type[] models) {
		bool deleted = true;
		foreach (var model in models) {
			try {
				yield Dynantic.table_delete_async (model);
			} catch (GLib.Error e) {
				printerr ("could not delete a table: %s\n", e.message);
				deleted = false;
			}
		}
		return deleted;
	}
}
