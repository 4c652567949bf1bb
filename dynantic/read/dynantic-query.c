/* dynantic-query.c: reading the items of one partition
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "dynantic-query.h"
#include "dynantic-read-private.h"

/**
 * DynanticQuery:
 *
 * A Query: the items of one partition of a model class's table, or of one
 * of its secondary indexes, in sort key order, optionally narrowed by one
 * condition on the sort key, filtered, limited and projected by the
 * builder calls it shares with #DynanticScan; the calls that run it come
 * from #DynanticRead. Every builder call returns the query itself, so calls
 * chain in every language: `query.ge (since).filter (unread).limit (20)`.
 *
 * ```c
 * g_auto(GValue) room = G_VALUE_INIT;
 * g_auto(GValue) since = G_VALUE_INIT;
 * g_autoptr(DynanticQuery) query = NULL;
 * g_autoptr(GPtrArray) messages = NULL;
 *
 * g_value_set_string (g_value_init (&room, G_TYPE_STRING), "general");
 * g_value_set_string (g_value_init (&since, G_TYPE_STRING), "2024-05-01T00:00:00Z");
 * query = dynantic_query_new (CHAT_TYPE_MESSAGE, &room, NULL);
 * dynantic_query_limit (dynantic_query_descending (dynantic_query_ge (query, &since), TRUE), 20);
 * messages = dynantic_read_all (DYNANTIC_READ (query), NULL, &error);
 * ```
 *
 * Key values are converted to their key property's type as dynantic_model_get_by_key()
 * does (numbers given as any number type that holds them exactly, dates as
 * #GDateTime or ISO-8601 strings); a value that does not fit, or an empty
 * string, is %DYNANTIC_ERROR_VALIDATION when the query runs. Only one sort
 * key condition applies: the last one set wins. A condition on a table or
 * index without sort key is %DYNANTIC_ERROR_INVALID_ARGUMENT.
 *
 * Since: 0.1
 */

struct _DynanticQuery
{
  DynanticRead parent_instance;
};

G_DEFINE_FINAL_TYPE (DynanticQuery, dynantic_query, DYNANTIC_TYPE_READ)

static void
dynantic_query_class_init (DynanticQueryClass *klass)
{
}

static void
dynantic_query_init (DynanticQuery *self)
{
}

/**
 * dynantic_query_new:
 * @model_type: a #DynanticModel subtype
 * @partition_key: the partition key's value
 * @client: (nullable): the client to read through, or %NULL for the class's
 *
 * A query of the partition of @model_type's table whose partition key is
 * @partition_key. Objects read with an explicit @client keep it for their
 * own calls.
 *
 * Returns: (transfer full): a new query
 *
 * Since: 0.1
 */
DynanticQuery *
dynantic_query_new (GType           model_type,
                    const GValue   *partition_key,
                    DynanticClient *client)
{
  return dynantic_query_new_for_index (model_type, NULL, partition_key, client);
}

/**
 * dynantic_query_new_for_index:
 * @model_type: a #DynanticModel subtype
 * @index: (nullable): the name of one of the class's secondary indexes, or
 *   %NULL for the table
 * @partition_key: the value of the index's partition key
 * @client: (nullable): the client to read through, or %NULL for the class's
 *
 * A query of one partition of a secondary index: of the index's partition
 * key for a global index, of the table's for a local one. Its sort key
 * conditions apply to the index's sort key. A name the class does not
 * declare is %DYNANTIC_ERROR_INVALID_ARGUMENT (naming the class's indexes)
 * when the query runs.
 *
 * Returns: (transfer full): a new query
 *
 * Since: 0.1
 */
DynanticQuery *
dynantic_query_new_for_index (GType           model_type,
                              const char     *index,
                              const GValue   *partition_key,
                              DynanticClient *client)
{
  DynanticQuery *self;

  g_return_val_if_fail (g_type_is_a (model_type, DYNANTIC_TYPE_MODEL), NULL);
  g_return_val_if_fail (client == NULL || DYNANTIC_IS_CLIENT (client), NULL);

  self = g_object_new (DYNANTIC_TYPE_QUERY, NULL);
  dynantic_read_set_target (DYNANTIC_READ (self), model_type, client, index);
  dynantic_read_set_partition_key (DYNANTIC_READ (self), partition_key);
  return self;
}

static DynanticQuery *
set_sort_key (DynanticQuery     *self,
              DynanticSortKeyOp  op,
              const GValue      *low,
              const GValue      *high)
{
  g_return_val_if_fail (DYNANTIC_IS_QUERY (self), NULL);

  dynantic_read_set_sort_key (DYNANTIC_READ (self), op, low, high);
  return self;
}

/**
 * dynantic_query_eq:
 * @self: a query
 * @value: the sort key's value
 *
 * Reads the items whose sort key is @value.
 *
 * Returns: (transfer none): @self
 *
 * Since: 0.1
 */
DynanticQuery *
dynantic_query_eq (DynanticQuery *self,
                   const GValue  *value)
{
  return set_sort_key (self, DYNANTIC_SORT_KEY_EQ, value, NULL);
}

/**
 * dynantic_query_lt:
 * @self: a query
 * @value: the bound
 *
 * Reads the items whose sort key is less than @value.
 *
 * Returns: (transfer none): @self
 *
 * Since: 0.1
 */
DynanticQuery *
dynantic_query_lt (DynanticQuery *self,
                   const GValue  *value)
{
  return set_sort_key (self, DYNANTIC_SORT_KEY_LT, value, NULL);
}

/**
 * dynantic_query_le:
 * @self: a query
 * @value: the bound
 *
 * Reads the items whose sort key is less than or equal to @value.
 *
 * Returns: (transfer none): @self
 *
 * Since: 0.1
 */
DynanticQuery *
dynantic_query_le (DynanticQuery *self,
                   const GValue  *value)
{
  return set_sort_key (self, DYNANTIC_SORT_KEY_LE, value, NULL);
}

/**
 * dynantic_query_gt:
 * @self: a query
 * @value: the bound
 *
 * Reads the items whose sort key is greater than @value.
 *
 * Returns: (transfer none): @self
 *
 * Since: 0.1
 */
DynanticQuery *
dynantic_query_gt (DynanticQuery *self,
                   const GValue  *value)
{
  return set_sort_key (self, DYNANTIC_SORT_KEY_GT, value, NULL);
}

/**
 * dynantic_query_ge:
 * @self: a query
 * @value: the bound
 *
 * Reads the items whose sort key is greater than or equal to @value.
 *
 * Returns: (transfer none): @self
 *
 * Since: 0.1
 */
DynanticQuery *
dynantic_query_ge (DynanticQuery *self,
                   const GValue  *value)
{
  return set_sort_key (self, DYNANTIC_SORT_KEY_GE, value, NULL);
}

/**
 * dynantic_query_between:
 * @self: a query
 * @low: the lowest sort key read
 * @high: the highest sort key read
 *
 * Reads the items whose sort key lies between @low and @high, both
 * included.
 *
 * Returns: (transfer none): @self
 *
 * Since: 0.1
 */
DynanticQuery *
dynantic_query_between (DynanticQuery *self,
                        const GValue  *low,
                        const GValue  *high)
{
  return set_sort_key (self, DYNANTIC_SORT_KEY_BETWEEN, low, high);
}

/**
 * dynantic_query_begins_with:
 * @self: a query
 * @prefix: the start of the sort keys read
 *
 * Reads the items whose sort key starts with @prefix. The sort key must be
 * stored as a string: a string property, or a #GDateTime one (whose
 * ISO-8601 text a prefix such as `"2024-05"` matches);
 * %DYNANTIC_ERROR_INVALID_ARGUMENT otherwise. An empty @prefix is
 * %DYNANTIC_ERROR_VALIDATION.
 *
 * Returns: (transfer none): @self
 *
 * Since: 0.1
 */
DynanticQuery *
dynantic_query_begins_with (DynanticQuery *self,
                            const char    *prefix)
{
  g_auto(GValue) value = G_VALUE_INIT;

  g_value_set_string (g_value_init (&value, G_TYPE_STRING), prefix);
  return set_sort_key (self, DYNANTIC_SORT_KEY_BEGINS_WITH, &value, NULL);
}

/**
 * dynantic_query_descending:
 * @self: a query
 * @descending: whether to read from the highest sort key down
 *
 * Reads the items in descending sort key order (`ScanIndexForward` false)
 * instead of ascending.
 *
 * Returns: (transfer none): @self
 *
 * Since: 0.1
 */
DynanticQuery *
dynantic_query_descending (DynanticQuery *self,
                           gboolean       descending)
{
  g_return_val_if_fail (DYNANTIC_IS_QUERY (self), NULL);

  dynantic_read_set_descending (DYNANTIC_READ (self), descending);
  return self;
}

/* The builder calls a query shares with scans ---------------------------- */

/**
 * dynantic_query_filter:
 * @self: a query
 * @condition: what the items must meet (borrowed)
 *
 * Keeps only the items that meet @condition (a `FilterExpression`). Filters
 * added by several calls must all hold. Paths follow the one rule of
 * #DynanticCondition: a property's name (either spelling) or an attribute
 * path; values are converted to the type of the property stored there. A
 * filter cannot name the key attributes of a query: use its sort key
 * conditions.
 *
 * DynamoDB filters after reading: each request still reads up to the page
 * size, and a filtered page may hold fewer items than that, or none.
 *
 * Returns: (transfer none): @self, to chain calls
 *
 * Since: 0.2
 */
DynanticQuery *
dynantic_query_filter (DynanticQuery     *self,
                       DynanticCondition *condition)
{
  g_return_val_if_fail (DYNANTIC_IS_QUERY (self), NULL);
  g_return_val_if_fail (condition != NULL, self);

  dynantic_read_add_filter (DYNANTIC_READ (self), condition);
  return self;
}

/**
 * dynantic_query_limit:
 * @self: a query
 * @limit: the most items to return, or 0 for no limit
 *
 * Caps the items a run returns in all, across as many requests as it takes.
 * With dynantic_read_page() it is also the page's largest size: a page
 * holds at most @limit items, and a cursor when more remain. With
 * dynantic_read_count(), the count stops at @limit.
 *
 * Returns: (transfer none): @self, to chain calls
 *
 * Since: 0.2
 */
DynanticQuery *
dynantic_query_limit (DynanticQuery *self,
                      guint          limit)
{
  g_return_val_if_fail (DYNANTIC_IS_QUERY (self), NULL);

  dynantic_read_set_limit (DYNANTIC_READ (self), limit);
  return self;
}

/**
 * dynantic_query_page_size:
 * @self: a query
 * @page_size: how many items each request may read, or 0 for as many as
 *   DynamoDB returns (up to 1 MB of items)
 *
 * Sets DynamoDB's `Limit` of each request: how many items it reads before
 * filtering. It does not change what a run returns, only how many requests
 * it takes and how many items an iterator holds at once.
 *
 * Returns: (transfer none): @self, to chain calls
 *
 * Since: 0.2
 */
DynanticQuery *
dynantic_query_page_size (DynanticQuery *self,
                          guint          page_size)
{
  g_return_val_if_fail (DYNANTIC_IS_QUERY (self), NULL);

  dynantic_read_set_page_size (DYNANTIC_READ (self), page_size);
  return self;
}

/**
 * dynantic_query_consistent:
 * @self: a query
 * @consistent: whether to make strongly consistent reads
 *
 * Asks for strongly consistent reads (`ConsistentRead`), which see every
 * write that succeeded before. Global secondary indexes do not offer them:
 * asking for one there is %DYNANTIC_ERROR_INVALID_ARGUMENT.
 *
 * Returns: (transfer none): @self, to chain calls
 *
 * Since: 0.2
 */
DynanticQuery *
dynantic_query_consistent (DynanticQuery *self,
                           gboolean       consistent)
{
  g_return_val_if_fail (DYNANTIC_IS_QUERY (self), NULL);

  dynantic_read_set_consistent (DYNANTIC_READ (self), consistent);
  return self;
}

/**
 * dynantic_query_project: (skip)
 * @self: a query
 * @first_path: a property's name or an attribute path
 * @...: more, then %NULL
 *
 * The varargs form of dynantic_query_projectv().
 *
 * Returns: (transfer none): @self, to chain calls
 *
 * Since: 0.2
 */
DynanticQuery *
dynantic_query_project (DynanticQuery *self,
                        const char    *first_path,
                        ...)
{
  g_auto(GStrv) paths = NULL;
  va_list args;

  g_return_val_if_fail (DYNANTIC_IS_QUERY (self), NULL);

  va_start (args, first_path);
  paths = dynantic_read_collect_paths (first_path, args);
  va_end (args);
  return dynantic_query_projectv (self, (const char * const *) paths);
}

/**
 * dynantic_query_projectv: (rename-to dynantic_query_project)
 * @self: a query
 * @paths: (array zero-terminated=1) (nullable): the properties (by
 *   name, in either spelling) or attribute paths to read, or %NULL to read
 *   whole items
 *
 * Reads only these attributes of each item (a `ProjectionExpression`).
 * Paths follow the one rule of #DynanticCondition. The objects read are
 * partial: the properties left out hold their defaults, whatever the item
 * stores, and saving such an object would drop the attributes it lacks
 * (reload it first). The discriminator of a polymorphic class is always
 * read, so objects still get their subclass.
 *
 * Returns: (transfer none): @self, to chain calls
 *
 * Since: 0.2
 */
DynanticQuery *
dynantic_query_projectv (DynanticQuery      *self,
                         const char * const *paths)
{
  g_return_val_if_fail (DYNANTIC_IS_QUERY (self), NULL);

  dynantic_read_set_projection (DYNANTIC_READ (self), paths);
  return self;
}

