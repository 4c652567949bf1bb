/* dynantic-scan.c: reading a whole table or index
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "dynantic-error.h"
#include "dynantic-i18n-private.h"
#include "dynantic-read-private.h"
#include "dynantic-request-private.h"
#include "dynantic-scan.h"

/**
 * DynanticScan:
 *
 * A Scan: every item of a model class's table, or of one of its secondary
 * indexes, in no particular order, through #DynanticRead's filters, limits,
 * projection and terminals. A scan reads (and is billed for) the whole
 * table: filters only drop items after reading them.
 *
 * A big table scans faster in parallel: dynantic_scan_segment() makes a
 * scan read one of several segments that DynamoDB splits the table into
 * (several processes or threads can each take one), and
 * dynantic_scan_parallel() reads all segments at once and merges them.
 *
 * Since: 0.1
 */

struct _DynanticScan
{
  DynanticRead parent_instance;
};

G_DEFINE_FINAL_TYPE (DynanticScan, dynantic_scan, DYNANTIC_TYPE_READ)

static void
dynantic_scan_class_init (DynanticScanClass *klass)
{
}

static void
dynantic_scan_init (DynanticScan *self)
{
}

/**
 * dynantic_scan_new:
 * @model_type: a #DynanticModel subtype
 * @client: (nullable): the client to read through, or %NULL for the class's
 *
 * A scan of @model_type's table. Objects read with an explicit @client keep
 * it for their own calls.
 *
 * Returns: (transfer full): a new scan
 *
 * Since: 0.1
 */
DynanticScan *
dynantic_scan_new (GType           model_type,
                   DynanticClient *client)
{
  return dynantic_scan_new_for_index (model_type, NULL, client);
}

/**
 * dynantic_scan_new_for_index:
 * @model_type: a #DynanticModel subtype
 * @index: (nullable): the name of one of the class's secondary indexes, or
 *   %NULL for the table
 * @client: (nullable): the client to read through, or %NULL for the class's
 *
 * A scan of a secondary index of @model_type's table. A name the class
 * does not declare is %DYNANTIC_ERROR_INVALID_ARGUMENT (naming the class's
 * indexes) when the scan runs.
 *
 * Returns: (transfer full): a new scan
 *
 * Since: 0.1
 */
DynanticScan *
dynantic_scan_new_for_index (GType           model_type,
                             const char     *index,
                             DynanticClient *client)
{
  DynanticScan *self;

  g_return_val_if_fail (g_type_is_a (model_type, DYNANTIC_TYPE_MODEL), NULL);
  g_return_val_if_fail (client == NULL || DYNANTIC_IS_CLIENT (client), NULL);

  self = g_object_new (DYNANTIC_TYPE_SCAN, NULL);
  dynantic_read_set_target (DYNANTIC_READ (self), model_type, client, index);
  return self;
}

/**
 * dynantic_scan_segment:
 * @self: a scan
 * @segment: the segment to read, from 0 to @total_segments - 1
 * @total_segments: how many segments the table is split into (at most
 *   1,000,000), or 0 to read the whole table
 *
 * Reads one segment of the table (`Segment`, `TotalSegments`). The scans of
 * all segments together read every item once. The cursors of a segment's
 * pages are bound to the segment. A @segment not below @total_segments is
 * %DYNANTIC_ERROR_INVALID_ARGUMENT when the scan runs.
 *
 * Returns: (transfer none): @self
 *
 * Since: 0.1
 */
DynanticScan *
dynantic_scan_segment (DynanticScan *self,
                       guint         segment,
                       guint         total_segments)
{
  g_return_val_if_fail (DYNANTIC_IS_SCAN (self), NULL);

  dynantic_read_set_segment (DYNANTIC_READ (self), segment, total_segments);
  return self;
}

/* The builder calls a scan shares with queries ---------------------------- */

/**
 * dynantic_scan_filter:
 * @self: a scan
 * @condition: what the items must meet (borrowed)
 *
 * Keeps only the items that meet @condition (a `FilterExpression`). Filters
 * added by several calls must all hold. Paths follow the one rule of
 * #DynanticCondition: a property's name (either spelling) or an attribute
 * path; values are converted to the type of the property stored there. A
 * filter cannot name the key attributes of a query: use its sort key
 * filter is checked when the scan runs.
 *
 * DynamoDB filters after reading: each request still reads up to the page
 * size, and a filtered page may hold fewer items than that, or none.
 *
 * Returns: (transfer none): @self, to chain calls
 *
 * Since: 0.2
 */
DynanticScan *
dynantic_scan_filter (DynanticScan      *self,
                      DynanticCondition *condition)
{
  g_return_val_if_fail (DYNANTIC_IS_SCAN (self), NULL);
  g_return_val_if_fail (condition != NULL, self);

  dynantic_read_add_filter (DYNANTIC_READ (self), condition);
  return self;
}

/**
 * dynantic_scan_limit:
 * @self: a scan
 * @limit: the most items to return, or 0 for no limit
 *
 * Caps the items a run returns in all, across as many requests as it takes.
 * With dynantic_read_page() it is also the page's largest size: a page
 * holds at most @limit items, and a cursor when more remain. With
 * dynantic_read_count(), the count stops at @limit.
 *
 * Returns: (transfer none): @self, to chain calls
 *
 * Since: 0.2
 */
DynanticScan *
dynantic_scan_limit (DynanticScan *self,
                     guint         limit)
{
  g_return_val_if_fail (DYNANTIC_IS_SCAN (self), NULL);

  dynantic_read_set_limit (DYNANTIC_READ (self), limit);
  return self;
}

/**
 * dynantic_scan_page_size:
 * @self: a scan
 * @page_size: how many items each request may read, or 0 for as many as
 *   DynamoDB returns (up to 1 MB of items)
 *
 * Sets DynamoDB's `Limit` of each request: how many items it reads before
 * filtering. It does not change what a run returns, only how many requests
 * it takes and how many items an iterator holds at once.
 *
 * Returns: (transfer none): @self, to chain calls
 *
 * Since: 0.2
 */
DynanticScan *
dynantic_scan_page_size (DynanticScan *self,
                         guint         page_size)
{
  g_return_val_if_fail (DYNANTIC_IS_SCAN (self), NULL);

  dynantic_read_set_page_size (DYNANTIC_READ (self), page_size);
  return self;
}

/**
 * dynantic_scan_consistent:
 * @self: a scan
 * @consistent: whether to make strongly consistent reads
 *
 * Asks for strongly consistent reads (`ConsistentRead`), which see every
 * write that succeeded before. Global secondary indexes do not offer them:
 * asking for one there is %DYNANTIC_ERROR_INVALID_ARGUMENT.
 *
 * Returns: (transfer none): @self, to chain calls
 *
 * Since: 0.2
 */
DynanticScan *
dynantic_scan_consistent (DynanticScan *self,
                          gboolean      consistent)
{
  g_return_val_if_fail (DYNANTIC_IS_SCAN (self), NULL);

  dynantic_read_set_consistent (DYNANTIC_READ (self), consistent);
  return self;
}

/**
 * dynantic_scan_project: (skip)
 * @self: a scan
 * @first_path: a property's name or an attribute path
 * @...: more, then %NULL
 *
 * The varargs form of dynantic_scan_projectv().
 *
 * Returns: (transfer none): @self, to chain calls
 *
 * Since: 0.2
 */
DynanticScan *
dynantic_scan_project (DynanticScan *self,
                       const char   *first_path,
                       ...)
{
  g_auto(GStrv) paths = NULL;
  va_list args;

  g_return_val_if_fail (DYNANTIC_IS_SCAN (self), NULL);

  va_start (args, first_path);
  paths = dynantic_read_collect_paths (first_path, args);
  va_end (args);
  return dynantic_scan_projectv (self, (const char * const *) paths);
}

/**
 * dynantic_scan_projectv: (rename-to dynantic_scan_project)
 * @self: a scan
 * @paths: (array zero-terminated=1) (nullable): the properties (by
 *   name, in either spelling) or attribute paths to read, or %NULL to read
 *   whole items
 *
 * Reads only these attributes of each item (a `ProjectionExpression`).
 * Paths follow the one rule of #DynanticCondition. The objects read are
 * partial: the properties left out hold their defaults, whatever the item
 * stores, and saving such an object would drop the attributes it lacks
 * (reload it first). The discriminator of a polymorphic class is always
 * read, so objects still get their subclass.
 *
 * Returns: (transfer none): @self, to chain calls
 *
 * Since: 0.2
 */
DynanticScan *
dynantic_scan_projectv (DynanticScan       *self,
                        const char * const *paths)
{
  g_return_val_if_fail (DYNANTIC_IS_SCAN (self), NULL);

  dynantic_read_set_projection (DYNANTIC_READ (self), paths);
  return self;
}


/* Parallel scans ------------------------------------------------------------ */

typedef struct _Parallel Parallel;

/* One segment's reading. */
typedef struct {
  GTask         *task;    /* the parallel scan's; a reference per page in flight */
  DynanticPager *pager;
  GPtrArray     *items;   /* DynanticModel */
} Segment;

struct _Parallel
{
  Segment *segments;
  guint    n_segments;
  guint    running;       /* segments still reading */
  guint    limit;
  GError  *error;         /* the first failure */
};

static void
parallel_free (Parallel *parallel)
{
  for (guint i = 0; i < parallel->n_segments; i++)
    {
      g_clear_pointer (&parallel->segments[i].pager, dynantic_pager_free);
      g_clear_pointer (&parallel->segments[i].items, g_ptr_array_unref);
    }
  g_free (parallel->segments);
  g_clear_error (&parallel->error);
  g_free (parallel);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Parallel, parallel_free)

static Parallel *
parallel_new (DynanticScan  *self,
              guint          total_segments,
              GError       **error)
{
  g_autoptr(Parallel) parallel = g_new0 (Parallel, 1);
  gint64 deadline = G_MAXINT64;

  if (total_segments == 0)
    {
      g_set_error_literal (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                           _("A parallel scan needs at least one segment"));
      return NULL;
    }

  parallel->limit = dynantic_read_get_limit (DYNANTIC_READ (self));
  parallel->segments = g_new0 (Segment, total_segments);
  parallel->n_segments = total_segments;
  for (guint i = 0; i < total_segments; i++)
    {
      g_autoptr(DynanticReadPlan) plan =
        dynantic_read_compile_segment (DYNANTIC_READ (self), DYNANTIC_READ_MODE_ITEMS, i,
                                       total_segments, error);

      if (plan == NULL)
        return NULL;
      if (i == 0)
        deadline = dynantic_client_call_deadline (plan->client);
      parallel->segments[i].pager = dynantic_pager_new (plan, NULL);
      /* one call: the client's total timeout bounds every page of every segment */
      dynantic_pager_set_deadline (parallel->segments[i].pager, deadline);
      parallel->segments[i].items = g_ptr_array_new_with_free_func (g_object_unref);
    }
  return g_steal_pointer (&parallel);
}

/* The items of every segment, segment after segment, up to the limit. */
static GPtrArray *
parallel_merge (Parallel *parallel)
{
  GPtrArray *merged = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < parallel->n_segments; i++)
    g_ptr_array_extend_and_steal (merged, g_steal_pointer (&parallel->segments[i].items));
  if (parallel->limit != 0 && merged->len > parallel->limit)
    g_ptr_array_set_size (merged, parallel->limit);
  return merged;
}

static void segment_read (Segment *segment);

static void
segment_ready (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Segment *segment = user_data;
  GTask *task = segment->task;
  Parallel *parallel = g_task_get_task_data (task);
  DynanticPagerPage *page;
  GError *error = NULL;

  page = dynantic_pager_next_finish (segment->pager, result, &error);
  if (page != NULL)
    {
      g_ptr_array_extend_and_steal (segment->items, g_steal_pointer (&page->items));
      dynantic_pager_page_free (page);
    }
  else if (parallel->error == NULL)
    parallel->error = g_steal_pointer (&error);
  g_clear_error (&error);

  if (parallel->error == NULL && !dynantic_pager_is_done (segment->pager))
    {
      segment_read (segment);
      return;
    }

  segment->task = NULL;
  if (--parallel->running == 0)
    {
      if (parallel->error != NULL)
        g_task_return_error (task, g_steal_pointer (&parallel->error));
      else
        g_task_return_pointer (task, parallel_merge (parallel), (GDestroyNotify) g_ptr_array_unref);
    }
  g_object_unref (task);
}

/* Reads the segment's next page; the segment holds a reference to the
 * task meanwhile. */
static void
segment_read (Segment *segment)
{
  dynantic_pager_next_async (segment->pager, g_task_get_cancellable (segment->task),
                             segment_ready, segment);
}

/**
 * dynantic_scan_parallel_async:
 * @self: a scan
 * @total_segments: how many segments to read at once (at least 1)
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called with the items
 * @user_data: data for @callback
 *
 * The asynchronous form of dynantic_scan_parallel(): the segments' requests
 * run at once on the caller's thread-default main context.
 *
 * Since: 0.1
 */
void
dynantic_scan_parallel_async (DynanticScan        *self,
                              guint                total_segments,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  Parallel *parallel;

  g_return_if_fail (DYNANTIC_IS_SCAN (self));

  parallel = parallel_new (self, total_segments, &error);
  if (parallel == NULL)
    {
      g_task_report_error (self, callback, user_data, dynantic_scan_parallel_async, error);
      return;
    }
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dynantic_scan_parallel_async);
  g_task_set_task_data (task, parallel, (GDestroyNotify) parallel_free);
  parallel->running = total_segments;
  for (guint i = 0; i < total_segments; i++)
    {
      parallel->segments[i].task = g_object_ref (task);
      segment_read (&parallel->segments[i]);
    }
}

/**
 * dynantic_scan_parallel_finish:
 * @self: a scan
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Finishes dynantic_scan_parallel_async().
 *
 * Returns: (transfer container) (element-type DynanticModel): the items,
 *   or %NULL on error
 *
 * Since: 0.1
 */
GPtrArray *
dynantic_scan_parallel_finish (DynanticScan  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, dynantic_scan_parallel_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/**
 * dynantic_scan_parallel:
 * @self: a scan
 * @total_segments: how many segments to read at once (at least 1)
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads the table in @total_segments segments at once and merges their
 * items: those of segment 0, then those of segment 1, and so on. Each
 * segment reads page after page (dynantic_scan_page_size()); the filters,
 * projection and consistency of @self apply to every segment, and its limit
 * to the merged list (each segment reads up to the limit, then the merged
 * list is cut to it). The segment set with dynantic_scan_segment() is not
 * used.
 *
 * DynamoDB gives every item to exactly one segment, so the merge keeps
 * every item it gets and removes no duplicates: a service that gave an
 * item to two segments would have it twice in the list.
 *
 * The segments' requests run at once on a main context of the call's own,
 * in the calling thread; the client's connections carry them in parallel.
 * A failure in one segment stops the others after their current request
 * and is what the call reports.
 *
 * Returns: (transfer container) (element-type DynanticModel): the items,
 *   or %NULL on error
 *
 * Since: 0.1
 */
GPtrArray *
dynantic_scan_parallel (DynanticScan  *self,
                        guint          total_segments,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GAsyncResult) result = NULL;

  g_return_val_if_fail (DYNANTIC_IS_SCAN (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_main_context_push_thread_default (context);
  dynantic_scan_parallel_async (self, total_segments, cancellable, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);

  return dynantic_scan_parallel_finish (self, result, error);
}
