/* dynantic-write-common.c: what the writes share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "dynantic-item-private.h"
#include "dynantic-write-common-private.h"

DynanticModel *
dynantic_write_read_current_item (DynanticJsonReader    *reader,
                                  const DynanticSchema  *schema,
                                  DynanticClient        *client,
                                  GError               **error)
{
  const DynanticSchema *base = schema;
  DynanticModel *item;

  if (dynantic_schema_get_base_type (schema) != dynantic_schema_get_model_type (schema))
    base = dynantic_schema_lookup (dynantic_schema_get_base_type (schema), error);
  if (base == NULL)
    return NULL;
  item = dynantic_item_read (reader, base, error);
  if (item != NULL && client != NULL)
    dynantic_model_set_instance_client (item, client);
  return item;
}
