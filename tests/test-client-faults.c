/* test-client-faults.c: retries, timeouts, cancellation and hostile
 * responses, against an in-process server that misbehaves on purpose
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "dynantic-client-private.h"
#include "fake-server.h"

#define SECRET_KEY_VALUE "SecretKeyValue4711"

/* Sync or async: most cases run both ways. */
typedef struct {
  gboolean async;
  guint    max_attempts;
} Case;

static const Case sync_case = { FALSE, 3 };
static const Case async_case = { TRUE, 3 };
static const Case sync_5 = { FALSE, 5 };
static const Case async_5 = { TRUE, 5 };

static JsonObject *
get_item_request (void)
{
  g_autoptr(JsonNode) node =
    json_from_string ("{\"TableName\":\"t\",\"Key\":{\"pk\":{\"S\":\"" SECRET_KEY_VALUE "\"}}}", NULL);

  return json_object_ref (json_node_get_object (node));
}

typedef struct {
  JsonObject *response;
  GError     *error;
  gboolean    done;
} AsyncResult;

static void
call_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  AsyncResult *async = user_data;

  async->response = dynantic_client_call_finish (DYNANTIC_CLIENT (source), result, &async->error);
  async->done = TRUE;
  g_main_context_wakeup (NULL);
}

static void
run_until_done (AsyncResult *async)
{
  while (!async->done)
    g_main_context_iteration (NULL, TRUE);
}

/* GetItem, synchronously or through the main context. */
static JsonObject *
get_item (DynanticClient  *client,
          gboolean         async,
          GCancellable    *cancellable,
          GError         **error)
{
  g_autoptr(JsonObject) request = get_item_request ();
  AsyncResult result = { NULL, NULL, FALSE };

  if (!async)
    return dynantic_client_call (client, "GetItem", request, cancellable, error);

  dynantic_client_call_async (client, "GetItem", request, cancellable, call_done, &result);
  run_until_done (&result);
  if (result.error != NULL)
    g_propagate_error (error, result.error);
  return result.response;
}

static DynanticRetryPolicy *
policy_of (DynanticClient *client)
{
  return dynantic_client_get_retry_policy (client);
}

static void
test_throttling_then_success (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(FakeServer) server = fake_server_new ();
  g_autoptr(DynanticClient) client = fake_server_new_client (server, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) response = NULL;
  g_autofree char *target = NULL;

  fake_server_push_error (server, 400, "ThrottlingException", 2);
  fake_server_push (server, &(FakeResponse) { .body = "{\"Item\":{\"pk\":{\"S\":\"k\"},\"n\":{\"N\":\"7\"}}}" });

  response = get_item (client, c->async, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (json_object_get_object_member (response, "Item"), "n"),
                     "N"), ==, "7");
  g_assert_cmpuint (fake_server_get_requests (server), ==, 3);
  target = fake_server_dup_last_target (server);
  g_assert_cmpstr (target, ==, "DynamoDB_20120810.GetItem");
  /* two retries took 5 each, the success gave the last one back */
  g_assert_cmpuint (dynantic_retry_policy_get_quota (policy_of (client)), ==, 495);
  fake_server_log_arrivals (server);
}

static void
test_server_errors_exhaust_attempts (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(FakeServer) server = fake_server_new ();
  g_autoptr(DynanticClient) client = fake_server_new_client (server, "max-attempts", c->max_attempts, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) response = NULL;

  fake_server_push_error (server, 500, "InternalServerError", 10);

  response = get_item (client, c->async, NULL, &error);
  g_assert_null (response);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_SERVICE);
  g_assert_cmpuint (dynantic_error_get_http_status (error), ==, 500);
  g_assert_cmpstr (dynantic_error_get_service_code (error), ==, "InternalServerError");
  g_assert_cmpstr (dynantic_error_get_request_id (error), ==, "FAKEREQUESTID");
  g_assert_true (dynantic_error_is_retryable (error));
  g_assert_cmpuint (fake_server_get_requests (server), ==, c->max_attempts);
  g_assert_cmpuint (dynantic_retry_policy_get_quota (policy_of (client)), ==, 500 - 5 * (c->max_attempts - 1));
  fake_server_log_arrivals (server);
}

static void
test_throttling_exhausts_attempts (void)
{
  g_autoptr(FakeServer) server = fake_server_new ();
  g_autoptr(DynanticClient) client = fake_server_new_client (server, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) response = NULL;

  fake_server_push_error (server, 400, "ProvisionedThroughputExceededException", 3);
  response = get_item (client, FALSE, NULL, &error);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_THROTTLED);
  g_assert_cmpstr (dynantic_error_get_service_code (error), ==, "ProvisionedThroughputExceededException");
  g_assert_cmpuint (fake_server_get_requests (server), ==, 3);
}

static void
test_http_429_retried (void)
{
  g_autoptr(FakeServer) server = fake_server_new ();
  g_autoptr(DynanticClient) client = fake_server_new_client (server, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) response = NULL;

  fake_server_push (server, &(FakeResponse) { .status = 429, .body = "" });
  fake_server_push (server, &(FakeResponse) { .status = 503, .body = "<html>unavailable</html>" });
  response = get_item (client, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_object_get_size (response), ==, 0);
  g_assert_cmpuint (fake_server_get_requests (server), ==, 3);
}

static void
test_dropped_connection (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(FakeServer) server = fake_server_new ();
  g_autoptr(DynanticClient) client = fake_server_new_client (server, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) response = NULL;

  fake_server_push (server, &(FakeResponse) { .action = FAKE_DROP });
  fake_server_push (server, &(FakeResponse) { .body = "{\"Count\":1}" });

  response = get_item (client, c->async, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (response, "Count"), ==, 1);
  g_assert_cmpuint (fake_server_get_requests (server), ==, 2);
  g_assert_cmpuint (fake_server_get_connections (server), ==, 2);
}

/* The server closes a connection the client had kept alive, after reading
 * the next request: the request goes again on a new connection (libsoup
 * resends idempotent messages itself; else the retry loop does). */
static void
test_dropped_kept_alive_connection (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(FakeServer) server = fake_server_new ();
  g_autoptr(DynanticClient) client = fake_server_new_client (server, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;

  first = get_item (client, c->async, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fake_server_get_connections (server), ==, 1);

  fake_server_push (server, &(FakeResponse) { .action = FAKE_DROP });
  fake_server_push (server, &(FakeResponse) { .body = "{\"Count\":2}" });
  second = get_item (client, c->async, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (second, "Count"), ==, 2);
  g_assert_cmpuint (fake_server_get_requests (server), ==, 3);
  g_assert_cmpuint (fake_server_get_connections (server), ==, 2);
}

static void
test_connection_refused (void)
{
  g_autoptr(DynanticClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) response = NULL;

  {
    g_autoptr(FakeServer) gone = fake_server_new ();

    /* a client for a port nobody listens on any more */
    client = fake_server_new_client (gone, "max-attempts", 2, NULL);
  }

  response = get_item (client, FALSE, NULL, &error);
  g_assert_null (response);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_NETWORK);
  g_assert_true (dynantic_error_is_retryable (error));
  /* the one retry took its tokens */
  g_assert_cmpuint (dynantic_retry_policy_get_quota (policy_of (client)), ==, 495);
}

static void
test_bad_response (gconstpointer data)
{
  const char *body = data;
  g_autoptr(FakeServer) server = fake_server_new ();
  g_autoptr(DynanticClient) client = fake_server_new_client (server, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) response = NULL;

  fake_server_push (server, &(FakeResponse) { .body = body });
  response = get_item (client, FALSE, NULL, &error);
  g_assert_null (response);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_BAD_RESPONSE);
  g_assert_cmpuint (fake_server_get_requests (server), ==, 1);
}

static void
test_deeply_nested_response (void)
{
  g_autoptr(FakeServer) server = fake_server_new ();
  g_autoptr(DynanticClient) client = fake_server_new_client (server, NULL);
  g_autoptr(GString) body = g_string_new ("{\"Item\":");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) response = NULL;

  for (guint i = 0; i < 200000; i++)
    g_string_append_c (body, '[');
  for (guint i = 0; i < 200000; i++)
    g_string_append_c (body, ']');
  g_string_append_c (body, '}');

  fake_server_push (server, &(FakeResponse) { .body = body->str });
  response = get_item (client, FALSE, NULL, &error);
  g_assert_null (response);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_BAD_RESPONSE);
}

/* Nesting that DynamoDB can send (32 levels of maps) still parses, and
 * brackets inside strings do not count. */
static void
test_nested_response_within_limit (void)
{
  g_autoptr(FakeServer) server = fake_server_new ();
  g_autoptr(DynanticClient) client = fake_server_new_client (server, NULL);
  g_autoptr(GString) body = g_string_new ("{\"Item\":{\"s\":{\"S\":\"[[[[{{{{\\\"[[[\"},\"m\":");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) response = NULL;

  for (guint i = 0; i < 32; i++)
    g_string_append (body, "{\"M\":{\"a\":");
  g_string_append (body, "{\"N\":\"1\"}");
  for (guint i = 0; i < 32; i++)
    g_string_append (body, "}}");
  g_string_append (body, "}}");

  fake_server_push (server, &(FakeResponse) { .body = body->str });
  response = get_item (client, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (json_object_get_object_member (response, "Item"), "s"),
                     "S"), ==, "[[[[{{{{\"[[[");
}

static void
test_error_with_garbage_body (void)
{
  g_autoptr(FakeServer) server = fake_server_new ();
  g_autoptr(DynanticClient) client = fake_server_new_client (server, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) response = NULL;

  fake_server_push (server, &(FakeResponse) { .status = 400, .body = "<html>\xff\xfe</html>" });
  response = get_item (client, FALSE, NULL, &error);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_FAILED);
  g_assert_cmpuint (dynantic_error_get_http_status (error), ==, 400);
  g_assert_null (dynantic_error_get_service_code (error));
  g_assert_cmpuint (fake_server_get_requests (server), ==, 1);
}

static void
test_client_errors_not_retried (void)
{
  static const struct {
    const char *type;
    gint code;
  } errors[] = {
    { "ValidationException", DYNANTIC_ERROR_VALIDATION },
    { "ConditionalCheckFailedException", DYNANTIC_ERROR_CONDITIONAL_CHECK_FAILED },
    { "ResourceNotFoundException", DYNANTIC_ERROR_RESOURCE_NOT_FOUND },
    { "TransactionCanceledException", DYNANTIC_ERROR_TRANSACTION_CANCELED },
  };
  g_autoptr(FakeServer) server = fake_server_new ();
  g_autoptr(DynanticClient) client = fake_server_new_client (server, "max-attempts", 5, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (errors); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) response = NULL;
      g_autofree char *message = g_strdup_printf ("fake %s", errors[i].type);

      fake_server_push_error (server, 400, errors[i].type, 1);
      response = get_item (client, FALSE, NULL, &error);
      g_assert_null (response);
      g_assert_error (error, DYNANTIC_ERROR, errors[i].code);
      g_assert_cmpstr (dynantic_error_get_service_code (error), ==, errors[i].type);
      g_assert_cmpstr (dynantic_error_get_service_message (error), ==, message);
      g_assert_cmpuint (dynantic_error_get_http_status (error), ==, 400);
      g_assert_false (dynantic_error_is_retryable (error));
      g_assert_cmpuint (fake_server_get_requests (server), ==, i + 1);
    }
  g_assert_cmpuint (dynantic_retry_policy_get_quota (policy_of (client)), ==, 500);
}

static void
test_connection_reuse (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(FakeServer) server = fake_server_new ();
  g_autoptr(DynanticClient) client = fake_server_new_client (server, NULL);

  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) response = get_item (client, c->async, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (response);
    }

  g_assert_cmpuint (fake_server_get_requests (server), ==, 100);
  g_assert_cmpuint (fake_server_get_connections (server), ==, 1);
}

static void
test_crc32_mismatch_retried (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(FakeServer) server = fake_server_new ();
  g_autoptr(DynanticClient) client = fake_server_new_client (server, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) response = NULL;

  fake_server_push (server, &(FakeResponse) { .body = "{\"Count\":3}", .crc32 = "12345" });
  fake_server_push (server, &(FakeResponse) { .body = "{\"Count\":4}" });
  response = get_item (client, c->async, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (response, "Count"), ==, 4);
  g_assert_cmpuint (fake_server_get_requests (server), ==, 2);
}

static void
test_crc32_mismatch_exhausts_attempts (void)
{
  g_autoptr(FakeServer) server = fake_server_new ();
  g_autoptr(DynanticClient) client = fake_server_new_client (server, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) response = NULL;

  fake_server_push (server, &(FakeResponse) { .crc32 = "not a number", .repeat = 3 });
  response = get_item (client, FALSE, NULL, &error);
  g_assert_null (response);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_BAD_RESPONSE);
  g_assert_cmpuint (fake_server_get_requests (server), ==, 3);
}

static void
test_attempt_timeout (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(FakeServer) server = fake_server_new ();
  g_autoptr(DynanticClient) client =
    fake_server_new_client (server, "max-attempts", 2, "timeout", 0.2, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) response = NULL;

  fake_server_push (server, &(FakeResponse) { .action = FAKE_HANG, .repeat = 2 });
  response = get_item (client, c->async, NULL, &error);
  g_assert_null (response);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_TIMEOUT);
  g_assert_true (dynantic_error_is_retryable (error));
  g_assert_cmpuint (fake_server_get_requests (server), ==, 2);
  /* a retry after a timeout costs 10 */
  g_assert_cmpuint (dynantic_retry_policy_get_quota (policy_of (client)), ==, 490);
}

static void
test_attempt_timeout_then_success (void)
{
  g_autoptr(FakeServer) server = fake_server_new ();
  g_autoptr(DynanticClient) client = fake_server_new_client (server, "timeout", 0.2, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) response = NULL;

  fake_server_push (server, &(FakeResponse) { .action = FAKE_HANG });
  fake_server_push (server, &(FakeResponse) { .body = "{\"Count\":5}" });
  response = get_item (client, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (response, "Count"), ==, 5);
  g_assert_cmpuint (fake_server_get_requests (server), ==, 2);
}

/* A server that answers, but too slowly: the attempt's time runs out even
 * though bytes keep coming. */
static void
test_slow_body_timeout (void)
{
  g_autoptr(FakeServer) server = fake_server_new ();
  g_autoptr(DynanticClient) client =
    fake_server_new_client (server, "max-attempts", 1, "timeout", 0.3, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) response = NULL;

  fake_server_push (server, &(FakeResponse) {
    .action = FAKE_TRICKLE, .delay_ms = 50,
    .body = "{\"Items\":[\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"]}" });
  response = get_item (client, FALSE, NULL, &error);
  g_assert_null (response);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_TIMEOUT);
  g_assert_cmpuint (fake_server_get_requests (server), ==, 1);
}

static void
test_slow_body_in_time (void)
{
  g_autoptr(FakeServer) server = fake_server_new ();
  g_autoptr(DynanticClient) client = fake_server_new_client (server, "timeout", 30.0, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) response = NULL;

  fake_server_push (server, &(FakeResponse) { .action = FAKE_TRICKLE, .delay_ms = 1, .body = "{\"Count\":6}" });
  response = get_item (client, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (response, "Count"), ==, 6);
}

static void
test_total_timeout (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(FakeServer) server = fake_server_new ();
  g_autoptr(DynanticClient) client =
    fake_server_new_client (server, "timeout", 0.0, "total-timeout", 0.3, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) response = NULL;

  fake_server_push (server, &(FakeResponse) { .action = FAKE_HANG, .repeat = 5 });
  response = get_item (client, c->async, NULL, &error);
  g_assert_null (response);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_TIMEOUT);
  g_assert_cmpuint (fake_server_get_requests (server), ==, 1);
}

/* The total timeout covers retries and backoff: 100 attempts with about
 * 10 ms of backoff each cannot all fit in 0.3 s. */
static void
test_total_timeout_across_retries (void)
{
  g_autoptr(FakeServer) server = fake_server_new ();
  g_autoptr(DynanticClient) client =
    fake_server_new_client (server, "max-attempts", 100, "total-timeout", 0.3, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) response = NULL;

  dynantic_retry_policy_set_backoff (policy_of (client), 20 * G_TIME_SPAN_MILLISECOND,
                                     20 * G_TIME_SPAN_MILLISECOND, 20 * G_TIME_SPAN_MILLISECOND);
  fake_server_push_error (server, 500, "InternalServerError", 100);
  response = get_item (client, FALSE, NULL, &error);
  g_assert_null (response);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_TIMEOUT);
  g_assert_cmpuint (fake_server_get_requests (server), >=, 1);
  g_assert_cmpuint (fake_server_get_requests (server), <, 100);
  fake_server_log_arrivals (server);
}

static void
test_cancel_before (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(FakeServer) server = fake_server_new ();
  g_autoptr(DynanticClient) client = fake_server_new_client (server, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) response = NULL;

  g_cancellable_cancel (cancellable);
  response = get_item (client, c->async, cancellable, &error);
  g_assert_null (response);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (fake_server_get_requests (server), ==, 0);
}

/* The server cancels the caller's cancellable when the request arrives, and
 * never answers. */
static void
test_cancel_during_attempt (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(FakeServer) server = fake_server_new ();
  g_autoptr(DynanticClient) client = fake_server_new_client (server, "timeout", 0.0, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) response = NULL;

  fake_server_push (server, &(FakeResponse) { .action = FAKE_HANG, .cancel = cancellable });
  response = get_item (client, c->async, cancellable, &error);
  g_assert_null (response);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (fake_server_get_requests (server), ==, 1);
}

static double
half (void)
{
  return 0.5;
}

static gpointer
cancel_once_retrying (gpointer data)
{
  DynanticClient *client = data;
  GCancellable *cancellable = g_object_get_data (G_OBJECT (client), "test-cancellable");

  /* the quota drops when the client decides to retry, before it waits */
  while (dynantic_retry_policy_get_quota (policy_of (client)) == 500)
    g_usleep (G_TIME_SPAN_MILLISECOND);
  g_cancellable_cancel (cancellable);
  return NULL;
}

/* The backoff is 30 s: only cancellation can end it early. */
static void
test_cancel_during_backoff (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(FakeServer) server = fake_server_new ();
  g_autoptr(DynanticClient) client = fake_server_new_client (server, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) response = NULL;
  g_autoptr(GThread) canceller = NULL;

  dynantic_retry_policy_set_backoff (policy_of (client), 60 * G_TIME_SPAN_SECOND,
                                     60 * G_TIME_SPAN_SECOND, 60 * G_TIME_SPAN_SECOND);
  dynantic_retry_policy_set_random (policy_of (client), half);
  fake_server_push_error (server, 500, "InternalServerError", 1);
  g_object_set_data (G_OBJECT (client), "test-cancellable", cancellable);

  canceller = g_thread_new ("canceller", cancel_once_retrying, client);
  response = get_item (client, c->async, cancellable, &error);
  g_assert_null (response);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (fake_server_get_requests (server), ==, 1);
  g_thread_join (g_steal_pointer (&canceller));
}

/* The retry quota: 100 attempts take 99 retries (495 tokens); the next
 * call retries once with the last 5; then nothing is left to retry with. */
static void
test_retry_quota_runs_dry (void)
{
  g_autoptr(FakeServer) server = fake_server_new ();
  g_autoptr(DynanticClient) client = fake_server_new_client (server, "max-attempts", 100, NULL);
  DynanticRetryPolicy *policy = policy_of (client);

  fake_server_push_error (server, 500, "InternalServerError", 103);
  for (guint call = 0; call < 3; call++)
    {
      static const guint requests[] = { 100, 102, 103 };
      static const guint quota[] = { 5, 0, 0 };
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) response = get_item (client, FALSE, NULL, &error);

      g_assert_null (response);
      g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_SERVICE);
      g_assert_cmpuint (fake_server_get_requests (server), ==, requests[call]);
      g_assert_cmpuint (dynantic_retry_policy_get_quota (policy), ==, quota[call]);
    }

  /* successes earn tokens back */
  for (guint call = 0; call < 5; call++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) response = get_item (client, FALSE, NULL, &error);

      g_assert_no_error (error);
    }
  g_assert_cmpuint (dynantic_retry_policy_get_quota (policy), ==, 5);
  g_assert_cmpuint (fake_server_get_requests (server), ==, 108);
}

static void
test_adaptive_mode (void)
{
  g_autoptr(FakeServer) server = fake_server_new ();
  g_autoptr(DynanticClient) client =
    fake_server_new_client (server, "retry-mode", DYNANTIC_RETRY_MODE_ADAPTIVE, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;

  g_assert_cmpint (dynantic_client_get_retry_mode (client), ==, DYNANTIC_RETRY_MODE_ADAPTIVE);
  first = get_item (client, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (dynantic_retry_policy_get_send_rate (policy_of (client)), ==, 0);

  fake_server_push_error (server, 400, "ThrottlingException", 1);
  second = get_item (client, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fake_server_get_requests (server), ==, 3);
  /* the limiter now holds the client to a measured rate, at least 0.5/s */
  g_assert_cmpfloat (dynantic_retry_policy_get_send_rate (policy_of (client)), >=, 0.5);
}

/* Debug logs say what each attempt got, never keys, values or secrets. */
static GPtrArray *captured_logs;

static GLogWriterOutput
capture_log (GLogLevelFlags   level,
             const GLogField *fields,
             gsize            n_fields,
             gpointer         user_data)
{
  if (captured_logs != NULL && (level & G_LOG_LEVEL_DEBUG))
    {
      for (gsize i = 0; i < n_fields; i++)
        if (g_str_equal (fields[i].key, "MESSAGE"))
          g_ptr_array_add (captured_logs, g_strdup (fields[i].value));
      return G_LOG_WRITER_HANDLED;
    }

  return g_log_writer_default (level, fields, n_fields, user_data);
}

static void
test_logs_attempts_without_secrets (void)
{
  g_autoptr(FakeServer) server = fake_server_new ();
  g_autoptr(DynanticClient) client = fake_server_new_client (server, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) response = NULL;
  gboolean saw_retry = FALSE;
  gboolean saw_done = FALSE;

  captured_logs = g_ptr_array_new_with_free_func (g_free);
  g_log_set_debug_enabled (TRUE);
  fake_server_push_error (server, 400, "ThrottlingException", 1);
  response = get_item (client, FALSE, NULL, &error);
  g_log_set_debug_enabled (FALSE);
  g_assert_no_error (error);

  for (guint i = 0; i < captured_logs->len; i++)
    {
      const char *line = g_ptr_array_index (captured_logs, i);

      g_test_message ("log: %s", line);
      saw_retry |= g_str_has_prefix (line, "GetItem attempt 1 of 3: HTTP 400 ThrottlingException; retrying in ");
      saw_done |= g_str_equal (line, "GetItem attempt 2 of 3: HTTP 200; done");
      g_assert_null (strstr (line, SECRET_KEY_VALUE));
      g_assert_null (strstr (line, "FakeServerSecret"));
      g_assert_null (strstr (line, "FakeServerKey"));
      g_assert_null (strstr (line, "Signature"));
    }
  g_assert_true (saw_retry);
  g_assert_true (saw_done);
  g_clear_pointer (&captured_logs, g_ptr_array_unref);
}

int
main (int argc, char *argv[])
{
  g_log_set_writer_func (capture_log, NULL, NULL);
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/fault/sync/throttling-then-success", &sync_case, test_throttling_then_success);
  g_test_add_data_func ("/fault/async/throttling-then-success", &async_case, test_throttling_then_success);
  g_test_add_data_func ("/fault/sync/server-errors-exhaust-3", &sync_case, test_server_errors_exhaust_attempts);
  g_test_add_data_func ("/fault/sync/server-errors-exhaust-5", &sync_5, test_server_errors_exhaust_attempts);
  g_test_add_data_func ("/fault/async/server-errors-exhaust-3", &async_case, test_server_errors_exhaust_attempts);
  g_test_add_data_func ("/fault/async/server-errors-exhaust-5", &async_5, test_server_errors_exhaust_attempts);
  g_test_add_func ("/fault/sync/throttling-exhausts", test_throttling_exhausts_attempts);
  g_test_add_func ("/fault/sync/http-429-and-503", test_http_429_retried);
  g_test_add_data_func ("/fault/sync/dropped-connection", &sync_case, test_dropped_connection);
  g_test_add_data_func ("/fault/async/dropped-connection", &async_case, test_dropped_connection);
  g_test_add_data_func ("/fault/sync/dropped-kept-alive-connection", &sync_case,
                        test_dropped_kept_alive_connection);
  g_test_add_data_func ("/fault/async/dropped-kept-alive-connection", &async_case,
                        test_dropped_kept_alive_connection);
  g_test_add_func ("/fault/sync/connection-refused", test_connection_refused);
  g_test_add_data_func ("/fault/bad-response/malformed", "{\"Item\": nope}", test_bad_response);
  g_test_add_data_func ("/fault/bad-response/truncated", "{\"Item\":{\"pk\":{\"S\":\"k", test_bad_response);
  g_test_add_data_func ("/fault/bad-response/not-an-object", "[1,2,3]", test_bad_response);
  g_test_add_data_func ("/fault/bad-response/string", "\"text\"", test_bad_response);
  g_test_add_data_func ("/fault/bad-response/invalid-utf8", "{\"Item\":{\"s\":{\"S\":\"\xff\xfe\"}}}",
                        test_bad_response);
  g_test_add_func ("/fault/bad-response/deep-nesting", test_deeply_nested_response);
  g_test_add_func ("/fault/bad-response/nesting-within-limit", test_nested_response_within_limit);
  g_test_add_func ("/fault/bad-response/error-with-garbage-body", test_error_with_garbage_body);
  g_test_add_func ("/fault/sync/client-errors-not-retried", test_client_errors_not_retried);
  g_test_add_data_func ("/fault/sync/connection-reuse", &sync_case, test_connection_reuse);
  g_test_add_data_func ("/fault/async/connection-reuse", &async_case, test_connection_reuse);
  g_test_add_data_func ("/fault/sync/crc32-mismatch-retried", &sync_case, test_crc32_mismatch_retried);
  g_test_add_data_func ("/fault/async/crc32-mismatch-retried", &async_case, test_crc32_mismatch_retried);
  g_test_add_func ("/fault/sync/crc32-mismatch-exhausts", test_crc32_mismatch_exhausts_attempts);
  g_test_add_data_func ("/fault/sync/attempt-timeout", &sync_case, test_attempt_timeout);
  g_test_add_data_func ("/fault/async/attempt-timeout", &async_case, test_attempt_timeout);
  g_test_add_func ("/fault/sync/attempt-timeout-then-success", test_attempt_timeout_then_success);
  g_test_add_func ("/fault/sync/slow-body-timeout", test_slow_body_timeout);
  g_test_add_func ("/fault/sync/slow-body-in-time", test_slow_body_in_time);
  g_test_add_data_func ("/fault/sync/total-timeout", &sync_case, test_total_timeout);
  g_test_add_data_func ("/fault/async/total-timeout", &async_case, test_total_timeout);
  g_test_add_func ("/fault/sync/total-timeout-across-retries", test_total_timeout_across_retries);
  g_test_add_data_func ("/fault/sync/cancel-before", &sync_case, test_cancel_before);
  g_test_add_data_func ("/fault/async/cancel-before", &async_case, test_cancel_before);
  g_test_add_data_func ("/fault/sync/cancel-during-attempt", &sync_case, test_cancel_during_attempt);
  g_test_add_data_func ("/fault/async/cancel-during-attempt", &async_case, test_cancel_during_attempt);
  g_test_add_data_func ("/fault/sync/cancel-during-backoff", &sync_case, test_cancel_during_backoff);
  g_test_add_data_func ("/fault/async/cancel-during-backoff", &async_case, test_cancel_during_backoff);
  g_test_add_func ("/fault/sync/retry-quota-runs-dry", test_retry_quota_runs_dry);
  g_test_add_func ("/fault/adaptive-mode", test_adaptive_mode);
  g_test_add_func ("/fault/logs-without-secrets", test_logs_attempts_without_secrets);

  return g_test_run ();
}
