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
 * Build it with the chained calls of #DynanticQuery and #DynanticScan
 * (each returns the builder itself, of its own type, so calls nest), then
 * run it with a terminal:
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
 * dynantic_query_limit() caps how many items a run returns in all, whatever
 * the number of requests it takes; dynantic_query_page_size() is how many
 * items each request may read (DynamoDB's `Limit`). DynamoDB applies a
 * filter (dynantic_query_filter()) after reading, so with a filter a request
 * may return fewer items than it read, or none at all, while more remain.
 * Scans have the same calls (dynantic_scan_limit(), ...).
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
 *
 * Since: 0.1
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
 *
 * Since: 0.1
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
 *
 * Since: 0.1
 */
const char *
dynantic_read_get_index (DynanticRead *self)
{
  DynanticReadPrivate *priv;

  g_return_val_if_fail (DYNANTIC_IS_READ (self), NULL);

  priv = dynantic_read_get_instance_private (self);
  return priv->index;
}

void
dynantic_read_add_filter (DynanticRead      *self,
                          DynanticCondition *condition)
{
  DynanticReadPrivate *priv = dynantic_read_get_instance_private (self);

  g_ptr_array_add (priv->filters, dynantic_condition_ref (condition));
}

void
dynantic_read_set_limit (DynanticRead *self,
                         guint         limit)
{
  DynanticReadPrivate *priv = dynantic_read_get_instance_private (self);

  priv->limit = limit;
}

void
dynantic_read_set_page_size (DynanticRead *self,
                             guint         page_size)
{
  DynanticReadPrivate *priv = dynantic_read_get_instance_private (self);

  priv->page_size = page_size;
}

void
dynantic_read_set_consistent (DynanticRead *self,
                              gboolean      consistent)
{
  DynanticReadPrivate *priv = dynantic_read_get_instance_private (self);

  priv->consistent = consistent;
}

void
dynantic_read_set_projection (DynanticRead       *self,
                              const char * const *paths)
{
  DynanticReadPrivate *priv = dynantic_read_get_instance_private (self);

  g_strfreev (priv->projection);
  priv->projection = paths != NULL && paths[0] != NULL ? g_strdupv ((char **) paths) : NULL;
}

GStrv
dynantic_read_collect_paths (const char *first_path,
                             va_list     args)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (const char *path = first_path; path != NULL; path = va_arg (args, const char *))
    g_strv_builder_add (builder, path);
  return g_strv_builder_end (builder);
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
 *
 * Since: 0.1
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
