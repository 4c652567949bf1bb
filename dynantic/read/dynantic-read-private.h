/* dynantic-read-private.h: the shared read builder, for its two faces
 *
 * DynanticRead keeps everything a Query or a Scan is made of: the model
 * class and client, the index, the key condition (queries), the filters,
 * limits, projection, order, consistency and segment (scans). DynanticQuery
 * and DynanticScan only set their own parts through these calls, and
 * dynantic_read_spec_compile() (dynantic-read-compile.c) turns the whole
 * into a DynanticReadPlan, checking everything before any request is sent.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "dynantic-pager-private.h"
#include "dynantic-read.h"

G_BEGIN_DECLS

/* The sort key condition of a query. */
typedef enum {
  DYNANTIC_SORT_KEY_NONE,
  DYNANTIC_SORT_KEY_EQ,
  DYNANTIC_SORT_KEY_LT,
  DYNANTIC_SORT_KEY_LE,
  DYNANTIC_SORT_KEY_GT,
  DYNANTIC_SORT_KEY_GE,
  DYNANTIC_SORT_KEY_BETWEEN,
  DYNANTIC_SORT_KEY_BEGINS_WITH,
} DynanticSortKeyOp;

/* What a read is built of. */
typedef struct {
  GType              model_type;
  DynanticClient    *client;
  char              *index;
  gboolean           is_query;
  GValue             partition_key;
  DynanticSortKeyOp  sort_op;
  GValue             sort_low;
  GValue             sort_high;
  gboolean           descending;
  GPtrArray         *filters;         /* DynanticCondition */
  guint              limit;
  guint              page_size;
  gboolean           consistent;
  GStrv              projection;
  guint              segment;
  guint              total_segments;  /* 0: no segment */
} DynanticReadSpec;

/* Checks @spec and compiles it into the plan of its requests for @mode
 * (@total_segments 0: no segment). Errors in what was built
 * (DYNANTIC_ERROR_INVALID_ARGUMENT, DYNANTIC_ERROR_VALIDATION, a schema
 * error) come here, before any request. */
DynanticReadPlan *dynantic_read_spec_compile  (const DynanticReadSpec  *spec,
                                               DynanticReadMode         mode,
                                               guint                    segment,
                                               guint                    total_segments,
                                               GError                 **error);

/* Sets what a read reads: @model_type's table or its @index (NULL for the
 * table), through @client (NULL: the class's). */
void              dynantic_read_set_target    (DynanticRead       *self,
                                               GType               model_type,
                                               DynanticClient     *client,
                                               const char         *index);
/* Makes @self a query of the partition whose key is @value (copied; NULL or
 * unset is reported as a missing key when the query runs). */
void              dynantic_read_set_partition_key (DynanticRead   *self,
                                                   const GValue   *value);
/* Replaces the sort key condition; @high is for BETWEEN only. */
void              dynantic_read_set_sort_key  (DynanticRead       *self,
                                               DynanticSortKeyOp   op,
                                               const GValue       *low,
                                               const GValue       *high);
void              dynantic_read_set_descending (DynanticRead      *self,
                                                gboolean           descending);
/* @total_segments 0: the whole table. */
void              dynantic_read_set_segment   (DynanticRead       *self,
                                               guint               segment,
                                               guint               total_segments);
guint             dynantic_read_get_limit     (DynanticRead       *self);

/* What dynantic_query_filter() and dynantic_scan_filter(), and the other
 * builder calls both faces have, set. @condition is borrowed. */
void              dynantic_read_add_filter      (DynanticRead       *self,
                                                 DynanticCondition  *condition);
void              dynantic_read_set_limit       (DynanticRead       *self,
                                                 guint               limit);
void              dynantic_read_set_page_size   (DynanticRead       *self,
                                                 guint               page_size);
void              dynantic_read_set_consistent  (DynanticRead       *self,
                                                 gboolean            consistent);
/* @paths: NULL or empty for whole items. */
void              dynantic_read_set_projection  (DynanticRead       *self,
                                                 const char * const *paths);
/* Collects the NULL-terminated varargs of a project() call. */
GStrv             dynantic_read_collect_paths   (const char         *first_path,
                                                 va_list             args);

/* The plan of @self's requests for @mode; errors in what was built
 * (DYNANTIC_ERROR_INVALID_ARGUMENT, DYNANTIC_ERROR_VALIDATION, a schema
 * error) come here, before any request. */
DynanticReadPlan *dynantic_read_compile       (DynanticRead       *self,
                                               DynanticReadMode    mode,
                                               GError            **error);
/* The same for one segment of a parallel scan, whatever segment was set. */
DynanticReadPlan *dynantic_read_compile_segment (DynanticRead     *self,
                                                 DynanticReadMode  mode,
                                                 guint             segment,
                                                 guint             total_segments,
                                                 GError          **error);

G_END_DECLS
