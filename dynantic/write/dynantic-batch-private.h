/* dynantic-batch-private.h: the chunks of a batch call, run through the
 * request path
 *
 * A batch call (BatchWriteItem, BatchGetItem) is split into chunks (25
 * writes or 100 keys, and at most 16 MB), each run as one request of the
 * request path (dynantic-request-private.h) whose kind asks for more
 * rounds, with a growing delay, while DynamoDB leaves part of it
 * unprocessed. The owner of the call keeps the chunks' states: a request
 * never frees its chunk's state, so what a chunk did, and what it left, is
 * there whether its request succeeded or failed.
 *
 * The chunks run up to max_in_flight at once, on one main context: the
 * thread-default one of the caller of an asynchronous call, a private one
 * that the calling thread iterates for a synchronous call (the same steps
 * either way). A chunk that fails does not stop the others; cancellation
 * (and a deadline, which ends each request at once) does: chunks not yet
 * started then are not started, and are reported to the owner as failed
 * with the same error.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dynantic-request-private.h"

G_BEGIN_DECLS

/* A batch call's chunks, seen from the runner. */
typedef struct {
  /* The request of chunk @index (taking a reference to the call's client;
   * made with a NULL state_free: the state stays the owner's), with the
   * call's deadline set; NULL with @error set when it cannot be made. */
  DynanticRequest *(*start) (gpointer       owner,
                             guint          index,
                             GError       **error);
  /* Chunk @index ended: @error is NULL when its request succeeded. */
  void             (*done)  (gpointer       owner,
                             guint          index,
                             const GError  *error);
} DynanticBatchChunks;

/* Runs @n_chunks chunks of @owner, at most @max_in_flight (at least 1) at
 * once, on a private main context; returns when every chunk is done. */
void     dynantic_batch_run        (const DynanticBatchChunks *chunks,
                                    gpointer                   owner,
                                    guint                      n_chunks,
                                    guint                      max_in_flight,
                                    GCancellable              *cancellable);
/* The same on the thread-default main context: @callback is called there
 * (with @source_object as its source) once every chunk is done;
 * dynantic_batch_run_finish() gives back @source_tag's result. */
void     dynantic_batch_run_async  (const DynanticBatchChunks *chunks,
                                    gpointer                   owner,
                                    guint                      n_chunks,
                                    guint                      max_in_flight,
                                    gpointer                   source_object,
                                    gpointer                   source_tag,
                                    GCancellable              *cancellable,
                                    GAsyncReadyCallback        callback,
                                    gpointer                   user_data);
/* TRUE: the run reports its chunks' failures to their owner. */
gboolean dynantic_batch_run_finish (GAsyncResult              *result,
                                    gpointer                   source_object,
                                    gpointer                   source_tag,
                                    GError                   **error);

/* The largest body of a batch request: DynamoDB refuses requests over 16 MB. */
#define DYNANTIC_BATCH_MAX_REQUEST_SIZE (16 * 1000 * 1000)

G_END_DECLS
