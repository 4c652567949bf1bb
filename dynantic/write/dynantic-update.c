/* dynantic-update.c: atomic updates of one item (UpdateItem)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "dynantic-request-private.h"
#include "dynantic-enums.h"
#include "dynantic-error-private.h"
#include "dynantic-i18n-private.h"
#include "dynantic-item-private.h"
#include "dynantic-model-private.h"
#include "dynantic-update-private.h"
#include "dynantic-locking-private.h"
#include "dynantic-write-common-private.h"
#include "expression/dynantic-condition-private.h"
#include "expression/dynantic-expression-private.h"
#include "expression/dynantic-update-expression-private.h"

/**
 * DynanticUpdate:
 *
 * Changes one item in place, atomically, without reading it first
 * (DynamoDB's UpdateItem).
 *
 * An update is made for a key (dynantic_update_new()) or for the item of a
 * model object (dynantic_model_patch()), collects actions, and is sent by
 * dynantic_update_execute():
 *
 * ```c
 * g_autoptr(DynanticUpdate) update = dynantic_update_new (USER_TYPE, &email, NULL, NULL);
 *
 * dynantic_update_add (update, "login-count", &one);
 * dynantic_update_set_value (update, "status", &active);
 * if (!dynantic_update_execute (update, NULL, &error))
 *   ...
 * ```
 *
 * Each action names a *path*: a property's name (`"login-count"`), or an
 * attribute path in DynamoDB's document syntax (`"login_count"`,
 * `"address.city"`, `"tags[0]"`; see dynantic_attr_path_escape() for names
 * holding `.`, `[`, `]` or `\`). When the path names a whole property's
 * attribute, the value is converted to the property's type (losing nothing:
 * an integer for a double, an enum's nick, ISO-8601 text or epoch seconds
 * for a date) and checked against its #GParamSpec (range, enum membership),
 * so it is stored exactly as saving the object would store it: a date in
 * the TTL property becomes epoch seconds, a string list declared a set
 * becomes a string set. Values for paths inside an attribute, or for
 * attributes no property stores, are stored by their own type.
 *
 * Everything is checked before the request is sent, and nothing is sent
 * when a check fails: an update without actions, a path given to two
 * actions (or paths that overlap, such as `"address"` and
 * `"address.city"`), an action on one of the table's keys, and a malformed
 * path fail with %DYNANTIC_ERROR_INVALID_ARGUMENT; a value of the wrong
 * type or out of its property's range with %DYNANTIC_ERROR_VALIDATION. Both
 * name the path, never the value.
 *
 * Like a PutItem, an update creates the item when none has its key; add a
 * condition (`attribute_exists` of the partition key) to update only items
 * that exist. When the condition does not hold, nothing changes and the
 * update fails with %DYNANTIC_ERROR_CONDITIONAL_CHECK_FAILED.
 *
 * What comes back is chosen with dynantic_update_set_return_values() and
 * read after the update with dynantic_update_get_returned_item() or
 * dynantic_update_get_returned_attributes().
 *
 * An update is used by one thread at a time. It can be executed again (to
 * retry an optimistic-locking loop, say); each execution replaces what the
 * previous one returned.
 *
 * Since: 0.1
 */

struct _DynanticUpdate {
  GObject               parent_instance;

  GType                 model_type;
  DynanticClient       *client;          /* given to dynantic_update_new(), or NULL */
  DynanticModel        *item;            /* a patch's object: its key, its client */
  GValue                partition_key;   /* unset for a patch */
  GValue                sort_key;        /* unset: none given */
  GArray               *actions;         /* DynanticUpdateAction */
  DynanticCondition    *condition;
  DynanticReturnValues  return_values;

  /* what the last execution returned */
  DynanticModel        *returned_item;
  GHashTable           *returned_attributes;
};

G_DEFINE_FINAL_TYPE (DynanticUpdate, dynantic_update, G_TYPE_OBJECT)

static void
clear_results (DynanticUpdate *self)
{
  g_clear_object (&self->returned_item);
  g_clear_pointer (&self->returned_attributes, g_hash_table_unref);
}

static void
dynantic_update_finalize (GObject *object)
{
  DynanticUpdate *self = DYNANTIC_UPDATE (object);

  g_clear_object (&self->client);
  g_clear_object (&self->item);
  if (G_IS_VALUE (&self->partition_key))
    g_value_unset (&self->partition_key);
  if (G_IS_VALUE (&self->sort_key))
    g_value_unset (&self->sort_key);
  g_array_unref (self->actions);
  g_clear_pointer (&self->condition, dynantic_condition_unref);
  clear_results (self);

  G_OBJECT_CLASS (dynantic_update_parent_class)->finalize (object);
}

static void
dynantic_update_class_init (DynanticUpdateClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dynantic_update_finalize;
}

static void
dynantic_update_init (DynanticUpdate *self)
{
  self->actions = g_array_new (FALSE, TRUE, sizeof (DynanticUpdateAction));
  g_array_set_clear_func (self->actions, dynantic_update_action_clear);
}

/**
 * dynantic_update_new:
 * @model_type: a #DynanticModel subtype with a table
 * @partition_key: the partition key's value
 * @sort_key: (nullable): the sort key's value, for tables that have one
 * @client: (nullable): the client to call through, or %NULL for the class's
 *
 * Makes an update of the item with the given key. The keys are checked
 * when the update is executed, as dynantic_model_get_by_key() checks them:
 * a value of another type than the key's property, or an empty string,
 * fails before anything is sent.
 *
 * Returns: (transfer full): a new update without actions
 *
 * Since: 0.1
 */
DynanticUpdate *
dynantic_update_new (GType           model_type,
                     const GValue   *partition_key,
                     const GValue   *sort_key,
                     DynanticClient *client)
{
  DynanticUpdate *self;

  g_return_val_if_fail (g_type_is_a (model_type, DYNANTIC_TYPE_MODEL), NULL);
  g_return_val_if_fail (client == NULL || DYNANTIC_IS_CLIENT (client), NULL);

  self = g_object_new (DYNANTIC_TYPE_UPDATE, NULL);
  self->model_type = model_type;
  g_set_object (&self->client, client);
  dynantic_write_copy_value (&self->partition_key, partition_key);
  dynantic_write_copy_value (&self->sort_key, sort_key);
  return self;
}

/**
 * dynantic_model_patch:
 * @self: a model object
 *
 * Makes an update of @self's item: of the item with the key @self has when
 * the update is executed, through @self's client. The update changes the
 * stored item only; @self keeps its property values (ask for
 * %DYNANTIC_RETURN_VALUES_ALL_NEW, or reload it, to see the result).
 *
 * Returns: (transfer full): a new update without actions
 *
 * Since: 0.1
 */
DynanticUpdate *
dynantic_model_patch (DynanticModel *self)
{
  DynanticUpdate *update;

  g_return_val_if_fail (DYNANTIC_IS_MODEL (self), NULL);

  update = g_object_new (DYNANTIC_TYPE_UPDATE, NULL);
  update->model_type = G_OBJECT_TYPE (self);
  update->item = g_object_ref (self);
  return update;
}

/**
 * dynantic_update_get_model_type:
 * @self: an update
 *
 * The model class whose table and schema the update uses.
 *
 * Returns: a #DynanticModel subtype
 *
 * Since: 0.1
 */
GType
dynantic_update_get_model_type (DynanticUpdate *self)
{
  g_return_val_if_fail (DYNANTIC_IS_UPDATE (self), G_TYPE_INVALID);

  return self->model_type;
}

/* Actions ------------------------------------------------------------------ */

static DynanticUpdate *
push_action (DynanticUpdate           *self,
             DynanticUpdateActionKind  kind,
             const char               *path,
             const GValue             *value)
{
  DynanticUpdateAction action = { kind, g_strdup (path), G_VALUE_INIT };

  dynantic_write_copy_value (&action.value, value);
  g_array_append_val (self->actions, action);
  return self;
}

/**
 * dynantic_update_set_value:
 * @self: an update
 * @path: a property's name or an attribute path
 * @value: (nullable): the value to store, or %NULL to remove the attribute
 *
 * Stores @value at @path (`SET path = value`). A %NULL or unset value, a
 * %NULL string, boxed value or object, and an empty set remove the
 * attribute instead, as saving an object leaves such values out of its
 * item.
 *
 * Returns: (transfer none): @self, to chain calls
 *
 * Since: 0.2
 */
DynanticUpdate *
dynantic_update_set_value (DynanticUpdate *self,
                           const char     *path,
                           const GValue   *value)
{
  g_return_val_if_fail (DYNANTIC_IS_UPDATE (self), NULL);
  g_return_val_if_fail (path != NULL, self);

  return push_action (self, DYNANTIC_UPDATE_SET, path, value);
}

/**
 * dynantic_update_set_if_not_exists:
 * @self: an update
 * @path: a property's name or an attribute path
 * @value: the value to store
 *
 * Stores @value at @path unless the item already has a value there
 * (`SET path = if_not_exists(path, value)`): for defaults and first-seen
 * timestamps.
 *
 * Returns: (transfer none): @self, to chain calls
 *
 * Since: 0.1
 */
DynanticUpdate *
dynantic_update_set_if_not_exists (DynanticUpdate *self,
                                   const char     *path,
                                   const GValue   *value)
{
  g_return_val_if_fail (DYNANTIC_IS_UPDATE (self), NULL);
  g_return_val_if_fail (path != NULL, self);

  return push_action (self, DYNANTIC_UPDATE_SET_IF_NOT_EXISTS, path, value);
}

/**
 * dynantic_update_append:
 * @self: an update
 * @path: a property's name or an attribute path naming a list
 * @values: a list: a #GStrv, a #JsonNode array or an array #GVariant
 *
 * Appends the members of @values to the list at @path
 * (`SET path = list_append(path, values)`); a missing list is started.
 * A property at @path must store a list (a #GStrv that is not a set, a
 * #GVariant or a #JsonNode).
 *
 * Returns: (transfer none): @self, to chain calls
 *
 * Since: 0.1
 */
DynanticUpdate *
dynantic_update_append (DynanticUpdate *self,
                        const char     *path,
                        const GValue   *values)
{
  g_return_val_if_fail (DYNANTIC_IS_UPDATE (self), NULL);
  g_return_val_if_fail (path != NULL, self);

  return push_action (self, DYNANTIC_UPDATE_APPEND, path, values);
}

/**
 * dynantic_update_prepend:
 * @self: an update
 * @path: a property's name or an attribute path naming a list
 * @values: a list, as for dynantic_update_append()
 *
 * Puts the members of @values before those of the list at @path
 * (`SET path = list_append(values, path)`); a missing list is started.
 *
 * Returns: (transfer none): @self, to chain calls
 *
 * Since: 0.1
 */
DynanticUpdate *
dynantic_update_prepend (DynanticUpdate *self,
                         const char     *path,
                         const GValue   *values)
{
  g_return_val_if_fail (DYNANTIC_IS_UPDATE (self), NULL);
  g_return_val_if_fail (path != NULL, self);

  return push_action (self, DYNANTIC_UPDATE_PREPEND, path, values);
}

/**
 * dynantic_update_increment:
 * @self: an update
 * @path: a property's name or an attribute path naming a number
 * @amount: the number to add
 *
 * Adds @amount to the number at @path (`SET path = path + amount`). The
 * attribute must exist (DynamoDB refuses the update otherwise): for
 * counters that may not, use dynantic_update_add(). For a property, @amount
 * must be of a type its property can hold without loss (no fraction for an
 * integer property).
 *
 * Returns: (transfer none): @self, to chain calls
 *
 * Since: 0.1
 */
DynanticUpdate *
dynantic_update_increment (DynanticUpdate *self,
                           const char     *path,
                           const GValue   *amount)
{
  g_return_val_if_fail (DYNANTIC_IS_UPDATE (self), NULL);
  g_return_val_if_fail (path != NULL, self);

  return push_action (self, DYNANTIC_UPDATE_INCREMENT, path, amount);
}

/**
 * dynantic_update_decrement:
 * @self: an update
 * @path: a property's name or an attribute path naming a number
 * @amount: the number to subtract
 *
 * Subtracts @amount from the number at @path (`SET path = path - amount`),
 * under the rules of dynantic_update_increment().
 *
 * Returns: (transfer none): @self, to chain calls
 *
 * Since: 0.1
 */
DynanticUpdate *
dynantic_update_decrement (DynanticUpdate *self,
                           const char     *path,
                           const GValue   *amount)
{
  g_return_val_if_fail (DYNANTIC_IS_UPDATE (self), NULL);
  g_return_val_if_fail (path != NULL, self);

  return push_action (self, DYNANTIC_UPDATE_DECREMENT, path, amount);
}

/**
 * dynantic_update_add:
 * @self: an update
 * @path: a property's name or an attribute path
 * @value: a number, or the elements to add to a set
 *
 * `ADD path value`: adds a number to the number at @path (a missing
 * attribute counts as 0), or the elements of @value to the set at @path (a
 * missing set is started). A property at @path must store a number or a
 * set (a flags type, or a list declared a set with
 * dynantic_model_class_set_set()); at other paths @value must be a number
 * or a flags value.
 *
 * Returns: (transfer none): @self, to chain calls
 *
 * Since: 0.1
 */
DynanticUpdate *
dynantic_update_add (DynanticUpdate *self,
                     const char     *path,
                     const GValue   *value)
{
  g_return_val_if_fail (DYNANTIC_IS_UPDATE (self), NULL);
  g_return_val_if_fail (path != NULL, self);

  return push_action (self, DYNANTIC_UPDATE_ADD, path, value);
}

/**
 * dynantic_update_remove:
 * @self: an update
 * @path: a property's name or an attribute path
 *
 * Removes the attribute, map member or list element at @path
 * (`REMOVE path`). A property removed reads back as its default.
 *
 * Returns: (transfer none): @self, to chain calls
 *
 * Since: 0.1
 */
DynanticUpdate *
dynantic_update_remove (DynanticUpdate *self,
                        const char     *path)
{
  g_return_val_if_fail (DYNANTIC_IS_UPDATE (self), NULL);
  g_return_val_if_fail (path != NULL, self);

  return push_action (self, DYNANTIC_UPDATE_REMOVE, path, NULL);
}

/**
 * dynantic_update_delete:
 * @self: an update
 * @path: a property's name or an attribute path naming a set
 * @elements: the elements to take out of the set
 *
 * Takes @elements out of the set at @path (`DELETE path elements`); a set
 * left empty disappears. A property at @path must store a set; at other
 * paths @elements must be a flags value. This changes one attribute: to
 * delete a whole item, see dynantic_model_delete_by_key().
 *
 * Returns: (transfer none): @self, to chain calls
 *
 * Since: 0.1
 */
DynanticUpdate *
dynantic_update_delete (DynanticUpdate *self,
                        const char     *path,
                        const GValue   *elements)
{
  g_return_val_if_fail (DYNANTIC_IS_UPDATE (self), NULL);
  g_return_val_if_fail (path != NULL, self);

  return push_action (self, DYNANTIC_UPDATE_DELETE, path, elements);
}

/* Options ------------------------------------------------------------------ */

/**
 * dynantic_update_set_condition:
 * @self: an update
 * @condition: (nullable): what the stored item must meet for the update to
 *   happen, or %NULL for none
 *
 * Makes the update conditional, replacing any condition set before. Its
 * paths name attributes (`"version"`), and its values are converted to the
 * type of the property stored there. When it does not hold, the item is
 * left as it was and the update fails with
 * %DYNANTIC_ERROR_CONDITIONAL_CHECK_FAILED.
 *
 * Returns: (transfer none): @self, to chain calls
 *
 * Since: 0.1
 */
DynanticUpdate *
dynantic_update_set_condition (DynanticUpdate    *self,
                               DynanticCondition *condition)
{
  g_return_val_if_fail (DYNANTIC_IS_UPDATE (self), NULL);

  if (condition != NULL)
    dynantic_condition_ref (condition);
  g_clear_pointer (&self->condition, dynantic_condition_unref);
  self->condition = condition;
  return self;
}

/**
 * dynantic_update_set_return_values:
 * @self: an update
 * @return_values: what the update should bring back
 *
 * Chooses what dynantic_update_get_returned_item() (for the `ALL_` kinds)
 * or dynantic_update_get_returned_attributes() (for the `UPDATED_` kinds)
 * give after the update. The default is %DYNANTIC_RETURN_VALUES_NONE.
 *
 * Returns: (transfer none): @self, to chain calls
 *
 * Since: 0.1
 */
DynanticUpdate *
dynantic_update_set_return_values (DynanticUpdate       *self,
                                   DynanticReturnValues  return_values)
{
  g_return_val_if_fail (DYNANTIC_IS_UPDATE (self), NULL);
  g_return_val_if_fail (return_values <= DYNANTIC_RETURN_VALUES_UPDATED_NEW, self);

  self->return_values = return_values;
  return self;
}

/**
 * dynantic_update_get_return_values:
 * @self: an update
 *
 * What the update brings back.
 *
 * Returns: the kind set with dynantic_update_set_return_values()
 *
 * Since: 0.1
 */
DynanticReturnValues
dynantic_update_get_return_values (DynanticUpdate *self)
{
  g_return_val_if_fail (DYNANTIC_IS_UPDATE (self), DYNANTIC_RETURN_VALUES_NONE);

  return self->return_values;
}

/* The request ------------------------------------------------------------- */

DynanticSchema *
dynantic_update_lookup_schema (DynanticUpdate  *self,
                               GError         **error)
{
  /* made by g_object_new() (a binding's Update()) rather than a constructor */
  if (!g_type_is_a (self->model_type, DYNANTIC_TYPE_MODEL))
    {
      g_set_error_literal (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                           _("The update was made without a model class: make it with "
                             "dynantic_update_new() or dynantic_model_patch()"));
      return NULL;
    }
  return dynantic_schema_lookup_for_table (self->model_type, error);
}

static gboolean
write_key (DynanticUpdate        *self,
           const DynanticSchema  *schema,
           DynanticJsonWriter    *writer,
           GError               **error)
{
  dynantic_json_writer_member (writer, "Key");
  if (self->item != NULL)
    return dynantic_item_write_key_of (writer, schema, self->item, error);
  return dynantic_item_write_key (writer, schema,
                                  G_IS_VALUE (&self->partition_key) ? &self->partition_key : NULL,
                                  G_IS_VALUE (&self->sort_key) ? &self->sort_key : NULL,
                                  error);
}

/* The actions to compile: the update's own, and for a patch of a versioned
 * object, the next version stored. Shallow: the caller frees only the
 * array (and the version's action, which is the step's). */
static GArray *
actions_with_version (DynanticUpdate      *self,
                      DynanticLockingStep *version)
{
  GArray *actions = g_array_sized_new (FALSE, TRUE, sizeof (DynanticUpdateAction), self->actions->len + 1);

  g_array_append_vals (actions, self->actions->data, self->actions->len);
  if (version->model != NULL)
    {
      DynanticUpdateAction action = { DYNANTIC_UPDATE_SET, (char *) version->property->name, G_VALUE_INIT };

      action.value = version->next;
      g_array_append_val (actions, action);
    }
  return actions;
}

gboolean
dynantic_update_write_members (DynanticUpdate        *self,
                               const DynanticSchema  *schema,
                               DynanticJsonWriter    *writer,
                               DynanticLockingStep   *version,
                               GError               **error)
{
  g_autoptr(DynanticExpressionContext) context = NULL;
  g_autoptr(DynanticCondition) condition = NULL;
  g_autoptr(GArray) actions = NULL;
  g_autofree char *update_expression = NULL;
  g_autofree char *condition_expression = NULL;

  g_return_val_if_fail (DYNANTIC_IS_UPDATE (self), FALSE);

  dynantic_locking_step_clear (version);
  if (self->item != NULL && !dynantic_locking_step_init (version, schema, self->item, error))
    return FALSE;
  condition = self->item != NULL ? dynantic_locking_condition (schema, self->item, self->condition)
                                 : (self->condition != NULL ? dynantic_condition_ref (self->condition) : NULL);

  context = dynantic_expression_context_new (dynantic_schema_resolve_attribute, (gpointer) schema);
  actions = actions_with_version (self, version);
  update_expression = dynantic_update_expression_compile (actions, schema, context, error);
  if (update_expression == NULL)
    return FALSE;
  if (condition != NULL &&
      !(condition_expression = dynantic_expression_context_compile_condition (context, condition, error)))
    return FALSE;

  dynantic_json_writer_member (writer, "TableName");
  dynantic_json_writer_string (writer, dynantic_schema_get_table (schema), -1);
  if (!write_key (self, schema, writer, error))
    return FALSE;
  dynantic_json_writer_member (writer, "UpdateExpression");
  dynantic_json_writer_string (writer, update_expression, -1);
  if (condition_expression != NULL)
    {
      dynantic_json_writer_member (writer, "ConditionExpression");
      dynantic_json_writer_string (writer, condition_expression, -1);
      dynantic_json_writer_member (writer, "ReturnValuesOnConditionCheckFailure");
      dynantic_json_writer_string (writer, "ALL_OLD", -1);
    }
  return dynantic_expression_context_write (context, writer, error);
}

GBytes *
dynantic_update_identity (DynanticUpdate        *self,
                          const DynanticSchema  *schema,
                          GError               **error)
{
  g_autoptr(GString) key = g_string_new (NULL);
  DynanticJsonWriter writer;

  g_return_val_if_fail (DYNANTIC_IS_UPDATE (self), NULL);

  dynantic_json_writer_init (&writer, key);
  if (self->item != NULL ? !dynantic_item_write_key_of (&writer, schema, self->item, error)
                         : !dynantic_item_write_key (&writer, schema,
                                                     G_IS_VALUE (&self->partition_key) ? &self->partition_key : NULL,
                                                     G_IS_VALUE (&self->sort_key) ? &self->sort_key : NULL,
                                                     error))
    return NULL;
  return dynantic_write_identity_of_key (schema, key->str, key->len, error);
}

DynanticClient *
dynantic_update_resolve_client (DynanticUpdate *self)
{
  if (self->item != NULL)
    return g_object_ref (dynantic_model_get_instance_client (self->item));
  return dynantic_model_resolve_client (self->model_type, self->client);
}

static const char * const return_values_names[] = {
  [DYNANTIC_RETURN_VALUES_NONE] = "NONE",
  [DYNANTIC_RETURN_VALUES_ALL_OLD] = "ALL_OLD",
  [DYNANTIC_RETURN_VALUES_UPDATED_OLD] = "UPDATED_OLD",
  [DYNANTIC_RETURN_VALUES_ALL_NEW] = "ALL_NEW",
  [DYNANTIC_RETURN_VALUES_UPDATED_NEW] = "UPDATED_NEW",
};

/* One UpdateItem call's state on the request path: the body is written
 * when the request is made (every check comes before any I/O) from the
 * update, borrowed then; what it returned lands here until it is handed
 * to the update. */
typedef struct {
  DynanticUpdate       *update;        /* borrowed while the body is written */
  DynanticSchema       *schema;        /* a reference */
  DynanticReturnValues  return_values;
  DynanticClient       *item_client;   /* given to the object returned, when explicit */
  DynanticLockingStep   version;       /* a patch of a versioned object */
  DynanticModel        *returned_item;
  GHashTable           *returned_attributes;
} UpdateCall;

static void
update_call_free (UpdateCall *call)
{
  g_clear_pointer (&call->schema, dynantic_schema_unref);
  dynantic_locking_step_clear (&call->version);
  g_clear_object (&call->item_client);
  g_clear_object (&call->returned_item);
  g_clear_pointer (&call->returned_attributes, g_hash_table_unref);
  g_free (call);
}

static gboolean
write_update_item (gpointer   state,
                   GString   *out,
                   GError   **error)
{
  UpdateCall *call = state;
  DynanticUpdate *self = call->update;
  DynanticJsonWriter writer;

  dynantic_json_writer_init (&writer, out);
  dynantic_json_writer_begin_object (&writer);
  if (!dynantic_update_write_members (self, call->schema, &writer, &call->version, error))
    return FALSE;
  if (self->return_values != DYNANTIC_RETURN_VALUES_NONE)
    {
      dynantic_json_writer_member (&writer, "ReturnValues");
      dynantic_json_writer_string (&writer, return_values_names[self->return_values], -1);
    }
  dynantic_json_writer_end_object (&writer);
  return TRUE;
}

static void
free_value (gpointer data)
{
  g_value_unset (data);
  g_free (data);
}

/* One returned attribute into @value (unset): by its property's type when
 * a property stores it, else as its DynamoDB JSON. */
static gboolean
read_attribute (DynanticJsonReader    *reader,
                const DynanticSchema  *schema,
                const char            *name,
                GValue                *value,
                GError               **error)
{
  const DynanticSchemaProperty *property = dynantic_schema_find_attribute (schema, name);
  g_autofree char *json = NULL;
  const char *start;
  gsize length;

  if (property != NULL && property->model_type == 0)
    {
      g_value_init (value, property->value_type);
      if (dynantic_value_read (reader, name, value, property->flags, error))
        return TRUE;
      g_value_unset (value);
      return FALSE;
    }

  if (!dynantic_json_reader_capture_value (reader, &start, &length))
    return dynantic_json_reader_fail (reader, "an AttributeValue", error);
  json = g_strndup (start, length);
  g_value_init (value, JSON_TYPE_NODE);
  g_value_take_boxed (value, json_from_string (json, NULL));
  return TRUE;
}

static GHashTable *
read_attributes (DynanticJsonReader    *reader,
                 const DynanticSchema  *schema,
                 GError               **error)
{
  g_autoptr(GHashTable) attributes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, free_value);
  DynanticJsonToken token;

  if (dynantic_json_reader_next (reader) != DYNANTIC_JSON_BEGIN_OBJECT)
    {
      dynantic_json_reader_fail (reader, "an object of attributes", error);
      return NULL;
    }
  while ((token = dynantic_json_reader_next (reader)) == DYNANTIC_JSON_MEMBER)
    {
      g_autofree char *name = g_strdup (dynantic_json_reader_get_string (reader, NULL));
      GValue *value = g_new0 (GValue, 1);

      if (!read_attribute (reader, schema, name, value, error))
        {
          g_free (value);
          return NULL;
        }
      g_hash_table_replace (attributes, g_steal_pointer (&name), value);
    }
  if (token != DYNANTIC_JSON_END_OBJECT)
    {
      dynantic_json_reader_fail (reader, "an attribute or the end of the attributes", error);
      return NULL;
    }
  return g_steal_pointer (&attributes);
}

static gboolean
returns_item (DynanticReturnValues return_values)
{
  return return_values == DYNANTIC_RETURN_VALUES_ALL_OLD || return_values == DYNANTIC_RETURN_VALUES_ALL_NEW;
}

/* The response's "Attributes": absent when nothing is asked for, or when
 * ALL_OLD finds no item was there. */
static DynanticRequestMember
read_update_member (gpointer             state,
                    const char          *name,
                    DynanticJsonReader  *reader,
                    GError             **error)
{
  UpdateCall *call = state;
  GError *local_error = NULL;

  if (strcmp (name, "Attributes") != 0 || call->return_values == DYNANTIC_RETURN_VALUES_NONE)
    return DYNANTIC_REQUEST_MEMBER_SKIP;
  if (call->returned_item != NULL || call->returned_attributes != NULL)
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_BAD_RESPONSE,
                   _("The response holds its attributes twice"));
      return DYNANTIC_REQUEST_MEMBER_FAILED;
    }

  if (returns_item (call->return_values))
    call->returned_item = dynantic_item_read (reader, call->schema, &local_error);
  else
    call->returned_attributes = read_attributes (reader, call->schema, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return DYNANTIC_REQUEST_MEMBER_FAILED;
    }
  return DYNANTIC_REQUEST_MEMBER_READ;
}

static gboolean
finish_update (gpointer              state,
               DynanticRequestNext  *next,
               GError              **error)
{
  UpdateCall *call = state;

  if (call->returned_item != NULL && call->item_client != NULL)
    dynantic_model_set_instance_client (call->returned_item, call->item_client);
  dynantic_locking_step_commit (&call->version);
  return TRUE;
}

/* A failed condition's "Item": the item found, for the error. */
static DynanticRequestMember
read_update_error_member (gpointer             state,
                          const char          *name,
                          DynanticJsonReader  *reader,
                          GError              *error)
{
  UpdateCall *call = state;
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

static const DynanticRequestKind update_item = {
  .operation = "UpdateItem",
  .body_size = 512,
  .write_body = write_update_item,
  .read_member = read_update_member,
  .finish = finish_update,
  .read_error_member = read_update_error_member,
};

/* The UpdateItem request of @self, checked and encoded. */
static DynanticRequest *
update_request_new (DynanticUpdate  *self,
                    GError         **error)
{
  DynanticSchema *schema = dynantic_update_lookup_schema (self, error);
  DynanticRequest *request;
  DynanticClient *client;
  UpdateCall *call;

  if (schema == NULL)
    return NULL;

  call = g_new0 (UpdateCall, 1);
  call->update = self;
  call->schema = schema;
  call->return_values = self->return_values;
  if (self->client != NULL)
    call->item_client = g_object_ref (self->client);
  if (self->item != NULL)
    client = g_object_ref (dynantic_model_get_instance_client (self->item));
  else
    client = dynantic_model_resolve_client (self->model_type, self->client);

  request = dynantic_request_new (client, &update_item, call, (GDestroyNotify) update_call_free, error);
  if (request != NULL)
    call->update = NULL;
  return request;
}

static void
take_results (DynanticUpdate *self,
              UpdateCall     *call)
{
  clear_results (self);
  self->returned_item = g_steal_pointer (&call->returned_item);
  self->returned_attributes = g_steal_pointer (&call->returned_attributes);
}

/* Executing ---------------------------------------------------------------- */

/**
 * dynantic_update_execute:
 * @self: an update
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Checks the update and sends it (UpdateItem). Nothing is sent when a
 * check fails. What the update returned is then available from
 * dynantic_update_get_returned_item() or
 * dynantic_update_get_returned_attributes().
 *
 * Returns: %TRUE when the item was updated; %FALSE with @error set, to
 *   %DYNANTIC_ERROR_CONDITIONAL_CHECK_FAILED when the condition did not hold
 *   (the item is then unchanged)
 *
 * Since: 0.1
 */
gboolean
dynantic_update_execute (DynanticUpdate  *self,
                         GCancellable    *cancellable,
                         GError         **error)
{
  g_autoptr(DynanticRequest) request = NULL;

  g_return_val_if_fail (DYNANTIC_IS_UPDATE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  clear_results (self);
  request = update_request_new (self, error);
  if (request == NULL || !dynantic_request_run (request, cancellable, error))
    return FALSE;
  take_results (self, dynantic_request_get_state (request));
  return TRUE;
}

/**
 * dynantic_update_execute_async:
 * @self: an update
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the update is done or failed
 * @user_data: data for @callback
 *
 * The asynchronous form of dynantic_update_execute(). The update is checked
 * and encoded before this returns: actions added afterwards are not part of
 * this execution.
 *
 * Since: 0.1
 */
void
dynantic_update_execute_async (DynanticUpdate      *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GError *error = NULL;
  DynanticRequest *request;

  g_return_if_fail (DYNANTIC_IS_UPDATE (self));

  clear_results (self);
  request = update_request_new (self, &error);
  dynantic_request_run_async (request, error, self, dynantic_update_execute_async,
                              cancellable, callback, user_data);
}

/**
 * dynantic_update_execute_finish:
 * @self: an update
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Finishes dynantic_update_execute_async(), making what the update returned
 * available as dynantic_update_execute() does.
 *
 * Returns: %TRUE when the item was updated, else %FALSE with @error set
 *
 * Since: 0.1
 */
gboolean
dynantic_update_execute_finish (DynanticUpdate  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  UpdateCall *call;

  g_return_val_if_fail (DYNANTIC_IS_UPDATE (self), FALSE);

  call = dynantic_request_finish (result, self, dynantic_update_execute_async, error);
  if (call == NULL)
    return FALSE;
  take_results (self, call);
  return TRUE;
}

/**
 * dynantic_update_get_returned_item:
 * @self: an update
 *
 * The item the last execution returned with %DYNANTIC_RETURN_VALUES_ALL_OLD
 * or %DYNANTIC_RETURN_VALUES_ALL_NEW, as an object of the model class (of
 * the subclass registered for its discriminator, through a polymorphic
 * base class).
 *
 * Returns: (transfer none) (nullable): the item, or %NULL when no `ALL_`
 *   kind was asked for, when %DYNANTIC_RETURN_VALUES_ALL_OLD found no item
 *   before the update, or before the update was executed
 *
 * Since: 0.1
 */
DynanticModel *
dynantic_update_get_returned_item (DynanticUpdate *self)
{
  g_return_val_if_fail (DYNANTIC_IS_UPDATE (self), NULL);

  return self->returned_item;
}

/**
 * dynantic_update_get_returned_attributes:
 * @self: an update
 *
 * The attributes the last execution changed, as they were before it
 * (%DYNANTIC_RETURN_VALUES_UPDATED_OLD) or after it
 * (%DYNANTIC_RETURN_VALUES_UPDATED_NEW), by attribute name. An attribute a
 * property stores holds a value of the property's type (a #GDateTime for a
 * TTL property, a #GStrv for a string set); any other (an attribute no
 * property stores, a nested model) holds a #JsonNode in DynamoDB's JSON
 * form, such as `{"S": "text"}`, as dynantic_model_get_extra_attribute()
 * gives. For a path inside an attribute (`"address.city"`), DynamoDB
 * returns the top-level attribute holding only what was changed.
 *
 * Returns: (transfer none) (nullable) (element-type utf8 GValue): the
 *   attributes, or %NULL when no `UPDATED_` kind was asked for, when none
 *   of the changed attributes existed before the update
 *   (%DYNANTIC_RETURN_VALUES_UPDATED_OLD), or before the update was executed
 *
 * Since: 0.1
 */
GHashTable *
dynantic_update_get_returned_attributes (DynanticUpdate *self)
{
  g_return_val_if_fail (DYNANTIC_IS_UPDATE (self), NULL);

  return self->returned_attributes;
}
