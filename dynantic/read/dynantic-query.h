/* dynantic-query.h: reading the items of one partition
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

#define DYNANTIC_TYPE_QUERY (dynantic_query_get_type ())

DYNANTIC_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (DynanticQuery, dynantic_query, DYNANTIC, QUERY, DynanticRead)

DYNANTIC_AVAILABLE_IN_ALL
DynanticQuery *dynantic_query_new           (GType            model_type,
                                             const GValue    *partition_key,
                                             DynanticClient  *client);
DYNANTIC_AVAILABLE_IN_ALL
DynanticQuery *dynantic_query_new_for_index (GType            model_type,
                                             const char      *index,
                                             const GValue    *partition_key,
                                             DynanticClient  *client);

DYNANTIC_AVAILABLE_IN_ALL
DynanticQuery *dynantic_query_eq            (DynanticQuery   *self,
                                             const GValue    *value);
DYNANTIC_AVAILABLE_IN_ALL
DynanticQuery *dynantic_query_lt            (DynanticQuery   *self,
                                             const GValue    *value);
DYNANTIC_AVAILABLE_IN_ALL
DynanticQuery *dynantic_query_le            (DynanticQuery   *self,
                                             const GValue    *value);
DYNANTIC_AVAILABLE_IN_ALL
DynanticQuery *dynantic_query_gt            (DynanticQuery   *self,
                                             const GValue    *value);
DYNANTIC_AVAILABLE_IN_ALL
DynanticQuery *dynantic_query_ge            (DynanticQuery   *self,
                                             const GValue    *value);
DYNANTIC_AVAILABLE_IN_ALL
DynanticQuery *dynantic_query_between       (DynanticQuery   *self,
                                             const GValue    *low,
                                             const GValue    *high);
DYNANTIC_AVAILABLE_IN_ALL
DynanticQuery *dynantic_query_begins_with   (DynanticQuery   *self,
                                             const char      *prefix);
DYNANTIC_AVAILABLE_IN_ALL
DynanticQuery *dynantic_query_descending    (DynanticQuery   *self,
                                             gboolean         descending);

/* The builder calls queries and scans share */

DYNANTIC_AVAILABLE_IN_ALL
DynanticQuery *dynantic_query_filter        (DynanticQuery      *self,
                                             DynanticCondition  *condition);
DYNANTIC_AVAILABLE_IN_ALL
DynanticQuery *dynantic_query_limit         (DynanticQuery      *self,
                                             guint               limit);
DYNANTIC_AVAILABLE_IN_ALL
DynanticQuery *dynantic_query_page_size     (DynanticQuery      *self,
                                             guint               page_size);
DYNANTIC_AVAILABLE_IN_ALL
DynanticQuery *dynantic_query_consistent    (DynanticQuery      *self,
                                             gboolean            consistent);
DYNANTIC_AVAILABLE_IN_ALL
DynanticQuery *dynantic_query_project       (DynanticQuery      *self,
                                             const char         *first_path,
                                             ...) G_GNUC_NULL_TERMINATED;
DYNANTIC_AVAILABLE_IN_ALL
DynanticQuery *dynantic_query_projectv      (DynanticQuery      *self,
                                             const char * const *paths);

G_END_DECLS
