/* dynantic-condition.c: conditions on items (filters, conditional writes)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "dynantic-condition-private.h"
#include "dynantic-error.h"
#include "dynantic-i18n-private.h"

/**
 * DynanticCondition:
 *
 * A condition on an item: what a filter keeps, or what must hold for a
 * conditional write to happen.
 *
 * Conditions compare attributes with values (dynantic_condition_eq(),
 * dynantic_condition_between(), dynantic_condition_in(), ...), test them
 * (dynantic_condition_attribute_exists(), dynantic_condition_begins_with(),
 * dynantic_condition_contains(), dynantic_condition_attribute_type(),
 * dynantic_condition_size()) and combine (dynantic_condition_andv(),
 * dynantic_condition_orv(), dynantic_condition_not()).
 *
 * An attribute is named by a path: `"price"`, a map member `"address.city"`,
 * a list element `"tags[0]"`, or deeper, `"orders[2].lines[0].sku"`. A
 * backslash takes the next character literally, for attribute names holding
 * `.`, `[`, `]` or `\` (see dynantic_attr_path_escape()). Paths are parsed
 * when the condition is built; a malformed one, like every other mistake in
 * a condition, is reported with %DYNANTIC_ERROR_INVALID_ARGUMENT when a
 * request that uses the condition is prepared.
 *
 * Names and values never appear in the expressions sent to DynamoDB: every
 * one becomes a placeholder. When a path names a property of a model, the
 * value is converted to the property's type and encoded as the model stores
 * it (an integer compared with a `double` property, a nick compared with an
 * enum property, ...); a value that does not fit is refused with
 * %DYNANTIC_ERROR_VALIDATION.
 *
 * Conditions nest (an `and` of `or`s of `not`s ...) up to
 * %DYNANTIC_CONDITION_MAX_DEPTH levels deep; a deeper one is refused, with
 * %DYNANTIC_ERROR_INVALID_ARGUMENT, before it is walked.
 *
 * A condition is immutable once built: share it freely, between threads too.
 *
 * Since: 0.1
 */

typedef enum {
  NODE_COMPARE,
  NODE_BETWEEN,
  NODE_IN,
  NODE_BEGINS_WITH,
  NODE_CONTAINS,
  NODE_EXISTS,
  NODE_NOT_EXISTS,
  NODE_TYPE,
  NODE_AND,
  NODE_OR,
  NODE_NOT,
} NodeKind;

struct _DynanticCondition {
  gatomicrefcount     ref_count;
  NodeKind            kind;
  guint               depth;        /* 1 for a leaf; 1 + the deepest child's */
  DynanticComparison  comparison;
  gboolean            on_size;      /* the operand is size(path) */
  char               *path_text;    /* NULL for AND, OR, NOT */
  DynanticPath       *path;         /* NULL when path_text does not parse */
  GValue             *values;       /* unset GValue: NULL */
  guint               n_values;
  DynanticCondition **children;
  guint               n_children;
  GError             *problem;      /* found when built, reported when compiled */
};

G_DEFINE_BOXED_TYPE (DynanticCondition, dynantic_condition,
                     dynantic_condition_ref, dynantic_condition_unref)

static const char * const comparison_operators[] = {
  [DYNANTIC_COMPARISON_EQ] = "=",
  [DYNANTIC_COMPARISON_NE] = "<>",
  [DYNANTIC_COMPARISON_LT] = "<",
  [DYNANTIC_COMPARISON_LE] = "<=",
  [DYNANTIC_COMPARISON_GT] = ">",
  [DYNANTIC_COMPARISON_GE] = ">=",
};

static const char * const attribute_types[] = {
  "S", "SS", "N", "NS", "B", "BS", "BOOL", "NULL", "L", "M",
};

/* Frees @self, whose last reference is gone, but not its children: their
 * references are moved to @orphans (NULL for a node without children). */
static void
node_free (DynanticCondition *self,
           GPtrArray         *orphans)
{
  g_free (self->path_text);
  dynantic_path_free (self->path);
  for (guint i = 0; i < self->n_values; i++)
    if (G_IS_VALUE (&self->values[i]))
      g_value_unset (&self->values[i]);
  g_free (self->values);
  for (guint i = 0; i < self->n_children; i++)
    g_ptr_array_add (orphans, self->children[i]);
  g_free (self->children);
  g_clear_error (&self->problem);
  g_free (self);
}

/**
 * dynantic_condition_ref:
 * @self: a condition
 *
 * Takes a reference to @self.
 *
 * Returns: (transfer full): @self
 *
 * Since: 0.1
 */
DynanticCondition *
dynantic_condition_ref (DynanticCondition *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * dynantic_condition_unref:
 * @self: (transfer full): a condition
 *
 * Drops a reference to @self, freeing it when it was the last one.
 *
 * Since: 0.1
 */
void
dynantic_condition_unref (DynanticCondition *self)
{
  g_autoptr(GPtrArray) orphans = NULL;

  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  if (self->n_children == 0)
    {
      node_free (self, NULL);
      return;
    }
  /* A loop, not a recursion, however deep the condition nests: it is
   * checked against DYNANTIC_CONDITION_MAX_DEPTH only when compiled. */
  orphans = g_ptr_array_new ();
  node_free (self, orphans);
  while (orphans->len > 0)
    {
      DynanticCondition *child = g_ptr_array_steal_index_fast (orphans, orphans->len - 1);

      if (g_atomic_ref_count_dec (&child->ref_count))
        node_free (child, orphans);
    }
}

static DynanticCondition *
node_new (NodeKind kind)
{
  DynanticCondition *self = g_new0 (DynanticCondition, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->kind = kind;
  self->depth = 1;
  return self;
}

/* Records the first problem only: it is the one the caller sees. */
G_GNUC_PRINTF (2, 3)
static void
node_set_problem (DynanticCondition *self,
                  const char        *format,
                  ...)
{
  va_list args;

  if (self->problem != NULL)
    return;
  va_start (args, format);
  self->problem = g_error_new_valist (DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                                      format, args);
  va_end (args);
}

static DynanticCondition *
path_node_new (NodeKind    kind,
               const char *path)
{
  DynanticCondition *self = node_new (kind);

  self->path_text = g_strdup (path);
  self->path = dynantic_path_parse (path, &self->problem);
  return self;
}

/* Copies @values; NULL pointers and unset GValues stand for DynamoDB's NULL. */
static void
node_set_values (DynanticCondition   *self,
                 const GValue * const *values,
                 guint                 n_values)
{
  self->values = g_new0 (GValue, n_values);
  self->n_values = n_values;
  for (guint i = 0; i < n_values; i++)
    if (values[i] != NULL && G_IS_VALUE (values[i]))
      {
        g_value_init (&self->values[i], G_VALUE_TYPE (values[i]));
        g_value_copy (values[i], &self->values[i]);
      }
}

static DynanticCondition *
compare_new (const char         *path,
             DynanticComparison  comparison,
             gboolean            on_size,
             const GValue       *value)
{
  DynanticCondition *self = path_node_new (NODE_COMPARE, path);

  self->comparison = comparison;
  self->on_size = on_size;
  node_set_values (self, &value, 1);
  return self;
}

static DynanticCondition *
between_new (const char   *path,
             gboolean      on_size,
             const GValue *low,
             const GValue *high)
{
  DynanticCondition *self = path_node_new (NODE_BETWEEN, path);
  const GValue *bounds[] = { low, high };

  self->on_size = on_size;
  node_set_values (self, bounds, G_N_ELEMENTS (bounds));
  return self;
}

/**
 * dynantic_condition_compare:
 * @path: the attribute's path
 * @comparison: how to compare
 * @value: (nullable): the value to compare with; %NULL for DynamoDB's NULL
 *
 * A condition that holds when the attribute at @path compares with @value
 * as @comparison says.
 *
 * Returns: (transfer full): a new condition
 *
 * Since: 0.1
 */
DynanticCondition *
dynantic_condition_compare (const char         *path,
                            DynanticComparison  comparison,
                            const GValue       *value)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail ((guint) comparison <= DYNANTIC_COMPARISON_GE, NULL);

  return compare_new (path, comparison, FALSE, value);
}

/**
 * dynantic_condition_eq:
 * @path: the attribute's path
 * @value: (nullable): the value; %NULL for DynamoDB's NULL
 *
 * A condition that holds when the attribute at @path equals @value (`=`).
 *
 * Returns: (transfer full): a new condition
 *
 * Since: 0.1
 */
DynanticCondition *
dynantic_condition_eq (const char   *path,
                       const GValue *value)
{
  return dynantic_condition_compare (path, DYNANTIC_COMPARISON_EQ, value);
}

/**
 * dynantic_condition_ne:
 * @path: the attribute's path
 * @value: (nullable): the value; %NULL for DynamoDB's NULL
 *
 * A condition that holds when the attribute at @path differs from @value
 * (`<>`; also when the attribute is absent).
 *
 * Returns: (transfer full): a new condition
 *
 * Since: 0.1
 */
DynanticCondition *
dynantic_condition_ne (const char   *path,
                       const GValue *value)
{
  return dynantic_condition_compare (path, DYNANTIC_COMPARISON_NE, value);
}

/**
 * dynantic_condition_lt:
 * @path: the attribute's path
 * @value: (nullable): the value
 *
 * A condition that holds when the attribute at @path is less than @value.
 *
 * Returns: (transfer full): a new condition
 *
 * Since: 0.1
 */
DynanticCondition *
dynantic_condition_lt (const char   *path,
                       const GValue *value)
{
  return dynantic_condition_compare (path, DYNANTIC_COMPARISON_LT, value);
}

/**
 * dynantic_condition_le:
 * @path: the attribute's path
 * @value: (nullable): the value
 *
 * A condition that holds when the attribute at @path is less than or equal
 * to @value.
 *
 * Returns: (transfer full): a new condition
 *
 * Since: 0.1
 */
DynanticCondition *
dynantic_condition_le (const char   *path,
                       const GValue *value)
{
  return dynantic_condition_compare (path, DYNANTIC_COMPARISON_LE, value);
}

/**
 * dynantic_condition_gt:
 * @path: the attribute's path
 * @value: (nullable): the value
 *
 * A condition that holds when the attribute at @path is greater than @value.
 *
 * Returns: (transfer full): a new condition
 *
 * Since: 0.1
 */
DynanticCondition *
dynantic_condition_gt (const char   *path,
                       const GValue *value)
{
  return dynantic_condition_compare (path, DYNANTIC_COMPARISON_GT, value);
}

/**
 * dynantic_condition_ge:
 * @path: the attribute's path
 * @value: (nullable): the value
 *
 * A condition that holds when the attribute at @path is greater than or
 * equal to @value.
 *
 * Returns: (transfer full): a new condition
 *
 * Since: 0.1
 */
DynanticCondition *
dynantic_condition_ge (const char   *path,
                       const GValue *value)
{
  return dynantic_condition_compare (path, DYNANTIC_COMPARISON_GE, value);
}

/**
 * dynantic_condition_between:
 * @path: the attribute's path
 * @low: the lowest value that passes
 * @high: the highest value that passes
 *
 * A condition that holds when the attribute at @path lies between @low and
 * @high, both included (`BETWEEN`).
 *
 * Returns: (transfer full): a new condition
 *
 * Since: 0.1
 */
DynanticCondition *
dynantic_condition_between (const char   *path,
                            const GValue *low,
                            const GValue *high)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (low != NULL && high != NULL, NULL);

  return between_new (path, FALSE, low, high);
}

/**
 * dynantic_condition_in:
 * @path: the attribute's path
 * @values: (array length=n_values): the values that pass
 * @n_values: how many values there are: 1 to %DYNANTIC_CONDITION_MAX_IN_VALUES
 *
 * A condition that holds when the attribute at @path equals one of @values
 * (`IN`). No values, or more than %DYNANTIC_CONDITION_MAX_IN_VALUES, is an
 * invalid argument.
 *
 * Returns: (transfer full): a new condition
 *
 * Since: 0.1
 */
DynanticCondition *
dynantic_condition_in (const char   *path,
                       const GValue *values,
                       guint         n_values)
{
  DynanticCondition *self;
  g_autofree const GValue **pointers = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (values != NULL || n_values == 0, NULL);

  self = path_node_new (NODE_IN, path);
  if (n_values == 0 || n_values > DYNANTIC_CONDITION_MAX_IN_VALUES)
    /* Translators: “in” is the condition's keyword, not to be translated; %s is
     * an attribute path, %d the most values allowed, %u the number given */
    node_set_problem (self, _("The values of “in” on “%s” must number 1 to %d, not %u"),
                      path, DYNANTIC_CONDITION_MAX_IN_VALUES, n_values);
  pointers = g_new (const GValue *, MAX (n_values, 1));
  for (guint i = 0; i < n_values; i++)
    pointers[i] = &values[i];
  node_set_values (self, pointers, n_values);
  return self;
}

/**
 * dynantic_condition_begins_with:
 * @path: the attribute's path
 * @prefix: the prefix
 *
 * A condition that holds when the string at @path begins with @prefix.
 *
 * Returns: (transfer full): a new condition
 *
 * Since: 0.1
 */
DynanticCondition *
dynantic_condition_begins_with (const char *path,
                                const char *prefix)
{
  DynanticCondition *self;
  GValue value = G_VALUE_INIT;
  const GValue *pointer = &value;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (prefix != NULL, NULL);

  self = path_node_new (NODE_BEGINS_WITH, path);
  g_value_init (&value, G_TYPE_STRING);
  g_value_set_static_string (&value, prefix);
  node_set_values (self, &pointer, 1);
  return self;
}

/**
 * dynantic_condition_contains:
 * @path: the attribute's path
 * @value: the substring, or the element of a set or list
 *
 * A condition that holds when the attribute at @path contains @value: a
 * string holding @value as a substring, or a set or list holding @value as
 * an element.
 *
 * Returns: (transfer full): a new condition
 *
 * Since: 0.1
 */
DynanticCondition *
dynantic_condition_contains (const char   *path,
                             const GValue *value)
{
  DynanticCondition *self;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (value != NULL, NULL);

  self = path_node_new (NODE_CONTAINS, path);
  node_set_values (self, &value, 1);
  return self;
}

/**
 * dynantic_condition_attribute_exists:
 * @path: the attribute's path
 *
 * A condition that holds when the item has an attribute at @path.
 *
 * Returns: (transfer full): a new condition
 *
 * Since: 0.1
 */
DynanticCondition *
dynantic_condition_attribute_exists (const char *path)
{
  g_return_val_if_fail (path != NULL, NULL);

  return path_node_new (NODE_EXISTS, path);
}

/**
 * dynantic_condition_attribute_not_exists:
 * @path: the attribute's path
 *
 * A condition that holds when the item has no attribute at @path (also
 * when there is no item: "create only if absent").
 *
 * Returns: (transfer full): a new condition
 *
 * Since: 0.1
 */
DynanticCondition *
dynantic_condition_attribute_not_exists (const char *path)
{
  g_return_val_if_fail (path != NULL, NULL);

  return path_node_new (NODE_NOT_EXISTS, path);
}

static gboolean
is_attribute_type (const char *type)
{
  for (guint i = 0; i < G_N_ELEMENTS (attribute_types); i++)
    if (g_str_equal (type, attribute_types[i]))
      return TRUE;
  return FALSE;
}

/**
 * dynantic_condition_attribute_type:
 * @path: the attribute's path
 * @type: a DynamoDB type: `S`, `SS`, `N`, `NS`, `B`, `BS`, `BOOL`, `NULL`,
 *   `L` or `M`
 *
 * A condition that holds when the attribute at @path is stored as @type.
 * Any other @type is an invalid argument.
 *
 * Returns: (transfer full): a new condition
 *
 * Since: 0.1
 */
DynanticCondition *
dynantic_condition_attribute_type (const char *path,
                                   const char *type)
{
  DynanticCondition *self;
  GValue value = G_VALUE_INIT;
  const GValue *pointer = &value;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (type != NULL, NULL);

  self = path_node_new (NODE_TYPE, path);
  if (!is_attribute_type (type))
    /* Translators: the first %s is the type code given, the second an attribute
     * path; S, SS, N, NS, B, BS, BOOL, NULL, L and M are DynamoDB's type codes,
     * not to be translated */
    node_set_problem (self, _("The attribute type “%s” for “%s” is none of "
                              "S, SS, N, NS, B, BS, BOOL, NULL, L and M"),
                      type, path);
  g_value_init (&value, G_TYPE_STRING);
  g_value_set_static_string (&value, type);
  node_set_values (self, &pointer, 1);
  return self;
}

/**
 * dynantic_condition_size:
 * @path: the attribute's path
 * @comparison: how to compare
 * @value: a number
 *
 * A condition that holds when the size of the attribute at @path (the
 * length of a string or binary, the number of elements of a set, list or
 * map) compares with @value as @comparison says.
 *
 * Returns: (transfer full): a new condition
 *
 * Since: 0.1
 */
DynanticCondition *
dynantic_condition_size (const char         *path,
                         DynanticComparison  comparison,
                         const GValue       *value)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail ((guint) comparison <= DYNANTIC_COMPARISON_GE, NULL);
  g_return_val_if_fail (value != NULL, NULL);

  return compare_new (path, comparison, TRUE, value);
}

/**
 * dynantic_condition_size_between:
 * @path: the attribute's path
 * @low: the lowest size that passes
 * @high: the highest size that passes
 *
 * A condition that holds when the size of the attribute at @path (see
 * dynantic_condition_size()) lies between @low and @high, both included.
 *
 * Returns: (transfer full): a new condition
 *
 * Since: 0.1
 */
DynanticCondition *
dynantic_condition_size_between (const char   *path,
                                 const GValue *low,
                                 const GValue *high)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (low != NULL && high != NULL, NULL);

  return between_new (path, TRUE, low, high);
}

static DynanticCondition *
junction_new (NodeKind                  kind,
              const char               *keyword,
              DynanticCondition * const *conditions,
              guint                     n_conditions)
{
  DynanticCondition *self = node_new (kind);

  if (n_conditions == 0)
    /* Translators: %s is the keyword “and” or “or”, not to be translated */
    node_set_problem (self, _("“%s” needs at least one condition"), keyword);
  self->children = g_new0 (DynanticCondition *, MAX (n_conditions, 1));
  self->n_children = n_conditions;
  for (guint i = 0; i < n_conditions; i++)
    {
      self->children[i] = dynantic_condition_ref (conditions[i]);
      self->depth = MAX (self->depth, conditions[i]->depth + 1);
    }
  return self;
}

static gboolean
conditions_are_set (DynanticCondition * const *conditions,
                    guint                     n_conditions)
{
  if (n_conditions > 0 && conditions == NULL)
    return FALSE;
  for (guint i = 0; i < n_conditions; i++)
    if (conditions[i] == NULL)
      return FALSE;
  return TRUE;
}

/* Collects a NULL-terminated list of (borrowed) conditions. */
static GPtrArray *
collect_conditions (DynanticCondition *first,
                    va_list            args)
{
  GPtrArray *conditions = g_ptr_array_new ();

  for (DynanticCondition *c = first; c != NULL; c = va_arg (args, DynanticCondition *))
    g_ptr_array_add (conditions, c);
  return conditions;
}

/**
 * dynantic_condition_and: (skip)
 * @first: the first condition
 * @...: more conditions, then %NULL
 *
 * A condition that holds when all the given ones hold (`AND`): the varargs
 * form of dynantic_condition_andv(). Like every Dynantic call, it borrows
 * the conditions passed (it takes its own references):
 *
 * ```c
 * g_autoptr(DynanticCondition) adult = dynantic_condition_ge ("age", &eighteen);
 * g_autoptr(DynanticCondition) in_credit = dynantic_condition_gt ("balance", &zero);
 * g_autoptr(DynanticCondition) both = dynantic_condition_and (adult, in_credit, NULL);
 * ```
 *
 * Returns: (transfer full): a new condition
 */
DynanticCondition *
dynantic_condition_and (DynanticCondition *first,
                        ...)
{
  g_autoptr(GPtrArray) conditions = NULL;
  va_list args;

  va_start (args, first);
  conditions = collect_conditions (first, args);
  va_end (args);
  return dynantic_condition_andv ((DynanticCondition * const *) conditions->pdata,
                                  conditions->len);
}

/**
 * dynantic_condition_andv:
 * @conditions: (array length=n_conditions): the conditions
 * @n_conditions: how many conditions there are (at least one)
 *
 * A condition that holds when all of @conditions hold (`AND`). No
 * conditions is an invalid argument.
 *
 * Returns: (transfer full): a new condition
 *
 * Since: 0.1
 */
DynanticCondition *
dynantic_condition_andv (DynanticCondition * const *conditions,
                         guint                     n_conditions)
{
  g_return_val_if_fail (conditions_are_set (conditions, n_conditions), NULL);

  return junction_new (NODE_AND, "and", conditions, n_conditions);
}

/**
 * dynantic_condition_or: (skip)
 * @first: the first condition
 * @...: more conditions, then %NULL
 *
 * A condition that holds when any of the given ones holds (`OR`): the
 * varargs form of dynantic_condition_orv(). It borrows the conditions
 * passed, like dynantic_condition_and().
 *
 * Returns: (transfer full): a new condition
 */
DynanticCondition *
dynantic_condition_or (DynanticCondition *first,
                       ...)
{
  g_autoptr(GPtrArray) conditions = NULL;
  va_list args;

  va_start (args, first);
  conditions = collect_conditions (first, args);
  va_end (args);
  return dynantic_condition_orv ((DynanticCondition * const *) conditions->pdata,
                                 conditions->len);
}

/**
 * dynantic_condition_orv:
 * @conditions: (array length=n_conditions): the conditions
 * @n_conditions: how many conditions there are (at least one)
 *
 * A condition that holds when any of @conditions holds (`OR`). No
 * conditions is an invalid argument.
 *
 * Returns: (transfer full): a new condition
 *
 * Since: 0.1
 */
DynanticCondition *
dynantic_condition_orv (DynanticCondition * const *conditions,
                        guint                     n_conditions)
{
  g_return_val_if_fail (conditions_are_set (conditions, n_conditions), NULL);

  return junction_new (NODE_OR, "or", conditions, n_conditions);
}

/**
 * dynantic_condition_not:
 * @condition: the condition to negate (borrowed)
 *
 * A condition that holds when @condition does not (`NOT`).
 *
 * Returns: (transfer full): a new condition
 *
 * Since: 0.1
 */
DynanticCondition *
dynantic_condition_not (DynanticCondition *condition)
{
  DynanticCondition *self;

  g_return_val_if_fail (condition != NULL, NULL);

  self = node_new (NODE_NOT);
  self->children = g_new (DynanticCondition *, 1);
  self->children[0] = dynantic_condition_ref (condition);
  self->n_children = 1;
  self->depth = condition->depth + 1;
  return self;
}

/* An AND or OR of one condition is that condition. */
static const DynanticCondition *
unwrap (const DynanticCondition *self)
{
  while ((self->kind == NODE_AND || self->kind == NODE_OR) && self->n_children == 1)
    self = self->children[0];
  return self;
}

/* DynamoDB's precedence, loosest first. */
typedef enum {
  PRECEDENCE_OR,
  PRECEDENCE_AND,
  PRECEDENCE_NOT,
  PRECEDENCE_PRIMARY,
} Precedence;

static Precedence
precedence (const DynanticCondition *self)
{
  switch (unwrap (self)->kind)
    {
    case NODE_OR:
      return PRECEDENCE_OR;
    case NODE_AND:
      return PRECEDENCE_AND;
    case NODE_NOT:
      return PRECEDENCE_NOT;
    default:
      return PRECEDENCE_PRIMARY;
    }
}

/* Parentheses where precedence needs them, and around an AND inside an OR,
 * which needs none but reads better with them. */
static gboolean
needs_parentheses (NodeKind                 parent,
                   const DynanticCondition *child)
{
  Precedence inner = precedence (child);

  switch (parent)
    {
    case NODE_NOT:
      return inner != PRECEDENCE_PRIMARY;
    case NODE_AND:
      return inner == PRECEDENCE_OR;
    case NODE_OR:
      return inner == PRECEDENCE_AND;
    default:
      g_assert_not_reached ();
    }
}

static gboolean compile_node (const DynanticCondition   *self,
                              DynanticExpressionContext *context,
                              GString                   *out,
                              GError                   **error);

static gboolean
compile_child (NodeKind                   parent,
               const DynanticCondition   *child,
               DynanticExpressionContext *context,
               GString                   *out,
               GError                   **error)
{
  gboolean parenthesize = needs_parentheses (parent, child);

  if (parenthesize)
    g_string_append_c (out, '(');
  if (!compile_node (child, context, out, error))
    return FALSE;
  if (parenthesize)
    g_string_append_c (out, ')');
  return TRUE;
}

static void
append_path (const DynanticCondition   *self,
             DynanticExpressionContext *context,
             GString                   *out)
{
  if (self->path != NULL)
    dynantic_expression_context_append_path (context, self->path, out);
  else  /* only a display context gets here: compiling stopped at the problem */
    g_string_append (out, self->path_text);
}

static void
append_operand (const DynanticCondition   *self,
                DynanticExpressionContext *context,
                GString                   *out)
{
  if (self->on_size)
    g_string_append (out, "size(");
  append_path (self, context, out);
  if (self->on_size)
    g_string_append_c (out, ')');
}

/* Appends the placeholders of the values from @first on, between @separator. */
static gboolean
append_values (const DynanticCondition   *self,
               guint                      first,
               DynanticValueRole          role,
               const char                *separator,
               DynanticExpressionContext *context,
               GString                   *out,
               GError                   **error)
{
  for (guint i = first; i < self->n_values; i++)
    {
      if (i > first)
        g_string_append (out, separator);
      if (!dynantic_expression_context_append_value (context, self->path, &self->values[i],
                                                     role, out, error))
        return FALSE;
    }
  return TRUE;
}

static DynanticValueRole
operand_role (const DynanticCondition *self)
{
  return self->on_size ? DYNANTIC_VALUE_ROLE_NUMBER : DYNANTIC_VALUE_ROLE_PROPERTY;
}

static gboolean
compile_compare (const DynanticCondition   *self,
                 DynanticExpressionContext *context,
                 GString                   *out,
                 GError                   **error)
{
  append_operand (self, context, out);
  g_string_append_printf (out, " %s ", comparison_operators[self->comparison]);
  return append_values (self, 0, operand_role (self), "", context, out, error);
}

static gboolean
compile_between (const DynanticCondition   *self,
                 DynanticExpressionContext *context,
                 GString                   *out,
                 GError                   **error)
{
  append_operand (self, context, out);
  g_string_append (out, " BETWEEN ");
  return append_values (self, 0, operand_role (self), " AND ", context, out, error);
}

static gboolean
compile_in (const DynanticCondition   *self,
            DynanticExpressionContext *context,
            GString                   *out,
            GError                   **error)
{
  append_operand (self, context, out);
  g_string_append (out, " IN (");
  if (!append_values (self, 0, operand_role (self), ", ", context, out, error))
    return FALSE;
  g_string_append_c (out, ')');
  return TRUE;
}

/* name(path) or name(path, value). */
static gboolean
compile_function (const DynanticCondition   *self,
                  const char                *name,
                  DynanticValueRole          role,
                  DynanticExpressionContext *context,
                  GString                   *out,
                  GError                   **error)
{
  g_string_append (out, name);
  g_string_append_c (out, '(');
  append_path (self, context, out);
  if (self->n_values > 0)
    {
      g_string_append (out, ", ");
      if (!append_values (self, 0, role, "", context, out, error))
        return FALSE;
    }
  g_string_append_c (out, ')');
  return TRUE;
}

static gboolean
compile_junction (const DynanticCondition   *self,
                  const char                *separator,
                  DynanticExpressionContext *context,
                  GString                   *out,
                  GError                   **error)
{
  for (guint i = 0; i < self->n_children; i++)
    {
      if (i > 0)
        g_string_append (out, separator);
      if (!compile_child (self->kind, self->children[i], context, out, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
compile_node (const DynanticCondition   *self,
              DynanticExpressionContext *context,
              GString                   *out,
              GError                   **error)
{
  self = unwrap (self);
  if (self->problem != NULL && !dynantic_expression_context_is_for_display (context))
    {
      g_propagate_error (error, g_error_copy (self->problem));
      return FALSE;
    }

  switch (self->kind)
    {
    case NODE_COMPARE:
      return compile_compare (self, context, out, error);
    case NODE_BETWEEN:
      return compile_between (self, context, out, error);
    case NODE_IN:
      return compile_in (self, context, out, error);
    case NODE_BEGINS_WITH:
      return compile_function (self, "begins_with", DYNANTIC_VALUE_ROLE_STRING, context, out, error);
    case NODE_CONTAINS:
      return compile_function (self, "contains", DYNANTIC_VALUE_ROLE_ELEMENT, context, out, error);
    case NODE_EXISTS:
      return compile_function (self, "attribute_exists", DYNANTIC_VALUE_ROLE_STRING, context, out, error);
    case NODE_NOT_EXISTS:
      return compile_function (self, "attribute_not_exists", DYNANTIC_VALUE_ROLE_STRING, context, out, error);
    case NODE_TYPE:
      return compile_function (self, "attribute_type", DYNANTIC_VALUE_ROLE_STRING, context, out, error);
    case NODE_AND:
      return compile_junction (self, " AND ", context, out, error);
    case NODE_OR:
      return compile_junction (self, " OR ", context, out, error);
    case NODE_NOT:
      g_string_append (out, "NOT ");
      return compile_child (NODE_NOT, self->children[0], context, out, error);
    default:
      g_assert_not_reached ();
    }
}

/* Refuses @self when it nests too deeply to be walked: every node's depth
 * is at most its parent's, so checking the root bounds the recursion. */
static gboolean
check_depth (const DynanticCondition  *self,
             GError                  **error)
{
  if (self->depth <= DYNANTIC_CONDITION_MAX_DEPTH)
    return TRUE;
  g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
               /* Translators: %u is how deep the condition nests, %d the most allowed;
                * DYNANTIC_CONDITION_MAX_DEPTH is a constant's name, not to be translated */
               _("A condition nests %u levels deep; the most is %d (DYNANTIC_CONDITION_MAX_DEPTH)"),
               self->depth, DYNANTIC_CONDITION_MAX_DEPTH);
  return FALSE;
}

gboolean
dynantic_condition_compile (const DynanticCondition   *self,
                            DynanticExpressionContext *context,
                            GString                   *out,
                            GError                   **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return check_depth (self, error) && compile_node (self, context, out, error);
}

char *
dynantic_expression_context_compile_condition (DynanticExpressionContext  *self,
                                               DynanticCondition          *condition,
                                               GError                    **error)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (condition != NULL, NULL);

  if (!dynantic_condition_compile (condition, self, out, error))
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * dynantic_condition_to_string:
 * @self: a condition
 *
 * Shows @self for debugging, in DynamoDB's expression syntax with the paths
 * as written and every value replaced by a placeholder (`:v0`, `:v1`, ...),
 * so that it never reveals a value: `age >= :v0 AND NOT attribute_exists(banned)`.
 * A condition nested deeper than %DYNANTIC_CONDITION_MAX_DEPTH shows as the
 * error that refuses it.
 *
 * Returns: (transfer full): the condition as text
 *
 * Since: 0.1
 */
char *
dynantic_condition_to_string (DynanticCondition *self)
{
  g_autoptr(DynanticExpressionContext) context = dynantic_expression_context_new_for_display ();
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  if (!check_depth (self, &error))
    return g_strdup (error->message);
  dynantic_condition_compile (self, context, out, NULL);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * dynantic_attr_path_escape:
 * @name: a top-level attribute's name
 *
 * A path naming the top-level attribute @name even when @name holds
 * characters that paths give a meaning to: `.`, `[`, `]` and `\` are
 * escaped with a backslash. `"a.b"` as a path is member `b` of map `a`;
 * `dynantic_attr_path_escape ("a.b")` is the attribute named `a.b`.
 *
 * Returns: (transfer full): the path
 *
 * Since: 0.1
 */
char *
dynantic_attr_path_escape (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  return dynantic_path_escape_name (name);
}
