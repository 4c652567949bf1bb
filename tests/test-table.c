/* test-table.c: tables created, described, waited for and deleted from model
 * schemas, against DynamoDB Local
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "test-model-util.h"

/* Keys of every type, two global indexes, a local index, a TTL. */
#define TEST_TYPE_EVENT (test_event_get_type ())
G_DECLARE_FINAL_TYPE (TestEvent, test_event, TEST, EVENT, DynanticModel)
struct _TestEvent { DynanticModel parent_instance; };
G_DEFINE_FINAL_TYPE (TestEvent, test_event, DYNANTIC_TYPE_MODEL)

static void
test_event_class_init (TestEventClass *klass)
{
  DynanticModelClass *k = DYNANTIC_MODEL_CLASS (klass);

  dynantic_model_class_install_property (k, g_param_spec_string ("stream", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (k, g_param_spec_boxed ("at", NULL, NULL, G_TYPE_DATE_TIME, G_PARAM_READWRITE));
  dynantic_model_class_install_property (k, g_param_spec_string ("kind", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (k, g_param_spec_double ("score", NULL, NULL, 0, 100, 0, G_PARAM_READWRITE));
  dynantic_model_class_install_property (k, g_param_spec_string ("amount", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (k, g_param_spec_boxed ("digest", NULL, NULL, G_TYPE_BYTES, G_PARAM_READWRITE));
  dynantic_model_class_install_property (k, g_param_spec_int ("priority", NULL, NULL, 0, 9, 0, G_PARAM_READWRITE));
  dynantic_model_class_install_property (k, g_param_spec_int64 ("expires", NULL, NULL, 0, G_MAXINT64, 0, G_PARAM_READWRITE));

  dynantic_model_class_set_partition_key (k, "stream");
  dynantic_model_class_set_sort_key (k, "at");
  dynantic_model_class_set_number (k, "amount");
  dynantic_model_class_add_global_index (k, "ByKind", "kind", "score");
  dynantic_model_class_add_global_index (k, "ByAmount", "amount", NULL);
  dynantic_model_class_add_global_index (k, "ByDigest", "digest", "at");
  dynantic_model_class_add_local_index (k, "ByPriority", "priority");
  dynantic_model_class_set_ttl (k, "expires");
  dynantic_model_class_set_attribute_name (k, "kind", "event_kind");
}

static void test_event_init (TestEvent *self) { }

/* No TTL: a plain table. */
#define TEST_TYPE_PLAIN (test_plain_get_type ())
G_DECLARE_FINAL_TYPE (TestPlain, test_plain, TEST, PLAIN, DynanticModel)
struct _TestPlain { DynanticModel parent_instance; };
G_DEFINE_FINAL_TYPE (TestPlain, test_plain, DYNANTIC_TYPE_MODEL)

static void
test_plain_class_init (TestPlainClass *klass)
{
  DynanticModelClass *k = DYNANTIC_MODEL_CLASS (klass);

  dynantic_model_class_install_property (k, g_param_spec_uint64 ("id", NULL, NULL, 0, G_MAXUINT64, 0, G_PARAM_READWRITE));
  dynantic_model_class_set_partition_key (k, "id");
}

static void test_plain_init (TestPlain *self) { }

/* No partition key: no table can be made for it. */
#define TEST_TYPE_KEYLESS (test_keyless_get_type ())
G_DECLARE_FINAL_TYPE (TestKeyless, test_keyless, TEST, KEYLESS, DynanticModel)
struct _TestKeyless { DynanticModel parent_instance; };
G_DEFINE_FINAL_TYPE (TestKeyless, test_keyless, DYNANTIC_TYPE_MODEL)

static void
test_keyless_class_init (TestKeylessClass *klass)
{
  dynantic_model_class_set_table (DYNANTIC_MODEL_CLASS (klass), "keyless");
}

static void test_keyless_init (TestKeyless *self) { }

/* Fixture ------------------------------------------------------------------ */

typedef struct {
  DynanticClient *client;
  TestAsync       async;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *events = test_unique_table_name ("events");
  g_autofree char *plain = test_unique_table_name ("plain");

  fixture->client = test_local_client ();
  test_async_init (&fixture->async);
  dynantic_model_class_set_table (g_type_class_ref (TEST_TYPE_EVENT), events);
  dynantic_model_class_set_table (g_type_class_ref (TEST_TYPE_PLAIN), plain);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_type_class_unref (g_type_class_peek (TEST_TYPE_EVENT));
  g_type_class_unref (g_type_class_peek (TEST_TYPE_PLAIN));
  g_clear_object (&fixture->client);
  test_async_clear (&fixture->async);
}

/* "HASH:a RANGE:b" for a KeySchema array. */
static char *
key_schema_text (JsonArray *key_schema)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (key_schema); i++)
    {
      JsonObject *element = json_array_get_object_element (key_schema, i);

      g_string_append_printf (text, "%s%s:%s", i > 0 ? " " : "",
                              json_object_get_string_member (element, "KeyType"),
                              json_object_get_string_member (element, "AttributeName"));
    }
  return g_string_free (text, FALSE);
}

static const char *
attribute_type (JsonObject *table,
                const char *attribute)
{
  JsonArray *definitions = json_object_get_array_member (table, "AttributeDefinitions");

  for (guint i = 0; i < json_array_get_length (definitions); i++)
    {
      JsonObject *definition = json_array_get_object_element (definitions, i);

      if (strcmp (json_object_get_string_member (definition, "AttributeName"), attribute) == 0)
        return json_object_get_string_member (definition, "AttributeType");
    }
  return NULL;
}

static JsonObject *
find_index (JsonObject *table,
            const char *member,
            const char *name)
{
  JsonArray *indexes = json_object_get_array_member (table, member);

  for (guint i = 0; i < json_array_get_length (indexes); i++)
    {
      JsonObject *index = json_array_get_object_element (indexes, i);

      if (strcmp (json_object_get_string_member (index, "IndexName"), name) == 0)
        return index;
    }
  return NULL;
}

static void
assert_index (JsonObject *table,
              const char *member,
              const char *name,
              const char *key_schema)
{
  JsonObject *index = find_index (table, member, name);
  g_autofree char *text = NULL;

  g_assert_nonnull (index);
  text = key_schema_text (json_object_get_array_member (index, "KeySchema"));
  g_assert_cmpstr (text, ==, key_schema);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (index, "Projection"),
                                                  "ProjectionType"), ==, "ALL");
}

/* Tests ---------------------------------------------------------------------- */

static void
test_create_from_schema (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(JsonObject) table = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key_schema = NULL;

  g_assert_true (dynantic_table_create (TEST_TYPE_EVENT, fixture->client, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (dynantic_table_wait_until_active (TEST_TYPE_EVENT, 30, fixture->client, NULL, &error));
  g_assert_no_error (error);

  table = dynantic_table_describe (TEST_TYPE_EVENT, fixture->client, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (table, "TableName"), ==,
                   dynantic_model_class_get_table (g_type_class_peek (TEST_TYPE_EVENT)));
  g_assert_cmpstr (json_object_get_string_member (table, "TableStatus"), ==, "ACTIVE");
  key_schema = key_schema_text (json_object_get_array_member (table, "KeySchema"));
  g_assert_cmpstr (key_schema, ==, "HASH:stream RANGE:at");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (table, "BillingModeSummary"),
                                                  "BillingMode"), ==, "PAY_PER_REQUEST");

  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (table, "AttributeDefinitions")), ==, 7);
  g_assert_cmpstr (attribute_type (table, "stream"), ==, "S");
  g_assert_cmpstr (attribute_type (table, "at"), ==, "S");
  g_assert_cmpstr (attribute_type (table, "event_kind"), ==, "S");
  g_assert_cmpstr (attribute_type (table, "score"), ==, "N");
  g_assert_cmpstr (attribute_type (table, "amount"), ==, "N");
  g_assert_cmpstr (attribute_type (table, "digest"), ==, "B");
  g_assert_cmpstr (attribute_type (table, "priority"), ==, "N");

  assert_index (table, "GlobalSecondaryIndexes", "ByKind", "HASH:event_kind RANGE:score");
  assert_index (table, "GlobalSecondaryIndexes", "ByAmount", "HASH:amount");
  assert_index (table, "GlobalSecondaryIndexes", "ByDigest", "HASH:digest RANGE:at");
  assert_index (table, "LocalSecondaryIndexes", "ByPriority", "HASH:stream RANGE:priority");

  /* Creating it again. */
  g_assert_false (dynantic_table_create (TEST_TYPE_EVENT, fixture->client, NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_RESOURCE_IN_USE);
  g_clear_error (&error);

  g_assert_true (dynantic_table_delete (TEST_TYPE_EVENT, fixture->client, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (dynantic_table_describe (TEST_TYPE_EVENT, fixture->client, NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_RESOURCE_NOT_FOUND);
}

static void
test_enable_ttl (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *request = g_strdup_printf ("{\"TableName\":\"%s\"}",
      dynantic_model_class_get_table (g_type_class_peek (TEST_TYPE_EVENT)));
  g_autoptr(JsonObject) response = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *description;

  g_assert_true (dynantic_table_create (TEST_TYPE_EVENT, fixture->client, NULL, &error));
  g_assert_true (dynantic_table_enable_ttl (TEST_TYPE_EVENT, fixture->client, NULL, &error));
  g_assert_no_error (error);

  response = test_call (fixture->client, "DescribeTimeToLive", request);
  description = json_object_get_object_member (response, "TimeToLiveDescription");
  g_assert_cmpstr (json_object_get_string_member (description, "AttributeName"), ==, "expires");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (description, "TimeToLiveStatus"), "ENABL"));

  /* A class without TTL. */
  g_assert_false (dynantic_table_enable_ttl (TEST_TYPE_PLAIN, fixture->client, NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_true (dynantic_table_delete (TEST_TYPE_EVENT, fixture->client, NULL, &error));
  g_assert_no_error (error);
}

static void
test_errors (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (dynantic_table_create (TEST_TYPE_KEYLESS, fixture->client, NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_SCHEMA);
  g_assert_nonnull (strstr (error->message, "TestKeyless"));
  g_clear_error (&error);

  g_assert_false (dynantic_table_wait_until_active (TEST_TYPE_PLAIN, 1, fixture->client, NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_RESOURCE_NOT_FOUND);
  g_clear_error (&error);

  g_assert_false (dynantic_table_delete (TEST_TYPE_PLAIN, fixture->client, NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_RESOURCE_NOT_FOUND);
}

static void
test_async (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonObject) table = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key_schema = NULL;

  dynantic_table_create_async (TEST_TYPE_PLAIN, fixture->client, NULL, test_async_callback, &fixture->async);
  result = test_async_wait (&fixture->async);
  g_assert_true (dynantic_table_create_finish (result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  dynantic_table_wait_until_active_async (TEST_TYPE_PLAIN, 30, fixture->client, NULL, test_async_callback, &fixture->async);
  result = test_async_wait (&fixture->async);
  g_assert_true (dynantic_table_wait_until_active_finish (result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  dynantic_table_describe_async (TEST_TYPE_PLAIN, fixture->client, NULL, test_async_callback, &fixture->async);
  result = test_async_wait (&fixture->async);
  table = dynantic_table_describe_finish (result, &error);
  g_assert_no_error (error);
  key_schema = key_schema_text (json_object_get_array_member (table, "KeySchema"));
  g_assert_cmpstr (key_schema, ==, "HASH:id");
  g_assert_cmpstr (attribute_type (table, "id"), ==, "N");
  g_clear_object (&result);

  dynantic_table_enable_ttl_async (TEST_TYPE_PLAIN, fixture->client, NULL, test_async_callback, &fixture->async);
  result = test_async_wait (&fixture->async);
  g_assert_false (dynantic_table_enable_ttl_finish (result, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_clear_object (&result);

  dynantic_table_delete_async (TEST_TYPE_PLAIN, fixture->client, NULL, test_async_callback, &fixture->async);
  result = test_async_wait (&fixture->async);
  g_assert_true (dynantic_table_delete_finish (result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  dynantic_table_wait_until_active_async (TEST_TYPE_PLAIN, 1, fixture->client, NULL, test_async_callback, &fixture->async);
  result = test_async_wait (&fixture->async);
  g_assert_false (dynantic_table_wait_until_active_finish (result, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_RESOURCE_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/table/create-from-schema", test_create_from_schema);
  ADD ("/table/enable-ttl", test_enable_ttl);
  ADD ("/table/errors", test_errors);
  ADD ("/table/async", test_async);
#undef ADD

  return g_test_run ();
}
