/* dynantic-update-private.h: an update as request members, for the layers
 * that send it inside another request (transactions)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "codec/dynantic-json-private.h"
#include "dynantic-schema-private.h"
#include "dynantic-update.h"
#include "dynantic-locking-private.h"

G_BEGIN_DECLS

/* A reference to the schema of the table @self updates (of its model type,
 * or of its object's class for a patch); NULL with DYNANTIC_ERROR_SCHEMA
 * when the class declares no valid table. */
DynanticSchema       *dynantic_update_lookup_schema (DynanticUpdate        *self,
                                                     GError               **error);

/* Writes the members of an UpdateItem request that say what to change:
 * TableName, Key, UpdateExpression, ConditionExpression (with a condition)
 * and the expression names and values, into the object @writer is in.
 * Everything is checked first (no actions, a path in two actions, a key
 * updated, a value its property refuses): on error the request is half
 * written and must be dropped. ReturnValues is left to the caller; a
 * condition asks for the item it fails on
 * (ReturnValuesOnConditionCheckFailure). A patch of a versioned object also
 * stores its next version, under the condition that the stored one is the
 * object's: @version (cleared first) says what the object takes once the
 * update succeeded (dynantic_locking_step_commit()). */
gboolean              dynantic_update_write_members (DynanticUpdate        *self,
                                                     const DynanticSchema  *schema,
                                                     DynanticJsonWriter    *writer,
                                                     DynanticLockingStep   *version,
                                                     GError               **error);

/* The identity (dynantic-write-common-private.h) of the item @self updates. */
GBytes               *dynantic_update_identity      (DynanticUpdate        *self,
                                                     const DynanticSchema  *schema,
                                                     GError               **error);
/* The client @self goes through: its object's, or the one given, or its
 * class's. Transfer full. */
DynanticClient       *dynantic_update_resolve_client (DynanticUpdate       *self);

G_END_DECLS
