/* test-transaction-fake.c: transactions against a server that fails,
 * loses responses, conflicts and cancels: every retry of a transaction
 * sends its client request token unchanged, a conflict is retried (when
 * asked) as a new transaction after a growing, jittered delay (watched
 * through the retry policy's observer, never timed), the reasons of a
 * cancellation come back per action, and what is wrong is refused before
 * anything is sent
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "aws/dynantic-retry-private.h"
#include "batch-fixtures.h"
#include "dynantic-client-private.h"
#include "dynantic-model-private.h"
#include "fake-server.h"

typedef struct {
  FakeServer     *server;
  DynanticClient *client;
  GArray         *ceilings;    /* GTimeSpan of each backoff decided */
  GCancellable   *cancel_on_backoff;
  TestAsync       async;
} Fixture;

static const char CANCELLED_PREFIX[] =
  "{\"__type\":\"com.amazonaws.dynamodb.v20120810#TransactionCanceledException\","
  "\"message\":\"Transaction cancelled, please refer cancellation reasons for specific reasons\","
  "\"CancellationReasons\":";

static void
observe_backoff (guint     retry,
                 GTimeSpan ceiling,
                 GTimeSpan delay,
                 gpointer  user_data)
{
  Fixture *f = user_data;

  g_array_append_val (f->ceilings, ceiling);
  if (f->cancel_on_backoff != NULL)
    g_cancellable_cancel (f->cancel_on_backoff);
}

static double
half (void)
{
  return 0.5;
}

static const GType *
model_types (void)
{
  static GType types[4];

  types[0] = TEST_TYPE_PET;
  types[1] = TEST_TYPE_ORDER;
  types[2] = TEST_TYPE_DOC;
  types[3] = G_TYPE_INVALID;
  return types;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static const char * const tables[] = { "pets", "orders", "docs" };
  const GType *types = model_types ();
  DynanticRetryPolicy *policy;

  f->server = fake_server_new ();
  f->client = fake_server_new_client (f->server, "max-attempts", 3, NULL);
  f->ceilings = g_array_new (FALSE, FALSE, sizeof (GTimeSpan));
  policy = dynantic_client_get_retry_policy (f->client);
  dynantic_retry_policy_set_observer (policy, observe_backoff, f);
  dynantic_retry_policy_set_random (policy, half);
  g_type_class_ref (TEST_TYPE_DOG);
  g_type_class_ref (TEST_TYPE_CAT);
  for (guint i = 0; types[i] != G_TYPE_INVALID; i++)
    {
      DynanticModelClass *klass = g_type_class_ref (types[i]);

      dynantic_model_class_set_table (klass, tables[i]);
      dynantic_model_class_set_client (klass, f->client);
    }
  test_async_init (&f->async);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  const GType *types = model_types ();

  for (guint i = 0; types[i] != G_TYPE_INVALID; i++)
    {
      DynanticModelClass *klass = g_type_class_peek (types[i]);

      dynantic_model_class_set_client (klass, NULL);
      g_type_class_unref (klass);
    }
  g_type_class_unref (g_type_class_peek (TEST_TYPE_DOG));
  g_type_class_unref (g_type_class_peek (TEST_TYPE_CAT));
  g_clear_object (&f->client);
  g_clear_pointer (&f->server, fake_server_free);
  g_array_unref (f->ceilings);
  g_clear_object (&f->cancel_on_backoff);
  test_async_clear (&f->async);
}

static const char *
reason_code_of (GPtrArray *reasons,
                guint      i)
{
  return dynantic_cancellation_reason_get_code (reasons->pdata[i]);
}

static gboolean
run_write (Fixture                *f,
           DynanticTransactWrite  *transaction,
           gboolean                async,
           GCancellable           *cancellable,
           GError                **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  if (!async)
    return dynantic_transact_write_execute (transaction, cancellable, error);
  dynantic_transact_write_execute_async (transaction, cancellable, test_async_callback, &f->async);
  result = test_async_wait (&f->async);
  return dynantic_transact_write_execute_finish (transaction, result, error);
}

/* The ClientRequestToken of request @i (from 0), which every request has. */
static char *
token_of_request (Fixture *f,
                  guint    i)
{
  g_auto(GStrv) bodies = fake_server_dup_bodies (f->server);
  g_autoptr(JsonObject) body = NULL;

  g_assert_cmpuint (g_strv_length (bodies), >, i);
  body = test_parse_object (bodies[i]);
  g_assert_true (json_object_has_member (body, "ClientRequestToken"));
  return g_strdup (json_object_get_string_member (body, "ClientRequestToken"));
}

/* A versioned put and a put, transaction-wide. */
static DynanticTransactWrite *
two_puts (TestDoc   *doc,
          TestOrder *order)
{
  DynanticTransactWrite *transaction = dynantic_transact_write_new (NULL);

  dynantic_transact_write_put (transaction, DYNANTIC_MODEL (doc), NULL);
  dynantic_transact_write_put (transaction, DYNANTIC_MODEL (order), NULL);
  return transaction;
}

/* A 5xx, then success: the retry is the same body, the same token. */
static void
test_5xx_same_token (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(TestDoc) doc = test_doc_new ("d1", "text");
  g_autoptr(TestOrder) order = test_order_new ("c", 1, 1);
  g_autoptr(DynanticTransactWrite) transaction = two_puts (doc, order);
  g_auto(GStrv) bodies = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL;
  JsonArray *items;

  fake_server_push_error (f->server, 500, "InternalServerError", 1);
  g_assert_true (run_write (f, transaction, GPOINTER_TO_INT (data), NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (fake_server_get_requests (f->server), ==, 2);
  target = fake_server_dup_last_target (f->server);
  g_assert_cmpstr (target, ==, "DynamoDB_20120810.TransactWriteItems");
  bodies = fake_server_dup_bodies (f->server);
  g_assert_cmpstr (bodies[0], ==, bodies[1]);
  body = test_parse_object (bodies[0]);
  g_assert_cmpstr (json_object_get_string_member (body, "ClientRequestToken"), ==,
                   dynantic_transact_write_get_client_request_token (transaction));
  items = json_object_get_array_member (body, "TransactItems");
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_array_get_object_element (items, 0), "Put"),
                                                  "TableName"), ==, "docs");
  /* the version: stored as 1, only over no item */
  g_assert_nonnull (strstr (bodies[0], "\"version\":{\"N\":\"1\"}"));
  g_assert_nonnull (strstr (bodies[0], "attribute_not_exists"));
  g_assert_cmpint (test_get_int (doc, "version"), ==, 1);
  g_assert_cmpuint (f->ceilings->len, ==, 1);
}

/* TransactionInProgressException (a retry reaching DynamoDB while the
 * first attempt is applied) is retried as throttling, with the same token. */
static void
test_in_progress (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(TestDoc) doc = test_doc_new ("d1", "text");
  g_autoptr(TestOrder) order = test_order_new ("c", 1, 1);
  g_autoptr(DynanticTransactWrite) transaction = two_puts (doc, order);
  g_auto(GStrv) bodies = NULL;
  g_autoptr(GError) error = NULL;

  fake_server_push_error (f->server, 400, "TransactionInProgressException", 2);
  g_assert_true (run_write (f, transaction, GPOINTER_TO_INT (data), NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fake_server_get_requests (f->server), ==, 3);
  bodies = fake_server_dup_bodies (f->server);
  g_assert_cmpstr (bodies[0], ==, bodies[1]);
  g_assert_cmpstr (bodies[1], ==, bodies[2]);
  g_assert_cmpuint (f->ceilings->len, ==, 2);
  g_assert_cmpint (g_array_index (f->ceilings, GTimeSpan, 1), ==, 2 * g_array_index (f->ceilings, GTimeSpan, 0));
}

/* Every response lost: the outcome is unknown, so executing again sends
 * the same token (DynamoDB applies it once); after an outcome that is
 * known, a new one. */
static void
test_lost_response (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(TestDoc) doc = test_doc_new ("d1", "text");
  g_autoptr(TestOrder) order = test_order_new ("c", 1, 1);
  g_autoptr(DynanticTransactWrite) transaction = two_puts (doc, order);
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *again = NULL;
  g_autofree char *after = NULL;
  g_autofree char *next = NULL;

  fake_server_push (f->server, &(FakeResponse) { .action = FAKE_DROP, .repeat = 3 });
  g_assert_false (run_write (f, transaction, GPOINTER_TO_INT (data), NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_NETWORK);
  g_clear_error (&error);
  g_assert_cmpuint (fake_server_get_requests (f->server), ==, 3);
  g_assert_cmpint (test_get_int (doc, "version"), ==, 0);   /* not known to be written */
  first = token_of_request (f, 0);
  after = token_of_request (f, 2);
  g_assert_cmpstr (first, ==, after);

  g_assert_true (run_write (f, transaction, GPOINTER_TO_INT (data), NULL, &error));
  g_assert_no_error (error);
  again = token_of_request (f, 3);
  g_assert_cmpstr (again, ==, first);
  g_assert_cmpint (test_get_int (doc, "version"), ==, 1);

  /* written: the next execution is a new transaction */
  g_assert_true (run_write (f, transaction, GPOINTER_TO_INT (data), NULL, &error));
  g_assert_no_error (error);
  next = token_of_request (f, 4);
  g_assert_cmpstr (next, !=, first);
  g_assert_cmpint (test_get_int (doc, "version"), ==, 2);
}

/* Cancelled: one reason per action, the item of the failed condition as
 * an object of the subclass its discriminator names; not retried, no
 * version taken. */
static void
test_cancelled (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(TestDoc) doc = test_doc_new ("d1", "text");
  g_autoptr(DynanticTransactWrite) transaction = dynantic_transact_write_new (NULL);
  g_autofree char *body = g_strconcat (CANCELLED_PREFIX,
                                       "[{\"Code\":\"None\"},{\"Code\":\"ConditionalCheckFailed\","
                                       "\"Message\":\"The conditional request failed\","
                                       "\"Item\":{\"pet_id\":{\"S\":\"p1\"},\"kind\":{\"S\":\"CAT\"},"
                                       "\"name\":{\"S\":\"Tom\"},\"lives\":{\"N\":\"3\"}}}]}", NULL);
  g_autoptr(GPtrArray) reasons = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *codes;
  DynanticModel *item;

  dynantic_transact_write_put (transaction, DYNANTIC_MODEL (doc), NULL);
  dynantic_transact_write_check_key (transaction, TEST_TYPE_PET, VALUE_STRING ("p1"), NULL,
                                     TAKE (dynantic_condition_eq ("name", VALUE_STRING ("Felix"))));
  fake_server_push (f->server, &(FakeResponse) { .status = 400, .body = body });
  g_assert_false (run_write (f, transaction, GPOINTER_TO_INT (data), NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_TRANSACTION_CANCELED);
  g_assert_cmpuint (fake_server_get_requests (f->server), ==, 1);
  g_assert_cmpint (test_get_int (doc, "version"), ==, 0);
  g_assert_null (strstr (error->message, "Tom"));   /* no item value in the message */

  codes = dynantic_error_get_cancellation_reasons (error);
  g_assert_cmpstr (codes[0], ==, "None");
  g_assert_cmpstr (codes[1], ==, "ConditionalCheckFailed");
  g_assert_null (codes[2]);
  reasons = dynantic_transact_write_get_cancellation_reasons (transaction);
  g_assert_cmpuint (reasons->len, ==, 2);
  g_assert_null (dynantic_cancellation_reason_get_message (reasons->pdata[0]));
  g_assert_cmpstr (dynantic_cancellation_reason_get_message (reasons->pdata[1]), ==, "The conditional request failed");
  item = dynantic_cancellation_reason_get_item (reasons->pdata[1]);
  g_assert_true (TEST_IS_CAT (item));
  g_assert_cmpint (test_get_int (item, "lives"), ==, 3);
  g_assert_cmpuint (dynantic_error_get_cancellation_details (error)->len, ==, 2);
}

/* Conflicts alone: TRANSACTION_CONFLICT, not retried unless asked; when
 * asked, retried as new transactions (new tokens) after growing delays. */
static void
test_conflict (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(TestDoc) doc = test_doc_new ("d1", "text");
  g_autoptr(TestOrder) order = test_order_new ("c", 1, 1);
  g_autoptr(DynanticTransactWrite) transaction = two_puts (doc, order);
  g_autofree char *body = g_strconcat (CANCELLED_PREFIX,
                                       "[{\"Code\":\"None\"},{\"Code\":\"TransactionConflict\","
                                       "\"Message\":\"Transaction is ongoing for the item\"}]}", NULL);
  g_autoptr(GPtrArray) reasons = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;

  fake_server_push (f->server, &(FakeResponse) { .status = 400, .body = body });
  g_assert_false (run_write (f, transaction, GPOINTER_TO_INT (data), NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_TRANSACTION_CONFLICT);
  g_assert_cmpstr (dynantic_error_get_cancellation_reasons (error)[1], ==, "TransactionConflict");
  g_clear_error (&error);
  g_assert_cmpuint (fake_server_get_requests (f->server), ==, 1);
  reasons = dynantic_transact_write_get_cancellation_reasons (transaction);
  g_assert_cmpstr (reason_code_of (reasons, 1), ==, "TransactionConflict");

  dynantic_transact_write_set_retry_conflicts (transaction, TRUE);
  fake_server_push (f->server, &(FakeResponse) { .status = 400, .body = body, .repeat = 2 });
  g_assert_true (run_write (f, transaction, GPOINTER_TO_INT (data), NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fake_server_get_requests (f->server), ==, 4);
  first = token_of_request (f, 1);
  second = token_of_request (f, 2);
  third = token_of_request (f, 3);
  g_assert_cmpstr (first, !=, second);
  g_assert_cmpstr (second, !=, third);
  g_assert_cmpuint (f->ceilings->len, ==, 2);
  g_assert_cmpint (g_array_index (f->ceilings, GTimeSpan, 1), ==, 2 * g_array_index (f->ceilings, GTimeSpan, 0));
  g_assert_cmpint (test_get_int (doc, "version"), ==, 1);

  /* conflicts every time: the client's attempts, then the conflict */
  g_array_set_size (f->ceilings, 0);
  fake_server_push (f->server, &(FakeResponse) { .status = 400, .body = body, .repeat = 3 });
  g_assert_false (run_write (f, transaction, GPOINTER_TO_INT (data), NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_TRANSACTION_CONFLICT);
  g_assert_cmpuint (fake_server_get_requests (f->server), ==, 7);
}

/* Cancelled during the wait before a conflict's retry. */
static void
test_cancel_during_backoff (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(TestDoc) doc = test_doc_new ("d1", "text");
  g_autoptr(TestOrder) order = test_order_new ("c", 1, 1);
  g_autoptr(DynanticTransactWrite) transaction = two_puts (doc, order);
  g_autofree char *body = g_strconcat (CANCELLED_PREFIX,
                                       "[{\"Code\":\"TransactionConflict\"},{\"Code\":\"None\"}]}", NULL);
  g_autoptr(GError) error = NULL;

  dynantic_retry_policy_set_backoff (dynantic_client_get_retry_policy (f->client), 10 * G_TIME_SPAN_SECOND,
                                     10 * G_TIME_SPAN_SECOND, 20 * G_TIME_SPAN_SECOND);
  f->cancel_on_backoff = g_cancellable_new ();
  dynantic_transact_write_set_retry_conflicts (transaction, TRUE);
  fake_server_push (f->server, &(FakeResponse) { .status = 400, .body = body, .repeat = 5 });
  g_assert_false (run_write (f, transaction, GPOINTER_TO_INT (data), f->cancel_on_backoff, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (fake_server_get_requests (f->server), ==, 1);
  g_assert_cmpint (test_get_int (doc, "version"), ==, 0);
}

static void
assert_refused (Fixture               *f,
                DynanticTransactWrite *transaction,
                gint                   code)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (dynantic_transact_write_execute (transaction, NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, code);
  g_assert_cmpuint (fake_server_get_requests (f->server), ==, 0);
}

/* Refused before anything is sent. */
static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(DynanticTransactWrite) empty = dynantic_transact_write_new (NULL);
  g_autoptr(DynanticTransactWrite) big = dynantic_transact_write_new (NULL);
  g_autoptr(DynanticTransactWrite) twice = dynantic_transact_write_new (NULL);
  g_autoptr(DynanticTransactWrite) twice_update = dynantic_transact_write_new (NULL);
  g_autoptr(DynanticTransactWrite) unchecked = dynantic_transact_write_new (NULL);
  g_autoptr(DynanticTransactWrite) long_token = dynantic_transact_write_new (NULL);
  g_autoptr(DynanticTransactWrite) invalid = dynantic_transact_write_new (NULL);
  g_autoptr(DynanticUpdate) update = dynantic_update_new (TEST_TYPE_ORDER, VALUE_STRING ("c"), VALUE_INT (1), NULL);
  g_autoptr(TestOrder) order = test_order_new ("c", 1, 1);
  g_autoptr(TestPet) nameless = g_object_new (TEST_TYPE_DOG, NULL);
  g_autoptr(GError) error = NULL;

  assert_refused (f, empty, DYNANTIC_ERROR_INVALID_ARGUMENT);

  for (int i = 0; i < 101; i++)
    {
      g_autoptr(TestOrder) each = test_order_new ("c", i, i);

      dynantic_transact_write_put (big, DYNANTIC_MODEL (each), NULL);
    }
  assert_refused (f, big, DYNANTIC_ERROR_INVALID_ARGUMENT);

  dynantic_transact_write_put (twice, DYNANTIC_MODEL (order), NULL);
  dynantic_transact_write_check_key (twice, TEST_TYPE_ORDER, VALUE_STRING ("c"), VALUE_INT (1),
                                     TAKE (dynantic_condition_attribute_exists ("total")));
  g_assert_false (dynantic_transact_write_execute (twice, NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "actions 0 and 1"));
  g_assert_nonnull (strstr (error->message, "“orders”"));
  g_clear_error (&error);

  /* the key converted as the class declares it: "1" is the seq 1 */
  dynantic_update_set_value (update, "total", VALUE_DOUBLE (2));
  dynantic_transact_write_update (twice_update, update);
  dynantic_transact_write_delete_key (twice_update, TEST_TYPE_ORDER, VALUE_STRING ("c"), VALUE_INT64 (1), NULL);
  assert_refused (f, twice_update, DYNANTIC_ERROR_INVALID_ARGUMENT);

  dynantic_transact_write_check (unchecked, DYNANTIC_MODEL (order), NULL);
  assert_refused (f, unchecked, DYNANTIC_ERROR_INVALID_ARGUMENT);

  dynantic_transact_write_put (long_token, DYNANTIC_MODEL (order), NULL);
  dynantic_transact_write_set_client_request_token (long_token, "0123456789012345678901234567890123456");
  assert_refused (f, long_token, DYNANTIC_ERROR_INVALID_ARGUMENT);

  dynantic_transact_write_put (invalid, DYNANTIC_MODEL (order), NULL);
  dynantic_transact_write_put (invalid, DYNANTIC_MODEL (nameless), NULL);
  assert_refused (f, invalid, DYNANTIC_ERROR_VALIDATION);
}

/* TransactGetItems: the body, the answers in order, NULL for the missing,
 * answers that do not match refused. */
static void
test_get (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(DynanticTransactGet) get = dynantic_transact_get_new (NULL);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) reasons = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_auto(GStrv) bodies = NULL;
  g_autofree char *cancelled = g_strconcat (CANCELLED_PREFIX,
                                            "[{\"Code\":\"None\"},{\"Code\":\"TransactionConflict\"}]}", NULL);

  dynantic_transact_get_add_key (get, TEST_TYPE_ORDER, VALUE_STRING ("c"), VALUE_INT (1));
  dynantic_transact_get_add_key (get, TEST_TYPE_PET, VALUE_STRING ("p1"), NULL);
  fake_server_push (f->server, &(FakeResponse) {
    .body = "{\"Responses\":[{\"Item\":{\"customer\":{\"S\":\"c\"},\"seq\":{\"N\":\"1\"},\"total\":{\"N\":\"4.5\"}}},{}]}" });
  g_assert_true (dynantic_transact_get_execute (get, NULL, &error));
  g_assert_no_error (error);
  items = dynantic_transact_get_get_items (get);
  g_assert_cmpuint (items->len, ==, 2);
  g_assert_cmpfloat (test_get_double (items->pdata[0], "total"), ==, 4.5);
  g_assert_null (items->pdata[1]);
  bodies = fake_server_dup_bodies (f->server);
  g_assert_cmpstr (bodies[0], ==,
                   "{\"TransactItems\":[{\"Get\":{\"TableName\":\"orders\",\"Key\":{\"customer\":{\"S\":\"c\"},\"seq\":{\"N\":\"1\"}}}},"
                   "{\"Get\":{\"TableName\":\"pets\",\"Key\":{\"pet_id\":{\"S\":\"p1\"}}}}]}");

  /* one answer for two keys; an answer for another key */
  fake_server_push (f->server, &(FakeResponse) { .body = "{\"Responses\":[{}]}" });
  dynantic_transact_get_execute_async (get, NULL, test_async_callback, &f->async);
  result = test_async_wait (&f->async);
  g_assert_false (dynantic_transact_get_execute_finish (get, result, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_BAD_RESPONSE);
  g_assert_null (dynantic_transact_get_lookup (get, 0));   /* a failed read keeps nothing */
  g_clear_error (&error);
  fake_server_push (f->server, &(FakeResponse) {
    .body = "{\"Responses\":[{\"Item\":{\"customer\":{\"S\":\"c\"},\"seq\":{\"N\":\"2\"}}},{}]}" });
  g_assert_false (dynantic_transact_get_execute (get, NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_BAD_RESPONSE);
  g_clear_error (&error);

  fake_server_push (f->server, &(FakeResponse) { .status = 400, .body = cancelled });
  g_assert_false (dynantic_transact_get_execute (get, NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_TRANSACTION_CONFLICT);
  reasons = dynantic_transact_get_get_cancellation_reasons (get);
  g_assert_cmpuint (reasons->len, ==, 2);
  g_assert_cmpstr (dynantic_cancellation_reason_get_code (reasons->pdata[1]), ==, "TransactionConflict");
  g_clear_error (&error);

  /* the same key twice: refused before sending */
  dynantic_transact_get_add_key (get, TEST_TYPE_ORDER, VALUE_STRING ("c"), VALUE_INT (1));
  g_assert_false (dynantic_transact_get_execute (get, NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT);
  g_assert_cmpuint (fake_server_get_requests (f->server), ==, 4);
}

static const char TOM_RESPONSE[] =
  "{\"Responses\":[{\"Item\":{\"pet_id\":{\"S\":\"p1\"},\"kind\":{\"S\":\"CAT\"},"
  "\"name\":{\"S\":\"Tom\"},\"lives\":{\"N\":\"3\"}}}]}";

/* Runs @get asynchronously to its end: whether it read. */
static gboolean
run_get_async (DynanticTransactGet  *get,
               GError              **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  TestAsync async;
  gboolean read;

  test_async_init (&async);
  dynantic_transact_get_execute_async (get, NULL, test_async_callback, &async);
  result = test_async_wait (&async);
  read = dynantic_transact_get_execute_finish (get, result, error);
  test_async_clear (&async);
  return read;
}

/* An execution refused because another runs leaves the running one alone:
 * a third is refused as well, the first reads its items, and a new
 * execution runs once it is done. (The refused one's finish used to end
 * the running execution.) */
static void
test_get_refused_while_running (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(DynanticTransactGet) get = dynantic_transact_get_new (NULL);
  g_autoptr(GCancellable) hold = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  DynanticModel *item;

  dynantic_transact_get_add_key (get, TEST_TYPE_PET, VALUE_STRING ("p1"), NULL);
  fake_server_push (f->server, &(FakeResponse) { .body = TOM_RESPONSE, .hold = hold });
  dynantic_transact_get_execute_async (get, NULL, test_async_callback, &f->async);

  g_assert_false (run_get_async (get, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (run_get_async (get, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (dynantic_transact_get_execute (get, NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_cancellable_cancel (hold);
  result = test_async_wait (&f->async);
  g_assert_true (dynantic_transact_get_execute_finish (get, result, &error));
  g_assert_no_error (error);
  item = dynantic_transact_get_lookup (get, 0);
  g_assert_true (TEST_IS_CAT (item));
  g_assert_cmpint (test_get_int (item, "lives"), ==, 3);
  g_assert_cmpuint (fake_server_get_requests (f->server), ==, 1);

  /* done: a new execution runs */
  fake_server_push (f->server, &(FakeResponse) { .body = "{\"Responses\":[{}]}" });
  g_assert_true (dynantic_transact_get_execute (get, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (dynantic_transact_get_lookup (get, 0));
  g_assert_cmpuint (fake_server_get_requests (f->server), ==, 2);
}

/* The items read keep the client the read went through when it was not a
 * class's: the one given, or the first key object's own; through the
 * class's client they keep none (their class's is theirs already). */
static void
test_get_item_client (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(DynanticClient) other = fake_server_new_client (f->server, NULL);
  g_autoptr(DynanticTransactGet) get = dynantic_transact_get_new (NULL);
  g_autoptr(DynanticTransactGet) by_values = dynantic_transact_get_new (NULL);
  g_autoptr(TestOrder) key = test_order_new ("c", 1, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  dynantic_model_set_instance_client (DYNANTIC_MODEL (key), other);
  dynantic_transact_get_add (get, DYNANTIC_MODEL (key));
  dynantic_transact_get_add_key (get, TEST_TYPE_PET, VALUE_STRING ("p1"), NULL);
  fake_server_push (f->server, &(FakeResponse) {
    .body = "{\"Responses\":[{\"Item\":{\"customer\":{\"S\":\"c\"},\"seq\":{\"N\":\"1\"}}},"
            "{\"Item\":{\"pet_id\":{\"S\":\"p1\"},\"kind\":{\"S\":\"DOG\"}}}]}" });
  if (GPOINTER_TO_INT (data))
    {
      dynantic_transact_get_execute_async (get, NULL, test_async_callback, &f->async);
      result = test_async_wait (&f->async);
      g_assert_true (dynantic_transact_get_execute_finish (get, result, &error));
    }
  else
    g_assert_true (dynantic_transact_get_execute (get, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (TEST_IS_ORDER (dynantic_transact_get_lookup (get, 0)));
  g_assert_true (TEST_IS_DOG (dynantic_transact_get_lookup (get, 1)));
  for (guint i = 0; i < 2; i++)
    {
      g_assert_true (dynantic_model_get_own_client (dynantic_transact_get_lookup (get, i)) == other);
      g_assert_true (dynantic_model_get_instance_client (dynantic_transact_get_lookup (get, i)) == other);
    }

  dynantic_transact_get_add_key (by_values, TEST_TYPE_PET, VALUE_STRING ("p1"), NULL);
  fake_server_push (f->server, &(FakeResponse) { .body = TOM_RESPONSE });
  g_assert_true (dynantic_transact_get_execute (by_values, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (dynantic_model_get_own_client (dynantic_transact_get_lookup (by_values, 0)));
  g_assert_true (dynantic_model_get_instance_client (dynantic_transact_get_lookup (by_values, 0)) == f->client);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, async) \
  g_test_add ((path), Fixture, GINT_TO_POINTER (async), fixture_set_up, (func), fixture_tear_down)
  ADD ("/transact-write/5xx-same-token", test_5xx_same_token, FALSE);
  ADD ("/transact-write/5xx-same-token-async", test_5xx_same_token, TRUE);
  ADD ("/transact-write/in-progress", test_in_progress, FALSE);
  ADD ("/transact-write/lost-response", test_lost_response, FALSE);
  ADD ("/transact-write/lost-response-async", test_lost_response, TRUE);
  ADD ("/transact-write/cancelled", test_cancelled, FALSE);
  ADD ("/transact-write/cancelled-async", test_cancelled, TRUE);
  ADD ("/transact-write/conflict", test_conflict, FALSE);
  ADD ("/transact-write/conflict-async", test_conflict, TRUE);
  ADD ("/transact-write/cancel-during-backoff", test_cancel_during_backoff, FALSE);
  ADD ("/transact-write/cancel-during-backoff-async", test_cancel_during_backoff, TRUE);
  ADD ("/transact-write/refused-before-sending", test_refused, FALSE);
  ADD ("/transact-get/responses", test_get, FALSE);
  ADD ("/transact-get/refused-while-running", test_get_refused_while_running, TRUE);
  ADD ("/transact-get/item-client", test_get_item_client, FALSE);
  ADD ("/transact-get/item-client-async", test_get_item_client, TRUE);
#undef ADD

  return g_test_run ();
}
