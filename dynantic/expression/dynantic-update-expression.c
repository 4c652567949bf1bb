/* dynantic-update-expression.c: an update's actions as one UpdateExpression
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "codec/dynantic-coerce-private.h"
#include "dynantic-error.h"
#include "dynantic-i18n-private.h"
#include "dynantic-item-private.h"
#include "dynantic-model-private.h"
#include "dynantic-update-expression-private.h"

/* The functions that add each action, for error messages. */
static const char * const action_names[] = {
  "set", "set_if_not_exists", "append", "prepend", "increment", "decrement", "add", "remove", "delete",
};

void
dynantic_update_action_clear (gpointer data)
{
  DynanticUpdateAction *action = data;

  g_free (action->path);
  if (G_IS_VALUE (&action->value))
    g_value_unset (&action->value);
}

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

/* The one rule for paths (dynantic_schema_resolve_root()): an attribute's
 * name is taken as such; failing that, a property's name (either spelling)
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
  target->root = dynantic_schema_resolve_root (schema, root);
  if (target->root != NULL && strcmp (target->root->attribute, root) != 0)
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
               /* Translators: %s is the name of a key attribute */
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
                     /* Translators: %s is an attribute path */
                     _("The path “%s” is in more than one action of the update"), target->text);
      else
        g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                     /* Translators: both %s are attribute paths, the one of an earlier action first */
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
require_value (const DynanticUpdateAction  *action,
               const Target                *target,
               GError                     **error)
{
  if (G_IS_VALUE (&action->value) && !dynantic_item_value_is_null (&action->value))
    return TRUE;
  g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
               /* Translators: the first %s is an update action's name (such as set or append),
                * not to be translated; the second an attribute path */
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
      if (check_range && !dynantic_model_value_fits_pspec (property->pspec, &converted))
        {
          /* Translators: %s is an attribute path */
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
set_removes (const DynanticUpdateAction *action,
             const Target               *target)
{
  const DynanticSchemaProperty *property = target_property (target);

  return !G_IS_VALUE (&action->value) || dynantic_item_value_is_null (&action->value) ||
         (property != NULL && G_VALUE_TYPE (&action->value) == property->value_type &&
          dynantic_value_is_empty_set (&action->value, property->flags));
}

static gboolean
compile_set (Compiler                    *compiler,
             const DynanticUpdateAction  *action,
             const Target                *target,
             const char                  *path,
             GError                     **error)
{
  const DynanticSchemaProperty *property = target_property (target);
  const char *value;

  if (property != NULL && property->model_type != 0)
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                   /* Translators: both %s are the same attribute path; “.name” stands for any
                    * attribute inside it and may be translated as an example */
                   _("“%s” holds a nested model, which an update changes one attribute at a time "
                     "(“%s.name”)"), target->text, target->text);
      return FALSE;
    }
  if (!(value = add_value (compiler, target, &action->value, DYNANTIC_VALUE_ROLE_PROPERTY, TRUE, error)))
    return FALSE;

  if (action->kind == DYNANTIC_UPDATE_SET_IF_NOT_EXISTS)
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
compile_list_append (Compiler                    *compiler,
                     const DynanticUpdateAction  *action,
                     const Target                *target,
                     const char                  *path,
                     GError                     **error)
{
  const DynanticSchemaProperty *property = target_property (target);
  const char *values;
  const char *empty;

  if (!require_value (action, target, error))
    return FALSE;
  if (property != NULL && !property_holds_list (property))
    /* Translators: %s is an attribute path */
    return fail_validation (error, _("“%s” does not hold a list"), target->text);
  if (!(values = add_value (compiler, target, &action->value, DYNANTIC_VALUE_ROLE_PROPERTY, FALSE, error)))
    return FALSE;
  if (!value_is_list (last_value (compiler)))
    /* Translators: %s is an attribute path */
    return fail_validation (error, _("The value for “%s” must be a list"), target->text);
  if (!(empty = add_empty_list (compiler, target, error)))
    return FALSE;

  if (action->kind == DYNANTIC_UPDATE_PREPEND)
    clause_append (compiler, CLAUSE_SET, "%s = list_append(%s, if_not_exists(%s, %s))", path, values, path, empty);
  else
    clause_append (compiler, CLAUSE_SET, "%s = list_append(if_not_exists(%s, %s), %s)", path, path, empty, values);
  return TRUE;
}

static gboolean
compile_arithmetic (Compiler                    *compiler,
                    const DynanticUpdateAction  *action,
                    const Target                *target,
                    const char                  *path,
                    GError                     **error)
{
  const DynanticSchemaProperty *property = target_property (target);
  const char *amount;

  if (!require_value (action, target, error))
    return FALSE;
  if (property != NULL && !property_holds_number (property))
    /* Translators: %s is an attribute path */
    return fail_validation (error, _("“%s” does not hold a number"), target->text);
  amount = add_value (compiler, target, &action->value,
                      property != NULL ? DYNANTIC_VALUE_ROLE_PROPERTY : DYNANTIC_VALUE_ROLE_NUMBER, FALSE, error);
  if (amount == NULL)
    return FALSE;

  clause_append (compiler, CLAUSE_SET, "%s = %s %c %s", path, path,
                 action->kind == DYNANTIC_UPDATE_INCREMENT ? '+' : '-', amount);
  return TRUE;
}

/* ADD takes a number or a set; DELETE a set. */
static gboolean
compile_add_delete (Compiler                    *compiler,
                    const DynanticUpdateAction  *action,
                    const Target                *target,
                    const char                  *path,
                    GError                     **error)
{
  const DynanticSchemaProperty *property = target_property (target);
  GType type = G_VALUE_TYPE (&action->value);
  gboolean add = action->kind == DYNANTIC_UPDATE_ADD;
  gboolean is_number;
  const char *value;

  if (!require_value (action, target, error))
    return FALSE;
  is_number = property != NULL ? property_holds_number (property) : dynantic_coerce_is_number (type);
  if (!(property != NULL ? property_holds_set (property) : G_TYPE_IS_FLAGS (type)) && !(add && is_number))
    /* Translators: %s is an attribute path; ADD is DynamoDB's action name, not to be translated */
    return fail_validation (error, add ? _("“%s” takes neither a number nor a set, which ADD needs")
                                       /* Translators: %s is an attribute path; DELETE is DynamoDB's
                                        * action name, not to be translated */
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
compile_kind (Compiler                    *compiler,
              const DynanticUpdateAction  *action,
              const Target                *target,
              const char                  *path,
              GError                     **error)
{
  switch (action->kind)
    {
    case DYNANTIC_UPDATE_SET:
      if (set_removes (action, target))
        break;
      G_GNUC_FALLTHROUGH;
    case DYNANTIC_UPDATE_SET_IF_NOT_EXISTS:
      return require_value (action, target, error) && compile_set (compiler, action, target, path, error);
    case DYNANTIC_UPDATE_APPEND:
    case DYNANTIC_UPDATE_PREPEND:
      return compile_list_append (compiler, action, target, path, error);
    case DYNANTIC_UPDATE_INCREMENT:
    case DYNANTIC_UPDATE_DECREMENT:
      return compile_arithmetic (compiler, action, target, path, error);
    case DYNANTIC_UPDATE_ADD:
    case DYNANTIC_UPDATE_DELETE:
      return compile_add_delete (compiler, action, target, path, error);
    case DYNANTIC_UPDATE_REMOVE:
    default:
      break;
    }
  clause_append (compiler, CLAUSE_REMOVE, "%s", path);
  return TRUE;
}

static gboolean
compile_action (Compiler                    *compiler,
                const DynanticUpdateAction  *action,
                GError                     **error)
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

char *
dynantic_update_expression_compile (GArray                     *actions,
                                    const DynanticSchema       *schema,
                                    DynanticExpressionContext  *context,
                                    GError                    **error)
{
  Compiler compiler = { schema, context, { NULL }, NULL, NULL };
  char *expression = NULL;
  gboolean ok = TRUE;

  if (actions->len == 0)
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is a model class's GType name */
                   _("An update of an item of “%s” needs at least one action"),
                   g_type_name (dynantic_schema_get_model_type (schema)));
      return NULL;
    }

  for (guint i = 0; i < N_CLAUSES; i++)
    compiler.clauses[i] = g_string_new (NULL);
  compiler.paths = g_ptr_array_new_with_free_func (g_free);
  compiler.texts = g_ptr_array_new ();
  for (guint i = 0; ok && i < actions->len; i++)
    ok = compile_action (&compiler, &g_array_index (actions, DynanticUpdateAction, i), error);
  if (ok)
    expression = join_clauses (&compiler);

  for (guint i = 0; i < N_CLAUSES; i++)
    g_string_free (compiler.clauses[i], TRUE);
  g_ptr_array_unref (compiler.paths);
  g_ptr_array_unref (compiler.texts);
  return expression;
}
