/* test-model-faults.c: model and table calls against a server that answers
 * badly on purpose (an in-process SoupServer)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "fake-server.h"
#include "test-model-util.h"

#define TEST_TYPE_MEMO (test_memo_get_type ())
G_DECLARE_FINAL_TYPE (TestMemo, test_memo, TEST, MEMO, DynanticModel)
struct _TestMemo { DynanticModel parent_instance; };
G_DEFINE_FINAL_TYPE (TestMemo, test_memo, DYNANTIC_TYPE_MODEL)

static void
test_memo_class_init (TestMemoClass *klass)
{
  DynanticModelClass *model_class = DYNANTIC_MODEL_CLASS (klass);

  dynantic_model_class_install_property (model_class,
      g_param_spec_string ("memo-id", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model_class,
      g_param_spec_int ("count", NULL, NULL, 0, 10, 0, G_PARAM_READWRITE));
  dynantic_model_class_set_table (model_class, "memos");
  dynantic_model_class_set_partition_key (model_class, "memo-id");
}

static void test_memo_init (TestMemo *self) { }

/* A fake server answering with @bodies in turn (200 each), and its client. */
typedef struct {
  FakeServer     *server;
  DynanticClient *client;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char * const *bodies = data;

  fixture->server = fake_server_new ();
  for (guint i = 0; bodies != NULL && bodies[i] != NULL; i++)
    fake_server_push (fixture->server, &(FakeResponse) { .action = FAKE_REPLY, .body = bodies[i] });
  fixture->client = fake_server_new_client (fixture->server, "max-attempts", 1, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->client);
  g_clear_pointer (&fixture->server, fake_server_free);
}

/* Calls ------------------------------------------------------------------------ */

static gboolean
get_memo (Fixture  *fixture,
          GError  **error)
{
  g_autoptr(DynanticModel) memo = dynantic_model_get_by_key_full (TEST_TYPE_MEMO, FALSE,
                                                      VALUE_STRING ("m1"), NULL, fixture->client, NULL, error);

  return memo != NULL;
}

static gboolean
wait_active_once (Fixture  *fixture,
                  GError  **error)
{
  return dynantic_table_wait_until_active (TEST_TYPE_MEMO, 0, fixture->client, NULL, error);
}

static gboolean
wait_active (Fixture  *fixture,
             GError  **error)
{
  return dynantic_table_wait_until_active (TEST_TYPE_MEMO, 30, fixture->client, NULL, error);
}

static gboolean
describe (Fixture  *fixture,
          GError  **error)
{
  g_autoptr(JsonObject) table = dynantic_table_describe (TEST_TYPE_MEMO, fixture->client, NULL, error);

  return table != NULL;
}

/* Tests -------------------------------------------------------------------- */

static const char *hostile_items[] = {
  "{\"Item\":5}",
  "{\"Item\":{\"memo_id\":{\"S\":1}}}",
  "{\"Item\":{\"memo_id\":{\"S\":\"m1\"},\"count\":{\"N\":\"11\"}}}",
  "{\"Item\":{\"memo_id\":{\"S\":\"m1\"},\"count\":{\"S\":\"3\"}}}",
  "{\"Item\":{\"memo_id\":{\"S\":\"m1\"},\"count\":{\"N\":\"1e400\"}}}",
  "{\"Item\":{\"memo_id\":{\"S\":\"m1\"}",
  "{\"Item\":{\"memo_id\":{\"S\":\"m\\ud800\"}}}",
  "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
  "",
  NULL,
};

static void
test_hostile_get_item (void)
{
  for (guint i = 0; hostile_items[i] != NULL; i++)
    {
      const char *bodies[] = { hostile_items[i], NULL };
      Fixture fixture = { 0 };
      g_autoptr(GError) error = NULL;

      fixture_set_up (&fixture, bodies);
      g_assert_false (get_memo (&fixture, &error));
      g_assert_nonnull (error);
      g_assert_true (g_error_matches (error, DYNANTIC_ERROR, DYNANTIC_ERROR_BAD_RESPONSE) ||
                     g_error_matches (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION));
      fixture_tear_down (&fixture, bodies);
    }
}

/* Items no DynamoDB sends, well-formed JSON though: an attribute twice, a
 * NUL in a string or a name, a map key twice (in an attribute no property
 * stores, kept as sent), maps nested deeper than DynamoDB stores. The
 * get fails with BAD_RESPONSE naming the attribute, never the value. */
static void
test_strict_items (void)
{
  g_autoptr(GString) deep = g_string_new ("{\"Item\":{\"memo_id\":{\"S\":\"m1\"},\"later\":");
  struct {
    const char *body;
    const char *attribute;
  } items[] = {
    { "{\"Item\":{\"memo_id\":{\"S\":\"m1\"},\"count\":{\"N\":\"1\"},\"count\":{\"N\":\"2\"}}}", "count" },
    { "{\"Item\":{\"memo_id\":{\"S\":\"m1\"},\"later\":{\"S\":\"a\"},\"later\":{\"S\":\"secret\"}}}", "later" },
    { "{\"Item\":{\"memo_id\":{\"S\":\"secret\\u0000value\"}}}", "memo_id" },
    { "{\"Item\":{\"memo_id\":{\"S\":\"m1\"},\"la\\u0000ter\":{\"S\":\"secret\"}}}", NULL },
    { "{\"Item\":{\"memo_id\":{\"S\":\"m1\"},\"later\":{\"M\":{\"k\":{\"S\":\"a\"},\"k\":{\"S\":\"secret\"}}}}}", "later" },
    { NULL, "later" },
  };

  for (guint i = 0; i < 40; i++)
    g_string_append (deep, "{\"L\":[");
  for (guint i = 0; i < 40; i++)
    g_string_append (deep, "]}");
  g_string_append (deep, "}}");
  items[G_N_ELEMENTS (items) - 1].body = deep->str;
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      const char *bodies[] = { items[i].body, NULL };
      Fixture fixture = { 0 };
      g_autoptr(GError) error = NULL;

      fixture_set_up (&fixture, bodies);
      g_test_message ("item %u", i);
      g_assert_false (get_memo (&fixture, &error));
      g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_BAD_RESPONSE);
      g_assert_null (strstr (error->message, "secret"));
      if (items[i].attribute != NULL)
        {
          g_assert_cmpstr (dynantic_error_get_fields (error)[0], ==, items[i].attribute);
          g_assert_nonnull (strstr (error->message, items[i].attribute));
        }
      fixture_tear_down (&fixture, bodies);
    }
}

static const char *creating_then_active[] = {
  "{\"Table\":{\"TableStatus\":\"CREATING\"}}",
  "{\"Table\":{\"TableStatus\":\"ACTIVE\",\"GlobalSecondaryIndexes\":[{\"IndexStatus\":\"CREATING\"}]}}",
  "{\"Table\":{\"TableStatus\":\"ACTIVE\",\"GlobalSecondaryIndexes\":[{\"IndexStatus\":\"ACTIVE\"}]}}",
  NULL,
};

static void
test_wait_until_active (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (wait_active (fixture, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fake_server_get_requests (fixture->server), ==, 3);
}

static const char *always_creating[] = {
  "{\"Table\":{\"TableStatus\":\"CREATING\"}}",
  NULL,
};

static void
test_wait_times_out (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (wait_active_once (fixture, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "TestMemo"));
}

static const char *bad_descriptions[] = {
  "{\"Table\":\"memos\"}",
  NULL,
};

static void
test_bad_description (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (describe (fixture, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_BAD_RESPONSE);
}

static const char *odd_statuses[] = {
  "{\"Table\":{\"TableStatus\":7,\"GlobalSecondaryIndexes\":[1,null]}}",
  NULL,
};

static void
test_odd_statuses_are_not_active (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (wait_active_once (fixture, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_TIMEOUT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_type_class_ref (TEST_TYPE_MEMO);

  g_test_add_func ("/model/faults/hostile-get-item", test_hostile_get_item);
  g_test_add_func ("/model/faults/strict-items", test_strict_items);
  g_test_add ("/table/faults/wait-until-active", Fixture, creating_then_active,
              fixture_set_up, test_wait_until_active, fixture_tear_down);
  g_test_add ("/table/faults/wait-times-out", Fixture, always_creating,
              fixture_set_up, test_wait_times_out, fixture_tear_down);
  g_test_add ("/table/faults/bad-description", Fixture, bad_descriptions,
              fixture_set_up, test_bad_description, fixture_tear_down);
  g_test_add ("/table/faults/odd-statuses-are-not-active", Fixture, odd_statuses,
              fixture_set_up, test_odd_statuses_are_not_active, fixture_tear_down);

  return g_test_run ();
}
