/* dynantic-transaction.h: all-or-nothing writes and reads of up to 100
 * items (TransactWriteItems, TransactGetItems)
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
#include "dynantic-update.h"
#include "dynantic-version.h"

G_BEGIN_DECLS

#define DYNANTIC_TYPE_CANCELLATION_REASON (dynantic_cancellation_reason_get_type ())

DYNANTIC_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (DynanticCancellationReason, dynantic_cancellation_reason, DYNANTIC, CANCELLATION_REASON, GObject)

DYNANTIC_AVAILABLE_IN_ALL
const char    *dynantic_cancellation_reason_get_code    (DynanticCancellationReason *self);
DYNANTIC_AVAILABLE_IN_ALL
const char    *dynantic_cancellation_reason_get_message (DynanticCancellationReason *self);
DYNANTIC_AVAILABLE_IN_ALL
DynanticModel *dynantic_cancellation_reason_get_item    (DynanticCancellationReason *self);

#define DYNANTIC_TYPE_TRANSACT_WRITE (dynantic_transact_write_get_type ())

DYNANTIC_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (DynanticTransactWrite, dynantic_transact_write, DYNANTIC, TRANSACT_WRITE, GObject)

DYNANTIC_AVAILABLE_IN_ALL
DynanticTransactWrite *dynantic_transact_write_new                       (DynanticClient        *client);
DYNANTIC_AVAILABLE_IN_ALL
DynanticTransactWrite *dynantic_transact_write_put                       (DynanticTransactWrite *self,
                                                                          DynanticModel         *item,
                                                                          DynanticCondition     *condition);
DYNANTIC_AVAILABLE_IN_ALL
DynanticTransactWrite *dynantic_transact_write_update                    (DynanticTransactWrite *self,
                                                                          DynanticUpdate        *update);
DYNANTIC_AVAILABLE_IN_ALL
DynanticTransactWrite *dynantic_transact_write_delete                    (DynanticTransactWrite *self,
                                                                          DynanticModel         *item,
                                                                          DynanticCondition     *condition);
DYNANTIC_AVAILABLE_IN_ALL
DynanticTransactWrite *dynantic_transact_write_delete_key                (DynanticTransactWrite *self,
                                                                          GType                  model_type,
                                                                          const GValue          *partition_key,
                                                                          const GValue          *sort_key,
                                                                          DynanticCondition     *condition);
DYNANTIC_AVAILABLE_IN_ALL
DynanticTransactWrite *dynantic_transact_write_check                     (DynanticTransactWrite *self,
                                                                          DynanticModel         *item,
                                                                          DynanticCondition     *condition);
DYNANTIC_AVAILABLE_IN_ALL
DynanticTransactWrite *dynantic_transact_write_check_key                 (DynanticTransactWrite *self,
                                                                          GType                  model_type,
                                                                          const GValue          *partition_key,
                                                                          const GValue          *sort_key,
                                                                          DynanticCondition     *condition);

DYNANTIC_AVAILABLE_IN_ALL
DynanticTransactWrite *dynantic_transact_write_set_client_request_token  (DynanticTransactWrite *self,
                                                                          const char            *token);
DYNANTIC_AVAILABLE_IN_ALL
const char            *dynantic_transact_write_get_client_request_token  (DynanticTransactWrite *self);
DYNANTIC_AVAILABLE_IN_ALL
DynanticTransactWrite *dynantic_transact_write_set_retry_conflicts       (DynanticTransactWrite *self,
                                                                          gboolean               retry);

DYNANTIC_AVAILABLE_IN_ALL
gboolean               dynantic_transact_write_execute                   (DynanticTransactWrite *self,
                                                                          GCancellable          *cancellable,
                                                                          GError               **error);
DYNANTIC_AVAILABLE_IN_ALL
void                   dynantic_transact_write_execute_async             (DynanticTransactWrite *self,
                                                                          GCancellable          *cancellable,
                                                                          GAsyncReadyCallback    callback,
                                                                          gpointer               user_data);
DYNANTIC_AVAILABLE_IN_ALL
gboolean               dynantic_transact_write_execute_finish            (DynanticTransactWrite *self,
                                                                          GAsyncResult          *result,
                                                                          GError               **error);

DYNANTIC_AVAILABLE_IN_ALL
guint                  dynantic_transact_write_get_n_actions             (DynanticTransactWrite *self);
DYNANTIC_AVAILABLE_IN_ALL
GPtrArray             *dynantic_transact_write_get_cancellation_reasons  (DynanticTransactWrite *self);
DYNANTIC_AVAILABLE_IN_ALL
double                 dynantic_transact_write_get_consumed_capacity     (DynanticTransactWrite *self);

#define DYNANTIC_TYPE_TRANSACT_GET (dynantic_transact_get_get_type ())

DYNANTIC_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (DynanticTransactGet, dynantic_transact_get, DYNANTIC, TRANSACT_GET, GObject)

DYNANTIC_AVAILABLE_IN_ALL
DynanticTransactGet   *dynantic_transact_get_new                         (DynanticClient        *client);
DYNANTIC_AVAILABLE_IN_ALL
DynanticTransactGet   *dynantic_transact_get_add                         (DynanticTransactGet   *self,
                                                                          DynanticModel         *key);
DYNANTIC_AVAILABLE_IN_ALL
DynanticTransactGet   *dynantic_transact_get_add_key                     (DynanticTransactGet   *self,
                                                                          GType                  model_type,
                                                                          const GValue          *partition_key,
                                                                          const GValue          *sort_key);
DYNANTIC_AVAILABLE_IN_ALL
gboolean               dynantic_transact_get_execute                     (DynanticTransactGet   *self,
                                                                          GCancellable          *cancellable,
                                                                          GError               **error);
DYNANTIC_AVAILABLE_IN_ALL
void                   dynantic_transact_get_execute_async               (DynanticTransactGet   *self,
                                                                          GCancellable          *cancellable,
                                                                          GAsyncReadyCallback    callback,
                                                                          gpointer               user_data);
DYNANTIC_AVAILABLE_IN_ALL
gboolean               dynantic_transact_get_execute_finish              (DynanticTransactGet   *self,
                                                                          GAsyncResult          *result,
                                                                          GError               **error);
DYNANTIC_AVAILABLE_IN_ALL
guint                  dynantic_transact_get_get_n_keys                  (DynanticTransactGet   *self);
DYNANTIC_AVAILABLE_IN_ALL
DynanticModel         *dynantic_transact_get_lookup                      (DynanticTransactGet   *self,
                                                                          guint                  index);
DYNANTIC_AVAILABLE_IN_ALL
GPtrArray             *dynantic_transact_get_get_items                   (DynanticTransactGet   *self);
DYNANTIC_AVAILABLE_IN_ALL
GPtrArray             *dynantic_transact_get_get_cancellation_reasons    (DynanticTransactGet   *self);

G_END_DECLS
