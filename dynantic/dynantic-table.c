/* dynantic-table.c: tables made from model schemas
 *
 * For tests, tools and local development: production tables belong to
 * infrastructure code. These calls are not on the hot path, so they build
 * their requests with json-glib and read their responses into a JsonObject,
 * on the request path every operation takes.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "codec/dynantic-json-private.h"
#include "dynantic-error.h"
#include "dynantic-i18n-private.h"
#include "dynantic-model-private.h"
#include "dynantic-request-private.h"
#include "dynantic-schema-private.h"
#include "dynantic-table.h"

/* How often wait_until_active asks, in microseconds: from the first to the
 * last interval, doubling. */
#define WAIT_FIRST_INTERVAL (100 * G_TIME_SPAN_MILLISECOND)
#define WAIT_LAST_INTERVAL  (2 * G_TIME_SPAN_SECOND)

typedef JsonObject *(*BuildRequest) (const DynanticSchema  *schema,
                                     GError               **error);

/* Requests ----------------------------------------------------------------- */

static JsonObject *
table_name_request (const DynanticSchema  *schema,
                    GError               **error)
{
  JsonObject *request = json_object_new ();

  json_object_set_string_member (request, "TableName", dynantic_schema_get_table (schema));
  return request;
}

/* The AttributeType of a key attribute: S, N or B. */
static const char *
key_attribute_type (const DynanticSchemaProperty *property)
{
  if (property->value_type == G_TYPE_BYTES)
    return "B";
  if (property->flags & (DYNANTIC_VALUE_NUMBER_STRING | DYNANTIC_VALUE_EPOCH_SECONDS))
    return "N";
  if (property->value_type == G_TYPE_STRING || property->value_type == G_TYPE_DATE_TIME ||
      G_TYPE_IS_ENUM (property->value_type))
    return "S";
  return "N";
}

static void
define_attribute (JsonArray                    *definitions,
                  GHashTable                   *defined,
                  const DynanticSchemaProperty *property)
{
  JsonObject *definition;

  if (property == NULL || !g_hash_table_add (defined, (gpointer) property->attribute))
    return;

  definition = json_object_new ();
  json_object_set_string_member (definition, "AttributeName", property->attribute);
  json_object_set_string_member (definition, "AttributeType", key_attribute_type (property));
  json_array_add_object_element (definitions, definition);
}

static void
add_key_element (JsonArray                    *key_schema,
                 const DynanticSchemaProperty *property,
                 const char                   *key_type)
{
  JsonObject *element;

  if (property == NULL)
    return;

  element = json_object_new ();
  json_object_set_string_member (element, "AttributeName", property->attribute);
  json_object_set_string_member (element, "KeyType", key_type);
  json_array_add_object_element (key_schema, element);
}

static JsonArray *
key_schema (const DynanticSchemaProperty *partition_key,
            const DynanticSchemaProperty *sort_key)
{
  JsonArray *elements = json_array_new ();

  add_key_element (elements, partition_key, "HASH");
  add_key_element (elements, sort_key, "RANGE");
  return elements;
}

static JsonObject *
index_description (const DynanticSchemaIndex *index)
{
  JsonObject *description = json_object_new ();
  JsonObject *projection = json_object_new ();

  json_object_set_string_member (projection, "ProjectionType", "ALL");
  json_object_set_string_member (description, "IndexName", index->name);
  json_object_set_array_member (description, "KeySchema",
                                key_schema (index->partition_key, index->sort_key));
  json_object_set_object_member (description, "Projection", projection);
  return description;
}

/* Attribute definitions for every key attribute, the table's key schema,
 * every index with projection ALL, on-demand billing. */
static JsonObject *
create_table_request (const DynanticSchema  *schema,
                      GError               **error)
{
  JsonObject *request = table_name_request (schema, error);
  JsonArray *definitions = json_array_new ();
  JsonArray *global_indexes = json_array_new ();
  JsonArray *local_indexes = json_array_new ();
  g_autoptr(GHashTable) defined = g_hash_table_new (g_str_hash, g_str_equal);

  define_attribute (definitions, defined, dynantic_schema_get_partition_key (schema));
  define_attribute (definitions, defined, dynantic_schema_get_sort_key (schema));
  for (guint i = 0; i < dynantic_schema_get_n_indexes (schema); i++)
    {
      const DynanticSchemaIndex *index = dynantic_schema_get_index (schema, i);

      define_attribute (definitions, defined, index->partition_key);
      define_attribute (definitions, defined, index->sort_key);
      json_array_add_object_element (index->kind == DYNANTIC_SCHEMA_INDEX_GLOBAL ? global_indexes
                                                                                : local_indexes,
                                     index_description (index));
    }

  json_object_set_array_member (request, "AttributeDefinitions", definitions);
  json_object_set_array_member (request, "KeySchema",
                                key_schema (dynantic_schema_get_partition_key (schema),
                                            dynantic_schema_get_sort_key (schema)));
  json_object_set_string_member (request, "BillingMode", "PAY_PER_REQUEST");
  if (json_array_get_length (global_indexes) > 0)
    json_object_set_array_member (request, "GlobalSecondaryIndexes", json_array_ref (global_indexes));
  if (json_array_get_length (local_indexes) > 0)
    json_object_set_array_member (request, "LocalSecondaryIndexes", json_array_ref (local_indexes));
  json_array_unref (global_indexes);
  json_array_unref (local_indexes);
  return request;
}

static JsonObject *
enable_ttl_request (const DynanticSchema  *schema,
                    GError               **error)
{
  const DynanticSchemaProperty *ttl = dynantic_schema_get_ttl (schema);
  JsonObject *request;
  JsonObject *specification;

  if (ttl == NULL)
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is the GType name of a model class; “TTL” (time to live) stays as it is */
                   _("Model class “%s” declares no TTL property"),
                   g_type_name (dynantic_schema_get_model_type (schema)));
      return NULL;
    }

  specification = json_object_new ();
  json_object_set_string_member (specification, "AttributeName", ttl->attribute);
  json_object_set_boolean_member (specification, "Enabled", TRUE);
  request = table_name_request (schema, error);
  json_object_set_object_member (request, "TimeToLiveSpecification", specification);
  return request;
}

/* Calls -------------------------------------------------------------------- */

/* The request of @operation for @model_type's table, through @client or
 * the class's. */
static DynanticRequest *
table_request (GType             model_type,
               DynanticClient   *client,
               const char       *operation,
               BuildRequest      build,
               GError          **error)
{
  g_autoptr(DynanticSchema) schema = dynantic_schema_lookup_for_table (model_type, error);
  g_autoptr(JsonObject) request = NULL;

  if (schema == NULL || !(request = build (schema, error)))
    return NULL;
  return dynantic_request_new_json (dynantic_model_resolve_client (model_type, client), operation, request, error);
}

static JsonObject *
table_call (GType            model_type,
            DynanticClient  *client,
            const char      *operation,
            BuildRequest     build,
            GCancellable    *cancellable,
            GError         **error)
{
  g_autoptr(DynanticRequest) request = table_request (model_type, client, operation, build, error);

  if (request == NULL || !dynantic_request_run (request, cancellable, error))
    return NULL;
  return dynantic_request_take_json (dynantic_request_get_state (request));
}

/* Runs the call for a task tagged @source_tag, which returns the response. */
static void
table_call_async (GType                model_type,
                  DynanticClient      *client,
                  const char          *operation,
                  BuildRequest         build,
                  gpointer             source_tag,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  GError *error = NULL;
  DynanticRequest *request = table_request (model_type, client, operation, build, &error);

  dynantic_request_run_async (request, error, NULL, source_tag, cancellable, callback, user_data);
}

static JsonObject *
table_call_finish (GAsyncResult  *result,
                   gpointer       source_tag,
                   GError       **error)
{
  gpointer state = dynantic_request_finish (result, NULL, source_tag, error);

  return state != NULL ? dynantic_request_take_json (state) : NULL;
}

static gboolean
table_call_finish_boolean (GAsyncResult  *result,
                           gpointer       source_tag,
                           GError       **error)
{
  g_autoptr(JsonObject) response = table_call_finish (result, source_tag, error);

  return response != NULL;
}

/* The "Table" member of a DescribeTable response. */
static JsonObject *
take_table_description (JsonObject  *response,
                        GError     **error)
{
  g_autoptr(JsonObject) owned = response;
  JsonNode *table;

  if (owned == NULL)
    return NULL;

  table = json_object_get_member (owned, "Table");
  if (table == NULL || !JSON_NODE_HOLDS_OBJECT (table))
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_BAD_RESPONSE,
                   _("DynamoDB’s DescribeTable response has no table description"));
      return NULL;
    }
  return json_object_ref (json_node_get_object (table));
}

/* Creating ----------------------------------------------------------------- */

/**
 * dynantic_table_create:
 * @model_type: a #DynanticModel subtype
 * @client: (nullable): the client to call through, or %NULL for the class's
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Creates the table of @model_type from its schema: the table's keys, an
 * attribute definition for every key attribute, every global and local
 * secondary index with projection `ALL`, and on-demand billing. The table
 * may not be active yet when this returns: see
 * dynantic_table_wait_until_active().
 *
 * Returns: %TRUE when the table is being created; %FALSE with @error set,
 *   to %DYNANTIC_ERROR_RESOURCE_IN_USE when it exists already
 *
 * Since: 0.1
 */
gboolean
dynantic_table_create (GType            model_type,
                       DynanticClient  *client,
                       GCancellable    *cancellable,
                       GError         **error)
{
  g_autoptr(JsonObject) response = NULL;

  g_return_val_if_fail (g_type_is_a (model_type, DYNANTIC_TYPE_MODEL), FALSE);
  g_return_val_if_fail (client == NULL || DYNANTIC_IS_CLIENT (client), FALSE);

  response = table_call (model_type, client, "CreateTable", create_table_request, cancellable, error);
  return response != NULL;
}

/**
 * dynantic_table_create_async:
 * @model_type: a #DynanticModel subtype
 * @client: (nullable): the client to call through, or %NULL for the class's
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the call completes
 * @user_data: data for @callback
 *
 * The asynchronous form of dynantic_table_create().
 *
 * Since: 0.1
 */
void
dynantic_table_create_async (GType                model_type,
                             DynanticClient      *client,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (g_type_is_a (model_type, DYNANTIC_TYPE_MODEL));
  g_return_if_fail (client == NULL || DYNANTIC_IS_CLIENT (client));

  table_call_async (model_type, client, "CreateTable", create_table_request, dynantic_table_create_async,
                    cancellable, callback, user_data);
}

/**
 * dynantic_table_create_finish:
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Finishes dynantic_table_create_async().
 *
 * Returns: %TRUE when the table is being created, else %FALSE with @error set
 *
 * Since: 0.1
 */
gboolean
dynantic_table_create_finish (GAsyncResult  *result,
                              GError       **error)
{
  return table_call_finish_boolean (result, dynantic_table_create_async, error);
}

/* Describing --------------------------------------------------------------- */

/**
 * dynantic_table_describe:
 * @model_type: a #DynanticModel subtype
 * @client: (nullable): the client to call through, or %NULL for the class's
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Describes the table of @model_type (DescribeTable).
 *
 * Returns: (transfer full): the table's description (the response's
 *   `Table` object), or %NULL with @error set, to
 *   %DYNANTIC_ERROR_RESOURCE_NOT_FOUND when there is no such table
 *
 * Since: 0.1
 */
JsonObject *
dynantic_table_describe (GType            model_type,
                         DynanticClient  *client,
                         GCancellable    *cancellable,
                         GError         **error)
{
  g_return_val_if_fail (g_type_is_a (model_type, DYNANTIC_TYPE_MODEL), NULL);
  g_return_val_if_fail (client == NULL || DYNANTIC_IS_CLIENT (client), NULL);

  return take_table_description (table_call (model_type, client, "DescribeTable",
                                             table_name_request, cancellable, error),
                                 error);
}

/**
 * dynantic_table_describe_async:
 * @model_type: a #DynanticModel subtype
 * @client: (nullable): the client to call through, or %NULL for the class's
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the call completes
 * @user_data: data for @callback
 *
 * The asynchronous form of dynantic_table_describe().
 *
 * Since: 0.1
 */
void
dynantic_table_describe_async (GType                model_type,
                               DynanticClient      *client,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (g_type_is_a (model_type, DYNANTIC_TYPE_MODEL));
  g_return_if_fail (client == NULL || DYNANTIC_IS_CLIENT (client));

  table_call_async (model_type, client, "DescribeTable", table_name_request, dynantic_table_describe_async,
                    cancellable, callback, user_data);
}

/**
 * dynantic_table_describe_finish:
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Finishes dynantic_table_describe_async().
 *
 * Returns: (transfer full): the table's description, or %NULL with @error set
 *
 * Since: 0.1
 */
JsonObject *
dynantic_table_describe_finish (GAsyncResult  *result,
                                GError       **error)
{
  return take_table_description (table_call_finish (result, dynantic_table_describe_async, error),
                                 error);
}

/* Waiting ------------------------------------------------------------------ */

/* Whether the table and all its global indexes are ACTIVE. */
static gboolean
table_is_active (JsonObject *table)
{
  JsonNode *indexes = json_object_get_member (table, "GlobalSecondaryIndexes");

  if (g_strcmp0 (dynantic_json_object_get_string (table, "TableStatus"), "ACTIVE") != 0)
    return FALSE;
  if (indexes == NULL || !JSON_NODE_HOLDS_ARRAY (indexes))
    return TRUE;

  for (guint i = 0; i < json_array_get_length (json_node_get_array (indexes)); i++)
    {
      JsonNode *index = json_array_get_element (json_node_get_array (indexes), i);

      if (!JSON_NODE_HOLDS_OBJECT (index) ||
          g_strcmp0 (dynantic_json_object_get_string (json_node_get_object (index), "IndexStatus"), "ACTIVE") != 0)
        return FALSE;
    }
  return TRUE;
}

static gboolean
wait_timed_out (GType     model_type,
                GError  **error)
{
  g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_TIMEOUT,
               /* Translators: %s is the GType name of a model class */
               _("The table of model class “%s” did not become active in time"),
               g_type_name (model_type));
  return FALSE;
}

static gint64
next_interval (gint64 interval)
{
  return MIN (interval * 2, WAIT_LAST_INTERVAL);
}

/* Sleeps @interval microseconds, in slices, waking early when @cancellable
 * is cancelled. */
static gboolean
sleep_cancellable (gint64         interval,
                   GCancellable  *cancellable,
                   GError       **error)
{
  gint64 end = g_get_monotonic_time () + interval;
  gint64 now;

  while (!g_cancellable_is_cancelled (cancellable) && (now = g_get_monotonic_time ()) < end)
    g_usleep (MIN (end - now, 20 * G_TIME_SPAN_MILLISECOND));
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

/**
 * dynantic_table_wait_until_active:
 * @model_type: a #DynanticModel subtype
 * @timeout_seconds: how long to wait at most; 0 checks once
 * @client: (nullable): the client to call through, or %NULL for the class's
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Waits until the table of @model_type and all its global secondary
 * indexes are `ACTIVE`, asking DescribeTable at growing intervals (from a
 * tenth of a second up to two seconds).
 *
 * Returns: %TRUE when active; %FALSE with @error set, to
 *   %DYNANTIC_ERROR_TIMEOUT when the table was not active in time
 *
 * Since: 0.1
 */
gboolean
dynantic_table_wait_until_active (GType            model_type,
                                  guint            timeout_seconds,
                                  DynanticClient  *client,
                                  GCancellable    *cancellable,
                                  GError         **error)
{
  gint64 deadline = g_get_monotonic_time () + timeout_seconds * G_TIME_SPAN_SECOND;
  gint64 interval = WAIT_FIRST_INTERVAL;

  g_return_val_if_fail (g_type_is_a (model_type, DYNANTIC_TYPE_MODEL), FALSE);
  g_return_val_if_fail (client == NULL || DYNANTIC_IS_CLIENT (client), FALSE);

  for (;;)
    {
      g_autoptr(JsonObject) table = dynantic_table_describe (model_type, client, cancellable, error);

      if (table == NULL)
        return FALSE;
      if (table_is_active (table))
        return TRUE;
      if (g_get_monotonic_time () + interval > deadline)
        return wait_timed_out (model_type, error);
      if (!sleep_cancellable (interval, cancellable, error))
        return FALSE;
      interval = next_interval (interval);
    }
}

typedef struct {
  GType           model_type;
  DynanticClient *client;
  gint64          deadline;
  gint64          interval;
} Wait;

static void
wait_free (Wait *wait)
{
  g_clear_object (&wait->client);
  g_free (wait);
}

static void wait_described (GObject      *source,
                            GAsyncResult *result,
                            gpointer      user_data);

static gboolean
wait_ask (gpointer user_data)
{
  GTask *task = user_data;
  Wait *wait = g_task_get_task_data (task);

  dynantic_table_describe_async (wait->model_type, wait->client, g_task_get_cancellable (task),
                                 wait_described, g_object_ref (task));
  return G_SOURCE_REMOVE;
}

static void
wait_described (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Wait *wait = g_task_get_task_data (task);
  g_autoptr(JsonObject) table = NULL;
  g_autoptr(GSource) timeout = NULL;
  GError *error = NULL;

  table = dynantic_table_describe_finish (result, &error);
  if (table == NULL)
    g_task_return_error (task, error);
  else if (table_is_active (table))
    g_task_return_boolean (task, TRUE);
  else if (g_get_monotonic_time () + wait->interval > wait->deadline)
    {
      wait_timed_out (wait->model_type, &error);
      g_task_return_error (task, error);
    }
  else
    {
      timeout = g_timeout_source_new ((guint) (wait->interval / 1000));
      wait->interval = next_interval (wait->interval);
      g_task_attach_source (task, timeout, wait_ask);
    }
}

/**
 * dynantic_table_wait_until_active_async:
 * @model_type: a #DynanticModel subtype
 * @timeout_seconds: how long to wait at most; 0 checks once
 * @client: (nullable): the client to call through, or %NULL for the class's
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the table is active or waiting failed
 * @user_data: data for @callback
 *
 * The asynchronous form of dynantic_table_wait_until_active().
 *
 * Since: 0.1
 */
void
dynantic_table_wait_until_active_async (GType                model_type,
                                        guint                timeout_seconds,
                                        DynanticClient      *client,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Wait *wait;

  g_return_if_fail (g_type_is_a (model_type, DYNANTIC_TYPE_MODEL));
  g_return_if_fail (client == NULL || DYNANTIC_IS_CLIENT (client));

  wait = g_new0 (Wait, 1);
  wait->model_type = model_type;
  wait->client = client != NULL ? g_object_ref (client) : NULL;
  wait->deadline = g_get_monotonic_time () + timeout_seconds * G_TIME_SPAN_SECOND;
  wait->interval = WAIT_FIRST_INTERVAL;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dynantic_table_wait_until_active_async);
  g_task_set_task_data (task, wait, (GDestroyNotify) wait_free);
  wait_ask (task);
}

/**
 * dynantic_table_wait_until_active_finish:
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Finishes dynantic_table_wait_until_active_async().
 *
 * Returns: %TRUE when active, else %FALSE with @error set
 *
 * Since: 0.1
 */
gboolean
dynantic_table_wait_until_active_finish (GAsyncResult  *result,
                                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, dynantic_table_wait_until_active_async), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Deleting ----------------------------------------------------------------- */

/**
 * dynantic_table_delete:
 * @model_type: a #DynanticModel subtype
 * @client: (nullable): the client to call through, or %NULL for the class's
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Deletes the table of @model_type, and every item in it (DeleteTable).
 *
 * Returns: %TRUE when the table is being deleted; %FALSE with @error set,
 *   to %DYNANTIC_ERROR_RESOURCE_NOT_FOUND when there is no such table
 *
 * Since: 0.1
 */
gboolean
dynantic_table_delete (GType            model_type,
                       DynanticClient  *client,
                       GCancellable    *cancellable,
                       GError         **error)
{
  g_autoptr(JsonObject) response = NULL;

  g_return_val_if_fail (g_type_is_a (model_type, DYNANTIC_TYPE_MODEL), FALSE);
  g_return_val_if_fail (client == NULL || DYNANTIC_IS_CLIENT (client), FALSE);

  response = table_call (model_type, client, "DeleteTable", table_name_request, cancellable, error);
  return response != NULL;
}

/**
 * dynantic_table_delete_async:
 * @model_type: a #DynanticModel subtype
 * @client: (nullable): the client to call through, or %NULL for the class's
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the call completes
 * @user_data: data for @callback
 *
 * The asynchronous form of dynantic_table_delete().
 *
 * Since: 0.1
 */
void
dynantic_table_delete_async (GType                model_type,
                             DynanticClient      *client,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (g_type_is_a (model_type, DYNANTIC_TYPE_MODEL));
  g_return_if_fail (client == NULL || DYNANTIC_IS_CLIENT (client));

  table_call_async (model_type, client, "DeleteTable", table_name_request, dynantic_table_delete_async,
                    cancellable, callback, user_data);
}

/**
 * dynantic_table_delete_finish:
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Finishes dynantic_table_delete_async().
 *
 * Returns: %TRUE when the table is being deleted, else %FALSE with @error set
 *
 * Since: 0.1
 */
gboolean
dynantic_table_delete_finish (GAsyncResult  *result,
                              GError       **error)
{
  return table_call_finish_boolean (result, dynantic_table_delete_async, error);
}

/* Time to live ------------------------------------------------------------- */

/**
 * dynantic_table_enable_ttl:
 * @model_type: a #DynanticModel subtype with a TTL property
 * @client: (nullable): the client to call through, or %NULL for the class's
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Turns on DynamoDB's time to live for the table of @model_type, on the
 * attribute of its TTL property (dynantic_model_class_set_ttl()): items
 * are deleted some time after the epoch second that attribute holds.
 *
 * Returns: %TRUE when enabled; %FALSE with @error set, to
 *   %DYNANTIC_ERROR_INVALID_ARGUMENT when the class declares no TTL
 *
 * Since: 0.1
 */
gboolean
dynantic_table_enable_ttl (GType            model_type,
                           DynanticClient  *client,
                           GCancellable    *cancellable,
                           GError         **error)
{
  g_autoptr(JsonObject) response = NULL;

  g_return_val_if_fail (g_type_is_a (model_type, DYNANTIC_TYPE_MODEL), FALSE);
  g_return_val_if_fail (client == NULL || DYNANTIC_IS_CLIENT (client), FALSE);

  response = table_call (model_type, client, "UpdateTimeToLive", enable_ttl_request, cancellable, error);
  return response != NULL;
}

/**
 * dynantic_table_enable_ttl_async:
 * @model_type: a #DynanticModel subtype with a TTL property
 * @client: (nullable): the client to call through, or %NULL for the class's
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the call completes
 * @user_data: data for @callback
 *
 * The asynchronous form of dynantic_table_enable_ttl().
 *
 * Since: 0.1
 */
void
dynantic_table_enable_ttl_async (GType                model_type,
                                 DynanticClient      *client,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (g_type_is_a (model_type, DYNANTIC_TYPE_MODEL));
  g_return_if_fail (client == NULL || DYNANTIC_IS_CLIENT (client));

  table_call_async (model_type, client, "UpdateTimeToLive", enable_ttl_request, dynantic_table_enable_ttl_async,
                    cancellable, callback, user_data);
}

/**
 * dynantic_table_enable_ttl_finish:
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Finishes dynantic_table_enable_ttl_async().
 *
 * Returns: %TRUE when enabled, else %FALSE with @error set
 *
 * Since: 0.1
 */
gboolean
dynantic_table_enable_ttl_finish (GAsyncResult  *result,
                                  GError       **error)
{
  return table_call_finish_boolean (result, dynantic_table_enable_ttl_async, error);
}
