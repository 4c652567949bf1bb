/* test-batch-local.c: batch writes, the batch writer and batch gets
 * against DynamoDB Local
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "batch-fixtures.h"

static void
fixture_set_up (TestTables    *tables,
                gconstpointer  data)
{
  test_tables_set_up (tables);
}

static void
fixture_tear_down (TestTables    *tables,
                   gconstpointer  data)
{
  test_tables_tear_down (tables);
}

static TestOrder *
read_order (const char *customer,
            int         seq)
{
  return test_read_back (TEST_TYPE_ORDER, VALUE_STRING (customer), VALUE_INT (seq));
}

typedef struct {
  guint  calls;
  guint  done;
  guint  retried;
  guint  total;
  double capacity;
} Progress;

static void
on_progress (GObject  *batch,
             guint     done,
             guint     retried,
             guint     total,
             double    capacity,
             Progress *progress)
{
  g_assert_cmpuint (done, >=, progress->done);
  progress->calls++;
  progress->done = done;
  progress->retried = retried;
  progress->total = total;
  progress->capacity = capacity;
}

/* 110 orders of two customers, in one call: written in chunks of 25. */
static void
test_save_110 (TestTables    *tables,
               gconstpointer  data)
{
  g_autoptr(DynanticBatchWrite) batch = dynantic_batch_write_new (NULL);
  g_autoptr(GPtrArray) processed = NULL;
  g_autoptr(GPtrArray) unprocessed = NULL;
  g_autoptr(GError) error = NULL;
  Progress progress = { 0 };

  for (int i = 0; i < 110; i++)
    {
      g_autoptr(TestOrder) order = test_order_new (i % 2 ? "ada" : "bob", i, i * 1.5);

      g_assert_true (dynantic_batch_write_save (batch, DYNANTIC_MODEL (order)) == batch);
    }
  g_signal_connect (batch, "progress", G_CALLBACK (on_progress), &progress);
  g_assert_true (dynantic_batch_write_execute (batch, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (dynantic_batch_write_get_n_requests (batch), ==, 110);
  processed = dynantic_batch_write_get_processed (batch);
  unprocessed = dynantic_batch_write_get_unprocessed (batch);
  g_assert_cmpuint (processed->len, ==, 110);
  g_assert_cmpuint (unprocessed->len, ==, 0);
  g_assert_cmpint (test_get_int (processed->pdata[37], "seq"), ==, 37);   /* in the order given */
  g_assert_cmpuint (progress.calls, ==, 5);   /* 25, 25, 25, 25, 10 */
  g_assert_cmpuint (progress.done, ==, 110);
  g_assert_cmpuint (progress.total, ==, 110);
  g_assert_cmpuint (progress.retried, ==, 0);
  g_assert_cmpfloat (progress.capacity, ==, 110);
  g_assert_cmpfloat (dynantic_batch_write_get_consumed_capacity (batch), ==, 110);

  for (int i = 0; i < 110; i += 27)
    {
      g_autoptr(TestOrder) stored = read_order (i % 2 ? "ada" : "bob", i);

      g_assert_nonnull (stored);
      g_assert_cmpfloat (test_get_double (stored, "total"), ==, i * 1.5);
    }

  /* Executed again: nothing left to send. */
  g_assert_true (dynantic_batch_write_execute (batch, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (progress.calls, ==, 5);
}

/* Saves and deletes across tables and classes, asynchronously; the
 * polymorphic subclass, the generated id and the TTL as save writes them. */
static void
test_across_tables_async (TestTables    *tables,
                          gconstpointer  data)
{
  g_autoptr(DynanticBatchWrite) batch = dynantic_batch_write_new (tables->client);
  g_autoptr(TestOrder) gone = test_order_new ("cyd", 1, 1);
  g_autoptr(TestOrder) kept = test_order_new ("cyd", 2, 2);
  g_autoptr(GDateTime) expires = g_date_time_new_from_unix_utc (2000000000);
  g_autoptr(TestDog) dog = g_object_new (TEST_TYPE_DOG, "name", "Rex", "barks", TRUE, "expires", expires, NULL);
  g_autoptr(TestPet) read = NULL;
  g_autoptr(TestOrder) absent = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autoptr(JsonObject) raw = NULL;
  g_autofree char *request = NULL;

  g_assert_true (dynantic_model_save (DYNANTIC_MODEL (gone), NULL, NULL, &error));
  dynantic_batch_write_delete (batch, DYNANTIC_MODEL (gone));
  dynantic_batch_write_save (batch, DYNANTIC_MODEL (kept));
  dynantic_batch_write_save (batch, DYNANTIC_MODEL (dog));
  dynantic_batch_write_delete_key (batch, TEST_TYPE_ORDER, VALUE_STRING ("nobody"), VALUE_INT (9));
  dynantic_batch_write_execute_async (batch, NULL, test_async_callback, &tables->async);
  result = test_async_wait (&tables->async);
  g_assert_true (dynantic_batch_write_execute_finish (batch, result, &error));
  g_assert_no_error (error);

  g_object_get (dog, "pet-id", &id, NULL);
  g_assert_cmpuint (strlen (id), ==, 36);
  read = test_read_back (TEST_TYPE_PET, VALUE_STRING (id), NULL);
  g_assert_true (TEST_IS_DOG (read));
  test_assert_string_property (read, "kind", "DOG");
  g_assert_null ((absent = read_order ("cyd", 1)));
  g_clear_object (&absent);
  g_assert_nonnull ((absent = read_order ("cyd", 2)));

  /* The TTL is epoch seconds on the wire, as save writes it. */
  request = g_strdup_printf ("{\"TableName\":\"%s\",\"Key\":{\"pet_id\":{\"S\":\"%s\"}}}",
                             dynantic_model_class_get_table (g_type_class_peek (TEST_TYPE_PET)), id);
  raw = test_call (tables->client, "GetItem", request);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_object_get_object_member (raw, "Item"), "expires"), "N"),
                   ==, "2000000000");
}

static void
test_delete_absent (TestTables    *tables,
                    gconstpointer  data)
{
  g_autoptr(DynanticBatchWrite) batch = dynantic_batch_write_new (NULL);
  g_autoptr(GPtrArray) processed = NULL;
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < 30; i++)
    dynantic_batch_write_delete_key (batch, TEST_TYPE_ORDER, VALUE_STRING ("ghost"), VALUE_INT (i));
  g_assert_true (dynantic_batch_write_execute (batch, NULL, &error));
  g_assert_no_error (error);
  processed = dynantic_batch_write_get_processed (batch);
  g_assert_cmpuint (processed->len, ==, 30);
  /* a delete by key is reported as an object holding the key */
  g_assert_true (TEST_IS_ORDER (processed->pdata[29]));
  test_assert_string_property (processed->pdata[29], "customer", "ghost");
  g_assert_cmpint (test_get_int (processed->pdata[29], "seq"), ==, 29);
}

static void
test_duplicates (TestTables    *tables,
                 gconstpointer  data)
{
  g_autoptr(DynanticBatchWrite) batch = dynantic_batch_write_new (NULL);
  g_autoptr(TestOrder) first = test_order_new ("dup", 1, 1);
  g_autoptr(TestOrder) other = test_order_new ("dup", 2, 2);
  g_autoptr(TestOrder) second = test_order_new ("dup", 1, 2);
  g_autoptr(TestOrder) stored = NULL;
  g_autoptr(GPtrArray) processed = NULL;
  g_autoptr(GError) error = NULL;

  dynantic_batch_write_save (batch, DYNANTIC_MODEL (first));
  dynantic_batch_write_save (batch, DYNANTIC_MODEL (other));
  dynantic_batch_write_save (batch, DYNANTIC_MODEL (second));
  g_assert_false (dynantic_batch_write_execute (batch, NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, dynantic_model_class_get_table (g_type_class_peek (TEST_TYPE_ORDER))));
  g_clear_error (&error);
  g_assert_null (read_order ("dup", 2));   /* nothing was sent */

  /* A number key is one item whatever its text: a delete by key of the same item. */
  dynantic_batch_write_set_last_wins (batch, TRUE);
  dynantic_batch_write_delete_key (batch, TEST_TYPE_ORDER, VALUE_STRING ("dup"), VALUE_DOUBLE (2.0));
  dynantic_batch_write_save (batch, DYNANTIC_MODEL (other));
  g_assert_true (dynantic_batch_write_execute (batch, NULL, &error));
  g_assert_no_error (error);
  stored = read_order ("dup", 1);
  g_assert_cmpfloat (test_get_double (stored, "total"), ==, 2);
  g_clear_object (&stored);
  g_assert_nonnull ((stored = read_order ("dup", 2)));
  processed = dynantic_batch_write_get_processed (batch);
  g_assert_cmpuint (processed->len, ==, 5);   /* the replaced ones count as done with their winner */
}

static void
test_checks_before_sending (TestTables    *tables,
                            gconstpointer  data)
{
  g_autoptr(DynanticBatchWrite) batch = dynantic_batch_write_new (NULL);
  g_autoptr(TestOrder) fine = test_order_new ("chk", 1, 1);
  g_autoptr(TestCat) nameless = g_object_new (TEST_TYPE_CAT, "pet-id", "tom", NULL);
  g_autoptr(TestDoc) doc = test_doc_new ("doc", "text");
  g_autoptr(TestDoc) stored = NULL;
  g_autoptr(GError) error = NULL;

  dynantic_batch_write_save (batch, DYNANTIC_MODEL (fine));
  dynantic_batch_write_save (batch, DYNANTIC_MODEL (nameless));
  g_assert_false (dynantic_batch_write_execute (batch, NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
  g_assert_cmpstr (dynantic_error_get_fields (error)[0], ==, "name");
  g_clear_error (&error);
  g_assert_null (read_order ("chk", 1));

  /* Versions cannot be checked in a batch: refused, unless skipped. */
  g_clear_object (&batch);
  batch = dynantic_batch_write_new (NULL);
  dynantic_batch_write_save (batch, DYNANTIC_MODEL (doc));
  g_assert_false (dynantic_batch_write_execute (batch, NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  dynantic_batch_write_set_skip_version_check (batch, TRUE);
  g_assert_true (dynantic_batch_write_execute (batch, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_get_int (doc, "version"), ==, 1);
  stored = test_read_back (TEST_TYPE_DOC, VALUE_STRING ("doc"), NULL);
  g_assert_cmpint (test_get_int (stored, "version"), ==, 1);
  /* and the next checked save goes on from it */
  g_assert_true (dynantic_model_save (DYNANTIC_MODEL (doc), NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_get_int (doc, "version"), ==, 2);
}

static void
test_writer (TestTables    *tables,
             gconstpointer  data)
{
  g_autoptr(DynanticBatchWriter) writer = dynantic_batch_writer_new (NULL);
  g_autoptr(TestOrder) doomed = test_order_new ("wri", 1000, 0);
  g_autoptr(TestOrder) again = test_order_new ("wri", 3, 0);
  g_autoptr(TestOrder) stored = NULL;
  g_autoptr(GError) error = NULL;
  Progress progress = { 0 };

  g_signal_connect (writer, "progress", G_CALLBACK (on_progress), &progress);
  g_assert_true (dynantic_model_save (DYNANTIC_MODEL (doomed), NULL, NULL, &error));
  for (int i = 0; i < 24; i++)
    {
      g_autoptr(TestOrder) order = test_order_new ("wri", i, i);

      g_assert_true (dynantic_batch_writer_save (writer, DYNANTIC_MODEL (order), NULL, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpuint (dynantic_batch_writer_get_n_pending (writer), ==, 24);
  g_assert_null (read_order ("wri", 0));   /* buffered */

  /* A second request for an item waiting is refused, and not taken. */
  g_assert_false (dynantic_batch_writer_save (writer, DYNANTIC_MODEL (again), NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpuint (dynantic_batch_writer_get_n_pending (writer), ==, 24);

  /* The 25th writes them all. */
  g_assert_true (dynantic_batch_writer_delete (writer, DYNANTIC_MODEL (doomed), NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (dynantic_batch_writer_get_n_pending (writer), ==, 0);
  g_assert_null (read_order ("wri", 1000));
  stored = read_order ("wri", 23);
  g_assert_nonnull (stored);
  g_assert_cmpuint (progress.done, ==, 25);

  /* Close writes the rest, then refuses more. */
  g_assert_true (dynantic_batch_writer_save (writer, DYNANTIC_MODEL (again), NULL, &error));
  g_assert_true (dynantic_batch_writer_close (writer, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (dynantic_batch_writer_get_closed (writer));
  g_assert_cmpuint (progress.done, ==, 26);
  g_assert_cmpuint (progress.total, ==, 26);
  g_assert_false (dynantic_batch_writer_save (writer, DYNANTIC_MODEL (again), NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT);
}

static void
test_writer_async (TestTables    *tables,
                   gconstpointer  data)
{
  g_autoptr(DynanticBatchWriter) writer = dynantic_batch_writer_new (tables->client);
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < 30; i++)
    {
      g_autoptr(TestOrder) order = test_order_new ("asy", i, i);
      g_autoptr(GAsyncResult) result = NULL;

      dynantic_batch_writer_save_async (writer, DYNANTIC_MODEL (order), NULL, test_async_callback, &tables->async);
      result = test_async_wait (&tables->async);
      g_assert_true (dynantic_batch_writer_save_finish (writer, result, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpuint (dynantic_batch_writer_get_n_pending (writer), ==, 5);
  {
    g_autoptr(TestOrder) order = test_order_new ("asy", 0, 0);
    g_autoptr(GAsyncResult) result = NULL;

    dynantic_batch_writer_delete_async (writer, DYNANTIC_MODEL (order), NULL, test_async_callback, &tables->async);
    result = test_async_wait (&tables->async);
    g_assert_true (dynantic_batch_writer_delete_finish (writer, result, &error));
    g_clear_object (&result);
    dynantic_batch_writer_flush_async (writer, NULL, test_async_callback, &tables->async);
    result = test_async_wait (&tables->async);
    g_assert_true (dynantic_batch_writer_flush_finish (writer, result, &error));
    g_clear_object (&result);
    dynantic_batch_writer_close_async (writer, NULL, test_async_callback, &tables->async);
    result = test_async_wait (&tables->async);
    g_assert_true (dynantic_batch_writer_close_finish (writer, result, &error));
    g_assert_no_error (error);
  }
  g_assert_null (read_order ("asy", 0));
  {
    g_autoptr(TestOrder) last = read_order ("asy", 29);

    g_assert_nonnull (last);
  }
}

/* The warnings the library logs while a test captures them. */
static GPtrArray *warnings;

static GLogWriterOutput
capture_warnings (GLogLevelFlags   level,
                  const GLogField *fields,
                  gsize            n_fields,
                  gpointer         user_data)
{
  if (warnings == NULL || (level & G_LOG_LEVEL_WARNING) == 0)
    return g_log_writer_default (level, fields, n_fields, user_data);
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE"))
      g_ptr_array_add (warnings, g_strdup (fields[i].value));
  return G_LOG_WRITER_HANDLED;
}

/* Dropped with requests in it: a warning naming their count, nothing sent. */
static void
test_writer_dropped (TestTables    *tables,
                     gconstpointer  data)
{
  DynanticBatchWriter *writer = dynantic_batch_writer_new (NULL);
  g_autoptr(GPtrArray) taken = NULL;
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < 3; i++)
    {
      g_autoptr(TestOrder) order = test_order_new ("drop", i, i);

      g_assert_true (dynantic_batch_writer_save (writer, DYNANTIC_MODEL (order), NULL, &error));
    }
  warnings = g_ptr_array_new_with_free_func (g_free);
  g_object_unref (writer);
  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_nonnull (strstr (warnings->pdata[0], "holding 3 requests not written"));
  g_assert_null (read_order ("drop", 0));

  /* Taken out first, they are the caller's: no warning. */
  writer = dynantic_batch_writer_new (NULL);
  {
    g_autoptr(TestOrder) order = test_order_new ("drop", 7, 7);

    g_assert_true (dynantic_batch_writer_save (writer, DYNANTIC_MODEL (order), NULL, &error));
  }
  taken = dynantic_batch_writer_take_pending (writer);
  g_assert_cmpuint (taken->len, ==, 1);
  g_assert_cmpint (test_get_int (taken->pdata[0], "seq"), ==, 7);
  g_assert_cmpuint (dynantic_batch_writer_get_n_pending (writer), ==, 0);
  g_object_unref (writer);
  g_assert_cmpuint (warnings->len, ==, 1);
  g_clear_pointer (&warnings, g_ptr_array_unref);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_log_set_writer_func (capture_warnings, NULL, NULL);

#define ADD(path, func) g_test_add ((path), TestTables, NULL, fixture_set_up, (func), fixture_tear_down)
  ADD ("/batch-write/save-110", test_save_110);
  ADD ("/batch-write/across-tables-async", test_across_tables_async);
  ADD ("/batch-write/delete-absent", test_delete_absent);
  ADD ("/batch-write/duplicates", test_duplicates);
  ADD ("/batch-write/checks-before-sending", test_checks_before_sending);
  ADD ("/batch-writer/saves-and-deletes", test_writer);
  ADD ("/batch-writer/async", test_writer_async);
  ADD ("/batch-writer/dropped", test_writer_dropped);
#undef ADD

  return g_test_run ();
}
