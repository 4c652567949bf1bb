/* order.h: the orders of the seed's pagination scenario, as a model
 *
 *     class Order(DynamoModel):
 *         customer_id: str = Key()
 *         order_id: str = SortKey()
 *         total: Decimal
 *         status: str
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <dynantic/dynantic.h>

G_BEGIN_DECLS

#define SHOP_TYPE_ORDER (shop_order_get_type ())
G_DECLARE_FINAL_TYPE (ShopOrder, shop_order, SHOP, ORDER, DynanticModel)

G_END_DECLS
