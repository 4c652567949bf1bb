/* dynantic-transaction-private.h: what transactional writes and reads share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "codec/dynantic-json-private.h"
#include "dynantic-request-private.h"
#include "dynantic-schema-private.h"
#include "dynantic-transaction.h"

G_BEGIN_DECLS

#define DYNANTIC_TRANSACTION_MAX_ACTIONS 100

/* Reads "CancellationReasons" ([{"Code", "Message", "Item"}, ...], one per
 * action) into @reasons (DynanticCancellationReason, emptied first), each
 * item through @schemas[i] (@n_schemas of them) with @client as its own,
 * and onto @error: its codes and details, and its code made
 * DYNANTIC_ERROR_TRANSACTION_CONFLICT when conflicts alone cancelled the
 * transaction. */
DynanticRequestMember dynantic_transaction_read_reasons (DynanticJsonReader    *reader,
                                                         const DynanticSchema **schemas,
                                                         guint                  n_schemas,
                                                         DynanticClient        *client,
                                                         GPtrArray             *reasons,
                                                         GError                *error);

/* Refuses a transaction of @n actions (not 1 to 100) with
 * DYNANTIC_ERROR_INVALID_ARGUMENT. */
gboolean              dynantic_transaction_check_size   (guint                  n,
                                                         GError               **error);
/* Refuses actions @first and @second (positions from 0), which are for
 * one item of @schema's table, with DYNANTIC_ERROR_INVALID_ARGUMENT (the
 * key's values are never in a message). */
gboolean              dynantic_transaction_refuse_twice (const DynanticSchema  *schema,
                                                         guint                  first,
                                                         guint                  second,
                                                         GError               **error);

G_END_DECLS
