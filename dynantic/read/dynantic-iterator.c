/* dynantic-iterator.c: the items of a read, one at a time, a page at a time
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "dynantic-error.h"
#include "dynantic-i18n-private.h"
#include "dynantic-iterator-private.h"

/**
 * DynanticIterator:
 *
 * The items of a read (dynantic_read_iterate()), handed out one at a time.
 * It reads a page when the items of the last one are all handed out, and
 * keeps no item it handed out: however many items the read returns, an
 * iterator holds at most one page of them (see dynantic_query_page_size()).
 *
 * ```c
 * g_autoptr(DynanticIterator) iterator = dynantic_read_iterate (read, &error);
 * DynanticModel *item;
 *
 * while ((item = dynantic_iterator_next (iterator, NULL, &error)) != NULL)
 *   {
 *     use (item);
 *     g_object_unref (item);
 *   }
 * if (error != NULL)
 *   ...
 * ```
 *
 * One call at a time: a call made while an asynchronous one runs fails with
 * %G_IO_ERROR_PENDING.
 *
 * Since: 0.1
 */

struct _DynanticIterator
{
  GObject        parent_instance;

  DynanticPager *pager;
  GPtrArray     *page;      /* the items of the last page; NULL once handed out */
  guint          position;  /* the next item of @page */
  gboolean       busy;
};

G_DEFINE_FINAL_TYPE (DynanticIterator, dynantic_iterator, G_TYPE_OBJECT)

static void
drop_page (DynanticIterator *self)
{
  for (guint i = self->position; self->page != NULL && i < self->page->len; i++)
    g_object_unref (g_ptr_array_index (self->page, i));
  g_clear_pointer (&self->page, g_ptr_array_unref);
  self->position = 0;
}

static void
dynantic_iterator_finalize (GObject *object)
{
  DynanticIterator *self = DYNANTIC_ITERATOR (object);

  drop_page (self);
  g_clear_pointer (&self->pager, dynantic_pager_free);

  G_OBJECT_CLASS (dynantic_iterator_parent_class)->finalize (object);
}

static void
dynantic_iterator_class_init (DynanticIteratorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dynantic_iterator_finalize;
}

static void
dynantic_iterator_init (DynanticIterator *self)
{
}

DynanticIterator *
dynantic_iterator_new (DynanticPager *pager)
{
  DynanticIterator *self = g_object_new (DYNANTIC_TYPE_ITERATOR, NULL);

  self->pager = pager;
  return self;
}

/* Keeps the items of @page (taken), dropping the last page's. */
static void
take_page (DynanticIterator  *self,
           DynanticPagerPage *page)
{
  drop_page (self);
  self->page = g_steal_pointer (&page->items);
  g_ptr_array_set_free_func (self->page, NULL);  /* items leave one by one */
  dynantic_pager_page_free (page);
}

/* The next item of the last page (transfer full), or NULL when it has none
 * left. */
static DynanticModel *
take_item (DynanticIterator *self)
{
  DynanticModel *item;

  if (self->page == NULL || self->position >= self->page->len)
    return NULL;
  item = g_ptr_array_index (self->page, self->position);
  g_ptr_array_index (self->page, self->position) = NULL;
  self->position++;
  return item;
}

/* Whether @self cannot read now: a call is running, or it was made by
 * g_object_new() (a binding's Iterator()) and has no read behind it. */
static gboolean
refuse_pending (DynanticIterator  *self,
                GError           **error)
{
  if (self->pager == NULL)
    {
      g_set_error_literal (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                           _("The iterator was made without a read: make it with dynantic_read_iterate()"));
      return TRUE;
    }
  if (!self->busy)
    return FALSE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PENDING,
                       _("The iterator is already reading its next page"));
  return TRUE;
}

/**
 * dynantic_iterator_next:
 * @self: an iterator
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * The next item, reading the next page when the last one is used up (and
 * as many pages as it takes when a filter leaves pages empty).
 *
 * Returns: (transfer full) (nullable): the next item, or %NULL at the end
 *   (without error) or on error
 *
 * Since: 0.1
 */
DynanticModel *
dynantic_iterator_next (DynanticIterator  *self,
                        GCancellable      *cancellable,
                        GError           **error)
{
  DynanticPagerPage *page;
  DynanticModel *item;

  g_return_val_if_fail (DYNANTIC_IS_ITERATOR (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (refuse_pending (self, error))
    return NULL;
  if ((item = take_item (self)) != NULL || dynantic_pager_is_done (self->pager))
    return item;
  if (!(page = dynantic_pager_next_items (self->pager, cancellable, error)))
    return NULL;
  take_page (self, page);
  return take_item (self);
}

static void
page_ready (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DynanticIterator *self = g_task_get_source_object (task);
  DynanticPagerPage *page;
  GError *error = NULL;

  self->busy = FALSE;
  page = dynantic_pager_next_items_finish (self->pager, result, &error);
  if (page == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  take_page (self, page);
  g_task_return_pointer (task, take_item (self), g_object_unref);
}

/**
 * dynantic_iterator_next_async:
 * @self: an iterator
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called with the next item
 * @user_data: data for @callback
 *
 * The asynchronous form of dynantic_iterator_next(). It completes at once
 * (from the main loop) while the last page has items left.
 *
 * Since: 0.1
 */
void
dynantic_iterator_next_async (DynanticIterator    *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  DynanticModel *item;

  g_return_if_fail (DYNANTIC_IS_ITERATOR (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dynantic_iterator_next_async);
  if (refuse_pending (self, &error))
    g_task_return_error (task, error);
  else if ((item = take_item (self)) != NULL || dynantic_pager_is_done (self->pager))
    g_task_return_pointer (task, item, g_object_unref);
  else
    {
      self->busy = TRUE;
      dynantic_pager_next_items_async (self->pager, cancellable, page_ready, g_steal_pointer (&task));
    }
}

/**
 * dynantic_iterator_next_finish:
 * @self: an iterator
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Finishes dynantic_iterator_next_async().
 *
 * Returns: (transfer full) (nullable): the next item, or %NULL at the end
 *   (without error) or on error
 *
 * Since: 0.1
 */
DynanticModel *
dynantic_iterator_next_finish (DynanticIterator  *self,
                               GAsyncResult      *result,
                               GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, dynantic_iterator_next_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
