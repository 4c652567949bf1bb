/* test-query-fake.c: what queries send, how many requests they make, and
 * what they do with hostile responses, against the in-process fake server
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "read-fixtures.h"

/* One item of room "general", as the server sends it. */
#define ITEM(minute) \
  "{\"room\":{\"S\":\"general\"},\"sent_at\":{\"S\":\"2024-05-01T10:0" #minute ":00Z\"}," \
  "\"author\":{\"S\":\"ana\"},\"likes\":{\"N\":\"" #minute "\"}}"
#define KEY(minute) \
  "{\"room\":{\"S\":\"general\"},\"sent_at\":{\"S\":\"2024-05-01T10:0" #minute ":00Z\"}}"

typedef struct {
  FakeServer     *server;
  DynanticClient *client;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->server = fake_server_new ();
  f->client = fake_server_new_client (f->server, "max-attempts", 1, NULL);
  dynantic_model_class_set_table (g_type_class_peek (READ_TYPE_MESSAGE), "messages");
  dynantic_model_class_set_table (g_type_class_peek (READ_TYPE_PET), "pets");
  dynantic_model_class_set_client (g_type_class_peek (READ_TYPE_MESSAGE), f->client);
  dynantic_model_class_set_client (g_type_class_peek (READ_TYPE_PET), f->client);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  dynantic_model_class_set_client (g_type_class_peek (READ_TYPE_MESSAGE), NULL);
  dynantic_model_class_set_client (g_type_class_peek (READ_TYPE_PET), NULL);
  g_clear_object (&f->client);
  g_clear_pointer (&f->server, fake_server_free);
}

static void
reply (Fixture    *f,
       const char *body)
{
  read_fixtures_reply (f->server, body);
}

static DynanticQuery *
general (void)
{
  return read_fixtures_room_query ("general");
}

/* Member @name of @object as compact JSON text. */
static char *
member_text (JsonObject *object,
             const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  g_assert_nonnull (node);
  return json_to_string (node, FALSE);
}

static void
assert_member (JsonObject *object,
               const char *name,
               const char *json)
{
  g_autofree char *text = member_text (object, name);

  g_assert_cmpstr (text, ==, json);
}

/* Request shapes ----------------------------------------------------------- */

static void
test_query_request (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(DynanticQuery) query = NULL;
  g_autoptr(DynanticCondition) ana = NULL;
  g_autoptr(DynanticPage) page = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GValue) room = G_VALUE_INIT;
  g_auto(GValue) likes = G_VALUE_INIT;
  g_auto(GValue) author = G_VALUE_INIT;

  test_value_string (&room, "general");
  test_value_int (&likes, 50);
  test_value_string (&author, "ana");
  ana = dynantic_condition_eq ("author", &author);
  query = dynantic_query_new_for_index (READ_TYPE_MESSAGE, "LikesIndex", &room, NULL);
  dynantic_query_descending (dynantic_query_gt (query, &likes), TRUE);
  dynantic_query_project (dynantic_query_filter (query, ana), "text", NULL);
  dynantic_query_page_size (dynantic_query_consistent (query, TRUE), 7);

  reply (f, "{\"Items\":[],\"Count\":0,\"ScannedCount\":0}");
  page = dynantic_read_page (DYNANTIC_READ (query), NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (dynantic_page_get_has_more (page));

  body = read_fixtures_request (f->server, 0);
  assert_member (body, "TableName", "\"messages\"");
  assert_member (body, "IndexName", "\"LikesIndex\"");
  assert_member (body, "KeyConditionExpression", "\"#n0 = :v0 AND #n1 > :v1\"");
  assert_member (body, "FilterExpression", "\"#n2 = :v2\"");
  assert_member (body, "ProjectionExpression", "\"#n3\"");
  assert_member (body, "ExpressionAttributeNames",
                 "{\"#n0\":\"room\",\"#n1\":\"likes\",\"#n2\":\"author\",\"#n3\":\"text\"}");
  assert_member (body, "ExpressionAttributeValues",
                 "{\":v0\":{\"S\":\"general\"},\":v1\":{\"N\":\"50\"},\":v2\":{\"S\":\"ana\"}}");
  assert_member (body, "ScanIndexForward", "false");
  assert_member (body, "ConsistentRead", "true");
  assert_member (body, "Limit", "7");
  g_assert_false (json_object_has_member (body, "ExclusiveStartKey"));
  g_assert_false (json_object_has_member (body, "Select"));
  g_assert_false (json_object_has_member (body, "Segment"));
}

static void
test_subclass_query_filters_on_kind (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(DynanticQuery) query = NULL;
  g_autoptr(GPtrArray) dogs = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GValue) owner = G_VALUE_INIT;

  test_value_string (&owner, "ann");
  query = dynantic_query_new (READ_TYPE_DOG, &owner, NULL);
  dynantic_query_project (query, "name", NULL);
  reply (f, "{\"Items\":[{\"kind\":{\"S\":\"DOG\"},\"name\":{\"S\":\"rex\"}},"
            "{\"kind\":{\"S\":\"CAT\"},\"name\":{\"S\":\"tom\"}}],\"Count\":2}");
  dogs = dynantic_read_all (DYNANTIC_READ (query), NULL, &error);
  g_assert_no_error (error);

  /* A server that ignored the filter: the cat is still left out. */
  g_assert_cmpuint (dogs->len, ==, 1);
  g_assert_true (READ_IS_DOG (g_ptr_array_index (dogs, 0)));

  body = read_fixtures_request (f->server, 0);
  assert_member (body, "FilterExpression", "\"#n1 IN (:v1)\"");
  assert_member (body, "ProjectionExpression", "\"#n2, #n1\"");
  assert_member (body, "ExpressionAttributeNames", "{\"#n0\":\"owner_id\",\"#n1\":\"kind\",\"#n2\":\"name\"}");
  assert_member (body, "ExpressionAttributeValues", "{\":v0\":{\"S\":\"ann\"},\":v1\":{\"S\":\"DOG\"}}");
}

/* How many requests ----------------------------------------------------------- */

static void
test_first_asks_for_one_item (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(DynanticQuery) query = general ();
  g_autoptr(DynanticModel) first = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;

  reply (f, "{\"Items\":[" ITEM (0) "],\"Count\":1,\"LastEvaluatedKey\":" KEY (0) "}");
  first = dynantic_read_first (DYNANTIC_READ (query), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (first);
  g_assert_cmpuint (fake_server_get_requests (f->server), ==, 1);
  body = read_fixtures_request (f->server, 0);
  assert_member (body, "Limit", "1");
}

static void
test_filtered_first_reads_on (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(DynanticQuery) query = general ();
  g_autoptr(DynanticCondition) ana = NULL;
  g_autoptr(DynanticModel) first = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_autoptr(JsonObject) third = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GValue) author = G_VALUE_INIT;
  gint likes = -1;

  test_value_string (&author, "ana");
  ana = dynantic_condition_eq ("author", &author);
  dynantic_query_filter (query, ana);
  reply (f, "{\"Items\":[],\"Count\":0,\"ScannedCount\":9,\"LastEvaluatedKey\":" KEY (1) "}");
  reply (f, "{\"Items\":[],\"Count\":0,\"ScannedCount\":9,\"LastEvaluatedKey\":" KEY (2) "}");
  reply (f, "{\"Items\":[" ITEM (3) "],\"Count\":1,\"LastEvaluatedKey\":" KEY (3) "}");
  first = dynantic_read_first (DYNANTIC_READ (query), NULL, &error);
  g_assert_no_error (error);
  g_object_get (first, "likes", &likes, NULL);
  g_assert_cmpint (likes, ==, 3);
  g_assert_cmpuint (fake_server_get_requests (f->server), ==, 3);

  /* Each page starts where the last ended; a filter reads whole pages. */
  second = read_fixtures_request (f->server, 1);
  assert_member (second, "ExclusiveStartKey", KEY (1));
  g_assert_false (json_object_has_member (second, "Limit"));
  third = read_fixtures_request (f->server, 2);
  assert_member (third, "ExclusiveStartKey", KEY (2));
}

static void
test_limit_asks_for_what_remains (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(DynanticQuery) query = general ();
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_autoptr(GError) error = NULL;

  dynantic_query_page_size (dynantic_query_limit (query, 3), 2);
  reply (f, "{\"Items\":[" ITEM (0) "," ITEM (1) "],\"Count\":2,\"LastEvaluatedKey\":" KEY (1) "}");
  reply (f, "{\"Items\":[" ITEM (2) "],\"Count\":1,\"LastEvaluatedKey\":" KEY (2) "}");
  items = dynantic_read_all (DYNANTIC_READ (query), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 3);
  g_assert_cmpuint (fake_server_get_requests (f->server), ==, 2);
  first = read_fixtures_request (f->server, 0);
  assert_member (first, "Limit", "2");
  second = read_fixtures_request (f->server, 1);
  assert_member (second, "Limit", "1");
}

static void
test_count_sums_pages (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(DynanticQuery) query = general ();
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;

  dynantic_query_project (query, "text", NULL);
  reply (f, "{\"Count\":5,\"ScannedCount\":5,\"LastEvaluatedKey\":" KEY (4) "}");
  reply (f, "{\"Count\":2,\"ScannedCount\":2}");
  g_assert_cmpuint (dynantic_read_count (DYNANTIC_READ (query), NULL, &error), ==, 7);
  g_assert_no_error (error);
  body = read_fixtures_request (f->server, 0);
  assert_member (body, "Select", "\"COUNT\"");
  g_assert_false (json_object_has_member (body, "ProjectionExpression"));
}

static void
test_page_asks_for_its_limit (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(DynanticQuery) query = general ();
  g_autoptr(DynanticCondition) ana = NULL;
  g_autoptr(DynanticPage) page = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GValue) author = G_VALUE_INIT;

  /* Even with a filter: the cursor must be exactly where the page ends. */
  test_value_string (&author, "ana");
  ana = dynantic_condition_eq ("author", &author);
  dynantic_query_page_size (dynantic_query_limit (dynantic_query_filter (query, ana), 4), 10);
  reply (f, "{\"Items\":[" ITEM (1) "],\"Count\":1,\"ScannedCount\":4,\"LastEvaluatedKey\":" KEY (3) "}");
  page = dynantic_read_page (DYNANTIC_READ (query), NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dynantic_page_get_count (page), ==, 1);
  g_assert_cmpuint (dynantic_page_get_scanned_count (page), ==, 4);
  g_assert_true (dynantic_page_get_has_more (page));
  body = read_fixtures_request (f->server, 0);
  assert_member (body, "Limit", "4");
}

static void
test_bad_cursor_sends_nothing (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(DynanticQuery) query = general ();
  g_autoptr(DynanticPage) first = NULL;
  g_autoptr(DynanticPage) refused = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;

  reply (f, "{\"Items\":[" ITEM (0) "],\"Count\":1,\"LastEvaluatedKey\":" KEY (0) "}");
  first = dynantic_read_page (DYNANTIC_READ (query), NULL, NULL, &error);
  g_assert_no_error (error);
  cursor = g_strdup (dynantic_page_get_cursor (first));
  cursor[3] = cursor[3] == 'x' ? 'y' : 'x';

  refused = dynantic_read_page (DYNANTIC_READ (query), cursor, NULL, &error);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_CURSOR);
  g_assert_null (refused);
  g_assert_cmpuint (fake_server_get_requests (f->server), ==, 1);
}

/* Hostile responses ------------------------------------------------------------ */

static void
test_hostile_responses (Fixture       *f,
                        gconstpointer  data)
{
  static const struct { const char *body; gint code; } cases[] = {
    { "[]", DYNANTIC_ERROR_BAD_RESPONSE },
    { "{\"Items\":{}}", DYNANTIC_ERROR_BAD_RESPONSE },
    { "{\"Items\":[1]}", DYNANTIC_ERROR_BAD_RESPONSE },
    { "{\"Items\":[" ITEM (1) ",]}", DYNANTIC_ERROR_BAD_RESPONSE },
    { "{\"Items\":[" ITEM (1), DYNANTIC_ERROR_BAD_RESPONSE },
    { "{\"Count\":\"3\"}", DYNANTIC_ERROR_BAD_RESPONSE },
    { "{\"Count\":-1}", DYNANTIC_ERROR_BAD_RESPONSE },
    { "{\"Count\":1.5}", DYNANTIC_ERROR_BAD_RESPONSE },
    { "{\"Count\":99999999999999999999999}", DYNANTIC_ERROR_BAD_RESPONSE },
    { "{\"LastEvaluatedKey\":\"x\"}", DYNANTIC_ERROR_BAD_RESPONSE },
    { "{\"LastEvaluatedKey\":[]}", DYNANTIC_ERROR_BAD_RESPONSE },
    { "{\"Items\":[]} {}", DYNANTIC_ERROR_BAD_RESPONSE },
    /* an item that does not fit the model: a bad response, naming the item */
    { "{\"Items\":[{\"likes\":{\"S\":\"many\"}}]}", DYNANTIC_ERROR_BAD_RESPONSE },
    { "{\"Items\":[{\"likes\":{\"N\":\"1e400\"}}]}", DYNANTIC_ERROR_BAD_RESPONSE },
    { "{\"__type\":\"ValidationException\",\"Items\":[]}", DYNANTIC_ERROR_BAD_RESPONSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DynanticQuery) query = general ();
      g_autoptr(GPtrArray) items = NULL;
      g_autoptr(GError) error = NULL;

      reply (f, cases[i].body);
      items = dynantic_read_all (DYNANTIC_READ (query), NULL, &error);
      g_assert_null (items);
      g_assert_error (error, DYNANTIC_ERROR, cases[i].code);
    }
}

static void
test_same_key_twice_is_refused (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(DynanticQuery) query = general ();
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  reply (f, "{\"Items\":[" ITEM (0) "],\"LastEvaluatedKey\":" KEY (0) "}");
  reply (f, "{\"Items\":[],\"LastEvaluatedKey\":" KEY (0) "}");
  items = dynantic_read_all (DYNANTIC_READ (query), NULL, &error);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_PAGINATION_LOOP);
  g_assert_null (items);
  g_assert_cmpuint (fake_server_get_requests (f->server), ==, 2);
}

static void
test_iterator_hands_out_a_page_before_failing (Fixture       *f,
                                               gconstpointer  data)
{
  g_autoptr(DynanticQuery) query = general ();
  g_autoptr(DynanticIterator) iterator = NULL;
  g_autoptr(GError) error = NULL;
  DynanticModel *item;
  guint n = 0;

  reply (f, "{\"Items\":[" ITEM (0) "," ITEM (1) "],\"LastEvaluatedKey\":" KEY (1) "}");
  fake_server_push_error (f->server, 500, "InternalServerError", 1);
  iterator = dynantic_read_iterate (DYNANTIC_READ (query), &error);
  g_assert_no_error (error);
  while ((item = dynantic_iterator_next (iterator, NULL, &error)) != NULL)
    {
      n++;
      g_object_unref (item);
    }
  g_assert_cmpuint (n, ==, 2);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_SERVICE);
}

static void
test_results_keep_items_on_failure (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(DynanticQuery) query = general ();
  g_autoptr(DynanticResults) results = NULL;
  g_autoptr(GError) error = NULL;

  reply (f, "{\"Items\":[" ITEM (0) "],\"LastEvaluatedKey\":" KEY (0) "}");
  fake_server_push_error (f->server, 400, "ValidationException", 1);
  results = dynantic_read_results (DYNANTIC_READ (query), &error);
  g_assert_no_error (error);
  g_assert_true (dynantic_results_load_more (results, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (dynantic_results_load_more (results, NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (results)), ==, 1);
  g_assert_true (dynantic_results_get_has_more (results));
  g_assert_false (dynantic_results_get_loading (results));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_type_ensure (READ_TYPE_DOG);
  g_type_ensure (READ_TYPE_CAT);
  g_type_class_ref (READ_TYPE_MESSAGE);
  g_type_class_ref (READ_TYPE_PET);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/query-fake/request", test_query_request);
  ADD ("/query-fake/subclass-filter", test_subclass_query_filters_on_kind);
  ADD ("/query-fake/first-one-item", test_first_asks_for_one_item);
  ADD ("/query-fake/filtered-first", test_filtered_first_reads_on);
  ADD ("/query-fake/limit-remaining", test_limit_asks_for_what_remains);
  ADD ("/query-fake/count", test_count_sums_pages);
  ADD ("/query-fake/page-limit", test_page_asks_for_its_limit);
  ADD ("/query-fake/bad-cursor", test_bad_cursor_sends_nothing);
  ADD ("/query-fake/hostile", test_hostile_responses);
  ADD ("/query-fake/same-key-twice", test_same_key_twice_is_refused);
  ADD ("/query-fake/iterator-failure", test_iterator_hands_out_a_page_before_failing);
  ADD ("/query-fake/results-failure", test_results_keep_items_on_failure);
#undef ADD

  return g_test_run ();
}
