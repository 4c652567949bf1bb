/* order.c: the orders of the seed's pagination scenario, as a model
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "order.h"

struct _ShopOrder { DynanticModel parent_instance; };
G_DEFINE_FINAL_TYPE (ShopOrder, shop_order, DYNANTIC_TYPE_MODEL)

static void
shop_order_class_init (ShopOrderClass *klass)
{
  DynanticModelClass *model = DYNANTIC_MODEL_CLASS (klass);

  dynantic_model_class_install_property (model, g_param_spec_string ("customer-id", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_string ("order-id", NULL, NULL, NULL, G_PARAM_READWRITE));
  /* an exact decimal: a string stored as N */
  dynantic_model_class_install_property (model, g_param_spec_string ("total", NULL, NULL, "0", G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_string ("status", NULL, NULL, "pending", G_PARAM_READWRITE));
  dynantic_model_class_set_table (model, "example-gtk-orders");
  dynantic_model_class_set_partition_key (model, "customer-id");
  dynantic_model_class_set_sort_key (model, "order-id");
  dynantic_model_class_set_number (model, "total");
}

static void
shop_order_init (ShopOrder *self)
{
}
