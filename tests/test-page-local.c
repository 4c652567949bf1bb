/* test-page-local.c: pages, cursors, iterators and result sets against DynamoDB Local
 *
 * Pagination loops that must see every item exactly once (queries and
 * scans, with and without filters), cursors that are refused when altered
 * or used for another read, iteration that holds one page at a time (a
 * 10,000-item partition, with live objects counted), and the GListModel
 * result set.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "read-fixtures.h"

#define BIG_PARTITION 10000
#define BIG_PAGE 100

static DynanticClient *client;

/* A row of the big partition, counting its live instances. */
#define TEST_TYPE_ROW (test_row_get_type ())
G_DECLARE_FINAL_TYPE (TestRow, test_row, TEST, ROW, DynanticModel)
struct _TestRow { DynanticModel parent_instance; };
G_DEFINE_FINAL_TYPE (TestRow, test_row, DYNANTIC_TYPE_MODEL)

static gint rows_alive;
static gint rows_alive_max;
static gint rows_made;

static void
test_row_finalize (GObject *object)
{
  g_atomic_int_add (&rows_alive, -1);
  G_OBJECT_CLASS (test_row_parent_class)->finalize (object);
}

static void
test_row_class_init (TestRowClass *klass)
{
  DynanticModelClass *model_class = DYNANTIC_MODEL_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = test_row_finalize;
  dynantic_model_class_install_property (model_class,
      g_param_spec_string ("part", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model_class,
      g_param_spec_int ("seq", NULL, NULL, 0, G_MAXINT, 0, G_PARAM_READWRITE));
  dynantic_model_class_set_partition_key (model_class, "part");
  dynantic_model_class_set_sort_key (model_class, "seq");
}

static void
test_row_init (TestRow *self)
{
  gint alive = g_atomic_int_add (&rows_alive, 1) + 1;

  g_atomic_int_inc (&rows_made);
  if (alive > rows_alive_max)
    rows_alive_max = alive;
}

/* Helpers ------------------------------------------------------------------ */

static DynanticPage *
read_page (gpointer    read,
           const char *cursor)
{
  g_autoptr(GError) error = NULL;
  DynanticPage *page = dynantic_read_page (DYNANTIC_READ (read), cursor, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (page);
  return page;
}

static void
assert_refused (gpointer    read,
                const char *cursor)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DynanticPage) page = dynantic_read_page (DYNANTIC_READ (read), cursor, NULL, &error);

  g_assert_null (page);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_CURSOR);
}

/* Reads every page of @read: the message numbers of all pages in order,
 * and each page's size and has-more ("3+,3+,3+,2."). */
static void
read_every_page (gpointer   read,
                 char     **numbers,
                 char     **shape)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GString) pages = g_string_new (NULL);
  g_autofree char *cursor = NULL;

  do
    {
      g_autoptr(DynanticPage) page = read_page (read, cursor);
      GPtrArray *items = dynantic_page_get_items (page);

      g_assert_cmpuint (dynantic_page_get_count (page), ==, items->len);
      g_assert_cmpint (dynantic_page_get_has_more (page), ==, dynantic_page_get_cursor (page) != NULL);
      g_string_append_printf (pages, "%s%u%s", pages->len > 0 ? "," : "", items->len,
                              dynantic_page_get_has_more (page) ? "+" : ".");
      for (guint i = 0; i < items->len; i++)
        g_ptr_array_add (all, g_object_ref (g_ptr_array_index (items, i)));
      g_free (cursor);
      cursor = g_strdup (dynantic_page_get_cursor (page));
    }
  while (cursor != NULL);

  *numbers = read_fixtures_message_numbers (all);
  *shape = g_string_free (g_steal_pointer (&pages), FALSE);
}

/* Pagination loops ------------------------------------------------------------ */

static void
test_query_pages_see_every_item_once (void)
{
  g_autoptr(DynanticQuery) query = read_fixtures_room_query ("general");
  g_autoptr(DynanticQuery) descending = read_fixtures_room_query ("general");
  g_autofree char *numbers = NULL;
  g_autofree char *shape = NULL;
  g_autofree char *down = NULL;
  g_autofree char *down_shape = NULL;

  /* limit(3).page(): pages of at most 3, a cursor while more remain. */
  dynantic_query_limit (query, 3);
  read_every_page (query, &numbers, &shape);
  g_assert_cmpstr (numbers, ==, "0,1,2,3,4,5,6,7,8,9,10");
  g_assert_cmpstr (shape, ==, "3+,3+,3+,2.");

  dynantic_query_page_size (dynantic_query_descending (descending, TRUE), 4);
  read_every_page (descending, &down, &down_shape);
  g_assert_cmpstr (down, ==, "10,9,8,7,6,5,4,3,2,1,0");
  g_assert_cmpstr (down_shape, ==, "4+,4+,3.");
}

static void
test_filtered_pages_may_be_empty (void)
{
  g_autoptr(DynanticQuery) query = read_fixtures_room_query ("general");
  g_autoptr(DynanticCondition) ana = read_fixtures_author_is ("ana");
  g_autofree char *numbers = NULL;
  g_autofree char *shape = NULL;

  /* Pages read two items each; the third (4 and 5) keeps none, and says
   * there is more. */
  dynantic_query_limit (dynantic_query_filter (query, ana), 2);
  read_every_page (query, &numbers, &shape);
  g_assert_cmpstr (numbers, ==, "0,3,6,9,10");
  g_assert_cmpstr (shape, ==, "1+,1+,0+,1+,1+,1.");
}

static void
test_scan_pages_see_every_item_once (void)
{
  g_autoptr(DynanticScan) scan = dynantic_scan_new (READ_TYPE_MESSAGE, NULL);
  g_autoptr(DynanticScan) filtered = dynantic_scan_new (READ_TYPE_MESSAGE, NULL);
  g_autoptr(DynanticCondition) dee = read_fixtures_author_is ("dee");
  g_autofree char *numbers = NULL;
  g_autofree char *shape = NULL;
  g_autofree char *sorted = NULL;
  g_autofree char *expected = read_fixtures_sort_list ("0,1,2,3,4,5,6,7,8,9,10,r0,r1,r2");
  g_autofree char *dee_numbers = NULL;
  g_autofree char *dee_shape = NULL;
  g_autofree char *dee_sorted = NULL;

  dynantic_scan_limit (scan, 4);
  read_every_page (scan, &numbers, &shape);
  sorted = read_fixtures_sort_list (numbers);
  g_assert_cmpstr (sorted, ==, expected);
  g_assert_cmpstr (shape, ==, "4+,4+,4+,2.");

  dynantic_scan_limit (dynantic_scan_filter (filtered, dee), 5);
  read_every_page (filtered, &dee_numbers, &dee_shape);
  dee_sorted = read_fixtures_sort_list (dee_numbers);
  g_assert_cmpstr (dee_sorted, ==, "r0,r1,r2");
  g_assert_true (g_str_has_suffix (dee_shape, "."));
}

static void
test_segment_pages (void)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) joined = g_string_new (NULL);
  g_autofree char *sorted = NULL;
  g_autofree char *expected = read_fixtures_sort_list ("0,1,2,3,4,5,6,7,8,9,10,r0,r1,r2");

  for (guint segment = 0; segment < 3; segment++)
    {
      g_autoptr(DynanticScan) scan = dynantic_scan_new (READ_TYPE_MESSAGE, NULL);
      g_autofree char *numbers = NULL;
      g_autofree char *shape = NULL;

      dynantic_scan_limit (dynantic_scan_segment (scan, segment, 3), 2);
      read_every_page (scan, &numbers, &shape);
      if (numbers[0] != '\0')
        g_string_append_printf (joined, "%s%s", joined->len > 0 ? "," : "", numbers);
    }
  sorted = read_fixtures_sort_list (joined->str);
  g_assert_cmpstr (sorted, ==, expected);
}

static void
test_page_async (void)
{
  g_autoptr(DynanticQuery) query = read_fixtures_room_query ("random");
  g_autoptr(GAsyncResult) first_result = NULL;
  g_autoptr(GAsyncResult) second_result = NULL;
  g_autoptr(DynanticPage) first = NULL;
  g_autoptr(DynanticPage) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *numbers = NULL;
  TestAsync call;

  test_async_init (&call);
  dynantic_query_limit (query, 2);
  dynantic_read_page_async (DYNANTIC_READ (query), NULL, NULL, test_async_callback, &call);
  first_result = test_async_wait (&call);
  first = dynantic_read_page_finish (DYNANTIC_READ (query), first_result, &error);
  g_assert_no_error (error);
  g_assert_true (dynantic_page_get_has_more (first));

  dynantic_read_page_async (DYNANTIC_READ (query), dynantic_page_get_cursor (first), NULL,
                            test_async_callback, &call);
  second_result = test_async_wait (&call);
  second = dynantic_read_page_finish (DYNANTIC_READ (query), second_result, &error);
  g_assert_no_error (error);
  numbers = read_fixtures_message_numbers (dynantic_page_get_items (second));
  g_assert_cmpstr (numbers, ==, "r2");
  g_assert_false (dynantic_page_get_has_more (second));
  g_assert_null (dynantic_page_get_cursor (second));
  test_async_clear (&call);
}

/* Cursors ------------------------------------------------------------------- */

static char *
first_cursor (gpointer read)
{
  g_autoptr(DynanticPage) page = read_page (read, NULL);

  g_assert_nonnull (dynantic_page_get_cursor (page));
  return g_strdup (dynantic_page_get_cursor (page));
}

static void
test_cursor_hides_key_values (void)
{
  g_autoptr(DynanticQuery) query = read_fixtures_room_query ("general");
  g_autofree char *cursor = NULL;
  g_autoptr(GString) standard = NULL;
  g_autofree guchar *raw = NULL;
  gsize length = 0;

  dynantic_query_limit (query, 2);
  cursor = first_cursor (query);
  for (const char *c = cursor; *c != '\0'; c++)
    g_assert_true (g_ascii_isalnum (*c) || *c == '-' || *c == '_');

  /* URL-safe base64 without padding, back to the standard alphabet. */
  standard = g_string_new (cursor);
  g_strdelimit (g_strdelimit (standard->str, "-", '+'), "_", '/');
  while (standard->len % 4 != 0)
    g_string_append_c (standard, '=');
  raw = g_base64_decode (standard->str, &length);
  g_assert_cmpuint (length, >, 32);
  g_assert_null (memmem (raw, length, "general", 7));
  g_assert_null (memmem (raw, length, "2024-05-01", 10));
  g_assert_null (memmem (raw, length, "sent_at", 7));
}

static void
test_altered_cursors_are_refused (void)
{
  g_autoptr(DynanticQuery) query = read_fixtures_room_query ("general");
  g_autofree char *cursor = NULL;
  g_autofree char *flipped = NULL;
  g_autofree char *truncated = NULL;
  g_autofree char *extended = NULL;

  dynantic_query_limit (query, 3);
  cursor = first_cursor (query);

  flipped = g_strdup (cursor);
  flipped[strlen (flipped) / 2] = flipped[strlen (flipped) / 2] == 'A' ? 'B' : 'A';
  assert_refused (query, flipped);

  truncated = g_strndup (cursor, strlen (cursor) - 4);
  assert_refused (query, truncated);
  extended = g_strconcat (cursor, "AAAA", NULL);
  assert_refused (query, extended);
  assert_refused (query, "");
  assert_refused (query, "not a cursor at all");

  /* The cursor itself still works. */
  g_clear_object (&query);
  query = read_fixtures_room_query ("general");
  dynantic_query_limit (query, 3);
  {
    g_autoptr(DynanticPage) page = read_page (query, cursor);
    g_autofree char *numbers = read_fixtures_message_numbers (dynantic_page_get_items (page));

    g_assert_cmpstr (numbers, ==, "3,4,5");
  }
}

static void
test_cursors_are_bound_to_their_read (void)
{
  g_autoptr(DynanticQuery) general = read_fixtures_room_query ("general");
  g_autoptr(DynanticQuery) random = read_fixtures_room_query ("random");
  g_autoptr(DynanticQuery) likes = NULL;
  g_autoptr(DynanticScan) scan = dynantic_scan_new (READ_TYPE_MESSAGE, NULL);
  g_autoptr(DynanticScan) segment0 = dynantic_scan_new (READ_TYPE_MESSAGE, NULL);
  g_autoptr(DynanticScan) segment1 = dynantic_scan_new (READ_TYPE_MESSAGE, NULL);
  g_autoptr(DynanticScan) orders = dynantic_scan_new (READ_TYPE_ORDER, NULL);
  g_autofree char *general_cursor = NULL;
  g_autofree char *scan_cursor = NULL;
  g_autofree char *segment_cursor = NULL;
  g_auto(GValue) room = G_VALUE_INIT;

  test_value_string (&room, "general");
  likes = dynantic_query_new_for_index (READ_TYPE_MESSAGE, "LikesIndex", &room, NULL);
  dynantic_query_limit (general, 2);
  dynantic_scan_limit (scan, 2);
  dynantic_scan_segment (segment0, 0, 2);
  dynantic_scan_segment (segment1, 1, 2);
  dynantic_scan_limit (segment0, 1);

  general_cursor = first_cursor (general);
  assert_refused (random, general_cursor);   /* another partition */
  assert_refused (likes, general_cursor);    /* another index */
  assert_refused (scan, general_cursor);     /* a scan */

  scan_cursor = first_cursor (scan);
  assert_refused (general, scan_cursor);
  assert_refused (orders, scan_cursor);      /* another table */
  assert_refused (segment0, scan_cursor);    /* a segment */

  segment_cursor = first_cursor (segment0);
  assert_refused (segment1, segment_cursor); /* another segment */
  assert_refused (scan, segment_cursor);
}

static DynanticClient *
client_with_cursor_key (const char *secret)
{
  g_autoptr(DynanticCredentials) credentials =
    dynantic_credentials_new ("DynanticTestKey", "DynanticTestSecret", NULL);
  g_autoptr(DynanticCredentialsProvider) provider =
    dynantic_credentials_provider_new_static (credentials);
  g_autoptr(GBytes) key = g_bytes_new (secret, strlen (secret));

  return g_object_new (DYNANTIC_TYPE_CLIENT,
                       "endpoint", test_local_endpoint (),
                       "region", "us-east-1",
                       "credentials-provider", provider,
                       "cursor-key", key,
                       NULL);
}

static DynanticQuery *
general_through (DynanticClient *through)
{
  g_auto(GValue) key = G_VALUE_INIT;
  DynanticQuery *query;

  test_value_string (&key, "general");
  query = dynantic_query_new (READ_TYPE_MESSAGE, &key, through);
  dynantic_query_limit (query, 4);
  return query;
}

static void
test_cursor_key_is_the_clients (void)
{
  g_autoptr(DynanticClient) first = client_with_cursor_key ("the first service's 32-byte key!");
  g_autoptr(DynanticClient) same = client_with_cursor_key ("the first service's 32-byte key!");
  g_autoptr(DynanticClient) other = client_with_cursor_key ("another service's 32-byte secret");
  g_autoptr(DynanticQuery) through_first = general_through (first);
  g_autoptr(DynanticQuery) through_same = general_through (same);
  g_autoptr(DynanticQuery) through_other = general_through (other);
  g_autoptr(DynanticQuery) through_default = general_through (NULL);
  g_autoptr(DynanticPage) page = NULL;
  g_autofree char *cursor = first_cursor (through_first);
  g_autofree char *numbers = NULL;
  GBytes *key = dynantic_client_get_cursor_key (first);

  g_assert_cmpmem (g_bytes_get_data (key, NULL), g_bytes_get_size (key),
                   "the first service's 32-byte key!", 32);
  /* none given: the reads use the process's random key */
  g_assert_null (dynantic_client_get_cursor_key (client));

  /* Another process (another client) with the same key goes on. */
  page = read_page (through_same, cursor);
  numbers = read_fixtures_message_numbers (dynantic_page_get_items (page));
  g_assert_cmpstr (numbers, ==, "4,5,6,7");

  assert_refused (through_other, cursor);
  assert_refused (through_default, cursor);
}

/* Iterators ----------------------------------------------------------------- */

/* Drains @iterator: the message numbers in order. */
static char *
drain (DynanticIterator *iterator)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  DynanticModel *item;

  while ((item = dynantic_iterator_next (iterator, NULL, &error)) != NULL)
    g_ptr_array_add (items, item);
  g_assert_no_error (error);
  /* The end stays the end. */
  g_assert_null (dynantic_iterator_next (iterator, NULL, &error));
  g_assert_no_error (error);
  return read_fixtures_message_numbers (items);
}

static DynanticIterator *
iterate (gpointer read)
{
  g_autoptr(GError) error = NULL;
  DynanticIterator *iterator = dynantic_read_iterate (DYNANTIC_READ (read), &error);

  g_assert_no_error (error);
  return iterator;
}

static void
test_iterator (void)
{
  g_autoptr(DynanticQuery) paged = read_fixtures_room_query ("general");
  g_autoptr(DynanticQuery) filtered = read_fixtures_room_query ("general");
  g_autoptr(DynanticQuery) limited = read_fixtures_room_query ("general");
  g_autoptr(DynanticQuery) empty = read_fixtures_room_query ("nobody");
  g_autoptr(DynanticQuery) wrong = NULL;
  g_autoptr(DynanticCondition) cy = read_fixtures_author_is ("cy");
  g_autoptr(DynanticIterator) paged_iterator = NULL;
  g_autoptr(DynanticIterator) filtered_iterator = NULL;
  g_autoptr(DynanticIterator) limited_iterator = NULL;
  g_autoptr(DynanticIterator) empty_iterator = NULL;
  g_autoptr(DynanticIterator) none = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *all = NULL;
  g_autofree char *by_cy = NULL;
  g_autofree char *first_five = NULL;
  g_autofree char *nothing = NULL;
  g_auto(GValue) room = G_VALUE_INIT;

  dynantic_query_page_size (paged, 4);
  paged_iterator = iterate (paged);
  all = drain (paged_iterator);
  g_assert_cmpstr (all, ==, "0,1,2,3,4,5,6,7,8,9,10");

  dynantic_query_page_size (dynantic_query_filter (filtered, cy), 2);
  filtered_iterator = iterate (filtered);
  by_cy = drain (filtered_iterator);
  g_assert_cmpstr (by_cy, ==, "2,5,8");

  dynantic_query_page_size (dynantic_query_limit (limited, 5), 3);
  limited_iterator = iterate (limited);
  first_five = drain (limited_iterator);
  g_assert_cmpstr (first_five, ==, "0,1,2,3,4");

  empty_iterator = iterate (empty);
  nothing = drain (empty_iterator);
  g_assert_cmpstr (nothing, ==, "");

  test_value_string (&room, "general");
  wrong = dynantic_query_new_for_index (READ_TYPE_MESSAGE, "Nope", &room, NULL);
  none = dynantic_read_iterate (DYNANTIC_READ (wrong), &error);
  g_assert_null (none);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT);
}

static void
test_iterator_async (void)
{
  g_autoptr(DynanticQuery) query = read_fixtures_room_query ("general");
  g_autoptr(DynanticIterator) iterator = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *numbers = NULL;
  gboolean first = TRUE;
  TestAsync call, second_call;

  test_async_init (&call);
  test_async_init (&second_call);
  dynantic_query_page_size (query, 3);
  iterator = iterate (query);
  for (;;)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GAsyncResult) refused = NULL;
      g_autoptr(GError) pending = NULL;
      DynanticModel *item;

      dynantic_iterator_next_async (iterator, NULL, test_async_callback, &call);
      if (first)
        {
          /* One call at a time. */
          dynantic_iterator_next_async (iterator, NULL, test_async_callback, &second_call);
          refused = test_async_wait (&second_call);
          g_assert_null (dynantic_iterator_next_finish (iterator, refused, &pending));
          g_assert_error (pending, G_IO_ERROR, G_IO_ERROR_PENDING);
          first = FALSE;
        }
      result = test_async_wait (&call);
      item = dynantic_iterator_next_finish (iterator, result, &error);
      g_assert_no_error (error);
      if (item == NULL)
        break;
      g_ptr_array_add (items, item);
    }
  numbers = read_fixtures_message_numbers (items);
  g_assert_cmpstr (numbers, ==, "0,1,2,3,4,5,6,7,8,9,10");
  test_async_clear (&call);
  test_async_clear (&second_call);
}

/* One pass over a 10,000-item partition: every row once, in order, and
 * never more rows alive than one page holds. */
static void
test_big_partition_flat_memory (void)
{
  g_autoptr(DynanticQuery) query = NULL;
  g_autoptr(DynanticIterator) iterator = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GValue) part = G_VALUE_INIT;
  DynanticModel *row;
  gint expected = 0;

  test_value_string (&part, "big");
  query = dynantic_query_new (TEST_TYPE_ROW, &part, NULL);
  dynantic_query_page_size (query, BIG_PAGE);
  iterator = iterate (query);

  g_atomic_int_set (&rows_alive_max, 0);
  g_atomic_int_set (&rows_made, 0);
  while ((row = dynantic_iterator_next (iterator, NULL, &error)) != NULL)
    {
      gint seq = -1;

      g_object_get (row, "seq", &seq, NULL);
      g_assert_cmpint (seq, ==, expected);
      expected++;
      g_object_unref (row);
    }
  g_assert_no_error (error);
  g_assert_cmpint (expected, ==, BIG_PARTITION);
  g_assert_cmpint (g_atomic_int_get (&rows_made), ==, BIG_PARTITION);
  g_assert_cmpint (g_atomic_int_get (&rows_alive), ==, 0);
  g_assert_cmpint (g_atomic_int_get (&rows_alive_max), ==, BIG_PAGE);
}

static char *
load_big_partition (void)
{
  char *table = read_fixtures_create_table (TEST_TYPE_ROW, client, "rows");
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < BIG_PARTITION; i++)
    g_ptr_array_add (items, g_strdup_printf ("{\"part\":{\"S\":\"big\"},\"seq\":{\"N\":\"%u\"}}", i));
  read_fixtures_put_items (client, table, (const char * const *) items->pdata, items->len);
  return table;
}

/* Result sets ---------------------------------------------------------------- */

static void
record_change (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               gpointer    user_data)
{
  g_string_append_printf (user_data, "(%u,%u,%u)", position, removed, added);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static DynanticResults *
results_of (gpointer read)
{
  g_autoptr(GError) error = NULL;
  DynanticResults *results = dynantic_read_results (DYNANTIC_READ (read), &error);

  g_assert_no_error (error);
  return results;
}

static void
test_results_load_on_demand (void)
{
  g_autoptr(DynanticQuery) query = read_fixtures_room_query ("general");
  g_autoptr(DynanticResults) results = NULL;
  g_autoptr(GString) changes = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GObject) first = NULL;
  GListModel *model;
  guint has_more_changes = 0;
  guint loading_changes = 0;
  guint loads = 0;
  GType item_type = G_TYPE_INVALID;

  dynantic_query_page_size (query, 4);
  results = results_of (query);
  model = G_LIST_MODEL (results);
  g_signal_connect (results, "items-changed", G_CALLBACK (record_change), changes);
  g_signal_connect (results, "notify::has-more", G_CALLBACK (count_notify), &has_more_changes);
  g_signal_connect (results, "notify::loading", G_CALLBACK (count_notify), &loading_changes);

  g_assert_true (g_list_model_get_item_type (model) == READ_TYPE_MESSAGE);
  g_object_get (results, "item-type", &item_type, NULL);
  g_assert_true (item_type == READ_TYPE_MESSAGE);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_true (dynantic_results_get_has_more (results));
  g_assert_false (dynantic_results_get_loading (results));

  while (dynantic_results_get_has_more (results))
    {
      g_assert_true (dynantic_results_load_more (results, NULL, &error));
      g_assert_no_error (error);
      loads++;
    }
  g_assert_cmpuint (loads, ==, 3);
  g_assert_cmpstr (changes->str, ==, "(0,0,4)(4,0,4)(8,0,3)");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, TEST_GENERAL_MESSAGES);
  g_assert_cmpuint (has_more_changes, ==, 1);
  g_assert_cmpuint (loading_changes, ==, 6);

  first = g_list_model_get_item (model, 0);
  g_assert_true (READ_IS_MESSAGE (first));
  g_assert_null (g_list_model_get_item (model, TEST_GENERAL_MESSAGES));

  /* Loading past the end changes nothing. */
  g_assert_true (dynantic_results_load_more (results, NULL, &error));
  g_assert_cmpstr (changes->str, ==, "(0,0,4)(4,0,4)(8,0,3)");
}

static void
test_results_async_skip_empty_pages (void)
{
  g_autoptr(DynanticQuery) query = read_fixtures_room_query ("general");
  g_autoptr(DynanticCondition) ana = read_fixtures_author_is ("ana");
  g_autoptr(DynanticResults) results = NULL;
  g_autoptr(GString) changes = g_string_new (NULL);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *numbers = NULL;
  gboolean first = TRUE;
  TestAsync call, second_call;

  test_async_init (&call);
  test_async_init (&second_call);

  /* Pages of two read items: the one of 4 and 5 matches nothing, and a
   * load goes on until something is added. */
  dynantic_query_page_size (dynantic_query_filter (query, ana), 2);
  results = results_of (query);
  g_signal_connect (results, "items-changed", G_CALLBACK (record_change), changes);

  while (dynantic_results_get_has_more (results))
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GAsyncResult) refused = NULL;
      g_autoptr(GError) pending = NULL;
      g_autoptr(GError) error = NULL;

      dynantic_results_load_more_async (results, NULL, test_async_callback, &call);
      g_assert_true (dynantic_results_get_loading (results));
      if (first)
        {
          dynantic_results_load_more_async (results, NULL, test_async_callback, &second_call);
          refused = test_async_wait (&second_call);
          g_assert_false (dynantic_results_load_more_finish (results, refused, &pending));
          g_assert_error (pending, G_IO_ERROR, G_IO_ERROR_PENDING);
          first = FALSE;
        }
      result = test_async_wait (&call);
      g_assert_true (dynantic_results_load_more_finish (results, result, &error));
      g_assert_no_error (error);
      g_assert_false (dynantic_results_get_loading (results));
    }
  g_assert_cmpstr (changes->str, ==, "(0,0,1)(1,0,1)(2,0,1)(3,0,1)(4,0,1)");
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (results)); i++)
    g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (results), i));
  numbers = read_fixtures_message_numbers (items);
  g_assert_cmpstr (numbers, ==, "0,3,6,9,10");
  test_async_clear (&call);
  test_async_clear (&second_call);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *big_table = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  client = test_local_client ();
  read_fixtures_set_up (client);
  big_table = load_big_partition ();

  g_test_add_func ("/page/query-loop", test_query_pages_see_every_item_once);
  g_test_add_func ("/page/filtered-empty-page", test_filtered_pages_may_be_empty);
  g_test_add_func ("/page/scan-loop", test_scan_pages_see_every_item_once);
  g_test_add_func ("/page/segment-loop", test_segment_pages);
  g_test_add_func ("/page/async", test_page_async);
  g_test_add_func ("/page/cursor/hides-keys", test_cursor_hides_key_values);
  g_test_add_func ("/page/cursor/altered", test_altered_cursors_are_refused);
  g_test_add_func ("/page/cursor/bound", test_cursors_are_bound_to_their_read);
  g_test_add_func ("/page/cursor/client-key", test_cursor_key_is_the_clients);
  g_test_add_func ("/page/iterator/sync", test_iterator);
  g_test_add_func ("/page/iterator/async", test_iterator_async);
  g_test_add_func ("/page/iterator/flat-memory", test_big_partition_flat_memory);
  g_test_add_func ("/page/results/load-on-demand", test_results_load_on_demand);
  g_test_add_func ("/page/results/async", test_results_async_skip_empty_pages);

  status = g_test_run ();

  g_assert_true (dynantic_table_delete (TEST_TYPE_ROW, NULL, NULL, NULL));
  dynantic_model_class_set_client (g_type_class_peek (TEST_TYPE_ROW), NULL);
  read_fixtures_tear_down ();
  g_clear_object (&client);
  return status;
}
