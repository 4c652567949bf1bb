/* dynantic-write-common-private.h: what the writes share (single items,
 * batches, transactions)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "codec/dynantic-json-private.h"
#include "dynantic-client.h"
#include "dynantic-model.h"
#include "dynantic-schema-private.h"

G_BEGIN_DECLS

/* Reads the item a failed condition found (the value @reader is at) as an
 * object of the subclass its discriminator names, through the base of
 * @schema's hierarchy: the current item may be of another kind than the
 * class written. It gets @client (nullable) as its own. NULL with @error
 * set when the item cannot be read. */
DynanticModel *dynantic_write_read_current_item (DynanticJsonReader    *reader,
                                                 const DynanticSchema  *schema,
                                                 DynanticClient        *client,
                                                 GError               **error);

G_END_DECLS
