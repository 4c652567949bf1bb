/* dynantic-read.c: the shared read builder and its compilation
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "dynantic-error.h"
#include "dynantic-expression-private.h"
#include "dynantic-i18n-private.h"
#include "dynantic-item-private.h"
#include "dynantic-model-private.h"
#include "dynantic-read-private.h"

/* DynamoDB's bound on TotalSegments. */
#define MAX_TOTAL_SEGMENTS 1000000

/**
 * DynanticRead:
 *
 * What a #DynanticQuery and a #DynanticScan share: a builder of reads of
 * one model class's table (or one of its secondary indexes), and the calls
 * that run it.
 *
 * Build it with the chained calls (each returns the builder itself, so
 * calls nest), then run it with a terminal:
 *
 * - dynantic_read_all(): every item, page after page, as a list;
 * - dynantic_read_first(): the first item or %NULL, reading no more pages
 *   than that takes;
 * - dynantic_read_one(): the first item, or an error when there is none;
 * - dynantic_read_count(): how many items match (`Select=COUNT`; no item is
 *   transferred);
 * - dynantic_read_page(): one page and a cursor to the next, for stateless
 *   APIs;
 * - dynantic_read_iterate(): a #DynanticIterator that fetches a page when
 *   the last one is used up, so that at most one page is held;
 * - dynantic_read_results(): a #DynanticResults, a #GListModel that GTK
 *   list views can show and load more of as they need.
 *
 * dynantic_read_limit() caps how many items a run returns in all, whatever
 * the number of requests it takes; dynantic_read_page_size() is how many
 * items each request may read (DynamoDB's `Limit`). DynamoDB applies a
 * filter (dynantic_read_filter()) after reading, so with a filter a request
 * may return fewer items than it read, or none at all, while more remain.
 *
 * Mistakes in what was built — an unknown index, a sort key condition on a
 * table without sort key, a key value of the wrong type, a consistent read
 * on a global index, a bad filter — are reported by the terminal (or by
 * dynantic_read_validate()) before any request is sent, with
 * %DYNANTIC_ERROR_INVALID_ARGUMENT, or %DYNANTIC_ERROR_VALIDATION for
 * values.
 *
 * Through a polymorphic base class (see
 * dynantic_model_class_set_discriminator()) every item is read as the
 * subclass registered for its kind; through a subclass the requests carry a
 * filter on the discriminator, so only items of that class and its
 * subclasses come back.
 *
 * A terminal takes what the builder holds when it is called: changing the
 * builder afterwards does not change a run, an iterator or a result set
 * already made. A builder is not meant to be changed from several threads
 * at once.
 */

typedef struct {
  GType              model_type;
  DynanticClient    *client;
  char              *index;
  gboolean           is_query;
  GValue             partition_key;
  DynanticSortKeyOp  sort_op;
  GValue             sort_low;
  GValue             sort_high;
  gboolean           descending;
  GPtrArray         *filters;         /* DynanticCondition */
  guint              limit;
  guint              page_size;
  gboolean           consistent;
  GStrv              projection;
  guint              segment;
  guint              total_segments;  /* 0: no segment */
} DynanticReadPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (DynanticRead, dynantic_read, G_TYPE_OBJECT)

static void
dynantic_read_finalize (GObject *object)
{
  DynanticReadPrivate *priv = dynantic_read_get_instance_private (DYNANTIC_READ (object));

  g_clear_object (&priv->client);
  g_clear_pointer (&priv->index, g_free);
  g_value_unset (&priv->partition_key);
  g_value_unset (&priv->sort_low);
  g_value_unset (&priv->sort_high);
  g_clear_pointer (&priv->filters, g_ptr_array_unref);
  g_clear_pointer (&priv->projection, g_strfreev);

  G_OBJECT_CLASS (dynantic_read_parent_class)->finalize (object);
}

static void
dynantic_read_class_init (DynanticReadClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dynantic_read_finalize;
}

static void
dynantic_read_init (DynanticRead *self)
{
  DynanticReadPrivate *priv = dynantic_read_get_instance_private (self);

  priv->filters = g_ptr_array_new_with_free_func ((GDestroyNotify) dynantic_condition_unref);
}

/* What the faces set ------------------------------------------------------- */

static void
copy_value (GValue       *target,
            const GValue *value)
{
  if (G_IS_VALUE (target))
    g_value_unset (target);
  if (value == NULL || !G_IS_VALUE (value))
    return;
  g_value_init (target, G_VALUE_TYPE (value));
  g_value_copy (value, target);
}

void
dynantic_read_set_target (DynanticRead   *self,
                          GType           model_type,
                          DynanticClient *client,
                          const char     *index)
{
  DynanticReadPrivate *priv = dynantic_read_get_instance_private (self);

  priv->model_type = model_type;
  g_set_object (&priv->client, client);
  g_free (priv->index);
  priv->index = g_strdup (index);
}

void
dynantic_read_set_partition_key (DynanticRead *self,
                                 const GValue *value)
{
  DynanticReadPrivate *priv = dynantic_read_get_instance_private (self);

  priv->is_query = TRUE;
  copy_value (&priv->partition_key, value);
}

void
dynantic_read_set_sort_key (DynanticRead      *self,
                            DynanticSortKeyOp  op,
                            const GValue      *low,
                            const GValue      *high)
{
  DynanticReadPrivate *priv = dynantic_read_get_instance_private (self);

  priv->sort_op = op;
  copy_value (&priv->sort_low, low);
  copy_value (&priv->sort_high, high);
}

void
dynantic_read_set_descending (DynanticRead *self,
                              gboolean      descending)
{
  DynanticReadPrivate *priv = dynantic_read_get_instance_private (self);

  priv->descending = descending;
}

void
dynantic_read_set_segment (DynanticRead *self,
                           guint         segment,
                           guint         total_segments)
{
  DynanticReadPrivate *priv = dynantic_read_get_instance_private (self);

  priv->segment = segment;
  priv->total_segments = total_segments;
}

guint
dynantic_read_get_limit (DynanticRead *self)
{
  DynanticReadPrivate *priv = dynantic_read_get_instance_private (self);

  return priv->limit;
}

/* The builder -------------------------------------------------------------- */

/**
 * dynantic_read_get_model_type:
 * @self: a read
 *
 * Returns: the model class whose items @self reads
 */
GType
dynantic_read_get_model_type (DynanticRead *self)
{
  DynanticReadPrivate *priv;

  g_return_val_if_fail (DYNANTIC_IS_READ (self), G_TYPE_INVALID);

  priv = dynantic_read_get_instance_private (self);
  return priv->model_type;
}

/**
 * dynantic_read_get_index:
 * @self: a read
 *
 * Returns: (nullable): the secondary index @self reads, or %NULL for the
 *   table itself
 */
const char *
dynantic_read_get_index (DynanticRead *self)
{
  DynanticReadPrivate *priv;

  g_return_val_if_fail (DYNANTIC_IS_READ (self), NULL);

  priv = dynantic_read_get_instance_private (self);
  return priv->index;
}

/**
 * dynantic_read_filter:
 * @self: a read
 * @condition: what the items must meet
 *
 * Keeps only the items that meet @condition (a `FilterExpression`). Filters
 * added by several calls must all hold. Paths name attributes; values are
 * converted to the type of the property stored there. A filter cannot name
 * the key attributes of a query: use its sort key conditions.
 *
 * DynamoDB filters after reading: each request still reads up to the page
 * size, and a filtered page may hold fewer items than that, or none.
 *
 * Returns: (transfer none): @self
 */
DynanticRead *
dynantic_read_filter (DynanticRead      *self,
                      DynanticCondition *condition)
{
  DynanticReadPrivate *priv;

  g_return_val_if_fail (DYNANTIC_IS_READ (self), NULL);
  g_return_val_if_fail (condition != NULL, self);

  priv = dynantic_read_get_instance_private (self);
  g_ptr_array_add (priv->filters, dynantic_condition_ref (condition));
  return self;
}

/**
 * dynantic_read_limit:
 * @self: a read
 * @limit: the most items to return, or 0 for no limit
 *
 * Caps the items a run returns in all, across as many requests as it takes.
 * With dynantic_read_page() it is also the page's largest size: a page
 * holds at most @limit items, and a cursor when more remain. With
 * dynantic_read_count(), the count stops at @limit.
 *
 * Returns: (transfer none): @self
 */
DynanticRead *
dynantic_read_limit (DynanticRead *self,
                     guint         limit)
{
  DynanticReadPrivate *priv;

  g_return_val_if_fail (DYNANTIC_IS_READ (self), NULL);

  priv = dynantic_read_get_instance_private (self);
  priv->limit = limit;
  return self;
}

/**
 * dynantic_read_page_size:
 * @self: a read
 * @page_size: how many items each request may read, or 0 for as many as
 *   DynamoDB returns (up to 1 MB of items)
 *
 * Sets DynamoDB's `Limit` of each request: how many items it reads before
 * filtering. It does not change what a run returns, only how many requests
 * it takes and how many items an iterator holds at once.
 *
 * Returns: (transfer none): @self
 */
DynanticRead *
dynantic_read_page_size (DynanticRead *self,
                         guint         page_size)
{
  DynanticReadPrivate *priv;

  g_return_val_if_fail (DYNANTIC_IS_READ (self), NULL);

  priv = dynantic_read_get_instance_private (self);
  priv->page_size = page_size;
  return self;
}

/**
 * dynantic_read_consistent:
 * @self: a read
 * @consistent: whether to make strongly consistent reads
 *
 * Asks for strongly consistent reads (`ConsistentRead`), which see every
 * write that succeeded before. Global secondary indexes do not offer them:
 * asking for one there is %DYNANTIC_ERROR_INVALID_ARGUMENT.
 *
 * Returns: (transfer none): @self
 */
DynanticRead *
dynantic_read_consistent (DynanticRead *self,
                          gboolean      consistent)
{
  DynanticReadPrivate *priv;

  g_return_val_if_fail (DYNANTIC_IS_READ (self), NULL);

  priv = dynantic_read_get_instance_private (self);
  priv->consistent = consistent;
  return self;
}

/**
 * dynantic_read_project: (skip)
 * @self: a read
 * @first_property: the name of a property to read
 * @...: more property names, then %NULL
 *
 * The varargs form of dynantic_read_projectv().
 *
 * Returns: (transfer none): @self
 */
DynanticRead *
dynantic_read_project (DynanticRead *self,
                       const char   *first_property,
                       ...)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) properties = NULL;
  va_list args;

  va_start (args, first_property);
  for (const char *name = first_property; name != NULL; name = va_arg (args, const char *))
    g_strv_builder_add (builder, name);
  va_end (args);

  properties = g_strv_builder_end (builder);
  return dynantic_read_projectv (self, (const char * const *) properties);
}

/**
 * dynantic_read_projectv: (rename-to dynantic_read_project)
 * @self: a read
 * @properties: (array zero-terminated=1) (nullable): the names of the
 *   properties to read, or %NULL to read whole items
 *
 * Reads only these properties of each item (a `ProjectionExpression` of
 * their attributes). The objects read are partial: the properties left out
 * hold their defaults, whatever the item stores, and saving such an object
 * would drop the attributes it lacks (reload it first). The discriminator of
 * a polymorphic class is always read, so objects still get their subclass.
 * An unknown property name is %DYNANTIC_ERROR_INVALID_ARGUMENT.
 *
 * Returns: (transfer none): @self
 */
DynanticRead *
dynantic_read_projectv (DynanticRead       *self,
                        const char * const *properties)
{
  DynanticReadPrivate *priv;

  g_return_val_if_fail (DYNANTIC_IS_READ (self), NULL);

  priv = dynantic_read_get_instance_private (self);
  g_strfreev (priv->projection);
  priv->projection = properties != NULL && properties[0] != NULL ? g_strdupv ((char **) properties) : NULL;
  return self;
}

/**
 * dynantic_read_validate:
 * @self: a read
 * @error: return location for a #GError
 *
 * Checks what @self was built with, as a terminal would before sending
 * anything: the index, the key values and conditions, the filters, the
 * projection.
 *
 * Returns: %TRUE when @self can run; else %FALSE with @error set
 */
gboolean
dynantic_read_validate (DynanticRead  *self,
                        GError       **error)
{
  g_autoptr(DynanticReadPlan) plan = NULL;

  g_return_val_if_fail (DYNANTIC_IS_READ (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  plan = dynantic_read_compile (self, DYNANTIC_READ_MODE_ITEMS, error);
  return plan != NULL;
}

/* Compiling ---------------------------------------------------------------- */

/* What one compilation works with. */
typedef struct {
  DynanticReadPrivate          *priv;
  const DynanticSchema         *schema;
  const DynanticSchemaIndex    *index;
  const DynanticSchemaProperty *partition_key;  /* of the table or the index */
  const DynanticSchemaProperty *sort_key;       /* NULL when it has none */
  DynanticExpressionContext    *context;
  DynanticJsonWriter            writer;
  DynanticReadPlan             *plan;
} Compiler;

static const char *
class_name (Compiler *compiler)
{
  return g_type_name (compiler->priv->model_type);
}

static char *
list_indexes (const DynanticSchema *schema)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < dynantic_schema_get_n_indexes (schema); i++)
    g_string_append_printf (names, "%s“%s”", i > 0 ? ", " : "",
                            dynantic_schema_get_index (schema, i)->name);
  return g_string_free (g_steal_pointer (&names), FALSE);
}

static gboolean
find_index (Compiler  *compiler,
            GError   **error)
{
  g_autofree char *names = NULL;

  compiler->partition_key = dynantic_schema_get_partition_key (compiler->schema);
  compiler->sort_key = dynantic_schema_get_sort_key (compiler->schema);
  if (compiler->priv->index == NULL)
    return TRUE;

  compiler->index = dynantic_schema_find_index (compiler->schema, compiler->priv->index);
  if (compiler->index != NULL)
    {
      if (compiler->index->partition_key != NULL)
        compiler->partition_key = compiler->index->partition_key;
      compiler->sort_key = compiler->index->sort_key;
      return TRUE;
    }

  names = list_indexes (compiler->schema);
  if (names[0] == '\0')
    g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                 _("The model class “%s” has no index “%s”: it has no secondary indexes"),
                 class_name (compiler), compiler->priv->index);
  else
    g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                 _("The model class “%s” has no index “%s”; its indexes are %s"),
                 class_name (compiler), compiler->priv->index, names);
  return FALSE;
}

static gboolean
check_options (Compiler  *compiler,
               guint      segment,
               guint      total_segments,
               GError   **error)
{
  DynanticReadPrivate *priv = compiler->priv;

  if (priv->consistent && compiler->index != NULL && compiler->index->kind == DYNANTIC_SCHEMA_INDEX_GLOBAL)
    g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                 _("The global secondary index “%s” does not offer consistent reads"), priv->index);
  else if (total_segments > MAX_TOTAL_SEGMENTS)
    g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                 _("A scan has at most %u segments, not %u"), MAX_TOTAL_SEGMENTS, total_segments);
  else if (total_segments > 0 && segment >= total_segments)
    g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                 _("The scan segment %u is not below the total of %u segments"), segment, total_segments);
  else if (priv->sort_op != DYNANTIC_SORT_KEY_NONE && compiler->sort_key == NULL && compiler->index != NULL)
    g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                 _("The index “%s” of model class “%s” has no sort key to put a condition on"),
                 priv->index, class_name (compiler));
  else if (priv->sort_op != DYNANTIC_SORT_KEY_NONE && compiler->sort_key == NULL)
    g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                 _("The table of model class “%s” has no sort key to put a condition on"),
                 class_name (compiler));
  else
    return TRUE;
  return FALSE;
}

/* The partition key of a query, converted to its property's type, as a
 * condition and as the AttributeValue text its cursors are bound to. */
static DynanticCondition *
partition_condition (Compiler  *compiler,
                     GError   **error)
{
  const DynanticSchemaProperty *property = compiler->partition_key;
  g_autofree char *path = dynantic_attr_path_escape (property->attribute);
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GString) text = g_string_new (NULL);
  DynanticJsonWriter writer;

  if (!dynantic_item_convert_key_value (property, &compiler->priv->partition_key, &value, error))
    return NULL;

  dynantic_json_writer_init (&writer, text);
  if (!dynantic_value_write (&writer, property->attribute, &value, property->flags, error))
    return NULL;
  compiler->plan->partition = g_string_free (g_steal_pointer (&text), FALSE);
  return dynantic_condition_eq (path, &value);
}

/* Whether @property is stored as a DynamoDB string (S), which begins_with
 * applies to: plain strings, and dates written in ISO-8601. */
static gboolean
stored_as_string (const DynanticSchemaProperty *property)
{
  if (property->value_type == G_TYPE_STRING)
    return !(property->flags & DYNANTIC_VALUE_NUMBER_STRING);
  if (property->value_type == G_TYPE_DATE_TIME)
    return !(property->flags & DYNANTIC_VALUE_EPOCH_SECONDS);
  return FALSE;
}

/* begins_with on the sort key: a non-empty prefix of its stored text (a
 * date's prefix such as "2024-05" is no date itself, so it is not
 * converted). */
static DynanticCondition *
prefix_condition (Compiler  *compiler,
                  GError   **error)
{
  const DynanticSchemaProperty *property = compiler->sort_key;
  const GValue *prefix = &compiler->priv->sort_low;
  g_autofree char *path = NULL;

  if (!stored_as_string (property))
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                   _("The sort key “%s” of model class “%s” is not stored as a string: begins_with does not apply"),
                   property->name, class_name (compiler));
      return NULL;
    }
  if (!G_VALUE_HOLDS_STRING (prefix) || g_value_get_string (prefix) == NULL ||
      g_value_get_string (prefix)[0] == '\0')
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION,
                   _("The prefix for the sort key “%s” must not be empty"), property->name);
      return NULL;
    }
  path = dynantic_attr_path_escape (property->attribute);
  return dynantic_condition_begins_with (path, g_value_get_string (prefix));
}

static const DynanticComparison comparisons[] = {
  [DYNANTIC_SORT_KEY_EQ] = DYNANTIC_COMPARISON_EQ,
  [DYNANTIC_SORT_KEY_LT] = DYNANTIC_COMPARISON_LT,
  [DYNANTIC_SORT_KEY_LE] = DYNANTIC_COMPARISON_LE,
  [DYNANTIC_SORT_KEY_GT] = DYNANTIC_COMPARISON_GT,
  [DYNANTIC_SORT_KEY_GE] = DYNANTIC_COMPARISON_GE,
};

/* The sort key condition, its values converted to the sort key's type;
 * NULL without error when there is none. */
static DynanticCondition *
sort_condition (Compiler  *compiler,
                GError   **error)
{
  DynanticReadPrivate *priv = compiler->priv;
  const DynanticSchemaProperty *property = compiler->sort_key;
  g_auto(GValue) low = G_VALUE_INIT;
  g_auto(GValue) high = G_VALUE_INIT;
  g_autofree char *path = NULL;

  if (priv->sort_op == DYNANTIC_SORT_KEY_NONE)
    return NULL;
  if (priv->sort_op == DYNANTIC_SORT_KEY_BEGINS_WITH)
    return prefix_condition (compiler, error);
  if (!dynantic_item_convert_key_value (property, &priv->sort_low, &low, error) ||
      (priv->sort_op == DYNANTIC_SORT_KEY_BETWEEN &&
       !dynantic_item_convert_key_value (property, &priv->sort_high, &high, error)))
    return NULL;

  path = dynantic_attr_path_escape (property->attribute);
  switch (priv->sort_op)
    {
    case DYNANTIC_SORT_KEY_BETWEEN:
      return dynantic_condition_between (path, &low, &high);
    case DYNANTIC_SORT_KEY_NONE:
    case DYNANTIC_SORT_KEY_BEGINS_WITH:
    default:
      return dynantic_condition_compare (path, comparisons[priv->sort_op], &low);
    }
}

static gboolean
write_expression (Compiler           *compiler,
                  const char         *member,
                  DynanticCondition  *condition,
                  GError            **error)
{
  g_autofree char *expression =
    dynantic_expression_context_compile_condition (compiler->context, condition, error);

  if (expression == NULL)
    return FALSE;
  dynantic_json_writer_member (&compiler->writer, member);
  dynantic_json_writer_string (&compiler->writer, expression, -1);
  return TRUE;
}

static gboolean
write_key_condition (Compiler  *compiler,
                     GError   **error)
{
  g_autoptr(DynanticCondition) partition = NULL;
  g_autoptr(DynanticCondition) sort = NULL;
  g_autoptr(DynanticCondition) both = NULL;
  GError *local_error = NULL;

  if (!(partition = partition_condition (compiler, error)))
    return FALSE;
  sort = sort_condition (compiler, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  both = sort != NULL ? dynantic_condition_andv ((DynanticCondition *[]) { partition, sort }, 2)
                      : dynantic_condition_ref (partition);
  return write_expression (compiler, "KeyConditionExpression", both, error);
}

/* discriminator IN (the kinds this class reads), by hundreds (IN's bound);
 * NULL when the class reads every item. */
static DynanticCondition *
kind_condition (const DynanticSchema *schema)
{
  const char * const *kinds = dynantic_schema_get_kinds (schema);
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  guint n;

  if (kinds == NULL)
    return NULL;

  n = g_strv_length ((char **) kinds);
  path = dynantic_attr_path_escape (dynantic_schema_get_discriminator (schema)->attribute);
  parts = g_ptr_array_new_with_free_func ((GDestroyNotify) dynantic_condition_unref);
  for (guint first = 0; first < n; first += DYNANTIC_CONDITION_MAX_IN_VALUES)
    {
      guint count = MIN (n - first, DYNANTIC_CONDITION_MAX_IN_VALUES);
      g_autofree GValue *values = g_new0 (GValue, count);

      for (guint i = 0; i < count; i++)
        g_value_set_static_string (g_value_init (&values[i], G_TYPE_STRING), kinds[first + i]);
      g_ptr_array_add (parts, dynantic_condition_in (path, values, count));
      for (guint i = 0; i < count; i++)
        g_value_unset (&values[i]);
    }
  if (parts->len == 1)
    return dynantic_condition_ref (g_ptr_array_index (parts, 0));
  return dynantic_condition_orv ((DynanticCondition * const *) parts->pdata, parts->len);
}

static gboolean
write_filter (Compiler  *compiler,
              GError   **error)
{
  GPtrArray *filters = compiler->priv->filters;
  g_autoptr(GPtrArray) conditions = g_ptr_array_new_with_free_func ((GDestroyNotify) dynantic_condition_unref);
  g_autoptr(DynanticCondition) filter = NULL;
  DynanticCondition *kinds = kind_condition (compiler->schema);

  for (guint i = 0; i < filters->len; i++)
    g_ptr_array_add (conditions, dynantic_condition_ref (g_ptr_array_index (filters, i)));
  if (kinds != NULL)
    g_ptr_array_add (conditions, kinds);
  if (conditions->len == 0)
    return TRUE;

  compiler->plan->filtered = TRUE;
  filter = conditions->len == 1 ? dynantic_condition_ref (g_ptr_array_index (conditions, 0))
                                : dynantic_condition_andv ((DynanticCondition * const *) conditions->pdata,
                                                           conditions->len);
  return write_expression (compiler, "FilterExpression", filter, error);
}

/* A property by its name as given, or with `_` for `-` as bindings spell
 * property names. */
static const DynanticSchemaProperty *
find_property (const DynanticSchema *schema,
               const char           *name)
{
  const DynanticSchemaProperty *property = dynantic_schema_find_property (schema, name);
  g_autofree char *canonical = NULL;

  if (property != NULL)
    return property;
  canonical = g_strdelimit (g_strdup (name), "_", '-');
  return dynantic_schema_find_property (schema, canonical);
}

static void
add_path_once (GPtrArray  *paths,
               const char *attribute)
{
  char *path = dynantic_attr_path_escape (attribute);

  if (g_ptr_array_find_with_equal_func (paths, path, g_str_equal, NULL))
    g_free (path);
  else
    g_ptr_array_add (paths, path);
}

static gboolean
write_projection (Compiler  *compiler,
                  GError   **error)
{
  const DynanticSchemaProperty *discriminator = dynantic_schema_get_discriminator (compiler->schema);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *expression = NULL;

  if (compiler->priv->projection == NULL)
    return TRUE;

  for (char **name = compiler->priv->projection; *name != NULL; name++)
    {
      const DynanticSchemaProperty *property = find_property (compiler->schema, *name);

      if (property == NULL)
        {
          g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                       _("The model class “%s” has no property “%s” to read"), class_name (compiler), *name);
          return FALSE;
        }
      add_path_once (paths, property->attribute);
    }
  if (discriminator != NULL)
    add_path_once (paths, discriminator->attribute);

  expression = dynantic_expression_context_compile_projection (compiler->context,
                                                               (const char * const *) paths->pdata,
                                                               paths->len, error);
  if (expression == NULL)
    return FALSE;
  dynantic_json_writer_member (&compiler->writer, "ProjectionExpression");
  dynantic_json_writer_string (&compiler->writer, expression, -1);
  return TRUE;
}

static void
write_options (Compiler *compiler,
               guint     segment,
               guint     total_segments)
{
  DynanticReadPrivate *priv = compiler->priv;
  DynanticJsonWriter *writer = &compiler->writer;

  if (priv->is_query && priv->descending)
    {
      dynantic_json_writer_member (writer, "ScanIndexForward");
      dynantic_json_writer_boolean (writer, FALSE);
    }
  if (priv->consistent)
    {
      dynantic_json_writer_member (writer, "ConsistentRead");
      dynantic_json_writer_boolean (writer, TRUE);
    }
  if (compiler->plan->mode == DYNANTIC_READ_MODE_COUNT)
    {
      dynantic_json_writer_member (writer, "Select");
      dynantic_json_writer_string (writer, "COUNT", -1);
    }
  if (total_segments > 0)
    {
      dynantic_json_writer_member (writer, "Segment");
      dynantic_json_writer_int64 (writer, segment);
      dynantic_json_writer_member (writer, "TotalSegments");
      dynantic_json_writer_int64 (writer, total_segments);
    }
}

/* Writes the request object every page of the plan sends. */
static gboolean
write_request (Compiler  *compiler,
               guint      segment,
               guint      total_segments,
               GError   **error)
{
  DynanticJsonWriter *writer = &compiler->writer;

  dynantic_json_writer_begin_object (writer);
  dynantic_json_writer_member (writer, "TableName");
  dynantic_json_writer_string (writer, dynantic_schema_get_table (compiler->schema), -1);
  if (compiler->priv->index != NULL)
    {
      dynantic_json_writer_member (writer, "IndexName");
      dynantic_json_writer_string (writer, compiler->priv->index, -1);
    }
  if ((compiler->priv->is_query && !write_key_condition (compiler, error)) ||
      !write_filter (compiler, error) ||
      (compiler->plan->mode != DYNANTIC_READ_MODE_COUNT && !write_projection (compiler, error)) ||
      !dynantic_expression_context_write (compiler->context, writer, error))
    return FALSE;
  write_options (compiler, segment, total_segments);
  dynantic_json_writer_end_object (writer);
  return TRUE;
}

static void
fill_plan (Compiler         *compiler,
           DynanticReadMode  mode,
           guint             segment,
           guint             total_segments)
{
  DynanticReadPrivate *priv = compiler->priv;
  DynanticReadPlan *plan = compiler->plan;

  plan->schema = compiler->schema;
  plan->operation = priv->is_query ? "Query" : "Scan";
  plan->mode = mode;
  plan->limit = priv->limit;
  plan->page_size = priv->page_size;
  plan->client = dynantic_model_resolve_client (priv->model_type, priv->client);
  plan->item_client = priv->client != NULL ? g_object_ref (priv->client) : NULL;
  plan->index = g_strdup (priv->index);
  plan->segment = total_segments > 0 ? (gint) segment : -1;
}

DynanticReadPlan *
dynantic_read_compile_segment (DynanticRead      *self,
                               DynanticReadMode   mode,
                               guint              segment,
                               guint              total_segments,
                               GError           **error)
{
  Compiler compiler = { dynantic_read_get_instance_private (self), };
  g_autoptr(DynanticReadPlan) plan = dynantic_read_plan_new ();
  g_autoptr(GString) request = g_string_sized_new (256);
  gboolean ok;

  if (!g_type_is_a (compiler.priv->model_type, DYNANTIC_TYPE_MODEL))
    {
      g_set_error_literal (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                           _("The read was made without a model class: make it with a constructor"));
      return NULL;
    }
  compiler.schema = dynantic_schema_lookup_for_table (compiler.priv->model_type, error);
  if (compiler.schema == NULL || !find_index (&compiler, error) ||
      !check_options (&compiler, segment, total_segments, error))
    return NULL;

  compiler.plan = plan;
  fill_plan (&compiler, mode, segment, total_segments);
  compiler.context = dynantic_expression_context_new (dynantic_schema_resolve_attribute,
                                                      (gpointer) compiler.schema);
  dynantic_json_writer_init (&compiler.writer, request);
  ok = write_request (&compiler, segment, total_segments, error);
  dynantic_expression_context_free (compiler.context);
  if (!ok)
    return NULL;

  plan->request = g_string_free_to_bytes (g_steal_pointer (&request));
  return g_steal_pointer (&plan);
}

DynanticReadPlan *
dynantic_read_compile (DynanticRead      *self,
                       DynanticReadMode   mode,
                       GError           **error)
{
  DynanticReadPrivate *priv = dynantic_read_get_instance_private (self);

  return dynantic_read_compile_segment (self, mode, priv->segment, priv->total_segments, error);
}
