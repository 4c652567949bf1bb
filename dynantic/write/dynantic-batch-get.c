/* dynantic-batch-get.c: many items read by key at once (BatchGetItem)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "dynantic-batch-get.h"
#include "dynantic-batch-private.h"
#include "dynantic-error-private.h"
#include "dynantic-i18n-private.h"
#include "dynantic-item-private.h"
#include "dynantic-model-private.h"
#include "dynantic-write-common-private.h"
#include "expression/dynantic-condition.h"
#include "expression/dynantic-expression-private.h"

/**
 * DynanticBatchGet:
 *
 * Reads many items by key at once, across tables and model classes
 * (DynamoDB's BatchGetItem), in the order the keys were given.
 *
 * ```c
 * g_autoptr(DynanticBatchGet) batch = dynantic_batch_get_new (NULL);
 * g_autoptr(GPtrArray) found = NULL;
 *
 * for (guint i = 0; i < n_ids; i++)
 *   dynantic_batch_get_add_key (batch, PRODUCT_TYPE, &ids[i], NULL);
 * if (!dynantic_batch_get_execute (batch, NULL, &error))
 *   ...
 * found = dynantic_batch_get_get_items (batch);
 * ```
 *
 * The results have this shape: the keys are numbered in the order they
 * were added, from 0, and dynantic_batch_get_lookup() gives the item of
 * key @i, or %NULL when there is none; dynantic_batch_get_get_items()
 * gives the items found in that order (one entry per key found: a key
 * given twice gives its item twice, the same object), and
 * dynantic_batch_get_get_missing() the keys that have no item, as objects
 * of their class holding only the key (the objects given to
 * dynantic_batch_get_add(), or made for dynantic_batch_get_add_key()).
 *
 * Each item is read as an object of its key's class: through a
 * polymorphic base class, of the subclass its discriminator names;
 * through a subclass, an item of another kind counts as missing (as
 * dynantic_model_get_by_key() has it). A key given twice, or by two
 * classes of one table, is asked for once. The keys are checked before
 * anything is sent, as dynantic_model_get_by_key() checks them.
 *
 * The keys go in chunks of 100, several chunks at once
 * (dynantic_batch_get_set_max_in_flight()), through one client: the one
 * given to dynantic_batch_get_new(), else the first key's class's. Keys
 * DynamoDB leaves unprocessed (UnprocessedKeys: capacity, or the 16 MB a
 * response may hold) are asked for again after a wait that grows as the
 * client's retries do, the attempts counted only over rounds that read
 * nothing, up to the client's #DynanticClient:max-attempts in a row (or
 * dynantic_batch_get_set_max_attempts()); the whole call ends at the
 * client's #DynanticClient:total-timeout. Keys that could not be read make
 * the call fail with %DYNANTIC_ERROR_BATCH_INCOMPLETE carrying them
 * (dynantic_error_get_unprocessed(), dynantic_batch_get_get_unprocessed());
 * what was read is in the results all the same. Cancelling stops the call
 * at once, during a request or a wait, with %G_IO_ERROR_CANCELLED.
 *
 * dynantic_batch_get_iterate() reads the same keys lazily, a chunk at a
 * time, for many keys. #DynanticBatchGet::progress reports each round. A
 * batch is used by one thread at a time.
 *
 * Since: 0.2
 */

#define CHUNK_SIZE 100
#define DEFAULT_MAX_IN_FLIGHT 4

typedef enum {
  KEY_UNREAD,
  KEY_FOUND,
  KEY_MISSING,
} KeyState;

typedef struct _Fetch Fetch;

/* One key given. */
typedef struct {
  DynanticModel        *key;          /* the key object given, or made for add_key */
  GType                 key_type;     /* add_key: its class */
  GValue                partition_key;
  GValue                sort_key;
  KeyState              state;
  DynanticModel        *item;         /* KEY_FOUND */

  /* made by prepare() */
  DynanticSchema       *schema;       /* a reference */
  Fetch                *fetch;
  gboolean              last_of_fetch; /* the fetch's last key in order (streams) */
} KeyEntry;

/* One item asked for: the keys given for it share it. */
struct _Fetch {
  GBytes               *identity;
  GBytes               *key_json;     /* {"attr":{...}, ...} */
  const DynanticSchema *schema;       /* its first key's: the table's key attributes */
  GPtrArray            *entries;      /* KeyEntry * */
  guint                 chunk;
};

/* One chunk: its fetches still to read, and what its rounds did. */
typedef struct {
  DynanticBatchGet *owner;
  GPtrArray        *fetches;          /* Fetch *, still to read */
  GHashTable       *by_identity;      /* GBytes -> Fetch *, every fetch of the chunk */
  GHashTable       *unprocessed;      /* Fetch * the last response left */
  guint             stalled;
  gboolean          give_up;          /* stop after this round (streams: not needed) */
} GetChunk;

typedef struct {
  DynanticClient *client;
  DynanticClient *item_client;        /* what items read keep as their own, or NULL */
  gint64          deadline;
  guint           max_attempts;
  GError         *cause;
} GetCall;

struct _DynanticBatchGet {
  GObject         parent_instance;

  DynanticClient *client;
  GPtrArray      *entries;            /* KeyEntry *, in order */
  gboolean        consistent;
  GStrv           projection;
  guint           max_attempts;
  guint           max_in_flight;

  /* made by prepare() */
  GPtrArray      *fetches;            /* Fetch *, in order of first appearance */
  GPtrArray      *chunks;             /* GetChunk *, index = Fetch.chunk */
  GetCall        *call;

  guint           n_done;
  guint           n_retried;
  double          consumed_capacity;
};

G_DEFINE_FINAL_TYPE (DynanticBatchGet, dynantic_batch_get, G_TYPE_OBJECT)

enum {
  SIGNAL_PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Entries, fetches, chunks --------------------------------------------------- */

static void
key_entry_free (KeyEntry *entry)
{
  g_clear_pointer (&entry->schema, dynantic_schema_unref);
  g_clear_object (&entry->key);
  g_clear_object (&entry->item);
  if (G_IS_VALUE (&entry->partition_key))
    g_value_unset (&entry->partition_key);
  if (G_IS_VALUE (&entry->sort_key))
    g_value_unset (&entry->sort_key);
  g_free (entry);
}

static void
fetch_free (Fetch *fetch)
{
  g_clear_pointer (&fetch->identity, g_bytes_unref);
  g_clear_pointer (&fetch->key_json, g_bytes_unref);
  g_ptr_array_unref (fetch->entries);
  g_free (fetch);
}

static void
get_chunk_free (GetChunk *chunk)
{
  g_ptr_array_unref (chunk->fetches);
  g_hash_table_unref (chunk->by_identity);
  g_hash_table_unref (chunk->unprocessed);
  g_free (chunk);
}

static GetChunk *
get_chunk_new (DynanticBatchGet *owner)
{
  GetChunk *chunk = g_new0 (GetChunk, 1);

  chunk->owner = owner;
  chunk->fetches = g_ptr_array_new ();
  chunk->by_identity = g_hash_table_new (g_bytes_hash, g_bytes_equal);
  chunk->unprocessed = g_hash_table_new (NULL, NULL);
  return chunk;
}

static void
get_call_free (GetCall *call)
{
  g_clear_object (&call->client);
  g_clear_object (&call->item_client);
  g_clear_error (&call->cause);
  g_free (call);
}

/* The object ---------------------------------------------------------------- */

static void
dynantic_batch_get_finalize (GObject *object)
{
  DynanticBatchGet *self = DYNANTIC_BATCH_GET (object);

  g_clear_pointer (&self->call, get_call_free);
  g_clear_pointer (&self->chunks, g_ptr_array_unref);
  g_clear_pointer (&self->fetches, g_ptr_array_unref);
  g_ptr_array_unref (self->entries);
  g_strfreev (self->projection);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (dynantic_batch_get_parent_class)->finalize (object);
}

static void
dynantic_batch_get_class_init (DynanticBatchGetClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dynantic_batch_get_finalize;

  /**
   * DynanticBatchGet::progress:
   * @self: the batch
   * @done: how many of its keys are read (found or missing) so far
   * @retried: how many times keys were asked for again (left unprocessed)
   * @total: how many keys it holds
   * @consumed_capacity: the read capacity units DynamoDB reported, summed
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
dynantic_batch_get_init (DynanticBatchGet *self)
{
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) key_entry_free);
  self->max_in_flight = DEFAULT_MAX_IN_FLIGHT;
}

/**
 * dynantic_batch_get_new:
 * @client: (nullable): the client to call through, which the items read
 *   keep as their own; or %NULL for the first key's: its object's own
 *   client (which the items read keep too), else its class's, else the
 *   default client
 *
 * Makes an empty batch.
 *
 * Returns: (transfer full): a new batch
 *
 * Since: 0.2
 */
DynanticBatchGet *
dynantic_batch_get_new (DynanticClient *client)
{
  DynanticBatchGet *self;

  g_return_val_if_fail (client == NULL || DYNANTIC_IS_CLIENT (client), NULL);

  self = g_object_new (DYNANTIC_TYPE_BATCH_GET, NULL);
  g_set_object (&self->client, client);
  return self;
}

static KeyEntry *
add_entry (DynanticBatchGet *self)
{
  KeyEntry *entry = g_new0 (KeyEntry, 1);

  g_ptr_array_add (self->entries, entry);
  return entry;
}

/**
 * dynantic_batch_get_add:
 * @self: a batch
 * @key: an object whose key properties name the item to read; its class
 *   is the one the item is read as
 *
 * Adds the key of @key (only its key properties are used). @key is the
 * object reported when the item is missing or could not be read.
 *
 * Returns: (transfer none): @self, to chain calls
 *
 * Since: 0.2
 */
DynanticBatchGet *
dynantic_batch_get_add (DynanticBatchGet *self,
                        DynanticModel    *key)
{
  g_return_val_if_fail (DYNANTIC_IS_BATCH_GET (self), NULL);
  g_return_val_if_fail (DYNANTIC_IS_MODEL (key), self);

  add_entry (self)->key = g_object_ref (key);
  return self;
}

/**
 * dynantic_batch_get_add_key:
 * @self: a batch
 * @model_type: the #DynanticModel subtype to read the item as
 * @partition_key: the partition key's value
 * @sort_key: (nullable): the sort key's value, for tables that have one
 *
 * Adds a key given by value, checked when the batch is executed as
 * dynantic_model_get_by_key() checks its keys. It is reported, when
 * missing or not read, as an object of @model_type holding only the key.
 *
 * Returns: (transfer none): @self, to chain calls
 *
 * Since: 0.2
 */
DynanticBatchGet *
dynantic_batch_get_add_key (DynanticBatchGet *self,
                            GType             model_type,
                            const GValue     *partition_key,
                            const GValue     *sort_key)
{
  KeyEntry *entry;

  g_return_val_if_fail (DYNANTIC_IS_BATCH_GET (self), NULL);
  g_return_val_if_fail (g_type_is_a (model_type, DYNANTIC_TYPE_MODEL), self);

  entry = add_entry (self);
  entry->key_type = model_type;
  dynantic_write_copy_value (&entry->partition_key, partition_key);
  dynantic_write_copy_value (&entry->sort_key, sort_key);
  return self;
}

/**
 * dynantic_batch_get_set_consistent:
 * @self: a batch
 * @consistent: whether to make strongly consistent reads
 *
 * Reads are eventually consistent by default, as for
 * dynantic_model_get_by_key().
 *
 * Returns: (transfer none): @self, to chain calls
 *
 * Since: 0.2
 */
DynanticBatchGet *
dynantic_batch_get_set_consistent (DynanticBatchGet *self,
                                   gboolean          consistent)
{
  g_return_val_if_fail (DYNANTIC_IS_BATCH_GET (self), NULL);

  self->consistent = !!consistent;
  return self;
}

/**
 * dynantic_batch_get_set_projection:
 * @self: a batch
 * @paths: (array zero-terminated=1) (nullable): the properties or attribute
 *   paths to read, or %NULL for whole items
 *
 * Reads only @paths of each item (a ProjectionExpression per table), as a
 * query's projection does; the keys and the discriminator are always read,
 * so that each item is matched to its key and made of the right class.
 * Properties not read keep their defaults.
 *
 * Returns: (transfer none): @self, to chain calls
 *
 * Since: 0.2
 */
DynanticBatchGet *
dynantic_batch_get_set_projection (DynanticBatchGet   *self,
                                   const char * const *paths)
{
  g_return_val_if_fail (DYNANTIC_IS_BATCH_GET (self), NULL);

  g_strfreev (self->projection);
  self->projection = paths != NULL && paths[0] != NULL ? g_strdupv ((char **) paths) : NULL;
  return self;
}

/**
 * dynantic_batch_get_set_max_attempts:
 * @self: a batch
 * @max_attempts: how many rounds in a row may read nothing before the
 *   batch gives up on the keys DynamoDB leaves unprocessed; 0 for the
 *   client's #DynanticClient:max-attempts
 *
 * Returns: (transfer none): @self, to chain calls
 *
 * Since: 0.2
 */
DynanticBatchGet *
dynantic_batch_get_set_max_attempts (DynanticBatchGet *self,
                                     guint             max_attempts)
{
  g_return_val_if_fail (DYNANTIC_IS_BATCH_GET (self), NULL);

  self->max_attempts = max_attempts;
  return self;
}

/**
 * dynantic_batch_get_set_max_in_flight:
 * @self: a batch
 * @max_in_flight: how many chunks of 100 keys may be asked for at once (at
 *   least 1; the default is 4)
 *
 * Returns: (transfer none): @self, to chain calls
 *
 * Since: 0.2
 */
DynanticBatchGet *
dynantic_batch_get_set_max_in_flight (DynanticBatchGet *self,
                                      guint             max_in_flight)
{
  g_return_val_if_fail (DYNANTIC_IS_BATCH_GET (self), NULL);

  self->max_in_flight = MAX (max_in_flight, 1);
  return self;
}

/* Preparing ----------------------------------------------------------------- */


/* The key object of @entry: the one given, or one made from the key values
 * given to add_key when first asked for (only what a caller is handed back,
 * a missing or unread key, needs one: the request is written from the
 * values). NULL when the values cannot name an item of its class. */
static DynanticModel *
entry_key (KeyEntry *entry)
{
  if (entry->key == NULL && entry->schema != NULL)
    entry->key = dynantic_write_new_key_object (entry->schema, &entry->partition_key,
                                                G_IS_VALUE (&entry->sort_key) ? &entry->sort_key : NULL, NULL);
  return entry->key;
}

/* The schema and Key JSON of @entry; its identity. A key given as values is
 * written from them, its key object made only when asked for (entry_key()). */
static GBytes *
prepare_entry (KeyEntry  *entry,
               GBytes   **key_json,
               GError   **error)
{
  return dynantic_write_prepare_key (entry->key, entry->key_type, &entry->partition_key, &entry->sort_key,
                                     &entry->schema, key_json, error);
}

/* The paths a table's projection reads: the caller's, the keys and the
 * discriminator. */
static GPtrArray *
projection_paths (DynanticBatchGet     *self,
                  const DynanticSchema *schema)
{
  const DynanticSchemaProperty *always[3] = { dynantic_schema_get_partition_key (schema),
                                              dynantic_schema_get_sort_key (schema),
                                              dynantic_schema_get_discriminator (schema) };
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; self->projection[i] != NULL; i++)
    g_ptr_array_add (paths, g_strdup (self->projection[i]));
  for (guint i = 0; i < G_N_ELEMENTS (always); i++)
    if (always[i] != NULL)
      g_ptr_array_add (paths, dynantic_attr_path_escape (always[i]->attribute));
  return paths;
}

/* "ProjectionExpression" and its names, for @schema's table. */
static gboolean
write_projection (DynanticBatchGet      *self,
                  const DynanticSchema  *schema,
                  DynanticJsonWriter    *writer,
                  GError               **error)
{
  g_autoptr(DynanticExpressionContext) context = NULL;
  g_autoptr(GPtrArray) paths = NULL;
  g_autofree char *expression = NULL;

  if (self->projection == NULL)
    return TRUE;
  paths = projection_paths (self, schema);
  context = dynantic_expression_context_new (dynantic_schema_resolve_attribute, (gpointer) schema);
  expression = dynantic_expression_context_compile_projection (context, (const char * const *) paths->pdata,
                                                               paths->len, error);
  if (expression == NULL)
    return FALSE;
  if (writer == NULL)
    return TRUE;
  dynantic_json_writer_member_literal (writer, "ProjectionExpression");
  dynantic_json_writer_string (writer, expression, -1);
  return dynantic_expression_context_write (context, writer, error);
}

/* Groups the keys into fetches (one per item) and the fetches into chunks;
 * checks every key, and each table's projection, before anything is sent. */
static gboolean
prepare (DynanticBatchGet  *self,
         GError           **error)
{
  g_autoptr(GHashTable) by_identity = g_hash_table_new (g_bytes_hash, g_bytes_equal);
  g_autoptr(GHashTable) tables = g_hash_table_new (g_str_hash, g_str_equal);
  GetChunk *chunk = NULL;

  g_clear_pointer (&self->chunks, g_ptr_array_unref);
  g_clear_pointer (&self->fetches, g_ptr_array_unref);
  self->fetches = g_ptr_array_new_with_free_func ((GDestroyNotify) fetch_free);
  self->chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) get_chunk_free);
  for (guint i = 0; i < self->entries->len; i++)
    {
      KeyEntry *entry = self->entries->pdata[i];
      g_autoptr(GBytes) key_json = NULL;
      g_autoptr(GBytes) identity = prepare_entry (entry, &key_json, error);
      Fetch *fetch;

      if (identity == NULL)
        return FALSE;
      fetch = g_hash_table_lookup (by_identity, identity);
      if (fetch == NULL)
        {
          if (!g_hash_table_contains (tables, dynantic_schema_get_table (entry->schema)))
            {
              if (!write_projection (self, entry->schema, NULL, error))
                return FALSE;
              g_hash_table_add (tables, (gpointer) dynantic_schema_get_table (entry->schema));
            }
          if (chunk == NULL || chunk->fetches->len == CHUNK_SIZE)
            {
              chunk = get_chunk_new (self);
              g_ptr_array_add (self->chunks, chunk);
            }
          fetch = g_new0 (Fetch, 1);
          fetch->identity = g_bytes_ref (identity);
          fetch->key_json = g_steal_pointer (&key_json);
          fetch->schema = entry->schema;
          fetch->entries = g_ptr_array_new ();
          fetch->chunk = self->chunks->len - 1;
          g_ptr_array_add (self->fetches, fetch);
          g_ptr_array_add (chunk->fetches, fetch);
          g_hash_table_insert (chunk->by_identity, fetch->identity, fetch);
          g_hash_table_insert (by_identity, fetch->identity, fetch);
        }
      entry->fetch = fetch;
      entry->state = KEY_UNREAD;
      g_clear_object (&entry->item);
      g_ptr_array_add (fetch->entries, entry);
    }
  for (guint i = 0; i < self->fetches->len; i++)
    {
      Fetch *fetch = self->fetches->pdata[i];

      ((KeyEntry *) fetch->entries->pdata[fetch->entries->len - 1])->last_of_fetch = TRUE;
    }
  self->n_done = 0;
  return TRUE;
}

/* The request's rounds ------------------------------------------------------ */

static gboolean
same_table (const Fetch *a,
            const Fetch *b)
{
  return strcmp (dynantic_schema_get_table (a->schema), dynantic_schema_get_table (b->schema)) == 0;
}

/* {"RequestItems":{"table":{"Keys":[...],...}, ...},"ReturnConsumedCapacity":"TOTAL"} */
static gboolean
write_batch_body (gpointer   state,
                  GString   *out,
                  GError   **error)
{
  GetChunk *chunk = state;
  DynanticBatchGet *self = chunk->owner;
  g_autofree gboolean *written = g_new0 (gboolean, chunk->fetches->len);
  DynanticJsonWriter writer;

  dynantic_json_writer_init (&writer, out);
  dynantic_json_writer_begin_object (&writer);
  dynantic_json_writer_member_literal (&writer, "RequestItems");
  dynantic_json_writer_begin_object (&writer);
  for (guint i = 0; i < chunk->fetches->len; i++)
    {
      Fetch *first = chunk->fetches->pdata[i];

      if (written[i])
        continue;
      dynantic_json_writer_member (&writer, dynantic_schema_get_table (first->schema));
      dynantic_json_writer_begin_object (&writer);
      dynantic_json_writer_member_literal (&writer, "Keys");
      dynantic_json_writer_begin_array (&writer);
      for (guint j = i; j < chunk->fetches->len; j++)
        {
          Fetch *fetch = chunk->fetches->pdata[j];

          if (written[j] || !same_table (first, fetch))
            continue;
          dynantic_json_writer_raw (&writer, g_bytes_get_data (fetch->key_json, NULL),
                                    g_bytes_get_size (fetch->key_json));
          written[j] = TRUE;
        }
      dynantic_json_writer_end_array (&writer);
      if (self->consistent)
        {
          dynantic_json_writer_member_literal (&writer, "ConsistentRead");
          dynantic_json_writer_boolean (&writer, TRUE);
        }
      if (!write_projection (self, first->schema, &writer, error))
        return FALSE;
      dynantic_json_writer_end_object (&writer);
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

/* The schema of a table the chunk reads from, or NULL. */
static const DynanticSchema *
chunk_table_schema (GetChunk   *chunk,
                    const char *table)
{
  GHashTableIter iter;
  gpointer fetch;

  g_hash_table_iter_init (&iter, chunk->by_identity);
  while (g_hash_table_iter_next (&iter, NULL, &fetch))
    if (strcmp (dynantic_schema_get_table (((Fetch *) fetch)->schema), table) == 0)
      return ((Fetch *) fetch)->schema;
  return NULL;
}

/* The item @json (@length bytes), read for each key asked for it: through
 * each key's class, one object per class. */
static gboolean
take_item (DynanticBatchGet  *self,
           Fetch             *fetch,
           const char        *json,
           gsize              length,
           GError           **error)
{
  for (guint i = 0; i < fetch->entries->len; i++)
    {
      KeyEntry *entry = fetch->entries->pdata[i];
      DynanticModel *item = NULL;
      DynanticJsonReader reader;

      for (guint j = 0; j < i && item == NULL; j++)
        if (((KeyEntry *) fetch->entries->pdata[j])->schema == entry->schema)
          item = ((KeyEntry *) fetch->entries->pdata[j])->item;
      if (item != NULL)
        item = g_object_ref (item);
      else
        {
          GError *local_error = NULL;

          dynantic_json_reader_init (&reader, json, length);
          item = dynantic_item_read (&reader, entry->schema, &local_error);
          dynantic_json_reader_clear (&reader);
          if (local_error != NULL)
            {
              g_propagate_error (error, local_error);
              return FALSE;
            }
          if (item != NULL && self->call->item_client != NULL)
            dynantic_model_set_instance_client (item, self->call->item_client);
        }
      g_clear_object (&entry->item);
      entry->item = item;
      entry->state = item != NULL ? KEY_FOUND : KEY_MISSING;
    }
  return TRUE;
}

/* "Responses": {"table": [item, ...], ...}, each the item of a key asked for. */
static DynanticRequestMember
read_responses (GetChunk            *chunk,
                DynanticJsonReader  *reader,
                GError             **error)
{
  if (dynantic_json_reader_next (reader) != DYNANTIC_JSON_BEGIN_OBJECT)
    return bad_response (error, "Responses");
  while (dynantic_json_reader_next (reader) == DYNANTIC_JSON_MEMBER)
    {
      const DynanticSchema *schema = chunk_table_schema (chunk, dynantic_json_reader_get_string (reader, NULL));
      DynanticJsonToken token;

      if (schema == NULL || dynantic_json_reader_next (reader) != DYNANTIC_JSON_BEGIN_ARRAY)
        return bad_response (error, "Responses");
      while (!dynantic_json_reader_array_ends (reader))
        {
          gsize mark = dynantic_json_reader_mark (reader);
          g_autoptr(GBytes) identity = NULL;
          const char *json;
          gsize length;
          Fetch *fetch;

          /* one pass finds the item's identity and its text, which its
           * fetch's keys then read as their classes (capturing the text
           * first, then reading the identity from it, cost 2,500
           * instructions more an item: callgrind, bench/batch_bench.c) */
          identity = dynantic_write_read_identity (reader, schema, NULL);
          fetch = identity != NULL ? g_hash_table_lookup (chunk->by_identity, identity) : NULL;
          if (fetch == NULL)
            return bad_response (error, "Responses");
          json = dynantic_json_reader_text_since (reader, mark, &length);
          if (!take_item (chunk->owner, fetch, json, length, error))
            return DYNANTIC_REQUEST_MEMBER_FAILED;
        }
      token = dynantic_json_reader_next (reader);
      if (token != DYNANTIC_JSON_END_ARRAY)
        return bad_response (error, "Responses");
    }
  return DYNANTIC_REQUEST_MEMBER_READ;
}

/* One table's {"Keys": [key, ...], ...} of "UnprocessedKeys". */
static gboolean
read_unprocessed_table (GetChunk             *chunk,
                        DynanticJsonReader   *reader,
                        const DynanticSchema *schema)
{
  DynanticJsonToken token;

  if (dynantic_json_reader_next (reader) != DYNANTIC_JSON_BEGIN_OBJECT)
    return FALSE;
  while ((token = dynantic_json_reader_next (reader)) == DYNANTIC_JSON_MEMBER)
    {
      if (strcmp (dynantic_json_reader_get_string (reader, NULL), "Keys") != 0)
        {
          if (!dynantic_json_reader_skip_value (reader))
            return FALSE;
          continue;
        }
      if (dynantic_json_reader_next (reader) != DYNANTIC_JSON_BEGIN_ARRAY)
        return FALSE;
      while (!dynantic_json_reader_array_ends (reader))
        {
          g_autoptr(GBytes) identity = dynantic_write_read_identity (reader, schema, NULL);
          Fetch *fetch = identity != NULL ? g_hash_table_lookup (chunk->by_identity, identity) : NULL;

          if (fetch == NULL)
            return FALSE;
          g_hash_table_add (chunk->unprocessed, fetch);
        }
      if (dynantic_json_reader_next (reader) != DYNANTIC_JSON_END_ARRAY)
        return FALSE;
    }
  return token == DYNANTIC_JSON_END_OBJECT;
}

static DynanticRequestMember
read_unprocessed (GetChunk            *chunk,
                  DynanticJsonReader  *reader,
                  GError             **error)
{
  if (dynantic_json_reader_next (reader) != DYNANTIC_JSON_BEGIN_OBJECT)
    return bad_response (error, "UnprocessedKeys");
  while (dynantic_json_reader_next (reader) == DYNANTIC_JSON_MEMBER)
    {
      const DynanticSchema *schema = chunk_table_schema (chunk, dynantic_json_reader_get_string (reader, NULL));

      if (schema == NULL || !read_unprocessed_table (chunk, reader, schema))
        return bad_response (error, "UnprocessedKeys");
    }
  return DYNANTIC_REQUEST_MEMBER_READ;
}

static DynanticRequestMember
read_batch_member (gpointer             state,
                   const char          *name,
                   DynanticJsonReader  *reader,
                   GError             **error)
{
  GetChunk *chunk = state;

  if (strcmp (name, "Responses") == 0)
    return read_responses (chunk, reader, error);
  if (strcmp (name, "UnprocessedKeys") == 0)
    return read_unprocessed (chunk, reader, error);
  if (strcmp (name, "ConsumedCapacity") == 0)
    return dynantic_write_read_capacity (reader, &chunk->owner->consumed_capacity, error)
             ? DYNANTIC_REQUEST_MEMBER_READ : DYNANTIC_REQUEST_MEMBER_FAILED;
  return DYNANTIC_REQUEST_MEMBER_SKIP;
}

static void
emit_progress (DynanticBatchGet *self)
{
  g_signal_emit (self, signals[SIGNAL_PROGRESS], 0, self->n_done, self->n_retried,
                 self->entries->len, self->consumed_capacity);
}

static guint
max_attempts_of (DynanticBatchGet *self,
                 DynanticClient   *client)
{
  return self->max_attempts != 0 ? self->max_attempts : MAX (dynantic_client_get_max_attempts (client), 1);
}

/* After a response: keys neither read nor left unprocessed have no item;
 * the unprocessed ones go again, after a wait, unless too many rounds in a
 * row read nothing. */
static gboolean
finish_batch_round (gpointer              state,
                    DynanticRequestNext  *next,
                    GError              **error)
{
  GetChunk *chunk = state;
  DynanticBatchGet *self = chunk->owner;
  guint before = chunk->fetches->len;

  for (guint i = chunk->fetches->len; i > 0; i--)
    {
      Fetch *fetch = chunk->fetches->pdata[i - 1];

      if (g_hash_table_contains (chunk->unprocessed, fetch))
        continue;
      for (guint j = 0; j < fetch->entries->len; j++)
        {
          KeyEntry *entry = fetch->entries->pdata[j];

          if (entry->state == KEY_UNREAD)
            entry->state = KEY_MISSING;
        }
      self->n_done += fetch->entries->len;
      g_ptr_array_remove_index (chunk->fetches, i - 1);
    }
  g_hash_table_remove_all (chunk->unprocessed);

  chunk->stalled = chunk->fetches->len < before ? 0 : chunk->stalled + 1;
  if (chunk->fetches->len > 0 && chunk->stalled < max_attempts_of (self, self->call->client))
    {
      self->n_retried += chunk->fetches->len;
      next->again = TRUE;
      next->delay = dynantic_write_round_delay (self->call->client, chunk->stalled > 0 ? chunk->stalled - 1 : 0);
    }
  emit_progress (self);
  return TRUE;
}

static const DynanticRequestKind batch_get_item = {
  .operation = "BatchGetItem",
  .body_size = 4096,
  .write_body = write_batch_body,
  .read_member = read_batch_member,
  .finish = finish_batch_round,
};

/* Calls ---------------------------------------------------------------------- */

static DynanticClient *
resolve_client (DynanticBatchGet  *self,
                DynanticClient   **item_client)
{
  KeyEntry *first = self->entries->len > 0 ? self->entries->pdata[0] : NULL;
  DynanticClient *own = first != NULL && first->key != NULL ? dynantic_model_get_own_client (first->key) : NULL;

  /* the client given, or else the first key object's own: items read
   * keep it as theirs, so that saving one goes where it was read from; a
   * read through the class's or the default client leaves them none, as
   * dynantic_model_get_by_key() does */
  if (self->client != NULL)
    own = self->client;
  g_set_object (item_client, own);
  if (own != NULL)
    return g_object_ref (own);
  return dynantic_model_resolve_client (first == NULL ? DYNANTIC_TYPE_MODEL
                                        : first->key != NULL ? G_OBJECT_TYPE (first->key) : first->key_type, NULL);
}

/* Readies a call: checks the keys, groups them, and the client and deadline. */
static gboolean
begin_call (DynanticBatchGet  *self,
            GError           **error)
{
  GetCall *call;

  if (self->call != NULL)
    {
      g_set_error_literal (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                           _("The batch get is already being executed"));
      return FALSE;
    }
  if (!prepare (self, error))
    return FALSE;
  call = g_new0 (GetCall, 1);
  call->client = resolve_client (self, &call->item_client);
  call->deadline = dynantic_client_call_deadline (call->client);
  call->max_attempts = max_attempts_of (self, call->client);
  self->call = call;
  return TRUE;
}

static DynanticRequest *
chunk_request (DynanticBatchGet  *self,
               GetChunk          *chunk,
               GError           **error)
{
  DynanticRequest *request;

  chunk->stalled = 0;
  request = dynantic_request_new (g_object_ref (self->call->client), &batch_get_item, chunk, NULL, error);
  if (request != NULL)
    dynantic_request_set_deadline (request, self->call->deadline);
  return request;
}

static DynanticRequest *
start_chunk (gpointer   owner,
             guint      index,
             GError   **error)
{
  DynanticBatchGet *self = owner;

  return chunk_request (self, self->chunks->pdata[index], error);
}

static void
chunk_done (gpointer      owner,
            guint         index,
            const GError *error)
{
  DynanticBatchGet *self = owner;

  if (error != NULL && self->call->cause == NULL)
    self->call->cause = g_error_copy (error);
}

static const DynanticBatchChunks get_chunks = {
  .start = start_chunk,
  .done = chunk_done,
};

/* The key objects of the keys in @state (from @first, before @end), in order. */
static GPtrArray *
list_keys (DynanticBatchGet *self,
           KeyState          state,
           guint             first,
           guint             end)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = first; i < end; i++)
    {
      KeyEntry *entry = self->entries->pdata[i];

      if (entry->state == state && entry_key (entry) != NULL)
        g_ptr_array_add (keys, g_object_ref (entry->key));
    }
  return keys;
}

/* What was read of the keys from @first before @end: the keys found (their
 * key objects), for the error. */
static GPtrArray *
list_read_keys (DynanticBatchGet *self,
                guint             first,
                guint             end)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = first; i < end; i++)
    {
      KeyEntry *entry = self->entries->pdata[i];

      if (entry->state != KEY_UNREAD && entry_key (entry) != NULL)
        g_ptr_array_add (keys, g_object_ref (entry->key));
    }
  return keys;
}

/* The error of the keys from @first before @end not read, or NULL. */
static GError *
incomplete_error (DynanticBatchGet *self,
                  const GError     *cause,
                  guint             max_attempts,
                  guint             first,
                  guint             end)
{
  g_autoptr(GPtrArray) unread = list_keys (self, KEY_UNREAD, first, end);
  GError *error;

  if (unread->len == 0)
    return NULL;
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (cause);
  if (cause != NULL)
    error = g_error_new (DYNANTIC_ERROR, DYNANTIC_ERROR_BATCH_INCOMPLETE,
                         /* Translators: the first %u is a count of keys, the second the total; %s says why */
                         _("%u of the %u keys of the batch get were not read: %s"),
                         unread->len, end - first, cause->message);
  else
    error = g_error_new (DYNANTIC_ERROR, DYNANTIC_ERROR_BATCH_INCOMPLETE,
                         /* Translators: the first %u is a count of keys, the second the total,
                          * the third how many attempts were made in a row */
                         _("%u of the %u keys of the batch get were not read: "
                           "DynamoDB left them unprocessed %u times in a row"),
                         unread->len, end - first, max_attempts);
  dynantic_error_set_batch_objects (error, g_steal_pointer (&unread), list_read_keys (self, first, end));
  return error;
}

static gboolean
end_call (DynanticBatchGet  *self,
          GError           **error)
{
  GetCall *call = g_steal_pointer (&self->call);
  GError *incomplete = incomplete_error (self, call->cause, call->max_attempts, 0, self->entries->len);

  get_call_free (call);
  if (incomplete == NULL)
    return TRUE;
  g_propagate_error (error, incomplete);
  return FALSE;
}

/**
 * dynantic_batch_get_execute:
 * @self: a batch
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Checks every key and reads the items (BatchGetItem), asking again for
 * the keys DynamoDB leaves unprocessed; see #DynanticBatchGet for the
 * shape of the results. Executing the batch again reads every key again.
 *
 * Returns: %TRUE when every key was read (found or missing); %FALSE with
 *   @error set, to %DYNANTIC_ERROR_BATCH_INCOMPLETE when some keys could not
 *   be read (see dynantic_batch_get_get_unprocessed())
 *
 * Since: 0.2
 */
gboolean
dynantic_batch_get_execute (DynanticBatchGet  *self,
                            GCancellable      *cancellable,
                            GError           **error)
{
  g_return_val_if_fail (DYNANTIC_IS_BATCH_GET (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!begin_call (self, error))
    return FALSE;
  dynantic_batch_run (&get_chunks, self, self->chunks->len, self->max_in_flight, cancellable);
  return end_call (self, error);
}

/**
 * dynantic_batch_get_execute_async:
 * @self: a batch
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the items are read or reading failed
 * @user_data: data for @callback
 *
 * The asynchronous form of dynantic_batch_get_execute(). The keys are
 * checked before this returns.
 *
 * Since: 0.2
 */
void
dynantic_batch_get_execute_async (DynanticBatchGet    *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GError *error = NULL;

  g_return_if_fail (DYNANTIC_IS_BATCH_GET (self));

  if (!begin_call (self, &error))
    {
      g_task_report_error (self, callback, user_data, dynantic_batch_get_execute_async, error);
      return;
    }
  dynantic_batch_run_async (&get_chunks, self, self->chunks->len, self->max_in_flight,
                            self, dynantic_batch_get_execute_async, cancellable, callback, user_data);
}

/**
 * dynantic_batch_get_execute_finish:
 * @self: a batch
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Finishes dynantic_batch_get_execute_async().
 *
 * Returns: %TRUE when every key was read, else %FALSE with @error set
 *
 * Since: 0.2
 */
gboolean
dynantic_batch_get_execute_finish (DynanticBatchGet  *self,
                                   GAsyncResult      *result,
                                   GError           **error)
{
  g_return_val_if_fail (DYNANTIC_IS_BATCH_GET (self), FALSE);

  /* FALSE only when the batch could not begin (a key was refused) */
  if (!dynantic_batch_run_finish (result, self, dynantic_batch_get_execute_async, error))
    return FALSE;
  return end_call (self, error);
}

/* Results -------------------------------------------------------------------- */

/**
 * dynantic_batch_get_get_n_keys:
 * @self: a batch
 *
 * How many keys were added.
 *
 * Returns: the number of keys
 *
 * Since: 0.2
 */
guint
dynantic_batch_get_get_n_keys (DynanticBatchGet *self)
{
  g_return_val_if_fail (DYNANTIC_IS_BATCH_GET (self), 0);

  return self->entries->len;
}

/**
 * dynantic_batch_get_lookup:
 * @self: a batch
 * @index: the key's number, in the order added (from 0)
 *
 * The item read for key @index.
 *
 * Returns: (transfer none) (nullable): the item, or %NULL when it is
 *   missing, was not read, or @index is out of range
 *
 * Since: 0.2
 */
DynanticModel *
dynantic_batch_get_lookup (DynanticBatchGet *self,
                           guint             index)
{
  g_return_val_if_fail (DYNANTIC_IS_BATCH_GET (self), NULL);

  if (index >= self->entries->len)
    return NULL;
  return ((KeyEntry *) self->entries->pdata[index])->item;
}

/**
 * dynantic_batch_get_get_items:
 * @self: a batch
 *
 * The items found, in the order of their keys (one entry per key found).
 *
 * Returns: (transfer container) (element-type DynanticModel): the items
 *
 * Since: 0.2
 */
GPtrArray *
dynantic_batch_get_get_items (DynanticBatchGet *self)
{
  GPtrArray *items;

  g_return_val_if_fail (DYNANTIC_IS_BATCH_GET (self), NULL);

  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < self->entries->len; i++)
    {
      KeyEntry *entry = self->entries->pdata[i];

      if (entry->item != NULL)
        g_ptr_array_add (items, g_object_ref (entry->item));
    }
  return items;
}

/**
 * dynantic_batch_get_get_missing:
 * @self: a batch
 *
 * The keys read that have no item (of their class), in order, as objects
 * of their class holding the key.
 *
 * Returns: (transfer container) (element-type DynanticModel): the key objects
 *
 * Since: 0.2
 */
GPtrArray *
dynantic_batch_get_get_missing (DynanticBatchGet *self)
{
  g_return_val_if_fail (DYNANTIC_IS_BATCH_GET (self), NULL);

  return list_keys (self, KEY_MISSING, 0, self->entries->len);
}

/**
 * dynantic_batch_get_get_unprocessed:
 * @self: a batch
 *
 * The keys not read (yet), in order, as objects of their class holding the
 * key. (A key given by value that was never checked, because the batch
 * was not executed or a check failed first, has no object yet and is not
 * listed.)
 *
 * Returns: (transfer container) (element-type DynanticModel): the key objects
 *
 * Since: 0.2
 */
GPtrArray *
dynantic_batch_get_get_unprocessed (DynanticBatchGet *self)
{
  g_return_val_if_fail (DYNANTIC_IS_BATCH_GET (self), NULL);

  return list_keys (self, KEY_UNREAD, 0, self->entries->len);
}

/**
 * dynantic_batch_get_get_n_retried:
 * @self: a batch
 *
 * How many times keys were asked for again because DynamoDB left them
 * unprocessed.
 *
 * Returns: the number of keys asked for again
 *
 * Since: 0.2
 */
guint
dynantic_batch_get_get_n_retried (DynanticBatchGet *self)
{
  g_return_val_if_fail (DYNANTIC_IS_BATCH_GET (self), 0);

  return self->n_retried;
}

/**
 * dynantic_batch_get_get_consumed_capacity:
 * @self: a batch
 *
 * The read capacity units DynamoDB reported, summed over every round of
 * every execution.
 *
 * Returns: the capacity units
 *
 * Since: 0.2
 */
double
dynantic_batch_get_get_consumed_capacity (DynanticBatchGet *self)
{
  g_return_val_if_fail (DYNANTIC_IS_BATCH_GET (self), 0);

  return self->consumed_capacity;
}

/* The stream ------------------------------------------------------------------ */

/**
 * DynanticBatchGetIterator:
 *
 * The items of a #DynanticBatchGet read lazily, a chunk of 100 keys at a
 * time, for more keys than should be held at once: each call to
 * dynantic_batch_get_iterator_next() gives the next item found, in the
 * order of the keys (missing items are skipped), and asks for the next
 * chunk only when the items of the one before are given out. An item is
 * let go once given out (unless a later key asks for it again).
 *
 * When a chunk cannot be read whole, dynantic_batch_get_iterator_next()
 * fails once with %DYNANTIC_ERROR_BATCH_INCOMPLETE carrying that chunk's
 * keys not read (dynantic_error_get_unprocessed()), before giving that
 * chunk's items that were read; the iteration then goes on with them and
 * the next chunks. A failure to check the keys, or a cancellation, is
 * reported as it is, and the iteration goes on from where it was.
 *
 * Since: 0.2
 */
struct _DynanticBatchGetIterator {
  GObject           parent_instance;

  DynanticBatchGet *batch;     /* NULL when made without one */
  gboolean          prepared;
  guint             next;      /* the next key to give out */
  guint             loaded;    /* chunks read so far */
  gboolean          reading;
};

G_DEFINE_FINAL_TYPE (DynanticBatchGetIterator, dynantic_batch_get_iterator, G_TYPE_OBJECT)

static void
dynantic_batch_get_iterator_finalize (GObject *object)
{
  DynanticBatchGetIterator *self = DYNANTIC_BATCH_GET_ITERATOR (object);

  g_clear_object (&self->batch);

  G_OBJECT_CLASS (dynantic_batch_get_iterator_parent_class)->finalize (object);
}

static void
dynantic_batch_get_iterator_class_init (DynanticBatchGetIteratorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dynantic_batch_get_iterator_finalize;
}

static void
dynantic_batch_get_iterator_init (DynanticBatchGetIterator *self)
{
}

/**
 * dynantic_batch_get_iterate:
 * @self: a batch
 *
 * Makes an iterator over the items of @self's keys, read a chunk at a
 * time: see #DynanticBatchGetIterator. The batch's results hold what the
 * iterator has read and not yet given out; the batch must not be executed
 * while it is iterated.
 *
 * Returns: (transfer full): a new iterator
 *
 * Since: 0.2
 */
DynanticBatchGetIterator *
dynantic_batch_get_iterate (DynanticBatchGet *self)
{
  DynanticBatchGetIterator *iterator;

  g_return_val_if_fail (DYNANTIC_IS_BATCH_GET (self), NULL);

  iterator = g_object_new (DYNANTIC_TYPE_BATCH_GET_ITERATOR, NULL);
  iterator->batch = g_object_ref (self);
  return iterator;
}

static gboolean
iterator_usable (DynanticBatchGetIterator  *self,
                 GError                   **error)
{
  if (self->batch == NULL)
    g_set_error_literal (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                         _("The iterator was made without a batch: make it with dynantic_batch_get_iterate()"));
  else if (self->reading)
    g_set_error_literal (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                         _("The iterator is reading: wait for its call to finish"));
  else if (!self->prepared)
    {
      if (self->batch->call != NULL)
        g_set_error_literal (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                             _("The batch get is already being executed"));
      else if (prepare (self->batch, error))
        self->prepared = TRUE;
      return self->prepared;
    }
  else
    return TRUE;
  return FALSE;
}

/* What the iterator does next: give out an item (or skip a key without
 * one), read the next chunk, or end. */
typedef enum {
  STEP_ITEM,
  STEP_READ,
  STEP_END,
} Step;

/* Gives out the items of keys already read; stops at a key whose chunk is
 * not read yet (STEP_READ) or at the end. *@item: the next item, or NULL. */
static Step
iterator_step (DynanticBatchGetIterator  *self,
               DynanticModel            **item)
{
  DynanticBatchGet *batch = self->batch;

  *item = NULL;
  while (self->next < batch->entries->len)
    {
      KeyEntry *entry = batch->entries->pdata[self->next];

      if (entry->fetch->chunk >= self->loaded)
        return STEP_READ;
      self->next++;
      if (entry->item != NULL)
        *item = entry->last_of_fetch ? g_steal_pointer (&entry->item) : g_object_ref (entry->item);
      if (entry->last_of_fetch)
        for (guint i = 0; i < entry->fetch->entries->len; i++)
          g_clear_object (&((KeyEntry *) entry->fetch->entries->pdata[i])->item);
      if (*item != NULL)
        return STEP_ITEM;
    }
  return STEP_END;
}

/* The keys of chunk @index, from the first in order to the last. */
static void
chunk_key_range (DynanticBatchGet *batch,
                 guint             index,
                 guint             from,
                 guint            *end)
{
  *end = from;
  while (*end < batch->entries->len && ((KeyEntry *) batch->entries->pdata[*end])->fetch->chunk <= index)
    (*end)++;
}

/* After reading chunk @index (its request ended with @cause, or NULL): the
 * error to report for its keys not read, or NULL. */
static GError *
chunk_read (DynanticBatchGetIterator *self,
            const GError             *cause,
            guint                     max_attempts)
{
  guint end;

  chunk_key_range (self->batch, self->loaded, self->next, &end);
  self->loaded++;
  return incomplete_error (self->batch, cause, max_attempts, self->next, end);
}

static DynanticRequest *
iterator_request (DynanticBatchGetIterator  *self,
                  GError                   **error)
{
  DynanticBatchGet *batch = self->batch;
  GetCall *call = g_new0 (GetCall, 1);
  DynanticRequest *request;

  call->client = resolve_client (batch, &call->item_client);
  call->deadline = dynantic_client_call_deadline (call->client);
  call->max_attempts = max_attempts_of (batch, call->client);
  batch->call = call;
  request = chunk_request (batch, batch->chunks->pdata[self->loaded], error);
  if (request == NULL)
    g_clear_pointer (&batch->call, get_call_free);
  return request;
}

/**
 * dynantic_batch_get_iterator_next:
 * @self: an iterator
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * The next item found, reading the next chunk of keys when needed.
 *
 * Returns: (transfer full) (nullable): the next item, or %NULL at the end
 *   (without error) or on error
 *
 * Since: 0.2
 */
DynanticModel *
dynantic_batch_get_iterator_next (DynanticBatchGetIterator  *self,
                                  GCancellable              *cancellable,
                                  GError                   **error)
{
  DynanticModel *item = NULL;

  g_return_val_if_fail (DYNANTIC_IS_BATCH_GET_ITERATOR (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!iterator_usable (self, error))
    return NULL;
  while (iterator_step (self, &item) == STEP_READ)
    {
      g_autoptr(DynanticRequest) request = iterator_request (self, error);
      g_autoptr(GError) cause = NULL;
      GError *incomplete;
      guint max_attempts;

      if (request == NULL)
        return NULL;
      dynantic_request_run (request, cancellable, &cause);
      max_attempts = self->batch->call->max_attempts;
      g_clear_pointer (&self->batch->call, get_call_free);
      incomplete = chunk_read (self, cause, max_attempts);
      if (incomplete != NULL)
        {
          g_propagate_error (error, incomplete);
          return NULL;
        }
    }
  return item;
}

static void iterate_async (GTask *task);

static void
chunk_read_async (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  DynanticBatchGetIterator *self = g_task_get_source_object (task);
  g_autoptr(GError) cause = NULL;
  GError *incomplete;
  guint max_attempts;

  dynantic_request_finish (result, NULL, chunk_read_async, &cause);
  self->reading = FALSE;
  max_attempts = self->batch->call->max_attempts;
  g_clear_pointer (&self->batch->call, get_call_free);
  incomplete = chunk_read (self, cause, max_attempts);
  if (incomplete != NULL)
    {
      g_task_return_error (task, incomplete);
      g_object_unref (task);
      return;
    }
  iterate_async (task);
}

/* Gives out the next item, or reads the next chunk first; @task is taken. */
static void
iterate_async (GTask *task)
{
  DynanticBatchGetIterator *self = g_task_get_source_object (task);
  DynanticModel *item = NULL;
  DynanticRequest *request;
  GError *error = NULL;

  if (iterator_step (self, &item) != STEP_READ)
    {
      g_task_return_pointer (task, item, g_object_unref);
      g_object_unref (task);
      return;
    }
  request = iterator_request (self, &error);
  if (request == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  self->reading = TRUE;
  dynantic_request_run_async (request, NULL, NULL, chunk_read_async, g_task_get_cancellable (task),
                              chunk_read_async, task);
}

/**
 * dynantic_batch_get_iterator_next_async:
 * @self: an iterator
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the next item is there
 * @user_data: data for @callback
 *
 * The asynchronous form of dynantic_batch_get_iterator_next().
 *
 * Since: 0.2
 */
void
dynantic_batch_get_iterator_next_async (DynanticBatchGetIterator *self,
                                        GCancellable             *cancellable,
                                        GAsyncReadyCallback       callback,
                                        gpointer                  user_data)
{
  GTask *task;
  GError *error = NULL;

  g_return_if_fail (DYNANTIC_IS_BATCH_GET_ITERATOR (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dynantic_batch_get_iterator_next_async);
  if (!iterator_usable (self, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  iterate_async (task);
}

/**
 * dynantic_batch_get_iterator_next_finish:
 * @self: an iterator
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Finishes dynantic_batch_get_iterator_next_async().
 *
 * Returns: (transfer full) (nullable): the next item, or %NULL at the end
 *   (without error) or on error
 *
 * Since: 0.2
 */
DynanticModel *
dynantic_batch_get_iterator_next_finish (DynanticBatchGetIterator  *self,
                                         GAsyncResult              *result,
                                         GError                   **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, dynantic_batch_get_iterator_next_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
