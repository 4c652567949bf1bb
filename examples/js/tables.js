// The examples' tables, made from their models' schemas when an example
// starts and deleted when it ends. In production, tables come from your
// infrastructure code: Dynantic does not migrate them.
//
// SPDX-License-Identifier: LGPL-2.1-or-later
import Dynantic from 'gi://Dynantic?version=1';
import System from 'system';

import './promisify.js';

// Runs `body` with the tables of `models`, then deletes them; a failure is
// printed and ends the program with status 1.
export async function withTables(models, body) {
    let status = 0;
    try {
        for (const model of models)
            await Dynantic.table_create_async(model, null, null);
        for (const model of models)
            await Dynantic.table_wait_until_active_async(model, 60, null, null);
        await body();
    } catch (e) {
        printerr(`${System.programInvocationName}: ${e.message}`);
        status = 1;
    }
    for (const model of models) {
        try {
            await Dynantic.table_delete_async(model, null, null);
        } catch (e) {
            printerr(`could not delete a table: ${e.message}`);
        }
    }
    if (status !== 0)
        System.exit(status);
}
