/* orders-viewer.c: a customer's orders in a GTK 4 list that loads as you scroll
 *
 * The seed's pagination scenario with a face: the orders of one customer,
 * read by a query whose results (a GListModel) fill a GtkListView a page
 * of 25 at a time as the user scrolls (orders-window.c).
 *
 *     scripts/dynamodb-local.sh run build/examples/gtk/orders-viewer
 *
 * Runs against the endpoint in AWS_ENDPOINT_URL_DYNAMODB with credentials
 * from the environment (scripts/dynamodb-local.sh sets both); makes its
 * table and its 200 orders when they are not there yet.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "order.h"
#include "orders-window.h"

#define CUSTOMER "customer-456"
#define N_ORDERS 200

static gboolean
ensure_orders (GError **error)
{
  g_autoptr(GError) create_error = NULL;

  if (!dynantic_table_create (SHOP_TYPE_ORDER, NULL, NULL, &create_error))
    {
      if (!g_error_matches (create_error, DYNANTIC_ERROR, DYNANTIC_ERROR_RESOURCE_IN_USE))
        {
          g_propagate_error (error, g_steal_pointer (&create_error));
          return FALSE;
        }
      return TRUE;   /* made by an earlier run */
    }
  if (!dynantic_table_wait_until_active (SHOP_TYPE_ORDER, 60, NULL, NULL, error))
    return FALSE;
  for (guint n = 1; n <= N_ORDERS; n++)
    {
      g_autofree char *id = g_strdup_printf ("order-%03u", n);
      g_autofree char *total = g_strdup_printf ("%u.%02u", n * 9, n % 100);
      g_autoptr(ShopOrder) order = g_object_new (SHOP_TYPE_ORDER, "customer-id", CUSTOMER, "order-id", id,
                                                 "total", total, "status", n % 3 == 0 ? "shipped" : "pending",
                                                 NULL);

      if (!dynantic_model_save (DYNANTIC_MODEL (order), NULL, NULL, error))
        return FALSE;
    }
  return TRUE;
}

static void
activate (GtkApplication *app,
          gpointer        user_data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GValue) customer = G_VALUE_INIT;
  g_autoptr(DynanticQuery) query = NULL;
  GtkWidget *window;

  if (!ensure_orders (&error))
    {
      g_printerr ("orders-viewer: %s\n", error->message);
      return;
    }
  g_value_set_string (g_value_init (&customer, G_TYPE_STRING), CUSTOMER);
  query = dynantic_query_page_size (dynantic_query_new (SHOP_TYPE_ORDER, &customer, NULL), 25);
  window = orders_window_new (DYNANTIC_READ (query));
  gtk_window_set_application (GTK_WINDOW (window), app);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkApplication) app = gtk_application_new ("org.example.DynanticOrders", G_APPLICATION_DEFAULT_FLAGS);

  g_signal_connect (app, "activate", G_CALLBACK (activate), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
