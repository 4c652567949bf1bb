/* dynantic-read-run.c: running a read: all, first, one, count, page, iterate, results
 *
 * Every terminal compiles the builder into a plan and walks it with a
 * pager; the synchronous and asynchronous forms share one loop each.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "dynantic-error.h"
#include "dynantic-i18n-private.h"
#include "dynantic-iterator-private.h"
#include "dynantic-page-private.h"
#include "dynantic-read-private.h"
#include "dynantic-request-private.h"
#include "dynantic-results-private.h"

/* Runs to the end ---------------------------------------------------------- */

/* What a run to the end gathers: the items, or the count. */
typedef struct {
  DynanticPager *pager;
  GPtrArray     *items;   /* DynanticModel */
  guint64        count;
} Run;

static void
run_free (Run *run)
{
  g_clear_pointer (&run->pager, dynantic_pager_free);
  g_clear_pointer (&run->items, g_ptr_array_unref);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

/* A run of @self in @mode; @limit, when not 0, replaces the builder's. */
static Run *
run_new (DynanticRead      *self,
         DynanticReadMode   mode,
         guint              limit,
         GError           **error)
{
  g_autoptr(DynanticReadPlan) plan = dynantic_read_compile (self, mode, error);
  Run *run;

  if (plan == NULL)
    return NULL;
  if (limit != 0)
    plan->limit = limit;

  run = g_new0 (Run, 1);
  run->pager = dynantic_pager_new (plan, NULL);
  /* one call, every page in it: the client's total timeout bounds them all */
  dynantic_pager_set_deadline (run->pager, dynantic_client_call_deadline (plan->client));
  run->items = g_ptr_array_new_with_free_func (g_object_unref);
  return run;
}

static void
run_add (Run               *run,
         DynanticPagerPage *page)
{
  g_ptr_array_extend_and_steal (run->items, g_steal_pointer (&page->items));
  run->count += page->count;
  dynantic_pager_page_free (page);
}

static gboolean
run_to_end (Run           *run,
            GCancellable  *cancellable,
            GError       **error)
{
  while (!dynantic_pager_is_done (run->pager))
    {
      DynanticPagerPage *page = dynantic_pager_next (run->pager, cancellable, error);

      if (page == NULL)
        return FALSE;
      run_add (run, page);
    }
  return TRUE;
}

/* Runs @self to the end synchronously: the run, or NULL with @error set. */
static Run *
run_sync (DynanticRead      *self,
          DynanticReadMode   mode,
          guint              limit,
          GCancellable      *cancellable,
          GError           **error)
{
  g_autoptr(Run) run = run_new (self, mode, limit, error);

  if (run == NULL || !run_to_end (run, cancellable, error))
    return NULL;
  return g_steal_pointer (&run);
}

static void run_step (GTask *task);

static void
run_ready (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  DynanticPagerPage *page;
  GError *error = NULL;

  page = dynantic_pager_next_finish (run->pager, result, &error);
  if (page == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  run_add (run, page);
  run_step (g_steal_pointer (&task));
}

/* Reads the next page of @task's run (@task taken), or ends the task. */
static void
run_step (GTask *task)
{
  Run *run = g_task_get_task_data (task);

  if (dynantic_pager_is_done (run->pager))
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  dynantic_pager_next_async (run->pager, g_task_get_cancellable (task), run_ready, task);
}

/* Starts a run to the end of @self for the terminal @source_tag. */
static void
run_async (DynanticRead        *self,
           DynanticReadMode     mode,
           guint                limit,
           gpointer             source_tag,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  GError *error = NULL;
  Run *run = run_new (self, mode, limit, &error);
  GTask *task;

  if (run == NULL)
    {
      g_task_report_error (self, callback, user_data, source_tag, error);
      return;
    }
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);
  run_step (task);
}

/* The run of a finished task, or NULL with @error set. */
static Run *
run_finish (DynanticRead  *self,
            GAsyncResult  *result,
            gpointer       source_tag,
            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, source_tag), NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  return g_task_get_task_data (G_TASK (result));
}

static DynanticModel *
take_first (Run *run)
{
  if (run->items->len == 0)
    return NULL;
  return g_object_ref (g_ptr_array_index (run->items, 0));
}

static DynanticModel *
take_one (DynanticRead  *self,
          Run           *run,
          GError       **error)
{
  DynanticModel *item = take_first (run);

  if (item == NULL)
    g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_RESOURCE_NOT_FOUND,
                 /* Translators: %s is a model class's GType name */
                 _("No item of model class “%s” matches the read"),
                 g_type_name (dynantic_read_get_model_type (self)));
  return item;
}

/* all ---------------------------------------------------------------------- */

/**
 * dynantic_read_all:
 * @self: a read
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Every item the read returns (up to its limit), reading page after page.
 * Prefer dynantic_read_iterate() for reads that may return many items.
 *
 * Returns: (transfer container) (element-type DynanticModel): the items,
 *   or %NULL on error
 *
 * Since: 0.1
 */
GPtrArray *
dynantic_read_all (DynanticRead  *self,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(Run) run = NULL;

  g_return_val_if_fail (DYNANTIC_IS_READ (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  run = run_sync (self, DYNANTIC_READ_MODE_ITEMS, 0, cancellable, error);
  return run != NULL ? g_steal_pointer (&run->items) : NULL;
}

/**
 * dynantic_read_all_async:
 * @self: a read
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called with the items
 * @user_data: data for @callback
 *
 * The asynchronous form of dynantic_read_all().
 *
 * Since: 0.1
 */
void
dynantic_read_all_async (DynanticRead        *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (DYNANTIC_IS_READ (self));

  run_async (self, DYNANTIC_READ_MODE_ITEMS, 0, dynantic_read_all_async,
             cancellable, callback, user_data);
}

/**
 * dynantic_read_all_finish:
 * @self: a read
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Finishes dynantic_read_all_async().
 *
 * Returns: (transfer container) (element-type DynanticModel): the items,
 *   or %NULL on error
 *
 * Since: 0.1
 */
GPtrArray *
dynantic_read_all_finish (DynanticRead  *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  Run *run = run_finish (self, result, dynantic_read_all_async, error);

  return run != NULL ? g_steal_pointer (&run->items) : NULL;
}

/* first and one ------------------------------------------------------------ */

/**
 * dynantic_read_first:
 * @self: a read
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * The first item the read returns. Without a filter it asks for one item;
 * with one it reads page after page until an item matches or the read
 * ends.
 *
 * Returns: (transfer full) (nullable): the item, or %NULL when none
 *   matches (without error) or on error
 *
 * Since: 0.1
 */
DynanticModel *
dynantic_read_first (DynanticRead  *self,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(Run) run = NULL;

  g_return_val_if_fail (DYNANTIC_IS_READ (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  run = run_sync (self, DYNANTIC_READ_MODE_ITEMS, 1, cancellable, error);
  return run != NULL ? take_first (run) : NULL;
}

/**
 * dynantic_read_first_async:
 * @self: a read
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called with the item
 * @user_data: data for @callback
 *
 * The asynchronous form of dynantic_read_first().
 *
 * Since: 0.1
 */
void
dynantic_read_first_async (DynanticRead        *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (DYNANTIC_IS_READ (self));

  run_async (self, DYNANTIC_READ_MODE_ITEMS, 1, dynantic_read_first_async,
             cancellable, callback, user_data);
}

/**
 * dynantic_read_first_finish:
 * @self: a read
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Finishes dynantic_read_first_async().
 *
 * Returns: (transfer full) (nullable): the item, or %NULL when none
 *   matches (without error) or on error
 *
 * Since: 0.1
 */
DynanticModel *
dynantic_read_first_finish (DynanticRead  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  Run *run = run_finish (self, result, dynantic_read_first_async, error);

  return run != NULL ? take_first (run) : NULL;
}

/**
 * dynantic_read_one:
 * @self: a read
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * The first item the read returns, as dynantic_read_first(), when there
 * must be one.
 *
 * Returns: (transfer full): the item; %NULL with @error set to
 *   %DYNANTIC_ERROR_RESOURCE_NOT_FOUND when no item matches (an error the
 *   service did not send: dynantic_error_get_service_code() gives %NULL),
 *   or to another error
 *
 * Since: 0.1
 */
DynanticModel *
dynantic_read_one (DynanticRead  *self,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(Run) run = NULL;

  g_return_val_if_fail (DYNANTIC_IS_READ (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  run = run_sync (self, DYNANTIC_READ_MODE_ITEMS, 1, cancellable, error);
  return run != NULL ? take_one (self, run, error) : NULL;
}

/**
 * dynantic_read_one_async:
 * @self: a read
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called with the item
 * @user_data: data for @callback
 *
 * The asynchronous form of dynantic_read_one().
 *
 * Since: 0.1
 */
void
dynantic_read_one_async (DynanticRead        *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (DYNANTIC_IS_READ (self));

  run_async (self, DYNANTIC_READ_MODE_ITEMS, 1, dynantic_read_one_async,
             cancellable, callback, user_data);
}

/**
 * dynantic_read_one_finish:
 * @self: a read
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Finishes dynantic_read_one_async().
 *
 * Returns: (transfer full): the item; %NULL with @error set, to
 *   %DYNANTIC_ERROR_RESOURCE_NOT_FOUND when no item matches
 *
 * Since: 0.1
 */
DynanticModel *
dynantic_read_one_finish (DynanticRead  *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  Run *run = run_finish (self, result, dynantic_read_one_async, error);

  return run != NULL ? take_one (self, run, error) : NULL;
}

/* count -------------------------------------------------------------------- */

/**
 * dynantic_read_count:
 * @self: a read
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * How many items the read matches, counted by DynamoDB (`Select=COUNT`,
 * summed over as many requests as it takes): no item is transferred. The
 * count stops at the read's limit.
 *
 * Returns: the count; 0 with @error set on error
 *
 * Since: 0.1
 */
guint64
dynantic_read_count (DynanticRead  *self,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(Run) run = NULL;

  g_return_val_if_fail (DYNANTIC_IS_READ (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  run = run_sync (self, DYNANTIC_READ_MODE_COUNT, 0, cancellable, error);
  return run != NULL ? run->count : 0;
}

/**
 * dynantic_read_count_async:
 * @self: a read
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called with the count
 * @user_data: data for @callback
 *
 * The asynchronous form of dynantic_read_count().
 *
 * Since: 0.1
 */
void
dynantic_read_count_async (DynanticRead        *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (DYNANTIC_IS_READ (self));

  run_async (self, DYNANTIC_READ_MODE_COUNT, 0, dynantic_read_count_async,
             cancellable, callback, user_data);
}

/**
 * dynantic_read_count_finish:
 * @self: a read
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Finishes dynantic_read_count_async().
 *
 * Returns: the count; 0 with @error set on error
 *
 * Since: 0.1
 */
guint64
dynantic_read_count_finish (DynanticRead  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  Run *run = run_finish (self, result, dynantic_read_count_async, error);

  return run != NULL ? run->count : 0;
}

/* page --------------------------------------------------------------------- */

/* A pager for one page of @self, starting where @cursor says. */
static DynanticPager *
page_pager_new (DynanticRead  *self,
                const char    *cursor,
                GError       **error)
{
  g_autoptr(DynanticReadPlan) plan = dynantic_read_compile (self, DYNANTIC_READ_MODE_PAGE, error);
  g_autoptr(GBytes) start_key = NULL;
  DynanticCursorBinding binding;

  if (plan == NULL)
    return NULL;
  if (cursor != NULL)
    {
      g_autoptr(GBytes) cursor_key = dynantic_read_plan_dup_cursor_key (plan);

      dynantic_read_plan_get_binding (plan, &binding);
      start_key = dynantic_cursor_open (cursor_key, &binding, cursor, error);
      if (start_key == NULL)
        return NULL;
    }
  return dynantic_pager_new (plan, start_key);
}

/**
 * dynantic_read_page:
 * @self: a read
 * @cursor: (nullable): where to start: the cursor of the previous page
 *   (dynantic_page_get_cursor()), or %NULL for the first page
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * One page of the read: one request for at most the page size's items (or
 * the limit's, when smaller), and a cursor to the next page when the read
 * may go on. A page of a filtered read may hold fewer items than that, or
 * none, and still have a cursor: see #DynanticPage.
 *
 * Returns: (transfer full): the page; %NULL with @error set on error, to
 *   %DYNANTIC_ERROR_INVALID_CURSOR (before any request) when @cursor was
 *   altered, cut short, or made by another read or with another cursor key
 *
 * Since: 0.1
 */
DynanticPage *
dynantic_read_page (DynanticRead  *self,
                    const char    *cursor,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(DynanticPager) pager = NULL;
  DynanticPagerPage *page;

  g_return_val_if_fail (DYNANTIC_IS_READ (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  pager = page_pager_new (self, cursor, error);
  if (pager == NULL || !(page = dynantic_pager_next (pager, cancellable, error)))
    return NULL;
  return dynantic_page_new_from_pager (pager, page);
}

static void
page_ready (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DynanticPager *pager = g_task_get_task_data (task);
  DynanticPagerPage *page;
  GError *error = NULL;

  page = dynantic_pager_next_finish (pager, result, &error);
  if (page == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, dynantic_page_new_from_pager (pager, page), g_object_unref);
}

/**
 * dynantic_read_page_async:
 * @self: a read
 * @cursor: (nullable): the cursor of the previous page, or %NULL
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called with the page
 * @user_data: data for @callback
 *
 * The asynchronous form of dynantic_read_page().
 *
 * Since: 0.1
 */
void
dynantic_read_page_async (DynanticRead        *self,
                          const char          *cursor,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GError *error = NULL;
  DynanticPager *pager;
  GTask *task;

  g_return_if_fail (DYNANTIC_IS_READ (self));

  pager = page_pager_new (self, cursor, &error);
  if (pager == NULL)
    {
      g_task_report_error (self, callback, user_data, dynantic_read_page_async, error);
      return;
    }
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dynantic_read_page_async);
  g_task_set_task_data (task, pager, (GDestroyNotify) dynantic_pager_free);
  dynantic_pager_next_async (pager, cancellable, page_ready, task);
}

/**
 * dynantic_read_page_finish:
 * @self: a read
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Finishes dynantic_read_page_async().
 *
 * Returns: (transfer full): the page, or %NULL with @error set
 *
 * Since: 0.1
 */
DynanticPage *
dynantic_read_page_finish (DynanticRead  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, dynantic_read_page_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Iterators and result sets ------------------------------------------------- */

static DynanticPager *
items_pager_new (DynanticRead  *self,
                 GError       **error)
{
  g_autoptr(DynanticReadPlan) plan = dynantic_read_compile (self, DYNANTIC_READ_MODE_ITEMS, error);

  return plan != NULL ? dynantic_pager_new (plan, NULL) : NULL;
}

/**
 * dynantic_read_iterate:
 * @self: a read
 * @error: return location for a #GError
 *
 * An iterator over the items of the read that fetches them page by page
 * (dynantic_query_page_size(), dynantic_scan_page_size()), holding at most
 * one page at a time. Nothing is sent before the iterator's first
 * dynantic_iterator_next().
 *
 * Returns: (transfer full): a new iterator; %NULL with @error set when
 *   @self was built wrong
 *
 * Since: 0.1
 */
DynanticIterator *
dynantic_read_iterate (DynanticRead  *self,
                       GError       **error)
{
  DynanticPager *pager;

  g_return_val_if_fail (DYNANTIC_IS_READ (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  pager = items_pager_new (self, error);
  return pager != NULL ? dynantic_iterator_new (pager) : NULL;
}

/**
 * dynantic_read_results:
 * @self: a read
 * @error: return location for a #GError
 *
 * A #GListModel of the items of the read, empty until
 * dynantic_results_load_more() or its asynchronous form loads pages.
 *
 * Returns: (transfer full): a new result set; %NULL with @error set when
 *   @self was built wrong
 *
 * Since: 0.1
 */
DynanticResults *
dynantic_read_results (DynanticRead  *self,
                       GError       **error)
{
  DynanticPager *pager;

  g_return_val_if_fail (DYNANTIC_IS_READ (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  pager = items_pager_new (self, error);
  return pager != NULL ? dynantic_results_new (pager) : NULL;
}
