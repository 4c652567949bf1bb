/* queries.c: querying, scanning, filtering and paginating, in C
 *
 * The examples Dynantic's Python users know (sections 5 and 8 of the usage
 * guide), one by one:
 *
 *     orders = Order.query("customer-456").all()
 *     posts_2023 = BlogPost.query("author-123").starts_with("2023-").all()
 *     tech_posts = BlogPost.query_index("CategoryIndex", "technology").all()
 *     for user in User.scan(limit=100): process_user(user)
 *     high_rated_movies = Movie.query(2013).filter(Attr("rating") >= 8.0).all()
 *     eligible_users = User.scan().filter((Attr("age") >= 18) & (Attr("balance") > 0)).all()
 *     page1 = Order.query("customer-456").limit(10).page()
 *     page2 = Order.query("customer-456").limit(10).page(start_key=page1.last_evaluated_key)
 *
 * Runs against the endpoint in AWS_ENDPOINT_URL_DYNAMODB, with credentials
 * from the environment:
 *
 *     scripts/dynamodb-local.sh run build/examples/queries
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <dynantic.h>

/* Models ------------------------------------------------------------------- */

#define TYPE_ORDER (order_get_type ())
G_DECLARE_FINAL_TYPE (Order, order, SHOP, ORDER, DynanticModel)
struct _Order { DynanticModel parent_instance; };
G_DEFINE_FINAL_TYPE (Order, order, DYNANTIC_TYPE_MODEL)

static void
order_class_init (OrderClass *klass)
{
  DynanticModelClass *model = DYNANTIC_MODEL_CLASS (klass);

  dynantic_model_class_install_property (model, g_param_spec_string ("customer-id", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_string ("order-id", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_double ("total", NULL, NULL, 0, G_MAXDOUBLE, 0, G_PARAM_READWRITE));
  dynantic_model_class_set_table (model, "example_orders");
  dynantic_model_class_set_partition_key (model, "customer-id");
  dynantic_model_class_set_sort_key (model, "order-id");
}

static void order_init (Order *self) { }

#define TYPE_BLOG_POST (blog_post_get_type ())
G_DECLARE_FINAL_TYPE (BlogPost, blog_post, BLOG, POST, DynanticModel)
struct _BlogPost { DynanticModel parent_instance; };
G_DEFINE_FINAL_TYPE (BlogPost, blog_post, DYNANTIC_TYPE_MODEL)

static void
blog_post_class_init (BlogPostClass *klass)
{
  DynanticModelClass *model = DYNANTIC_MODEL_CLASS (klass);

  dynantic_model_class_install_property (model, g_param_spec_string ("author-id", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_boxed ("published-at", NULL, NULL, G_TYPE_DATE_TIME, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_string ("title", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_string ("category", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_set_table (model, "example_posts");
  dynantic_model_class_set_partition_key (model, "author-id");
  dynantic_model_class_set_sort_key (model, "published-at");
  dynantic_model_class_add_global_index (model, "CategoryIndex", "category", "published-at");
}

static void blog_post_init (BlogPost *self) { }

#define TYPE_USER (user_get_type ())
G_DECLARE_FINAL_TYPE (User, user, APP, USER, DynanticModel)
struct _User { DynanticModel parent_instance; };
G_DEFINE_FINAL_TYPE (User, user, DYNANTIC_TYPE_MODEL)

static void
user_class_init (UserClass *klass)
{
  DynanticModelClass *model = DYNANTIC_MODEL_CLASS (klass);

  dynantic_model_class_install_property (model, g_param_spec_string ("user-id", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_int ("age", NULL, NULL, 0, 200, 0, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_double ("balance", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, G_PARAM_READWRITE));
  dynantic_model_class_set_table (model, "example_users");
  dynantic_model_class_set_partition_key (model, "user-id");
}

static void user_init (User *self) { }

#define TYPE_MOVIE (movie_get_type ())
G_DECLARE_FINAL_TYPE (Movie, movie, FILM, MOVIE, DynanticModel)
struct _Movie { DynanticModel parent_instance; };
G_DEFINE_FINAL_TYPE (Movie, movie, DYNANTIC_TYPE_MODEL)

static void
movie_class_init (MovieClass *klass)
{
  DynanticModelClass *model = DYNANTIC_MODEL_CLASS (klass);

  dynantic_model_class_install_property (model, g_param_spec_int ("year", NULL, NULL, 1888, 3000, 2000, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_string ("title", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_double ("rating", NULL, NULL, 0, 10, 0, G_PARAM_READWRITE));
  dynantic_model_class_set_table (model, "example_movies");
  dynantic_model_class_set_partition_key (model, "year");
  dynantic_model_class_set_sort_key (model, "title");
}

static void movie_init (Movie *self) { }

/* Setting up --------------------------------------------------------------- */

static gboolean
ensure_table (GType    type,
              GError **error)
{
  g_autoptr(GError) create_error = NULL;

  if (!dynantic_table_create (type, NULL, NULL, &create_error) &&
      !g_error_matches (create_error, DYNANTIC_ERROR, DYNANTIC_ERROR_RESOURCE_IN_USE))
    {
      g_propagate_error (error, g_steal_pointer (&create_error));
      return FALSE;
    }
  return dynantic_table_wait_until_active (type, 60, NULL, NULL, error);
}

/* Saves a new @type object with the given properties (name/value pairs). */
static gboolean
save_new (GError    **error,
          GType       type,
          const char *first_property,
          ...)
{
  g_autoptr(GObject) object = NULL;
  va_list args;

  va_start (args, first_property);
  object = g_object_new_valist (type, first_property, args);
  va_end (args);
  return dynantic_model_save (DYNANTIC_MODEL (object), NULL, NULL, error);
}

static gboolean
fill_tables (GError **error)
{
  static const struct { const char *title; int year; double rating; } movies[] = {
    { "Gravity", 2013, 7.7 }, { "Her", 2013, 8.0 }, { "Prisoners", 2013, 8.1 },
    { "Rush", 2013, 8.1 }, { "Elysium", 2013, 6.6 }, { "Interstellar", 2014, 8.7 },
  };
  static const struct { const char *id; int age; double balance; } users[] = {
    { "u1", 17, 50 }, { "u2", 34, 120.5 }, { "u3", 52, 0 }, { "u4", 18, 3.25 }, { "u5", 45, -10 },
  };
  static const struct { const char *title, *category, *published; } posts[] = {
    { "Hello, DynamoDB", "technology", "2023-03-01T09:00:00Z" },
    { "Single-table design", "technology", "2023-11-20T17:30:00Z" },
    { "Sourdough", "food", "2024-01-05T08:00:00Z" },
  };

  for (guint i = 1; i <= 25; i++)
    {
      g_autofree char *id = g_strdup_printf ("order-%03u", i);

      if (!save_new (error, TYPE_ORDER, "customer-id", "customer-456", "order-id", id, "total", 9.5 * i, NULL))
        return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (posts); i++)
    {
      g_autoptr(GDateTime) published = g_date_time_new_from_iso8601 (posts[i].published, NULL);

      if (!save_new (error, TYPE_BLOG_POST, "author-id", "author-123", "published-at", published,
                     "title", posts[i].title, "category", posts[i].category, NULL))
        return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    if (!save_new (error, TYPE_USER, "user-id", users[i].id, "age", users[i].age,
                   "balance", users[i].balance, NULL))
      return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (movies); i++)
    if (!save_new (error, TYPE_MOVIE, "year", movies[i].year, "title", movies[i].title,
                   "rating", movies[i].rating, NULL))
      return FALSE;
  return TRUE;
}

/* Printing ----------------------------------------------------------------- */

static void
print_titles (const char *heading,
              GPtrArray  *items)
{
  g_print ("%s (%u):", heading, items->len);
  for (guint i = 0; i < items->len; i++)
    {
      g_autofree char *title = NULL;

      g_object_get (g_ptr_array_index (items, i), "title", &title, NULL);
      g_print ("%s %s", i > 0 ? "," : "", title);
    }
  g_print ("\n");
}

/* Section 5: querying and scanning ------------------------------------------ */

/* orders = Order.query("customer-456").all() */
static gboolean
all_orders (GError **error)
{
  g_auto(GValue) customer = G_VALUE_INIT;
  g_autoptr(DynanticQuery) query = NULL;
  g_autoptr(GPtrArray) orders = NULL;

  g_value_set_string (g_value_init (&customer, G_TYPE_STRING), "customer-456");
  query = dynantic_query_new (TYPE_ORDER, &customer, NULL);
  orders = dynantic_read_all (DYNANTIC_READ (query), NULL, error);
  if (orders == NULL)
    return FALSE;
  g_print ("orders of customer-456: %u\n", orders->len);
  return TRUE;
}

/* posts_2023 = BlogPost.query("author-123").starts_with("2023-").all() */
static gboolean
posts_of_2023 (GError **error)
{
  g_auto(GValue) author = G_VALUE_INIT;
  g_autoptr(DynanticQuery) query = NULL;
  g_autoptr(GPtrArray) posts = NULL;

  g_value_set_string (g_value_init (&author, G_TYPE_STRING), "author-123");
  query = dynantic_query_new (TYPE_BLOG_POST, &author, NULL);
  dynantic_query_begins_with (query, "2023-");
  posts = dynantic_read_all (DYNANTIC_READ (query), NULL, error);
  if (posts == NULL)
    return FALSE;
  print_titles ("posts of author-123 in 2023", posts);
  return TRUE;
}

/* tech_posts = BlogPost.query_index("CategoryIndex", "technology").all() */
static gboolean
technology_posts (GError **error)
{
  g_auto(GValue) category = G_VALUE_INIT;
  g_autoptr(DynanticQuery) query = NULL;
  g_autoptr(GPtrArray) posts = NULL;

  g_value_set_string (g_value_init (&category, G_TYPE_STRING), "technology");
  query = dynantic_query_new_for_index (TYPE_BLOG_POST, "CategoryIndex", &category, NULL);
  posts = dynantic_read_all (DYNANTIC_READ (query), NULL, error);
  if (posts == NULL)
    return FALSE;
  print_titles ("technology posts", posts);
  return TRUE;
}

/* for user in User.scan(limit=100): process_user(user)
 * An iterator holds one page at a time. */
static gboolean
scan_users (GError **error)
{
  g_autoptr(DynanticScan) scan = dynantic_scan_new (TYPE_USER, NULL);
  g_autoptr(DynanticIterator) users = NULL;
  DynanticModel *user;
  guint n = 0;

  dynantic_scan_limit (scan, 100);
  users = dynantic_read_iterate (DYNANTIC_READ (scan), error);
  if (users == NULL)
    return FALSE;
  while ((user = dynantic_iterator_next (users, NULL, error)) != NULL)
    {
      n++;  /* process_user (user) */
      g_object_unref (user);
    }
  if (error != NULL && *error != NULL)
    return FALSE;
  g_print ("scanned users: %u\n", n);
  return TRUE;
}

/* high_rated_movies = Movie.query(2013).filter(Attr("rating") >= 8.0).all() */
static gboolean
high_rated_movies (GError **error)
{
  g_auto(GValue) year = G_VALUE_INIT;
  g_auto(GValue) eight = G_VALUE_INIT;
  g_autoptr(DynanticQuery) query = NULL;
  g_autoptr(DynanticCondition) high_rated = NULL;
  g_autoptr(GPtrArray) movies = NULL;

  g_value_set_int (g_value_init (&year, G_TYPE_INT), 2013);
  g_value_set_double (g_value_init (&eight, G_TYPE_DOUBLE), 8.0);
  high_rated = dynantic_condition_ge ("rating", &eight);
  query = dynantic_query_new (TYPE_MOVIE, &year, NULL);
  dynantic_query_filter (query, high_rated);
  movies = dynantic_read_all (DYNANTIC_READ (query), NULL, error);
  if (movies == NULL)
    return FALSE;
  print_titles ("movies of 2013 rated 8 or more", movies);
  return TRUE;
}

/* eligible_users = User.scan().filter((Attr("age") >= 18) & (Attr("balance") > 0)).all() */
static gboolean
eligible_users (GError **error)
{
  g_auto(GValue) eighteen = G_VALUE_INIT;
  g_auto(GValue) zero = G_VALUE_INIT;
  g_autoptr(DynanticScan) scan = dynantic_scan_new (TYPE_USER, NULL);
  g_autoptr(DynanticCondition) adult = NULL;
  g_autoptr(DynanticCondition) in_credit = NULL;
  g_autoptr(DynanticCondition) eligible = NULL;
  g_autoptr(GPtrArray) users = NULL;

  g_value_set_int (g_value_init (&eighteen, G_TYPE_INT), 18);
  g_value_set_int (g_value_init (&zero, G_TYPE_INT), 0);
  adult = dynantic_condition_ge ("age", &eighteen);
  in_credit = dynantic_condition_gt ("balance", &zero);
  eligible = dynantic_condition_and (adult, in_credit, NULL);   /* borrows both */
  dynantic_scan_filter (scan, eligible);
  users = dynantic_read_all (DYNANTIC_READ (scan), NULL, error);
  if (users == NULL)
    return FALSE;
  g_print ("eligible users: %u\n", users->len);
  return TRUE;
}

/* Section 8: pagination ------------------------------------------------------ */

/* page1 = Order.query("customer-456").limit(10).page()
 * if page1.has_more:
 *     page2 = Order.query("customer-456").limit(10).page(start_key=page1.last_evaluated_key)
 * The cursor is opaque, URL-safe and sealed: hand it to a web client, and
 * take it back on the next request. */
static DynanticPage *
order_page (const char  *cursor,
            GError     **error)
{
  g_auto(GValue) customer = G_VALUE_INIT;
  g_autoptr(DynanticQuery) query = NULL;

  g_value_set_string (g_value_init (&customer, G_TYPE_STRING), "customer-456");
  query = dynantic_query_new (TYPE_ORDER, &customer, NULL);
  dynantic_query_limit (query, 10);
  return dynantic_read_page (DYNANTIC_READ (query), cursor, NULL, error);
}

static gboolean
paginate_orders (GError **error)
{
  g_autofree char *cursor = NULL;
  guint n = 0;

  do
    {
      g_autoptr(DynanticPage) page = order_page (cursor, error);

      if (page == NULL)
        return FALSE;
      g_print ("orders page %u: %" G_GUINT64_FORMAT " orders, has more: %s\n", ++n,
               dynantic_page_get_count (page), dynantic_page_get_has_more (page) ? "yes" : "no");
      g_free (cursor);
      cursor = g_strdup (dynantic_page_get_cursor (page));
    }
  while (cursor != NULL);
  return TRUE;
}

int
main (void)
{
  g_autoptr(GError) error = NULL;

  g_print ("Dynantic %s, endpoint %s\n", DYNANTIC_VERSION_S,
           dynantic_client_get_endpoint (dynantic_client_get_default ()));

  if (!ensure_table (TYPE_ORDER, &error) || !ensure_table (TYPE_BLOG_POST, &error) ||
      !ensure_table (TYPE_USER, &error) || !ensure_table (TYPE_MOVIE, &error) ||
      !fill_tables (&error) ||
      !all_orders (&error) || !posts_of_2023 (&error) || !technology_posts (&error) ||
      !scan_users (&error) || !high_rated_movies (&error) || !eligible_users (&error) ||
      !paginate_orders (&error))
    {
      g_printerr ("queries: %s\n", error->message);
      return 1;
    }
  return 0;
}
