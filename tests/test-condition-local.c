/* test-condition-local.c: compiled expressions, evaluated by DynamoDB Local
 *
 * The strings, names and values the expression compiler writes are sent as
 * they are; DynamoDB deciding which items pass proves it reads them as meant.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "dynantic-client-private.h"
#include "dynantic-request-private.h"
#include "dynantic-condition-private.h"
#include "dynantic-expression-private.h"
#include "test-util.h"
#include "test-values.h"

/* Items whose attributes exercise nested maps, lists, sets, reserved words
 * and names that only placeholders can carry. */
static const char * const items[] = {
  "{\"pk\":{\"S\":\"u1\"},\"status\":{\"S\":\"active\"},\"age\":{\"N\":\"30\"},"
  "\"tags\":{\"SS\":[\"red\",\"blue\"]},"
  "\"address\":{\"M\":{\"city\":{\"S\":\"Paris\"},\"zip\":{\"S\":\"75001\"}}},"
  "\"orders\":{\"L\":[{\"M\":{\"sku\":{\"S\":\"A1\"},\"qty\":{\"N\":\"2\"}}}]},"
  "\"data\":{\"M\":{}},\"size\":{\"N\":\"3\"},\"first name\":{\"S\":\"Ann\"},"
  "\"a.b\":{\"S\":\"dotted\"},\"price\":{\"N\":\"12.50\"}}",
  "{\"pk\":{\"S\":\"u2\"},\"status\":{\"S\":\"pending\"},\"age\":{\"N\":\"17\"},"
  "\"tags\":{\"SS\":[\"red\"]},\"address\":{\"M\":{\"city\":{\"S\":\"Lyon\"}}},"
  "\"orders\":{\"L\":[{\"M\":{\"sku\":{\"S\":\"B2\"}}}]},"
  "\"data\":{\"S\":\"not a map\"},\"size\":{\"N\":\"10\"},\"price\":{\"N\":\"9.99\"}}",
  "{\"pk\":{\"S\":\"u3\"},\"status\":{\"S\":\"banned\"},\"age\":{\"N\":\"45\"},"
  "\"tags\":{\"L\":[{\"S\":\"a\"},{\"S\":\"b\"},{\"S\":\"c\"}]},"
  "\"address\":{\"M\":{\"city\":{\"S\":\"Paris\"}}},\"data\":{\"M\":{\"k\":{\"N\":\"1\"}}}}",
  "{\"pk\":{\"S\":\"u4\"},\"age\":{\"N\":\"22\"}}",
};

typedef struct {
  DynanticClient *client;
  char           *table;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *create = NULL;
  g_autoptr(JsonObject) created = NULL;

  fixture->client = test_local_client ();
  fixture->table = test_unique_table_name ("conditions");
  create = g_strdup_printf ("{\"TableName\":\"%s\","
                            "\"AttributeDefinitions\":[{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"}],"
                            "\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}],"
                            "\"BillingMode\":\"PAY_PER_REQUEST\"}", fixture->table);
  created = test_call_ok (fixture->client, "CreateTable", create);
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autofree char *put = g_strdup_printf ("{\"TableName\":\"%s\",\"Item\":%s}", fixture->table, items[i]);
      g_autoptr(JsonObject) response = test_call_ok (fixture->client, "PutItem", put);
    }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *drop = g_strdup_printf ("{\"TableName\":\"%s\"}", fixture->table);
  g_autoptr(JsonObject) response = test_call_ok (fixture->client, "DeleteTable", drop);

  g_clear_object (&fixture->client);
  g_clear_pointer (&fixture->table, g_free);
}

/* The model layer's part: "age" is a gint property, "price" an exact
 * decimal string, "status" a plain string. */
static gboolean
resolve_property (const char          *root,
                  const char         **attribute_out,
                  GType               *type,
                  DynanticValueFlags  *flags,
                  gpointer             user_data)
{
  const char *attribute = root;

  *attribute_out = root;
  *flags = DYNANTIC_VALUE_DEFAULT;
  if (g_str_equal (attribute, "age"))
    *type = G_TYPE_INT;
  else if (g_str_equal (attribute, "price"))
    {
      *type = G_TYPE_STRING;
      *flags = DYNANTIC_VALUE_NUMBER_STRING;
    }
  else if (g_str_equal (attribute, "status"))
    *type = G_TYPE_STRING;
  else
    return FALSE;
  return TRUE;
}

/* A request body under construction. */
typedef struct {
  GString                   *body;
  DynanticJsonWriter         writer;
  DynanticExpressionContext *context;
} Request;

static void
request_begin (Request    *request,
               const char *table)
{
  request->body = g_string_new (NULL);
  request->context = dynantic_expression_context_new (resolve_property, NULL);
  dynantic_json_writer_init (&request->writer, request->body);
  dynantic_json_writer_begin_object (&request->writer);
  dynantic_json_writer_member (&request->writer, "TableName");
  dynantic_json_writer_string (&request->writer, table, -1);
}

static void
request_add_raw (Request    *request,
                 const char *member,
                 const char *json)
{
  dynantic_json_writer_member (&request->writer, member);
  dynantic_json_writer_raw (&request->writer, json, strlen (json));
}

static void
request_add_condition (Request           *request,
                       const char        *member,
                       DynanticCondition *condition)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *expression = dynantic_expression_context_compile_condition (request->context, condition, &error);

  g_assert_no_error (error);
  dynantic_json_writer_member (&request->writer, member);
  dynantic_json_writer_string (&request->writer, expression, -1);
}

static void
request_add_string (Request    *request,
                    const char *member,
                    const char *text)
{
  dynantic_json_writer_member (&request->writer, member);
  dynantic_json_writer_string (&request->writer, text, -1);
}

/* Finishes and sends the request; returns the response body as JSON. */
static JsonObject *
request_send (Request        *request,
              DynanticClient *client,
              const char     *operation,
              GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) response = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_assert_true (dynantic_expression_context_write (request->context, &request->writer, &local_error));
  g_assert_no_error (local_error);
  dynantic_json_writer_end_object (&request->writer);
  body = g_string_free_to_bytes (g_steal_pointer (&request->body));
  g_clear_pointer (&request->context, dynantic_expression_context_free);

  response = dynantic_client_send (client, operation, body, NULL, error);
  if (response == NULL)
    return NULL;
  node = json_from_string (g_bytes_get_data (response, NULL), NULL);
  g_assert_nonnull (node);
  return json_object_ref (json_node_get_object (node));
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The keys of the items a Scan with @filter (taken over) returns, sorted,
 * as "u1,u3". */
static char *
scan_keys (Fixture           *fixture,
           DynanticCondition *filter)
{
  g_autoptr(DynanticCondition) owned = filter;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) response = NULL;
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  Request request;
  JsonArray *found;

  request_begin (&request, fixture->table);
  dynantic_json_writer_member (&request.writer, "ConsistentRead");
  dynantic_json_writer_boolean (&request.writer, TRUE);
  request_add_condition (&request, "FilterExpression", owned);
  response = request_send (&request, fixture->client, "Scan", &error);
  g_assert_no_error (error);

  found = json_object_get_array_member (response, "Items");
  for (guint i = 0; i < json_array_get_length (found); i++)
    {
      JsonObject *item = json_array_get_object_element (found, i);

      g_ptr_array_add (keys, (gpointer) json_object_get_string_member (json_object_get_object_member (item, "pk"), "S"));
    }
  g_ptr_array_sort (keys, compare_strings);
  g_ptr_array_add (keys, NULL);
  return g_strjoinv (",", (char **) keys->pdata);
}

static void
assert_scan (Fixture           *fixture,
             DynanticCondition *filter,
             const char        *expected)
{
  g_autofree char *keys = scan_keys (fixture, filter);

  g_assert_cmpstr (keys, ==, expected);
}

static void
test_scan_filters (Fixture       *fixture,
                   gconstpointer  data)
{
  GValue statuses[2] = { G_VALUE_INIT, G_VALUE_INIT };
  g_autofree char *dotted = dynantic_attr_path_escape ("a.b");

  test_value_string (&statuses[0], "active");
  test_value_string (&statuses[1], "pending");

  assert_scan (fixture, dynantic_condition_eq ("address.city", VALUE_STRING ("Paris")), "u1,u3");
  assert_scan (fixture, dynantic_condition_eq ("orders[0].sku", VALUE_STRING ("B2")), "u2");
  assert_scan (fixture, dynantic_condition_attribute_exists ("orders[0].qty"), "u1");
  assert_scan (fixture, dynantic_condition_size ("tags", DYNANTIC_COMPARISON_GE, VALUE_INT (2)), "u1,u3");
  assert_scan (fixture, dynantic_condition_size ("address", DYNANTIC_COMPARISON_EQ, VALUE_INT (1)), "u2,u3");
  assert_scan (fixture, dynantic_condition_size_between ("tags", VALUE_INT (1), VALUE_INT (2)), "u1,u2");
  assert_scan (fixture, dynantic_condition_in ("status", statuses, 2), "u1,u2");
  assert_scan (fixture, dynantic_condition_attribute_type ("data", "M"), "u1,u3");
  assert_scan (fixture, dynantic_condition_attribute_type ("tags", "SS"), "u1,u2");
  assert_scan (fixture, dynantic_condition_attribute_type ("tags", "L"), "u3");
  assert_scan (fixture, dynantic_condition_between ("age", VALUE_INT (18), VALUE_INT (30)), "u1,u4");
  assert_scan (fixture, dynantic_condition_contains ("tags", VALUE_STRING ("red")), "u1,u2");
  assert_scan (fixture, dynantic_condition_contains ("tags", VALUE_STRING ("b")), "u3");
  assert_scan (fixture, dynantic_condition_begins_with ("address.zip", "750"), "u1");
  assert_scan (fixture, dynantic_condition_attribute_not_exists ("status"), "u4");
  assert_scan (fixture, dynantic_condition_ne ("status", VALUE_STRING ("active")), "u2,u3,u4");
  /* names that are reserved words or hold characters only placeholders carry */
  assert_scan (fixture, dynantic_condition_gt ("size", VALUE_INT (5)), "u2");
  assert_scan (fixture, dynantic_condition_begins_with ("first name", "A"), "u1");
  assert_scan (fixture, dynantic_condition_eq (dotted, VALUE_STRING ("dotted")), "u1");
  /* values converted to the property's type: 29.0 for a gint, 10 for a decimal */
  assert_scan (fixture, dynantic_condition_ge ("age", VALUE_DOUBLE (29.0)), "u1,u3");
  assert_scan (fixture, dynantic_condition_gt ("price", VALUE_INT (10)), "u1");
  assert_scan (fixture, dynantic_condition_lt ("price", VALUE_STRING ("12.5")), "u2");
  /* precedence */
  assert_scan (fixture,
               dynantic_condition_or (TAKE (dynantic_condition_and (TAKE (dynantic_condition_eq ("address.city", VALUE_STRING ("Paris"))),
                                                              TAKE (dynantic_condition_not (TAKE (dynantic_condition_eq ("status", VALUE_STRING ("banned"))))),
                                                              NULL)),
                                      TAKE (dynantic_condition_lt ("age", VALUE_INT (18))),
                                      NULL),
               "u1,u2");
  assert_scan (fixture,
               dynantic_condition_and (TAKE (dynantic_condition_or (TAKE (dynantic_condition_eq ("address.city", VALUE_STRING ("Paris"))),
                                                              TAKE (dynantic_condition_lt ("age", VALUE_INT (18))),
                                                              NULL)),
                                       TAKE (dynantic_condition_not (TAKE (dynantic_condition_or (TAKE (dynantic_condition_eq ("status", VALUE_STRING ("banned"))),
                                                                                      TAKE (dynantic_condition_attribute_not_exists ("orders")),
                                                                                      NULL)))),
                                       NULL),
               "u1,u2");
}

static void
test_scan_projection (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(DynanticCondition) filter = dynantic_condition_eq ("address.city", VALUE_STRING ("Paris"));
  const char *paths[] = { "pk", "address.city", "size", "orders[0].sku" };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) response = NULL;
  g_autofree char *projection = NULL;
  Request request;
  JsonArray *found;

  request_begin (&request, fixture->table);
  request_add_condition (&request, "FilterExpression", filter);
  projection = dynantic_expression_context_compile_projection (request.context, paths, G_N_ELEMENTS (paths), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (projection, ==, "#n2, #n0.#n1, #n3, #n4[0].#n5");
  request_add_string (&request, "ProjectionExpression", projection);
  response = request_send (&request, fixture->client, "Scan", &error);
  g_assert_no_error (error);

  found = json_object_get_array_member (response, "Items");
  g_assert_cmpuint (json_array_get_length (found), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *item = json_array_get_object_element (found, i);
      JsonObject *address = json_object_get_object_member (json_object_get_object_member (item, "address"), "M");
      const char *pk = json_object_get_string_member (json_object_get_object_member (item, "pk"), "S");

      g_assert_cmpuint (json_object_get_size (address), ==, 1);
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (address, "city"), "S"), ==, "Paris");
      g_assert_false (json_object_has_member (item, "status"));
      g_assert_false (json_object_has_member (item, "age"));
      if (g_str_equal (pk, "u1"))
        {
          g_assert_cmpuint (json_object_get_size (item), ==, 4);
          g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (item, "size"), "N"), ==, "3");
        }
      else
        g_assert_cmpuint (json_object_get_size (item), ==, 2);
    }
}

static JsonObject *
put_if (Fixture            *fixture,
        const char         *item,
        DynanticCondition  *condition,
        GError            **error)
{
  Request request;

  request_begin (&request, fixture->table);
  request_add_raw (&request, "Item", item);
  request_add_condition (&request, "ConditionExpression", condition);
  return request_send (&request, fixture->client, "PutItem", error);
}

static void
test_conditional_put (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *item = "{\"pk\":{\"S\":\"u5\"},\"version\":{\"N\":\"1\"}}";
  const char *next = "{\"pk\":{\"S\":\"u5\"},\"version\":{\"N\":\"2\"}}";
  g_autoptr(DynanticCondition) absent = dynantic_condition_attribute_not_exists ("pk");
  g_autoptr(DynanticCondition) at_version_1 = dynantic_condition_eq ("version", VALUE_INT (1));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(JsonObject) refused = NULL;
  g_autoptr(JsonObject) updated = NULL;
  g_autoptr(JsonObject) stale = NULL;

  created = put_if (fixture, item, absent, &error);
  g_assert_no_error (error);
  g_assert_nonnull (created);

  refused = put_if (fixture, item, absent, &error);
  g_assert_null (refused);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CONDITIONAL_CHECK_FAILED);
  g_assert_cmpstr (dynantic_error_get_service_code (error), ==, "ConditionalCheckFailedException");
  g_clear_error (&error);

  /* optimistic locking: the first writer at version 1 wins, the second fails */
  updated = put_if (fixture, next, at_version_1, &error);
  g_assert_no_error (error);
  stale = put_if (fixture, next, at_version_1, &error);
  g_assert_null (stale);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CONDITIONAL_CHECK_FAILED);
}

/* The calls the update builder uses, in an UpdateItem with a condition. */
static void
test_update_with_paths (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(DynanticCondition) condition = dynantic_condition_attribute_exists ("address.city");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) response = NULL;
  g_autofree char *city = NULL;
  g_autofree char *age = NULL;
  g_autofree char *update = NULL;
  const char *new_city;
  const char *older;
  Request request;
  JsonObject *attributes;

  request_begin (&request, fixture->table);
  request_add_raw (&request, "Key", "{\"pk\":{\"S\":\"u2\"}}");
  city = dynantic_expression_context_add_path (request.context, "address.city", &error);
  new_city = dynantic_expression_context_add_value (request.context, "address.city", VALUE_STRING ("Nice"),
                                                    DYNANTIC_VALUE_ROLE_PROPERTY, &error);
  age = dynantic_expression_context_add_path (request.context, "age", &error);
  older = dynantic_expression_context_add_value (request.context, "age", VALUE_DOUBLE (1.0),
                                                 DYNANTIC_VALUE_ROLE_PROPERTY, &error);
  g_assert_no_error (error);
  update = g_strdup_printf ("SET %s = %s, %s = %s + %s", city, new_city, age, age, older);
  g_assert_cmpstr (update, ==, "SET #n0.#n1 = :v0, #n2 = #n2 + :v1");
  request_add_string (&request, "UpdateExpression", update);
  request_add_condition (&request, "ConditionExpression", condition);
  request_add_string (&request, "ReturnValues", "ALL_NEW");
  response = request_send (&request, fixture->client, "UpdateItem", &error);
  g_assert_no_error (error);

  attributes = json_object_get_object_member (response, "Attributes");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (attributes, "age"), "N"), ==, "18");
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (
                       json_object_get_object_member (json_object_get_object_member (attributes, "address"), "M"),
                       "city"),
                     "S"),
                   ==, "Nice");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/condition-local/scan-filters", Fixture, NULL, fixture_set_up, test_scan_filters, fixture_tear_down);
  g_test_add ("/condition-local/scan-projection", Fixture, NULL, fixture_set_up, test_scan_projection, fixture_tear_down);
  g_test_add ("/condition-local/conditional-put", Fixture, NULL, fixture_set_up, test_conditional_put, fixture_tear_down);
  g_test_add ("/condition-local/update-with-paths", Fixture, NULL, fixture_set_up, test_update_with_paths, fixture_tear_down);

  return g_test_run ();
}
