/* dynantic-update.h: atomic updates of one item (UpdateItem)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(DYNANTIC_INSIDE) && !defined(DYNANTIC_COMPILATION)
# error "Only <dynantic/dynantic.h> can be included directly."
#endif

#include <gio/gio.h>

#include "dynantic-client.h"
#include "dynantic-condition.h"
#include "dynantic-model.h"
#include "dynantic-version.h"

G_BEGIN_DECLS

/**
 * DynanticReturnValues:
 * @DYNANTIC_RETURN_VALUES_NONE: nothing (the default)
 * @DYNANTIC_RETURN_VALUES_ALL_OLD: the whole item as it was before the update
 * @DYNANTIC_RETURN_VALUES_UPDATED_OLD: the attributes the update changed, as
 *   they were before it
 * @DYNANTIC_RETURN_VALUES_ALL_NEW: the whole item as the update left it
 * @DYNANTIC_RETURN_VALUES_UPDATED_NEW: the attributes the update changed, as
 *   it left them
 *
 * What an update brings back (DynamoDB's `ReturnValues`). The whole item
 * comes back as a model object (dynantic_update_get_returned_item()), the
 * changed attributes as a table of values
 * (dynantic_update_get_returned_attributes()).
 *
 * Since: 0.1
 */
typedef enum {
  DYNANTIC_RETURN_VALUES_NONE,
  DYNANTIC_RETURN_VALUES_ALL_OLD,
  DYNANTIC_RETURN_VALUES_UPDATED_OLD,
  DYNANTIC_RETURN_VALUES_ALL_NEW,
  DYNANTIC_RETURN_VALUES_UPDATED_NEW,
} DynanticReturnValues;

#define DYNANTIC_TYPE_UPDATE (dynantic_update_get_type ())

DYNANTIC_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (DynanticUpdate, dynantic_update, DYNANTIC, UPDATE, GObject)

DYNANTIC_AVAILABLE_IN_ALL
DynanticUpdate       *dynantic_update_new                     (GType                 model_type,
                                                               const GValue         *partition_key,
                                                               const GValue         *sort_key,
                                                               DynanticClient       *client);
DYNANTIC_AVAILABLE_IN_ALL
DynanticUpdate       *dynantic_model_patch                    (DynanticModel        *self);

DYNANTIC_AVAILABLE_IN_ALL
GType                 dynantic_update_get_model_type          (DynanticUpdate       *self);

/* Actions */

DYNANTIC_AVAILABLE_IN_ALL
DynanticUpdate       *dynantic_update_set_value               (DynanticUpdate       *self,
                                                               const char           *path,
                                                               const GValue         *value);
DYNANTIC_AVAILABLE_IN_ALL
DynanticUpdate       *dynantic_update_set_if_not_exists       (DynanticUpdate       *self,
                                                               const char           *path,
                                                               const GValue         *value);
DYNANTIC_AVAILABLE_IN_ALL
DynanticUpdate       *dynantic_update_append                  (DynanticUpdate       *self,
                                                               const char           *path,
                                                               const GValue         *values);
DYNANTIC_AVAILABLE_IN_ALL
DynanticUpdate       *dynantic_update_prepend                 (DynanticUpdate       *self,
                                                               const char           *path,
                                                               const GValue         *values);
DYNANTIC_AVAILABLE_IN_ALL
DynanticUpdate       *dynantic_update_increment               (DynanticUpdate       *self,
                                                               const char           *path,
                                                               const GValue         *amount);
DYNANTIC_AVAILABLE_IN_ALL
DynanticUpdate       *dynantic_update_decrement               (DynanticUpdate       *self,
                                                               const char           *path,
                                                               const GValue         *amount);
DYNANTIC_AVAILABLE_IN_ALL
DynanticUpdate       *dynantic_update_add                     (DynanticUpdate       *self,
                                                               const char           *path,
                                                               const GValue         *value);
DYNANTIC_AVAILABLE_IN_ALL
DynanticUpdate       *dynantic_update_remove                  (DynanticUpdate       *self,
                                                               const char           *path);
DYNANTIC_AVAILABLE_IN_ALL
DynanticUpdate       *dynantic_update_delete                  (DynanticUpdate       *self,
                                                               const char           *path,
                                                               const GValue         *elements);

/* Options */

DYNANTIC_AVAILABLE_IN_ALL
DynanticUpdate       *dynantic_update_set_condition           (DynanticUpdate       *self,
                                                               DynanticCondition    *condition);
DYNANTIC_AVAILABLE_IN_ALL
DynanticUpdate       *dynantic_update_set_return_values       (DynanticUpdate       *self,
                                                               DynanticReturnValues  return_values);
DYNANTIC_AVAILABLE_IN_ALL
DynanticReturnValues  dynantic_update_get_return_values       (DynanticUpdate       *self);

/* Running it */

DYNANTIC_AVAILABLE_IN_ALL
gboolean              dynantic_update_execute                 (DynanticUpdate       *self,
                                                               GCancellable         *cancellable,
                                                               GError              **error);
DYNANTIC_AVAILABLE_IN_ALL
void                  dynantic_update_execute_async           (DynanticUpdate       *self,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
DYNANTIC_AVAILABLE_IN_ALL
gboolean              dynantic_update_execute_finish          (DynanticUpdate       *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);

DYNANTIC_AVAILABLE_IN_ALL
DynanticModel        *dynantic_update_get_returned_item       (DynanticUpdate       *self);
DYNANTIC_AVAILABLE_IN_ALL
GHashTable           *dynantic_update_get_returned_attributes (DynanticUpdate       *self);

G_END_DECLS
