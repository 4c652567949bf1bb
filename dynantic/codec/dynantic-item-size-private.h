/* dynantic-item-size-private.h: an item's size as DynamoDB counts it
 *
 * DynamoDB's 400 KB limit counts an item's attribute names and values, not
 * its JSON: names, strings and string members by their UTF-8 bytes;
 * binary by its raw bytes; a number by its digits in base 100, plus one
 * byte, plus one when negative (zero: one byte); a boolean or NULL one
 * byte; a list or map three bytes, plus one per element, plus its map
 * keys' bytes, plus its elements' sizes. (Measured against DynamoDB Local,
 * AWS's own: the limit takes items of exactly 409,600 bytes.)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The size of the Item object in @json (@length bytes; a comma before it
 * is skipped), as DynamoDB counts it; FALSE with a BAD_RESPONSE error when
 * it is no item. */
gboolean dynantic_item_size        (const char  *json,
                                    gsize        length,
                                    gsize       *size,
                                    GError     **error);

G_END_DECLS
