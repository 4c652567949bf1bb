/* test-api.c: what bindings can reach without a constructor
 *
 * Python, GJS and Vala can make any public GObject type with no arguments
 * (g_object_new()). Every such object either works or fails with a GError:
 * never a crash, never a critical, never FALSE without an error.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "test-util.h"
#include "test-values.h"

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Runs the default main context until @result is set. */
static GAsyncResult *
run_until (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static void
test_iterator_without_read (void)
{
  g_autoptr(DynanticIterator) iterator = g_object_new (DYNANTIC_TYPE_ITERATOR, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_null (dynantic_iterator_next (iterator, NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  dynantic_iterator_next_async (iterator, NULL, store_result, &result);
  g_assert_null (dynantic_iterator_next_finish (iterator, run_until (&result), &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT);
}

static void
test_results_without_read (void)
{
  g_autoptr(DynanticResults) results = g_object_new (DYNANTIC_TYPE_RESULTS, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GType item_type = G_TYPE_INVALID;
  gboolean has_more = TRUE;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (results)), ==, 0);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (results), 0));
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (results)) == DYNANTIC_TYPE_MODEL);
  g_object_get (results, "item-type", &item_type, "has-more", &has_more, NULL);
  g_assert_true (item_type == DYNANTIC_TYPE_MODEL);
  g_assert_false (has_more);
  g_assert_false (dynantic_results_get_has_more (results));
  g_assert_false (dynantic_results_get_loading (results));

  g_assert_false (dynantic_results_load_more (results, NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  dynantic_results_load_more_async (results, NULL, store_result, &result);
  g_assert_false (dynantic_results_load_more_finish (results, run_until (&result), &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT);
}

static void
test_update_without_model (void)
{
  g_autoptr(DynanticUpdate) update = g_object_new (DYNANTIC_TYPE_UPDATE, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* the builder calls chain; execution fails with an error, no critical */
  g_assert_true (dynantic_update_set_value (update, "a", VALUE_INT (1)) == update);
  g_assert_true (dynantic_update_remove (update, "b") == update);
  g_assert_true (dynantic_update_get_model_type (update) == G_TYPE_INVALID);
  g_assert_false (dynantic_update_execute (update, NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  dynantic_update_execute_async (update, NULL, store_result, &result);
  g_assert_false (dynantic_update_execute_finish (update, run_until (&result), &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT);
  g_assert_null (dynantic_update_get_returned_item (update));
  g_assert_null (dynantic_update_get_returned_attributes (update));
}

static void
test_reads_without_model (void)
{
  g_autoptr(DynanticQuery) query = g_object_new (DYNANTIC_TYPE_QUERY, NULL);
  g_autoptr(DynanticScan) scan = g_object_new (DYNANTIC_TYPE_SCAN, NULL);
  g_autoptr(DynanticCondition) filter = dynantic_condition_attribute_exists ("a");
  g_autoptr(GError) error = NULL;

  g_assert_true (dynantic_query_limit (dynantic_query_filter (dynantic_query_begins_with (query, "x"), filter), 2) == query);
  g_assert_null (dynantic_read_all (DYNANTIC_READ (query), NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (dynantic_read_iterate (DYNANTIC_READ (query), &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_true (dynantic_scan_consistent (dynantic_scan_segment (scan, 0, 2), TRUE) == scan);
  g_assert_null (dynantic_read_results (DYNANTIC_READ (scan), &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (dynantic_scan_parallel (scan, 2, NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT);
}

static void
test_page_without_read (void)
{
  g_autoptr(DynanticPage) page = g_object_new (DYNANTIC_TYPE_PAGE, NULL);

  g_assert_cmpuint (dynantic_page_get_items (page)->len, ==, 0);
  g_assert_cmpuint (dynantic_page_get_count (page), ==, 0);
  g_assert_false (dynantic_page_get_has_more (page));
  g_assert_null (dynantic_page_get_cursor (page));
}

int
main (int    argc,
      char **argv)
{
  /* a critical (a g_return_if_fail) fails the test */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/api/no-arguments/iterator", test_iterator_without_read);
  g_test_add_func ("/api/no-arguments/results", test_results_without_read);
  g_test_add_func ("/api/no-arguments/update", test_update_without_model);
  g_test_add_func ("/api/no-arguments/reads", test_reads_without_model);
  g_test_add_func ("/api/no-arguments/page", test_page_without_read);

  return g_test_run ();
}
