/* dynantic-batch-writer.c: saves and deletes buffered, written 25 at a time
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "dynantic-batch-write-private.h"
#include "dynantic-batch-writer.h"
#include "dynantic-error.h"
#include "dynantic-i18n-private.h"

/**
 * DynanticBatchWriter:
 *
 * A buffer of saves and deletes that writes them as batches of 25
 * (BatchWriteItem) as they come, for imports and other long runs of
 * writes that need not be atomic:
 *
 * ```c
 * g_autoptr(DynanticBatchWriter) writer = dynantic_batch_writer_new (NULL);
 *
 * while ((product = next_product ()))
 *   if (!dynantic_batch_writer_save (writer, product, NULL, &error))
 *     break;
 * if (error == NULL)
 *   dynantic_batch_writer_close (writer, NULL, &error);
 * if (error != NULL)
 *   keep_for_later (dynantic_batch_writer_take_pending (writer));
 * ```
 *
 * dynantic_batch_writer_save() and dynantic_batch_writer_delete() check
 * the request at once, as a #DynanticBatchWrite checks its requests (a
 * request for an item already waiting in the writer is refused unless the
 * later one wins), and write the buffer when it holds 25 requests;
 * dynantic_batch_writer_flush() writes it whatever its size,
 * dynantic_batch_writer_close() writes it and refuses requests after.
 * Every write goes as a #DynanticBatchWrite does: unprocessed items sent
 * again with backoff, chunks of 25 and 16 MB.
 *
 * The writer never drops a request: one that could not be written (the
 * call failed with %DYNANTIC_ERROR_BATCH_INCOMPLETE, or was cancelled)
 * stays in it, and goes with the next write; dynantic_batch_writer_get_pending()
 * lists what is waiting, dynantic_batch_writer_take_pending() takes it out
 * (to keep it elsewhere, or to give up on it). A writer dropped while it
 * still holds requests does not write them (a finalizer must not block on
 * the network, nor fail without anyone to tell): it logs a warning naming
 * their count, and they are lost. Close the writer, or take what is
 * pending, before dropping it.
 *
 * #DynanticBatchWriter::progress counts every request since the writer was
 * made. A writer is used by one thread at a time.
 *
 * Since: 0.2
 */

#define FLUSH_SIZE 25

struct _DynanticBatchWriter {
  GObject             parent_instance;

  DynanticBatchWrite *batch;      /* the buffer */
  gboolean            closed;
  gboolean            writing;
};

G_DEFINE_FINAL_TYPE (DynanticBatchWriter, dynantic_batch_writer, G_TYPE_OBJECT)

enum {
  SIGNAL_PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
dynantic_batch_writer_finalize (GObject *object)
{
  DynanticBatchWriter *self = DYNANTIC_BATCH_WRITER (object);
  guint pending = dynantic_batch_write_get_n_pending (self->batch);

  if (pending > 0)
    g_warning (g_dngettext (GETTEXT_PACKAGE,
                            /* Translators: %u is the number of requests the batch writer still held */
                            "A batch writer was dropped holding %u request not written: "
                            "close it, or take its pending requests, first",
                            "A batch writer was dropped holding %u requests not written: "
                            "close it, or take its pending requests, first", pending),
               pending);
  g_object_unref (self->batch);

  G_OBJECT_CLASS (dynantic_batch_writer_parent_class)->finalize (object);
}

static void
dynantic_batch_writer_class_init (DynanticBatchWriterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dynantic_batch_writer_finalize;

  /**
   * DynanticBatchWriter::progress:
   * @self: the writer
   * @done: how many of its requests are written so far
   * @retried: how many times requests were sent again (left unprocessed)
   * @total: how many requests it was given
   * @consumed_capacity: the write capacity units DynamoDB reported, summed
   *   over every round
   *
   * Emitted after each round of each write, in the thread (or main
   * context) of the call.
   *
   * Since: 0.2
   */
  signals[SIGNAL_PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 4,
                                           G_TYPE_UINT, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_DOUBLE);
}

static void
forward_progress (DynanticBatchWrite  *batch,
                  guint                done,
                  guint                retried,
                  guint                total,
                  double               capacity,
                  DynanticBatchWriter *self)
{
  g_signal_emit (self, signals[SIGNAL_PROGRESS], 0, done, retried, total, capacity);
}

static void
dynantic_batch_writer_init (DynanticBatchWriter *self)
{
  self->batch = dynantic_batch_write_new (NULL);
  g_signal_connect_object (self->batch, "progress", G_CALLBACK (forward_progress), self, 0);
}

/**
 * dynantic_batch_writer_new:
 * @client: (nullable): the client to call through, or %NULL for the one of
 *   each write's first object's class
 *
 * Makes an empty writer.
 *
 * Returns: (transfer full): a new writer
 *
 * Since: 0.2
 */
DynanticBatchWriter *
dynantic_batch_writer_new (DynanticClient *client)
{
  DynanticBatchWriter *self;

  g_return_val_if_fail (client == NULL || DYNANTIC_IS_CLIENT (client), NULL);

  self = g_object_new (DYNANTIC_TYPE_BATCH_WRITER, NULL);
  if (client != NULL)
    {
      g_object_unref (self->batch);
      self->batch = dynantic_batch_write_new (client);
      g_signal_connect_object (self->batch, "progress", G_CALLBACK (forward_progress), self, 0);
    }
  return self;
}

/**
 * dynantic_batch_writer_set_last_wins:
 * @self: a writer
 * @last_wins: whether a request for an item waiting in the writer replaces it
 *
 * As dynantic_batch_write_set_last_wins().
 *
 * Returns: (transfer none): @self, to chain calls
 *
 * Since: 0.2
 */
DynanticBatchWriter *
dynantic_batch_writer_set_last_wins (DynanticBatchWriter *self,
                                     gboolean             last_wins)
{
  g_return_val_if_fail (DYNANTIC_IS_BATCH_WRITER (self), NULL);

  dynantic_batch_write_set_last_wins (self->batch, last_wins);
  return self;
}

/**
 * dynantic_batch_writer_set_skip_version_check:
 * @self: a writer
 * @skip: whether to write objects of versioned classes unchecked
 *
 * As dynantic_batch_write_set_skip_version_check().
 *
 * Returns: (transfer none): @self, to chain calls
 *
 * Since: 0.2
 */
DynanticBatchWriter *
dynantic_batch_writer_set_skip_version_check (DynanticBatchWriter *self,
                                              gboolean             skip)
{
  g_return_val_if_fail (DYNANTIC_IS_BATCH_WRITER (self), NULL);

  dynantic_batch_write_set_skip_version_check (self->batch, skip);
  return self;
}

/**
 * dynantic_batch_writer_set_max_attempts:
 * @self: a writer
 * @max_attempts: rounds in a row without progress before a write gives
 *   up on unprocessed requests; 0 for the client's #DynanticClient:max-attempts
 *
 * As dynantic_batch_write_set_max_attempts().
 *
 * Returns: (transfer none): @self, to chain calls
 *
 * Since: 0.2
 */
DynanticBatchWriter *
dynantic_batch_writer_set_max_attempts (DynanticBatchWriter *self,
                                        guint                max_attempts)
{
  g_return_val_if_fail (DYNANTIC_IS_BATCH_WRITER (self), NULL);

  dynantic_batch_write_set_max_attempts (self->batch, max_attempts);
  return self;
}

/* Adding -------------------------------------------------------------------- */

static gboolean
refuse_closed (DynanticBatchWriter  *self,
               GError              **error)
{
  if (self->writing)
    {
      g_set_error_literal (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                           _("The batch writer is writing: wait for its call to finish"));
      return FALSE;
    }
  if (!self->closed)
    return TRUE;
  g_set_error_literal (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                       _("The batch writer is closed"));
  return FALSE;
}

/* Adds a request for @item, checked; TRUE when it was accepted. */
static gboolean
add_request (DynanticBatchWriter  *self,
             DynanticModel        *item,
             gboolean              is_delete,
             GError              **error)
{
  if (!refuse_closed (self, error))
    return FALSE;
  if (is_delete)
    dynantic_batch_write_delete (self->batch, item);
  else
    dynantic_batch_write_save (self->batch, item);
  return dynantic_batch_write_check_last (self->batch, error);
}

static gboolean
write_pending (DynanticBatchWriter  *self,
               GCancellable         *cancellable,
               GError              **error)
{
  gboolean ok;

  if (dynantic_batch_write_get_n_pending (self->batch) == 0)
    return TRUE;
  self->writing = TRUE;
  ok = dynantic_batch_write_execute (self->batch, cancellable, error);
  self->writing = FALSE;
  dynantic_batch_write_forget_done (self->batch);
  return ok;
}

/* Adds a save (or @is_delete, a delete) of @item, and writes the buffer
 * when that fills it: dynantic_batch_writer_save() and _delete(). */
static gboolean
enqueue (DynanticBatchWriter  *self,
         DynanticModel        *item,
         gboolean              is_delete,
         GCancellable         *cancellable,
         GError              **error)
{
  g_return_val_if_fail (DYNANTIC_IS_BATCH_WRITER (self), FALSE);
  g_return_val_if_fail (DYNANTIC_IS_MODEL (item), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!add_request (self, item, is_delete, error))
    return FALSE;
  if (dynantic_batch_write_get_n_pending (self->batch) < FLUSH_SIZE)
    return TRUE;
  return write_pending (self, cancellable, error);
}

static void
written (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DynanticBatchWriter *self = g_task_get_source_object (task);
  GError *error = NULL;

  self->writing = FALSE;
  if (!dynantic_batch_write_execute_finish (self->batch, result, &error))
    {
      dynantic_batch_write_forget_done (self->batch);
      g_task_return_error (task, error);
      return;
    }
  dynantic_batch_write_forget_done (self->batch);
  if (GPOINTER_TO_INT (g_task_get_task_data (task)))
    self->closed = TRUE;
  g_task_return_boolean (task, TRUE);
}

/* Writes what is pending (when @always, or when the buffer is full), then
 * completes @task (taken); @close closes the writer once written. */
static void
write_pending_async (DynanticBatchWriter *self,
                     GTask               *task,
                     gboolean             always,
                     gboolean             close)
{
  guint pending = dynantic_batch_write_get_n_pending (self->batch);

  g_task_set_task_data (task, GINT_TO_POINTER (close), NULL);
  if (pending == 0 || (!always && pending < FLUSH_SIZE))
    {
      if (close)
        self->closed = TRUE;
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  self->writing = TRUE;
  dynantic_batch_write_execute_async (self->batch, g_task_get_cancellable (task), written, task);
}

/* The asynchronous enqueue(), for a task tagged @source_tag. */
static void
enqueue_async (DynanticBatchWriter *self,
               DynanticModel       *item,
               gboolean             is_delete,
               gpointer             source_tag,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  GTask *task;
  GError *error = NULL;

  g_return_if_fail (DYNANTIC_IS_BATCH_WRITER (self));
  g_return_if_fail (DYNANTIC_IS_MODEL (item));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  if (!add_request (self, item, is_delete, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  write_pending_async (self, task, FALSE, FALSE);
}

static gboolean
finish (DynanticBatchWriter  *self,
        GAsyncResult         *result,
        gpointer              source_tag,
        GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, source_tag), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * dynantic_batch_writer_save:
 * @self: a writer
 * @item: the object to save
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Adds a save of @item, checked at once (automatic ids, discriminator,
 * validation, a request for the same item waiting), and writes what the
 * writer holds when that makes 25 requests.
 *
 * Returns: %TRUE when @item was accepted (and, when due, the buffer
 *   written); %FALSE with @error set when @item was refused (it is not in
 *   the writer) or the write failed (everything not written, @item
 *   included, stays in the writer)
 *
 * Since: 0.2
 */
gboolean
dynantic_batch_writer_save (DynanticBatchWriter  *self,
                            DynanticModel        *item,
                            GCancellable         *cancellable,
                            GError              **error)
{
  return enqueue (self, item, FALSE, cancellable, error);
}

/**
 * dynantic_batch_writer_save_async:
 * @self: a writer
 * @item: the object to save
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when @item is accepted and any write it
 *   made due is done
 * @user_data: data for @callback
 *
 * The asynchronous form of dynantic_batch_writer_save(). @item is checked
 * before this returns.
 *
 * Since: 0.2
 */
void
dynantic_batch_writer_save_async (DynanticBatchWriter *self,
                                  DynanticModel       *item,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  enqueue_async (self, item, FALSE, dynantic_batch_writer_save_async, cancellable, callback, user_data);
}

/**
 * dynantic_batch_writer_save_finish:
 * @self: a writer
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Finishes dynantic_batch_writer_save_async().
 *
 * Returns: %TRUE when the item was accepted (and any write due done),
 *   else %FALSE with @error set
 *
 * Since: 0.2
 */
gboolean
dynantic_batch_writer_save_finish (DynanticBatchWriter  *self,
                                   GAsyncResult         *result,
                                   GError              **error)
{
  return finish (self, result, dynantic_batch_writer_save_async, error);
}

/**
 * dynantic_batch_writer_delete:
 * @self: a writer
 * @item: the object whose item to delete (its key; an object holding only
 *   the key will do)
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Adds a delete of the item with @item's key, as
 * dynantic_batch_writer_save() adds a save.
 *
 * Returns: %TRUE when the delete was accepted (and any write due done),
 *   else %FALSE with @error set
 *
 * Since: 0.2
 */
gboolean
dynantic_batch_writer_delete (DynanticBatchWriter  *self,
                              DynanticModel        *item,
                              GCancellable         *cancellable,
                              GError              **error)
{
  return enqueue (self, item, TRUE, cancellable, error);
}

/**
 * dynantic_batch_writer_delete_async:
 * @self: a writer
 * @item: the object whose item to delete
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the delete is accepted and any
 *   write it made due is done
 * @user_data: data for @callback
 *
 * The asynchronous form of dynantic_batch_writer_delete().
 *
 * Since: 0.2
 */
void
dynantic_batch_writer_delete_async (DynanticBatchWriter *self,
                                    DynanticModel       *item,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  enqueue_async (self, item, TRUE, dynantic_batch_writer_delete_async, cancellable, callback, user_data);
}

/**
 * dynantic_batch_writer_delete_finish:
 * @self: a writer
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Finishes dynantic_batch_writer_delete_async().
 *
 * Returns: %TRUE when the delete was accepted (and any write due done),
 *   else %FALSE with @error set
 *
 * Since: 0.2
 */
gboolean
dynantic_batch_writer_delete_finish (DynanticBatchWriter  *self,
                                     GAsyncResult         *result,
                                     GError              **error)
{
  return finish (self, result, dynantic_batch_writer_delete_async, error);
}

/* Writing ------------------------------------------------------------------- */

/**
 * dynantic_batch_writer_flush:
 * @self: a writer
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes every request the writer holds, however few.
 *
 * Returns: %TRUE when the writer holds nothing any more; %FALSE with
 *   @error set (%DYNANTIC_ERROR_BATCH_INCOMPLETE, %G_IO_ERROR_CANCELLED)
 *   when some requests were not written: they stay in the writer
 *
 * Since: 0.2
 */
gboolean
dynantic_batch_writer_flush (DynanticBatchWriter  *self,
                             GCancellable         *cancellable,
                             GError              **error)
{
  g_return_val_if_fail (DYNANTIC_IS_BATCH_WRITER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->writing)
    return refuse_closed (self, error);
  return write_pending (self, cancellable, error);
}

/**
 * dynantic_batch_writer_flush_async:
 * @self: a writer
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the requests are written or writing failed
 * @user_data: data for @callback
 *
 * The asynchronous form of dynantic_batch_writer_flush().
 *
 * Since: 0.2
 */
void
dynantic_batch_writer_flush_async (DynanticBatchWriter *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (DYNANTIC_IS_BATCH_WRITER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dynantic_batch_writer_flush_async);
  if (self->writing)
    {
      g_task_return_new_error (task, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                               _("The batch writer is writing: wait for its call to finish"));
      g_object_unref (task);
      return;
    }
  write_pending_async (self, task, TRUE, FALSE);
}

/**
 * dynantic_batch_writer_flush_finish:
 * @self: a writer
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Finishes dynantic_batch_writer_flush_async().
 *
 * Returns: %TRUE when the writer holds nothing any more, else %FALSE with
 *   @error set
 *
 * Since: 0.2
 */
gboolean
dynantic_batch_writer_flush_finish (DynanticBatchWriter  *self,
                                    GAsyncResult         *result,
                                    GError              **error)
{
  return finish (self, result, dynantic_batch_writer_flush_async, error);
}

/**
 * dynantic_batch_writer_close:
 * @self: a writer
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes every request the writer holds, then closes it: it refuses
 * requests after. A writer that could not write everything stays open.
 * Closing a closed writer does nothing.
 *
 * Returns: %TRUE when everything was written and the writer is closed,
 *   else %FALSE with @error set
 *
 * Since: 0.2
 */
gboolean
dynantic_batch_writer_close (DynanticBatchWriter  *self,
                             GCancellable         *cancellable,
                             GError              **error)
{
  g_return_val_if_fail (DYNANTIC_IS_BATCH_WRITER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!dynantic_batch_writer_flush (self, cancellable, error))
    return FALSE;
  self->closed = TRUE;
  return TRUE;
}

/**
 * dynantic_batch_writer_close_async:
 * @self: a writer
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the writer is closed or writing failed
 * @user_data: data for @callback
 *
 * The asynchronous form of dynantic_batch_writer_close().
 *
 * Since: 0.2
 */
void
dynantic_batch_writer_close_async (DynanticBatchWriter *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (DYNANTIC_IS_BATCH_WRITER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dynantic_batch_writer_close_async);
  if (self->writing)
    {
      g_task_return_new_error (task, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                               _("The batch writer is writing: wait for its call to finish"));
      g_object_unref (task);
      return;
    }
  write_pending_async (self, task, TRUE, TRUE);
}

/**
 * dynantic_batch_writer_close_finish:
 * @self: a writer
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Finishes dynantic_batch_writer_close_async().
 *
 * Returns: %TRUE when everything was written and the writer is closed,
 *   else %FALSE with @error set
 *
 * Since: 0.2
 */
gboolean
dynantic_batch_writer_close_finish (DynanticBatchWriter  *self,
                                    GAsyncResult         *result,
                                    GError              **error)
{
  return finish (self, result, dynantic_batch_writer_close_async, error);
}

/* What is waiting ----------------------------------------------------------- */

/**
 * dynantic_batch_writer_get_n_pending:
 * @self: a writer
 *
 * How many requests the writer holds, not written yet.
 *
 * Returns: the number of requests waiting
 *
 * Since: 0.2
 */
guint
dynantic_batch_writer_get_n_pending (DynanticBatchWriter *self)
{
  g_return_val_if_fail (DYNANTIC_IS_BATCH_WRITER (self), 0);

  return dynantic_batch_write_get_n_pending (self->batch);
}

/**
 * dynantic_batch_writer_get_pending:
 * @self: a writer
 *
 * The objects of the requests the writer holds, in the order given (saved
 * objects, and the objects given to deletes).
 *
 * Returns: (transfer container) (element-type DynanticModel): the objects
 *
 * Since: 0.2
 */
GPtrArray *
dynantic_batch_writer_get_pending (DynanticBatchWriter *self)
{
  g_return_val_if_fail (DYNANTIC_IS_BATCH_WRITER (self), NULL);

  return dynantic_batch_write_get_unprocessed (self->batch);
}

/**
 * dynantic_batch_writer_take_pending:
 * @self: a writer
 *
 * Takes the requests the writer holds out of it, giving their objects as
 * dynantic_batch_writer_get_pending() does: the writer then holds nothing,
 * and may be dropped without a warning.
 *
 * Returns: (transfer container) (element-type DynanticModel): the objects
 *
 * Since: 0.2
 */
GPtrArray *
dynantic_batch_writer_take_pending (DynanticBatchWriter *self)
{
  g_return_val_if_fail (DYNANTIC_IS_BATCH_WRITER (self), NULL);

  return dynantic_batch_write_take_pending (self->batch);
}

/**
 * dynantic_batch_writer_get_closed:
 * @self: a writer
 *
 * Whether the writer was closed (dynantic_batch_writer_close()).
 *
 * Returns: %TRUE when closed
 *
 * Since: 0.2
 */
gboolean
dynantic_batch_writer_get_closed (DynanticBatchWriter *self)
{
  g_return_val_if_fail (DYNANTIC_IS_BATCH_WRITER (self), FALSE);

  return self->closed;
}
