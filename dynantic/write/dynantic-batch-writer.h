/* dynantic-batch-writer.h: saves and deletes buffered, written 25 at a time
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

#define DYNANTIC_TYPE_BATCH_WRITER (dynantic_batch_writer_get_type ())

DYNANTIC_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (DynanticBatchWriter, dynantic_batch_writer, DYNANTIC, BATCH_WRITER, GObject)

DYNANTIC_AVAILABLE_IN_ALL
DynanticBatchWriter *dynantic_batch_writer_new                    (DynanticClient       *client);

DYNANTIC_AVAILABLE_IN_ALL
DynanticBatchWriter *dynantic_batch_writer_set_last_wins          (DynanticBatchWriter  *self,
                                                                   gboolean              last_wins);
DYNANTIC_AVAILABLE_IN_ALL
DynanticBatchWriter *dynantic_batch_writer_set_skip_version_check (DynanticBatchWriter  *self,
                                                                   gboolean              skip);
DYNANTIC_AVAILABLE_IN_ALL
DynanticBatchWriter *dynantic_batch_writer_set_max_attempts       (DynanticBatchWriter  *self,
                                                                   guint                 max_attempts);

DYNANTIC_AVAILABLE_IN_ALL
gboolean             dynantic_batch_writer_save                   (DynanticBatchWriter  *self,
                                                                   DynanticModel        *item,
                                                                   GCancellable         *cancellable,
                                                                   GError              **error);
DYNANTIC_AVAILABLE_IN_ALL
void                 dynantic_batch_writer_save_async             (DynanticBatchWriter  *self,
                                                                   DynanticModel        *item,
                                                                   GCancellable         *cancellable,
                                                                   GAsyncReadyCallback   callback,
                                                                   gpointer              user_data);
DYNANTIC_AVAILABLE_IN_ALL
gboolean             dynantic_batch_writer_save_finish            (DynanticBatchWriter  *self,
                                                                   GAsyncResult         *result,
                                                                   GError              **error);
DYNANTIC_AVAILABLE_IN_ALL
gboolean             dynantic_batch_writer_delete                 (DynanticBatchWriter  *self,
                                                                   DynanticModel        *item,
                                                                   GCancellable         *cancellable,
                                                                   GError              **error);
DYNANTIC_AVAILABLE_IN_ALL
void                 dynantic_batch_writer_delete_async           (DynanticBatchWriter  *self,
                                                                   DynanticModel        *item,
                                                                   GCancellable         *cancellable,
                                                                   GAsyncReadyCallback   callback,
                                                                   gpointer              user_data);
DYNANTIC_AVAILABLE_IN_ALL
gboolean             dynantic_batch_writer_delete_finish          (DynanticBatchWriter  *self,
                                                                   GAsyncResult         *result,
                                                                   GError              **error);
DYNANTIC_AVAILABLE_IN_ALL
gboolean             dynantic_batch_writer_flush                  (DynanticBatchWriter  *self,
                                                                   GCancellable         *cancellable,
                                                                   GError              **error);
DYNANTIC_AVAILABLE_IN_ALL
void                 dynantic_batch_writer_flush_async            (DynanticBatchWriter  *self,
                                                                   GCancellable         *cancellable,
                                                                   GAsyncReadyCallback   callback,
                                                                   gpointer              user_data);
DYNANTIC_AVAILABLE_IN_ALL
gboolean             dynantic_batch_writer_flush_finish           (DynanticBatchWriter  *self,
                                                                   GAsyncResult         *result,
                                                                   GError              **error);
DYNANTIC_AVAILABLE_IN_ALL
gboolean             dynantic_batch_writer_close                  (DynanticBatchWriter  *self,
                                                                   GCancellable         *cancellable,
                                                                   GError              **error);
DYNANTIC_AVAILABLE_IN_ALL
void                 dynantic_batch_writer_close_async            (DynanticBatchWriter  *self,
                                                                   GCancellable         *cancellable,
                                                                   GAsyncReadyCallback   callback,
                                                                   gpointer              user_data);
DYNANTIC_AVAILABLE_IN_ALL
gboolean             dynantic_batch_writer_close_finish           (DynanticBatchWriter  *self,
                                                                   GAsyncResult         *result,
                                                                   GError              **error);

DYNANTIC_AVAILABLE_IN_ALL
guint                dynantic_batch_writer_get_n_pending          (DynanticBatchWriter  *self);
DYNANTIC_AVAILABLE_IN_ALL
GPtrArray           *dynantic_batch_writer_get_pending            (DynanticBatchWriter  *self);
DYNANTIC_AVAILABLE_IN_ALL
GPtrArray           *dynantic_batch_writer_take_pending           (DynanticBatchWriter  *self);
DYNANTIC_AVAILABLE_IN_ALL
gboolean             dynantic_batch_writer_get_closed             (DynanticBatchWriter  *self);

G_END_DECLS
