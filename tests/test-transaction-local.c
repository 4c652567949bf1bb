/* test-transaction-local.c: transactional writes and reads across tables,
 * cancellation reasons with the current item, optimistic locking inside
 * transactions and the client request token, against DynamoDB Local
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

static void
save_ok (gpointer model)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dynantic_model_save (DYNANTIC_MODEL (model), NULL, NULL, &error));
  g_assert_no_error (error);
}

static TestDoc *
read_doc (const char *id)
{
  return test_read_back (TEST_TYPE_DOC, VALUE_STRING (id), NULL);
}

static TestOrder *
read_order (const char *customer,
            int         seq)
{
  return test_read_back (TEST_TYPE_ORDER, VALUE_STRING (customer), VALUE_INT (seq));
}

static const char *
reason_code (GPtrArray *reasons,
             guint      i)
{
  return dynantic_cancellation_reason_get_code (reasons->pdata[i]);
}

/* A put, an update, a delete and a condition check across three tables
 * and four classes, written together; the put's generated id, the
 * discriminator and the versions as save writes them. */
static void
test_across_tables (TestTables    *tables,
                    gconstpointer  data)
{
  g_autoptr(DynanticTransactWrite) transaction = dynantic_transact_write_new (NULL);
  g_autoptr(TestOrder) gone = test_order_new ("ada", 1, 10);
  g_autoptr(TestOrder) checked = test_order_new ("ada", 2, 20);
  g_autoptr(TestDoc) doc = test_doc_new ("t1", "new");
  g_autoptr(TestDog) dog = g_object_new (TEST_TYPE_DOG, "name", "Rex", "barks", TRUE, NULL);
  g_autoptr(DynanticUpdate) update = dynantic_update_new (TEST_TYPE_ORDER, VALUE_STRING ("bob"), VALUE_INT (7), NULL);
  g_autoptr(TestPet) pet = NULL;
  g_autoptr(TestOrder) order = NULL;
  g_autoptr(TestDoc) stored = NULL;
  g_autoptr(GPtrArray) reasons = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  const char *token;

  save_ok (gone);
  save_ok (checked);
  dynantic_update_set_value (update, "total", VALUE_DOUBLE (7.5));

  g_assert_true (dynantic_transact_write_put (transaction, DYNANTIC_MODEL (doc), NULL) == transaction);
  dynantic_transact_write_put (transaction, DYNANTIC_MODEL (dog), NULL);
  dynantic_transact_write_update (transaction, update);
  dynantic_transact_write_delete (transaction, DYNANTIC_MODEL (gone), NULL);
  dynantic_transact_write_check (transaction, DYNANTIC_MODEL (checked), TAKE (dynantic_condition_eq ("total", VALUE_DOUBLE (20))));
  g_assert_cmpuint (dynantic_transact_write_get_n_actions (transaction), ==, 5);
  g_assert_null (dynantic_transact_write_get_client_request_token (transaction));

  g_assert_true (dynantic_transact_write_execute (transaction, NULL, &error));
  g_assert_no_error (error);
  token = dynantic_transact_write_get_client_request_token (transaction);
  g_assert_cmpuint (strlen (token), ==, 36);   /* a UUID */
  reasons = dynantic_transact_write_get_cancellation_reasons (transaction);
  g_assert_cmpuint (reasons->len, ==, 0);
  g_assert_cmpfloat (dynantic_transact_write_get_consumed_capacity (transaction), >, 0);

  g_assert_cmpint (test_get_int (doc, "version"), ==, 1);
  stored = read_doc ("t1");
  g_assert_cmpint (test_get_int (stored, "version"), ==, 1);
  test_assert_string_property (stored, "text", "new");

  g_object_get (dog, "pet-id", &id, NULL);
  g_assert_nonnull (id);
  pet = test_read_back (TEST_TYPE_PET, VALUE_STRING (id), NULL);
  g_assert_true (TEST_IS_DOG (pet));
  test_assert_string_property (pet, "kind", "DOG");

  order = read_order ("bob", 7);
  g_assert_cmpfloat (test_get_double (order, "total"), ==, 7.5);
  g_clear_object (&order);
  g_assert_null (read_order ("ada", 1));
  order = read_order ("ada", 2);
  g_assert_nonnull (order);
}

/* A failing condition check cancels everything: one reason per action in
 * order, the current item of the failed one as an object of its subclass,
 * nothing written. */
static void
test_condition_cancels (TestTables    *tables,
                        gconstpointer  data)
{
  g_autoptr(DynanticTransactWrite) transaction = dynantic_transact_write_new (tables->client);
  g_autoptr(TestCat) cat = g_object_new (TEST_TYPE_CAT, "name", "Tom", "lives", 7, NULL);
  g_autoptr(TestOrder) order = test_order_new ("cyd", 1, 1);
  g_autoptr(TestOrder) absent = NULL;
  g_autoptr(GPtrArray) reasons = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  const char * const *codes;
  GPtrArray *details;
  DynanticModel *current;

  save_ok (cat);
  g_object_get (cat, "pet-id", &id, NULL);

  dynantic_transact_write_put (transaction, DYNANTIC_MODEL (order), NULL);
  dynantic_transact_write_check_key (transaction, TEST_TYPE_PET, VALUE_STRING (id), NULL,
                                     TAKE (dynantic_condition_eq ("name", VALUE_STRING ("Felix"))));
  g_assert_false (dynantic_transact_write_execute (transaction, NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_TRANSACTION_CANCELED);

  codes = dynantic_error_get_cancellation_reasons (error);
  g_assert_nonnull (codes);
  g_assert_cmpuint (g_strv_length ((char **) codes), ==, 2);
  g_assert_cmpstr (codes[0], ==, "None");
  g_assert_cmpstr (codes[1], ==, "ConditionalCheckFailed");

  reasons = dynantic_transact_write_get_cancellation_reasons (transaction);
  g_assert_cmpuint (reasons->len, ==, 2);
  g_assert_cmpstr (reason_code (reasons, 0), ==, "None");
  g_assert_null (dynantic_cancellation_reason_get_item (reasons->pdata[0]));
  g_assert_cmpstr (reason_code (reasons, 1), ==, "ConditionalCheckFailed");
  g_assert_nonnull (dynantic_cancellation_reason_get_message (reasons->pdata[1]));
  current = dynantic_cancellation_reason_get_item (reasons->pdata[1]);
  g_assert_true (TEST_IS_CAT (current));
  test_assert_string_property (current, "name", "Tom");
  g_assert_cmpint (test_get_int (current, "lives"), ==, 7);

  details = dynantic_error_get_cancellation_details (error);
  g_assert_nonnull (details);
  g_assert_cmpuint (details->len, ==, 2);
  g_assert_true (details->pdata[1] == reasons->pdata[1]);

  absent = read_order ("cyd", 1);
  g_assert_null (absent);
}

/* Versions inside transactions: a stale put, delete, patch or check is
 * cancelled with the stored item; the objects keep their versions; fresh
 * ones are written and take their next versions. */
static void
test_versions (TestTables    *tables,
               gconstpointer  data)
{
  g_autoptr(TestDoc) doc = test_doc_new ("v1", "one");
  g_autoptr(TestDoc) other = test_doc_new ("v2", "two");
  g_autoptr(TestDoc) stale = NULL;
  g_autoptr(TestDoc) stale_other = NULL;
  g_autoptr(TestDoc) stored = NULL;
  g_autoptr(DynanticTransactWrite) transaction = NULL;
  g_autoptr(DynanticUpdate) patch = NULL;
  g_autoptr(GPtrArray) reasons = NULL;
  g_autoptr(GError) error = NULL;

  save_ok (doc);
  save_ok (other);
  stale = read_doc ("v1");
  stale_other = read_doc ("v2");
  save_ok (doc);     /* version 2 */
  save_ok (other);   /* version 2 */

  /* a stale put beside a stale delete */
  g_object_set (stale, "text", "stale", NULL);
  transaction = dynantic_transact_write_new (NULL);
  dynantic_transact_write_put (transaction, DYNANTIC_MODEL (stale), NULL);
  dynantic_transact_write_delete (transaction, DYNANTIC_MODEL (stale_other), NULL);
  g_assert_false (dynantic_transact_write_execute (transaction, NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_TRANSACTION_CANCELED);
  g_clear_error (&error);
  reasons = dynantic_transact_write_get_cancellation_reasons (transaction);
  g_assert_cmpuint (reasons->len, ==, 2);
  g_assert_cmpstr (reason_code (reasons, 0), ==, "ConditionalCheckFailed");
  g_assert_cmpstr (reason_code (reasons, 1), ==, "ConditionalCheckFailed");
  g_assert_cmpint (test_get_int (dynantic_cancellation_reason_get_item (reasons->pdata[0]), "version"), ==, 2);
  g_assert_cmpint (test_get_int (stale, "version"), ==, 1);
  g_clear_pointer (&reasons, g_ptr_array_unref);
  g_clear_object (&transaction);
  stored = read_doc ("v2");
  g_assert_nonnull (stored);
  g_clear_object (&stored);

  /* a stale patch, and a stale check with no condition of its own */
  patch = dynantic_model_patch (DYNANTIC_MODEL (stale));
  dynantic_update_set_value (patch, "text", VALUE_STRING ("patched"));
  transaction = dynantic_transact_write_new (NULL);
  dynantic_transact_write_update (transaction, patch);
  dynantic_transact_write_check (transaction, DYNANTIC_MODEL (stale_other), NULL);
  g_assert_false (dynantic_transact_write_execute (transaction, NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_TRANSACTION_CANCELED);
  g_clear_error (&error);
  reasons = dynantic_transact_write_get_cancellation_reasons (transaction);
  g_assert_cmpstr (reason_code (reasons, 0), ==, "ConditionalCheckFailed");
  g_assert_cmpstr (reason_code (reasons, 1), ==, "ConditionalCheckFailed");
  g_clear_pointer (&reasons, g_ptr_array_unref);
  g_clear_object (&transaction);
  g_clear_object (&patch);
  stored = read_doc ("v1");
  g_assert_cmpint (test_get_int (stored, "version"), ==, 2);
  test_assert_string_property (stored, "text", "one");
  g_clear_object (&stored);

  /* fresh objects: the put stores version 3, the patch too, the check holds */
  g_object_set (doc, "text", "put in a transaction", NULL);
  patch = dynantic_model_patch (DYNANTIC_MODEL (other));
  dynantic_update_set_value (patch, "text", VALUE_STRING ("patched in a transaction"));
  transaction = dynantic_transact_write_new (NULL);
  dynantic_transact_write_put (transaction, DYNANTIC_MODEL (doc), NULL);
  dynantic_transact_write_update (transaction, patch);
  g_assert_true (dynantic_transact_write_execute (transaction, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_get_int (doc, "version"), ==, 3);
  g_assert_cmpint (test_get_int (other, "version"), ==, 3);
  stored = read_doc ("v1");
  g_assert_cmpint (test_get_int (stored, "version"), ==, 3);
  test_assert_string_property (stored, "text", "put in a transaction");
  g_clear_object (&stored);
  stored = read_doc ("v2");
  g_assert_cmpint (test_get_int (stored, "version"), ==, 3);
  test_assert_string_property (stored, "text", "patched in a transaction");
  g_clear_object (&stored);
  g_clear_object (&transaction);

  /* a fresh delete */
  transaction = dynantic_transact_write_new (NULL);
  dynantic_transact_write_delete (transaction, DYNANTIC_MODEL (doc), NULL);
  dynantic_transact_write_check (transaction, DYNANTIC_MODEL (other), NULL);
  g_assert_true (dynantic_transact_write_execute (transaction, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (read_doc ("v1"));
}

/* The same token twice (a retry after a response that was lost): DynamoDB
 * applies the transaction once. */
static void
test_token_applies_once (TestTables    *tables,
                         gconstpointer  data)
{
  g_autoptr(TestOrder) order = test_order_new ("dan", 1, 0);
  g_autoptr(TestOrder) stored = NULL;
  g_autoptr(GError) error = NULL;
  /* a job's own token (DynamoDB Local remembers tokens across tables) */
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *token = g_strdup_printf ("job-%.30s", uuid);

  save_ok (order);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(DynanticTransactWrite) transaction = dynantic_transact_write_new (NULL);
      g_autoptr(DynanticUpdate) update = dynantic_update_new (TEST_TYPE_ORDER, VALUE_STRING ("dan"), VALUE_INT (1), NULL);

      dynantic_update_increment (update, "total", VALUE_DOUBLE (1));
      dynantic_transact_write_update (transaction, update);
      dynantic_transact_write_set_client_request_token (transaction, token);
      g_assert_true (dynantic_transact_write_execute (transaction, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (dynantic_transact_write_get_client_request_token (transaction), ==, token);
    }
  stored = read_order ("dan", 1);
  g_assert_cmpfloat (test_get_double (stored, "total"), ==, 1);

  /* The same transaction executed again after it was written is a new
   * one: a new token, applied again. */
  {
    g_autoptr(DynanticTransactWrite) transaction = dynantic_transact_write_new (NULL);
    g_autoptr(DynanticUpdate) update = dynantic_update_new (TEST_TYPE_ORDER, VALUE_STRING ("dan"), VALUE_INT (1), NULL);
    g_autofree char *first = NULL;

    dynantic_update_increment (update, "total", VALUE_DOUBLE (1));
    dynantic_transact_write_update (transaction, update);
    g_assert_true (dynantic_transact_write_execute (transaction, NULL, &error));
    first = g_strdup (dynantic_transact_write_get_client_request_token (transaction));
    g_assert_true (dynantic_transact_write_execute (transaction, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (dynantic_transact_write_get_client_request_token (transaction), !=, first);
  }
  g_clear_object (&stored);
  stored = read_order ("dan", 1);
  g_assert_cmpfloat (test_get_double (stored, "total"), ==, 3);
}

/* Asynchronously; a conflict of two actions on one item refused before
 * sending, naming the table. */
static void
test_async_and_refusals (TestTables    *tables,
                         gconstpointer  data)
{
  g_autoptr(DynanticTransactWrite) transaction = dynantic_transact_write_new (NULL);
  g_autoptr(TestOrder) order = test_order_new ("eve", 1, 1);
  g_autoptr(TestOrder) same = test_order_new ("eve", 1, 2);
  g_autoptr(TestOrder) stored = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  dynantic_transact_write_put (transaction, DYNANTIC_MODEL (order), NULL);
  dynantic_transact_write_delete_key (transaction, TEST_TYPE_ORDER, VALUE_STRING ("eve"), VALUE_INT (1), NULL);
  dynantic_transact_write_execute_async (transaction, NULL, test_async_callback, &tables->async);
  result = test_async_wait (&tables->async);
  g_assert_false (dynantic_transact_write_execute_finish (transaction, result, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "orders"));   /* the table's generated name */
  g_assert_null (dynantic_transact_write_get_client_request_token (transaction));   /* never sent */
  g_clear_error (&error);
  g_clear_object (&result);
  g_clear_object (&transaction);

  transaction = dynantic_transact_write_new (NULL);
  dynantic_transact_write_put (transaction, DYNANTIC_MODEL (same), NULL);
  dynantic_transact_write_execute_async (transaction, NULL, test_async_callback, &tables->async);
  result = test_async_wait (&tables->async);
  g_assert_true (dynantic_transact_write_execute_finish (transaction, result, &error));
  g_assert_no_error (error);
  stored = read_order ("eve", 1);
  g_assert_cmpfloat (test_get_double (stored, "total"), ==, 2);
}

/* Reads across tables in the order given, NULL for the missing, the
 * subclass the discriminator names, synchronously and asynchronously. */
static void
test_get (TestTables    *tables,
          gconstpointer  data)
{
  g_autoptr(TestOrder) order = test_order_new ("fay", 3, 30);
  g_autoptr(TestDoc) doc = test_doc_new ("g1", "text");
  g_autoptr(TestDog) dog = g_object_new (TEST_TYPE_DOG, "name", "Rex", NULL);
  g_autoptr(TestOrder) key = test_order_new ("fay", 3, 0);
  g_autoptr(DynanticTransactGet) get = dynantic_transact_get_new (NULL);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  save_ok (order);
  save_ok (doc);
  save_ok (dog);
  g_object_get (dog, "pet-id", &id, NULL);

  g_assert_true (dynantic_transact_get_add_key (get, TEST_TYPE_DOC, VALUE_STRING ("g1"), NULL) == get);
  dynantic_transact_get_add_key (get, TEST_TYPE_ORDER, VALUE_STRING ("nobody"), VALUE_INT (1));
  dynantic_transact_get_add_key (get, TEST_TYPE_PET, VALUE_STRING (id), NULL);
  dynantic_transact_get_add (get, DYNANTIC_MODEL (key));
  g_assert_cmpuint (dynantic_transact_get_get_n_keys (get), ==, 4);
  g_assert_true (dynantic_transact_get_execute (get, NULL, &error));
  g_assert_no_error (error);

  items = dynantic_transact_get_get_items (get);
  g_assert_cmpuint (items->len, ==, 4);
  g_assert_true (TEST_IS_DOC (items->pdata[0]));
  g_assert_cmpint (test_get_int (items->pdata[0], "version"), ==, 1);
  g_assert_null (items->pdata[1]);
  g_assert_true (TEST_IS_DOG (items->pdata[2]));
  test_assert_string_property (items->pdata[2], "name", "Rex");
  g_assert_true (TEST_IS_ORDER (items->pdata[3]));
  g_assert_cmpfloat (test_get_double (items->pdata[3], "total"), ==, 30);
  g_assert_true (dynantic_transact_get_lookup (get, 2) == items->pdata[2]);
  g_assert_null (dynantic_transact_get_lookup (get, 4));
  g_clear_pointer (&items, g_ptr_array_unref);

  /* again, asynchronously, after a change */
  g_object_set (order, "total", 31.0, NULL);
  save_ok (order);
  dynantic_transact_get_execute_async (get, NULL, test_async_callback, &tables->async);
  result = test_async_wait (&tables->async);
  g_assert_true (dynantic_transact_get_execute_finish (get, result, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (test_get_double (dynantic_transact_get_lookup (get, 3), "total"), ==, 31);
  g_assert_null (dynantic_transact_get_lookup (get, 1));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add ((path), TestTables, NULL, fixture_set_up, (func), fixture_tear_down)
  ADD ("/transact-write/across-tables", test_across_tables);
  ADD ("/transact-write/condition-cancels", test_condition_cancels);
  ADD ("/transact-write/versions", test_versions);
  ADD ("/transact-write/token-applies-once", test_token_applies_once);
  ADD ("/transact-write/async-and-refusals", test_async_and_refusals);
  ADD ("/transact-get/order", test_get);
#undef ADD

  return g_test_run ();
}
