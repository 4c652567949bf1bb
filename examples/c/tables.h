/* tables.h: the examples' tables, made from their models and deleted after
 *
 * In production, tables come from your infrastructure code (Terraform,
 * CloudFormation, CDK): Dynantic does not migrate them. The examples make
 * theirs from the models' schemas when they start, and delete them when
 * they end, so that each runs alone against an empty DynamoDB Local.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <dynantic/dynantic.h>

G_BEGIN_DECLS

/* Creates the table of each model type (a list ending in G_TYPE_INVALID)
 * and waits until they are active. */
gboolean example_tables_create (GError **error,
                                GType    first_type,
                                ...);

/* Deletes them. */
void     example_tables_delete (GType    first_type,
                                ...);

/* Runs @body between the two, and prints its error, after @name, if it
 * fails: the example's exit status. */
int      example_run           (const char *name,
                                gboolean  (*body) (GError **error),
                                GType       first_type,
                                ...);

G_END_DECLS
