/* dynantic-iterator.h: the items of a read, one at a time, a page at a time
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(DYNANTIC_INSIDE) && !defined(DYNANTIC_COMPILATION)
# error "Only <dynantic/dynantic.h> can be included directly."
#endif

#include <gio/gio.h>

#include "dynantic-model.h"
#include "dynantic-version.h"

G_BEGIN_DECLS

#define DYNANTIC_TYPE_ITERATOR (dynantic_iterator_get_type ())

DYNANTIC_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (DynanticIterator, dynantic_iterator, DYNANTIC, ITERATOR, GObject)

DYNANTIC_AVAILABLE_IN_ALL
DynanticModel *dynantic_iterator_next        (DynanticIterator     *self,
                                              GCancellable         *cancellable,
                                              GError              **error);
DYNANTIC_AVAILABLE_IN_ALL
void           dynantic_iterator_next_async  (DynanticIterator     *self,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
DYNANTIC_AVAILABLE_IN_ALL
DynanticModel *dynantic_iterator_next_finish (DynanticIterator     *self,
                                              GAsyncResult         *result,
                                              GError              **error);

G_END_DECLS
