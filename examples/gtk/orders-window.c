/* orders-window.c: a read's items in a GtkListView, loaded as the user scrolls
 *
 * A DynanticResults is a GListModel that starts empty and grows a page at a
 * time when asked (dynantic_results_load_more_async()). The view asks when
 * the user scrolls to within a screenful of the end; while a page loads,
 * the results' "loading" property is TRUE, and a spinner bound to it spins.
 * A load that fails leaves the items loaded so far and shows its error
 * under the list, with a button to try again.
 *
 * The widgets have names (gtk_widget_set_name()) so that the test that
 * drives this window under Xvfb (tests/gnome/test-gtk-results.c) finds them.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "orders-window.h"

struct _OrdersWindow
{
  GtkWindow        parent_instance;

  DynanticResults *results;
  GCancellable    *cancellable;   /* cancels a load when the window goes */
  GtkAdjustment   *vadjustment;
  GtkWidget       *status;
  GtkWidget       *error_bar;
  GtkWidget       *error_label;
  gboolean         failed;        /* stop loading until the user retries */
  guint            n_before_load; /* the items there were when the load began */
};

G_DEFINE_FINAL_TYPE (OrdersWindow, orders_window, GTK_TYPE_WINDOW)

static void load_more_if_near_end (OrdersWindow *self);

/* Rows ------------------------------------------------------------------- */

static GtkWidget *
row_label (const char *name,
           int         width_chars,
           float       xalign)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_name (label, name);
  gtk_label_set_width_chars (GTK_LABEL (label), width_chars);
  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  return label;
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  gtk_widget_set_margin_start (row, 12);
  gtk_widget_set_margin_end (row, 12);
  gtk_widget_set_margin_top (row, 6);
  gtk_widget_set_margin_bottom (row, 6);
  gtk_box_append (GTK_BOX (row), row_label ("order-id", 12, 0));
  gtk_box_append (GTK_BOX (row), row_label ("order-status", 10, 0));
  gtk_box_append (GTK_BOX (row), row_label ("order-total", 10, 1));
  gtk_list_item_set_child (item, row);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  GtkWidget *id = gtk_widget_get_first_child (gtk_list_item_get_child (item));
  GtkWidget *status = gtk_widget_get_next_sibling (id);
  GtkWidget *total = gtk_widget_get_next_sibling (status);
  g_autofree char *order_id = NULL, *order_status = NULL, *order_total = NULL;
  g_autofree char *shown_total = NULL;

  g_object_get (gtk_list_item_get_item (item),
                "order-id", &order_id, "status", &order_status, "total", &order_total, NULL);
  shown_total = g_strdup_printf ("%s €", order_total);
  gtk_label_set_text (GTK_LABEL (id), order_id);
  gtk_label_set_text (GTK_LABEL (status), order_status);
  gtk_label_set_text (GTK_LABEL (total), shown_total);
}

/* Loading ---------------------------------------------------------------- */

static void
update_status (OrdersWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->results));
  g_autofree char *text = NULL;

  if (dynantic_results_get_has_more (self->results))
    text = g_strdup_printf ("%u orders loaded, more below", n);
  else
    text = g_strdup_printf ("All %u orders", n);
  gtk_label_set_text (GTK_LABEL (self->status), text);
}

static void
loaded (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(OrdersWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dynantic_results_load_more_finish (DYNANTIC_RESULTS (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->failed = TRUE;
      gtk_label_set_text (GTK_LABEL (self->error_label), error->message);
      gtk_widget_set_visible (self->error_bar, TRUE);
      return;
    }
  update_status (self);
  /* New rows change the adjustment once they are laid out, and its
   * "changed" signal loads the next page if the end is still near (a
   * tall window). A page with no rows (a filter can drop them all)
   * changes nothing: look now. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->results)) == self->n_before_load)
    load_more_if_near_end (self);
}

static void
load_more_if_near_end (OrdersWindow *self)
{
  double value = gtk_adjustment_get_value (self->vadjustment);
  double page = gtk_adjustment_get_page_size (self->vadjustment);
  double upper = gtk_adjustment_get_upper (self->vadjustment);

  if (self->failed ||
      dynantic_results_get_loading (self->results) ||
      !dynantic_results_get_has_more (self->results))
    return;
  /* Before the first page the list is empty and upper is 0: load. */
  if (upper - (value + page) > page)
    return;
  self->n_before_load = g_list_model_get_n_items (G_LIST_MODEL (self->results));
  dynantic_results_load_more_async (self->results, self->cancellable, loaded, g_object_ref (self));
}

static void
adjustment_changed (GtkAdjustment *adjustment,
                    OrdersWindow  *self)
{
  load_more_if_near_end (self);
}

static void
retry_clicked (GtkButton    *button,
               OrdersWindow *self)
{
  self->failed = FALSE;
  gtk_widget_set_visible (self->error_bar, FALSE);
  load_more_if_near_end (self);
}

/* The window ------------------------------------------------------------- */

static GtkWidget *
make_error_bar (OrdersWindow *self)
{
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *retry = gtk_button_new_with_label ("Try again");

  self->error_label = gtk_label_new (NULL);
  gtk_widget_set_name (self->error_label, "load-error");
  gtk_label_set_wrap (GTK_LABEL (self->error_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->error_label), 0);
  gtk_widget_set_hexpand (self->error_label, TRUE);
  gtk_widget_add_css_class (self->error_label, "error");
  g_signal_connect (retry, "clicked", G_CALLBACK (retry_clicked), self);
  gtk_widget_set_name (retry, "retry");
  gtk_box_append (GTK_BOX (bar), self->error_label);
  gtk_box_append (GTK_BOX (bar), retry);
  gtk_widget_set_margin_start (bar, 12);
  gtk_widget_set_margin_end (bar, 12);
  gtk_widget_set_visible (bar, FALSE);
  return bar;
}

static GtkWidget *
make_status_bar (OrdersWindow *self)
{
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *spinner = gtk_spinner_new ();

  gtk_widget_set_name (spinner, "loading");
  /* The spinner spins, and shows, exactly while a page loads. */
  g_object_bind_property (self->results, "loading", spinner, "spinning", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->results, "loading", spinner, "visible", G_BINDING_SYNC_CREATE);
  self->status = gtk_label_new ("Loading…");
  gtk_widget_set_name (self->status, "status");
  gtk_box_append (GTK_BOX (bar), spinner);
  gtk_box_append (GTK_BOX (bar), self->status);
  gtk_widget_set_margin_start (bar, 12);
  gtk_widget_set_margin_end (bar, 12);
  gtk_widget_set_margin_top (bar, 6);
  gtk_widget_set_margin_bottom (bar, 6);
  return bar;
}

static GtkWidget *
make_list (OrdersWindow *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkSelectionModel *selection = GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->results))));
  GtkWidget *view, *scrolled;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  view = gtk_list_view_new (selection, factory);   /* takes both */
  gtk_list_view_set_show_separators (GTK_LIST_VIEW (view), TRUE);
  gtk_widget_set_name (view, "orders");

  scrolled = gtk_scrolled_window_new ();
  gtk_widget_set_name (scrolled, "scrolled");
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_widget_set_vexpand (scrolled, TRUE);

  /* Scrolling moves the value; new rows move the upper bound. */
  self->vadjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  g_signal_connect_object (self->vadjustment, "value-changed", G_CALLBACK (adjustment_changed), self, 0);
  g_signal_connect_object (self->vadjustment, "changed", G_CALLBACK (adjustment_changed), self, 0);
  return scrolled;
}

static void
orders_window_dispose (GObject *object)
{
  OrdersWindow *self = ORDERS_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  G_OBJECT_CLASS (orders_window_parent_class)->dispose (object);
}

static void
orders_window_finalize (GObject *object)
{
  OrdersWindow *self = ORDERS_WINDOW (object);

  g_clear_object (&self->results);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (orders_window_parent_class)->finalize (object);
}

static void
orders_window_class_init (OrdersWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = orders_window_dispose;
  G_OBJECT_CLASS (klass)->finalize = orders_window_finalize;
}

static void
orders_window_init (OrdersWindow *self)
{
  self->cancellable = g_cancellable_new ();
}

GtkWidget *
orders_window_new (DynanticRead *read)
{
  OrdersWindow *self = g_object_new (ORDERS_TYPE_WINDOW,
                                     "title", "Orders",
                                     "default-width", 480,
                                     "default-height", 420,
                                     NULL);
  g_autoptr(GError) error = NULL;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  /* A results object made by a read that is invalid fails its first load:
   * the error shows like any other. */
  self->results = dynantic_read_results (read, &error);
  if (self->results == NULL)
    self->results = g_object_new (DYNANTIC_TYPE_RESULTS, NULL);
  gtk_box_append (GTK_BOX (box), make_list (self));
  self->error_bar = make_error_bar (self);
  gtk_box_append (GTK_BOX (box), self->error_bar);
  gtk_box_append (GTK_BOX (box), make_status_bar (self));
  gtk_window_set_child (GTK_WINDOW (self), box);
  if (error != NULL)
    {
      self->failed = TRUE;
      gtk_label_set_text (GTK_LABEL (self->error_label), error->message);
      gtk_widget_set_visible (self->error_bar, TRUE);
    }
  load_more_if_near_end (self);
  return GTK_WIDGET (self);
}

DynanticResults *
orders_window_get_results (OrdersWindow *self)
{
  g_return_val_if_fail (ORDERS_IS_WINDOW (self), NULL);

  return self->results;
}
