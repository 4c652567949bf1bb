/* dynantic-results.h: the items of a read as a GListModel that loads more on demand
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(DYNANTIC_INSIDE) && !defined(DYNANTIC_COMPILATION)
# error "Only <dynantic/dynantic.h> can be included directly."
#endif

#include <gio/gio.h>

#include "dynantic-version.h"

G_BEGIN_DECLS

#define DYNANTIC_TYPE_RESULTS (dynantic_results_get_type ())

DYNANTIC_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (DynanticResults, dynantic_results, DYNANTIC, RESULTS, GObject)

DYNANTIC_AVAILABLE_IN_ALL
gboolean dynantic_results_get_has_more     (DynanticResults      *self);
DYNANTIC_AVAILABLE_IN_ALL
gboolean dynantic_results_get_loading      (DynanticResults      *self);

DYNANTIC_AVAILABLE_IN_ALL
gboolean dynantic_results_load_more        (DynanticResults      *self,
                                            GCancellable         *cancellable,
                                            GError              **error);
DYNANTIC_AVAILABLE_IN_ALL
void     dynantic_results_load_more_async  (DynanticResults      *self,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
DYNANTIC_AVAILABLE_IN_ALL
gboolean dynantic_results_load_more_finish (DynanticResults      *self,
                                            GAsyncResult         *result,
                                            GError              **error);

G_END_DECLS
