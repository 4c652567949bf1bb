/* dynantic-page.c: one page of a query or scan
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "dynantic-model.h"
#include "dynantic-page-private.h"

/**
 * DynanticPage:
 *
 * One page of a read, made by dynantic_read_page(): its items, and a cursor
 * that dynantic_read_page() takes to read the next page, for APIs that keep
 * no state between requests.
 *
 * The cursor is an opaque URL-safe string. It carries DynamoDB's
 * `LastEvaluatedKey` encrypted and authenticated under the client's
 * #DynanticClient:cursor-key, bound to the table, the index and the
 * partition key (or the scan segment) of the read that made it: it shows no
 * key value, and a cursor that was altered, cut short, or made for another
 * read is refused with %DYNANTIC_ERROR_INVALID_CURSOR before any request.
 *
 * DynamoDB filters after reading, so a page of a filtered read may hold
 * fewer items than its size, or none at all, while more remain: such a page
 * says so with #DynanticPage:has-more, and the next page may hold matches.
 * When a page ends exactly where the read ends, DynamoDB may not know yet
 * and give a cursor anyway; the next page is then empty and has no cursor.
 *
 * Since: 0.1
 */

struct _DynanticPage
{
  GObject    parent_instance;

  GPtrArray *items;
  guint64    count;
  guint64    scanned_count;
  char      *cursor;
};

G_DEFINE_FINAL_TYPE (DynanticPage, dynantic_page, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_COUNT,
  PROP_SCANNED_COUNT,
  PROP_HAS_MORE,
  PROP_CURSOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dynantic_page_finalize (GObject *object)
{
  DynanticPage *self = DYNANTIC_PAGE (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->cursor, g_free);

  G_OBJECT_CLASS (dynantic_page_parent_class)->finalize (object);
}

static void
dynantic_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  DynanticPage *self = DYNANTIC_PAGE (object);

  switch (prop_id)
    {
    case PROP_COUNT:
      g_value_set_uint64 (value, self->count);
      break;
    case PROP_SCANNED_COUNT:
      g_value_set_uint64 (value, self->scanned_count);
      break;
    case PROP_HAS_MORE:
      g_value_set_boolean (value, self->cursor != NULL);
      break;
    case PROP_CURSOR:
      g_value_set_string (value, self->cursor);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dynantic_page_class_init (DynanticPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = dynantic_page_finalize;
  object_class->get_property = dynantic_page_get_property;

  /**
   * DynanticPage:count: (getter get_count)
   *
   * How many items the page holds.
   */
  properties[PROP_COUNT] =
    g_param_spec_uint64 ("count", NULL, NULL, 0, G_MAXUINT64, 0, flags);

  /**
   * DynanticPage:scanned-count: (getter get_scanned_count)
   *
   * How many items DynamoDB read for the page, before filtering.
   */
  properties[PROP_SCANNED_COUNT] =
    g_param_spec_uint64 ("scanned-count", NULL, NULL, 0, G_MAXUINT64, 0, flags);

  /**
   * DynanticPage:has-more: (getter get_has_more)
   *
   * Whether the read may go on after this page: the page has a cursor.
   */
  properties[PROP_HAS_MORE] =
    g_param_spec_boolean ("has-more", NULL, NULL, FALSE, flags);

  /**
   * DynanticPage:cursor: (getter get_cursor)
   *
   * Where the next page starts, for dynantic_read_page(); %NULL on the last
   * page.
   */
  properties[PROP_CURSOR] =
    g_param_spec_string ("cursor", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dynantic_page_init (DynanticPage *self)
{
  /* a page made by g_object_new() (a binding's Page()) is an empty one */
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

DynanticPage *
dynantic_page_new_from_pager (DynanticPager     *pager,
                              DynanticPagerPage *page)
{
  DynanticPage *self = g_object_new (DYNANTIC_TYPE_PAGE, NULL);

  g_ptr_array_unref (self->items);
  self->items = g_steal_pointer (&page->items);
  self->count = page->count;
  self->scanned_count = page->scanned;
  self->cursor = dynantic_pager_seal_cursor (pager);
  dynantic_pager_page_free (page);
  return self;
}

/**
 * dynantic_page_get_items:
 * @self: a page
 *
 * The page's items, in the order the read returned them. A projected read
 * (dynantic_query_projectv(), dynantic_scan_projectv()) gives partial objects.
 *
 * Returns: (transfer none) (element-type DynanticModel): the items
 *
 * Since: 0.1
 */
GPtrArray *
dynantic_page_get_items (DynanticPage *self)
{
  g_return_val_if_fail (DYNANTIC_IS_PAGE (self), NULL);
  return self->items;
}

/**
 * dynantic_page_get_count:
 * @self: a page
 *
 * Returns: how many items the page holds
 *
 * Since: 0.1
 */
guint64
dynantic_page_get_count (DynanticPage *self)
{
  g_return_val_if_fail (DYNANTIC_IS_PAGE (self), 0);
  return self->count;
}

/**
 * dynantic_page_get_scanned_count:
 * @self: a page
 *
 * Returns: how many items DynamoDB read for the page, before filtering
 *
 * Since: 0.1
 */
guint64
dynantic_page_get_scanned_count (DynanticPage *self)
{
  g_return_val_if_fail (DYNANTIC_IS_PAGE (self), 0);
  return self->scanned_count;
}

/**
 * dynantic_page_get_has_more:
 * @self: a page
 *
 * Whether a next page may hold more items. A filtered page may be empty
 * and still have more after it.
 *
 * Returns: %TRUE when the page has a cursor
 *
 * Since: 0.1
 */
gboolean
dynantic_page_get_has_more (DynanticPage *self)
{
  g_return_val_if_fail (DYNANTIC_IS_PAGE (self), FALSE);
  return self->cursor != NULL;
}

/**
 * dynantic_page_get_cursor:
 * @self: a page
 *
 * The cursor to pass to dynantic_read_page() for the next page, on a read
 * built the same way (same model class, index and partition key, or scan
 * segment) through a client with the same cursor key.
 *
 * Returns: (nullable): the cursor, or %NULL on the last page
 *
 * Since: 0.1
 */
const char *
dynantic_page_get_cursor (DynanticPage *self)
{
  g_return_val_if_fail (DYNANTIC_IS_PAGE (self), NULL);
  return self->cursor;
}
