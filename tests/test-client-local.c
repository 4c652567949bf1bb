/* test-client-local.c: the call primitive against DynamoDB Local
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "test-util.h"

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return json_object_ref (json_node_get_object (node));
}

static JsonObject *
call_ok (DynanticClient *client,
         const char     *operation,
         const char     *json)
{
  g_autoptr(JsonObject) request = parse_object (json);
  g_autoptr(GError) error = NULL;
  JsonObject *response;

  response = dynantic_client_call (client, operation, request, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (response);
  return response;
}

static void
create_table (DynanticClient *client,
              const char     *table)
{
  g_autofree char *json = g_strdup_printf (
    "{\"TableName\":\"%s\","
    "\"AttributeDefinitions\":[{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"}],"
    "\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}],"
    "\"BillingMode\":\"PAY_PER_REQUEST\"}", table);
  g_autoptr(JsonObject) response = call_ok (client, "CreateTable", json);
  JsonObject *description = json_object_get_object_member (response, "TableDescription");

  g_assert_cmpstr (json_object_get_string_member (description, "TableName"), ==, table);
}

static void
test_call_sync_crud (void)
{
  g_autoptr(DynanticClient) client = test_local_client ();
  g_autofree char *table = test_unique_table_name ("crud");
  g_autofree char *put = NULL;
  g_autofree char *get = NULL;
  g_autofree char *del = NULL;
  g_autoptr(JsonObject) put_response = NULL;
  g_autoptr(JsonObject) got = NULL;
  g_autoptr(JsonObject) deleted = NULL;
  g_autoptr(JsonObject) gone = NULL;
  JsonObject *item;

  create_table (client, table);

  put = g_strdup_printf ("{\"TableName\":\"%s\",\"Item\":{\"pk\":{\"S\":\"k1\"},"
                         "\"price\":{\"N\":\"29.99\"},\"name\":{\"S\":\"Widget ☃\"}}}", table);
  put_response = call_ok (client, "PutItem", put);
  g_assert_cmpuint (json_object_get_size (put_response), ==, 0);

  get = g_strdup_printf ("{\"TableName\":\"%s\",\"Key\":{\"pk\":{\"S\":\"k1\"}},\"ConsistentRead\":true}", table);
  got = call_ok (client, "GetItem", get);
  item = json_object_get_object_member (got, "Item");
  g_assert_nonnull (item);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (item, "price"), "N"), ==, "29.99");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (item, "name"), "S"), ==, "Widget ☃");

  del = g_strdup_printf ("{\"TableName\":\"%s\",\"Key\":{\"pk\":{\"S\":\"k1\"}},"
                         "\"ReturnValues\":\"ALL_OLD\"}", table);
  deleted = call_ok (client, "DeleteItem", del);
  item = json_object_get_object_member (deleted, "Attributes");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (item, "pk"), "S"), ==, "k1");

  gone = call_ok (client, "GetItem", get);
  g_assert_false (json_object_has_member (gone, "Item"));
}

typedef struct {
  GMainLoop  *loop;
  JsonObject *response;
  GError     *error;
} AsyncCall;

static void
call_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  AsyncCall *call = user_data;

  call->response = dynantic_client_call_finish (DYNANTIC_CLIENT (source), result, &call->error);
  g_main_loop_quit (call->loop);
}

static JsonObject *
call_async_ok (DynanticClient *client,
               const char     *operation,
               const char     *json)
{
  g_autoptr(JsonObject) request = parse_object (json);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  AsyncCall call = { loop, NULL, NULL };

  dynantic_client_call_async (client, operation, request, NULL, call_done, &call);
  g_main_loop_run (loop);
  g_assert_no_error (call.error);
  g_assert_nonnull (call.response);
  return call.response;
}

static void
test_call_async_crud (void)
{
  g_autoptr(DynanticClient) client = test_local_client ();
  g_autofree char *table = test_unique_table_name ("async");
  g_autofree char *put = NULL;
  g_autofree char *get = NULL;
  g_autoptr(JsonObject) put_response = NULL;
  g_autoptr(JsonObject) got = NULL;
  JsonObject *item;

  create_table (client, table);
  put = g_strdup_printf ("{\"TableName\":\"%s\",\"Item\":{\"pk\":{\"S\":\"a1\"},"
                         "\"n\":{\"N\":\"-0.5\"},\"ok\":{\"BOOL\":true}}}", table);
  put_response = call_async_ok (client, "PutItem", put);
  get = g_strdup_printf ("{\"TableName\":\"%s\",\"Key\":{\"pk\":{\"S\":\"a1\"}},\"ConsistentRead\":true}", table);
  got = call_async_ok (client, "GetItem", get);
  item = json_object_get_object_member (got, "Item");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (item, "n"), "N"), ==, "-0.5");
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (item, "ok"), "BOOL"));
}

static void
test_call_missing_table (void)
{
  g_autoptr(DynanticClient) client = test_local_client ();
  g_autoptr(JsonObject) request = parse_object ("{\"TableName\":\"no-such-table\",\"Key\":{\"pk\":{\"S\":\"x\"}}}");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) response = NULL;

  response = dynantic_client_call (client, "GetItem", request, NULL, &error);
  g_assert_null (response);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_RESOURCE_NOT_FOUND);
  g_assert_cmpstr (dynantic_error_get_service_code (error), ==, "ResourceNotFoundException");
  g_assert_cmpuint (dynantic_error_get_http_status (error), ==, 400);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/client/local/sync-crud", test_call_sync_crud);
  g_test_add_func ("/client/local/async-crud", test_call_async_crud);
  g_test_add_func ("/client/local/missing-table", test_call_missing_table);

  return g_test_run ();
}
