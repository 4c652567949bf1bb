/* dynantic-batch-write-private.h: a batch write as the batch writer's buffer
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "dynantic-batch-write.h"

G_BEGIN_DECLS

/* Checks and encodes the request added last, as executing the batch
 * would, and refuses one for the same item as a request not yet written
 * (unless the later one wins). On failure the request is taken out of
 * the batch again. */
gboolean   dynantic_batch_write_check_last   (DynanticBatchWrite  *self,
                                              GError             **error);
/* How many requests are not written yet. */
guint      dynantic_batch_write_get_n_pending (DynanticBatchWrite *self);
/* Forgets the requests written (they still count in the progress). */
void       dynantic_batch_write_forget_done  (DynanticBatchWrite  *self);
/* Takes the requests not written out of the batch: their objects, in order. */
GPtrArray *dynantic_batch_write_take_pending (DynanticBatchWrite  *self);

G_END_DECLS
