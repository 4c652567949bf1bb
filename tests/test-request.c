/* test-request.c: the one request path (dynantic-request-private.h) as the
 * operations to come use it: several rounds of one call (a batch's
 * unprocessed part), one body for every retry (a transaction's
 * ClientRequestToken), an error body's extra members (CancellationReasons),
 * strict responses, a deadline over the whole run; sync and async
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "dynantic-error-private.h"
#include "dynantic-request-private.h"
#include "fake-server.h"

/* A kind that stands for BatchWriteItem and TransactWriteItems at once:
 * each body holds the call's token and the round; a response's
 * "Unprocessed" says how many rounds still follow. */
typedef struct {
  char     *token;
  guint     round;
  gint64    unprocessed;
  gboolean  refuse;          /* read_member refuses "Refused" */
  gboolean  fail_to_write;   /* write_body fails: nothing may be sent */
  GPtrArray *reasons;        /* CancellationReasons' codes */
  char      *failed_item;    /* the raw Item of a reason */
} TestCall;

static void
test_call_free (TestCall *call)
{
  g_free (call->token);
  g_clear_pointer (&call->reasons, g_ptr_array_unref);
  g_free (call->failed_item);
  g_free (call);
}

static gboolean
test_write_body (gpointer   state,
                 GString   *out,
                 GError   **error)
{
  TestCall *call = state;

  if (call->fail_to_write)
    {
      g_set_error_literal (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION, "bad field");
      return FALSE;
    }
  g_string_append_printf (out, "{\"ClientRequestToken\":\"%s\",\"Round\":%u}", call->token, call->round);
  return TRUE;
}

static DynanticRequestMember
test_read_member (gpointer             state,
                  const char          *name,
                  DynanticJsonReader  *reader,
                  GError             **error)
{
  TestCall *call = state;

  if (strcmp (name, "Unprocessed") == 0)
    {
      if (!dynantic_json_reader_expect (reader, DYNANTIC_JSON_NUMBER, "a number", error))
        return DYNANTIC_REQUEST_MEMBER_FAILED;
      call->unprocessed = g_ascii_strtoll (dynantic_json_reader_get_string (reader, NULL), NULL, 10);
      return DYNANTIC_REQUEST_MEMBER_READ;
    }
  if (strcmp (name, "Refused") == 0 && call->refuse)
    {
      g_set_error_literal (error, DYNANTIC_ERROR, DYNANTIC_ERROR_BAD_RESPONSE, "refused member");
      return DYNANTIC_REQUEST_MEMBER_FAILED;
    }
  return DYNANTIC_REQUEST_MEMBER_SKIP;
}

static gboolean
test_finish (gpointer              state,
             DynanticRequestNext  *next,
             GError              **error)
{
  TestCall *call = state;

  if (call->unprocessed > 0)
    {
      call->round++;
      call->unprocessed = 0;
      next->again = TRUE;
      next->delay = 2 * G_TIME_SPAN_MILLISECOND;
    }
  return TRUE;
}

/* CancellationReasons: [{"Code": "...", "Item": {...}}, ...] */
static DynanticRequestMember
test_read_error_member (gpointer             state,
                        const char          *name,
                        DynanticJsonReader  *reader,
                        GError              *error)
{
  TestCall *call = state;
  DynanticJsonToken token;

  if (strcmp (name, "CancellationReasons") != 0)
    return DYNANTIC_REQUEST_MEMBER_SKIP;

  g_clear_pointer (&call->reasons, g_ptr_array_unref);
  call->reasons = g_ptr_array_new_with_free_func (g_free);
  if (dynantic_json_reader_next (reader) != DYNANTIC_JSON_BEGIN_ARRAY)
    return DYNANTIC_REQUEST_MEMBER_FAILED;
  while ((token = dynantic_json_reader_next (reader)) == DYNANTIC_JSON_BEGIN_OBJECT)
    while ((token = dynantic_json_reader_next (reader)) == DYNANTIC_JSON_MEMBER)
      {
        const char *member = dynantic_json_reader_get_string (reader, NULL);

        if (strcmp (member, "Code") == 0)
          {
            if (dynantic_json_reader_next (reader) != DYNANTIC_JSON_STRING)
              return DYNANTIC_REQUEST_MEMBER_FAILED;
            g_ptr_array_add (call->reasons, g_strdup (dynantic_json_reader_get_string (reader, NULL)));
          }
        else if (strcmp (member, "Item") == 0)
          {
            const char *json;
            gsize length;

            if (!dynantic_json_reader_capture_value (reader, &json, &length))
              return DYNANTIC_REQUEST_MEMBER_FAILED;
            g_free (call->failed_item);
            call->failed_item = g_strndup (json, length);
          }
        else if (!dynantic_json_reader_skip_value (reader))
          return DYNANTIC_REQUEST_MEMBER_FAILED;
      }
  g_ptr_array_add (call->reasons, NULL);
  dynantic_error_set_cancellation_reasons (error, (const char * const *) call->reasons->pdata);
  g_ptr_array_remove_index (call->reasons, call->reasons->len - 1);
  return token == DYNANTIC_JSON_END_ARRAY ? DYNANTIC_REQUEST_MEMBER_READ : DYNANTIC_REQUEST_MEMBER_FAILED;
}

static const DynanticRequestKind test_kind = {
  .operation = "TransactWriteItems",
  .write_body = test_write_body,
  .read_member = test_read_member,
  .finish = test_finish,
  .read_error_member = test_read_error_member,
};

typedef struct {
  FakeServer     *server;
  DynanticClient *client;
  gboolean        async;
} Fixture;

static const gboolean sync_case = FALSE;
static const gboolean async_case = TRUE;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->server = fake_server_new ();
  f->client = fake_server_new_client (f->server, "max-attempts", 3, NULL);
  f->async = *(const gboolean *) data;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->client);
  g_clear_pointer (&f->server, fake_server_free);
}

static TestCall *
test_call_new (void)
{
  TestCall *call = g_new0 (TestCall, 1);

  call->token = g_uuid_string_random ();
  return call;
}

typedef struct {
  gpointer  state;
  GError   *error;
  gboolean  done;
} Outcome;

static void
run_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->state = dynantic_request_finish (result, source, run_done, &outcome->error);
  outcome->done = TRUE;
}

/* Runs @request (taken); TRUE when it succeeded. */
static gboolean
run (Fixture          *f,
     DynanticRequest  *request,
     GError          **error)
{
  Outcome outcome = { NULL, NULL, FALSE };

  if (!f->async)
    {
      g_autoptr(DynanticRequest) owned = request;

      return dynantic_request_run (owned, NULL, error);
    }

  dynantic_request_run_async (request, NULL, f->client, run_done, NULL, run_done, &outcome);
  while (!outcome.done)
    g_main_context_iteration (NULL, TRUE);
  if (outcome.error != NULL)
    g_propagate_error (error, outcome.error);
  return outcome.state != NULL;
}

static DynanticRequest *
new_request (Fixture  *f,
             TestCall *call)
{
  g_autoptr(GError) error = NULL;
  DynanticRequest *request = dynantic_request_new (g_object_ref (f->client), &test_kind, call,
                                                   (GDestroyNotify) test_call_free, &error);

  g_assert_no_error (error);
  return request;
}

/* The rounds of one call: each body written after the response before it. */
static void
test_rounds (Fixture       *f,
             gconstpointer  data)
{
  TestCall *call = test_call_new ();
  g_autofree char *token = g_strdup (call->token);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) bodies = NULL;

  fake_server_push (f->server, &(FakeResponse) { .body = "{\"Unprocessed\":2}" });
  fake_server_push (f->server, &(FakeResponse) { .body = "{\"Unprocessed\":1}" });
  fake_server_push (f->server, &(FakeResponse) { .body = "{\"Unprocessed\":0,\"Other\":[1,{\"a\":null}]}" });
  g_assert_true (run (f, new_request (f, call), &error));
  g_assert_no_error (error);

  bodies = fake_server_dup_bodies (f->server);
  g_assert_cmpuint (g_strv_length (bodies), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *expected = g_strdup_printf ("{\"ClientRequestToken\":\"%s\",\"Round\":%u}", token, i);

      g_assert_cmpstr (bodies[i], ==, expected);
    }
}

/* Retries resend the body as written: one token for every attempt. */
static void
test_retries_resend_the_body (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) bodies = NULL;

  fake_server_push_error (f->server, 500, "InternalServerError", 1);
  fake_server_push (f->server, &(FakeResponse) { .action = FAKE_DROP });
  g_assert_true (run (f, new_request (f, test_call_new ()), &error));
  g_assert_no_error (error);

  bodies = fake_server_dup_bodies (f->server);
  g_assert_cmpuint (g_strv_length (bodies), ==, 3);
  g_assert_cmpstr (bodies[0], ==, bodies[1]);
  g_assert_cmpstr (bodies[0], ==, bodies[2]);
}

/* An error body's extra members reach the kind, which puts them on the
 * error; its name and message are read as for every error. */
static void
test_error_members (Fixture       *f,
                    gconstpointer  data)
{
  TestCall *call = test_call_new ();
  DynanticRequest *request = new_request (f, call);
  g_autoptr(GError) error = NULL;
  const char * const *reasons;

  fake_server_push (f->server, &(FakeResponse) {
    .status = 400,
    .body = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#TransactionCanceledException\","
            "\"CancellationReasons\":[{\"Code\":\"None\"},"
                                     "{\"Code\":\"ConditionalCheckFailed\",\"Message\":\"failed\","
                                      "\"Item\":{\"pk\":{\"S\":\"k\"}}}],"
            "\"Message\":\"Transaction cancelled\"}" });
  g_assert_false (run (f, request, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_TRANSACTION_CANCELED);
  g_assert_cmpstr (dynantic_error_get_service_code (error), ==, "TransactionCanceledException");
  g_assert_cmpstr (dynantic_error_get_service_message (error), ==, "Transaction cancelled");
  reasons = dynantic_error_get_cancellation_reasons (error);
  g_assert_nonnull (reasons);
  g_assert_cmpstr (reasons[0], ==, "None");
  g_assert_cmpstr (reasons[1], ==, "ConditionalCheckFailed");
  g_assert_null (reasons[2]);
  g_assert_cmpuint (fake_server_get_requests (f->server), ==, 1);
}

/* The item a failed condition returns reaches the kind's state. */
static void
test_error_item (void)
{
  g_autoptr(FakeServer) server = fake_server_new ();
  g_autoptr(DynanticClient) client = fake_server_new_client (server, NULL);
  g_autoptr(GError) error = NULL;
  TestCall *call = test_call_new ();
  g_autoptr(DynanticRequest) request = dynantic_request_new (g_object_ref (client), &test_kind, call,
                                                             (GDestroyNotify) test_call_free, &error);

  fake_server_push (server, &(FakeResponse) {
    .status = 400,
    .body = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#TransactionCanceledException\","
            "\"CancellationReasons\":[{\"Code\":\"ConditionalCheckFailed\",\"Item\":{\"n\":{\"N\":\"7\"}}}]}" });
  g_assert_false (dynantic_request_run (request, NULL, &error));
  g_assert_cmpstr (call->failed_item, ==, "{\"n\":{\"N\":\"7\"}}");
}

/* Nothing is sent when the body cannot be written. */
static void
test_body_error_sends_nothing (Fixture       *f,
                               gconstpointer  data)
{
  TestCall *call = test_call_new ();
  g_autoptr(GError) error = NULL;
  DynanticRequest *request;

  call->fail_to_write = TRUE;
  request = dynantic_request_new (g_object_ref (f->client), &test_kind, call,
                                  (GDestroyNotify) test_call_free, &error);
  g_assert_null (request);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
  g_assert_cmpuint (fake_server_get_requests (f->server), ==, 0);
}

/* Responses are read strictly, not retried. */
static void
test_strict_responses (Fixture       *f,
                       gconstpointer  data)
{
  static const char * const bodies[] = {
    "{\"Unprocessed\":0} {}",            /* trailing data */
    "{\"Unprocessed\":0}x",
    "[]",                                /* not an object */
    "{\"Unprocessed\":\"zero\"}",        /* a member the kind refuses */
    "{\"Refused\":1}",
    "{\"Unprocessed\":0,",               /* cut */
    "",                                  /* empty */
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      TestCall *call = test_call_new ();
      g_autoptr(GError) error = NULL;

      call->refuse = TRUE;
      fake_server_push (f->server, &(FakeResponse) { .body = bodies[i] });
      g_assert_false (run (f, new_request (f, call), &error));
      g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_BAD_RESPONSE);
      g_assert_cmpuint (fake_server_get_requests (f->server), ==, i + 1);
    }
}

/* The deadline covers every round: rounds that each take 150 ms cannot
 * all fit in 400 ms. */
static void
test_deadline_over_rounds (Fixture       *f,
                           gconstpointer  data)
{
  TestCall *call = test_call_new ();
  DynanticRequest *request = new_request (f, call);
  g_autoptr(GError) error = NULL;

  fake_server_push (f->server, &(FakeResponse) { .body = "{\"Unprocessed\":1}", .delay_ms = 150, .repeat = 10 });
  dynantic_request_set_deadline (request, g_get_monotonic_time () + 400 * G_TIME_SPAN_MILLISECOND);
  g_assert_false (run (f, request, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_TIMEOUT);
  g_assert_cmpuint (fake_server_get_requests (f->server), <, 10);
}

static void
add (const char  *name,
     void       (*test) (Fixture *, gconstpointer))
{
  g_autofree char *sync_path = g_strconcat ("/request/sync/", name, NULL);
  g_autofree char *async_path = g_strconcat ("/request/async/", name, NULL);

  g_test_add (sync_path, Fixture, &sync_case, fixture_set_up, test, fixture_tear_down);
  g_test_add (async_path, Fixture, &async_case, fixture_set_up, test, fixture_tear_down);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  add ("rounds", test_rounds);
  add ("retries-resend-the-body", test_retries_resend_the_body);
  add ("error-members", test_error_members);
  g_test_add_func ("/request/error-item", test_error_item);
  add ("body-error-sends-nothing", test_body_error_sends_nothing);
  add ("strict-responses", test_strict_responses);
  add ("deadline-over-rounds", test_deadline_over_rounds);

  return g_test_run ();
}
