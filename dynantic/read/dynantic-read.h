/* dynantic-read.h: what queries and scans share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(DYNANTIC_INSIDE) && !defined(DYNANTIC_COMPILATION)
# error "Only <dynantic/dynantic.h> can be included directly."
#endif

#include <gio/gio.h>

#include "dynantic-condition.h"
#include "dynantic-iterator.h"
#include "dynantic-model.h"
#include "dynantic-page.h"
#include "dynantic-results.h"
#include "dynantic-version.h"

G_BEGIN_DECLS

#define DYNANTIC_TYPE_READ (dynantic_read_get_type ())

DYNANTIC_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (DynanticRead, dynantic_read, DYNANTIC, READ, GObject)

/**
 * DynanticReadClass:
 * @parent_class: the parent class
 *
 * The class of #DynanticQuery and #DynanticScan; not meant to be
 * subclassed elsewhere.
 *
 * Since: 0.1
 */
struct _DynanticReadClass
{
  GObjectClass parent_class;

  /*< private >*/
  gpointer padding[8];
};

DYNANTIC_AVAILABLE_IN_ALL
GType             dynantic_read_get_model_type (DynanticRead         *self);
DYNANTIC_AVAILABLE_IN_ALL
const char       *dynantic_read_get_index      (DynanticRead         *self);

DYNANTIC_AVAILABLE_IN_ALL
gboolean          dynantic_read_validate       (DynanticRead         *self,
                                                GError              **error);

DYNANTIC_AVAILABLE_IN_ALL
GPtrArray        *dynantic_read_all            (DynanticRead         *self,
                                                GCancellable         *cancellable,
                                                GError              **error);
DYNANTIC_AVAILABLE_IN_ALL
void              dynantic_read_all_async      (DynanticRead         *self,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
DYNANTIC_AVAILABLE_IN_ALL
GPtrArray        *dynantic_read_all_finish     (DynanticRead         *self,
                                                GAsyncResult         *result,
                                                GError              **error);

DYNANTIC_AVAILABLE_IN_ALL
DynanticModel    *dynantic_read_first          (DynanticRead         *self,
                                                GCancellable         *cancellable,
                                                GError              **error);
DYNANTIC_AVAILABLE_IN_ALL
void              dynantic_read_first_async    (DynanticRead         *self,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
DYNANTIC_AVAILABLE_IN_ALL
DynanticModel    *dynantic_read_first_finish   (DynanticRead         *self,
                                                GAsyncResult         *result,
                                                GError              **error);

DYNANTIC_AVAILABLE_IN_ALL
DynanticModel    *dynantic_read_one            (DynanticRead         *self,
                                                GCancellable         *cancellable,
                                                GError              **error);
DYNANTIC_AVAILABLE_IN_ALL
void              dynantic_read_one_async      (DynanticRead         *self,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
DYNANTIC_AVAILABLE_IN_ALL
DynanticModel    *dynantic_read_one_finish     (DynanticRead         *self,
                                                GAsyncResult         *result,
                                                GError              **error);

DYNANTIC_AVAILABLE_IN_ALL
guint64           dynantic_read_count          (DynanticRead         *self,
                                                GCancellable         *cancellable,
                                                GError              **error);
DYNANTIC_AVAILABLE_IN_ALL
void              dynantic_read_count_async    (DynanticRead         *self,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
DYNANTIC_AVAILABLE_IN_ALL
guint64           dynantic_read_count_finish   (DynanticRead         *self,
                                                GAsyncResult         *result,
                                                GError              **error);

DYNANTIC_AVAILABLE_IN_ALL
DynanticPage     *dynantic_read_page           (DynanticRead         *self,
                                                const char           *cursor,
                                                GCancellable         *cancellable,
                                                GError              **error);
DYNANTIC_AVAILABLE_IN_ALL
void              dynantic_read_page_async     (DynanticRead         *self,
                                                const char           *cursor,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
DYNANTIC_AVAILABLE_IN_ALL
DynanticPage     *dynantic_read_page_finish    (DynanticRead         *self,
                                                GAsyncResult         *result,
                                                GError              **error);

DYNANTIC_AVAILABLE_IN_ALL
DynanticIterator *dynantic_read_iterate        (DynanticRead         *self,
                                                GError              **error);
DYNANTIC_AVAILABLE_IN_ALL
DynanticResults  *dynantic_read_results        (DynanticRead         *self,
                                                GError              **error);

G_END_DECLS
