/* test-client-local.c: the call primitive against DynamoDB Local
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "test-util.h"

static void
create_table (DynanticClient *client,
              const char     *table)
{
  g_autofree char *json = g_strdup_printf (
    "{\"TableName\":\"%s\","
    "\"AttributeDefinitions\":[{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"}],"
    "\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}],"
    "\"BillingMode\":\"PAY_PER_REQUEST\"}", table);
  g_autoptr(JsonObject) response = test_call_ok (client, "CreateTable", json);
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
  put_response = test_call_ok (client, "PutItem", put);
  g_assert_cmpuint (json_object_get_size (put_response), ==, 0);

  get = g_strdup_printf ("{\"TableName\":\"%s\",\"Key\":{\"pk\":{\"S\":\"k1\"}},\"ConsistentRead\":true}", table);
  got = test_call_ok (client, "GetItem", get);
  item = json_object_get_object_member (got, "Item");
  g_assert_nonnull (item);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (item, "price"), "N"), ==, "29.99");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (item, "name"), "S"), ==, "Widget ☃");

  del = g_strdup_printf ("{\"TableName\":\"%s\",\"Key\":{\"pk\":{\"S\":\"k1\"}},"
                         "\"ReturnValues\":\"ALL_OLD\"}", table);
  deleted = test_call_ok (client, "DeleteItem", del);
  item = json_object_get_object_member (deleted, "Attributes");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (item, "pk"), "S"), ==, "k1");

  gone = test_call_ok (client, "GetItem", get);
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
  g_autoptr(JsonObject) request = test_parse_object (json);
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
  g_autoptr(JsonObject) request = test_parse_object ("{\"TableName\":\"no-such-table\",\"Key\":{\"pk\":{\"S\":\"x\"}}}");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) response = NULL;

  response = dynantic_client_call (client, "GetItem", request, NULL, &error);
  g_assert_null (response);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_RESOURCE_NOT_FOUND);
  g_assert_cmpstr (dynantic_error_get_service_code (error), ==, "ResourceNotFoundException");
  g_assert_cmpuint (dynantic_error_get_http_status (error), ==, 400);
}

#define N_THREADS 8
#define CALLS_PER_THREAD 50

typedef struct {
  DynanticClient *client;
  const char     *table;
  guint           thread;
} Worker;

static char *
put_request (const char *table,
             const char *key,
             guint       value)
{
  return g_strdup_printf ("{\"TableName\":\"%s\",\"Item\":{\"pk\":{\"S\":\"%s\"},"
                          "\"v\":{\"N\":\"%u\"}}}", table, key, value);
}

static char *
get_request (const char *table,
             const char *key)
{
  return g_strdup_printf ("{\"TableName\":\"%s\",\"Key\":{\"pk\":{\"S\":\"%s\"}},"
                          "\"ConsistentRead\":true}", table, key);
}

static const char *
item_number (JsonObject *response,
             const char *attribute)
{
  JsonObject *item = json_object_get_object_member (response, "Item");

  g_assert_nonnull (item);
  return json_object_get_string_member (json_object_get_object_member (item, attribute), "N");
}

/* Each thread writes and reads back its own keys on the shared client. */
static gpointer
put_and_get_own_keys (gpointer data)
{
  Worker *worker = data;
  guint verified = 0;

  for (guint i = 0; i < CALLS_PER_THREAD; i++)
    {
      g_autofree char *key = g_strdup_printf ("thread%u-key%u", worker->thread, i);
      guint value = worker->thread * 1000 + i;
      g_autofree char *put = put_request (worker->table, key, value);
      g_autofree char *get = get_request (worker->table, key);
      g_autofree char *expected = g_strdup_printf ("%u", value);
      g_autoptr(JsonObject) put_response = test_call_ok (worker->client, "PutItem", put);
      g_autoptr(JsonObject) got = test_call_ok (worker->client, "GetItem", get);

      g_assert_cmpstr (item_number (got, "v"), ==, expected);
      verified++;
    }

  return GUINT_TO_POINTER (verified);
}

static void
test_sync_calls_from_threads (void)
{
  g_autoptr(DynanticClient) client = test_local_client ();
  g_autofree char *table = test_unique_table_name ("threads");
  g_autofree char *count = NULL;
  g_autoptr(JsonObject) scanned = NULL;
  Worker workers[N_THREADS];
  GThread *threads[N_THREADS];
  guint verified = 0;

  create_table (client, table);
  for (guint t = 0; t < N_THREADS; t++)
    {
      workers[t] = (Worker) { client, table, t };
      threads[t] = g_thread_new ("worker", put_and_get_own_keys, &workers[t]);
    }
  for (guint t = 0; t < N_THREADS; t++)
    verified += GPOINTER_TO_UINT (g_thread_join (threads[t]));

  g_assert_cmpuint (verified, ==, N_THREADS * CALLS_PER_THREAD);
  count = g_strdup_printf ("{\"TableName\":\"%s\",\"Select\":\"COUNT\",\"ConsistentRead\":true}", table);
  scanned = test_call_ok (client, "Scan", count);
  g_assert_cmpint (json_object_get_int_member (scanned, "Count"), ==, N_THREADS * CALLS_PER_THREAD);
}

#define N_IN_FLIGHT 32

typedef struct {
  guint       pending;
  const char *table;
  JsonObject *responses[N_IN_FLIGHT];
} Batch;

typedef struct {
  Batch *batch;
  guint  index;
} BatchCall;

static void
batch_call_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  BatchCall *call = user_data;
  g_autoptr(GError) error = NULL;

  call->batch->responses[call->index] = dynantic_client_call_finish (DYNANTIC_CLIENT (source), result, &error);
  g_assert_no_error (error);
  call->batch->pending--;
  g_free (call);
}

/* Starts @make_request (i) for every i at once, then runs the main context
 * until all have answered. */
static void
run_in_flight (DynanticClient *client,
               Batch          *batch,
               const char     *operation,
               char         *(*make_request) (const char *table, guint i))
{
  batch->pending = N_IN_FLIGHT;
  for (guint i = 0; i < N_IN_FLIGHT; i++)
    {
      g_autofree char *json = make_request (batch->table, i);
      g_autoptr(JsonObject) request = test_parse_object (json);
      BatchCall *call = g_new0 (BatchCall, 1);

      call->batch = batch;
      call->index = i;
      g_clear_pointer (&batch->responses[i], json_object_unref);
      dynantic_client_call_async (client, operation, request, NULL, batch_call_done, call);
    }
  g_assert_cmpuint (batch->pending, ==, N_IN_FLIGHT);
  while (batch->pending > 0)
    g_main_context_iteration (NULL, TRUE);
}

static char *
put_numbered (const char *table,
              guint       i)
{
  g_autofree char *key = g_strdup_printf ("async-key%u", i);

  return put_request (table, key, i * 7);
}

static char *
get_numbered (const char *table,
              guint       i)
{
  g_autofree char *key = g_strdup_printf ("async-key%u", i);

  return get_request (table, key);
}

static void
test_async_calls_in_flight (void)
{
  g_autoptr(DynanticClient) client = test_local_client ();
  g_autofree char *table = test_unique_table_name ("inflight");
  Batch batch = { 0, table, { NULL } };

  create_table (client, table);
  run_in_flight (client, &batch, "PutItem", put_numbered);
  run_in_flight (client, &batch, "GetItem", get_numbered);

  for (guint i = 0; i < N_IN_FLIGHT; i++)
    {
      g_autofree char *expected = g_strdup_printf ("%u", i * 7);

      g_assert_cmpstr (item_number (batch.responses[i], "v"), ==, expected);
      g_clear_pointer (&batch.responses[i], json_object_unref);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/client/local/sync-crud", test_call_sync_crud);
  g_test_add_func ("/client/local/async-crud", test_call_async_crud);
  g_test_add_func ("/client/local/missing-table", test_call_missing_table);
  g_test_add_func ("/client/local/sync-from-threads", test_sync_calls_from_threads);
  g_test_add_func ("/client/local/async-in-flight", test_async_calls_in_flight);

  return g_test_run ();
}
