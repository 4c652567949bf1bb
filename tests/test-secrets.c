/* test-secrets.c: no secret, key or value in any log line or error message
 *
 * Every log line of every domain is captured (G_MESSAGES_DEBUG=all, a
 * writer of our own) while one client with a secret key and a session
 * token runs a whole CRUD, query, scan, page, count, update and batch
 * (BatchWriteItem, BatchGetItem) session against DynamoDB Local, sync and
 * async, then failing calls: values its properties refuse, keys of the
 * wrong type, a missing required value (alone and in a batch), one item
 * twice in a batch, failed conditions (a transaction's too) and a request
 * DynamoDB Local refuses. Neither the logs nor any error's
 * message may hold the secret key, the session token, or any key or
 * attribute value sent or read, in clear or in base64; condition texts
 * meant for people (dynantic_condition_to_string()) may not either.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "test-util.h"

/* The model ---------------------------------------------------------------- */

#define SECRET_TYPE_ITEM (secret_item_get_type ())
G_DECLARE_FINAL_TYPE (SecretItem, secret_item, SECRET, ITEM, DynanticModel)
struct _SecretItem { DynanticModel parent_instance; };
G_DEFINE_FINAL_TYPE (SecretItem, secret_item, DYNANTIC_TYPE_MODEL)

static void
secret_item_class_init (SecretItemClass *klass)
{
  DynanticModelClass *k = DYNANTIC_MODEL_CLASS (klass);

  dynantic_model_class_install_property (k, g_param_spec_string ("owner", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (k, g_param_spec_int64 ("serial", NULL, NULL, 0, G_MAXINT64, 0,
                                                                G_PARAM_READWRITE));
  dynantic_model_class_install_property (k, g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (k, g_param_spec_int ("age", NULL, NULL, 0, 150, 0, G_PARAM_READWRITE));
  dynantic_model_class_install_property (k, g_param_spec_double ("balance", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                                                                 G_PARAM_READWRITE));
  dynantic_model_class_install_property (k, g_param_spec_boxed ("photo", NULL, NULL, G_TYPE_BYTES, G_PARAM_READWRITE));
  dynantic_model_class_install_property (k, g_param_spec_boxed ("tags", NULL, NULL, G_TYPE_STRV, G_PARAM_READWRITE));
  dynantic_model_class_install_property (k, g_param_spec_boxed ("notes", NULL, NULL, JSON_TYPE_NODE, G_PARAM_READWRITE));
  dynantic_model_class_install_property (k, g_param_spec_variant ("prefs", NULL, NULL, G_VARIANT_TYPE ("a{sv}"), NULL,
                                                                  G_PARAM_READWRITE));
  dynantic_model_class_set_partition_key (k, "owner");
  dynantic_model_class_set_sort_key (k, "serial");
  dynantic_model_class_set_set (k, "tags");
  dynantic_model_class_set_required (k, "name");
}

static void secret_item_init (SecretItem *self) { }

/* The secrets and values, and where they must not show ---------------------- */

typedef struct {
  GPtrArray      *forbidden;   /* char *: texts that must never show */
  GString        *logs;        /* every log line */
  GMutex          lock;        /* logs may come from any thread */
  guint           n_lines;
  guint           n_errors;    /* error messages checked */
  char           *table;
  char           *marker;      /* a random part of every value */
  DynanticClient *client;
} Session;

static Session session;

static void
forbid (const char *text)
{
  g_ptr_array_add (session.forbidden, g_strdup (text));
}

/* @text, and its base64 (the wire form of binary values). */
static void
forbid_bytes (const char *text)
{
  g_autofree char *encoded = g_base64_encode ((const guchar *) text, strlen (text));

  forbid (text);
  forbid (encoded);
}

/* A value that holds the session's marker, forbidden from now on. */
static char *
secret_value (const char *what)
{
  char *value = g_strdup_printf ("%s-%s", what, session.marker);

  forbid (value);
  return value;
}

static void
assert_clean (const char *where,
              const char *text)
{
  for (guint i = 0; i < session.forbidden->len; i++)
    if (text != NULL && strstr (text, session.forbidden->pdata[i]) != NULL)
      g_error ("%s shows “%s”: %s", where, (const char *) session.forbidden->pdata[i], text);
}

/* Every error the session meets goes through here. */
static void
check_error (const GError *error,
             GQuark        domain,
             int           code)
{
  g_assert_error ((GError *) error, domain, code);
  assert_clean ("an error message", error->message);
  session.n_errors++;
}

static GLogWriterOutput
capture_log (GLogLevelFlags   level,
             const GLogField *fields,
             gsize            n_fields,
             gpointer         user_data)
{
  g_mutex_lock (&session.lock);
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0)
      {
        g_string_append (session.logs, fields[i].value);
        g_string_append_c (session.logs, '\n');
        session.n_lines++;
      }
  g_mutex_unlock (&session.lock);
  /* warnings and criticals still fail the test */
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    return g_log_writer_default (level, fields, n_fields, user_data);
  return G_LOG_WRITER_HANDLED;
}

static void
assert_logs_clean (void)
{
  g_autofree char *logs = NULL;

  /* checked outside the lock: a failure logs, which takes it */
  g_mutex_lock (&session.lock);
  logs = g_strdup (session.logs->str);
  g_mutex_unlock (&session.lock);
  assert_clean ("the log", logs);
}

/* Values ------------------------------------------------------------------- */

static GValue *
string_value (GValue     *value,
              const char *text)
{
  g_value_init (value, G_TYPE_STRING);
  g_value_set_string (value, text);
  return value;
}

static GValue *
int64_value (GValue *value,
             gint64  number)
{
  g_value_init (value, G_TYPE_INT64);
  g_value_set_int64 (value, number);
  return value;
}

static const gint64 secret_serial = 73918465271;
static const gint64 secret_age_refused = 98765;
static const gint64 wrong_key_number = 55512349876;

static SecretItem *
make_item (const char *owner,
           gint64      serial)
{
  g_autofree char *name = secret_value ("name");
  g_autofree char *tag = secret_value ("tag");
  g_autofree char *photo = secret_value ("photo");
  g_autofree char *note = secret_value ("note");
  g_autofree char *pref = secret_value ("pref");
  g_autofree char *notes_json = g_strdup_printf ("{\"text\":\"%s\",\"n\":[1,2]}", note);
  g_autoptr(JsonNode) notes = json_from_string (notes_json, NULL);
  g_autoptr(GBytes) photo_bytes = g_bytes_new (photo, strlen (photo));
  GVariantBuilder prefs;
  const char *tags[] = { tag, NULL };

  forbid_bytes (photo);
  g_variant_builder_init (&prefs, G_VARIANT_TYPE ("a{sv}"));
  g_variant_builder_add (&prefs, "{sv}", "theme", g_variant_new_string (pref));
  return g_object_new (SECRET_TYPE_ITEM,
                       "owner", owner, "serial", serial, "name", name, "age", 42,
                       "balance", 31415926.53589, "photo", photo_bytes, "tags", tags,
                       "notes", notes, "prefs", g_variant_builder_end (&prefs),
                       NULL);
}

/* The session ------------------------------------------------------------- */

static DynanticClient *
secret_client (const char *endpoint)
{
  g_autofree char *secret = g_strdup_printf ("wJalrXUtnFEMI/K7MDENG/%s", session.marker);
  g_autofree char *token = g_strdup_printf ("IQoJb3JpZ2luX2VjE%sSESSIONTOKEN", session.marker);
  g_autoptr(DynanticCredentials) credentials = dynantic_credentials_new ("AKIDSECRETSTEST", secret, token);
  g_autoptr(DynanticCredentialsProvider) provider = dynantic_credentials_provider_new_static (credentials);

  forbid (secret);
  forbid (token);
  return g_object_new (DYNANTIC_TYPE_CLIENT,
                       "endpoint", endpoint, "region", "us-east-1",
                       "credentials-provider", provider,
                       NULL);
}

static void
wait_async (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
}

static void
keep_result (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
run_crud (const char *owner)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretItem) item = make_item (owner, secret_serial);
  g_autoptr(SecretItem) second = make_item (owner, secret_serial + 1);
  g_autoptr(DynanticModel) found = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_auto(GValue) pk = G_VALUE_INIT;
  g_auto(GValue) sk = G_VALUE_INIT;

  dynantic_model_set_instance_client (DYNANTIC_MODEL (item), session.client);
  dynantic_model_set_instance_client (DYNANTIC_MODEL (second), session.client);
  g_assert_true (dynantic_model_save (DYNANTIC_MODEL (item), NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (dynantic_model_create (DYNANTIC_MODEL (second), NULL, &error));
  g_assert_no_error (error);

  string_value (&pk, owner);
  int64_value (&sk, secret_serial);
  found = dynantic_model_get_by_key_full (SECRET_TYPE_ITEM, TRUE, &pk, &sk, session.client, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_true (dynantic_model_reload (DYNANTIC_MODEL (second), NULL, &error));
  g_assert_no_error (error);

  /* the same, asynchronously */
  dynantic_model_save_async (DYNANTIC_MODEL (item), NULL, NULL, keep_result, &result);
  wait_async (&result);
  g_assert_true (dynantic_model_save_finish (DYNANTIC_MODEL (item), result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  dynantic_model_get_by_key_full_async (SECRET_TYPE_ITEM, FALSE, &pk, &sk, session.client, NULL,
                                        keep_result, &result);
  wait_async (&result);
  g_clear_object (&found);
  found = dynantic_model_get_by_key_full_finish (result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
}

static void
run_reads (const char *owner)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("name-%s", session.marker);
  g_auto(GValue) pk = G_VALUE_INIT;
  g_auto(GValue) name_value = G_VALUE_INIT;
  g_auto(GValue) low = G_VALUE_INIT;

  string_value (&pk, owner);
  string_value (&name_value, name);
  int64_value (&low, secret_serial);

  {
    g_autoptr(DynanticCondition) filter = dynantic_condition_eq ("name", &name_value);
    g_autoptr(DynanticQuery) query = dynantic_query_new (SECRET_TYPE_ITEM, &pk, session.client);
    g_autoptr(GPtrArray) all = NULL;
    g_autofree char *shown = dynantic_condition_to_string (filter);

    assert_clean ("a condition's text", shown);
    dynantic_query_ge (query, &low);
    dynantic_query_filter (query, filter);
    all = dynantic_read_all (DYNANTIC_READ (query), NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (all->len, ==, 2);
    g_assert_cmpuint (dynantic_read_count (DYNANTIC_READ (query), NULL, &error), ==, 2);
    g_assert_no_error (error);
  }
  {
    g_autoptr(DynanticQuery) query = dynantic_query_new (SECRET_TYPE_ITEM, &pk, session.client);
    g_autoptr(DynanticPage) first = NULL;
    g_autoptr(DynanticPage) next = NULL;

    dynantic_query_page_size (query, 1);
    first = dynantic_read_page (DYNANTIC_READ (query), NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_nonnull (dynantic_page_get_cursor (first));
    assert_clean ("a cursor", dynantic_page_get_cursor (first));
    next = dynantic_read_page (DYNANTIC_READ (query), dynantic_page_get_cursor (first), NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (dynantic_page_get_items (next)->len, ==, 1);
  }
  {
    g_autoptr(DynanticScan) scan = dynantic_scan_new (SECRET_TYPE_ITEM, session.client);
    g_autoptr(GPtrArray) all = dynantic_read_all (DYNANTIC_READ (scan), NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (all->len, >=, 2);
  }
  {
    g_autoptr(JsonObject) response = NULL;
    g_autofree char *request = g_strdup_printf ("{\"TableName\":\"%s\",\"Key\":{\"owner\":{\"S\":\"%s\"},"
                                                "\"serial\":{\"N\":\"%" G_GINT64_FORMAT "\"}}}",
                                                session.table, owner, secret_serial);
    g_autoptr(JsonObject) parsed = test_parse_object (request);

    response = dynantic_client_call (session.client, "GetItem", parsed, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (json_object_has_member (response, "Item"));
  }
}

static void
run_updates (const char *owner)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *renamed = secret_value ("renamed");
  g_autofree char *extra_tag = secret_value ("extra-tag");
  const char *tags[] = { extra_tag, NULL };
  g_auto(GValue) pk = G_VALUE_INIT;
  g_auto(GValue) sk = G_VALUE_INIT;
  g_auto(GValue) name = G_VALUE_INIT;
  g_auto(GValue) tag_set = G_VALUE_INIT;
  g_auto(GValue) amount = G_VALUE_INIT;
  g_autoptr(DynanticUpdate) update = NULL;
  g_autoptr(DynanticCondition) adult = NULL;

  string_value (&pk, owner);
  int64_value (&sk, secret_serial);
  string_value (&name, renamed);
  g_value_set_boxed (g_value_init (&tag_set, G_TYPE_STRV), tags);
  g_value_set_double (g_value_init (&amount, G_TYPE_DOUBLE), 2718.28182);
  {
    g_auto(GValue) eighteen = G_VALUE_INIT;

    g_value_set_int (g_value_init (&eighteen, G_TYPE_INT), 18);
    adult = dynantic_condition_ge ("age", &eighteen);
  }

  update = dynantic_update_new (SECRET_TYPE_ITEM, &pk, &sk, session.client);
  dynantic_update_set_value (update, "name", &name);
  dynantic_update_add (update, "tags", &tag_set);
  dynantic_update_increment (update, "balance", &amount);
  dynantic_update_set_condition (update, adult);
  dynantic_update_set_return_values (update, DYNANTIC_RETURN_VALUES_ALL_NEW);
  g_assert_true (dynantic_update_execute (update, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (dynantic_update_get_returned_item (update));
}

/* BatchWriteItem and BatchGetItem, sync, async and streamed. */
static void
run_batches (const char *owner)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DynanticBatchWrite) writes = dynantic_batch_write_new (session.client);
  g_autoptr(DynanticBatchWrite) more = dynantic_batch_write_new (session.client);
  g_autoptr(DynanticBatchGet) reads = dynantic_batch_get_new (session.client);
  g_autoptr(DynanticBatchGetIterator) stream = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(DynanticModel) streamed = NULL;
  g_autoptr(GPtrArray) processed = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) missing = NULL;
  g_auto(GValue) pk = G_VALUE_INIT;
  guint n_streamed = 0;

  string_value (&pk, owner);
  for (gint64 serial = secret_serial + 10; serial < secret_serial + 13; serial++)
    {
      g_autoptr(SecretItem) item = make_item (owner, serial);

      dynantic_batch_write_save (writes, DYNANTIC_MODEL (item));
    }
  g_assert_true (dynantic_batch_write_execute (writes, NULL, &error));
  g_assert_no_error (error);
  processed = dynantic_batch_write_get_processed (writes);
  g_assert_cmpuint (processed->len, ==, 3);
  g_clear_pointer (&processed, g_ptr_array_unref);

  {
    g_autoptr(SecretItem) item = make_item (owner, secret_serial + 13);
    g_auto(GValue) sk = G_VALUE_INIT;

    int64_value (&sk, secret_serial + 12);
    dynantic_batch_write_save (more, DYNANTIC_MODEL (item));
    dynantic_batch_write_delete_key (more, SECRET_TYPE_ITEM, &pk, &sk);
  }
  dynantic_batch_write_execute_async (more, NULL, keep_result, &result);
  wait_async (&result);
  g_assert_true (dynantic_batch_write_execute_finish (more, result, &error));
  g_assert_no_error (error);
  processed = dynantic_batch_write_get_processed (more);
  g_assert_cmpuint (processed->len, ==, 2);

  for (gint64 serial = secret_serial + 10; serial < secret_serial + 14; serial++)
    {
      g_auto(GValue) sk = G_VALUE_INIT;

      dynantic_batch_get_add_key (reads, SECRET_TYPE_ITEM, &pk, int64_value (&sk, serial));
    }
  g_assert_true (dynantic_batch_get_execute (reads, NULL, &error));
  g_assert_no_error (error);
  found = dynantic_batch_get_get_items (reads);
  missing = dynantic_batch_get_get_missing (reads);
  g_assert_cmpuint (found->len, ==, 3);
  g_assert_cmpuint (missing->len, ==, 1);

  stream = dynantic_batch_get_iterate (reads);
  while ((streamed = dynantic_batch_get_iterator_next (stream, NULL, &error)) != NULL)
    {
      n_streamed++;
      g_clear_object (&streamed);
    }
  g_assert_no_error (error);
  g_assert_cmpuint (n_streamed, ==, 3);
}

/* Transactions that commit: a put, an update and a delete written as one,
 * then read back as one snapshot (sync and async) */
static void
run_transactions (const char *owner)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DynanticTransactWrite) writes = dynantic_transact_write_new (session.client);
  g_autoptr(DynanticTransactGet) reads = dynantic_transact_get_new (session.client);
  g_autoptr(SecretItem) fresh = make_item (owner, secret_serial + 30);
  g_autoptr(DynanticUpdate) update = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_auto(GValue) pk = G_VALUE_INIT;
  g_auto(GValue) updated = G_VALUE_INIT;
  g_auto(GValue) deleted = G_VALUE_INIT;
  g_auto(GValue) put = G_VALUE_INIT;
  g_auto(GValue) age = G_VALUE_INIT;

  string_value (&pk, owner);
  int64_value (&updated, secret_serial + 13);
  int64_value (&deleted, secret_serial + 11);
  int64_value (&put, secret_serial + 30);
  g_value_set_int (g_value_init (&age, G_TYPE_INT), 44);
  update = dynantic_update_new (SECRET_TYPE_ITEM, &pk, &updated, session.client);
  dynantic_update_set_value (update, "age", &age);
  dynantic_transact_write_put (writes, DYNANTIC_MODEL (fresh), NULL);
  dynantic_transact_write_update (writes, update);
  dynantic_transact_write_delete_key (writes, SECRET_TYPE_ITEM, &pk, &deleted, NULL);
  g_assert_true (dynantic_transact_write_execute (writes, NULL, &error));
  g_assert_no_error (error);

  dynantic_transact_get_add_key (reads, SECRET_TYPE_ITEM, &pk, &put);
  dynantic_transact_get_add_key (reads, SECRET_TYPE_ITEM, &pk, &updated);
  dynantic_transact_get_add_key (reads, SECRET_TYPE_ITEM, &pk, &deleted);
  dynantic_transact_get_execute_async (reads, NULL, keep_result, &result);
  wait_async (&result);
  g_assert_true (dynantic_transact_get_execute_finish (reads, result, &error));
  g_assert_no_error (error);
  items = dynantic_transact_get_get_items (reads);
  g_assert_cmpuint (items->len, ==, 3);
  g_assert_nonnull (items->pdata[0]);
  g_assert_nonnull (items->pdata[1]);
  g_assert_null (items->pdata[2]);
  {
    gint stored_age = 0;

    g_object_get (items->pdata[1], "age", &stored_age, NULL);
    g_assert_cmpint (stored_age, ==, 44);
  }
}

/* Failing calls ------------------------------------------------------------ */

static void
run_failures (const char *owner)
{
  g_autoptr(GError) error = NULL;
  g_auto(GValue) pk = G_VALUE_INIT;
  g_auto(GValue) sk = G_VALUE_INIT;

  string_value (&pk, owner);
  int64_value (&sk, secret_serial);

  /* a value its property refuses */
  {
    g_autoptr(DynanticUpdate) update = dynantic_update_new (SECRET_TYPE_ITEM, &pk, &sk, session.client);
    g_auto(GValue) age = G_VALUE_INIT;

    g_value_set_int64 (g_value_init (&age, G_TYPE_INT64), secret_age_refused);
    dynantic_update_set_value (update, "age", &age);
    g_assert_false (dynantic_update_execute (update, NULL, &error));
    check_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
    g_clear_error (&error);
  }
  /* a key of another type than its property's */
  {
    g_auto(GValue) wrong = G_VALUE_INIT;
    g_autoptr(DynanticModel) none = NULL;

    g_value_set_double (g_value_init (&wrong, G_TYPE_DOUBLE), wrong_key_number + 0.5);
    none = dynantic_model_get_by_key_full (SECRET_TYPE_ITEM, FALSE, &pk, &wrong, session.client, NULL, &error);
    g_assert_null (none);
    check_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
    g_clear_error (&error);
  }
  /* a required property missing, a key value in the item */
  {
    g_autoptr(SecretItem) nameless = make_item (owner, secret_serial + 7);

    g_object_set (nameless, "name", NULL, NULL);
    dynantic_model_set_instance_client (DYNANTIC_MODEL (nameless), session.client);
    g_assert_false (dynantic_model_save (DYNANTIC_MODEL (nameless), NULL, NULL, &error));
    check_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
    g_clear_error (&error);
  }
  /* creating an item that exists */
  {
    g_autoptr(SecretItem) again = make_item (owner, secret_serial);

    dynantic_model_set_instance_client (DYNANTIC_MODEL (again), session.client);
    g_assert_false (dynantic_model_create (DYNANTIC_MODEL (again), NULL, &error));
    check_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CONDITIONAL_CHECK_FAILED);
    g_clear_error (&error);
  }
  /* an update whose condition on a value fails */
  {
    g_autoptr(DynanticUpdate) update = dynantic_update_new (SECRET_TYPE_ITEM, &pk, &sk, session.client);
    g_autofree char *wrong_name = secret_value ("not-the-name");
    g_auto(GValue) expected = G_VALUE_INIT;
    g_auto(GValue) age = G_VALUE_INIT;
    g_autoptr(DynanticCondition) named = NULL;

    string_value (&expected, wrong_name);
    g_value_set_int (g_value_init (&age, G_TYPE_INT), 43);
    named = dynantic_condition_eq ("name", &expected);
    dynantic_update_set_value (update, "age", &age);
    dynantic_update_set_condition (update, named);
    g_assert_false (dynantic_update_execute (update, NULL, &error));
    check_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CONDITIONAL_CHECK_FAILED);
    g_clear_error (&error);
  }
  /* DynamoDB Local refusing a request that holds values */
  {
    g_autofree char *bad_number = g_strdup_printf ("12x%s", session.marker);
    g_autofree char *request = g_strdup_printf ("{\"TableName\":\"%s\",\"Item\":{\"owner\":{\"S\":\"%s\"},"
                                                "\"serial\":{\"N\":\"%s\"}}}",
                                                session.table, owner, bad_number);
    g_autoptr(JsonObject) parsed = test_parse_object (request);
    g_autoptr(JsonObject) response = NULL;

    forbid (bad_number);
    response = dynantic_client_call (session.client, "PutItem", parsed, NULL, &error);
    g_assert_null (response);
    check_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
    g_clear_error (&error);
  }
  /* a batch holding an item without its required value */
  {
    g_autoptr(DynanticBatchWrite) batch = dynantic_batch_write_new (session.client);
    g_autoptr(SecretItem) valid = make_item (owner, secret_serial + 20);
    g_autoptr(SecretItem) nameless = make_item (owner, secret_serial + 21);

    g_object_set (nameless, "name", NULL, NULL);
    dynantic_batch_write_save (batch, DYNANTIC_MODEL (valid));
    dynantic_batch_write_save (batch, DYNANTIC_MODEL (nameless));
    g_assert_false (dynantic_batch_write_execute (batch, NULL, &error));
    check_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
    g_clear_error (&error);
  }
  /* a batch writing one item twice */
  {
    g_autoptr(DynanticBatchWrite) batch = dynantic_batch_write_new (session.client);
    g_autoptr(SecretItem) item = make_item (owner, secret_serial + 22);
    g_autoptr(SecretItem) twin = make_item (owner, secret_serial + 22);

    dynantic_batch_write_save (batch, DYNANTIC_MODEL (item));
    dynantic_batch_write_save (batch, DYNANTIC_MODEL (twin));
    g_assert_false (dynantic_batch_write_execute (batch, NULL, &error));
    check_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
  }
  /* a transaction cancelled by a condition on a value: its error and
   * every reason's message (the current item is an object, never text) */
  {
    g_autoptr(DynanticTransactWrite) transaction = dynantic_transact_write_new (session.client);
    g_autoptr(SecretItem) fresh = make_item (owner, secret_serial + 9);
    g_autofree char *wrong_name = secret_value ("transaction-not-the-name");
    g_auto(GValue) expected = G_VALUE_INIT;
    g_autoptr(DynanticCondition) named = NULL;
    g_autoptr(GPtrArray) reasons = NULL;

    string_value (&expected, wrong_name);
    named = dynantic_condition_eq ("name", &expected);
    dynantic_transact_write_put (transaction, DYNANTIC_MODEL (fresh), NULL);
    dynantic_transact_write_check_key (transaction, SECRET_TYPE_ITEM, &pk, &sk, named);
    g_assert_false (dynantic_transact_write_execute (transaction, NULL, &error));
    check_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_TRANSACTION_CANCELED);
    g_clear_error (&error);
    reasons = dynantic_transact_write_get_cancellation_reasons (transaction);
    g_assert_cmpuint (reasons->len, ==, 2);
    for (guint i = 0; i < reasons->len; i++)
      {
        const char *message = dynantic_cancellation_reason_get_message (reasons->pdata[i]);

        if (message != NULL)
          assert_clean ("a cancellation reason", message);
      }
    g_assert_nonnull (dynantic_cancellation_reason_get_item (reasons->pdata[1]));
  }
  /* deleting with a condition that fails, then deleting */
  {
    g_autofree char *wrong_name = secret_value ("still-not-the-name");
    g_auto(GValue) expected = G_VALUE_INIT;
    g_autoptr(DynanticCondition) named = NULL;

    string_value (&expected, wrong_name);
    named = dynantic_condition_eq ("name", &expected);
    g_assert_false (dynantic_model_delete_by_key (SECRET_TYPE_ITEM, &pk, &sk, named, session.client, NULL, &error));
    check_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CONDITIONAL_CHECK_FAILED);
    g_clear_error (&error);
    g_assert_true (dynantic_model_delete_by_key (SECRET_TYPE_ITEM, &pk, &sk, NULL, session.client, NULL, &error));
    g_assert_no_error (error);
  }
}

static void
test_secrets (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *owner = NULL;

  session.table = test_unique_table_name ("secrets");
  session.client = secret_client (test_local_endpoint ());
  owner = secret_value ("owner");
  g_type_class_unref (g_type_class_ref (SECRET_TYPE_ITEM));
  dynantic_model_class_set_table (g_type_class_peek (SECRET_TYPE_ITEM), session.table);
  g_assert_true (dynantic_table_create (SECRET_TYPE_ITEM, session.client, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (dynantic_table_wait_until_active (SECRET_TYPE_ITEM, 30, session.client, NULL, &error));
  g_assert_no_error (error);

  run_crud (owner);
  run_reads (owner);
  run_updates (owner);
  run_batches (owner);
  run_transactions (owner);
  run_failures (owner);

  g_assert_true (dynantic_table_delete (SECRET_TYPE_ITEM, session.client, NULL, &error));
  g_assert_no_error (error);

  assert_logs_clean ();
  /* the check saw something: debug lines of every attempt, and the errors */
  g_assert_cmpuint (session.n_lines, >=, 20);
  g_assert_cmpuint (session.n_errors, ==, 10);
  g_test_message ("%u log lines and %u error messages checked for %u secrets and values",
                  session.n_lines, session.n_errors, session.forbidden->len);
  g_clear_object (&session.client);
}

int
main (int    argc,
      char **argv)
{
  guint8 random[9];

  /* every domain at debug level, into our writer, before anything logs */
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_mutex_init (&session.lock);
  session.logs = g_string_new (NULL);
  session.forbidden = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < sizeof random; i++)
    random[i] = (guint8) g_random_int ();
  session.marker = g_base64_encode (random, sizeof random);
  g_strdelimit (session.marker, "+/=", 'Q');
  {
    g_autofree char *serial = g_strdup_printf ("%" G_GINT64_FORMAT, secret_serial);
    g_autofree char *age = g_strdup_printf ("%" G_GINT64_FORMAT, secret_age_refused);
    g_autofree char *wrong = g_strdup_printf ("%" G_GINT64_FORMAT, wrong_key_number);

    forbid (serial);
    forbid (age);
    forbid (wrong);
    forbid ("31415926.53589");
    forbid ("2718.28182");
  }
  g_log_set_writer_func (capture_log, NULL, NULL);

  g_test_add_func ("/secrets/logs-and-errors", test_secrets);
  return g_test_run ();
}
