/* test-client-faults.c: retries, timeouts, cancellation and hostile
 * responses, against an in-process server that misbehaves on purpose
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "dynantic-client-private.h"
#include "dynantic-request-private.h"
#include "fake-server.h"

#define SECRET_KEY_VALUE "SecretKeyValue4711"

/* How a case calls: synchronously or through the main context, and with how
 * many attempts at most. */
typedef struct {
  gboolean async;
  guint    max_attempts;
} Case;

static const Case sync_3 = { FALSE, 3 };
static const Case async_3 = { TRUE, 3 };
static const Case sync_5 = { FALSE, 5 };
static const Case async_5 = { TRUE, 5 };

typedef struct {
  FakeServer     *server;
  DynanticClient *client;
  gboolean        async;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const Case *c = data != NULL ? data : &sync_3;

  f->server = fake_server_new ();
  f->client = fake_server_new_client (f->server, "max-attempts", c->max_attempts, NULL);
  f->async = c->async;
}

/* For cases whose data is not a Case: synchronous, three attempts. */
static void
fixture_set_up_default (Fixture       *f,
                        gconstpointer  data)
{
  fixture_set_up (f, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->client);
  g_clear_pointer (&f->server, fake_server_free);
}

/* Replaces the fixture's client, for cases that need other properties. */
static void
use_client (Fixture        *f,
            DynanticClient *client)
{
  g_object_unref (f->client);
  f->client = client;
}

static DynanticRetryPolicy *
policy (Fixture *f)
{
  return dynantic_client_get_retry_policy (f->client);
}

static guint
requests (Fixture *f)
{
  return fake_server_get_requests (f->server);
}

typedef struct {
  JsonObject *response;
  GError     *error;
  gboolean    done;
} Outcome;

static void
call_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->response = dynantic_client_call_finish (DYNANTIC_CLIENT (source), result, &outcome->error);
  outcome->done = TRUE;
}

/* GetItem for a key whose value must never show in a log or an error. */
static JsonObject *
get_item (Fixture       *f,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(JsonNode) node =
    json_from_string ("{\"TableName\":\"t\",\"Key\":{\"pk\":{\"S\":\"" SECRET_KEY_VALUE "\"}}}", NULL);
  JsonObject *request = json_node_get_object (node);
  Outcome outcome = { NULL, NULL, FALSE };

  if (!f->async)
    return dynantic_client_call (f->client, "GetItem", request, cancellable, error);

  dynantic_client_call_async (f->client, "GetItem", request, cancellable, call_done, &outcome);
  while (!outcome.done)
    g_main_context_iteration (NULL, TRUE);
  if (outcome.error != NULL)
    g_propagate_error (error, outcome.error);
  return outcome.response;
}

static JsonObject *
get_item_ok (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  JsonObject *response = get_item (f, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (response);
  return response;
}

static GError *
get_item_fails (Fixture      *f,
                GCancellable *cancellable)
{
  GError *error = NULL;
  g_autoptr(JsonObject) response = get_item (f, cancellable, &error);

  g_assert_null (response);
  g_assert_nonnull (error);
  return error;
}

static gint64
count_member (JsonObject *response)
{
  return json_object_get_int_member (response, "Count");
}

static void
test_throttling_then_success (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(JsonObject) response = NULL;
  g_autofree char *target = NULL;
  JsonObject *item;

  fake_server_push_error (f->server, 400, "ThrottlingException", 2);
  fake_server_push (f->server, &(FakeResponse) { .body = "{\"Item\":{\"pk\":{\"S\":\"k\"},\"n\":{\"N\":\"7\"}}}" });

  response = get_item_ok (f);
  item = json_object_get_object_member (response, "Item");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (item, "n"), "N"), ==, "7");
  g_assert_cmpuint (requests (f), ==, 3);
  target = fake_server_dup_last_target (f->server);
  g_assert_cmpstr (target, ==, "DynamoDB_20120810.GetItem");
  /* two retries took 5 each, the success gave the last one back */
  g_assert_cmpuint (dynantic_retry_policy_get_quota (policy (f)), ==, 495);
  fake_server_log_arrivals (f->server);
}

static void
test_server_errors_exhaust_attempts (Fixture       *f,
                                     gconstpointer  data)
{
  const Case *c = data;
  g_autoptr(GError) error = NULL;

  fake_server_push_error (f->server, 500, "InternalServerError", 10);
  error = get_item_fails (f, NULL);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_SERVICE);
  g_assert_cmpuint (dynantic_error_get_http_status (error), ==, 500);
  g_assert_cmpstr (dynantic_error_get_service_code (error), ==, "InternalServerError");
  g_assert_cmpstr (dynantic_error_get_request_id (error), ==, "FAKEREQUESTID");
  g_assert_true (dynantic_error_is_retryable (error));
  g_assert_cmpuint (requests (f), ==, c->max_attempts);
  g_assert_cmpuint (dynantic_retry_policy_get_quota (policy (f)), ==, 500 - 5 * (c->max_attempts - 1));
  fake_server_log_arrivals (f->server);
}

static void
test_throttling_exhausts_attempts (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fake_server_push_error (f->server, 400, "ProvisionedThroughputExceededException", 3);
  error = get_item_fails (f, NULL);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_THROTTLED);
  g_assert_cmpstr (dynantic_error_get_service_code (error), ==, "ProvisionedThroughputExceededException");
  g_assert_cmpuint (requests (f), ==, 3);
}

static void
test_http_429_and_503_retried (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(JsonObject) response = NULL;

  fake_server_push (f->server, &(FakeResponse) { .status = 429, .body = "" });
  fake_server_push (f->server, &(FakeResponse) { .status = 503, .body = "<html>unavailable</html>" });
  response = get_item_ok (f);
  g_assert_cmpuint (json_object_get_size (response), ==, 0);
  g_assert_cmpuint (requests (f), ==, 3);
}

static void
test_dropped_connection (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(JsonObject) response = NULL;

  fake_server_push (f->server, &(FakeResponse) { .action = FAKE_DROP });
  fake_server_push (f->server, &(FakeResponse) { .body = "{\"Count\":1}" });

  response = get_item_ok (f);
  g_assert_cmpint (count_member (response), ==, 1);
  g_assert_cmpuint (requests (f), ==, 2);
  g_assert_cmpuint (fake_server_get_connections (f->server), ==, 2);
}

/* The server closes a connection the client had kept alive, after reading
 * the next request: the request goes again on a new connection (libsoup
 * resends idempotent messages itself; else the retry loop does). */
static void
test_dropped_kept_alive_connection (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;

  first = get_item_ok (f);
  g_assert_cmpuint (fake_server_get_connections (f->server), ==, 1);

  fake_server_push (f->server, &(FakeResponse) { .action = FAKE_DROP });
  fake_server_push (f->server, &(FakeResponse) { .body = "{\"Count\":2}" });
  second = get_item_ok (f);
  g_assert_cmpint (count_member (second), ==, 2);
  g_assert_cmpuint (requests (f), ==, 3);
  g_assert_cmpuint (fake_server_get_connections (f->server), ==, 2);
}

static void
test_connection_refused (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* nobody listens on the port any more */
  use_client (f, fake_server_new_client (f->server, "max-attempts", 2, NULL));
  g_clear_pointer (&f->server, fake_server_free);

  error = get_item_fails (f, NULL);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_NETWORK);
  g_assert_true (dynantic_error_is_retryable (error));
  /* the one retry took its tokens */
  g_assert_cmpuint (dynantic_retry_policy_get_quota (policy (f)), ==, 495);
}

/* Pushes @body with status 200; the call must fail with BAD_RESPONSE at the
 * first attempt. */
static void
check_bad_response (Fixture    *f,
                    const char *body)
{
  g_autoptr(GError) error = NULL;

  fake_server_push (f->server, &(FakeResponse) { .body = body });
  error = get_item_fails (f, NULL);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_BAD_RESPONSE);
  g_assert_cmpuint (requests (f), ==, 1);
}

static void
test_bad_response (Fixture       *f,
                   gconstpointer  data)
{
  check_bad_response (f, data);
}

static void
test_deeply_nested_response (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GString) body = g_string_new ("{\"Item\":");

  for (guint i = 0; i < 200000; i++)
    g_string_append_c (body, '[');
  for (guint i = 0; i < 200000; i++)
    g_string_append_c (body, ']');
  g_string_append_c (body, '}');

  check_bad_response (f, body->str);
}

/* Nesting that DynamoDB can send (32 levels of maps) still parses, and
 * brackets inside strings do not count. */
static void
test_nested_response_within_limit (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GString) body = g_string_new ("{\"Item\":{\"s\":{\"S\":\"[[[[{{{{\\\"[[[\"},\"m\":");
  g_autoptr(JsonObject) response = NULL;
  JsonObject *item;

  for (guint i = 0; i < 32; i++)
    g_string_append (body, "{\"M\":{\"a\":");
  g_string_append (body, "{\"N\":\"1\"}");
  for (guint i = 0; i < 32; i++)
    g_string_append (body, "}}");
  g_string_append (body, "}}");

  fake_server_push (f->server, &(FakeResponse) { .body = body->str });
  response = get_item_ok (f);
  item = json_object_get_object_member (response, "Item");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (item, "s"), "S"),
                   ==, "[[[[{{{{\"[[[");
}

static void
test_error_with_garbage_body (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fake_server_push (f->server, &(FakeResponse) { .status = 400, .body = "<html>\xff\xfe</html>" });
  error = get_item_fails (f, NULL);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_FAILED);
  g_assert_cmpuint (dynantic_error_get_http_status (error), ==, 400);
  g_assert_null (dynantic_error_get_service_code (error));
  g_assert_cmpuint (requests (f), ==, 1);
}

/* An error body whose members hold the wrong kinds of JSON: the error
 * still comes from the HTTP status, and the wrong members are no error
 * name or message (json-glib's own getters would raise a critical, which
 * the test harness makes fatal). */
static void
test_error_with_odd_members (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) odd_type = NULL;
  g_autoptr(GError) odd_message = NULL;

  fake_server_push (f->server, &(FakeResponse) {
    .status = 400, .body = "{\"__type\":{\"a\":1},\"message\":[\"x\"],\"Message\":7}" });
  odd_type = get_item_fails (f, NULL);
  g_assert_error (odd_type, DYNANTIC_ERROR, DYNANTIC_ERROR_FAILED);
  g_assert_cmpuint (dynantic_error_get_http_status (odd_type), ==, 400);
  g_assert_null (dynantic_error_get_service_code (odd_type));
  g_assert_null (dynantic_error_get_service_message (odd_type));

  fake_server_push (f->server, &(FakeResponse) {
    .status = 400, .body = "{\"__type\":\"com.amazonaws#ValidationException\",\"message\":{},\"Message\":\"named\"}" });
  odd_message = get_item_fails (f, NULL);
  g_assert_error (odd_message, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
  g_assert_cmpstr (dynantic_error_get_service_code (odd_message), ==, "ValidationException");
  g_assert_cmpstr (dynantic_error_get_service_message (odd_message), ==, "named");
  g_assert_cmpuint (requests (f), ==, 2);
}

static void
test_client_errors_not_retried (Fixture       *f,
                                gconstpointer  data)
{
  static const struct {
    const char *type;
    gint        code;
  } errors[] = {
    { "ValidationException", DYNANTIC_ERROR_VALIDATION },
    { "ConditionalCheckFailedException", DYNANTIC_ERROR_CONDITIONAL_CHECK_FAILED },
    { "ResourceNotFoundException", DYNANTIC_ERROR_RESOURCE_NOT_FOUND },
    { "TransactionCanceledException", DYNANTIC_ERROR_TRANSACTION_CANCELED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (errors); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *message = g_strdup_printf ("fake %s", errors[i].type);

      fake_server_push_error (f->server, 400, errors[i].type, 1);
      error = get_item_fails (f, NULL);
      g_assert_error (error, DYNANTIC_ERROR, errors[i].code);
      g_assert_cmpstr (dynantic_error_get_service_code (error), ==, errors[i].type);
      g_assert_cmpstr (dynantic_error_get_service_message (error), ==, message);
      g_assert_cmpuint (dynantic_error_get_http_status (error), ==, 400);
      g_assert_false (dynantic_error_is_retryable (error));
      g_assert_cmpuint (requests (f), ==, i + 1);
    }
  g_assert_cmpuint (dynantic_retry_policy_get_quota (policy (f)), ==, 500);
}

static void
test_connection_reuse (Fixture       *f,
                       gconstpointer  data)
{
  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(JsonObject) response = get_item_ok (f);
    }

  g_assert_cmpuint (requests (f), ==, 100);
  g_assert_cmpuint (fake_server_get_connections (f->server), ==, 1);
}

static void
test_crc32_mismatch_retried (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(JsonObject) response = NULL;

  fake_server_push (f->server, &(FakeResponse) { .body = "{\"Count\":3}", .crc32 = "12345" });
  fake_server_push (f->server, &(FakeResponse) { .body = "{\"Count\":4}" });
  response = get_item_ok (f);
  g_assert_cmpint (count_member (response), ==, 4);
  g_assert_cmpuint (requests (f), ==, 2);
}

static void
test_crc32_mismatch_exhausts_attempts (Fixture       *f,
                                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fake_server_push (f->server, &(FakeResponse) { .crc32 = "not a number", .repeat = 3 });
  error = get_item_fails (f, NULL);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_BAD_RESPONSE);
  g_assert_cmpuint (requests (f), ==, 3);
}

static void
test_attempt_timeout (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  use_client (f, fake_server_new_client (f->server, "max-attempts", 2, "timeout", 0.2, NULL));
  fake_server_push (f->server, &(FakeResponse) { .action = FAKE_HANG, .repeat = 2 });
  error = get_item_fails (f, NULL);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_TIMEOUT);
  g_assert_true (dynantic_error_is_retryable (error));
  /* a retry after a timeout costs 10: the second attempt was made (on a
   * loaded machine it may time out before its request reaches the server,
   * so the server's count is no proof) */
  g_assert_cmpuint (dynantic_retry_policy_get_quota (policy (f)), ==, 490);
  g_assert_cmpuint (requests (f), >=, 1);
  g_assert_cmpuint (requests (f), <=, 2);
}

/* A response that comes after its attempt timed out is never taken for the
 * answer to a later request: the timed-out attempt's connection is not
 * used again. */
static void
test_late_response_not_reused (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) response = NULL;

  use_client (f, fake_server_new_client (f->server, "max-attempts", 1, "timeout", 0.3, NULL));
  fake_server_push (f->server, &(FakeResponse) { .body = "{\"Count\":1}", .delay_ms = 1000 });
  fake_server_push (f->server, &(FakeResponse) { .body = "{\"Count\":2}" });
  error = get_item_fails (f, NULL);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_TIMEOUT);

  response = get_item_ok (f);
  g_assert_cmpint (count_member (response), ==, 2);
  g_assert_cmpuint (requests (f), ==, 2);
}

static void
test_attempt_timeout_then_success (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(JsonObject) response = NULL;

  /* long enough for the second answer even on a loaded machine */
  use_client (f, fake_server_new_client (f->server, "timeout", 1.0, NULL));
  fake_server_push (f->server, &(FakeResponse) { .action = FAKE_HANG });
  fake_server_push (f->server, &(FakeResponse) { .body = "{\"Count\":5}" });
  response = get_item_ok (f);
  g_assert_cmpint (count_member (response), ==, 5);
  g_assert_cmpuint (requests (f), ==, 2);
}

/* A server that answers, but too slowly: the attempt's time runs out even
 * though bytes keep coming. */
static void
test_slow_body_timeout (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  use_client (f, fake_server_new_client (f->server, "max-attempts", 1, "timeout", 0.3, NULL));
  fake_server_push (f->server, &(FakeResponse) {
    .action = FAKE_TRICKLE, .delay_ms = 50,
    .body = "{\"Items\":[\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"]}" });
  error = get_item_fails (f, NULL);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_TIMEOUT);
  g_assert_cmpuint (requests (f), ==, 1);
}

static void
test_slow_body_in_time (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(JsonObject) response = NULL;

  fake_server_push (f->server, &(FakeResponse) { .action = FAKE_TRICKLE, .delay_ms = 1, .body = "{\"Count\":6}" });
  response = get_item_ok (f);
  g_assert_cmpint (count_member (response), ==, 6);
}

/* A body of @size bytes: {"Blob":"xxx...x"}. */
static char *
blob_body (gsize size)
{
  g_autoptr(GString) body = g_string_new ("{\"Blob\":\"");

  while (body->len < size - 2)
    g_string_append_c (body, 'x');
  g_string_append (body, "\"}");
  return g_string_free (g_steal_pointer (&body), FALSE);
}

static gsize
blob_length (JsonObject *response)
{
  return strlen (json_object_get_string_member (response, "Blob"));
}

/* Bodies are read whole whatever their size and framing: with a
 * Content-Length (read into a buffer of that size), chunked (read into a
 * buffer that grows past its first 8 KiB); an empty one is no response. */
static void
test_large_and_chunked_bodies (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *big = blob_body (300000);
  g_autofree char *chunked = blob_body (20000);
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_autoptr(JsonObject) third = NULL;
  g_autoptr(GError) empty = NULL;

  fake_server_push (f->server, &(FakeResponse) { .body = big });
  fake_server_push (f->server, &(FakeResponse) { .action = FAKE_CHUNKED, .body = chunked });
  fake_server_push (f->server, &(FakeResponse) { .action = FAKE_CHUNKED, .body = "{\"Count\":3}" });
  fake_server_push (f->server, &(FakeResponse) { .body = "" });

  first = get_item_ok (f);
  g_assert_cmpuint (blob_length (first), ==, 300000 - 11);
  second = get_item_ok (f);
  g_assert_cmpuint (blob_length (second), ==, 20000 - 11);
  third = get_item_ok (f);
  g_assert_cmpint (count_member (third), ==, 3);
  empty = get_item_fails (f, NULL);
  g_assert_error (empty, DYNANTIC_ERROR, DYNANTIC_ERROR_BAD_RESPONSE);
  g_assert_cmpuint (requests (f), ==, 4);
  g_assert_cmpuint (fake_server_get_connections (f->server), ==, 1);
}

/* The bytes-level call's body has a NUL after it, outside its size, so
 * callers may read it as a string. */
static void
test_body_ends_in_nul (void)
{
  g_autoptr(FakeServer) server = fake_server_new ();
  g_autoptr(DynanticClient) client = fake_server_new_client (server, NULL);
  g_autoptr(GBytes) request = g_bytes_new_static ("{}", 2);
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize size = 0;

  fake_server_push (server, &(FakeResponse) { .body = "{\"Count\":7}" });
  response = dynantic_client_send (client, "Scan", request, NULL, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (response, &size);
  g_assert_cmpuint (size, ==, 11);
  g_assert_cmpmem (data, size, "{\"Count\":7}", 11);
  g_assert_cmpint (data[size], ==, '\0');
}

static void
test_total_timeout (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  use_client (f, fake_server_new_client (f->server, "timeout", 0.0, "total-timeout", 0.3, NULL));
  fake_server_push (f->server, &(FakeResponse) { .action = FAKE_HANG, .repeat = 5 });
  error = get_item_fails (f, NULL);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_TIMEOUT);
  g_assert_cmpuint (requests (f), ==, 1);
}

/* The total timeout covers retries and backoff: 100 attempts with about
 * 10 ms of backoff each cannot all fit in 0.3 s. */
static void
test_total_timeout_across_retries (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  use_client (f, fake_server_new_client (f->server, "max-attempts", 100, "total-timeout", 0.3, NULL));
  dynantic_retry_policy_set_backoff (policy (f), 20 * G_TIME_SPAN_MILLISECOND,
                                     20 * G_TIME_SPAN_MILLISECOND, 20 * G_TIME_SPAN_MILLISECOND);
  fake_server_push_error (f->server, 500, "InternalServerError", 100);
  error = get_item_fails (f, NULL);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_TIMEOUT);
  g_assert_cmpuint (requests (f), <, 100);
  fake_server_log_arrivals (f->server);
}

static void
test_cancel_before (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  error = get_item_fails (f, cancellable);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (requests (f), ==, 0);
}

/* The server cancels the caller's cancellable, from its own thread, when
 * the request arrives, and never answers. */
static void
test_cancel_during_attempt (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  use_client (f, fake_server_new_client (f->server, "timeout", 0.0, NULL));
  fake_server_push (f->server, &(FakeResponse) { .action = FAKE_HANG, .cancel = cancellable });
  error = get_item_fails (f, cancellable);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (requests (f), ==, 1);
}

static double
half (void)
{
  return 0.5;
}

typedef struct {
  DynanticRetryPolicy *policy;
  GCancellable        *cancellable;
} Canceller;

static gpointer
cancel_once_retrying (gpointer data)
{
  Canceller *canceller = data;

  /* the quota drops when the client decides to retry, before it waits */
  while (dynantic_retry_policy_get_quota (canceller->policy) == 500)
    g_usleep (G_TIME_SPAN_MILLISECOND);
  g_cancellable_cancel (canceller->cancellable);
  return NULL;
}

/* The backoff is 30 s: only cancellation can end it early. */
static void
test_cancel_during_backoff (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  Canceller canceller = { policy (f), cancellable };
  GThread *thread;

  dynantic_retry_policy_set_backoff (policy (f), 60 * G_TIME_SPAN_SECOND,
                                     60 * G_TIME_SPAN_SECOND, 60 * G_TIME_SPAN_SECOND);
  dynantic_retry_policy_set_random (policy (f), half);
  fake_server_push_error (f->server, 500, "InternalServerError", 1);

  thread = g_thread_new ("canceller", cancel_once_retrying, &canceller);
  error = get_item_fails (f, cancellable);
  g_thread_join (thread);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (requests (f), ==, 1);
}

/* The retry quota: 100 attempts take 99 retries (495 tokens); the next
 * call retries once with the last 5; then nothing is left to retry with. */
static void
test_retry_quota_runs_dry (Fixture       *f,
                           gconstpointer  data)
{
  static const guint expected_requests[] = { 100, 102, 103 };
  static const guint expected_quota[] = { 5, 0, 0 };

  use_client (f, fake_server_new_client (f->server, "max-attempts", 100, NULL));
  fake_server_push_error (f->server, 500, "InternalServerError", 103);
  for (guint call = 0; call < 3; call++)
    {
      g_autoptr(GError) error = get_item_fails (f, NULL);

      g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_SERVICE);
      g_assert_cmpuint (requests (f), ==, expected_requests[call]);
      g_assert_cmpuint (dynantic_retry_policy_get_quota (policy (f)), ==, expected_quota[call]);
    }

  /* successes earn tokens back */
  for (guint call = 0; call < 5; call++)
    {
      g_autoptr(JsonObject) response = get_item_ok (f);
    }
  g_assert_cmpuint (dynantic_retry_policy_get_quota (policy (f)), ==, 5);
  g_assert_cmpuint (requests (f), ==, 108);
}

static void
test_adaptive_mode (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;

  use_client (f, fake_server_new_client (f->server, "retry-mode", DYNANTIC_RETRY_MODE_ADAPTIVE, NULL));
  g_assert_cmpint (dynantic_client_get_retry_mode (f->client), ==, DYNANTIC_RETRY_MODE_ADAPTIVE);
  first = get_item_ok (f);
  g_assert_cmpfloat (dynantic_retry_policy_get_send_rate (policy (f)), ==, 0);

  fake_server_push_error (f->server, 400, "ThrottlingException", 1);
  second = get_item_ok (f);
  g_assert_cmpuint (requests (f), ==, 3);
  /* the limiter now holds the client to a measured rate, at least 0.5/s */
  g_assert_cmpfloat (dynantic_retry_policy_get_send_rate (policy (f)), >=, 0.5);
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
test_logs_attempts_without_secrets (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(JsonObject) response = NULL;
  gboolean saw_retry = FALSE;
  gboolean saw_done = FALSE;

  captured_logs = g_ptr_array_new_with_free_func (g_free);
  g_log_set_debug_enabled (TRUE);
  fake_server_push_error (f->server, 400, "ThrottlingException", 1);
  response = get_item_ok (f);
  g_log_set_debug_enabled (FALSE);

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

static void
add_test (const char    *path,
          const Case    *c,
          void         (*test) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, c, fixture_set_up, test, fixture_tear_down);
}

/* The same test, once synchronous and once asynchronous. */
static void
add_both (const char  *name,
          void       (*test) (Fixture *, gconstpointer))
{
  g_autofree char *sync_path = g_strconcat ("/fault/sync/", name, NULL);
  g_autofree char *async_path = g_strconcat ("/fault/async/", name, NULL);

  add_test (sync_path, &sync_3, test);
  add_test (async_path, &async_3, test);
}

/* A 200 response with @body, which the client must refuse. */
static void
add_bad_response (const char *name,
                  const char *body)
{
  g_autofree char *path = g_strconcat ("/fault/bad-response/", name, NULL);

  g_test_add (path, Fixture, body, fixture_set_up_default, test_bad_response, fixture_tear_down);
}

int
main (int argc, char *argv[])
{
  g_log_set_writer_func (capture_log, NULL, NULL);
  g_test_init (&argc, &argv, NULL);

  add_both ("throttling-then-success", test_throttling_then_success);
  add_test ("/fault/sync/server-errors-exhaust-3", &sync_3, test_server_errors_exhaust_attempts);
  add_test ("/fault/sync/server-errors-exhaust-5", &sync_5, test_server_errors_exhaust_attempts);
  add_test ("/fault/async/server-errors-exhaust-3", &async_3, test_server_errors_exhaust_attempts);
  add_test ("/fault/async/server-errors-exhaust-5", &async_5, test_server_errors_exhaust_attempts);
  add_test ("/fault/sync/throttling-exhausts", &sync_3, test_throttling_exhausts_attempts);
  add_test ("/fault/sync/http-429-and-503", &sync_3, test_http_429_and_503_retried);
  add_both ("dropped-connection", test_dropped_connection);
  add_both ("dropped-kept-alive-connection", test_dropped_kept_alive_connection);
  add_both ("connection-refused", test_connection_refused);
  add_bad_response ("malformed", "{\"Item\": nope}");
  add_bad_response ("truncated", "{\"Item\":{\"pk\":{\"S\":\"k");
  add_bad_response ("not-an-object", "[1,2,3]");
  add_bad_response ("string", "\"text\"");
  add_bad_response ("invalid-utf8", "{\"Item\":{\"s\":{\"S\":\"\xff\xfe\"}}}");
  add_test ("/fault/bad-response/deep-nesting", NULL, test_deeply_nested_response);
  add_test ("/fault/bad-response/nesting-within-limit", NULL, test_nested_response_within_limit);
  add_test ("/fault/bad-response/error-with-garbage-body", NULL, test_error_with_garbage_body);
  add_test ("/fault/bad-response/error-with-odd-members", NULL, test_error_with_odd_members);
  add_test ("/fault/sync/client-errors-not-retried", &sync_5, test_client_errors_not_retried);
  add_both ("connection-reuse", test_connection_reuse);
  add_both ("crc32-mismatch-retried", test_crc32_mismatch_retried);
  add_test ("/fault/sync/crc32-mismatch-exhausts", &sync_3, test_crc32_mismatch_exhausts_attempts);
  add_both ("attempt-timeout", test_attempt_timeout);
  add_test ("/fault/sync/attempt-timeout-then-success", &sync_3, test_attempt_timeout_then_success);
  add_both ("late-response-not-reused", test_late_response_not_reused);
  add_test ("/fault/sync/slow-body-timeout", &sync_3, test_slow_body_timeout);
  add_test ("/fault/sync/slow-body-in-time", &sync_3, test_slow_body_in_time);
  add_both ("large-and-chunked-bodies", test_large_and_chunked_bodies);
  g_test_add_func ("/fault/sync/body-ends-in-nul", test_body_ends_in_nul);
  add_both ("total-timeout", test_total_timeout);
  add_test ("/fault/sync/total-timeout-across-retries", &sync_3, test_total_timeout_across_retries);
  add_both ("cancel-before", test_cancel_before);
  add_both ("cancel-during-attempt", test_cancel_during_attempt);
  add_both ("cancel-during-backoff", test_cancel_during_backoff);
  add_both ("retry-quota-runs-dry", test_retry_quota_runs_dry);
  add_both ("adaptive-mode", test_adaptive_mode);
  add_test ("/fault/logs-without-secrets", &sync_3, test_logs_attempts_without_secrets);

  return g_test_run ();
}
