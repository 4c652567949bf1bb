/* dynantic-update.c: atomic updates of one item (UpdateItem)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "dynantic-client-private.h"
#include "dynantic-coerce-private.h"
#include "dynantic-enums.h"
#include "dynantic-error.h"
#include "dynantic-expression-private.h"
#include "dynantic-i18n-private.h"
#include "dynantic-item-private.h"
#include "dynantic-model-private.h"
#include "dynantic-update-private.h"

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
 * g_autoptr(DynanticUpdate) update = dynantic_update_new (USER_TYPE, NULL, &email, NULL);
 *
 * dynantic_update_add (update, "login-count", &one);
 * dynantic_update_set (update, "status", &active);
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
 */

typedef enum {
  ACTION_SET,
  ACTION_SET_IF_NOT_EXISTS,
  ACTION_APPEND,
  ACTION_PREPEND,
  ACTION_INCREMENT,
  ACTION_DECREMENT,
  ACTION_ADD,
  ACTION_REMOVE,
  ACTION_DELETE,
} ActionKind;

/* The functions that add each action, for error messages. */
static const char * const action_names[] = {
  "set", "set_if_not_exists", "append", "prepend", "increment", "decrement", "add", "remove", "delete",
};

typedef struct {
  ActionKind  kind;
  char       *path;
  GValue      value;   /* unset: none given */
} Action;

struct _DynanticUpdate {
  GObject               parent_instance;

  GType                 model_type;
  DynanticClient       *client;          /* given to dynantic_update_new(), or NULL */
  DynanticModel        *item;            /* a patch's object: its key, its client */
  GValue                partition_key;   /* unset for a patch */
  GValue                sort_key;        /* unset: none given */
  GArray               *actions;         /* Action */
  DynanticCondition    *condition;
  DynanticReturnValues  return_values;

  /* what the last execution returned */
  DynanticModel        *returned_item;
  GHashTable           *returned_attributes;
};

G_DEFINE_FINAL_TYPE (DynanticUpdate, dynantic_update, G_TYPE_OBJECT)

static void
action_clear (gpointer data)
{
  Action *action = data;

  g_free (action->path);
  if (G_IS_VALUE (&action->value))
    g_value_unset (&action->value);
}

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
  self->actions = g_array_new (FALSE, TRUE, sizeof (Action));
  g_array_set_clear_func (self->actions, action_clear);
}

/* Sets @dest (unset) to a copy of @src, when @src holds a value. */
static void
copy_value (GValue       *dest,
            const GValue *src)
{
  if (src == NULL || !G_IS_VALUE (src))
    return;
  g_value_init (dest, G_VALUE_TYPE (src));
  g_value_copy (src, dest);
}

/**
 * dynantic_update_new:
 * @model_type: a #DynanticModel subtype with a table
 * @client: (nullable): the client to call through, or %NULL for the class's
 * @partition_key: the partition key's value
 * @sort_key: (nullable): the sort key's value, for tables that have one
 *
 * Makes an update of the item with the given key. The keys are checked
 * when the update is executed, as dynantic_model_get() checks them: a
 * value of another type than the key's property, or an empty string, fails
 * before anything is sent.
 *
 * Returns: (transfer full): a new update without actions
 */
DynanticUpdate *
dynantic_update_new (GType           model_type,
                     DynanticClient *client,
                     const GValue   *partition_key,
                     const GValue   *sort_key)
{
  DynanticUpdate *self;

  g_return_val_if_fail (g_type_is_a (model_type, DYNANTIC_TYPE_MODEL), NULL);
  g_return_val_if_fail (client == NULL || DYNANTIC_IS_CLIENT (client), NULL);

  self = g_object_new (DYNANTIC_TYPE_UPDATE, NULL);
  self->model_type = model_type;
  g_set_object (&self->client, client);
  copy_value (&self->partition_key, partition_key);
  copy_value (&self->sort_key, sort_key);
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
 */
GType
dynantic_update_get_model_type (DynanticUpdate *self)
{
  g_return_val_if_fail (DYNANTIC_IS_UPDATE (self), G_TYPE_INVALID);

  return self->model_type;
}

/* Actions ------------------------------------------------------------------ */

static DynanticUpdate *
push_action (DynanticUpdate *self,
             ActionKind      kind,
             const char     *path,
             const GValue   *value)
{
  Action action = { kind, g_strdup (path), G_VALUE_INIT };

  copy_value (&action.value, value);
  g_array_append_val (self->actions, action);
  return self;
}

/**
 * dynantic_update_set:
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
 */
DynanticUpdate *
dynantic_update_set (DynanticUpdate *self,
                     const char     *path,
                     const GValue   *value)
{
  g_return_val_if_fail (DYNANTIC_IS_UPDATE (self), NULL);
  g_return_val_if_fail (path != NULL, self);

  return push_action (self, ACTION_SET, path, value);
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
 */
DynanticUpdate *
dynantic_update_set_if_not_exists (DynanticUpdate *self,
                                   const char     *path,
                                   const GValue   *value)
{
  g_return_val_if_fail (DYNANTIC_IS_UPDATE (self), NULL);
  g_return_val_if_fail (path != NULL, self);

  return push_action (self, ACTION_SET_IF_NOT_EXISTS, path, value);
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
 */
DynanticUpdate *
dynantic_update_append (DynanticUpdate *self,
                        const char     *path,
                        const GValue   *values)
{
  g_return_val_if_fail (DYNANTIC_IS_UPDATE (self), NULL);
  g_return_val_if_fail (path != NULL, self);

  return push_action (self, ACTION_APPEND, path, values);
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
 */
DynanticUpdate *
dynantic_update_prepend (DynanticUpdate *self,
                         const char     *path,
                         const GValue   *values)
{
  g_return_val_if_fail (DYNANTIC_IS_UPDATE (self), NULL);
  g_return_val_if_fail (path != NULL, self);

  return push_action (self, ACTION_PREPEND, path, values);
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
 */
DynanticUpdate *
dynantic_update_increment (DynanticUpdate *self,
                           const char     *path,
                           const GValue   *amount)
{
  g_return_val_if_fail (DYNANTIC_IS_UPDATE (self), NULL);
  g_return_val_if_fail (path != NULL, self);

  return push_action (self, ACTION_INCREMENT, path, amount);
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
 */
DynanticUpdate *
dynantic_update_decrement (DynanticUpdate *self,
                           const char     *path,
                           const GValue   *amount)
{
  g_return_val_if_fail (DYNANTIC_IS_UPDATE (self), NULL);
  g_return_val_if_fail (path != NULL, self);

  return push_action (self, ACTION_DECREMENT, path, amount);
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
 */
DynanticUpdate *
dynantic_update_add (DynanticUpdate *self,
                     const char     *path,
                     const GValue   *value)
{
  g_return_val_if_fail (DYNANTIC_IS_UPDATE (self), NULL);
  g_return_val_if_fail (path != NULL, self);

  return push_action (self, ACTION_ADD, path, value);
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
 */
DynanticUpdate *
dynantic_update_remove (DynanticUpdate *self,
                        const char     *path)
{
  g_return_val_if_fail (DYNANTIC_IS_UPDATE (self), NULL);
  g_return_val_if_fail (path != NULL, self);

  return push_action (self, ACTION_REMOVE, path, NULL);
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
 * delete a whole item, see dynantic_model_delete().
 *
 * Returns: (transfer none): @self, to chain calls
 */
DynanticUpdate *
dynantic_update_delete (DynanticUpdate *self,
                        const char     *path,
                        const GValue   *elements)
{
  g_return_val_if_fail (DYNANTIC_IS_UPDATE (self), NULL);
  g_return_val_if_fail (path != NULL, self);

  return push_action (self, ACTION_DELETE, path, elements);
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
 */
DynanticReturnValues
dynantic_update_get_return_values (DynanticUpdate *self)
{
  g_return_val_if_fail (DYNANTIC_IS_UPDATE (self), DYNANTIC_RETURN_VALUES_NONE);

  return self->return_values;
}

/* Compiling the update expression ------------------------------------------ */

typedef enum {
  CLAUSE_SET,
  CLAUSE_REMOVE,
  CLAUSE_ADD,
  CLAUSE_DELETE,
  N_CLAUSES,
} Clause;

static const char * const clause_keywords[N_CLAUSES] = { "SET", "REMOVE", "ADD", "DELETE" };

typedef struct {
  const DynanticSchema      *schema;
  DynanticExpressionContext *context;
  GString                   *clauses[N_CLAUSES];
  GPtrArray                 *paths;   /* each action's path as placeholders */
  GPtrArray                 *texts;   /* the same, as the caller wrote it */
} Compiler;

/* Where an action's path leads. */
typedef struct {
  const char                   *text;      /* the caller's path */
  char                         *path;      /* the attribute path (a property's name resolved) */
  const DynanticSchemaProperty *root;      /* the property stored in its top-level attribute */
  gboolean                      whole;     /* the path names the whole attribute */
} Target;

static void
target_clear (Target *target)
{
  g_clear_pointer (&target->path, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Target, target_clear)

/* The property whose whole value the path names, or NULL. */
static const DynanticSchemaProperty *
target_property (const Target *target)
{
  return target->whole ? target->root : NULL;
}

/* @path with its top-level name replaced by @attribute. */
static char *
path_with_root (const DynanticPath *path,
                const char         *attribute)
{
  GString *text = g_string_new (NULL);
  g_autofree char *root = dynantic_path_escape_name (attribute);

  g_string_append (text, root);
  for (guint i = 1; i < dynantic_path_get_n_segments (path); i++)
    {
      const DynanticPathSegment *segment = dynantic_path_get_segment (path, i);
      g_autofree char *name = NULL;

      if (segment->name == NULL)
        {
          g_string_append_printf (text, "[%u]", segment->index);
          continue;
        }
      name = dynantic_path_escape_name (segment->name);
      g_string_append_printf (text, ".%s", name);
    }
  return g_string_free (text, FALSE);
}

/* An attribute's name is taken as such; failing that, a property's name
 * stands for its attribute. */
static gboolean
resolve_target (const DynanticSchema  *schema,
                const char            *text,
                Target                *target,
                GError               **error)
{
  g_autoptr(DynanticPath) path = dynantic_path_parse (text, error);
  const char *root;

  if (path == NULL)
    return FALSE;
  root = dynantic_path_get_root (path);
  target->text = text;
  target->whole = dynantic_path_is_root (path);
  target->root = dynantic_schema_find_attribute (schema, root);
  if (target->root == NULL && (target->root = dynantic_schema_find_property (schema, root)) != NULL)
    target->path = path_with_root (path, target->root->attribute);
  else
    target->path = g_strdup (text);
  return TRUE;
}

static gboolean
check_not_key (const DynanticSchema  *schema,
               const Target          *target,
               GError               **error)
{
  if (target->root == NULL ||
      (target->root != dynantic_schema_get_partition_key (schema) &&
       target->root != dynantic_schema_get_sort_key (schema)))
    return TRUE;
  g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
               _("The key “%s” cannot be updated: it identifies the item"), target->root->name);
  return FALSE;
}

/* Whether two paths (as placeholders) are the same, or one lies inside
 * the other. */
static gboolean
paths_overlap (const char *a,
               const char *b)
{
  gsize length_a = strlen (a);
  gsize length_b = strlen (b);
  const char *longer = length_a >= length_b ? a : b;
  gsize common = MIN (length_a, length_b);

  return strncmp (a, b, common) == 0 &&
         (longer[common] == '\0' || longer[common] == '.' || longer[common] == '[');
}

/* The path's placeholders ("#n0.#n1"); fails when an earlier action's path
 * is the same or overlaps it (DynamoDB refuses both). */
static char *
add_path (Compiler      *compiler,
          const Target  *target,
          GError       **error)
{
  g_autofree char *path = dynantic_expression_context_add_path (compiler->context, target->path, error);

  if (path == NULL)
    return NULL;
  for (guint i = 0; i < compiler->paths->len; i++)
    {
      const char *earlier = g_ptr_array_index (compiler->paths, i);

      if (!paths_overlap (earlier, path))
        continue;
      if (strcmp (earlier, path) == 0)
        g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                     _("The path “%s” is in more than one action of the update"), target->text);
      else
        g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                     _("The paths “%s” and “%s” of the update overlap"),
                     (const char *) g_ptr_array_index (compiler->texts, i), target->text);
      return NULL;
    }
  g_ptr_array_add (compiler->paths, g_strdup (path));
  g_ptr_array_add (compiler->texts, (gpointer) target->text);
  return g_steal_pointer (&path);
}

static void clause_append (Compiler   *compiler,
                           Clause      clause,
                           const char *format,
                           ...) G_GNUC_PRINTF (3, 4);

static void
clause_append (Compiler   *compiler,
               Clause      clause,
               const char *format,
               ...)
{
  GString *out = compiler->clauses[clause];
  va_list args;

  g_string_append (out, out->len == 0 ? clause_keywords[clause] : ",");
  g_string_append_c (out, ' ');
  va_start (args, format);
  g_string_append_vprintf (out, format, args);
  va_end (args);
}

/* The value added last, as converted. */
static const GValue *
last_value (Compiler *compiler)
{
  guint n_values = dynantic_expression_context_get_n_values (compiler->context);

  return dynantic_expression_context_get_value (compiler->context, n_values - 1, NULL);
}

static gboolean fail_validation (GError     **error,
                                 const char  *format,
                                 ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail_validation (GError     **error,
                 const char  *format,
                 ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION, format, args));
  va_end (args);
  return FALSE;
}

static gboolean
require_value (const Action  *action,
               const Target  *target,
               GError       **error)
{
  if (G_IS_VALUE (&action->value) && !dynantic_item_value_is_null (&action->value))
    return TRUE;
  g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
               _("The action “%s” on “%s” needs a value"), action_names[action->kind], target->text);
  return FALSE;
}

static gboolean
property_holds_number (const DynanticSchemaProperty *property)
{
  return dynantic_coerce_is_number (property->value_type) ||
         (property->flags & (DYNANTIC_VALUE_NUMBER_STRING | DYNANTIC_VALUE_EPOCH_SECONDS)) != 0;
}

static gboolean
property_holds_set (const DynanticSchemaProperty *property)
{
  return (property->flags & DYNANTIC_VALUE_SET) != 0 || G_TYPE_IS_FLAGS (property->value_type);
}

static gboolean
property_holds_list (const DynanticSchemaProperty *property)
{
  return (property->value_type == G_TYPE_STRV && (property->flags & DYNANTIC_VALUE_SET) == 0) ||
         property->value_type == G_TYPE_VARIANT || property->value_type == JSON_TYPE_NODE;
}

/* Whether the codec writes @value as a list (L). */
static gboolean
value_is_list (const GValue *value)
{
  if (G_VALUE_HOLDS (value, G_TYPE_STRV))
    return TRUE;
  if (G_VALUE_HOLDS (value, JSON_TYPE_NODE))
    return g_value_get_boxed (value) != NULL && JSON_NODE_HOLDS_ARRAY ((JsonNode *) g_value_get_boxed (value));
  if (G_VALUE_HOLDS (value, G_TYPE_VARIANT))
    {
      const GVariantType *type = g_variant_get_type (g_value_get_variant (value));

      return g_variant_type_is_tuple (type) ||
             (g_variant_type_is_array (type) &&
              !g_variant_type_is_dict_entry (g_variant_type_element (type)) &&
              !g_variant_type_equal (g_variant_type_element (type), G_VARIANT_TYPE_BYTE));
    }
  return FALSE;
}

/* Whether @value is one @property's spec accepts: in range, a member of
 * the enum, of the allowed characters. The other rules of string specs
 * (folding "" to NULL and back) normalize rather than refuse. */
static gboolean
value_fits_property (const DynanticSchemaProperty *property,
                     const GValue                 *value)
{
  g_auto(GValue) copy = G_VALUE_INIT;

  if (G_IS_PARAM_SPEC_STRING (property->pspec) &&
      G_PARAM_SPEC_STRING (property->pspec)->cset_first == NULL &&
      G_PARAM_SPEC_STRING (property->pspec)->cset_nth == NULL)
    return TRUE;
  copy_value (&copy, value);
  return !g_param_value_validate (property->pspec, &copy);
}

/* Whether the codec stores values of @property's type by that type (not
 * by the shape of each value, as for variants and JSON nodes). */
static gboolean
property_converts (const DynanticSchemaProperty *property)
{
  return property->value_type != G_TYPE_VARIANT && property->value_type != JSON_TYPE_NODE;
}

/* Adds the caller's @value for @target and returns its placeholder. A value
 * for a whole property is converted to the property's type here (and, with
 * @check_range, checked against its spec), so that errors name the path as
 * the caller wrote it; the context converts the others for @role. */
static const char *
add_value (Compiler           *compiler,
           const Target       *target,
           const GValue       *value,
           DynanticValueRole   role,
           gboolean            check_range,
           GError            **error)
{
  const DynanticSchemaProperty *property = target_property (target);
  g_auto(GValue) converted = G_VALUE_INIT;

  if (property != NULL && role == DYNANTIC_VALUE_ROLE_PROPERTY && property_converts (property))
    {
      if (!dynantic_coerce_value (target->text, value, property->value_type, property->flags,
                                  &converted, error))
        return NULL;
      if (check_range && !value_fits_property (property, &converted))
        {
          fail_validation (error, _("The value for “%s” is out of its property’s range or values"),
                           target->text);
          return NULL;
        }
      value = &converted;
    }
  return dynantic_expression_context_add_value (compiler->context, target->path, value, role, error);
}

/* Whether SET stores nothing, which removes: what a save leaves out. */
static gboolean
set_removes (const Action *action,
             const Target *target)
{
  const DynanticSchemaProperty *property = target_property (target);

  return !G_IS_VALUE (&action->value) || dynantic_item_value_is_null (&action->value) ||
         (property != NULL && G_VALUE_TYPE (&action->value) == property->value_type &&
          dynantic_value_is_empty_set (&action->value, property->flags));
}

static gboolean
compile_set (Compiler      *compiler,
             const Action  *action,
             const Target  *target,
             const char    *path,
             GError       **error)
{
  const DynanticSchemaProperty *property = target_property (target);
  const char *value;

  if (property != NULL && property->model_type != 0)
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                   _("“%s” holds a nested model, which an update changes one attribute at a time "
                     "(“%s.name”)"), target->text, target->text);
      return FALSE;
    }
  if (!(value = add_value (compiler, target, &action->value, DYNANTIC_VALUE_ROLE_PROPERTY, TRUE, error)))
    return FALSE;

  if (action->kind == ACTION_SET_IF_NOT_EXISTS)
    clause_append (compiler, CLAUSE_SET, "%s = if_not_exists(%s, %s)", path, path, value);
  else
    clause_append (compiler, CLAUSE_SET, "%s = %s", path, value);
  return TRUE;
}

/* The empty list a missing list starts as: of the property's type when
 * the codec converts to it, else a JSON array. */
static const char *
add_empty_list (Compiler      *compiler,
                const Target  *target,
                GError       **error)
{
  const DynanticSchemaProperty *property = target_property (target);
  g_auto(GValue) empty = G_VALUE_INIT;

  if (property != NULL && property->value_type == G_TYPE_STRV)
    {
      char *none[] = { NULL };

      g_value_init (&empty, G_TYPE_STRV);
      g_value_set_boxed (&empty, none);
    }
  else
    {
      JsonNode *node = json_node_new (JSON_NODE_ARRAY);

      json_node_take_array (node, json_array_new ());
      g_value_init (&empty, JSON_TYPE_NODE);
      g_value_take_boxed (&empty, node);
    }
  return add_value (compiler, target, &empty, DYNANTIC_VALUE_ROLE_PROPERTY, FALSE, error);
}

static gboolean
compile_list_append (Compiler      *compiler,
                     const Action  *action,
                     const Target  *target,
                     const char    *path,
                     GError       **error)
{
  const DynanticSchemaProperty *property = target_property (target);
  const char *values;
  const char *empty;

  if (!require_value (action, target, error))
    return FALSE;
  if (property != NULL && !property_holds_list (property))
    return fail_validation (error, _("“%s” does not hold a list"), target->text);
  if (!(values = add_value (compiler, target, &action->value, DYNANTIC_VALUE_ROLE_PROPERTY, FALSE, error)))
    return FALSE;
  if (!value_is_list (last_value (compiler)))
    return fail_validation (error, _("The value for “%s” must be a list"), target->text);
  if (!(empty = add_empty_list (compiler, target, error)))
    return FALSE;

  if (action->kind == ACTION_PREPEND)
    clause_append (compiler, CLAUSE_SET, "%s = list_append(%s, if_not_exists(%s, %s))", path, values, path, empty);
  else
    clause_append (compiler, CLAUSE_SET, "%s = list_append(if_not_exists(%s, %s), %s)", path, path, empty, values);
  return TRUE;
}

static gboolean
compile_arithmetic (Compiler      *compiler,
                    const Action  *action,
                    const Target  *target,
                    const char    *path,
                    GError       **error)
{
  const DynanticSchemaProperty *property = target_property (target);
  const char *amount;

  if (!require_value (action, target, error))
    return FALSE;
  if (property != NULL && !property_holds_number (property))
    return fail_validation (error, _("“%s” does not hold a number"), target->text);
  amount = add_value (compiler, target, &action->value,
                      property != NULL ? DYNANTIC_VALUE_ROLE_PROPERTY : DYNANTIC_VALUE_ROLE_NUMBER, FALSE, error);
  if (amount == NULL)
    return FALSE;

  clause_append (compiler, CLAUSE_SET, "%s = %s %c %s", path, path,
                 action->kind == ACTION_INCREMENT ? '+' : '-', amount);
  return TRUE;
}

/* ADD takes a number or a set; DELETE a set. */
static gboolean
compile_add_delete (Compiler      *compiler,
                    const Action  *action,
                    const Target  *target,
                    const char    *path,
                    GError       **error)
{
  const DynanticSchemaProperty *property = target_property (target);
  GType type = G_VALUE_TYPE (&action->value);
  gboolean add = action->kind == ACTION_ADD;
  gboolean is_number;
  const char *value;

  if (!require_value (action, target, error))
    return FALSE;
  is_number = property != NULL ? property_holds_number (property) : dynantic_coerce_is_number (type);
  if (!(property != NULL ? property_holds_set (property) : G_TYPE_IS_FLAGS (type)) && !(add && is_number))
    return fail_validation (error, add ? _("“%s” takes neither a number nor a set, which ADD needs")
                                       : _("“%s” does not take a set, which DELETE needs"), target->text);
  value = add_value (compiler, target, &action->value,
                     property == NULL && is_number ? DYNANTIC_VALUE_ROLE_NUMBER : DYNANTIC_VALUE_ROLE_PROPERTY,
                     FALSE, error);
  if (value == NULL)
    return FALSE;

  clause_append (compiler, add ? CLAUSE_ADD : CLAUSE_DELETE, "%s %s", path, value);
  return TRUE;
}

static gboolean
compile_kind (Compiler      *compiler,
              const Action  *action,
              const Target  *target,
              const char    *path,
              GError       **error)
{
  switch (action->kind)
    {
    case ACTION_SET:
      if (set_removes (action, target))
        break;
      G_GNUC_FALLTHROUGH;
    case ACTION_SET_IF_NOT_EXISTS:
      return require_value (action, target, error) && compile_set (compiler, action, target, path, error);
    case ACTION_APPEND:
    case ACTION_PREPEND:
      return compile_list_append (compiler, action, target, path, error);
    case ACTION_INCREMENT:
    case ACTION_DECREMENT:
      return compile_arithmetic (compiler, action, target, path, error);
    case ACTION_ADD:
    case ACTION_DELETE:
      return compile_add_delete (compiler, action, target, path, error);
    case ACTION_REMOVE:
    default:
      break;
    }
  clause_append (compiler, CLAUSE_REMOVE, "%s", path);
  return TRUE;
}

static gboolean
compile_action (Compiler      *compiler,
                const Action  *action,
                GError       **error)
{
  g_auto(Target) target = { NULL, NULL, NULL, FALSE };
  g_autofree char *path = NULL;

  return resolve_target (compiler->schema, action->path, &target, error) &&
         check_not_key (compiler->schema, &target, error) &&
         (path = add_path (compiler, &target, error)) != NULL &&
         compile_kind (compiler, action, &target, path, error);
}

static char *
join_clauses (Compiler *compiler)
{
  GString *expression = g_string_new (NULL);

  for (guint i = 0; i < N_CLAUSES; i++)
    {
      if (compiler->clauses[i]->len == 0)
        continue;
      if (expression->len > 0)
        g_string_append_c (expression, ' ');
      g_string_append_len (expression, compiler->clauses[i]->str, compiler->clauses[i]->len);
    }
  return g_string_free (expression, FALSE);
}

/* The UpdateExpression of @self's actions, their names and values kept in
 * @context. */
static char *
compile_update (DynanticUpdate             *self,
                const DynanticSchema       *schema,
                DynanticExpressionContext  *context,
                GError                    **error)
{
  Compiler compiler = { schema, context, { NULL }, NULL, NULL };
  char *expression = NULL;
  gboolean ok = TRUE;

  if (self->actions->len == 0)
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                   _("An update of an item of “%s” needs at least one action"),
                   g_type_name (dynantic_schema_get_model_type (schema)));
      return NULL;
    }

  for (guint i = 0; i < N_CLAUSES; i++)
    compiler.clauses[i] = g_string_new (NULL);
  compiler.paths = g_ptr_array_new_with_free_func (g_free);
  compiler.texts = g_ptr_array_new ();
  for (guint i = 0; ok && i < self->actions->len; i++)
    ok = compile_action (&compiler, &g_array_index (self->actions, Action, i), error);
  if (ok)
    expression = join_clauses (&compiler);

  for (guint i = 0; i < N_CLAUSES; i++)
    g_string_free (compiler.clauses[i], TRUE);
  g_ptr_array_unref (compiler.paths);
  g_ptr_array_unref (compiler.texts);
  return expression;
}

/* The request ------------------------------------------------------------- */

const DynanticSchema *
dynantic_update_lookup_schema (DynanticUpdate  *self,
                               GError         **error)
{
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

gboolean
dynantic_update_write_members (DynanticUpdate        *self,
                               const DynanticSchema  *schema,
                               DynanticJsonWriter    *writer,
                               GError               **error)
{
  g_autoptr(DynanticExpressionContext) context = NULL;
  g_autofree char *update_expression = NULL;
  g_autofree char *condition_expression = NULL;

  g_return_val_if_fail (DYNANTIC_IS_UPDATE (self), FALSE);

  context = dynantic_expression_context_new (dynantic_schema_resolve_attribute, (gpointer) schema);
  update_expression = compile_update (self, schema, context, error);
  if (update_expression == NULL)
    return FALSE;
  if (self->condition != NULL &&
      !(condition_expression = dynantic_expression_context_compile_condition (context, self->condition, error)))
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
    }
  return dynantic_expression_context_write (context, writer, error);
}

static const char * const return_values_names[] = {
  [DYNANTIC_RETURN_VALUES_NONE] = "NONE",
  [DYNANTIC_RETURN_VALUES_ALL_OLD] = "ALL_OLD",
  [DYNANTIC_RETURN_VALUES_UPDATED_OLD] = "UPDATED_OLD",
  [DYNANTIC_RETURN_VALUES_ALL_NEW] = "ALL_NEW",
  [DYNANTIC_RETURN_VALUES_UPDATED_NEW] = "UPDATED_NEW",
};

/* One UpdateItem call: encoded when made (every check comes before any
 * I/O), then sent synchronously or not; what it returned lands here until
 * it is handed to the update. */
typedef struct {
  DynanticClient       *client;
  DynanticClient       *item_client;   /* given to the object returned, when explicit */
  GBytes               *body;
  const DynanticSchema *schema;
  DynanticReturnValues  return_values;
  DynanticModel        *returned_item;
  GHashTable           *returned_attributes;
} Request;

static void
request_free (Request *request)
{
  g_clear_object (&request->client);
  g_clear_object (&request->item_client);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_clear_object (&request->returned_item);
  g_clear_pointer (&request->returned_attributes, g_hash_table_unref);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Request, request_free)

static GBytes *
encode_body (DynanticUpdate        *self,
             const DynanticSchema  *schema,
             GError               **error)
{
  g_autoptr(GString) out = g_string_sized_new (512);
  DynanticJsonWriter writer;

  dynantic_json_writer_init (&writer, out);
  dynantic_json_writer_begin_object (&writer);
  if (!dynantic_update_write_members (self, schema, &writer, error))
    return NULL;
  if (self->return_values != DYNANTIC_RETURN_VALUES_NONE)
    {
      dynantic_json_writer_member (&writer, "ReturnValues");
      dynantic_json_writer_string (&writer, return_values_names[self->return_values], -1);
    }
  dynantic_json_writer_end_object (&writer);
  return g_string_free_to_bytes (g_steal_pointer (&out));
}

static Request *
request_new (DynanticUpdate  *self,
             GError         **error)
{
  const DynanticSchema *schema = dynantic_update_lookup_schema (self, error);
  Request *request;
  GBytes *body;

  if (schema == NULL || !(body = encode_body (self, schema, error)))
    return NULL;

  request = g_new0 (Request, 1);
  request->body = body;
  request->schema = schema;
  request->return_values = self->return_values;
  if (self->item != NULL)
    request->client = g_object_ref (dynantic_model_get_client (self->item));
  else
    request->client = dynantic_model_resolve_client (self->model_type, self->client);
  if (self->client != NULL)
    request->item_client = g_object_ref (self->client);
  return request;
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
static gboolean
request_read_response (Request  *request,
                       GBytes   *response,
                       GError  **error)
{
  DynanticJsonReader reader;
  gsize length = 0;
  const char *data = g_bytes_get_data (response, &length);
  GError *local_error = NULL;
  gboolean found = FALSE;

  if (request->return_values == DYNANTIC_RETURN_VALUES_NONE)
    return TRUE;

  dynantic_json_reader_init (&reader, data, length);
  if (dynantic_json_reader_find_member (&reader, "Attributes", &found, &local_error) && found)
    {
      if (returns_item (request->return_values))
        request->returned_item = dynantic_item_read (&reader, request->schema, &local_error);
      else
        request->returned_attributes = read_attributes (&reader, request->schema, &local_error);
    }
  dynantic_json_reader_clear (&reader);

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (request->returned_item != NULL && request->item_client != NULL)
    dynantic_model_set_client (request->returned_item, request->item_client);
  return TRUE;
}

static void
take_results (DynanticUpdate *self,
              Request        *request)
{
  clear_results (self);
  self->returned_item = g_steal_pointer (&request->returned_item);
  self->returned_attributes = g_steal_pointer (&request->returned_attributes);
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
 */
gboolean
dynantic_update_execute (DynanticUpdate  *self,
                         GCancellable    *cancellable,
                         GError         **error)
{
  g_autoptr(Request) request = NULL;
  g_autoptr(GBytes) response = NULL;

  g_return_val_if_fail (DYNANTIC_IS_UPDATE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  clear_results (self);
  request = request_new (self, error);
  if (request == NULL)
    return FALSE;
  response = dynantic_client_send (request->client, "UpdateItem", request->body, cancellable, error);
  if (response == NULL || !request_read_response (request, response, error))
    return FALSE;
  take_results (self, request);
  return TRUE;
}

static void
execute_ready (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GBytes) response = NULL;
  GError *error = NULL;

  response = dynantic_client_send_finish (DYNANTIC_CLIENT (source), result, &error);
  if (response == NULL || !request_read_response (request, response, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
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
 */
void
dynantic_update_execute_async (DynanticUpdate      *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  Request *request;

  g_return_if_fail (DYNANTIC_IS_UPDATE (self));

  clear_results (self);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dynantic_update_execute_async);
  request = request_new (self, &error);
  if (request == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  dynantic_client_send_async (request->client, "UpdateItem", request->body, cancellable,
                              execute_ready, g_steal_pointer (&task));
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
 */
gboolean
dynantic_update_execute_finish (DynanticUpdate  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (DYNANTIC_IS_UPDATE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, dynantic_update_execute_async), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  take_results (self, g_task_get_task_data (G_TASK (result)));
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
 */
GHashTable *
dynantic_update_get_returned_attributes (DynanticUpdate *self)
{
  g_return_val_if_fail (DYNANTIC_IS_UPDATE (self), NULL);

  return self->returned_attributes;
}
