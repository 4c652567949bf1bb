/* dynantic-batch-write.h: many saves and deletes at once (BatchWriteItem)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(DYNANTIC_INSIDE) && !defined(DYNANTIC_COMPILATION)
# error "Only <dynantic/dynantic.h> can be included directly."
#endif

#include <gio/gio.h>

#include "dynantic-client.h"
#include "dynantic-model.h"
#include "dynantic-version.h"

G_BEGIN_DECLS

#define DYNANTIC_TYPE_BATCH_WRITE (dynantic_batch_write_get_type ())

DYNANTIC_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (DynanticBatchWrite, dynantic_batch_write, DYNANTIC, BATCH_WRITE, GObject)

DYNANTIC_AVAILABLE_IN_ALL
DynanticBatchWrite *dynantic_batch_write_new                    (DynanticClient      *client);

DYNANTIC_AVAILABLE_IN_ALL
DynanticBatchWrite *dynantic_batch_write_save                   (DynanticBatchWrite  *self,
                                                                 DynanticModel       *item);
DYNANTIC_AVAILABLE_IN_ALL
DynanticBatchWrite *dynantic_batch_write_delete                 (DynanticBatchWrite  *self,
                                                                 DynanticModel       *item);
DYNANTIC_AVAILABLE_IN_ALL
DynanticBatchWrite *dynantic_batch_write_delete_key             (DynanticBatchWrite  *self,
                                                                 GType                model_type,
                                                                 const GValue        *partition_key,
                                                                 const GValue        *sort_key);

DYNANTIC_AVAILABLE_IN_ALL
DynanticBatchWrite *dynantic_batch_write_set_last_wins          (DynanticBatchWrite  *self,
                                                                 gboolean             last_wins);
DYNANTIC_AVAILABLE_IN_ALL
DynanticBatchWrite *dynantic_batch_write_set_skip_version_check (DynanticBatchWrite  *self,
                                                                 gboolean             skip);
DYNANTIC_AVAILABLE_IN_ALL
DynanticBatchWrite *dynantic_batch_write_set_max_attempts       (DynanticBatchWrite  *self,
                                                                 guint                max_attempts);
DYNANTIC_AVAILABLE_IN_ALL
DynanticBatchWrite *dynantic_batch_write_set_max_in_flight      (DynanticBatchWrite  *self,
                                                                 guint                max_in_flight);

DYNANTIC_AVAILABLE_IN_ALL
gboolean            dynantic_batch_write_execute                (DynanticBatchWrite  *self,
                                                                 GCancellable        *cancellable,
                                                                 GError             **error);
DYNANTIC_AVAILABLE_IN_ALL
void                dynantic_batch_write_execute_async          (DynanticBatchWrite  *self,
                                                                 GCancellable        *cancellable,
                                                                 GAsyncReadyCallback  callback,
                                                                 gpointer             user_data);
DYNANTIC_AVAILABLE_IN_ALL
gboolean            dynantic_batch_write_execute_finish         (DynanticBatchWrite  *self,
                                                                 GAsyncResult        *result,
                                                                 GError             **error);

DYNANTIC_AVAILABLE_IN_ALL
guint               dynantic_batch_write_get_n_requests         (DynanticBatchWrite  *self);
DYNANTIC_AVAILABLE_IN_ALL
GPtrArray          *dynantic_batch_write_get_processed          (DynanticBatchWrite  *self);
DYNANTIC_AVAILABLE_IN_ALL
GPtrArray          *dynantic_batch_write_get_unprocessed        (DynanticBatchWrite  *self);
DYNANTIC_AVAILABLE_IN_ALL
guint               dynantic_batch_write_get_n_retried          (DynanticBatchWrite  *self);
DYNANTIC_AVAILABLE_IN_ALL
double              dynantic_batch_write_get_consumed_capacity  (DynanticBatchWrite  *self);

G_END_DECLS
