/* dynantic-model-io.c: saving, reading and deleting one item
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "codec/dynantic-value-private.h"
#include "dynantic-request-private.h"
#include "dynantic-error-private.h"
#include "dynantic-i18n-private.h"
#include "dynantic-item-private.h"
#include "dynantic-model-io.h"
#include "dynantic-model-private.h"
#include "dynantic-locking-private.h"
#include "dynantic-write-common-private.h"
#include "expression/dynantic-condition-private.h"
#include "expression/dynantic-expression-private.h"

/* Requests ----------------------------------------------------------------- */

typedef enum {
  RESPONSE_NONE,    /* PutItem, DeleteItem: success is all */
  RESPONSE_ITEM,    /* GetItem: a new object, or NULL */
  RESPONSE_RELOAD,  /* GetItem into the target object */
} ResponseKind;

/* One item call's state on the request path. The body is written when the
 * request is made (validation errors come before any I/O, and an
 * asynchronous call's object is encoded before it returns), from what the
 * borrowed members point to then. */
typedef struct {
  ResponseKind          response;
  DynanticSchema       *schema;       /* a reference */

  /* borrowed while the body is written */
  DynanticModel        *model;        /* PutItem's object, or the object whose key is used */
  const GValue         *partition_key;
  const GValue         *sort_key;
  DynanticCondition    *condition;
  gboolean              create;       /* PutItem only if new */
  gboolean              consistent;

  DynanticCondition    *checked;      /* owned: the condition with the version's */
  DynanticLockingStep   version;      /* PutItem of a versioned object */

  DynanticModel        *target;       /* RESPONSE_RELOAD: the object read into */
  DynanticClient       *item_client;  /* given to objects read, when explicit */
  DynanticModel        *item;         /* RESPONSE_ITEM: what was read */
  gboolean              found;        /* the response had an Item */
  char                 *key;          /* GetItem: the Key object sent, as JSON */
} ItemCall;

static void
item_call_free (ItemCall *call)
{
  g_clear_pointer (&call->schema, dynantic_schema_unref);
  g_clear_pointer (&call->checked, dynantic_condition_unref);
  dynantic_locking_step_clear (&call->version);
  g_clear_object (&call->target);
  g_clear_object (&call->item_client);
  g_clear_object (&call->item);
  g_free (call->key);
  g_free (call);
}

/* Takes @schema. */
static ItemCall *
item_call_new (ResponseKind     response,
               DynanticSchema  *schema)
{
  ItemCall *call = g_new0 (ItemCall, 1);

  call->response = response;
  call->schema = schema;
  return call;
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

/* attribute_not_exists on the partition key: the item is new. */
static DynanticCondition *
create_condition (const DynanticSchema *schema)
{
  g_autofree char *path = dynantic_attr_path_escape (dynantic_schema_get_partition_key (schema)->attribute);

  return dynantic_condition_attribute_not_exists (path);
}

/* PutItem: the whole object (with its next version), under the condition
 * (and the version's), or only if new. */
static gboolean
write_put_item (gpointer   state,
                GString   *out,
                GError   **error)
{
  ItemCall *call = state;
  g_autoptr(DynanticCondition) new_item = call->create ? create_condition (call->schema) : NULL;
  DynanticJsonWriter writer;

  g_clear_pointer (&call->checked, dynantic_condition_unref);
  call->checked = dynantic_locking_condition (call->schema, call->model,
                                              call->create ? new_item : call->condition);
  begin_body (&writer, out, call->schema);
  dynantic_json_writer_member_literal (&writer, "Item");
  if (!dynantic_item_write_replacing (&writer, call->schema, call->model, call->version.property,
                                      &call->version.next, error) ||
      !dynantic_write_condition (&writer, call->schema, call->checked, error))
    return FALSE;
  dynantic_json_writer_end_object (&writer);
  return TRUE;
}

/* GetItem or DeleteItem: the key from the object, or from the values. */
static gboolean
write_key_item (gpointer   state,
                GString   *out,
                GError   **error)
{
  ItemCall *call = state;
  DynanticJsonWriter writer;
  gsize key_start;

  begin_body (&writer, out, call->schema);
  dynantic_json_writer_member_literal (&writer, "Key");
  key_start = out->len;
  if (call->model != NULL ? !dynantic_item_write_key_of (&writer, call->schema, call->model, error)
                          : !dynantic_item_write_key (&writer, call->schema, call->partition_key,
                                                      call->sort_key, error))
    return FALSE;
  if (call->response != RESPONSE_NONE)
    call->key = g_strndup (out->str + key_start, out->len - key_start);
  if (!dynantic_write_condition (&writer, call->schema, call->checked != NULL ? call->checked : call->condition, error))
    return FALSE;
  if (call->consistent)
    {
      dynantic_json_writer_member_literal (&writer, "ConsistentRead");
      dynantic_json_writer_boolean (&writer, TRUE);
    }
  dynantic_json_writer_end_object (&writer);
  return TRUE;
}

/* GetItem's "Item", straight into a new object or the target. */
static DynanticRequestMember
read_item_member (gpointer             state,
                  const char          *name,
                  DynanticJsonReader  *reader,
                  GError             **error)
{
  ItemCall *call = state;
  GError *local_error = NULL;

  if (strcmp (name, "Item") != 0)
    return DYNANTIC_REQUEST_MEMBER_SKIP;
  if (call->found)
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_BAD_RESPONSE,
                   _("The response holds two items for one key"));
      return DYNANTIC_REQUEST_MEMBER_FAILED;
    }

  call->found = TRUE;
  if (call->response == RESPONSE_RELOAD)
    dynantic_item_read_into (reader, call->schema, call->target, &local_error);
  else
    call->item = dynantic_item_read (reader, call->schema, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return DYNANTIC_REQUEST_MEMBER_FAILED;
    }
  return DYNANTIC_REQUEST_MEMBER_READ;
}

/* Whether @model, read for @call, has the key @call asked for: written
 * the way the request wrote it, the same bytes. A server that answers
 * with another item must not pass it off as the one asked for. */
static gboolean
has_key_asked (ItemCall       *call,
               DynanticModel  *model,
               GError        **error)
{
  g_autoptr(GString) key = g_string_sized_new (strlen (call->key) + 1);
  g_autoptr(GError) local_error = NULL;
  DynanticJsonWriter writer;

  dynantic_json_writer_init (&writer, key);
  if (dynantic_item_write_key_of (&writer, call->schema, model, &local_error) &&
      strcmp (key->str, call->key) == 0)
    return TRUE;

  g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_BAD_RESPONSE,
               /* Translators: %s is a DynamoDB table's name */
               _("The response holds an item of the table “%s” whose key is not the one asked for"),
               dynantic_schema_get_table (call->schema));
  return FALSE;
}

static gboolean
finish_get_item (gpointer              state,
                 DynanticRequestNext  *next,
                 GError              **error)
{
  ItemCall *call = state;
  DynanticModel *read = call->response == RESPONSE_RELOAD ? call->target : call->item;

  if (call->found && read != NULL && !has_key_asked (call, read, error))
    {
      g_clear_object (&call->item);
      return FALSE;
    }

  if (!call->found && call->response == RESPONSE_RELOAD)
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_RESOURCE_NOT_FOUND,
                   /* Translators: %s is a DynamoDB table's name */
                   _("The item is no longer in the table “%s”"),
                   dynantic_schema_get_table (call->schema));
      return FALSE;
    }
  if (call->item != NULL && call->item_client != NULL)
    dynantic_model_set_instance_client (call->item, call->item_client);
  return TRUE;
}

/* After a PutItem: a versioned object takes the version written. */
static gboolean
finish_put_item (gpointer              state,
                 DynanticRequestNext  *next,
                 GError              **error)
{
  ItemCall *call = state;

  dynantic_locking_step_commit (&call->version);
  return TRUE;
}

/* A failed condition's "Item": the item found, for the error. */
static DynanticRequestMember
read_failed_item (gpointer             state,
                  const char          *name,
                  DynanticJsonReader  *reader,
                  GError              *error)
{
  ItemCall *call = state;
  g_autoptr(DynanticModel) item = NULL;
  g_autoptr(GError) local_error = NULL;

  if (strcmp (name, "Item") != 0 || !g_error_matches (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CONDITIONAL_CHECK_FAILED))
    return DYNANTIC_REQUEST_MEMBER_SKIP;
  item = dynantic_write_read_current_item (reader, call->schema, call->item_client, &local_error);
  if (local_error != NULL)
    return DYNANTIC_REQUEST_MEMBER_FAILED;
  dynantic_error_set_item (error, G_OBJECT (item));
  return DYNANTIC_REQUEST_MEMBER_READ;
}

static const DynanticRequestKind put_item = {
  .operation = "PutItem",
  .body_size = 512,
  .write_body = write_put_item,
  .finish = finish_put_item,
  .read_error_member = read_failed_item,
};

static const DynanticRequestKind delete_item = {
  .operation = "DeleteItem",
  .write_body = write_key_item,
  .read_error_member = read_failed_item,
};

static const DynanticRequestKind get_item = {
  .operation = "GetItem",
  .write_body = write_key_item,
  .read_member = read_item_member,
  .finish = finish_get_item,
};

/* The request of @call (taken) through @client (taken); what the body was
 * written from is no longer needed after. */
static DynanticRequest *
item_request_new (DynanticClient             *client,
                  const DynanticRequestKind  *kind,
                  ItemCall                   *call,
                  GError                    **error)
{
  DynanticRequest *request = dynantic_request_new (client, kind, call, (GDestroyNotify) item_call_free, error);

  if (request != NULL)
    {
      call->model = NULL;
      call->partition_key = call->sort_key = NULL;
      call->condition = NULL;
    }
  return request;
}

/* A PutItem of @self, under @condition, or (@create) only if new. */
static DynanticRequest *
save_request (DynanticModel      *self,
              DynanticCondition  *condition,
              gboolean            create,
              GError            **error)
{
  DynanticSchema *schema = dynantic_model_prepare_write (self, error);
  ItemCall *call;

  if (schema == NULL)
    return NULL;
  call = item_call_new (RESPONSE_NONE, schema);
  call->model = self;
  call->condition = condition;
  call->create = create;
  if (dynantic_model_get_own_client (self) != NULL)
    call->item_client = g_object_ref (dynantic_model_get_own_client (self));
  if (!dynantic_locking_step_init (&call->version, schema, self, error))
    {
      item_call_free (call);
      return NULL;
    }
  return item_request_new (dynantic_model_resolve_client (G_OBJECT_TYPE (self), dynantic_model_get_own_client (self)),
                           &put_item, call, error);
}

/* A GetItem or DeleteItem of the item with @model's key, or with the keys
 * given. */
static DynanticRequest *
key_request (GType                       model_type,
             DynanticClient             *client,
             const DynanticRequestKind  *kind,
             ResponseKind                response,
             DynanticModel              *model,
             const GValue               *partition_key,
             const GValue               *sort_key,
             DynanticCondition          *condition,
             gboolean                    consistent,
             GError                    **error)
{
  DynanticSchema *schema = dynantic_schema_lookup_for_table (model_type, error);
  ItemCall *call;

  if (schema == NULL)
    return NULL;

  call = item_call_new (response, schema);
  call->model = model;
  call->partition_key = partition_key;
  call->sort_key = sort_key;
  call->condition = condition;
  call->consistent = consistent;
  if (client != NULL)
    call->item_client = g_object_ref (client);
  if (response == RESPONSE_RELOAD)
    call->target = g_object_ref (model);
  if (model != NULL && kind == &delete_item)
    call->checked = dynantic_locking_condition (schema, model, condition);
  return item_request_new (dynantic_model_resolve_client (model_type, client), kind, call, error);
}

static DynanticRequest *
instance_key_request (DynanticModel              *self,
                      const DynanticRequestKind  *kind,
                      ResponseKind                response,
                      DynanticCondition          *condition,
                      GError                    **error)
{
  return key_request (G_OBJECT_TYPE (self), dynantic_model_get_own_client (self), kind, response, self,
                      NULL, NULL, condition, response == RESPONSE_RELOAD, error);
}

/* Runs @request (taken; NULL when it could not be made) synchronously. */
static gboolean
run_request (DynanticRequest  *request,
             GCancellable     *cancellable,
             GError          **error)
{
  g_autoptr(DynanticRequest) owned = request;

  return owned != NULL && dynantic_request_run (owned, cancellable, error);
}

static gboolean
finish_boolean (gpointer       source_object,
                GAsyncResult  *result,
                gpointer       source_tag,
                GError       **error)
{
  return dynantic_request_finish (result, source_object, source_tag, error) != NULL;
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
 *
 * Since: 0.1
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
 *
 * Since: 0.1
 */
void
dynantic_model_save_async (DynanticModel       *self,
                           DynanticCondition   *condition,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GError *error = NULL;
  DynanticRequest *request;

  g_return_if_fail (DYNANTIC_IS_MODEL (self));

  request = save_request (self, condition, FALSE, &error);
  dynantic_request_run_async (request, error, self, dynantic_model_save_async,
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
 *
 * Since: 0.1
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
 *
 * Since: 0.1
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
 *
 * Since: 0.1
 */
void
dynantic_model_create_async (DynanticModel       *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GError *error = NULL;
  DynanticRequest *request;

  g_return_if_fail (DYNANTIC_IS_MODEL (self));

  request = save_request (self, NULL, TRUE, &error);
  dynantic_request_run_async (request, error, self, dynantic_model_create_async,
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
 *
 * Since: 0.1
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
 *
 * Since: 0.1
 */
gboolean
dynantic_model_delete_item (DynanticModel      *self,
                            DynanticCondition  *condition,
                            GCancellable       *cancellable,
                            GError            **error)
{
  g_return_val_if_fail (DYNANTIC_IS_MODEL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return run_request (instance_key_request (self, &delete_item, RESPONSE_NONE, condition, error),
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
 *
 * Since: 0.1
 */
void
dynantic_model_delete_item_async (DynanticModel       *self,
                                  DynanticCondition   *condition,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GError *error = NULL;
  DynanticRequest *request;

  g_return_if_fail (DYNANTIC_IS_MODEL (self));

  request = instance_key_request (self, &delete_item, RESPONSE_NONE, condition, &error);
  dynantic_request_run_async (request, error, self, dynantic_model_delete_item_async,
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
 *
 * Since: 0.1
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
 *
 * Since: 0.1
 */
gboolean
dynantic_model_reload (DynanticModel  *self,
                       GCancellable   *cancellable,
                       GError        **error)
{
  g_return_val_if_fail (DYNANTIC_IS_MODEL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return run_request (instance_key_request (self, &get_item, RESPONSE_RELOAD, NULL, error),
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
 *
 * Since: 0.1
 */
void
dynantic_model_reload_async (DynanticModel       *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GError *error = NULL;
  DynanticRequest *request;

  g_return_if_fail (DYNANTIC_IS_MODEL (self));

  request = instance_key_request (self, &get_item, RESPONSE_RELOAD, NULL, &error);
  dynantic_request_run_async (request, error, self, dynantic_model_reload_async,
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
 *
 * Since: 0.1
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
  g_autoptr(DynanticRequest) request = NULL;
  ItemCall *call;

  request = key_request (model_type, client, &get_item, RESPONSE_ITEM, NULL,
                         partition_key, sort_key, NULL, consistent, error);
  if (request == NULL || !dynantic_request_run (request, cancellable, error))
    return NULL;
  call = dynantic_request_get_state (request);
  return g_steal_pointer (&call->item);
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
  DynanticRequest *request;

  request = key_request (model_type, client, &get_item, RESPONSE_ITEM, NULL,
                         partition_key, sort_key, NULL, consistent, &error);
  dynantic_request_run_async (request, error, NULL, source_tag, cancellable, callback, user_data);
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
  ItemCall *call = dynantic_request_finish (result, NULL, dynantic_model_get_by_key_async, error);

  return call != NULL ? g_steal_pointer (&call->item) : NULL;
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
  ItemCall *call = dynantic_request_finish (result, NULL, dynantic_model_get_by_key_full_async, error);

  return call != NULL ? g_steal_pointer (&call->item) : NULL;
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

  return run_request (key_request (model_type, client, &delete_item, RESPONSE_NONE, NULL,
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
  DynanticRequest *request;

  g_return_if_fail (g_type_is_a (model_type, DYNANTIC_TYPE_MODEL));
  g_return_if_fail (client == NULL || DYNANTIC_IS_CLIENT (client));

  request = key_request (model_type, client, &delete_item, RESPONSE_NONE, NULL,
                         partition_key, sort_key, condition, FALSE, &error);
  dynantic_request_run_async (request, error, NULL, dynantic_model_delete_by_key_async,
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
