/* dynantic-scan.h: reading a whole table or index
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(DYNANTIC_INSIDE) && !defined(DYNANTIC_COMPILATION)
# error "Only <dynantic/dynantic.h> can be included directly."
#endif

#include "dynantic-client.h"
#include "dynantic-read.h"
#include "dynantic-version.h"

G_BEGIN_DECLS

#define DYNANTIC_TYPE_SCAN (dynantic_scan_get_type ())

DYNANTIC_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (DynanticScan, dynantic_scan, DYNANTIC, SCAN, DynanticRead)

DYNANTIC_AVAILABLE_IN_ALL
DynanticScan *dynantic_scan_new             (GType                 model_type,
                                             DynanticClient       *client);
DYNANTIC_AVAILABLE_IN_ALL
DynanticScan *dynantic_scan_new_for_index   (GType                 model_type,
                                             const char           *index,
                                             DynanticClient       *client);

DYNANTIC_AVAILABLE_IN_ALL
DynanticScan *dynantic_scan_segment         (DynanticScan         *self,
                                             guint                 segment,
                                             guint                 total_segments);

DYNANTIC_AVAILABLE_IN_ALL
GPtrArray    *dynantic_scan_parallel        (DynanticScan         *self,
                                             guint                 total_segments,
                                             GCancellable         *cancellable,
                                             GError              **error);
DYNANTIC_AVAILABLE_IN_ALL
void          dynantic_scan_parallel_async  (DynanticScan         *self,
                                             guint                 total_segments,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
DYNANTIC_AVAILABLE_IN_ALL
GPtrArray    *dynantic_scan_parallel_finish (DynanticScan         *self,
                                             GAsyncResult         *result,
                                             GError              **error);

/* The builder calls queries and scans share */

DYNANTIC_AVAILABLE_IN_ALL
DynanticScan *dynantic_scan_filter        (DynanticScan       *self,
                                           DynanticCondition  *condition);
DYNANTIC_AVAILABLE_IN_ALL
DynanticScan *dynantic_scan_limit         (DynanticScan       *self,
                                           guint               limit);
DYNANTIC_AVAILABLE_IN_ALL
DynanticScan *dynantic_scan_page_size     (DynanticScan       *self,
                                           guint               page_size);
DYNANTIC_AVAILABLE_IN_ALL
DynanticScan *dynantic_scan_consistent    (DynanticScan       *self,
                                           gboolean            consistent);
DYNANTIC_AVAILABLE_IN_ALL
DynanticScan *dynantic_scan_project       (DynanticScan       *self,
                                           const char         *first_path,
                                           ...) G_GNUC_NULL_TERMINATED;
DYNANTIC_AVAILABLE_IN_ALL
DynanticScan *dynantic_scan_projectv      (DynanticScan       *self,
                                           const char * const *paths);

G_END_DECLS
