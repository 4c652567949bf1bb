/* dynantic-batch-get.h: many items read by key at once (BatchGetItem)
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

#define DYNANTIC_TYPE_BATCH_GET (dynantic_batch_get_get_type ())

DYNANTIC_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (DynanticBatchGet, dynantic_batch_get, DYNANTIC, BATCH_GET, GObject)

#define DYNANTIC_TYPE_BATCH_GET_ITERATOR (dynantic_batch_get_iterator_get_type ())

DYNANTIC_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (DynanticBatchGetIterator, dynantic_batch_get_iterator, DYNANTIC, BATCH_GET_ITERATOR, GObject)

DYNANTIC_AVAILABLE_IN_ALL
DynanticBatchGet         *dynantic_batch_get_new                   (DynanticClient      *client);
DYNANTIC_AVAILABLE_IN_ALL
DynanticBatchGet         *dynantic_batch_get_add                   (DynanticBatchGet    *self,
                                                                    DynanticModel       *key);
DYNANTIC_AVAILABLE_IN_ALL
DynanticBatchGet         *dynantic_batch_get_add_key               (DynanticBatchGet    *self,
                                                                    GType                model_type,
                                                                    const GValue        *partition_key,
                                                                    const GValue        *sort_key);

DYNANTIC_AVAILABLE_IN_ALL
DynanticBatchGet         *dynantic_batch_get_set_consistent        (DynanticBatchGet    *self,
                                                                    gboolean             consistent);
DYNANTIC_AVAILABLE_IN_ALL
DynanticBatchGet         *dynantic_batch_get_set_projection        (DynanticBatchGet    *self,
                                                                    const char * const  *paths);
DYNANTIC_AVAILABLE_IN_ALL
DynanticBatchGet         *dynantic_batch_get_set_max_attempts      (DynanticBatchGet    *self,
                                                                    guint                max_attempts);
DYNANTIC_AVAILABLE_IN_ALL
DynanticBatchGet         *dynantic_batch_get_set_max_in_flight     (DynanticBatchGet    *self,
                                                                    guint                max_in_flight);

DYNANTIC_AVAILABLE_IN_ALL
gboolean                  dynantic_batch_get_execute               (DynanticBatchGet    *self,
                                                                    GCancellable        *cancellable,
                                                                    GError             **error);
DYNANTIC_AVAILABLE_IN_ALL
void                      dynantic_batch_get_execute_async         (DynanticBatchGet    *self,
                                                                    GCancellable        *cancellable,
                                                                    GAsyncReadyCallback  callback,
                                                                    gpointer             user_data);
DYNANTIC_AVAILABLE_IN_ALL
gboolean                  dynantic_batch_get_execute_finish        (DynanticBatchGet    *self,
                                                                    GAsyncResult        *result,
                                                                    GError             **error);

DYNANTIC_AVAILABLE_IN_ALL
guint                     dynantic_batch_get_get_n_keys            (DynanticBatchGet    *self);
DYNANTIC_AVAILABLE_IN_ALL
DynanticModel            *dynantic_batch_get_lookup                (DynanticBatchGet    *self,
                                                                    guint                index);
DYNANTIC_AVAILABLE_IN_ALL
GPtrArray                *dynantic_batch_get_get_items             (DynanticBatchGet    *self);
DYNANTIC_AVAILABLE_IN_ALL
GPtrArray                *dynantic_batch_get_get_missing           (DynanticBatchGet    *self);
DYNANTIC_AVAILABLE_IN_ALL
GPtrArray                *dynantic_batch_get_get_unprocessed       (DynanticBatchGet    *self);
DYNANTIC_AVAILABLE_IN_ALL
guint                     dynantic_batch_get_get_n_retried         (DynanticBatchGet    *self);
DYNANTIC_AVAILABLE_IN_ALL
double                    dynantic_batch_get_get_consumed_capacity (DynanticBatchGet    *self);

DYNANTIC_AVAILABLE_IN_ALL
DynanticBatchGetIterator *dynantic_batch_get_iterate               (DynanticBatchGet    *self);
DYNANTIC_AVAILABLE_IN_ALL
DynanticModel            *dynantic_batch_get_iterator_next         (DynanticBatchGetIterator  *self,
                                                                    GCancellable              *cancellable,
                                                                    GError                   **error);
DYNANTIC_AVAILABLE_IN_ALL
void                      dynantic_batch_get_iterator_next_async   (DynanticBatchGetIterator  *self,
                                                                    GCancellable              *cancellable,
                                                                    GAsyncReadyCallback        callback,
                                                                    gpointer                   user_data);
DYNANTIC_AVAILABLE_IN_ALL
DynanticModel            *dynantic_batch_get_iterator_next_finish  (DynanticBatchGetIterator  *self,
                                                                    GAsyncResult              *result,
                                                                    GError                   **error);

G_END_DECLS
