/* dynantic-batch-run.c: the chunks of a batch call, run through the
 * request path
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "dynantic-batch-private.h"
#include "dynantic-error.h"

typedef struct {
  const DynanticBatchChunks *chunks;
  gpointer                   owner;
  guint                      n_chunks;
  guint                      max_in_flight;
  guint                      next;        /* the next chunk to start */
  guint                      in_flight;
  GCancellable              *cancellable;
  GError                    *stop;        /* why no more chunks start */
  GTask                     *task;        /* completed when every chunk is done */
} Run;

static void
run_free (Run *run)
{
  g_clear_object (&run->cancellable);
  g_clear_error (&run->stop);
  g_free (run);
}

/* One chunk's request in flight. */
typedef struct {
  Run   *run;
  guint  index;
} Flight;

static void start_chunks (Run *run);

/* Whether a failure ends the whole call: cancellation, or the deadline. */
static gboolean
stops_the_call (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
         g_error_matches (error, DYNANTIC_ERROR, DYNANTIC_ERROR_TIMEOUT);
}

static void
chunk_ended (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Flight *flight = user_data;
  Run *run = flight->run;
  guint index = flight->index;
  g_autoptr(GError) error = NULL;

  g_free (flight);
  dynantic_request_finish (result, NULL, chunk_ended, &error);
  run->in_flight--;
  if (error != NULL && run->stop == NULL && stops_the_call (error))
    run->stop = g_error_copy (error);
  run->chunks->done (run->owner, index, error);
  start_chunks (run);
}

/* Starts chunks while there is room; completes the run's task when none is
 * left to start or in flight. */
static void
start_chunks (Run *run)
{
  while (run->next < run->n_chunks && run->in_flight < run->max_in_flight)
    {
      guint index = run->next++;
      GError *error = NULL;
      DynanticRequest *request;
      Flight *flight;

      if (run->stop == NULL && g_cancellable_set_error_if_cancelled (run->cancellable, &error))
        run->stop = g_error_copy (error);
      if (run->stop != NULL)
        {
          g_clear_error (&error);
          run->chunks->done (run->owner, index, run->stop);
          continue;
        }
      request = run->chunks->start (run->owner, index, &error);
      if (request == NULL)
        {
          run->chunks->done (run->owner, index, error);
          g_clear_error (&error);
          continue;
        }
      flight = g_new (Flight, 1);
      flight->run = run;
      flight->index = index;
      run->in_flight++;
      dynantic_request_run_async (request, NULL, NULL, chunk_ended, run->cancellable, chunk_ended, flight);
    }
  if (run->in_flight == 0 && run->next == run->n_chunks)
    {
      GTask *task = g_steal_pointer (&run->task);

      run_free (run);
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
    }
}

static Run *
run_new (const DynanticBatchChunks *chunks,
         gpointer                   owner,
         guint                      n_chunks,
         guint                      max_in_flight,
         GCancellable              *cancellable,
         GTask                     *task)
{
  Run *run = g_new0 (Run, 1);

  run->chunks = chunks;
  run->owner = owner;
  run->n_chunks = n_chunks;
  run->max_in_flight = MAX (max_in_flight, 1);
  run->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  run->task = task;
  return run;
}

void
dynantic_batch_run_async (const DynanticBatchChunks *chunks,
                          gpointer                   owner,
                          guint                      n_chunks,
                          guint                      max_in_flight,
                          gpointer                   source_object,
                          gpointer                   source_tag,
                          GCancellable              *cancellable,
                          GAsyncReadyCallback        callback,
                          gpointer                   user_data)
{
  GTask *task = g_task_new (source_object, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  /* the chunks' cancellation is reported to the owner, not by the task */
  g_task_set_check_cancellable (task, FALSE);
  start_chunks (run_new (chunks, owner, n_chunks, max_in_flight, cancellable, task));
}

gboolean
dynantic_batch_run_finish (GAsyncResult  *result,
                           gpointer       source_object,
                           gpointer       source_tag,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source_object), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, source_tag), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
run_ended (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *ended = user_data;

  *ended = TRUE;
}

void
dynantic_batch_run (const DynanticBatchChunks *chunks,
                    gpointer                   owner,
                    guint                      n_chunks,
                    guint                      max_in_flight,
                    GCancellable              *cancellable)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  gboolean ended = FALSE;

  g_main_context_push_thread_default (context);
  dynantic_batch_run_async (chunks, owner, n_chunks, max_in_flight, NULL, dynantic_batch_run,
                            cancellable, run_ended, &ended);
  while (!ended)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);
}
