/* dynantic-table.h: tables made from model schemas
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(DYNANTIC_INSIDE) && !defined(DYNANTIC_COMPILATION)
# error "Only <dynantic/dynantic.h> can be included directly."
#endif

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "dynantic-client.h"
#include "dynantic-version.h"

G_BEGIN_DECLS

DYNANTIC_AVAILABLE_IN_ALL
gboolean    dynantic_table_create                  (GType                 model_type,
                                                    DynanticClient       *client,
                                                    GCancellable         *cancellable,
                                                    GError              **error);
DYNANTIC_AVAILABLE_IN_ALL
void        dynantic_table_create_async            (GType                 model_type,
                                                    DynanticClient       *client,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
DYNANTIC_AVAILABLE_IN_ALL
gboolean    dynantic_table_create_finish           (GAsyncResult         *result,
                                                    GError              **error);

DYNANTIC_AVAILABLE_IN_ALL
JsonObject *dynantic_table_describe                (GType                 model_type,
                                                    DynanticClient       *client,
                                                    GCancellable         *cancellable,
                                                    GError              **error);
DYNANTIC_AVAILABLE_IN_ALL
void        dynantic_table_describe_async          (GType                 model_type,
                                                    DynanticClient       *client,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
DYNANTIC_AVAILABLE_IN_ALL
JsonObject *dynantic_table_describe_finish         (GAsyncResult         *result,
                                                    GError              **error);

DYNANTIC_AVAILABLE_IN_ALL
gboolean    dynantic_table_wait_until_active       (GType                 model_type,
                                                    guint                 timeout_seconds,
                                                    DynanticClient       *client,
                                                    GCancellable         *cancellable,
                                                    GError              **error);
DYNANTIC_AVAILABLE_IN_ALL
void        dynantic_table_wait_until_active_async (GType                 model_type,
                                                    guint                 timeout_seconds,
                                                    DynanticClient       *client,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
DYNANTIC_AVAILABLE_IN_ALL
gboolean    dynantic_table_wait_until_active_finish (GAsyncResult        *result,
                                                    GError              **error);

DYNANTIC_AVAILABLE_IN_ALL
gboolean    dynantic_table_delete                  (GType                 model_type,
                                                    DynanticClient       *client,
                                                    GCancellable         *cancellable,
                                                    GError              **error);
DYNANTIC_AVAILABLE_IN_ALL
void        dynantic_table_delete_async            (GType                 model_type,
                                                    DynanticClient       *client,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
DYNANTIC_AVAILABLE_IN_ALL
gboolean    dynantic_table_delete_finish           (GAsyncResult         *result,
                                                    GError              **error);

DYNANTIC_AVAILABLE_IN_ALL
gboolean    dynantic_table_enable_ttl              (GType                 model_type,
                                                    DynanticClient       *client,
                                                    GCancellable         *cancellable,
                                                    GError              **error);
DYNANTIC_AVAILABLE_IN_ALL
void        dynantic_table_enable_ttl_async        (GType                 model_type,
                                                    DynanticClient       *client,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
DYNANTIC_AVAILABLE_IN_ALL
gboolean    dynantic_table_enable_ttl_finish       (GAsyncResult         *result,
                                                    GError              **error);

G_END_DECLS
