/* dynantic-read-compile.c: a read builder's state, checked and compiled into a plan
 *
 * Everything a terminal would send is checked here, before any request:
 * the index, the key values (converted to their properties' types), the sort
 * key condition, the filters and projection, the options. The request object
 * every page sends is written once, with its expressions holding only
 * placeholders, and kept in the plan with what its cursors are bound to.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "dynantic-error.h"
#include "dynantic-i18n-private.h"
#include "dynantic-item-private.h"
#include "dynantic-model-private.h"
#include "dynantic-read-private.h"
#include "expression/dynantic-condition-private.h"
#include "expression/dynantic-expression-private.h"

/* DynamoDB's bound on TotalSegments. */
#define MAX_TOTAL_SEGMENTS 1000000

/* What one compilation works with. */
typedef struct {
  const DynanticReadSpec       *spec;
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
  return g_type_name (compiler->spec->model_type);
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
  if (compiler->spec->index == NULL)
    return TRUE;

  compiler->index = dynantic_schema_find_index (compiler->schema, compiler->spec->index);
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
                 /* Translators: the first %s is a model class's GType name, the second an index name */
                 _("The model class “%s” has no index “%s”: it has no secondary indexes"),
                 class_name (compiler), compiler->spec->index);
  else
    g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                 /* Translators: the first %s is a model class's GType name, the second the index name asked
                  * for, the third a comma-separated list of the class's quoted index names */
                 _("The model class “%s” has no index “%s”; its indexes are %s"),
                 class_name (compiler), compiler->spec->index, names);
  return FALSE;
}

static gboolean
check_options (Compiler  *compiler,
               guint      segment,
               guint      total_segments,
               GError   **error)
{
  const DynanticReadSpec *spec = compiler->spec;

  if (spec->consistent && compiler->index != NULL && compiler->index->kind == DYNANTIC_SCHEMA_INDEX_GLOBAL)
    g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                 /* Translators: %s is an index name */
                 _("The global secondary index “%s” does not offer consistent reads"), spec->index);
  else if (total_segments > MAX_TOTAL_SEGMENTS)
    g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                 /* Translators: the first %u is the most segments allowed, the second the number asked for */
                 _("A scan has at most %u segments, not %u"), MAX_TOTAL_SEGMENTS, total_segments);
  else if (total_segments > 0 && segment >= total_segments)
    g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                 /* Translators: the first %u is the segment asked for (from 0), the second the number of
                  * segments */
                 _("The scan segment %u is not below the total of %u segments"), segment, total_segments);
  else if (spec->sort_op != DYNANTIC_SORT_KEY_NONE && compiler->sort_key == NULL && compiler->index != NULL)
    g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                 /* Translators: the first %s is an index name, the second a model class's GType name */
                 _("The index “%s” of model class “%s” has no sort key to put a condition on"),
                 spec->index, class_name (compiler));
  else if (spec->sort_op != DYNANTIC_SORT_KEY_NONE && compiler->sort_key == NULL)
    g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                 /* Translators: %s is a model class's GType name */
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

  if (!dynantic_item_convert_key_value (property, &compiler->spec->partition_key, &value, error))
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
  const GValue *prefix = &compiler->spec->sort_low;
  g_autofree char *path = NULL;

  if (!stored_as_string (property))
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                   /* Translators: the first %s is a sort key's property name, the second a model
                    * class's GType name; begins_with is DynamoDB's function, not to be translated */
                   _("The sort key “%s” of model class “%s” is not stored as a string: begins_with does not apply"),
                   property->name, class_name (compiler));
      return NULL;
    }
  if (!G_VALUE_HOLDS_STRING (prefix) || g_value_get_string (prefix) == NULL ||
      g_value_get_string (prefix)[0] == '\0')
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION,
                   /* Translators: %s is a sort key's property name */
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
  const DynanticReadSpec *spec = compiler->spec;
  const DynanticSchemaProperty *property = compiler->sort_key;
  g_auto(GValue) low = G_VALUE_INIT;
  g_auto(GValue) high = G_VALUE_INIT;
  g_autofree char *path = NULL;

  if (spec->sort_op == DYNANTIC_SORT_KEY_NONE)
    return NULL;
  if (spec->sort_op == DYNANTIC_SORT_KEY_BEGINS_WITH)
    return prefix_condition (compiler, error);
  if (!dynantic_item_convert_key_value (property, &spec->sort_low, &low, error) ||
      (spec->sort_op == DYNANTIC_SORT_KEY_BETWEEN &&
       !dynantic_item_convert_key_value (property, &spec->sort_high, &high, error)))
    return NULL;

  path = dynantic_attr_path_escape (property->attribute);
  switch (spec->sort_op)
    {
    case DYNANTIC_SORT_KEY_BETWEEN:
      return dynantic_condition_between (path, &low, &high);
    case DYNANTIC_SORT_KEY_NONE:
    case DYNANTIC_SORT_KEY_BEGINS_WITH:
    default:
      return dynantic_condition_compare (path, comparisons[spec->sort_op], &low);
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
  GPtrArray *filters = compiler->spec->filters;
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

static gboolean
write_projection (Compiler  *compiler,
                  GError   **error)
{
  const DynanticSchemaProperty *discriminator = dynantic_schema_get_discriminator (compiler->schema);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *expression = NULL;

  if (compiler->spec->projection == NULL)
    return TRUE;

  /* paths as the caller wrote them: the context resolves each root by the
   * one rule for paths, and names each attribute path once */
  for (char **path = compiler->spec->projection; *path != NULL; path++)
    g_ptr_array_add (paths, g_strdup (*path));
  if (discriminator != NULL)
    g_ptr_array_add (paths, dynantic_attr_path_escape (discriminator->attribute));

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
  const DynanticReadSpec *spec = compiler->spec;
  DynanticJsonWriter *writer = &compiler->writer;

  if (spec->is_query && spec->descending)
    {
      dynantic_json_writer_member (writer, "ScanIndexForward");
      dynantic_json_writer_boolean (writer, FALSE);
    }
  if (spec->consistent)
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
  if (compiler->spec->index != NULL)
    {
      dynantic_json_writer_member (writer, "IndexName");
      dynantic_json_writer_string (writer, compiler->spec->index, -1);
    }
  if ((compiler->spec->is_query && !write_key_condition (compiler, error)) ||
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
  const DynanticReadSpec *spec = compiler->spec;
  DynanticReadPlan *plan = compiler->plan;

  plan->schema = dynantic_schema_ref (compiler->schema);
  plan->operation = spec->is_query ? "Query" : "Scan";
  plan->mode = mode;
  plan->limit = spec->limit;
  plan->page_size = spec->page_size;
  plan->client = dynantic_model_resolve_client (spec->model_type, spec->client);
  plan->item_client = spec->client != NULL ? g_object_ref (spec->client) : NULL;
  plan->index = g_strdup (spec->index);
  plan->segment = total_segments > 0 ? (gint) segment : -1;
}

DynanticReadPlan *
dynantic_read_spec_compile (const DynanticReadSpec  *spec,
                            DynanticReadMode         mode,
                            guint                    segment,
                            guint                    total_segments,
                            GError                 **error)
{
  Compiler compiler = { spec, };
  g_autoptr(DynanticSchema) schema = NULL;
  g_autoptr(DynanticReadPlan) plan = dynantic_read_plan_new ();
  g_autoptr(GString) request = g_string_sized_new (256);
  gboolean ok;

  if (!g_type_is_a (spec->model_type, DYNANTIC_TYPE_MODEL))
    {
      g_set_error_literal (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                           _("The read was made without a model class: make it with a constructor"));
      return NULL;
    }
  compiler.schema = schema = dynantic_schema_lookup_for_table (spec->model_type, error);
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
