/* dynantic-batch-write.c: many saves and deletes at once (BatchWriteItem)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "dynantic-batch-private.h"
#include "dynantic-batch-write.h"
#include "dynantic-batch-write-private.h"
#include "dynantic-error-private.h"
#include "dynantic-i18n-private.h"
#include "dynantic-item-private.h"
#include "dynantic-locking-private.h"
#include "dynantic-model-private.h"
#include "dynantic-write-common-private.h"

/**
 * DynanticBatchWrite:
 *
 * Saves and deletes many items at once, across tables and model classes
 * (DynamoDB's BatchWriteItem), and reports exactly what was written and
 * what was not.
 *
 * ```c
 * g_autoptr(DynanticBatchWrite) batch = dynantic_batch_write_new (NULL);
 *
 * for (guint i = 0; i < products->len; i++)
 *   dynantic_batch_write_save (batch, products->pdata[i]);
 * dynantic_batch_write_delete_key (batch, ORDER_TYPE, &customer, &old_order);
 * if (!dynantic_batch_write_execute (batch, NULL, &error))
 *   retry_later (dynantic_batch_write_get_unprocessed (batch));
 * ```
 *
 * Each request is checked when the batch is executed, before anything is
 * sent, exactly as dynantic_model_save() checks it: unset automatic ids
 * are generated, the discriminator is set, the object is validated (one
 * %DYNANTIC_ERROR_VALIDATION error naming every bad field), and TTLs,
 * sets, exact numbers and dates are written as a save writes them. Two
 * requests for one item (the same table and key) fail with
 * %DYNANTIC_ERROR_INVALID_ARGUMENT before sending, as DynamoDB would refuse
 * them; with dynantic_batch_write_set_last_wins() the later one is sent
 * instead. DynamoDB cannot put a condition on a batch write, so the objects
 * of a class with a version (dynantic_model_class_set_version()) are
 * refused with %DYNANTIC_ERROR_INVALID_ARGUMENT, unless
 * dynantic_batch_write_set_skip_version_check() says to write them
 * unchecked: each is then stored with its version plus one, which it takes
 * once written, as dynantic_model_save() does.
 *
 * The requests go in chunks of at most 25 and 16 MB, several chunks at
 * once (dynantic_batch_write_set_max_in_flight()), through one client: the
 * one given to dynantic_batch_write_new(), else the first object's. What
 * DynamoDB leaves unprocessed (UnprocessedItems) is sent again after a
 * wait that grows as the client's retries do (exponential backoff with
 * full jitter, the client's base and cap): the attempts are counted only
 * while nothing gets written, and renewed as soon as a round writes
 * anything, up to the client's #DynanticClient:max-attempts (or
 * dynantic_batch_write_set_max_attempts()) rounds in a row without
 * progress; the whole call ends at the client's #DynanticClient:total-timeout.
 * Each request is retried by the client as any call is (throttling, 5xx,
 * dropped connections).
 *
 * When some requests could not be done, the call fails with
 * %DYNANTIC_ERROR_BATCH_INCOMPLETE (its message says why: what the last
 * failed request reported, or that DynamoDB kept leaving items
 * unprocessed) and nothing is lost: dynantic_batch_write_get_unprocessed()
 * gives exactly the objects not written (for a delete by key, an object of
 * the class holding only the key), dynantic_batch_write_get_processed()
 * those written; the error carries the same lists
 * (dynantic_error_get_unprocessed()). Executing the batch again sends only
 * what is left. Cancelling stops it at once, during a request or a wait,
 * with %G_IO_ERROR_CANCELLED, and the lists tell what was done.
 *
 * #DynanticBatchWrite::progress reports each round. A batch is used by one
 * thread at a time.
 *
 * Since: 0.2
 */

#define CHUNK_SIZE 25
#define DEFAULT_MAX_IN_FLIGHT 4

typedef struct _Entry Entry;
struct _Entry {
  DynanticModel        *model;        /* the object saved, or the object (or key object) deleted */
  gboolean              is_delete;
  GType                 key_type;     /* a delete by key: its class, 0 otherwise */
  GValue                partition_key;
  GValue                sort_key;
  gboolean              done;

  /* for one execution, made by prepare_entry() */
  DynanticSchema       *schema;       /* a reference */
  GBytes               *identity;
  GBytes               *request;      /* {"PutRequest":{...}} or {"DeleteRequest":{...}} */
  DynanticLockingStep   version;      /* a versioned object saved unchecked */
  Entry                *winner;       /* the later request for the same item, sent instead */
  GPtrArray            *replaced;     /* the earlier requests this one is sent for */
};

/* One chunk: its entries still to write, and what its rounds did. */
typedef struct {
  DynanticBatchWrite *owner;
  GPtrArray          *entries;       /* Entry *, still to write */
  GHashTable         *by_identity;   /* GBytes -> Entry *, every entry of the chunk */
  GPtrArray          *unprocessed;   /* what the last response left */
  guint               stalled;       /* rounds in a row that wrote nothing */
} WriteChunk;

/* One execution. */
typedef struct {
  DynanticClient *client;
  gint64          deadline;
  guint           max_attempts;
  GPtrArray      *chunks;           /* WriteChunk */
  GError         *cause;            /* the first chunk's failure */
} WriteCall;

struct _DynanticBatchWrite {
  GObject      parent_instance;

  DynanticClient *client;
  GPtrArray      *entries;          /* Entry *, in the order given */
  gboolean        last_wins;
  gboolean        skip_version_check;
  guint           max_attempts;     /* 0: the client's */
  guint           max_in_flight;
  WriteCall      *call;             /* while executing, and until finished */

  guint           n_done;
  guint           n_forgotten;      /* written, then forgotten (the writer) */
  guint           n_retried;
  double          consumed_capacity;
};

G_DEFINE_FINAL_TYPE (DynanticBatchWrite, dynantic_batch_write, G_TYPE_OBJECT)

enum {
  SIGNAL_PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Entries ------------------------------------------------------------------ */

static void
entry_unprepare (Entry *entry)
{
  g_clear_pointer (&entry->schema, dynantic_schema_unref);
  g_clear_pointer (&entry->identity, g_bytes_unref);
  g_clear_pointer (&entry->request, g_bytes_unref);
  dynantic_locking_step_clear (&entry->version);
  entry->winner = NULL;
  g_clear_pointer (&entry->replaced, g_ptr_array_unref);
}

static void
entry_free (Entry *entry)
{
  entry_unprepare (entry);
  g_clear_object (&entry->model);
  if (G_IS_VALUE (&entry->partition_key))
    g_value_unset (&entry->partition_key);
  if (G_IS_VALUE (&entry->sort_key))
    g_value_unset (&entry->sort_key);
  g_free (entry);
}

static Entry *
add_entry (DynanticBatchWrite *self,
           DynanticModel      *model,
           gboolean            is_delete)
{
  Entry *entry = g_new0 (Entry, 1);

  entry->model = model != NULL ? g_object_ref (model) : NULL;
  entry->is_delete = is_delete;
  g_ptr_array_add (self->entries, entry);
  return entry;
}

/* Chunks and calls --------------------------------------------------------- */

static void
write_chunk_free (WriteChunk *chunk)
{
  g_ptr_array_unref (chunk->entries);
  g_hash_table_unref (chunk->by_identity);
  g_clear_pointer (&chunk->unprocessed, g_ptr_array_unref);
  g_free (chunk);
}

static WriteChunk *
write_chunk_new (DynanticBatchWrite *owner)
{
  WriteChunk *chunk = g_new0 (WriteChunk, 1);

  chunk->owner = owner;
  chunk->entries = g_ptr_array_new ();
  chunk->by_identity = g_hash_table_new (g_bytes_hash, g_bytes_equal);
  return chunk;
}

static void
write_call_free (WriteCall *call)
{
  g_clear_object (&call->client);
  g_clear_pointer (&call->chunks, g_ptr_array_unref);
  g_clear_error (&call->cause);
  g_free (call);
}

/* The object ---------------------------------------------------------------- */

static void
dynantic_batch_write_finalize (GObject *object)
{
  DynanticBatchWrite *self = DYNANTIC_BATCH_WRITE (object);

  g_clear_pointer (&self->call, write_call_free);
  g_ptr_array_unref (self->entries);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (dynantic_batch_write_parent_class)->finalize (object);
}

static void
dynantic_batch_write_class_init (DynanticBatchWriteClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dynantic_batch_write_finalize;

  /**
   * DynanticBatchWrite::progress:
   * @self: the batch
   * @done: how many of its requests are done so far
   * @retried: how many times requests were sent again (left unprocessed)
   * @total: how many requests it holds
   * @consumed_capacity: the write capacity units DynamoDB reported, summed
   *   over every round
   *
   * Emitted after each round of each chunk, in the thread (or main
   * context) of the call.
   *
   * Since: 0.2
   */
  signals[SIGNAL_PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 4,
                                           G_TYPE_UINT, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_DOUBLE);
}

static void
dynantic_batch_write_init (DynanticBatchWrite *self)
{
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  self->max_in_flight = DEFAULT_MAX_IN_FLIGHT;
}

/**
 * dynantic_batch_write_new:
 * @client: (nullable): the client to call through, or %NULL for the one of
 *   the first object's class (its own client, else its class's, else the
 *   default client)
 *
 * Makes an empty batch.
 *
 * Returns: (transfer full): a new batch
 *
 * Since: 0.2
 */
DynanticBatchWrite *
dynantic_batch_write_new (DynanticClient *client)
{
  DynanticBatchWrite *self;

  g_return_val_if_fail (client == NULL || DYNANTIC_IS_CLIENT (client), NULL);

  self = g_object_new (DYNANTIC_TYPE_BATCH_WRITE, NULL);
  g_set_object (&self->client, client);
  return self;
}

/**
 * dynantic_batch_write_save:
 * @self: a batch
 * @item: the object to save (a PutRequest)
 *
 * Adds a save of @item, replacing any item with its key, as
 * dynantic_model_save() without a condition. @item is checked and encoded
 * when the batch is executed, and is the object reported as processed or
 * not.
 *
 * Returns: (transfer none): @self, to chain calls
 *
 * Since: 0.2
 */
DynanticBatchWrite *
dynantic_batch_write_save (DynanticBatchWrite *self,
                           DynanticModel      *item)
{
  g_return_val_if_fail (DYNANTIC_IS_BATCH_WRITE (self), NULL);
  g_return_val_if_fail (DYNANTIC_IS_MODEL (item), self);

  add_entry (self, item, FALSE);
  return self;
}

/**
 * dynantic_batch_write_delete:
 * @self: a batch
 * @item: the object whose item to delete (a DeleteRequest of its key)
 *
 * Adds a delete of the item with @item's key. Deleting an item that does
 * not exist is not an error.
 *
 * Returns: (transfer none): @self, to chain calls
 *
 * Since: 0.2
 */
DynanticBatchWrite *
dynantic_batch_write_delete (DynanticBatchWrite *self,
                             DynanticModel      *item)
{
  g_return_val_if_fail (DYNANTIC_IS_BATCH_WRITE (self), NULL);
  g_return_val_if_fail (DYNANTIC_IS_MODEL (item), self);

  add_entry (self, item, TRUE);
  return self;
}

/**
 * dynantic_batch_write_delete_key:
 * @self: a batch
 * @model_type: a #DynanticModel subtype with a table
 * @partition_key: the partition key's value
 * @sort_key: (nullable): the sort key's value, for tables that have one
 *
 * Adds a delete of the item with the given key. The keys are checked when
 * the batch is executed, as dynantic_model_delete_by_key() checks them; the
 * delete is reported (processed or not) as an object of @model_type
 * holding only the key.
 *
 * Returns: (transfer none): @self, to chain calls
 *
 * Since: 0.2
 */
DynanticBatchWrite *
dynantic_batch_write_delete_key (DynanticBatchWrite *self,
                                 GType               model_type,
                                 const GValue       *partition_key,
                                 const GValue       *sort_key)
{
  Entry *entry;

  g_return_val_if_fail (DYNANTIC_IS_BATCH_WRITE (self), NULL);
  g_return_val_if_fail (g_type_is_a (model_type, DYNANTIC_TYPE_MODEL), self);

  entry = add_entry (self, NULL, TRUE);
  entry->key_type = model_type;
  dynantic_write_copy_value (&entry->partition_key, partition_key);
  dynantic_write_copy_value (&entry->sort_key, sort_key);
  return self;
}

/**
 * dynantic_batch_write_set_last_wins:
 * @self: a batch
 * @last_wins: whether a later request for an item replaces an earlier one
 *
 * By default two requests for one item (a save and a delete, or two saves,
 * of the same table and key) fail with %DYNANTIC_ERROR_INVALID_ARGUMENT
 * before anything is sent. With @last_wins, only the last one given is
 * sent, and the earlier ones are reported as it is (processed when it is
 * written).
 *
 * Returns: (transfer none): @self, to chain calls
 *
 * Since: 0.2
 */
DynanticBatchWrite *
dynantic_batch_write_set_last_wins (DynanticBatchWrite *self,
                                    gboolean            last_wins)
{
  g_return_val_if_fail (DYNANTIC_IS_BATCH_WRITE (self), NULL);

  self->last_wins = !!last_wins;
  return self;
}

/**
 * dynantic_batch_write_set_skip_version_check:
 * @self: a batch
 * @skip: whether to write objects of versioned classes without checking
 *   their version
 *
 * A batch write cannot be conditional, so the objects of a class with a
 * version (dynantic_model_class_set_version()) are refused by default.
 * With @skip they are written anyway: each is stored with its version plus
 * one, which it takes once written, whatever version the stored item had.
 *
 * Returns: (transfer none): @self, to chain calls
 *
 * Since: 0.2
 */
DynanticBatchWrite *
dynantic_batch_write_set_skip_version_check (DynanticBatchWrite *self,
                                             gboolean            skip)
{
  g_return_val_if_fail (DYNANTIC_IS_BATCH_WRITE (self), NULL);

  self->skip_version_check = !!skip;
  return self;
}

/**
 * dynantic_batch_write_set_max_attempts:
 * @self: a batch
 * @max_attempts: how many rounds in a row may write nothing before the
 *   batch gives up on what DynamoDB leaves unprocessed; 0 for the client's
 *   #DynanticClient:max-attempts
 *
 * Bounds the rounds of unprocessed requests (the client's total timeout
 * bounds the whole call too).
 *
 * Returns: (transfer none): @self, to chain calls
 *
 * Since: 0.2
 */
DynanticBatchWrite *
dynantic_batch_write_set_max_attempts (DynanticBatchWrite *self,
                                       guint               max_attempts)
{
  g_return_val_if_fail (DYNANTIC_IS_BATCH_WRITE (self), NULL);

  self->max_attempts = max_attempts;
  return self;
}

/**
 * dynantic_batch_write_set_max_in_flight:
 * @self: a batch
 * @max_in_flight: how many chunks of 25 may be sent at once (at least 1;
 *   the default is 4)
 *
 * Chunks run concurrently on one main context, in synchronous and
 * asynchronous calls alike.
 *
 * Returns: (transfer none): @self, to chain calls
 *
 * Since: 0.2
 */
DynanticBatchWrite *
dynantic_batch_write_set_max_in_flight (DynanticBatchWrite *self,
                                        guint               max_in_flight)
{
  g_return_val_if_fail (DYNANTIC_IS_BATCH_WRITE (self), NULL);

  self->max_in_flight = MAX (max_in_flight, 1);
  return self;
}

/* Preparing ----------------------------------------------------------------- */

static gboolean
refuse_version (const DynanticSchema  *schema,
                GError               **error)
{
  g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
               /* Translators: %s is a model class's GType name; dynantic_model_save() is a
                * function's name, not to be translated */
               _("Model class “%s” has a version, which a batch write cannot check: "
                 "write its objects with dynantic_model_save(), or skip the check"),
               g_type_name (dynantic_schema_get_model_type (schema)));
  return FALSE;
}


/* The object @entry stands for: the one given, or for a delete by key one
 * holding the key, made when first asked for (a caller handed the objects
 * done or not done); NULL while the key has not been checked. */
static DynanticModel *
entry_model (Entry *entry)
{
  if (entry->model == NULL && entry->key_type != 0 && entry->schema != NULL)
    entry->model = dynantic_write_new_key_object (entry->schema, &entry->partition_key,
                                                  G_IS_VALUE (&entry->sort_key) ? &entry->sort_key : NULL, NULL);
  return entry->model;
}

/* {"DeleteRequest":{"Key":{...}}} of @entry's item: its key prepared as
 * batch and transactional gets prepare theirs (a key given as values is
 * written from them). */
static gboolean
prepare_delete (DynanticBatchWrite  *self,
                Entry               *entry,
                GString             *out,
                GError             **error)
{
  g_autoptr(GBytes) key_json = NULL;

  entry->identity = dynantic_write_prepare_key (entry->model, entry->key_type, &entry->partition_key,
                                                &entry->sort_key, &entry->schema, &key_json, error);
  if (entry->identity == NULL)
    return FALSE;
  if (dynantic_schema_get_version (entry->schema) != NULL && !self->skip_version_check)
    return refuse_version (entry->schema, error);

  g_string_append (out, "{\"DeleteRequest\":{\"Key\":");
  g_string_append_len (out, g_bytes_get_data (key_json, NULL), g_bytes_get_size (key_json));
  g_string_append (out, "}}");
  return TRUE;
}

/* {"PutRequest":{"Item":{...}}} of @entry's object, readied as a save. */
static gboolean
prepare_save (DynanticBatchWrite  *self,
              Entry               *entry,
              GString             *out,
              GError             **error)
{
  DynanticJsonWriter writer;
  gsize item_start;

  entry->schema = dynantic_model_prepare_write (entry->model, error);
  if (entry->schema == NULL)
    return FALSE;
  if (dynantic_schema_get_version (entry->schema) != NULL &&
      (!self->skip_version_check ||
       !dynantic_locking_step_init (&entry->version, entry->schema, entry->model, error)))
    return self->skip_version_check ? FALSE : refuse_version (entry->schema, error);

  dynantic_json_writer_init (&writer, out);
  g_string_append (out, "{\"PutRequest\":{\"Item\":");
  item_start = out->len;
  if (!dynantic_item_write_replacing (&writer, entry->schema, entry->model, entry->version.property,
                                      &entry->version.next, error))
    return FALSE;
  /* the identity read from the item just written, not from a Key object
   * written for it (700 instructions an item less: callgrind,
   * bench/batch_bench.c) */
  entry->identity = dynantic_write_identity_of_key (entry->schema, out->str + item_start, out->len - item_start, error);
  g_string_append (out, "}}");
  return entry->identity != NULL;
}

/* Checks and encodes @entry for this execution. */
static gboolean
prepare_entry (DynanticBatchWrite  *self,
               Entry               *entry,
               GError             **error)
{
  g_autoptr(GString) out = g_string_sized_new (256);

  entry_unprepare (entry);
  if (!(entry->is_delete ? prepare_delete (self, entry, out, error) : prepare_save (self, entry, out, error)))
    return FALSE;
  entry->request = g_string_free_to_bytes (g_steal_pointer (&out));
  return TRUE;
}

static gboolean
refuse_duplicate (const Entry  *entry,
                  GError      **error)
{
  g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
               /* Translators: %s is a DynamoDB table's name */
               _("Two requests of one batch write are for one item of the table “%s” "
                 "(make the later one win to send only it)"),
               dynantic_schema_get_table (entry->schema));
  return FALSE;
}

/* Later requests for an item win over earlier ones, when allowed. */
static gboolean
resolve_duplicates (DynanticBatchWrite  *self,
                    GError             **error)
{
  g_autoptr(GHashTable) items = g_hash_table_new (g_bytes_hash, g_bytes_equal);

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = self->entries->pdata[i];
      Entry *earlier;

      if (entry->done)
        continue;
      earlier = g_hash_table_lookup (items, entry->identity);
      if (earlier != NULL && !self->last_wins)
        return refuse_duplicate (entry, error);
      if (earlier != NULL)
        {
          if (entry->replaced == NULL)
            entry->replaced = g_ptr_array_new ();
          if (earlier->replaced != NULL)
            g_ptr_array_extend_and_steal (entry->replaced, g_steal_pointer (&earlier->replaced));
          g_ptr_array_add (entry->replaced, earlier);
          for (guint j = 0; j < entry->replaced->len; j++)
            ((Entry *) entry->replaced->pdata[j])->winner = entry;
        }
      g_hash_table_replace (items, entry->identity, entry);
    }
  return TRUE;
}

/* Checks and encodes every request not written yet; nothing is sent when
 * one fails. */
static gboolean
prepare (DynanticBatchWrite  *self,
         GError             **error)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = self->entries->pdata[i];

      if (!entry->done && !prepare_entry (self, entry, error))
        return FALSE;
    }
  return resolve_duplicates (self, error);
}

/* The client of the call: the batch's, else the first object's. */
static DynanticClient *
resolve_client (DynanticBatchWrite *self)
{
  Entry *first = self->entries->len > 0 ? self->entries->pdata[0] : NULL;

  if (self->client != NULL)
    return g_object_ref (self->client);
  if (first == NULL)
    return dynantic_model_resolve_client (DYNANTIC_TYPE_MODEL, NULL);
  if (first->model == NULL)   /* a delete by key: no object, no own client */
    return dynantic_model_resolve_client (first->key_type, NULL);
  return dynantic_model_resolve_client (G_OBJECT_TYPE (first->model), dynantic_model_get_own_client (first->model));
}

/* The requests to send, in chunks of 25 and at most 16 MB. */
static GPtrArray *
make_chunks (DynanticBatchWrite *self)
{
  GPtrArray *chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) write_chunk_free);
  WriteChunk *chunk = NULL;
  gsize size = 0;

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = self->entries->pdata[i];
      /* the request, a comma, and at worst its table's member of its own */
      gsize entry_size = g_bytes_get_size (entry->request) + strlen (dynantic_schema_get_table (entry->schema)) + 8;

      if (entry->done || entry->winner != NULL)
        continue;
      if (chunk == NULL || chunk->entries->len == CHUNK_SIZE || size + entry_size > DYNANTIC_BATCH_MAX_REQUEST_SIZE)
        {
          chunk = write_chunk_new (self);
          g_ptr_array_add (chunks, chunk);
          size = 64;
        }
      g_ptr_array_add (chunk->entries, entry);
      g_hash_table_insert (chunk->by_identity, entry->identity, entry);
      size += entry_size;
    }
  return chunks;
}

/* The request's rounds ------------------------------------------------------ */

static gboolean
same_table (const Entry *a,
            const Entry *b)
{
  return strcmp (dynantic_schema_get_table (a->schema), dynantic_schema_get_table (b->schema)) == 0;
}

/* {"RequestItems":{"table":[request, ...], ...},"ReturnConsumedCapacity":"TOTAL"} */
static gboolean
write_batch_body (gpointer   state,
                  GString   *out,
                  GError   **error)
{
  WriteChunk *chunk = state;
  g_autofree gboolean *written = g_new0 (gboolean, chunk->entries->len);
  DynanticJsonWriter writer;

  dynantic_json_writer_init (&writer, out);
  dynantic_json_writer_begin_object (&writer);
  dynantic_json_writer_member_literal (&writer, "RequestItems");
  dynantic_json_writer_begin_object (&writer);
  for (guint i = 0; i < chunk->entries->len; i++)
    {
      Entry *first = chunk->entries->pdata[i];

      if (written[i])
        continue;
      dynantic_json_writer_member (&writer, dynantic_schema_get_table (first->schema));
      dynantic_json_writer_begin_array (&writer);
      for (guint j = i; j < chunk->entries->len; j++)
        {
          Entry *entry = chunk->entries->pdata[j];
          gsize length = 0;
          const char *request;

          if (written[j] || !same_table (first, entry))
            continue;
          request = g_bytes_get_data (entry->request, &length);
          dynantic_json_writer_raw (&writer, request, length);
          written[j] = TRUE;
        }
      dynantic_json_writer_end_array (&writer);
    }
  dynantic_json_writer_end_object (&writer);
  dynantic_json_writer_member_literal (&writer, "ReturnConsumedCapacity");
  dynantic_json_writer_string (&writer, "TOTAL", -1);
  dynantic_json_writer_end_object (&writer);
  return TRUE;
}

static DynanticRequestMember
bad_response (GError     **error,
              const char  *member)
{
  g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_BAD_RESPONSE,
               /* Translators: %s is the name of a member of DynamoDB's JSON response (such as
                * UnprocessedItems), not to be translated */
               _("The response’s member “%s” is not what was asked for"), member);
  return DYNANTIC_REQUEST_MEMBER_FAILED;
}

/* The schema of a table the chunk writes to, or NULL. */
static const DynanticSchema *
chunk_table_schema (WriteChunk *chunk,
                    const char *table)
{
  for (guint i = 0; i < chunk->entries->len; i++)
    {
      Entry *entry = chunk->entries->pdata[i];

      if (strcmp (dynantic_schema_get_table (entry->schema), table) == 0)
        return entry->schema;
    }
  return NULL;
}

/* One unprocessed request, {"PutRequest":{"Item":{...}}} or
 * {"DeleteRequest":{"Key":{...}}}: the entry it is. */
static Entry *
read_unprocessed_request (WriteChunk            *chunk,
                          DynanticJsonReader    *reader,
                          const DynanticSchema  *schema,
                          GError               **error)
{
  g_autoptr(GBytes) identity = NULL;
  const char *name;
  Entry *entry;

  if (dynantic_json_reader_next (reader) != DYNANTIC_JSON_MEMBER)
    return NULL;
  name = dynantic_json_reader_get_string (reader, NULL);
  if (strcmp (name, "PutRequest") != 0 && strcmp (name, "DeleteRequest") != 0)
    return NULL;
  if (dynantic_json_reader_next (reader) != DYNANTIC_JSON_BEGIN_OBJECT ||
      dynantic_json_reader_next (reader) != DYNANTIC_JSON_MEMBER)
    return NULL;
  identity = dynantic_write_read_identity (reader, schema, error);
  if (identity == NULL)
    return NULL;
  entry = g_hash_table_lookup (chunk->by_identity, identity);
  if (dynantic_json_reader_next (reader) != DYNANTIC_JSON_END_OBJECT ||
      dynantic_json_reader_next (reader) != DYNANTIC_JSON_END_OBJECT)
    return NULL;
  return entry;
}

/* "UnprocessedItems": {"table": [request, ...], ...}, each request one
 * the chunk sent. */
static DynanticRequestMember
read_unprocessed (WriteChunk          *chunk,
                  DynanticJsonReader  *reader,
                  GError             **error)
{
  if (dynantic_json_reader_next (reader) != DYNANTIC_JSON_BEGIN_OBJECT)
    return bad_response (error, "UnprocessedItems");
  while (dynantic_json_reader_next (reader) == DYNANTIC_JSON_MEMBER)
    {
      const DynanticSchema *schema = chunk_table_schema (chunk, dynantic_json_reader_get_string (reader, NULL));
      DynanticJsonToken token;

      if (schema == NULL || dynantic_json_reader_next (reader) != DYNANTIC_JSON_BEGIN_ARRAY)
        return bad_response (error, "UnprocessedItems");
      while ((token = dynantic_json_reader_next (reader)) == DYNANTIC_JSON_BEGIN_OBJECT)
        {
          GError *local_error = NULL;
          Entry *entry = read_unprocessed_request (chunk, reader, schema, &local_error);

          if (entry == NULL)
            {
              g_clear_error (&local_error);
              return bad_response (error, "UnprocessedItems");
            }
          if (!g_ptr_array_find (chunk->unprocessed, entry, NULL))
            g_ptr_array_add (chunk->unprocessed, entry);
        }
      if (token != DYNANTIC_JSON_END_ARRAY)
        return bad_response (error, "UnprocessedItems");
    }
  return DYNANTIC_REQUEST_MEMBER_READ;
}

static DynanticRequestMember
read_batch_member (gpointer             state,
                   const char          *name,
                   DynanticJsonReader  *reader,
                   GError             **error)
{
  WriteChunk *chunk = state;

  if (strcmp (name, "UnprocessedItems") == 0)
    return read_unprocessed (chunk, reader, error);
  if (strcmp (name, "ConsumedCapacity") == 0)
    return dynantic_write_read_capacity (reader, &chunk->owner->consumed_capacity, error)
             ? DYNANTIC_REQUEST_MEMBER_READ : DYNANTIC_REQUEST_MEMBER_FAILED;
  return DYNANTIC_REQUEST_MEMBER_SKIP;
}

/* @entry was written: it and the requests it was sent for are done. */
static void
mark_done (DynanticBatchWrite *self,
           Entry              *entry)
{
  entry->done = TRUE;
  dynantic_locking_step_commit (&entry->version);
  self->n_done++;
  for (guint i = 0; entry->replaced != NULL && i < entry->replaced->len; i++)
    {
      ((Entry *) entry->replaced->pdata[i])->done = TRUE;
      self->n_done++;
    }
}

static void
emit_progress (DynanticBatchWrite *self)
{
  g_signal_emit (self, signals[SIGNAL_PROGRESS], 0, self->n_done, self->n_retried,
                 self->entries->len + self->n_forgotten, self->consumed_capacity);
}

/* After a response: what it did not leave unprocessed is written; what it
 * left goes again, after a wait, unless too many rounds wrote nothing. */
static gboolean
finish_batch_round (gpointer              state,
                    DynanticRequestNext  *next,
                    GError              **error)
{
  WriteChunk *chunk = state;
  DynanticBatchWrite *self = chunk->owner;
  gboolean progress = chunk->unprocessed->len < chunk->entries->len;

  for (guint i = 0; i < chunk->entries->len; i++)
    if (!g_ptr_array_find (chunk->unprocessed, chunk->entries->pdata[i], NULL))
      mark_done (self, chunk->entries->pdata[i]);
  g_ptr_array_set_size (chunk->entries, 0);
  g_ptr_array_extend (chunk->entries, chunk->unprocessed, NULL, NULL);
  g_ptr_array_set_size (chunk->unprocessed, 0);

  chunk->stalled = progress ? 0 : chunk->stalled + 1;
  if (chunk->entries->len > 0 && chunk->stalled < self->call->max_attempts)
    {
      self->n_retried += chunk->entries->len;
      next->again = TRUE;
      next->delay = dynantic_write_round_delay (self->call->client, chunk->stalled > 0 ? chunk->stalled - 1 : 0);
    }
  emit_progress (self);
  return TRUE;
}

static const DynanticRequestKind batch_write_item = {
  .operation = "BatchWriteItem",
  .body_size = 8192,
  .write_body = write_batch_body,
  .read_member = read_batch_member,
  .finish = finish_batch_round,
};

/* Running the chunks -------------------------------------------------------- */

static DynanticRequest *
start_chunk (gpointer   owner,
             guint      index,
             GError   **error)
{
  DynanticBatchWrite *self = owner;
  WriteChunk *chunk = self->call->chunks->pdata[index];
  DynanticRequest *request;

  if (chunk->unprocessed == NULL)
    chunk->unprocessed = g_ptr_array_new ();
  request = dynantic_request_new (g_object_ref (self->call->client), &batch_write_item, chunk, NULL, error);
  if (request != NULL)
    dynantic_request_set_deadline (request, self->call->deadline);
  return request;
}

static void
chunk_done (gpointer      owner,
            guint         index,
            const GError *error)
{
  DynanticBatchWrite *self = owner;

  if (error != NULL && self->call->cause == NULL)
    self->call->cause = g_error_copy (error);
}

static const DynanticBatchChunks write_chunks = {
  .start = start_chunk,
  .done = chunk_done,
};

/* Readies an execution: checks and encodes, splits into chunks. */
static gboolean
begin_call (DynanticBatchWrite  *self,
            GError             **error)
{
  WriteCall *call;

  if (self->call != NULL)
    {
      g_set_error_literal (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                           _("The batch write is already being executed"));
      return FALSE;
    }
  if (!prepare (self, error))
    return FALSE;

  call = g_new0 (WriteCall, 1);
  call->client = resolve_client (self);
  call->deadline = dynantic_client_call_deadline (call->client);
  call->max_attempts = self->max_attempts != 0 ? self->max_attempts
                                               : MAX (dynantic_client_get_max_attempts (call->client), 1);
  call->chunks = make_chunks (self);
  self->call = call;
  return TRUE;
}

/* The objects whose requests are (@done) or are not written, in order. */
static GPtrArray *
list_entries (DynanticBatchWrite *self,
              gboolean            done)
{
  GPtrArray *objects = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = self->entries->pdata[i];

      if (entry->done == done && entry_model (entry) != NULL)
        g_ptr_array_add (objects, g_object_ref (entry->model));
    }
  return objects;
}

/* Ends an execution: what was not written makes the error. */
static gboolean
end_call (DynanticBatchWrite  *self,
          GError             **error)
{
  g_autoptr(GPtrArray) unprocessed = list_entries (self, FALSE);
  WriteCall *call = g_steal_pointer (&self->call);
  GError *incomplete;

  if (unprocessed->len == 0)
    {
      write_call_free (call);
      return TRUE;
    }
  if (g_error_matches (call->cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_steal_pointer (&call->cause));
      write_call_free (call);
      return FALSE;
    }

  if (call->cause != NULL)
    incomplete = g_error_new (DYNANTIC_ERROR, DYNANTIC_ERROR_BATCH_INCOMPLETE,
                              /* Translators: the first %u is a count of requests, the second the total; %s says why */
                              _("%u of the %u requests of the batch write were not done: %s"),
                              unprocessed->len, self->entries->len, call->cause->message);
  else
    incomplete = g_error_new (DYNANTIC_ERROR, DYNANTIC_ERROR_BATCH_INCOMPLETE,
                              /* Translators: the first %u is a count of requests, the second the total,
                               * the third how many attempts were made in a row */
                              _("%u of the %u requests of the batch write were not done: "
                                "DynamoDB left them unprocessed %u times in a row"),
                              unprocessed->len, self->entries->len, call->max_attempts);
  dynantic_error_set_batch_objects (incomplete, g_steal_pointer (&unprocessed), list_entries (self, TRUE));
  g_propagate_error (error, incomplete);
  write_call_free (call);
  return FALSE;
}

/**
 * dynantic_batch_write_execute:
 * @self: a batch
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Checks every request not written yet and sends them (BatchWriteItem),
 * retrying what DynamoDB leaves unprocessed; see #DynanticBatchWrite. A
 * batch that failed may be executed again: it sends only what is left.
 *
 * Returns: %TRUE when every request is done; %FALSE with @error set, to
 *   %DYNANTIC_ERROR_BATCH_INCOMPLETE when some were not (see
 *   dynantic_batch_write_get_unprocessed())
 *
 * Since: 0.2
 */
gboolean
dynantic_batch_write_execute (DynanticBatchWrite  *self,
                              GCancellable        *cancellable,
                              GError             **error)
{
  g_return_val_if_fail (DYNANTIC_IS_BATCH_WRITE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!begin_call (self, error))
    return FALSE;
  dynantic_batch_run (&write_chunks, self, self->call->chunks->len, self->max_in_flight, cancellable);
  return end_call (self, error);
}

/**
 * dynantic_batch_write_execute_async:
 * @self: a batch
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the batch is done or failed
 * @user_data: data for @callback
 *
 * The asynchronous form of dynantic_batch_write_execute(). Every request is
 * checked and encoded before this returns.
 *
 * Since: 0.2
 */
void
dynantic_batch_write_execute_async (DynanticBatchWrite  *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GError *error = NULL;

  g_return_if_fail (DYNANTIC_IS_BATCH_WRITE (self));

  if (!begin_call (self, &error))
    {
      g_task_report_error (self, callback, user_data, dynantic_batch_write_execute_async, error);
      return;
    }
  dynantic_batch_run_async (&write_chunks, self, self->call->chunks->len, self->max_in_flight,
                            self, dynantic_batch_write_execute_async, cancellable, callback, user_data);
}

/**
 * dynantic_batch_write_execute_finish:
 * @self: a batch
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Finishes dynantic_batch_write_execute_async().
 *
 * Returns: %TRUE when every request is done, else %FALSE with @error set
 *
 * Since: 0.2
 */
gboolean
dynantic_batch_write_execute_finish (DynanticBatchWrite  *self,
                                     GAsyncResult        *result,
                                     GError             **error)
{
  g_return_val_if_fail (DYNANTIC_IS_BATCH_WRITE (self), FALSE);

  /* FALSE only when the batch could not begin (the checks failed) */
  if (!dynantic_batch_run_finish (result, self, dynantic_batch_write_execute_async, error))
    return FALSE;
  return end_call (self, error);
}

/* Results ------------------------------------------------------------------- */

/**
 * dynantic_batch_write_get_n_requests:
 * @self: a batch
 *
 * How many requests (saves and deletes) the batch holds.
 *
 * Returns: the number of requests
 *
 * Since: 0.2
 */
guint
dynantic_batch_write_get_n_requests (DynanticBatchWrite *self)
{
  g_return_val_if_fail (DYNANTIC_IS_BATCH_WRITE (self), 0);

  return self->entries->len;
}

/**
 * dynantic_batch_write_get_processed:
 * @self: a batch
 *
 * The objects whose requests are done, in the order given: saved objects,
 * and the objects of deletes (for a delete by key, an object of its class
 * holding only the key).
 *
 * Returns: (transfer container) (element-type DynanticModel): the objects
 *
 * Since: 0.2
 */
GPtrArray *
dynantic_batch_write_get_processed (DynanticBatchWrite *self)
{
  g_return_val_if_fail (DYNANTIC_IS_BATCH_WRITE (self), NULL);

  return list_entries (self, TRUE);
}

/**
 * dynantic_batch_write_get_unprocessed:
 * @self: a batch
 *
 * The objects whose requests are not done (yet), in the order given, as
 * dynantic_batch_write_get_processed() gives the others. (A delete by key
 * that was never checked, because the batch was not executed or failed a
 * check first, has no object yet and is not listed.)
 *
 * Returns: (transfer container) (element-type DynanticModel): the objects
 *
 * Since: 0.2
 */
GPtrArray *
dynantic_batch_write_get_unprocessed (DynanticBatchWrite *self)
{
  g_return_val_if_fail (DYNANTIC_IS_BATCH_WRITE (self), NULL);

  return list_entries (self, FALSE);
}

/**
 * dynantic_batch_write_get_n_retried:
 * @self: a batch
 *
 * How many times requests were sent again because DynamoDB left them
 * unprocessed.
 *
 * Returns: the number of requests sent again
 *
 * Since: 0.2
 */
guint
dynantic_batch_write_get_n_retried (DynanticBatchWrite *self)
{
  g_return_val_if_fail (DYNANTIC_IS_BATCH_WRITE (self), 0);

  return self->n_retried;
}

/**
 * dynantic_batch_write_get_consumed_capacity:
 * @self: a batch
 *
 * The write capacity units DynamoDB reported for the batch's requests,
 * summed over every round of every execution.
 *
 * Returns: the capacity units
 *
 * Since: 0.2
 */
double
dynantic_batch_write_get_consumed_capacity (DynanticBatchWrite *self)
{
  g_return_val_if_fail (DYNANTIC_IS_BATCH_WRITE (self), 0);

  return self->consumed_capacity;
}

/* For the batch writer ------------------------------------------------------ */

gboolean
dynantic_batch_write_check_last (DynanticBatchWrite  *self,
                                 GError             **error)
{
  Entry *last = self->entries->pdata[self->entries->len - 1];

  if (prepare_entry (self, last, error))
    {
      for (guint i = 0; i + 1 < self->entries->len; i++)
        {
          Entry *entry = self->entries->pdata[i];

          if (!entry->done && entry->identity != NULL && !self->last_wins &&
              g_bytes_equal (entry->identity, last->identity))
            {
              refuse_duplicate (last, error);
              g_ptr_array_set_size (self->entries, self->entries->len - 1);
              return FALSE;
            }
        }
      return TRUE;
    }
  g_ptr_array_set_size (self->entries, self->entries->len - 1);
  return FALSE;
}

guint
dynantic_batch_write_get_n_pending (DynanticBatchWrite *self)
{
  guint n = 0;

  for (guint i = 0; i < self->entries->len; i++)
    if (!((Entry *) self->entries->pdata[i])->done)
      n++;
  return n;
}

void
dynantic_batch_write_forget_done (DynanticBatchWrite *self)
{
  for (guint i = self->entries->len; i > 0; i--)
    if (((Entry *) self->entries->pdata[i - 1])->done)
      {
        /* a request replaced by a later one points at it: unlink them */
        entry_unprepare (self->entries->pdata[i - 1]);
        g_ptr_array_remove_index (self->entries, i - 1);
        self->n_forgotten++;
      }
}

GPtrArray *
dynantic_batch_write_take_pending (DynanticBatchWrite *self)
{
  GPtrArray *pending = list_entries (self, FALSE);

  for (guint i = self->entries->len; i > 0; i--)
    if (!((Entry *) self->entries->pdata[i - 1])->done)
      g_ptr_array_remove_index (self->entries, i - 1);
  return pending;
}
