/* orders-window.h: a window listing a read's items, loaded as the user scrolls
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include <dynantic/dynantic.h>

G_BEGIN_DECLS

#define ORDERS_TYPE_WINDOW (orders_window_get_type ())
G_DECLARE_FINAL_TYPE (OrdersWindow, orders_window, ORDERS, WINDOW, GtkWindow)

/* A window showing the items of @read (orders: their id, status and
 * total) in a GtkListView. It loads the first page at once, the next one
 * whenever the user scrolls to within a screenful of the end, shows a
 * spinner while a page loads, and the error in the window when a load
 * fails (with a button to try again). */
GtkWidget       *orders_window_new         (DynanticRead *read);

/* The list model behind the view. */
DynanticResults *orders_window_get_results (OrdersWindow *self);

G_END_DECLS
