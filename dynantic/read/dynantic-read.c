/* dynantic-read.c: the shared read builder
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "dynantic-read-private.h"

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

/* DynanticReadSpec (dynantic-read-private.h) is the builder's state. */
typedef DynanticReadSpec DynanticReadPrivate;

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

DynanticReadPlan *
dynantic_read_compile_segment (DynanticRead      *self,
                               DynanticReadMode   mode,
                               guint              segment,
                               guint              total_segments,
                               GError           **error)
{
  return dynantic_read_spec_compile (dynantic_read_get_instance_private (self), mode,
                                     segment, total_segments, error);
}

DynanticReadPlan *
dynantic_read_compile (DynanticRead      *self,
                       DynanticReadMode   mode,
                       GError           **error)
{
  DynanticReadPrivate *priv = dynantic_read_get_instance_private (self);

  return dynantic_read_spec_compile (priv, mode, priv->segment, priv->total_segments, error);
}
