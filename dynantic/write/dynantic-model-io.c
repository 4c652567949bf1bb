/* dynantic-model-io.c: saving, reading and deleting one item
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "codec/dynantic-value-private.h"
#include "dynantic-client-private.h"
#include "dynantic-error-private.h"
#include "dynantic-i18n-private.h"
#include "dynantic-item-private.h"
#include "dynantic-model-io.h"
#include "dynantic-model-private.h"
#include "expression/dynantic-expression-private.h"

/* Requests ----------------------------------------------------------------- */

typedef enum {
  RESPONSE_NONE,    /* PutItem, DeleteItem: success is all */
  RESPONSE_ITEM,    /* GetItem: a new object, or NULL */
  RESPONSE_RELOAD,  /* GetItem into the target object */
} ResponseKind;

/* One item call: encoded when made (validation errors come before any
 * I/O), sent synchronously or not, its response decoded by kind. */
typedef struct {
  DynanticClient       *client;
  const char           *operation;
  GBytes               *body;
  const DynanticSchema *schema;
  ResponseKind          response;
  DynanticModel        *target;       /* RESPONSE_RELOAD */
  DynanticClient       *item_client;  /* given to objects read, when explicit */
} Request;

static void
request_free (Request *request)
{
  g_clear_object (&request->client);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_clear_object (&request->target);
  g_clear_object (&request->item_client);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Request, request_free)

/* Takes @client and @body. */
static Request *
request_new (DynanticClient       *client,
             const char           *operation,
             const DynanticSchema *schema,
             ResponseKind          response,
             GBytes               *body)
{
  Request *request = g_new0 (Request, 1);

  request->client = client;
  request->operation = operation;
  request->schema = schema;
  request->response = response;
  request->body = body;
  return request;
}

static void
begin_body (DynanticJsonWriter   *writer,
            GString              *out,
            const DynanticSchema *schema)
{
  dynantic_json_writer_init (writer, out);
  dynantic_json_writer_begin_object (writer);
  dynantic_json_writer_member_literal (writer, "TableName");
  dynantic_json_writer_string (writer, dynantic_schema_get_table (schema), -1);
}

static GBytes *
end_body (DynanticJsonWriter *writer,
          GString            *out)
{
  dynantic_json_writer_end_object (writer);
  return g_string_free_to_bytes (out);
}

/* "ConditionExpression" with its names and values; nothing for NULL. */
static gboolean
write_condition (DynanticJsonWriter    *writer,
                 const DynanticSchema  *schema,
                 DynanticCondition     *condition,
                 GError               **error)
{
  g_autoptr(DynanticExpressionContext) context = NULL;
  g_autofree char *expression = NULL;

  if (condition == NULL)
    return TRUE;

  context = dynantic_expression_context_new (dynantic_schema_resolve_attribute, (gpointer) schema);
  expression = dynantic_expression_context_compile_condition (context, condition, error);
  if (expression == NULL)
    return FALSE;
  dynantic_json_writer_member_literal (writer, "ConditionExpression");
  dynantic_json_writer_string (writer, expression, -1);
  return dynantic_expression_context_write (context, writer, error);
}

/* attribute_not_exists on the partition key: the item is new. */
static DynanticCondition *
create_condition (const DynanticSchema *schema)
{
  g_autofree char *path = dynantic_attr_path_escape (dynantic_schema_get_partition_key (schema)->attribute);

  return dynantic_condition_attribute_not_exists (path);
}

static GBytes *
put_item_body (const DynanticSchema  *schema,
               DynanticModel         *model,
               DynanticCondition     *condition,
               GError               **error)
{
  g_autoptr(GString) out = g_string_sized_new (512);
  DynanticJsonWriter writer;

  begin_body (&writer, out, schema);
  dynantic_json_writer_member_literal (&writer, "Item");
  if (!dynantic_item_write (&writer, schema, model, error) ||
      !write_condition (&writer, schema, condition, error))
    return NULL;
  return end_body (&writer, g_steal_pointer (&out));
}

/* A GetItem or DeleteItem body: the key from @model, or from the values. */
static GBytes *
key_body (const DynanticSchema  *schema,
          DynanticModel         *model,
          const GValue          *partition_key,
          const GValue          *sort_key,
          DynanticCondition     *condition,
          gboolean               consistent,
          GError               **error)
{
  g_autoptr(GString) out = g_string_sized_new (256);
  DynanticJsonWriter writer;

  begin_body (&writer, out, schema);
  dynantic_json_writer_member_literal (&writer, "Key");
  if (model != NULL ? !dynantic_item_write_key_of (&writer, schema, model, error)
                    : !dynantic_item_write_key (&writer, schema, partition_key, sort_key, error))
    return NULL;
  if (!write_condition (&writer, schema, condition, error))
    return NULL;
  if (consistent)
    {
      dynantic_json_writer_member_literal (&writer, "ConsistentRead");
      dynantic_json_writer_boolean (&writer, TRUE);
    }
  return end_body (&writer, g_steal_pointer (&out));
}

/* A PutItem of @self, under @condition, or (@create) only if new. */
static Request *
save_request (DynanticModel      *self,
              DynanticCondition  *condition,
              gboolean            create,
              GError            **error)
{
  const DynanticSchema *schema = dynantic_model_prepare_write (self, error);
  g_autoptr(DynanticCondition) new_item = NULL;
  GBytes *body;

  if (schema == NULL)
    return NULL;
  if (create)
    condition = new_item = create_condition (schema);
  if (!(body = put_item_body (schema, self, condition, error)))
    return NULL;
  return request_new (dynantic_model_resolve_client (G_OBJECT_TYPE (self), dynantic_model_get_own_client (self)),
                      "PutItem", schema, RESPONSE_NONE, body);
}

/* A GetItem or DeleteItem of the item with @model's key, or with the keys
 * given. */
static Request *
key_request (GType               model_type,
             DynanticClient     *client,
             const char         *operation,
             ResponseKind        response,
             DynanticModel      *model,
             const GValue       *partition_key,
             const GValue       *sort_key,
             DynanticCondition  *condition,
             gboolean            consistent,
             GError            **error)
{
  const DynanticSchema *schema = dynantic_schema_lookup_for_table (model_type, error);
  Request *request;
  GBytes *body;

  if (schema == NULL ||
      !(body = key_body (schema, model, partition_key, sort_key, condition, consistent, error)))
    return NULL;

  request = request_new (dynantic_model_resolve_client (model_type, client), operation,
                         schema, response, body);
  if (client != NULL)
    request->item_client = g_object_ref (client);
  if (response == RESPONSE_RELOAD)
    request->target = g_object_ref (model);
  return request;
}

static Request *
instance_key_request (DynanticModel      *self,
                      const char         *operation,
                      ResponseKind        response,
                      DynanticCondition  *condition,
                      GError            **error)
{
  return key_request (G_OBJECT_TYPE (self), dynantic_model_get_own_client (self), operation, response, self,
                      NULL, NULL, condition, response == RESPONSE_RELOAD, error);
}

static gboolean
read_response_item (Request        *request,
                    GBytes         *response,
                    DynanticModel **item,
                    GError        **error)
{
  DynanticJsonReader reader;
  gsize length = 0;
  const char *data = g_bytes_get_data (response, &length);
  GError *local_error = NULL;
  gboolean found = FALSE;

  dynantic_json_reader_init (&reader, data, length);
  if (dynantic_json_reader_find_member (&reader, "Item", &found, &local_error) && found)
    {
      if (request->response == RESPONSE_RELOAD)
        dynantic_item_read_into (&reader, request->schema, request->target, &local_error);
      else
        *item = dynantic_item_read (&reader, request->schema, &local_error);
    }
  dynantic_json_reader_clear (&reader);

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (!found && request->response == RESPONSE_RELOAD)
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_RESOURCE_NOT_FOUND,
                   _("The item is no longer in the table “%s”"),
                   dynantic_schema_get_table (request->schema));
      return FALSE;
    }
  if (*item != NULL && request->item_client != NULL)
    dynantic_model_set_instance_client (*item, request->item_client);
  return TRUE;
}

static gboolean
request_finish (Request        *request,
                GBytes         *response,
                DynanticModel **item,
                GError        **error)
{
  if (request->response == RESPONSE_NONE)
    return TRUE;
  return read_response_item (request, response, item, error);
}

static gboolean
request_run (Request        *request,
             GCancellable   *cancellable,
             DynanticModel **item,
             GError        **error)
{
  g_autoptr(GBytes) response = NULL;

  response = dynantic_client_send (request->client, request->operation, request->body,
                                   cancellable, error);
  return response != NULL && request_finish (request, response, item, error);
}

static void
request_ready (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GBytes) response = NULL;
  DynanticModel *item = NULL;
  GError *error = NULL;

  response = dynantic_client_send_finish (DYNANTIC_CLIENT (source), result, &error);
  if (response == NULL || !request_finish (request, response, &item, &error))
    g_task_return_error (task, error);
  else if (request->response == RESPONSE_ITEM)
    g_task_return_pointer (task, item, g_object_unref);
  else
    g_task_return_boolean (task, TRUE);
}

/* Sends @request (taken), or reports @error when it could not be made. */
static void
request_run_async (Request             *request,
                   GError              *error,
                   gpointer             source_object,
                   gpointer             source_tag,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  GTask *task;

  if (request == NULL)
    {
      g_task_report_error (source_object, callback, user_data, source_tag, error);
      return;
    }

  task = g_task_new (source_object, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  dynantic_client_send_async (request->client, request->operation, request->body,
                              cancellable, request_ready, task);
}

/* Runs @request (taken; NULL when it could not be made) synchronously. */
static gboolean
run_request (Request       *request,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(Request) owned = request;
  g_autoptr(DynanticModel) unused = NULL;

  return owned != NULL && request_run (owned, cancellable, &unused, error);
}

static gboolean
finish_boolean (gpointer       source_object,
                GAsyncResult  *result,
                gpointer       source_tag,
                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source_object), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, source_tag), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Saving ------------------------------------------------------------------- */

/**
 * dynantic_model_save:
 * @self: a model
 * @condition: (nullable): what the item currently stored under @self's key
 *   must meet for the save to happen, or %NULL
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes @self as a whole item (PutItem), replacing any item with the same
 * key. Unset automatic ids are generated and the discriminator is set
 * first; then @self is validated, and nothing is sent when it is invalid.
 * Condition paths name attributes (`"version"`), and their values are
 * converted to the type of the property stored there.
 *
 * Returns: %TRUE when saved; %FALSE with @error set, to
 *   %DYNANTIC_ERROR_CONDITIONAL_CHECK_FAILED when @condition did not hold
 */
gboolean
dynantic_model_save (DynanticModel      *self,
                     DynanticCondition  *condition,
                     GCancellable       *cancellable,
                     GError            **error)
{
  g_return_val_if_fail (DYNANTIC_IS_MODEL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return run_request (save_request (self, condition, FALSE, error), cancellable, error);
}

/**
 * dynantic_model_save_async:
 * @self: a model
 * @condition: (nullable): what the stored item must meet, or %NULL
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the item is saved or saving failed
 * @user_data: data for @callback
 *
 * The asynchronous form of dynantic_model_save(). @self is encoded (and
 * validated) before this returns: changes made to it afterwards are not
 * part of this save.
 */
void
dynantic_model_save_async (DynanticModel       *self,
                           DynanticCondition   *condition,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GError *error = NULL;
  Request *request;

  g_return_if_fail (DYNANTIC_IS_MODEL (self));

  request = save_request (self, condition, FALSE, &error);
  request_run_async (request, error, self, dynantic_model_save_async,
                     cancellable, callback, user_data);
}

/**
 * dynantic_model_save_finish:
 * @self: a model
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Finishes dynantic_model_save_async().
 *
 * Returns: %TRUE when saved, else %FALSE with @error set
 */
gboolean
dynantic_model_save_finish (DynanticModel  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  return finish_boolean (self, result, dynantic_model_save_async, error);
}

/**
 * dynantic_model_create:
 * @self: a model
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Saves @self only when no item with its partition key exists yet (a
 * PutItem conditional on `attribute_not_exists` of the partition key).
 * Unset automatic ids are generated first, as for dynantic_model_save().
 *
 * Returns: %TRUE when created; %FALSE with @error set, to
 *   %DYNANTIC_ERROR_CONDITIONAL_CHECK_FAILED when the item already exists
 */
gboolean
dynantic_model_create (DynanticModel  *self,
                       GCancellable   *cancellable,
                       GError        **error)
{
  g_return_val_if_fail (DYNANTIC_IS_MODEL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return run_request (save_request (self, NULL, TRUE, error), cancellable, error);
}

/**
 * dynantic_model_create_async:
 * @self: a model
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the item is created or creating failed
 * @user_data: data for @callback
 *
 * The asynchronous form of dynantic_model_create().
 */
void
dynantic_model_create_async (DynanticModel       *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GError *error = NULL;
  Request *request;

  g_return_if_fail (DYNANTIC_IS_MODEL (self));

  request = save_request (self, NULL, TRUE, &error);
  request_run_async (request, error, self, dynantic_model_create_async,
                     cancellable, callback, user_data);
}

/**
 * dynantic_model_create_finish:
 * @self: a model
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Finishes dynantic_model_create_async().
 *
 * Returns: %TRUE when created, else %FALSE with @error set
 */
gboolean
dynantic_model_create_finish (DynanticModel  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  return finish_boolean (self, result, dynantic_model_create_async, error);
}

/* Deleting and reloading an object's item --------------------------------- */

/**
 * dynantic_model_delete_item:
 * @self: a model
 * @condition: (nullable): what the stored item must meet to be deleted, or %NULL
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Deletes the item with @self's key (DeleteItem). Deleting an item that
 * does not exist is not an error (unless @condition requires it to).
 *
 * Returns: %TRUE when the item is gone; %FALSE with @error set, to
 *   %DYNANTIC_ERROR_CONDITIONAL_CHECK_FAILED when @condition did not hold
 */
gboolean
dynantic_model_delete_item (DynanticModel      *self,
                            DynanticCondition  *condition,
                            GCancellable       *cancellable,
                            GError            **error)
{
  g_return_val_if_fail (DYNANTIC_IS_MODEL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return run_request (instance_key_request (self, "DeleteItem", RESPONSE_NONE, condition, error),
                      cancellable, error);
}

/**
 * dynantic_model_delete_item_async:
 * @self: a model
 * @condition: (nullable): what the stored item must meet to be deleted, or %NULL
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the item is deleted or deleting failed
 * @user_data: data for @callback
 *
 * The asynchronous form of dynantic_model_delete_item().
 */
void
dynantic_model_delete_item_async (DynanticModel       *self,
                                  DynanticCondition   *condition,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GError *error = NULL;
  Request *request;

  g_return_if_fail (DYNANTIC_IS_MODEL (self));

  request = instance_key_request (self, "DeleteItem", RESPONSE_NONE, condition, &error);
  request_run_async (request, error, self, dynantic_model_delete_item_async,
                     cancellable, callback, user_data);
}

/**
 * dynantic_model_delete_item_finish:
 * @self: a model
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Finishes dynantic_model_delete_item_async().
 *
 * Returns: %TRUE when the item is gone, else %FALSE with @error set
 */
gboolean
dynantic_model_delete_item_finish (DynanticModel  *self,
                                   GAsyncResult   *result,
                                   GError        **error)
{
  return finish_boolean (self, result, dynantic_model_delete_item_async, error);
}

/**
 * dynantic_model_reload:
 * @self: a model
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads @self's item again (a strongly consistent GetItem) and sets every
 * property from it: properties the item lacks go back to their defaults.
 *
 * Returns: %TRUE when reloaded; %FALSE with @error set, to
 *   %DYNANTIC_ERROR_RESOURCE_NOT_FOUND when the item no longer exists
 */
gboolean
dynantic_model_reload (DynanticModel  *self,
                       GCancellable   *cancellable,
                       GError        **error)
{
  g_return_val_if_fail (DYNANTIC_IS_MODEL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return run_request (instance_key_request (self, "GetItem", RESPONSE_RELOAD, NULL, error),
                      cancellable, error);
}

/**
 * dynantic_model_reload_async:
 * @self: a model
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when @self is reloaded or reloading failed
 * @user_data: data for @callback
 *
 * The asynchronous form of dynantic_model_reload().
 */
void
dynantic_model_reload_async (DynanticModel       *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GError *error = NULL;
  Request *request;

  g_return_if_fail (DYNANTIC_IS_MODEL (self));

  request = instance_key_request (self, "GetItem", RESPONSE_RELOAD, NULL, &error);
  request_run_async (request, error, self, dynantic_model_reload_async,
                     cancellable, callback, user_data);
}

/**
 * dynantic_model_reload_finish:
 * @self: a model
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Finishes dynantic_model_reload_async().
 *
 * Returns: %TRUE when reloaded, else %FALSE with @error set
 */
gboolean
dynantic_model_reload_finish (DynanticModel  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  return finish_boolean (self, result, dynantic_model_reload_async, error);
}

/* Reading and deleting by key ---------------------------------------------- */

static DynanticModel *
get_by_key (GType            model_type,
            gboolean         consistent,
            const GValue    *partition_key,
            const GValue    *sort_key,
            DynanticClient  *client,
            GCancellable    *cancellable,
            GError         **error)
{
  g_autoptr(Request) request = NULL;
  DynanticModel *item = NULL;

  request = key_request (model_type, client, "GetItem", RESPONSE_ITEM, NULL,
                         partition_key, sort_key, NULL, consistent, error);
  if (request == NULL || !request_run (request, cancellable, &item, error))
    return NULL;
  return item;
}

static void
get_by_key_async (GType                model_type,
                  gboolean             consistent,
                  const GValue        *partition_key,
                  const GValue        *sort_key,
                  DynanticClient      *client,
                  gpointer             source_tag,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  GError *error = NULL;
  Request *request;

  request = key_request (model_type, client, "GetItem", RESPONSE_ITEM, NULL,
                         partition_key, sort_key, NULL, consistent, &error);
  request_run_async (request, error, NULL, source_tag, cancellable, callback, user_data);
}

/**
 * dynantic_model_get_by_key:
 * @model_type: a #DynanticModel subtype
 * @partition_key: the partition key's value
 * @sort_key: (nullable): the sort key's value, for tables that have one (an
 *   unset value, or a pointer value holding %NULL, counts as none)
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads the item with the given key (GetItem), eventually consistent,
 * through the class's client (dynantic_model_class_set_client(), else the
 * default client). The keys must hold their property's type (numbers may
 * be given as any number type that holds the value exactly, dates as
 * #GDateTime or ISO-8601 text); an empty string or binary key is refused
 * with %DYNANTIC_ERROR_VALIDATION before sending, while `0` is a real key.
 *
 * Through a polymorphic base class, the object is of the subclass
 * registered for the item's discriminator (the base class when the value is
 * unknown); through a subclass, an item of another kind reads as absent.
 * dynantic_model_get_by_key_full() also chooses the client and a strongly
 * consistent read.
 *
 * Returns: (transfer full) (nullable): the object, or %NULL when there is
 *   no such item (without error) or on error
 *
 * Since: 0.2
 */
DynanticModel *
dynantic_model_get_by_key (GType            model_type,
                           const GValue    *partition_key,
                           const GValue    *sort_key,
                           GCancellable    *cancellable,
                           GError         **error)
{
  g_return_val_if_fail (g_type_is_a (model_type, DYNANTIC_TYPE_MODEL), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return get_by_key (model_type, FALSE, partition_key, sort_key, NULL, cancellable, error);
}

/**
 * dynantic_model_get_by_key_async:
 * @model_type: a #DynanticModel subtype
 * @partition_key: the partition key's value
 * @sort_key: (nullable): the sort key's value, for tables that have one
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the item is read or reading failed
 * @user_data: data for @callback
 *
 * The asynchronous form of dynantic_model_get_by_key().
 *
 * Since: 0.2
 */
void
dynantic_model_get_by_key_async (GType                model_type,
                                 const GValue        *partition_key,
                                 const GValue        *sort_key,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (g_type_is_a (model_type, DYNANTIC_TYPE_MODEL));

  get_by_key_async (model_type, FALSE, partition_key, sort_key, NULL,
                    dynantic_model_get_by_key_async, cancellable, callback, user_data);
}

/**
 * dynantic_model_get_by_key_finish:
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Finishes dynantic_model_get_by_key_async().
 *
 * Returns: (transfer full) (nullable): the object, or %NULL when there is
 *   no such item (without error) or on error
 *
 * Since: 0.2
 */
DynanticModel *
dynantic_model_get_by_key_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, dynantic_model_get_by_key_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * dynantic_model_get_by_key_full:
 * @model_type: a #DynanticModel subtype
 * @consistent: whether to make a strongly consistent read
 * @partition_key: the partition key's value
 * @sort_key: (nullable): the sort key's value, for tables that have one
 * @client: (nullable): the client to call through, or %NULL for the class's
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * dynantic_model_get_by_key() with every option: a strongly consistent
 * read, and an explicit @client, which the object read keeps for its own
 * calls.
 *
 * Returns: (transfer full) (nullable): the object, or %NULL when there is
 *   no such item (without error) or on error
 *
 * Since: 0.2
 */
DynanticModel *
dynantic_model_get_by_key_full (GType            model_type,
                                gboolean         consistent,
                                const GValue    *partition_key,
                                const GValue    *sort_key,
                                DynanticClient  *client,
                                GCancellable    *cancellable,
                                GError         **error)
{
  g_return_val_if_fail (g_type_is_a (model_type, DYNANTIC_TYPE_MODEL), NULL);
  g_return_val_if_fail (client == NULL || DYNANTIC_IS_CLIENT (client), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return get_by_key (model_type, consistent, partition_key, sort_key, client, cancellable, error);
}

/**
 * dynantic_model_get_by_key_full_async:
 * @model_type: a #DynanticModel subtype
 * @consistent: whether to make a strongly consistent read
 * @partition_key: the partition key's value
 * @sort_key: (nullable): the sort key's value, for tables that have one
 * @client: (nullable): the client to call through, or %NULL for the class's
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the item is read or reading failed
 * @user_data: data for @callback
 *
 * The asynchronous form of dynantic_model_get_by_key_full().
 *
 * Since: 0.2
 */
void
dynantic_model_get_by_key_full_async (GType                model_type,
                                      gboolean             consistent,
                                      const GValue        *partition_key,
                                      const GValue        *sort_key,
                                      DynanticClient      *client,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (g_type_is_a (model_type, DYNANTIC_TYPE_MODEL));
  g_return_if_fail (client == NULL || DYNANTIC_IS_CLIENT (client));

  get_by_key_async (model_type, consistent, partition_key, sort_key, client,
                    dynantic_model_get_by_key_full_async, cancellable, callback, user_data);
}

/**
 * dynantic_model_get_by_key_full_finish:
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Finishes dynantic_model_get_by_key_full_async().
 *
 * Returns: (transfer full) (nullable): the object, or %NULL when there is
 *   no such item (without error) or on error
 *
 * Since: 0.2
 */
DynanticModel *
dynantic_model_get_by_key_full_finish (GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, dynantic_model_get_by_key_full_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * dynantic_model_delete_by_key:
 * @model_type: a #DynanticModel subtype
 * @partition_key: the partition key's value
 * @sort_key: (nullable): the sort key's value, for tables that have one (an
 *   unset value, or a pointer value holding %NULL, counts as none)
 * @condition: (nullable): what the stored item must meet to be deleted, or %NULL
 * @client: (nullable): the client to call through, or %NULL for the class's
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Deletes the item with the given key (DeleteItem); the keys are checked
 * as for dynantic_model_get_by_key(). Deleting an item that does not exist
 * is not an error (unless @condition requires it to).
 *
 * Returns: %TRUE when the item is gone, else %FALSE with @error set
 *
 * Since: 0.2
 */
gboolean
dynantic_model_delete_by_key (GType               model_type,
                              const GValue       *partition_key,
                              const GValue       *sort_key,
                              DynanticCondition  *condition,
                              DynanticClient     *client,
                              GCancellable       *cancellable,
                              GError            **error)
{
  g_return_val_if_fail (g_type_is_a (model_type, DYNANTIC_TYPE_MODEL), FALSE);
  g_return_val_if_fail (client == NULL || DYNANTIC_IS_CLIENT (client), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return run_request (key_request (model_type, client, "DeleteItem", RESPONSE_NONE, NULL,
                                   partition_key, sort_key, condition, FALSE, error),
                      cancellable, error);
}

/**
 * dynantic_model_delete_by_key_async:
 * @model_type: a #DynanticModel subtype
 * @partition_key: the partition key's value
 * @sort_key: (nullable): the sort key's value, for tables that have one
 * @condition: (nullable): what the stored item must meet to be deleted, or %NULL
 * @client: (nullable): the client to call through, or %NULL for the class's
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the item is deleted or deleting failed
 * @user_data: data for @callback
 *
 * The asynchronous form of dynantic_model_delete_by_key().
 *
 * Since: 0.2
 */
void
dynantic_model_delete_by_key_async (GType                model_type,
                                    const GValue        *partition_key,
                                    const GValue        *sort_key,
                                    DynanticCondition   *condition,
                                    DynanticClient      *client,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GError *error = NULL;
  Request *request;

  g_return_if_fail (g_type_is_a (model_type, DYNANTIC_TYPE_MODEL));
  g_return_if_fail (client == NULL || DYNANTIC_IS_CLIENT (client));

  request = key_request (model_type, client, "DeleteItem", RESPONSE_NONE, NULL,
                         partition_key, sort_key, condition, FALSE, &error);
  request_run_async (request, error, NULL, dynantic_model_delete_by_key_async,
                     cancellable, callback, user_data);
}

/**
 * dynantic_model_delete_by_key_finish:
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Finishes dynantic_model_delete_by_key_async().
 *
 * Returns: %TRUE when the item is gone, else %FALSE with @error set
 *
 * Since: 0.2
 */
gboolean
dynantic_model_delete_by_key_finish (GAsyncResult  *result,
                                     GError       **error)
{
  return finish_boolean (NULL, result, dynantic_model_delete_by_key_async, error);
}
