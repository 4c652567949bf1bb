/* test-query-local.c: queries against DynamoDB Local
 *
 * The seed's messages by room and time, orders through two global indexes,
 * a local index, polymorphic reads; every sort key condition, filters,
 * limits, order, projection, first/one/count, and the errors a query
 * reports before sending.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "read-fixtures.h"

static DynanticClient *client;

/* Helpers ------------------------------------------------------------------ */

static DynanticQuery *
index_query (GType       type,
             const char *index,
             const char *key_text)
{
  g_auto(GValue) key = G_VALUE_INIT;

  test_value_string (&key, key_text);
  return dynantic_query_new_for_index (type, index, &key, NULL);
}

/* Runs @query and compares the general message numbers it returns. */
static void
assert_messages (gpointer    query,
                 const char *expected)
{
  g_autoptr(GPtrArray) items = read_fixtures_run_all (query);
  g_autofree char *numbers = read_fixtures_message_numbers (items);

  g_assert_cmpstr (numbers, ==, expected);
}

static void
assert_orders (gpointer    query,
               const char *expected)
{
  g_autoptr(GPtrArray) items = read_fixtures_run_all (query);
  g_autofree char *ids = read_fixtures_join (items, "order-id");

  g_assert_cmpstr (ids, ==, expected);
}

static void
assert_fails (gpointer    query,
              gint        code,
              const char *in_message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = dynantic_read_all (DYNANTIC_READ (query), NULL, &error);

  g_assert_null (items);
  g_assert_error (error, DYNANTIC_ERROR, code);
  if (in_message != NULL)
    g_assert_nonnull (strstr (error->message, in_message));
  g_clear_error (&error);
  g_assert_false (dynantic_read_validate (DYNANTIC_READ (query), &error));
  g_assert_error (error, DYNANTIC_ERROR, code);
}

/* Sort key conditions ------------------------------------------------------ */

static void
test_whole_partition (void)
{
  g_autoptr(DynanticQuery) general = read_fixtures_room_query ("general");
  g_autoptr(DynanticQuery) random = read_fixtures_room_query ("random");
  g_autoptr(DynanticQuery) nobody = read_fixtures_room_query ("nobody");

  assert_messages (general, "0,1,2,3,4,5,6,7,8,9,10");
  assert_messages (random, "r0,r1,r2");
  assert_messages (nobody, "");
}

static void
test_sort_key_comparisons (void)
{
  static const struct {
    DynanticQuery *(*condition) (DynanticQuery *, const GValue *);
    const char     *expected;
  } cases[] = {
    { dynantic_query_eq, "3" },
    { dynantic_query_lt, "0,1,2" },
    { dynantic_query_le, "0,1,2,3" },
    { dynantic_query_gt, "4,5,6,7,8,9,10" },
    { dynantic_query_ge, "3,4,5,6,7,8,9,10" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DynanticQuery) query = read_fixtures_room_query ("general");
      g_auto(GValue) bound = G_VALUE_INIT;

      read_fixtures_sent_at (&bound, 3);
      cases[i].condition (query, &bound);
      assert_messages (query, cases[i].expected);
    }
}

static void
test_sort_key_between_is_inclusive (void)
{
  g_autoptr(DynanticQuery) query = read_fixtures_room_query ("general");
  g_autoptr(DynanticQuery) as_text = read_fixtures_room_query ("general");
  g_auto(GValue) low = G_VALUE_INIT;
  g_auto(GValue) high = G_VALUE_INIT;
  g_auto(GValue) low_text = G_VALUE_INIT;
  g_auto(GValue) high_text = G_VALUE_INIT;

  read_fixtures_sent_at (&low, 2);
  read_fixtures_sent_at (&high, 5);
  assert_messages (dynantic_query_between (query, &low, &high), "2,3,4,5");

  /* ISO-8601 text is converted to the GDateTime the sort key holds. */
  test_value_string (&low_text, "2024-05-01T10:08:00Z");
  test_value_string (&high_text, "2024-05-01T12:00:00+02:00");
  assert_messages (dynantic_query_between (as_text, &low_text, &high_text), "8,9");
}

static void
test_sort_key_begins_with (void)
{
  g_autoptr(DynanticQuery) may = read_fixtures_room_query ("general");
  g_autoptr(DynanticQuery) june = read_fixtures_room_query ("general");
  g_autoptr(DynanticQuery) minute = read_fixtures_room_query ("general");

  assert_messages (dynantic_query_begins_with (may, "2024-05"), "0,1,2,3,4,5,6,7,8,9");
  assert_messages (dynantic_query_begins_with (june, "2024-06"), "10");
  assert_messages (dynantic_query_begins_with (minute, "2024-05-01T10:07"), "7");
}

static void
test_last_sort_key_condition_wins (void)
{
  g_autoptr(DynanticQuery) query = read_fixtures_room_query ("general");
  g_auto(GValue) three = G_VALUE_INIT;
  g_auto(GValue) eight = G_VALUE_INIT;

  read_fixtures_sent_at (&three, 3);
  read_fixtures_sent_at (&eight, 8);
  dynantic_query_ge (dynantic_query_eq (query, &three), &eight);
  assert_messages (query, "8,9,10");
}

/* Order, limit, filters ------------------------------------------------------ */

static void
test_descending_and_limit (void)
{
  g_autoptr(DynanticQuery) descending = read_fixtures_room_query ("general");
  g_autoptr(DynanticQuery) limited = read_fixtures_room_query ("general");
  g_autoptr(DynanticQuery) last_three = read_fixtures_room_query ("general");
  g_autoptr(DynanticQuery) paged = read_fixtures_room_query ("general");

  assert_messages (dynantic_query_descending (descending, TRUE), "10,9,8,7,6,5,4,3,2,1,0");
  assert_messages (dynantic_query_limit (limited, 3), "0,1,2");
  dynantic_query_limit (dynantic_query_descending (last_three, TRUE), 3);
  assert_messages (last_three, "10,9,8");

  /* The limit counts items across pages, whatever the page size. */
  dynantic_query_page_size (dynantic_query_limit (paged, 5), 2);
  assert_messages (paged, "0,1,2,3,4");
}

static void
test_filters (void)
{
  g_autoptr(DynanticQuery) by_ana = read_fixtures_room_query ("general");
  g_autoptr(DynanticQuery) ana_liked = read_fixtures_room_query ("general");
  g_autoptr(DynanticQuery) bo_or_pinned = read_fixtures_room_query ("general");
  g_autoptr(DynanticQuery) not_ana = read_fixtures_room_query ("general");
  g_autoptr(DynanticQuery) hello = read_fixtures_room_query ("general");
  g_autoptr(DynanticQuery) urgent = read_fixtures_room_query ("general");
  g_autoptr(DynanticCondition) ana = dynantic_condition_eq ("author", VALUE_STRING ("ana"));
  g_autoptr(DynanticCondition) liked = dynantic_condition_ge ("likes", VALUE_INT (30));
  g_autoptr(DynanticCondition) bo_or_pin = NULL;
  g_autoptr(DynanticCondition) not = NULL;
  g_autoptr(DynanticCondition) contains_hello = NULL;
  g_autoptr(DynanticCondition) tagged_urgent = NULL;
  g_auto(GValue) yes = G_VALUE_INIT;
  g_auto(GValue) hello_text = G_VALUE_INIT;
  g_auto(GValue) urgent_tag = G_VALUE_INIT;

  assert_messages (dynantic_query_filter (by_ana, ana), "0,3,6,9,10");

  /* Repeated filters are ANDed. */
  dynantic_query_filter (dynantic_query_filter (ana_liked, ana), liked);
  assert_messages (ana_liked, "3,6,9");

  g_value_set_boolean (g_value_init (&yes, G_TYPE_BOOLEAN), TRUE);
  bo_or_pin = dynantic_condition_or (TAKE (dynantic_condition_eq ("author", VALUE_STRING ("bo"))),
                                     TAKE (dynantic_condition_eq ("pinned", &yes)),
                                     NULL);
  assert_messages (dynantic_query_filter (bo_or_pinned, bo_or_pin), "1,3,4,7");

  not = dynantic_condition_not (ana);
  assert_messages (dynantic_query_filter (not_ana, not), "1,2,4,5,7,8");

  test_value_string (&hello_text, "hello");
  contains_hello = dynantic_condition_contains ("text", &hello_text);
  assert_messages (dynantic_query_filter (hello, contains_hello), "0,2,4,6,8,10");

  test_value_string (&urgent_tag, "urgent");
  tagged_urgent = dynantic_condition_contains ("tags", &urgent_tag);
  assert_messages (dynantic_query_filter (urgent, tagged_urgent), "4");
}

static void
test_filter_with_limit_reads_on (void)
{
  g_autoptr(DynanticQuery) query = read_fixtures_room_query ("general");
  g_autoptr(DynanticCondition) cy = dynantic_condition_eq ("author", VALUE_STRING ("cy"));

  /* Pages of one item: most come back empty, the run goes on to the limit. */
  dynantic_query_page_size (dynantic_query_limit (dynantic_query_filter (query, cy), 2), 1);
  assert_messages (query, "2,5");
}

/* first, one, count -------------------------------------------------------- */

static void
test_first (void)
{
  g_autoptr(DynanticQuery) general = read_fixtures_room_query ("general");
  g_autoptr(DynanticQuery) newest = read_fixtures_room_query ("general");
  g_autoptr(DynanticQuery) by_cy = read_fixtures_room_query ("general");
  g_autoptr(DynanticQuery) nobody = read_fixtures_room_query ("nobody");
  g_autoptr(DynanticCondition) cy = dynantic_condition_eq ("author", VALUE_STRING ("cy"));
  g_autoptr(DynanticModel) first = NULL;
  g_autoptr(DynanticModel) last = NULL;
  g_autoptr(DynanticModel) cy_first = NULL;
  g_autoptr(DynanticModel) none = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  first = dynantic_read_first (DYNANTIC_READ (general), NULL, &error);
  g_assert_no_error (error);
  g_object_get (first, "text", &text, NULL);
  g_assert_cmpstr (text, ==, "hello everyone 0");

  last = dynantic_read_first (DYNANTIC_READ (dynantic_query_descending (newest, TRUE)), NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&text, g_free);
  g_object_get (last, "text", &text, NULL);
  g_assert_cmpstr (text, ==, "hello june");

  /* With a filter and pages of one item, first reads on until a match. */
  dynantic_query_page_size (dynantic_query_filter (by_cy, cy), 1);
  cy_first = dynantic_read_first (DYNANTIC_READ (by_cy), NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&text, g_free);
  g_object_get (cy_first, "text", &text, NULL);
  g_assert_cmpstr (text, ==, "hello everyone 2");

  none = dynantic_read_first (DYNANTIC_READ (nobody), NULL, &error);
  g_assert_no_error (error);
  g_assert_null (none);
}

static void
test_one (void)
{
  g_autoptr(DynanticQuery) five = read_fixtures_room_query ("general");
  g_autoptr(DynanticQuery) nobody = read_fixtures_room_query ("nobody");
  g_autoptr(DynanticModel) item = NULL;
  g_autoptr(DynanticModel) none = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GValue) at = G_VALUE_INIT;
  gint likes = 0;

  read_fixtures_sent_at (&at, 5);
  item = dynantic_read_one (DYNANTIC_READ (dynantic_query_eq (five, &at)), NULL, &error);
  g_assert_no_error (error);
  g_object_get (item, "likes", &likes, NULL);
  g_assert_cmpint (likes, ==, 50);

  none = dynantic_read_one (DYNANTIC_READ (nobody), NULL, &error);
  g_assert_null (none);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_RESOURCE_NOT_FOUND);
  g_assert_null (dynantic_error_get_service_code (error));
  g_assert_nonnull (strstr (error->message, "ReadMessage"));
}

static void
test_count (void)
{
  g_autoptr(DynanticQuery) general = read_fixtures_room_query ("general");
  g_autoptr(DynanticQuery) by_ana = read_fixtures_room_query ("general");
  g_autoptr(DynanticQuery) limited = read_fixtures_room_query ("general");
  g_autoptr(DynanticQuery) paged = read_fixtures_room_query ("general");
  g_autoptr(DynanticQuery) nobody = read_fixtures_room_query ("nobody");
  g_autoptr(DynanticCondition) ana = dynantic_condition_eq ("author", VALUE_STRING ("ana"));
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (dynantic_read_count (DYNANTIC_READ (general), NULL, &error), ==, TEST_GENERAL_MESSAGES);
  g_assert_no_error (error);
  dynantic_query_filter (by_ana, ana);
  g_assert_cmpuint (dynantic_read_count (DYNANTIC_READ (by_ana), NULL, &error), ==, 5);
  g_assert_no_error (error);
  dynantic_query_limit (limited, 3);
  g_assert_cmpuint (dynantic_read_count (DYNANTIC_READ (limited), NULL, &error), ==, 3);
  g_assert_no_error (error);
  /* Summed over pages of 2. */
  dynantic_query_page_size (paged, 2);
  g_assert_cmpuint (dynantic_read_count (DYNANTIC_READ (paged), NULL, &error), ==, TEST_GENERAL_MESSAGES);
  g_assert_no_error (error);
  g_assert_cmpuint (dynantic_read_count (DYNANTIC_READ (nobody), NULL, &error), ==, 0);
  g_assert_no_error (error);
}

/* Projection --------------------------------------------------------------- */

static void
test_projection_reads_partial_objects (void)
{
  g_autoptr(DynanticQuery) query = read_fixtures_room_query ("general");
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *authors = NULL;
  g_autofree char *texts = NULL;
  g_autofree char *room = NULL;
  g_autoptr(GDateTime) sent_at = NULL;
  gint likes = -1;

  dynantic_query_limit (dynantic_query_project (query, "author", "likes", NULL), 3);
  items = read_fixtures_run_all (query);
  authors = read_fixtures_join (items, "author");
  g_assert_cmpstr (authors, ==, "ana,bo,cy");
  texts = read_fixtures_join (items, "text");
  g_assert_cmpstr (texts, ==, "(null),(null),(null)");

  g_object_get (g_ptr_array_index (items, 2), "likes", &likes, "room", &room, "sent-at", &sent_at, NULL);
  g_assert_cmpint (likes, ==, 20);
  g_assert_null (room);
  g_assert_null (sent_at);
}

static void
test_projection_accepts_binding_names (void)
{
  g_autoptr(DynanticQuery) query = read_fixtures_room_query ("random");
  const char *properties[] = { "sent_at", NULL };
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *numbers = NULL;
  g_autofree char *authors = NULL;

  dynantic_query_projectv (query, properties);
  items = read_fixtures_run_all (query);
  numbers = read_fixtures_message_numbers (items);
  g_assert_cmpstr (numbers, ==, "r0,r1,r2");
  authors = read_fixtures_join (items, "author");
  g_assert_cmpstr (authors, ==, "(null),(null),(null)");
}

/* Indexes ------------------------------------------------------------------ */

static void
test_local_index (void)
{
  g_autoptr(DynanticQuery) liked = index_query (READ_TYPE_MESSAGE, "LikesIndex", "general");
  g_autoptr(DynanticQuery) least = index_query (READ_TYPE_MESSAGE, "LikesIndex", "general");
  g_auto(GValue) fifty = G_VALUE_INIT;

  /* In likes order; local indexes offer consistent reads. */
  test_value_int (&fifty, 50);
  dynantic_query_consistent (dynantic_query_gt (liked, &fifty), TRUE);
  assert_messages (liked, "6,7,8,9");

  dynantic_query_limit (least, 3);
  assert_messages (least, "0,10,1");
}

static void
test_customer_index (void)
{
  g_autoptr(DynanticQuery) c1 = index_query (READ_TYPE_ORDER, "CustomerIndex", "c1");
  g_autoptr(DynanticQuery) c1_newest = index_query (READ_TYPE_ORDER, "CustomerIndex", "c1");
  g_autoptr(DynanticQuery) c1_january = index_query (READ_TYPE_ORDER, "CustomerIndex", "c1");
  g_autoptr(DynanticQuery) c2 = index_query (READ_TYPE_ORDER, "CustomerIndex", "c2");
  g_auto(GValue) first = G_VALUE_INIT;
  g_auto(GValue) last = G_VALUE_INIT;
  g_autoptr(GPtrArray) c2_orders = NULL;
  double total = 0;

  assert_orders (c1, "o1,o2,o3");
  assert_orders (dynantic_query_descending (c1_newest, TRUE), "o3,o2,o1");
  test_value_string (&first, "2024-01-01");
  test_value_string (&last, "2024-01-31");
  assert_orders (dynantic_query_between (c1_january, &first, &last), "o1,o2");

  c2_orders = read_fixtures_run_all (c2);
  g_assert_cmpuint (c2_orders->len, ==, 2);
  g_object_get (g_ptr_array_index (c2_orders, 1), "total", &total, NULL);
  g_assert_cmpfloat (total, ==, 7.25);
}

static void
test_status_date_index (void)
{
  g_autoptr(DynanticQuery) pending_january = index_query (READ_TYPE_ORDER, "StatusDateIndex", "PENDING");
  g_autoptr(DynanticQuery) shipped = index_query (READ_TYPE_ORDER, "StatusDateIndex", "SHIPPED");
  g_autoptr(DynanticQuery) shipped_big = index_query (READ_TYPE_ORDER, "StatusDateIndex", "SHIPPED");
  g_autoptr(DynanticCondition) big = NULL;
  g_auto(GValue) twenty = G_VALUE_INIT;

  assert_orders (dynantic_query_begins_with (pending_january, "2024-01"), "o1,o6");
  assert_orders (dynantic_query_descending (shipped, TRUE), "o7,o2,o4");

  test_value_int (&twenty, 20);
  big = dynantic_condition_gt ("total", &twenty);
  dynantic_query_filter (dynantic_query_descending (shipped_big, TRUE), big);
  assert_orders (shipped_big, "o2,o4");
}

static void
test_table_without_sort_key (void)
{
  g_autoptr(DynanticQuery) o4 = NULL;
  g_autoptr(DynanticQuery) bad = NULL;
  g_auto(GValue) key = G_VALUE_INIT;
  g_auto(GValue) bound = G_VALUE_INIT;

  test_value_string (&key, "o4");
  o4 = dynantic_query_new (READ_TYPE_ORDER, &key, NULL);
  assert_orders (o4, "o4");

  bad = dynantic_query_new (READ_TYPE_ORDER, &key, NULL);
  test_value_string (&bound, "o5");
  dynantic_query_lt (bad, &bound);
  assert_fails (bad, DYNANTIC_ERROR_INVALID_ARGUMENT, "ReadOrder");
}

/* Mistakes, reported before sending ----------------------------------------- */

static void
test_unknown_index_names_the_indexes (void)
{
  g_autoptr(DynanticQuery) orders = index_query (READ_TYPE_ORDER, "ByTotal", "c1");
  g_autoptr(DynanticQuery) pets = index_query (READ_TYPE_PET, "ByName", "ann");

  assert_fails (orders, DYNANTIC_ERROR_INVALID_ARGUMENT, "“CustomerIndex”, “StatusDateIndex”");
  assert_fails (pets, DYNANTIC_ERROR_INVALID_ARGUMENT, "no secondary indexes");
}

static void
test_consistent_read_on_global_index (void)
{
  g_autoptr(DynanticQuery) query = index_query (READ_TYPE_ORDER, "CustomerIndex", "c1");

  dynantic_query_consistent (query, TRUE);
  assert_fails (query, DYNANTIC_ERROR_INVALID_ARGUMENT, "CustomerIndex");
}

static void
test_key_values_are_type_checked (void)
{
  g_autoptr(DynanticQuery) number_room = NULL;
  g_autoptr(DynanticQuery) empty_room = NULL;
  g_autoptr(DynanticQuery) missing_room = NULL;
  g_autoptr(DynanticQuery) bad_time = read_fixtures_room_query ("general");
  g_autoptr(DynanticQuery) bad_likes = index_query (READ_TYPE_MESSAGE, "LikesIndex", "general");
  g_autoptr(DynanticQuery) prefix_of_number = index_query (READ_TYPE_MESSAGE, "LikesIndex", "general");
  g_autoptr(DynanticQuery) empty_prefix = read_fixtures_room_query ("general");
  g_auto(GValue) number = G_VALUE_INIT;
  g_auto(GValue) empty = G_VALUE_INIT;
  g_auto(GValue) not_a_time = G_VALUE_INIT;
  g_auto(GValue) not_a_number = G_VALUE_INIT;

  test_value_int (&number, 7);
  number_room = dynantic_query_new (READ_TYPE_MESSAGE, &number, NULL);
  assert_fails (number_room, DYNANTIC_ERROR_VALIDATION, "room");

  test_value_string (&empty, "");
  empty_room = dynantic_query_new (READ_TYPE_MESSAGE, &empty, NULL);
  assert_fails (empty_room, DYNANTIC_ERROR_VALIDATION, "room");

  missing_room = dynantic_query_new (READ_TYPE_MESSAGE, NULL, NULL);
  assert_fails (missing_room, DYNANTIC_ERROR_VALIDATION, "room");

  test_value_string (&not_a_time, "yesterday");
  dynantic_query_eq (bad_time, &not_a_time);
  assert_fails (bad_time, DYNANTIC_ERROR_VALIDATION, "sent-at");

  test_value_string (&not_a_number, "many");
  dynantic_query_ge (bad_likes, &not_a_number);
  assert_fails (bad_likes, DYNANTIC_ERROR_VALIDATION, "likes");

  dynantic_query_begins_with (prefix_of_number, "1");
  assert_fails (prefix_of_number, DYNANTIC_ERROR_INVALID_ARGUMENT, "likes");

  dynantic_query_begins_with (empty_prefix, "");
  assert_fails (empty_prefix, DYNANTIC_ERROR_VALIDATION, "sent-at");
}

static void
test_bad_projection_and_filter (void)
{
  g_autoptr(DynanticQuery) malformed_path = read_fixtures_room_query ("general");
  g_autoptr(DynanticQuery) bad_filter = read_fixtures_room_query ("general");
  g_autoptr(DynanticQuery) unknown = read_fixtures_room_query ("general");
  g_autoptr(DynanticCondition) malformed = dynantic_condition_eq ("likes[", VALUE_INT (1));
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *authors = NULL;

  dynantic_query_project (malformed_path, "author", "likes[", NULL);
  assert_fails (malformed_path, DYNANTIC_ERROR_INVALID_ARGUMENT, "likes[");

  dynantic_query_filter (bad_filter, malformed);
  assert_fails (bad_filter, DYNANTIC_ERROR_INVALID_ARGUMENT, NULL);

  /* a name no property has is an attribute no property stores: read it */
  dynantic_query_limit (dynantic_query_project (unknown, "author", "mood", NULL), 2);
  items = read_fixtures_run_all (unknown);
  authors = read_fixtures_join (items, "author");
  g_assert_cmpstr (authors, ==, "ana,bo");
}

/* The one rule for paths: a path naming a property ("customer-id", stored
 * as "customer_id") resolves to its attribute, with the property's type
 * checks, in filters as in projections. Before, "customer-id" named an
 * attribute no item has, and matched nothing. */
static void
test_paths_name_properties (void)
{
  g_autoptr(DynanticQuery) by_property = index_query (READ_TYPE_ORDER, "StatusDateIndex", "PENDING");
  g_autoptr(DynanticQuery) by_attribute = index_query (READ_TYPE_ORDER, "StatusDateIndex", "PENDING");
  g_autoptr(DynanticQuery) by_binding_name = index_query (READ_TYPE_ORDER, "StatusDateIndex", "PENDING");
  g_autoptr(DynanticQuery) wrong_type = index_query (READ_TYPE_ORDER, "StatusDateIndex", "PENDING");
  g_autoptr(DynanticQuery) both_spellings = read_fixtures_room_query ("random");
  g_autoptr(DynanticCondition) c1 = dynantic_condition_eq ("customer-id", VALUE_STRING ("c1"));
  g_autoptr(DynanticCondition) c1_attribute = dynantic_condition_eq ("customer_id", VALUE_STRING ("c1"));
  g_autoptr(DynanticCondition) not_a_string = dynantic_condition_eq ("customer-id", VALUE_INT (5));
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *numbers = NULL;

  assert_orders (dynantic_query_filter (by_property, c1), "o1,o3");
  assert_orders (dynantic_query_filter (by_attribute, c1_attribute), "o1,o3");
  /* projections too: a property's name, in either spelling */
  assert_orders (dynantic_query_project (dynantic_query_filter (by_binding_name, c1), "order_id", NULL), "o1,o3");

  dynantic_query_filter (wrong_type, not_a_string);
  assert_fails (wrong_type, DYNANTIC_ERROR_VALIDATION, "customer-id");

  /* one attribute, named three ways: projected once */
  dynantic_query_project (both_spellings, "sent-at", "sent_at", "text", NULL);
  items = read_fixtures_run_all (both_spellings);
  numbers = read_fixtures_message_numbers (items);
  g_assert_cmpstr (numbers, ==, "r0,r1,r2");
}

/* Polymorphism -------------------------------------------------------------- */

static DynanticQuery *
pets_of (GType       type,
         const char *owner)
{
  g_auto(GValue) key = G_VALUE_INIT;

  test_value_string (&key, owner);
  return dynantic_query_new (type, &key, NULL);
}

static void
test_base_reads_every_kind_as_its_class (void)
{
  g_autoptr(DynanticQuery) query = pets_of (READ_TYPE_PET, "ann");
  g_autoptr(GPtrArray) pets = read_fixtures_run_all (query);
  g_autofree char *ids = read_fixtures_join (pets, "pet-id");
  g_autofree char *breed = NULL;
  gint lives = 0;

  g_assert_cmpstr (ids, ==, "c1,c2,d1,d2");
  g_assert_true (READ_IS_CAT (g_ptr_array_index (pets, 0)));
  g_assert_true (READ_IS_CAT (g_ptr_array_index (pets, 1)));
  g_assert_true (READ_IS_DOG (g_ptr_array_index (pets, 2)));
  g_assert_true (READ_IS_DOG (g_ptr_array_index (pets, 3)));
  g_object_get (g_ptr_array_index (pets, 1), "lives", &lives, NULL);
  g_assert_cmpint (lives, ==, 7);
  g_object_get (g_ptr_array_index (pets, 2), "breed", &breed, NULL);
  g_assert_cmpstr (breed, ==, "collie");
}

static void
test_subclass_reads_only_its_kind (void)
{
  g_autoptr(DynanticQuery) dogs = pets_of (READ_TYPE_DOG, "ann");
  g_autoptr(DynanticQuery) cats = pets_of (READ_TYPE_CAT, "ann");
  g_autoptr(DynanticQuery) first_cat = pets_of (READ_TYPE_CAT, "ann");
  g_autoptr(DynanticQuery) named = pets_of (READ_TYPE_DOG, "ann");
  g_autoptr(GPtrArray) dog_list = read_fixtures_run_all (dogs);
  g_autoptr(GPtrArray) named_dogs = NULL;
  g_autoptr(DynanticModel) cat = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dog_ids = read_fixtures_join (dog_list, "pet-id");
  g_autofree char *names = NULL;
  g_autofree char *breeds = NULL;

  g_assert_cmpstr (dog_ids, ==, "d1,d2");
  g_assert_true (READ_IS_DOG (g_ptr_array_index (dog_list, 0)));
  g_assert_cmpuint (dynantic_read_count (DYNANTIC_READ (cats), NULL, &error), ==, 2);
  g_assert_no_error (error);

  cat = dynantic_read_first (DYNANTIC_READ (first_cat), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (READ_IS_CAT (cat));

  /* A projection still reads the discriminator. */
  dynantic_query_project (named, "name", NULL);
  named_dogs = read_fixtures_run_all (named);
  names = read_fixtures_join (named_dogs, "name");
  g_assert_cmpstr (names, ==, "rex,fido");
  breeds = read_fixtures_join (named_dogs, "breed");
  g_assert_cmpstr (breeds, ==, "(null),(null)");
  g_assert_true (READ_IS_DOG (g_ptr_array_index (named_dogs, 1)));
}

/* Clients and async ---------------------------------------------------------- */

static void
test_explicit_client_is_kept_by_items (void)
{
  g_autoptr(DynanticClient) other = test_local_client ();
  g_autoptr(DynanticQuery) query = NULL;
  g_autoptr(DynanticModel) item = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GValue) key = G_VALUE_INIT;

  test_value_string (&key, "random");
  query = dynantic_query_new (READ_TYPE_MESSAGE, &key, other);
  item = dynantic_read_first (DYNANTIC_READ (query), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (dynantic_model_get_instance_client (item) == other);
}

static void
test_async_terminals (void)
{
  g_autoptr(DynanticQuery) query = read_fixtures_room_query ("general");
  g_autoptr(DynanticQuery) nobody = read_fixtures_room_query ("nobody");
  g_autoptr(GAsyncResult) all_result = NULL;
  g_autoptr(GAsyncResult) first_result = NULL;
  g_autoptr(GAsyncResult) one_result = NULL;
  g_autoptr(GAsyncResult) count_result = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(DynanticModel) first = NULL;
  g_autoptr(DynanticModel) none = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *numbers = NULL;
  TestAsync all, first_call, one, count;

  test_async_init (&all);
  test_async_init (&first_call);
  test_async_init (&one);
  test_async_init (&count);

  /* Four runs at once on the main context. */
  dynantic_query_page_size (query, 4);
  dynantic_read_all_async (DYNANTIC_READ (query), NULL, test_async_callback, &all);
  dynantic_read_first_async (DYNANTIC_READ (query), NULL, test_async_callback, &first_call);
  dynantic_read_one_async (DYNANTIC_READ (nobody), NULL, test_async_callback, &one);
  dynantic_read_count_async (DYNANTIC_READ (query), NULL, test_async_callback, &count);

  all_result = test_async_wait (&all);
  items = dynantic_read_all_finish (DYNANTIC_READ (query), all_result, &error);
  g_assert_no_error (error);
  numbers = read_fixtures_message_numbers (items);
  g_assert_cmpstr (numbers, ==, "0,1,2,3,4,5,6,7,8,9,10");

  first_result = test_async_wait (&first_call);
  first = dynantic_read_first_finish (DYNANTIC_READ (query), first_result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (first);

  one_result = test_async_wait (&one);
  none = dynantic_read_one_finish (DYNANTIC_READ (nobody), one_result, &error);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_RESOURCE_NOT_FOUND);
  g_assert_null (none);
  g_clear_error (&error);

  count_result = test_async_wait (&count);
  g_assert_cmpuint (dynantic_read_count_finish (DYNANTIC_READ (query), count_result, &error),
                    ==, TEST_GENERAL_MESSAGES);
  g_assert_no_error (error);

  test_async_clear (&all);
  test_async_clear (&first_call);
  test_async_clear (&one);
  test_async_clear (&count);
}

static void
test_async_reports_mistakes (void)
{
  g_autoptr(DynanticQuery) query = index_query (READ_TYPE_ORDER, "Nope", "c1");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  TestAsync async;

  test_async_init (&async);
  dynantic_read_all_async (DYNANTIC_READ (query), NULL, test_async_callback, &async);
  result = test_async_wait (&async);
  items = dynantic_read_all_finish (DYNANTIC_READ (query), result, &error);
  g_assert_null (items);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT);
  test_async_clear (&async);
}

static void
test_cancelled (void)
{
  g_autoptr(DynanticQuery) query = read_fixtures_room_query ("general");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  items = dynantic_read_all (DYNANTIC_READ (query), cancellable, &error);
  g_assert_null (items);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  client = test_local_client ();
  read_fixtures_set_up (client);

  g_test_add_func ("/query/partition", test_whole_partition);
  g_test_add_func ("/query/sort-key/comparisons", test_sort_key_comparisons);
  g_test_add_func ("/query/sort-key/between-inclusive", test_sort_key_between_is_inclusive);
  g_test_add_func ("/query/sort-key/begins-with", test_sort_key_begins_with);
  g_test_add_func ("/query/sort-key/last-wins", test_last_sort_key_condition_wins);
  g_test_add_func ("/query/descending-and-limit", test_descending_and_limit);
  g_test_add_func ("/query/filters", test_filters);
  g_test_add_func ("/query/filter-with-limit", test_filter_with_limit_reads_on);
  g_test_add_func ("/query/first", test_first);
  g_test_add_func ("/query/one", test_one);
  g_test_add_func ("/query/count", test_count);
  g_test_add_func ("/query/projection/partial", test_projection_reads_partial_objects);
  g_test_add_func ("/query/projection/binding-names", test_projection_accepts_binding_names);
  g_test_add_func ("/query/index/local", test_local_index);
  g_test_add_func ("/query/index/customer", test_customer_index);
  g_test_add_func ("/query/index/status-date", test_status_date_index);
  g_test_add_func ("/query/table-without-sort-key", test_table_without_sort_key);
  g_test_add_func ("/query/errors/unknown-index", test_unknown_index_names_the_indexes);
  g_test_add_func ("/query/errors/consistent-global-index", test_consistent_read_on_global_index);
  g_test_add_func ("/query/errors/key-types", test_key_values_are_type_checked);
  g_test_add_func ("/query/errors/projection-and-filter", test_bad_projection_and_filter);
  g_test_add_func ("/query/paths-name-properties", test_paths_name_properties);
  g_test_add_func ("/query/polymorphic/base", test_base_reads_every_kind_as_its_class);
  g_test_add_func ("/query/polymorphic/subclass", test_subclass_reads_only_its_kind);
  g_test_add_func ("/query/explicit-client", test_explicit_client_is_kept_by_items);
  g_test_add_func ("/query/async", test_async_terminals);
  g_test_add_func ("/query/async-mistakes", test_async_reports_mistakes);
  g_test_add_func ("/query/cancelled", test_cancelled);

  status = g_test_run ();

  read_fixtures_tear_down ();
  g_clear_object (&client);
  return status;
}
