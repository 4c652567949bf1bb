/* test-scan-local.c: scans against DynamoDB Local
 *
 * Whole tables and indexes, filters, limits, counts, polymorphic scans,
 * segments and the parallel scan's merge. DynamoDB Local 3.3 splits a
 * table into segments as DynamoDB does (disjoint, together the whole
 * table), so the merge must hold every item exactly once.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "read-fixtures.h"

#define TEST_MESSAGES (TEST_GENERAL_MESSAGES + TEST_RANDOM_MESSAGES)

static DynanticClient *client;

static void
test_whole_table (void)
{
  g_autoptr(DynanticScan) messages = dynantic_scan_new (READ_TYPE_MESSAGE, NULL);
  g_autoptr(DynanticScan) orders = dynantic_scan_new (READ_TYPE_ORDER, NULL);
  g_autoptr(GPtrArray) message_list = read_fixtures_run_all (messages);
  g_autoptr(GPtrArray) order_list = read_fixtures_run_all (orders);
  g_autofree char *ids = read_fixtures_join_sorted (order_list, "order-id");

  g_assert_cmpuint (message_list->len, ==, TEST_MESSAGES);
  g_assert_cmpstr (ids, ==, "o1,o2,o3,o4,o5,o6,o7");
}

static void
test_filters (void)
{
  g_autoptr(DynanticScan) dee = dynantic_scan_new (READ_TYPE_MESSAGE, NULL);
  g_autoptr(DynanticScan) pending_small = dynantic_scan_new (READ_TYPE_ORDER, NULL);
  g_autoptr(DynanticCondition) by_dee = read_fixtures_author_is ("dee");
  g_autoptr(DynanticCondition) small_pending = NULL;
  g_autoptr(GPtrArray) dee_list = NULL;
  g_autoptr(GPtrArray) order_list = NULL;
  g_autofree char *rooms = NULL;
  g_autofree char *ids = NULL;
  g_auto(GValue) pending = G_VALUE_INIT;
  g_auto(GValue) fifty = G_VALUE_INIT;

  dynantic_scan_filter (dee, by_dee);
  dee_list = read_fixtures_run_all (dee);
  rooms = read_fixtures_join (dee_list, "room");
  g_assert_cmpstr (rooms, ==, "random,random,random");

  /* status = PENDING AND NOT total > 50: o1, o3 (o6 totals 120). */
  test_value_string (&pending, "PENDING");
  test_value_int (&fifty, 50);
  small_pending = dynantic_condition_and (TAKE (dynantic_condition_eq ("status", &pending)),
                                        TAKE (dynantic_condition_not (TAKE (dynantic_condition_gt ("total", &fifty)))),
                                        NULL);
  dynantic_scan_filter (pending_small, small_pending);
  order_list = read_fixtures_run_all (pending_small);
  ids = read_fixtures_join_sorted (order_list, "order-id");
  g_assert_cmpstr (ids, ==, "o1,o3");
}

static void
test_limits (void)
{
  g_autoptr(DynanticScan) five = dynantic_scan_new (READ_TYPE_MESSAGE, NULL);
  g_autoptr(DynanticScan) two_of_ana = dynantic_scan_new (READ_TYPE_MESSAGE, NULL);
  g_autoptr(DynanticCondition) ana = read_fixtures_author_is ("ana");
  g_autoptr(GPtrArray) five_list = NULL;
  g_autoptr(GPtrArray) ana_list = NULL;
  g_autofree char *authors = NULL;

  dynantic_scan_page_size (dynantic_scan_limit (five, 5), 2);
  five_list = read_fixtures_run_all (five);
  g_assert_cmpuint (five_list->len, ==, 5);

  dynantic_scan_page_size (dynantic_scan_limit (dynantic_scan_filter (two_of_ana, ana), 2), 3);
  ana_list = read_fixtures_run_all (two_of_ana);
  authors = read_fixtures_join (ana_list, "author");
  g_assert_cmpstr (authors, ==, "ana,ana");
}

static void
test_count_and_first (void)
{
  g_autoptr(DynanticScan) all = dynantic_scan_new (READ_TYPE_MESSAGE, NULL);
  g_autoptr(DynanticScan) ana = dynantic_scan_new (READ_TYPE_MESSAGE, NULL);
  g_autoptr(DynanticScan) nobody = dynantic_scan_new (READ_TYPE_MESSAGE, NULL);
  g_autoptr(DynanticCondition) by_ana = read_fixtures_author_is ("ana");
  g_autoptr(DynanticCondition) by_nobody = read_fixtures_author_is ("nobody");
  g_autoptr(DynanticModel) first = NULL;
  g_autoptr(DynanticModel) none = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *author = NULL;

  dynantic_scan_page_size (all, 4);
  g_assert_cmpuint (dynantic_read_count (DYNANTIC_READ (all), NULL, &error), ==, TEST_MESSAGES);
  g_assert_no_error (error);

  dynantic_scan_filter (ana, by_ana);
  g_assert_cmpuint (dynantic_read_count (DYNANTIC_READ (ana), NULL, &error), ==, 5);
  g_assert_no_error (error);
  first = dynantic_read_first (DYNANTIC_READ (ana), NULL, &error);
  g_assert_no_error (error);
  g_object_get (first, "author", &author, NULL);
  g_assert_cmpstr (author, ==, "ana");

  dynantic_scan_filter (nobody, by_nobody);
  none = dynantic_read_one (DYNANTIC_READ (nobody), NULL, &error);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_RESOURCE_NOT_FOUND);
  g_assert_null (none);
}

static void
test_index_and_projection (void)
{
  g_autoptr(DynanticScan) by_status = dynantic_scan_new_for_index (READ_TYPE_ORDER, "StatusDateIndex", NULL);
  g_autoptr(DynanticScan) bad_index = dynantic_scan_new_for_index (READ_TYPE_ORDER, "Nope", NULL);
  g_autoptr(DynanticScan) consistent = dynantic_scan_new_for_index (READ_TYPE_ORDER, "CustomerIndex", NULL);
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GPtrArray) failed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *statuses = NULL;
  g_autofree char *customers = NULL;

  dynantic_scan_project (by_status, "status", NULL);
  orders = read_fixtures_run_all (by_status);
  statuses = read_fixtures_join_sorted (orders, "status");
  g_assert_cmpstr (statuses, ==, "DELIVERED,PENDING,PENDING,PENDING,SHIPPED,SHIPPED,SHIPPED");
  customers = read_fixtures_join (orders, "customer-id");
  g_assert_cmpstr (customers, ==, "(null),(null),(null),(null),(null),(null),(null)");

  failed = dynantic_read_all (DYNANTIC_READ (bad_index), NULL, &error);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "StatusDateIndex"));
  g_clear_error (&error);

  dynantic_scan_consistent (consistent, TRUE);
  g_assert_false (dynantic_read_validate (DYNANTIC_READ (consistent), &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT);
}

static void
test_polymorphic (void)
{
  g_autoptr(DynanticScan) pets = dynantic_scan_new (READ_TYPE_PET, NULL);
  g_autoptr(DynanticScan) dogs = dynantic_scan_new (READ_TYPE_DOG, NULL);
  g_autoptr(DynanticScan) cats = dynantic_scan_new (READ_TYPE_CAT, NULL);
  g_autoptr(GPtrArray) pet_list = read_fixtures_run_all (pets);
  g_autoptr(GPtrArray) dog_list = read_fixtures_run_all (dogs);
  g_autoptr(GError) error = NULL;
  g_autofree char *dog_ids = read_fixtures_join_sorted (dog_list, "pet-id");
  guint n_dogs = 0;

  g_assert_cmpuint (pet_list->len, ==, TEST_PETS);
  for (guint i = 0; i < pet_list->len; i++)
    {
      gpointer pet = g_ptr_array_index (pet_list, i);

      g_assert_true (READ_IS_DOG (pet) || READ_IS_CAT (pet));
      n_dogs += READ_IS_DOG (pet);
    }
  g_assert_cmpuint (n_dogs, ==, 3);

  g_assert_cmpstr (dog_ids, ==, "d1,d2,d3");
  for (guint i = 0; i < dog_list->len; i++)
    g_assert_true (READ_IS_DOG (g_ptr_array_index (dog_list, i)));
  g_assert_cmpuint (dynantic_read_count (DYNANTIC_READ (cats), NULL, &error), ==, 2);
  g_assert_no_error (error);
}

/* The orders of every segment of a scan split in @total. */
static char *
segment_ids (guint total)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < total; i++)
    {
      g_autoptr(DynanticScan) segment = dynantic_scan_new (READ_TYPE_ORDER, NULL);
      g_autoptr(GPtrArray) orders = NULL;

      dynantic_scan_segment (segment, i, total);
      orders = read_fixtures_run_all (segment);
      g_ptr_array_extend_and_steal (all, g_steal_pointer (&orders));
    }
  return read_fixtures_join_sorted (all, "order-id");
}

static void
test_segments_split_the_table (void)
{
  g_autoptr(DynanticScan) out_of_range = dynantic_scan_new (READ_TYPE_ORDER, NULL);
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GError) error = NULL;

  for (guint total = 1; total <= 4; total++)
    {
      g_autofree char *ids = segment_ids (total);

      g_assert_cmpstr (ids, ==, "o1,o2,o3,o4,o5,o6,o7");
    }

  dynantic_scan_segment (out_of_range, 3, 3);
  none = dynantic_read_all (DYNANTIC_READ (out_of_range), NULL, &error);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT);
  g_assert_null (none);
}

static void
assert_every_order_once (GPtrArray *orders)
{
  g_autofree char *ids = read_fixtures_join_sorted (orders, "order-id");

  g_assert_cmpstr (ids, ==, "o1,o2,o3,o4,o5,o6,o7");
}

static void
test_parallel_merges (void)
{
  g_autoptr(DynanticScan) scan = dynantic_scan_new (READ_TYPE_ORDER, NULL);
  g_autoptr(DynanticScan) many = dynantic_scan_new (READ_TYPE_ORDER, NULL);
  g_autoptr(DynanticScan) limited = dynantic_scan_new (READ_TYPE_ORDER, NULL);
  g_autoptr(DynanticScan) bad = dynantic_scan_new (READ_TYPE_ORDER, NULL);
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GPtrArray) more_segments_than_items = NULL;
  g_autoptr(GPtrArray) some = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GError) error = NULL;

  /* Pages of one item: segments read several pages each. */
  dynantic_scan_page_size (scan, 1);
  orders = dynantic_scan_parallel (scan, 4, NULL, &error);
  g_assert_no_error (error);
  assert_every_order_once (orders);

  more_segments_than_items = dynantic_scan_parallel (many, 16, NULL, &error);
  g_assert_no_error (error);
  assert_every_order_once (more_segments_than_items);

  dynantic_scan_limit (limited, 5);
  some = dynantic_scan_parallel (limited, 2, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (some->len, ==, 5);

  none = dynantic_scan_parallel (bad, 0, NULL, &error);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT);
  g_assert_null (none);
}

static void
test_parallel_async (void)
{
  g_autoptr(DynanticScan) scan = dynantic_scan_new (READ_TYPE_ORDER, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GError) error = NULL;
  TestAsync async;

  test_async_init (&async);
  dynantic_scan_parallel_async (scan, 3, NULL, test_async_callback, &async);
  result = test_async_wait (&async);
  orders = dynantic_scan_parallel_finish (scan, result, &error);
  g_assert_no_error (error);
  assert_every_order_once (orders);
  test_async_clear (&async);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  client = test_local_client ();
  read_fixtures_set_up (client);

  g_test_add_func ("/scan/whole-table", test_whole_table);
  g_test_add_func ("/scan/filters", test_filters);
  g_test_add_func ("/scan/limits", test_limits);
  g_test_add_func ("/scan/count-and-first", test_count_and_first);
  g_test_add_func ("/scan/index-and-projection", test_index_and_projection);
  g_test_add_func ("/scan/polymorphic", test_polymorphic);
  g_test_add_func ("/scan/segments", test_segments_split_the_table);
  g_test_add_func ("/scan/parallel/merge", test_parallel_merges);
  g_test_add_func ("/scan/parallel/async", test_parallel_async);

  status = g_test_run ();

  read_fixtures_tear_down ();
  g_clear_object (&client);
  return status;
}
