/* test-gtk-results.c: the GTK example's window, driven under Xvfb against
 * DynamoDB Local
 *
 * The window of examples/gtk/ shows 60 orders, read 25 at a time. The
 * test checks that it loads the first page by itself and no more while the
 * end is out of sight; that scrolling near the end loads the second page,
 * with the spinner spinning exactly while it loads, and that its rows are
 * drawn; that a load that fails (the table deleted) shows the error in the
 * window and stops loading; and that "Try again" then loads the rest.
 *
 * Run by meson test under xvfb-run. With DYNANTIC_SCREENSHOT=FILE.png it
 * also saves a picture of the window once the second page is in
 * (doc/gtk-results.png is made that way: doc/screenshot.sh).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <unistd.h>

#include "order.h"
#include "orders-window.h"

#define N_ORDERS 60
#define PAGE_SIZE 25

typedef struct {
  GtkWidget       *window;
  DynanticResults *results;
  GtkAdjustment   *vadjustment;
  GtkWidget       *spinner;
  GPtrArray       *spinning;    /* "on"/"off", each time the spinner changed */
} Fixture;

/* Widgets ------------------------------------------------------------------ */

static GtkWidget *
find_widget (GtkWidget  *root,
             const char *name,
             const char *label_text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (g_strcmp0 (gtk_widget_get_name (child), name) == 0 &&
          (label_text == NULL || g_strcmp0 (gtk_label_get_text (GTK_LABEL (child)), label_text) == 0))
        return child;
      found = find_widget (child, name, label_text);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
widget (Fixture    *fixture,
        const char *name)
{
  GtkWidget *found = find_widget (fixture->window, name, NULL);

  g_assert_nonnull (found);
  return found;
}

/* Runs the main loop until @done says so: no time limit (meson test's
 * timeout catches a hang). */
#define RUN_UNTIL(done) \
  G_STMT_START { while (!(done)) g_main_context_iteration (NULL, TRUE); } G_STMT_END

static const char *
order_id_at (Fixture *fixture,
             guint    position)
{
  g_autoptr(GObject) order = g_list_model_get_item (G_LIST_MODEL (fixture->results), position);
  static char id[32];
  g_autofree char *text = NULL;

  g_object_get (order, "order-id", &text, NULL);
  g_strlcpy (id, text, sizeof id);
  return id;
}

static void
spinner_changed (GtkWidget  *spinner,
                 GParamSpec *pspec,
                 Fixture    *fixture)
{
  g_ptr_array_add (fixture->spinning, gtk_spinner_get_spinning (GTK_SPINNER (spinner)) ? "on" : "off");
}

static guint
n_items (Fixture *fixture)
{
  return g_list_model_get_n_items (G_LIST_MODEL (fixture->results));
}

static gboolean
laid_out (Fixture *fixture)
{
  return gtk_adjustment_get_page_size (fixture->vadjustment) > 0 &&
         gtk_adjustment_get_upper (fixture->vadjustment) > gtk_adjustment_get_page_size (fixture->vadjustment);
}

static void
scroll_to_end (Fixture *fixture)
{
  gtk_adjustment_set_value (fixture->vadjustment,
                            gtk_adjustment_get_upper (fixture->vadjustment) -
                            gtk_adjustment_get_page_size (fixture->vadjustment));
}

static void
save_screenshot (GtkWidget  *window,
                 const char *path)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

/* The table ---------------------------------------------------------------- */

static DynanticClient *
make_client (void)
{
  g_autoptr(DynanticCredentials) credentials = dynantic_credentials_new ("DynanticTestKey", "DynanticTestSecret", NULL);
  g_autoptr(DynanticCredentialsProvider) provider = dynantic_credentials_provider_new_static (credentials);

  return g_object_new (DYNANTIC_TYPE_CLIENT,
                       "endpoint", g_getenv ("DYNANTIC_TEST_ENDPOINT"),
                       "region", "us-east-1",
                       "credentials-provider", provider,
                       NULL);
}

static void
make_orders (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dynantic_table_create (SHOP_TYPE_ORDER, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (dynantic_table_wait_until_active (SHOP_TYPE_ORDER, 60, NULL, NULL, &error));
  g_assert_no_error (error);
  for (guint n = 1; n <= N_ORDERS; n++)
    {
      g_autofree char *id = g_strdup_printf ("order-%03u", n);
      g_autofree char *total = g_strdup_printf ("%u.%02u", n * 9, n % 100);
      g_autoptr(ShopOrder) order = g_object_new (SHOP_TYPE_ORDER, "customer-id", "customer-456", "order-id", id,
                                                 "total", total, "status", n % 3 == 0 ? "shipped" : "pending",
                                                 NULL);

      g_assert_true (dynantic_model_save (DYNANTIC_MODEL (order), NULL, NULL, &error));
      g_assert_no_error (error);
    }
}

static void
delete_orders (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dynantic_table_delete (SHOP_TYPE_ORDER, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* The test ------------------------------------------------------------------ */

static void
test_scrolling_loads_pages (void)
{
  Fixture fixture = { 0 };
  g_auto(GValue) customer = G_VALUE_INIT;
  g_autoptr(DynanticQuery) query = NULL;
  GtkWidget *error_label, *status;
  const char *screenshot = g_getenv ("DYNANTIC_SCREENSHOT");
  double one_page_height;

  make_orders ();
  g_value_set_string (g_value_init (&customer, G_TYPE_STRING), "customer-456");
  query = dynantic_query_new (SHOP_TYPE_ORDER, &customer, NULL);
  dynantic_query_page_size (query, PAGE_SIZE);

  fixture.spinning = g_ptr_array_new ();
  fixture.window = orders_window_new (DYNANTIC_READ (query));
  fixture.results = orders_window_get_results (ORDERS_WINDOW (fixture.window));
  fixture.vadjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (widget (&fixture, "scrolled")));
  fixture.spinner = widget (&fixture, "loading");
  error_label = widget (&fixture, "load-error");
  status = widget (&fixture, "status");
  g_signal_connect (fixture.spinner, "notify::spinning", G_CALLBACK (spinner_changed), &fixture);

  /* The first page loads by itself, the spinner spinning meanwhile. */
  g_assert_true (dynantic_results_get_loading (fixture.results));
  g_assert_true (gtk_spinner_get_spinning (GTK_SPINNER (fixture.spinner)));
  g_assert_true (gtk_widget_get_visible (fixture.spinner));
  gtk_window_present (GTK_WINDOW (fixture.window));
  RUN_UNTIL (!dynantic_results_get_loading (fixture.results));
  g_assert_cmpuint (n_items (&fixture), ==, PAGE_SIZE);
  g_assert_false (gtk_widget_get_visible (fixture.spinner));
  g_assert_cmpuint (fixture.spinning->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fixture.spinning, 0), ==, "off");

  /* Laid out, the end is more than a screenful away: no second page. */
  RUN_UNTIL (laid_out (&fixture));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  one_page_height = gtk_adjustment_get_upper (fixture.vadjustment);
  g_assert_false (dynantic_results_get_loading (fixture.results));
  g_assert_cmpuint (n_items (&fixture), ==, PAGE_SIZE);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (status)), ==, "25 orders loaded, more below");
  g_assert_nonnull (find_widget (fixture.window, "order-id", "order-001"));

  /* Scrolled near the end: the second page. */
  scroll_to_end (&fixture);
  g_assert_true (dynantic_results_get_loading (fixture.results));
  g_assert_true (gtk_spinner_get_spinning (GTK_SPINNER (fixture.spinner)));
  g_assert_true (gtk_widget_get_visible (fixture.spinner));
  RUN_UNTIL (!dynantic_results_get_loading (fixture.results));
  g_assert_cmpuint (n_items (&fixture), ==, 2 * PAGE_SIZE);
  g_assert_cmpstr (order_id_at (&fixture, PAGE_SIZE), ==, "order-026");
  g_assert_cmpstr (order_id_at (&fixture, 2 * PAGE_SIZE - 1), ==, "order-050");
  g_assert_cmpuint (fixture.spinning->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (fixture.spinning, 1), ==, "on");
  g_assert_cmpstr (g_ptr_array_index (fixture.spinning, 2), ==, "off");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (status)), ==, "50 orders loaded, more below");
  /* Its rows are laid out below the first page's, and drawn. */
  RUN_UNTIL (gtk_adjustment_get_upper (fixture.vadjustment) > one_page_height);
  RUN_UNTIL (find_widget (fixture.window, "order-id", "order-030") != NULL);
  if (screenshot != NULL)
    save_screenshot (fixture.window, screenshot);

  /* A load that fails: the error in the window, nothing more loaded. */
  delete_orders ();
  scroll_to_end (&fixture);
  RUN_UNTIL (gtk_widget_get_visible (gtk_widget_get_parent (error_label)));
  g_assert_false (dynantic_results_get_loading (fixture.results));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "ResourceNotFoundException"));
  g_assert_false (gtk_widget_get_visible (fixture.spinner));
  g_assert_cmpuint (n_items (&fixture), ==, 2 * PAGE_SIZE);
  scroll_to_end (&fixture);
  g_assert_false (dynantic_results_get_loading (fixture.results));

  /* "Try again", the table back: the rest, and the end. */
  make_orders ();
  /* An activated button shows itself pressed for a moment, then clicks. */
  gtk_widget_activate (widget (&fixture, "retry"));
  RUN_UNTIL (!gtk_widget_get_visible (gtk_widget_get_parent (error_label)));
  RUN_UNTIL (!dynantic_results_get_has_more (fixture.results) && !dynantic_results_get_loading (fixture.results));
  g_assert_cmpuint (n_items (&fixture), ==, N_ORDERS);
  g_assert_cmpstr (order_id_at (&fixture, N_ORDERS - 1), ==, "order-060");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (status)), ==, "All 60 orders");

  gtk_window_destroy (GTK_WINDOW (fixture.window));
  g_ptr_array_unref (fixture.spinning);
  delete_orders ();
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(DynanticClient) client = NULL;
  g_autofree char *table = NULL;
  DynanticModelClass *klass;

  gtk_test_init (&argc, &argv, NULL);
  client = make_client ();
  table = g_strdup_printf ("gtk-orders-%d-%" G_GINT64_FORMAT, (int) getpid (), g_get_real_time () % 1000000000);
  klass = g_type_class_ref (SHOP_TYPE_ORDER);
  dynantic_model_class_set_table (klass, table);
  dynantic_model_class_set_client (klass, client);
  g_type_class_unref (klass);

  g_test_add_func ("/gtk/scrolling-loads-pages", test_scrolling_loads_pages);
  return g_test_run ();
}
