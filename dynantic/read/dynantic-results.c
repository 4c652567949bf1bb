/* dynantic-results.c: the items of a read as a GListModel that loads more on demand
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "dynantic-error.h"
#include "dynantic-i18n-private.h"
#include "dynantic-model.h"
#include "dynantic-results-private.h"

/**
 * DynanticResults:
 *
 * The items of a read (dynantic_read_results()) as a #GListModel, for GTK
 * list views and anything else that binds list models.
 *
 * It starts empty and grows when asked: each dynantic_results_load_more()
 * (or its asynchronous form, for a main loop) appends the items of the next
 * page, or of the next pages when a filter leaves some empty, and emits
 * #GListModel::items-changed for them. #DynanticResults:has-more says
 * whether there is more to load, #DynanticResults:loading whether a load
 * runs: bind a "load more" button or a scroll edge to them. It keeps every
 * item it loaded; iterate with dynantic_read_iterate() to hold only one page
 * at a time.
 *
 * One load at a time: a load asked for while another runs fails with
 * %G_IO_ERROR_PENDING.
 *
 * Since: 0.1
 */

struct _DynanticResults
{
  GObject        parent_instance;

  DynanticPager *pager;
  GPtrArray     *items;   /* DynanticModel */
  gboolean       loading;
};

static void dynantic_results_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DynanticResults, dynantic_results, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, dynantic_results_list_model_init))

enum {
  PROP_0,
  PROP_ITEM_TYPE,
  PROP_N_ITEMS,
  PROP_HAS_MORE,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
item_type (DynanticResults *self)
{
  if (self->pager == NULL)  /* made by g_object_new(), without a read */
    return DYNANTIC_TYPE_MODEL;
  return dynantic_schema_get_model_type (dynantic_pager_get_plan (self->pager)->schema);
}

static GType
dynantic_results_get_item_type (GListModel *model)
{
  return item_type (DYNANTIC_RESULTS (model));
}

static guint
dynantic_results_get_n_items (GListModel *model)
{
  return DYNANTIC_RESULTS (model)->items->len;
}

static gpointer
dynantic_results_get_item (GListModel *model,
                           guint       position)
{
  DynanticResults *self = DYNANTIC_RESULTS (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
dynantic_results_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = dynantic_results_get_item_type;
  iface->get_n_items = dynantic_results_get_n_items;
  iface->get_item = dynantic_results_get_item;
}

static void
dynantic_results_finalize (GObject *object)
{
  DynanticResults *self = DYNANTIC_RESULTS (object);

  g_clear_pointer (&self->pager, dynantic_pager_free);
  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (dynantic_results_parent_class)->finalize (object);
}

static void
dynantic_results_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  DynanticResults *self = DYNANTIC_RESULTS (object);

  switch (prop_id)
    {
    case PROP_ITEM_TYPE:
      g_value_set_gtype (value, item_type (self));
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->items->len);
      break;
    case PROP_HAS_MORE:
      g_value_set_boolean (value, dynantic_results_get_has_more (self));
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dynantic_results_class_init (DynanticResultsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = dynantic_results_finalize;
  object_class->get_property = dynantic_results_get_property;

  /**
   * DynanticResults:item-type:
   *
   * The model class of the items.
   */
  properties[PROP_ITEM_TYPE] =
    g_param_spec_gtype ("item-type", NULL, NULL, DYNANTIC_TYPE_MODEL, flags);

  /**
   * DynanticResults:n-items:
   *
   * How many items are loaded.
   */
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0, flags);

  /**
   * DynanticResults:has-more: (getter get_has_more)
   *
   * Whether the read has more to load.
   */
  properties[PROP_HAS_MORE] =
    g_param_spec_boolean ("has-more", NULL, NULL, TRUE, flags);

  /**
   * DynanticResults:loading: (getter get_loading)
   *
   * Whether a load runs.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dynantic_results_init (DynanticResults *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

DynanticResults *
dynantic_results_new (DynanticPager *pager)
{
  DynanticResults *self = g_object_new (DYNANTIC_TYPE_RESULTS, NULL);

  self->pager = pager;
  return self;
}

/**
 * dynantic_results_get_has_more:
 * @self: a result set
 *
 * Returns: whether the read has more to load
 *
 * Since: 0.1
 */
gboolean
dynantic_results_get_has_more (DynanticResults *self)
{
  g_return_val_if_fail (DYNANTIC_IS_RESULTS (self), FALSE);
  return self->pager != NULL && !dynantic_pager_is_done (self->pager);
}

/**
 * dynantic_results_get_loading:
 * @self: a result set
 *
 * Returns: whether a load runs
 *
 * Since: 0.1
 */
gboolean
dynantic_results_get_loading (DynanticResults *self)
{
  g_return_val_if_fail (DYNANTIC_IS_RESULTS (self), FALSE);
  return self->loading;
}

static void
set_loading (DynanticResults *self,
             gboolean         loading)
{
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Appends the items of @page (taken) and tells the views. */
static void
append_page (DynanticResults   *self,
             DynanticPagerPage *page)
{
  guint position = self->items->len;
  guint added = page->items->len;

  g_ptr_array_extend_and_steal (self->items, g_steal_pointer (&page->items));
  dynantic_pager_page_free (page);
  if (added > 0)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), position, 0, added);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }
  if (dynantic_pager_is_done (self->pager))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_MORE]);
}

/* Whether @self cannot load now: a load is running, or it was made by
 * g_object_new() (a binding's Results()) and has no read behind it. */
static gboolean
refuse_pending (DynanticResults  *self,
                GError          **error)
{
  if (self->pager == NULL)
    {
      g_set_error_literal (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                           _("The result set was made without a read: make it with dynantic_read_results()"));
      return TRUE;
    }
  if (!self->loading)
    return FALSE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PENDING,
                       _("The result set is already loading"));
  return TRUE;
}

/**
 * dynantic_results_load_more:
 * @self: a result set
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Loads the next page, and more pages while they come back empty (a
 * filtered read), until some items are added or the read ends. Nothing
 * happens when the read has ended.
 *
 * Returns: %TRUE when loaded; else %FALSE with @error set (the items
 *   loaded before stay)
 *
 * Since: 0.1
 */
gboolean
dynantic_results_load_more (DynanticResults  *self,
                            GCancellable     *cancellable,
                            GError          **error)
{
  DynanticPagerPage *page;

  g_return_val_if_fail (DYNANTIC_IS_RESULTS (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (refuse_pending (self, error))
    return FALSE;
  if (dynantic_pager_is_done (self->pager))
    return TRUE;

  set_loading (self, TRUE);
  page = dynantic_pager_next_items (self->pager, cancellable, error);
  if (page != NULL)
    append_page (self, page);
  set_loading (self, FALSE);
  return page != NULL;
}

static void
page_ready (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DynanticResults *self = g_task_get_source_object (task);
  DynanticPagerPage *page;
  GError *error = NULL;

  page = dynantic_pager_next_items_finish (self->pager, result, &error);
  if (page != NULL)
    append_page (self, page);
  set_loading (self, FALSE);
  if (page == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * dynantic_results_load_more_async:
 * @self: a result set
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the load is done
 * @user_data: data for @callback
 *
 * The asynchronous form of dynantic_results_load_more(): the items are
 * added, and #GListModel::items-changed emitted, in the thread-default main
 * context of the caller.
 *
 * Since: 0.1
 */
void
dynantic_results_load_more_async (DynanticResults     *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  g_return_if_fail (DYNANTIC_IS_RESULTS (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dynantic_results_load_more_async);
  if (refuse_pending (self, &error))
    g_task_return_error (task, error);
  else if (dynantic_pager_is_done (self->pager))
    g_task_return_boolean (task, TRUE);
  else
    {
      set_loading (self, TRUE);
      dynantic_pager_next_items_async (self->pager, cancellable, page_ready, g_steal_pointer (&task));
    }
}

/**
 * dynantic_results_load_more_finish:
 * @self: a result set
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Finishes dynantic_results_load_more_async().
 *
 * Returns: %TRUE when loaded; else %FALSE with @error set
 *
 * Since: 0.1
 */
gboolean
dynantic_results_load_more_finish (DynanticResults  *self,
                                   GAsyncResult     *result,
                                   GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, dynantic_results_load_more_async), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
