/* orders.c: a sort key, key conditions, and pagination with cursors, as a
 * stateless API would page through them
 *
 *     class Order(DynamoModel):
 *         customer_id: str = Key()
 *         order_id: str = SortKey()
 *         total: Decimal = Decimal("0")
 *         status: str = "pending"
 *
 *     examples/run.sh c orders
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <dynantic/dynantic.h>

#include "tables.h"

#define SHOP_TYPE_ORDER (shop_order_get_type ())
G_DECLARE_FINAL_TYPE (ShopOrder, shop_order, SHOP, ORDER, DynanticModel)
struct _ShopOrder { DynanticModel parent_instance; };
G_DEFINE_FINAL_TYPE (ShopOrder, shop_order, DYNANTIC_TYPE_MODEL)

static void
shop_order_class_init (ShopOrderClass *klass)
{
  DynanticModelClass *model = DYNANTIC_MODEL_CLASS (klass);

  dynantic_model_class_install_property (model, g_param_spec_string ("customer-id", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_string ("order-id", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_string ("total", NULL, NULL, "0", G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_string ("status", NULL, NULL, "pending", G_PARAM_READWRITE));
  dynantic_model_class_set_table (model, "example-c-orders");
  dynantic_model_class_set_partition_key (model, "customer-id");
  dynantic_model_class_set_sort_key (model, "order-id");
  dynantic_model_class_set_number (model, "total");   /* a Decimal: exact, stored as N */
}

static void shop_order_init (ShopOrder *self) { }

static gboolean
save_orders (GError **error)
{
  for (guint n = 1; n <= 25; n++)
    {
      g_autofree char *id = g_strdup_printf ("order-%03u", n);
      g_autofree char *total = g_strdup_printf ("%u.%02u", n * 999 / 100, n * 999 % 100);
      g_autoptr(ShopOrder) order = g_object_new (SHOP_TYPE_ORDER, "customer-id", "customer-456", "order-id", id,
                                                 "total", total, "status", n % 3 == 0 ? "shipped" : "pending",
                                                 NULL);

      if (!dynantic_model_save (DYNANTIC_MODEL (order), NULL, NULL, error))
        return FALSE;
    }
  return TRUE;
}

static char *
order_id (gpointer order)
{
  char *id = NULL;

  g_object_get (order, "order-id", &id, NULL);
  return id;
}

static DynanticQuery *
customer_orders (void)
{
  g_auto(GValue) customer = G_VALUE_INIT;

  g_value_set_string (g_value_init (&customer, G_TYPE_STRING), "customer-456");
  return dynantic_query_new (SHOP_TYPE_ORDER, &customer, NULL);
}

/* Page after page, each from the cursor the previous one gave: what a web
 * client would send back to get the next page. */
static gboolean
print_pages (GError **error)
{
  g_autoptr(DynanticQuery) query = dynantic_query_limit (customer_orders (), 10);
  g_autofree char *cursor = NULL;
  guint pages = 0;

  do
    {
      g_autoptr(DynanticPage) page = dynantic_read_page (DYNANTIC_READ (query), cursor, NULL, error);
      GPtrArray *items;
      g_autofree char *first = NULL, *last = NULL;

      if (page == NULL)
        return FALSE;
      items = dynantic_page_get_items (page);
      first = order_id (g_ptr_array_index (items, 0));
      last = order_id (g_ptr_array_index (items, items->len - 1));
      g_print ("page %u: %s .. %s (%u items)\n", ++pages, first, last, items->len);
      g_free (cursor);
      cursor = g_strdup (dynantic_page_get_cursor (page));   /* an opaque string */
    }
  while (cursor != NULL);
  return TRUE;
}

/* A scan (every customer's orders) with a compound filter: the exact
 * decimal compared as a number. */
static gboolean
count_big_pending (GError **error)
{
  g_autoptr(DynanticScan) scan = dynantic_scan_new (SHOP_TYPE_ORDER, NULL);
  g_autoptr(DynanticCondition) big = NULL, pending = NULL, both = NULL;
  g_auto(GValue) two_hundred = G_VALUE_INIT, status = G_VALUE_INIT;
  GError *count_error = NULL;
  guint64 n;

  g_value_set_string (g_value_init (&two_hundred, G_TYPE_STRING), "200");
  g_value_set_string (g_value_init (&status, G_TYPE_STRING), "pending");
  big = dynantic_condition_gt ("total", &two_hundred);
  pending = dynantic_condition_eq ("status", &status);
  both = dynantic_condition_and (big, pending, NULL);
  n = dynantic_read_count (DYNANTIC_READ (dynantic_scan_filter (scan, both)), NULL, &count_error);
  if (count_error != NULL)
    {
      g_propagate_error (error, count_error);
      return FALSE;
    }
  g_print ("pending over 200 (a scan): %" G_GUINT64_FORMAT "\n", n);
  return TRUE;
}

static gboolean
run (GError **error)
{
  g_autoptr(DynanticQuery) shipped_orders = customer_orders ();
  g_autoptr(DynanticQuery) first_five = customer_orders ();
  g_autoptr(DynanticCondition) shipped = NULL;
  g_autoptr(GPtrArray) early = NULL;
  g_auto(GValue) status = G_VALUE_INIT, low = G_VALUE_INIT, high = G_VALUE_INIT;
  GError *count_error = NULL;
  guint64 n_shipped;

  if (!save_orders (error) || !print_pages (error))
    return FALSE;

  g_value_set_string (g_value_init (&status, G_TYPE_STRING), "shipped");
  shipped = dynantic_condition_eq ("status", &status);
  n_shipped = dynantic_read_count (DYNANTIC_READ (dynantic_query_filter (shipped_orders, shipped)), NULL, &count_error);
  if (count_error != NULL)
    {
      g_propagate_error (error, count_error);
      return FALSE;
    }
  g_print ("shipped: %" G_GUINT64_FORMAT "\n", n_shipped);

  g_value_set_string (g_value_init (&low, G_TYPE_STRING), "order-001");
  g_value_set_string (g_value_init (&high, G_TYPE_STRING), "order-005");
  early = dynantic_read_all (DYNANTIC_READ (dynantic_query_between (first_five, &low, &high)), NULL, error);
  if (early == NULL)
    return FALSE;
  g_print ("first five:");
  for (guint i = 0; i < early->len; i++)
    {
      g_autofree char *total = NULL;

      g_object_get (g_ptr_array_index (early, i), "total", &total, NULL);
      g_print (" %s", total);
    }
  g_print ("\n");
  return count_big_pending (error);
}

int
main (void)
{
  return example_run ("orders", run, SHOP_TYPE_ORDER, G_TYPE_INVALID);
}
