/* models.c: two models in a few lines each, their tables, and their items
 * saved, read, updated by saving, and deleted.
 *
 * The models are the ones Dynantic's Python users know:
 *
 *     class Product(DynamoModel):
 *         product_id: str = Key()
 *         name: str
 *         price: float
 *         class Meta:
 *             table_name = "products"
 *
 *     class BlogPost(DynamoModel):
 *         post_id: str = Key()
 *         title: str
 *         category: str = GSIKey(index_name="CategoryIndex")
 *         published_at: datetime = GSISortKey(index_name="CategoryIndex")
 *         class Meta:
 *             table_name = "blog_posts"
 *
 * Runs against the endpoint in AWS_ENDPOINT_URL_DYNAMODB (scripts/quickstart.sh
 * starts DynamoDB Local and sets it), with credentials from the environment.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <dynantic.h>

/* Product ------------------------------------------------------------------ */

#define TYPE_PRODUCT (product_get_type ())
G_DECLARE_FINAL_TYPE (Product, product, SHOP, PRODUCT, DynanticModel)
struct _Product { DynanticModel parent_instance; };
G_DEFINE_FINAL_TYPE (Product, product, DYNANTIC_TYPE_MODEL)

static void
product_class_init (ProductClass *klass)
{
  DynanticModelClass *model = DYNANTIC_MODEL_CLASS (klass);

  dynantic_model_class_install_property (model, g_param_spec_string ("product-id", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_double ("price", NULL, NULL, 0, G_MAXDOUBLE, 0, G_PARAM_READWRITE));
  dynantic_model_class_set_table (model, "products");
  dynantic_model_class_set_partition_key (model, "product-id");
  dynantic_model_class_set_required (model, "name");
}

static void product_init (Product *self) { }

/* BlogPost, with a global secondary index ---------------------------------- */

#define TYPE_BLOG_POST (blog_post_get_type ())
G_DECLARE_FINAL_TYPE (BlogPost, blog_post, BLOG, POST, DynanticModel)
struct _BlogPost { DynanticModel parent_instance; };
G_DEFINE_FINAL_TYPE (BlogPost, blog_post, DYNANTIC_TYPE_MODEL)

static void
blog_post_class_init (BlogPostClass *klass)
{
  DynanticModelClass *model = DYNANTIC_MODEL_CLASS (klass);

  dynantic_model_class_install_property (model, g_param_spec_string ("post-id", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_string ("title", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_string ("category", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_boxed ("published-at", NULL, NULL, G_TYPE_DATE_TIME, G_PARAM_READWRITE));
  dynantic_model_class_set_table (model, "blog_posts");
  dynantic_model_class_set_partition_key (model, "post-id");
  dynantic_model_class_add_global_index (model, "CategoryIndex", "category", "published-at");
}

static void blog_post_init (BlogPost *self) { }

/* ------------------------------------------------------------------------- */

/* Creates the table of @type unless it exists, and waits until it is active. */
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

static void
print_product (DynanticModel *product)
{
  g_autofree char *id = NULL, *name = NULL;
  double price = 0;

  g_object_get (product, "product-id", &id, "name", &name, "price", &price, NULL);
  g_print ("  %s: %s at %.2f\n", id, name, price);
}

static gboolean
products (GError **error)
{
  g_autoptr(Product) widget = g_object_new (TYPE_PRODUCT, "product-id", "prod-123", "name", "Widget", "price", 29.99, NULL);
  g_autoptr(DynanticModel) found = NULL;
  g_auto(GValue) key = G_VALUE_INIT;

  g_value_set_string (g_value_init (&key, G_TYPE_STRING), "prod-123");

  /* Create, then read. */
  if (!dynantic_model_save (DYNANTIC_MODEL (widget), NULL, NULL, error) ||
      !(found = dynantic_model_get_by_key (TYPE_PRODUCT, &key, NULL, NULL, error)))
    return FALSE;
  g_print ("saved and read:\n");
  print_product (found);

  /* Update by saving. */
  g_object_set (found, "price", 34.99, NULL);
  if (!dynantic_model_save (found, NULL, NULL, error))
    return FALSE;
  g_clear_object (&found);
  found = dynantic_model_get_by_key_full (TYPE_PRODUCT, TRUE, &key, NULL, NULL, NULL, error);
  if (found == NULL)
    return FALSE;
  g_print ("updated:\n");
  print_product (found);

  /* Delete by key: reading it again finds nothing. */
  if (!dynantic_model_delete_by_key (TYPE_PRODUCT, &key, NULL, NULL, NULL, NULL, error))
    return FALSE;
  g_clear_object (&found);
  found = dynantic_model_get_by_key_full (TYPE_PRODUCT, TRUE, &key, NULL, NULL, NULL, error);
  g_print ("deleted prod-123: %s\n", found == NULL ? "gone" : "still there");
  return found == NULL;
}

static gboolean
blog_posts (GError **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(BlogPost) post = g_object_new (TYPE_BLOG_POST, "post-id", "post-1", "title", "Hello, DynamoDB",
                                           "category", "technology", "published-at", now, NULL);
  g_autoptr(DynanticModel) found = NULL;
  g_autofree char *title = NULL, *published = NULL;
  g_autoptr(GDateTime) published_at = NULL;
  g_auto(GValue) key = G_VALUE_INIT;

  g_value_set_string (g_value_init (&key, G_TYPE_STRING), "post-1");
  if (!dynantic_model_save (DYNANTIC_MODEL (post), NULL, NULL, error) ||
      !(found = dynantic_model_get_by_key (TYPE_BLOG_POST, &key, NULL, NULL, error)))
    return FALSE;
  g_object_get (found, "title", &title, "published-at", &published_at, NULL);
  published = g_date_time_format_iso8601 (published_at);
  g_print ("blog post post-1: \"%s\", published %s\n", title, published);

  /* Delete from the instance. */
  if (!dynantic_model_delete_item (found, NULL, NULL, error))
    return FALSE;
  g_print ("deleted post-1\n");
  return TRUE;
}

int
main (void)
{
  g_autoptr(GError) error = NULL;

  g_print ("Dynantic %s, endpoint %s\n", DYNANTIC_VERSION_S,
           dynantic_client_get_endpoint (dynantic_client_get_default ()));

  if (!ensure_table (TYPE_PRODUCT, &error) ||
      !ensure_table (TYPE_BLOG_POST, &error) ||
      !products (&error) ||
      !blog_posts (&error))
    {
      g_printerr ("models: %s\n", error != NULL ? error->message : "the product was not deleted");
      return 1;
    }
  return 0;
}
