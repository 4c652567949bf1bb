/* test-batch-fake.c: batch writes against a server that leaves items
 * unprocessed, fails, throttles and is slow: retried with growing,
 * jittered delays (watched through the retry policy's observer, never
 * timed), nothing lost, cancellable during a wait
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "aws/dynantic-retry-private.h"
#include "batch-fixtures.h"
#include "dynantic-model-private.h"
#include "dynantic-client-private.h"
#include "fake-server.h"

typedef struct {
  FakeServer     *server;
  DynanticClient *client;
  GArray         *ceilings;    /* GTimeSpan of each backoff decided */
  GArray         *delays;
  GCancellable   *cancel_on_backoff;
  TestAsync       async;
} Fixture;

static void
observe_backoff (guint     retry,
                 GTimeSpan ceiling,
                 GTimeSpan delay,
                 gpointer  user_data)
{
  Fixture *f = user_data;

  g_array_append_val (f->ceilings, ceiling);
  g_array_append_val (f->delays, delay);
  if (f->cancel_on_backoff != NULL)
    g_cancellable_cancel (f->cancel_on_backoff);
}

/* The jitter: 0.25, 0.75, 0.25, ... from each test's start. */
static guint random_calls;

static double
alternating_random (void)
{
  return random_calls++ % 2 == 0 ? 0.25 : 0.75;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  DynanticRetryPolicy *policy;

  f->server = fake_server_new ();
  f->client = fake_server_new_client (f->server, "max-attempts", 3, NULL);
  f->ceilings = g_array_new (FALSE, FALSE, sizeof (GTimeSpan));
  f->delays = g_array_new (FALSE, FALSE, sizeof (GTimeSpan));
  policy = dynantic_client_get_retry_policy (f->client);
  random_calls = 0;
  dynantic_retry_policy_set_observer (policy, observe_backoff, f);
  dynantic_retry_policy_set_random (policy, alternating_random);
  dynantic_model_class_set_table (g_type_class_ref (TEST_TYPE_ORDER), "orders");
  dynantic_model_class_set_client (g_type_class_peek (TEST_TYPE_ORDER), f->client);
  test_async_init (&f->async);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  dynantic_model_class_set_client (g_type_class_peek (TEST_TYPE_ORDER), NULL);
  g_type_class_unref (g_type_class_peek (TEST_TYPE_ORDER));
  g_clear_object (&f->client);
  g_clear_pointer (&f->server, fake_server_free);
  g_array_unref (f->ceilings);
  g_array_unref (f->delays);
  g_clear_object (&f->cancel_on_backoff);
  test_async_clear (&f->async);
}

static GPtrArray *
make_orders (guint n)
{
  GPtrArray *orders = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (orders, test_order_new ("c", (int) i, i));
  return orders;
}

static DynanticBatchWrite *
batch_of (Fixture   *f,
          GPtrArray *orders)
{
  DynanticBatchWrite *batch = dynantic_batch_write_new (f->client);

  for (guint i = 0; i < orders->len; i++)
    dynantic_batch_write_save (batch, orders->pdata[i]);
  return batch;
}

/* {"UnprocessedItems":{"orders":[the PutRequests of seqs @first..@last]}} */
static char *
unprocessed_body (guint first,
                  guint last)
{
  GString *body = g_string_new ("{\"UnprocessedItems\":{\"orders\":[");

  for (guint i = first; i <= last; i++)
    g_string_append_printf (body, "%s{\"PutRequest\":{\"Item\":{\"customer\":{\"S\":\"c\"},"
                            "\"seq\":{\"N\":\"%u\"},\"total\":{\"N\":\"%u\"}}}}",
                            i > first ? "," : "", i, i);
  g_string_append (body, "]},\"ConsumedCapacity\":[{\"TableName\":\"orders\",\"CapacityUnits\":1.5}]}");
  return g_string_free (body, FALSE);
}

/* How many PutRequests each request the server got held. */
static GArray *
puts_per_request (Fixture *f)
{
  g_auto(GStrv) bodies = fake_server_dup_bodies (f->server);
  GArray *counts = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; bodies[i] != NULL; i++)
    {
      guint n = 0;

      for (const char *p = bodies[i]; (p = strstr (p, "PutRequest")) != NULL; p++)
        n++;
      g_array_append_val (counts, n);
    }
  return counts;
}

static gboolean
run_batch (Fixture             *f,
           DynanticBatchWrite  *batch,
           gboolean             async,
           GCancellable        *cancellable,
           GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  if (!async)
    return dynantic_batch_write_execute (batch, cancellable, error);
  dynantic_batch_write_execute_async (batch, cancellable, test_async_callback, &f->async);
  result = test_async_wait (&f->async);
  return dynantic_batch_write_execute_finish (batch, result, error);
}

/* Left unprocessed twice, then accepted: everything written, after two
 * waits whose ceilings double and whose delays are drawn under them. */
static void
test_unprocessed_twice (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) orders = make_orders (3);
  g_autoptr(DynanticBatchWrite) batch = batch_of (f, orders);
  g_autofree char *unprocessed = unprocessed_body (0, 2);
  g_autoptr(GPtrArray) processed = NULL;
  g_autoptr(GArray) puts = NULL;
  g_autoptr(GError) error = NULL;

  fake_server_push (f->server, &(FakeResponse) { .body = unprocessed, .repeat = 2 });
  g_assert_true (run_batch (f, batch, GPOINTER_TO_INT (data), NULL, &error));
  g_assert_no_error (error);

  processed = dynantic_batch_write_get_processed (batch);
  g_assert_cmpuint (processed->len, ==, 3);
  g_assert_cmpuint (dynantic_batch_write_get_n_retried (batch), ==, 6);
  g_assert_cmpfloat (dynantic_batch_write_get_consumed_capacity (batch), ==, 3);
  puts = puts_per_request (f);
  g_assert_cmpuint (puts->len, ==, 3);
  g_assert_cmpuint (g_array_index (puts, guint, 1), ==, 3);
  g_assert_cmpuint (g_array_index (puts, guint, 2), ==, 3);

  /* the client's base (1 ms in these tests), doubling; full jitter under it */
  g_assert_cmpuint (f->ceilings->len, ==, 2);
  g_assert_cmpint (g_array_index (f->ceilings, GTimeSpan, 0), ==, 1000);
  g_assert_cmpint (g_array_index (f->ceilings, GTimeSpan, 1), ==, 2000);
  g_assert_cmpint (g_array_index (f->delays, GTimeSpan, 0) + g_array_index (f->delays, GTimeSpan, 1), ==,
                   250 + 1500);
}

/* Never accepted: the error carries exactly the objects left. */
static void
test_never_accepted (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) orders = make_orders (3);
  g_autoptr(DynanticBatchWrite) batch = batch_of (f, orders);
  g_autofree char *seq1 = unprocessed_body (1, 1);
  g_autoptr(GPtrArray) unprocessed = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *carried;

  fake_server_push (f->server, &(FakeResponse) { .body = seq1, .repeat = 10 });
  g_assert_false (run_batch (f, batch, GPOINTER_TO_INT (data), NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_BATCH_INCOMPLETE);
  g_assert_nonnull (strstr (error->message, "1 of the 3"));

  carried = dynantic_error_get_unprocessed (error);
  g_assert_cmpuint (carried->len, ==, 1);
  g_assert_true (carried->pdata[0] == orders->pdata[1]);
  carried = dynantic_error_get_processed (error);
  g_assert_cmpuint (carried->len, ==, 2);
  g_assert_true (carried->pdata[0] == orders->pdata[0] && carried->pdata[1] == orders->pdata[2]);
  unprocessed = dynantic_batch_write_get_unprocessed (batch);
  g_assert_cmpuint (unprocessed->len, ==, 1);
  g_assert_true (unprocessed->pdata[0] == orders->pdata[1]);

  /* the first round wrote two: the attempts count from the next, 3 in a row */
  g_assert_cmpuint (fake_server_get_requests (f->server), ==, 4);
}

/* A 5xx on the second of three chunks: the others are written, the failed
 * chunk's 25 objects are reported. */
static void
test_failed_chunk (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) orders = make_orders (75);
  g_autoptr(DynanticBatchWrite) batch = batch_of (f, orders);
  g_autoptr(GPtrArray) unprocessed = NULL;
  g_autoptr(GArray) puts = NULL;
  g_autoptr(GError) error = NULL;

  dynantic_batch_write_set_max_in_flight (batch, 1);
  fake_server_push (f->server, &(FakeResponse) { .body = "{}" });
  fake_server_push_error (f->server, 500, "InternalServerError", 3);
  fake_server_push (f->server, &(FakeResponse) { .body = "{}" });
  g_assert_false (run_batch (f, batch, GPOINTER_TO_INT (data), NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_BATCH_INCOMPLETE);
  g_assert_nonnull (strstr (error->message, "InternalServerError"));

  unprocessed = dynantic_batch_write_get_unprocessed (batch);
  g_assert_cmpuint (unprocessed->len, ==, 25);
  for (guint i = 0; i < 25; i++)
    g_assert_true (unprocessed->pdata[i] == orders->pdata[25 + i]);
  g_assert_cmpuint (dynantic_error_get_processed (error)->len, ==, 50);
  puts = puts_per_request (f);
  g_assert_cmpuint (puts->len, ==, 5);   /* 1 + 3 attempts of the second + 1 */

  /* Nothing is lost: executed again, the 25 are written. */
  g_clear_error (&error);
  g_assert_true (run_batch (f, batch, GPOINTER_TO_INT (data), NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&unprocessed, g_ptr_array_unref);
  unprocessed = dynantic_batch_write_get_unprocessed (batch);
  g_assert_cmpuint (unprocessed->len, ==, 0);
  g_clear_pointer (&puts, g_array_unref);
  puts = puts_per_request (f);
  g_assert_cmpuint (g_array_index (puts, guint, 5), ==, 25);
}

/* Throttled: the client retries the request after a throttling backoff. */
static void
test_throttled (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) orders = make_orders (30);
  g_autoptr(DynanticBatchWrite) batch = batch_of (f, orders);
  g_autoptr(GPtrArray) processed = NULL;
  g_autoptr(GError) error = NULL;

  dynantic_batch_write_set_max_in_flight (batch, 1);
  fake_server_push_error (f->server, 400, "ProvisionedThroughputExceededException", 1);
  g_assert_true (run_batch (f, batch, GPOINTER_TO_INT (data), NULL, &error));
  g_assert_no_error (error);
  processed = dynantic_batch_write_get_processed (batch);
  g_assert_cmpuint (processed->len, ==, 30);
  g_assert_cmpuint (fake_server_get_requests (f->server), ==, 3);
  /* one backoff, under the throttled base (2 ms in these tests) */
  g_assert_cmpuint (f->ceilings->len, ==, 1);
  g_assert_cmpint (g_array_index (f->ceilings, GTimeSpan, 0), ==, 2000);
}

/* Cancelled while waiting to send the unprocessed part again: the wait is
 * a minute, the call ends at once, and what was not written is listed. */
static void
test_cancelled_during_backoff (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GPtrArray) orders = make_orders (3);
  g_autoptr(DynanticBatchWrite) batch = batch_of (f, orders);
  g_autofree char *unprocessed = unprocessed_body (0, 1);
  g_autoptr(GPtrArray) left = NULL;
  g_autoptr(GError) error = NULL;

  dynantic_retry_policy_set_backoff (dynantic_client_get_retry_policy (f->client),
                                     60 * G_TIME_SPAN_SECOND, 60 * G_TIME_SPAN_SECOND, 60 * G_TIME_SPAN_SECOND);
  f->cancel_on_backoff = g_cancellable_new ();
  fake_server_push (f->server, &(FakeResponse) { .body = unprocessed });
  g_assert_false (run_batch (f, batch, GPOINTER_TO_INT (data), f->cancel_on_backoff, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (fake_server_get_requests (f->server), ==, 1);
  left = dynantic_batch_write_get_unprocessed (batch);
  g_assert_cmpuint (left->len, ==, 2);
  g_assert_true (left->pdata[0] == orders->pdata[0] && left->pdata[1] == orders->pdata[1]);
}

/* Chunks run at once, a bounded number of them. */
static void
test_chunks_in_flight (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) orders = make_orders (100);
  g_autoptr(DynanticBatchWrite) batch = batch_of (f, orders);
  g_autoptr(GArray) puts = NULL;
  g_autoptr(GError) error = NULL;

  dynantic_batch_write_set_max_in_flight (batch, 3);
  fake_server_push (f->server, &(FakeResponse) { .body = "{}", .delay_ms = 20, .repeat = 4 });
  g_assert_true (run_batch (f, batch, GPOINTER_TO_INT (data), NULL, &error));
  g_assert_no_error (error);
  puts = puts_per_request (f);
  g_assert_cmpuint (puts->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpuint (g_array_index (puts, guint, i), ==, 25);
  /* three at once need three connections */
  g_assert_cmpuint (fake_server_get_connections (f->server), ==, 3);
}

/* A response naming an item that was never sent is refused: the chunk's
 * items stay unprocessed. */
static void
test_foreign_unprocessed_item (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GPtrArray) orders = make_orders (2);
  g_autoptr(DynanticBatchWrite) batch = batch_of (f, orders);
  g_autofree char *foreign = unprocessed_body (7, 7);
  g_autoptr(GError) error = NULL;

  fake_server_push (f->server, &(FakeResponse) { .body = foreign });
  g_assert_false (run_batch (f, batch, GPOINTER_TO_INT (data), NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_BATCH_INCOMPLETE);
  g_assert_cmpuint (dynantic_error_get_unprocessed (error)->len, ==, 2);
}

/* The writer keeps what a failed write did not write. */
static void
test_writer_keeps_failed (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) orders = make_orders (26);
  g_autoptr(DynanticBatchWriter) writer = dynantic_batch_writer_new (f->client);
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GError) error = NULL;

  fake_server_push_error (f->server, 503, "ServiceUnavailable", 3);
  for (guint i = 0; i < 24; i++)
    g_assert_true (dynantic_batch_writer_save (writer, orders->pdata[i], NULL, &error));
  g_assert_false (dynantic_batch_writer_save (writer, orders->pdata[24], NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_BATCH_INCOMPLETE);
  g_clear_error (&error);
  g_assert_cmpuint (dynantic_batch_writer_get_n_pending (writer), ==, 25);
  pending = dynantic_batch_writer_get_pending (writer);
  g_assert_true (pending->pdata[24] == orders->pdata[24]);

  /* The next write takes them along. */
  g_assert_true (dynantic_batch_writer_save (writer, orders->pdata[25], NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (dynantic_batch_writer_get_n_pending (writer), ==, 0);
  g_assert_cmpuint (fake_server_get_requests (f->server), ==, 5);   /* 3 failed, then 25 + 1 */
}

/* Batch get ------------------------------------------------------------------- */

static DynanticBatchGet *
get_of (Fixture *f,
        guint    n)
{
  DynanticBatchGet *batch = dynantic_batch_get_new (f->client);

  for (guint i = 0; i < n; i++)
    dynantic_batch_get_add_key (batch, TEST_TYPE_ORDER, VALUE_STRING ("c"), VALUE_INT ((int) i));
  return batch;
}

/* {"Responses":{"orders":[items @found...]},"UnprocessedKeys":{"orders":{"Keys":[@unprocessed...]}}},
 * each a list of seqs ending with -1. */
static char *
get_body (const int *found,
          const int *unprocessed)
{
  GString *body = g_string_new ("{\"Responses\":{\"orders\":[");

  for (guint i = 0; found[i] >= 0; i++)
    g_string_append_printf (body, "%s{\"customer\":{\"S\":\"c\"},\"seq\":{\"N\":\"%d\"},\"total\":{\"N\":\"%d.5\"}}",
                            i > 0 ? "," : "", found[i], found[i]);
  g_string_append (body, "]},\"UnprocessedKeys\":{");
  if (unprocessed[0] >= 0)
    {
      g_string_append (body, "\"orders\":{\"Keys\":[");
      for (guint i = 0; unprocessed[i] >= 0; i++)
        g_string_append_printf (body, "%s{\"customer\":{\"S\":\"c\"},\"seq\":{\"N\":\"%d\"}}",
                                i > 0 ? "," : "", unprocessed[i]);
      g_string_append (body, "]}");
    }
  g_string_append (body, "}}");
  return g_string_free (body, FALSE);
}

static gboolean
run_get (Fixture           *f,
         DynanticBatchGet  *batch,
         gboolean           async,
         GCancellable      *cancellable,
         GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  if (!async)
    return dynantic_batch_get_execute (batch, cancellable, error);
  dynantic_batch_get_execute_async (batch, cancellable, test_async_callback, &f->async);
  result = test_async_wait (&f->async);
  return dynantic_batch_get_execute_finish (batch, result, error);
}

/* Keys left unprocessed, then read: every key read, the missing one
 * reported, the duplicate asked for once. */
static void
test_get_unprocessed_then_read (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(DynanticBatchGet) batch = get_of (f, 4);
  static const int first_found[] = { 0, -1 }, first_left[] = { 1, 2, -1 };
  static const int then_found[] = { 2, 1, -1 }, none[] = { -1 };
  g_autofree char *first = get_body (first_found, first_left);
  g_autofree char *then = get_body (then_found, none);
  g_autoptr(GPtrArray) missing = NULL;
  g_auto(GStrv) bodies = NULL;
  g_autoptr(GError) error = NULL;

  dynantic_batch_get_add_key (batch, TEST_TYPE_ORDER, VALUE_STRING ("c"), VALUE_INT (2));   /* 4: twice */
  fake_server_push (f->server, &(FakeResponse) { .body = first });
  fake_server_push (f->server, &(FakeResponse) { .body = then });
  g_assert_true (run_get (f, batch, GPOINTER_TO_INT (data), NULL, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (test_get_int (dynantic_batch_get_lookup (batch, i), "seq"), ==, (int) i);
  g_assert_null (dynantic_batch_get_lookup (batch, 3));
  g_assert_true (dynantic_batch_get_lookup (batch, 4) == dynantic_batch_get_lookup (batch, 2));
  missing = dynantic_batch_get_get_missing (batch);
  g_assert_cmpuint (missing->len, ==, 1);
  g_assert_cmpint (test_get_int (missing->pdata[0], "seq"), ==, 3);
  g_assert_cmpuint (dynantic_batch_get_get_n_retried (batch), ==, 2);

  bodies = fake_server_dup_bodies (f->server);
  g_assert_cmpuint (g_strv_length (bodies), ==, 2);
  g_assert_nonnull (strstr (bodies[0], "\"Keys\":[{\"customer\":{\"S\":\"c\"},\"seq\":{\"N\":\"0\"}},"));
  g_assert_null (strstr (strstr (bodies[0], "\"N\":\"2\"") + 1, "\"N\":\"2\""));   /* key 2 once */
  g_assert_null (strstr (bodies[1], "\"N\":\"0\""));   /* only what was left */
  g_assert_cmpuint (f->ceilings->len, ==, 1);
}

/* Never read: the error carries exactly the keys not read. */
static void
test_get_never_read (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(DynanticBatchGet) batch = get_of (f, 3);
  static const int found[] = { 0, -1 }, left[] = { 2, -1 }, none[] = { -1 };
  g_autofree char *first = get_body (found, left);
  g_autofree char *again = get_body (none, left);
  g_autoptr(GError) error = NULL;
  GPtrArray *keys;

  fake_server_push (f->server, &(FakeResponse) { .body = first });
  fake_server_push (f->server, &(FakeResponse) { .body = again, .repeat = 10 });
  g_assert_false (run_get (f, batch, GPOINTER_TO_INT (data), NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_BATCH_INCOMPLETE);
  keys = dynantic_error_get_unprocessed (error);
  g_assert_cmpuint (keys->len, ==, 1);
  g_assert_cmpint (test_get_int (keys->pdata[0], "seq"), ==, 2);
  g_assert_cmpuint (dynantic_error_get_processed (error)->len, ==, 2);
  g_assert_nonnull (dynantic_batch_get_lookup (batch, 0));
  g_assert_null (dynantic_batch_get_lookup (batch, 1));   /* missing */
  g_assert_cmpuint (fake_server_get_requests (f->server), ==, 4);   /* 1, then 3 that read nothing */
}

/* Cancelled while waiting to ask again. */
static void
test_get_cancelled_during_backoff (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(DynanticBatchGet) batch = get_of (f, 2);
  static const int none[] = { -1 }, left[] = { 0, 1, -1 };
  g_autofree char *body = get_body (none, left);
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GError) error = NULL;

  dynantic_retry_policy_set_backoff (dynantic_client_get_retry_policy (f->client),
                                     60 * G_TIME_SPAN_SECOND, 60 * G_TIME_SPAN_SECOND, 60 * G_TIME_SPAN_SECOND);
  f->cancel_on_backoff = g_cancellable_new ();
  fake_server_push (f->server, &(FakeResponse) { .body = body });
  g_assert_false (run_get (f, batch, GPOINTER_TO_INT (data), f->cancel_on_backoff, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  keys = dynantic_batch_get_get_unprocessed (batch);
  g_assert_cmpuint (keys->len, ==, 2);
}

/* A response holding an item not asked for is refused. */
static void
test_get_foreign_item (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(DynanticBatchGet) batch = get_of (f, 1);
  static const int found[] = { 5, -1 }, none[] = { -1 };
  g_autofree char *body = get_body (found, none);
  g_autoptr(GError) error = NULL;

  fake_server_push (f->server, &(FakeResponse) { .body = body });
  g_assert_false (run_get (f, batch, GPOINTER_TO_INT (data), NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_BATCH_INCOMPLETE);
  g_assert_nonnull (strstr (error->message, "Responses"));
}

/* The stream reports a chunk it could not read whole, then goes on. */
static void
test_get_stream_incomplete (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(DynanticBatchGet) batch = get_of (f, 3);
  g_autoptr(DynanticBatchGetIterator) iterator = NULL;
  static const int found[] = { 0, 2, -1 }, left[] = { 1, -1 }, none[] = { -1 };
  g_autofree char *first = get_body (found, left);
  g_autofree char *again = get_body (none, left);
  g_autoptr(DynanticModel) item = NULL;
  g_autoptr(GError) error = NULL;

  dynantic_batch_get_set_max_attempts (batch, 2);
  fake_server_push (f->server, &(FakeResponse) { .body = first });
  fake_server_push (f->server, &(FakeResponse) { .body = again, .repeat = 2 });
  iterator = dynantic_batch_get_iterate (batch);
  g_assert_null (dynantic_batch_get_iterator_next (iterator, NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_BATCH_INCOMPLETE);
  g_assert_cmpuint (dynantic_error_get_unprocessed (error)->len, ==, 1);
  g_clear_error (&error);
  item = dynantic_batch_get_iterator_next (iterator, NULL, &error);
  g_assert_cmpint (test_get_int (item, "seq"), ==, 0);
  g_clear_object (&item);
  item = dynantic_batch_get_iterator_next (iterator, NULL, &error);
  g_assert_cmpint (test_get_int (item, "seq"), ==, 2);
  g_clear_object (&item);
  g_assert_null (dynantic_batch_get_iterator_next (iterator, NULL, &error));
  g_assert_no_error (error);
}

/* The items read keep the client the read went through when it was not the
 * class's: the first key object's own here, or the one given to
 * dynantic_batch_get_new(); through the class's client they keep none (the
 * class's is theirs already), as dynantic_model_get_by_key() leaves them. */
static void
test_get_item_client (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(DynanticClient) other = fake_server_new_client (f->server, "max-attempts", 1, NULL);
  g_autoptr(DynanticBatchGet) through_key = dynantic_batch_get_new (NULL);
  g_autoptr(DynanticBatchGet) through_class = dynantic_batch_get_new (NULL);
  g_autoptr(TestOrder) key = test_order_new ("c", 1, 0);
  static const int found[] = { 0, 1, -1 }, none[] = { -1 };
  g_autofree char *body = get_body (found, none);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  dynantic_model_set_instance_client (DYNANTIC_MODEL (key), other);
  dynantic_batch_get_add (through_key, DYNANTIC_MODEL (key));
  dynantic_batch_get_add_key (through_key, TEST_TYPE_ORDER, VALUE_STRING ("c"), VALUE_INT (0));
  fake_server_push (f->server, &(FakeResponse) { .body = body });
  g_assert_true (run_get (f, through_key, GPOINTER_TO_INT (data), NULL, &error));
  g_assert_no_error (error);
  items = dynantic_batch_get_get_items (through_key);
  g_assert_cmpuint (items->len, ==, 2);
  for (guint i = 0; i < items->len; i++)
    {
      g_assert_true (dynantic_model_get_own_client (items->pdata[i]) == other);
      g_assert_true (dynantic_model_get_instance_client (items->pdata[i]) == other);
    }
  g_clear_pointer (&items, g_ptr_array_unref);

  dynantic_batch_get_add_key (through_class, TEST_TYPE_ORDER, VALUE_STRING ("c"), VALUE_INT (0));
  dynantic_batch_get_add_key (through_class, TEST_TYPE_ORDER, VALUE_STRING ("c"), VALUE_INT (1));
  fake_server_push (f->server, &(FakeResponse) { .body = body });
  g_assert_true (run_get (f, through_class, GPOINTER_TO_INT (data), NULL, &error));
  g_assert_no_error (error);
  items = dynantic_batch_get_get_items (through_class);
  g_assert_cmpuint (items->len, ==, 2);
  for (guint i = 0; i < items->len; i++)
    {
      g_assert_null (dynantic_model_get_own_client (items->pdata[i]));
      g_assert_true (dynantic_model_get_instance_client (items->pdata[i]) == f->client);
    }
}

int
main (int   argc,
      char *argv[])
{
  struct {
    const char *name;
    void      (*func) (Fixture *f, gconstpointer data);
  } tests[] = {
    { "write-unprocessed-twice", test_unprocessed_twice },
    { "write-never-accepted", test_never_accepted },
    { "write-failed-chunk", test_failed_chunk },
    { "write-throttled", test_throttled },
    { "write-cancelled-during-backoff", test_cancelled_during_backoff },
    { "write-chunks-in-flight", test_chunks_in_flight },
    { "write-foreign-unprocessed-item", test_foreign_unprocessed_item },
    { "get-unprocessed-then-read", test_get_unprocessed_then_read },
    { "get-never-read", test_get_never_read },
    { "get-cancelled-during-backoff", test_get_cancelled_during_backoff },
    { "get-foreign-item", test_get_foreign_item },
    { "get-item-client", test_get_item_client },
  };

  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (tests); i++)
    {
      g_autofree char *sync_path = g_strdup_printf ("/batch/%s/sync", tests[i].name);
      g_autofree char *async_path = g_strdup_printf ("/batch/%s/async", tests[i].name);

      g_test_add (sync_path, Fixture, GINT_TO_POINTER (FALSE), fixture_set_up, tests[i].func, fixture_tear_down);
      g_test_add (async_path, Fixture, GINT_TO_POINTER (TRUE), fixture_set_up, tests[i].func, fixture_tear_down);
    }
  g_test_add ("/batch-writer/keeps-failed", Fixture, NULL, fixture_set_up, test_writer_keeps_failed, fixture_tear_down);
  g_test_add ("/batch-get/stream-incomplete", Fixture, NULL, fixture_set_up, test_get_stream_incomplete, fixture_tear_down);

  return g_test_run ();
}
