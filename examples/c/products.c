/* products.c: a model, save, get, fetch-and-save, delete (the seed's CRUD)
 *
 *     class Product(DynamoModel):
 *         product_id: str = Key()
 *         name: str
 *         price: float
 *
 *     examples/run.sh c products
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <dynantic/dynantic.h>

#include "tables.h"

#define SHOP_TYPE_PRODUCT (shop_product_get_type ())
G_DECLARE_FINAL_TYPE (ShopProduct, shop_product, SHOP, PRODUCT, DynanticModel)
struct _ShopProduct { DynanticModel parent_instance; };
G_DEFINE_FINAL_TYPE (ShopProduct, shop_product, DYNANTIC_TYPE_MODEL)

static void
shop_product_class_init (ShopProductClass *klass)
{
  DynanticModelClass *model = DYNANTIC_MODEL_CLASS (klass);

  dynantic_model_class_install_property (model, g_param_spec_string ("product-id", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_double ("price", NULL, NULL, 0, G_MAXDOUBLE, 0, G_PARAM_READWRITE));
  dynantic_model_class_set_table (model, "example-c-products");
  dynantic_model_class_set_partition_key (model, "product-id");
  dynantic_model_class_set_required (model, "name");
}

static void shop_product_init (ShopProduct *self) { }

static gboolean
run (GError **error)
{
  g_autoptr(ShopProduct) product = g_object_new (SHOP_TYPE_PRODUCT, "product-id", "prod-123",
                                                 "name", "Widget", "price", 29.99, NULL);
  g_autoptr(DynanticModel) found = NULL;
  g_autoptr(DynanticModel) again = NULL;
  g_autoptr(DynanticModel) gone = NULL;
  g_auto(GValue) key = G_VALUE_INIT;
  double price = 0;

  /* Create */
  if (!dynantic_model_save (DYNANTIC_MODEL (product), NULL, NULL, error))
    return FALSE;
  g_print ("saved prod-123: Widget at 29.99\n");

  /* Read (NULL, without an error, when there is no such item), change, save */
  g_value_set_string (g_value_init (&key, G_TYPE_STRING), "prod-123");
  found = dynantic_model_get_by_key (SHOP_TYPE_PRODUCT, &key, NULL, NULL, error);
  if (found == NULL)
    return FALSE;
  g_object_set (found, "price", 34.99, NULL);
  if (!dynantic_model_save (found, NULL, NULL, error))
    return FALSE;
  again = dynantic_model_get_by_key (SHOP_TYPE_PRODUCT, &key, NULL, NULL, error);
  if (again == NULL)
    return FALSE;
  g_object_get (again, "price", &price, NULL);
  g_print ("price now %.2f\n", price);

  /* Delete by key */
  if (!dynantic_model_delete_by_key (SHOP_TYPE_PRODUCT, &key, NULL, NULL, NULL, NULL, error))
    return FALSE;
  gone = dynantic_model_get_by_key (SHOP_TYPE_PRODUCT, &key, NULL, NULL, error);
  if (gone == NULL && *error != NULL)
    return FALSE;
  g_print ("after delete: %s\n", gone == NULL ? "none" : "still there");
  return TRUE;
}

int
main (void)
{
  return example_run ("products", run, SHOP_TYPE_PRODUCT, G_TYPE_INVALID);
}
