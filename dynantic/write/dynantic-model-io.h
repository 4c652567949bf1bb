/* dynantic-model-io.h: saving, reading and deleting one item
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

/* Items: create, read, update by saving, delete */

DYNANTIC_AVAILABLE_IN_ALL
gboolean        dynantic_model_save                     (DynanticModel       *self,
                                                         DynanticCondition   *condition,
                                                         GCancellable        *cancellable,
                                                         GError             **error);
DYNANTIC_AVAILABLE_IN_ALL
void            dynantic_model_save_async               (DynanticModel       *self,
                                                         DynanticCondition   *condition,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
DYNANTIC_AVAILABLE_IN_ALL
gboolean        dynantic_model_save_finish              (DynanticModel       *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);

DYNANTIC_AVAILABLE_IN_ALL
gboolean        dynantic_model_create                   (DynanticModel       *self,
                                                         GCancellable        *cancellable,
                                                         GError             **error);
DYNANTIC_AVAILABLE_IN_ALL
void            dynantic_model_create_async             (DynanticModel       *self,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
DYNANTIC_AVAILABLE_IN_ALL
gboolean        dynantic_model_create_finish            (DynanticModel       *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);

DYNANTIC_AVAILABLE_IN_ALL
gboolean        dynantic_model_delete_item              (DynanticModel       *self,
                                                         DynanticCondition   *condition,
                                                         GCancellable        *cancellable,
                                                         GError             **error);
DYNANTIC_AVAILABLE_IN_ALL
void            dynantic_model_delete_item_async        (DynanticModel       *self,
                                                         DynanticCondition   *condition,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
DYNANTIC_AVAILABLE_IN_ALL
gboolean        dynantic_model_delete_item_finish       (DynanticModel       *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);

DYNANTIC_AVAILABLE_IN_ALL
gboolean        dynantic_model_reload                   (DynanticModel       *self,
                                                         GCancellable        *cancellable,
                                                         GError             **error);
DYNANTIC_AVAILABLE_IN_ALL
void            dynantic_model_reload_async             (DynanticModel       *self,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
DYNANTIC_AVAILABLE_IN_ALL
gboolean        dynantic_model_reload_finish            (DynanticModel       *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);

DYNANTIC_AVAILABLE_IN_ALL
DynanticModel  *dynantic_model_get_by_key               (GType                model_type,
                                                         const GValue        *partition_key,
                                                         const GValue        *sort_key,
                                                         GCancellable        *cancellable,
                                                         GError             **error);
DYNANTIC_AVAILABLE_IN_ALL
void            dynantic_model_get_by_key_async         (GType                model_type,
                                                         const GValue        *partition_key,
                                                         const GValue        *sort_key,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
DYNANTIC_AVAILABLE_IN_ALL
DynanticModel  *dynantic_model_get_by_key_finish        (GAsyncResult        *result,
                                                         GError             **error);

DYNANTIC_AVAILABLE_IN_ALL
DynanticModel  *dynantic_model_get_by_key_full          (GType                model_type,
                                                         gboolean             consistent,
                                                         const GValue        *partition_key,
                                                         const GValue        *sort_key,
                                                         DynanticClient      *client,
                                                         GCancellable        *cancellable,
                                                         GError             **error);
DYNANTIC_AVAILABLE_IN_ALL
void            dynantic_model_get_by_key_full_async    (GType                model_type,
                                                         gboolean             consistent,
                                                         const GValue        *partition_key,
                                                         const GValue        *sort_key,
                                                         DynanticClient      *client,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
DYNANTIC_AVAILABLE_IN_ALL
DynanticModel  *dynantic_model_get_by_key_full_finish   (GAsyncResult        *result,
                                                         GError             **error);

DYNANTIC_AVAILABLE_IN_ALL
gboolean        dynantic_model_delete_by_key            (GType                model_type,
                                                         const GValue        *partition_key,
                                                         const GValue        *sort_key,
                                                         DynanticCondition   *condition,
                                                         DynanticClient      *client,
                                                         GCancellable        *cancellable,
                                                         GError             **error);
DYNANTIC_AVAILABLE_IN_ALL
void            dynantic_model_delete_by_key_async      (GType                model_type,
                                                         const GValue        *partition_key,
                                                         const GValue        *sort_key,
                                                         DynanticCondition   *condition,
                                                         DynanticClient      *client,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
DYNANTIC_AVAILABLE_IN_ALL
gboolean        dynantic_model_delete_by_key_finish     (GAsyncResult        *result,
                                                         GError             **error);

G_END_DECLS
