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

/* Batch get ------------------------------------------------------------------ */

static void
save_orders (guint n)
{
  g_autoptr(DynanticBatchWrite) batch = dynantic_batch_write_new (NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TestOrder) order = test_order_new ("get", (int) i, i + 0.5);

      dynantic_batch_write_save (batch, DYNANTIC_MODEL (order));
    }
  g_assert_true (dynantic_batch_write_execute (batch, NULL, &error));
  g_assert_no_error (error);
}

/* 110 saved, then read in one call, in an order of its own. */
static void
test_get_110 (TestTables    *tables,
              gconstpointer  data)
{
  g_autoptr(DynanticBatchGet) batch = dynantic_batch_get_new (NULL);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) missing = NULL;
  g_autoptr(GError) error = NULL;
  Progress progress = { 0 };

  save_orders (110);
  for (guint i = 0; i < 110; i++)
    g_assert_true (dynantic_batch_get_add_key (batch, TEST_TYPE_ORDER, VALUE_STRING ("get"),
                                               VALUE_INT ((int) ((i * 37) % 110))) == batch);
  g_signal_connect (batch, "progress", G_CALLBACK (on_progress), &progress);
  g_assert_true (dynantic_batch_get_execute (batch, NULL, &error));
  g_assert_no_error (error);

  items = dynantic_batch_get_get_items (batch);
  g_assert_cmpuint (items->len, ==, 110);
  for (guint i = 0; i < 110; i++)
    {
      g_assert_true (TEST_IS_ORDER (items->pdata[i]));
      g_assert_cmpint (test_get_int (items->pdata[i], "seq"), ==, (int) ((i * 37) % 110));
      g_assert_true (dynantic_batch_get_lookup (batch, i) == items->pdata[i]);
    }
  g_assert_cmpfloat (test_get_double (items->pdata[1], "total"), ==, 37.5);
  missing = dynantic_batch_get_get_missing (batch);
  g_assert_cmpuint (missing->len, ==, 0);
  g_assert_cmpuint (dynantic_batch_get_get_n_keys (batch), ==, 110);
  g_assert_cmpuint (progress.calls, ==, 2);   /* 100 + 10 */
  g_assert_cmpuint (progress.done, ==, 110);
  g_assert_cmpfloat (dynantic_batch_get_get_consumed_capacity (batch), >, 0);
}

/* Found and missing keys, a key given twice, keys of two tables and of a
 * polymorphic base: items of the right class, in order. */
static void
test_get_mixed (TestTables    *tables,
                gconstpointer  data)
{
  g_autoptr(DynanticBatchGet) batch = dynantic_batch_get_new (tables->client);
  g_autoptr(TestDog) dog = g_object_new (TEST_TYPE_DOG, "pet-id", "rex", "name", "Rex", NULL);
  g_autoptr(TestCat) cat = g_object_new (TEST_TYPE_CAT, "pet-id", "tom", "name", "Tom", "lives", 7, NULL);
  g_autoptr(TestOrder) key = test_order_new ("get", 3, 0);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) missing = NULL;
  g_autoptr(GError) error = NULL;

  save_orders (5);
  g_assert_true (dynantic_model_save (DYNANTIC_MODEL (dog), NULL, NULL, &error));
  g_assert_true (dynantic_model_save (DYNANTIC_MODEL (cat), NULL, NULL, &error));

  dynantic_batch_get_add_key (batch, TEST_TYPE_ORDER, VALUE_STRING ("get"), VALUE_INT (1));     /* 0 */
  dynantic_batch_get_add_key (batch, TEST_TYPE_ORDER, VALUE_STRING ("get"), VALUE_INT (99));    /* 1: missing */
  dynantic_batch_get_add_key (batch, TEST_TYPE_PET, VALUE_STRING ("tom"), NULL);                /* 2: a cat */
  dynantic_batch_get_add (batch, DYNANTIC_MODEL (key));                                         /* 3 */
  dynantic_batch_get_add_key (batch, TEST_TYPE_ORDER, VALUE_STRING ("get"), VALUE_DOUBLE (1.0)); /* 4: key 0 again */
  dynantic_batch_get_add_key (batch, TEST_TYPE_DOG, VALUE_STRING ("tom"), NULL);                /* 5: not a dog */
  dynantic_batch_get_add_key (batch, TEST_TYPE_PET, VALUE_STRING ("rex"), NULL);                /* 6: a dog */
  g_assert_true (dynantic_batch_get_execute (batch, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpint (test_get_int (dynantic_batch_get_lookup (batch, 0), "seq"), ==, 1);
  g_assert_null (dynantic_batch_get_lookup (batch, 1));
  g_assert_true (TEST_IS_CAT (dynantic_batch_get_lookup (batch, 2)));
  g_assert_cmpint (test_get_int (dynantic_batch_get_lookup (batch, 2), "lives"), ==, 7);
  g_assert_cmpint (test_get_int (dynantic_batch_get_lookup (batch, 3), "seq"), ==, 3);
  g_assert_true (dynantic_batch_get_lookup (batch, 4) == dynantic_batch_get_lookup (batch, 0));
  g_assert_null (dynantic_batch_get_lookup (batch, 5));
  g_assert_true (TEST_IS_DOG (dynantic_batch_get_lookup (batch, 6)));
  g_assert_null (dynantic_batch_get_lookup (batch, 7));
  g_assert_true (dynantic_model_get_instance_client (dynantic_batch_get_lookup (batch, 6)) == tables->client);

  items = dynantic_batch_get_get_items (batch);
  g_assert_cmpuint (items->len, ==, 5);
  missing = dynantic_batch_get_get_missing (batch);
  g_assert_cmpuint (missing->len, ==, 2);
  g_assert_true (TEST_IS_ORDER (missing->pdata[0]));
  g_assert_cmpint (test_get_int (missing->pdata[0], "seq"), ==, 99);
  g_assert_true (TEST_IS_DOG (missing->pdata[1]));
  test_assert_string_property (missing->pdata[1], "pet-id", "tom");
}

static void
test_get_projection_async (TestTables    *tables,
                           gconstpointer  data)
{
  g_autoptr(DynanticBatchGet) batch = dynantic_batch_get_new (NULL);
  g_autoptr(TestDog) dog = g_object_new (TEST_TYPE_DOG, "pet-id", "rex", "name", "Rex", "age", 4, NULL);
  static const char * const paths[] = { "age", NULL };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  DynanticModel *read;

  g_assert_true (dynantic_model_save (DYNANTIC_MODEL (dog), NULL, NULL, &error));
  dynantic_batch_get_add_key (batch, TEST_TYPE_PET, VALUE_STRING ("rex"), NULL);
  dynantic_batch_get_set_projection (batch, paths);
  dynantic_batch_get_set_consistent (batch, TRUE);
  dynantic_batch_get_execute_async (batch, NULL, test_async_callback, &tables->async);
  result = test_async_wait (&tables->async);
  g_assert_true (dynantic_batch_get_execute_finish (batch, result, &error));
  g_assert_no_error (error);
  read = dynantic_batch_get_lookup (batch, 0);
  g_assert_true (TEST_IS_DOG (read));   /* the discriminator is always read */
  g_assert_cmpint (test_get_int (read, "age"), ==, 4);
  test_assert_string_property (read, "name", NULL);   /* not read */

  /* A bad key is refused before anything is sent. */
  dynantic_batch_get_add_key (batch, TEST_TYPE_ORDER, VALUE_STRING (""), VALUE_INT (1));
  g_assert_false (dynantic_batch_get_execute (batch, NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
}

/* The stream: items in order, a chunk at a time, missing ones skipped. */
static void
test_get_stream (TestTables    *tables,
                 gconstpointer  data)
{
  g_autoptr(DynanticBatchGet) batch = dynantic_batch_get_new (NULL);
  g_autoptr(DynanticBatchGetIterator) iterator = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  save_orders (150);
  for (guint i = 0; i < 220; i++)
    dynantic_batch_get_add_key (batch, TEST_TYPE_ORDER, VALUE_STRING ("get"), VALUE_INT ((int) i));
  iterator = dynantic_batch_get_iterate (batch);
  for (;;)
    {
      g_autoptr(DynanticModel) item = NULL;

      if (n % 2 == 0)
        item = dynantic_batch_get_iterator_next (iterator, NULL, &error);
      else
        {
          g_autoptr(GAsyncResult) result = NULL;

          dynantic_batch_get_iterator_next_async (iterator, NULL, test_async_callback, &tables->async);
          result = test_async_wait (&tables->async);
          item = dynantic_batch_get_iterator_next_finish (iterator, result, &error);
        }
      g_assert_no_error (error);
      if (item == NULL)
        break;
      g_assert_cmpint (test_get_int (item, "seq"), ==, (int) n);
      n++;
      /* one chunk at a time: the next chunk's items are not read yet */
      if (n == 100)
        g_assert_null (dynantic_batch_get_lookup (batch, 100));
    }
  g_assert_cmpuint (n, ==, 150);
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
  ADD ("/batch-get/110", test_get_110);
  ADD ("/batch-get/mixed", test_get_mixed);
  ADD ("/batch-get/projection-async", test_get_projection_async);
  ADD ("/batch-get/stream", test_get_stream);
#undef ADD

  return g_test_run ();
}
