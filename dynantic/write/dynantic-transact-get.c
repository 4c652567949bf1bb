/* dynantic-transact-get.c: up to 100 items read as one snapshot
 * (TransactGetItems)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "dynantic-error-private.h"
#include "dynantic-i18n-private.h"
#include "dynantic-item-private.h"
#include "dynantic-model-private.h"
#include "dynantic-request-private.h"
#include "dynantic-transaction-private.h"
#include "dynantic-write-common-private.h"

/**
 * DynanticTransactGet:
 *
 * Reads up to 100 items by key, across tables and classes, as one
 * consistent snapshot (DynamoDB's TransactGetItems): no write lands
 * between the reads.
 *
 * The results are in the order of the keys: dynantic_transact_get_lookup()
 * gives key @i's item or %NULL when there is none, and
 * dynantic_transact_get_get_items() all of them, %NULL for the missing
 * ones. Each item is read as an object of its key's class (through a
 * polymorphic base, of the subclass its discriminator names; through a
 * subclass, an item of another kind counts as missing).
 *
 * The keys are checked before anything is sent: from 1 to 100, at most one
 * per item, each as dynantic_model_get_by_key() checks it; else
 * %DYNANTIC_ERROR_INVALID_ARGUMENT (or %DYNANTIC_ERROR_VALIDATION for a
 * key's value). When DynamoDB cancels the read (a write in progress on one
 * of the items), the call fails with %DYNANTIC_ERROR_TRANSACTION_CONFLICT
 * or %DYNANTIC_ERROR_TRANSACTION_CANCELED with its reasons
 * (dynantic_error_get_cancellation_details()).
 *
 * Since: 0.2
 */

typedef struct {
  DynanticModel        *key;          /* the key object given to add(), else NULL */
  GType                 key_type;     /* add_key: its class */
  GValue                partition_key;
  GValue                sort_key;
  DynanticModel        *item;

  DynanticSchema       *schema;       /* a reference, made by prepare() */
  GBytes               *key_json;
  GBytes               *identity;
} GetEntry;

typedef struct {
  DynanticTransactGet *owner;
  DynanticClient      *item_client;   /* the items read keep it, or NULL */
  guint                n_read;        /* the Responses read so far */
} GetCall;

struct _DynanticTransactGet {
  GObject         parent_instance;

  DynanticClient *client;
  GPtrArray      *entries;            /* GetEntry * */
  GPtrArray      *reasons;            /* DynanticCancellationReason, of the last execution */
  gboolean        running;
};

G_DEFINE_FINAL_TYPE (DynanticTransactGet, dynantic_transact_get, G_TYPE_OBJECT)

static void
get_entry_free (GetEntry *entry)
{
  g_clear_object (&entry->key);
  g_clear_object (&entry->item);
  if (G_IS_VALUE (&entry->partition_key))
    g_value_unset (&entry->partition_key);
  if (G_IS_VALUE (&entry->sort_key))
    g_value_unset (&entry->sort_key);
  g_clear_pointer (&entry->schema, dynantic_schema_unref);
  g_clear_pointer (&entry->key_json, g_bytes_unref);
  g_clear_pointer (&entry->identity, g_bytes_unref);
  g_free (entry);
}

static void
dynantic_transact_get_finalize (GObject *object)
{
  DynanticTransactGet *self = DYNANTIC_TRANSACT_GET (object);

  g_ptr_array_unref (self->entries);
  g_ptr_array_unref (self->reasons);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (dynantic_transact_get_parent_class)->finalize (object);
}

static void
dynantic_transact_get_class_init (DynanticTransactGetClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dynantic_transact_get_finalize;
}

static void
dynantic_transact_get_init (DynanticTransactGet *self)
{
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) get_entry_free);
  self->reasons = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * dynantic_transact_get_new:
 * @client: (nullable): the client to call through, which the items read
 *   keep as their own; or %NULL for the first key's: its object's own
 *   client (which the items read keep, so that their own calls go where
 *   they were read from), else its class's, else the default client
 *
 * Makes an empty transactional read.
 *
 * Returns: (transfer full): a new transactional read
 *
 * Since: 0.2
 */
DynanticTransactGet *
dynantic_transact_get_new (DynanticClient *client)
{
  DynanticTransactGet *self;

  g_return_val_if_fail (client == NULL || DYNANTIC_IS_CLIENT (client), NULL);

  self = g_object_new (DYNANTIC_TYPE_TRANSACT_GET, NULL);
  g_set_object (&self->client, client);
  return self;
}

static GetEntry *
add_entry (DynanticTransactGet *self)
{
  GetEntry *entry = g_new0 (GetEntry, 1);

  g_ptr_array_add (self->entries, entry);
  return entry;
}

/**
 * dynantic_transact_get_add:
 * @self: a transactional read
 * @key: an object whose key properties name the item to read; its class is
 *   the one the item is read as
 *
 * Adds the key of @key.
 *
 * Returns: (transfer none): @self, to chain calls
 *
 * Since: 0.2
 */
DynanticTransactGet *
dynantic_transact_get_add (DynanticTransactGet *self,
                           DynanticModel       *key)
{
  g_return_val_if_fail (DYNANTIC_IS_TRANSACT_GET (self), NULL);
  g_return_val_if_fail (DYNANTIC_IS_MODEL (key), self);

  add_entry (self)->key = g_object_ref (key);
  return self;
}

/**
 * dynantic_transact_get_add_key:
 * @self: a transactional read
 * @model_type: the #DynanticModel subtype to read the item as
 * @partition_key: the partition key's value
 * @sort_key: (nullable): the sort key's value, for tables that have one
 *
 * Adds a key given by value, checked when the read is executed.
 *
 * Returns: (transfer none): @self, to chain calls
 *
 * Since: 0.2
 */
DynanticTransactGet *
dynantic_transact_get_add_key (DynanticTransactGet *self,
                               GType                model_type,
                               const GValue        *partition_key,
                               const GValue        *sort_key)
{
  GetEntry *entry;

  g_return_val_if_fail (DYNANTIC_IS_TRANSACT_GET (self), NULL);
  g_return_val_if_fail (g_type_is_a (model_type, DYNANTIC_TYPE_MODEL), self);

  entry = add_entry (self);
  entry->key_type = model_type;
  dynantic_write_copy_value (&entry->partition_key, partition_key);
  dynantic_write_copy_value (&entry->sort_key, sort_key);
  return self;
}

/* The schema, Key JSON and identity of @entry; a key given as values is
 * written from them, with no object made. */
static gboolean
prepare_entry (GetEntry  *entry,
               GError   **error)
{
  g_clear_pointer (&entry->key_json, g_bytes_unref);
  g_clear_pointer (&entry->identity, g_bytes_unref);
  entry->identity = dynantic_write_prepare_key (entry->key, entry->key_type, &entry->partition_key,
                                                &entry->sort_key, &entry->schema, &entry->key_json, error);
  return entry->identity != NULL;
}

static gboolean
prepare (DynanticTransactGet  *self,
         GError              **error)
{
  g_autoptr(GHashTable) items = g_hash_table_new (g_bytes_hash, g_bytes_equal);   /* identity -> index + 1 */

  if (!dynantic_transaction_check_size (self->entries->len, error))
    return FALSE;
  for (guint i = 0; i < self->entries->len; i++)
    {
      GetEntry *entry = self->entries->pdata[i];

      if (!prepare_entry (entry, error))
        return FALSE;
      guint earlier = GPOINTER_TO_UINT (g_hash_table_lookup (items, entry->identity));

      if (earlier != 0)
        return dynantic_transaction_refuse_twice (entry->schema, earlier - 1, i, error);
      g_hash_table_insert (items, entry->identity, GUINT_TO_POINTER (i + 1));
    }
  return TRUE;
}

/* The request -------------------------------------------------------------------- */

static gboolean
write_get_body (gpointer   state,
                GString   *out,
                GError   **error)
{
  GetCall *call = state;
  DynanticTransactGet *self = call->owner;
  DynanticJsonWriter writer;

  dynantic_json_writer_init (&writer, out);
  dynantic_json_writer_begin_object (&writer);
  dynantic_json_writer_member_literal (&writer, "TransactItems");
  dynantic_json_writer_begin_array (&writer);
  for (guint i = 0; i < self->entries->len; i++)
    {
      GetEntry *entry = self->entries->pdata[i];

      dynantic_json_writer_begin_object (&writer);
      dynantic_json_writer_member_literal (&writer, "Get");
      dynantic_json_writer_begin_object (&writer);
      dynantic_json_writer_member_literal (&writer, "TableName");
      dynantic_json_writer_string (&writer, dynantic_schema_get_table (entry->schema), -1);
      dynantic_json_writer_member_literal (&writer, "Key");
      dynantic_json_writer_raw (&writer, g_bytes_get_data (entry->key_json, NULL), g_bytes_get_size (entry->key_json));
      dynantic_json_writer_end_object (&writer);
      dynantic_json_writer_end_object (&writer);
    }
  dynantic_json_writer_end_array (&writer);
  dynantic_json_writer_end_object (&writer);
  return TRUE;
}

static DynanticRequestMember
bad_responses (GError **error)
{
  g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_BAD_RESPONSE,
               /* Translators: %s is the name of a member of DynamoDB's JSON response (such as
                * UnprocessedItems), not to be translated */
               _("The response’s member “%s” is not what was asked for"), "Responses");
  return DYNANTIC_REQUEST_MEMBER_FAILED;
}

/* One response, {} or {"Item": {...}}, for @entry: the item must be the
 * one its key names. */
static gboolean
read_response (GetCall              *call,
               GetEntry             *entry,
               DynanticJsonReader   *reader,
               GError              **error)
{
  DynanticJsonToken token;

  if (dynantic_json_reader_next (reader) != DYNANTIC_JSON_BEGIN_OBJECT)
    return FALSE;
  while ((token = dynantic_json_reader_next (reader)) == DYNANTIC_JSON_MEMBER)
    {
      g_autoptr(GBytes) identity = NULL;
      GError *local_error = NULL;
      DynanticJsonReader item_reader;
      const char *json;
      gsize length;

      if (strcmp (dynantic_json_reader_get_string (reader, NULL), "Item") != 0)
        {
          if (!dynantic_json_reader_skip_value (reader))
            return FALSE;
          continue;
        }
      if (entry->item != NULL || !dynantic_json_reader_capture_value (reader, &json, &length))
        return FALSE;
      identity = dynantic_write_identity_of_key (entry->schema, json, length, NULL);
      if (identity == NULL || !g_bytes_equal (identity, entry->identity))
        return FALSE;
      dynantic_json_reader_init (&item_reader, json, length);
      entry->item = dynantic_item_read (&item_reader, entry->schema, &local_error);
      dynantic_json_reader_clear (&item_reader);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
      if (entry->item != NULL && call->item_client != NULL)
        dynantic_model_set_instance_client (entry->item, call->item_client);
    }
  return token == DYNANTIC_JSON_END_OBJECT;
}

/* "Responses": one per key, in order. */
static DynanticRequestMember
read_get_member (gpointer             state,
                 const char          *name,
                 DynanticJsonReader  *reader,
                 GError             **error)
{
  GetCall *call = state;
  DynanticTransactGet *self = call->owner;

  if (strcmp (name, "Responses") != 0)
    return DYNANTIC_REQUEST_MEMBER_SKIP;
  if (call->n_read > 0 || dynantic_json_reader_next (reader) != DYNANTIC_JSON_BEGIN_ARRAY)
    return bad_responses (error);
  while (!dynantic_json_reader_array_ends (reader))
    {
      GError *local_error = NULL;

      if (call->n_read == self->entries->len ||
          !read_response (call, self->entries->pdata[call->n_read], reader, &local_error))
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, local_error);
              return DYNANTIC_REQUEST_MEMBER_FAILED;
            }
          return bad_responses (error);
        }
      call->n_read++;
    }
  if (dynantic_json_reader_next (reader) != DYNANTIC_JSON_END_ARRAY)
    return bad_responses (error);
  return DYNANTIC_REQUEST_MEMBER_READ;
}

static gboolean
finish_get (gpointer              state,
            DynanticRequestNext  *next,
            GError              **error)
{
  GetCall *call = state;

  if (call->n_read == call->owner->entries->len)
    return TRUE;
  bad_responses (error);
  return FALSE;
}

static DynanticRequestMember
read_get_error_member (gpointer             state,
                       const char          *name,
                       DynanticJsonReader  *reader,
                       GError              *error)
{
  GetCall *call = state;
  DynanticTransactGet *self = call->owner;
  g_autofree const DynanticSchema **schemas = NULL;

  if (strcmp (name, "CancellationReasons") != 0)
    return DYNANTIC_REQUEST_MEMBER_SKIP;
  schemas = g_new0 (const DynanticSchema *, self->entries->len);
  for (guint i = 0; i < self->entries->len; i++)
    schemas[i] = ((GetEntry *) self->entries->pdata[i])->schema;
  return dynantic_transaction_read_reasons (reader, schemas, self->entries->len, call->item_client,
                                            self->reasons, error);
}

static const DynanticRequestKind transact_get_items = {
  .operation = "TransactGetItems",
  .body_size = 2048,
  .write_body = write_get_body,
  .read_member = read_get_member,
  .finish = finish_get,
  .read_error_member = read_get_error_member,
};

/* Executing ---------------------------------------------------------------------- */

static void
get_call_free (GetCall *call)
{
  g_clear_object (&call->item_client);
  g_free (call);
}

/* The client of an execution, the first key's unless one was given; the
 * items read keep it when it is not a class's (or the default) client,
 * which their own calls find again without it. */
static DynanticClient *
resolve_client (DynanticTransactGet  *self,
                DynanticClient      **item_client)
{
  GetEntry *first = self->entries->pdata[0];
  DynanticClient *own = first->key != NULL ? dynantic_model_get_own_client (first->key) : NULL;

  if (self->client != NULL)
    own = self->client;
  g_set_object (item_client, own);
  if (own != NULL)
    return g_object_ref (own);
  return dynantic_model_resolve_client (first->key != NULL ? G_OBJECT_TYPE (first->key) : first->key_type, NULL);
}

static void
forget_items (DynanticTransactGet *self)
{
  for (guint i = 0; i < self->entries->len; i++)
    g_clear_object (&((GetEntry *) self->entries->pdata[i])->item);
}

/* The request of an execution, every key checked first; NULL with @error
 * set when it cannot start. A call refused because another is running
 * leaves that one's state alone. */
static DynanticRequest *
get_request (DynanticTransactGet  *self,
             GError              **error)
{
  GetCall *call;
  DynanticRequest *request;

  if (self->running)
    {
      g_set_error_literal (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                           _("The transactional read is already being executed"));
      return NULL;
    }
  g_ptr_array_set_size (self->reasons, 0);
  forget_items (self);
  if (!prepare (self, error))
    return NULL;
  call = g_new0 (GetCall, 1);
  call->owner = self;
  request = dynantic_request_new (resolve_client (self, &call->item_client), &transact_get_items, call,
                                  (GDestroyNotify) get_call_free, error);
  self->running = request != NULL;
  return request;
}

/* Ends the running execution; a failed read keeps no item. */
static gboolean
end_execution (DynanticTransactGet *self,
               gboolean             read)
{
  self->running = FALSE;
  if (!read)
    forget_items (self);
  return read;
}

/**
 * dynantic_transact_get_execute:
 * @self: a transactional read
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Checks the keys and reads their items (TransactGetItems); see
 * #DynanticTransactGet.
 *
 * Returns: %TRUE when read, else %FALSE with @error set
 *
 * Since: 0.2
 */
gboolean
dynantic_transact_get_execute (DynanticTransactGet  *self,
                               GCancellable         *cancellable,
                               GError              **error)
{
  g_autoptr(DynanticRequest) request = NULL;

  g_return_val_if_fail (DYNANTIC_IS_TRANSACT_GET (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  request = get_request (self, error);
  if (request == NULL)
    return FALSE;
  return end_execution (self, dynantic_request_run (request, cancellable, error));
}

/* The source tag of an asynchronous execution that never started (refused,
 * or a key wrong): finishing it ends no execution. */
static void
not_started_async (DynanticTransactGet *self,
                   GError              *error,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_task_report_error (self, callback, user_data, not_started_async, error);
}

/**
 * dynantic_transact_get_execute_async:
 * @self: a transactional read
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the items are read or reading failed
 * @user_data: data for @callback
 *
 * The asynchronous form of dynantic_transact_get_execute(). The keys are
 * checked before this returns.
 *
 * Since: 0.2
 */
void
dynantic_transact_get_execute_async (DynanticTransactGet *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  GError *error = NULL;
  DynanticRequest *request;

  g_return_if_fail (DYNANTIC_IS_TRANSACT_GET (self));

  request = get_request (self, &error);
  if (request == NULL)
    not_started_async (self, error, callback, user_data);
  else
    dynantic_request_run_async (request, NULL, self, dynantic_transact_get_execute_async,
                                cancellable, callback, user_data);
}

/**
 * dynantic_transact_get_execute_finish:
 * @self: a transactional read
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Finishes dynantic_transact_get_execute_async().
 *
 * Returns: %TRUE when read, else %FALSE with @error set
 *
 * Since: 0.2
 */
gboolean
dynantic_transact_get_execute_finish (DynanticTransactGet  *self,
                                      GAsyncResult         *result,
                                      GError              **error)
{
  g_return_val_if_fail (DYNANTIC_IS_TRANSACT_GET (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (g_async_result_is_tagged (result, not_started_async))
    return g_task_propagate_boolean (G_TASK (result), error);
  return end_execution (self, dynantic_request_finish (result, self, dynantic_transact_get_execute_async,
                                                       error) != NULL);
}

/**
 * dynantic_transact_get_get_n_keys:
 * @self: a transactional read
 *
 * How many keys were added.
 *
 * Returns: the number of keys
 *
 * Since: 0.2
 */
guint
dynantic_transact_get_get_n_keys (DynanticTransactGet *self)
{
  g_return_val_if_fail (DYNANTIC_IS_TRANSACT_GET (self), 0);

  return self->entries->len;
}

/**
 * dynantic_transact_get_lookup:
 * @self: a transactional read
 * @index: the key's number, in the order added (from 0)
 *
 * The item of key @index.
 *
 * Returns: (transfer none) (nullable): the item, or %NULL when there is
 *   none, before the read, or for an @index out of range
 *
 * Since: 0.2
 */
DynanticModel *
dynantic_transact_get_lookup (DynanticTransactGet *self,
                              guint                index)
{
  g_return_val_if_fail (DYNANTIC_IS_TRANSACT_GET (self), NULL);

  if (index >= self->entries->len)
    return NULL;
  return ((GetEntry *) self->entries->pdata[index])->item;
}

/**
 * dynantic_transact_get_get_items:
 * @self: a transactional read
 *
 * The items of the keys, in the order of the keys: %NULL for a key without
 * an item.
 *
 * Returns: (transfer container) (element-type DynanticModel): the items
 *
 * Since: 0.2
 */
static void
unref_nullable (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

GPtrArray *
dynantic_transact_get_get_items (DynanticTransactGet *self)
{
  GPtrArray *items;

  g_return_val_if_fail (DYNANTIC_IS_TRANSACT_GET (self), NULL);

  items = g_ptr_array_new_with_free_func (unref_nullable);
  for (guint i = 0; i < self->entries->len; i++)
    {
      DynanticModel *item = ((GetEntry *) self->entries->pdata[i])->item;

      g_ptr_array_add (items, item != NULL ? g_object_ref (item) : NULL);
    }
  return items;
}

static gpointer
copy_object (gconstpointer object,
             gpointer      user_data)
{
  return g_object_ref ((gpointer) object);
}

/**
 * dynantic_transact_get_get_cancellation_reasons:
 * @self: a transactional read
 *
 * Why DynamoDB cancelled the last execution: one reason per key, in the
 * order of the keys; empty when it was not cancelled.
 *
 * Returns: (transfer container) (element-type DynanticCancellationReason): the reasons
 *
 * Since: 0.2
 */
GPtrArray *
dynantic_transact_get_get_cancellation_reasons (DynanticTransactGet *self)
{
  g_return_val_if_fail (DYNANTIC_IS_TRANSACT_GET (self), NULL);

  return g_ptr_array_copy (self->reasons, copy_object, NULL);
}
